package assignment

import (
	"strings"
	"testing"
)

// escapeCell quotes exactly the cells a spreadsheet would run as formulas,
// and unescapeCell undoes it.
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
		if got := escapeCell(tc.in); got != tc.want {
			t.Errorf("escapeCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := unescapeCell(tc.want); got != tc.in {
			t.Errorf("unescapeCell(%q) = %q, want %q", tc.want, got, tc.in)
		}
	}
}

func FuzzEscapeCell(f *testing.F) {
	for _, s := range []string{"", "=1", "'=1", "'", "''", "'a", "@", "\t", "a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := escapeCell(s)
		if startsFormula(e) {
			t.Fatalf("escapeCell(%q) = %q starts a formula", s, e)
		}
		if got := unescapeCell(e); got != s {
			t.Fatalf("unescapeCell(escapeCell(%q)) = %q", s, got)
		}
	})
}

func FuzzParseEmail(f *testing.F) {
	for _, s := range []string{"ann@x.com", "a@b@x.com", "ann\u200b@x.com", " A@X.com ", "Ann <a@x.com>", "\xff@x.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseEmail(s)
		if err != nil {
			if !strings.Contains(err.Error(), "invalid e-mail") {
				t.Fatalf("ParseEmail(%q): %v does not say invalid e-mail", s, err)
			}
			return
		}
		if again, err := ParseEmail(e); err != nil || again != e {
			t.Fatalf("ParseEmail(%q) = %q, which parses to %q, %v", s, e, again, err)
		}
		if why := syntaxProblem(strings.Trim(s, " ")); why != "" {
			t.Fatalf("ParseEmail accepts %q, which net/mail refuses: %s", s, why)
		}
	})
}
