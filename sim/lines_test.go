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

// eventErr is one "error" record: the event, its line and its error.
type eventErr struct {
	Event string
	Line  int
	Error string
}

// SIM-6: an event that cannot be carried out when it fires is an "error"
// record naming the line of its statement; the run still passes, and the
// summary counts the errors and lists their lines. A refused action is
// counted as refused, not as an error, though its statement's error record
// names the line too.
func TestEventErrorLines(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		errs      []eventErr
		count     int
		lines     []int
		refused   int
		summaryLn string // the summary's line about them; "" for none
	}{
		{
			name:  "unknown group",
			src:   "until 1d\ngroup Sales\n\n# a comment\nat 1h sign-in all in Nope\n",
			errs:  []eventErr{{"at 1h sign-in all in Nope", 5, `sim: unknown group "Nope"`}},
			count: 1, lines: []int{5},
			summaryLn: "events that could not be carried out: 1 (line 5)",
		},
		{
			name: "a repeating statement errs each time, its line listed once",
			src:  "until 3h\nlocation hq\nevery 1h numbers nope +14085550100 count 2\nat 2h calling retry in Nope\n",
			errs: []eventErr{
				{"every 1h numbers nope +14085550100 count 2", 3, `calling: unknown location: location "nope"`},
				{"every 1h numbers nope +14085550100 count 2", 3, `calling: unknown location: location "nope"`},
				{"at 2h calling retry in Nope", 4, `sim: unknown group "Nope"`},
				{"every 1h numbers nope +14085550100 count 2", 3, `calling: unknown location: location "nope"`},
			},
			count: 4, lines: []int{3, 4},
			summaryLn: "events that could not be carried out: 4 (lines 3, 4)",
		},
		{
			name:    "a refusal is no error",
			src:     "until 1d\ngroup Sales\nat 1h group Sales\n",
			errs:    []eventErr{{"at 1h group Sales", 3, `assignment: duplicate name: group "Sales"`}},
			refused: 1,
		},
		{
			name: "no errors",
			src:  "until 1d\ngroup Sales\nat 1h users 2 in Sales\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf, log bytes.Buffer
			res, err := sim.Run(sim.MustParse("e.scn", tt.src), 1, sim.Options{Trace: &buf, Log: &log})
			if err != nil {
				t.Fatalf("Run: %v (an event error must not fail the run)", err)
			}
			var got []eventErr
			var event string
			for _, r := range records(t, buf.Bytes()) {
				switch r.Type {
				case "event":
					event = r.Event
				case "error":
					got = append(got, eventErr{event, r.Line, r.Error})
				}
			}
			if d := cmp.Diff(tt.errs, got); d != "" {
				t.Errorf("error records (-want +got):\n%s", d)
			}
			sum := res.Summary
			if d := cmp.Diff([]any{tt.count, tt.lines, tt.refused, "ok"},
				[]any{sum.Errors, sum.ErrorLines, sum.Refused, sum.Result}); d != "" {
				t.Errorf("summary errors, lines, refused, result (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.summaryLn, findLine(sum.String(), "events that could not")); d != "" {
				t.Errorf("summary text (-want +got):\n%s", d)
			}
			for _, e := range tt.errs {
				if want := "error at line " + strconv.Itoa(e.Line) + ": " + e.Error; !strings.Contains(log.String(), want) {
					t.Errorf("log lacks %q:\n%s", want, log.String())
				}
			}
			if _, err := sim.Replay(buf.Bytes()); err != nil {
				t.Errorf("Replay: %v", err)
			}
		})
	}
}

// An event no statement scheduled has no line: its error record leaves the
// line out, and the summary counts it without a line.
func TestEventErrorNoLine(t *testing.T) {
	var buf, log bytes.Buffer
	s, err := sim.New(sim.MustParse("e.scn", "until 1d\n"), 1, sim.Options{Trace: &buf, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	s.Schedule(sim.Day/2, sim.EventFunc("boom", func(*sim.Sim) error { return errors.New("boom") }))
	res, err := s.Run()
	if err != nil {
		t.Fatal(err)
	}
	var got []sim.Record
	for _, r := range records(t, buf.Bytes()) {
		if r.Type == "error" {
			got = append(got, r)
		}
	}
	want := []sim.Record{{Type: "error", Seq: 1, T: "12h", Error: "boom"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("error records (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]any{1, []int(nil)}, []any{res.Summary.Errors, res.Summary.ErrorLines}); d != "" {
		t.Errorf("summary errors, lines (-want +got):\n%s", d)
	}
	if !strings.Contains(log.String(), "  error: boom\n") {
		t.Errorf("the log says no line-less error:\n%s", log.String())
	}
}

// SIM-7: a statement timed after the run's end never fires; that is no
// error, but the summary lists its line, and a shorter until adds lines.
func TestUnfiredStatements(t *testing.T) {
	src := `until 2d
at 1h users 1
at 2d users 1
at 3d users 1
every 1d from 5d users 1
every 12h users 1
every 1d from 1d until 10d users 1
at 10d expect users = 99
`
	tests := []struct {
		until     string // "" keeps the scenario's
		want      []int
		summaryLn string
	}{
		{"", []int{4, 5, 8}, "statements after the end, never fired: 3 (lines 4, 5, 8)"},
		{"12h", []int{3, 4, 5, 7, 8}, "statements after the end, never fired: 5 (lines 3, 4, 5, 7, 8)"},
		{"1d", []int{3, 4, 5, 8}, "statements after the end, never fired: 4 (lines 3, 4, 5, 8)"},
		{"30m", []int{2, 3, 4, 5, 6, 7, 8}, "statements after the end, never fired: 7 (lines 2, 3, 4, 5, 6, 7, 8)"},
		{"10d", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.until, func(t *testing.T) {
			sc := sim.MustParse("u.scn", src)
			if tt.until != "" {
				d, err := sim.ParseDuration(tt.until)
				if err != nil {
					t.Fatal(err)
				}
				sc.Until = d
			}
			res, err := sim.Run(sc, 1, sim.Options{})
			if tt.until == "10d" {
				if !errors.Is(err, sim.ErrFailed) {
					t.Fatalf("Run to 10d: %v, want the expectation to fail", err)
				}
			} else if err != nil {
				t.Fatalf("Run: %v (a statement after the end must not fail the run)", err)
			}
			if d := cmp.Diff(tt.want, res.Summary.Unfired); d != "" {
				t.Errorf("Unfired (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.summaryLn, findLine(res.Summary.String(), "statements after the end")); d != "" {
				t.Errorf("summary text (-want +got):\n%s", d)
			}
		})
	}
}

// findLine returns the first line of text that starts with prefix, "" if
// none does.
func findLine(text, prefix string) string {
	for l := range strings.Lines(text) {
		if strings.HasPrefix(l, prefix) {
			return strings.TrimSuffix(l, "\n")
		}
	}
	return ""
}
