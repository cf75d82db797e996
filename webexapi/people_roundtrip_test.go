package webexapi

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// numbersRow is what a People round trip must keep of a user's numbers:
// the work number and the calling placement, two facts (CAL-7).
type numbersRow struct {
	Email      string
	WorkNumber string
	Placement  assignment.Placement
}

// numbersRows lists the org's users' work numbers and placements now.
func numbersRows(o *assignment.Org) []numbersRow {
	var out []numbersRow
	for u := range o.Users() {
		pl, _ := o.Placement(u.ID)
		out = append(out, numbersRow{u.Email, o.WorkNumber(u.ID), pl})
	}
	return out
}

// The People round trip (export, decode, create, export again) keeps a
// user's work number and calling placement apart (CAL-7: the calling
// number is not the work number): a user with a work number only, placed
// only (no work number: not given the calling number as one), with both
// (a work number of their own and one that is their calling number too),
// and with neither.
func TestPeopleRoundTripWorkNumberAndPlacement(t *testing.T) { // CAL-7
	calling := []license.Kind{license.BasicMessaging, license.CallingProfessional}
	users := []assignment.NewUser{
		{Email: "work@acme.com", Explicit: true, Licenses: []license.Kind{license.BasicMessaging}, WorkNumber: "+48 22 555 01 01"},
		{Email: "placed@acme.com", Explicit: true, Licenses: calling,
			Placement: assignment.Placement{Location: "loc-hq", Number: "+48221000001"}},
		{Email: "both@acme.com", Explicit: true, Licenses: calling, WorkNumber: "+48 22 555 02 02",
			Placement: assignment.Placement{Location: "loc-hq", Number: "+48221000002", Extension: "102"}},
		{Email: "same@acme.com", Explicit: true, Licenses: calling, WorkNumber: "+48221000003",
			Placement: assignment.Placement{Location: "loc-hq", Number: "+48221000003"}},
		{Email: "neither@acme.com", Explicit: true, Licenses: []license.Kind{license.BasicMessaging}},
	}
	o := emptyOrg(t)
	do(t, o, assignment.AddUsers{Users: users})
	want := []numbersRow{
		{"work@acme.com", "+48 22 555 01 01", assignment.Placement{}},
		{"placed@acme.com", "", users[1].Placement},
		{"both@acme.com", "+48 22 555 02 02", users[2].Placement},
		{"same@acme.com", "+48221000003", users[3].Placement},
		{"neither@acme.com", "", assignment.Placement{}},
	}
	if diff := cmp.Diff(want, numbersRows(o)); diff != "" {
		t.Fatalf("org before the round trip (-want +got):\n%s", diff)
	}
	list, err := ExportPeople(o)
	if err != nil {
		t.Fatal(err)
	}
	// The shape: the calling number is the primary "work" number; a work
	// number is a "work" number that is not primary, listed also when it is
	// the calling number.
	wantPhones := map[string][]PhoneNumber{
		"work@acme.com":    {{Type: PhoneWork, Value: "+48 22 555 01 01"}},
		"placed@acme.com":  {{Type: PhoneWork, Value: "+48221000001", Primary: true}},
		"both@acme.com":    {{Type: PhoneWork, Value: "+48221000002", Primary: true}, {Type: PhoneWork, Value: "+48 22 555 02 02"}},
		"same@acme.com":    {{Type: PhoneWork, Value: "+48221000003", Primary: true}, {Type: PhoneWork, Value: "+48221000003"}},
		"neither@acme.com": nil,
	}
	gotPhones := map[string][]PhoneNumber{}
	for _, p := range list.Items {
		gotPhones[p.Emails[0]] = p.PhoneNumbers
	}
	if diff := cmp.Diff(wantPhones, gotPhones); diff != "" {
		t.Errorf("exported phoneNumbers (-want +got):\n%s", diff)
	}
	people, err := NewLicenseView(o.Catalog()).DecodePeople(mustJSON(t, list), false)
	if err != nil {
		t.Fatal(err)
	}
	var decoded []numbersRow
	created := make([]assignment.NewUser, len(people))
	for i, p := range people {
		decoded = append(decoded, numbersRow{p.User.Email, p.WorkNumber, p.User.Placement})
		if p.WorkNumber != p.User.WorkNumber {
			t.Errorf("%s: NewPerson.WorkNumber %q, User.WorkNumber %q", p.User.Email, p.WorkNumber, p.User.WorkNumber)
		}
		created[i] = p.User
	}
	if diff := cmp.Diff(want, decoded); diff != "" {
		t.Errorf("decoded people (-want +got):\n%s", diff)
	}
	o2 := emptyOrg(t)
	do(t, o2, assignment.AddUsers{Users: created})
	if diff := cmp.Diff(want, numbersRows(o2)); diff != "" {
		t.Errorf("org after the round trip (-want +got):\n%s", diff)
	}
	list2, err := ExportPeople(o2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(list, list2); diff != "" {
		t.Errorf("re-export (-want +got):\n%s", diff)
	}
}

// A primary "work" number is the calling number of a person holding Webex
// Calling, not their work number (CAL-7); for a person without Webex
// Calling it can be no calling number, and is their work number.
func TestDecodePersonPrimaryWorkNumber(t *testing.T) { // CAL-7
	v := testView(t)
	for _, tt := range []struct {
		name, licenses string
		want           NewPerson
	}{
		{"Webex Calling", `"` + idCallingPro + `"`, NewPerson{User: assignment.NewUser{Email: "zed@acme.com", Explicit: true,
			Licenses:      []license.Kind{license.CallingProfessional},
			Placement:     assignment.Placement{Location: "loc-hq", Number: "+48221000005", Extension: "105"},
			Subscriptions: []assignment.Entry{{Kind: license.CallingProfessional, Subscription: "sub-a"}}}}},
		{"no Webex Calling", `"` + idBasicMsg + `"`, NewPerson{User: assignment.NewUser{Email: "zed@acme.com", Explicit: true,
			Licenses: []license.Kind{license.BasicMessaging}, WorkNumber: "+48221000005"}, WorkNumber: "+48221000005"}},
	} {
		got, err := v.DecodePerson([]byte(`{"emails":["zed@acme.com"],"licenses":[`+tt.licenses+`],"locationId":"loc-hq","extension":"105",`+
			`"phoneNumbers":[{"type":"work","value":"+48221000005","primary":true}]}`), false)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}
