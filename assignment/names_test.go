package assignment

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

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
		{Setting(len(settingNames)).String(), fmt.Sprintf("Setting(%d)", len(settingNames))},
		{CallingOp(len(callingOpNames)).String(), fmt.Sprintf("CallingOp(%d)", len(callingOpNames))},
		{CallingOp(0).String(), "CallingOp(0)"},
		{WorkNumberChannel(len(channelNames)).String(), fmt.Sprintf("WorkNumberChannel(%d)", len(channelNames))},
		{WorkNumberChannel(0).String(), "WorkNumberChannel(0)"},
		{EditOp(len(editNames)).String(), fmt.Sprintf("EditOp(%d)", len(editNames))},
		{SourceKind(len(sourceNames)).String(), fmt.Sprintf("SourceKind(%d)", len(sourceNames))},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// TestDescribeCalling checks the lines of a plan's calling changes (CAL-2,
// CAL-4, CAL-9): the user, the operation, the license where there is one,
// and where the user is placed, why not, or what is destroyed.
func TestDescribeCalling(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "a@x.com"}}})
	p, err := o.Plan(AddUsers{Users: []NewUser{{Email: "b@x.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	p.Edits, p.Changes = nil, nil
	p.Calling = []CallingChange{
		{User: 0, Kind: license.CallingProfessional, Op: Placed, Placement: Placement{Location: "WAW", Number: "+48221000001"}},
		{User: 1, Kind: license.CallingStandard, Op: NotPlaced, Reason: "NoWorkNumber", Err: errPlacement},
		{User: 1, Kind: license.CallingStandard, Op: NotPlaced, Reason: "NoPlacement"},
		{User: 0, Op: Destroyed, Placement: Placement{Location: "WAW"}, Reason: "profile, voicemail"},
	}
	want := []string{
		`a@x.com: place Webex Calling Professional at {location "WAW", number "+48221000001"}`,
		`b@x.com: not placed Webex Calling Standard: NoWorkNumber (no work number)`,
		`b@x.com: not placed Webex Calling Standard: NoPlacement`,
		`a@x.com: destroy calling data: profile, voicemail (CAL-9)`,
	}
	if diff := cmp.Diff(want, p.Lines()); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

var errPlacement = errors.New("no work number")

// TestSaveTemplateString checks how a save describes where it saves: the
// org template, named or not, or a group's.
func TestSaveTemplateString(t *testing.T) {
	for _, tc := range []struct {
		a    SaveTemplate
		want string
	}{
		{SaveTemplate{}, "save org template (scope future)"},
		{SaveTemplate{Name: "base"}, `save template "base" (org, scope future)`},
		{SaveTemplate{Group: "g"}, `save template "g" (group g, scope future)`},
	} {
		if got := tc.a.String(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.a, got, tc.want)
		}
	}
}
