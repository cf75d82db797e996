package assignment

import (
	"slices"
	"testing"

	"github.com/wxlicense/wxlicense/license"
)

// TestCancelTakesOnlyItsOwnUnits checks that cancelling a subscription
// removes the licenses on it and no other (LIC-8): a user holding the
// kind on the other subscription keeps it.
func TestCancelTakesOnlyItsOwnUnits(t *testing.T) {
	o := New("o", license.MustDefault())
	for _, s := range []string{"s1", "s2"} {
		mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: s, Units: map[license.Kind]int{license.AdvancedMessaging: 1}}})
	}
	mustDoInternal(t, o, AddUsers{Users: []NewUser{
		{Email: "a@x.com", Explicit: true, Licenses: []license.Kind{license.BasicMessaging, license.AdvancedMessaging}},
		{Email: "b@x.com", Explicit: true, Licenses: []license.Kind{license.BasicMessaging, license.AdvancedMessaging}},
	}})
	for id, want := range []string{"s1", "s2"} {
		if s, _ := o.SubscriptionOf(UserID(id), license.AdvancedMessaging); s != want {
			t.Fatalf("user %d on %q, want %q", id, s, want)
		}
	}
	mustDoInternal(t, o, CancelSubscription{Subscription: "s1"})
	if o.Held(0).Has(license.AdvancedMessaging) || !o.Held(1).Has(license.AdvancedMessaging) {
		t.Errorf("after cancelling s1: a holds %s, b %s; want b alone to keep Advanced Messaging", o.cat.Format(o.Held(0)), o.cat.Format(o.Held(1)))
	}
}

// TestSaveSamePinsInAnotherOrder checks that saving a template again with
// the same entries, each naming its subscription, in another order
// changes nothing (LIC-8: a template's entries are a set).
func TestSaveSamePinsInAnotherOrder(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.AdvancedMessaging: 1, license.CXEssential: 1, license.UnifiedCM: 1}}})
	es := []Entry{{Kind: license.BasicMessaging}, {Kind: license.UnifiedCM, Subscription: "s"}, {Kind: license.AdvancedMessaging, Subscription: "s"}, {Kind: license.CXEssential, Subscription: "s"}}
	mustDoInternal(t, o, SaveTemplate{Licenses: es})
	slices.Reverse(es)
	p, err := o.Plan(SaveTemplate{Licenses: es})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Empty() {
		t.Errorf("the same entries in another order: %v", p.Lines())
	}
}
