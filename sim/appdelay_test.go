package sim

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wxlicense/wxlicense/assignment"
)

// TestAppDelayValues pins the app delays a seed draws (SIM-1, SIM-4): a
// trace recorded by one version must replay in the next, so any change to
// the draw fails here. The draw hashes the time as Unix()*1e9 +
// Nanosecond(), which gives the bits Go's UnixNano gives today for every
// year, but is defined where UnixNano's result is not (before 1678, after
// 2262), as the third time checks.
func TestAppDelayValues(t *testing.T) {
	s, err := New(MustParse("x.scn", "seed 7\n"), 7, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []time.Duration
	for _, at := range []time.Time{DefaultStart, DefaultStart.Add(90*time.Minute + 5), time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)} {
		for id := range 2 {
			got = append(got, s.appDelay(assignment.UserID(id), "", at))
		}
	}
	want := []time.Duration{
		20*time.Hour + 48*time.Minute + 49336986310, 21*time.Hour + 45*time.Minute + 25827040770,
		21*time.Hour + 35*time.Minute + 40947087465, 15*time.Hour + 44*time.Minute + 32621584571,
		21*time.Hour + 25*time.Minute + 40474954637, 22*time.Hour + 57*time.Minute + 42617512800,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("delays (-want +got):\n%s", d)
	}
}
