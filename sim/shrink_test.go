package sim_test

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/sim"
)

// SIM-5: Replay names the first line where the run and the trace differ.
func TestReplayNamesDivergedLine(t *testing.T) {
	tr, _ := trace(t, sim.MustParse("r.scn", "until 1d\nusers 2\nat 1h users 1\n"), 1)
	lines := bytes.SplitAfter(tr, []byte("\n"))
	for _, n := range []int{2, 3, len(lines) - 1} { // 1-based; the last line is the summary
		edited := bytes.Join(append(append(append([][]byte{}, lines[:n-1]...), []byte(`{"type":"event"}`+"\n")), lines[n:]...), nil)
		_, err := sim.Replay(edited)
		want := "sim: replay diverged from the trace at line " + strconv.Itoa(n)
		if !errors.Is(err, sim.ErrDiverged) || err.Error() != want {
			t.Errorf("line %d edited: %v, want %s", n, err, want)
		}
	}
}

// SIM-5: Shrink drops every line it can, the first included, and halves
// the population while the failure persists (not the group the users
// need, nor below the failing count); it says how many runs it made. The
// scenario it returns fails alone: it ends with the run's seed and until
// where its own would differ.
func TestShrinkSmallest(t *testing.T) {
	for _, tt := range []struct {
		src  string
		seed uint64
		want string
		runs int
	}{
		{"until 2d\ngroup A\nusers 40 in A\nat 1h expect users <= 10\n", 1, "group A\nusers 20 in A\nat 1h expect users <= 10\nuntil 2d\n", 11},
		// a count of 1 is not halved to 0
		{"users 4\nat 1h expect users = 0\n", 1, "users 1\nat 1h expect users = 0\n", 7},
		// a seed given to Shrink, not written in the scenario
		{"users 4\nat 1h expect users = 0\n", 5, "users 1\nat 1h expect users = 0\nseed 5\n", 7},
	} {
		sc := sim.MustParse("s.scn", tt.src)
		min, runs, err := sim.Shrink(sc, tt.seed)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(tt.want, string(min)); d != "" {
			t.Errorf("shrunk (-want +got):\n%s", d)
		}
		if runs != tt.runs {
			t.Errorf("%q: %d runs, want %d", tt.src, runs, tt.runs)
		}
		alone := sim.MustParse("min.scn", string(min))
		if alone.Seed != tt.seed || alone.Until != sc.Until {
			t.Errorf("%q shrunk to seed %d until %v, want %d and %v", tt.src, alone.Seed, alone.Until, tt.seed, sc.Until)
		}
	}
}

// SIM-5: Shrink makes at most MaxShrinkRuns runs, and what it returns
// still fails the same way.
func TestShrinkRunCap(t *testing.T) {
	src := strings.Repeat("seed 1\n", sim.MaxShrinkRuns+50) + "users 11\nat 1h expect users <= 10\n"
	sc := sim.MustParse("c.scn", src)
	min, runs, err := sim.Shrink(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	if runs != sim.MaxShrinkRuns {
		t.Errorf("%d runs, want %d", runs, sim.MaxShrinkRuns)
	}
	// the first run is the whole scenario's, the next two try the last two
	// lines, each of the others drops a seed line from the end
	if n := strings.Count(string(min), "seed 1\n"); n != sim.MaxShrinkRuns+50-(sim.MaxShrinkRuns-3) {
		t.Errorf("%d seed lines left, want 53", n)
	}
	res, _ := sim.Run(sim.MustParse("m.scn", string(min)), 1, sim.Options{})
	if res.Failure == nil || res.Failure.Name != "expect users <= 10" {
		t.Errorf("the shrunk scenario fails with %+v", res.Failure)
	}
}
