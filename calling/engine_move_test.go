package calling_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/calling"
	"github.com/wxlicense/wxlicense/license"
)

// moveFixture is an org with 10 Webex Calling units on "old" and newUnits
// on "new", location WAW with +48221000001..3, and users a, b, c placed on "old" by the org template at +48221000001..3,
// each with a voicemail PIN set.
func moveFixture(t *testing.T, newUnits int) *fixture {
	t.Helper()
	o := assignment.New("acme", license.MustDefault())
	for i, units := range []int{10, newUnits} {
		mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: rSubs[i], Created: day0.AddDate(0, i, 0),
			Units: map[license.Kind]int{license.CallingProfessional: units}}})
	}
	inv := &calling.Inventory{}
	must(t, inv.AddLocation("WAW", "Warsaw", true))
	for _, n := range []string{"+48221000001", "+48221000002", "+48221000003"} {
		must(t, inv.AddNumbers("WAW", true, calling.MustParseE164(n)))
	}
	pl, err := calling.Attach(o, inv)
	must(t, err)
	f := &fixture{org: o, inv: inv, pl: pl}
	mustDo(t, f.org, assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "a@x.com", WorkNumber: "+48221000001"}, {Email: "b@x.com", WorkNumber: "+48221000002"}, {Email: "c@x.com", WorkNumber: "+48221000003"}}})
	f.callingTemplate(t, assignment.Existing)
	for u := range 3 {
		must(t, f.inv.SetVoicemailPIN(calling.UserKey(u), "123456"))
	}
	return f
}

// subsAndProfiles returns, per user, the subscription of their Webex
// Calling ("" for none) and their calling profile.
func (f *fixture) subsAndProfiles() ([]string, []calling.Profile) {
	var subs []string
	var profs []calling.Profile
	for id := range f.org.NumUsers() {
		s, ok := f.org.SubscriptionOf(assignment.UserID(id), license.CallingProfessional)
		if !ok {
			s = ""
		}
		p, _ := f.inv.Profile(calling.UserKey(id))
		subs, profs = append(subs, s), append(profs, p)
	}
	return subs, profs
}

// CAL-11, CAL-9, INV-7: by CSV, the old subscription's column FALSE and
// the new one's TRUE is a move keeping the calling data; both TRUE is a
// row error (LIC-9, 400413); every Webex Calling column FALSE without Ack
// is a removal refused as a row error (CAL-9); the other rows apply.
func TestMoveByCSV(t *testing.T) {
	f := moveFixture(t, 5)
	_, before := f.subsAndProfiles()
	csv := "User ID/Email (Required),Webex Calling VAR Professional [old],Webex Calling VAR Professional [new]\n" +
		"a@x.com,FALSE,TRUE\n" +
		"b@x.com,TRUE,TRUE\n" +
		"c@x.com,FALSE,FALSE\n"
	p := mustDo(t, f.org, assignment.ImportCSV{Data: []byte(csv)})
	var rows []string
	for _, re := range p.RowErrors {
		rows = append(rows, re.Email)
		if re.Email == "c@x.com" && !errors.Is(re.Err, assignment.ErrNeedsAck) {
			t.Errorf("CAL-9: c's row error %v, want ErrNeedsAck", re.Err)
		}
	}
	if d := cmp.Diff([]string{"b@x.com", "c@x.com"}, rows); d != "" {
		t.Errorf("row errors (-want +got):\n%s", d)
	}
	if len(p.Calling) != 0 {
		t.Errorf("INV-7: a move touches no calling data: %v", p.Lines())
	}
	if !slices.ContainsFunc(p.Changes, func(c assignment.Change) bool { return c.User == 0 && c.Op == assignment.Move }) {
		t.Errorf("CAL-11: a's row is a move: %v", p.Lines())
	}
	subs, after := f.subsAndProfiles()
	if d := cmp.Diff([]string{"new", "old", "old"}, subs); d != "" {
		t.Errorf("subscriptions (-want +got):\n%s", d)
	}
	if d := cmp.Diff(before, after, exportAll); d != "" {
		t.Errorf("INV-7: calling data changed (-before +after):\n%s", d)
	}
	// with Ack, the all-FALSE row is a removal that destroys the data
	p = mustDo(t, f.org, assignment.ImportCSV{Data: []byte("User ID/Email (Required),Webex Calling VAR Professional [old],Webex Calling VAR Professional [new]\nc@x.com,FALSE,FALSE\n"), Ack: true})
	if len(p.Calling) != 1 || p.Calling[0].User != 2 || p.Calling[0].Op != assignment.Destroyed || f.inv.Placed(2) {
		t.Errorf("CAL-9: acknowledged all-FALSE row: %v", p.Lines())
	}
}

