package webexapi

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// exclusiveFamily returns the 400413 violations of err, a *license.SetError.
func exclusiveFamily(t *testing.T, what string, err error) []license.Violation {
	t.Helper()
	var se *license.SetError
	if !errors.As(err, &se) {
		t.Fatalf("%s: %v, want a *license.SetError", what, err)
	}
	var out []license.Violation
	for _, v := range se.Violations {
		if v.Code == license.CodeExclusiveFamily {
			out = append(out, v)
		}
	}
	return out
}

// One kind from two subscriptions (LIC-13, 400413) is the engine's
// violation wherever webexapi meets it: a People payload listing two
// license IDs of one kind gives the violation the engine gives for a new
// user naming both subscriptions, and a PATCH naming both gives it too,
// answered with the API's body. The test fails if either side changes its
// violation alone.
func TestTwoSubscriptionsViolationIsTheEngines(t *testing.T) { // LIC-13
	o := testOrg(t)
	_, engineErr := o.Do(assignment.AddUsers{Users: []assignment.NewUser{{Email: "zed@acme.com", Explicit: true,
		Licenses: []license.Kind{license.BasicMessaging, license.AdvancedMessaging},
		Subscriptions: []assignment.Entry{{Kind: license.AdvancedMessaging, Subscription: "sub-a"},
			{Kind: license.AdvancedMessaging, Subscription: "sub-b"}}}}})
	want := exclusiveFamily(t, "engine", engineErr)
	if len(want) != 1 {
		t.Fatalf("engine: %v, want one 400413", engineErr)
	}

	_, err := testView(t).DecodePerson([]byte(`{"emails":["zed@acme.com"],"licenses":["`+idBasicMsg+`","`+idAdvMsgA+`","`+idAdvMsgB+`"]}`), false)
	if diff := cmp.Diff(want, exclusiveFamily(t, "DecodePerson", err)); diff != "" {
		t.Errorf("DecodePerson's violation (-engine +webexapi):\n%s", diff)
	}
	const wantText = `webexapi: bad people payload: field licenses[2]: license: rejected: Advanced Messaging from two subscriptions (400413): "sub-a" and "sub-b"`
	if err.Error() != wantText {
		t.Errorf("DecodePerson: %q, want %q", err, wantText)
	}

	a := Assign(o, testView(t), []byte(patch(email("eve@acme.com"), add(idBasicMsg), add(idAdvMsgA), add(idAdvMsgB))), "NA_test")
	if diff := cmp.Diff(want, exclusiveFamily(t, "Assign", a.Err)); diff != "" {
		t.Errorf("Assign's violation (-engine +webexapi):\n%s", diff)
	}
	body, err := a.Body()
	if err != nil {
		t.Fatal(err)
	}
	const wantBody = `{"message":"License conflict","errors":[{"errorCode":400413,"description":"Could not apply the following license(s): ` + idAdvMsgB +
		` as the user can be assigned only one of licenses with the offer code from the list:"}],"trackingId":"NA_test"}`
	if a.Status != 400 || string(body) != wantBody {
		t.Errorf("Assign: %d %s\nwant 400 %s", a.Status, body, wantBody)
	}
}
