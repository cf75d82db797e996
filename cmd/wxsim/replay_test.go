package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// A replay's divergence names the line of the file that differs, with and
// without the file's final newline. A trace that lacked only its final
// newline diverged "at line" one past its last line.
func TestCLIReplayLineNumbers(t *testing.T) {
	dir, _, b := failingTrace(t)
	lines := strings.SplitAfter(string(b), "\n")
	lines = lines[:len(lines)-1] // the "" after the final newline
	n := len(lines)
	if n < 21 {
		t.Fatalf("the trace has %d lines, want more than 20", n)
	}
	noNL := func(ls []string) []byte { return []byte(strings.TrimSuffix(strings.Join(ls, ""), "\n")) }
	edit := func(i int) []string { // 1-based; the edit keeps the line's newline
		ls := append([]string{}, lines...)
		ls[i-1] = `{"type":"edited"}` + "\n"
		return ls
	}
	tests := []struct {
		name  string
		trace []byte
		line  int // 0: replays identically
	}{
		{"with the final newline", b, 0},
		{"without the final newline", noNL(lines), n},
		{"line 5 edited, with the final newline", []byte(strings.Join(edit(5), "")), 5},
		{"line 5 edited, without the final newline", noNL(edit(5)), 5},
		{"the last line edited, with the final newline", []byte(strings.Join(edit(n), "")), n},
		{"the last line edited, without the final newline", noNL(edit(n)), n},
		{"cut after 20 lines, with the newline", []byte(strings.Join(lines[:20], "")), 21},
		{"cut after 20 lines, without the newline", noNL(lines[:20]), 20},
		{"cut in line 20", []byte(strings.Join(lines[:19], "") + lines[19][:5]), 20},
		{"an empty line after the last", append(bytes.Clone(b), '\n'), n + 1},
		{"text after the last newline", append(bytes.Clone(b), 'x'), n + 1},
		{"CRLF line ends", bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")), 1},
	}
	for i, tt := range tests {
		file := write(t, dir, fmt.Sprintf("t%d.jsonl", i), tt.trace)
		c := cliCase{name: tt.name, args: []string{"replay", file}, code: exitFailed,
			out: []string{"replayed " + file + " identically"}, emptyErrs: true}
		if tt.line > 0 {
			c.out, c.emptyErrs, c.notOut = nil, false, "identically"
			c.errs = []string{fmt.Sprintf("wxsim: %s: sim: replay diverged from the trace at line %d\n", file, tt.line)}
		}
		c.check(t)
	}
}
