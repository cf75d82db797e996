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
		{"state as a number", locs, num(free, `{"state":1,"location":{"id":"loc-hq"}}`), "phoneNumbers[1].state", "number"},
		{"owner as a string", locs, num(`{"state":"ACTIVE","location":{"id":"loc-hq"},"owner":"PEOPLE"}`), "phoneNumbers[0].owner", "string"},
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

// A Locations list or a Webex Calling locations list that is not JSON of
// its shape is a *DecodeError of the locations payload naming the field,
// and no inventory is returned.
func TestLoadInventoryBadLocationLists(t *testing.T) {
	people := orgPeople{testOrg(t)}
	locs, cal, nums := `{"items":[{"id":"loc-hq","name":"HQ"}]}`, `{"locations":[{"id":"loc-hq","name":"HQ"}]}`, `{"phoneNumbers":[]}`
	for _, tt := range []struct {
		name, locs, cal, field, text string
	}{
		{"locations items as an object", `{"items":{}}`, cal, "items", "object"},
		{"location name as a number", `{"items":[{"id":"loc-hq","name":"HQ"},{"id":"b","name":7}]}`, cal, "items[1].name", "number"},
		{"locations not JSON", `{"items":[`, cal, "", "truncated or empty JSON"},
		{"calling locations as a string", locs, `{"locations":"loc-hq"}`, "locations", "string"},
		{"calling location id as a number", locs, `{"locations":[{"id":1}]}`, "locations[0].id", "number"},
		{"calling locations empty", locs, ``, "", "truncated or empty JSON"},
	} {
		iv, c, err := LoadInventory([]byte(tt.locs), []byte(tt.cal), []byte(nums), people)
		var de *DecodeError
		if iv != nil || c != nil || !errors.As(err, &de) || !errors.Is(err, ErrPayload) {
			t.Errorf("%s: LoadInventory = %v, %v, %v; want a *DecodeError", tt.name, iv, c, err)
			continue
		}
		if de.Payload != "locations" || de.Field != tt.field || !strings.Contains(err.Error(), tt.text) {
			t.Errorf("%s: error %q (payload %q, field %q), want the locations payload, field %q and %q", tt.name, err, de.Payload, de.Field, tt.field, tt.text)
		}
	}
}

