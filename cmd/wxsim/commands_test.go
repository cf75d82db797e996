package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wxlicense/wxlicense/sim"
)

// failingTrace runs testdata/fails.scn with a trace in a fresh directory
// and returns the directory, the trace's path and its bytes.
func failingTrace(t *testing.T) (string, string, []byte) {
	t.Helper()
	dir := t.TempDir()
	trace := filepath.Join(dir, "fails.jsonl")
	if code, _, errs := wxsim(t, "run", "testdata/fails.scn", "-trace", trace); code != exitFailed {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	return dir, trace, b
}

func write(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// cliCase is one command line, its exit code and substrings of its stdout
// and stderr.
type cliCase struct {
	name        string
	args        []string
	code        int
	out, errs   []string // substrings that must appear
	notOut      string   // a substring that must not appear on stdout
	emptyErrs   bool     // stderr must be empty
	emptyStdout bool     // stdout must be empty
}

func (c cliCase) check(t *testing.T) {
	t.Helper()
	code, out, errs := wxsim(t, c.args...)
	bad := code != c.code
	for _, s := range c.out {
		bad = bad || !strings.Contains(out, s)
	}
	for _, s := range c.errs {
		bad = bad || !strings.Contains(errs, s)
	}
	bad = bad || c.notOut != "" && strings.Contains(out, c.notOut)
	bad = bad || c.emptyErrs && errs != "" || c.emptyStdout && out != ""
	if bad {
		t.Errorf("%s: wxsim %q: exit %d, want %d; stdout wants %q, stderr wants %q\nstdout:\n%s\nstderr:\n%s",
			c.name, c.args, code, c.code, c.out, c.errs, out, errs)
	}
}

// replay: a trace replays identically, or the command says which file is
// wrong and how, with exit 1 for a divergence and 2 for a file that is no
// trace of this simulator.
func TestCLIReplay(t *testing.T) {
	dir, trace, b := failingTrace(t)
	lines := strings.SplitAfter(string(b), "\n")
	okTrace := filepath.Join(dir, "ok.jsonl")
	if code, _, _ := wxsim(t, "run", "testdata/ok.scn", "-trace", okTrace); code != exitOK {
		t.Fatalf("run ok.scn: exit %d", code)
	}
	okLines := strings.SplitAfter(string(must(os.ReadFile(okTrace))), "\n")

	// Line 5 is the edit of the group; the edit names another group.
	edited := append([]string{}, lines...)
	if !strings.Contains(edited[4], `"name":"Sales"`) {
		t.Fatalf("line 5 of the trace is %q, want the edit of group Sales", edited[4])
	}
	edited[4] = strings.Replace(edited[4], `"name":"Sales"`, `"name":"Sa1es"`, 1)
	badScenario := strings.Replace(lines[0], `users 40`, `users forty`, 1)
	tests := []cliCase{
		{name: "identical failing run", args: []string{"replay", trace}, code: exitFailed,
			out: []string{"replayed " + trace + " identically", "FAILED expectation", "want = 40, got 45"}, emptyErrs: true},
		{name: "identical passing run", args: []string{"replay", okTrace}, code: exitOK,
			out: []string{"replayed " + okTrace + " identically", "seed 1: ok"}, emptyErrs: true},
		{name: "an edited record", args: []string{"replay", write(t, dir, "edited.jsonl", []byte(strings.Join(edited, "")))},
			code: exitFailed, errs: []string{"edited.jsonl", "diverged", "at line 5"}, notOut: "identically"},
		{name: "truncated after 20 lines", args: []string{"replay", write(t, dir, "cut.jsonl", []byte(strings.Join(lines[:20], "")))},
			code: exitFailed, errs: []string{"cut.jsonl", "diverged", "at line 21"}, notOut: "identically"},
		{name: "the last line without its newline", args: []string{"replay", write(t, dir, "nonl.jsonl", bytes.TrimSuffix(b, []byte("\n")))},
			code: exitFailed, errs: []string{"nonl.jsonl", "diverged"}, notOut: "identically"},
		{name: "another scenario's records", args: []string{"replay", write(t, dir, "mixed.jsonl", []byte(okLines[0]+strings.Join(lines[1:], "")))},
			code: exitFailed, errs: []string{"mixed.jsonl", "diverged"}, notOut: "identically"},
		{name: "truncated in the header", args: []string{"replay", write(t, dir, "half.jsonl", b[:40])},
			code: exitUsage, errs: []string{"half.jsonl", "not a trace"}, emptyStdout: true},
		{name: "empty", args: []string{"replay", write(t, dir, "empty.jsonl", nil)},
			code: exitUsage, errs: []string{"empty.jsonl", "not a trace"}, emptyStdout: true},
		{name: "a scenario, not a trace", args: []string{"replay", "testdata/ok.scn"},
			code: exitUsage, errs: []string{"testdata/ok.scn", "not a trace"}, emptyStdout: true},
		{name: "another schema", args: []string{"replay", write(t, dir, "schema.jsonl", bytes.Replace(b, []byte(sim.TraceSchema), []byte("wxsim-trace/99"), 1))},
			code: exitUsage, errs: []string{"schema.jsonl", `"wxsim-trace/99"`}, emptyStdout: true},
		{name: "a header whose scenario does not parse", args: []string{"replay", write(t, dir, "badscn.jsonl", []byte(badScenario+strings.Join(lines[1:], "")))},
			code: exitUsage, errs: []string{"badscn.jsonl", "testdata/fails.scn:5:"}, emptyStdout: true},
		{name: "missing file", args: []string{"replay", filepath.Join(dir, "nope.jsonl")},
			code: exitUsage, errs: []string{"nope.jsonl", "no such file"}, emptyStdout: true},
		{name: "a directory", args: []string{"replay", dir},
			code: exitUsage, errs: []string{dir, "is a directory"}, emptyStdout: true},
		{name: "no file", args: []string{"replay"}, code: exitUsage, errs: []string{"wxsim replay: want one file, got 0"}},
		{name: "two files", args: []string{"replay", trace, okTrace}, code: exitUsage, errs: []string{"want one file, got 2"}},
		{name: "an unknown flag", args: []string{"replay", trace, "-seed", "3"}, code: exitUsage,
			errs: []string{"flag provided but not defined: -seed"}, emptyStdout: true},
	}
	for _, tt := range tests {
		tt.check(t)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// shrink writes a smaller scenario that fails the same way when run, on
// stdout or to -o; a trace that passes or is no trace is a usage error
// naming the file.
func TestCLIShrinkCommand(t *testing.T) {
	dir, trace, _ := failingTrace(t)
	okTrace := filepath.Join(dir, "ok.jsonl")
	if code, _, _ := wxsim(t, "run", "testdata/ok.scn", "-trace", okTrace); code != exitOK {
		t.Fatalf("run ok.scn: exit %d", code)
	}
	code, min, errs := wxsim(t, "shrink", trace)
	if code != exitOK || !strings.Contains(errs, "wxsim: shrunk 8 to ") || !strings.Contains(errs, "(seed 1)") {
		t.Fatalf("shrink to stdout: exit %d\nstdout:\n%s\nstderr:\n%s", code, min, errs)
	}
	if n := strings.Count(min, "\n"); n == 0 || n >= 8 || !strings.Contains(min, `expect users holding "Advanced Messaging" = 40`) {
		t.Errorf("shrunk scenario:\n%s", min)
	}
	minFile := write(t, dir, "min.scn", []byte(min))
	cliCase{name: "the shrunk scenario", args: []string{"run", minFile}, code: exitFailed,
		out: []string{`FAILED expectation expect users holding "Advanced Messaging" = 40`}}.check(t)

	tests := []cliCase{
		{name: "a passing run", args: []string{"shrink", okTrace}, code: exitUsage,
			errs: []string{"ok.jsonl", "nothing to shrink"}, emptyStdout: true},
		{name: "a scenario, not a trace", args: []string{"shrink", "testdata/fails.scn"}, code: exitUsage,
			errs: []string{"testdata/fails.scn", "not a trace"}, emptyStdout: true},
		{name: "missing file", args: []string{"shrink", filepath.Join(dir, "nope.jsonl")}, code: exitUsage,
			errs: []string{"nope.jsonl", "no such file"}, emptyStdout: true},
		{name: "unwritable -o", args: []string{"shrink", trace, "-o", filepath.Join(dir, "no", "min.scn")}, code: exitUsage,
			errs: []string{filepath.Join(dir, "no", "min.scn")}, emptyStdout: true},
		{name: "-o without a value", args: []string{"shrink", trace, "-o"}, code: exitUsage,
			errs: []string{"flag needs an argument: -o"}, emptyStdout: true},
		{name: "no file", args: []string{"shrink", "-o", filepath.Join(dir, "x.scn")}, code: exitUsage,
			errs: []string{"wxsim shrink: want one file, got 0"}},
	}
	for _, tt := range tests {
		tt.check(t)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.scn")); err == nil {
		t.Error("shrink without a trace wrote its -o file")
	}
}

// run: each way a run cannot start or cannot write its output is exit 2
// with a message naming the file or flag.
func TestCLIRunErrors(t *testing.T) {
	dir := t.TempDir()
	huge := write(t, dir, "huge.scn", []byte("until 365d\nevery 1s users 1\n"))
	tests := []cliCase{
		{name: "missing scenario", args: []string{"run", filepath.Join(dir, "nope.scn")}, code: exitUsage,
			errs: []string{"nope.scn", "no such file"}, emptyStdout: true},
		{name: "a directory", args: []string{"run", dir}, code: exitUsage,
			errs: []string{dir, "is a directory"}, emptyStdout: true},
		{name: "a parse error", args: []string{"run", "testdata/bad.scn"}, code: exitUsage,
			errs: []string{"testdata/bad.scn:2:13:"}, emptyStdout: true},
		{name: "a scenario New refuses", args: []string{"run", huge}, code: exitUsage,
			errs: []string{"huge.scn:2: more than"}, emptyStdout: true},
		{name: "a trace into a missing directory", args: []string{"run", "testdata/ok.scn", "-trace", filepath.Join(dir, "no", "t.jsonl")},
			code: exitUsage, errs: []string{filepath.Join(dir, "no", "t.jsonl")}, emptyStdout: true},
		{name: "a log into a missing directory", args: []string{"run", "testdata/ok.scn", "-log", filepath.Join(dir, "no", "t.log")},
			code: exitUsage, errs: []string{filepath.Join(dir, "no", "t.log")}, emptyStdout: true},
		{name: "an unknown flag", args: []string{"run", "testdata/ok.scn", "-sead", "3"}, code: exitUsage,
			errs: []string{"flag provided but not defined: -sead"}, emptyStdout: true},
		{name: "a negative seed", args: []string{"run", "testdata/ok.scn", "-seed", "-1"}, code: exitUsage,
			errs: []string{`invalid value "-1" for flag -seed`}, emptyStdout: true},
		{name: "-until without a value", args: []string{"run", "testdata/ok.scn", "-until"}, code: exitUsage,
			errs: []string{"flag needs an argument: -until"}, emptyStdout: true},
		{name: "two files", args: []string{"run", "testdata/ok.scn", "testdata/fails.scn"}, code: exitUsage,
			errs: []string{"wxsim run: want one file, got 2"}, emptyStdout: true},
		{name: "the log on stdout", args: []string{"run", "testdata/ok.scn", "-log", "-"}, code: exitOK,
			out: []string{"subscription sub-1", "seed 1: ok"}, emptyErrs: true},
		{name: "-until shortens the run", args: []string{"run", "testdata/fails.scn", "-until", "1d"}, code: exitOK,
			out: []string{"seed 1: ok", "virtual time 1d"}},
	}
	if _, err := os.Stat("/dev/full"); err == nil {
		tests = append(tests,
			cliCase{name: "a trace to a full disk", args: []string{"run", "testdata/ok.scn", "-trace", "/dev/full"}, code: exitUsage,
				errs: []string{"/dev/full", "no space left"}},
			cliCase{name: "a log to a full disk", args: []string{"run", "testdata/fails.scn", "-log", "/dev/full"}, code: exitUsage,
				errs: []string{"/dev/full", "no space left"}})
	}
	for _, tt := range tests {
		tt.check(t)
	}
}

// check: a missing file, a directory and a parse error are exit 2 naming
// the file.
func TestCLICheckErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []cliCase{
		{name: "missing", args: []string{"check", filepath.Join(dir, "nope.scn")}, code: exitUsage,
			errs: []string{"nope.scn", "no such file"}, emptyStdout: true},
		{name: "a directory", args: []string{"check", dir}, code: exitUsage,
			errs: []string{dir, "is a directory"}, emptyStdout: true},
		{name: "a trace, not a scenario", args: []string{"check", write(t, dir, "t.jsonl", []byte(`{"type":"header"}`+"\n"))},
			code: exitUsage, errs: []string{"t.jsonl:1:"}, emptyStdout: true},
		{name: "help", args: []string{"help"}, code: exitOK, out: []string{"usage:", "exit codes:"}, emptyErrs: true},
	}
	for _, tt := range tests {
		tt.check(t)
	}
}

// progress: nothing for a run under two seconds; after that one line,
// rewritten in place at most every 200ms, ended by done.
func TestProgress(t *testing.T) {
	var quiet bytes.Buffer
	p := progress{w: &quiet, start: time.Now(), until: 3 * sim.Day}
	p.report(time.Hour, 1)
	p.done()
	if quiet.Len() != 0 {
		t.Errorf("a short run printed progress %q", quiet.String())
	}

	var b bytes.Buffer
	p = progress{w: &b, start: time.Now().Add(-3 * time.Second), until: 3 * sim.Day}
	p.report(36*time.Hour, 42)
	p.report(37*time.Hour, 43) // within 200ms of the last line: not shown
	if got, want := b.String(), "\rvirtual 1d12h of 3d, 42 events, 3s"; got != want {
		t.Errorf("progress = %q, want %q", got, want)
	}
	p.last = time.Now().Add(-time.Second)
	p.report(2*sim.Day, 50)
	if got := b.String(); !strings.HasSuffix(got, "\rvirtual 2d of 3d, 50 events, 3s") {
		t.Errorf("progress after 200ms = %q", got)
	}
	p.done()
	if got := b.String(); !strings.HasSuffix(got, "events, 3s\n") || strings.Count(got, "\n") != 1 {
		t.Errorf("done: progress = %q, want one newline at the end", got)
	}
}

// sweep: runs that pass with events that could not be carried out are
// counted, so that a sweep does not hide them (SIM-6).
func TestCLISweepEventErrors(t *testing.T) {
	dir := t.TempDir()
	erring := write(t, dir, "erring.scn", []byte("until 1d\ngroup Sales\nat 1h sign-in all in Nope\n"))
	tests := []cliCase{
		{name: "every run errs", args: []string{"sweep", erring, "-seeds", "1..3"}, code: exitOK,
			out: []string{"3 runs, 0 failed\n3 runs had events that could not be carried out (wxsim run FILE -seed N shows them)\n"}, emptyErrs: true},
		{name: "no run errs", args: []string{"sweep", "testdata/ok.scn", "-seeds", "1..2"}, code: exitOK,
			out: []string{"2 runs, 0 failed\n"}, notOut: "could not", emptyErrs: true},
	}
	for _, tt := range tests {
		tt.check(t)
	}
}

// sweep: a scenario that cannot start is exit 2, as with run, not a sweep
// of failed runs (exit 1); bad files and flags are exit 2 too.
func TestCLISweepErrors(t *testing.T) {
	dir := t.TempDir()
	huge := write(t, dir, "huge.scn", []byte("until 365d\nevery 1s users 1\n"))
	tests := []cliCase{
		{name: "a scenario New refuses", args: []string{"sweep", huge, "-seeds", "1..3"}, code: exitUsage,
			errs: []string{"wxsim sweep: seed 1: sim: " + huge + ":2: more than"}},
		{name: "missing scenario", args: []string{"sweep", filepath.Join(dir, "nope.scn")}, code: exitUsage,
			errs: []string{"nope.scn", "no such file"}, emptyStdout: true},
		{name: "bad -seeds", args: []string{"sweep", "testdata/ok.scn", "-seeds", "5..1"}, code: exitUsage,
			errs: []string{`bad -seeds "5..1"`}, emptyStdout: true},
		{name: "an unknown flag", args: []string{"sweep", "testdata/ok.scn", "-n", "3"}, code: exitUsage,
			errs: []string{"flag provided but not defined: -n"}, emptyStdout: true},
	}
	for _, tt := range tests {
		tt.check(t)
	}
}

// A -trace or -log naming the scenario itself is refused before anything
// is written; the run overwrote the scenario with its trace.
func TestCLIRunKeepsScenario(t *testing.T) {
	dir := t.TempDir()
	src := must(os.ReadFile("testdata/ok.scn"))
	scn := write(t, dir, "ok.scn", src)
	for _, flag := range []string{"-trace", "-log"} {
		cliCase{name: flag + " onto the scenario", args: []string{"run", scn, flag, filepath.Join(dir, ".", "ok.scn")}, code: exitUsage,
			errs: []string{"ok.scn is the scenario"}, emptyStdout: true}.check(t)
		if got := must(os.ReadFile(scn)); !bytes.Equal(got, src) {
			t.Fatalf("%s: the scenario now reads:\n%.200s", flag, got)
		}
	}
}
