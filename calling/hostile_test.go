package calling

import (
	"errors"
	"slices"
	"testing"
)

// The number's own checks (CAL-3 a–c) come before its match with the
// placement's location: a number another user holds is NumberInUse naming
// the holder, and a number in a location not enabled for calling is
// LocationNotValid (400411), even when a different location is given.
func TestPlacementNumberChecksFirst(t *testing.T) {
	iv := testInventory(t)
	place(t, iv, Candidate{User: 7, WorkNumber: br1.String()})
	for _, tc := range []struct {
		name  string
		p     Placement
		err   error
		code  int
		owner Owner
	}{
		{"number of a user", Placement{Location: "HQ", Number: br1.String()}, ErrNumberInUse, CodeBadRequest, UserOwner(7)},
		{"number of a service", Placement{Location: "BR", Number: hqHG.String()}, ErrNumberInUse, CodeBadRequest, hg},
		{"number's location not enabled", Placement{Location: "HQ", Number: off1.String()}, ErrLocationNotValid, CodeMissingPlacement, Owner{}},
	} {
		_, err := iv.CheckPlacement(3, tc.p)
		var pe *PlacementError
		if !errors.As(err, &pe) || !errors.Is(err, tc.err) || pe.Code != tc.code || pe.Owner != tc.owner {
			t.Errorf("%s: got %v, want %v (%d) owned by %v", tc.name, err, tc.err, tc.code, tc.owner)
		}
	}
}

// A batch refers to numbers by their slot in the inventory's hash table,
// and adding numbers may rebuild the table: the placements of a batch
// planned before an AddNumbers then named other numbers (even one of
// another location). A batch keeps reporting what it planned.
func TestBatchPlacementsAfterGrowth(t *testing.T) {
	iv := testInventory(t)
	b, err := iv.Plan([]Candidate{{User: 1, WorkNumber: hq1.String()}, {User: 2, WorkNumber: br1.String()}})
	must(t, err)
	m, err := iv.PlanManual([]Request{{User: 3, Placement: Placement{Number: hq2.String(), Extension: "7"}}})
	must(t, err)
	more := make([]E164, 100)
	for i := range more {
		more[i] = E164{4930000000 + uint64(i)}
	}
	must(t, iv.AddNumbers("HQ", true, more...))
	want := []Placed{{User: 1, Location: "HQ", Number: hq1}, {User: 2, Location: "BR", Number: br1}, {User: 3, Location: "HQ", Number: hq2, Extension: "7"}}
	var got []Placed
	for _, batch := range []*Batch{b, m} {
		for p := range batch.Placements() {
			got = append(got, p)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("placements after AddNumbers = %v, want %v", got, want)
	}
	if err := iv.Apply(b); !errors.Is(err, ErrStaleBatch) {
		t.Errorf("Apply of the older batch: %v, want ErrStaleBatch", err)
	}
}
