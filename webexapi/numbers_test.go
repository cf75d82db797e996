package webexapi

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/calling"
)

// loadTestInventory loads the reference-shaped lists under testdata.
func loadTestInventory(t testing.TB, people People) (*calling.Inventory, *Contents) {
	t.Helper()
	iv, c, err := LoadInventory(readFile(t, "locations.json"), readFile(t, "calling_locations.json"), readFile(t, "numbers.json"), people)
	if err != nil {
		t.Fatal(err)
	}
	return iv, c
}

// TestLoadInventory loads locations and numbers of the reference's shape:
// locations enabled for calling as the calling list says, numbers with
// their state and owner, users placed with their number and extension
// (CAL-1), a service holding its number and extension.
func TestLoadInventory(t *testing.T) { // CAL-1
	o := testOrg(t)
	iv, _ := loadTestInventory(t, orgPeople{o})
	wantLocs := []calling.Location{{ID: "loc-hq", Name: "HQ", Enabled: true}, {ID: "loc-sto", Name: "Stockholm", Enabled: true}, {ID: "loc-waw", Name: "Warsaw lab"}}
	if diff := cmp.Diff(wantLocs, iv.Locations()); diff != "" {
		t.Errorf("locations (-want +got):\n%s", diff)
	}
	bob, ann := calling.UserKey(1), calling.UserKey(0)
	for _, tt := range []struct {
		num    string
		loc    string
		active bool
		owner  calling.Owner
	}{
		{"+48221234567", "loc-hq", true, calling.UserOwner(bob)},
		{"+48221234568", "loc-hq", false, calling.Owner{}},
		{"+46812345678", "loc-sto", true, calling.Owner{Type: calling.HuntGroup, ID: "hg-1"}},
		{"+48221234569", "loc-waw", true, calling.Owner{}},
	} {
		n, ok := iv.Lookup(calling.MustParseE164(tt.num))
		if !ok || n.Location != tt.loc || n.Active != tt.active || n.Owner != tt.owner {
			t.Errorf("%s: %+v, %v", tt.num, n, ok)
		}
	}
	if p, _ := iv.Profile(bob); p.Location != "loc-hq" || p.Number.String() != "+48221234567" || p.Extension != "100" {
		t.Errorf("bob: %+v", p)
	}
	if p, _ := iv.Profile(ann); p.Location != "loc-sto" || p.Number.IsValid() || p.Extension != "300" {
		t.Errorf("ann: %+v", p)
	}
	if o, ok := iv.ExtensionOwner("loc-sto", "200"); !ok || o.ID != "hg-1" {
		t.Errorf("extension 200: %v %v", o, ok)
	}
	if _, ok := iv.ExtensionOwner("loc-sto", "568"); ok {
		t.Error("a free extension-only item is held")
	}
	if v := iv.Violations(); len(v) != 0 {
		t.Errorf("INV-4 violations: %v", v)
	}
}

// TestExportNumbers checks the dump against its golden files and its round
// trip: loaded again, it dumps the same.
func TestExportNumbers(t *testing.T) { // CAL-1
	people := orgPeople{testOrg(t)}
	iv, c := loadTestInventory(t, people)
	locs, cal, err := ExportLocations(iv)
	if err != nil {
		t.Fatal(err)
	}
	nums, err := ExportNumbers(iv, c, people)
	if err != nil {
		t.Fatal(err)
	}
	l := golden(t, "export_locations.golden.json", locs)
	cl := golden(t, "export_calling_locations.golden.json", cal)
	n := golden(t, "export_numbers.golden.json", nums)
	iv2, c2, err := LoadInventory(l, cl, n, people)
	if err != nil {
		t.Fatal(err)
	}
	nums2, err := ExportNumbers(iv2, c2, people)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(nums, nums2); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(iv.Locations(), iv2.Locations()); diff != "" {
		t.Errorf("locations round trip (-want +got):\n%s", diff)
	}
}

// TestLoadInventoryErrors checks that a bad list is a *DecodeError naming
// the field, and no inventory is returned.
func TestLoadInventoryErrors(t *testing.T) {
	people := orgPeople{testOrg(t)}
	locs := `{"items":[{"id":"loc-hq","name":"HQ"}]}`
	cal := `{"locations":[{"id":"loc-hq","name":"HQ"}]}`
	num := func(items ...string) string { return `{"phoneNumbers":[` + strings.Join(items, ",") + `]}` }
	free := `{"phoneNumber":"+48221234567","state":"ACTIVE","location":{"id":"loc-hq"}}`
	for _, tt := range []struct {
		name, locs, nums, field, text string
	}{
		{"not E.164", locs, num(`{"phoneNumber":"+1 408 526 7209","state":"ACTIVE","location":{"id":"loc-hq"}}`), "phoneNumbers[0].phoneNumber", "E.164"},
		{"unknown location", locs, num(`{"phoneNumber":"+48221234567","state":"ACTIVE","location":{"id":"nowhere"}}`), "phoneNumbers[0].phoneNumber", "unknown location"},
		{"number twice", locs, num(free, free), "phoneNumbers[1].phoneNumber", "duplicate number"},
		{"bad state", locs, num(`{"phoneNumber":"+48221234567","state":"PORTING","location":{"id":"loc-hq"}}`), "phoneNumbers[0].state", "PORTING"},
		{"bad owner type", locs, num(`{"phoneNumber":"+48221234567","state":"ACTIVE","location":{"id":"loc-hq"},"owner":{"id":"x","type":"ROBOT"}}`), "phoneNumbers[0].owner.type", "owner type"},
		{"unknown person", locs, num(`{"extension":"1","state":"ACTIVE","location":{"id":"loc-hq"},"owner":{"id":"nobody","type":"PEOPLE"}}`), "phoneNumbers[0].owner.id", "unknown user"},
		{"bad extension", locs, num(`{"extension":"12a","state":"ACTIVE","location":{"id":"loc-hq"},"owner":{"id":"hg","type":"HUNT_GROUP"}}`), "phoneNumbers[0].extension", "extension"},
		{"duplicate location", `{"items":[{"id":"a","name":"A"},{"id":"a","name":"B"}]}`, num(), "items[1].id", "duplicate location"},
		{"state as a number", locs, num(`{"state":1,"location":{"id":"loc-hq"}}`), "phoneNumbers.state", "number"},
		{"owner as a string", locs, num(`{"state":"ACTIVE","location":{"id":"loc-hq"},"owner":"PEOPLE"}`), "phoneNumbers.owner", "string"},
	} {
		iv, c, err := LoadInventory([]byte(tt.locs), []byte(cal), []byte(tt.nums), people)
		var de *DecodeError
		if iv != nil || c != nil || !errors.As(err, &de) || !errors.Is(err, ErrPayload) {
			t.Errorf("%s: LoadInventory = %v, %v; want a *DecodeError", tt.name, iv, err)
			continue
		}
		if de.Field != tt.field || !strings.Contains(err.Error(), tt.text) {
			t.Errorf("%s: error %q (field %q), want field %q and %q", tt.name, err, de.Field, tt.field, tt.text)
		}
	}
	if _, _, err := LoadInventory(nil, nil, nil, nil); !errors.Is(err, ErrNil) {
		t.Errorf("nil people: %v", err)
	}
	if _, _, err := ExportLocations(nil); !errors.Is(err, ErrNil) {
		t.Errorf("nil inventory: %v", err)
	}
}
