package calling

import (
	"errors"
	"fmt"
	"iter"
	"math"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// The edges of the placer, its sessions, the failure report, extensions and
// the number table: the paths the engine's own tests seldom take.

// loosePlacer returns a placer of iv that serves no org, as a Clone does:
// its Failures lists every failure (governance.go), so a test that drives
// a session by hand sees the whole report.
func loosePlacer(iv *Inventory) *Placer { return &Placer{inv: iv} }

// requests yields reqs, as the engine announces them to Prefetch.
func requests(reqs ...assignment.PlaceRequest) iter.Seq[assignment.PlaceRequest] {
	return slices.Values(reqs)
}

// placedAt asks s to place a synced user by the work number work and
// checks that the user is placed with that number in the location loc.
func placedAt(t *testing.T, s assignment.PlacerSession, id assignment.UserID, work, loc string) {
	t.Helper()
	pl, reason, err := s.Place(id, assignment.Placement{}, work, true)
	want := assignment.Placement{Location: loc, Number: work}
	if err != nil || reason != "" || pl != want {
		t.Errorf("Place(%d, %q) = %v, %q, %v; want %v", id, work, pl, reason, err, want)
	}
}

// failsWith asks s to place want.User by the work number want.Raw and
// checks that the answer is the failure want: no placement, the reason's
// name, and a *Failure equal to want.
func failsWith(t *testing.T, s assignment.PlacerSession, want Failure) {
	t.Helper()
	pl, reason, err := s.Place(assignment.UserID(want.User), assignment.Placement{}, want.Raw, want.Synced)
	var f *Failure
	if !errors.As(err, &f) {
		t.Fatalf("Place(%d, %q) = %v, %q, %v; want the failure %v", want.User, want.Raw, pl, reason, err, &want)
	}
	if !pl.IsZero() || reason != want.Reason.String() || !errors.Is(err, want.Reason.Err()) {
		t.Errorf("Place(%d, %q) = %v, %q, %v; want no placement, %q", want.User, want.Raw, pl, reason, err, want.Reason)
	}
	if d := cmp.Diff(want, *f); d != "" {
		t.Errorf("Place(%d, %q) failure (-want +got):\n%s", want.User, want.Raw, d)
	}
}

// numbered returns n new numbers +48222000000, +48222000001, ..., added
// active to HQ.
func numbered(t *testing.T, iv *Inventory, n int) []E164 {
	t.Helper()
	out := make([]E164, n)
	for i := range out {
		out[i] = MustParseE164(fmt.Sprintf("+48222%06d", i))
	}
	must(t, iv.AddNumbers("HQ", true, out...))
	return out
}

// profiles returns the number of each placed user of iv below n, "" for
// an unplaced one.
func profiles(iv *Inventory, n int) []string {
	out := make([]string, n)
	for u := range out {
		if p, ok := iv.Profile(UserKey(u)); ok {
			out[u] = p.Location + " " + p.Number.String() + " " + p.Extension
		}
	}
	return out
}

// CAL-2, CAL-12: Prefetch looks up more requests than one lookahead
// group holds, whatever size hint it is given, and Place answers each as
// planned: a number taken by a user of the first group is NumberInUse
// naming that user in the second.
func TestSessionPrefetchAcrossGroups(t *testing.T) {
	for _, hint := range []int{0, -1, math.MaxInt} { // a hint is no promise: none fails
		t.Run(fmt.Sprint(hint), func(t *testing.T) { prefetchAcrossGroups(t, hint) })
	}
}

func prefetchAcrossGroups(t *testing.T, hint int) {
	iv := testInventory(t)
	nums := numbered(t, iv, 20)
	reqs := make([]assignment.PlaceRequest, 20)
	for k := range reqs {
		reqs[k] = assignment.PlaceRequest{User: assignment.UserID(k), Work: nums[k].String(), Synced: true}
	}
	reqs[17].Work = nums[2].String()
	p := loosePlacer(iv)
	s := p.Begin()
	s.Prefetch(requests(reqs...), hint)
	if n := s.(*session).pending; n != len(reqs) { // else Place below would not answer from the prefetch
		t.Fatalf("%d pending attempts, want %d", n, len(reqs))
	}
	want := make([]string, 20)
	for k, r := range reqs {
		if k == 17 {
			failsWith(t, s, Failure{User: 17, Reason: NumberInUse, Raw: nums[2].String(), Owner: UserOwner(2), Synced: true})
			continue
		}
		placedAt(t, s, r.User, r.Work, "HQ")
		want[k] = "HQ " + r.Work + " "
	}
	must(t, s.Valid())
	s.Commit(nil)
	if d := cmp.Diff(want, profiles(iv, 20)); d != "" {
		t.Errorf("placed after Commit (-want +got):\n%s", d)
	}
	wantFail := []Failure{{User: 17, Reason: NumberInUse, Raw: nums[2].String(), Owner: UserOwner(2), Synced: true}}
	if d := cmp.Diff(wantFail, p.Failures()); d != "" {
		t.Errorf("report (-want +got):\n%s", d)
	}
}

// Prefetch changes nothing: when a request cannot be answered ahead (out
// of user order, a user given twice, a user key above MaxUserKey, a user
// placed already) it drops the attempts it planned, with the numbers they
// took, and Place answers one by one in the order asked (CAL-12): the
// numbers of the first group are free for a later user asked first.
func TestSessionPrefetchAbandoned(t *testing.T) {
	for _, tc := range []struct {
		name string
		bad  assignment.PlaceRequest
	}{
		{"out of order", assignment.PlaceRequest{User: 3, Work: br2.String()}},
		{"user twice", assignment.PlaceRequest{User: 15, Work: br2.String()}},
		{"user key above MaxUserKey", assignment.PlaceRequest{User: assignment.UserID(MaxUserKey) + 1, Work: br2.String()}},
		{"user placed already", assignment.PlaceRequest{User: 20, Work: br2.String()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			iv := testInventory(t)
			nums := numbered(t, iv, 16)
			place(t, iv, Candidate{User: 20, WorkNumber: br1.String()})
			reqs := make([]assignment.PlaceRequest, 16, 17)
			for k := range reqs {
				reqs[k] = assignment.PlaceRequest{User: assignment.UserID(k), Work: nums[k].String(), Synced: true}
			}
			before := iv.Clone()
			s := loosePlacer(iv).Begin()
			s.Prefetch(requests(append(reqs, tc.bad)...), len(reqs)+1)
			ss := s.(*session)
			if ss.pending != 0 || slices.ContainsFunc(ss.claimed, func(w uint64) bool { return w != 0 }) {
				t.Errorf("after the refused request: %d pending attempts, claimed %x; want none", ss.pending, ss.claimed)
			}
			placedAt(t, s, 15, nums[0].String(), "HQ")
			failsWith(t, s, Failure{User: 0, Reason: NumberInUse, Raw: nums[0].String(), Owner: UserOwner(15), Synced: true})
			placedAt(t, s, 1, nums[1].String(), "HQ")
			if d := diffInventory(before, iv); d != "" {
				t.Errorf("the session changed the inventory before Commit (-want +got):\n%s", d)
			}
		})
	}
}

// CAL-12: a user asked out of the prefetched order drops the planned
// attempts, so the first user asked for a number gets it; a later user
// asking for it fails naming that user, and the session goes on on its
// copy of the inventory, placing the next user by number and committing
// all of it.
func TestSessionPlaceOutOfOrder(t *testing.T) {
	iv := testInventory(t)
	p := loosePlacer(iv)
	s := p.Begin()
	s.Prefetch(requests(
		assignment.PlaceRequest{User: 0, Work: hq1.String(), Synced: true},
		assignment.PlaceRequest{User: 1, Work: hq2.String(), Synced: true},
	), 2)
	placedAt(t, s, 1, hq1.String(), "HQ") // asked for hq1, not the hq2 prefetched
	failsWith(t, s, Failure{User: 0, Reason: NumberInUse, Raw: hq1.String(), Owner: UserOwner(1), Synced: true})
	if s.(*session).work == nil {
		t.Fatal("the conflict did not move the session to its copy")
	}
	placedAt(t, s, 2, hq2.String(), "HQ")
	placedAt(t, s, 3, br1.String(), "BR")
	must(t, s.Valid())
	s.Commit(nil)
	want := []string{"", "HQ +48221000001 ", "HQ +48221000002 ", "BR +46812300001 "}
	if d := cmp.Diff(want, profiles(iv, 4)); d != "" {
		t.Errorf("placed after Commit (-want +got):\n%s", d)
	}
	wantFail := []Failure{{User: 0, Reason: NumberInUse, Raw: hq1.String(), Owner: UserOwner(1), Synced: true}}
	if d := cmp.Diff(wantFail, p.Failures()); d != "" {
		t.Errorf("report (-want +got):\n%s", d)
	}
	if v := iv.Violations(); len(v) != 0 {
		t.Errorf("violations: %v", v)
	}
}

// CAL-12: a Prefetch after a placement of the same session finds the
// number taken, and the failure names the user the session placed with
// it, not user 0.
func TestSessionPrefetchNamesEarlierPlacement(t *testing.T) {
	iv := testInventory(t)
	p := loosePlacer(iv)
	s := p.Begin()
	placedAt(t, s, 3, hq1.String(), "HQ")
	s.Prefetch(requests(
		assignment.PlaceRequest{User: 5, Work: hq1.String()},
		assignment.PlaceRequest{User: 6, Work: hq2.String()},
	), 2)
	if n := s.(*session).pending; n != 2 {
		t.Fatalf("%d pending attempts, want 2", n)
	}
	failsWith(t, s, Failure{User: 5, Reason: NumberInUse, Raw: hq1.String(), Owner: UserOwner(3)})
	pl, reason, err := s.Place(6, assignment.Placement{}, hq2.String(), false)
	if want := (assignment.Placement{Location: "HQ", Number: hq2.String()}); err != nil || reason != "" || pl != want {
		t.Errorf("Place(6) = %v, %q, %v; want %v", pl, reason, err, want)
	}
	s.Commit(nil)
	want := []string{"", "", "", "HQ +48221000001 ", "", "", "HQ +48221000002 "}
	if d := cmp.Diff(want, profiles(iv, 7)); d != "" {
		t.Errorf("placed after Commit (-want +got):\n%s", d)
	}
}

// CAL-4, CAL-12: Check after a placement of the session checks against
// it: the number just placed is NumberInUse naming its user, while the
// numbers of prefetched attempts not yet answered are still free. The
// attempts then place as planned, on the session's copy, and Commit makes
// them real.
func TestSessionCheckAfterPlacement(t *testing.T) {
	iv := testInventory(t)
	p := loosePlacer(iv)
	s := p.Begin()
	s.Prefetch(requests(
		assignment.PlaceRequest{User: 0, Work: hq1.String(), Synced: true},
		assignment.PlaceRequest{User: 1, Work: hq2.String(), Synced: true},
		assignment.PlaceRequest{User: 2, Work: br1.String(), Synced: true},
	), 3)
	placedAt(t, s, 0, hq1.String(), "HQ")
	err := s.Check(9, assignment.Placement{Number: hq1.String()})
	var pe *PlacementError
	if !errors.As(err, &pe) || !errors.Is(err, ErrNumberInUse) || pe.User != 9 || pe.Owner != UserOwner(0) || pe.APICode() != CodeBadRequest {
		t.Errorf("Check of the number just placed: %v, want NumberInUse owned by user 0 (400)", err)
	}
	if err := s.Check(9, assignment.Placement{Number: hq2.String()}); err != nil {
		t.Errorf("Check of a prefetched number not yet placed: %v", err)
	}
	ss := s.(*session)
	if ss.work == nil || ss.pending != 2 {
		t.Fatalf("after Check: copy %v, %d pending; want a copy and 2 pending", ss.work != nil, ss.pending)
	}
	for _, n := range []E164{hq1, hq2, br1} { // claimed holds the pending attempts' numbers only
		i, _ := iv.find(n.v)
		if got, want := ss.claimed.has(i), n != hq1; got != want {
			t.Errorf("%v claimed %v, want %v", n, got, want)
		}
	}
	placedAt(t, s, 1, hq2.String(), "HQ")
	placedAt(t, s, 2, br1.String(), "BR")
	must(t, s.Valid())
	s.Commit(nil)
	want := []string{"HQ +48221000001 ", "HQ +48221000002 ", "BR +46812300001 "}
	if d := cmp.Diff(want, profiles(iv, 3)); d != "" {
		t.Errorf("placed after Commit (-want +got):\n%s", d)
	}
	if v := iv.Violations(); len(v) != 0 {
		t.Errorf("violations: %v", v)
	}
}

// CAL-5, CAL-7: asked again by work number, a user the session placed is
// not re-placed: AlreadyPlaced, an *InputError naming the user, and the
// number asked stays free. A user key above MaxUserKey is refused with
// ErrUserKeyRange naming it, reason UserKeyRange, and is no failure of the
// report: it was never tried.
func TestSessionPlaceRefusedOnCopy(t *testing.T) {
	iv := testInventory(t)
	p := loosePlacer(iv)
	s := p.Begin()
	placedAt(t, s, 3, hq1.String(), "HQ")
	for _, tc := range []struct {
		name   string
		user   assignment.UserID
		reason string
		err    error
		value  string
	}{
		{"placed user", 3, "AlreadyPlaced", ErrAlreadyPlaced, "3"},
		{"user key above MaxUserKey", assignment.UserID(MaxUserKey) + 1, "UserKeyRange", ErrUserKeyRange, "16777216"},
	} {
		pl, reason, err := s.Place(tc.user, assignment.Placement{}, hq2.String(), true)
		var ie *InputError
		if !pl.IsZero() || reason != tc.reason || !errors.Is(err, tc.err) || !errors.As(err, &ie) || ie.What != "user" || ie.Value != tc.value {
			t.Errorf("%s: Place = %v, %q, %v; want no placement, %q, %v about user %s", tc.name, pl, reason, err, tc.reason, tc.err, tc.value)
		}
	}
	if _, _, err := s.Place(assignment.UserID(MaxUserKey)+1, assignment.Placement{Location: "HQ", Extension: "77"}, "", false); !errors.Is(err, ErrUserKeyRange) {
		t.Errorf("admin placement of a user key above MaxUserKey: %v, want ErrUserKeyRange", err)
	}
	s.Commit(nil)
	if fs := p.Failures(); len(fs) != 0 {
		t.Errorf("failures %v; want none: refused users were never tried", fs)
	}
	want := []string{"", "", "", "HQ +48221000001 "}
	if d := cmp.Diff(want, profiles(iv, 4)); d != "" {
		t.Errorf("placed after Commit (-want +got):\n%s", d)
	}
	if n, _ := iv.Lookup(hq2); !n.Owner.IsZero() {
		t.Errorf("%v owned by %v after the refusals", hq2, n.Owner)
	}
}

// toCopy moves session s to its copy of the inventory, as a check after a
// placement of the session does, and fails the test if it did not.
func toCopy(t *testing.T, s assignment.PlacerSession) {
	t.Helper()
	must(t, s.Check(9, assignment.Placement{Location: "BR", Extension: "55"}))
	if s.(*session).work == nil {
		t.Fatal("the check did not move the session to its copy")
	}
}

// CAL-6: Release undoes the placement of the user named, not of the users
// placed after; the freed number serves a later user of the session, and
// the released user is reported NoUnitAvailable with the number tried.
// Releasing a user the session did not place changes nothing. The same
// holds once the session works on its copy of the inventory.
func TestSessionReleaseSkipsOthers(t *testing.T) {
	for _, onCopy := range []bool{false, true} {
		t.Run(fmt.Sprint("on copy ", onCopy), func(t *testing.T) {
			iv := testInventory(t)
			p := loosePlacer(iv)
			s := p.Begin()
			placedAt(t, s, 3, hq1.String(), "HQ")
			if onCopy {
				toCopy(t, s)
			}
			placedAt(t, s, 5, hq2.String(), "HQ")
			s.Release(3)
			s.Release(9)
			placedAt(t, s, 6, hq1.String(), "HQ")
			s.Commit(nil)
			want := []string{"", "", "", "", "", "HQ +48221000002 ", "HQ +48221000001 "}
			if d := cmp.Diff(want, profiles(iv, 7)); d != "" {
				t.Errorf("placed after Commit (-want +got):\n%s", d)
			}
			wantFail := []Failure{{User: 3, Reason: NoUnitAvailable, Raw: hq1.String(), Synced: true}}
			if d := cmp.Diff(wantFail, p.Failures()); d != "" {
				t.Errorf("report (-want +got):\n%s", d)
			}
			if v := iv.Violations(); len(v) != 0 {
				t.Errorf("violations: %v", v)
			}
		})
	}
}

// Rollback undoes the placements since the mark, and only those: their
// numbers serve later users, the rolled-back attempts leave no failure,
// and the placements before the mark are committed; on the overlay and on
// the copy alike.
func TestSessionRollback(t *testing.T) {
	for _, onCopy := range []bool{false, true} {
		t.Run(fmt.Sprint("on copy ", onCopy), func(t *testing.T) {
			iv := testInventory(t)
			p := loosePlacer(iv)
			s := p.Begin()
			placedAt(t, s, 3, hq1.String(), "HQ")
			if onCopy {
				toCopy(t, s)
			}
			mark := s.Mark()
			placedAt(t, s, 5, hq2.String(), "HQ")
			failsWith(t, s, Failure{User: 6, Reason: NumberInUse, Raw: hq2.String(), Owner: UserOwner(5), Synced: true})
			s.Rollback(mark)
			placedAt(t, s, 6, hq2.String(), "HQ")
			s.Commit(nil)
			want := []string{"", "", "", "HQ +48221000001 ", "", "", "HQ +48221000002 "}
			if d := cmp.Diff(want, profiles(iv, 7)); d != "" {
				t.Errorf("placed after Commit (-want +got):\n%s", d)
			}
			if got := p.Failures(); len(got) != 0 {
				t.Errorf("report %v, want none", got)
			}
			if v := iv.Violations(); len(v) != 0 {
				t.Errorf("violations: %v", v)
			}
		})
	}
}

// CAL-9: Destroys names what removing a placed user's calling data
// destroys, and "nothing" with no placement for a user not placed.
func TestSessionDestroys(t *testing.T) {
	iv := testInventory(t)
	place(t, iv, Candidate{User: 2, WorkNumber: br1.String()})
	s := loosePlacer(iv).Begin()
	for _, tc := range []struct {
		user assignment.UserID
		pl   assignment.Placement
		what string
	}{
		{2, assignment.Placement{Location: "BR", Number: br1.String()}, "user 2: placement in BR, number +46812300001, voicemail settings, call settings"},
		{1, assignment.Placement{}, "nothing"},
		{assignment.UserID(MaxUserKey) + 1, assignment.Placement{}, "nothing"},
	} {
		pl, what := s.Destroys(tc.user)
		if pl != tc.pl || what != tc.what {
			t.Errorf("Destroys(%d) = %v, %q; want %v, %q", tc.user, pl, what, tc.pl, tc.what)
		}
	}
}

// CAL-6: the report keeps each user's latest failure when the failures no
// user refers to any more are dropped: after two of three failed users
// are placed, the third's failure is reported, then replaced by its next.
func TestReportCompacts(t *testing.T) {
	iv := testInventory(t)
	p := loosePlacer(iv)
	s := p.Begin()
	failsWith(t, s, Failure{User: 1, Reason: NotPreProvisioned, Raw: "+48221000404", Synced: true})
	failsWith(t, s, Failure{User: 2, Reason: NoWorkNumber, Synced: true})
	failsWith(t, s, Failure{User: 3, Reason: NotE164, Raw: "555-555-1212", Synced: true})
	s.Commit(nil)
	s = p.Begin()
	placedAt(t, s, 1, hq1.String(), "HQ")
	placedAt(t, s, 2, hq2.String(), "HQ")
	s.Commit(nil)
	want := []Failure{{User: 3, Reason: NotE164, Raw: "555-555-1212", Synced: true}}
	if d := cmp.Diff(want, p.Failures()); d != "" {
		t.Errorf("report after two placements (-want +got):\n%s", d)
	}
	if n := len(p.report.list); n != 1 || p.report.dead != 0 {
		t.Errorf("report holds %d failures, %d dead; want 1 and 0", n, p.report.dead)
	}
	s = p.Begin()
	failsWith(t, s, Failure{User: 3, Reason: LocationNotValid, Raw: off1.String()})
	s.Commit(nil)
	want = []Failure{{User: 3, Reason: LocationNotValid, Raw: off1.String()}}
	if d := cmp.Diff(want, p.Failures()); d != "" {
		t.Errorf("report after the next attempt (-want +got):\n%s", d)
	}
}

// day is when the test subscriptions were created.
var day = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// newCallingOrg returns an org with 10 Webex Calling Professional units.
func newCallingOrg(t *testing.T) *assignment.Org {
	t.Helper()
	o := assignment.New("acme", license.MustDefault())
	do(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "s", Created: day, Units: map[license.Kind]int{license.CallingProfessional: 10}}})
	return o
}

