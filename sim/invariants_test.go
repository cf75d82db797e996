package sim

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/calling"
	"github.com/wxlicense/wxlicense/license"
)

// orgTemplate is the org template of checkSim as a save with existing
// scope and preserve on.
var orgTemplate = assignment.SaveTemplate{Name: "org", Scope: assignment.Existing,
	Licenses: []assignment.Entry{{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging}}}

// INV-6: the simulator catches a save with existing scope that, saved
// again, would change something, be refused, or report other shortfalls;
// a save that is stable passes.
func TestCatchesINV6(t *testing.T) {
	drop := assignment.SaveTemplate{Name: "org", Scope: assignment.Existing, PreserveOff: true,
		Licenses: []assignment.Entry{{Kind: license.BasicMessaging}}}
	unknownSub := assignment.SaveTemplate{Name: "org", Scope: assignment.Existing, PreserveOff: true,
		Licenses: []assignment.Entry{{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging, Subscription: "nope"}}}
	tests := []struct {
		name   string
		a      assignment.SaveTemplate
		p      *assignment.Plan
		detail string // "" for no failure
	}{
		{"changes", drop, &assignment.Plan{}, "saving again changes: user1@example.com: remove Advanced Messaging"},
		{"refused", unknownSub, &assignment.Plan{}, "saving again refused: "},
		{"shortfalls", orgTemplate, &assignment.Plan{Shortfalls: []assignment.Shortfall{{User: 0, Kind: license.AdvancedMessaging}}},
			"saving again reports 0 shortfalls, not 1"},
		{"stable", orgTemplate, &assignment.Plan{}, ""},
	}
	for _, tt := range tests {
		s := checkSim(t)
		s.checks = map[string]int{}
		s.checkTransition(tt.a, tt.p)
		if tt.detail == "" {
			if s.fail != nil {
				t.Errorf("%s: failure %+v", tt.name, s.fail)
			}
		} else if s.fail == nil || s.fail.Name != "INV-6" || !strings.HasPrefix(s.fail.Detail, tt.detail) {
			t.Errorf("%s: failure %+v, want INV-6 %q", tt.name, s.fail, tt.detail)
		}
		if s.checks[checkINV6] != 1 {
			t.Errorf("%s: INV-6 checked %d times", tt.name, s.checks[checkINV6])
		}
	}
	// a save for future users only is not applied to anyone: not checked
	s := checkSim(t)
	s.checks = map[string]int{}
	future := drop
	future.Scope = assignment.Future
	s.checkTransition(future, &assignment.Plan{})
	if s.fail != nil || s.checks[checkINV6] != 0 || s.checks[checkINV5] != 0 {
		t.Errorf("future-scope save: failure %+v, checks %v", s.fail, s.checks)
	}
}

// INV-5: a preserve-on application may remove a license only as one of the
// two upgrades (ASG-10, ASG-16).
func TestINV5AllowsUpgrades(t *testing.T) {
	s := checkSim(t)
	s.checks = map[string]int{}
	p, err := s.org.Plan(assignment.DeleteTemplate{Template: "org", PreserveOff: true})
	if err != nil || len(p.Changes) == 0 {
		t.Fatalf("plan: %v", err)
	}
	removes := 0
	for i, c := range p.Changes {
		if c.Op == assignment.Remove {
			p.Changes[i].Reason = assignment.BecauseUpgrade
			removes++
		}
	}
	if removes == 0 {
		t.Fatal("the plan removes nothing")
	}
	s.checkTransition(assignment.DeleteTemplate{Template: "org"}, p)
	if s.fail != nil || s.checks[checkINV5] != 1 {
		t.Errorf("upgrades: failure %+v, checks %v", s.fail, s.checks)
	}
	p.Changes[len(p.Changes)-1].Reason = assignment.BecauseDelete
	p.Changes[len(p.Changes)-1].Op = assignment.Remove
	s.checkTransition(assignment.DeleteTemplate{Template: "org"}, p)
	if s.fail == nil || s.fail.Name != "INV-5" || !strings.HasPrefix(s.fail.Detail, `preserve-on delete template "org" removed: `) {
		t.Errorf("a removal: failure %+v", s.fail)
	}
}

