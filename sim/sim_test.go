package sim_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/wxlicense/wxlicense/sim"
)

func TestSmoke(t *testing.T) {
	src, _ := os.ReadFile("default.scn")
	sc, err := sim.Parse("default.scn", src)
	if err != nil {
		t.Fatal(err)
	}
	var tr, log bytes.Buffer
	s, err := sim.New(sc, 1, sim.Options{Trace: &tr, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Run()
	t.Log(log.String()[:min(log.Len(), 6000)])
	t.Log(res.Summary.String())
	if err != nil {
		t.Fatal(err)
	}
}
