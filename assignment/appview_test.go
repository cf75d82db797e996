package assignment_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// appOrg returns an org at day0 whose org template grants Basic Messaging,
// with ann (active) and cy (inactive, ASG-18), both given the template
// long enough ago for their apps to show it, and the given delay policy.
func appOrg(t *testing.T, delay assignment.AppDelay) *assignment.Org {
	t.Helper()
	o := newOrg(t)
	mustDo(t, o, assignment.SetTime{At: day0})
	mustDo(t, o, assignment.SaveTemplate{Licenses: entries(license.BasicMessaging)})
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "ann@x.com"}, {Email: "cy@x.com", Status: assignment.Inactive}}})
	mustDo(t, o, assignment.AdvanceTime{By: assignment.MaxAppDelay})
	o.SetAppDelay(delay)
	return o
}

var (
	basic    = license.SetOf(license.BasicMessaging, license.BasicSpaceMeetings)
	advanced = license.SetOf(license.BasicMessaging, license.BasicSpaceMeetings, license.AdvancedMessaging)
	none     = license.Set{}
)

// grantAdvanced adds Advanced Messaging to the org template, for every
// existing user.
var grantAdvanced = assignment.SaveTemplate{Licenses: entries(license.BasicMessaging, license.AdvancedMessaging), Scope: assignment.Existing}

// dropAdvanced removes it again.
var dropAdvanced = assignment.SaveTemplate{Licenses: entries(license.BasicMessaging), Scope: assignment.Existing, PreserveOff: true}

func hours(h int) time.Duration { return time.Duration(h) * time.Hour }

func constDelay(d time.Duration) assignment.AppDelay {
	return func(assignment.UserID, string, time.Time) time.Duration { return d }
}

// appStep is one step of an app view table test: an action, or time
// passing, then what ann's app shows and when it catches up.
type appStep struct {
	do      assignment.Action
	shows   license.Set
	catchUp time.Duration // after day0 + 24 h; 0: not lagging
}

func TestAppView(t *testing.T) {
	t0 := day0.Add(assignment.MaxAppDelay) // when appOrg returns
	for _, tt := range []struct {
		name  string
		delay assignment.AppDelay
		steps []appStep
	}{
		{"LIC-11 a grant reaches the app after the delay", constDelay(hours(5)), []appStep{
			{grantAdvanced, basic, hours(5)},
			{assignment.AdvanceTime{By: hours(5) - 1}, basic, hours(5)},
			{assignment.AdvanceTime{By: 1}, advanced, 0},
		}},
		{"LIC-11 the default delay is the 24 h bound", nil, []appStep{
			{grantAdvanced, basic, hours(24)},
			{assignment.AdvanceTime{By: hours(23)}, basic, hours(24)},
			{assignment.SetTime{At: t0.Add(hours(24))}, advanced, 0},
		}},
		{"LIC-11 a delay beyond 24 h is clamped to 24 h", constDelay(hours(48)), []appStep{
			{grantAdvanced, basic, hours(24)},
			{assignment.AdvanceTime{By: hours(24)}, advanced, 0},
		}},
		{"LIC-11 a negative delay is clamped to none", constDelay(-hours(1)), []appStep{
			{grantAdvanced, advanced, 0},
		}},
		{"LIC-11 a removal reaches the app after the delay", constDelay(hours(2)), []appStep{
			{grantAdvanced, basic, hours(2)},
			{assignment.AdvanceTime{By: hours(2)}, advanced, 0},
			{dropAdvanced, advanced, hours(4)},
			{assignment.AdvanceTime{By: hours(2)}, basic, 0},
		}},
		{"LIC-11 a second change before catch-up keeps the old set and the later due time", delayAfter(hours(1), hours(10), hours(3)), []appStep{
			{grantAdvanced, basic, hours(10)}, // at +0 h, due +10 h
			{assignment.AdvanceTime{By: hours(1)}, basic, hours(10)},
			{assignment.EditServices{User: "ann@x.com", Licenses: []license.Kind{license.BasicMessaging, license.AdvancedMessaging, license.CallOnWebex}},
				basic, hours(10)}, // at +1 h, due +4 h: the later +10 h stands
			{assignment.AdvanceTime{By: hours(8)}, basic, hours(10)},
			{assignment.AdvanceTime{By: hours(1)}, advanced.Add(license.CallOnWebex), 0},
		}},
		{"LIC-11 a later second change moves the catch-up", delayAfter(hours(1), hours(2), hours(5)), []appStep{
			{grantAdvanced, basic, hours(2)},
			{assignment.AdvanceTime{By: hours(1)}, basic, hours(2)},
			{assignment.ModifyLicenses{User: "ann@x.com", Ops: []assignment.LicenseOp{{Kind: license.CallOnWebex}}}, basic, hours(6)},
			{assignment.AdvanceTime{By: hours(4)}, basic, hours(6)},
			{assignment.AdvanceTime{By: hours(1)}, advanced.Add(license.CallOnWebex), 0},
		}},
		{"LIC-11 a change undone before catch-up leaves nothing to catch up", constDelay(hours(3)), []appStep{
			{grantAdvanced, basic, hours(3)},
			{dropAdvanced, basic, 0},
		}},
		{"LIC-11 a change that is not a license change does not reach the app", constDelay(hours(3)), []appStep{
			{assignment.EditServices{User: "ann@x.com", Licenses: []license.Kind{license.BasicMessaging}}, basic, 0},
			{assignment.AddGroup{Name: "g"}, basic, 0},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := appOrg(t, tt.delay)
			for i, s := range tt.steps {
				mustDo(t, o, s.do)
				if got := o.AppView(0); got != s.shows {
					t.Errorf("step %d (%v): app shows %s, want %s", i, s.do, o.Catalog().Format(got), o.Catalog().Format(s.shows))
				}
				checkCatchUp(t, o, i, s, t0)
				if got := o.AppView(1); got != none {
					t.Errorf("step %d: pending cy's app shows %s", i, o.Catalog().Format(got))
				}
			}
		})
	}
}