func do(t *testing.T, o *assignment.Org, a assignment.Action) {
	t.Helper()
	if _, err := o.Do(a); err != nil {
		t.Fatalf("%v: %v", a, err)
	}
}

// Attach refuses a nil org or inventory with ErrNil, a zero org with
// assignment's ErrNil, and an inventory that disagrees with who holds
// Webex Calling (INV-4) with ErrCallingMismatch; a refusal attaches
// nothing and changes neither the org nor the inventory.
func TestAttachRefusals(t *testing.T) {
	placed := testInventory(t)
	place(t, placed, Candidate{User: 0, WorkNumber: hq1.String()})
	for _, tc := range []struct {
		name  string
		org   *assignment.Org
		inv   *Inventory
		want  error
		input bool // the error is calling's *InputError about "attach" "nil"
	}{
		{"nil org", nil, testInventory(t), ErrNil, true},
		{"nil inventory", newCallingOrg(t), nil, ErrNil, true},
		{"zero org", &assignment.Org{}, testInventory(t), assignment.ErrNil, false},
		{"user placed but not in the org", newCallingOrg(t), placed, ErrCallingMismatch, false},
	} {
		var before *Inventory
		if tc.inv != nil {
			before = tc.inv.Clone()
		}
		version := tc.org.Version()
		p, err := Attach(tc.org, tc.inv)
		if p != nil || !errors.Is(err, tc.want) {
			t.Errorf("%s: Attach = %v, %v; want no placer, %v", tc.name, p, err, tc.want)
		}
		var ie *InputError
		if tc.input && (!errors.As(err, &ie) || ie.What != "attach" || ie.Value != "nil") {
			t.Errorf("%s: error %#v, want an *InputError about attach \"nil\"", tc.name, err)
		}
		if v := tc.org.Version(); v != version {
			t.Errorf("%s: org version %d -> %d", tc.name, version, v)
		}
		if tc.inv != nil {
			if d := diffInventory(before, tc.inv); d != "" {
				t.Errorf("%s changed the inventory (-want +got):\n%s", tc.name, d)
			}
		}
	}
}

