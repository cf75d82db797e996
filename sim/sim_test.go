package sim_test

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/wxlicense/wxlicense/sim"
)

func trace(t *testing.T, sc *sim.Scenario, seed uint64) ([]byte, *sim.Result) {
	t.Helper()
	var buf bytes.Buffer
	res, err := sim.Run(sc, seed, sim.Options{Trace: &buf})
	if res == nil {
		t.Fatal(err)
	}
	return buf.Bytes(), res
}

// SIM-1: the same scenario and seed give a byte-identical trace, twice in
// one process and under GOMAXPROCS 1 and 2; another seed gives another.
func TestDeterministic(t *testing.T) {
	sc := sim.DefaultScenario()
	first, _ := trace(t, sc, 7)
	for _, procs := range []int{1, 2} {
		old := runtime.GOMAXPROCS(procs)
		again, _ := trace(t, sim.DefaultScenario(), 7)
		runtime.GOMAXPROCS(old)
		if !bytes.Equal(first, again) {
			t.Fatalf("GOMAXPROCS=%d: trace differs", procs)
		}
	}
	if other, _ := trace(t, sc, 8); bytes.Equal(first, other) {
		t.Error("seeds 7 and 8 gave the same trace")
	}
}

// SIM-5: replay reproduces a trace exactly, failure included; an edited
// trace diverges.
func TestReplay(t *testing.T) {
	sc := loadFile(t, "testdata/failing.scn")
	tr, res := trace(t, sc, 3)
	if res.Failure == nil {
		t.Fatal("failing.scn passed")
	}
	got, err := sim.Replay(tr)
	if !errors.Is(err, sim.ErrFailed) || got.Failure == nil || got.Failure.Detail != res.Failure.Detail {
		t.Fatalf("replay: %v", err)
	}
	edited := bytes.Replace(tr, []byte(`"grant"`), []byte(`"remove"`), 1)
	if _, err := sim.Replay(edited); !errors.Is(err, sim.ErrDiverged) {
		t.Errorf("edited trace: %v, want ErrDiverged", err)
	}
}

// SIM-5: shrinking keeps the failure and drops lines and users.
func TestShrink(t *testing.T) {
	sc := loadFile(t, "testdata/failing.scn")
	min, runs, err := sim.Shrink(sc, 3)
	if err != nil {
		t.Fatal(err)
	}
	small, err := sim.Parse("min.scn", min)
	if err != nil {
		t.Fatalf("shrunk scenario does not parse: %v\n%s", err, min)
	}
	if len(small.Statements) >= len(sc.Statements) || !bytes.Contains(min, []byte("expect")) {
		t.Errorf("after %d runs, %d of %d statements:\n%s", runs, len(small.Statements), len(sc.Statements), min)
	}
	res, _ := sim.Run(small, 3, sim.Options{})
	if res.Failure == nil || res.Failure.Kind != "expectation" {
		t.Errorf("shrunk scenario passes:\n%s", min)
	}
	if res.Summary.Users >= 300 {
		t.Errorf("shrunk scenario still has %d users:\n%s", res.Summary.Users, min)
	}
}

// SIM-5: a deliberately broken invariant stops the run at the event that
// breaks it, with the seed, and the trace ends with the failure.
func TestBrokenInvariantCaught(t *testing.T) {
	var buf bytes.Buffer
	s, err := sim.New(sim.DefaultScenario(), 42, sim.Options{Trace: &buf})
	if err != nil {
		t.Fatal(err)
	}
	s.AddInvariant(sim.Invariant{Name: "at most 1200 users", Check: func(s *sim.Sim) error {
		if n := s.Org().NumUsers(); n > 1200 {
			return fmt.Errorf("%d users", n)
		}
		return nil
	}})
	res, err := s.Run()
	if !errors.Is(err, sim.ErrFailed) {
		t.Fatalf("run: %v", err)
	}
	f := res.Failure
	if f.Seed != 42 || f.Name != "at most 1200 users" || f.Detail != "1500 users" || !strings.Contains(f.Event, "sync users 500") {
		t.Errorf("failure %+v", f)
	}
	lines := bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n"))
	if !bytes.Contains(lines[len(lines)-2], []byte(`"type":"failure"`)) || !bytes.Contains(lines[len(lines)-2], []byte(`"seed":42`)) {
		t.Errorf("trace ends %s", lines[len(lines)-2])
	}
}

// SIM-2: events fire in (time, sequence) order on the virtual clock: ties
// in the order they were scheduled.
func TestEventOrder(t *testing.T) {
	s, err := sim.New(sim.MustParse("x.scn", "until 1d\n"), 1, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range []struct {
		at   time.Duration
		name string
	}{{3 * time.Hour, "c"}, {time.Hour, "a"}, {3 * time.Hour, "d"}, {2 * time.Hour, "b"}, {48 * time.Hour, "late"}} {
		s.Schedule(e.at, sim.EventFunc(e.name, func(s *sim.Sim) error {
			got = append(got, fmt.Sprintf("%s@%s", e.name, sim.FormatDuration(s.Now())))
			return nil
		}))
	}
	if _, err := s.Run(); err != nil {
		t.Fatal(err)
	}
	if want := "a@1h b@2h c@3h d@3h"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

// A scenario whose repeating statements would fire billions of times is
// refused before anything runs.
func TestTooManyOccurrences(t *testing.T) {
	sc := sim.MustParse("h.scn", "until 36500d\nevery 1s users 1\n")
	if _, err := sim.New(sc, 1, sim.Options{}); err == nil || !strings.Contains(err.Error(), "h.scn:2: more than") {
		t.Errorf("New: %v", err)
	}
}

// Hostile input: nil scenarios and traces that are not traces are errors,
// never panics.
func TestHostile(t *testing.T) {
	if _, err := sim.New(nil, 1, sim.Options{}); err == nil {
		t.Error("New(nil) accepted")
	}
	if _, _, err := sim.Shrink(nil, 1); err == nil {
		t.Error("Shrink(nil) accepted")
	}
	for _, tr := range []string{"", "{}", `{"type":"header","schema":"wxsim-trace/0","seed":1}`, "\x00\xff"} {
		if _, err := sim.Replay([]byte(tr)); err == nil {
			t.Errorf("Replay(%q) accepted", tr)
		}
	}
	if _, _, err := sim.Shrink(sim.DefaultScenario(), 1); err == nil {
		t.Error("Shrink of a passing run accepted")
	}
}
