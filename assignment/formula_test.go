package assignment

import (
	"net/mail"
	"strings"
	"testing"

	"github.com/wxlicense/wxlicense/internal/visible"
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
		trimmed := strings.Trim(s, " ")
		if addr, err := mail.ParseAddress(trimmed); err != nil || addr.Name != "" || addr.Address != trimmed {
			t.Fatalf("ParseEmail accepts %q, which net/mail does not take as a bare address: %v", s, err)
		}
		if i := strings.IndexFunc(trimmed, visible.IsInvisible); i >= 0 {
			t.Fatalf("ParseEmail accepts %q, which has an invisible character at byte %d", s, i)
		}
	})
}

// FuzzPlainEmail checks ParseEmail's one-pass common case against its
// full checks: an address the pass takes is one they return as it is.
func FuzzPlainEmail(f *testing.F) {
	for _, s := range []string{"ann@x.com", "a.b-c+d@x-y.example.com", "Ann@x.com", "ann@x", "a..b@x.com", "ann@-x.com", "ann@x.com-", " ann@x.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !plainEmail(s) {
			return
		}
		if why := emailProblem(s); why != "" {
			t.Fatalf("plainEmail(%q), but %s", s, why)
		}
		if strings.ToLower(strings.Trim(s, " ")) != s {
			t.Fatalf("plainEmail(%q), which is not canonical", s)
		}
	})
}

// TestPlainEmail pins where the one pass ends: every address it takes is
// canonical (FuzzPlainEmail), and it takes the common ones up to each
// limit.
func TestPlainEmail(t *testing.T) {
	local64, label63 := strings.Repeat("a", 64), strings.Repeat("b", 63)
	long := local64 + "@" + label63 + "." + label63 + "." + strings.Repeat("c", 61) // 254 bytes
	for _, tc := range []struct {
		s     string
		plain bool
	}{
		{"ann@x.com", true},
		{"a.b-c+d_e!#$%&'*/=?^`{|}~@x-y.example.com", true},
		{"-ann-@0.9", true},
		{"zed9@xyz.z9", true},
		{local64 + "@x.com", true},
		{local64 + "a@x.com", false},
		{"ann@" + label63 + ".com", true},
		{"ann@" + label63 + "b.com", false},
		{"ann@x." + label63, true},
		{"ann@x." + label63 + "b", false},
		{long, true},
		{long + "c", false},
		{"Ann@x.com", false},
		{"ann@X.com", false},
		{" ann@x.com", false},
		{"ann@x.com ", false},
		{"ann@x", false},
		{"ann@x.", false},
		{"ann@.x.com", false},
		{"ann@x..com", false},
		{"ann@-x.com", false},
		{"ann@x-.com", false},
		{"ann@x.com-", false},
		{"ann@x.-com", false},
		{"ann@x_y.com", false},
		{"ann@x+y.com", false},
		{".ann@x.com", false},
		{"ann.@x.com", false},
		{"a..nn@x.com", false},
		{"@x.com", false},
		{"ann", false},
		{"ann@b@x.com", false},
		{"an n@x.com", false},
		{"ann\"@x.com", false},
		{"ann@x.cöm", false},
		{"", false},
	} {
		if got := plainEmail(tc.s); got != tc.plain {
			t.Errorf("plainEmail(%q) = %v, want %v", tc.s, got, tc.plain)
		}
		if e, err := ParseEmail(tc.s); tc.plain && (err != nil || e != tc.s) {
			t.Errorf("ParseEmail(%q) = %q, %v", tc.s, e, err)
		}
	}
}

// TestDotAtom pins the full checks' shortcut past net/mail: it takes a
// local part of RFC 5322's atext and inner dots, and a domain of ASCII
// letters, digits, hyphens and dots, each character tried alone; every
// other character goes to net/mail.
func TestDotAtom(t *testing.T) {
	const (
		alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		atext = alnum + "!#$%&'*+-/=?^_`{|}~" // RFC 5322, 3.2.3
	)
	for c := rune(0); c < 0x80; c++ {
		in := "a" + string(c) + "b"
		if got, want := dotAtom(in, "x.com"), strings.ContainsRune(atext+".", c); got != want {
			t.Errorf("dotAtom(%q, x.com) = %v, want %v", in, got, want)
		}
		if got, want := dotAtom("ann", in+".com"), strings.ContainsRune(alnum+"-.", c); got != want {
			t.Errorf("dotAtom(ann, %q) = %v, want %v", in+".com", got, want)
		}
	}
	for _, local := range []string{".a", "a.", "a..b", "."} {
		if dotAtom(local, "x.com") {
			t.Errorf("dotAtom(%q, x.com): a stray dot taken", local)
		}
	}
}