// A nil *Placer is refused by Org.SetPlacer (its Check answers ErrNil)
// and changes nothing; the zero Placer places users in an empty inventory
// of its own: it answers as an empty one and an org with no Webex Calling
// user takes it.
func TestZeroPlacer(t *testing.T) {
	o := newCallingOrg(t)
	version := o.Version()
	if err := o.SetPlacer((*Placer)(nil)); !errors.Is(err, ErrNil) || o.Version() != version {
		t.Errorf("SetPlacer(nil *Placer) = %v, version %d -> %d; want ErrNil and no change", err, version, o.Version())
	}
	var z Placer
	if err := z.Check(nil, 1); !errors.Is(err, ErrNil) {
		t.Errorf("Check(nil, 1) = %v, want ErrNil", err)
	}
	if pl, ok := z.Placement(0); ok || !pl.IsZero() {
		t.Errorf("Placement(0) = %v, %v", pl, ok)
	}
	if owner := z.NumberOwner(0, hq1.String()); owner != "" {
		t.Errorf("NumberOwner = %q", owner)
	}
	if f := z.Failures(); len(f) != 0 {
		t.Errorf("Failures() = %v", f)
	}
	if c := z.Clone().(*Placer); c.Inventory() == z.Inventory() || len(c.Inventory().Locations()) != 0 {
		t.Errorf("Clone shares or fills the inventory: %p %p", c.Inventory(), z.Inventory())
	}
	if err := o.SetPlacer(&z); err != nil {
		t.Fatalf("SetPlacer(zero Placer) = %v", err)
	}
	do(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "ann@acme.com"}}})
	if err := z.Check(func(assignment.UserID) bool { return true }, 1); !errors.Is(err, ErrCallingMismatch) {
		t.Errorf("Check of a user holding Calling = %v, want ErrCallingMismatch", err)
	}
}

