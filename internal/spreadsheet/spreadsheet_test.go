package spreadsheet

import "testing"

// EscapeCell quotes exactly the cells a spreadsheet would run as formulas,
// and UnescapeCell undoes it.
func TestEscapeCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"ann@x.com", "ann@x.com"},
		{"TRUE", "TRUE"},
		{"=1+1", "'=1+1"},
		{"+1", "'+1"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"'=1", "''=1"},
		{"''-1", "'''-1"},
		{"'abc", "'abc"},
		{"a=1", "a=1"},
	} {
		if got := EscapeCell(tc.in); got != tc.want {
			t.Errorf("EscapeCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := UnescapeCell(tc.want); got != tc.in {
			t.Errorf("UnescapeCell(%q) = %q, want %q", tc.want, got, tc.in)
		}
	}
}

func FuzzEscapeCell(f *testing.F) {
	for _, s := range []string{"", "=1", "'=1", "'", "''", "'a", "@", "\t", "a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := EscapeCell(s)
		if StartsFormula(e) {
			t.Fatalf("EscapeCell(%q) = %q starts a formula", s, e)
		}
		if got := UnescapeCell(e); got != s {
			t.Fatalf("UnescapeCell(EscapeCell(%q)) = %q", s, got)
		}
	})
}

// UnescapeRecord unescapes every cell in place.
func TestUnescapeRecord(t *testing.T) {
	rec := []string{"''=1", "'abc", "'@x", "b"}
	UnescapeRecord(rec)
	for i, want := range []string{"'=1", "'abc", "@x", "b"} {
		if rec[i] != want {
			t.Errorf("cell %d = %q, want %q", i, rec[i], want)
		}
	}
}
