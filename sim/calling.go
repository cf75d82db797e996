package sim

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/calling"
	"github.com/wxlicense/wxlicense/license"
)

// callingWorld is what the simulator needs of Webex Calling. Today the
// assignment engine does not place users itself: it grants Webex Calling to
// a new user given a Placement and to nobody else. inventoryCalling drives
// package calling beside the engine — the work-number path for new users,
// the inventory, the directory's work numbers, the destruction of calling
// data — and is the one place to switch to the engine's placement hook
// once it exists (see the package documentation).
type callingWorld interface {
	addLocation(id, name string, enabled bool) error
	addNumbers(loc, first string, n int, active bool) error
	// freeNumber returns a valid, free, pre-provisioned number not handed
	// out before.
	freeNumber() (string, bool)
	// place runs the work-number path (CAL-2, CAL-3, CAL-4) for users about
	// to be added with IDs from base on: the placement to give each, zero
	// for none.
	place(s *Sim, base assignment.UserID, users []assignment.NewUser, work []string) []assignment.Placement
	// commit records the outcome once the add is applied.
	commit(s *Sim, base assignment.UserID, users []assignment.NewUser, work []string, placed []assignment.Placement) error
	setWork(u assignment.UserID, raw string, by calling.Source) error
	// retry tries users again on the work-number path (CAL-8).
	retry(s *Sim, users []assignment.UserID) error
	afterPlan(s *Sim, p *assignment.Plan)
	check(s *Sim) error
	report() (placed int, failures []Count)
	hasFailure(u assignment.UserID) bool
	isPlaced(u assignment.UserID) bool
	cancel(sub string)
	cancelled(sub string) bool
}

// numRange is a block of pre-provisioned numbers: +digits, +digits+1, ...
type numRange struct {
	loc    string
	base   uint64
	n      int
	handed int
}

// placeable marks, in inventoryCalling.reason, a user the work-number path
// would now place but the engine cannot yet grant Webex Calling to.
const placeable = 0xff

type inventoryCalling struct {
	inv           calling.Inventory
	dir           calling.Directory
	ranges        []numRange
	reason        []uint8 // by user: the FailureReason of the latest attempt, placeable, or 0
	placed        int
	cancelledSubs []string
}

func newInventoryCalling() *inventoryCalling { return &inventoryCalling{} }

func (c *inventoryCalling) addLocation(id, name string, enabled bool) error {
	return c.inv.AddLocation(id, name, enabled)
}

func (c *inventoryCalling) addNumbers(loc, first string, n int, active bool) error {
	e, err := calling.ParseE164(first)
	if err != nil {
		return err
	}
	base, _ := strconv.ParseUint(e.String()[1:], 10, 64)
	if len(strconv.FormatUint(base+uint64(n), 10)) > 15 {
		return fmt.Errorf("sim: numbers from %s: %d numbers overflow E.164", first, n)
	}
	nums := make([]calling.E164, n)
	for i := range nums {
		nums[i] = calling.MustParseE164("+" + strconv.FormatUint(base+uint64(i), 10))
	}
	if err := c.inv.AddNumbers(loc, active, nums...); err != nil {
		return err
	}
	c.ranges = append(c.ranges, numRange{loc: loc, base: base, n: n})
	return nil
}

func (c *inventoryCalling) freeNumber() (string, bool) {
	for i := range c.ranges {
		r := &c.ranges[i]
		for r.handed < r.n {
			num := "+" + strconv.FormatUint(r.base+uint64(r.handed), 10)
			r.handed++
			if n, ok := c.inv.Lookup(calling.MustParseE164(num)); ok && n.Owner.IsZero() {
				return num, true
			}
		}
	}
	return "", false
}

// callingGoverned reports, for a user about to be added, whether a template
// that will govern them grants Webex Calling (CAL-4: only they are placed).
func callingGoverned(s *Sim, u assignment.NewUser, cache map[string]bool) bool {
	if s.org.Mode() == assignment.OrgMode {
		return grantsCalling(s, "", cache)
	}
	for _, g := range u.Groups {
		if grantsCalling(s, g, cache) {
			return true
		}
	}
	return false
}

