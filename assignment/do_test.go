package assignment_test

import (
	"errors"
	"iter"
	"testing"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// fakePlacer places every user where asked, and counts the placements.
// With stale set, every session goes stale before Apply: Valid fails.
type fakePlacer struct {
	stale  bool
	placed *int
}

var errPlacerChanged = errors.New("placer changed")

func (f fakePlacer) Begin() assignment.PlacerSession             { return fakeSession(f) }
func (f fakePlacer) Clone() assignment.Placer                    { return f }
func (fakePlacer) Check(func(assignment.UserID) bool, int) error { return nil }

// fakeSession is a session of a fakePlacer.
type fakeSession fakePlacer

func (s fakeSession) Place(_ assignment.UserID, p assignment.Placement, _ string, _ bool) (assignment.Placement, string, error) {
	*s.placed++
	return p, "", nil
}

func (fakeSession) Check(assignment.UserID, assignment.Placement) error { return nil }
func (fakeSession) Prefetch(iter.Seq[assignment.PlaceRequest], int)     {}
func (fakeSession) Release(assignment.UserID)                           {}
func (fakeSession) NoPlacement(assignment.UserID)                       {}
func (fakeSession) Mark() int                                           { return 0 }
func (fakeSession) Rollback(int)                                        {}
func (fakeSession) Commit([]assignment.UserID)                          {}

func (s fakeSession) Valid() error {
	if s.stale {
		return errPlacerChanged
	}
	return nil
}

func (fakeSession) Destroys(assignment.UserID) (assignment.Placement, string) {
	return assignment.Placement{}, "nothing"
}

// placerOrg returns an org with a unit of Webex Calling Professional
// for each user and the placer attached.
func placerOrg(t *testing.T, p assignment.Placer, users int) *assignment.Org {
	t.Helper()
	o := assignment.New("o", license.MustDefault())
	mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.CallingProfessional: users}}})
	if err := o.SetPlacer(p); err != nil {
		t.Fatal(err)
	}
	return o
}

var hq = assignment.Placement{Location: "HQ", Number: "+15550100"}

// TestDoFailedApply checks a plan Do made but could not apply: Do returns
// it with the error and changes nothing, and a later Apply of it is
// refused for the same reason, not as an edited plan, though Do skips the
// checks for edits.
func TestDoFailedApply(t *testing.T) {
	o := placerOrg(t, fakePlacer{stale: true, placed: new(int)}, 1)
	add := assignment.AddUsers{Users: []assignment.NewUser{{Email: "ann@x.com", Explicit: true,
		Licenses: []license.Kind{license.CallingProfessional}, Placement: hq}}}
	before := o.Version()
	p, err := o.Do(add)
	if !errors.Is(err, assignment.ErrStalePlan) || !errors.Is(err, errPlacerChanged) || p == nil {
		t.Fatalf("Do: plan %v, error %v; want the plan and ErrStalePlan", p != nil, err)
	}
	if _, ok := o.LookupUser("ann@x.com"); ok || o.Version() != before {
		t.Fatalf("a failed Do changed the org")
	}
	if err := o.Apply(p); !errors.Is(err, assignment.ErrStalePlan) || errors.Is(err, assignment.ErrEditedPlan) {
		t.Errorf("Apply of the plan again: %v, want ErrStalePlan", err)
	}
	p.Changes[0].Kind = license.CallingStandard
	if err := o.Apply(p); !errors.Is(err, assignment.ErrEditedPlan) {
		t.Errorf("Apply of the plan edited: %v, want ErrEditedPlan", err)
	}
}

// TestTemplateGrantPlacesCalling checks that a template event granting
// Webex Calling to users alike places each of them (CAL-1): the grants
// that need only units go a shorter way, and these need a placement too.
func TestTemplateGrantPlacesCalling(t *testing.T) {
	placed := 0
	o := placerOrg(t, fakePlacer{placed: &placed}, 3)
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com", Placement: hq}, {Email: "b@x.com", Placement: hq}, {Email: "c@x.com", Placement: hq}}})
	p := mustDo(t, o, assignment.SaveTemplate{Licenses: []assignment.Entry{{Kind: license.CallingProfessional}}, Scope: assignment.Existing})
	if placed != 3 || len(p.Calling) != 3 {
		t.Errorf("%d placements, %d calling changes; want 3 of each: %v", placed, len(p.Calling), p.Lines())
	}
}
