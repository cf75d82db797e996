package calling

import (
	"errors"
	"fmt"
	"iter"
	"slices"

	"github.com/wxlicense/wxlicense/assignment"
)

// Begin starts the placements of one plan.
func (p *Placer) Begin() assignment.PlacerSession {
	iv := p.iv()
	return &session{p: p, base: iv, gen: iv.gen}
}

// session is one plan's placements; the placer is untouched until Commit.
//
// Work-number placements — a directory sync's million — are an overlay on
// the placer's inventory: the numbers they take are bits in claimed, the
// users they place bits in placed, and Commit applies them to the
// inventory. Anything the overlay cannot answer (an admin placement, a
// check after a placement, a number an earlier user of the plan took)
// first copies the inventory with the overlay applied, and the session
// goes on with the copy.
type session struct {
	p       *Placer
	base    *Inventory
	gen     uint64
	touched bool       // whether the plan consulted the session: Commit makes older plans stale
	work    *Inventory // the copy, once made
	// claimed holds the record indexes of the numbers the overlay took and
	// of those the pending attempts take; placed the users the overlay
	// placed, top the highest of them.
	claimed bitset
	placed  bitset
	top     UserKey
	// log is the attempts, in order. The pending ones follow it, in its
	// spare capacity: the outcomes of the prefetched work-number
	// placements, in the order Place will be asked. They hold while the
	// state changes only by them: anything else drops them.
	log     []attempt
	pending int
	fails   []Failure // the failures the attempts refer to
}

// attempt is one placement attempt of a session: 24 bytes.
type attempt struct {
	v     uint64 // prefetched: the number's digits, which the work number asked must be
	user  UserKey
	res   uint32 // record index + 1 of the number placed by the work number, failed | index in fails, or 0
	loc   uint16
	flags uint8
}

const failed = 1 << 31

const (
	aPlaced uint8 = 1 << iota // placed by this attempt, until released
	aSynced                   // a synced user, placed by the work number
)

// failure returns the failure of a, if any.
func (s *session) failure(a *attempt) *Failure {
	if a.res&failed == 0 {
		return nil
	}
	return &s.fails[a.res&^failed]
}

// pendingAttempts returns the pending attempts.
func (s *session) pendingAttempts() []attempt {
	return s.log[len(s.log) : len(s.log)+s.pending]
}

// pend adds a pending attempt.
func (s *session) pend(a attempt) {
	at := len(s.log) + s.pending
	if at == cap(s.log) {
		s.log = slices.Grow(s.log[:at], max(at, 16))[:len(s.log)]
	}
	s.log[:at+1][at] = a
	s.pending++
}

// view returns the inventory the session reads: the copy once made, else
// the placer's (with the overlay on top).
func (s *session) view() *Inventory {
	if s.work != nil {
		return s.work
	}
	return s.base
}

// add appends x to s, doubling its capacity when full: a million appends
// copy about a million elements.
func add[T any](s []T, x T) []T {
	if len(s) == cap(s) {
		s = slices.Grow(s, max(len(s), 16))
	}
	return append(s, x)
}

// claims returns claimed, made for the inventory's table.
func (s *session) claims() bitset {
	if s.claimed == nil {
		s.claimed = newBits(len(s.base.nums))
	}
	return s.claimed
}

// placedNow reports whether u has Webex Calling in the session's state.
func (s *session) placedNow(u UserKey) bool {
	return s.view().Placed(u) || s.placed.hasAny(uint32(u))
}

// copyInventory makes the session's copy, the inventory with the overlay
// applied, once; claimed keeps only the prefetched outcomes' numbers.
func (s *session) copyInventory() *Inventory {
	if s.work == nil {
		s.work = s.base.Clone()
		s.apply(s.work)
		s.placed = nil
		clear(s.claimed)
		for _, a := range s.pendingAttempts() {
			if a.res&failed == 0 {
				s.claimed.set(a.res - 1)
			}
		}
	}
	return s.work
}

