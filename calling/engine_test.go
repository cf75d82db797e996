package calling_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/calling"
	"github.com/wxlicense/wxlicense/license"
)

var day0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// callingOrg is an org with Webex Calling Professional units on "old" and
// "new", an inventory with locations WAW (numbers +48221000001..5) and
// PRG (disabled, +420200000001), a hunt group owning +48221000009, and
// an org template granting Basic Messaging and Professional when pro.
type fixture struct {
	org *assignment.Org
	inv *calling.Inventory
	pl  *calling.Placer
}

func newFixture(t *testing.T, units int) *fixture {
	t.Helper()
	o := assignment.New("acme", license.MustDefault())
	for i, id := range []string{"old", "new"} {
		mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: id, Created: day0.AddDate(0, i, 0),
			Units: map[license.Kind]int{license.CallingProfessional: units}}})
	}
	inv := &calling.Inventory{}
	must(t, inv.AddLocation("WAW", "Warsaw", true))
	must(t, inv.AddLocation("PRG", "Prague", false))
	var nums []calling.E164
	for _, s := range []string{"+48221000001", "+48221000002", "+48221000003", "+48221000004", "+48221000005", "+48221000009"} {
		nums = append(nums, calling.MustParseE164(s))
	}
	must(t, inv.AddNumbers("WAW", true, nums...))
	must(t, inv.AddNumbers("PRG", true, calling.MustParseE164("+420200000001")))
	must(t, inv.AssignToService(calling.Owner{Type: calling.HuntGroup, ID: "sales"}, calling.MustParseE164("+48221000009")))
	pl, err := calling.Attach(o, inv)
	must(t, err)
	return &fixture{org: o, inv: inv, pl: pl}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustDo(t testing.TB, o *assignment.Org, a assignment.Action) *assignment.Plan {
	t.Helper()
	p, err := o.Do(a)
	if err != nil {
		t.Fatalf("%v: %v", a, err)
	}
	if err := o.CheckInvariants(); err != nil {
		t.Fatalf("after %v: %v", a, err)
	}
	return p
}

func (f *fixture) callingTemplate(t *testing.T, scope assignment.Scope) *assignment.Plan {
	return mustDo(t, f.org, assignment.SaveTemplate{Licenses: []assignment.Entry{{Kind: license.BasicMessaging}, {Kind: license.CallingProfessional}}, Scope: scope})
}

func callingLines(p *assignment.Plan) []string {
	var out []string
	for _, l := range p.Lines() {
		if strings.Contains(l, "place") || strings.Contains(l, "calling data") {
			out = append(out, l)
		}
	}
	return out
}

// syncOfEveryCase adds synced users whose work numbers meet every outcome
// of placement by number: placed (a), in use by the user before (b), none
// (c), not E.164 (d), not pre-provisioned (e), at a location not enabled
// for calling (g), and owned by a hunt group (h).
func syncOfEveryCase() assignment.AddUsers {
	return assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "a@x.com", Synced: true, WorkNumber: "+48221000001"},
		{Email: "b@x.com", Synced: true, WorkNumber: "+48221000001"},
		{Email: "c@x.com", Synced: true},
		{Email: "d@x.com", Synced: true, WorkNumber: "555-555-1212"},
		{Email: "e@x.com", Synced: true, WorkNumber: "+48221000404"},
		{Email: "g@x.com", Synced: true, WorkNumber: "+420200000001"},
		{Email: "h@x.com", Synced: true, WorkNumber: "+48221000009"},
	}}
}

