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
// license, in one batch and in one save.
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
