package webexapi

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/calling"
	"github.com/wxlicense/wxlicense/license"
)

// A flag that is neither a boolean nor "true"/"false" is refused with a
// message that is valid UTF-8, however its value is cut short.
func TestFlagErrorIsValidUTF8(t *testing.T) {
	body := `{"emails":["ann@acme.com"],"invitePending":"` + strings.Repeat("ą", 20) + `"}`
	_, err := testView(t).DecodePerson([]byte(body), false)
	if !errors.Is(err, ErrPayload) {
		t.Fatalf("error %v, want ErrPayload", err)
	}
	if !utf8.ValidString(err.Error()) {
		t.Errorf("error message is not UTF-8: %q", err.Error())
	}
}

// A payload that is not UTF-8 is not JSON (RFC 8259): it is refused, not
// read with its bad bytes silently replaced, which would turn
// "ann\xff@acme.com" into another user's e-mail.
func TestPayloadNotUTF8IsRefused(t *testing.T) {
	o := testOrg(t)
	before := orgState(o)
	if _, err := testView(t).DecodePerson([]byte("{\"emails\":[\"ann\xff@acme.com\"]}"), false); !errors.Is(err, ErrPayload) {
		t.Errorf("DecodePerson: error %v, want ErrPayload", err)
	}
	if _, err := DecodeLicenses(testCatalog(), []byte("{\"items\":[{\"id\":\""+idBasicMsg+"\",\"name\":\"Basic Messaging\xff\"}]}")); !errors.Is(err, ErrPayload) {
		t.Errorf("DecodeLicenses: error %v, want ErrPayload", err)
	}
	a := Assign(o, testView(t), []byte(patch(email("eve\xff@acme.com"), add(idBasicMsg))), "")
	if a.Status != 400 || !errors.Is(a.Err, ErrPayload) {
		t.Errorf("Assign: %d %v, want 400 and ErrPayload", a.Status, a.Err)
	}
	if orgState(o) != before {
		t.Error("a refused request changed the org")
	}
}

// A payload's bad byte is named by its offset, wherever it is: first,
// after a valid replacement character (which is text), or after a
// two-byte letter.
func TestPayloadNotUTF8NamesTheByte(t *testing.T) {
	for _, tc := range []struct {
		data string
		at   int64
	}{{"\xff{}", 0}, {"{\"a\":\"\ufffd\xff\"}", 9}, {"{\"a\":\"\u00e9\xff\"}", 8}} {
		var v any
		err := decode("test", []byte(tc.data), &v)
		var de *DecodeError
		if !errors.As(err, &de) || de.Offset != tc.at || de.Err == nil || de.Err.Error() != "invalid UTF-8" {
			t.Errorf("decode(%q) = %v, want invalid UTF-8 at offset %d", tc.data, err, tc.at)
		}
	}
}

// A person synced from the People API keeps their work number as the
// user's work number, so that a Webex Calling template places them by it
// (CAL-2) when they are created.
func TestDecodedPersonIsPlacedByWorkNumber(t *testing.T) { // CAL-2
	o := assignment.New(testOrgID, testCatalog())
	inv := &calling.Inventory{}
	if err := inv.AddLocation("loc-hq", "HQ", true); err != nil {
		t.Fatal(err)
	}
	if err := inv.AddLocation(calling.ErrUnknownLocation.Error(), "Decoy", true); err != nil {
		t.Fatal(err)
	}
	if err := inv.AddNumbers("loc-hq", true, calling.MustParseE164("+48221000001")); err != nil {
		t.Fatal(err)
	}
	if _, err := calling.Attach(o, inv); err != nil {
		t.Fatal(err)
	}
	do(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "sub", Units: map[license.Kind]int{license.CallingProfessional: 1}}})
	do(t, o, assignment.SaveTemplate{Licenses: []assignment.Entry{{Kind: license.BasicMessaging}, {Kind: license.CallingProfessional}}})
	people, err := NewLicenseView(o.Catalog()).DecodePeople([]byte(`{"items":[{"emails":["ann@acme.com"],
		"phoneNumbers":[{"type":"mobile","value":"+48600000000"},{"type":"work","value":"+48221000001","primary":true}]}]}`), true)
	if err != nil {
		t.Fatal(err)
	}
	if got := people[0].User.WorkNumber; got != "+48221000001" {
		t.Errorf("User.WorkNumber = %q, want the work number", got)
	}
	do(t, o, assignment.AddUsers{Users: []assignment.NewUser{people[0].User}})
	u, _ := o.UserByEmail("ann@acme.com")
	if p, ok := inv.Profile(calling.UserKey(u.ID)); !ok || p.Number.String() != "+48221000001" || p.Location != "loc-hq" {
		t.Errorf("placed %v %+v, want at the work number", ok, p)
	}
}

// A work number the engine would refuse (a control or invisible
// character, such as a left-to-right mark copied with it) is a decode
// error naming the phone number, not a person whose add then refuses the
// whole batch, whether it is the calling number (the primary work one) or
// the work number (the first work one not primary and not empty).
func TestDecodedWorkNumberTheEngineRefuses(t *testing.T) {
	v := NewLicenseView(testCatalog())
	_, err := v.DecodePeople([]byte(`{"items":[{"emails":["ann@acme.com"]},{"emails":["bob@acme.com"],
		"phoneNumbers":[{"type":"work","value":"+48221000002"},{"type":"work","value":"\u200e+48221000001","primary":true}]}]}`), true)
	var de *DecodeError
	if !errors.As(err, &de) || de.Field != "items[1].phoneNumbers[1].value" || !errors.Is(err, assignment.ErrInvalidValue) {
		t.Fatalf("DecodePeople: %v, want a DecodeError on items[1].phoneNumbers[1].value", err)
	}
	p, err := v.DecodePerson([]byte(`{"emails":["bob@acme.com"],"phoneNumbers":[{"type":"mobile","value":"\u200e1"},{"type":"work","value":""},{"type":"work","value":"+48221000002"},{"type":"work","value":"+48221000003"}]}`), true)
	if err != nil || p.WorkNumber != "+48221000002" {
		t.Errorf("DecodePerson: %q, %v; want the first work number", p.WorkNumber, err)
	}
}

