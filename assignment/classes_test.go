package assignment

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wxlicense/wxlicense/license"
)

// classesOrg returns an org of cat in group mode, with a subscription "s"
// of n Advanced Messaging units and classGroups+1 groups, and their
// names: one more group than a class key holds.
func classesOrg(t *testing.T, cat *license.Catalog, n int) (*Org, []string) {
	t.Helper()
	o := New("o", cat)
	mustDoInternal(t, o, SwitchMode{Mode: GroupMode})
	mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.AdvancedMessaging: n}}})
	var groups []string
	for i := range classGroups + 1 {
		groups = append(groups, fmt.Sprintf("g%d", i))
		mustDoInternal(t, o, AddGroup{Name: groups[i]})
	}
	return o, groups
}

// TestClasses checks the classes Apply keeps (classes.go): alike users
// share one, a user in more groups than a key holds and a deleted user are
// in none, a change of held set, sparse part, groups or administered
// sites moves a user to the class of their new key, and classWrong finds
// a user whose recorded class is stale.
func TestClasses(t *testing.T) {
	o, groups := classesOrg(t, license.MustDefault("a.webex.com"), 5)
	mustDoInternal(t, o, AddUsers{Users: []NewUser{
		{Email: "a@x.com", Groups: groups[:1]}, {Email: "b@x.com", Groups: groups[:1]},
		{Email: "c@x.com", Groups: groups}, {Email: "d@x.com", Groups: groups[:1]},
	}})
	class := func(email string) uint32 {
		id, _ := o.LookupUser(email)
		return o.class[id]
	}
	check := func(step string) {
		t.Helper()
		if id, ok := o.classWrong(); !ok {
			t.Fatalf("%s: user %d in the wrong class", step, id)
		}
	}
	check("added")
	if a, b := class("a@x.com"), class("b@x.com"); a != b || a < firstClass {
		t.Fatalf("alike users in classes %d and %d", a, b)
	}
	if c := class("c@x.com"); c != classAlone {
		t.Fatalf("a user in %d groups is in class %d, want classAlone", classGroups+1, c)
	}
	mustDoInternal(t, o, ModifyLicenses{User: "a@x.com", Ops: []LicenseOp{{Kind: license.AdvancedMessaging}}})
	check("a's licenses")
	if class("a@x.com") == class("b@x.com") {
		t.Fatal("a user who gained a license stayed in the class of one who did not")
	}
	mustDoInternal(t, o, ModifyLicenses{User: "b@x.com", Ops: []LicenseOp{{Kind: license.AdvancedMessaging}}})
	check("b's licenses")
	if class("a@x.com") != class("b@x.com") {
		t.Fatal("users alike again are in different classes")
	}
	mustDoInternal(t, o, JoinGroup{User: "b@x.com", Group: groups[1]})
	check("b joined")
	mustDoInternal(t, o, SetSiteAdmin{User: "d@x.com", Site: "a.webex.com"})
	check("d administers a site")
	if class("d@x.com") == class("b@x.com") {
		t.Fatal("a site admin shares the class of a user who is not")
	}
	mustDoInternal(t, o, DeleteUser{User: "a@x.com"})
	check("a deleted")
	id, _ := o.LookupUser("b@x.com")
	if o.class[0] != classDeleted || o.live(0) || !o.live(id) {
		t.Fatalf("deleted user's class %d", o.class[0])
	}
	o.class[id] = o.class[3] // d's class: stale for b
	if got, ok := o.classWrong(); ok || got != id {
		t.Fatalf("classWrong = %d, %v; want %d, false", got, ok, id)
	}
	if err := o.CheckInvariants(); err == nil {
		t.Fatal("CheckInvariants misses a stale class")
	}
}