// CAL-11, INV-7: by template (existing scope, preserve off, the calling
// entry naming the new subscription), holders move with their data kept
// and no Ack; a user for whom the target has no free unit keeps the old
// subscription with everything, reported as a shortfall.
func TestMoveByTemplate(t *testing.T) {
	f := moveFixture(t, 2)
	_, before := f.subsAndProfiles()
	p := mustDo(t, f.org, assignment.SaveTemplate{Licenses: []assignment.Entry{{Kind: license.BasicMessaging}, {Kind: license.CallingProfessional, Subscription: "new"}},
		Scope: assignment.Existing, PreserveOff: true})
	if len(p.Calling) != 0 {
		t.Errorf("INV-7: the moves touch no calling data: %v", p.Lines())
	}
	subs, after := f.subsAndProfiles()
	if d := cmp.Diff([]string{"new", "new", "old"}, subs); d != "" {
		t.Errorf("subscriptions (-want +got):\n%s", d)
	}
	if d := cmp.Diff(before, after, exportAll); d != "" {
		t.Errorf("INV-7: calling data changed (-before +after):\n%s", d)
	}
	if !slices.ContainsFunc(p.Shortfalls, func(s assignment.Shortfall) bool { return s.User == 2 && s.Kind == license.CallingProfessional }) {
		t.Errorf("CAL-11: c's missing move is not a shortfall: %v", p.Lines())
	}
	// with preserve on, nothing moves
	f = moveFixture(t, 2)
	mustDo(t, f.org, assignment.SaveTemplate{Licenses: []assignment.Entry{{Kind: license.BasicMessaging}, {Kind: license.CallingProfessional, Subscription: "new"}},
		Scope: assignment.Existing})
	if subs, _ := f.subsAndProfiles(); !slices.Equal(subs, []string{"old", "old", "old"}) {
		t.Errorf("CAL-11: preserve on moved users: %v", subs)
	}
}

// CAL-10, INV-7: cancelling a subscription removes its Webex Calling
// licenses without an Ack, its plan lists every user whose calling data is
// destroyed, and no one is re-homed to a subscription with free units;
// users moved away before keep everything.
func TestCancelSubscriptionDestroys(t *testing.T) {
	for _, expired := range []bool{false, true} {
		f := moveFixture(t, 10)
		mustDo(t, f.org, assignment.ModifyLicenses{User: "c@x.com", Ops: []assignment.LicenseOp{{ID: licenseID(t, f.org, "new")}}})
		_, before := f.subsAndProfiles()
		p := mustDo(t, f.org, assignment.CancelSubscription{Subscription: "old", Expired: expired})
		var destroyed []assignment.UserID
		for _, c := range p.Calling {
			if c.Op == assignment.Destroyed {
				destroyed = append(destroyed, c.User)
			}
		}
		if d := cmp.Diff([]assignment.UserID{0, 1}, destroyed); d != "" {
			t.Errorf("expired %v: destroyed (-want +got):\n%s", expired, d)
		}
		subs, after := f.subsAndProfiles()
		if d := cmp.Diff([]string{"", "", "new"}, subs); d != "" {
			t.Errorf("expired %v: no re-homing (-want +got):\n%s", expired, d)
		}
		if after[2] != before[2] {
			t.Errorf("expired %v: c's data changed: %+v -> %+v", expired, before[2], after[2])
		}
		for _, n := range []string{"+48221000001", "+48221000002"} {
			if num, _ := f.inv.Lookup(calling.MustParseE164(n)); !num.Owner.IsZero() {
				t.Errorf("expired %v: %s still owned by %v", expired, n, num.Owner)
			}
		}
	}
}
