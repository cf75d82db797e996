package assignment

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wxlicense/wxlicense/license"
)

// TestKeptTablePages drives the kept table (kept.go) directly: a user's
// kept data lives on the page of its ID, a page is made only when one of
// its users loses a messaging license, reading or dropping past the last
// page or on a page never made finds nothing, and a clone copies every
// page it shares.
func TestKeptTablePages(t *testing.T) {
	var kt keptTable
	kept := []UserID{0, 1, keptPage - 1, keptPage, 2*keptPage + 7, 4*keptPage + 1}
	for i, id := range kept {
		kt.keep(id, license.Kind(i%3), int64(100+i))
	}
	kt.keep(1, 5, 200) // a second kind: the latest removal counts
	want := func(kt *keptTable, id UserID, kinds license.Set, at int64) {
		t.Helper()
		if got := kt.get(id); got.kinds != kinds || got.at != at {
			t.Errorf("get(%d) = %v at %d, want %v at %d", id, got.kinds, got.at, kinds, at)
		}
	}
	want(&kt, 0, license.SetOf(0), 100)
	want(&kt, 1, license.SetOf(1, 5), 200)
	want(&kt, keptPage-1, license.SetOf(2), 102)
	want(&kt, keptPage, license.SetOf(0), 103)
	want(&kt, 2*keptPage+7, license.SetOf(1), 104)
	want(&kt, 4*keptPage+1, license.SetOf(2), 105)
	for _, id := range []UserID{2, keptPage + 1, 3 * keptPage, 4 * keptPage, 5 * keptPage, 9 * keptPage} {
		want(&kt, id, license.Set{}, 0) // on a made page, a page never made, past the last
	}
	if len(kt.pages) != 5 || kt.pages[1] == nil || kt.pages[3] != nil {
		t.Errorf("pages made: %d, want 5 with page 3 never made", len(kt.pages))
	}

	c := kt.clone()
	c.drop(1, 5)
	c.drop(keptPage, 0)
	c.keep(3*keptPage, 4, 300) // a page the original never made
	c.keep(2*keptPage+7, 2, 301)
	c.drop(9*keptPage, 1) // past the last page: nothing to forget
	want(&c, 1, license.SetOf(1), 200)
	want(&c, keptPage, license.Set{}, 103)
	want(&c, 3*keptPage, license.SetOf(4), 300)
	want(&c, 2*keptPage+7, license.SetOf(1, 2), 301)
	// the original is as it was
	want(&kt, 1, license.SetOf(1, 5), 200)
	want(&kt, keptPage, license.SetOf(0), 103)
	want(&kt, 3*keptPage, license.Set{}, 0)
	want(&kt, 2*keptPage+7, license.SetOf(1), 104)
	kt.drop(3*keptPage+1, 4) // a page never made in the original
	kt.drop(0, 0)
	want(&kt, 0, license.Set{}, 100)
	want(&c, 0, license.SetOf(0), 100)
}

