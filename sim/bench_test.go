package sim_test

import (
	"testing"
	"time"

	"github.com/wxlicense/wxlicense/sim"
)

// BenchmarkSmallEvents measures the engine's own cost per event: the
// queue, the clock (which the org follows) and the invariant checks, with
// events that change nothing. Run with -cpu 1 for one core.
func BenchmarkSmallEvents(b *testing.B) {
	s, err := sim.New(sim.MustParse("small.scn", "until 1000d\n"), 1, sim.Options{})
	if err != nil {
		b.Fatal(err)
	}
	noop := sim.EventFunc("noop", func(*sim.Sim) error { return nil })
	for i := range b.N {
		s.Schedule(time.Duration(i)*time.Millisecond, noop)
	}
	b.ResetTimer()
	res, err := s.Run()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(res.Events)/b.Elapsed().Seconds(), "events/s")
}
