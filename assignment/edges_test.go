package assignment_test

import (
	"errors"
	"testing"

	"github.com/wxlicense/wxlicense/assignment"
)

// A sign-in may be asked only by the user it signs in, as the org tells
// users apart: "ſ@x.com" (long s) is another user than "s@x.com", though
// Unicode case folding takes one for the other. The Kelvin sign folds to
// "k" in the org's lower case, so "\u212a@x.com" is k@x.com (LIC-14).
func TestSignInOnlyByTheSameUser(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "s@x.com", Status: assignment.Inactive}, {Email: "ſ@x.com", Status: assignment.Inactive},
		{Email: "k@x.com", Status: assignment.Inactive}}})
	if err := o.Authorize(assignment.Actor{Email: "ſ@x.com"}, assignment.SignIn{User: "s@x.com"}); !errors.Is(err, assignment.ErrForbidden) {
		t.Errorf("ſ@x.com signs in s@x.com: %v, want ErrForbidden", err)
	}
	if err := o.Authorize(assignment.Actor{Email: "\u212a@x.com"}, assignment.SignIn{User: "k@x.com"}); err != nil {
		t.Errorf("\u212a@x.com signs in k@x.com: %v", err)
	}
}
