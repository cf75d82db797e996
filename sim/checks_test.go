package sim

import (
	"strings"
	"testing"
	"time"

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

func callingSim(t *testing.T) *Sim {
	t.Helper()
	s, err := New(MustParse("c.scn", `until 2d
subscription old "Webex Calling Professional"=5
subscription new "Webex Calling Professional"=5
location hq
numbers hq +14085550000 count 5
template org with "Basic Messaging", "Webex Calling Professional"@old
at 1h sync users 2 work 100%
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

// INV-7: the simulator catches calling data destroyed by an action that
// may not destroy it: here an acknowledged removal passed off as one
// without the acknowledgement.
func TestCatchesINV7Destruction(t *testing.T) {
	s := callingSim(t)
	drop := assignment.SaveTemplate{Name: "org", Licenses: []assignment.Entry{{Kind: license.BasicMessaging}},
		Scope: assignment.Existing, PreserveOff: true, Ack: true}
	p, err := s.org.Plan(drop)
	if err != nil || len(p.Calling) == 0 {
		t.Fatalf("plan: %v", err)
	}
	drop.Ack = false
	s.checkCallingData(drop, p)
	if s.fail == nil || s.fail.Name != "INV-7" {
		t.Errorf("failure %+v", s.fail)
	}
}

// INV-7: the simulator catches a subscription move after which the user
// is no longer placed.
func TestCatchesINV7Move(t *testing.T) {
	s := callingSim(t)
	move := assignment.SaveTemplate{Name: "org", Licenses: []assignment.Entry{{Kind: license.BasicMessaging},
		{Kind: license.CallingProfessional, Subscription: "new"}}, Scope: assignment.Existing, PreserveOff: true}
	p, err := s.org.Plan(move)
	if err != nil || len(p.Calling) != 0 {
		t.Fatalf("plan: %v, calling %v", err, p.Calling)
	}
	if _, err := s.calling.pl.Inventory().Remove(0); err != nil {
		t.Fatal(err)
	}
	s.checkCallingData(move, p)
	if s.fail == nil || s.fail.Name != "INV-7" || !strings.Contains(s.fail.Detail, "move") {
		t.Errorf("failure %+v", s.fail)
	}
}

// INV-7: which actions may destroy calling data.
func TestMayDestroy(t *testing.T) {
	on := assignment.Settings{PreserveOnGroupChange: true}
	for _, tt := range []struct {
		a    assignment.Action
		set  assignment.Settings
		want bool
	}{
		{assignment.CancelSubscription{Subscription: "s"}, on, true},
		{assignment.CancelSubscription{Subscription: "s", Expired: true}, on, true},
		{assignment.SaveTemplate{Ack: true}, on, true},
		{assignment.SaveTemplate{}, on, false},
		{assignment.ImportCSV{Ack: true}, on, true},
		{assignment.UpdateLicenses{}, on, false},
		{assignment.MoveUser{}, on, false},
		{assignment.MoveUser{}, assignment.Settings{}, true},
		{assignment.LeaveGroup{}, assignment.Settings{}, true},
		{assignment.SwitchMode{}, assignment.Settings{}, false},
		{assignment.AddUsers{}, on, false},
	} {
		if got := mayDestroy(tt.a, tt.set); got != tt.want {
			t.Errorf("mayDestroy(%T %+v, preserve %v) = %v", tt.a, tt.a, tt.set.PreserveOnGroupChange, got)
		}
	}
}

// BW-4, SIM-4: a BroadWorks task's delay is drawn from [BWMin, BWMax],
// both ends included: with a span of one nanosecond both delays occur.
func TestBWDelayRangeInclusive(t *testing.T) {
	s, err := New(MustParse("d.scn", "until 1d\n"), 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.sc.Faults.BWMin, s.sc.Faults.BWMax = time.Minute, time.Minute+1
	seen := map[time.Duration]int{}
	for range 64 {
		s.scheduleCompletion("u1")
	}
	for s.q.len() > 0 {
		seen[s.q.pop().at]++
	}
	if len(seen) != 2 || seen[time.Minute] == 0 || seen[time.Minute+1] == 0 {
		t.Errorf("delays drawn: %v; want both %v and %v", seen, time.Minute, time.Minute+1)
	}
}
