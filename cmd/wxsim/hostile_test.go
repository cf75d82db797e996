package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/wxlicense/wxlicense/sim"
)

// TestSweepSeedsMaxUint64: a seed range ending at the largest uint64
// must end; the counter wrapped to 0 and looped for ever. (The shard count
// is huge so that the looping version appends nothing while it spins.)
func TestSweepSeedsMaxUint64(t *testing.T) {
	done := make(chan []uint64, 1)
	go func() {
		list, _ := sweepSeeds("18446744073709551613..18446744073709551615", "0/4611686018427387904")
		done <- list
	}()
	select {
	case list := <-done:
		if len(list) != 1 || list[0] != 1<<64-3 {
			t.Errorf("seeds = %v, want [%d]", list, uint64(1<<64-3))
		}
	case <-time.After(2 * time.Second):
		t.Fatal("sweepSeeds did not return: the seed counter wrapped past the largest uint64")
	}
}

// TestSweepJobsMessage: "-j 0" is a usage error that says what is
// wrong, not "<nil> (or -j below 1)".
func TestSweepJobsMessage(t *testing.T) {
	code, _, stderr := wxsim(t, "sweep", "testdata/ok.scn", "-seeds", "1..2", "-j", "0")
	if code != exitUsage || strings.Contains(stderr, "<nil>") || !strings.Contains(stderr, "-j") {
		t.Errorf("exit %d, stderr %q; want exit %d and a message about -j", code, stderr, exitUsage)
	}
}

// TestSweepJobsAboveSeeds: a -j far above the number of seeds starts no
// more runs than there are seeds; it started one goroutine per job and did
// not end.
func TestSweepJobsAboveSeeds(t *testing.T) {
	sc, _ := load("testdata/fails.scn", &bytes.Buffer{})
	seeds := []uint64{1, 2}
	one := sweep(sc, seeds, 1)
	done := make(chan []*sim.Result, 1)
	go func() { done <- sweep(sc, seeds, 1<<40) }()
	select {
	case many := <-done:
		for i := range seeds {
			if one[i].Summary.String() != many[i].Summary.String() {
				t.Errorf("seed %d differs between -j 1 and -j 2^40", seeds[i])
			}
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a sweep of two seeds with -j 2^40 did not end")
	}
}
