package calling

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
)

// CAL-2, CAL-3, CAL-5, CAL-12: the work-number path places each user who
// passes in the number's location with that number and no extension;
// others fail with the first reason and the raw value; the first of two
// users with one number wins and the second's failure names the first;
// users who already have Webex Calling are skipped without a failure.
func TestPlan(t *testing.T) {
	iv := testInventory(t)
	place(t, iv, Candidate{User: 9, WorkNumber: hq3.String()})
	before := iv.Clone()
	cands := []Candidate{
		{User: 5, WorkNumber: "+48221000001", Synced: true},
		{User: 2, WorkNumber: "+48221000001"}, // CAL-12: second in order
		{User: 3, WorkNumber: "+46812300002", Synced: true},
		{User: 4, WorkNumber: ""},
		{User: 6, WorkNumber: "555-555-1212", Synced: true},
		{User: 7, WorkNumber: "+48221000404"},
		{User: 8, WorkNumber: "+48221999999"},
		{User: 10, WorkNumber: "+48221000009"},
		{User: 9, WorkNumber: "+48221000002"}, // CAL-5, CAL-7: already placed
		{User: 11, WorkNumber: "+48221000003"},
	}
	b, err := iv.Plan(cands)
	must(t, err)
	if d := diffInventory(before, iv); d != "" {
		t.Fatalf("Plan changed the inventory:\n%s", d)
	}
	var placed []Placed
	for p := range b.Placements() {
		placed = append(placed, p)
	}
	wantPlaced := []Placed{{User: 5, Location: "HQ", Number: hq1}, {User: 3, Location: "BR", Number: br2}}
	if d := cmp.Diff(wantPlaced, placed, e164s); d != "" {
		t.Errorf("placements (-want +got):\n%s", d)
	}
	wantFail := []Failure{
		{User: 2, Reason: NumberInUse, Raw: "+48221000001", Owner: UserOwner(5)},
		{User: 4, Reason: NoWorkNumber},
		{User: 6, Reason: NotE164, Raw: "555-555-1212", Synced: true},
		{User: 7, Reason: NotPreProvisioned, Raw: "+48221000404"},
		{User: 8, Reason: LocationNotValid, Raw: "+48221999999"},
		{User: 10, Reason: NumberInUse, Raw: "+48221000009", Owner: hg},
		{User: 11, Reason: NumberInUse, Raw: "+48221000003", Owner: UserOwner(9)},
	}
	if d := cmp.Diff(wantFail, b.Failures(), e164s); d != "" {
		t.Errorf("failures (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]UserKey{9}, b.Skipped()); d != "" {
		t.Errorf("skipped (-want +got):\n%s", d)
	}
	must(t, iv.Apply(b))
	for _, p := range wantPlaced {
		got, ok := iv.Profile(p.User)
		want := Profile{Location: p.Location, Number: p.Number, Voicemail: DefaultVoicemail(), Settings: DefaultCallSettings()}
		if !ok || got != want {
			t.Errorf("profile of %d = %+v, %v; want %+v", p.User, got, ok, want)
		}
		if n, _ := iv.Lookup(p.Number); n.Owner != UserOwner(p.User) {
			t.Errorf("%v owned by %v", p.Number, n.Owner)
		}
	}
	for _, f := range wantFail {
		if iv.Placed(f.User) {
			t.Errorf("failed user %d placed", f.User)
		}
	}
	if v := iv.Violations(); len(v) != 0 {
		t.Errorf("violations: %v", v)
	}
}

// CAL-8: where a failure is fixed depends on whether the user is synced.
func TestFailureFixIn(t *testing.T) {
	synced, manual := Failure{Synced: true}, Failure{}
	if synced.FixIn() != SourceDirectory || manual.FixIn() != SourceControlHub {
		t.Errorf("FixIn: synced %v, manual %v", synced.FixIn(), manual.FixIn())
	}
}

// CAL-12: the order given is the order served, whatever the user keys.
func TestPlanOrder(t *testing.T) {
	for _, order := range [][]UserKey{{1, 2}, {2, 1}} {
		iv := testInventory(t)
		b, err := iv.Plan([]Candidate{{User: order[0], WorkNumber: hq1.String()}, {User: order[1], WorkNumber: hq1.String()}})
		must(t, err)
		f := b.Failures()
		if b.Len() != 1 || len(f) != 1 || f[0].User != order[1] || f[0].Owner != UserOwner(order[0]) {
			t.Errorf("order %v: %d placed, failures %v", order, b.Len(), f)
		}
	}
}

func TestPlanRefusals(t *testing.T) {
	iv := testInventory(t)
	for _, tc := range []struct {
		name  string
		cands []Candidate
		err   error
	}{
		{"user twice", []Candidate{{User: 1, WorkNumber: "+48221000001"}, {User: 1, WorkNumber: "+48221000002"}}, ErrDuplicateUser},
		{"key out of range", []Candidate{{User: MaxUserKey + 1}}, ErrUserKeyRange},
	} {
		if b, err := iv.Plan(tc.cands); b != nil || !errors.Is(err, tc.err) {
			t.Errorf("%s: %v, %v", tc.name, b, err)
		}
	}
	var none *Batch
	if none.Len() != 0 || none.Failures() != nil || none.Skipped() != nil {
		t.Error("nil batch not empty")
	}
	for range none.Placements() {
		t.Error("nil batch yields a placement")
	}
	b, err := iv.Plan(nil)
	if err != nil || b.Len() != 0 {
		t.Fatalf("Plan(nil) = %v, %v", b, err)
	}
	must(t, iv.Apply(b))
}

// Calls that change nothing (no numbers, no users, a location set to what
// it is) leave a planned batch fresh; each kind, given something, makes
// it stale.
func TestNoOpCallsKeepBatchesFresh(t *testing.T) {
	for _, tc := range []struct {
		name         string
		noop, change func(iv *Inventory) error
	}{
		{"AddNumbers", func(iv *Inventory) error { return iv.AddNumbers("HQ", true) },
			func(iv *Inventory) error { return iv.AddNumbers("HQ", true, MustParseE164("+48221234599")) }},
		{"SetActive", func(iv *Inventory) error { return iv.SetActive(false) },
			func(iv *Inventory) error { return iv.SetActive(false, hq3) }},
		{"AssignToService", func(iv *Inventory) error { return iv.AssignToService(hg) },
			func(iv *Inventory) error { return iv.AssignToService(hg, hq3) }},
		{"ReleaseFromService", func(iv *Inventory) error { return iv.ReleaseFromService() },
			func(iv *Inventory) error { return iv.ReleaseFromService(hqHG) }},
		{"Remove", func(iv *Inventory) error { _, err := iv.Remove(); return err },
			func(iv *Inventory) error { _, err := iv.Remove(2); return err }},
		{"SetLocationEnabled", func(iv *Inventory) error { return iv.SetLocationEnabled("BR", true) },
			func(iv *Inventory) error { return iv.SetLocationEnabled("BR", false) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			iv := testInventory(t)
			b, err := iv.PlanManual([]Request{{User: 2, Placement: Placement{Number: hq2.String()}}})
			must(t, err)
			must(t, iv.Apply(b))
			b, err = iv.Plan([]Candidate{{User: 1, WorkNumber: hq1.String()}})
			must(t, err)
			must(t, tc.noop(iv))
			if err := iv.Apply(b); err != nil {
				t.Fatalf("after the no-op: %v", err)
			}
			b, err = iv.Plan([]Candidate{{User: 3, WorkNumber: hq3.String()}})
			must(t, err)
			must(t, tc.change(iv))
			if err := iv.Apply(b); !errors.Is(err, ErrStaleBatch) {
				t.Fatalf("after the change: %v, want ErrStaleBatch", err)
			}
		})
	}
}

// A batch applies only to the inventory state it was planned on; a stale
// one is refused and changes nothing.
func TestApplyStale(t *testing.T) {
	iv := testInventory(t)
	b, err := iv.Plan([]Candidate{{User: 1, WorkNumber: hq1.String()}})
	must(t, err)
	must(t, iv.AssignToService(Owner{Type: CallQueue, ID: "cq"}, hq1))
	before := iv.Clone()
	refused(t, "stale", iv.Apply(b), ErrStaleBatch, before, iv)
	refused(t, "nil", iv.Apply(nil), ErrStaleBatch, before, iv)
	b2, err := before.Plan([]Candidate{{User: 1, WorkNumber: hq2.String()}})
	must(t, err)
	refused(t, "other inventory", iv.Apply(b2), ErrStaleBatch, before, iv)
	must(t, before.Apply(b2))
	refused(t, "applied twice", before.Apply(b2), ErrStaleBatch, before.Clone(), before)
}

// CAL-7: the work number and the calling number are separate: placing a
// user does not write the work number, a later change of the work number
// does not re-place the user, and re-trying the user skips them without a
// failure.
func TestWorkNumberChangeAfterPlacement(t *testing.T) {
	iv := testInventory(t)
	var d Directory
	must(t, d.Add(1, hq1.String(), true))
	cands, err := d.Candidates(1)
	must(t, err)
	place(t, iv, cands...)
	must(t, d.SetWorkNumber(1, hq2.String(), SourceDirectory))
	if w, _, _ := d.WorkNumber(1); w != hq2.String() {
		t.Errorf("work number %q", w)
	}
	cands, err = d.Candidates(1)
	must(t, err)
	b, err := iv.Plan(cands)
	must(t, err)
	if b.Len() != 0 || len(b.Failures()) != 0 || len(b.Skipped()) != 1 {
		t.Errorf("re-try: %d placed, failures %v, skipped %v", b.Len(), b.Failures(), b.Skipped())
	}
	if p, _ := iv.Profile(1); p.Number != hq1 {
		t.Errorf("calling number %v, want %v", p.Number, hq1)
	}
	if n, _ := iv.Lookup(hq2); !n.Owner.IsZero() {
		t.Errorf("new work number reserved for %v", n.Owner)
	}
}

// Placements stops when the loop over it breaks: it yields no placement
// after the consumer says stop, and a later loop starts again at the first.
func TestPlacementsStopEarly(t *testing.T) {
	iv := testInventory(t)
	b, err := iv.Plan([]Candidate{{User: 1, WorkNumber: hq1.String()}, {User: 2, WorkNumber: hq2.String()}, {User: 3, WorkNumber: br1.String()}})
	must(t, err)
	var got []Placed
	for p := range b.Placements() {
		got = append(got, p)
		if len(got) == 2 {
			break
		}
	}
	want := []Placed{{User: 1, Location: "HQ", Number: hq1}, {User: 2, Location: "HQ", Number: hq2}}
	if d := cmp.Diff(want, got, e164s); d != "" {
		t.Errorf("placements until break (-want +got):\n%s", d)
	}
	got = nil
	for p := range b.Placements() {
		got = append(got, p)
	}
	want = append(want, Placed{User: 3, Location: "BR", Number: br1})
	if d := cmp.Diff(want, got, e164s); d != "" {
		t.Errorf("placements after a break (-want +got):\n%s", d)
	}
}

// CAL-3 (b): on an empty inventory every work number is NotPreProvisioned,
// after the format checks, and nobody is placed.
func TestPlanEmptyInventory(t *testing.T) {
	iv := &Inventory{}
	b, err := iv.Plan([]Candidate{{User: 1, WorkNumber: hq1.String(), Synced: true}, {User: 2}, {User: 3, WorkNumber: "555-555-1212"}})
	must(t, err)
	want := []Failure{
		{User: 1, Reason: NotPreProvisioned, Raw: hq1.String(), Synced: true},
		{User: 2, Reason: NoWorkNumber},
		{User: 3, Reason: NotE164, Raw: "555-555-1212"},
	}
	if d := cmp.Diff(want, b.Failures()); d != "" {
		t.Errorf("failures (-want +got):\n%s", d)
	}
	if b.Len() != 0 {
		t.Errorf("%d placed, want 0", b.Len())
	}
}

// Every kind of change makes the batches and sessions begun before it
// stale, and they stay stale whatever changes follow: a change and the
// next never leave the inventory looking as it was when they were
// planned.
func TestChangesKeepOlderPlansStale(t *testing.T) {
	addLocation := func(iv *Inventory, _ *Placer) error { return iv.AddLocation("NEW", "New", true) }
	for _, tc := range []struct {
		name         string
		change, then func(iv *Inventory, p *Placer) error
	}{
		{"AddLocation", addLocation, func(iv *Inventory, _ *Placer) error { return iv.SetActive(false, hq3) }},
		{"SetLocationEnabled", func(iv *Inventory, _ *Placer) error { return iv.SetLocationEnabled("OFF", true) }, addLocation},
		{"DeleteLocation", func(iv *Inventory, _ *Placer) error { return iv.DeleteLocation("OFF") }, addLocation},
		{"AddNumbers", func(iv *Inventory, _ *Placer) error { return iv.AddNumbers("HQ", true, MustParseE164("+48221234599")) }, addLocation},
		{"SetActive", func(iv *Inventory, _ *Placer) error { return iv.SetActive(false, hq3) }, addLocation},
		{"Apply", func(iv *Inventory, _ *Placer) error {
			b, err := iv.Plan([]Candidate{{User: 3, WorkNumber: br1.String()}})
			if err != nil {
				return err
			}
			return iv.Apply(b)
		}, addLocation},
		{"SetVoicemail", func(iv *Inventory, _ *Placer) error { return iv.SetVoicemail(2, Voicemail{Rings: 5}) }, addLocation},
		{"SetVoicemailPIN", func(iv *Inventory, _ *Placer) error { return iv.SetVoicemailPIN(2, "123456") }, addLocation},
		{"SetCallSettings", func(iv *Inventory, _ *Placer) error { return iv.SetCallSettings(2, CallSettings{DoNotDisturb: true}) }, addLocation},
		{"Remove", func(iv *Inventory, _ *Placer) error { _, err := iv.Remove(2); return err }, addLocation},
		{"AssignToService", func(iv *Inventory, _ *Placer) error { return iv.AssignToService(hg, hq3) }, addLocation},
		{"ReleaseFromService", func(iv *Inventory, _ *Placer) error { return iv.ReleaseFromService(hqHG) }, addLocation},
		{"AssignExtension", func(iv *Inventory, _ *Placer) error { return iv.AssignExtension(hg, "BR", "55") }, addLocation},
		{"ReleaseExtension", func(iv *Inventory, _ *Placer) error { return iv.ReleaseExtension("HQ", "100") }, addLocation},
		{"session Commit", func(_ *Inventory, p *Placer) error {
			s := p.Begin()
			if _, _, err := s.Place(3, assignment.Placement{}, br1.String(), true); err != nil {
				return err
			}
			s.Commit(nil)
			return nil
		}, addLocation},
	} {
		t.Run(tc.name, func(t *testing.T) {
			iv := testInventory(t)
			place(t, iv, Candidate{User: 2, WorkNumber: hq2.String()})
			p := loosePlacer(iv)
			b, err := iv.Plan([]Candidate{{User: 1, WorkNumber: hq1.String()}})
			must(t, err)
			s := p.Begin()
			must(t, tc.change(iv, p))
			must(t, tc.then(iv, p))
			if err := iv.Apply(b); !errors.Is(err, ErrStaleBatch) {
				t.Errorf("Apply of the batch planned before: %v, want ErrStaleBatch", err)
			}
			if err := s.Valid(); !errors.Is(err, ErrStaleBatch) {
				t.Errorf("Valid of the session begun before: %v, want ErrStaleBatch", err)
			}
		})
	}
}