// TestClassMoves checks the cache of class changes (classes.move): users
// of two classes that differ only in groups, given the same held set,
// land in two classes, each the class of their new key, whatever the
// cache held before; a user in exactly classGroups groups has a class.
func TestClassMoves(t *testing.T) {
	var cs classes
	key := func(g GroupID, held license.Set) classKey {
		k := classKey{held: held, groups: [classGroups]GroupID{g, NoGroup, NoGroup, NoGroup}}
		return k
	}
	held := license.SetOf(license.BasicMessaging)
	var from []uint32 // more classes than the cache has slots
	for g := range GroupID(3 * len(cs.moves)) {
		from = append(from, cs.intern(key(g, license.Set{})))
	}
	for range 2 { // the second round on answers the cache holds
		for _, c := range from {
			to := cs.move(c, held, unitKey{}, false)
			want := key(cs.keys[c-firstClass].groups[0], held)
			if got := cs.keys[to-firstClass]; got != want {
				t.Fatalf("move from class %d: key %+v, want %+v", c, got, want)
			}
			if same := cs.move(c, license.Set{}, unitKey{}, false); same != c {
				t.Fatalf("an unchanged key moved class %d to %d", c, same)
			}
		}
	}
	for _, c := range from {
		to := cs.move(c, held, unitKey{}, false)
		if back := cs.move(to, license.Set{}, unitKey{}, false); back != c {
			t.Fatalf("moving back from %d: class %d, want %d", to, back, c)
		}
	}
	a := from[1]
	if sparse := cs.move(a, held, unitKey{}, true); cs.keys[sparse-firstClass] != (classKey{held: held, groups: key(1, held).groups, sparse: true}) {
		t.Fatalf("a user gaining a sparse part: class key %+v", cs.keys[sparse-firstClass])
	}
	// the same held set on other units is another class, also once cached
	units := unitKey{{license.UnifiedCM, 1}}
	for range 2 {
		on := cs.move(a, held, units, false)
		if want := (classKey{held: held, groups: key(1, held).groups, units: units}); cs.keys[on-firstClass] != want {
			t.Fatalf("a user whose unit moved: class key %+v, want %+v", cs.keys[on-firstClass], want)
		}
	}
	// many held sets from one class share the cache's slots: each answer
	// is the class of its own held set, never of another that shared it
	kinds := []license.Kind{license.BasicMessaging, license.AdvancedMessaging, license.BasicMeetings, license.CallOnWebex,
		license.UnifiedCM, license.CXEssential, license.AdvancedSpaceMeetings, license.ContactCenterStandard}
	for round := range 2 {
		for mask := range 1 << len(kinds) {
			var h license.Set
			for i, k := range kinds {
				if mask&(1<<i) != 0 {
					h = h.Add(k)
				}
			}
			if to := cs.move(a, h, units, false); cs.keys[to-firstClass] != (classKey{held: h, groups: key(1, h).groups, units: units}) {
				t.Fatalf("round %d, held %v: class key %+v", round, h, cs.keys[to-firstClass])
			}
		}
	}
	o := New("o", license.MustDefault())
	var u user
	o.users.setGroups(&u, []GroupID{0, 1, 2, 3})
	if c := o.internClass(&u); c < firstClass {
		t.Fatalf("a user in %d groups: class %d, want a class of alike users", classGroups, c)
	}
}

// TestClassReplay checks what a class's other users get from the first
// user's decision (replay in engine.go), where the plan would look right
// but for them: the units their removals free go to users granted later
// in the same plan, and each of them is listed as losing Webex Calling
// (CAL-9).
func TestClassReplay(t *testing.T) {
	setup := func(t *testing.T, units int, kind license.Kind) *Org {
		o := New("o", license.MustDefault())
		mustDoInternal(t, o, SwitchMode{Mode: GroupMode})
		mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{kind: units}}})
		for _, g := range []string{"g", "h"} {
			mustDoInternal(t, o, AddGroup{Name: g})
			mustDoInternal(t, o, SaveTemplate{Group: g, Licenses: []Entry{{Kind: license.BasicMessaging}, {Kind: kind}}})
		}
		return o
	}
	t.Run("freed units", func(t *testing.T) {
		o := setup(t, 2, license.UnifiedCM)
		// a1 and a2 take both units; b1 and b2, also in h, get none
		mustDoInternal(t, o, AddUsers{Users: []NewUser{
			{Email: "a1@x.com", Groups: []string{"g"}}, {Email: "a2@x.com", Groups: []string{"g"}},
			{Email: "b1@x.com", Groups: []string{"g", "h"}}, {Email: "b2@x.com", Groups: []string{"g", "h"}},
		}})
		// g stops granting Unified CM: a1 and a2 lose it, and b1 and b2,
		// whose h still grants it, get the two units freed
		p, err := o.Plan(SaveTemplate{Group: "g", Licenses: []Entry{{Kind: license.BasicMessaging}}, Scope: Existing, PreserveOff: true})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range p.Changes {
			if c.Kind == license.UnifiedCM {
				got = append(got, fmt.Sprintf("%s %s", o.users.emailOf(c.User), c.Op))
			}
		}
		want := []string{"a1@x.com remove", "a2@x.com remove", "b1@x.com grant", "b2@x.com grant"}
		if d := cmp.Diff(want, got); d != "" || len(p.Shortfalls) != 0 {
			t.Fatalf("Unified CM changes (-want +got):\n%s\nshortfalls %v", d, p.Shortfalls)
		}
	})
	t.Run("calling removals", func(t *testing.T) {
		o := setup(t, 5, license.CallingProfessional)
		pl := Placement{Location: "HQ", Number: "+15550100"}
		mustDoInternal(t, o, AddUsers{Users: []NewUser{
			{Email: "a1@x.com", Groups: []string{"g"}, Placement: pl}, {Email: "a2@x.com", Groups: []string{"g"}, Placement: pl},
		}})
		_, err := o.Plan(SaveTemplate{Group: "g", Licenses: []Entry{{Kind: license.BasicMessaging}}, Scope: Existing, PreserveOff: true})
		var ack *AckError
		if !errors.As(err, &ack) {
			t.Fatalf("err = %v, want an AckError", err)
		}
		if d := cmp.Diff([]string{"a1@x.com", "a2@x.com"}, ack.Users); d != "" {
			t.Fatalf("users losing Webex Calling (-want +got):\n%s", d)
		}
	})
}

