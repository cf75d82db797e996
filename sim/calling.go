package sim

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/calling"
	"github.com/wxlicense/wxlicense/license"
)

// callingWorld is the org's Webex Calling. When the scenario uses calling
// its inventory is attached to the org (calling.Attach), and the engine
// places users (CAL-2, CAL-4, CAL-5, CAL-8) and destroys calling data
// (CAL-9, CAL-10) itself, listing both in every plan (Plan.Calling). The
// simulator only edits the inventory, hands out its numbers as work
// numbers, traces the plans' calling changes and checks INV-7 on them.
type callingWorld struct {
	pl     *calling.Placer // nil: the scenario uses no calling
	ranges []numRange
	placed int // users placed, from the plans' calling changes
}

// numRange is a block of pre-provisioned numbers: +digits, +digits+1, ...
type numRange struct {
	loc    string
	base   uint64
	n      int
	handed int
}

// errNoCalling refuses an inventory edit in a run without calling.
var errNoCalling = errors.New("sim: the scenario uses no Webex Calling")

// usesCalling reports whether a scenario uses Webex Calling: it edits the
// calling inventory or work numbers, re-applies calling templates, or buys
// units of a kind that needs a placement (CAL-1).
func usesCalling(sc *Scenario) bool {
	pk := placementKinds(sc.Catalog)
	for _, st := range sc.Statements {
		switch c := st.Cmd.(type) {
		case cmdLocation, cmdNumbers, cmdCallingRetry, cmdWorkNumbers:
			return true
		case cmdSubscription:
			for k := range c.units {
				if pk.Has(k) {
					return true
				}
			}
		}
	}
	return false
}

// attach attaches an empty inventory to the org.
func (c *callingWorld) attach(o *assignment.Org) error {
	pl, err := calling.Attach(o, &calling.Inventory{})
	c.pl = pl
	return err
}

func (c *callingWorld) inventory() (*calling.Inventory, error) {
	if c.pl == nil {
		return nil, errNoCalling
	}
	return c.pl.Inventory(), nil
}

func (c *callingWorld) addLocation(id, name string, enabled bool) error {
	inv, err := c.inventory()
	if err != nil {
		return err
	}
	return inv.AddLocation(id, name, enabled)
}

func (c *callingWorld) addNumbers(loc, first string, n int, active bool) error {
	inv, err := c.inventory()
	if err != nil {
		return err
	}
	e, err := calling.ParseE164(first)
	if err != nil {
		return err
	}
	base, _ := strconv.ParseUint(e.String()[1:], 10, 64)
	if n > 0 && len(strconv.FormatUint(base+uint64(n-1), 10)) > 15 { // the last number
		return fmt.Errorf("sim: numbers from %s: %d numbers overflow E.164", first, n)
	}
	nums := make([]calling.E164, n)
	for i := range nums {
		nums[i] = calling.MustParseE164("+" + strconv.FormatUint(base+uint64(i), 10))
	}
	if err := inv.AddNumbers(loc, active, nums...); err != nil {
		return err
	}
	c.ranges = append(c.ranges, numRange{loc: loc, base: base, n: n})
	return nil
}

// freeNumber returns a valid, free, pre-provisioned number not handed out
// before.
func (c *callingWorld) freeNumber() (string, bool) {
	if c.pl == nil {
		return "", false
	}
	inv := c.pl.Inventory()
	for i := range c.ranges {
		r := &c.ranges[i]
		for r.handed < r.n {
			num := "+" + strconv.FormatUint(r.base+uint64(r.handed), 10)
			r.handed++
			if n, ok := inv.Lookup(calling.MustParseE164(num)); ok && n.Owner.IsZero() {
				return num, true
			}
		}
	}
	return "", false
}

func placementKinds(cat *license.Catalog) license.Set {
	return cat.Matching(func(i license.Info) bool { return i.NeedsPlacement })
}

// failed returns, by user, whether the user is in the failure report of
// CAL-6: their latest calling attempt failed, they have no Webex Calling,
// and a template granting it governs them now.
func (c *callingWorld) failed() []bool {
	if c.pl == nil {
		return nil
	}
	fs := c.pl.Failures()
	if len(fs) == 0 {
		return nil
	}
	out := make([]bool, int(fs[len(fs)-1].User)+1) // Failures is in user order
	for _, f := range fs {
		out[f.User] = true
	}
	return out
}

// report returns the users placed and the failure report of CAL-6 by
// reason.
func (c *callingWorld) report() (int, []Count) {
	m := map[string]int{}
	if c.pl != nil {
		for _, f := range c.pl.Failures() {
			m[f.Reason.String()]++
		}
	}
	return c.placed, sortedCounts(m)
}

// afterPlan counts the placements and destructions of an applied plan.
func (c *callingWorld) afterPlan(p *assignment.Plan) {
	for _, ch := range p.Calling {
		switch ch.Op {
		case assignment.Placed:
			c.placed++
		case assignment.Destroyed:
			c.placed--
		}
	}
}

// callingRecord is the trace record of one calling change of a plan:
// "place" with the placement, "fail" with the reason (CAL-3, CAL-4) and
// the raw work number tried, "destroy" with the placement lost and what
// was destroyed (CAL-9).
func callingRecord(n *names, ch assignment.CallingChange) Record {
	r := Record{Type: "calling", User: n.user(ch.User), Location: ch.Placement.Location, Number: ch.Placement.Number}
	if ch.Kind != license.NoKind {
		r.License = n.kind(ch.Kind)
	}
	switch ch.Op {
	case assignment.Placed:
		r.Op = "place"
	case assignment.NotPlaced:
		r.Op, r.Reason = "fail", ch.Reason
		var f *calling.Failure
		if errors.As(ch.Err, &f) {
			r.Number = f.Raw
		}
	case assignment.Destroyed:
		r.Op, r.Detail = "destroy", ch.Reason
	default:
		r.Op = ch.Op.String()
	}
	return r
}

// callingTemplates returns the saves that re-apply, with existing scope
// and preserve on, the live templates granting Webex Calling that govern
// the group's members (every member's with group ""): the org template in
// org mode, the group's own templates in group mode (CAL-5, CAL-8).
func (s *Sim) callingTemplates(group string) ([]assignment.SaveTemplate, error) {
	gid, ok := s.org.LookupGroup(group)
	if group != "" && !ok {
		return nil, fmt.Errorf("sim: unknown group %q", group)
	}
	pk := placementKinds(s.cat)
	mode := s.org.Mode()
	var out []assignment.SaveTemplate
	for t := range s.org.Templates() {
		if t.Deleted || t.Mode != mode || t.Licenses.Intersect(pk).IsEmpty() {
			continue
		}
		if mode == assignment.GroupMode && group != "" {
			if id, ok := s.org.LookupGroup(t.Group); !ok || id != gid {
				continue
			}
		}
		out = append(out, assignment.SaveTemplate{Name: t.Name, Group: t.Group, Licenses: t.Entries, Scope: assignment.Existing})
	}
	return out, nil
}
