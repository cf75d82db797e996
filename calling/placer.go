package calling

import (
	"errors"
	"fmt"

	"github.com/wxlicense/wxlicense/assignment"
)

// Placer connects an [Inventory] to an assignment.Org: it implements
// assignment.Placer, so that every action of the org that grants Webex
// Calling places the user here (CAL-2, CAL-4, CAL-5, CAL-8), every removal
// of Webex Calling destroys the user's calling data (CAL-9), and the plan
// shows both before they happen. It keeps the failure report of CAL-6.
//
// Attach it with [Attach]. Edits of the inventory (locations, numbers,
// services) go to [Placer.Inventory] directly; they make the plans made
// before them stale. The zero Placer places users in an empty inventory
// of its own and, as a [Placer.Clone], serves no org; Org.SetPlacer
// refuses a nil *Placer (ErrNil).
type Placer struct {
	org    *assignment.Org // the org attached to, asked who is governed (CAL-6); nil in a copy
	inv    *Inventory
	report report // the latest failed attempt of each user (CAL-6)
}

// Attach attaches an inventory to an org: it returns the placer, after
// checking that the users holding Webex Calling are exactly the users
// placed in the inventory (INV-4). The placer serves that org: given to
// another with Org.SetPlacer, its failure report still asks the first who
// is governed (CAL-6).
func Attach(o *assignment.Org, inv *Inventory) (*Placer, error) {
	if o == nil || inv == nil {
		return nil, bad("attach", "nil", ErrNil)
	}
	p := &Placer{org: o, inv: inv}
	if err := o.SetPlacer(p); err != nil {
		return nil, err
	}
	return p, nil
}

// Inventory returns the inventory the placer places users in.
func (p *Placer) Inventory() *Inventory { return p.iv() }

// iv returns the inventory, made empty at the zero Placer's first use.
func (p *Placer) iv() *Inventory {
	if p.inv == nil {
		p.inv = &Inventory{}
	}
	return p.inv
}

// Failures returns the failure report of CAL-6: each user whose most
// recent calling attempt failed, who has no Webex Calling now and whom a
// live template granting Webex Calling governs now, with that attempt's
// reason and raw work number, in user order. An attempt is kept until the
// user's next attempt: applying the same template twice gives the same
// report. A user drops out of the report when placed, deleted, or no
// longer governed by such a template (the user left its group, the
// template was deleted or saved without Webex Calling, the mode
// switched), and comes back, with the same attempt, when governed again
// without a new attempt (a save with future scope).
func (p *Placer) Failures() []Failure {
	out := []Failure{}
	var g *governance // computed at the first failure: most reports are empty
	for u, i := range p.report.at {
		if i == 0 || p.iv().Placed(UserKey(u)) {
			continue
		}
		if g == nil {
			g = governanceOf(p.org)
		}
		if g.governs(UserKey(u)) {
			out = append(out, p.report.list[i-1])
		}
	}
	return out
}

// Placement returns a user's current Webex Calling placement, false when
// the user is not placed: the users CSV's Extension and Location
// (assignment.CallingDirectory).
func (p *Placer) Placement(id assignment.UserID) (assignment.Placement, bool) {
	pr, ok := p.iv().Profile(UserKey(id))
	if !ok {
		return assignment.Placement{}, false
	}
	return placementOf(pr), true
}

// NumberOwner names who owns number in the inventory, "" when it is free,
// id's own, not in the inventory or not E.164: a users CSV row may not set
// another owner's number as a work number (assignment.CallingDirectory).
func (p *Placer) NumberOwner(id assignment.UserID, number string) string {
	n, err := ParseE164(number)
	if err != nil {
		return ""
	}
	rec, ok := p.iv().Lookup(n)
	if !ok || rec.Owner.IsZero() || rec.Owner == UserOwner(UserKey(id)) {
		return ""
	}
	return rec.Owner.String()
}

// Clone returns an independent copy, for assignment's Org.Clone, which
// keeps it out of callers' reach. The copy does not know the org it
// serves, so its Failures could not tell who is governed: it would list
// every failure.
func (p *Placer) Clone() assignment.Placer {
	return &Placer{inv: p.iv().Clone(), report: p.report.clone()}
}

// ErrCallingMismatch is reported by Check when a user holds Webex Calling
// without being placed, or is placed without holding it (INV-4).
var ErrCallingMismatch = errors.New("calling: Webex Calling and the inventory disagree")

// Check reports every user who holds Webex Calling but is not placed, or
// is placed but holds no Webex Calling, and the inventory's own INV-4
// violations.
func (p *Placer) Check(holds func(assignment.UserID) bool, users int) error {
	if p == nil || holds == nil {
		return bad("placer", "nil", ErrNil)
	}
	iv := p.iv()
	var errs []error
	for u := range users {
		id := UserKey(u)
		if holds(assignment.UserID(u)) != iv.Placed(id) {
			errs = append(errs, fmt.Errorf("%w: user %d holds Webex Calling %v, placed %v", ErrCallingMismatch, u, holds(assignment.UserID(u)), iv.Placed(id)))
		}
	}
	for u := users; u < len(iv.profiles); u++ {
		if iv.Placed(UserKey(u)) {
			errs = append(errs, fmt.Errorf("%w: user %d is placed but not in the org", ErrCallingMismatch, u))
		}
	}
	for _, v := range iv.Violations() {
		errs = append(errs, fmt.Errorf("INV-4: %v", v))
	}
	return errors.Join(errs...)
}