// TestClassChanges checks the cache of class changes by users' changes
// (classChanges in classes.go): users of one class with a sparse part
// who get the same changes land in different classes when one's sparse
// part empties and the other's does not; users of two classes whose
// cache slots coincide land each in their own class. It runs for a
// user's only change (the one table, through reclass and through
// applyAlone's own lookup) and for two changes each (the many table).
func TestClassChanges(t *testing.T) {
	// subscription "s" is the first: SubID 0
	remove := Change{Kind: license.UnifiedCM, Op: Remove, Sub: 0, From: license.NoSub, Reason: BecauseManual, Template: NoTemplate}
	grant := Change{Kind: license.AdvancedMessaging, Op: Grant, Sub: 0, From: license.NoSub, Reason: BecauseManual, Template: NoTemplate, Source: FromTemplate}
	grantCX := Change{Kind: license.CXEssential, Op: Grant, Sub: license.NoSub, From: license.NoSub, Reason: BecauseManual, Template: NoTemplate, Source: FromTemplate}
	sizes := newClassChanges(1024)
	for _, tc := range []struct {
		name     string
		ab, cd   []Change // a's and b's changes, c's and d's
		collide  func(c, d uint32) bool
		viaAlone bool // applyAlone, not reclass
	}{
		{"one change", []Change{remove}, []Change{grant},
			func(c, d uint32) bool { return c%uint32(len(sizes.one)) == d%uint32(len(sizes.one)) }, false},
		{"one change, applyAlone", []Change{remove}, []Change{grant},
			func(c, d uint32) bool { return c%uint32(len(sizes.one)) == d%uint32(len(sizes.one)) }, true},
		{"two changes", []Change{remove, grantCX}, []Change{grant, grantCX},
			func(c, d uint32) bool {
				return sizes.manySlot(c, false, []Change{grant, grantCX}) == sizes.manySlot(d, false, []Change{grant, grantCX})
			}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, ids := classChangesOrg(t, tc.collide)
			cc := newClassChanges(1024)
			apply := func(e string, cs []Change) {
				var mine []Change
				for _, c := range cs {
					c.User = ids[e]
					mine = append(mine, c)
				}
				if tc.viaAlone {
					var tally unitTally
					pass := o.appPass(1)
					if n := o.applyAlone(mine, &tally, &cc, &pass); n != 1 {
						t.Fatalf("applyAlone applied %d changes of %s's one", n, e)
					}
					tally.flush(o.ledger)
					pass.done()
				} else {
					for _, c := range mine {
						o.applyChange(c)
					}
					cc.reclass(o, ids[e], mine)
				}
				if id, ok := o.classWrong(); !ok {
					t.Fatalf("after the changes of %s, user %d is in the wrong class", e, id)
				}
			}
			apply("a@x.com", tc.ab) // a's sparse part empties
			apply("b@x.com", tc.ab) // b's does not
			apply("c@x.com", tc.cd)
			apply("d@x.com", tc.cd)
		})
	}
}

