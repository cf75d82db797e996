package assignment

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxlicense/wxlicense/license"
)

// overflowOrg returns an org-mode org whose one user, u@x.com, holds the
// eight paid kinds of overflowPaid from subscription "s1", more than a
// user record holds inline, so that two of the units sit in the org's
// overflow table, and the kinds.
func overflowOrg(t *testing.T) (*Org, []license.Kind) {
	t.Helper()
	cat := license.MustDefault("a", "b", "c")
	paid := []license.Kind{license.AdvancedMessaging, license.AdvancedSpaceMeetings, license.CXEssential, license.UnifiedCM, license.ContactCenterStandard}
	for _, site := range []string{"a", "b", "c"} {
		host, _ := cat.SiteKind(site, license.RoleHost)
		paid = append(paid, host)
	}
	units := map[license.Kind]int{}
	for _, k := range paid {
		units[k] = 5
	}
	o := New("o", cat)
	for _, s := range []string{"s1", "s2"} {
		mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: s, Units: units}})
	}
	es := []Entry{{Kind: license.BasicMessaging}}
	for _, k := range paid {
		es = append(es, Entry{Kind: k, Subscription: "s1"})
	}
	mustDoInternal(t, o, SaveTemplate{Licenses: es, Scope: Existing, Ack: true})
	mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "u@x.com"}}})
	if u := o.users.at(0); u.flags&flagOverflow == 0 {
		t.Fatalf("u@x.com holds %v inline: want units past the record", u.units)
	}
	return o, paid
}

// TestOverflowUnitsReleased checks that a save taking away licenses whose
// units sit past the user's record (the overflow table) releases every
// one, from the subscription it was on (LIC-8), as it does the inline ones.
func TestOverflowUnitsReleased(t *testing.T) {
	o, paid := overflowOrg(t)
	p, err := o.Plan(SaveTemplate{Licenses: []Entry{{Kind: license.BasicMessaging}}, Scope: Existing, PreserveOff: true, Ack: true})
	if err != nil {
		t.Fatal(err)
	}
	subs := map[license.Kind]license.SubID{}
	for _, c := range p.Changes {
		if c.Op == Remove {
			subs[c.Kind] = c.Sub
		}
	}
	want := map[license.Kind]license.SubID{}
	for _, k := range paid {
		want[k] = 0 // s1
	}
	if diff := cmp.Diff(want, subs); diff != "" {
		t.Errorf("removals' subscriptions (-want +got):\n%s", diff)
	}
	if err := o.Apply(p); err != nil {
		t.Fatal(err)
	}
	for _, u := range o.Usage() {
		if u.ConsumedUnits != 0 {
			t.Errorf("%s on %s: %d units consumed after the save, want 0", u.Name, u.Subscription, u.ConsumedUnits)
		}
	}
	if err := o.CheckInvariants(); err != nil {
		t.Error(err)
	}
}

// TestOverflowUnitsRepinned checks that a save naming another subscription
// for every kind, preserve off, moves the units past the record too
// (LIC-8: a held license that satisfies no entry moves to the named
// subscription).
func TestOverflowUnitsRepinned(t *testing.T) {
	o, paid := overflowOrg(t)
	es := []Entry{{Kind: license.BasicMessaging}}
	for _, k := range paid {
		es = append(es, Entry{Kind: k, Subscription: "s2"})
	}
	mustDoInternal(t, o, SaveTemplate{Licenses: es, Scope: Existing, PreserveOff: true, Ack: true})
	info, err := o.User(0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[license.Kind]string{}
	for _, h := range info.Holdings {
		got[h.Kind] = h.Subscription
	}
	for _, k := range paid {
		if got[k] != "s2" {
			t.Errorf("%s on %q after the save, want s2", o.cat.Name(k), got[k])
		}
	}
	for _, u := range o.Usage() {
		if want := map[string]int{"s1": 0, "s2": 1}[u.Subscription]; u.ConsumedUnits != want {
			t.Errorf("%s on %s: %d units consumed, want %d", u.Name, u.Subscription, u.ConsumedUnits, want)
		}
	}
}
