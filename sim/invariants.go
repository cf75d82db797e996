package sim

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/calling"
)

// The names under which the summary counts the built-in checks.
const (
	checkOrg        = "INV-1/2/3/9/10 org state"
	checkOrgCalling = "INV-1/2/3/4/9/10 org state"
	checkBW         = "INV-8 broadworks mapping"
	checkQuiet      = "INV-9 quiet period"
	checkINV5       = "INV-5 preserve removes nothing"
	checkINV6       = "INV-6 second application changes nothing"
	checkINV7       = "INV-7 moves keep calling data"
	checkINV7d      = "INV-7 destructions allowed"
)

// numBuiltin is how many of Sim.invs are built in: the org and BroadWorks
// checks, which "check every" spaces; a caller's follow them.
const numBuiltin = 2

// builtinInvariants are the state invariants of SPEC section 7 that hold
// after every event. Org.CheckInvariants checks INV-4 too when the calling
// inventory is attached (calling: the placer's check). The transition
// properties (INV-5, INV-6, INV-7) are checked as plans are applied
// (checkTransition, checkCallingData).
func builtinInvariants(withCalling bool) []Invariant {
	org := checkOrg
	if withCalling {
		org = checkOrgCalling
	}
	return []Invariant{
		{org, func(s *Sim) error { return s.org.CheckInvariants() }},
		{checkBW, func(s *Sim) error {
			if s.bw == nil {
				return nil
			}
			return errors.Join(errs(s.bw.cloud.CheckInvariants())...)
		}},
	}
}

func errs[E error](list []E) []error {
	out := make([]error, len(list))
	for i, e := range list {
		out[i] = e
	}
	return out
}

// check runs the invariants after an event. The org-wide state checks run
// after every event, or every Scenario.CheckEvery of virtual time when the
// scenario spaces them; a caller's invariants and the quiet-period check
// run after every event.
func (s *Sim) check() {
	full := s.sc.CheckEvery == 0 || s.events == 1 || s.now-s.lastCheck >= s.sc.CheckEvery
	for i, inv := range s.invs {
		if i < numBuiltin && !full || inv.Name == checkBW && s.bw == nil {
			continue
		}
		for len(s.invRuns) <= i {
			s.invRuns = append(s.invRuns, 0)
		}
		s.invRuns[i]++
		if inv.Check == nil {
			s.stop("invariant", inv.Name, "the invariant has no Check")
			return
		}
		if err := inv.Check(s); err != nil {
			s.stop("invariant", invariantName(inv.Name, err), err.Error())
			return
		}
	}
	if full {
		s.lastCheck = s.now
	}
	if s.changedOnce && s.now-s.lastChange >= assignment.MaxAppDelay {
		s.syncClock()
		s.checks[checkQuiet]++
		for id := range s.org.AppLagging() {
			s.stop("invariant", "INV-9", fmt.Sprintf("%s's app differs from the admin view %s after the last change",
				s.names.user(id), FormatDuration(s.now-s.lastChange)))
			return
		}
	}
}

// invariantName names the first broken invariant of an error from
// Org.CheckInvariants, or the check's own name.
func invariantName(check string, err error) string {
	var ie *assignment.InvariantError
	if errors.As(err, &ie) {
		return ie.Invariant
	}
	if i := strings.IndexByte(check, ' '); strings.HasPrefix(check, "INV-") && i > 0 {
		return strings.Split(check[:i], "/")[0]
	}
	return check
}

func (s *Sim) stop(kind, name, detail string) {
	if s.fail == nil {
		s.fail = s.failAt(kind, name, detail)
		s.tr.failure(s, s.fail)
	}
}

