package calling

import (
	"iter"
	"slices"
)

// Candidate is a user the work-number path tries to place (CAL-2, CAL-5,
// CAL-8): the user, the raw work number as the profile or directory has
// it, and whether the user is synced from a directory.
type Candidate struct {
	User       UserKey
	WorkNumber string
	Synced     bool
}

// Request is a manual placement for one user (CAL-4).
type Request struct {
	User      UserKey
	Placement Placement
}

// Batch is the outcome of placing many users, computed by Plan or
// PlanManual without changing the inventory and applied by Apply: who is
// placed where, who fails and why, and who is skipped as already placed.
type Batch struct {
	iv       *Inventory
	gen      uint64
	users    []UserKey // placed users, in the order given
	slots    []slot    // their placements; nil when every placement is a number alone
	recs     []uint32  // with slots nil: each placed user's record index
	failures []Failure
	skipped  []UserKey
	maxUser  UserKey
}

// Plan computes the work-number path for candidates in order (CAL-2,
// CAL-3, CAL-5, CAL-12), changing nothing. Each candidate without Webex
// Calling is checked as CAL-3 says; one who passes is placed in the
// number's location with that number and no extension. The caller gives
// candidates in the order they were added (then by ID): when two have one
// number, the first is placed and the second fails with NumberInUse
// naming the first. A candidate who already has Webex Calling is skipped,
// not re-placed, and no failure is recorded (CAL-5, CAL-7).
//
// The error is an *InputError for a user key above MaxUserKey or given
// twice; then there is no batch.
func (iv *Inventory) Plan(cands []Candidate) (*Batch, error) {
	if err := checkUsers(cands, func(c Candidate) UserKey { return c.User }); err != nil {
		return nil, err
	}
	b := &Batch{iv: iv, gen: iv.gen, users: make([]UserKey, 0, len(cands)), recs: make([]uint32, 0, len(cands))}
	first := make([]uint32, len(iv.nums)) // record index to first claimant + 1
	for _, c := range cands {
		if iv.Placed(c.User) {
			b.skipped = append(b.skipped, c.User)
			continue
		}
		i, r, h := iv.check(c.WorkNumber)
		if r == 0 && first[i] != 0 {
			r, h = NumberInUse, holder{People, first[i] - 1}
		}
		if r != 0 {
			b.failures = append(b.failures, Failure{User: c.User, Reason: r, Raw: c.WorkNumber, Owner: iv.owner(h.typ, h.id), Synced: c.Synced})
			continue
		}
		first[i] = uint32(c.User) + 1
		b.maxUser = max(b.maxUser, c.User)
		b.users = append(b.users, c.User)
		b.recs = append(b.recs, i)
	}
	return b, nil
}

// checkUsers returns an error naming the first user key of list that is
// above MaxUserKey or given twice.
func checkUsers[T any](list []T, key func(T) UserKey) error {
	var top UserKey
	for _, x := range list {
		u := key(x)
		if u > MaxUserKey {
			return userErr(u, ErrUserKeyRange)
		}
		top = max(top, u)
	}
	if len(list) == 0 {
		return nil
	}
	seen := make([]uint64, top/64+1)
	for _, x := range list {
		u := key(x)
		if seen[u/64]&(1<<(u%64)) != 0 {
			return userErr(u, ErrDuplicateUser)
		}
		seen[u/64] |= 1 << (u % 64)
	}
	return nil
}

// PlanManual validates manual placements in order (CAL-1, CAL-4, CAL-12),
// changing nothing: each against the inventory and the placements before
// it in reqs. An invalid placement refuses the whole batch: the error is
// the first *PlacementError, or an *InputError for a user key above
// MaxUserKey, given twice or already placed.
func (iv *Inventory) PlanManual(reqs []Request) (*Batch, error) {
	if err := checkUsers(reqs, func(r Request) UserKey { return r.User }); err != nil {
		return nil, err
	}
	b := &Batch{iv: iv, gen: iv.gen, users: make([]UserKey, 0, len(reqs)), slots: make([]slot, 0, len(reqs))}
	c := &claims{nums: map[uint32]UserKey{}, exts: map[uint64]UserKey{}}
	for _, r := range reqs {
		if err := iv.checkUser(r.User); err != nil {
			return nil, err
		}
		s, err := iv.resolve(r.User, r.Placement, c)
		if err != nil {
			return nil, err
		}
		if s.rec != 0 {
			c.nums[s.rec-1] = r.User
		}
		if s.ext != 0 {
			c.exts[extKey(s.loc, s.ext)] = r.User
		}
		b.maxUser = max(b.maxUser, r.User)
		b.users = append(b.users, r.User)
		b.slots = append(b.slots, s)
	}
	return b, nil
}

// Apply places the users of a batch that Plan or PlanManual computed on
// iv in its current state (else ErrStaleBatch, nothing changed): each gets
// a fresh default profile, and their numbers become owned by PEOPLE, the
// user. Failures and skipped users are not touched.
func (iv *Inventory) Apply(b *Batch) error {
	if b == nil || b.iv != iv || b.gen != iv.gen {
		return bad("batch", "", ErrStaleBatch)
	}
	if len(b.users) == 0 {
		return nil
	}
	if n := int(b.maxUser) + 1; n > len(iv.profiles) {
		old := len(iv.profiles)
		iv.profiles = slices.Grow(iv.profiles, n-old)[:n]
		clear(iv.profiles[old:])
	}
	for k, u := range b.users {
		s := b.slot(k)
		if s.rec != 0 {
			r := &iv.nums[s.rec-1]
			r.typ, r.owner = People, uint32(u)
		}
		if s.ext != 0 {
			if iv.exts == nil {
				iv.exts = map[uint64]holder{}
			}
			iv.exts[extKey(s.loc, s.ext)] = holder{People, uint32(u)}
		}
		iv.profiles[u] = freshProfile(s.rec, s.loc, s.ext)
	}
	iv.gen++
	return nil
}

// slot returns the placement of the k-th placed user.
func (b *Batch) slot(k int) slot {
	if b.slots != nil {
		return b.slots[k]
	}
	i := b.recs[k]
	return slot{rec: i + 1, loc: b.iv.nums[i].loc}
}

// Len returns how many users the batch places.
func (b *Batch) Len() int { return len(b.users) }

// Placements yields each placement of the batch, in the order given.
func (b *Batch) Placements() iter.Seq[Placed] {
	return func(yield func(Placed) bool) {
		for k, u := range b.users {
			if !yield(b.iv.placed(u, b.slot(k))) {
				return
			}
		}
	}
}

// Failures returns the users not placed, with their reasons, in the order
// given (CAL-3, CAL-6). Manual batches have none.
func (b *Batch) Failures() []Failure { return slices.Clone(b.failures) }

// Skipped returns the candidates skipped because they already have Webex
// Calling (CAL-5, CAL-7), in the order given.
func (b *Batch) Skipped() []UserKey { return slices.Clone(b.skipped) }
