package scenario

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, that its errors are *Error
// values, and that for inputs that parse: Render with the parsed outputs
// gives a file that parses to the same cases (positions included), Render
// with changed outputs gives those outputs back, and Format gives a file
// that parses to the same cases (positions aside).
func FuzzParse(f *testing.F) {
	f.Add(sample, "new\n\nout\n")
	f.Add("cmd\n----\n", "")
	f.Add("cmd a=(x, \"y,z\") b=\"q\\\"\" c=()\n  in\n\t tab\n   \n----\nout\n", "----\nx\n")
	f.Add("c\n----\n----\n\n----\n----\nd\n----\n", "a\r\n")
	f.Add("# x\r\ncmd k=v\r\n----\r\nout\r\n", "x")
	f.Fuzz(func(t *testing.T, in, newOut string) {
		cases, err := Parse("f.txt", []byte(in))
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), "f.txt:") {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		out, err := Render([]byte(in), cases)
		if err != nil {
			t.Fatalf("Render of parsed cases: %v", err)
		}
		again, err := Parse("f.txt", out)
		if err != nil {
			t.Fatalf("Parse(Render) = %v\n%q", err, out)
		}
		same(t, "Render", cases, again, true)

		formatted, err := Format(cases)
		if err != nil {
			t.Fatalf("Format of parsed cases: %v", err)
		}
		again, err = Parse("f.txt", formatted)
		if err != nil {
			t.Fatalf("Parse(Format) = %v\n%q", err, formatted)
		}
		same(t, "Format", cases, again, false)

		// rewriting with new outputs gives them back, when they can be written
		changed := make([]Case, len(cases))
		copy(changed, cases)
		for i := range changed {
			changed[i].Expected = newOut
		}
		out, err = Render([]byte(in), changed)
		if err != nil {
			return // e.g. an output ending with "----"
		}
		again, err = Parse("f.txt", out)
		if err != nil {
			t.Fatalf("Parse(Render(new outputs)) = %v\n%q", err, out)
		}
		want := joinOutput(outputLines(newOut))
		for i := range changed {
			changed[i].Expected = want
		}
		same(t, "Render with new outputs", changed, again, false)
	})
}

func same(t *testing.T, what string, want, got []Case, pos bool) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d cases, want %d", what, len(got), len(want))
	}
	for i := range want {
		if !sameCase(got[i], want[i], pos) {
			t.Fatalf("%s: case %d:\n got %#v\nwant %#v", what, i, got[i], want[i])
		}
	}
}
