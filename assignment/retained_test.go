package assignment

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxlicense/wxlicense/license"
)

// TestRetainedSourceBecomesCurrent checks the sources a preserve-off save
// sets (LIC-9, ASG-4): a license kept from a template that stopped
// granting it (retained "org") gets the template back as a current
// source, without a DropSource of the retained mark, while the manual and
// default sources no current template stands for are dropped.
func TestRetainedSourceBecomesCurrent(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.AdvancedMessaging: 5}}})
	mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "u@x.com"}, {Email: "m@x.com", Explicit: true, Licenses: []license.Kind{license.BasicMessaging, license.AdvancedMessaging}}}})
	with := SaveTemplate{Licenses: []Entry{{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging}}, Scope: Existing, Ack: true}
	mustDoInternal(t, o, with)
	mustDoInternal(t, o, SaveTemplate{Licenses: []Entry{{Kind: license.BasicMessaging}}, Scope: Existing, Ack: true})
	with.PreserveOff = true
	p, err := o.Plan(with)
	if err != nil {
		t.Fatal(err)
	}
	addOrg := func(id UserID) Change {
		return Change{User: id, Kind: license.AdvancedMessaging, Op: AddSource, Sub: license.NoSub, From: license.NoSub, Reason: BecauseTemplate, Template: 0}
	}
	drop := func(id UserID, k license.Kind, s SourceKind) Change {
		return Change{User: id, Kind: k, Op: DropSource, Sub: license.NoSub, From: license.NoSub, Reason: BecauseExactGrant, Template: NoTemplate, Source: s}
	}
	want := []Change{
		addOrg(0),
		drop(0, license.BasicMessaging, FromDefault),
		{User: 0, Kind: license.CallOnWebex, Op: Remove, Sub: license.NoSub, From: license.NoSub, Reason: BecausePreserveOff, Template: 0},
		addOrg(1),
		drop(1, license.BasicMessaging, FromManual),
		drop(1, license.AdvancedMessaging, FromManual),
	}
	if diff := cmp.Diff(want, p.Changes); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

// TestRetainedSourceOutlivesManual checks that a user's own sparse part
// keeps a retained source when its manual source goes (LIC-9, INV-10):
// u holds Advanced Messaging retained from "org" and Advanced Space
// Meetings added by hand; once that is removed, the part holds only the
// retained source, which still stands behind Advanced Messaging.
func TestRetainedSourceOutlivesManual(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.AdvancedMessaging: 1, license.AdvancedSpaceMeetings: 1}}})
	mustDoInternal(t, o, SaveTemplate{Licenses: []Entry{{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging}}})
	mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "u@x.com"}}})
	mustDoInternal(t, o, ModifyLicenses{User: "u@x.com", Ops: []LicenseOp{{Kind: license.AdvancedSpaceMeetings}}})
	mustDoInternal(t, o, SaveTemplate{Licenses: []Entry{{Kind: license.BasicMessaging}}, Scope: Existing, Ack: true})
	mustDoInternal(t, o, ModifyLicenses{User: "u@x.com", Ops: []LicenseOp{{Kind: license.AdvancedSpaceMeetings, Remove: true}}})
	if diff := cmp.Diff([]Source{{Kind: FromRetained, Template: "org"}}, o.Sources(0, license.AdvancedMessaging)); diff != "" {
		t.Errorf("Advanced Messaging's sources (-want +got):\n%s", diff)
	}
	if err := o.CheckInvariants(); err != nil {
		t.Error(err)
	}
}