// Check reports, joined in this order, each user who holds Webex Calling
// without being placed or is placed without holding it, each user placed
// beyond the org's users, and the inventory's own INV-4 violations. Edits
// through Placer.Inventory reach the placer's inventory.
func TestPlacerCheck(t *testing.T) {
	iv := testInventory(t)
	p, err := Attach(newCallingOrg(t), iv)
	must(t, err)
	if p.Inventory() != iv {
		t.Fatal("Inventory is not the inventory attached")
	}
	place(t, p.Inventory(), Candidate{User: 2, WorkNumber: hq1.String()}, Candidate{User: 3, WorkNumber: hq3.String()}, Candidate{User: 5, WorkNumber: br1.String()})
	if err := p.Check(func(id assignment.UserID) bool { return id == 2 || id == 3 || id == 5 }, 6); err != nil {
		t.Errorf("Check of an agreeing org: %v", err)
	}
	i, _ := iv.find(hq2.v)
	iv.nums[i].typ, iv.nums[i].owner = People, 7 // INV-4 broken: owned by a user without a profile
	err = p.Check(func(id assignment.UserID) bool { return id == 1 || id == 3 }, 4)
	if !errors.Is(err, ErrCallingMismatch) {
		t.Fatalf("Check = %v, want ErrCallingMismatch", err)
	}
	want := "calling: Webex Calling and the inventory disagree: user 1 holds Webex Calling true, placed false\n" +
		"calling: Webex Calling and the inventory disagree: user 2 holds Webex Calling false, placed true\n" +
		"calling: Webex Calling and the inventory disagree: user 5 is placed but not in the org\n" +
		`INV-4: OwnerWithoutProfile: user 7, location "HQ", number "+48221000002", extension "", owner "PEOPLE user 7"`
	if d := cmp.Diff(want, err.Error()); d != "" {
		t.Errorf("Check (-want +got):\n%s", d)
	}
}

