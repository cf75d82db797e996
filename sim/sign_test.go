package sim_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxlicense/wxlicense/sim"
)

// SIM-7: a count, a seed and a percentage are plain digits; a sign, an
// exponent or a hex form is a parse error at the token, not a number
// (strconv would take "+3" for 3 and "-0" for 0).
func TestParseSignedNumbers(t *testing.T) {
	tests := []struct {
		src  string
		want sim.ParseError
	}{
		{"users +3\n", sim.ParseError{File: "n.scn", Line: 1, Col: 7, Expected: "a number of users (0 to 10000000)", Got: `"+3"`}},
		{"users -0\n", sim.ParseError{File: "n.scn", Line: 1, Col: 7, Expected: "a number of users (0 to 10000000)", Got: `"-0"`}},
		{"at 1h sync users +3 in Sales\n", sim.ParseError{File: "n.scn", Line: 1, Col: 18, Expected: "a number of users (0 to 10000000)", Got: `"+3"`}},
		{"sync move +1 from A to B\n", sim.ParseError{File: "n.scn", Line: 1, Col: 11, Expected: "a number of users (0 to 10000000)", Got: `"+1"`}},
		{"sync remove +1 from A\n", sim.ParseError{File: "n.scn", Line: 1, Col: 13, Expected: "a number of users (0 to 10000000)", Got: `"+1"`}},
		{"sign-in +2 users\n", sim.ParseError{File: "n.scn", Line: 1, Col: 9, Expected: `a number of users or "all" (0 to 10000000)`, Got: `"+2"`}},
		{"update +2 to \"Basic Messaging\"\n", sim.ParseError{File: "n.scn", Line: 1, Col: 8, Expected: `a number of users or "all" (0 to 10000000)`, Got: `"+2"`}},
		{"seed +5\n", sim.ParseError{File: "n.scn", Line: 1, Col: 6, Expected: "a seed (0 to 4611686018427387904)", Got: `"+5"`}},
		{"subscription s \"Advanced Messaging\"=+10\n", sim.ParseError{File: "n.scn", Line: 1, Col: 37, Expected: "a number of units (0 to 1073741824)", Got: `"+10"`}},
		{"numbers hq +14085550000 count +5\n", sim.ParseError{File: "n.scn", Line: 1, Col: 31, Expected: "a count of numbers (0 to 10000000)", Got: `"+5"`}},
		{"broadworks org x users +5\n", sim.ParseError{File: "n.scn", Line: 1, Col: 24, Expected: "a number of persons (0 to 10000000)", Got: `"+5"`}},
		{"broadworks provision +3 of e1\n", sim.ParseError{File: "n.scn", Line: 1, Col: 22, Expected: "a number of subscribers (0 to 10000000)", Got: `"+3"`}},
		{"expect users = +3\n", sim.ParseError{File: "n.scn", Line: 1, Col: 16, Expected: "a count (0 to 10000000)", Got: `"+3"`}},
		{"expect +3 users hold \"Basic Messaging\"\n", sim.ParseError{File: "n.scn", Line: 1, Col: 8, Expected: `a metric ("users", "users holding K", "units used K on SUB", "calling placed", "calling failures [REASON]", "broadworks STATUS", "app lagging") or "N users hold K"`, Got: `"+3"`}},
		{"fault bw-fail +5%\n", sim.ParseError{File: "n.scn", Line: 1, Col: 15, Expected: "the share of failing BroadWorks tasks as a percentage from 0% to 100%", Got: `"+5%"`}},
		{"fault sync-lost -0%\n", sim.ParseError{File: "n.scn", Line: 1, Col: 17, Expected: "the share of lost sync batches as a percentage from 0% to 100%", Got: `"-0%"`}},
		{"fault sync-dup 1e1%\n", sim.ParseError{File: "n.scn", Line: 1, Col: 16, Expected: "the share of duplicated sync batches as a percentage from 0% to 100%", Got: `"1e1%"`}},
		{"fault expiry 0x1p-2% per day\n", sim.ParseError{File: "n.scn", Line: 1, Col: 14, Expected: "the daily expiry chance as a percentage from 0% to 100%", Got: `"0x1p-2%"`}},
		{"users 3 work .5%\n", sim.ParseError{File: "n.scn", Line: 1, Col: 14, Expected: "the share with valid work numbers as a percentage from 0% to 100%", Got: `".5%"`}},
		{"users 3 work 5.%\n", sim.ParseError{File: "n.scn", Line: 1, Col: 14, Expected: "the share with valid work numbers as a percentage from 0% to 100%", Got: `"5.%"`}},
	}
	for _, tt := range tests {
		_, err := sim.Parse("n.scn", []byte(tt.src))
		var pe *sim.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) = %v, want a *ParseError", tt.src, err)
			continue
		}
		if d := cmp.Diff(tt.want, *pe); d != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", tt.src, d)
		}
	}
}

// SIM-7: plain digits still parse, leading zeros and decimal fractions
// included.
func TestParseUnsignedNumbers(t *testing.T) {
	sc, err := sim.Parse("n.scn", []byte("seed 007\nfault sync-dup 1.5%\nfault bw-fail 100%\nusers 03 work 0%\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := []any{sc.Seed, sc.Faults.SyncDup, sc.Faults.BWFail, sc.Statements[0].CountLen}
	if d := cmp.Diff([]any{uint64(7), 0.015, 1.0, 2}, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
