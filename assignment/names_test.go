package assignment

import (
	"fmt"
	"testing"

	"github.com/wxlicense/wxlicense/license"
)

// TestNamesPastTheEnd checks that a plan names an ID one past the ones it
// knows by number, never by a neighbour's name: users (the org's and the
// ones the action creates), subscriptions and templates; and that the
// enums' String does the same one past their last value.
func TestNamesPastTheEnd(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.AdvancedMessaging: 1}}})
	mustDoInternal(t, o, SaveTemplate{Licenses: []Entry{{Kind: license.BasicMessaging}}})
	mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "a@x.com"}}})
	p, err := o.Plan(AddUsers{Users: []NewUser{{Email: "b@x.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	n := &p.names
	for _, tc := range []struct{ got, want string }{
		{p.UserName(0), "a@x.com"},
		{p.UserName(1), "b@x.com"},
		{p.UserName(2), "user#2"},
		{n.sub(0), "s"},
		{n.sub(license.SubID(len(n.subs))), fmt.Sprintf("subscription#%d", len(n.subs))},
		{n.template(0), `org`},
		{n.template(TemplateID(len(n.templates))), fmt.Sprintf("template#%d", len(n.templates))},
		{Op(len(opNames)).String(), fmt.Sprintf("Op(%d)", len(opNames))},
		{Reason(len(reasonText)).String(), fmt.Sprintf("Reason(%d)", len(reasonText))},
		{ShortfallReason(len(shortfallText)).String(), fmt.Sprintf("ShortfallReason(%d)", len(shortfallText))},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