// TestClassChangesSameFirst checks that two users of one class whose
// changes agree but for the second land each in the class of their key:
// the cache of two to four changes reads every change, not the first.
func TestClassChangesSameFirst(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.UnifiedCM: 10, license.AdvancedMessaging: 10}}})
	mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "x@x.com"}, {Email: "y@x.com"}}})
	if o.class[0] != o.class[1] {
		t.Fatalf("classes %v: want x and y alike", o.class)
	}
	am := Change{Kind: license.AdvancedMessaging, Op: Grant, Sub: 0, From: license.NoSub, Reason: BecauseManual, Template: NoTemplate, Source: FromTemplate}
	second := []Change{
		{Kind: license.CXEssential, Op: Grant, Sub: license.NoSub, From: license.NoSub, Reason: BecauseManual, Template: NoTemplate, Source: FromTemplate},
		{Kind: license.UnifiedCM, Op: Grant, Sub: 0, From: license.NoSub, Reason: BecauseManual, Template: NoTemplate, Source: FromTemplate},
	}
	cc := newClassChanges(1024)
	for id, c := range second {
		mine := []Change{am, c}
		for i := range mine {
			mine[i].User = UserID(id)
			o.applyChange(mine[i])
		}
		cc.reclass(o, UserID(id), mine)
	}
	if id, ok := o.classWrong(); !ok {
		t.Fatalf("user %d is in the wrong class", id)
	}
}

// TestClassChangesOutsideClasses checks that the cache of class changes
// leaves users outside classes alone: x, in more groups than a class key
// holds, and y, with units past the record, both get the same removal;
// x stays outside any class, y lands in the class of its key.
func TestClassChangesOutsideClasses(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.AdvancedMessaging: 10}}})
	var groups []string
	for i := range classGroups + 1 {
		groups = append(groups, fmt.Sprintf("g%d", i))
		mustDoInternal(t, o, AddGroup{Name: groups[i]})
	}
	mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "x@x.com", Groups: groups}, {Email: "y@x.com"}}})
	for _, e := range []string{"x@x.com", "y@x.com"} {
		mustDoInternal(t, o, ModifyLicenses{User: e, Ops: []LicenseOp{{Kind: license.AdvancedMessaging}}})
	}
	y := o.users.at(1)
	for k := license.Kind(1); y.flags&flagOverflow == 0; k++ { // fill the record past its slots
		if k != license.AdvancedMessaging {
			o.setUnit(1, y, k, 0)
		}
	}
	o.reclass(1)
	if o.class[0] != classAlone || o.class[1] != classAlone {
		t.Fatalf("classes %v: want both outside classes", o.class)
	}
	cc := newClassChanges(1024)
	for id := range UserID(2) {
		c := Change{User: id, Kind: license.AdvancedMessaging, Op: Remove, Sub: 0, From: license.NoSub, Reason: BecauseManual, Template: NoTemplate}
		o.applyChange(c)
		cc.reclass(o, id, []Change{c})
	}
	if id, ok := o.classWrong(); !ok {
		t.Fatalf("user %d is in the wrong class (classes %v)", id, o.class)
	}
	if o.class[1] < firstClass {
		t.Fatalf("y in class %d, want a class of its key", o.class[1])
	}
}

// classChangesOrg is TestClassChanges' org: a, b and c in one class of
// group g, holding Basic Messaging and Unified CM, a's manual source
// Unified CM's alone and b's both, c holding Basic Messaging alone; and d
// in group h, in a class collide says coincides with c's in a cache.
func classChangesOrg(t *testing.T, collide func(c, d uint32) bool) (*Org, map[string]UserID) {
	t.Helper()
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, SwitchMode{Mode: GroupMode})
	mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.UnifiedCM: 10, license.AdvancedMessaging: 10}}})
	for _, g := range []string{"g", "h"} {
		mustDoInternal(t, o, AddGroup{Name: g})
		mustDoInternal(t, o, SaveTemplate{Group: g, Licenses: []Entry{{Kind: license.BasicMessaging}}})
	}
	mustDoInternal(t, o, AddUsers{Users: []NewUser{
		{Email: "a@x.com", Groups: []string{"g"}},
		{Email: "b@x.com", Groups: []string{"g"}, Explicit: true, Licenses: []license.Kind{license.UnifiedCM, license.BasicMessaging}},
		{Email: "c@x.com", Groups: []string{"g"}},
	}})
	mustDoInternal(t, o, ModifyLicenses{User: "a@x.com", Ops: []LicenseOp{{Kind: license.UnifiedCM}}})
	c, _ := o.LookupUser("c@x.com")
	base := o
	for n := 0; ; n++ { // classes between c's and d's, so that their slots coincide
		if n > 10000 {
			t.Fatal("no class of d coincides with c's")
		}
		o = base.Clone()
		for i := range n {
			o.classes.intern(classKey{held: license.SetOf(license.CXEssential), groups: [classGroups]GroupID{GroupID(i)}})
		}
		mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "d@x.com", Groups: []string{"h"}}}})
		if collide(o.class[c], o.class[len(o.class)-1]) {
			break
		}
	}
	ids := map[string]UserID{}
	for _, e := range []string{"a@x.com", "b@x.com", "c@x.com", "d@x.com"} {
		ids[e], _ = o.LookupUser(e)
	}
	if o.class[ids["a@x.com"]] != o.class[ids["b@x.com"]] || o.class[ids["c@x.com"]] == o.class[ids["d@x.com"]] {
		t.Fatalf("classes %v: want a and b alike, c and d apart", o.class)
	}
	return o, ids
}

