package broadworks

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// BW-30: the overage warning shows exactly while usage exceeds the allowed
// value.
func TestOverage(t *testing.T) {
	tests := []struct {
		used, allowed int
		want          bool
		excess        int
	}{
		{0, 0, false, 0}, {9, 10, false, 0}, {10, 10, false, 0}, {11, 10, true, 1},
		{1, 0, true, 1}, {-5, 0, false, 0},
	}
	for _, tt := range tests {
		u := LicenseUsage{Customer: "c", Package: Standard, Used: tt.used, Allowed: tt.allowed}
		if u.Overage() != tt.want || u.Excess() != tt.excess {
			t.Errorf("%d of %d: overage %v excess %d, want %v %d", tt.used, tt.allowed, u.Overage(), u.Excess(), tt.want, tt.excess)
		}
	}
}

// BW-30: the warning list names each customer and package over its value,
// sorted, and leaves the input as it was (ignoring a warning changes nothing).
func TestOverageWarnings(t *testing.T) {
	in := []LicenseUsage{
		{"Beta", Premium, 5, 4}, {"Alpha", Standard, 3, 3}, {"Alpha", Premium, 2, 1}, {"Alpha", Basic, 9, 1},
	}
	before := slices.Clone(in)
	want := []LicenseUsage{{"Alpha", Basic, 9, 1}, {"Alpha", Premium, 2, 1}, {"Beta", Premium, 5, 4}}
	if diff := cmp.Diff(want, OverageWarnings(in)); diff != "" {
		t.Errorf("OverageWarnings (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(before, in); diff != "" {
		t.Errorf("input changed (-before +after):\n%s", diff)
	}
}
