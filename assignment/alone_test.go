package assignment

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wxlicense/wxlicense/license"
)

// TestApplyAlone checks Apply's path for a user's only change (applyAlone,
// plan.go), inline and general, with units taken in the pass and before
// it: the org after the last action must equal one that applied it in
// three simple passes, the user named must have one change in a plan
// taken in one pass, and the check must hold.
func TestApplyAlone(t *testing.T) {
	am := []Entry{{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging}}
	basic := []Entry{{Kind: license.BasicMessaging}}
	ann := func(o *Org) UserID { id, _ := o.LookupUser("ann@x.com"); return id }
	for _, tc := range []struct {
		name  string
		setup []Action
		last  Action
		user  string // the user whose only change it is, if not ann
		check func(t *testing.T, o *Org)
	}{{
		// LIC-11: a second template granting a license ann holds adds a
		// current source (AddSource), not a license: her lagging app
		// keeps its catch-up.
		name: "LIC-11 a new source of a held license leaves the app's catch-up",
		setup: []Action{
			SaveTemplate{Group: "g1", Licenses: am, Scope: Existing},
			AdvanceTime{By: time.Hour},
		},
		last: SaveTemplate{Group: "g2", Licenses: am, Scope: Existing},
		check: func(t *testing.T, o *Org) {
			due, lagging := o.AppCatchUp(ann(o))
			if want := day0.Add(2 * MaxAppDelay); !lagging || !due.Equal(want) {
				t.Errorf("ann's app catches up at %v (lagging %v), want %v", due, lagging, want)
			}
		},
	}, {
		// LIC-10: ann's messages and files are no longer kept when the
		// license comes back after the retention period: no restoration,
		// and the kept data is gone.
		name: "LIC-10 a license back after the retention forgets the kept data",
		setup: []Action{
			SetRetention{Period: 24 * time.Hour},
			SaveTemplate{Group: "g1", Licenses: am, Scope: Existing},
			SaveTemplate{Group: "g1", Licenses: basic, Scope: Existing, PreserveOff: true},
			AdvanceTime{By: 48 * time.Hour},
		},
		last: SaveTemplate{Group: "g1", Licenses: am, Scope: Existing},
		check: func(t *testing.T, o *Org) {
			if d := o.kept.get(ann(o)); !d.kinds.IsEmpty() {
				t.Errorf("kept data %+v after the license came back", d)
			}
		},
	}, {
		name:  "LIC-10 a removal keeps the messaging data",
		setup: []Action{SaveTemplate{Group: "g1", Licenses: am, Scope: Existing}},
		last:  SaveTemplate{Group: "g1", Licenses: basic, Scope: Existing, PreserveOff: true},
		check: func(t *testing.T, o *Org) {
			if d := o.kept.get(ann(o)); !d.kinds.Has(license.AdvancedMessaging) {
				t.Errorf("kept data %+v after the removal", d)
			}
		},
	}, {
		name: "a new source for a user with a sparse part goes the general way",
		setup: []Action{
			SaveTemplate{Group: "g1", Licenses: am, Scope: Existing},
			SaveTemplate{Group: "g1", Licenses: basic, Scope: Existing}, // LIC-9: g1 is a retained source
		},
		last: SaveTemplate{Group: "g1", Licenses: am, Scope: Existing}, // current again: no longer retained
		check: func(t *testing.T, o *Org) {
			if u := o.users.at(ann(o)); u.x != 0 || !u.held.Has(license.AdvancedMessaging) {
				t.Errorf("ann holds %v, sparse part %+v", u.held, o.users.extraOf(u))
			}
		},
	}, {
		name: "a user the plan creates, with one change",
		setup: []Action{
			SetSetting{Setting: SettingSuppressEmails, On: true},
			AddGroup{Name: "g3"}, SaveTemplate{Group: "g3", Licenses: []Entry{{Kind: license.CallOnWebex}}},
		},
		last: AddUsers{Users: []NewUser{{Email: "cy@x.com", Groups: []string{"g3"}}}},
		user: "cy@x.com",
		check: func(t *testing.T, o *Org) {
			id, _ := o.LookupUser("cy@x.com")
			if got := o.ActiveLicenses(id); got != license.SetOf(license.CallOnWebex) {
				t.Errorf("cy holds %v", got)
			}
		},
	}, {
		name: "LIC-11 a pending user's app has nothing to catch up",
		setup: []Action{
			SetSetting{Setting: SettingSuppressEmails, On: true},
			AddGroup{Name: "g3"}, SaveTemplate{Group: "g3", Licenses: basic},
			AddUsers{Users: []NewUser{{Email: "cy@x.com", Groups: []string{"g3"}, Status: Inactive}}},
			AdvanceTime{By: MaxAppDelay},
		},
		last: SaveTemplate{Group: "g3", Licenses: []Entry{{Kind: license.BasicMessaging}, {Kind: license.CallOnWebex}}, Scope: Existing},
		user: "cy@x.com",
		check: func(t *testing.T, o *Org) {
			id, _ := o.LookupUser("cy@x.com")
			if _, lagging := o.AppCatchUp(id); lagging || len(o.view.lag) != 0 {
				t.Errorf("pending cy's app lags (%v), or the app view holds %d entries", lagging, len(o.view.lag))
			}
		},
	}, {
		// LIC-8: pinning the newer subscription moves ann off the older
		// one and grants bob, who got no unit before, from the newer: a
		// move and a grant in two runs, the units taken first.
		// ASG-19: bob's removal frees the unit ann's grant takes, in a
		// later run but for an earlier user: the units go first.
		name: "ASG-19 a removal frees the unit of an earlier user's grant",
		setup: []Action{
			AddGroup{Name: "g3"}, SaveTemplate{Group: "g3", Licenses: am},
			AddUsers{Users: []NewUser{{Email: "bob@x.com", Groups: []string{"g3"}}}},
			JoinGroup{User: "ann@x.com", Group: "g3"},
			SaveTemplate{Group: "g2", Licenses: am, Scope: Existing}, // no unit left for ann
		},
		last: SaveTemplate{Group: "g3", Licenses: basic, Scope: Existing, PreserveOff: true},
		check: func(t *testing.T, o *Org) {
			bob, _ := o.LookupUser("bob@x.com")
			if !o.ActiveLicenses(ann(o)).Has(license.AdvancedMessaging) || o.ActiveLicenses(bob).Has(license.AdvancedMessaging) {
				t.Errorf("ann holds %v, bob %v", o.ActiveLicenses(ann(o)), o.ActiveLicenses(bob))
			}
		},
	}, {
		// ASG-20, INV-2: in one run, ann's removal frees the only unit,
		// which bob's manual grant after her takes: the unit ann's
		// removal gives back reaches the ledger before bob's grant takes
		// it (the tally is flushed). Bob's grant goes the general way.
		name: "ASG-20 a removal's unit goes to a later user's manual grant in one run",
		setup: []Action{
			SaveTemplate{Group: "g1", Licenses: am, Scope: Existing},
			AddUsers{Users: []NewUser{{Email: "bob@x.com"}}},
		},
		last: ImportCSV{Data: []byte("User ID/Email (Required),Advanced Messaging\nann@x.com,FALSE\nbob@x.com,TRUE\n"), Ack: true},
		check: func(t *testing.T, o *Org) {
			bob, _ := o.LookupUser("bob@x.com")
			if o.ActiveLicenses(ann(o)).Has(license.AdvancedMessaging) || !o.ActiveLicenses(bob).Has(license.AdvancedMessaging) {
				t.Errorf("ann holds %v, bob %v", o.ActiveLicenses(ann(o)), o.ActiveLicenses(bob))
			}
		},
	}, {
		// The same with two changes for bob: his are gathered, and the
		// unit still reaches the ledger first.
		name: "ASG-20 a removal's unit goes to a later user's two changes in one run",
		setup: []Action{
			SaveTemplate{Group: "g1", Licenses: am, Scope: Existing},
			AddUsers{Users: []NewUser{{Email: "bob@x.com"}}},
		},
		last: ImportCSV{Data: []byte("User ID/Email (Required),Advanced Messaging," + CSVColumn{Kind: license.BasicMeetings}.Header(license.MustDefault()) +
			"\nann@x.com,FALSE,\nbob@x.com,TRUE,TRUE\n"), Ack: true},
		check: func(t *testing.T, o *Org) {
			bob, _ := o.LookupUser("bob@x.com")
			if got := o.ActiveLicenses(bob); !got.Has(license.AdvancedMessaging) || !got.Has(license.BasicMeetings) {
				t.Errorf("bob holds %v", got)
			}
		},
	}, {
		name: "LIC-8 a move and a grant, units first",
		setup: []Action{
			SaveTemplate{Group: "g1", Licenses: am, Scope: Existing},
			AddUsers{Users: []NewUser{{Email: "bob@x.com", Groups: []string{"g1"}}}},
			AddSubscription{Subscription: license.Subscription{ID: "t", Created: day0.AddDate(1, 0, 0), Units: map[license.Kind]int{license.AdvancedMessaging: 2}}},
		},
		last: SaveTemplate{Group: "g1", Licenses: []Entry{{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging, Subscription: "t"}}, Scope: Existing, PreserveOff: true},
		check: func(t *testing.T, o *Org) {
			bob, _ := o.LookupUser("bob@x.com")
			for _, id := range []UserID{ann(o), bob} {
				if sub, ok := o.SubscriptionOf(id, license.AdvancedMessaging); !ok || sub != "t" {
					t.Errorf("user %d: Advanced Messaging on %q (%v), want t", id, sub, ok)
				}
			}
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			o := New("o", license.MustDefault())
			for _, a := range []Action{
				SetTime{At: day0}, SwitchMode{Mode: GroupMode},
				AddSubscription{Subscription: license.Subscription{ID: "s", Created: day0, Units: map[license.Kind]int{license.AdvancedMessaging: 1}}},
				AddGroup{Name: "g1"}, AddGroup{Name: "g2"},
				SaveTemplate{Group: "g1", Licenses: basic}, SaveTemplate{Group: "g2", Licenses: basic},
				AddUsers{Users: []NewUser{{Email: "ann@x.com", Groups: []string{"g1", "g2"}}}},
				AdvanceTime{By: MaxAppDelay},
			} {
				mustDoInternal(t, o, a)
			}
			for _, a := range tc.setup {
				mustDoInternal(t, o, a)
			}
			passes := o.Clone()
			passes.threePasses = true
			mustDoInternal(t, passes, tc.last)
			passes.threePasses = false
			p, err := o.Plan(tc.last)
			if err != nil {
				t.Fatal(err)
			}
			user := tc.user
			if user == "" {
				user = "ann@x.com"
			}
			if n, one := changesOf(p, user), takesOnePass(o.byUserRuns(p, nil)); n != 1 || !one {
				t.Fatalf("%s has %d changes; one pass %v: %v", user, n, one, p.Lines())
			}
			if err := o.Apply(p); err != nil {
				t.Fatal(err)
			}
			if !sameOrg(passes, o) {
				t.Errorf("one pass and three differ (-three +one):\n%s", cmp.Diff(passes, o, deepOrg))
			}
			if err := o.CheckInvariants(); err != nil {
				t.Error(err)
			}
			tc.check(t, o)
		})
	}
}

