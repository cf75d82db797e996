package main

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// closeFailing is a -trace or -log file whose Close closes it and then
// fails with err (none: it does not fail), as a full disk or a network
// file system may fail only at Close. It counts the closes of each path.
type closeFailing struct {
	*os.File
	path   string
	err    error
	closes map[string]int
}

func (f closeFailing) Close() error {
	f.closes[f.path]++
	if err := f.File.Close(); err != nil {
		return err
	}
	return f.err
}

// fakeCloses makes the files run creates fail at Close as failing says,
// until the test ends; it returns the closes of each path.
func fakeCloses(t *testing.T, failing map[string]error) map[string]int {
	t.Helper()
	orig := createOutput
	t.Cleanup(func() { createOutput = orig })
	closes := map[string]int{}
	createOutput = func(path string) (io.WriteCloser, error) {
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		return closeFailing{f, path, failing[path], closes}, nil
	}
	return closes
}

// run: a -trace or -log file that cannot be closed may have lost its
// tail: the run is an I/O error (exit 2, as for a write to a full disk,
// over a failed expectation's 1) naming the flag and the file; every file
// is closed once. The errors of Close were ignored, and the run exited 0.
func TestCLIRunCloseErrors(t *testing.T) {
	dir := t.TempDir()
	trace, logf := filepath.Join(dir, "t.jsonl"), filepath.Join(dir, "t.log")
	missing := filepath.Join(dir, "no", "t.log")
	full := syscall.ENOSPC
	tests := []struct {
		name    string
		failing map[string]error
		c       cliCase
		closes  map[string]int
	}{
		{"no close fails", nil,
			cliCase{args: []string{"run", "testdata/ok.scn", "-trace", trace, "-log", logf}, code: exitOK,
				out: []string{"seed 1: ok"}, emptyErrs: true},
			map[string]int{trace: 1, logf: 1}},
		{"the trace's close fails", map[string]error{trace: full},
			cliCase{args: []string{"run", "testdata/ok.scn", "-trace", trace}, code: exitUsage,
				out: []string{"seed 1: ok"}, errs: []string{"wxsim: -trace " + trace + ": no space left on device\n"}},
			map[string]int{trace: 1}},
		{"the log's close fails after a failed expectation", map[string]error{logf: full},
			cliCase{args: []string{"run", "testdata/fails.scn", "-log", logf}, code: exitUsage,
				out: []string{"FAILED expectation"}, errs: []string{"wxsim: -log " + logf + ": no space left on device\n"}},
			map[string]int{logf: 1}},
		{"the log's close fails, the trace's does not", map[string]error{logf: full},
			cliCase{args: []string{"run", "testdata/ok.scn", "-trace", trace, "-log", logf}, code: exitUsage,
				errs: []string{"wxsim: -log " + logf + ": no space left on device\n"}},
			map[string]int{trace: 1, logf: 1}},
		{"both closes fail", map[string]error{trace: full, logf: syscall.EIO},
			cliCase{args: []string{"run", "testdata/ok.scn", "-trace", trace, "-log", logf}, code: exitUsage,
				errs: []string{"wxsim: -trace " + trace + ": no space left on device\n", "-log " + logf + ": input/output error\n"}},
			map[string]int{trace: 1, logf: 1}},
		{"the log cannot be created", map[string]error{trace: full},
			cliCase{args: []string{"run", "testdata/ok.scn", "-trace", trace, "-log", missing}, code: exitUsage,
				errs: []string{missing}, emptyStdout: true},
			map[string]int{trace: 1}},
	}
	for _, tt := range tests {
		closes := fakeCloses(t, tt.failing)
		tt.c.name = tt.name
		tt.c.check(t)
		if diff := cmp.Diff(tt.closes, closes); diff != "" {
			t.Errorf("%s: closes (-want +got):\n%s", tt.name, diff)
		}
	}
}
