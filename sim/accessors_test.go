package sim_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/sim"
)

// Seed, Scenario and Rand return the run's own seed, scenario and seeded
// source (SIM-1): every draw of the run comes from Rand, so a draw taken
// from it before the run changes the run, and the same seed gives the same
// source.
func TestSimAccessors(t *testing.T) {
	sc := sim.MustParse("a.scn", "until 1d\nbroadworks enterprise e1\nat 1h broadworks provision 3 of e1\n")
	a, err := sim.New(sc, 7, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := sim.New(sc, 7, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := sim.New(sc, 8, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Seed() != 7 || c.Seed() != 8 || a.Scenario() != sc || a.Now() != 0 {
		t.Errorf("Seed %d, %d; Scenario %p, want %p; Now %v", a.Seed(), c.Seed(), a.Scenario(), sc, a.Now())
	}
	if a.Rand() != a.Rand() || a.Rand() == b.Rand() {
		t.Error("Rand is not the Sim's own source")
	}
	x, y, z := a.Rand().Uint64(), b.Rand().Uint64(), c.Rand().Uint64()
	if x != y || x == z {
		t.Errorf("first draws %x, %x (seed 7) and %x (seed 8)", x, y, z)
	}
	// a has drawn once more than a fresh Sim of seed 7: its run differs.
	var ta, tf bytes.Buffer
	fresh, err := sim.New(sc, 7, sim.Options{Trace: &tf})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.Run(); err != nil {
		t.Fatal(err)
	}
	a, _ = sim.New(sc, 7, sim.Options{Trace: &ta})
	a.Rand().Uint64()
	if _, err := a.Run(); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(ta.Bytes(), tf.Bytes()) {
		t.Error("a draw from Rand before the run did not change the run")
	}
}

// MustParse panics with the *ParseError that Parse returns.
func TestMustParsePanics(t *testing.T) {
	defer func() {
		pe, ok := recover().(*sim.ParseError)
		if !ok || pe.Error() != `m.scn:2:6: expected "org" or "group", got "team"` {
			t.Errorf("MustParse panicked with %v", pe)
		}
	}()
	sim.MustParse("m.scn", "until 1d\nmode team\n")
	t.Error("MustParse did not panic")
}

// Run, New and Replay refuse what they cannot run with an error.
func TestRunRefuses(t *testing.T) {
	if res, err := sim.Run(nil, 1, sim.Options{}); res != nil || err == nil || err.Error() != "sim: nil scenario" {
		t.Errorf("Run(nil) = %v, %v", res, err)
	}
	if s, err := sim.New(&sim.Scenario{}, 1, sim.Options{}); s != nil || err == nil {
		t.Errorf("New(zero Scenario) = %v, %v", s, err)
	}
	header := func(schema, scenario, until string) []byte {
		return fmt.Appendf(nil, `{"type":"header","schema":%q,"file":"h.scn","seed":3,"until":%q,"scenario":%q}`+"\n", schema, until, scenario)
	}
	tests := []struct {
		trace []byte
		want  string
	}{
		{nil, "sim: not a trace: the first line is no header"},
		{[]byte("not json\n"), "sim: not a trace: the first line is no header"},
		{[]byte(`{"type":"event","seed":3}` + "\n"), "sim: not a trace: the first line is no header"},
		{[]byte(`{"type":"header","schema":"wxsim-trace/1"}` + "\n"), "sim: not a trace: the first line is no header"},
		{header("wxsim-trace/0", "users 1\n", "1d"), `sim: trace schema "wxsim-trace/0", this simulator writes "wxsim-trace/1"`},
		{header(sim.TraceSchema, "users 1\nmode team\n", "1d"), `h.scn:2:6: expected "org" or "group", got "team"`},
		{header(sim.TraceSchema, "users 1\n", "1x"), `sim: bad duration "1x": unknown unit 'x'`},
		{header(sim.TraceSchema, "users 1\n", ""), "sim: empty duration"},
		// the scenario parses, but New refuses it: too many occurrences
		{header(sim.TraceSchema, "every 1s users 1\n", "365d"), "sim: h.scn:1: more than 10000000 occurrences before the end"},
	}
	for _, tt := range tests {
		res, err := sim.Replay(tt.trace)
		if res != nil || err == nil || err.Error() != tt.want {
			t.Errorf("Replay(%q) = %v, %v; want %s", tt.trace, res, err, tt.want)
		}
	}
	sc, seed, err := sim.TraceHeader(header(sim.TraceSchema, "users 1\n", "2d"))
	if err != nil || seed != 3 || sc.Until != 2*sim.Day || sc.File != "h.scn" || len(sc.Statements) != 1 {
		t.Errorf("TraceHeader = %+v, %d, %v", sc, seed, err)
	}
}

// ParseDuration refuses what is no duration, naming it.
func TestParseDurationErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", "sim: empty duration"},
		{"d", `sim: bad duration "d": want digits and a unit (w, d, h, m, s)`},
		{"5", `sim: bad duration "5": want digits and a unit (w, d, h, m, s)`},
		{"1h30", `sim: bad duration "1h30": want digits and a unit (w, d, h, m, s)`},
		{"1.5h", `sim: bad duration "1.5h": unknown unit '.'`},
		{"+1h", `sim: bad duration "+1h": want digits and a unit (w, d, h, m, s)`},
		{"1y", `sim: bad duration "1y": unknown unit 'y'`},
		{"1H", `sim: bad duration "1H": unknown unit 'H'`},
		{"1048577s", `sim: duration "1048577s" out of range`},
		{"99999999999999999999s", `sim: duration "99999999999999999999s" out of range`},
	} {
		if d, err := sim.ParseDuration(tt.in); err == nil || err.Error() != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %s", tt.in, d, err, tt.want)
		}
	}
	for _, tt := range []struct {
		in   string
		want time.Duration
	}{
		{"0s", 0}, {"1048576s", 1048576 * time.Second}, {"1w", 7 * sim.Day}, {"1d12h", 36 * time.Hour},
		{"90m", 90 * time.Minute}, {"1h1h", 2 * time.Hour}, {"007s", 7 * time.Second},
	} {
		if d, err := sim.ParseDuration(tt.in); err != nil || d != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, d, err, tt.want)
		}
	}
}

