package assignment_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// Planning and read-only queries may run concurrently on one org (see the
// package doc, "Concurrency"): under go test -race this test shows they
// share nothing they write, and every goroutine's plans equal the plans
// made alone.
func TestConcurrentPlansAndQueries(t *testing.T) {
	o := concurrencyOrg(t)
	actions := []assignment.Action{
		assignment.SaveTemplate{Group: "g0", Licenses: entries(license.BasicMessaging, license.AdvancedMessaging), Scope: assignment.Existing, PreserveOff: true},
		assignment.SaveTemplate{Group: "g1", Licenses: entries(license.BasicMessaging, license.AdvancedSpaceMeetings), Scope: assignment.Existing},
		assignment.AddUsers{Users: []assignment.NewUser{{Email: "new@x.com", Groups: []string{"g0", "g1"}}}},
		assignment.MoveUser{User: "u00@x.com", From: "g0", To: "g1"},
		assignment.UpdateLicenses{User: "u01@x.com", Licenses: []license.Kind{license.BasicMessaging, license.BasicSpaceMeetings, license.AdvancedMessaging}},
		assignment.ImportCSV{Data: []byte("User ID/Email (Required),Advanced Messaging\nu02@x.com,FALSE\nu03@x.com,TRUE\n")},
		assignment.DeleteTemplate{Template: "g1", PreserveOff: true},
		assignment.SetSetting{Setting: assignment.SettingPreserveOnGroupChange},
	}
	want := make([][]string, len(actions))
	for i, a := range actions {
		p, err := o.Plan(a)
		if err != nil {
			t.Fatalf("%v: %v", a, err)
		}
		want[i] = p.Lines()
	}
	const workers = 8
	var wg sync.WaitGroup
	errs := make(chan error, workers*len(actions))
	for w := range workers {
		wg.Go(func() {
			for i := range actions {
				a := actions[(i+w)%len(actions)]
				p, err := o.Plan(a)
				if err != nil {
					errs <- err
					return
				}
				if d := cmp.Diff(want[(i+w)%len(actions)], p.Lines()); d != "" {
					errs <- fmt.Errorf("%v planned concurrently (-alone +concurrently):\n%s", a, d)
				}
				query(o, errs)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// query runs the read-only queries of an org.
func query(o *assignment.Org, errs chan<- error) {
	if err := o.CheckInvariants(); err != nil {
		errs <- err
	}
	id, ok := o.LookupUser("U04@x.com")
	if !ok {
		errs <- fmt.Errorf("u04 not found")
	}
	for k := range o.Held(id).All() {
		if len(o.Sources(id, k)) == 0 {
			errs <- fmt.Errorf("u04 holds %v with no source", k)
		}
	}
	_, _ = o.User(id)
	_ = o.Summary(id)
	_ = o.Usage()
	_ = o.Ledger()
	_ = o.ExportCSV()
	_, _ = o.LookupGroup("g1")
	_, _ = o.LookupTemplate("g0")
	_, _ = o.SubscriptionOf(id, license.AdvancedMessaging)
}

// concurrencyOrg is a group-mode org with two group templates, a
// subscription and 40 users in the groups.
func concurrencyOrg(t *testing.T) *assignment.Org {
	o := newOrg(t)
	mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "big", Created: day0.AddDate(2, 0, 0),
		Units: map[license.Kind]int{license.AdvancedMessaging: 30, license.AdvancedSpaceMeetings: 30}}})
	mustDo(t, o, assignment.SwitchMode{Mode: assignment.GroupMode})
	for _, g := range []string{"g0", "g1"} {
		mustDo(t, o, assignment.AddGroup{Name: g})
		mustDo(t, o, assignment.SaveTemplate{Group: g, Licenses: entries(license.BasicMessaging, license.CallOnWebex)})
	}
	var us []assignment.NewUser
	for i := range 40 {
		us = append(us, assignment.NewUser{Email: fmt.Sprintf("u%02d@x.com", i), Groups: []string{fmt.Sprintf("g%d", i%2)}})
	}
	mustDo(t, o, assignment.AddUsers{Users: us})
	return o
}
