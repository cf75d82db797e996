package assignment

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wxlicense/wxlicense/license"
)

// TestApplyAlone checks Apply's path for a user's only change (applyAlone,
// plan.go) where it differs least visibly from the general steps: the org
// after the last action must equal one that applied it in three simple
// passes, and the app view must be what LIC-11 says.
func TestApplyAlone(t *testing.T) {
	am := []Entry{{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging}}
	basic := []Entry{{Kind: license.BasicMessaging}}
	for _, tc := range []struct {
		name  string
		setup []Action
		last  Action
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
			due, lagging := o.AppCatchUp(0)
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
			if d := o.kept.get(0); !d.kinds.IsEmpty() {
				t.Errorf("kept data %+v after the license came back", d)
			}
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			o := New("o", license.MustDefault())
			for _, a := range []Action{
				SetTime{At: day0}, SwitchMode{Mode: GroupMode},
				AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.AdvancedMessaging: 1}}}, AddGroup{Name: "g1"}, AddGroup{Name: "g2"},
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
			if len(p.Changes) != 1 || !byUser(o.byUserRuns(p, nil)) {
				t.Fatalf("the last action is not one change in one pass: %v", p.Lines())
			}
			if err := o.Apply(p); err != nil {
				t.Fatal(err)
			}
			if !sameOrg(passes, o) {
				t.Errorf("one pass and three differ (-three +one):\n%s", cmp.Diff(passes, o, deepOrg))
			}
			tc.check(t, o)
		})
	}
}

func byUser(runs []int, _ bool) bool { return runs != nil }

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