func grantsCalling(s *Sim, group string, cache map[string]bool) bool {
	if v, ok := cache[group]; ok {
		return v
	}
	v := false
	for t := range s.org.Templates() {
		if t.Group == group && (group != "" || t.Mode == assignment.OrgMode) {
			v = !t.Licenses.Intersect(placementKinds(s.cat)).IsEmpty()
		}
	}
	cache[group] = v
	return v
}

func placementKinds(cat *license.Catalog) license.Set {
	return cat.Matching(func(i license.Info) bool { return i.NeedsPlacement })
}

func (c *inventoryCalling) candidates(s *Sim, base assignment.UserID, users []assignment.NewUser, work []string) []calling.Candidate {
	cache := map[string]bool{}
	var cands []calling.Candidate
	for i, u := range users {
		if !callingGoverned(s, u, cache) {
			continue
		}
		cands = append(cands, calling.Candidate{User: calling.UserKey(base) + calling.UserKey(i), WorkNumber: work[i], Synced: u.Synced})
	}
	return cands
}

func (c *inventoryCalling) place(s *Sim, base assignment.UserID, users []assignment.NewUser, work []string) []assignment.Placement {
	out := make([]assignment.Placement, len(users))
	b, err := c.inv.Plan(c.candidates(s, base, users, work))
	if err != nil {
		return out
	}
	for p := range b.Placements() {
		out[int(p.User)-int(base)] = assignment.Placement{Location: p.Location, Number: p.Number.String(), Extension: p.Extension}
	}
	return out
}

func (c *inventoryCalling) commit(s *Sim, base assignment.UserID, users []assignment.NewUser, work []string, placed []assignment.Placement) error {
	for i, u := range users {
		if err := c.dir.Add(calling.UserKey(base)+calling.UserKey(i), work[i], u.Synced); err != nil {
			return err
		}
	}
	c.grow(int(base) + len(users))
	cands := c.candidates(s, base, users, work)
	b, err := c.inv.Plan(cands)
	if err != nil {
		return err
	}
	for _, f := range b.Failures() {
		c.fail(s, f.User, f.Reason, f.Raw)
	}
	pk := placementKinds(s.cat)
	var got []calling.Candidate
	for _, cd := range cands {
		i := int(cd.User) - int(base)
		if placed[i].IsZero() {
			continue
		}
		if s.org.Held(assignment.UserID(cd.User)).Intersect(pk).IsEmpty() {
			c.fail(s, cd.User, calling.NoUnitAvailable, cd.WorkNumber)
			continue
		}
		got = append(got, cd)
	}
	return c.apply(s, got)
}

// apply places users who passed the checks and hold Webex Calling.
func (c *inventoryCalling) apply(s *Sim, cands []calling.Candidate) error {
	if len(cands) == 0 {
		return nil
	}
	b, err := c.inv.Plan(cands)
	if err != nil {
		return err
	}
	if err := c.inv.Apply(b); err != nil {
		return err
	}
	for p := range b.Placements() {
		c.reason[p.User] = 0
		c.placed++
		s.tr.calling(s, Record{Op: "place", User: s.names.user(assignment.UserID(p.User)), Location: p.Location, Number: p.Number.String()})
	}
	return nil
}

func (c *inventoryCalling) grow(n int) {
	for len(c.reason) < n {
		c.reason = append(c.reason, 0)
	}
}

func (c *inventoryCalling) fail(s *Sim, u calling.UserKey, r calling.FailureReason, raw string) {
	c.grow(int(u) + 1)
	c.reason[u] = uint8(r)
	s.tr.calling(s, Record{Op: "fail", User: s.names.user(assignment.UserID(u)), Reason: r.String(), Number: raw})
}

func (c *inventoryCalling) hasFailure(u assignment.UserID) bool {
	return int(u) < len(c.reason) && c.reason[u] != 0 && c.reason[u] != placeable
}