// apply applies the overlay's placements to iv.
func (s *session) apply(iv *Inventory) {
	if s.placed == nil {
		return
	}
	iv.growProfiles(s.top)
	for _, a := range s.log {
		if a.flags&aPlaced != 0 {
			iv.place(a.user, slot{rec: a.res, loc: a.loc})
		}
	}
}

// dropPre drops the pending attempts, and their numbers.
func (s *session) dropPre() {
	for _, a := range s.pendingAttempts() {
		if a.res&failed == 0 {
			s.claimed.clear(a.res - 1)
		}
	}
	s.pending = 0
}

// maxLogHint caps the attempts Prefetch makes room for ahead, however
// many requests its caller announces: the log grows past it as needed.
const maxLogHint = 1 << 20

// Prefetch plans the work-number placements the engine will ask for, in
// groups whose lookups overlap (CAL-2, CAL-3, CAL-12). Requests out of
// user order, or for a user placed already, leave Place to answer one by
// one.
func (s *session) Prefetch(reqs iter.Seq[assignment.PlaceRequest], n int) {
	iv := s.view()
	var g lookahead
	var group [len(g.v)]assignment.PlaceRequest
	var lost []taken // failures whose number an earlier user of the session took
	k, last := 0, int64(-1)
	for r := range reqs {
		if last < 0 { // no requests, no change: the session stays as it was
			s.touched = true
			s.dropPre()
			s.claims()
			s.log = slices.Grow(s.log, min(max(n, 0), maxLogHint))
		}
		u := UserKey(r.User)
		if int64(u) <= last || u > MaxUserKey || s.placedNow(u) {
			s.dropPre()
			return
		}
		last, group[k] = int64(u), r
		if k++; k == len(group) {
			s.prefetchGroup(iv, &g, group[:], &lost)
			k = 0
		}
	}
	s.prefetchGroup(iv, &g, group[:k], &lost)
	s.nameClaimants(lost)
}

// prefetchGroup plans a group of at most len(lookahead.v) requests.
func (s *session) prefetchGroup(iv *Inventory, g *lookahead, group []assignment.PlaceRequest, lost *[]taken) {
	for k := range group {
		g.parse(k, group[k].Work)
	}
	g.fetch(iv, len(group))
	for k, r := range group {
		a := attempt{v: g.v[k], user: UserKey(r.User)}
		if r.Synced {
			a.flags = aSynced
		}
		i, why, h := g.check(iv, k)
		if why == 0 && s.claimed.has(i) {
			why, h = NumberInUse, holder{People, 0}
			*lost = append(*lost, taken{uint32(len(s.fails)), i})
		}
		if why != 0 {
			a.res = failed | uint32(len(s.fails))
			s.fails = add(s.fails, Failure{User: a.user, Reason: why, Raw: r.Work, Owner: iv.owner(h.typ, h.id), Synced: r.Synced})
		} else {
			s.claimed.set(i)
			a.res, a.loc = i+1, iv.nums[i].loc
		}
		s.pend(a)
	}
}

// nameClaimants sets the owner of each lost failure to the user of the
// session who took the number first (CAL-12): placed by the overlay, or
// by an earlier pending attempt. (On the copy, the placed users own their
// numbers already.)
func (s *session) nameClaimants(lost []taken) {
	if len(lost) == 0 {
		return
	}
	filter := newBits(len(s.claimed) * 64)
	claimant := make(map[uint32]UserKey, len(lost))
	for _, t := range lost {
		filter.set(t.rec)
	}
	for _, a := range s.log {
		if a.flags&aPlaced != 0 && a.res != 0 && filter.has(a.res-1) {
			claimant[a.res-1] = a.user
		}
	}
	for _, a := range s.pendingAttempts() {
		if a.res&failed == 0 && filter.has(a.res-1) {
			claimant[a.res-1] = a.user
		}
	}
	for _, t := range lost {
		s.fails[t.failure].Owner.User = claimant[t.rec]
	}
}