// The numbers of a user or a service that the inventory refuses are a
// *DecodeError naming the item's field, matching calling's cause, and no
// inventory is returned: a user's number and extension in two locations,
// a second number or extension for a user, a service number in a location
// not enabled for calling, and a user placed at an extension a service
// holds (the whole placement is refused, named "phoneNumbers.owner").
func TestLoadInventoryOwnerErrors(t *testing.T) {
	people := orgPeople{testOrg(t)}
	locs := `{"items":[{"id":"loc-hq","name":"HQ"},{"id":"loc-sto","name":"Stockholm"},{"id":"loc-off","name":"Off"}]}`
	cal := `{"locations":[{"id":"loc-hq"},{"id":"loc-sto"}]}`
	bob := PersonID(testOrgID, "bob@acme.com")
	item := func(num, ext, loc, ownerID, ownerType string) string {
		return `{"phoneNumber":"` + num + `","extension":"` + ext + `","state":"ACTIVE","location":{"id":"` + loc + `"},"owner":{"id":"` + ownerID + `","type":"` + ownerType + `"}}`
	}
	for _, tt := range []struct {
		name  string
		items []string
		field string
		is    error  // the cause, if calling has a sentinel for it
		text  string // the whole message
	}{
		{"a user's extension in another location", []string{item("+48221234567", "", "loc-hq", bob, "PEOPLE"), item("", "100", "loc-sto", bob, "PEOPLE")},
			"phoneNumbers[1].location.id", nil,
			"webexapi: bad numbers payload: field phoneNumbers[1].location.id: the owner's other number or extension is in another location"},
		{"a user's second number", []string{item("+48221234567", "100", "loc-hq", bob, "PEOPLE"), item("+48221234568", "", "loc-hq", bob, "PEOPLE")},
			"phoneNumbers[1].owner.id", calling.ErrAlreadyPlaced,
			"webexapi: bad numbers payload: field phoneNumbers[1].owner.id: calling: user already has Webex Calling: the owner has a number or extension already"},
		{"a user's second extension", []string{item("", "100", "loc-hq", bob, "PEOPLE"), item("+48221234567", "101", "loc-hq", bob, "PEOPLE")},
			"phoneNumbers[1].owner.id", calling.ErrAlreadyPlaced,
			"webexapi: bad numbers payload: field phoneNumbers[1].owner.id: calling: user already has Webex Calling: the owner has a number or extension already"},
		{"a service number where calling is off", []string{item("+48221234567", "", "loc-off", "hg-1", "HUNT_GROUP")},
			"phoneNumbers[0].owner", calling.ErrLocationNotValid,
			`webexapi: bad numbers payload: field phoneNumbers[0].owner: calling: location deleted or not enabled for calling: number "+48221234567"`},
		{"a user at a service's extension", []string{item("", "100", "loc-hq", "hg-1", "HUNT_GROUP"), item("", "100", "loc-hq", bob, "PEOPLE")},
			"phoneNumbers.owner", calling.ErrExtensionInUse, ""},
	} {
		iv, c, err := LoadInventory([]byte(locs), []byte(cal), []byte(`{"phoneNumbers":[`+strings.Join(tt.items, ",")+`]}`), people)
		var de *DecodeError
		if iv != nil || c != nil || !errors.As(err, &de) || !errors.Is(err, ErrPayload) {
			t.Errorf("%s: LoadInventory = %v, %v, %v; want a *DecodeError", tt.name, iv, c, err)
			continue
		}
		if de.Payload != "numbers" || de.Field != tt.field || (tt.is != nil && !errors.Is(err, tt.is)) || (tt.text != "" && err.Error() != tt.text) {
			t.Errorf("%s: error %q (payload %q, field %q); want the numbers payload, field %q, matching %v, %q", tt.name, err, de.Payload, de.Field, tt.field, tt.is, tt.text)
		}
	}
	// The user placed at the service's extension is refused by calling's
	// placement check, which names the service holding it.
	_, _, err := LoadInventory([]byte(locs), []byte(cal), []byte(`{"phoneNumbers":[`+item("", "100", "loc-hq", "hg-1", "HUNT_GROUP")+`,`+item("", "100", "loc-hq", bob, "PEOPLE")+`]}`), people)
	var pe *calling.PlacementError
	if !errors.As(err, &pe) || pe.Code != calling.CodeBadRequest || pe.Owner != (calling.Owner{Type: calling.HuntGroup, ID: "hg-1"}) || pe.User != 1 {
		t.Errorf("error %v, want a *calling.PlacementError 400 for user 1 naming hunt group hg-1", err)
	}
}

// A Numbers list whose numbers no user owns places no one: the inventory
// holds its numbers, and Contents lists them and no user or extension.
func TestLoadInventoryWithoutUsers(t *testing.T) {
	iv, c, err := LoadInventory([]byte(`{"items":[{"id":"loc-hq","name":"HQ"}]}`), []byte(`{"locations":[{"id":"loc-hq"}]}`),
		[]byte(`{"phoneNumbers":[{"phoneNumber":"+48221234567","state":"INACTIVE","location":{"id":"loc-hq"}}]}`), orgPeople{testOrg(t)})
	if err != nil {
		t.Fatal(err)
	}
	sameNumber := cmp.Comparer(func(a, b calling.E164) bool { return a == b })
	if diff := cmp.Diff(&Contents{Numbers: []calling.E164{calling.MustParseE164("+48221234567")}}, c, sameNumber); diff != "" {
		t.Errorf("contents (-want +got):\n%s", diff)
	}
	if n, ok := iv.Lookup(calling.MustParseE164("+48221234567")); !ok || n.Location != "loc-hq" || n.Active || !n.Owner.IsZero() {
		t.Errorf("number %+v, %v; want a free inactive number in loc-hq", n, ok)
	}
}

