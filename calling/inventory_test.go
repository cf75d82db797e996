package calling

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// Every refused mutation names its input with a typed error and leaves the
// inventory exactly as it was.
func TestInventoryRefusals(t *testing.T) {
	long := strings.Repeat("x", 257)
	if err := (&Inventory{}).AddLocation(long[1:], long[1:], true); err != nil {
		t.Fatalf("an ID and a name of 256 bytes, the most: %v", err)
	}
	for _, tc := range []struct {
		name string
		do   func(*Inventory) error
		want error
		what string
	}{
		{"empty location ID", func(iv *Inventory) error { return iv.AddLocation("", "n", true) }, ErrInvalidText, "location"},
		{"invisible location ID", func(iv *Inventory) error { return iv.AddLocation("\u200b", "n", true) }, ErrInvalidText, "location"},
		{"control in name", func(iv *Inventory) error { return iv.AddLocation("X", "a\x00b", true) }, ErrInvalidText, "location name"},
		{"blank name", func(iv *Inventory) error { return iv.AddLocation("X", "  ", true) }, ErrInvalidText, "location name"},
		{"space around an ID", func(iv *Inventory) error { return iv.AddLocation("HQ ", "n", true) }, ErrInvalidText, "location"},
		{"no-break space in a name", func(iv *Inventory) error { return iv.AddLocation("X", "HQ\u00a0West", true) }, ErrInvalidText, "location name"},
		{"long ID", func(iv *Inventory) error { return iv.AddLocation(long, "n", true) }, ErrInvalidText, "location"},
		{"bad UTF-8 ID", func(iv *Inventory) error { return iv.AddLocation("\xff", "n", true) }, ErrInvalidText, "location"},
		{"duplicate location", func(iv *Inventory) error { return iv.AddLocation("HQ", "again", true) }, ErrDuplicateLocation, "location"},
		{"re-add deleted location", func(iv *Inventory) error { return iv.AddLocation("OLD", "again", true) }, ErrDuplicateLocation, "location"},
		{"numbers in unknown location", func(iv *Inventory) error { return iv.AddNumbers("NOPE", true, MustParseE164("+123")) }, ErrUnknownLocation, "location"},
		{"numbers in deleted location", func(iv *Inventory) error { return iv.AddNumbers("OLD", true, MustParseE164("+123")) }, ErrLocationDeleted, "location"},
		{"duplicate number in inventory", func(iv *Inventory) error { return iv.AddNumbers("BR", true, MustParseE164("+123"), hq1) }, ErrDuplicateNumber, "number"},
		{"duplicate number in request", func(iv *Inventory) error {
			return iv.AddNumbers("BR", true, MustParseE164("+123"), MustParseE164("+123"))
		}, ErrDuplicateNumber, "number"},
		{"zero number", func(iv *Inventory) error { return iv.AddNumbers("BR", true, MustParseE164("+123"), E164{}) }, ErrNotE164, "number"},
		{"enable unknown", func(iv *Inventory) error { return iv.SetLocationEnabled("NOPE", true) }, ErrUnknownLocation, "location"},
		{"enable deleted", func(iv *Inventory) error { return iv.SetLocationEnabled("OLD", true) }, ErrLocationDeleted, "location"},
		{"delete deleted", func(iv *Inventory) error { return iv.DeleteLocation("OLD") }, ErrLocationDeleted, "location"},
		{"set active unknown", func(iv *Inventory) error { return iv.SetActive(false, hq1, MustParseE164("+123")) }, ErrNotPreProvisioned, "number"},
		{"set active twice", func(iv *Inventory) error { return iv.SetActive(false, hq1, hq1) }, ErrDuplicateNumber, "number"},
		{"service owner PEOPLE", func(iv *Inventory) error { return iv.AssignToService(UserOwner(1), hq1) }, ErrOwnerType, "owner type"},
		{"service owner none", func(iv *Inventory) error { return iv.AssignToService(Owner{ID: "x"}, hq1) }, ErrOwnerType, "owner type"},
		{"service owner out of range", func(iv *Inventory) error { return iv.AssignToService(Owner{Type: 200, ID: "x"}, hq1) }, ErrOwnerType, "owner type"},
		{"service owner type past the last", func(iv *Inventory) error { return iv.AssignToService(Owner{Type: numOwnerTypes, ID: "x"}, hq3) }, ErrOwnerType, "owner type"},
		{"service without ID", func(iv *Inventory) error { return iv.AssignToService(Owner{Type: CallQueue}, hq1) }, ErrInvalidText, "owner"},
		{"service takes owned number", func(iv *Inventory) error { return iv.AssignToService(Owner{Type: CallQueue, ID: "cq"}, hq1, hqHG) }, ErrNumberInUse, "number"},
		{"service in disabled location", func(iv *Inventory) error { return iv.AssignToService(Owner{Type: CallQueue, ID: "cq"}, off1) }, ErrLocationNotValid, "number"},
		{"service in deleted location", func(iv *Inventory) error { return iv.AssignToService(Owner{Type: CallQueue, ID: "cq"}, old1) }, ErrLocationNotValid, "number"},
		{"service unknown number", func(iv *Inventory) error {
			return iv.AssignToService(Owner{Type: CallQueue, ID: "cq"}, MustParseE164("+123"))
		}, ErrNotPreProvisioned, "number"},
		{"release free number", func(iv *Inventory) error { return iv.ReleaseFromService(hqHG, hq1) }, ErrNotServiceOwned, "number"},
		{"release unknown number", func(iv *Inventory) error { return iv.ReleaseFromService(hqHG, MustParseE164("+123")) }, ErrNotPreProvisioned, "number"},
		{"extension taken", func(iv *Inventory) error { return iv.AssignExtension(hg, "HQ", "100") }, ErrExtensionInUse, "extension"},
		{"extension not digits", func(iv *Inventory) error { return iv.AssignExtension(hg, "HQ", "1O0") }, ErrBadExtension, "extension"},
		{"extension too long", func(iv *Inventory) error { return iv.AssignExtension(hg, "HQ", "12345678901") }, ErrBadExtension, "extension"},
		{"extension in disabled location", func(iv *Inventory) error { return iv.AssignExtension(hg, "OFF", "100") }, ErrLocationNotValid, "location"},
		{"extension in unknown location", func(iv *Inventory) error { return iv.AssignExtension(hg, "NOPE", "100") }, ErrUnknownLocation, "location"},
		{"extension owner PEOPLE", func(iv *Inventory) error { return iv.AssignExtension(UserOwner(1), "HQ", "101") }, ErrOwnerType, "owner type"},
		{"extension owner without ID", func(iv *Inventory) error { return iv.AssignExtension(Owner{Type: CallQueue}, "HQ", "101") }, ErrInvalidText, "owner"},
		{"release free extension", func(iv *Inventory) error { return iv.ReleaseExtension("HQ", "101") }, ErrNotServiceOwned, "extension"},
		{"release extension unknown location", func(iv *Inventory) error { return iv.ReleaseExtension("NOPE", "100") }, ErrUnknownLocation, "location"},
	} {
		iv := testInventory(t)
		before := iv.Clone()
		err := tc.do(iv)
		refused(t, tc.name, err, tc.want, before, iv)
		var ie *InputError
		if !errors.As(err, &ie) || ie.What != tc.what {
			t.Errorf("%s: error %#v, want an *InputError about %s", tc.name, err, tc.what)
		}
	}
}