// Place places a user at the admin placement pl, or by the work number.
// A user key above MaxUserKey is refused with the reason "UserKeyRange"
// and no failure in the report: the user was never tried.
func (s *session) Place(id assignment.UserID, pl assignment.Placement, work string, synced bool) (assignment.Placement, string, error) {
	s.touched = true
	u := UserKey(id)
	if id > assignment.UserID(MaxUserKey) {
		return assignment.Placement{}, "UserKeyRange", userErr(u, ErrUserKeyRange)
	}
	if pl.IsZero() && s.pending > 0 {
		if a := &s.log[:len(s.log)+1][len(s.log)]; a.user == u && s.matches(a, work) {
			return s.placePrefetched(work)
		}
	}
	s.dropPre() // asked out of order: the outcomes may no longer hold
	if pl.IsZero() && !s.placedNow(u) {
		return s.placeByNumber(u, work, synced)
	}
	return s.placeOnCopy(u, pl, work, synced)
}

// matches reports whether the pending attempt a was prefetched for the
// work number work.
func (s *session) matches(a *attempt, work string) bool {
	if f := s.failure(a); f != nil {
		return f.Raw == work
	}
	v, r, _ := parseE164(work)
	return r == 0 && v == a.v
}

// placePrefetched answers the next pending attempt, which it logs.
func (s *session) placePrefetched(work string) (assignment.Placement, string, error) {
	s.log = s.log[:len(s.log)+1]
	s.pending--
	a := &s.log[len(s.log)-1]
	if f := s.failure(a); f != nil {
		return assignment.Placement{}, f.Reason.String(), f
	}
	s.confirm(a)
	return assignment.Placement{Location: s.view().locs[a.loc].id, Number: work}, "", nil // a work number that passes is the number as written
}

// fail logs the failure fails[i] as an attempt and returns it.
func (s *session) fail(i uint32) (assignment.Placement, string, error) {
	f := &s.fails[i]
	s.log = append(s.log, attempt{user: f.User, res: failed | i})
	return assignment.Placement{}, f.Reason.String(), f
}

// confirm makes the logged attempt a, by the work number, a placement.
func (s *session) confirm(a *attempt) {
	a.flags |= aPlaced
	if s.work != nil {
		s.claimed.clear(a.res - 1)
		s.work.growProfiles(a.user)
		s.work.place(a.user, slot{rec: a.res, loc: a.loc})
		return
	}
	s.claimed.set(a.res - 1)
	s.placed = s.placed.grown(uint32(a.user))
	s.placed.set(uint32(a.user))
	s.top = max(s.top, a.user)
}

// placeByNumber is the work-number path for one user (CAL-2, CAL-3),
// without the batch machinery; the earlier users of the session hold
// their numbers, so the first in order wins (CAL-12).
func (s *session) placeByNumber(u UserKey, work string, synced bool) (assignment.Placement, string, error) {
	iv := s.view()
	i, r, h := iv.check(work)
	if r == 0 && s.claims().has(i) { // taken by the overlay: the copy names the holder
		iv = s.copyInventory()
		i, r, h = iv.check(work)
	}
	if r != 0 {
		s.fails = append(s.fails, Failure{User: u, Reason: r, Raw: work, Owner: iv.owner(h.typ, h.id), Synced: synced})
		return s.fail(uint32(len(s.fails) - 1))
	}
	a := attempt{user: u, res: i + 1, loc: iv.nums[i].loc}
	if synced {
		a.flags = aSynced
	}
	s.log = append(s.log, a)
	s.confirm(&s.log[len(s.log)-1])
	return assignment.Placement{Location: iv.locs[a.loc].id, Number: work}, "", nil
}

