package calling

import (
	"errors"
	"fmt"
	"slices"

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
// before them stale.
type Placer struct {
	inv      *Inventory
	failures map[UserKey]Failure // the latest failed attempt of each user (CAL-6)
}

// Attach attaches an inventory to an org: it returns the placer, after
// checking that the users holding Webex Calling are exactly the users
// placed in the inventory (INV-4).
func Attach(o *assignment.Org, inv *Inventory) (*Placer, error) {
	if o == nil || inv == nil {
		return nil, bad("attach", "nil", ErrNil)
	}
	p := &Placer{inv: inv, failures: map[UserKey]Failure{}}
	if err := o.SetPlacer(p); err != nil {
		return nil, err
	}
	return p, nil
}

// Inventory returns the inventory the placer places users in.
func (p *Placer) Inventory() *Inventory { return p.inv }

// Failures returns the failure report of CAL-6: each user whose most
// recent calling attempt failed and who has no Webex Calling now, with
// that attempt's reason and raw work number, in user order. It is kept
// until the user's next attempt: applying the same template twice gives
// the same report.
func (p *Placer) Failures() []Failure {
	out := make([]Failure, 0, len(p.failures))
	for u, f := range p.failures {
		if !p.inv.Placed(u) {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b Failure) int { return int(a.User) - int(b.User) })
	return out
}

// Placement returns a user's current Webex Calling placement, false when
// the user is not placed: the users CSV's Extension and Location
// (assignment.CallingDirectory).
func (p *Placer) Placement(id assignment.UserID) (assignment.Placement, bool) {
	pr, ok := p.inv.Profile(UserKey(id))
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
	rec, ok := p.inv.Lookup(n)
	if !ok || rec.Owner.IsZero() || rec.Owner == UserOwner(UserKey(id)) {
		return ""
	}
	return rec.Owner.String()
}

// Clone returns an independent copy, for assignment's Org.Clone.
func (p *Placer) Clone() assignment.Placer {
	c := &Placer{inv: p.inv.Clone(), failures: make(map[UserKey]Failure, len(p.failures))}
	for u, f := range p.failures {
		c.failures[u] = f
	}
	return c
}

// ErrCallingMismatch is reported by Check when a user holds Webex Calling
// without being placed, or is placed without holding it (INV-4).
var ErrCallingMismatch = errors.New("calling: Webex Calling and the inventory disagree")

// Check reports every user who holds Webex Calling but is not placed, or
// is placed but holds no Webex Calling, and the inventory's own INV-4
// violations.
func (p *Placer) Check(holds func(assignment.UserID) bool, users int) error {
	var errs []error
	for u := range users {
		id := UserKey(u)
		if holds(assignment.UserID(u)) != p.inv.Placed(id) {
			errs = append(errs, fmt.Errorf("%w: user %d holds Webex Calling %v, placed %v", ErrCallingMismatch, u, holds(assignment.UserID(u)), p.inv.Placed(id)))
		}
	}
	for u := users; u < len(p.inv.profiles); u++ {
		if p.inv.Placed(UserKey(u)) {
			errs = append(errs, fmt.Errorf("%w: user %d is placed but not in the org", ErrCallingMismatch, u))
		}
	}
	for _, v := range p.inv.Violations() {
		errs = append(errs, fmt.Errorf("INV-4: %v", v))
	}
	return errors.Join(errs...)
}

// Begin starts the placements of one plan.
func (p *Placer) Begin() assignment.PlacerSession {
	return &session{p: p, base: p.inv, gen: p.inv.gen}
}

// session is one plan's placements, made on a copy of the inventory taken
// at the first change, so that the placer is untouched until Commit.
type session struct {
	p    *Placer
	base *Inventory
	gen  uint64
	work *Inventory // the copy, once a placement is made
	log  []attempt
	// pre are the outcomes of the prefetched work-number placements, in
	// the order Place will be asked; next is the one it asks next. They
	// hold while the copy changes only by them: anything else drops them.
	pre  []outcome
	next int
}

// outcome is a prefetched placement: a slot, or a failure.
type outcome struct {
	user    UserKey
	work    string
	synced  bool
	slot    slot
	failure *Failure
}

// attempt is one placement attempt of a session, in order.
type attempt struct {
	user    UserKey
	placed  bool     // placed by this attempt, until released
	failure *Failure // why not, for the report
	work    string   // the work number tried, for a release's report
	synced  bool
}

func (s *session) inv() *Inventory {
	if s.work == nil {
		s.work = s.base.Clone()
	}
	return s.work
}

// Place places a user at the admin placement pl, or by the work number.
func (s *session) Place(id assignment.UserID, pl assignment.Placement, work string, synced bool) (assignment.Placement, string, error) {
	u := UserKey(id)
	iv := s.inv()
	if pl.IsZero() && s.next < len(s.pre) && s.pre[s.next].user == u && s.pre[s.next].work == work {
		return s.placePrefetched(iv)
	}
	s.pre = nil // asked out of order: the outcomes may no longer hold
	if pl.IsZero() && u <= MaxUserKey && !iv.Placed(u) {
		return s.placeByNumber(iv, u, work, synced)
	}
	var b *Batch
	var err error
	if !pl.IsZero() {
		b, err = iv.PlanManual([]Request{{u, Placement(pl)}})
	} else {
		b, err = iv.Plan([]Candidate{{User: u, WorkNumber: work, Synced: synced}})
	}
	if err != nil { // an admin placement that no longer holds (CAL-4, CAL-12)
		f := manualFailure(u, pl, err)
		s.log = append(s.log, attempt{user: u, failure: &f})
		return assignment.Placement{}, f.Reason.String(), err
	}
	if fs := b.Failures(); len(fs) > 0 {
		f := fs[0]
		s.log = append(s.log, attempt{user: u, failure: &f})
		return assignment.Placement{}, f.Reason.String(), &f
	}
	if len(b.Skipped()) > 0 {
		return assignment.Placement{}, "AlreadyPlaced", bad("user", fmt.Sprint(u), ErrAlreadyPlaced)
	}
	if err := iv.Apply(b); err != nil {
		return assignment.Placement{}, "InvalidPlacement", err
	}
	s.log = append(s.log, attempt{user: u, placed: true})
	prof, _ := iv.Profile(u)
	return placementOf(prof), "", nil
}

// Prefetch plans the work-number placements the engine will ask for, as
// one batch on the session's copy (CAL-2, CAL-3, CAL-12), so that their
// lookups overlap.
func (s *session) Prefetch(reqs []assignment.PlaceRequest) {
	s.pre, s.next = nil, 0
	cands := make([]Candidate, len(reqs))
	for i, r := range reqs {
		cands[i] = Candidate{User: UserKey(r.User), WorkNumber: r.Work, Synced: r.Synced}
	}
	b, err := s.inv().Plan(cands)
	if err != nil || len(b.skipped) > 0 {
		return // Place answers one by one
	}
	s.pre = make([]outcome, len(cands))
	s.log = slices.Grow(s.log, len(cands))
	s.inv().growProfiles(b.maxUser)
	placed, failed := 0, 0
	for i, c := range cands {
		o := outcome{user: c.User, work: c.WorkNumber, synced: c.Synced}
		switch {
		case placed < len(b.users) && b.users[placed] == c.User:
			o.slot = b.slot(placed)
			placed++
		default:
			o.failure = &b.failures[failed]
			failed++
		}
		s.pre[i] = o
	}
}

// placePrefetched answers the next prefetched placement.
func (s *session) placePrefetched(iv *Inventory) (assignment.Placement, string, error) {
	o := s.pre[s.next]
	s.next++
	if o.failure != nil {
		s.log = append(s.log, attempt{user: o.user, failure: o.failure})
		return assignment.Placement{}, o.failure.Reason.String(), o.failure
	}
	iv.growProfiles(o.user)
	iv.place(o.user, o.slot)
	s.log = append(s.log, attempt{user: o.user, placed: true, work: o.work, synced: o.synced})
	return assignment.Placement{Location: iv.locs[o.slot.loc].id, Number: o.work}, "", nil // a work number that passes is the number as written
}

// placeByNumber is the work-number path for one user (CAL-2, CAL-3),
// without the batch machinery: the session's copy already holds the
// earlier users' numbers, so the first in order wins (CAL-12).
func (s *session) placeByNumber(iv *Inventory, u UserKey, work string, synced bool) (assignment.Placement, string, error) {
	i, r, h := iv.check(work)
	if r != 0 {
		f := Failure{User: u, Reason: r, Raw: work, Owner: iv.owner(h.typ, h.id), Synced: synced}
		s.log = append(s.log, attempt{user: u, failure: &f})
		return assignment.Placement{}, r.String(), &f
	}
	iv.growProfiles(u)
	iv.place(u, slot{rec: i + 1, loc: iv.nums[i].loc})
	s.log = append(s.log, attempt{user: u, placed: true, work: work, synced: synced})
	prof, _ := iv.Profile(u)
	return placementOf(prof), "", nil
}

// manualFailure is the report's entry for an admin placement that fails:
// the CAL-3 reason the error matches, else NoPlacement, with the number or
// extension as the raw value.
func manualFailure(u UserKey, pl assignment.Placement, err error) Failure {
	f := Failure{User: u, Reason: NoPlacement, Raw: pl.Number}
	if f.Raw == "" {
		f.Raw = pl.Extension
	}
	for r := NoWorkNumber; r <= NumberInUse; r++ {
		if errors.Is(err, r.Err()) {
			f.Reason = r
			break
		}
	}
	var pe *PlacementError
	if errors.As(err, &pe) {
		f.Owner = pe.Owner
	}
	return f
}

func placementOf(p Profile) assignment.Placement {
	out := assignment.Placement{Location: p.Location, Extension: p.Extension}
	if p.Number.IsValid() {
		out.Number = p.Number.String()
	}
	return out
}

// Check validates an admin placement without placing.
func (s *session) Check(id assignment.UserID, pl assignment.Placement) error {
	_, err := s.inv().CheckPlacement(UserKey(id), Placement(pl))
	return err
}

// Release undoes the placement of a user who got no unit.
func (s *session) Release(id assignment.UserID) {
	s.pre = nil // a freed number may serve a later user
	u := UserKey(id)
	for i := len(s.log) - 1; i >= 0; i-- {
		if a := &s.log[i]; a.user == u && a.placed {
			_, _ = s.work.Remove(u) // placed by this session: it cannot fail
			a.placed = false
			a.failure = &Failure{User: u, Reason: NoUnitAvailable, Raw: a.work, Synced: a.synced}
			return
		}
	}
}

// NoPlacement records a user added by hand without a placement (CAL-4).
func (s *session) NoPlacement(id assignment.UserID) {
	s.log = append(s.log, attempt{user: UserKey(id), failure: &Failure{User: UserKey(id), Reason: NoPlacement}})
}

// Mark returns the position Rollback returns to.
func (s *session) Mark() int { return len(s.log) }

// Rollback undoes every placement since mark.
func (s *session) Rollback(mark int) {
	s.pre = nil
	for i := len(s.log) - 1; i >= mark; i-- {
		if a := s.log[i]; a.placed {
			_, _ = s.work.Remove(a.user) // placed by this session: it cannot fail
		}
	}
	s.log = s.log[:mark]
}

// Destroys says what removing a user's calling data destroys (CAL-9).
func (s *session) Destroys(id assignment.UserID) (assignment.Placement, string) {
	d, err := s.base.Destroys(UserKey(id))
	if err != nil || len(d) == 0 {
		return assignment.Placement{}, "nothing"
	}
	return placementOf(d[0].Profile), d[0].String()
}

// Valid reports ErrStaleBatch when the inventory changed since Begin.
func (s *session) Valid() error {
	if s.p.inv != s.base || s.base.gen != s.gen {
		return bad("plan", "", ErrStaleBatch)
	}
	return nil
}

// Commit makes the session's placements real, destroys the calling data
// of the users given, and updates the failure report.
func (s *session) Commit(destroyed []assignment.UserID) {
	if len(destroyed) > 0 {
		users := make([]UserKey, len(destroyed))
		for i, id := range destroyed {
			users[i] = UserKey(id)
		}
		_, _ = s.inv().Remove(users...) // each held Webex Calling, so each is placed (INV-4)
	}
	if s.work != nil {
		s.work.gen = s.gen + 1 // plans begun before this one are stale
		*s.base = *s.work      // the caller's *Inventory sees the result
	}
	for _, a := range s.log {
		if a.failure != nil {
			s.p.failures[a.user] = *a.failure
		} else {
			delete(s.p.failures, a.user)
		}
	}
}