// TestClassChangesOne checks the cache of a user's only change
// (classChanges.one): users of one class whose only changes differ in the
// subscription, the kind or the operation alone land each in the class
// of their key.
func TestClassChangesOne(t *testing.T) {
	ucm := license.UnifiedCM
	for _, tc := range []struct {
		name string
		a, b Change
	}{
		{"grants from two subscriptions",
			Change{Kind: ucm, Op: Grant, Sub: 0, From: license.NoSub, Reason: BecauseManual, Template: NoTemplate, Source: FromTemplate},
			Change{Kind: ucm, Op: Grant, Sub: 1, From: license.NoSub, Reason: BecauseManual, Template: NoTemplate, Source: FromTemplate}},
		{"grants of two kinds",
			Change{Kind: ucm, Op: Grant, Sub: 0, From: license.NoSub, Reason: BecauseManual, Template: NoTemplate, Source: FromTemplate},
			Change{Kind: license.AdvancedMessaging, Op: Grant, Sub: 0, From: license.NoSub, Reason: BecauseManual, Template: NoTemplate, Source: FromTemplate}},
		{"a source back, then a removal",
			Change{Kind: license.BasicMessaging, Op: AddSource, Sub: license.NoSub, From: license.NoSub, Template: NoTemplate, Source: FromTemplate},
			Change{Kind: license.BasicMessaging, Op: Remove, Sub: license.NoSub, From: license.NoSub, Reason: BecauseManual, Template: NoTemplate}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := New("o", license.MustDefault())
			mustDoInternal(t, o, SwitchMode{Mode: GroupMode})
			for _, id := range []string{"s1", "s2"} {
				mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: id, Units: map[license.Kind]int{ucm: 10, license.AdvancedMessaging: 10}}})
			}
			mustDoInternal(t, o, AddGroup{Name: "g"})
			mustDoInternal(t, o, SaveTemplate{Group: "g", Licenses: []Entry{{Kind: license.BasicMessaging}}})
			mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "a@x.com", Groups: []string{"g"}}, {Email: "b@x.com", Groups: []string{"g"}}}})
			if o.class[0] != o.class[1] {
				t.Fatalf("classes %v: want a and b alike", o.class)
			}
			cc := newClassChanges(1024)
			for id, c := range []Change{tc.a, tc.b} {
				c.User = UserID(id)
				o.applyChange(c)
				cc.reclass(o, c.User, []Change{c})
			}
			if id, ok := o.classWrong(); !ok {
				t.Fatalf("user %d is in the wrong class", id)
			}
			if o.class[0] == o.class[1] {
				t.Errorf("a and b in one class %d after different changes", o.class[0])
			}
		})
	}
}

