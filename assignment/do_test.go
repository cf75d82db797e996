package assignment_test

import (
	"errors"
	"iter"
	"testing"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// stalePlacer is a placer whose every session goes stale before Apply:
// Valid always fails.
type stalePlacer struct{}

var errPlacerChanged = errors.New("placer changed")

func (stalePlacer) Begin() assignment.PlacerSession                      { return staleSession{} }
func (stalePlacer) Clone() assignment.Placer                             { return stalePlacer{} }
func (stalePlacer) Check(func(assignment.UserID) bool, int) error        { return nil }
func (staleSession) Check(assignment.UserID, assignment.Placement) error { return nil }
func (staleSession) Prefetch(iter.Seq[assignment.PlaceRequest], int)     {}
func (staleSession) Release(assignment.UserID)                           {}
func (staleSession) NoPlacement(assignment.UserID)                       {}
func (staleSession) Mark() int                                           { return 0 }
func (staleSession) Rollback(int)                                        {}
func (staleSession) Valid() error                                        { return errPlacerChanged }
func (staleSession) Commit([]assignment.UserID)                          {}

type staleSession struct{}

func (staleSession) Place(_ assignment.UserID, p assignment.Placement, _ string, _ bool) (assignment.Placement, string, error) {
	return p, "", nil
}

func (staleSession) Destroys(assignment.UserID) (assignment.Placement, string) {
	return assignment.Placement{}, "nothing"
}

// TestDoFailedApply checks a plan Do made but could not apply: Do returns
// it with the error and changes nothing, and a later Apply of it is
// refused for the same reason, not as an edited plan, though Do skips the
// checks for edits.
func TestDoFailedApply(t *testing.T) {
	o := assignment.New("o", license.MustDefault())
	mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.CallingProfessional: 1}}})
	if err := o.SetPlacer(stalePlacer{}); err != nil {
		t.Fatal(err)
	}
	add := assignment.AddUsers{Users: []assignment.NewUser{{Email: "ann@x.com", Explicit: true,
		Licenses: []license.Kind{license.CallingProfessional}, Placement: assignment.Placement{Location: "HQ", Number: "+15550100"}}}}
	before := o.Clone()
	p, err := o.Do(add)
	if !errors.Is(err, assignment.ErrStalePlan) || !errors.Is(err, errPlacerChanged) || p == nil {
		t.Fatalf("Do: plan %v, error %v; want the plan and ErrStalePlan", p != nil, err)
	}
	if _, ok := o.LookupUser("ann@x.com"); ok || o.Version() != before.Version() {
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