// Placement is a placed user's placement as the users CSV shows it, and
// the zero placement and false for a user not placed; NumberOwner names
// only an owner other than the user asking, and "" for a free number, the
// user's own, a number not in the inventory or a text not E.164.
func TestPlacerPlacementAndNumberOwner(t *testing.T) {
	iv := testInventory(t)
	p, err := Attach(newCallingOrg(t), iv)
	must(t, err)
	place(t, iv, Candidate{User: 2, WorkNumber: hq1.String()})
	for _, tc := range []struct {
		user assignment.UserID
		pl   assignment.Placement
		ok   bool
	}{
		{2, assignment.Placement{Location: "HQ", Number: hq1.String()}, true},
		{1, assignment.Placement{}, false},
		{assignment.UserID(MaxUserKey) + 1, assignment.Placement{}, false},
	} {
		if pl, ok := p.Placement(tc.user); pl != tc.pl || ok != tc.ok {
			t.Errorf("Placement(%d) = %v, %v; want %v, %v", tc.user, pl, ok, tc.pl, tc.ok)
		}
	}
	for _, tc := range []struct {
		user   assignment.UserID
		number string
		want   string
	}{
		{1, hq1.String(), "PEOPLE user 2"},
		{1, hqHG.String(), "HUNT_GROUP hg-1"},
		{2, hq1.String(), ""},
		{1, hq2.String(), ""},
		{1, "+48221000404", ""},
		{1, "555-555-1212", ""},
		{1, "", ""},
	} {
		if got := p.NumberOwner(tc.user, tc.number); got != tc.want {
			t.Errorf("NumberOwner(%d, %q) = %q, want %q", tc.user, tc.number, got, tc.want)
		}
	}
}

