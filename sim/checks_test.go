package sim

import (
	"testing"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/calling"
	"github.com/wxlicense/wxlicense/license"
)

func checkSim(t *testing.T) *Sim {
	t.Helper()
	s, err := New(MustParse("c.scn", `until 2d
subscription s "Advanced Messaging"=5
template org with "Basic Messaging", "Advanced Messaging"
location hq
numbers hq +14085550000 count 5
at 1h users 3
`), 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Run(); err != nil {
		t.Fatal(err)
	}
	s.cur = item{ev: EventFunc("test", nil)}
	return s
}

// INV-5: the simulator catches a preserve-on application that removes a
// license: here a preserve-off plan passed off as preserve on.
func TestCatchesINV5(t *testing.T) {
	s := checkSim(t)
	p, err := s.org.Plan(assignment.SaveTemplate{Name: "org", Licenses: []assignment.Entry{{Kind: license.BasicMessaging}},
		Scope: assignment.Existing, PreserveOff: true})
	if err != nil || len(p.Changes) == 0 {
		t.Fatalf("plan: %v", err)
	}
	s.checkTransition(assignment.SaveTemplate{Name: "org", Scope: assignment.Existing}, p)
	if s.fail == nil || s.fail.Name != "INV-5" {
		t.Errorf("failure %+v", s.fail)
	}
}

// INV-4: the simulator catches, through Org.CheckInvariants and the
// attached placer's check, a user placed in the inventory without Webex
// Calling.
func TestCatchesINV4(t *testing.T) {
	s := checkSim(t)
	if s.invs[0].Name != checkOrgCalling {
		t.Fatalf("org check %q: the inventory is not attached", s.invs[0].Name)
	}
	inv := s.calling.pl.Inventory()
	b, err := inv.Plan([]calling.Candidate{{User: 0, WorkNumber: "+14085550000"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := inv.Apply(b); err != nil {
		t.Fatal(err)
	}
	err = s.invs[0].Check(s)
	if got := invariantName(s.invs[0].Name, err); err == nil || got != "INV-4" {
		t.Errorf("check: %v (%s)", err, got)
	}
}
