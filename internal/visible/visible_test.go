package visible

import (
	"strings"
	"testing"
)

func TestNameProblem(t *testing.T) {
	for _, s := range []string{"Sales EMEA", "Vertrieb Österreich", "営業", "=SUM(A1)", "a-b_c.d", "Q1 [EMEA]", "x"} {
		if why := NameProblem(s); why != "" {
			t.Errorf("NameProblem(%q) = %q, want none", s, why)
		}
	}
	for _, s := range []string{
		"", " ", "\t", " a", "a ", "a\t", "\na", "a\x00b", "a\x7fb", "a\u0085b", "a\xffb",
		"a\u200b", "\u200b", "a\u00adb", "\ufeffa", "a\u202eb", "a\u2060b", "a\u3164b", "a\ufe0fb", "a\u034fb",
		"a\u00a0b", "a\u3000b", "a\u2028b",
	} {
		if NameProblem(s) == "" {
			t.Errorf("NameProblem(%q) = none, want a problem", s)
		}
	}
	if why := NameProblem("ab\u200bc"); !strings.Contains(why, "U+200B at byte 2") {
		t.Errorf("NameProblem names %q, want the character and its byte", why)
	}
}

func TestIsInvisible(t *testing.T) {
	for _, r := range "\x00\t\n \x7f\u0080\u0085\u00a0\u00ad\u200b\u200e\u2028\u3000\u3164\ufe0f\ufeff" {
		if !IsInvisible(r) {
			t.Errorf("IsInvisible(%U) = false", r)
		}
	}
	for _, r := range "a~0é営ſ\ufffd" {
		if IsInvisible(r) {
			t.Errorf("IsInvisible(%U) = true", r)
		}
	}
}
