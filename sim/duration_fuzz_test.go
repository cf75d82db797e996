package sim_test

import (
	"testing"
	"time"

	"github.com/wxlicense/wxlicense/sim"
)

// FuzzParseDuration checks that ParseDuration never panics, that what it
// accepts is whole seconds within a century, and that FormatDuration
// writes it back as ParseDuration reads it.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"365d", "1d12h", "90m", "0s", "2w", "", "d", "5", "-1d", "1.5h", "1048577s", "36500d", "36501d", "1d1d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := sim.ParseDuration(s)
		if err != nil {
			if d != 0 {
				t.Fatalf("ParseDuration(%q) = %v with error %v", s, d, err)
			}
			return
		}
		if d < 0 || d > 36500*sim.Day || d%time.Second != 0 {
			t.Fatalf("ParseDuration(%q) = %v: not whole seconds within a century", s, d)
		}
		if back, err := sim.ParseDuration(sim.FormatDuration(d)); err != nil || back != d {
			t.Fatalf("ParseDuration(FormatDuration(%v) = %q) = %v, %v", d, sim.FormatDuration(d), back, err)
		}
	})
}
