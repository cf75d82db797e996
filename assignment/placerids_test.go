package assignment_test

import (
	"iter"
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

// reqPlacer is a fakePlacer whose sessions record the placements by work
// number announced to Prefetch.
type reqPlacer struct {
	fakePlacer
	reqs *[]assignment.PlaceRequest
}

func (p reqPlacer) Begin() assignment.PlacerSession {
	return reqSession{fakeSession(p.fakePlacer), p.reqs}
}
func (p reqPlacer) Clone() assignment.Placer { return p }

type reqSession struct {
	fakeSession
	reqs *[]assignment.PlaceRequest
}

func (s reqSession) Prefetch(reqs iter.Seq[assignment.PlaceRequest], _ int) {
	for r := range reqs {
		*s.reqs = append(*s.reqs, r)
	}
}

// TestPrefetchAnnouncesWorkNumbers checks which placements the engine
// announces to the placer ahead: at creation, only synced users without
// an admin placement whom a template gives Webex Calling, who are placed
// by their work numbers (CAL-2), not users placed where the admin says,
// added by hand without a placement (CAL-4) or created with licenses of
// their own; later, every user who gets Webex Calling (CAL-5).
func TestPrefetchAnnouncesWorkNumbers(t *testing.T) {
	var reqs []assignment.PlaceRequest
	o := placerOrg(t, reqPlacer{fakePlacer{placed: new(int)}, &reqs}, 10)
	calling := assignment.SaveTemplate{Licenses: []assignment.Entry{{Kind: license.BasicMessaging}, {Kind: license.CallingProfessional}}, Scope: assignment.Existing, Ack: true}
	mustDo(t, o, calling)
	at := assignment.Placement{Location: "HQ", Extension: "11"}
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "s1@x.com", Synced: true, WorkNumber: "+48221000001"},
		{Email: "h1@x.com", Placement: at},
		{Email: "h2@x.com", WorkNumber: "+48221000002"},
		{Email: "s2@x.com", Synced: true, WorkNumber: "+48221000003", Placement: at},
		{Email: "s3@x.com", Synced: true},
		{Email: "x1@x.com", Synced: true, WorkNumber: "+48221000004", Explicit: true, Licenses: []license.Kind{license.BasicMessaging}},
	}})
	want := []assignment.PlaceRequest{{User: 0, Work: "+48221000001", Synced: true}, {User: 4, Synced: true}}
	if !slices.Equal(reqs, want) {
		t.Errorf("at creation: prefetched %v, want %v", reqs, want)
	}
	reqs = nil
	mustDo(t, o, calling)
	if want := []assignment.PlaceRequest{{User: 2, Work: "+48221000002"}, {User: 5, Work: "+48221000004", Synced: true}}; !slices.Equal(reqs, want) {
		t.Errorf("a calling template saved with existing scope: prefetched %v, want %v", reqs, want)
	}
}
