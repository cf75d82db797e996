package calling_test

import (
	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/calling"
	"testing"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// CAL-4, CAL-9: after an acknowledged removal, re-licensing a user by hand
// needs a new placement: a user-level request adding Webex Calling without
// one is 400411, even for a user who was given a placement at creation.
func TestRelicenseNeedsNewPlacement(t *testing.T) {
	f := newFixture(t, 10)
	f.callingTemplate(t, assignment.Future)
	mustDo(t, f.org, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com", Placement: assignment.Placement{Location: "WAW", Extension: "100"}}}})
	mustDo(t, f.org, assignment.UpdateLicenses{User: "a@x.com", Licenses: []license.Kind{license.BasicMessaging, license.BasicSpaceMeetings}, Ack: true})
	if f.inv.Placed(0) {
		t.Fatal("the acknowledged removal kept the profile")
	}
	p, err := f.org.Do(assignment.UpdateLicenses{User: "a@x.com", Licenses: []license.Kind{license.BasicMessaging, license.BasicSpaceMeetings, license.CallingProfessional}})
	if err == nil {
		t.Fatalf("re-licensed without a new placement: %v", p.Lines())
	}
}

// CAL-5, CAL-6: a hand-added user given a placement at creation, while no
// calling template governed them, is tried by the work number when a
// calling template is later applied with existing scope, and a user who
// cannot be placed is in the failure report with the CAL-3 reason.
func TestExistingScopeUsesWorkNumber(t *testing.T) {
	f := newFixture(t, 10)
	mustDo(t, f.org, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com", WorkNumber: "+48221000404", Placement: assignment.Placement{Number: "+48221000001"}}}})
	must(t, f.inv.AssignToService(calling.Owner{Type: calling.AutoAttendant, ID: "main"}, calling.MustParseE164("+48221000001")))
	p := f.callingTemplate(t, assignment.Existing)
	want := []string{`a@x.com: not placed Webex Calling Professional: NotPreProvisioned (user 0: calling: number not pre-provisioned: "+48221000404")`}
	if d := cmp.Diff(want, callingLines(p)); d != "" {
		t.Errorf("CAL-5 (-want +got):\n%s", d)
	}
	if fs := f.pl.Failures(); len(fs) != 1 || fs[0].User != 0 {
		t.Errorf("CAL-6 report %v, want user 0", fs)
	}
}

// CAL-11, INV-7: a per-user edit that unticks the old subscription and
// ticks the new one in one request is a move keeping the calling data,
// needing no Ack, whatever the order of its operations.
func TestMoveOpsInAnyOrder(t *testing.T) {
	f := moveFixture(t, 5)
	_, before := f.subsAndProfiles()
	p, err := f.org.Do(assignment.ModifyLicenses{User: "b@x.com", Ops: []assignment.LicenseOp{{ID: licenseID(t, f.org, "new")}, {ID: licenseID(t, f.org, "old"), Remove: true}}})
	if err != nil {
		t.Fatalf("CAL-11: a move needs no Ack: %v", err)
	}
	subs, after := f.subsAndProfiles()
	if subs[1] != "new" || len(p.Calling) != 0 || after[1] != before[1] {
		t.Errorf("CAL-11: b on %q, calling data %+v -> %+v; plan %v", subs[1], before[1], after[1], p.Lines())
	}
}

// CAL-6: a NoUnitAvailable failure is reported like the others, with the
// raw work number of the attempt and whether the user is synced (where the
// number is fixed, CAL-8).
func TestNoUnitFailureKeepsRawAndSynced(t *testing.T) {
	f := newFixture(t, 0)
	f.callingTemplate(t, assignment.Future)
	mustDo(t, f.org, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com", Synced: true, WorkNumber: "+48221000001"}}})
	want := []calling.Failure{{User: 0, Reason: calling.NoUnitAvailable, Raw: "+48221000001", Synced: true}}
	if d := cmp.Diff(want, f.pl.Failures()); d != "" {
		t.Errorf("CAL-6 report (-want +got):\n%s", d)
	}
}

// CAL-6: the report lists each governed user lacking Webex Calling, in
// user order: a user drops out when no live template granting Webex
// Calling governs them any more (the template saved without it, deleted,
// the user left or moved out of the group, deleted, the mode switched) or
// when placed by other means, and comes back with the same attempt when
// governed again without a new one (our reading of "each governed user";
// calling's doc.go). Users a, b and c fail; in group mode a and c are in
// g1, b in g2, both groups' templates granting Webex Calling.
func TestReportOnlyGovernedUsers(t *testing.T) {
	callingEntries := []assignment.Entry{{Kind: license.BasicMessaging}, {Kind: license.CallingProfessional}}
	noCalling := []assignment.Entry{{Kind: license.BasicMessaging}}
	tests := []struct {
		name  string
		group bool // group mode: g1 and g2 with calling templates
		steps []assignment.Action
		want  []string // the e-mails in the report
	}{
		{"org: as attempted", false, nil, []string{"a@x.com", "b@x.com", "c@x.com"}},
		{"org: template saved without calling", false, []assignment.Action{
			assignment.SaveTemplate{Licenses: noCalling, Scope: assignment.Existing},
		}, nil},
		{"org: saved without calling, future scope", false, []assignment.Action{
			assignment.SaveTemplate{Licenses: noCalling},
		}, nil},
		{"org: calling back, future scope: the same attempts", false, []assignment.Action{
			assignment.SaveTemplate{Licenses: noCalling},
			assignment.SaveTemplate{Licenses: callingEntries},
		}, []string{"a@x.com", "b@x.com", "c@x.com"}},
		{"org: template deleted", false, []assignment.Action{
			assignment.DeleteTemplate{Template: "org"},
		}, nil},
		{"org: user deleted", false, []assignment.Action{
			assignment.DeleteUser{User: "b@x.com"},
		}, []string{"a@x.com", "c@x.com"}},
		{"org: placed by hand", false, []assignment.Action{
			assignment.UpdateLicenses{User: "a@x.com", Licenses: []license.Kind{license.BasicMessaging, license.BasicSpaceMeetings, license.CallingProfessional},
				Placement: assignment.Placement{Location: "WAW", Extension: "100"}},
		}, []string{"b@x.com", "c@x.com"}},
		{"org: mode switched", false, []assignment.Action{
			assignment.SwitchMode{Mode: assignment.GroupMode},
		}, nil},
		{"group: as attempted", true, nil, []string{"a@x.com", "b@x.com", "c@x.com"}},
		{"group: left the group", true, []assignment.Action{
			assignment.LeaveGroup{User: "b@x.com", Group: "g2"},
		}, []string{"a@x.com", "c@x.com"}},
		{"group: moved to a group without calling", true, []assignment.Action{
			assignment.AddGroup{Name: "plain"},
			assignment.SaveTemplate{Group: "plain", Licenses: noCalling},
			assignment.MoveUser{User: "a@x.com", From: "g1", To: "plain"},
		}, []string{"b@x.com", "c@x.com"}},
		{"group: joined a group without calling, still in g1", true, []assignment.Action{
			assignment.AddGroup{Name: "plain"},
			assignment.SaveTemplate{Group: "plain", Licenses: noCalling},
			assignment.JoinGroup{User: "c@x.com", Group: "plain"},
		}, []string{"a@x.com", "b@x.com", "c@x.com"}},
		{"group: g1's template saved without calling", true, []assignment.Action{
			assignment.SaveTemplate{Group: "g1", Licenses: noCalling},
		}, []string{"b@x.com"}},
		{"group: g2's template deleted", true, []assignment.Action{
			assignment.DeleteTemplate{Template: "g2"},
		}, []string{"a@x.com", "c@x.com"}},
		{"group: user deleted", true, []assignment.Action{
			assignment.DeleteUser{User: "c@x.com"},
		}, []string{"a@x.com", "b@x.com"}},
		{"group: mode switched", true, []assignment.Action{
			assignment.SwitchMode{Mode: assignment.OrgMode},
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, 10)
			groups := [][]string{nil, nil, nil}
			if tt.group {
				mustDo(t, f.org, assignment.SwitchMode{Mode: assignment.GroupMode})
				for _, g := range []string{"g1", "g2"} {
					mustDo(t, f.org, assignment.AddGroup{Name: g})
					mustDo(t, f.org, assignment.SaveTemplate{Group: g, Licenses: callingEntries})
				}
				groups = [][]string{{"g1"}, {"g2"}, {"g1"}}
			} else {
				f.callingTemplate(t, assignment.Future)
			}
			mustDo(t, f.org, assignment.AddUsers{Users: []assignment.NewUser{
				{Email: "a@x.com", Synced: true, WorkNumber: "555-555-1212", Groups: groups[0]},
				{Email: "b@x.com", Synced: true, Groups: groups[1]},
				{Email: "c@x.com", Synced: true, WorkNumber: "+48221000404", Groups: groups[2]},
			}})
			for _, a := range tt.steps {
				mustDo(t, f.org, a)
			}
			var got []string
			for _, fl := range f.pl.Failures() {
				info, err := f.org.User(assignment.UserID(fl.User))
				must(t, err)
				got = append(got, info.Email)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("CAL-6 report (-want +got):\n%s", d)
			}
		})
	}
}

// CAL-4, CAL-6, CAL-12: in one batch, a synced user placed by their work
// number and then a user added by hand whose admin placement names that
// number: either the placement is invalid and refuses the whole add
// (CAL-4), or the first in order wins and the second is not placed with
// NumberInUse naming the first (CAL-12) and is in the failure report.
func TestBatchPlacementConflict(t *testing.T) {
	f := newFixture(t, 10)
	f.callingTemplate(t, assignment.Future)
	p, err := f.org.Do(assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "a@x.com", Synced: true, WorkNumber: "+48221000003"},
		{Email: "b@x.com", Placement: assignment.Placement{Number: "+48221000003"}},
	}})
	if err != nil {
		return // CAL-4: refused as a whole
	}
	want := []string{
		`a@x.com: place Webex Calling Professional at {location "WAW", number "+48221000003"}`,
		`b@x.com: not placed Webex Calling Professional: NumberInUse (user 1: placement {number "+48221000003"}: calling: number in use (owned by PEOPLE user 0) (400))`,
	}
	if d := cmp.Diff(want, callingLines(p)); d != "" {
		t.Errorf("CAL-12 (-want +got):\n%s", d)
	}
	if fs := f.pl.Failures(); len(fs) != 1 || fs[0].User != 1 || fs[0].Reason != calling.NumberInUse {
		t.Errorf("CAL-6 report %v, want user 1 NumberInUse", fs)
	}
}
