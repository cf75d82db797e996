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
	nums     []numRec  // the table planned on: a slot's number never changes in it (grow makes a new one)
	users    []UserKey // placed users, in the order given
	slots    []slot    // their placements; nil when every placement is a number alone
	recs     []uint32  // with slots nil: each placed user's record index
	locs     []uint16  // with slots nil: each placed user's location
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
	b := &Batch{iv: iv, gen: iv.gen, nums: iv.nums, users: make([]UserKey, 0, len(cands)), recs: make([]uint32, 0, len(cands)), locs: make([]uint16, 0, len(cands))}
	claimed := newBits(len(iv.nums))
	var lost []taken // failures whose number an earlier candidate claimed
	var g lookahead
	for at := 0; at < len(cands); at += len(g.v) {
		group := cands[at:min(at+len(g.v), len(cands))]
		g.load(iv, group)
		for k, c := range group {
			if iv.Placed(c.User) {
				b.skipped = append(b.skipped, c.User)
				continue
			}
			i, r, h := g.check(iv, k)
			if r == 0 && claimed.has(i) {
				r, h = NumberInUse, holder{People, 0}
				lost = append(lost, taken{uint32(len(b.failures)), i})
			}
			if r != 0 {
				b.failures = append(b.failures, Failure{User: c.User, Reason: r, Raw: c.WorkNumber, Owner: iv.owner(h.typ, h.id), Synced: c.Synced})
				continue
			}
			claimed.set(i)
			b.maxUser = max(b.maxUser, c.User)
			b.users = append(b.users, c.User)
			b.recs = append(b.recs, i)
			b.locs = append(b.locs, iv.nums[i].loc)
		}
	}
	b.nameClaimants(lost, len(iv.nums))
	return b, nil
}

// lookahead holds a group of parsed candidates whose home slots were read
// together: the reads are independent, so their cache misses overlap
// instead of coming one after another.
type lookahead struct {
	v    [16]uint64     // digits, when the text is E.164
	r    [16]E164Reason // why not, else 0
	home [16]uint64     // the number in the home slot of v
}

// load parses the work numbers of group, then reads their home slots in a
// loop short enough for all the reads to be in flight at once.
func (g *lookahead) load(iv *Inventory, group []Candidate) {
	for k := range group {
		g.parse(k, group[k].WorkNumber)
	}
	g.fetch(iv, len(group))
}

// parse parses the k-th work number of the group.
func (g *lookahead) parse(k int, raw string) { g.v[k], g.r[k], _ = parseE164(raw) }

// fetch reads the home slots of the first n parsed numbers.
func (g *lookahead) fetch(iv *Inventory, n int) {
	if len(iv.nums) == 0 {
		return
	}
	for k := range n {
		g.home[k] = iv.nums[slotOf(g.v[k], len(iv.nums))].num
	}
}

// check runs the CAL-3 checks on the k-th candidate of the group, as
// Inventory.check does.
func (g *lookahead) check(iv *Inventory, k int) (uint32, FailureReason, holder) {
	if g.r[k] != 0 {
		return 0, formatFailure(g.r[k]), holder{}
	}
	if g.home[k] == g.v[k] {
		return iv.judge(uint32(slotOf(g.v[k], len(iv.nums))), true)
	}
	return iv.judge(iv.find(g.v[k]))
}

// taken is a failure whose number an earlier candidate of the batch
// claimed: the index in Batch.failures and the number's record index.
type taken struct{ failure, rec uint32 }

// nameClaimants sets the owner of each taken failure to the candidate who
// claimed the number first (CAL-12). Claims are found in one pass over
// the placed users, filtered by a bitset so that the map is asked only
// for the numbers concerned.
func (b *Batch) nameClaimants(taken []taken, size int) {
	if len(taken) == 0 {
		return
	}
	filter := newBits(size)
	claimant := make(map[uint32]UserKey, len(taken))
	for _, t := range taken {
		filter.set(t.rec)
	}
	for k, rec := range b.recs {
		if filter.has(rec) {
			claimant[rec] = b.users[k]
		}
	}
	for _, t := range taken {
		b.failures[t.failure].Owner.User = claimant[t.rec]
	}
}

// bitset is a set of small integers.
type bitset []uint64

func newBits(n int) bitset         { return make(bitset, (n+63)/64) }
func (s bitset) has(i uint32) bool { return s[i/64]&(1<<(i%64)) != 0 }
func (s bitset) set(i uint32)      { s[i/64] |= 1 << (i % 64) }
func (s bitset) clear(i uint32)    { s[i/64] &^= 1 << (i % 64) }

// hasAny reports whether i is in s, which may be too short to hold it.
func (s bitset) hasAny(i uint32) bool { return int(i/64) < len(s) && s.has(i) }

// grown returns s able to hold i.
func (s bitset) grown(i uint32) bitset {
	if n := int(i/64) + 1; n > len(s) {
		s = append(s, make(bitset, n-len(s))...)
	}
	return s
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
	seen := newBits(int(top) + 1)
	for _, x := range list {
		u := key(x)
		if seen.has(uint32(u)) {
			return userErr(u, ErrDuplicateUser)
		}
		seen.set(uint32(u))
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
	b := &Batch{iv: iv, gen: iv.gen, nums: iv.nums, users: make([]UserKey, 0, len(reqs)), slots: make([]slot, 0, len(reqs))}
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
	iv.growProfiles(b.maxUser)
	for k, u := range b.users {
		iv.place(u, b.slot(k))
	}
	iv.gen++
	return nil
}

// growProfiles makes room for the profile of user u.
func (iv *Inventory) growProfiles(u UserKey) {
	if n := int(u) + 1; n > len(iv.profiles) {
		old := len(iv.profiles)
		iv.profiles = slices.Grow(iv.profiles, n-old)[:n]
		clear(iv.profiles[old:])
	}
}

// place gives user u a fresh profile at s, taking its number and
// extension. The caller checked the placement and grew the profiles.
func (iv *Inventory) place(u UserKey, s slot) {
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
	if s.ext == 0 && s.rec != 0 && iv.profiles[u] == 0 && iv.nums[s.rec-1].loc == s.loc {
		iv.profiles[u] = s.rec // an unplaced user's fresh profile of a number alone: implicit
		iv.inLoc[s.loc]++
		return
	}
	iv.setProfile(u, freshProfile(s.rec, s.loc, s.ext))
}

// slot returns the placement of the k-th placed user.
func (b *Batch) slot(k int) slot {
	if b.slots != nil {
		return b.slots[k]
	}
	return slot{rec: b.recs[k] + 1, loc: b.locs[k]}
}

// Len returns how many users the batch places; 0 for a nil batch.
func (b *Batch) Len() int {
	if b == nil {
		return 0
	}
	return len(b.users)
}

// Placements yields each placement of the batch, in the order given.
func (b *Batch) Placements() iter.Seq[Placed] {
	return func(yield func(Placed) bool) {
		if b == nil {
			return
		}
		for k, u := range b.users {
			if !yield(b.iv.placed(b.nums, u, b.slot(k))) {
				return
			}
		}
	}
}

// Failures returns the users not placed, with their reasons, in the order
// given (CAL-3, CAL-6). Manual and nil batches have none.
func (b *Batch) Failures() []Failure {
	if b == nil {
		return nil
	}
	return slices.Clone(b.failures)
}

// Skipped returns the candidates skipped because they already have Webex
// Calling (CAL-5, CAL-7), in the order given.
func (b *Batch) Skipped() []UserKey {
	if b == nil {
		return nil
	}
	return slices.Clone(b.skipped)
}