// changesOf counts the changes p makes to the user with the given e-mail,
// who may be one p creates.
func changesOf(p *Plan, email string) int {
	n := 0
	for _, c := range p.Changes {
		if p.names.user(c.User) == email {
			n++
		}
	}
	return n
}

func takesOnePass(runs []int, _ bool) bool { return runs != nil }

// TestUserRuns pins how Apply splits a plan into runs in user order, and
// when it must take and release units before the pass over the users: a
// change that frees a unit (a removal from a subscription, or a move) may
// be what a grant to an earlier user in a later run takes.
func TestUserRuns(t *testing.T) {
	grant := Change{User: 0, Op: Grant, Sub: 1}
	at := func(c Change, id UserID) Change { c.User = id; return c }
	for _, tc := range []struct {
		name    string
		changes []Change
		runs    []int
		frees   bool
	}{
		{"one run of grants", []Change{at(grant, 1), at(grant, 1), at(grant, 2)}, []int{0}, false},
		{"two runs", []Change{at(grant, 2), at(grant, 1)}, []int{0, 1}, false},
		{"a removal from no subscription", []Change{{User: 2, Op: Remove, Sub: license.NoSub}, at(grant, 1)}, []int{0, 1}, false},
		{"a removal from a subscription", []Change{{User: 2, Op: Remove, Sub: 1}, at(grant, 1)}, []int{0, 1}, true},
		{"a move", []Change{{User: 2, Op: Move, Sub: 1, From: 0}, at(grant, 1)}, []int{0, 1}, true},
		{"retained sources free nothing", []Change{{User: 2, Op: Retain}, {User: 3, Op: DropSource}, at(grant, 1)}, []int{0, 2}, false},
	} {
		runs, frees := userRuns(tc.changes, nil)
		if !slices.Equal(runs, tc.runs) || frees != tc.frees {
			t.Errorf("%s: runs %v, frees %v; want %v, %v", tc.name, runs, frees, tc.runs, tc.frees)
		}
	}
	var many []Change
	for i := range maxRuns + 1 {
		many = append(many, at(grant, UserID(maxRuns-i)))
	}
	if runs, _ := userRuns(many, nil); runs != nil {
		t.Errorf("%d runs taken: %v", maxRuns+1, runs)
	}
}

