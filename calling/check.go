package calling

import "fmt"

// FailureReason is why a user was not provisioned for Webex Calling by the
// work-number path (CAL-3). The zero FailureReason is no failure.
type FailureReason uint8

// The reasons, in the order CAL-3 checks them; the first failure is the
// reason. NoUnitAvailable (ASG-19) is never returned by this package: the
// engine reports it when the checks pass and no unit is free.
const (
	NoWorkNumber FailureReason = iota + 1
	NotE164
	NotPreProvisioned
	LocationNotValid
	NumberInUse
	NoUnitAvailable
	NoPlacement // a user added by hand without a placement (CAL-4), reported by the engine
)

var failureNames = [...]string{"", "NoWorkNumber", "NotE164", "NotPreProvisioned", "LocationNotValid", "NumberInUse", "NoUnitAvailable", "NoPlacement"}

var failureErrs = [...]error{nil, ErrNoWorkNumber, ErrNotE164, ErrNotPreProvisioned, ErrLocationNotValid, ErrNumberInUse, ErrNoUnitAvailable, ErrNoPlacement}

// String returns the reason's name as SPEC CAL-3 spells it, e.g.
// "NotPreProvisioned", or "" for no failure.
func (r FailureReason) String() string {
	if int(r) < len(failureNames) {
		return failureNames[r]
	}
	return fmt.Sprintf("FailureReason(%d)", r)
}

// Err returns the sentinel error of r (ErrNoWorkNumber, ...), nil for no
// failure.
func (r FailureReason) Err() error {
	if int(r) < len(failureErrs) {
		return failureErrs[r]
	}
	return nil
}

// Failure is a user the work-number path did not provision (CAL-3,
// CAL-6): the reason, the raw work number as given, and for NumberInUse
// who holds the number. Synced says whether the user is synced from a
// directory, hence where the work number is fixed (CAL-8).
type Failure struct {
	User   UserKey
	Reason FailureReason
	Raw    string
	Owner  Owner
	Synced bool
}

// Error returns e.g. `user 3: calling: number in use: "+4822" (owned by
// PEOPLE user 1)`.
func (f *Failure) Error() string {
	s := fmt.Sprintf("user %d: %v: %s", f.User, f.Reason.Err(), quote(f.Raw))
	if !f.Owner.IsZero() {
		s += " (owned by " + f.Owner.String() + ")"
	}
	return s
}

// Unwrap returns the reason's sentinel; for NotE164 it returns the
// *E164Error saying why, which matches ErrNotE164 in turn.
func (f *Failure) Unwrap() error {
	if f.Reason == NotE164 {
		if _, err := ParseE164(f.Raw); err != nil {
			return err
		}
	}
	return f.Reason.Err()
}

// FixIn returns where the user's work number is corrected (CAL-8): the
// directory for a synced user, Control Hub (or the CSV) otherwise.
func (f *Failure) FixIn() Source {
	if f.Synced {
		return SourceDirectory
	}
	return SourceControlHub
}

// check runs the CAL-3 checks (a)–(c) on a raw number: it returns the
// record index, or the first failure and, for NumberInUse, the holder.
func (iv *Inventory) check(raw string) (uint32, FailureReason, holder) {
	v, r, _ := parseE164(raw)
	if r != 0 {
		return 0, formatFailure(r), holder{}
	}
	i, ok := iv.find(v)
	return iv.judge(i, ok)
}

// formatFailure is the CAL-3 reason of a text ParseE164 rejects for r.
func formatFailure(r E164Reason) FailureReason {
	if r == E164Empty {
		return NoWorkNumber
	}
	return NotE164
}

// judge runs the CAL-3 checks (b)–(c) on the record at index i, found
// (ok) or not.
func (iv *Inventory) judge(i uint32, ok bool) (uint32, FailureReason, holder) {
	if !ok {
		return 0, NotPreProvisioned, holder{}
	}
	n := &iv.nums[i]
	if !iv.locs[n.loc].valid() {
		return i, LocationNotValid, holder{}
	}
	if n.typ != NoOwner {
		return i, NumberInUse, holder{n.typ, n.owner}
	}
	return i, 0, holder{}
}

// CheckWorkNumber runs the CAL-3 checks on user u's raw work number, in
// order — NoWorkNumber, NotE164, NotPreProvisioned, LocationNotValid,
// NumberInUse — and returns the number, or the first failure as a
// *Failure. Lookup is by exact text: no normalising. It changes nothing.
func (iv *Inventory) CheckWorkNumber(u UserKey, raw string) (E164, error) {
	i, r, h := iv.check(raw)
	if r != 0 {
		return E164{}, &Failure{User: u, Reason: r, Raw: raw, Owner: iv.owner(h.typ, h.id)}
	}
	return E164{iv.nums[i].num}, nil
}
