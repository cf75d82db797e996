package webexapi

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/calling"
	"github.com/wxlicense/wxlicense/license"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the golden files under testdata")

const (
	testOrgID = "96abc2aa-3dcc-11e5-a152-fe34819cdc9a"
	testSite  = "acme.webex.com"
)

// testCatalog is the default catalog with one meeting site.
func testCatalog() *license.Catalog { return license.MustDefault(testSite) }

// host and attendee are the site's kinds in testCatalog.
func siteKinds(t testing.TB, cat *license.Catalog) (host, attendee license.Kind) {
	t.Helper()
	host, ok1 := cat.SiteKind(testSite, license.RoleHost)
	attendee, ok2 := cat.SiteKind(testSite, license.RoleAttendee)
	if !ok1 || !ok2 {
		t.Fatal("no site kinds")
	}
	return host, attendee
}

// testSubscriptions are the org's purchases: sub-a older than sub-b.
func testSubscriptions(host license.Kind) []license.Subscription {
	return []license.Subscription{
		{ID: "sub-a", Created: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Units: map[license.Kind]int{
			license.AdvancedMessaging: 5, license.AdvancedSpaceMeetings: 2, license.CallingProfessional: 3,
			license.CallingStandard: 2, license.AttendantConsole: 1, host: 2}},
		{ID: "sub-b", Created: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Units: map[license.Kind]int{
			license.AdvancedMessaging: 1}},
	}
}

// testUsers are ann (messaging, host), bob (Webex Calling with a
// placement), cyd (free defaults, not signed in), dee (attendee) and eve
// (only Call on Webex).
func testUsers(host, attendee license.Kind) []assignment.NewUser {
	return []assignment.NewUser{
		{Email: "ann@acme.com", Explicit: true, Licenses: []license.Kind{license.BasicMessaging, license.AdvancedMessaging, host}},
		{Email: "bob@acme.com", Explicit: true, Licenses: []license.Kind{license.BasicMessaging, license.CallingProfessional},
			Placement: assignment.Placement{Location: "loc-hq", Number: "+48221234567", Extension: "100"}},
		{Email: "cyd@acme.com", Status: assignment.Inactive},
		{Email: "dee@acme.com", Explicit: true, Licenses: []license.Kind{license.BasicMessaging, attendee}},
		{Email: "eve@acme.com", Explicit: true, Licenses: []license.Kind{license.CallOnWebex}},
	}
}

// testOrg returns an org with testSubscriptions and testUsers.
func testOrg(t testing.TB) *assignment.Org {
	t.Helper()
	o := emptyOrg(t)
	host, attendee := siteKinds(t, o.Catalog())
	do(t, o, assignment.AddUsers{Users: testUsers(host, attendee)})
	return o
}

// emptyOrg returns an org with testSubscriptions and no users.
func emptyOrg(t testing.TB) *assignment.Org {
	t.Helper()
	o := assignment.New(testOrgID, testCatalog())
	host, _ := siteKinds(t, o.Catalog())
	for _, s := range testSubscriptions(host) {
		do(t, o, assignment.AddSubscription{Subscription: s})
	}
	return o
}

func do(t testing.TB, o *assignment.Org, a assignment.Action) {
	t.Helper()
	if _, err := o.Do(a); err != nil {
		t.Fatalf("%v: %v", a, err)
	}
}

// readFile reads a file under testdata.
func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// golden compares v, as indented JSON, with testdata/name, or rewrites the
// file with -update; it returns the JSON.
func golden(t *testing.T, name string, v any) []byte {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name)
	if *rewrite {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return got
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -rewrite to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", name, diff)
	}
	return got
}

// orgPeople maps person IDs to user keys (assignment.UserID) of an org.
type orgPeople struct{ o *assignment.Org }

func (p orgPeople) Key(id string) (calling.UserKey, bool) {
	for u := range p.o.Users() {
		if PersonID(p.o.ID(), u.Email) == id {
			return calling.UserKey(u.ID), true
		}
	}
	return 0, false
}

func (p orgPeople) PersonID(u calling.UserKey) string {
	info, err := p.o.User(assignment.UserID(u))
	if err != nil {
		return strconv.Itoa(int(u))
	}
	return PersonID(p.o.ID(), info.Email)
}
