package broadworks

import (
	"errors"
	"strconv"
	"testing"
)

// BW-17: the four packages parse and print as the subscribers API writes them.
func TestPackageRoundTrip(t *testing.T) {
	for _, p := range []Package{Basic, Standard, Premium, Softphone} {
		got, err := ParsePackage(p.String())
		if err != nil || got != p {
			t.Errorf("ParsePackage(%q) = %v, %v; want %v", p.String(), got, err, p)
		}
	}
	if _, err := ParsePackage("Premium"); err == nil {
		t.Error("ParsePackage is case-sensitive")
	}
	if _, err := ParsePackage(""); err == nil {
		t.Error("ParsePackage(\"\") must fail")
	}
}

// FuzzParsePackage checks that ParsePackage accepts exactly the names the
// packages print as, and that anything else is an error matching
// ErrUnknown that quotes the input.
func FuzzParsePackage(f *testing.F) {
	for _, s := range []string{"basic", "standard", "premium", "softphone", "Premium", "", "Package(9)", "basic "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePackage(s)
		if err != nil {
			if p != NoPackage || !errors.Is(err, ErrUnknown) || err.Error() != "broadworks: unknown package "+strconv.Quote(s) {
				t.Fatalf("ParsePackage(%q) = %v, %v: want NoPackage and ErrUnknown naming the input", s, p, err)
			}
			return
		}
		if p == NoPackage || p.String() != s {
			t.Fatalf("ParsePackage(%q) = %v, which prints as %q", s, p, p.String())
		}
	})
}