// checkTransition checks the transition properties on an applied plan:
// INV-5 (a preserve-on application removes nothing but the two upgrades)
// and INV-6 (applying the same save again changes nothing and reports the
// same shortfalls).
func (s *Sim) checkTransition(a assignment.Action, p *assignment.Plan) {
	if preserveOn(a, s.org.Settings()) {
		s.checks[checkINV5]++
		for _, c := range p.Changes {
			if c.Op == assignment.Remove && c.Reason != assignment.BecauseUpgrade {
				s.stop("invariant", "INV-5", "preserve-on "+a.String()+" removed: "+p.Describe(c))
				return
			}
		}
	}
	if save, ok := a.(assignment.SaveTemplate); ok && save.Scope == assignment.Existing {
		s.checks[checkINV6]++
		again, err := s.org.Plan(save)
		if err != nil {
			s.stop("invariant", "INV-6", "saving again refused: "+err.Error())
			return
		}
		if len(again.Changes) > 0 {
			s.stop("invariant", "INV-6", "saving again changes: "+again.Describe(again.Changes[0]))
			return
		}
		if !slices.Equal(again.Shortfalls, p.Shortfalls) {
			s.stop("invariant", "INV-6", fmt.Sprintf("saving again reports %d shortfalls, not %d",
				len(again.Shortfalls), len(p.Shortfalls)))
		}
	}
}

// preserveOn reports whether a is an application with preserve on (INV-5).
func preserveOn(a assignment.Action, set assignment.Settings) bool {
	switch a := a.(type) {
	case assignment.SaveTemplate:
		return a.Scope == assignment.Existing && !a.PreserveOff
	case assignment.DeleteTemplate:
		return !a.PreserveOff
	case assignment.JoinGroup, assignment.AddUsers:
		return true
	case assignment.MoveUser, assignment.LeaveGroup:
		return set.PreserveOnGroupChange
	}
	return false
}

// checkCallingData is INV-7 on an applied plan: a subscription move of
// Webex Calling (CAL-10, CAL-11) keeps the user's calling data, and calling
// data is destroyed only by an acknowledged removal (CAL-9), a subscription
// cancellation or expiry (CAL-10), or a membership change while the
// group-change setting is off (ASG-8).
func (s *Sim) checkCallingData(a assignment.Action, p *assignment.Plan) {
	if s.calling.pl == nil {
		return
	}
	var destroyed []bool // by user
	for _, c := range p.Calling {
		if c.Op != assignment.Destroyed {
			continue
		}
		s.checks[checkINV7d]++
		if !mayDestroy(a, s.org.Settings()) {
			s.stop("invariant", "INV-7", fmt.Sprintf("%s destroyed the calling data of %s", a, s.names.user(c.User)))
			return
		}
		if destroyed == nil {
			destroyed = make([]bool, s.org.NumUsers())
		}
		destroyed[c.User] = true
	}
	pk := placementKinds(s.cat)
	inv := s.calling.pl.Inventory()
	for _, c := range p.Changes {
		if c.Op != assignment.Move || !pk.Has(c.Kind) {
			continue
		}
		s.checks[checkINV7]++
		if int(c.User) < len(destroyed) && destroyed[c.User] || !inv.Placed(calling.UserKey(c.User)) {
			s.stop("invariant", "INV-7", "a move destroyed the calling data: "+p.Describe(c))
			return
		}
	}
}

// mayDestroy reports whether an action may destroy calling data (INV-7).
func mayDestroy(a assignment.Action, set assignment.Settings) bool {
	switch a := a.(type) {
	case assignment.CancelSubscription, assignment.DeleteUser:
		return true
	case assignment.MoveUser, assignment.LeaveGroup, assignment.JoinGroup:
		return !set.PreserveOnGroupChange
	case assignment.SaveTemplate:
		return a.Ack
	case assignment.DeleteTemplate:
		return a.Ack
	case assignment.RemoveService:
		return a.Ack
	case assignment.ImportCSV:
		return a.Ack
	case assignment.UpdateLicenses:
		return a.Ack
	case assignment.ModifyLicenses:
		return a.Ack
	case assignment.EditServices:
		return a.Ack
	}
	return false
}