// TestRecycledApplication checks that a plan made with the memory of an
// earlier application (spareApps) is the plan a fresh application makes:
// membership changes and saves alternate between two orgs of different
// shapes (templates, subscriptions, classes), each compared with the same
// action planned with an empty pool.
func TestRecycledApplication(t *testing.T) {
	orgs := []*Org{New("a", license.MustDefault()), New("b", license.MustDefault())}
	for n, o := range orgs {
		mustDoInternal(t, o, SwitchMode{Mode: GroupMode})
		mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.UnifiedCM: 3 + n, license.AdvancedMessaging: 2}}})
		for g := range 3 + 2*n {
			name := fmt.Sprint("g", g)
			mustDoInternal(t, o, AddGroup{Name: name})
			ks := []Entry{{Kind: license.BasicMessaging}, {Kind: []license.Kind{license.UnifiedCM, license.AdvancedMessaging}[(g+n)%2]}}
			mustDoInternal(t, o, SaveTemplate{Group: name, Licenses: ks})
		}
		var users []NewUser
		for i := range 6 {
			users = append(users, NewUser{Email: fmt.Sprintf("u%d@x.com", i), Groups: []string{fmt.Sprint("g", i%(3+n))}})
		}
		mustDoInternal(t, o, AddUsers{Users: users})
	}
	// same reports whether plan gives the same plan with the pool as it is
	// and with an empty one
	same := func(o *Org, a Action) *Plan {
		t.Helper()
		recycled, errR := o.Plan(a)
		spareApps = sync.Pool{}
		fresh, errF := o.Plan(a)
		if fmt.Sprint(errR) != fmt.Sprint(errF) {
			t.Fatalf("%v: errors %v and %v", a, errR, errF)
		}
		if errR != nil {
			return nil
		}
		if d := cmp.Diff(fresh.Lines(), recycled.Lines()); d != "" {
			t.Fatalf("%v: plan with a recycled application (-fresh +recycled):\n%s", a, d)
		}
		return recycled
	}
	for i := range 12 {
		o := orgs[i%2]
		a := Action(JoinGroup{User: fmt.Sprintf("u%d@x.com", i/2), Group: "g2"})
		if i%3 == 0 {
			a = MoveUser{User: fmt.Sprintf("u%d@x.com", i/2), From: fmt.Sprint("g", (i/2)%(3+i%2)), To: "g1"}
		}
		if p := same(o, a); p != nil {
			if err := o.Apply(p); err != nil {
				t.Fatal(err)
			}
		}
		// a save after a save on the other org gets its application
		ks := []Entry{{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging}, {Kind: license.UnifiedCM}}
		if _, err := o.Plan(SaveTemplate{Group: "g0", Licenses: ks[:3-i%2], Scope: Existing, PreserveOff: true}); err != nil {
			t.Fatal(err)
		}
		same(orgs[(i+1)%2], SaveTemplate{Group: "g1", Licenses: ks[:2+i%2], Scope: Existing, PreserveOff: i%4 < 2})
		// the other plans that recycle their application, each planned
		// after one on the other org; none of them applied
		other := orgs[(i+1)%2]
		u := fmt.Sprintf("u%d@x.com", i%6)
		csv := "User ID/Email (Required)," + CSVColumn{Kind: license.UnifiedCM}.Header(o.Catalog()) + "\n" + u + ",FALSE\n"
		for _, a := range []Action{
			AddUsers{Users: []NewUser{{Email: fmt.Sprintf("new%d@x.com", i), Groups: []string{"g0", "g1"}}, {Email: "plain@x.com"}}},
			ImportCSV{Data: []byte(csv), Ack: true},
			UpdateLicenses{User: u, Licenses: []license.Kind{license.BasicMessaging}, Ack: true},
			DeleteUser{User: u},
			CancelSubscription{Subscription: "s"},
		} {
			if _, err := other.Plan(SaveTemplate{Group: "g0", Licenses: ks[:2+i%2], Scope: Existing, PreserveOff: true}); err != nil {
				t.Fatal(err)
			}
			same(o, a)
		}
	}
}