// INV-5: which applications have preserve on.
func TestPreserveOn(t *testing.T) {
	on := assignment.Settings{PreserveOnGroupChange: true}
	off := assignment.Settings{}
	for _, tt := range []struct {
		a    assignment.Action
		set  assignment.Settings
		want bool
	}{
		{assignment.SaveTemplate{Scope: assignment.Existing}, off, true},
		{assignment.SaveTemplate{Scope: assignment.Existing, PreserveOff: true}, on, false},
		{assignment.SaveTemplate{Scope: assignment.Future}, on, false},
		{assignment.DeleteTemplate{}, off, true},
		{assignment.DeleteTemplate{PreserveOff: true}, on, false},
		{assignment.JoinGroup{}, off, true},
		{assignment.AddUsers{}, off, true},
		{assignment.MoveUser{}, on, true},
		{assignment.MoveUser{}, off, false},
		{assignment.LeaveGroup{}, on, true},
		{assignment.LeaveGroup{}, off, false},
		{assignment.RemoveService{}, on, false},
		{assignment.SwitchMode{}, on, false},
	} {
		if got := preserveOn(tt.a, tt.set); got != tt.want {
			t.Errorf("preserveOn(%T %+v, setting %v) = %v", tt.a, tt.a, tt.set.PreserveOnGroupChange, got)
		}
	}
}

// INV-7: every action that may destroy calling data, and only those.
func TestMayDestroyAll(t *testing.T) {
	on := assignment.Settings{PreserveOnGroupChange: true}
	off := assignment.Settings{}
	for _, tt := range []struct {
		a    assignment.Action
		set  assignment.Settings
		want bool
	}{
		{assignment.DeleteUser{}, on, true},
		{assignment.JoinGroup{}, on, false},
		{assignment.JoinGroup{}, off, true},
		{assignment.DeleteTemplate{Ack: true}, on, true},
		{assignment.DeleteTemplate{}, off, false},
		{assignment.RemoveService{Ack: true}, on, true},
		{assignment.RemoveService{}, off, false},
		{assignment.ImportCSV{}, off, false},
		{assignment.UpdateLicenses{Ack: true}, on, true},
		{assignment.ModifyLicenses{Ack: true}, on, true},
		{assignment.ModifyLicenses{}, off, false},
		{assignment.EditServices{Ack: true}, on, true},
		{assignment.EditServices{}, off, false},
		{assignment.SetSetting{Ack: true}, off, false},
	} {
		if got := mayDestroy(tt.a, tt.set); got != tt.want {
			t.Errorf("mayDestroy(%T %+v, preserve %v) = %v", tt.a, tt.a, tt.set.PreserveOnGroupChange, got)
		}
	}
}

// A failure names the invariant: the one an InvariantError names, else
// the first of the check's INV- names, else the check's own name.
func TestInvariantName(t *testing.T) {
	ie := fmt.Errorf("wrapped: %w", &assignment.InvariantError{Invariant: "INV-3"})
	for _, tt := range []struct {
		check string
		err   error
		want  string
	}{
		{checkOrg, ie, "INV-3"},
		{checkOrg, errors.New("x"), "INV-1"},
		{checkBW, errors.New("x"), "INV-8"},
		{"INV-42", errors.New("x"), "INV-42"},
		{"my check", errors.New("x"), "my check"},
		{"mine INV-2 x", errors.New("x"), "mine INV-2 x"},
	} {
		if got := invariantName(tt.check, tt.err); got != tt.want {
			t.Errorf("invariantName(%q, %v) = %q, want %q", tt.check, tt.err, got, tt.want)
		}
	}
}