// CAL-2, CAL-3, CAL-6, CAL-12: synced users are placed by their work
// number; each who cannot be gets the first failing check with the raw
// value, keeps the template's other licenses, consumes no unit, and is in
// the failure report; of two users with one number the first wins.
func TestDirectorySyncPlacement(t *testing.T) {
	f := newFixture(t, 10)
	f.callingTemplate(t, assignment.Future)
	p := mustDo(t, f.org, syncOfEveryCase())
	want := []string{
		`a@x.com: place Webex Calling Professional at {location "WAW", number "+48221000001"}`,
		`b@x.com: not placed Webex Calling Professional: NumberInUse (user 1: calling: number in use: "+48221000001" (owned by PEOPLE user 0))`,
		`c@x.com: not placed Webex Calling Professional: NoWorkNumber (user 2: calling: no work number: "")`,
		`d@x.com: not placed Webex Calling Professional: NotE164 (user 3: calling: not an E.164 number: "555-555-1212")`,
		`e@x.com: not placed Webex Calling Professional: NotPreProvisioned (user 4: calling: number not pre-provisioned: "+48221000404")`,
		`g@x.com: not placed Webex Calling Professional: LocationNotValid (user 5: calling: location deleted or not enabled for calling: "+420200000001")`,
		`h@x.com: not placed Webex Calling Professional: NumberInUse (user 6: calling: number in use: "+48221000009" (owned by HUNT_GROUP sales))`,
	}
	if d := cmp.Diff(want, callingLines(p)); d != "" {
		t.Errorf("calling (-want +got):\n%s", d)
	}
	for _, e := range []string{"b@x.com", "c@x.com"} {
		id, _ := f.org.LookupUser(e)
		if got := f.org.Catalog().Format(f.org.Held(id)); got != "{Basic Messaging, Basic Space Meetings}" {
			t.Errorf("%s holds %s: the template's other licenses, no calling", e, got)
		}
	}
	if n, _ := f.org.Subscription("old"); n.Units[0].Consumed != 1 {
		t.Errorf("units consumed %v, want 1", n.Units)
	}
	var reasons []string
	for _, fl := range f.pl.Failures() {
		reasons = append(reasons, fl.Reason.String())
	}
	if d := cmp.Diff([]string{"NumberInUse", "NoWorkNumber", "NotE164", "NotPreProvisioned", "LocationNotValid", "NumberInUse"}, reasons); d != "" {
		t.Errorf("CAL-6 report (-want +got):\n%s", d)
	}
	// CAL-6: applying again gives the same report
	f.callingTemplate(t, assignment.Existing)
	var again []string
	for _, fl := range f.pl.Failures() {
		again = append(again, fl.Reason.String())
	}
	if d := cmp.Diff(reasons, again); d != "" {
		t.Errorf("CAL-6 report after a second application (-first +second):\n%s", d)
	}
}

// CAL-3: NoUnitAvailable is the last check: a user who could be placed
// but finds no unit is not placed, and the number stays free.
func TestPlacementNeedsUnit(t *testing.T) {
	f := newFixture(t, 0)
	f.callingTemplate(t, assignment.Future)
	p := mustDo(t, f.org, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com", Synced: true, WorkNumber: "+48221000001"}}})
	if d := cmp.Diff([]string{"a@x.com: not placed Webex Calling Professional: NoUnitAvailable"}, callingLines(p)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if n, _ := f.inv.Lookup(calling.MustParseE164("+48221000001")); !n.Owner.IsZero() {
		t.Errorf("the number is owned by %v", n.Owner)
	}
}

// CAL-4: a user added by hand is placed at the placement given; without
// one, NoPlacement (no work-number lookup); a bad placement refuses the
// whole add, nothing created.
func TestManualPlacement(t *testing.T) {
	f := newFixture(t, 10)
	f.callingTemplate(t, assignment.Future)
	p := mustDo(t, f.org, assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "a@x.com", Placement: assignment.Placement{Location: "WAW", Extension: "100"}},
		{Email: "b@x.com", WorkNumber: "+48221000002"},
	}})
	want := []string{
		`a@x.com: place Webex Calling Professional at {location "WAW", extension "100"}`,
		`b@x.com: not placed Webex Calling Professional: NoPlacement`,
	}
	if d := cmp.Diff(want, callingLines(p)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	before := f.org.Clone()
	_, err := f.org.Do(assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "c@x.com", Placement: assignment.Placement{Number: "+48221000003"}},
		{Email: "d@x.com", Placement: assignment.Placement{Location: "PRG", Extension: "200"}},
	}})
	if err == nil || f.org.NumUsers() != before.NumUsers() {
		t.Fatalf("a bad placement: err %v, users %d", err, f.org.NumUsers())
	}
	if n, _ := f.inv.Lookup(calling.MustParseE164("+48221000003")); !n.Owner.IsZero() {
		t.Errorf("refused add took a number: %v", n.Owner)
	}
}

