package assignment

import (
	"strings"
	"testing"
)

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
