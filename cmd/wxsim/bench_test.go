package main

import (
	"runtime"
	"testing"

	"github.com/wxlicense/wxlicense/sim"
)

// BenchmarkSweep runs 8 seeds of the default scenario on GOMAXPROCS
// workers; compare -cpu 1,2 for the scaling with cores.
func BenchmarkSweep(b *testing.B) {
	sc := sim.DefaultScenario()
	seeds := []uint64{1, 2, 3, 4, 5, 6, 7, 8}
	for b.Loop() {
		sweep(sc, seeds, testingProcs())
	}
	b.ReportMetric(float64(len(seeds)*b.N)/b.Elapsed().Seconds(), "runs/s")
}

func testingProcs() int { return runtime.GOMAXPROCS(0) }