func (c *inventoryCalling) isPlaced(u assignment.UserID) bool {
	return c.inv.Placed(calling.UserKey(u))
}

func (c *inventoryCalling) setWork(u assignment.UserID, raw string, by calling.Source) error {
	return c.dir.SetWorkNumber(calling.UserKey(u), raw, by)
}

// retry is the CAL-8 re-application for users without Webex Calling. The
// engine cannot yet give an existing user a placement, so a user who now
// passes the checks is recorded as placeable (traced "placeable") and left
// without Webex Calling; a user who still fails gets the new reason.
func (c *inventoryCalling) retry(s *Sim, users []assignment.UserID) error {
	keys := make([]calling.UserKey, 0, len(users))
	for _, u := range users {
		if !c.inv.Placed(calling.UserKey(u)) {
			keys = append(keys, calling.UserKey(u))
		}
	}
	cands, err := c.dir.Candidates(keys...)
	if err != nil {
		return err
	}
	b, err := c.inv.Plan(cands)
	if err != nil {
		return err
	}
	for _, f := range b.Failures() {
		c.fail(s, f.User, f.Reason, f.Raw)
	}
	for p := range b.Placements() {
		c.grow(int(p.User) + 1)
		c.reason[p.User] = placeable
		s.tr.calling(s, Record{Op: "placeable", User: s.names.user(assignment.UserID(p.User)), Location: p.Location,
			Number: p.Number.String(), Detail: "awaiting the engine's placement hook"})
	}
	return nil
}

// afterPlan destroys the calling data of users a plan left without Webex
// Calling (CAL-9, CAL-10), traced per user with what was lost (INV-7).
func (c *inventoryCalling) afterPlan(s *Sim, p *assignment.Plan) {
	pk := placementKinds(s.cat)
	var lost []calling.UserKey
	for _, ch := range p.Changes {
		if ch.Op != assignment.Remove || !pk.Has(ch.Kind) {
			continue
		}
		u := calling.UserKey(ch.User)
		if c.inv.Placed(u) && s.org.Held(ch.User).Intersect(pk).IsEmpty() && (len(lost) == 0 || lost[len(lost)-1] != u) {
			lost = append(lost, u)
		}
	}
	if len(lost) == 0 {
		return
	}
	gone, err := c.inv.Remove(lost...)
	if err != nil {
		s.tr.eventError(s, err)
		return
	}
	c.placed -= len(gone)
	for _, d := range gone {
		s.tr.calling(s, Record{Op: "destroy", User: s.names.user(assignment.UserID(d.User)), Detail: d.String()})
	}
}

// check is INV-4: the inventory's own violations, and a user holds Webex
// Calling exactly when placed.
func (c *inventoryCalling) check(s *Sim) error {
	var errList []error
	for _, v := range c.inv.Violations() {
		errList = append(errList, errors.New(v.String()))
	}
	pk := placementKinds(s.cat)
	for id := range s.org.NumUsers() {
		holds := !s.org.Held(assignment.UserID(id)).Intersect(pk).IsEmpty()
		if holds != c.inv.Placed(calling.UserKey(id)) {
			errList = append(errList, fmt.Errorf("INV-4: %s holds Webex Calling %v but placed %v",
				s.names.user(assignment.UserID(id)), holds, !holds))
			break
		}
	}
	return errors.Join(errList...)
}

func (c *inventoryCalling) report() (int, []Count) {
	m := map[string]int{}
	for _, r := range c.reason {
		switch r {
		case 0:
		case placeable:
			m["Placeable (awaiting engine)"]++
		default:
			m[calling.FailureReason(r).String()]++
		}
	}
	return c.placed, sortedCounts(m)
}

func (c *inventoryCalling) cancel(sub string) { c.cancelledSubs = append(c.cancelledSubs, sub) }

func (c *inventoryCalling) cancelled(sub string) bool {
	for _, x := range c.cancelledSubs {
		if x == sub {
			return true
		}
	}
	return false
}