// A nil answer has no body and says so; it does not panic.
func TestNilAnswerBodyIsErrNil(t *testing.T) {
	var a *Answer
	if b, err := a.Body(); b != nil || !errors.Is(err, ErrNil) {
		t.Errorf("nil answer: %q, %v; want ErrNil", b, err)
	}
}

// A DecodeError with no cause still has a message; it does not panic.
func TestZeroDecodeErrorHasMessage(t *testing.T) {
	if got := (&DecodeError{Payload: "people", Field: "emails"}).Error(); got != "webexapi: bad people payload: field emails" {
		t.Errorf("message %q", got)
	}
}

// Without a calling placer nothing records the calling properties of a
// request, so they cannot stand for a placement: adding Webex Calling to a
// user placed at no creation is 400411 and changes nothing, not a user
// holding Webex Calling with no placement.
func TestPropertiesWithoutPlacerDoNotPlace(t *testing.T) { // CAL-1 LIC-13
	o := testOrg(t)
	before := orgState(o)
	a := Assign(o, testView(t), []byte(patch(email("eve@acme.com"), `{"id":"`+idCallingPro+`","properties":{"locationId":"loc-hq","phoneNumber":"+48221234568"}}`)), "")
	if a.Status != 400 || len(codes(a)) != 1 || codes(a)[0] != 400411 {
		t.Fatalf("status %d, codes %v (%v); want 400, [400411]", a.Status, codes(a), a.Err)
	}
	if orgState(o) != before {
		t.Error("a refused request changed the org")
	}
}

// placedOrg is testOrg with a calling inventory attached: locations loc-hq
// (bob's number, +48221000001 and a hunt group's +48221000009) and one
// whose ID reads as calling's unknown-location error, with no numbers.
func placedOrg(t *testing.T) *assignment.Org {
	t.Helper()
	o := emptyOrg(t)
	inv := &calling.Inventory{}
	if err := inv.AddLocation("loc-hq", "HQ", true); err != nil {
		t.Fatal(err)
	}
	if err := inv.AddLocation(calling.ErrUnknownLocation.Error(), "Decoy", true); err != nil {
		t.Fatal(err)
	}
	var nums []calling.E164
	for _, s := range []string{"+48221234567", "+48221000001", "+48221000009"} {
		nums = append(nums, calling.MustParseE164(s))
	}
	if err := inv.AddNumbers("loc-hq", true, nums...); err != nil {
		t.Fatal(err)
	}
	if err := inv.AssignToService(calling.Owner{Type: calling.HuntGroup, ID: "hg"}, nums[2]); err != nil {
		t.Fatal(err)
	}
	if _, err := calling.Attach(o, inv); err != nil {
		t.Fatal(err)
	}
	host, attendee := siteKinds(t, o.Catalog())
	do(t, o, assignment.AddUsers{Users: testUsers(host, attendee)})
	return o
}

// Package calling answers 400 for a bad number or extension as for an
// unknown location: the error body says which, not "Unable to find
// location" for a number a hunt group owns.
func TestBadCallingPropertiesAreNotAnUnknownLocation(t *testing.T) {
	for _, tt := range []struct{ props, message, text string }{
		{`{"phoneNumber":"+48221000009"}`, "Invalid calling properties", "number in use"},
		{`{"locationId":"loc-hq","extension":"=1"}`, "Invalid calling properties", "extension"},
		{`{"locationId":"nowhere","extension":"200"}`, "Unable to find location", "Unable to find location."},
		// the refusal is told by its cause, not by its text
		{`{"locationId":"` + calling.ErrUnknownLocation.Error() + `","extension":"=1"}`, "Invalid calling properties", "extension"},
	} {
		o := placedOrg(t)
		before := orgState(o)
		a := Assign(o, testView(t), []byte(patch(email("eve@acme.com"), `{"id":"`+idCallingPro+`","properties":`+tt.props+`}`)), "")
		if a.Status != 400 || len(codes(a)) != 1 || codes(a)[0] != 400 {
			t.Fatalf("%s: status %d, codes %v (%v); want 400, [400]", tt.props, a.Status, codes(a), a.Err)
		}
		if a.Error.Message != tt.message || !strings.Contains(a.Error.Errors[0].Description, tt.text) {
			t.Errorf("%s: body %+v, want message %q and %q", tt.props, a.Error, tt.message, tt.text)
		}
		if orgState(o) != before {
			t.Errorf("%s: a refused request changed the org", tt.props)
		}
	}
}

// A location whose name the model refuses is an error naming the name,
// not the ID.
func TestBadLocationNameNamesTheNameField(t *testing.T) {
	locs := []byte(`{"items":[{"id":"loc-hq","name":"HQ\u0000"}]}`)
	_, _, err := LoadInventory(locs, []byte(`{"locations":[]}`), []byte(`{"phoneNumbers":[]}`), orgPeople{testOrg(t)})
	var de *DecodeError
	if !errors.As(err, &de) || de.Field != "items[0].name" {
		t.Errorf("error %v, want one naming field items[0].name", err)
	}
}
