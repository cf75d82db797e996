package webexapi

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/wxlicense/wxlicense/assignment"
)

// A JSON null for a Flag changes nothing, as encoding/json's convention
// for Unmarshalers asks; a null invitePending or loginEnabled of a person
// is read as the field left out: not an invite pending.
func TestFlagNull(t *testing.T) {
	for _, was := range []Flag{true, false} {
		f := was
		if err := json.Unmarshal([]byte(`null`), &f); err != nil || f != was {
			t.Errorf("null into %v: %v, %v; want %v, no error", was, f, err, was)
		}
	}
	v := testView(t)
	for body, want := range map[string]assignment.Status{
		`{"emails":["ann@acme.com"],"invitePending":null,"loginEnabled":null}`:                    assignment.Active,
		`{"emails":["ann@acme.com"],"status":"pending","invitePending":null,"loginEnabled":null}`: assignment.Inactive,
	} {
		p, err := v.DecodePerson([]byte(body), false)
		if err != nil || p.User.Status != want {
			t.Errorf("%s: status %v, %v; want %v", body, p.User.Status, err, want)
		}
	}
}

// The zero assignment.Org has no catalog: every function taking an org
// refuses it as it refuses a nil one (ErrNil), and none panics.
func TestZeroOrg(t *testing.T) {
	for name, o := range map[string]*assignment.Org{"nil": nil, "zero": {}} {
		if list, err := ExportLicenses(o); list != nil || !errors.Is(err, ErrNil) {
			t.Errorf("%s org: ExportLicenses = %v, %v; want nil and ErrNil", name, list, err)
		}
		if list, err := ExportPeople(o); list != nil || !errors.Is(err, ErrNil) {
			t.Errorf("%s org: ExportPeople = %v, %v; want nil and ErrNil", name, list, err)
		}
		for _, body := range []string{
			`{"email":"ann@acme.com","siteUrls":[{"siteUrl":"acme.webex.com","accountType":"attendee"}]}`,
			`{"email":"ann@acme.com","licenses":[{"id":"x","operation":"add"}]}`,
		} {
			if a := Assign(o, nil, []byte(body), "t1"); a == nil || a.Status != 400 || !errors.Is(a.Err, ErrNil) || a.Plan != nil {
				t.Errorf("%s org: Assign(%s) = %+v; want 400 and ErrNil", name, body, a)
			}
		}
	}
}

// truncate keeps a string of at most n bytes whole and cuts a longer one
// at the start of a character at or before byte n.
func TestTruncate(t *testing.T) {
	a19 := strings.Repeat("a", 19)
	for _, tt := range []struct{ in, want string }{
		{a19 + "b", a19 + "b"},              // exactly n
		{a19 + "bc", a19 + "b..."},          // one past
		{a19 + "é", a19 + "..."},            // é's second byte is byte n: cut before it
		{strings.Repeat("\x80", 30), "..."}, // no character starts in the first n bytes
		{"", ""},
	} {
		if got := truncate(tt.in, 20); got != tt.want {
			t.Errorf("truncate(%q, 20) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
