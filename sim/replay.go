package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Run runs a scenario with a seed: New and Sim.Run.
func Run(sc *Scenario, seed uint64, opts Options) (*Result, error) {
	s, err := New(sc, seed, opts)
	if err != nil {
		return nil, err
	}
	return s.Run()
}

// ErrDiverged is wrapped by Replay's error when the run does not reproduce
// the trace.
var ErrDiverged = errors.New("sim: replay diverged from the trace")

// TraceHeader reads the header of a JSON Lines trace: the scenario, seed
// and end of the run that wrote it.
func TraceHeader(trace []byte) (*Scenario, uint64, error) {
	first, _, _ := bytes.Cut(trace, []byte("\n"))
	var h Record
	if err := json.Unmarshal(first, &h); err != nil || h.Type != "header" || h.Seed == nil {
		return nil, 0, fmt.Errorf("sim: not a trace: the first line is no header")
	}
	if h.Schema != TraceSchema {
		return nil, 0, fmt.Errorf("sim: trace schema %q, this simulator writes %q", h.Schema, TraceSchema)
	}
	sc, err := Parse(h.File, []byte(h.Scenario))
	if err != nil {
		return nil, 0, err
	}
	if sc.Until, err = ParseDuration(h.Until); err != nil {
		return nil, 0, err
	}
	return sc, *h.Seed, nil
}

// Replay re-runs the scenario and seed a trace records and checks that the
// run writes the same trace, byte for byte (SIM-1, SIM-5). It returns the
// run's result; the error wraps ErrDiverged, naming the first line that
// differs, or ErrFailed when the run failed as the trace says.
func Replay(trace []byte) (*Result, error) {
	sc, seed, err := TraceHeader(trace)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	res, runErr := Run(sc, seed, Options{Trace: &buf})
	if res == nil {
		return nil, runErr
	}
	if !bytes.Equal(buf.Bytes(), trace) {
		return res, fmt.Errorf("%w at line %d", ErrDiverged, firstDiff(buf.Bytes(), trace))
	}
	return res, runErr
}

// firstDiff returns the line of file that holds the first byte where it
// differs from want: one past its last line when file is a prefix of
// want that ends with a newline. (Comparing lines without their ends
// would miss a missing final newline, or CRLF line ends.)
func firstDiff(want, file []byte) int {
	i := 0
	for i < len(want) && i < len(file) && want[i] == file[i] {
		i++
	}
	return bytes.Count(file[:i], []byte("\n")) + 1
}

// MaxShrinkRuns bounds the runs one Shrink makes.
const MaxShrinkRuns = 400

// Shrink looks for a smaller scenario that fails the same way with the
// same seed (SIM-5): the same kind of failure and the same invariant or
// expectation. It drops lines and halves population counts while the
// failure persists, and returns the smallest scenario text found, which
// parses and, run alone, fails so: it ends with "seed" and "until" lines
// when its own would differ from the run's (a seed above 2^62, which the
// language cannot write, excepted). It also returns the number of runs it
// made. A run that passes returns an error.
func Shrink(sc *Scenario, seed uint64) ([]byte, int, error) {
	if sc == nil {
		return nil, 0, errors.New("sim: nil scenario")
	}
	res, _ := Run(sc, seed, Options{})
	if res == nil || res.Failure == nil {
		return nil, 1, errors.New("sim: nothing to shrink: the run passes")
	}
	want := failureID(res.Failure)
	lines := strings.Split(strings.TrimRight(string(sc.src), "\n"), "\n")
	runs := 1
	fails := func(cand []string) bool {
		if runs >= MaxShrinkRuns {
			return false
		}
		runs++
		c, err := Parse(sc.File, []byte(strings.Join(cand, "\n")+"\n"))
		if err != nil {
			return false
		}
		c.Until = sc.Until
		r, _ := Run(c, seed, Options{})
		return r != nil && r.Failure != nil && failureID(r.Failure) == want
	}
	for progress := true; progress; {
		progress = false
		for i := len(lines) - 1; i >= 0; i-- {
			if strings.TrimSpace(lines[i]) == "" || strings.HasPrefix(strings.TrimSpace(lines[i]), "#") {
				lines = append(lines[:i:i], lines[i+1:]...)
				continue
			}
			cand := append(append([]string{}, lines[:i]...), lines[i+1:]...)
			if fails(cand) {
				lines, progress = cand, true
			}
		}
		for i := range lines {
			for {
				cand, ok := halveCount(sc.File, lines, i)
				if !ok || !fails(cand) {
					break
				}
				lines, progress = cand, true
			}
		}
	}
	return pinRun(sc.File, []byte(strings.Join(lines, "\n")+"\n"), seed, sc.Until), runs, nil
}

// pinRun appends a "seed" and an "until" line to a shrunk scenario whose
// own differ from the run's (the caller set them, or shrinking dropped the
// lines), so that it fails when run alone as it did while shrinking.
func pinRun(file string, min []byte, seed uint64, until time.Duration) []byte {
	sc, err := Parse(file, min)
	if err != nil {
		return min
	}
	pinned := min
	if sc.Seed != seed {
		pinned = fmt.Appendf(pinned, "seed %d\n", seed)
	}
	if sc.Until != until {
		pinned = fmt.Appendf(pinned, "until %s\n", FormatDuration(until))
	}
	if _, err := Parse(file, pinned); err != nil {
		return min
	}
	return pinned
}

// failureID is what must stay the same while shrinking; an expectation is
// known by its metric, not by its line.
func failureID(f *Failure) string { return f.Kind + " " + f.Name }

// halveCount returns the lines with line i's population count halved.
func halveCount(file string, lines []string, i int) ([]string, bool) {
	st, ok := countSpan(file, lines[i])
	if !ok {
		return nil, false
	}
	n, err := strconv.Atoi(lines[i][st.CountCol-1 : st.CountCol-1+st.CountLen])
	if err != nil || n <= 1 {
		return nil, false
	}
	cand := append([]string{}, lines...)
	cand[i] = lines[i][:st.CountCol-1] + strconv.Itoa(n/2) + lines[i][st.CountCol-1+st.CountLen:]
	return cand, true
}

// countSpan parses one line alone to find its population count.
func countSpan(file, text string) (Statement, bool) {
	sc, err := Parse(file, []byte(text+"\n"))
	if err != nil || len(sc.Statements) != 1 || sc.Statements[0].CountLen == 0 {
		return Statement{}, false
	}
	return sc.Statements[0], true
}
