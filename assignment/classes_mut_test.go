package assignment

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxlicense/wxlicense/license"
)

// TestApplyByUserLarge checks Apply's one pass over the users
// (applyByUser) on plans large enough for the cache of class changes
// (newClassChanges in classes.go): with more than the four changes a
// cache entry holds for each user, and with users of one class who get
// the same kinds from two subscriptions, as the first runs out (their
// changes differ only in the subscription, which the cache's hash does
// not read). The org must equal one that applied the plan in three simple
// passes, and every user must be in the class of their key.
func TestApplyByUserLarge(t *testing.T) {
	for _, tc := range []struct {
		name  string
		kinds []license.Kind
	}{
		{"five changes each", []license.Kind{license.BasicMessaging, license.AdvancedMessaging, license.AdvancedSpaceMeetings, license.CXEssential, license.UnifiedCM}},
		{"first change on two subscriptions", []license.Kind{license.CXEssential, license.UnifiedCM, license.ContactCenterStandard}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkApplyByUserLarge(t, tc.kinds) })
	}
}

func checkApplyByUserLarge(t *testing.T, kinds []license.Kind) {
	const users = 360
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, SwitchMode{Mode: GroupMode})
	for _, s := range []string{"s1", "s2"} {
		units := map[license.Kind]int{}
		for _, k := range kinds {
			if o.cat.Info(k).ConsumesUnit {
				units[k] = users / 2
			}
		}
		mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: s, Units: units}})
	}
	mustDoInternal(t, o, AddGroup{Name: "g"})
	var us []NewUser
	for i := range users {
		us = append(us, NewUser{Email: fmt.Sprintf("u%d@x.com", i), Groups: []string{"g"}})
	}
	mustDoInternal(t, o, AddUsers{Users: us})
	var entries []Entry
	for _, k := range kinds {
		entries = append(entries, Entry{Kind: k})
	}
	save := SaveTemplate{Group: "g", Licenses: entries, Scope: Existing}
	passes := o.Clone() // Apply in three simple passes
	passes.threePasses = true
	if _, err := passes.Do(save); err != nil {
		t.Fatal(err)
	}
	passes.threePasses = false
	p, err := o.Plan(save)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(p.Changes); n < 1024 || n < len(kinds)*users {
		t.Fatalf("%d changes: too few for the cache of class changes", n)
	}
	if runs, _ := o.byUserRuns(p, nil); runs == nil {
		t.Fatal("the plan is not applied in one pass over the users")
	}
	if err := o.Apply(p); err != nil {
		t.Fatal(err)
	}
	if id, ok := o.classWrong(); !ok {
		t.Fatalf("user %d in the wrong class", id)
	}
	if !sameOrg(passes, o) {
		t.Fatalf("Apply in one pass and in three differ (-three +one):\n%s", cmp.Diff(passes, o, deepOrg))
	}
	if err := o.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
}

// TestClassChangeAlike pins what the cache of class changes compares
// (classChange.alike): kinds, operations and subscriptions in order,
// which with the old class make the new held set and units, and nothing
// else of a change; not a longer list whose first changes an entry holds
// (an entry keeps the changes of an earlier, longer one past its own).
func TestClassChangeAlike(t *testing.T) {
	base := []Change{
		{User: 1, Kind: license.BasicMessaging, Op: Grant, Sub: 1, From: license.NoSub, Reason: BecauseTemplate, Template: 2, Source: FromTemplate},
		{User: 1, Kind: license.UnifiedCM, Op: Remove, Sub: 0, From: license.NoSub, Reason: BecausePreserveOff, Template: 2},
	}
	l := classChange{n: len(base)}
	copy(l.changes[:], base)
	for _, tc := range []struct {
		name  string
		edit  func(c *Change)
		alike bool
	}{
		{"another user", func(c *Change) { c.User = 7 }, true},
		{"another reason", func(c *Change) { c.Reason = BecauseCSV }, true},
		{"another template", func(c *Change) { c.Template = 3 }, true},
		{"another source", func(c *Change) { c.Source = FromManual }, true},
		{"another subscription left", func(c *Change) { c.From = 2 }, true},
		{"another kind", func(c *Change) { c.Kind = license.AdvancedMessaging }, false},
		{"another operation", func(c *Change) { c.Op = Move }, false},
		{"another subscription", func(c *Change) { c.Sub = 2 }, false},
	} {
		for i := range base {
			cs := slices.Clone(base)
			tc.edit(&cs[i])
			if got := l.alike(cs); got != tc.alike {
				t.Errorf("%s in change %d: alike %v, want %v", tc.name, i, got, tc.alike)
			}
		}
	}
	l.n = 1 // an entry of one change, with a longer one's second past it
	for name, cs := range map[string][]Change{"fewer": nil, "more": base, "reordered": {base[1]}} {
		if l.alike(cs) {
			t.Errorf("%s changes are alike", name)
		}
	}
	if !l.alike(base[:1]) {
		t.Errorf("an entry of one change: its own change is not alike")
	}
}

