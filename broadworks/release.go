package broadworks

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wxlicense/wxlicense/internal/visible"
)

// Release-control errors (BW-27).
var (
	ErrInvalidSchedule = errors.New("broadworks: invalid release schedule")
	ErrUnknownSchedule = errors.New("broadworks: unknown release schedule")
)

// AutomaticSchedule names the default schedule: the automatic monthly
// upgrade, deferred by no days.
const AutomaticSchedule = "automatic"

// MaxDeferralDays bounds a schedule's deferral.
const MaxDeferralDays = 365

// ReleaseSchedule is a release schedule (BW-27): monthly releases reach its
// orgs DeferralDays whole days after the default automatic upgrade.
type ReleaseSchedule struct {
	Name         string
	DeferralDays int
}

// ScheduleError describes a refused release-control request. It unwraps to
// ErrInvalidSchedule or ErrUnknownSchedule.
type ScheduleError struct {
	Schedule string
	Org      string // the org, for an assignment
	Reason   string
	Err      error
}

// Error returns a message naming the schedule, the org and the reason.
func (e *ScheduleError) Error() string {
	s := fmt.Sprintf("broadworks: release schedule %q", clip(e.Schedule))
	if e.Org != "" {
		s += fmt.Sprintf(" for org %q", clip(e.Org))
	}
	return s + ": " + e.Reason
}

// Unwrap returns the sentinel.
func (e *ScheduleError) Unwrap() error { return e.Err }

// ReleaseControl is one partner's release control (BW-27): its schedules and
// which orgs follow which. An org never assigned follows AutomaticSchedule.
// The zero value has only the automatic schedule. A refused request leaves
// it unchanged.
type ReleaseControl struct {
	schedules []ReleaseSchedule // sorted by name, without the automatic one
	orgs      map[string]string // org → schedule name
}

// Define creates schedule name with the deferral, or changes the deferral
// of an existing one (its orgs follow). The deferral must be whole days in
// [0, MaxDeferralDays]; the name must be visible text (valid UTF-8,
// something to see, no white space around it, no control or invisible
// character in it but the ASCII space) and not AutomaticSchedule
// (ErrInvalidSchedule).
func (rc *ReleaseControl) Define(name string, deferralDays int) error {
	refuse := func(reason string) error {
		return &ScheduleError{Schedule: name, Reason: reason, Err: ErrInvalidSchedule}
	}
	switch {
	case !validName(name):
		return refuse("not visible text: " + visible.NameProblem(name))
	case name == AutomaticSchedule:
		return refuse("the automatic schedule cannot be redefined")
	case deferralDays < 0 || deferralDays > MaxDeferralDays:
		return refuse(fmt.Sprintf("deferral %d days outside [0, %d]", deferralDays, MaxDeferralDays))
	}
	i, found := rc.find(name)
	if found {
		rc.schedules[i].DeferralDays = deferralDays
		return nil
	}
	rc.schedules = slices.Insert(rc.schedules, i, ReleaseSchedule{name, deferralDays})
	return nil
}

// Cascade assigns schedule name to every org in managed, the orgs the
// partner manages at that moment; orgs added later keep the automatic
// schedule. An unknown schedule (ErrUnknownSchedule) or an org ID that is
// empty or has a blank or invisible character (ErrInvalidSchedule) refuses
// the whole cascade.
func (rc *ReleaseControl) Cascade(name string, managed []string) error {
	if err := rc.checkAssign(name, managed); err != nil {
		return err
	}
	for _, org := range managed {
		rc.assign(org, name)
	}
	return nil
}

// Assign gives one org schedule name, overriding an earlier cascade or
// assignment. Refusals are those of Cascade, and name the org.
func (rc *ReleaseControl) Assign(org, name string) error {
	if err := rc.checkAssign(name, []string{org}); err != nil {
		var se *ScheduleError
		if errors.As(err, &se) {
			se.Org = org
		}
		return err
	}
	rc.assign(org, name)
	return nil
}

// ScheduleOf returns the schedule org follows.
func (rc *ReleaseControl) ScheduleOf(org string) ReleaseSchedule {
	if i, found := rc.find(rc.orgs[org]); found {
		return rc.schedules[i]
	}
	return ReleaseSchedule{Name: AutomaticSchedule}
}

// Schedules returns the schedules, automatic first, then by name.
func (rc *ReleaseControl) Schedules() []ReleaseSchedule {
	return append([]ReleaseSchedule{{Name: AutomaticSchedule}}, rc.schedules...)
}

// UpgradeDay returns the day org gets the monthly release the automatic
// schedule upgrades on day released.
func (rc *ReleaseControl) UpgradeDay(org string, released time.Time) time.Time {
	return released.AddDate(0, 0, rc.ScheduleOf(org).DeferralDays)
}

func (rc *ReleaseControl) checkAssign(name string, orgs []string) error {
	if _, found := rc.find(name); !found && name != AutomaticSchedule {
		return &ScheduleError{Schedule: name, Reason: "not defined", Err: ErrUnknownSchedule}
	}
	for _, org := range orgs {
		if !validID(org) {
			return &ScheduleError{Schedule: name, Org: org, Reason: "empty or invalid org ID", Err: ErrInvalidSchedule}
		}
	}
	return nil
}

func (rc *ReleaseControl) assign(org, name string) {
	if name == AutomaticSchedule {
		delete(rc.orgs, org)
		return
	}
	if rc.orgs == nil {
		rc.orgs = map[string]string{}
	}
	rc.orgs[org] = name
}

// validName reports whether s is usable as a schedule, customer, partner
// or enterprise name (visible.NameProblem): something to see, no white
// space around it and no invisible character in it but the ASCII space.
func validName(s string) bool { return visible.NameProblem(s) == "" }

// optionalName reports whether s is no name or a valid one (validName).
func optionalName(s string) bool { return s == "" || validName(s) }

// nameDetail says why a name is refused, for Error.Detail.
func nameDetail(s string) string { return "name " + quote(s) + ": " + visible.NameProblem(s) }

func (rc *ReleaseControl) find(name string) (int, bool) {
	return slices.BinarySearchFunc(rc.schedules, name, func(s ReleaseSchedule, n string) int {
		return strings.Compare(s.Name, n)
	})
}
