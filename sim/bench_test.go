package sim_test

import (
	"runtime"
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

// BenchmarkMillionUserYear runs examples/million-user-year.scn: a year of
// a 1,000,000-user org. It reports the peak heap, sampled every 20 events.
func BenchmarkMillionUserYear(b *testing.B) {
	if testing.Short() {
		b.Skip("about a minute")
	}
	sc := loadFile(b, "../examples/million-user-year.scn")
	for b.Loop() {
		var peak uint64
		var ms runtime.MemStats
		res, err := sim.Run(sc, sc.Seed, sim.Options{Progress: func(_ time.Duration, events int) {
			if events%20 == 0 {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}
		}})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(res.Events), "events")
	}
}