// A service's numbers and extensions come back as the Numbers list gave
// them: an extension in the number's location in the item of the first
// number of its owner, a number with no extension left in that location
// without one, and an extension in another location in an item of its
// own; loaded again, the list exports the same.
func TestExportNumbersServiceExtensions(t *testing.T) {
	people := orgPeople{testOrg(t)}
	locs := []byte(`{"items":[{"id":"loc-hq","name":"HQ"},{"id":"loc-sto","name":"Stockholm"}]}`)
	cal := []byte(`{"locations":[{"id":"loc-hq"},{"id":"loc-sto"}]}`)
	hg := &NumberOwner{ID: "hg-1", Type: "HUNT_GROUP"}
	sto, hq := NumberRef{ID: "loc-sto", Name: "Stockholm"}, NumberRef{ID: "loc-hq", Name: "HQ"}
	want := &NumberList{PhoneNumbers: []Number{
		{PhoneNumber: "+46812345671", Extension: "201", State: StateActive, Location: sto, Owner: hg},
		{PhoneNumber: "+46812345670", State: StateActive, Location: sto, Owner: hg},
		{Extension: "202", State: StateActive, Location: hq, Owner: hg},
	}}
	nums := mustJSON(t, want)
	for range 2 { // the list, then its export
		iv, c, err := LoadInventory(locs, cal, nums, people)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ExportNumbers(iv, c, people)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("numbers (-want +got):\n%s", diff)
		}
		nums = mustJSON(t, got)
	}
}

// ExportNumbers needs an inventory, contents and people (ErrNil), and
// leaves out a number of the contents the inventory does not hold.
func TestExportNumbersEdges(t *testing.T) {
	iv, c := loadTestInventory(t, orgPeople{testOrg(t)})
	people := orgPeople{testOrg(t)}
	for name, args := range map[string]struct {
		iv     *calling.Inventory
		c      *Contents
		people People
	}{"inventory": {nil, c, people}, "contents": {iv, nil, people}, "people": {iv, c, nil}} {
		if list, err := ExportNumbers(args.iv, args.c, args.people); list != nil || !errors.Is(err, ErrNil) {
			t.Errorf("nil %s: %v, %v; want nil and ErrNil", name, list, err)
		}
	}
	empty := &calling.Inventory{}
	list, err := ExportNumbers(empty, &Contents{Numbers: []calling.E164{calling.MustParseE164("+48221234567")}}, people)
	if diff := cmp.Diff(&NumberList{PhoneNumbers: []Number{}}, list); err != nil || diff != "" {
		t.Errorf("a number the inventory does not hold: %v, (-want +got):\n%s", err, diff)
	}
}

// ExportLocations leaves a deleted location out of both lists.
func TestExportLocationsSkipsDeleted(t *testing.T) {
	iv := &calling.Inventory{}
	for _, l := range []calling.Location{{ID: "loc-hq", Name: "HQ", Enabled: true}, {ID: "loc-old", Name: "Old", Enabled: true}, {ID: "loc-waw", Name: "Warsaw lab"}} {
		if err := iv.AddLocation(l.ID, l.Name, l.Enabled); err != nil {
			t.Fatal(err)
		}
	}
	if err := iv.DeleteLocation("loc-old"); err != nil {
		t.Fatal(err)
	}
	all, enabled, err := ExportLocations(iv)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&LocationList{Items: []Location{{ID: "loc-hq", Name: "HQ"}, {ID: "loc-waw", Name: "Warsaw lab"}}}, all); diff != "" {
		t.Errorf("locations (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(&CallingLocationList{Locations: []Location{{ID: "loc-hq", Name: "HQ"}}}, enabled); diff != "" {
		t.Errorf("calling locations (-want +got):\n%s", diff)
	}
}
