package broadworks

import (
	"errors"
	"testing"
)

// BW-29: release strings parse as documented; others are refused with a
// *ReleaseError naming the input.
func TestParseRelease(t *testing.T) {
	ok := []struct {
		in   string
		want Release
	}{
		{"R24", Release{24, 0}}, {"r24", Release{24, 0}}, {"24.0", Release{24, 0}},
		{"24", Release{24, 0}}, {"R22.1", Release{22, 1}}, {"R999.999", Release{999, 999}},
	}
	for _, tt := range ok {
		if got, err := ParseRelease(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseRelease(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "R", "R0", "RR24", "Rr24", "R-1", "R+24", " R24", "R24 ", "R24.", "R.1",
		"R24.0.944", "R24sp1", "R1000", "R24.1000", "R２４", "R24\u200b", "=R24", "R24.-1"} {
		_, err := ParseRelease(in)
		var re *ReleaseError
		if !errors.Is(err, ErrInvalidRelease) || !errors.As(err, &re) || re.Input != in {
			t.Errorf("ParseRelease(%q) err = %v", in, err)
		}
	}
}

// BW-29: supported iff current−2 ≤ major ≤ current, current a parameter.
func TestSupported(t *testing.T) {
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
		if got := Supported(MustParseRelease(tt.release), tt.current); got != tt.want {
			t.Errorf("Supported(%s, %d) = %v, want %v", tt.release, tt.current, got, tt.want)
		}
	}
}

// BW-29: ParseRelease never panics, and what it accepts round-trips.
func FuzzParseRelease(f *testing.F) {
	for _, s := range []string{"R24", "24.0", "r22.1", "R0", "R24.0.944"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRelease(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidRelease) {
				t.Fatalf("ParseRelease(%q) err %v does not wrap ErrInvalidRelease", s, err)
			}
			return
		}
		if r.Major < 1 || r.Major > MaxMajor || r.Minor < 0 || r.Minor > 999 {
			t.Fatalf("ParseRelease(%q) = %+v out of range", s, r)
		}
		if back, err := ParseRelease(r.String()); err != nil || back != r {
			t.Fatalf("round trip of %q: %v, %v", s, back, err)
		}
	})
}