// TestOnlyChange pins how Apply's pass finds a user's only change across
// the runs of a plan (onlyChange, plan.go).
func TestOnlyChange(t *testing.T) {
	at := func(id UserID) Change { return Change{User: id, Op: Grant} }
	cs := []Change{at(1), at(2), at(2), at(4), at(1), at(3), at(4)} // runs [0, 4) and [4, 7)
	runs, ends := []int{0, 4}, []int{4, 7}
	for _, tc := range []struct {
		id   UserID
		runs []int
		want int
	}{
		{1, []int{0, 4}, -1}, // one change in each run
		{2, []int{1, 5}, -1}, // two in the first
		{3, []int{3, 5}, 1},  // one, in the second
		{4, []int{3, 6}, -1}, // one in each, the first the last of its run
		{4, []int{4, 6}, 1},  // the first run done
		{5, []int{4, 7}, -1}, // none
	} {
		copy(runs, tc.runs)
		if got := onlyChange(cs, runs, ends, tc.id); got != tc.want {
			t.Errorf("user %d at %v: run %d, want %d", tc.id, tc.runs, got, tc.want)
		}
	}
}

// TestUnitTally checks that a tally gives the ledger the net units of a
// pair when another pair comes and at flush, and nothing before.
func TestUnitTally(t *testing.T) {
	ms, ucm := license.AdvancedMessaging, license.UnifiedCM
	l := license.NewLedger(license.MustDefault())
	for _, id := range []string{"a", "b"} {
		if _, err := l.Add(license.Subscription{ID: id, Units: map[license.Kind]int{ms: 5, ucm: 5}}); err != nil {
			t.Fatal(err)
		}
	}
	l.TakeN(0, ucm, 3)
	used := func() [3]int { return [3]int{l.Consumed(0, ms), l.Consumed(1, ms), l.Consumed(0, ucm)} }
	var tl unitTally
	tl.add(l, 0, ms, 1)
	tl.add(l, 0, ms, 1)
	tl.add(l, 0, ms, -1)
	if got := used(); got != [3]int{0, 0, 3} {
		t.Errorf("before another pair: used %v, want none yet", got)
	}
	tl.add(l, 1, ms, 1) // another subscription: the net +1 goes in
	if got := used(); got != [3]int{1, 0, 3} {
		t.Errorf("after a new subscription: used %v", got)
	}
	tl.add(l, 1, ucm, -1) // another kind: b's +1 goes in
	tl.add(l, 0, ucm, -2) // and back to a: b's -1 releases nothing
	tl.flush(l)
	tl.flush(l) // twice: nothing more
	if got := used(); got != [3]int{1, 1, 1} {
		t.Errorf("after flush: used %v, want [1 1 1]", got)
	}
}

