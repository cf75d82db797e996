package sim_test

import (
	"os"
	"testing"

	"github.com/wxlicense/wxlicense/sim"
)

func loadFile(t testing.TB, path string) *sim.Scenario {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := sim.Parse(path, src)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}