// CAL-6: a clone of the placer, which serves no org, reports every
// failure, also of a user no calling template governs any more, whom the
// attached placer leaves out; the clone is independent of the placer.
func TestCloneReportsEveryFailure(t *testing.T) {
	o := newCallingOrg(t)
	iv := testInventory(t)
	p, err := Attach(o, iv)
	must(t, err)
	do(t, o, assignment.SaveTemplate{Licenses: []assignment.Entry{{Kind: license.BasicMessaging}, {Kind: license.CallingProfessional}}})
	do(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com", Synced: true, WorkNumber: "+48221000404"}}})
	want := []Failure{{User: 0, Reason: NotPreProvisioned, Raw: "+48221000404", Synced: true}}
	if d := cmp.Diff(want, p.Failures()); d != "" {
		t.Fatalf("report while governed (-want +got):\n%s", d)
	}
	do(t, o, assignment.SaveTemplate{Licenses: []assignment.Entry{{Kind: license.BasicMessaging}}})
	if got := p.Failures(); len(got) != 0 {
		t.Errorf("report once no calling template governs: %v, want none", got)
	}
	c, ok := p.Clone().(*Placer)
	if !ok {
		t.Fatalf("Clone is a %T", p.Clone())
	}
	if d := cmp.Diff(want, c.Failures()); d != "" {
		t.Errorf("the clone's report (-want +got):\n%s", d)
	}
	if c.Inventory() == iv {
		t.Error("the clone shares the inventory")
	}
	if d := diffInventory(iv, c.Inventory()); d != "" {
		t.Errorf("the clone's inventory (-want +got):\n%s", d)
	}
}

// ExtensionOwner names who holds an extension in a location, and
// says no one for a free extension, an unknown location, a text that is
// not an extension (leading zeros count), or an empty inventory. Ten
// digits, the most, and the digit 9 make extensions like any other.
func TestExtensionOwner(t *testing.T) {
	iv := testInventory(t)
	must(t, iv.Apply(mustPlanManual(t, iv,
		Request{User: 4, Placement: Placement{Location: "BR", Extension: "0100"}},
		Request{User: 5, Placement: Placement{Location: "HQ", Extension: "1234567890"}},
	)))
	must(t, iv.AssignExtension(hg, "BR", "9"))
	if p, _ := iv.Profile(5); p.Extension != "1234567890" {
		t.Errorf("user 5 has extension %q, want 1234567890", p.Extension)
	}
	for _, tc := range []struct {
		iv        *Inventory
		loc, ext  string
		want      Owner
		wantFound bool
	}{
		{iv, "HQ", "100", Owner{Type: AutoAttendant, ID: "aa-1"}, true},
		{iv, "BR", "0100", UserOwner(4), true},
		{iv, "HQ", "1234567890", UserOwner(5), true},
		{iv, "BR", "9", hg, true},
		{iv, "HQ", "9", Owner{}, false},
		{iv, "BR", "100", Owner{}, false},
		{iv, "HQ", "0100", Owner{}, false},
		{iv, "NOPE", "100", Owner{}, false},
		{iv, "HQ", "", Owner{}, false},
		{iv, "HQ", "1O0", Owner{}, false},
		{iv, "HQ", "12345678901", Owner{}, false},
		{&Inventory{}, "HQ", "100", Owner{}, false},
	} {
		got, ok := tc.iv.ExtensionOwner(tc.loc, tc.ext)
		if got != tc.want || ok != tc.wantFound {
			t.Errorf("ExtensionOwner(%q, %q) = %v, %v; want %v, %v", tc.loc, tc.ext, got, ok, tc.want, tc.wantFound)
		}
	}
}

// Adding numbers rebuilds the number table and moves every profile's
// number with it: a user placed by number alone, one with a number and an
// extension, and one with an extension alone keep their placements, and
// their numbers stay theirs.
func TestTableGrowthKeepsProfiles(t *testing.T) {
	iv := testInventory(t)
	place(t, iv, Candidate{User: 1, WorkNumber: hq1.String()})
	must(t, iv.Apply(mustPlanManual(t, iv,
		Request{User: 2, Placement: Placement{Number: br2.String(), Extension: "7"}},
		Request{User: 3, Placement: Placement{Location: "HQ", Extension: "8"}},
	)))
	before := len(iv.nums)
	more := numbered(t, iv, 100)
	if len(iv.nums) == before {
		t.Fatalf("the table did not grow from %d slots", before)
	}
	want := []string{"", "HQ +48221000001 ", "BR +46812300002 7", "HQ  8"}
	if d := cmp.Diff(want, profiles(iv, 4)); d != "" {
		t.Errorf("profiles after growth (-want +got):\n%s", d)
	}
	for _, tc := range []struct {
		n    E164
		want Owner
	}{{hq1, UserOwner(1)}, {br2, UserOwner(2)}, {hqHG, hg}, {more[99], Owner{}}} {
		if n, ok := iv.Lookup(tc.n); !ok || n.Owner != tc.want {
			t.Errorf("Lookup(%v) = %+v, %v; want owner %v", tc.n, n, ok, tc.want)
		}
	}
	if v := iv.Violations(); len(v) != 0 {
		t.Errorf("violations: %v", v)
	}
}

// A session the plan never consulted (no request, not even an empty
// Prefetch that announces none) commits nothing: the batches and
// sessions begun before it stay fresh.
func TestSessionUnconsultedKeepsPlansFresh(t *testing.T) {
	iv := testInventory(t)
	p := loosePlacer(iv)
	b, err := iv.Plan([]Candidate{{User: 1, WorkNumber: hq1.String()}})
	must(t, err)
	older := p.Begin()
	s := p.Begin()
	s.Prefetch(requests(), 0)
	must(t, s.Valid())
	s.Commit(nil)
	if err := older.Valid(); err != nil {
		t.Errorf("Valid of the session begun before: %v, want nil", err)
	}
	if err := iv.Apply(b); err != nil {
		t.Errorf("Apply of the batch planned before: %v, want nil", err)
	}
}

// CAL-3, CAL-6: a number a session freed, by Release or Rollback, is free
// again: it serves a later user of the session whose request is
// prefetched, on the overlay and on the copy alike, and the released user
// is reported NoUnitAvailable.
func TestSessionFreedNumberServesPrefetch(t *testing.T) {
	for _, tc := range []struct {
		name     string
		onCopy   bool
		release  bool // else roll back
		wantFail []Failure
	}{
		{"released on the overlay", false, true, []Failure{{User: 5, Reason: NoUnitAvailable, Raw: hq1.String(), Synced: true}}},
		{"rolled back on the overlay", false, false, []Failure{}},
		{"released on the copy", true, true, []Failure{{User: 5, Reason: NoUnitAvailable, Raw: hq1.String(), Synced: true}}},
		{"rolled back on the copy", true, false, []Failure{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			iv := testInventory(t)
			p := loosePlacer(iv)
			s := p.Begin()
			placedAt(t, s, 3, br1.String(), "BR")
			if tc.onCopy {
				toCopy(t, s)
			}
			mark := s.Mark()
			s.Prefetch(requests(assignment.PlaceRequest{User: 5, Work: hq1.String(), Synced: true}), 1)
			placedAt(t, s, 5, hq1.String(), "HQ")
			if tc.release {
				s.Release(5)
			} else {
				s.Rollback(mark)
			}
			s.Prefetch(requests(assignment.PlaceRequest{User: 6, Work: hq1.String(), Synced: true}), 1)
			placedAt(t, s, 6, hq1.String(), "HQ")
			s.Commit(nil)
			want := []string{"", "", "", "BR +46812300001 ", "", "", "HQ +48221000001 "}
			if d := cmp.Diff(want, profiles(iv, 7)); d != "" {
				t.Errorf("placed after Commit (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.wantFail, p.Failures()); d != "" {
				t.Errorf("report (-want +got):\n%s", d)
			}
			if v := iv.Violations(); len(v) != 0 {
				t.Errorf("violations: %v", v)
			}
		})
	}
}

// CAL-3: a prefetched failure answers only the work number it was
// prefetched for: asked with another, Place checks that one, and places
// the user when it passes.
func TestSessionPrefetchedFailureOtherNumber(t *testing.T) {
	iv := testInventory(t)
	s := loosePlacer(iv).Begin()
	s.Prefetch(requests(
		assignment.PlaceRequest{User: 0, Work: "555-555-1212", Synced: true},
		assignment.PlaceRequest{User: 1, Work: "+48221000404", Synced: true},
	), 2)
	placedAt(t, s, 0, hq1.String(), "HQ")
	failsWith(t, s, Failure{User: 1, Reason: NotPreProvisioned, Raw: "+48221000404", Synced: true})
	s.Commit(nil)
	want := []string{"HQ +48221000001 ", ""}
	if d := cmp.Diff(want, profiles(iv, 2)); d != "" {
		t.Errorf("placed after Commit (-want +got):\n%s", d)
	}
}

// CAL-6: an admin placement that fails is reported with the
// number asked as its raw value, or the extension when no number was
// asked, and with the holder.
func TestSessionManualFailureRaw(t *testing.T) {
	iv := testInventory(t)
	p := loosePlacer(iv)
	s := p.Begin()
	for _, tc := range []struct {
		user   assignment.UserID
		pl     assignment.Placement
		reason string
		err    error
	}{
		{4, assignment.Placement{Location: "HQ", Extension: "100"}, "NoPlacement", ErrExtensionInUse},
		{5, assignment.Placement{Number: hqHG.String(), Extension: "55"}, "NumberInUse", ErrNumberInUse},
	} {
		pl, reason, err := s.Place(tc.user, tc.pl, "", false)
		if !pl.IsZero() || reason != tc.reason || !errors.Is(err, tc.err) {
			t.Errorf("Place(%d, %v) = %v, %q, %v; want no placement, %q, %v", tc.user, tc.pl, pl, reason, err, tc.reason, tc.err)
		}
	}
	s.Commit(nil)
	want := []Failure{
		{User: 4, Reason: NoPlacement, Raw: "100", Owner: Owner{Type: AutoAttendant, ID: "aa-1"}},
		{User: 5, Reason: NumberInUse, Raw: hqHG.String(), Owner: hg},
	}
	if d := cmp.Diff(want, p.Failures()); d != "" {
		t.Errorf("report (-want +got):\n%s", d)
	}
}

// The user key MaxUserKey is a user like any other: Plan places it, and
// a session places it by the work number on its overlay, from a
// prefetch or asked directly, without copying the inventory.
func TestMaxUserKeyPlaced(t *testing.T) {
	iv := testInventory(t)
	b, err := iv.Plan([]Candidate{{User: MaxUserKey, WorkNumber: hq1.String()}})
	if err != nil || b.Len() != 1 || len(b.Failures()) != 0 {
		t.Fatalf("Plan(MaxUserKey) = %d placed, failures %v, %v; want 1 placed", b.Len(), b.Failures(), err)
	}
	s := loosePlacer(iv).Begin()
	s.Prefetch(requests(
		assignment.PlaceRequest{User: 0, Work: hq1.String()},
		assignment.PlaceRequest{User: assignment.UserID(MaxUserKey), Work: hq2.String()},
	), 2)
	if n := s.(*session).pending; n != 2 {
		t.Errorf("%d pending attempts, want 2", n)
	}
	placedAt(t, s, 0, hq1.String(), "HQ")
	placedAt(t, s, assignment.UserID(MaxUserKey), hq2.String(), "HQ")
	s = loosePlacer(iv).Begin()
	placedAt(t, s, assignment.UserID(MaxUserKey), hq3.String(), "HQ")
	if s.(*session).work != nil {
		t.Error("placing user MaxUserKey copied the inventory")
	}
}

// A plan's work-number placements cost a bit per number taken and per
// user placed, and 24 bytes a user in the plan's log (doc.go): a session
// that placed thousands of users keeps about 24 bytes a user alive.
func TestSessionOverlayLiveBytes(t *testing.T) {
	const n = 1 << 15
	iv := &Inventory{}
	must(t, iv.AddLocation("L", "L", true))
	nums := make([]E164, n)
	reqs := make([]assignment.PlaceRequest, n)
	for i := range nums {
		nums[i] = E164{uint64(12025500000 + i)}
		reqs[i] = assignment.PlaceRequest{User: assignment.UserID(i), Work: nums[i].String(), Synced: true}
	}
	must(t, iv.AddNumbers("L", true, nums...))
	p := loosePlacer(iv)
	perUser := liveBytes(func() any {
		s := p.Begin()
		s.Prefetch(requests(reqs...), n)
		for _, r := range reqs {
			if _, _, err := s.Place(r.User, assignment.Placement{}, r.Work, true); err != nil {
				t.Fatal(err)
			}
		}
		return s
	}) / n
	runtime.KeepAlive(reqs)
	t.Logf("%.1f live bytes a user", perUser)
	if perUser > 28 {
		t.Errorf("%.1f live bytes a user, want at most 28", perUser)
	}
}

// The number table is kept at most three quarters full, each record 16
// bytes (doc.go, TestInventoryLiveBytes): numbers added a few at a time
// fill minTable slots up to three quarters, then the table grows by half;
// numbers added at once take 4/3 as many slots.
func TestNumberTableSize(t *testing.T) {
	for _, tc := range []struct {
		name  string
		adds  []int // how many numbers each AddNumbers adds
		slots int
	}{
		{"one number", []int{1}, minTable},
		{"three quarters of minTable, one at a time", slices.Repeat([]int{1}, minTable*3/4), minTable},
		{"one more grows by half", slices.Repeat([]int{1}, minTable*3/4+1), minTable * 3 / 2},
		{"30 at once", []int{30}, 40},
		{"31 at once", []int{31}, 42},
		{"30, then 1: grows by half", []int{30, 1}, 60},
	} {
		iv := &Inventory{}
		must(t, iv.AddLocation("L", "L", true))
		k := 0
		for _, n := range tc.adds {
			nums := make([]E164, n)
			for i := range nums {
				nums[i] = E164{uint64(12025500000 + k)}
				k++
			}
			must(t, iv.AddNumbers("L", true, nums...))
		}
		if len(iv.nums) != tc.slots {
			t.Errorf("%s: %d slots, want %d", tc.name, len(iv.nums), tc.slots)
		}
	}
}

// A lookup touches one record, usually (doc.go): most numbers of a block
// of consecutive numbers, as carriers assign them, lie in their home slot
// or the one after.
func TestNumberTableSpreads(t *testing.T) {
	const n = 3000
	iv := &Inventory{}
	must(t, iv.AddLocation("L", "L", true))
	nums := make([]E164, n)
	for i := range nums {
		nums[i] = E164{uint64(48221000000 + i)}
	}
	must(t, iv.AddNumbers("L", true, nums...))
	near := 0
	for _, num := range nums {
		i, _ := iv.find(num.v)
		if d := (int(i) - slotOf(num.v, len(iv.nums)) + len(iv.nums)) % len(iv.nums); d <= 1 {
			near++
		}
	}
	if near < n*3/4 {
		t.Errorf("%d of %d numbers in their home slot or the next, want at least %d", near, n, n*3/4)
	}
}