// CAL-5, CAL-7, CAL-8: a save with existing scope places every governed
// user without Webex Calling by their work number, manual and synced
// alike, and never re-places one; a work number changed later does
// nothing; fixing a failed number and re-applying provisions the user; a
// synced user's number is edited only by directory sync.
func TestExistingScopeAndFixes(t *testing.T) {
	f := newFixture(t, 10)
	mustDo(t, f.org, assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "a@x.com", WorkNumber: "+48221000001"},
		{Email: "b@x.com", Synced: true, WorkNumber: "48221000002"},
	}})
	p := f.callingTemplate(t, assignment.Existing)
	want := []string{
		`a@x.com: place Webex Calling Professional at {location "WAW", number "+48221000001"}`,
		`b@x.com: not placed Webex Calling Professional: NotE164 (user 1: calling: not an E.164 number: "48221000002")`,
	}
	if d := cmp.Diff(want, callingLines(p)); d != "" {
		t.Errorf("CAL-5 (-want +got):\n%s", d)
	}
	// CAL-8: a synced user's work number changes only by directory sync
	before := f.org.Clone()
	if _, err := f.org.Do(assignment.SetWorkNumber{User: "b@x.com", Number: "+48221000002", By: assignment.ByControlHub}); !errors.Is(err, assignment.ErrSyncedWorkNumber) {
		t.Fatalf("Control Hub edit of a synced number: %v", err)
	}
	if f.org.Version() != before.Version() {
		t.Fatal("a refused edit changed the org")
	}
	p = mustDo(t, f.org, assignment.SetWorkNumber{User: "b@x.com", Number: "+48221000002", By: assignment.ByDirectory})
	if len(p.Changes) != 0 || len(p.Calling) != 0 {
		t.Errorf("CAL-8: correcting the number alone provisions nobody: %v", p.Lines())
	}
	// CAL-7: a's work number changes; a stays where she is
	mustDo(t, f.org, assignment.SetWorkNumber{User: "a@x.com", Number: "+48221000004", By: assignment.ByControlHub})
	p = f.callingTemplate(t, assignment.Existing)
	want = []string{`b@x.com: place Webex Calling Professional at {location "WAW", number "+48221000002"}`}
	if d := cmp.Diff(want, callingLines(p)); d != "" {
		t.Errorf("CAL-7, CAL-8 (-want +got):\n%s", d)
	}
	if prof, _ := f.inv.Profile(0); prof.Number.String() != "+48221000001" {
		t.Errorf("CAL-7: a re-placed at %v", prof.Number)
	}
	if len(f.pl.Failures()) != 0 {
		t.Errorf("report %v, want none", f.pl.Failures())
	}
}

