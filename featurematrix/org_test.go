package featurematrix_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/featurematrix"
	"github.com/wxlicense/wxlicense/license"
)

const orgSite = "acme.webex.com"

var day0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// bridgeOrg returns an org at day0 with a meetings host subscription and
// ann (active, Call on Webex only) and cy (inactive, ASG-18, Basic
// Messaging and a host license); changes reach the app after 3 h.
func bridgeOrg(t *testing.T) (*assignment.Org, license.Kind) {
	t.Helper()
	cat := license.MustDefault(orgSite)
	host, _ := cat.SiteKind(orgSite, license.RoleHost)
	o := assignment.New("acme", cat)
	o.SetAppDelay(func(assignment.UserID, string, time.Time) time.Duration { return 3 * time.Hour })
	for _, a := range []assignment.Action{
		assignment.SetTime{At: day0},
		assignment.AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{host: 5}}},
		assignment.AddUsers{Users: []assignment.NewUser{
			{Email: "ann@acme.com", Explicit: true, Licenses: []license.Kind{license.CallOnWebex}},
			{Email: "cy@acme.com", Status: assignment.Inactive, Explicit: true, Licenses: []license.Kind{license.BasicMessaging, host}},
		}},
		assignment.AdvanceTime{By: 24 * time.Hour},
	} {
		do(t, o, a)
	}
	return o, host
}

func do(t *testing.T, o *assignment.Org, a assignment.Action) {
	t.Helper()
	if _, err := o.Do(a); err != nil {
		t.Fatalf("%v: %v", a, err)
	}
}

// TestForUserAppView checks that availability follows the app view
// (FM-11): a license granted in the admin view gives its features only
// once the change has reached the app (LIC-11), and a pending user's
// licenses give none until the first sign-in (ASG-18).
func TestForUserAppView(t *testing.T) {
	o, host := bridgeOrg(t)
	type step struct {
		do       assignment.Action
		ann, cy  featurematrix.Licenses
		annHasF1 bool
	}
	for i, s := range []step{
		{nil, featurematrix.Licenses{C: true}, featurematrix.Licenses{}, false},
		// FM-11, LIC-11: granted in the admin view, not yet in the app
		{assignment.EditServices{User: "ann@acme.com", Licenses: []license.Kind{license.CallOnWebex, license.BasicMessaging, host}},
			featurematrix.Licenses{C: true}, featurematrix.Licenses{}, false},
		{assignment.AdvanceTime{By: 3*time.Hour - time.Second}, featurematrix.Licenses{C: true}, featurematrix.Licenses{}, false},
		{assignment.AdvanceTime{By: time.Second}, featurematrix.Licenses{M: true, C: true, H: true}, featurematrix.Licenses{}, true},
		// FM-11, ASG-18: pending licenses never count, however long
		{assignment.AdvanceTime{By: 1000 * time.Hour}, featurematrix.Licenses{M: true, C: true, H: true}, featurematrix.Licenses{}, true},
		// ... until the first sign-in has reached the app
		{assignment.SignIn{User: "cy@acme.com"}, featurematrix.Licenses{M: true, C: true, H: true}, featurematrix.Licenses{}, true},
		{assignment.AdvanceTime{By: 3 * time.Hour}, featurematrix.Licenses{M: true, C: true, H: true}, featurematrix.Licenses{M: true, H: true}, true},
		// FM-11, LIC-11: a removal still shows in the app until it reaches it
		{assignment.EditServices{User: "ann@acme.com", Licenses: []license.Kind{license.CallOnWebex}},
			featurematrix.Licenses{M: true, C: true, H: true}, featurematrix.Licenses{M: true, H: true}, true},
		{assignment.AdvanceTime{By: 3 * time.Hour}, featurematrix.Licenses{C: true}, featurematrix.Licenses{M: true, H: true}, false},
	} {
		if s.do != nil {
			do(t, o, s.do)
		}
		for id, want := range []featurematrix.Licenses{s.ann, s.cy} {
			got, err := featurematrix.ForUser(o, assignment.UserID(id))
			if err != nil || got != want {
				t.Errorf("step %d (%v): user %d: ForUser = %v %v, want %v", i, s.do, id, got, err, want)
			}
		}
		l, _ := featurematrix.ForUser(o, 0)
		if got := featurematrix.Check(featurematrix.F1, l, featurematrix.Context{}).Available; got != s.annHasF1 {
			t.Errorf("step %d (%v): ann has F1: %v, want %v", i, s.do, got, s.annHasF1)
		}
	}
}

func TestOrgUser(t *testing.T) { // FM-11
	o, _ := bridgeOrg(t)
	got, err := featurematrix.OrgUser(o, 1)
	want := featurematrix.User{ID: "cy@acme.com", Org: "acme"} // pending: no licenses (ASG-18)
	if d := cmp.Diff(want, got); err != nil || d != "" {
		t.Errorf("OrgUser(cy) = %v (-want +got):\n%s", err, d)
	}
	ann, _ := featurematrix.OrgUser(o, 0)
	if err := featurematrix.CreateSpace(ann, got); !errors.Is(err, featurematrix.ErrUnavailable) {
		t.Errorf("ann, without Basic Messaging in her app, creates a space: %v", err)
	}
}

func TestForUserErrors(t *testing.T) {
	o, _ := bridgeOrg(t)
	for _, tt := range []struct {
		org  *assignment.Org
		id   assignment.UserID
		want error
	}{
		{nil, 0, assignment.ErrInvalidValue},
		{o, 2, assignment.ErrUnknownUser},
		{o, ^assignment.UserID(0), assignment.ErrUnknownUser},
		{assignment.New("empty", license.MustDefault()), 0, assignment.ErrUnknownUser},
	} {
		l, err := featurematrix.ForUser(tt.org, tt.id)
		var ie *assignment.InputError
		if !errors.Is(err, tt.want) || !errors.As(err, &ie) || l != (featurematrix.Licenses{}) {
			t.Errorf("ForUser(%v, %d) = %v, %v; want %v", tt.org != nil, tt.id, l, err, tt.want)
		}
		if u, err := featurematrix.OrgUser(tt.org, tt.id); !errors.Is(err, tt.want) || u != (featurematrix.User{}) {
			t.Errorf("OrgUser(%v, %d) = %v, %v; want %v", tt.org != nil, tt.id, u, err, tt.want)
		}
	}
}

// Features follow what the user's app sees (FM-11): a license granted in
// the admin view counts once the change has reached the app (LIC-11).
func ExampleForUser() {
	org := assignment.New("acme", license.MustDefault())
	org.SetAppDelay(func(assignment.UserID, string, time.Time) time.Duration { return time.Hour })
	org.Do(assignment.AddUsers{Users: []assignment.NewUser{{Email: "ann@acme.com", Explicit: true, Licenses: []license.Kind{license.CallOnWebex}}}})
	org.Do(assignment.AdvanceTime{By: 24 * time.Hour})
	ann, _ := org.LookupUser("ann@acme.com")

	org.Do(assignment.EditServices{User: "ann@acme.com", Licenses: []license.Kind{license.CallOnWebex, license.BasicMessaging}})
	l, _ := featurematrix.ForUser(org, ann)
	fmt.Println(l, featurematrix.Check(featurematrix.F1, l, featurematrix.Context{}).Available)

	org.Do(assignment.AdvanceTime{By: time.Hour})
	l, _ = featurematrix.ForUser(org, ann)
	fmt.Println(l, featurematrix.Check(featurematrix.F1, l, featurematrix.Context{}).Available)
	// Output:
	// -M C -P -H false
	// M C -P -H true
}