// TestClassReplayShortfalls checks that a class whose first user's
// decision only reports shortfalls, changing nothing, is not taken for
// an idle one (replay in engine.go): every user of the class is reported.
// Users holding CX Essential are not granted Webex Calling Standard, which
// excludes it (LIC-1).
func TestClassReplayShortfalls(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, SwitchMode{Mode: GroupMode})
	mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.CXEssential: 5, license.CallingStandard: 5}}})
	mustDoInternal(t, o, AddGroup{Name: "g"})
	pl := Placement{Location: "HQ", Number: "+15550100"}
	var us []NewUser
	for i := range 3 {
		us = append(us, NewUser{Email: fmt.Sprintf("a%d@x.com", i), Groups: []string{"g"}, Explicit: true,
			Licenses: []license.Kind{license.BasicMessaging, license.CXEssential}, Placement: pl})
	}
	mustDoInternal(t, o, AddUsers{Users: us})
	p, err := o.Plan(SaveTemplate{Group: "g", Licenses: []Entry{{Kind: license.CallingStandard}}, Scope: Existing})
	if err != nil {
		t.Fatal(err)
	}
	var want []Shortfall
	for id := range UserID(3) {
		want = append(want, Shortfall{User: id, Kind: license.CallingStandard, Reason: Exclusive, Other: license.CXEssential})
	}
	if d := cmp.Diff(want, p.Shortfalls); d != "" || len(p.Changes) != 0 {
		t.Fatalf("shortfalls (-want +got):\n%s\nchanges %v", d, p.Changes)
	}
}

