package sim_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wxlicense/wxlicense/sim"
)

// TestDurationOverflow: a count times its unit that overflows
// time.Duration must be out of range, not wrap to a negative or small
// duration that passes the 100-year bound.
func TestDurationOverflow(t *testing.T) {
	for _, s := range []string{"1048576d", "15251w", "106752d", "1048576w", "36500d1s", "5214w3d", "36499d24h1m"} {
		if d, err := sim.ParseDuration(s); err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an out-of-range error", s, d)
		}
	}
	for _, s := range []string{"36500d", "36499d24h", "5214w2d"} { // 100 years, the most
		if d, err := sim.ParseDuration(s); err != nil || d != 36500*sim.Day {
			t.Errorf("ParseDuration(%q) = %v, %v; want 36500 days", s, d, err)
		}
	}
	if _, err := sim.Parse("x.scn", []byte("until 106752d\n")); err == nil {
		t.Error(`Parse("until 106752d") accepted a duration that overflows`)
	}
}

// TestPercentNaN: "NaN%" is no percentage from 0% to 100%; it passed
// the range check (every comparison with NaN is false) and set a fault
// rate or work share of NaN.
func TestPercentNaN(t *testing.T) {
	for _, src := range []string{"fault bw-fail NaN%\n", "fault sync-lost nan%\n", "fault expiry NaN% per day\n", "users 10 work NaN%\n"} {
		if _, err := sim.Parse("x.scn", []byte(src)); err == nil {
			t.Errorf("Parse(%q) accepted a NaN percentage", src)
		}
	}
}

// TestSubscriptionDuplicateKind: a subscription line that gives one
// license twice ("Advanced Messaging"=1, "Advanced Messaging"=5) must be a
// parse error naming the second, not keep the last count silently.
func TestSubscriptionDuplicateKind(t *testing.T) {
	src := "subscription s \"Advanced Messaging\"=1, \"Advanced Messaging\"=5\n"
	_, err := sim.Parse("x.scn", []byte(src))
	var pe *sim.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("Parse(%q) = %v, want a *ParseError", src, err)
	}
	if pe.Line != 1 || pe.Col != 40 {
		t.Errorf("error at %d:%d, want 1:40 (the second license): %v", pe.Line, pe.Col, err)
	}
}

// TestLongLineReportedAtItsLine: a line over 1 MiB is reported at its own line,
// not at line 1.
func TestLongLineReportedAtItsLine(t *testing.T) {
	src := "until 1d\nusers 1\n# " + strings.Repeat("x", 1<<20) + "\n"
	_, err := sim.Parse("x.scn", []byte(src))
	var pe *sim.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("Parse = %v, want a *ParseError", err)
	}
	if pe.Line != 3 {
		t.Errorf("error at line %d, want 3: %v", pe.Line, err)
	}
}

// TestEveryUntilZero: "until 0s" on a repeating statement cannot mean
// the run's end (what a zero Until stands for): it made "every 1h from 0s
// until 0s" fire every hour of the run. An end before the first time is
// refused too.
func TestEveryUntilZero(t *testing.T) {
	for _, src := range []string{"until 2d\nevery 1h from 0s until 0s users 1\n", "until 2d\nevery 1h until 0s users 1\n", "until 2d\nevery 1h from 5h until 2h users 1\n"} {
		sc, err := sim.Parse("x.scn", []byte(src))
		if err != nil {
			continue
		}
		res, _ := sim.Run(sc, 1, sim.Options{})
		t.Errorf("Parse(%q) accepted it; the run fired %d events", src, res.Events)
	}
	if _, err := sim.Parse("x.scn", []byte("every 1h from 2h until 2h users 1\n")); err != nil {
		t.Errorf("an end equal to the first time (once) was refused: %v", err)
	}
	_, err := sim.Parse("x.scn", []byte("every 1h until 0s users 1\n"))
	if want := "x.scn:1:16: expected an end time above 0s"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v, want it to start %q (at the end time)", err, want)
	}
}

// TestRunTwice: a Sim runs once. A second Run wrote a second header
// and summary into the trace, which then no longer replays: it
// must be refused and leave the trace as it was.
func TestRunTwice(t *testing.T) {
	sc := sim.MustParse("x.scn", "until 2d\nusers 2\nat 1d users 1\n")
	var buf bytes.Buffer
	s, err := sim.New(sc, 1, sim.Options{Trace: &buf})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Run(); err != nil {
		t.Fatal(err)
	}
	trace := bytes.Clone(buf.Bytes())
	if _, err := s.Run(); err == nil {
		t.Error("a second Run was not refused")
	}
	if !bytes.Equal(buf.Bytes(), trace) {
		t.Errorf("a second Run wrote %d more bytes to the trace", buf.Len()-len(trace))
	}
	if _, err := sim.Replay(buf.Bytes()); err != nil {
		t.Errorf("Replay of the trace: %v", err)
	}
}