// TestGrantPlainFallsBack checks the grants of a decision that needs
// nothing but units (grantPlain, engine.go) when a step gets no unit: the
// general steps grant what they can and report the rest (ASG-19), with
// the units of the subscription consumed once, as without the short way.
func TestGrantPlainFallsBack(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: "s",
		Units: map[license.Kind]int{license.AdvancedMessaging: 2, license.UnifiedCM: 1}}})
	mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "a@x.com"}, {Email: "b@x.com"}}})
	save := SaveTemplate{Licenses: []Entry{{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging}, {Kind: license.UnifiedCM}}, Scope: Existing}
	p, err := o.Plan(save)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range p.Changes {
		if c.Op == Grant && o.rules.units.Has(c.Kind) {
			got = append(got, p.Describe(c))
		}
	}
	want := []string{
		`a@x.com: grant Advanced Messaging from "s" (ASG-3 template applied; template "org")`,
		`a@x.com: grant Unified CM from "s" (ASG-3 template applied; template "org")`,
		`b@x.com: grant Advanced Messaging from "s" (ASG-3 template applied; template "org")`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("grants with units (-want +got):\n%s", d)
	}
	if len(p.Shortfalls) != 1 || p.Shortfalls[0] != (Shortfall{User: 1, Kind: license.UnifiedCM, Reason: NoUnitAvailable}) {
		t.Errorf("shortfalls %+v, want b's Unified CM", p.Shortfalls)
	}
	if err := o.Apply(p); err != nil {
		t.Fatal(err)
	}
	if err := o.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
	if free := o.ledger.Free(0, license.AdvancedMessaging) + o.ledger.Free(0, license.UnifiedCM); free != 0 {
		t.Errorf("%d units free, want none", free)
	}
}
