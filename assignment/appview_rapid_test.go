package assignment

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/wxlicense/wxlicense/license"
)

// TestRapidAppView is a state-machine test of the app view (LIC-11,
// ASG-18, INV-9): random action sequences, with time passing, against a
// reference that compares every user's active licenses before and after
// each action (not only the users a plan names). After every step it
// checks every user's app view, catch-up time and the lagging users
// against the reference, CheckInvariants (INV-9 among them), and that 24 h
// after the latest license change no app lags.
func TestRapidAppView(t *testing.T) {
	rapid.Check(t, checkAppViewMachine)
}

// refLag is the reference's lagging app.
type refLag struct {
	shows license.Set
	due   time.Time
}

// appRef is the reference app view.
type appRef struct {
	lag  map[UserID]refLag
	last time.Time // latest license change; zero for none
}

// rapidDelay spreads delays from -5 h to 25 h, so that both clamps apply.
func rapidDelay(id UserID, email string, at time.Time) time.Duration {
	return time.Duration((int(id)+len(email)+at.Hour())%7-1) * 5 * time.Hour
}

func checkAppViewMachine(t *rapid.T) {
	h := newHarness(genCatalog(t))
	h.org.SetAppDelay(rapidDelay)
	ref := &appRef{lag: map[UserID]refLag{}}
	do := func(t *rapid.T, a Action) { ref.step(t, h.org, a) }
	do(t, SetTime{At: day0})
	do(t, h.genSubscription(t))
	for _, g := range groupPool {
		do(t, AddGroup{Name: g, Distribution: g[0] == 'd'})
	}
	if rapid.Bool().Draw(t, "group mode") {
		do(t, SwitchMode{Mode: GroupMode})
	}
	do(t, h.genSave(t))
	do(t, h.genAddUsers(t))
	t.Repeat(map[string]func(*rapid.T){
		"SaveTemplate":   func(t *rapid.T) { do(t, h.genSave(t)) },
		"RemoveService":  func(t *rapid.T) { do(t, h.genRemoveService(t)) },
		"DeleteTemplate": func(t *rapid.T) { do(t, h.genDelete(t)) },
		"AddUsers":       func(t *rapid.T) { do(t, h.genAddUsers(t)) },
		"AddSubscription": func(t *rapid.T) {
			do(t, h.genSubscription(t))
		},
		"SwitchMode": func(t *rapid.T) {
			do(t, SwitchMode{Mode: Mode(rapid.IntRange(0, 1).Draw(t, "mode"))})
		},
		"JoinGroup": func(t *rapid.T) { do(t, JoinGroup{User: h.genUser(t), Group: h.genGroup(t)}) },
		"MoveUser": func(t *rapid.T) {
			u := h.genUser(t)
			do(t, MoveUser{User: u, From: h.genMemberOf(t, u), To: h.genGroup(t)})
		},
		"SetSetting": func(t *rapid.T) {
			do(t, SetSetting{Setting: SettingPreserveOnGroupChange, On: rapid.Bool().Draw(t, "preserve"), Ack: true})
		},
		"EditServices": func(t *rapid.T) {
			u := h.genUser(t)
			do(t, EditServices{User: u, Licenses: h.genRequest(t, u), Ack: true})
		},
		"SignIn": func(t *rapid.T) { do(t, SignIn{User: h.genUser(t)}) },
		"AdvanceTime": func(t *rapid.T) {
			do(t, AdvanceTime{By: time.Duration(rapid.Int64Range(-1, 30*3600).Draw(t, "seconds")) * time.Second})
		},
		"AdvanceTime2": func(t *rapid.T) {
			do(t, AdvanceTime{By: time.Duration(rapid.Int64Range(0, 3600).Draw(t, "seconds")) * time.Second})
		},
	})
}

// step applies a on org and on the reference, and compares them.
func (r *appRef) step(t *rapid.T, org *Org, a Action) {
	t.Logf("action: %s", describe(a))
	n := org.NumUsers()
	before := make([]license.Set, n)
	for i := range n {
		before[i] = org.ActiveLicenses(UserID(i))
	}
	if _, err := org.Do(a); err != nil {
		if _, ok := a.(AdvanceTime); ok && !errors.Is(err, ErrTimeBackwards) {
			t.Fatalf("AdvanceTime: %v", err)
		}
		t.Logf("rejected: %v", err)
	} else {
		r.note(org, before)
	}
	r.check(t, org)
}

// note updates the reference after an applied action.
func (r *appRef) note(org *Org, before []license.Set) {
	now := org.Now()
	for i := range org.NumUsers() {
		id := UserID(i)
		var old license.Set
		if i < len(before) {
			old = before[i]
		}
		cur, lagging := r.lag[id]
		lagging = lagging && now.Before(cur.due)
		if !lagging {
			delete(r.lag, id)
		}
		after := org.ActiveLicenses(id)
		if old == after {
			continue
		}
		r.last = now
		info, _ := org.User(id)
		d := min(max(rapidDelay(id, info.Email, now), 0), 24*time.Hour)
		next := refLag{old, now.Add(d)}
		if lagging {
			next.shows = cur.shows
			if cur.due.After(next.due) {
				next.due = cur.due
			}
		}
		if next.shows == after || !now.Before(next.due) {
			delete(r.lag, id)
		} else {
			r.lag[id] = next
		}
	}
}

