package broadworks

import (
	"time"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// staged is engine work planned during validation and applied by commit:
// one plan on the org's own engine, or several applied to a copy that
// commit installs. Either way nothing changes before commit.
type staged struct {
	org     *Org
	copy    *assignment.Org // the engine with plans applied; nil: plans[0] applies to org.eng
	plans   []*assignment.Plan
	cause   string
	deleted []*Person // persons the staged work deletes
}

// stage plans acts on o's engine (on eng when o is new), as one unit.
func stage(o *Org, eng *assignment.Org, cause string, acts ...assignment.Action) (*staged, error) {
	s := &staged{org: o, cause: cause}
	if eng == nil && len(acts) == 1 {
		p, err := o.eng.Plan(acts[0])
		if err != nil {
			return nil, err
		}
		s.plans = []*assignment.Plan{p}
		return s, nil
	}
	if eng == nil {
		eng = o.eng.Clone()
	}
	for _, a := range acts {
		p, err := eng.Do(a)
		if err != nil {
			return nil, err
		}
		s.plans = append(s.plans, p)
	}
	s.copy = eng
	return s, nil
}

// commit installs the staged work and records its plans.
func (s *staged) commit(now time.Time) {
	if s == nil {
		return
	}
	o := s.org
	if len(s.plans) == 0 {
		return
	}
	if s.copy != nil {
		o.eng = s.copy
	} else if err := o.eng.Apply(s.plans[0]); err != nil {
		panic("broadworks: staged plan went stale: " + err.Error()) // unreachable: planned at this version
	}
	for _, p := range s.plans {
		if !p.Empty() {
			o.changes = append(o.changes, LicenseChange{At: now, Cause: s.cause, Plan: p})
		}
	}
}

// addPersonAction adds a person with exactly kinds (ASG-9), or sets the
// licenses of the engine user the e-mail already has (an attached org's).
func addPersonAction(eng *assignment.Org, email string, kinds license.Set) assignment.Action {
	if _, ok := eng.LookupUser(email); ok {
		return assignment.UpdateLicenses{User: email, Licenses: kinds.Kinds(), Ack: true}
	}
	return assignment.AddUsers{Users: []assignment.NewUser{{Email: email, Explicit: true, Licenses: kinds.Kinds()}}}
}

// modifyAction adds add and removes remove (kinds not held are skipped);
// nil when nothing changes.
func modifyAction(eng *assignment.Org, email string, add, remove license.Set) assignment.Action {
	u, ok := eng.LookupUser(email)
	if !ok {
		return nil
	}
	held := eng.Held(u)
	var ops []assignment.LicenseOp
	for k := range remove.Intersect(held).Diff(add).All() {
		ops = append(ops, assignment.LicenseOp{Kind: k, Remove: true})
	}
	for k := range add.Diff(held).All() {
		ops = append(ops, assignment.LicenseOp{Kind: k})
	}
	if len(ops) == 0 {
		return nil
	}
	return assignment.ModifyLicenses{User: email, Ops: ops, Ack: true}
}

// paidOf returns the paid kinds of a package: what removing the subscriber
// takes away (BW-18).
func (c *Cloud) paidOf(p Package) license.Set {
	var s license.Set
	for k := range c.PackageLicenses(p).All() {
		if c.cat.Info(k).Paid {
			s = s.Add(k)
		}
	}
	return s
}

// bwSubscriptionAction adds the Webex for BroadWorks subscription to an
// org's engine.
func (c *Cloud) bwSubscriptionAction(now time.Time) assignment.Action {
	units := map[license.Kind]int{}
	for p := Basic; p <= Softphone; p++ {
		for k := range c.paidOf(p).All() {
			units[k] = bwUnits
		}
	}
	return assignment.AddSubscription{Subscription: license.Subscription{ID: bwSubscription, Created: now, Units: units}}
}
