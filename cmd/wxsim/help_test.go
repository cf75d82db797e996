package main

import (
	"strings"
	"testing"
)

// Asking for help is no error: "wxsim CMD -h" (or -help, before or after
// the file) prints CMD's usage on stdout and exits 0, as "wxsim -h" does;
// the usage line is the one "wxsim -h" shows. Each run -h exited 2 with
// the usage on stderr.
func TestCLISubcommandHelp(t *testing.T) {
	_, top, _ := wxsim(t, "-h")
	flags := map[string][]string{
		"run":    {"-seed", "-until", "-trace", "-log"},
		"check":  nil,
		"replay": nil,
		"shrink": {"-o"},
		"sweep":  {"-seeds", "-shard", "-j"},
	}
	for cmd, want := range flags {
		for _, args := range [][]string{{cmd, "-h"}, {cmd, "-help"}, {cmd, "--help"}, {cmd, "testdata/ok.scn", "-h"}} {
			code, out, errs := wxsim(t, args...)
			usage, _, _ := strings.Cut(out, "\n")
			line, ok := strings.CutPrefix(usage, "usage: ")
			bad := code != exitOK || errs != "" || !ok || !strings.HasPrefix(line, "wxsim "+cmd+" ") ||
				!strings.Contains(top, "  "+line+"\n")
			for _, f := range want {
				bad = bad || !strings.Contains(out, "  "+f+" ")
			}
			if bad {
				t.Errorf("wxsim %q: exit %d, want %d with the usage on stdout, its first line as in wxsim -h\nstdout:\n%s\nstderr:\n%s",
					args, code, exitOK, out, errs)
			}
		}
	}
}

// A flag error still prints the error and the command's usage on stderr,
// and exits 2.
func TestCLIFlagErrorUsage(t *testing.T) {
	for _, cmd := range []string{"run", "check", "replay", "shrink", "sweep"} {
		cliCase{name: cmd + " -bogus", args: []string{cmd, "testdata/ok.scn", "-bogus"}, code: exitUsage,
			errs: []string{"flag provided but not defined: -bogus", "usage: wxsim " + cmd + " "}, emptyStdout: true}.check(t)
	}
}
