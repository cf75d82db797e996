package assignment_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// allFields makes go-cmp compare unexported fields: an org must be
// byte-for-byte unchanged by a rejected action.
var allFields = cmp.Exporter(func(reflect.Type) bool { return true })

// mustDo applies an action or fails the test.
func mustDo(t testing.TB, o *assignment.Org, a assignment.Action) *assignment.Plan {
	t.Helper()
	p, err := o.Do(a)
	if err != nil {
		t.Fatalf("%v: %v", a, err)
	}
	if err := o.CheckInvariants(); err != nil {
		t.Fatalf("after %v: %v", a, err)
	}
	return p
}

// mustReject checks that an action fails and leaves the org unchanged.
func mustReject(t testing.TB, o *assignment.Org, a assignment.Action) error {
	t.Helper()
	before := o.Clone()
	_, err := o.Do(a)
	if err == nil {
		t.Fatalf("%v: want an error", a)
	}
	if d := cmp.Diff(before, o, allFields); d != "" {
		t.Fatalf("%v changed the org (-before +after):\n%s", a, d)
	}
	return err
}

func entries(kinds ...license.Kind) []assignment.Entry {
	out := make([]assignment.Entry, len(kinds))
	for i, k := range kinds {
		out[i] = assignment.Entry{Kind: k}
	}
	return out
}

var day0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// newOrg returns an org with two subscriptions, "old" (2 units of Advanced
// Messaging) and "new" (2 units), and the given users in no group.
func newOrg(t testing.TB, emails ...string) *assignment.Org {
	t.Helper()
	o := assignment.New("org-1", license.MustDefault("a.webex.com"))
	mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "old", Created: day0,
		Units: map[license.Kind]int{license.AdvancedMessaging: 2, license.AdvancedSpaceMeetings: 2}}})
	mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "new", Created: day0.AddDate(1, 0, 0),
		Units: map[license.Kind]int{license.AdvancedMessaging: 2}}})
	var us []assignment.NewUser
	for _, e := range emails {
		us = append(us, assignment.NewUser{Email: e})
	}
	if len(us) > 0 {
		mustDo(t, o, assignment.AddUsers{Users: us})
	}
	return o
}

func held(t testing.TB, o *assignment.Org, email string) string {
	t.Helper()
	id, ok := o.LookupUser(email)
	if !ok {
		t.Fatalf("no user %s", email)
	}
	return o.Catalog().Format(o.Held(id))
}
