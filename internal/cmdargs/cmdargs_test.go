package cmdargs

import (
	"slices"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

// args builds the arguments of a command line as datadriven reads them:
// "key", "key=v" or "key=(a,b)".
func args(words ...string) Args {
	var list []datadriven.CmdArg
	for _, w := range words {
		k, v, ok := strings.Cut(w, "=")
		switch {
		case !ok:
			list = append(list, datadriven.CmdArg{Key: k})
		case strings.HasPrefix(v, "("):
			list = append(list, datadriven.CmdArg{Key: k, Vals: strings.Split(strings.Trim(v, "()"), ",")})
		default:
			list = append(list, datadriven.CmdArg{Key: k, Vals: []string{v}})
		}
	}
	return New(list)
}

// Getters take typed values, the last argument with a key first, and
// positional words in order; Done then has nothing to say.
func TestGetters(t *testing.T) {
	a := args("save", "org", "scope=existing", "preserve", "ack=off", "groups=(a,b)", "none=()", "n=1", "n=2", "tail", "end")
	if got := a.Pos("action"); got != "save" {
		t.Errorf("Pos = %q", got)
	}
	if !a.Has("scope") || a.Has("absent") {
		t.Errorf("Has(scope) = %v, Has(absent) = %v", a.Has("scope"), a.Has("absent"))
	}
	if got := a.String("scope", "future"); got != "existing" || a.Has("scope") {
		t.Errorf("String(scope) = %q, or it was not taken", got)
	}
	if got := a.String("absent", "def"); got != "def" {
		t.Errorf("String(absent) = %q", got)
	}
	if !a.Flag("preserve") || a.Flag("preserve") {
		t.Error("Flag(preserve) takes the bare word once")
	}
	if a.Bool("ack", true) || !a.Bool("absent", true) {
		t.Error("Bool(ack=off) or Bool(absent, true)")
	}
	if got, ok := a.StringList("groups"); !ok || !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("StringList(groups) = %q, %v", got, ok)
	}
	if got, ok := a.StringList("none"); !ok || got == nil || len(got) != 0 {
		t.Errorf("StringList(none=()) = %#v, %v; want the empty list", got, ok)
	}
	if got, ok := a.StringList("absent"); ok || got != nil {
		t.Errorf("StringList(absent) = %q, %v", got, ok)
	}
	if a.String("n", "") != "2" || a.String("n", "") != "1" || a.String("n", "x") != "x" {
		t.Error("String(n) takes the last n first, then the one before, then none")
	}
	if got := a.Pos("name"); got != "org" {
		t.Errorf("Pos = %q", got)
	}
	if got := a.Rest(); !slices.Equal(got, []string{"tail", "end"}) {
		t.Errorf("Rest() = %q", got)
	}
	if err := a.Done(); err != nil {
		t.Errorf("Done() = %v", err)
	}
}

// Bool reads the words on/off, true/false, yes/no in any case.
func TestBoolWords(t *testing.T) {
	for word, want := range map[string]bool{"on": true, "TRUE": true, "Yes": true, "off": false, "False": false, "NO": false} {
		a := args("x=" + word)
		if got := a.Bool("x", !want); got != want || a.Done() != nil {
			t.Errorf("Bool(x=%s) = %v, %v", word, got, a.Done())
		}
	}
}

// A bad argument is an error that Done returns, the first of several; a
// getter that fails returns its default.
func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		do   func(a *Args)
		line []string
		want string
	}{
		{"missing positional", func(a *Args) { a.Pos("a user") }, nil, "missing a user"},
		{"bool word", func(a *Args) { a.Bool("x", false) }, []string{"x=maybe"}, "x=maybe: want on/off or true/false"},
		{"bool list", func(a *Args) { a.Bool("x", false) }, []string{"x=(on,off)"}, "x: want one value, got 2"},
		{"string list", func(a *Args) { a.String("x", "") }, []string{"x=(a,b)"}, "x: want one value"},
		{"list of nothing", func(a *Args) { a.StringList("x") }, []string{"x"}, "x: want a value or a list"},
		{"the first error", func(a *Args) { a.Pos("first"); a.Pos("second") }, nil, "missing first"},
		{"an argument no getter took", func(a *Args) {}, []string{"typo=1"}, "unexpected argument typo=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := args(tt.line...)
			tt.do(&a)
			if err := a.Done(); err == nil || err.Error() != tt.want {
				t.Errorf("Done() = %v, want %q", err, tt.want)
			}
		})
	}
	a := args("x=maybe")
	if a.Bool("x", true) != true {
		t.Error("a failed Bool does not return its default")
	}
	b := args("x=(a,b)")
	if b.String("x", "def") != "def" {
		t.Error("a failed String does not return its default")
	}
}