// delayAfter is a policy giving first to changes before t0 + at and then
// to the others.
func delayAfter(at, first, then time.Duration) assignment.AppDelay {
	return func(_ assignment.UserID, _ string, changed time.Time) time.Duration {
		if changed.Before(day0.Add(assignment.MaxAppDelay + at)) {
			return first
		}
		return then
	}
}

func checkCatchUp(t *testing.T, o *assignment.Org, i int, s appStep, t0 time.Time) {
	t.Helper()
	due, lagging := o.AppCatchUp(0)
	var wantLagging []assignment.UserID
	if s.catchUp > 0 {
		wantLagging = []assignment.UserID{0}
	}
	switch {
	case lagging != (s.catchUp > 0):
		t.Errorf("step %d (%v): lagging %v, want %v", i, s.do, lagging, s.catchUp > 0)
	case lagging && !due.Equal(t0.Add(s.catchUp)):
		t.Errorf("step %d (%v): catches up at %v, want %v", i, s.do, due, t0.Add(s.catchUp))
	}
	if d := cmp.Diff(wantLagging, slices.Collect(o.AppLagging())); d != "" {
		t.Errorf("step %d (%v): AppLagging (-want +got):\n%s", i, s.do, d)
	}
}

// TestAppViewPending checks ASG-18: a pending user's licenses are not in
// the app view until the first sign-in, which is a license change like
// any other (LIC-11).
func TestAppViewPending(t *testing.T) { // ASG-18, LIC-11
	o := appOrg(t, constDelay(hours(6)))
	if got := o.Held(1); got != basic {
		t.Fatalf("cy holds %s", o.Catalog().Format(got))
	}
	mustDo(t, o, assignment.AdvanceTime{By: hours(100)})
	if got := o.AppView(1); got != none {
		t.Errorf("pending cy's app shows %s after 100 h", o.Catalog().Format(got))
	}
	if got := slices.Collect(o.AppLagging()); len(got) != 0 {
		t.Errorf("AppLagging = %v: a pending user's app is not lagging", got)
	}
	mustDo(t, o, assignment.SignIn{User: "cy@x.com"})
	if got := o.AppView(1); got != none {
		t.Errorf("cy's app shows %s at sign-in, before the delay", o.Catalog().Format(got))
	}
	mustDo(t, o, assignment.AdvanceTime{By: hours(6)})
	if got := o.AppView(1); got != basic {
		t.Errorf("cy's app shows %s 6 h after sign-in", o.Catalog().Format(got))
	}
}

// TestAppViewNewUser checks that an active new user's app starts empty and
// shows the licenses once the delay passes.
func TestAppViewNewUser(t *testing.T) { // LIC-11
	o := appOrg(t, constDelay(hours(1)))
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "dee@x.com"}}})
	id, _ := o.LookupUser("dee@x.com")
	if got := o.AppView(id); got != none {
		t.Errorf("new dee's app shows %s", o.Catalog().Format(got))
	}
	mustDo(t, o, assignment.AdvanceTime{By: hours(1)})
	if got := o.AppView(id); got != basic {
		t.Errorf("dee's app shows %s after the delay", o.Catalog().Format(got))
	}
}

// TestAppViewPolicyArguments checks what the policy is asked: the user,
// the e-mail, the change's virtual time, once per user whose licenses
// change.
func TestAppViewPolicyArguments(t *testing.T) {
	o := appOrg(t, nil)
	mustDo(t, o, assignment.SignIn{User: "cy@x.com"})
	mustDo(t, o, assignment.AdvanceTime{By: hours(30)})
	type call struct {
		ID    assignment.UserID
		Email string
		At    time.Time
	}
	var calls []call
	o.SetAppDelay(func(id assignment.UserID, email string, at time.Time) time.Duration {
		calls = append(calls, call{id, email, at})
		return time.Duration(id+1) * time.Hour
	})
	mustDo(t, o, grantAdvanced)
	at := o.Now()
	want := []call{{0, "ann@x.com", at}, {1, "cy@x.com", at}}
	if d := cmp.Diff(want, calls); d != "" {
		t.Errorf("policy calls (-want +got):\n%s", d)
	}
	for id, h := range []int{1, 2} {
		if due, _ := o.AppCatchUp(assignment.UserID(id)); !due.Equal(at.Add(hours(h))) {
			t.Errorf("user %d catches up at %v, want %v", id, due, at.Add(hours(h)))
		}
	}
}

