package calling

import (
	"errors"
	"fmt"
	"testing"
)

// CAL-3: the checks run in order and the first failure is the reason,
// recorded with the raw value; lookup is exact.
func TestCheckWorkNumber(t *testing.T) {
	iv := testInventory(t)
	place(t, iv, Candidate{User: 7, WorkNumber: hq2.String()})
	for _, tc := range []struct {
		raw    string
		reason FailureReason
		owner  Owner
	}{
		{"+48221000001", 0, Owner{}},
		{"+46812300001", 0, Owner{}}, // inactive numbers pass
		{"", NoWorkNumber, Owner{}},
		{"555-555-1212", NotE164, Owner{}},
		{"48221000001", NotE164, Owner{}},   // no normalising of a missing '+'
		{"+48 221000001", NotE164, Owner{}}, // nor of spaces
		{"+48221000001 ", NotE164, Owner{}}, // nor of trailing blanks
		{"=+48221000001", NotE164, Owner{}}, // a spreadsheet formula
		{"+48221000404", NotPreProvisioned, Owner{}},
		{"+420200000001", LocationNotValid, Owner{}}, // not enabled for calling
		{"+48221999999", LocationNotValid, Owner{}},  // deleted location
		{"+48221000009", NumberInUse, hg},
		{"+48221000002", NumberInUse, UserOwner(7)},
	} {
		n, err := iv.CheckWorkNumber(3, tc.raw)
		if tc.reason == 0 {
			if err != nil || n.String() != tc.raw {
				t.Errorf("CheckWorkNumber(%q) = %v, %v", tc.raw, n, err)
			}
			continue
		}
		var f *Failure
		if !errors.As(err, &f) || n.IsValid() {
			t.Fatalf("CheckWorkNumber(%q) = %v, %v; want a *Failure", tc.raw, n, err)
		}
		want := Failure{User: 3, Reason: tc.reason, Raw: tc.raw, Owner: tc.owner}
		if *f != want {
			t.Errorf("CheckWorkNumber(%q) = %+v, want %+v", tc.raw, *f, want)
		}
		if !errors.Is(err, tc.reason.Err()) {
			t.Errorf("CheckWorkNumber(%q): %v does not match %v", tc.raw, err, tc.reason.Err())
		}
	}
}

// CAL-3: a NotE164 failure unwraps to the parse error saying why.
func TestFailureUnwrapsParseError(t *testing.T) {
	_, err := testInventory(t).CheckWorkNumber(1, "+48-22")
	var e *E164Error
	if !errors.As(err, &e) || e.Reason != E164NonDigit || e.Pos != 3 {
		t.Fatalf("error %v, want an E164Error for the hyphen", err)
	}
	if got, want := err.Error(), `user 1: calling: not an E.164 number: "+48-22"`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// CAL-3: the reasons are spelled as the SPEC names them.
func TestFailureReasonNames(t *testing.T) {
	want := []string{"NoWorkNumber", "NotE164", "NotPreProvisioned", "LocationNotValid", "NumberInUse", "NoUnitAvailable", "NoPlacement"}
	for i, w := range want {
		r := FailureReason(i + 1)
		if r.String() != w || r.Err() == nil {
			t.Errorf("FailureReason(%d) = %q, %v; want %q", i+1, r.String(), r.Err(), w)
		}
	}
	for _, r := range []FailureReason{NoPlacement + 1, 42} {
		if got, want := r.String(), fmt.Sprintf("FailureReason(%d)", uint8(r)); got != want || r.Err() != nil {
			t.Errorf("FailureReason(%d) = %q, %v; want %q, nil", uint8(r), got, r.Err(), want)
		}
	}
	if FailureReason(0).String() != "" || FailureReason(0).Err() != nil {
		t.Error("FailureReason(0) is a failure")
	}
}