// TestCheckInvariantsStructure checks that CheckInvariants reports, without
// panicking, each kind of broken bookkeeping the performance work added:
// retained sources of a template that are empty or split in two, a
// shared sparse part that holds more than retained sources or none, a
// kept shared part that does not hold what its step makes or is not
// found by it, a
// group template missing or stale for configs (groupT), and stale labels
// of subscriptions alone.
func TestCheckInvariantsStructure(t *testing.T) {
	base := New("o", license.MustDefault())
	mustDoInternal(t, base, SwitchMode{Mode: GroupMode})
	mustDoInternal(t, base, AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.UnifiedCM: 5}}})
	mustDoInternal(t, base, AddGroup{Name: "g"})
	mustDoInternal(t, base, SaveTemplate{Group: "g", Licenses: []Entry{{Kind: license.BasicMessaging}, {Kind: license.UnifiedCM}}})
	mustDoInternal(t, base, AddUsers{Users: []NewUser{{Email: "a@x.com", Groups: []string{"g"}}}})
	if err := base.CheckInvariants(); err != nil {
		t.Fatalf("a valid org: %v", err)
	}
	um := license.SetOf(license.UnifiedCM)
	for _, tc := range []struct {
		name, want string
		corrupt    func(o *Org)
	}{
		{"empty retention", "empty or split", func(o *Org) {
			o.users.setExtra(o.users.at(0), &extra{retained: []retention{{0, license.Set{}}}})
		}},
		{"split retention", "empty or split", func(o *Org) {
			o.users.setExtra(o.users.at(0), &extra{retained: []retention{{0, um}, {0, um}}})
		}},
		{"shared manual source", "shares a sparse part", func(o *Org) {
			o.users.setExtra(o.users.at(0), &extra{manual: um, retained: []retention{{0, um}}})
			o.users.at(0).flags = flagSharedExtra
		}},
		{"shared flag without a part", "shares a sparse part", func(o *Org) { o.users.at(0).flags |= flagSharedExtra }},
		{"shared part kept wrong", "its step", func(o *Org) {
			o.shared.steps = []sharedStep{{stepKey{nil, 0, license.UnifiedCM, true}, &extra{retained: []retention{{1, um}}}}}
		}},
		{"shared step not found", "is found at", func(o *Org) {
			for i := range scanShared + 1 {
				o.retain(&user{}, TemplateID(i), license.UnifiedCM)
			}
			delete(o.shared.byStep, o.shared.steps[3].stepKey)
		}},
		{"shared part kept for nothing", "its step", func(o *Org) {
			o.shared.steps = []sharedStep{{stepKey{nil, 0, license.UnifiedCM, true}, nil}}
		}},
		{"group template missing", "group templates recorded", func(o *Org) { o.groupT = o.groupT[:0] }},
		{"group template stale", "not recorded for configs", func(o *Org) {
			o.groupT = []TemplateID{NoTemplate}
		}},
		{"subscription labels stale", "plans would name", func(o *Org) {
			o.labels.subs = []string{"other"}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := base.Clone()
			tc.corrupt(o)
			if err := o.CheckInvariants(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("CheckInvariants = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestOverflowUnits checks the units of a user who holds more than the
// record has room for (setUnit, clearUnit and subOf in org.go): those
// past the record are in Org.overflow, flagged flagOverflow, found,
// moved in place and cleared; a unit cleared from the record takes one
// back from the overflow, and the flag goes with the last; the record's
// slots stay packed, used ones first, and full while the overflow holds
// any.
func TestOverflowUnits(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "a@x.com"}}})
	id := UserID(0)
	u := o.users.at(id)
	want := map[license.Kind]license.SubID{}
	check := func(step string, overflow int) {
		t.Helper()
		for k, s := range want {
			if got := o.subOf(id, u, k); got != s {
				t.Fatalf("%s: unit of %v on %v, want %v", step, k, got, s)
			}
		}
		if overflows(u) != (overflow > 0) || len(o.overflow[id]) != overflow {
			t.Fatalf("%s: flagged %v with %d units outside the record, want %d", step, overflows(u), len(o.overflow[id]), overflow)
		}
		used := 0
		for i, s := range u.units {
			if s.kind != license.NoKind {
				if used++; used != i+1 {
					t.Fatalf("%s: slots %v not packed", step, u.units)
				}
			}
		}
		if overflow > 0 && used < inlineUnits {
			t.Fatalf("%s: %d units outside a record with free slots %v", step, overflow, u.units)
		}
	}
	kinds := make([]license.Kind, inlineUnits+2) // two past the record
	for i := range kinds {
		kinds[i] = license.Kind(i + 2)
		want[kinds[i]] = license.SubID(i % 3)
		o.setUnit(id, u, kinds[i], want[kinds[i]])
	}
	check("set", 2)
	for _, k := range []license.Kind{kinds[0], kinds[inlineUnits]} { // a unit in the record, one past it
		want[k] = 7
		o.setUnit(id, u, k, 7)
		check("moved", 2)
	}
	want[kinds[inlineUnits]] = license.NoSub
	o.clearUnit(id, u, kinds[inlineUnits]) // the first past the record
	check("cleared past the record", 1)
	for i, k := range []license.Kind{kinds[1], kinds[2], kinds[3], kinds[inlineUnits-1]} {
		want[k] = license.NoSub
		o.clearUnit(id, u, k) // from the record: one comes back from the overflow while any is left
		check(fmt.Sprintf("cleared %v", k), max(0, -i))
	}
	o.clearUnit(id, u, kinds[1]) // not held: nothing
	check("cleared again", 0)
	for _, k := range kinds {
		want[k] = license.NoSub
		o.clearUnit(id, u, k)
		check("cleared all", 0)
	}
	if o.overflow[id] != nil || u.units != emptyUnits() {
		t.Fatalf("nothing held: overflow %v, slots %v", o.overflow[id], u.units)
	}
	o.setUnit(id, u, kinds[0], 1)
	o.setUnit(id, u, kinds[1], 1)
	o.clearUnit(id, u, kinds[0]) // the last used slot fills the hole
	if u.units[0] != (unit{kinds[1], 1}) || u.units[1].kind != license.NoKind {
		t.Fatalf("slots %v after clearing the first of two", u.units)
	}
}

// TestVersionCountsPlans checks that Version counts the applied plans,
// whichever way Apply takes them (applyByUser or three passes).
func TestVersionCountsPlans(t *testing.T) {
	o := New("o", license.MustDefault())
	for i, a := range []Action{AddGroup{Name: "g"}, AddUsers{Users: []NewUser{{Email: "a@x.com", Groups: []string{"g"}}}}, DeleteUser{User: "a@x.com"}} {
		mustDoInternal(t, o, a)
		if got := o.Version(); got != uint64(i+1) {
			t.Fatalf("after %d plans: Version %d", i+1, got)
		}
	}
}

// TestApplyEditsOfUsers checks that plans whose edits change existing
// users' status, deleting or activating them, are applied as in three
// simple passes (keepsUsers in edit.go): the app views of a user who
// signs in, of a deleted user and of a new user are what three passes
// make of them.
func TestApplyEditsOfUsers(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.UnifiedCM: 5}}})
	mustDoInternal(t, o, AddUsers{Users: []NewUser{
		{Email: "a@x.com", Explicit: true, Licenses: []license.Kind{license.BasicMessaging, license.UnifiedCM}},
		{Email: "b@x.com", Status: Inactive},
	}})
	for _, a := range []Action{SignIn{User: "b@x.com"}, DeleteUser{User: "a@x.com"},
		AddUsers{Users: []NewUser{{Email: "c@x.com", Explicit: true, Licenses: []license.Kind{license.BasicMessaging, license.UnifiedCM}}}}} {
		passes := o.Clone()
		passes.threePasses = true
		if _, err := passes.Do(a); err != nil {
			t.Fatal(err)
		}
		passes.threePasses = false
		mustDoInternal(t, o, a)
		if !sameOrg(passes, o) {
			t.Fatalf("%v: Apply and three passes differ (-three +one):\n%s", a, cmp.Diff(passes, o, deepOrg))
		}
	}
}

