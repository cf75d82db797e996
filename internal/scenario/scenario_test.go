package scenario

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

const sample = `# ASG-4 preserve off removes manual licenses
# a second comment line

catalog sites=(a.webex.com, b.webex.com)
----
ok

subscription id=s1 created=2024-01-01 units=(Advanced Messaging:2, Meetings Host a.webex.com:3, "x,y")
----
ok

template group=sales scope=existing preserve=off ack
  Basic Messaging
  Advanced Messaging @s1
    indented more
----
ann@example.com: grant Basic Messaging
ann@example.com: grant Advanced Messaging from s1

sources ann@example.com "Advanced Messaging" empty=() q="a b"
----
----
first

third
----
----
check
----
`

func TestParseSample(t *testing.T) {
	cases, err := Parse("sample.txt", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	want := []Case{
		{Pos: "sample.txt:4", Line: 4, Cmd: "catalog", Args: []Arg{{"sites", []string{"a.webex.com", "b.webex.com"}}}, Expected: "ok\n"},
		{Pos: "sample.txt:8", Line: 8, Cmd: "subscription", Args: []Arg{
			{"id", []string{"s1"}}, {"created", []string{"2024-01-01"}},
			{"units", []string{"Advanced Messaging:2", "Meetings Host a.webex.com:3", "x,y"}}}, Expected: "ok\n"},
		{Pos: "sample.txt:12", Line: 12, Cmd: "template", Args: []Arg{
			{"group", []string{"sales"}}, {"scope", []string{"existing"}}, {"preserve", []string{"off"}}, {"ack", nil}},
			Input:    "Basic Messaging\nAdvanced Messaging @s1\n  indented more",
			Expected: "ann@example.com: grant Basic Messaging\nann@example.com: grant Advanced Messaging from s1\n"},
		{Pos: "sample.txt:20", Line: 20, Cmd: "sources", Args: []Arg{
			{"ann@example.com", nil}, {"Advanced Messaging", nil}, {"empty", []string{}}, {"q", []string{"a b"}}},
			Expected: "first\n\nthird\n"},
		{Pos: "sample.txt:28", Line: 28, Cmd: "check"},
	}
	if len(cases) != len(want) {
		t.Fatalf("got %d cases, want %d: %+v", len(cases), len(want), cases)
	}
	for i := range want {
		if !sameCase(cases[i], want[i], true) {
			t.Errorf("case %d:\n got %#v\nwant %#v", i, cases[i], want[i])
		}
	}
}

// sameCase compares the exported fields of two cases, positions included
// when pos is set.
func sameCase(a, b Case, pos bool) bool {
	if pos && (a.Pos != b.Pos || a.Line != b.Line) {
		return false
	}
	return a.Cmd == b.Cmd && reflect.DeepEqual(a.Args, b.Args) && a.Input == b.Input && a.Expected == b.Expected
}

func TestRenderKeepsLayout(t *testing.T) {
	cases, err := Parse("sample.txt", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Render([]byte(sample), cases)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != sample+"\n" && string(out) != sample {
		t.Errorf("unchanged render differs:\n%s", out)
	}
	cases[0].Expected = "changed\n\nwith a blank line\n"
	cases[2].Expected = ""
	cases[4].Expected = "ok\n"
	out, err = Render([]byte(sample), cases)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse("sample.txt", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for i := range cases {
		if !sameCase(again[i], cases[i], false) {
			t.Errorf("case %d after rewrite: got %#v, want %#v", i, again[i], cases[i])
		}
	}
	if !strings.Contains(string(out), "# ASG-4 preserve off removes manual licenses\n# a second comment line\n\ncatalog sites=(a.webex.com, b.webex.com)\n----\n----\nchanged\n\nwith a blank line\n----\n----\n") {
		t.Errorf("rewrite lost the layout:\n%s", out)
	}
}

func TestFormatRoundTrip(t *testing.T) {
	cases, err := Parse("sample.txt", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Format(cases)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse("formatted.txt", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(again) != len(cases) {
		t.Fatalf("got %d cases, want %d", len(again), len(cases))
	}
	for i := range cases {
		if !sameCase(again[i], cases[i], false) {
			t.Errorf("case %d: got %#v, want %#v", i, again[i], cases[i])
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"cmd\n", "f.txt:1: f.txt:1: missing \"----\""},
		{"cmd\n\n----\n", "f.txt:2:"},
		{"  indented\n", "f.txt:1: indented line outside a command"},
		{"cmd a=(x, y\n----\n", "f.txt:1: column"},
		{"cmd a=\n----\n", "missing value after a="},
		{"cmd a=(x,,y)\n----\n", "empty list element"},
		{"cmd \"open\n----\n", "unterminated quoted string"},
		{"cmd \"bad\\q\"\n----\n", "bad quoted string"},
		{"\"cmd\" x\n----\n", "must start with a command name"},
		{"x=y\n----\n", "must start with a command name"},
		{"cmd a\"b\n----\n", "unexpected"},
		{"# c\ncmd\n----\n----\nout\n----\n", "f.txt:6: f.txt:2: unterminated expected output"},
		{"----\n----\n", "without a command"},
	} {
		_, err := Parse("f.txt", []byte(tc.in))
		var pe *Error
		if err == nil || !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want an *Error containing %q", tc.in, err, tc.want)
		}
	}
}

func TestParseArgs(t *testing.T) {
	args, err := ParseArgs(`ann@x.com groups=(sales, eng) licenses=() status=inactive place=loc/+1555/100 "x y"=1 k=a=b`)
	if err != nil {
		t.Fatal(err)
	}
	want := []Arg{{"ann@x.com", nil}, {"groups", []string{"sales", "eng"}}, {"licenses", []string{}},
		{"status", []string{"inactive"}}, {"place", []string{"loc/+1555/100"}}, {"x y", []string{"1"}}, {"k", []string{"a=b"}}}
	if !reflect.DeepEqual(args, want) {
		t.Errorf("got %#v\nwant %#v", args, want)
	}
	if got := CommandLine("cmd", want); got != `cmd ann@x.com groups=(sales, eng) licenses=() status=inactive place=loc/+1555/100 "x y"=1 k=a=b` {
		t.Errorf("CommandLine = %s", got)
	}
}

func TestArgs(t *testing.T) {
	args, _ := ParseArgs(`ann@x.com bob@x.com ack preserve=off n=3 list=(a, b) one=x`)
	a := Args{List: args}
	if !a.Flag("ack") || a.Bool("preserve", true) || a.Int("n", 0) != 3 || a.String("missing", "d") != "d" {
		t.Errorf("getters: %v", a.Done())
	}
	if l, ok := a.StringList("list"); !ok || !reflect.DeepEqual(l, []string{"a", "b"}) {
		t.Errorf("StringList = %v", l)
	}
	if a.Pos("user") != "ann@x.com" || a.Pos("user") != "bob@x.com" {
		t.Error("Pos")
	}
	if err := a.Done(); err == nil || !strings.Contains(err.Error(), "one=x") {
		t.Errorf("Done = %v, want unexpected one=x", err)
	}
	b := Args{List: args}
	b.Int("list", 0)
	b.Pos("x")
	b.Pos("y")
	if b.Pos("z"); b.Done() == nil {
		t.Error("want errors for a list as int and a missing positional")
	}
}

func TestRenderForeignCase(t *testing.T) {
	if _, err := Render([]byte("x\n----\n"), []Case{{Pos: "p", Cmd: "x"}}); err == nil {
		t.Error("Render of a case not parsed from data should fail")
	}
	cases, _ := Parse("f", []byte("x\n----\n----\na\n----\n----\n"))
	cases[0].Expected = "a\n----\n"
	if _, err := Render([]byte("x\n----\n----\na\n----\n----\n"), cases); err == nil {
		t.Error("an output ending with ---- cannot be written")
	}
}

// TestFlagIsBoolFalse: Flag(key) reads key exactly as Bool(key, false).
func TestFlagIsBoolFalse(t *testing.T) {
	tests := []struct {
		line    string
		want    bool
		wantErr bool
	}{
		{"", false, false},
		{"other", false, false},
		{"k", true, false},
		{"k=on", true, false},
		{"k=TRUE", true, false},
		{"k=yes", true, false},
		{"k=off", false, false},
		{"k=false", false, false},
		{"k=no", false, false},
		{"k=maybe", false, true},
		{"k=(a, b)", false, true},
		{"k=()", false, true},
	}
	for _, tt := range tests {
		args, err := ParseArgs(tt.line)
		if err != nil {
			t.Fatalf("ParseArgs(%q): %v", tt.line, err)
		}
		f, b := Args{List: args}, Args{List: args}
		gotF, gotB := f.Flag("k"), b.Bool("k", false)
		if gotF != tt.want || gotB != tt.want {
			t.Errorf("%q: Flag = %v, Bool = %v, want %v", tt.line, gotF, gotB, tt.want)
		}
		if (f.err != nil) != tt.wantErr || (b.err != nil) != tt.wantErr {
			t.Errorf("%q: Flag error %v, Bool error %v, want error %v", tt.line, f.err, b.err, tt.wantErr)
		}
	}
}
