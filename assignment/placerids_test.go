package assignment_test

import (
	"slices"
	"testing"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// idPlacer is a fakePlacer whose sessions record the users they are
// asked to check and place.
type idPlacer struct {
	fakePlacer
	checked, placed *[]assignment.UserID
}

func (p idPlacer) Begin() assignment.PlacerSession {
	return idSession{fakeSession(p.fakePlacer), p.checked, p.placed}
}
func (p idPlacer) Clone() assignment.Placer { return p }

type idSession struct {
	fakeSession
	checked, placed *[]assignment.UserID
}

func (s idSession) Check(id assignment.UserID, _ assignment.Placement) error {
	*s.checked = append(*s.checked, id)
	return nil
}

func (s idSession) Place(id assignment.UserID, p assignment.Placement, _ string, _ bool) (assignment.Placement, string, error) {
	*s.placed = append(*s.placed, id)
	return p, "", nil
}

// TestPlacerAskedForNewUsersIDs checks that the placer is asked to check
// and place each user a batch creates under the ID the user gets (CAL-4),
// not another's: a placement is checked for its own user, who may already
// hold it.
func TestPlacerAskedForNewUsersIDs(t *testing.T) {
	var checked, placed []assignment.UserID
	o := placerOrg(t, idPlacer{fakePlacer{placed: new(int)}, &checked, &placed}, 5)
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com"}, {Email: "b@x.com"}}})
	checked = nil
	var nus []assignment.NewUser
	for i, e := range []string{"c@x.com", "d@x.com", "e@x.com"} {
		nus = append(nus, assignment.NewUser{Email: e, Explicit: true, Licenses: []license.Kind{license.CallingProfessional},
			Placement: assignment.Placement{Location: "HQ", Extension: string(rune('1' + i))}})
	}
	mustDo(t, o, assignment.AddUsers{Users: nus})
	want := []assignment.UserID{2, 3, 4}
	if !slices.Equal(checked, want) || !slices.Equal(placed, want) {
		t.Errorf("checked %v, placed %v; want %v each", checked, placed, want)
	}
}
