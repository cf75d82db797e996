package assignment

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxlicense/wxlicense/license"
)

// TestMemoKeyHoldsFourTemplates checks that users governed by more
// templates than a memo key holds are decided alone (ASG-3: a user gets
// the union of their groups' templates): two users of five groups who
// share the first four differ in the fifth, and each gets the fifth's
// license, in one batch and after saves that decide them again.
func TestMemoKeyHoldsFourTemplates(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, SwitchMode{Mode: GroupMode})
	mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.AdvancedMessaging: 5, license.CXEssential: 5}}})
	last := map[string]license.Kind{"g5": license.AdvancedMessaging, "g6": license.CXEssential}
	for i := 1; i <= 6; i++ {
		g := fmt.Sprint("g", i)
		mustDoInternal(t, o, AddGroup{Name: g})
		es := []Entry{{Kind: license.BasicMessaging}}
		if k, ok := last[g]; ok {
			es = append(es, Entry{Kind: k})
		}
		mustDoInternal(t, o, SaveTemplate{Group: g, Licenses: es})
	}
	mustDoInternal(t, o, AddUsers{Users: []NewUser{
		{Email: "x@x.com", Groups: []string{"g1", "g2", "g3", "g4", "g5"}},
		{Email: "y@x.com", Groups: []string{"g1", "g2", "g3", "g4", "g6"}},
	}})
	check := func(when string) {
		t.Helper()
		got := map[string]string{}
		for _, e := range []string{"x@x.com", "y@x.com"} {
			id, _ := o.LookupUser(e)
			info, _ := o.User(id)
			got[e] = o.cat.Format(info.Licenses)
		}
		want := map[string]string{
			"x@x.com": o.cat.Format(license.SetOf(license.BasicMessaging, license.BasicSpaceMeetings, license.AdvancedMessaging)),
			"y@x.com": o.cat.Format(license.SetOf(license.BasicMessaging, license.BasicSpaceMeetings, license.CXEssential)),
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", when, diff)
		}
	}
	check("after the batch")
	mustDoInternal(t, o, SaveTemplate{Group: "g1", Licenses: []Entry{{Kind: license.BasicMessaging}, {Kind: license.BasicMeetings}}, Scope: Existing, PreserveOff: true, Ack: true})
	mustDoInternal(t, o, SaveTemplate{Group: "g1", Licenses: []Entry{{Kind: license.BasicMessaging}}, Scope: Existing, PreserveOff: true, Ack: true})
	check("after two saves")
}

// TestReplayedShortfalls checks that the users of a class replay their
// class's shortfalls, and only those, after earlier users' (ASG-19,
// LIC-8): users holding Advanced Messaging from s1, in two classes, keep
// it there when a save, preserve on, names s2 for it, each with the
// shortfall SubscriptionKept, decided first for each class, then replayed,
// in user order.
func TestReplayedShortfalls(t *testing.T) {
	o := New("o", license.MustDefault())
	for _, s := range []string{"s1", "s2"} {
		mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: s, Units: map[license.Kind]int{license.AdvancedMessaging: 5, license.CXEssential: 5}}})
	}
	var users []NewUser
	for i, cx := range []bool{false, true, true, false, true} {
		nu := NewUser{Email: fmt.Sprintf("u%d@x.com", i), Explicit: true, Licenses: []license.Kind{license.BasicMessaging, license.AdvancedMessaging}}
		if cx {
			nu.Licenses = append(nu.Licenses, license.CXEssential)
		}
		users = append(users, nu)
	}
	mustDoInternal(t, o, AddUsers{Users: users})
	if o.class[0] != o.class[3] || o.class[1] != o.class[2] || o.class[1] != o.class[4] || o.class[0] == o.class[1] {
		t.Fatalf("classes %v: want two, 0 3 and 1 2 4", o.class)
	}
	p, err := o.Plan(SaveTemplate{Licenses: []Entry{{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging, Subscription: "s2"}}, Scope: Existing, Ack: true})
	if err != nil {
		t.Fatal(err)
	}
	var want []Shortfall
	for id := range UserID(5) {
		want = append(want, Shortfall{User: id, Kind: license.AdvancedMessaging, Reason: SubscriptionKept, Other: license.NoKind})
	}
	if diff := cmp.Diff(want, p.Shortfalls); diff != "" {
		t.Errorf("shortfalls (-want +got):\n%s", diff)
	}
}

// TestExclusiveWithoutPreference checks users whose templates together
// grant both members of an exclusive family with no preferred member
// (ASG-4, LIC-1): a user holding neither gets the first in catalog order,
// Webex Calling Standard, and CX Essential is reported Exclusive, whether
// created in both groups or joining the second; a user holding CX
// Essential keeps it, and Standard is reported.
func TestExclusiveWithoutPreference(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, SwitchMode{Mode: GroupMode})
	mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.CallingStandard: 5, license.CXEssential: 5}}})
	for _, g := range []struct {
		name string
		kind license.Kind
	}{{"std", license.CallingStandard}, {"cx", license.CXEssential}} {
		mustDoInternal(t, o, AddGroup{Name: g.name})
		mustDoInternal(t, o, SaveTemplate{Group: g.name, Licenses: []Entry{{Kind: license.BasicMessaging}, {Kind: g.kind}}})
	}
	hq := Placement{Location: "HQ", Extension: "100"}
	p, err := o.Plan(AddUsers{Users: []NewUser{
		{Email: "both@x.com", Placement: hq, Groups: []string{"cx", "std"}},
		{Email: "cx@x.com", Placement: hq, Explicit: true, Licenses: []license.Kind{license.BasicMessaging, license.CXEssential}},
		{Email: "join@x.com", Placement: hq},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Shortfall{{User: 0, Kind: license.CXEssential, Reason: Exclusive, Other: license.CallingStandard}}
	if diff := cmp.Diff(want, p.Shortfalls); diff != "" {
		t.Errorf("creation's shortfalls (-want +got):\n%s", diff)
	}
	if err := o.Apply(p); err != nil {
		t.Fatal(err)
	}
	for _, e := range []string{"cx@x.com", "join@x.com"} {
		for _, g := range []string{"std", "cx"} {
			mustDoInternal(t, o, JoinGroup{User: e, Group: g})
		}
	}
	p, err = o.Plan(SaveTemplate{Group: "std", Licenses: []Entry{{Kind: license.BasicMessaging}, {Kind: license.CallingStandard}}, Scope: Existing, Ack: true})
	if err != nil {
		t.Fatal(err)
	}
	want = []Shortfall{
		{User: 0, Kind: license.CXEssential, Reason: Exclusive, Other: license.CallingStandard},
		{User: 1, Kind: license.CallingStandard, Reason: Exclusive, Other: license.CXEssential},
		{User: 2, Kind: license.CXEssential, Reason: Exclusive, Other: license.CallingStandard},
	}
	if diff := cmp.Diff(want, p.Shortfalls); diff != "" {
		t.Errorf("the save's shortfalls (-want +got):\n%s", diff)
	}
	if err := o.Apply(p); err != nil {
		t.Fatal(err)
	}
	for id, k := range []license.Kind{license.CallingStandard, license.CXEssential, license.CallingStandard} {
		if info, _ := o.User(UserID(id)); !info.Licenses.Has(k) || info.Licenses.Has(license.CallingStandard) == info.Licenses.Has(license.CXEssential) {
			t.Errorf("%s holds %s, want %s alone of the two", info.Email, o.cat.Format(info.Licenses), o.cat.Name(k))
		}
	}
	if err := o.CheckInvariants(); err != nil {
		t.Error(err)
	}
}