// TestPlanActionDescribed checks that a plan describes an action that
// knows the org's catalog by it (describe), when the planner left the
// description empty: a kind of a caller's catalog goes by its name.
func TestPlanActionDescribed(t *testing.T) {
	b := license.NewBuilder()
	base := b.AddKind(license.Info{Name: "Base", Code: "BASE", Category: license.Messaging})
	widget := b.AddKind(license.Info{Name: "Widget", Code: "WDG", Category: license.Calling})
	cat, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	o := New("o", cat)
	mustDoInternal(t, o, SaveTemplate{Name: "T", Licenses: []Entry{{Kind: base}, {Kind: widget}}})
	p, err := o.Plan(RemoveService{Template: "T", Kind: widget})
	if err != nil {
		t.Fatal(err)
	}
	if want := `remove service Widget from "T"`; p.Action != want {
		t.Fatalf("Action = %q, want %q", p.Action, want)
	}
}

// TestUnitKeyOfIsCanonical checks that a class key's units do not depend
// on the slots a user's units sit in: every order of the same units gives
// one key, in kind order with the free slots last, so that users who hold
// the same units share a class however they came by them.
func TestUnitKeyOfIsCanonical(t *testing.T) {
	held := []unit{{license.UnifiedCM, 2}, {license.BasicMessaging, 0}, {license.CXEssential, 1}, {license.AdvancedMessaging, 0}}
	want := unitKey(emptyUnits())
	sorted := slices.SortedFunc(slices.Values(held), func(x, y unit) int { return int(x.kind) - int(y.kind) })
	copy(want[:], sorted)
	slots := []int{0, 1, 2, 3, 4, 5}
	for n := 0; n < 200; n++ { // slot layouts: the units in every order, at every place among the free slots
		u := user{units: emptyUnits()}
		for i, x := range held {
			u.units[slots[i]] = x
		}
		if got := unitKeyOf(&u); got != want {
			t.Fatalf("units in slots %v: key %v, want %v", slots[:len(held)], got, want)
		}
		nextPermutation(slots)
	}
}

// nextPermutation steps p to the next permutation in lexical order,
// wrapping from the last to the first.
func nextPermutation(p []int) {
	i := len(p) - 2
	for i >= 0 && p[i] >= p[i+1] {
		i--
	}
	if i >= 0 {
		j := len(p) - 1
		for p[j] <= p[i] {
			j--
		}
		p[i], p[j] = p[j], p[i]
	}
	slices.Reverse(p[i+1:])
}