// TestAppViewQuietPeriod checks INV-9: 24 h after the latest change, every
// app shows the active licenses, whatever the policy asked.
func TestAppViewQuietPeriod(t *testing.T) { // INV-9, LIC-11
	o := appOrg(t, func(id assignment.UserID, _ string, at time.Time) time.Duration {
		return time.Duration(20+int(id)*7+at.Hour()) * time.Hour // a day or more: clamped
	})
	mustDo(t, o, assignment.SignIn{User: "cy@x.com"})
	mustDo(t, o, grantAdvanced)
	mustDo(t, o, assignment.AdvanceTime{By: hours(7) + time.Second/2}) // 1 ns before the end is in the end's second
	mustDo(t, o, dropAdvanced)
	mustDo(t, o, assignment.AdvanceTime{By: hours(24) - 1})
	if got := slices.Collect(o.AppLagging()); len(got) == 0 {
		t.Errorf("no app lags 1 ns before 24 h after the latest change")
	}
	mustDo(t, o, assignment.AdvanceTime{By: 1})
	if got := slices.Collect(o.AppLagging()); len(got) != 0 {
		t.Errorf("INV-9: apps of %v lag 24 h after the latest change", got)
	}
	for id := range assignment.UserID(2) {
		if o.AppView(id) != o.ActiveLicenses(id) {
			t.Errorf("INV-9: user %d's app shows %s, active %s", id, o.Catalog().Format(o.AppView(id)), o.Catalog().Format(o.ActiveLicenses(id)))
		}
	}
}

func TestAdvanceTime(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.SetTime{At: day0})
	p := mustDo(t, o, assignment.AdvanceTime{By: 90 * time.Minute})
	if !o.Now().Equal(day0.Add(90*time.Minute)) || p.Action != "advance time by 1h30m0s" || len(p.Changes) != 0 || len(p.Edits) != 1 {
		t.Errorf("now %v, plan %q", o.Now(), p.Action)
	}
	mustDo(t, o, assignment.AdvanceTime{})
	err := mustReject(t, o, assignment.AdvanceTime{By: -time.Nanosecond})
	var ie *assignment.InputError
	if !errors.Is(err, assignment.ErrTimeBackwards) || !errors.As(err, &ie) || ie.Value != "-1ns" {
		t.Errorf("negative duration: %v", err)
	}
	mustDo(t, o, assignment.AdvanceTime{By: time.Duration(1<<63 - 1)})
	if o.Now().Before(day0) {
		t.Errorf("a huge duration sent time back to %v", o.Now())
	}
}

// TestAppViewClone checks that a clone has its own app view.
func TestAppViewClone(t *testing.T) {
	o := appOrg(t, constDelay(hours(2)))
	mustDo(t, o, grantAdvanced)
	c := o.Clone()
	mustDo(t, c, assignment.AdvanceTime{By: hours(2)})
	mustDo(t, c, dropAdvanced)
	if got := o.AppView(0); got != basic {
		t.Errorf("original's app shows %s after the clone changed", o.Catalog().Format(got))
	}
	if due, ok := o.AppCatchUp(0); !ok || !due.Equal(day0.Add(hours(26))) {
		t.Errorf("original catches up at %v %v", due, ok)
	}
	if got := c.AppView(0); got != advanced {
		t.Errorf("clone's app shows %s", c.Catalog().Format(got))
	}
}

func TestAppViewUnknownUser(t *testing.T) {
	o := appOrg(t, nil)
	for _, id := range []assignment.UserID{2, 1 << 31, ^assignment.UserID(0)} {
		if got := o.AppView(id); got != none {
			t.Errorf("AppView(%d) = %s", id, o.Catalog().Format(got))
		}
		if _, ok := o.AppCatchUp(id); ok {
			t.Errorf("AppCatchUp(%d) lags", id)
		}
	}
}

func TestAppLaggingEarlyBreak(t *testing.T) { // LIC-11
	o := appOrg(t, nil)
	mustDo(t, o, assignment.SignIn{User: "cy@x.com"})
	mustDo(t, o, grantAdvanced)
	if got := slices.Collect(o.AppLagging()); !slices.Equal(got, []assignment.UserID{0, 1}) {
		t.Fatalf("AppLagging = %v, want [0 1]", got)
	}
	var got []assignment.UserID
	for id := range o.AppLagging() {
		got = append(got, id)
		break
	}
	if !slices.Equal(got, []assignment.UserID{0}) {
		t.Errorf("AppLagging with break = %v, want [0]", got)
	}
}
