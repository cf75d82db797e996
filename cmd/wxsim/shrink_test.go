package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// The scenario shrink writes runs with the trace's seed and end, which
// -seed and -until may have set: run alone, it fails the same way. It was
// written without them: the expectation at 380d of a run to 400d never
// fired in the default 365d, and the shrunk scenario passed.
func TestCLIShrinkKeepsSeedAndUntil(t *testing.T) {
	dir := t.TempDir()
	scn := write(t, dir, "late.scn", []byte("seed 3\nat 1h users 2\nat 380d expect users = 5\n"))
	trace := filepath.Join(dir, "late.jsonl")
	if code, out, errs := wxsim(t, "run", scn, "-until", "400d", "-seed", "7", "-trace", trace); code != exitFailed {
		t.Fatalf("run: exit %d\n%s%s", code, out, errs)
	}
	min := filepath.Join(dir, "min.scn")
	if code, _, errs := wxsim(t, "shrink", trace, "-o", min); code != exitOK {
		t.Fatalf("shrink: exit %d: %s", code, errs)
	}
	cliCase{name: "the shrunk scenario", args: []string{"run", min}, code: exitFailed,
		out: []string{"seed 7: FAILED expectation expect users = 5 at 380d", "want = 5, got 0"}}.check(t)
}

// A seed above what a scenario can write leaves the shrunk scenario as
// shrink found it: it still parses.
func TestCLIShrinkHugeSeed(t *testing.T) {
	dir := t.TempDir()
	trace := filepath.Join(dir, "t.jsonl")
	if code, _, errs := wxsim(t, "run", "testdata/fails.scn", "-seed", "18446744073709551615", "-trace", trace); code != exitFailed {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	min := filepath.Join(dir, "min.scn")
	if code, _, errs := wxsim(t, "shrink", trace, "-o", min); code != exitOK || !strings.Contains(errs, "(seed 18446744073709551615)") {
		t.Fatalf("shrink: exit %d: %s", code, errs)
	}
	cliCase{name: "check the shrunk scenario", args: []string{"check", min}, code: exitOK, out: []string{"ok"}}.check(t)
}