// LIC-10: messages and files are kept for a user whose messaging license
// is removed, whichever page of the kept table holds the user, and come
// back (a Restore) when the license is granted again — to those users
// only, in an org of more than three pages of users. A clone keeps its
// own kept data: restoring in the clone, or a removal there on a page
// the original never made, leaves the original's restores as they were.
func TestKeptDataAcrossPagesAndClones(t *testing.T) {
	b := license.NewBuilder()
	msg := b.AddKind(license.Info{Name: "Messaging", Code: "MS", Category: license.Messaging})
	cat, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	o := New("o", cat)
	mustDoInternal(t, o, SetTime{At: day0})
	mustDoInternal(t, o, SetRetention{Period: 30 * 24 * time.Hour})
	mustDoInternal(t, o, SetSetting{Setting: SettingSuppressEmails, On: true, Ack: true})
	const n = 3*keptPage + 5
	var add AddUsers
	for i := range n {
		nu := NewUser{Email: fmt.Sprintf("u%d@x.com", i), Explicit: true}
		if i%2 == 0 { // odd users never hold messaging
			nu.Licenses = []license.Kind{msg}
		}
		add.Users = append(add.Users, nu)
	}
	mustDoInternal(t, o, add)
	removed := []UserID{2, keptPage - 2, 2 * keptPage, n - 1} // pages 0, 0, 2 and 3
	for _, id := range removed {
		mustDoInternal(t, o, UpdateLicenses{User: fmt.Sprintf("u%d@x.com", id)})
	}
	mustDoInternal(t, o, SetTime{At: day0.AddDate(0, 0, 10)})
	grantAll := SaveTemplate{Name: "all", Licenses: []Entry{{Kind: msg}}, Scope: Existing, Ack: true}

	c := o.Clone()
	cRemoved := keptPage + 500 // page 1, which the original never made
	mustDoInternal(t, c, UpdateLicenses{User: fmt.Sprintf("u%d@x.com", cRemoved)})
	p, err := c.Do(grantAll)
	if err != nil {
		t.Fatal(err)
	}
	cWant := slices.Sorted(slices.Values(append(slices.Clone(removed), UserID(cRemoved))))
	if got := restoredUsers(p, msg); !slices.Equal(got, cWant) {
		t.Errorf("clone: restored for users %v, want %v", got, cWant)
	}
	if got := grantedUsers(p, msg); len(got) != n/2+len(cWant) {
		t.Errorf("clone: %d grants, want one to each of the %d users without messaging", len(got), n/2+len(cWant))
	}

	p, err = o.Plan(grantAll)
	if err != nil {
		t.Fatal(err)
	}
	if got := restoredUsers(p, msg); !slices.Equal(got, removed) {
		t.Errorf("original after the clone restored: restored for users %v, want %v", got, removed)
	}
}

// restoredUsers returns the users a plan restores kind k to.
func restoredUsers(p *Plan, k license.Kind) []UserID {
	return usersWith(p, k, Restore)
}

func grantedUsers(p *Plan, k license.Kind) []UserID {
	return usersWith(p, k, Grant)
}

func usersWith(p *Plan, k license.Kind, op Op) []UserID {
	var ids []UserID
	for _, c := range p.Changes {
		if c.Op == op && c.Kind == k {
			ids = append(ids, c.User)
		}
	}
	slices.Sort(ids)
	return ids
}

// TestRetentionBoundary checks LIC-10's period at its end: a messaging
// license granted back exactly when the retention period ends restores the
// kept messages and files; a second later, nothing is restored.
func TestRetentionBoundary(t *testing.T) {
	const period = 30 * 24 * time.Hour
	for _, tc := range []struct {
		after   time.Duration
		restore bool
	}{{period, true}, {period + time.Second, false}} {
		o := New("o", license.MustDefault())
		mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.AdvancedMessaging: 1}}})
		mustDoInternal(t, o, SetTime{At: day0})
		mustDoInternal(t, o, SetRetention{Period: period})
		mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "u@x.com", Explicit: true, Licenses: []license.Kind{license.BasicMessaging, license.AdvancedMessaging}}}})
		mustDoInternal(t, o, ModifyLicenses{User: "u@x.com", Ops: []LicenseOp{{Kind: license.AdvancedMessaging, Remove: true}}})
		mustDoInternal(t, o, SetTime{At: day0.Add(tc.after)})
		p, err := o.Do(ModifyLicenses{User: "u@x.com", Ops: []LicenseOp{{Kind: license.AdvancedMessaging}}})
		if err != nil {
			t.Fatal(err)
		}
		if got := slices.ContainsFunc(p.Changes, func(c Change) bool { return c.Op == Restore && c.Kind == license.AdvancedMessaging }); got != tc.restore {
			t.Errorf("granted back %v after the removal: restored %v, want %v:\n%s", tc.after, got, tc.restore, strings.Join(p.Lines(), "\n"))
		}
	}
}
