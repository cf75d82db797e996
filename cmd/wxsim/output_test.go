package main

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// failingWriter takes the first ok bytes and then fails with err, as a
// pipe whose reader left or a full disk does; a short write fails with no
// error.
type failingWriter struct {
	ok     int
	err    error
	writes int
}

func (w *failingWriter) Write(p []byte) (int, error) {
	w.writes++
	if len(p) <= w.ok {
		w.ok -= len(p)
		return len(p), nil
	}
	n := w.ok
	w.ok = 0
	return n, w.err
}

// An error writing to stdout is an I/O error: exit 2 with the error on
// stderr, whatever the command found (a passing run, a failed one, a
// replay, a shrunk scenario, help), and nothing more is written after it.
// The errors were ignored, and the command exited as if its output had
// been read.
func TestCLIStdoutErrors(t *testing.T) {
	dir := t.TempDir()
	trace := filepath.Join(dir, "fails.jsonl")
	if code, _, errs := wxsim(t, "run", "testdata/fails.scn", "-trace", trace); code != exitFailed {
		t.Fatalf("run fails.scn: exit %d\n%s", code, errs)
	}
	for _, args := range [][]string{
		{"run", "testdata/ok.scn"},
		{"run", "testdata/fails.scn"},
		{"check", "testdata/ok.scn"},
		{"replay", trace},
		{"shrink", trace},
		{"sweep", "testdata/ok.scn", "-seeds", "1..3"},
		{"-h"},
		{},
	} {
		for _, tt := range []struct {
			name string
			ok   int
			err  error
			want string
		}{
			{"pipe closed at once", 0, syscall.EPIPE, "broken pipe"},
			{"disk full after 10 bytes", 10, syscall.ENOSPC, "no space"},
			{"short write", 10, nil, "short write"},
		} {
			w := &failingWriter{ok: tt.ok, err: tt.err}
			var errb strings.Builder
			code := run(args, w, &errb)
			if code != exitUsage || !strings.Contains(errb.String(), "wxsim: writing output: "+tt.want) {
				t.Errorf("wxsim %q, %s: exit %d, want %d; stderr:\n%s", args, tt.name, code, exitUsage, errb.String())
			}
			if w.writes > 1 && tt.ok == 0 {
				t.Errorf("wxsim %q, %s: %d writes after the first failed", args, tt.name, w.writes-1)
			}
		}
	}
}

// checkedWriter keeps the first error and refuses every later write.
func TestCheckedWriter(t *testing.T) {
	w := &failingWriter{ok: 3, err: syscall.EPIPE}
	c := &checkedWriter{w: w}
	if n, err := c.Write([]byte("abc")); n != 3 || err != nil {
		t.Fatalf("first write: %d, %v", n, err)
	}
	if n, err := c.Write([]byte("def")); n != 0 || !errors.Is(err, syscall.EPIPE) {
		t.Fatalf("failing write: %d, %v", n, err)
	}
	w.ok = 100
	if n, err := c.Write([]byte("ghi")); n != 0 || !errors.Is(err, syscall.EPIPE) || w.writes != 2 {
		t.Fatalf("write after the error: %d, %v, %d writes", n, err, w.writes)
	}
}
