package calling

import (
	"errors"
	"testing"
)

// The number's own checks (CAL-3 a–c) come before its match with the
// placement's location: a number another user holds is NumberInUse naming
// the holder, and a number in a location not enabled for calling is
// LocationNotValid (400411), even when a different location is given.
func TestAuditPlacementNumberChecksFirst(t *testing.T) {
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
