package broadworks

import "testing"

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