func TestErrs(t *testing.T) {
	a, b := &ParseError{Line: 1}, &ParseError{Line: 2}
	got := errs([]*ParseError{a, b})
	if len(got) != 2 || got[0] != error(a) || got[1] != error(b) {
		t.Errorf("errs = %v", got)
	}
	if got := errs[*ParseError](nil); len(got) != 0 {
		t.Errorf("errs(nil) = %v", got)
	}
}

// The built-in checks: the org check is named for INV-4 only with the
// calling inventory; the BroadWorks check passes without a cloud.
func TestBuiltinInvariants(t *testing.T) {
	if got := builtinInvariants(false); len(got) != numBuiltin || got[0].Name != checkOrg || got[1].Name != checkBW {
		t.Errorf("without calling: %v", got)
	}
	invs := builtinInvariants(true)
	if invs[0].Name != checkOrgCalling {
		t.Errorf("with calling: %q", invs[0].Name)
	}
	s := checkSim(t)
	if s.bw != nil {
		t.Fatal("a cloud without broadworks statements")
	}
	if err := invs[1].Check(s); err != nil {
		t.Errorf("BroadWorks check without a cloud: %v", err)
	}
}

// INV-9: 24 h after the last change no app may lag; the check runs from
// the 24th hour on and names the user.
func TestCatchesINV9(t *testing.T) {
	s, err := New(MustParse("q.scn", "until 2h\nat 1h users 3\n"), 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Run(); err != nil {
		t.Fatal(err)
	}
	s.cur = item{ev: EventFunc("test", nil)}
	var lagging []assignment.UserID
	for id := range s.org.AppLagging() {
		lagging = append(lagging, id)
	}
	if len(lagging) == 0 {
		t.Fatal("no app lags at 2h")
	}
	s.checks = map[string]int{}
	s.lastChange = s.now - assignment.MaxAppDelay + time.Nanosecond
	s.check()
	if s.fail != nil || s.checks[checkQuiet] != 0 {
		t.Fatalf("before 24 h: failure %+v, checks %v", s.fail, s.checks)
	}
	s.lastChange = s.now - assignment.MaxAppDelay
	s.check()
	if s.fail == nil || s.fail.Name != "INV-9" || s.checks[checkQuiet] != 1 ||
		s.fail.Detail != s.names.user(lagging[0])+"'s app differs from the admin view 1d after the last change" {
		t.Errorf("after 24 h: failure %+v, checks %v", s.fail, s.checks)
	}
}

// "check every" spaces the org-wide checks: the first event is checked,
// then the first event at least the interval after the last check; a
// caller's invariant runs after every event. The summary lists only the
// checks that ran.
func TestCheckEvery(t *testing.T) {
	for _, tt := range []struct {
		every string
		org   int
	}{{"", 24}, {"check every 6h\n", 4}, {"check every 1h\n", 24}, {"check every 2d\n", 1}} {
		s, err := New(MustParse("c.scn", "until 1d\n"+tt.every+"every 1h users 1\n"), 1, Options{})
		if err != nil {
			t.Fatal(err)
		}
		s.AddInvariant(Invariant{Name: "mine", Check: func(*Sim) error { return nil }})
		res, err := s.Run()
		if err != nil {
			t.Fatal(err)
		}
		want := []Count{{checkOrg, tt.org}, {checkINV5, 24}, {"mine", 24}}
		if d := cmp.Diff(want, res.Summary.Checks); d != "" {
			t.Errorf("%q: checks (-want +got):\n%s", tt.every, d)
		}
	}
}

// INV-9: the quiet period counts from the last plan that changed a
// license, not from any plan.
func TestQuietPeriodFromLastChange(t *testing.T) {
	res, err := Run(MustParse("q.scn", "until 2d\nat 1h users 1\nat 26h group A\nat 27h group B\n"), 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Count{{checkOrg, 3}, {checkINV5, 1}, {checkQuiet, 2}}
	if d := cmp.Diff(want, res.Summary.Checks); d != "" {
		t.Errorf("checks (-want +got):\n%s", d)
	}
}

// INV-7: each move of Webex Calling and each destruction is checked, and
// counted in the summary.
func TestINV7Counted(t *testing.T) {
	res, err := Run(MustParse("c.scn", `until 1d
subscription old "Webex Calling Professional"=5
subscription new "Webex Calling Professional"=5
location hq
numbers hq +14085550000 count 5
template org with "Basic Messaging", "Webex Calling Professional"@old
at 1h sync users 2 work 100%
at 2h template org with "Basic Messaging", "Webex Calling Professional"@new existing preserve-off
at 3h cancel subscription new
`), 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, c := range res.Summary.Checks {
		got[c.Name] = c.N
	}
	if got[checkINV7] != 2 || got[checkINV7d] != 2 {
		t.Errorf("INV-7 moves %d, destructions %d; want 2 and 2 (%v)", got[checkINV7], got[checkINV7d], res.Summary.Checks)
	}
}

// A run that passes ends at the scenario's end, however early its last
// event.
func TestRunEndsAtUntil(t *testing.T) {
	res, err := Run(MustParse("u.scn", "until 3d\nat 1h users 1\n"), 1, Options{})
	if err != nil || res.Summary.End != "3d" {
		t.Errorf("Run: %v, end %q; want 3d", err, res.Summary.End)
	}
}

// SIM-1: a zero rate draws nothing from the seeded source, so that a fault
// at 0% changes no run.
func TestChanceZeroDrawsNothing(t *testing.T) {
	sc := MustParse("z.scn", "users 1\n")
	a, _ := New(sc, 1, Options{})
	b, _ := New(sc, 1, Options{})
	if a.chance(0) || !a.chance(1) {
		t.Error("chance(0) or chance(1) is wrong")
	}
	b.chance(1)
	if a.rng.Uint64() != b.rng.Uint64() {
		t.Error("chance(0) drew from the seeded source")
	}
}

// A repeating statement that starts late schedules only the occurrences
// from its start to the end.
func TestLateRepeatScheduled(t *testing.T) {
	s, err := New(MustParse("l.scn", "until 36500d\nevery 1s from 36499d mode org\n"), 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := s.q.len(); n != 86401 {
		t.Errorf("%d occurrences scheduled, want 86401", n)
	}
}

// The trace names what the org no longer or never had by ID.
func TestNamesFallbacks(t *testing.T) {
	sc := MustParse("n.scn", "users 1\n")
	n := names{cat: sc.Catalog, users: []string{"a@x"}, subs: []string{"s"}, templates: []string{"t"}}
	got := []string{n.user(0), n.user(1), n.kind(license.NoKind), n.kind(license.BasicMessaging), n.kind(license.Kind(250)),
		n.sub(license.NoSub), n.sub(0), n.sub(1), n.template(assignment.NoTemplate), n.template(0), n.template(1)}
	want := []string{"a@x", "user#1", "", "Basic Messaging", license.Kind(250).String(), "", "s", "subscription#1", "", "t", "template#1"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("names (-want +got):\n%s", d)
	}
}

// addUser records each new user's e-mail once, in ID order: from the
// batch that adds it, else from the org, else by ID.
func TestNamesAddUser(t *testing.T) {
	sc := MustParse("n.scn", "users 1\n")
	o, err := assignment.NewOrg("n", sc.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	add := assignment.AddUsers{Users: []assignment.NewUser{{Email: "A@X.example"}, {Email: "b@x.example"}}}
	if _, err := o.Do(add); err != nil {
		t.Fatal(err)
	}
	n := names{cat: sc.Catalog}
	n.addUser(o, add, 1) // not the next ID: ignored
	n.addUser(o, add, 0)
	n.addUser(o, add, 0) // known already: ignored
	n.addUser(o, assignment.SwitchMode{}, 1)
	n.addUser(o, assignment.AddUsers{}, 2) // no such user
	if d := cmp.Diff([]string{"a@x.example", "b@x.example", "user#2"}, n.users); d != "" {
		t.Errorf("users (-want +got):\n%s", d)
	}
}

func TestSplitReason(t *testing.T) {
	for _, tt := range []struct{ in, rule, why string }{
		{"ASG-3 template applied", "ASG-3", "template applied"},
		{"LIC-12 first", "LIC-12", "first"},
		{"template applied", "", "template applied"},
		{"ASG-3", "", "ASG-3"},
		{"", "", ""},
	} {
		if rule, why := splitReason(tt.in); rule != tt.rule || why != tt.why {
			t.Errorf("splitReason(%q) = %q, %q", tt.in, rule, why)
		}
	}
}

// Without an inventory the calling world refuses edits and hands out no
// number; with one, it hands out each free number once.
func TestCallingWorld(t *testing.T) {
	var c callingWorld
	if err := c.addLocation("hq", "HQ", true); !errors.Is(err, errNoCalling) {
		t.Errorf("addLocation: %v", err)
	}
	if err := c.addNumbers("hq", "+14085550000", 1, true); !errors.Is(err, errNoCalling) {
		t.Errorf("addNumbers: %v", err)
	}
	if n, ok := c.freeNumber(); ok || n != "" {
		t.Errorf("freeNumber = %q, %v", n, ok)
	}
	if c.failed() != nil {
		t.Error("failed without an inventory")
	}
	if n, fs := c.report(); n != 0 || len(fs) != 0 {
		t.Errorf("report = %d, %v", n, fs)
	}
	s := checkSim(t) // hq with +14085550000..4; none handed out, none owned
	w := &s.calling
	if err := w.addNumbers("hq", "14085550000", 1, true); err == nil {
		t.Error("addNumbers of a number without + succeeded")
	}
	if err := w.addNumbers("nowhere", "+14085559000", 1, true); err == nil {
		t.Error("addNumbers to an unknown location succeeded")
	}
	if err := w.addLocation("hq", "again", true); err == nil {
		t.Error("addLocation of a known location succeeded")
	}
	if err := w.addNumbers("hq", "+14085559000", 0, true); err != nil {
		t.Errorf("addNumbers of none: %v", err)
	}
	if err := w.addNumbers("hq", "+14085550005", 1, true); err != nil { // next to the first range
		t.Errorf("addNumbers: %v", err)
	}
	var got []string
	for {
		n, ok := w.freeNumber()
		if !ok {
			break
		}
		got = append(got, n)
	}
	want := []string{"+14085550000", "+14085550001", "+14085550002", "+14085550003", "+14085550004", "+14085550005"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("free numbers (-want +got):\n%s", d)
	}
}

// A calling change of another kind is traced under its own name.
func TestCallingRecordOtherOp(t *testing.T) {
	n := &names{users: []string{"a@x"}}
	r := callingRecord(n, assignment.CallingChange{User: 0, Op: assignment.CallingOp(9)})
	if r.Op != assignment.CallingOp(9).String() || r.User != "a@x" || r.License != "" {
		t.Errorf("record %+v", r)
	}
	n.cat = MustParse("n.scn", "users 1\n").Catalog
	r = callingRecord(n, assignment.CallingChange{User: 0, Op: assignment.Placed, Kind: license.CallingProfessional,
		Placement: assignment.Placement{Location: "hq", Number: "+14085550000"}})
	if d := cmp.Diff(Record{Type: "calling", User: "a@x", Op: "place", License: "Webex Calling Professional", Location: "hq", Number: "+14085550000"}, r); d != "" {
		t.Errorf("place record (-want +got):\n%s", d)
	}
	r = callingRecord(n, assignment.CallingChange{User: 0, Op: assignment.NotPlaced, Reason: "NotE164",
		Err: &calling.Failure{Reason: calling.NotE164, Raw: "555"}})
	if r.Op != "fail" || r.Reason != "NotE164" || r.Number != "555" {
		t.Errorf("record %+v", r)
	}
}
