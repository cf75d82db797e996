package calling

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Numbers of the test inventory.
var (
	hq1, hq2, hq3, hqHG = MustParseE164("+48221000001"), MustParseE164("+48221000002"), MustParseE164("+48221000003"), MustParseE164("+48221000009")
	br1, br2            = MustParseE164("+46812300001"), MustParseE164("+46812300002")
	off1, old1          = MustParseE164("+420200000001"), MustParseE164("+48221999999")
)

var hg = Owner{Type: HuntGroup, ID: "hg-1"}

// testInventory returns an inventory with locations HQ and BR (enabled),
// OFF (not enabled) and OLD (deleted); numbers hq1..hq3 and hqHG in HQ
// (hqHG owned by hunt group hg-1), br1 and br2 in BR, off1 in OFF, old1 in
// OLD; and extension 100 in HQ held by an auto attendant.
func testInventory(t testing.TB) *Inventory {
	t.Helper()
	iv := &Inventory{}
	must(t, iv.AddLocation("HQ", "Warsaw", true))
	must(t, iv.AddLocation("BR", "Stockholm", true))
	must(t, iv.AddLocation("OFF", "Prague", false))
	must(t, iv.AddLocation("OLD", "Old office", true))
	must(t, iv.AddNumbers("HQ", true, hq1, hq2, hq3, hqHG))
	must(t, iv.AddNumbers("BR", false, br1, br2))
	must(t, iv.AddNumbers("OFF", true, off1))
	must(t, iv.AddNumbers("OLD", true, old1))
	must(t, iv.DeleteLocation("OLD"))
	must(t, iv.AssignToService(hg, hqHG))
	must(t, iv.AssignExtension(Owner{Type: AutoAttendant, ID: "aa-1"}, "HQ", "100"))
	return iv
}

// fataler is what must needs of a *testing.T, *testing.B or *rapid.T.
type fataler interface {
	Helper()
	Fatal(args ...any)
}

func must(t fataler, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// diffInventory returns the difference between two inventories, unexported
// state included.
func diffInventory(want, got *Inventory) string {
	return cmp.Diff(want, got, cmp.AllowUnexported(Inventory{}, location{}, numRec{}, holder{}, profile{}))
}

// refused checks that err matches want and that iv equals before.
func refused(t *testing.T, name string, err, want error, before, iv *Inventory) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: error %v, want %v", name, err, want)
	}
	if d := diffInventory(before, iv); d != "" {
		t.Errorf("%s changed the inventory (-want +got):\n%s", name, d)
	}
}

// place places users by the work-number path and fails the test on any
// failure.
func place(t testing.TB, iv *Inventory, cands ...Candidate) {
	t.Helper()
	b, err := iv.Plan(cands)
	must(t, err)
	if f := b.Failures(); len(f) != 0 {
		t.Fatalf("failures: %v", f)
	}
	must(t, iv.Apply(b))
}

// e164s lets cmp compare E164 values.
var e164s = cmp.Comparer(func(a, b E164) bool { return a == b })