// TestPlanOwnsItsMemory checks that a plan shares no memory with the
// application that made it (recycle): a plan's lines stay as they were
// while later plans reuse that application's memory.
func TestPlanOwnsItsMemory(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, SwitchMode{Mode: GroupMode})
	mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.UnifiedCM: 10, license.AdvancedMessaging: 10}}})
	for g, k := range []license.Kind{license.UnifiedCM, license.AdvancedMessaging} {
		mustDoInternal(t, o, AddGroup{Name: fmt.Sprint("g", g)})
		mustDoInternal(t, o, SaveTemplate{Group: fmt.Sprint("g", g), Licenses: []Entry{{Kind: license.BasicMessaging}, {Kind: k}}})
	}
	mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "a@x.com", Groups: []string{"g0"}}, {Email: "b@x.com", Groups: []string{"g1"}}}})
	csv := "User ID/Email (Required)," + CSVColumn{Kind: license.UnifiedCM}.Header(o.Catalog()) + "\na@x.com,FALSE\n"
	b, _ := o.LookupUser("b@x.com")
	info, _ := o.User(b)
	held := info.Licenses
	acts := []Action{
		AddUsers{Users: []NewUser{{Email: "c@x.com", Groups: []string{"g0", "g1"}}, {Email: "d@x.com", Groups: []string{"g1"}}}},
		ImportCSV{Data: []byte(csv), Ack: true},
		UpdateLicenses{User: "b@x.com", Licenses: slices.Collect(held.Remove(license.AdvancedMessaging).All()), Ack: true},
		DeleteUser{User: "a@x.com"},
		CancelSubscription{Subscription: "s"},
		SaveTemplate{Group: "g0", Licenses: []Entry{{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging}}, Scope: Existing, PreserveOff: true},
		JoinGroup{User: "a@x.com", Group: "g1"},
	}
	var plans []*Plan
	var lines [][]string
	for _, a := range acts {
		p, err := o.Plan(a)
		if err != nil {
			t.Fatalf("%v: %v", a, err)
		}
		plans, lines = append(plans, p), append(lines, p.Lines())
	}
	for _, a := range acts { // again, reusing the memory of the last
		if _, err := o.Plan(a); err != nil {
			t.Fatalf("%v: %v", a, err)
		}
	}
	for i, p := range plans {
		if d := cmp.Diff(lines[i], p.Lines()); d != "" {
			t.Errorf("%v: the plan changed after later plans (-before +after):\n%s", acts[i], d)
		}
	}
	// nor does an applied plan change as the org goes on from it
	if err := o.Apply(plans[0]); err != nil {
		t.Fatal(err)
	}
	mustDoInternal(t, o, JoinGroup{User: "d@x.com", Group: "g0"})
	mustDoInternal(t, o, DeleteUser{User: "c@x.com"})
	if d := cmp.Diff(lines[0], plans[0].Lines()); d != "" {
		t.Errorf("%v: the plan changed after it was applied (-before +after):\n%s", acts[0], d)
	}
}

// applyChange applies one change as the general path of Apply does:
// units, then the user's record.
func (o *Org) applyChange(c Change) {
	o.applyUnits(c)
	o.applyRecord(c)
}

// applyRecord applies a change to the user's record: all but units.
func (o *Org) applyRecord(c Change) { o.applyRecordTo(o.users.at(c.User), c) }

// TestClassOfAddedUsers checks the class of users Apply adds, by either
// way of applying (one pass by user, three passes): each is in the class
// of their record once their changes are applied, also one with no change
// at all (an explicit user with no licenses while e-mails are
// suppressed), and a user in more groups than a key holds is alone. No
// class is interned that no user is in: a record as created, before its
// grants, makes none.
func TestClassOfAddedUsers(t *testing.T) {
	for _, three := range []bool{false, true} {
		o, groups := classesOrg(t, license.MustDefault(), 50)
		o.threePasses = three
		mustDoInternal(t, o, SaveTemplate{Group: "g0", Licenses: []Entry{{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging}}})
		for _, suppress := range []bool{false, true} {
			mustDoInternal(t, o, SetSetting{Setting: SettingSuppressEmails, On: suppress, Ack: true})
			p := fmt.Sprintf("%v-%v-", three, suppress)
			mustDoInternal(t, o, AddUsers{Users: []NewUser{
				{Email: p + "a@x.com", Groups: groups[:1]}, {Email: p + "b@x.com", Groups: groups[1:2]},
				{Email: p + "c@x.com", Groups: groups}, {Email: p + "d@x.com", Explicit: true},
				{Email: p + "e@x.com", Explicit: true, Licenses: []license.Kind{license.BasicMessaging}}, {Email: p + "f@x.com", Groups: groups[:1]},
			}})
			if id, ok := o.classWrong(); !ok {
				t.Fatalf("three passes %v, e-mails suppressed %v: user %d in the wrong class", three, suppress, id)
			}
			c, _ := o.LookupUser(p + "c@x.com")
			if o.class[c] != classAlone {
				t.Errorf("three passes %v: a user in %d groups is in class %d, want classAlone", three, classGroups+1, o.class[c])
			}
			a, _ := o.LookupUser(p + "a@x.com")
			f, _ := o.LookupUser(p + "f@x.com")
			if o.class[a] != o.class[f] || o.class[a] < firstClass {
				t.Errorf("three passes %v: alike added users in classes %d and %d", three, o.class[a], o.class[f])
			}
		}
		in := map[uint32]bool{}
		for _, c := range o.class {
			in[c] = true
		}
		for i := range o.classes.keys {
			if c := firstClass + uint32(i); !in[c] {
				t.Errorf("three passes %v: class %d (%+v) holds no user", three, c, o.classes.keys[i])
			}
		}
	}
}

// quietPlacer is a placer for orgs whose templates grant no Webex
// Calling: it accepts every placement and holds nothing.
type quietPlacer struct{}