// CAL-8: a user who joins a group with a calling template is tried at
// once by the work-number lookup.
func TestJoinPlaces(t *testing.T) {
	f := newFixture(t, 10)
	mustDo(t, f.org, assignment.SwitchMode{Mode: assignment.GroupMode})
	mustDo(t, f.org, assignment.AddGroup{Name: "callers"})
	mustDo(t, f.org, assignment.SaveTemplate{Group: "callers", Licenses: []assignment.Entry{{Kind: license.BasicMessaging}, {Kind: license.CallingProfessional}}})
	mustDo(t, f.org, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com", WorkNumber: "+48221000003"}}})
	p := mustDo(t, f.org, assignment.JoinGroup{User: "a@x.com", Group: "callers"})
	want := []string{`a@x.com: place Webex Calling Professional at {location "WAW", number "+48221000003"}`}
	if d := cmp.Diff(want, callingLines(p)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// CAL-9, INV-7: removing Webex Calling needs an acknowledgement, and the
// plan lists per user what is destroyed; applied, the number is free at
// once and re-licensing needs a new placement with a fresh profile.
func TestRemovalDestroys(t *testing.T) {
	f := newFixture(t, 10)
	mustDo(t, f.org, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com", WorkNumber: "+48221000001"}}})
	f.callingTemplate(t, assignment.Existing)
	must(t, f.inv.SetVoicemailPIN(0, "123456"))
	drop := assignment.SaveTemplate{Licenses: []assignment.Entry{{Kind: license.BasicMessaging}}, Scope: assignment.Existing, PreserveOff: true}
	before := f.org.Clone()
	if _, err := f.org.Do(drop); !errors.Is(err, assignment.ErrNeedsAck) {
		t.Fatalf("without ack: %v", err)
	}
	if prof, ok := f.inv.Profile(0); !ok || !prof.PINSet || f.org.Version() != before.Version() {
		t.Fatal("a refused removal changed something")
	}
	drop.Ack = true
	p := mustDo(t, f.org, drop)
	want := []string{`a@x.com: destroy calling data: user 0: placement in WAW, number +48221000001, voicemail settings, voicemail PIN, call settings (CAL-9)`}
	if d := cmp.Diff(want, callingLines(p)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if n, _ := f.inv.Lookup(calling.MustParseE164("+48221000001")); !n.Owner.IsZero() {
		t.Errorf("the number is still owned by %v", n.Owner)
	}
	p = mustDo(t, f.org, assignment.UpdateLicenses{User: "a@x.com", Licenses: []license.Kind{license.BasicMessaging, license.BasicSpaceMeetings, license.CallingProfessional},
		Placement: assignment.Placement{Location: "WAW", Extension: "200"}})
	if prof, _ := f.inv.Profile(0); prof.PINSet || prof.Extension != "200" {
		t.Errorf("re-licensed profile %+v, want a fresh one at extension 200", prof)
	}
}

// CAL-10, CAL-11, INV-7: a per-user move keeps calling data and never
// re-runs the checks; cancelling a subscription removes its licenses and
// destroys calling data, with no re-homing.
func TestMoveAndCancel(t *testing.T) {
	f := newFixture(t, 10)
	mustDo(t, f.org, assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "a@x.com", WorkNumber: "+48221000001"}, {Email: "b@x.com", WorkNumber: "+48221000002"}}})
	f.callingTemplate(t, assignment.Existing)
	must(t, f.inv.SetVoicemailPIN(0, "123456"))
	newID := licenseID(t, f.org, "new")
	p := mustDo(t, f.org, assignment.ModifyLicenses{User: "a@x.com", Ops: []assignment.LicenseOp{{ID: newID}}})
	if len(p.Calling) != 0 || !slices.ContainsFunc(p.Changes, func(c assignment.Change) bool { return c.Op == assignment.Move }) {
		t.Errorf("CAL-11: a move, data kept: %v", p.Lines())
	}
	if prof, _ := f.inv.Profile(0); !prof.PINSet {
		t.Error("CAL-10: the move lost calling data")
	}
	p = mustDo(t, f.org, assignment.CancelSubscription{Subscription: "old"})
	want := []string{`b@x.com: destroy calling data: user 1: placement in WAW, number +48221000002, voicemail settings, call settings (CAL-9)`}
	if d := cmp.Diff(want, callingLines(p)); d != "" {
		t.Errorf("CAL-10 cancellation (-want +got):\n%s", d)
	}
	if f.inv.Placed(1) || !f.inv.Placed(0) {
		t.Error("cancellation: b keeps calling, or a lost it")
	}
}

func licenseID(t *testing.T, o *assignment.Org, sub string) string {
	t.Helper()
	id, err := o.LicenseID(license.CallingProfessional, sub)
	must(t, err)
	return id.String()
}

// A plan made before the inventory changed is stale: Apply refuses it
// and changes nothing.
func TestInventoryEditMakesPlanStale(t *testing.T) {
	f := newFixture(t, 10)
	f.callingTemplate(t, assignment.Future)
	p, err := f.org.Plan(assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com", Synced: true, WorkNumber: "+48221000001"}}})
	must(t, err)
	must(t, f.inv.AssignToService(calling.Owner{Type: calling.AutoAttendant, ID: "main"}, calling.MustParseE164("+48221000001")))
	if err := f.org.Apply(p); !errors.Is(err, assignment.ErrStalePlan) {
		t.Fatalf("Apply after an inventory edit: %v", err)
	}
	if f.org.NumUsers() != 0 {
		t.Fatal("a stale plan changed the org")
	}
}

// CAL-4, CAL-6: a user added by hand without a placement is in the
// failure report as NoPlacement, until placed.
func TestNoPlacementReported(t *testing.T) {
	f := newFixture(t, 10)
	f.callingTemplate(t, assignment.Future)
	mustDo(t, f.org, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com", WorkNumber: "+48221000001"}}})
	if got := f.pl.Failures(); len(got) != 1 || got[0].Reason != calling.NoPlacement {
		t.Fatalf("report %v, want a NoPlacement", got)
	}
	f.callingTemplate(t, assignment.Existing) // CAL-5: looked up by the work number
	if got := f.pl.Failures(); len(got) != 0 || !f.inv.Placed(0) {
		t.Fatalf("report %v after the save, placed %v", got, f.inv.Placed(0))
	}
}

// INV-7, CAL-9: deleting a user destroys their calling data without an
// acknowledgement, traced in the plan; the number is free again.
func TestDeleteUserDestroys(t *testing.T) {
	f := newFixture(t, 10)
	mustDo(t, f.org, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com", WorkNumber: "+48221000001"}}})
	f.callingTemplate(t, assignment.Existing)
	p := mustDo(t, f.org, assignment.DeleteUser{User: "a@x.com"})
	want := []string{`a@x.com: destroy calling data: user 0: placement in WAW, number +48221000001, voicemail settings, call settings (CAL-9)`}
	if d := cmp.Diff(want, callingLines(p)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if f.inv.Placed(0) {
		t.Error("a deleted user is still placed")
	}
}