func TestInventoryMutations(t *testing.T) {
	iv := testInventory(t)
	if got := iv.Len(); got != 8 {
		t.Errorf("Len = %d, want 8", got)
	}
	if n, ok := iv.Lookup(hqHG); !ok || n.Owner != hg || n.Location != "HQ" || !n.Active {
		t.Errorf("Lookup(hqHG) = %+v, %v", n, ok)
	}
	if n, ok := iv.Lookup(br1); !ok || n.Active || !n.Owner.IsZero() {
		t.Errorf("Lookup(br1) = %+v, %v", n, ok)
	}
	must(t, iv.SetActive(true, br1))
	if n, _ := iv.Lookup(br1); !n.Active {
		t.Error("br1 not active after SetActive")
	}
	must(t, iv.ReleaseFromService(hqHG))
	if n, _ := iv.Lookup(hqHG); !n.Owner.IsZero() {
		t.Errorf("hqHG owned by %v after release", n.Owner)
	}
	if o, ok := iv.ExtensionOwner("HQ", "100"); !ok || o.Type != AutoAttendant || o.ID != "aa-1" {
		t.Errorf("ExtensionOwner(HQ, 100) = %v, %v", o, ok)
	}
	if _, ok := iv.ExtensionOwner("BR", "100"); ok {
		t.Error("extension 100 held in BR")
	}
	must(t, iv.AssignExtension(hg, "BR", "100")) // CAL-12: unique per location, not per org
	must(t, iv.ReleaseExtension("HQ", "100"))
	if _, ok := iv.ExtensionOwner("HQ", "100"); ok {
		t.Error("extension 100 still held in HQ after release")
	}
	must(t, iv.SetLocationEnabled("OFF", true))
	if l, ok := iv.Location("OFF"); !ok || !l.Enabled || l.Name != "Prague" {
		t.Errorf("Location(OFF) = %+v, %v", l, ok)
	}
	locs := iv.Locations()
	if len(locs) != 4 || locs[3].ID != "OLD" || !locs[3].Deleted {
		t.Errorf("Locations = %+v", locs)
	}
	if _, ok := iv.Location("NOPE"); ok {
		t.Error("Location(NOPE) found")
	}
}