// placeOnCopy places a user at an admin placement, or reports why a user
// cannot be placed, on the copy.
func (s *session) placeOnCopy(u UserKey, pl assignment.Placement, work string, synced bool) (assignment.Placement, string, error) {
	iv := s.copyInventory()
	var b *Batch
	var err error
	if !pl.IsZero() {
		b, err = iv.PlanManual([]Request{{u, Placement(pl)}})
	} else {
		b, err = iv.Plan([]Candidate{{User: u, WorkNumber: work, Synced: synced}})
	}
	if err != nil { // an admin placement that no longer holds (CAL-4, CAL-12)
		s.fails = append(s.fails, manualFailure(u, pl, err))
		s.log = append(s.log, attempt{user: u, res: failed | uint32(len(s.fails)-1)})
		return assignment.Placement{}, s.fails[len(s.fails)-1].Reason.String(), err
	}
	if fs := b.failures; len(fs) > 0 {
		s.fails = append(s.fails, fs[0])
		return s.fail(uint32(len(s.fails) - 1))
	}
	if len(b.skipped) > 0 {
		return assignment.Placement{}, "AlreadyPlaced", bad("user", fmt.Sprint(u), ErrAlreadyPlaced)
	}
	if err := iv.Apply(b); err != nil {
		return assignment.Placement{}, "InvalidPlacement", err
	}
	s.log = append(s.log, attempt{user: u, flags: aPlaced})
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
	s.touched = true
	iv := s.view()
	if s.placed != nil { // the overlay placed users: check on the copy
		iv = s.copyInventory()
	}
	_, err := iv.CheckPlacement(UserKey(id), Placement(pl))
	return err
}

// Release undoes the placement of a user who got no unit.
func (s *session) Release(id assignment.UserID) {
	s.dropPre() // a freed number may serve a later user
	u := UserKey(id)
	for i := len(s.log) - 1; i >= 0; i-- {
		a := &s.log[i]
		if a.user != u || a.flags&aPlaced == 0 {
			continue
		}
		s.unplace(a)
		f := Failure{User: u, Reason: NoUnitAvailable, Synced: a.flags&aSynced != 0}
		if a.res != 0 {
			f.Raw = E164{s.view().nums[a.res-1].num}.String() // the work number, which passed: as written
		}
		a.flags &^= aPlaced
		a.res = failed | uint32(len(s.fails))
		s.fails = append(s.fails, f)
		return
	}
}

// unplace undoes the placement of attempt a.
func (s *session) unplace(a *attempt) {
	if s.work != nil {
		_, _ = s.work.Remove(a.user) // placed by this session: it cannot fail
		return
	}
	s.claimed.clear(a.res - 1) // the overlay places by work number only
	s.placed.clear(uint32(a.user))
}

// NoPlacement records a user added by hand without a placement (CAL-4).
func (s *session) NoPlacement(id assignment.UserID) {
	s.dropPre() // its attempt takes the place of the next pending one
	s.log = append(s.log, attempt{user: UserKey(id), res: failed | uint32(len(s.fails))})
	s.fails = append(s.fails, Failure{User: UserKey(id), Reason: NoPlacement})
}

// Mark returns the position Rollback returns to.
func (s *session) Mark() int { return len(s.log) }

// Rollback undoes every placement since mark.
func (s *session) Rollback(mark int) {
	s.dropPre()
	for i := len(s.log) - 1; i >= mark; i-- {
		if a := &s.log[i]; a.flags&aPlaced != 0 {
			s.unplace(a)
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
	iv := s.work
	if iv == nil {
		iv = s.base
		s.apply(iv)
	}
	if len(destroyed) > 0 {
		users := make([]UserKey, len(destroyed))
		for i, id := range destroyed {
			users[i] = UserKey(id)
		}
		_, _ = iv.Remove(users...) // each held Webex Calling, so each is placed (INV-4)
	}
	if s.touched || len(destroyed) > 0 {
		iv.gen = s.gen + 1 // plans begun before this one are stale
	}
	if s.work != nil {
		*s.base = *s.work // the caller's *Inventory sees the result
	}
	s.p.report.reserve(s.log)
	for _, a := range s.log {
		if f := s.failure(&a); f != nil {
			s.p.report.set(*f)
		} else {
			s.p.report.clear(a.user)
		}
	}
	s.p.report.compact()
}