// check compares org with the reference.
func (r *appRef) check(t *rapid.T, org *Org) {
	if err := org.CheckInvariants(); err != nil {
		t.Fatalf("invariants: %v", err)
	}
	now := org.Now()
	var want []UserID
	for _, id := range slices.Sorted(maps.Keys(r.lag)) {
		if now.Before(r.lag[id].due) {
			want = append(want, id)
		}
	}
	if d := cmp.Diff(want, slices.Collect(org.AppLagging())); d != "" {
		t.Fatalf("AppLagging (-reference +org):\n%s", d)
	}
	for i := range org.NumUsers() {
		id := UserID(i)
		shows, due := org.ActiveLicenses(id), time.Time{}
		if e, ok := r.lag[id]; ok && now.Before(e.due) {
			shows, due = e.shows, e.due
		}
		if got := org.AppView(id); got != shows {
			t.Fatalf("user %d: app shows %s, reference %s", id, org.Catalog().Format(got), org.Catalog().Format(shows))
		}
		if got, _ := org.AppCatchUp(id); !got.Equal(due) {
			t.Fatalf("user %d: catches up at %v, reference %v", id, got, due)
		}
	}
	// INV-9: a quiet period of 24 h leaves no app lagging
	if !now.Before(r.last.Add(24*time.Hour)) && len(want) > 0 {
		t.Fatalf("INV-9: %v lag at %v, 24 h after the latest change at %v", want, now, r.last)
	}
}

// TestCheckAppView checks that CheckInvariants reports an app that lags
// longer than INV-9 allows, and an app marked lagging that shows the
// active licenses.
func TestCheckAppView(t *testing.T) { // INV-9
	o := New("acme", license.MustDefault())
	for _, a := range []Action{
		SetTime{At: day0},
		SaveTemplate{Licenses: []Entry{{Kind: license.BasicMessaging}}},
		AddUsers{Users: []NewUser{{Email: "ann@x.com"}}},
	} {
		if _, err := o.Do(a); err != nil {
			t.Fatalf("%v: %v", a, err)
		}
	}
	if err := o.CheckInvariants(); err != nil {
		t.Fatalf("invariants: %v", err)
	}
	e := o.view.lag[0]
	if e.user != 0 {
		t.Fatalf("ann's app does not lag: %+v", o.view.lag)
	}
	for _, tt := range []struct {
		name string
		lag  []appLag
		want string
	}{
		{"INV-9", []appLag{newLag(0, e.shows, stampOf(day0.Add(25*time.Hour)))}, "INV-9: ann@x.com: app catches up at 2024-01-02T01:00:00Z, more than 24h0m0s after the latest license change at 2024-01-01T00:00:00Z"},
		{"equal", []appLag{newLag(0, o.ActiveLicenses(0), e.due())}, "state: ann@x.com: app marked lagging but shows the active licenses"},
		{"twice", []appLag{e, e}, "state: app view of user 0 out of order or unknown"},
		{"unknown", []appLag{e, newLag(1, e.shows, e.due())}, "state: app view of user 1 out of order or unknown"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := o.Clone()
			c.view.lag = tt.lag
			err := c.CheckInvariants()
			if !errors.Is(err, ErrInvariant) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("CheckInvariants = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestRapidAppViewHelpers checks the app view's index helpers against
// plain definitions: changedUsers by sorting and by bitset, seek from any
// start, and mergeLag.
func TestRapidAppViewHelpers(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ids := rapid.SliceOf(rapid.Uint32Range(0, 300)).Draw(t, "ids")
		changes := make([]Change, len(ids))
		for i, id := range ids {
			changes[i] = Change{User: UserID(id)}
		}
		want := slices.Compact(slices.Sorted(slices.Values(ids)))
		for _, n := range []int{0, 64 * len(ids), 64*len(ids) + 64, 1000} {
			got := changedUsers(changes, n)
			if len(want) == 0 && len(got) == 0 {
				continue
			}
			var w []UserID
			for _, id := range want {
				w = append(w, UserID(id))
			}
			if d := cmp.Diff(w, got); d != "" {
				t.Fatalf("changedUsers(n=%d) (-want +got):\n%s", n, d)
			}
		}

		lag := lagOf(rapid.SliceOfDistinct(rapid.Uint32Range(0, 300), func(v uint32) uint32 { return v }).Draw(t, "lag"))
		from := rapid.IntRange(0, len(lag)).Draw(t, "from")
		id := UserID(rapid.Uint32Range(0, 301).Draw(t, "id"))
		wantPos := from
		for wantPos < len(lag) && lag[wantPos].user < id {
			wantPos++
		}
		if got := seek(lag, from, id); got != wantPos {
			t.Fatalf("seek(%v, %d, %d) = %d, want %d", lagUsers(lag), from, id, got, wantPos)
		}

		var added []appLag
		for _, u := range rapid.SliceOfDistinct(rapid.Uint32Range(0, 300), func(v uint32) uint32 { return v }).Draw(t, "added") {
			if _, found := slices.BinarySearchFunc(lag, UserID(u), func(e appLag, id UserID) int { return int(e.user) - int(id) }); !found {
				added = append(added, newLag(UserID(u), license.Set{}, stamp{}))
			}
		}
		slices.SortFunc(added, func(a, b appLag) int { return int(a.user) - int(b.user) })
		wantMerged := slices.Sorted(slices.Values(append(lagUsers(lag), lagUsers(added)...)))
		if got := lagUsers(mergeLag(slices.Clone(lag), added)); !slices.Equal(got, wantMerged) {
			t.Fatalf("mergeLag(%v, %v) = %v", lagUsers(lag), lagUsers(added), got)
		}
	})
}

func lagOf(ids []uint32) []appLag {
	slices.Sort(ids)
	out := make([]appLag, len(ids))
	for i, id := range ids {
		out[i] = newLag(UserID(id), license.SetOf(license.Kind(i%3)), stamp{int64(i), 0})
	}
	return out
}

func lagUsers(lag []appLag) []UserID {
	out := make([]UserID, len(lag))
	for i, e := range lag {
		out[i] = e.user
	}
	return out
}