// A location where users are placed can be neither disabled nor deleted
// (INV-4); once its users are removed (CAL-9), it can.
func TestLocationInUse(t *testing.T) {
	iv := testInventory(t)
	place(t, iv, Candidate{User: 1, WorkNumber: hq1.String()})
	must(t, iv.Apply(mustPlanManual(t, iv, Request{User: 2, Placement: Placement{Location: "HQ", Extension: "7"}})))
	before := iv.Clone()
	refused(t, "disable", iv.SetLocationEnabled("HQ", false), ErrLocationInUse, before, iv)
	refused(t, "delete", iv.DeleteLocation("HQ"), ErrLocationInUse, before, iv)
	must(t, iv.SetLocationEnabled("BR", false))
	must(t, iv.DeleteLocation("BR"))
	_, err := iv.Remove(1)
	must(t, err)
	before = iv.Clone()
	refused(t, "delete with one user left", iv.DeleteLocation("HQ"), ErrLocationInUse, before, iv)
	_, err = iv.Remove(2)
	must(t, err)
	must(t, iv.SetLocationEnabled("HQ", false))
	must(t, iv.DeleteLocation("HQ"))
}

// Growing the number index keeps every number found, at sizes around the
// table's doublings.
func TestNumberIndexGrowth(t *testing.T) {
	iv := &Inventory{}
	must(t, iv.AddLocation("L", "L", true))
	var all []E164
	for batch := range 40 {
		var ns []E164
		for k := range batch + 1 {
			ns = append(ns, E164{uint64(1_000_000 + 1000*batch + k)})
		}
		must(t, iv.AddNumbers("L", batch%2 == 0, ns...))
		all = append(all, ns...)
	}
	for _, n := range all {
		if _, ok := iv.Lookup(n); !ok {
			t.Fatalf("%v lost", n)
		}
	}
	if _, ok := iv.Lookup(E164{999}); ok {
		t.Error("found a number never added")
	}
	if v := iv.Violations(); len(v) != 0 {
		t.Errorf("violations: %v", v)
	}
}

func TestOwnerType(t *testing.T) {
	for ty := People; ty < numOwnerTypes; ty++ {
		got, err := ParseOwnerType(ty.String())
		if err != nil || got != ty {
			t.Errorf("ParseOwnerType(%q) = %v, %v", ty.String(), got, err)
		}
	}
	for _, s := range []string{"", "people", "HUNT GROUP", "PEOPLE ", "OwnerType(99)"} {
		if _, err := ParseOwnerType(s); !errors.Is(err, ErrOwnerType) {
			t.Errorf("ParseOwnerType(%q) error %v", s, err)
		}
	}
	for _, ty := range []OwnerType{numOwnerTypes, 99} {
		if got, want := ty.String(), fmt.Sprintf("OwnerType(%d)", uint8(ty)); got != want {
			t.Errorf("OwnerType(%d) = %q, want %q", uint8(ty), got, want)
		}
	}
	if s := UserOwner(7).String(); s != "PEOPLE user 7" {
		t.Errorf("UserOwner(7) = %q", s)
	}
	if s := hg.String(); s != "HUNT_GROUP hg-1" {
		t.Errorf("hg = %q", s)
	}
	if s := (Owner{}).String(); s != "" {
		t.Errorf("no owner = %q, want \"\"", s)
	}
}

// FuzzParseOwnerType: never panics; what it accepts round-trips.
func FuzzParseOwnerType(f *testing.F) {
	for _, s := range []string{"PEOPLE", "HUNT_GROUP", "", "people", "VIRTUAL_LINE"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ty, err := ParseOwnerType(s)
		if err != nil {
			if ty != NoOwner || !errors.Is(err, ErrOwnerType) {
				t.Fatalf("ParseOwnerType(%q) = %v, %v", s, ty, err)
			}
			return
		}
		if ty.String() != s || ty == NoOwner {
			t.Fatalf("ParseOwnerType(%q) = %v", s, ty)
		}
	})
}

// An inventory holds MaxLocations locations, deleted ones included: the
// next AddLocation is refused with ErrTooManyLocations naming its ID, and
// the inventory is unchanged.
func TestTooManyLocations(t *testing.T) {
	iv := &Inventory{}
	for i := range MaxLocations {
		must(t, iv.AddLocation("L"+strconv.Itoa(i), "n", i%2 == 0))
	}
	must(t, iv.DeleteLocation("L1"))
	before := iv.Clone()
	err := iv.AddLocation("ONE-MORE", "n", true)
	if !errors.Is(err, ErrTooManyLocations) {
		t.Errorf("error %v, want ErrTooManyLocations", err)
	}
	if !reflect.DeepEqual(before, iv) { // diffInventory takes half a second here: only on failure
		t.Errorf("the refusal changed the inventory (-want +got):\n%s", diffInventory(before, iv))
	}
	var ie *InputError
	if !errors.As(err, &ie) || ie.What != "location" || ie.Value != "ONE-MORE" {
		t.Errorf("error %#v, want an *InputError about location \"ONE-MORE\"", err)
	}
	if n := len(iv.Locations()); n != MaxLocations {
		t.Errorf("%d locations, want %d", n, MaxLocations)
	}
}