func (quietPlacer) Begin() PlacerSession               { return quietSession{} }
func (quietPlacer) Clone() Placer                      { return quietPlacer{} }
func (quietPlacer) Check(func(UserID) bool, int) error { return nil }

type quietSession struct{}

func (quietSession) Check(UserID, Placement) error        { return nil }
func (quietSession) Prefetch(iter.Seq[PlaceRequest], int) {}
func (quietSession) Release(UserID)                       {}
func (quietSession) NoPlacement(UserID)                   {}
func (quietSession) Mark() int                            { return 0 }
func (quietSession) Rollback(int)                         {}
func (quietSession) Valid() error                         { return nil }
func (quietSession) Commit([]UserID)                      {}
func (quietSession) Destroys(UserID) (Placement, string)  { return Placement{}, "" }
func (quietSession) Place(_ UserID, p Placement, _ string, _ bool) (Placement, string, error) {
	return p, "", nil
}

// TestCreatedShareClass checks which users an AddUsers plan classes by
// an earlier user of the batch (shareClass): only users of one decision
// with the same groups in the same order, a placement or none (the memo
// key leaves it out with a placer), and the same changes, here the same
// subscription once the older one runs out. Apply trusts the plan: a
// wrong hint puts a user in a wrong class.
func TestCreatedShareClass(t *testing.T) {
	o := New("o", license.MustDefault())
	if err := o.SetPlacer(quietPlacer{}); err != nil {
		t.Fatal(err)
	}
	old, later := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, a := range []Action{
		SwitchMode{Mode: GroupMode},
		AddSubscription{Subscription: license.Subscription{ID: "old", Created: old, Units: map[license.Kind]int{license.AdvancedMessaging: 1}}},
		AddSubscription{Subscription: license.Subscription{ID: "new", Created: later, Units: map[license.Kind]int{license.AdvancedMessaging: 20}}},
		AddGroup{Name: "g0"}, AddGroup{Name: "g1"},
		SaveTemplate{Group: "g0", Licenses: []Entry{{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging}}},
	} {
		mustDoInternal(t, o, a)
	}
	hq := Placement{Location: "HQ", Number: "+15550100"}
	users := []NewUser{
		{Email: "a@x.com", Groups: []string{"g0"}},                // the old subscription's unit
		{Email: "b@x.com", Groups: []string{"g0"}},                // the new one's: a new representative
		{Email: "c@x.com", Groups: []string{"g0"}},                // as b
		{Email: "d@x.com", Groups: []string{"g0", "g1"}},          // another group
		{Email: "e@x.com", Groups: []string{"g1", "g0"}},          // in another order
		{Email: "f@x.com", Groups: []string{"g1", "g0"}},          // as e
		{Email: "g@x.com", Groups: []string{"g0"}, Placement: hq}, // placed
		{Email: "h@x.com", Groups: []string{"g0"}, Placement: hq}, // as g
		{Email: "i@x.com", Groups: []string{"g0"}, Explicit: true},
		{Email: "j@x.com", Groups: []string{"g0"}}, // as c, but g took over as the representative
	}
	p, err := o.Plan(AddUsers{Users: users})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]uint32{0, 0, 2, 0, 0, 5, 0, 7, 0, 0}, p.st.created.classAs); diff != "" {
		t.Errorf("classAs (-want +got):\n%s", diff)
	}
	wrong := o.Clone()
	q, err := wrong.Plan(AddUsers{Users: users})
	if err != nil {
		t.Fatal(err)
	}
	q.st.created.classAs[3] = 1 // d as a
	if err := wrong.Apply(q); err != nil {
		t.Fatal(err)
	}
	if id, ok := wrong.classWrong(); ok || id != 3 {
		t.Errorf("a wrong hint: classWrong = %d, %v, want user 3 (d)", id, ok)
	}
	if err := o.Apply(p); err != nil {
		t.Fatal(err)
	}
	if id, ok := o.classWrong(); !ok {
		t.Fatalf("user %d in the wrong class", id)
	}
	class := func(email string) uint32 { id, _ := o.LookupUser(email); return o.class[id] }
	for _, same := range [][2]string{{"b", "c"}, {"b", "j"}, {"e", "f"}, {"g", "h"}} {
		if x, y := class(same[0]+"@x.com"), class(same[1]+"@x.com"); x != y || x < firstClass {
			t.Errorf("%s and %s: classes %d and %d, want one", same[0], same[1], x, y)
		}
	}
}
