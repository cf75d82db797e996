package assignment_test

import (
	"testing"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// Regressions found by the state-machine test, kept as plain stories.

// INV-1, LIC-1: a refused downgrade keeps the old kind, and with it what the
// old kind requires, even with preserve off.
func TestRefusedDowngradeKeepsRequirement(t *testing.T) {
	b := license.DefaultBuilder()
	b.RefuseDowngrade(license.AdvancedMessaging, license.UnifiedCM, license.CodeCXEssentialToStandard)
	cat, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	o := assignment.New("o", cat)
	mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.AdvancedMessaging: 1, license.UnifiedCM: 1}}})
	mustDo(t, o, assignment.SaveTemplate{Licenses: entries(license.BasicMessaging, license.AdvancedMessaging)})
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "u@x.com"}}})
	p := mustDo(t, o, assignment.SaveTemplate{Licenses: entries(license.UnifiedCM), Scope: assignment.Existing, PreserveOff: true})
	if got := held(t, o, "u@x.com"); got != "{Basic Messaging, Advanced Messaging, Basic Space Meetings}" {
		t.Fatalf("holds %s\n%v", got, p.Lines())
	}
}

// ASG-5, LIC-9: a delete with preserve off removes licenses whose only
// source is the template, retained ones included, also from users who left
// its group.
func TestDeleteDropsRetainedSources(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.SwitchMode{Mode: assignment.GroupMode})
	mustDo(t, o, assignment.AddGroup{Name: "g"})
	mustDo(t, o, assignment.SaveTemplate{Group: "g", Licenses: entries(license.BasicMessaging, license.BasicMeetings)})
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "in@x.com", Groups: []string{"g"}}, {Email: "out@x.com", Groups: []string{"g"}}}})
	mustDo(t, o, assignment.SaveTemplate{Group: "g", Licenses: entries(license.BasicMessaging), Scope: assignment.Existing})
	mustDo(t, o, assignment.LeaveGroup{User: "out@x.com", Group: "g"}) // setting on: keeps all, "g" retained
	mustDo(t, o, assignment.DeleteTemplate{Template: "g", PreserveOff: true})
	for _, e := range []string{"in@x.com", "out@x.com"} {
		if got := held(t, o, e); got != "{}" {
			t.Errorf("%s holds %s, want nothing", e, got)
		}
	}
}

// INV-6, ASG-16: a Standard Agent unit freed by an upgrade goes, in the same
// application, to a user earlier in user order who was refused it, so that
// applying the same save again changes nothing.
func TestUpgradeFreedUnitSamePass(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "s1", Created: day0,
		Units: map[license.Kind]int{license.ContactCenterStandard: 1}}})
	mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "s2", Created: day0.AddDate(0, 1, 0),
		Units: map[license.Kind]int{license.ContactCenterPremium: 1}}})
	mustDo(t, o, assignment.SwitchMode{Mode: assignment.GroupMode})
	mustDo(t, o, assignment.AddGroup{Name: "g1"})
	mustDo(t, o, assignment.AddGroup{Name: "g2"})
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "a@x.com", Groups: []string{"g1"}},
		{Email: "b@x.com", Groups: []string{"g1", "g2"}, Explicit: true, Licenses: []license.Kind{license.ContactCenterStandard}},
	}})
	mustDo(t, o, assignment.SaveTemplate{Group: "g2", Licenses: entries(license.ContactCenterPremium)}) // future: nobody changes yet
	save := assignment.SaveTemplate{Group: "g1", Licenses: []assignment.Entry{
		{Kind: license.ContactCenterPremium, Subscription: "s1"}, {Kind: license.ContactCenterStandard}}, Scope: assignment.Existing}
	first := mustDo(t, o, save)
	if got := held(t, o, "a@x.com"); got != "{Basic Messaging, Basic Space Meetings, Call on Webex, Contact Center Standard Agent}" {
		t.Fatalf("a holds %s after\n%v", got, first.Lines())
	}
	p := mustDo(t, o, save)
	if !p.Empty() {
		t.Fatalf("INV-6: the second save changed %v", p.Lines())
	}
}

// A user with sparse extras (a placement) decides alone: an ungoverned
// user after them must not borrow their decision.
func TestDecisionMemoIsolation(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.SwitchMode{Mode: assignment.GroupMode})
	mustDo(t, o, assignment.AddGroup{Name: "g"})
	mustDo(t, o, assignment.SaveTemplate{Group: "g", Licenses: entries(license.BasicMessaging)})
	p := mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "placed@x.com", Groups: []string{"g"}, Placement: assignment.Placement{Location: "HQ", Extension: "1"}},
		{Email: "plain@x.com", Groups: []string{"g"}},
	}})
	if a, b := held(t, o, "placed@x.com"), held(t, o, "plain@x.com"); a != b {
		t.Fatalf("placed %s, plain %s\n%v", a, b, p.Lines())
	}
}
