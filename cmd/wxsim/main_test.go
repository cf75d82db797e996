package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func wxsim(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// The CLI end to end: each command's output and documented exit code.
func TestCLI(t *testing.T) {
	dir := t.TempDir()
	trace := filepath.Join(dir, "t.jsonl")
	tests := []struct {
		args []string
		code int
		out  string // a substring of stdout, or of stderr for exit code 2
	}{
		{nil, 0, "default: calling roll-out, seed 1: ok"},
		{[]string{"check", "testdata/ok.scn"}, 0, "testdata/ok.scn: ok, 5 statements"},
		{[]string{"check", "testdata/bad.scn"}, 2, "testdata/bad.scn:2:13: expected a number of users"},
		{[]string{"check"}, 2, "want one file"},
		{[]string{"frob"}, 2, `unknown command "frob"`},
		{[]string{"run", "testdata/ok.scn", "-seed", "5"}, 0, "seed 5: ok"},
		{[]string{"run", "-seed", "0", "testdata/ok.scn"}, 0, "seed 0: ok"},
		{[]string{"run", "testdata/ok.scn", "-until", "nope"}, 2, "bad duration"},
		{[]string{"run", "testdata/fails.scn", "-trace", trace}, 1, "want = 40, got 45"},
		{[]string{"replay", trace}, 1, "replayed " + trace + " identically"},
		{[]string{"sweep", "testdata/ok.scn", "-seeds", "1..6", "-shard", "1/3"}, 0, "2 runs, 0 failed"},
		{[]string{"sweep", "testdata/fails.scn", "-seeds", "1..4", "-j", "2"}, 1, "4 runs, 4 failed"},
		{[]string{"sweep", "testdata/ok.scn", "-seeds", "1..6", "-shard", "3/3"}, 2, "bad -shard"},
	}
	for _, tt := range tests {
		code, out, errs := wxsim(t, tt.args...)
		where := out
		if tt.code == 2 {
			where = errs
		}
		if code != tt.code || !strings.Contains(where, tt.out) {
			t.Errorf("wxsim %v: exit %d, want %d with %q\nstdout:\n%s\nstderr:\n%s", tt.args, code, tt.code, tt.out, out, errs)
		}
	}
}

// shrink writes a smaller scenario that fails the same way.
func TestCLIShrink(t *testing.T) {
	dir := t.TempDir()
	trace, min := filepath.Join(dir, "t.jsonl"), filepath.Join(dir, "min.scn")
	if code, _, _ := wxsim(t, "run", "testdata/fails.scn", "-trace", trace); code != 1 {
		t.Fatalf("run: exit %d", code)
	}
	if code, _, errs := wxsim(t, "shrink", trace, "-o", min); code != 0 {
		t.Fatalf("shrink: exit %d: %s", code, errs)
	}
	got, _ := os.ReadFile(min)
	orig, _ := os.ReadFile("testdata/fails.scn")
	if bytes.Count(got, []byte("\n")) >= bytes.Count(orig, []byte("\n")) || !bytes.Contains(got, []byte("expect")) {
		t.Errorf("shrunk:\n%s", got)
	}
	if code, _, _ := wxsim(t, "run", min); code != 1 {
		t.Errorf("shrunk scenario: exit %d, want 1", code)
	}
}

// Sweep results do not depend on how many runs share the cores.
func TestSweepDeterministic(t *testing.T) {
	sc, _ := load("testdata/fails.scn", &bytes.Buffer{})
	seeds := []uint64{1, 2, 3, 4, 5, 6}
	one, two := sweep(sc, seeds, 1), sweep(sc, seeds, 2)
	for i := range seeds {
		if one[i].Summary.String() != two[i].Summary.String() {
			t.Errorf("seed %d differs between -j 1 and -j 2", seeds[i])
		}
	}
}