// FormatDuration writes days as the largest unit and drops what is under
// a second.
func TestFormatDuration(t *testing.T) {
	for _, tt := range []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"}, {-time.Hour, "0s"}, {time.Millisecond, "0s"}, {999 * time.Millisecond, "0s"}, {time.Second, "1s"},
		{1500 * time.Millisecond, "1s"}, {90 * time.Minute, "1h30m"}, {8 * sim.Day, "8d"}, {sim.Day + time.Second, "1d1s"},
		{2*sim.Day + 3*time.Hour + 4*time.Minute + 5*time.Second, "2d3h4m5s"},
	} {
		if got := sim.FormatDuration(tt.in); got != tt.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Summary.String renders every part of the summary as the CLI prints it.
func TestSummaryString(t *testing.T) {
	sum := sim.Summary{Scenario: "s", Seed: 3, End: "2d", Events: 10, Refused: 1, Users: 4,
		Errors: 2, ErrorLines: []int{4}, Unfired: []int{7, 9},
		Licenses: []sim.Count{{Name: "Basic Messaging", N: 4}},
		Units: []sim.SubUnits{{Sub: "a", Active: true, Units: []sim.UnitsUsed{{License: "Advanced Messaging", Used: 2, Total: 5}}},
			{Sub: "b", Units: []sim.UnitsUsed{{License: "Webex Calling Professional", Used: 0, Total: 1}}}},
		CallingPlaced: 2, CallingFailures: []sim.Count{{Name: "NotE164", N: 1}, {Name: "NoWorkNumber", N: 3}},
		BroadWorks: []sim.Count{{Name: "error 2017", N: 1}, {Name: "provisioned", N: 2}},
		Checks:     []sim.Count{{Name: "INV-5 preserve removes nothing", N: 7}}, Result: "ok"}
	want := `s, seed 3: ok
virtual time 2d, 10 events, 1 refused actions
events that could not be carried out: 2 (line 4)
statements after the end, never fired: 2 (lines 7, 9)
users: 4
licenses held:
  Basic Messaging                          4
subscription a:
  Advanced Messaging                       2 of 5
subscription b (cancelled):
  Webex Calling Professional               0 of 1
calling: 2 placed
  not provisioned, NotE164:                   1
  not provisioned, NoWorkNumber:              3
broadworks subscribers:
  error 2017                               1
  provisioned                              2
invariant checks:
  INV-5 preserve removes nothing           7
`
	if d := cmp.Diff(want, sum.String()); d != "" {
		t.Errorf("String (-want +got):\n%s", d)
	}
	want = `scenario, seed 0: 
virtual time , 0 events, 0 refused actions
users: 0
calling: 0 placed
invariant checks:
`
	if d := cmp.Diff(want, sim.Summary{}.String()); d != "" {
		t.Errorf("zero Summary String (-want +got):\n%s", d)
	}
}

// The human log (Options.Log) shows each event, up to four lines of its
// plan (all five when there are five), refusals, errors, faults,
// BroadWorks steps, expectations, the failure and the summary.
func TestHumanLog(t *testing.T) {
	sc := sim.MustParse("log.scn", `scenario "log"
until 1d
fault sync-lost 100%
subscription old "Advanced Messaging"=2
subscription new "Advanced Messaging"=2
template org with "Basic Messaging", "Advanced Messaging"@old
at 1h users 1
at 2h users 2
at 3h template org with "Basic Messaging", "Advanced Messaging"@new existing preserve-off
at 4h sync users 1
at 5h update 1 to "Basic Space Meetings"
at 5h sign-in all in Nope
broadworks enterprise e1
at 7h broadworks provision 1 of e1
at 8h expect users = 3
at 9h expect users = 4
`)
	var log bytes.Buffer
	if _, err := sim.Run(sc, 1, sim.Options{Log: &log}); !errors.Is(err, sim.ErrFailed) {
		t.Fatalf("Run: %v", err)
	}
	want := `# log.scn seed 1 until 1d
[0s] #1 subscription old "Advanced Messaging"=2
  add subscription "old": Advanced Messaging: 2
[0s] #2 subscription new "Advanced Messaging"=2
  add subscription "new": Advanced Messaging: 2
[0s] #3 template org with "Basic Messaging", "Advanced Messaging"@old
  save template "org": Basic Messaging, Advanced Messaging [old]
[0s] #10 broadworks enterprise e1
[1h] #4 at 1h users 1
  user1@example.com: add user
  user1@example.com: grant Basic Messaging (ASG-2 template applies to new user; template "org")
  user1@example.com: grant Advanced Messaging from "old" (ASG-2 template applies to new user; template "org")
  user1@example.com: grant Basic Space Meetings [implied] (ASG-2 template applies to new user; template "org")
  user1@example.com: welcome (LIC-12 first added to the org)
[2h] #5 at 2h users 2
  user2@example.com: add user
  user3@example.com: add user
  user2@example.com: grant Basic Messaging (ASG-2 template applies to new user; template "org")
  user2@example.com: grant Advanced Messaging from "old" (ASG-2 template applies to new user; template "org")
  ... 6 more
[3h] #6 at 3h template org with "Basic Messaging", "Advanced Messaging"@new existing preserve-off
  save template "org": Basic Messaging, Advanced Messaging [new] (was Basic Messaging, Advanced Messaging [old])
  user1@example.com: move Advanced Messaging from "old" to "new" (LIC-8 template names another subscription; template "org")
  user2@example.com: move Advanced Messaging from "old" to "new" (LIC-8 template names another subscription; template "org")
  shortfall user3@example.com: not granted Advanced Messaging: NoUnitAvailable
[4h] #7 at 4h sync users 1
  fault sync-lost: the batch never arrives
[5h] #8 at 5h update 1 to "Basic Space Meetings"
  refused update licenses of user3@example.com: user user3@example.com: license: rejected: Basic Space Meetings needs Basic Messaging (700005)
[5h] #9 at 5h sign-in all in Nope
  error at line 12: sim: unknown group "Nope"
[7h] #11 at 7h broadworks provision 1 of e1
  broadworks provision e1-u1 provisioning
[7h4m6s] #14 broadworks task of e1-u1 ends
  broadworks complete e1-u1 provisioned
[8h] #12 at 8h expect users = 3
  expect users = 3: got 3
[9h] #13 at 9h expect users = 4
  expect users = 4: got 3
FAILED: expectation expect users = 4 failed at 9h (event #13 at 9h expect users = 4, seed 1): want = 4, got 3
log, seed 1: FAILED expectation expect users = 4 at 9h (event #13): want = 4, got 3
virtual time 9h, 14 events, 1 refused actions
events that could not be carried out: 1 (line 12)
users: 3
licenses held:
  Basic Messaging                          3
  Advanced Messaging                       2
  Basic Space Meetings                     3
subscription old:
  Advanced Messaging                       0 of 2
subscription new:
  Advanced Messaging                       2 of 2
calling: 0 placed
broadworks subscribers:
  provisioned                              1
invariant checks:
  INV-1/2/3/9/10 org state                 13
  INV-5 preserve removes nothing           2
  INV-6 second application changes nothing 1
  INV-8 broadworks mapping                 10
`
	if d := cmp.Diff(want, log.String()); d != "" {
		t.Errorf("log (-want +got):\n%s", d)
	}
}

// SIM-6: every edit and license change is traced with its user, and a
// change with its license, subscription, reason, rule, template and source;
// a subscription move with the subscription it leaves.
func TestTraceMove(t *testing.T) {
	tr, _ := trace(t, sim.MustParse("m.scn", `until 1d
subscription old "Advanced Messaging"=1
subscription new "Advanced Messaging"=1
template org with "Basic Messaging", "Advanced Messaging"@old
at 1h users 1
at 2h template org with "Basic Messaging", "Advanced Messaging"@new existing preserve-off
`), 1)
	var got []sim.Record
	for _, r := range records(t, tr) {
		if r.Type == "edit" || r.Type == "change" {
			got = append(got, r)
		}
	}
	change := func(seq uint64, at, op, license, sub, reason, rule, source string) sim.Record {
		return sim.Record{Type: "change", Seq: seq, T: at, Op: op, User: "user1@example.com", License: license, Sub: sub,
			Reason: reason, Rule: rule, Template: "org", Source: source}
	}
	move := change(5, "2h", "move", "Advanced Messaging", "new", "template names another subscription", "LIC-8", "")
	move.From = "old"
	welcome := change(4, "1h", "welcome", "", "", "first added to the org", "LIC-12", "")
	welcome.Template = ""
	want := []sim.Record{
		{Type: "edit", Seq: 1, T: "0s", Op: "add subscription", Name: "old", Value: "Advanced Messaging: 1"},
		{Type: "edit", Seq: 2, T: "0s", Op: "add subscription", Name: "new", Value: "Advanced Messaging: 1"},
		{Type: "edit", Seq: 3, T: "0s", Op: "save template", Name: "org", Value: "Basic Messaging, Advanced Messaging [old]"},
		{Type: "edit", Seq: 4, T: "1h", Op: "add user", User: "user1@example.com"},
		change(4, "1h", "grant", "Basic Messaging", "", "template applies to new user", "ASG-2", "template"),
		change(4, "1h", "grant", "Advanced Messaging", "old", "template applies to new user", "ASG-2", "template"),
		change(4, "1h", "grant", "Basic Space Meetings", "", "template applies to new user", "ASG-2", "implied"),
		welcome,
		{Type: "edit", Seq: 5, T: "2h", Op: "save template", Name: "org", Value: "Basic Messaging, Advanced Messaging [new]",
			Old: "Basic Messaging, Advanced Messaging [old]"},
		move,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("edits and changes (-want +got):\n%s", d)
	}
}

// An event may schedule another; one due before now fires now, after the
// events already due now. Progress sees every event.
func TestScheduleAndProgress(t *testing.T) {
	sc := sim.MustParse("p.scn", "until 1d\nat 2h users 1\nat 2h users 1\n")
	var progress []string
	s, err := sim.New(sc, 1, sim.Options{Progress: func(now time.Duration, events int) {
		progress = append(progress, fmt.Sprintf("%s #%d", sim.FormatDuration(now), events))
	}})
	if err != nil {
		t.Fatal(err)
	}
	var fired []string
	note := func(name string) sim.Event {
		return sim.EventFunc(name, func(s *sim.Sim) error {
			fired = append(fired, name+" at "+sim.FormatDuration(s.Now()))
			return nil
		})
	}
	s.Schedule(time.Hour, sim.EventFunc("late", func(s *sim.Sim) error {
		s.Schedule(0, note("past"))
		fired = append(fired, "late at "+sim.FormatDuration(s.Now()))
		return nil
	}))
	s.Schedule(time.Hour, note("due"))
	if _, err := s.Run(); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"late at 1h", "due at 1h", "past at 1h"}, fired); d != "" {
		t.Errorf("fired (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"1h #1", "1h #2", "1h #3", "2h #4", "2h #5"}, progress); d != "" {
		t.Errorf("progress (-want +got):\n%s", d)
	}
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

// A trace or log that cannot be written fails the run with the writer's
// error; the result is still returned.
func TestTraceWriteError(t *testing.T) {
	sc := sim.MustParse("w.scn", "until 1d\nusers 1\n")
	broken := errors.New("disk full")
	for _, opts := range []sim.Options{{Trace: failingWriter{broken}}, {Log: failingWriter{broken}}} {
		res, err := sim.Run(sc, 1, opts)
		if !errors.Is(err, broken) || res == nil || res.Summary.Users != 1 {
			t.Errorf("Run = %+v, %v; want the result and %v", res, err, broken)
		}
	}
}

// SIM-4: the expiry fault draws once a day for every active subscription;
// at 100% the first draw expires them all, traced as a fault.
func TestExpiryDraw(t *testing.T) {
	tr, res := trace(t, sim.MustParse("x.scn", `until 3d
fault expiry 100% per day
subscription a "Advanced Messaging"=1
subscription b "Advanced Messaging"=1
`), 1)
	var got []string
	for _, r := range records(t, tr) {
		switch r.Type {
		case "event":
			got = append(got, r.T+" "+r.Event)
		case "fault":
			got = append(got, r.T+" "+r.Fault+" "+r.Detail)
		}
	}
	want := []string{`0s subscription a "Advanced Messaging"=1`, `0s subscription b "Advanced Messaging"=1`,
		"1d subscription expiry draw", "1d subscription-expired a", "1d subscription-expired b",
		"2d subscription expiry draw", "3d subscription expiry draw"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("events and faults (-want +got):\n%s", d)
	}
	for _, u := range res.Summary.Units {
		if u.Active {
			t.Errorf("subscription %s still active", u.Sub)
		}
	}
}

// SIM-7: each expectation metric measures what it names: units used on
// one subscription (0 for another kind or an unknown subscription),
// BroadWorks subscribers by status (0 in a run without BroadWorks), and
// apps lagging.
func TestExpectMeasures(t *testing.T) {
	if _, err := sim.Run(sim.MustParse("n.scn", "until 1d\nat 1h expect broadworks provisioned = 0\n"), 1, sim.Options{}); err != nil {
		t.Errorf("a run without BroadWorks: %v", err)
	}
	tr, res := trace(t, sim.MustParse("m.scn", `until 2d
subscription s "Advanced Messaging"=5, "Webex Calling Professional"=2
template org with "Basic Messaging", "Advanced Messaging"
group Sales
at 1h users 3 in Sales
at 2h expect units used "Advanced Messaging" on s >= 0
at 2h expect units used "Advanced Messaging" on nope >= 0
at 2h expect units used "Webex Calling Professional" on s >= 0
at 2h expect broadworks provisioned >= 0
at 2h expect app lagging >= 0
at 2h expect users holding "Advanced Messaging" >= 0
at 2h expect 1 users hold "Basic Space Meetings"
at 2h expect users <= 3
at 3h expect app lagging >= 0
at 3h csv set "Basic Space Meetings"=FALSE for 2 users in Sales
broadworks org acme users 2
broadworks enterprise e1 "Acme"
at 4h broadworks provision 2 subscribers of e1 emails-of acme
at 5h expect broadworks provisioned >= 0
at 5h expect broadworks error >= 0
at 5h expect broadworks provisioning >= 0
`), 1)
	if res.Failure == nil || res.Failure.Line != 12 || res.Failure.Detail != "want = 1, got 3" {
		t.Errorf("failure %+v; want the expectation of line 12, got 3", res.Failure)
	}
	var got []string
	for _, r := range records(t, tr) {
		if r.Type == "expect" {
			got = append(got, fmt.Sprintf("%s: %d %v", r.Expect, *r.Got, *r.OK))
		}
	}
	want := []string{`units used "Advanced Messaging" on s >= 0: 3 true`, `units used "Advanced Messaging" on nope >= 0: 0 true`,
		`units used "Webex Calling Professional" on s >= 0: 0 true`, "broadworks provisioned >= 0: 0 true",
		"app lagging >= 0: 3 true", `users holding "Advanced Messaging" >= 0: 3 true`, `1 users hold "Basic Space Meetings": 3 false`}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("expectations (-want +got):\n%s", d)
	}
	sc := sim.MustParse("m.scn", `until 2d
subscription s "Advanced Messaging"=5
template org with "Basic Messaging", "Advanced Messaging"
at 1h users 3
at 2h expect users <= 3
at 1d2h expect app lagging >= 0
at 1d2h expect app lagging <= 0
broadworks org acme users 2
broadworks enterprise e1 "Acme"
at 4h broadworks provision 2 subscribers of e1 emails-of acme
at 4h expect broadworks provisioning >= 0
at 5h expect broadworks provisioned >= 0
at 5h expect broadworks error >= 0
at 5h expect broadworks provisioning >= 0
`)
	tr, res = trace(t, sc, 1)
	if res.Failure != nil {
		t.Fatalf("failure %+v", res.Failure)
	}
	got = nil
	for _, r := range records(t, tr) {
		if r.Type == "expect" {
			got = append(got, fmt.Sprintf("%s %s: %d", r.T, r.Expect, *r.Got))
		}
	}
	want = []string{"2h users <= 3: 3", "4h broadworks provisioning >= 0: 2", "5h broadworks provisioned >= 0: 2",
		"5h broadworks error >= 0: 0", "5h broadworks provisioning >= 0: 0", "1d2h app lagging >= 0: 0", "1d2h app lagging <= 0: 0"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("expectations (-want +got):\n%s", d)
	}
}