// TestNumbersUpToLargest: a block of numbers whose last is the largest
// 15-digit E.164 number fits; the overflow check looked one past the last.
func TestNumbersUpToLargest(t *testing.T) {
	sc := sim.MustParse("x.scn", "until 1d\nlocation l\nnumbers l +999999999999990 count 10\n")
	var buf bytes.Buffer
	if _, err := sim.Run(sc, 1, sim.Options{Trace: &buf}); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte(`"type":"error"`)) {
		t.Errorf("adding +999999999999990..+999999999999999 failed:\n%s", buf.String())
	}
	sc = sim.MustParse("x.scn", "until 1d\nlocation l\nnumbers l +999999999999990 count 11\n")
	buf.Reset()
	if _, err := sim.Run(sc, 1, sim.Options{Trace: &buf}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`overflow E.164`)) {
		t.Errorf("adding 11 numbers from +999999999999990 did not fail as an E.164 overflow:\n%s", buf.String())
	}
}

// TestPopulationEmailCollision: PREFIXk e-mails of two prefixes can
// coincide (group Sales1's 1st user and group Sales's 11th are both
// sales11@): the second batch was refused as a whole, adding no one. Every
// user of a population must be added.
func TestPopulationEmailCollision(t *testing.T) {
	sc := sim.MustParse("x.scn", "until 1d\ngroup Sales1\ngroup Sales\nusers 10 in Sales1\nusers 10 in Sales\nexpect users = 20\n")
	res, err := sim.Run(sc, 1, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary.Refused != 0 || res.Summary.Users != 20 {
		t.Errorf("users %d, refused %d; want 20 users and no refusal", res.Summary.Users, res.Summary.Refused)
	}
}

// TestNilEventAndCheck: a caller's nil event is not scheduled, and an
// invariant without a Check fails the run by its name; neither panics.
func TestNilEventAndCheck(t *testing.T) {
	sc := sim.MustParse("x.scn", "until 2d\nusers 2\n")
	s, err := sim.New(sc, 1, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Schedule(time.Hour, nil)
	if res, err := s.Run(); err != nil || res.Summary.Events != 1 {
		t.Fatalf("Run with a nil event: %v, %+v; want one event, the users'", err, res)
	}
	s, err = sim.New(sc, 1, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.AddInvariant(sim.Invariant{Name: "mine"})
	res, err := s.Run()
	if !errors.Is(err, sim.ErrFailed) || res.Failure.Name != "mine" || !strings.Contains(res.Failure.Detail, "no Check") {
		t.Errorf("Run with an invariant without a Check: %v, %+v; want it to fail by the invariant's name", err, res.Failure)
	}
}

// TestUsersCountsLiveUsers: the summary's users and the "users" metric
// count the org's users, not the IDs of users a sync deleted.
func TestUsersCountsLiveUsers(t *testing.T) {
	sc := sim.MustParse("x.scn", "until 3d\ngroup Sales\nat 1h sync users 10 in Sales\nat 2d sync remove 3 from Sales\nat 2d expect users = 7\n")
	res, err := sim.Run(sc, 1, sim.Options{})
	if err != nil || res.Summary.Users != 7 {
		t.Fatalf("Run: %v, users %d; want 7", err, res.Summary.Users)
	}
}

// Do refuses no action as the org does, tracing it as refused, and the
// zero Sim refuses Run and Do: a Sim comes from New.
func TestNilActionAndZeroSim(t *testing.T) {
	sc, err := sim.Parse("x.scn", []byte("scenario x\nuntil 1d\n"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := sim.New(sc, 1, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	version := s.Org().Version()
	if p, err := s.Do(nil); p != nil || err == nil || s.Org().Version() != version {
		t.Errorf("Do(nil) = %v, %v; want a refusal and no change", p, err)
	}
	if r, err := s.Run(); err != nil || r.Summary.Refused != 1 {
		t.Errorf("Run after Do(nil) = %+v, %v; want one refused action", r, err)
	}
	var z sim.Sim
	if r, err := z.Run(); r != nil || err == nil {
		t.Errorf("zero Sim: Run = %v, %v; want an error", r, err)
	}
	if p, err := z.Do(nil); p != nil || err == nil {
		t.Errorf("zero Sim: Do = %v, %v; want an error", p, err)
	}
}

// New counts every occurrence against MaxOccurrences, a statement that
// fires once included: one at the start and one repeating each second
// from the first to the 10,000,000th make 10,000,001, one too many.
func TestOccurrencesCountOnceStatements(t *testing.T) {
	sc, err := sim.Parse("o.scn", []byte("until 115d17h46m40s\nusers 1\nevery 1s users 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := sim.New(sc, 1, sim.Options{})
	if want := "sim: o.scn:3: more than 10000000 occurrences before the end"; s != nil || err == nil || err.Error() != want {
		t.Errorf("New = a Sim? %v, %v; want %q", s != nil, err, want)
	}
}
