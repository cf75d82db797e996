package broadworks

import (
	"errors"
	"testing"
)

// BW-29: release strings parse as documented; others are refused with a
// *VersionError naming the input.
func TestParseVersion(t *testing.T) {
	ok := []struct {
		in   string
		want Version
	}{
		{"R24", Version{24, 0}}, {"r24", Version{24, 0}}, {"24.0", Version{24, 0}},
		{"24", Version{24, 0}}, {"R22.1", Version{22, 1}}, {"R999.999", Version{999, 999}},
	}
	for _, tt := range ok {
		if got, err := ParseVersion(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseVersion(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "R", "R0", "RR24", "Rr24", "R-1", "R+24", " R24", "R24 ", "R24.", "R.1",
		"R24.0.944", "R24sp1", "R1000", "R24.1000", "R２４", "R24\u200b", "=R24", "R24.-1"} {
		_, err := ParseVersion(in)
		var re *VersionError
		if !errors.Is(err, ErrInvalidVersion) || !errors.As(err, &re) || re.Input != in {
			t.Errorf("ParseVersion(%q) err = %v", in, err)
		}
	}
}

// BW-29: supported iff current−2 ≤ major ≤ current, current a parameter.
func TestVersionSupported(t *testing.T) {
	tests := []struct {
		release string
		current int
		want    bool
	}{
		{"R24", 25, true}, {"R23", 25, true}, {"R23.1", 25, true}, {"R22", 25, false},
		{"R25", 25, true}, {"R26", 25, false}, {"R22", 24, true}, {"R21", 24, false},
		{"R1", 2, true}, {"R1", 1, true},
	}
	for _, tt := range tests {
		if got := VersionSupported(MustParseVersion(tt.release), tt.current); got != tt.want {
			t.Errorf("VersionSupported(%s, %d) = %v, want %v", tt.release, tt.current, got, tt.want)
		}
	}
}

// BW-29: ParseVersion never panics, and what it accepts round-trips.
func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"R24", "24.0", "r22.1", "R0", "R24.0.944"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseVersion(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidVersion) {
				t.Fatalf("ParseVersion(%q) err %v does not wrap ErrInvalidVersion", s, err)
			}
			return
		}
		if r.Major < 1 || r.Major > MaxVersionMajor || r.Minor < 0 || r.Minor > 999 {
			t.Fatalf("ParseVersion(%q) = %+v out of range", s, r)
		}
		if back, err := ParseVersion(r.String()); err != nil || back != r {
			t.Fatalf("round trip of %q: %v, %v", s, back, err)
		}
	})
}
