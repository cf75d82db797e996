package webexapi

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// TestDecodePeopleReference decodes a People list of the reference's shape
// into users to create: e-mails canonical, opaque license IDs resolved by
// the Licenses list (LIC-6), a Webex Calling holder placed at their
// primary "work" number, extension and location (CAL-1), that number not
// their work number (CAL-7: they list none of their own), unknown licenses
// and sites kept aside, "true" as a string read as true.
func TestDecodePeopleReference(t *testing.T) { // LIC-6, CAL-7
	v := testView(t)
	_, attendee := siteKinds(t, testCatalog())
	got, err := v.DecodePeople(readFile(t, "people.json"), true)
	if err != nil {
		t.Fatal(err)
	}
	want := []NewPerson{
		{
			User: assignment.NewUser{Email: "john.andersen@example.com", Synced: true, Explicit: true,
				Licenses:  []license.Kind{license.BasicMessaging, license.AdvancedMessaging, license.CallingProfessional, attendee},
				Placement: assignment.Placement{Location: "Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OLzYzNzE1", Number: "+14085267209", Extension: "133"},
				Subscriptions: []assignment.Entry{{Kind: license.AdvancedMessaging, Subscription: "sub-a"},
					{Kind: license.CallingProfessional, Subscription: "sub-a"}}},
			DisplayName: "John Andersen", FirstName: "John", LastName: "Andersen",
			Unknown: []string{idHybrid, "other.webex.com#host"},
		},
		{
			User:       assignment.NewUser{Email: "jane.doe@example.com", Synced: true, Status: assignment.Inactive, Licenses: []license.Kind{}, WorkNumber: "+1 408 555 0101"},
			WorkNumber: "+1 408 555 0101", DisplayName: "Jane Doe", FirstName: "Jane", LastName: "Doe",
		},
		{User: assignment.NewUser{Email: "kim@example.com", Synced: true, Explicit: true, Licenses: []license.Kind{}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("people (-want +got):\n%s", diff)
	}
	// The decoded users create as they are: synced, explicit licenses (ASG-9).
	o := emptyOrg(t)
	users := make([]assignment.NewUser, len(got))
	for i, p := range got {
		users[i] = p.User
	}
	do(t, o, assignment.AddUsers{Users: users})
	if u, _ := o.UserByEmail("john.andersen@example.com"); !u.Synced || u.Placement != want[0].User.Placement {
		t.Errorf("created %+v", u)
	}
}

// TestExportPeople checks the export against its golden file and its round
// trip: decoded and created in an org with the same subscriptions, the
// users hold the same licenses, placements and statuses (LIC-6 IDs).
func TestExportPeople(t *testing.T) { // LIC-6
	o := testOrg(t)
	list, err := ExportPeople(o)
	if err != nil {
		t.Fatal(err)
	}
	data := golden(t, "export_people.golden.json", list)
	people, err := NewLicenseView(o.Catalog()).DecodePeople(data, false)
	if err != nil {
		t.Fatal(err)
	}
	users := make([]assignment.NewUser, len(people))
	for i, p := range people {
		users[i] = p.User
		if len(p.Unknown) != 0 {
			t.Errorf("%s: unknown %v", p.User.Email, p.Unknown)
		}
	}
	o2 := emptyOrg(t)
	do(t, o2, assignment.AddUsers{Users: users})
	type row struct {
		Email     string
		Status    assignment.Status
		Licenses  string
		Placement assignment.Placement
	}
	rows := func(o *assignment.Org) []row {
		var out []row
		for u := range o.Users() {
			out = append(out, row{u.Email, u.Status, o.Catalog().Format(u.Licenses), u.Placement})
		}
		return out
	}
	if diff := cmp.Diff(rows(o), rows(o2)); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	list2, err := ExportPeople(o2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(list, list2); diff != "" {
		t.Errorf("re-export (-want +got):\n%s", diff)
	}
}

// TestDecodePeopleErrors checks that a bad person is a *DecodeError naming
// the field, and nothing is returned.
func TestDecodePeopleErrors(t *testing.T) {
	v := testView(t)
	for _, tt := range []struct {
		name, in, field, text string
	}{
		{"no e-mail", `{"items":[{"emails":[]}]}`, "items[0].emails", "no e-mail"},
		{"bad e-mail", `{"items":[{"emails":["ann@acme.com"]},{"emails":["=cmd|' /C calc'!A0"]}]}`, "items[1].emails[0]", "invalid e-mail"},
		{"invisible character", `{"items":[{"emails":["a\u200bnn@acme.com"]}]}`, "items[0].emails[0]", "invalid e-mail"},
		{"malformed license", `{"items":[{"emails":["ann@acme.com"],"licenses":["%%"]}]}`, "items[0].licenses[0]", "malformed"},
		{"bad site URL", `{"items":[{"emails":["ann@acme.com"],"siteUrls":["acme.webex.com"]}]}`, "items[0].siteUrls[0]", "site#role"},
		{"bad role", `{"items":[{"emails":["ann@acme.com"],"siteUrls":["acme.webex.com#cohost"]}]}`, "items[0].siteUrls[0]", "cohost"},
		{"emails as a string", `{"items":[{"emails":["bo@acme.com"]},{"emails":"ann@acme.com"}]}`, "items[1].emails", "string"},
		{"invitePending as a number", `{"items":[{"emails":["ann@acme.com"],"invitePending":1}]}`, "items[0].invitePending", "bool"},
		{"one kind on two subscriptions", `{"items":[{"emails":["ann@acme.com"],"licenses":["` + idAdvMsgA + `","` + idAdvMsgB + `"]}]}`, "items[0].licenses[1]", `two subscriptions (400413): "sub-a" and "sub-b"`},
		{"phone value as a number", `{"items":[{"emails":["ann@acme.com"],"phoneNumbers":[{"type":"work","value":1}]}]}`, "items[0].phoneNumbers[0].value", "number"},
	} {
		got, err := v.DecodePeople([]byte(tt.in), false)
		var de *DecodeError
		if got != nil || !errors.As(err, &de) || !errors.Is(err, ErrPayload) {
			t.Errorf("%s: DecodePeople = %v, %v; want a *DecodeError", tt.name, got, err)
			continue
		}
		if de.Field != tt.field || !strings.Contains(err.Error(), tt.text) {
			t.Errorf("%s: error %q (field %q), want field %q and %q", tt.name, err, de.Field, tt.field, tt.text)
		}
	}
	if _, err := (*LicenseView)(nil).DecodePeople([]byte(`{}`), false); !errors.Is(err, ErrNil) {
		t.Errorf("nil view: %v", err)
	}
}

// TestDecodePerson reads one Create a Person body.
func TestDecodePerson(t *testing.T) {
	p, err := testView(t).DecodePerson([]byte(`{"emails":["Ann@Acme.com"],"licenses":["`+idAdvMsgB+`","`+idBasicMsg+`"],"phoneNumbers":[{"type":"work","value":"+48221234567"}],"locationId":"loc-hq","extension":"100"}`), false)
	if err != nil {
		t.Fatal(err)
	}
	want := NewPerson{User: assignment.NewUser{Email: "ann@acme.com", Explicit: true,
		Licenses: []license.Kind{license.BasicMessaging, license.AdvancedMessaging}, WorkNumber: "+48221234567",
		Subscriptions: []assignment.Entry{{Kind: license.AdvancedMessaging, Subscription: "sub-b"}}}, WorkNumber: "+48221234567"}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// addUsers is the action creating one decoded person.
func addUsers(p NewPerson) assignment.AddUsers {
	return assignment.AddUsers{Users: []assignment.NewUser{p.User}}
}

// A person placed in Webex Calling by the placer, after creation, is
// exported where the placer placed them; a work number is exported next to
// the calling number, not as it. Decoded, each comes back with the same
// placement and work number: eve, placed by extension, with no number;
// bob, placed at his number, with his other work number; cyd, without
// Webex Calling, with hers.
func TestExportPeoplePlacementsNow(t *testing.T) {
	o := placedOrg(t)
	a := Assign(o, testView(t), []byte(patch(email("eve@acme.com"), `{"id":"`+idCallingPro+`","properties":{"locationId":"loc-hq","extension":"200"}}`)), "")
	if a.Status != 200 {
		t.Fatalf("placing eve: status %d (%v)", a.Status, a.Err)
	}
	work := map[string]string{"eve@acme.com": "555-555-1212", "bob@acme.com": "+48 22 555 02 02", "cyd@acme.com": "+48 22 555 01 01"}
	for _, e := range slices.Sorted(maps.Keys(work)) {
		do(t, o, assignment.SetWorkNumber{User: e, Number: work[e], By: assignment.ByControlHub})
	}
	list, err := ExportPeople(o)
	if err != nil {
		t.Fatal(err)
	}
	people, err := NewLicenseView(o.Catalog()).DecodePeople(mustJSON(t, list), false)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]assignment.NewUser{}
	for _, p := range people {
		got[p.User.Email] = p.User
	}
	for e, pl := range map[string]assignment.Placement{
		"eve@acme.com": {Location: "loc-hq", Extension: "200"},
		"bob@acme.com": {Location: "loc-hq", Number: "+48221234567", Extension: "100"},
		"cyd@acme.com": {},
	} {
		if got[e].Placement != pl || got[e].WorkNumber != work[e] {
			t.Errorf("%s: placement %+v, work number %q; want %+v, %q", e, got[e].Placement, got[e].WorkNumber, pl, work[e])
		}
	}
}

// A license on a subscription other than the oldest survives the People
// round trip: exported as that subscription's license ID, decoded with the
// Licenses list into NewUser.Subscriptions, and created from it (LIC-6,
// LIC-8).
func TestPeopleRoundTripKeepsSubscriptions(t *testing.T) {
	o := emptyOrg(t)
	do(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "ann@acme.com", Explicit: true,
		Licenses:      []license.Kind{license.BasicMessaging, license.AdvancedMessaging},
		Subscriptions: []assignment.Entry{{Kind: license.AdvancedMessaging, Subscription: "sub-b"}}}}})
	people, err := ExportPeople(o)
	if err != nil {
		t.Fatal(err)
	}
	licenses, err := ExportLicenses(o)
	if err != nil {
		t.Fatal(err)
	}
	view, err := DecodeLicenses(o.Catalog(), mustJSON(t, licenses))
	if err != nil {
		t.Fatal(err)
	}
	decoded, err := view.DecodePeople(mustJSON(t, people), false)
	if err != nil || len(decoded) != 1 {
		t.Fatalf("decoded %v, %v", decoded, err)
	}
	o2 := emptyOrg(t)
	do(t, o2, assignment.AddUsers{Users: []assignment.NewUser{decoded[0].User}})
	if sub, _ := o2.SubscriptionOf(0, license.AdvancedMessaging); sub != "sub-b" {
		t.Errorf("Advanced Messaging came back on %q, want sub-b", sub)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// A license listed twice is one license; one kind from two subscriptions
// is 400413 (LIC-13), an error naming the second.
func TestDecodePersonLicenseTwice(t *testing.T) {
	v := testView(t)
	p, err := v.DecodePerson([]byte(`{"emails":["ann@acme.com"],"licenses":["`+idAdvMsgB+`","`+idBasicMsg+`","`+idAdvMsgB+`","`+idBasicMsg+`"]}`), false)
	want := []assignment.Entry{{Kind: license.AdvancedMessaging, Subscription: "sub-b"}}
	if err != nil || !slices.Equal(p.User.Subscriptions, want) || len(p.User.Licenses) != 2 {
		t.Errorf("DecodePerson: %+v, %v; want two licenses, Advanced Messaging on sub-b", p.User, err)
	}
	_, err = v.DecodePerson([]byte(`{"emails":["ann@acme.com"],"licenses":["`+idAdvMsgB+`","`+idAdvMsgA+`"]}`), false)
	var de *DecodeError
	if !errors.As(err, &de) || de.Field != "licenses[1]" || !errors.Is(err, license.CodeExclusiveFamily) {
		t.Errorf("two subscriptions: %v, want a DecodeError on licenses[1] matching 400413", err)
	}
}

// A person holding Webex Calling whose only work number is not marked
// primary, with no extension, is placed at that number, as before the
// calling number and the work number were told apart; with an extension,
// by the extension.
func TestDecodeCallingPersonWithoutPrimaryNumber(t *testing.T) {
	v := testView(t)
	body := func(ext string) []byte {
		return []byte(`{"emails":["zed@acme.com"],"licenses":["` + idCallingPro + `"],"locationId":"loc-hq","extension":"` + ext + `",` +
			`"phoneNumbers":[{"type":"work","value":"+48221000005"}]}`)
	}
	for ext, want := range map[string]assignment.Placement{
		"":    {Location: "loc-hq", Number: "+48221000005"},
		"105": {Location: "loc-hq", Extension: "105"},
	} {
		p, err := v.DecodePerson(body(ext), false)
		if err != nil || p.User.Placement != want || p.User.WorkNumber != "+48221000005" {
			t.Errorf("extension %q: placement %+v, work number %q, %v; want %+v", ext, p.User.Placement, p.User.WorkNumber, err, want)
		}
	}
}

// A person holding Webex Calling with a location but no number, extension
// or work number comes in unplaced, not as a placement of a location
// alone: creating them with Webex Calling is then refused as 400411 for
// that user and license (CAL-4), not for a placement naming no one.
func TestDecodeCallingPersonWithNowhereToPlace(t *testing.T) {
	p, err := testView(t).DecodePerson([]byte(`{"emails":["zed@acme.com"],"licenses":["`+idCallingPro+`"],"locationId":"loc-hq"}`), false)
	if err != nil || !p.User.Placement.IsZero() || p.User.WorkNumber != "" {
		t.Fatalf("placement %+v, work number %q, %v; want none, none, no error", p.User.Placement, p.User.WorkNumber, err)
	}
	_, err = emptyOrg(t).Plan(assignment.AddUsers{Users: []assignment.NewUser{p.User}})
	if !errors.Is(err, license.CodeNeedsPlacement) || errors.Is(err, assignment.ErrInvalidPlacement) || !strings.Contains(err.Error(), "zed@acme.com") {
		t.Errorf("creating the decoded person: %v, want 400411 naming zed@acme.com, not an invalid placement", err)
	}
}

// ExportPeople of a nil org, and DecodePerson and DecodePeople of a nil or
// zero view (no catalog), refuse with ErrNil and return nothing.
func TestPeopleWithoutOrgOrCatalog(t *testing.T) {
	if list, err := ExportPeople(nil); list != nil || !errors.Is(err, ErrNil) {
		t.Errorf("ExportPeople(nil) = %v, %v; want nil and ErrNil", list, err)
	}
	for name, v := range map[string]*LicenseView{"nil": nil, "zero": {}} {
		if p, err := v.DecodePerson([]byte(`{"emails":["ann@acme.com"]}`), false); !errors.Is(err, ErrNil) || !cmp.Equal(p, NewPerson{}) {
			t.Errorf("%s view: DecodePerson = %+v, %v; want nothing and ErrNil", name, p, err)
		}
		if ps, err := v.DecodePeople([]byte(`{"items":[{"emails":["ann@acme.com"]}]}`), false); ps != nil || !errors.Is(err, ErrNil) {
			t.Errorf("%s view: DecodePeople = %v, %v; want nil and ErrNil", name, ps, err)
		}
	}
}
