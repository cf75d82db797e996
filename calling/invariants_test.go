package calling

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// INV-4, CAL-12: corrupting a consistent inventory in each way INV-4
// forbids is found by Violations, with the user, location, number or
// extension and owner concerned.
func TestViolations(t *testing.T) {
	setup := func(t *testing.T) *Inventory {
		iv := testInventory(t)
		must(t, iv.Apply(mustPlanManual(t, iv, Request{1, Placement{Number: hq1.String(), Extension: "101"}}, Request{2, Placement{Location: "BR", Extension: "7"}})))
		if v := iv.Violations(); len(v) != 0 {
			t.Fatalf("consistent inventory: %v", v)
		}
		return iv
	}
	rec := func(iv *Inventory, n E164) *numRec { i, _ := iv.find(n.v); return &iv.nums[i] }
	for _, tc := range []struct {
		name    string
		corrupt func(*Inventory)
		want    []Violation
	}{
		{"number held twice", func(iv *Inventory) {
			for i := range iv.nums {
				if iv.nums[i].num == 0 {
					iv.nums[i] = numRec{num: br1.v, loc: 1}
					break
				}
			}
		}, []Violation{{Kind: DuplicateNumber, Location: "BR", Number: br1}}},
		{"number with two owners", func(iv *Inventory) {
			one, _ := iv.profileOf(1)
			corrupt(iv, 2, func(p *profile) { p.num, p.loc = one.num, 0 })
		}, []Violation{
			{Kind: NumberTwoOwners, User: 2, Location: "HQ", Number: hq1, Owner: UserOwner(1)},
			{Kind: OwnerWithoutProfile, User: 2, Location: "BR", Extension: "7", Owner: UserOwner(2)},
			{Kind: ExtensionTwice, User: 2, Location: "HQ", Extension: "7"},
		}},
		{"number of a service in a profile", func(iv *Inventory) {
			i, _ := iv.find(hqHG.v)
			corrupt(iv, 1, func(p *profile) { p.num = i + 1 })
		}, []Violation{
			{Kind: NumberTwoOwners, User: 1, Location: "HQ", Number: hqHG, Owner: hg},
			{Kind: OwnerWithoutProfile, User: 1, Location: "HQ", Number: hq1, Owner: UserOwner(1)},
		}},
		{"owned number without profile", func(iv *Inventory) {
			r := rec(iv, hq2)
			r.typ, r.owner = People, 5
		}, []Violation{{Kind: OwnerWithoutProfile, User: 5, Location: "HQ", Number: hq2, Owner: UserOwner(5)}}},
		{"profile number not owned", func(iv *Inventory) {
			r := rec(iv, hq1)
			r.typ, r.owner = NoOwner, 0
		}, []Violation{{Kind: NumberTwoOwners, User: 1, Location: "HQ", Number: hq1}}},
		{"extension twice in a location", func(iv *Inventory) {
			corrupt(iv, 2, func(p *profile) { p.ext, p.loc = encodeExt("101"), 0 })
		}, []Violation{
			{Kind: OwnerWithoutProfile, User: 2, Location: "BR", Extension: "7", Owner: UserOwner(2)},
			{Kind: ExtensionTwice, User: 2, Location: "HQ", Extension: "101", Owner: UserOwner(1)},
		}},
		{"extension of a user without profile", func(iv *Inventory) {
			iv.exts[extKey(0, encodeExt("55"))] = holder{People, 9}
		}, []Violation{{Kind: OwnerWithoutProfile, User: 9, Location: "HQ", Extension: "55", Owner: UserOwner(9)}}},
		{"profile without number or extension", func(iv *Inventory) {
			delete(iv.exts, extKey(1, encodeExt("7")))
			corrupt(iv, 2, func(p *profile) { p.ext = 0 })
		}, []Violation{{Kind: NoPlacementData, User: 2, Location: "BR"}}},
		{"number in another location", func(iv *Inventory) {
			i, _ := iv.find(br1.v)
			iv.nums[i].typ, iv.nums[i].owner = People, 1
			r := rec(iv, hq1)
			r.typ, r.owner = NoOwner, 0
			corrupt(iv, 1, func(p *profile) { p.num = i + 1 })
		}, []Violation{
			{Kind: OwnerWithoutProfile, User: 1, Location: "BR", Number: br1, Owner: UserOwner(1)},
			{Kind: NumberOtherLocation, User: 1, Location: "BR", Number: br1, Owner: UserOwner(1)},
		}},
		{"user in a disabled location", func(iv *Inventory) {
			iv.locs[1].enabled = false
		}, []Violation{{Kind: LocationNotCalling, User: 2, Location: "BR"}}},
		{"user in a deleted location", func(iv *Inventory) {
			iv.locs[0].deleted = true
		}, []Violation{{Kind: LocationNotCalling, User: 1, Location: "HQ"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			iv := setup(t)
			tc.corrupt(iv)
			if d := cmp.Diff(tc.want, iv.Violations(), e164s); d != "" {
				t.Errorf("violations (-want +got):\n%s", d)
			}
		})
	}
}

func TestViolationKindString(t *testing.T) {
	for k, want := range map[ViolationKind]string{
		NumberTwoOwners:         "NumberTwoOwners",
		NumberOtherLocation:     "NumberOtherLocation",
		0:                       "ViolationKind(0)",
		NumberOtherLocation + 1: "ViolationKind(8)",
	} {
		if got := k.String(); got != want {
			t.Errorf("ViolationKind(%d) = %q, want %q", uint8(k), got, want)
		}
	}
	v := Violation{Kind: ExtensionTwice, User: 2, Location: "HQ", Extension: "7", Owner: UserOwner(1)}
	if got, want := v.String(), `ExtensionTwice: user 2, location "HQ", number "", extension "7", owner "PEOPLE user 1"`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// corrupt changes user u's profile by f, keeping it explicit and the
// inventory's other state as it is.
func corrupt(iv *Inventory, u UserKey, f func(*profile)) {
	p, _ := iv.profileOf(u)
	f(&p)
	iv.custom = append(iv.custom, p)
	iv.profiles[u] = pCustom | uint32(len(iv.custom)-1)
}
