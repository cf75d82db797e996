package assignment_test

import (
	"errors"
	"testing"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// ASG-21: switching a preserve toggle off shows a warning; cancelling it
// does not switch the toggle back on, and the first click's CAL-9
// acknowledgement stands.
func TestToggleQuirk(t *testing.T) {
	for _, tc := range []struct {
		name       string
		steps      func(assignment.Toggle) assignment.Toggle
		on, warn   bool
		acked      bool
		sendsAckOn bool
	}{
		{"off then confirm", func(t assignment.Toggle) assignment.Toggle { return t.Click().Confirm() }, false, false, true, false},
		{"off then cancel stays off", func(t assignment.Toggle) assignment.Toggle { return t.Click().Cancel() }, false, false, true, false},
		{"warning showing", func(t assignment.Toggle) assignment.Toggle { return t.Click() }, false, true, true, false},
		{"click during warning is ignored", func(t assignment.Toggle) assignment.Toggle { return t.Click().Click() }, false, true, true, false},
		{"back on needs no warning", func(t assignment.Toggle) assignment.Toggle { return t.Click().Cancel().Click() }, true, false, false, true},
	} {
		got := tc.steps(assignment.NewToggle(true))
		if got.On() != tc.on || got.Warning() != tc.warn || got.Acknowledged() != tc.acked {
			t.Errorf("%s: on=%v warning=%v ack=%v, want %v %v %v", tc.name, got.On(), got.Warning(), got.Acknowledged(), tc.on, tc.warn, tc.acked)
		}
		if s := got.Setting(); s.Setting != assignment.SettingPreserveOnGroupChange || s.On != tc.sendsAckOn || s.Ack != tc.acked {
			t.Errorf("%s: sends %+v", tc.name, s)
		}
	}
}

// ASG-21 with ASG-8 and CAL-9: the UI's cancelled warning still switches the
// group-change setting off, acknowledged, so the org accepts it even with a
// Webex Calling user; the API without the acknowledgement is refused.
func TestToggleDrivesSettings(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "calling", Created: day0,
		Units: map[license.Kind]int{license.CallingProfessional: 1}}})
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com", Explicit: true,
		Licenses: []license.Kind{license.CallingProfessional}, Placement: assignment.Placement{Location: "HQ", Number: "+14085550100"}}}})
	err := mustReject(t, o, assignment.SetSetting{Setting: assignment.SettingPreserveOnGroupChange})
	var ae *assignment.AckError
	if !errors.As(err, &ae) || len(ae.Users) != 1 || ae.Users[0] != "a@x.com" {
		t.Fatalf("got %v, want an AckError naming a@x.com", err)
	}
	ui := assignment.NewToggle(o.Settings().PreserveOnGroupChange).Click().Cancel()
	p := mustDo(t, o, ui.Setting())
	if o.Settings().PreserveOnGroupChange || len(p.AtRisk) != 1 {
		t.Fatalf("setting on=%v, at risk %v", o.Settings().PreserveOnGroupChange, p.AtRisk)
	}
	// the delete toggle: cancelled, it is still a delete with preserve off
	if d := assignment.NewToggle(true).Click().Cancel().Delete("t"); !d.PreserveOff || !d.Ack {
		t.Fatalf("delete action %+v", d)
	}
}
