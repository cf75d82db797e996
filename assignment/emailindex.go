package assignment

import (
	"hash/maphash"
	"math/bits"
	"slices"
)

// emailIndex finds users by e-mail: an open-addressing table of user IDs
// probed linearly, whose keys are the users' own e-mails, so that the index
// costs a few bytes per user rather than a map entry and a string header.
// A byte of each e-mail's hash sits next to its ID, so that a probe reads a
// user's e-mail only when that byte matches. The hash seed is random per
// index, so that no list of e-mails can be chosen to collide; no result
// depends on it, only where in the table an ID sits.
type emailIndex struct {
	seed  maphash.Seed
	slots []uint32 // a user ID + 1, or 0 for a free slot
	tags  []uint8  // the top byte of the hash of the slot's e-mail
	n     int
}

func newEmailIndex() emailIndex { return emailIndex{seed: maphash.MakeSeed()} }

func (x *emailIndex) len() int { return x.n }

// sum returns the hash of an e-mail, which gives its home slot and tag.
// Indexes with the same seed give an e-mail the same sum, so that a batch
// of new users is hashed once (sumsFor).
func (x *emailIndex) sum(email string) uint64 { return maphash.String(x.seed, email) }

// hash returns the home slot of an e-mail and its tag.
func (x *emailIndex) hash(email string) (uint64, uint8) { return x.home(x.sum(email)) }

// home returns the home slot and the tag of an e-mail of sum h.
func (x *emailIndex) home(h uint64) (uint64, uint8) {
	return h & uint64(len(x.slots)-1), uint8(h >> 56)
}

// get returns the live user whose e-mail is email.
func (x *emailIndex) get(users emailer, email string) (UserID, bool) {
	if x.n == 0 {
		return 0, false
	}
	return x.getSum(users, email, x.sum(email))
}

// getSum is get of an e-mail whose sum is h.
func (x *emailIndex) getSum(users emailer, email string, h uint64) (UserID, bool) {
	if x.n == 0 {
		return 0, false
	}
	mask := uint64(len(x.slots) - 1)
	i, tag := x.home(h)
	for ; x.slots[i] != 0; i = (i + 1) & mask {
		if id := UserID(x.slots[i] - 1); x.tags[i] == tag && users.emailOf(id) == email {
			return id, true
		}
	}
	return 0, false
}

// reserve makes room for n more users without growing again: the table
// stays at most three quarters full.
func (x *emailIndex) reserve(users emailer, n int) {
	need := (x.n + n) * 4 / 3
	if need < len(x.slots) {
		return
	}
	size := 16
	for size <= need {
		size *= 2
	}
	old := x.slots
	x.slots, x.tags, x.n = make([]uint32, size), make([]uint8, size), 0
	if len(old) == 0 {
		return
	}
	// The IDs again, in ID order: the users' records and e-mails are read
	// in the order they sit in memory, not at random.
	top := slices.Max(old) // the highest ID + 1
	ids := make([]uint64, (top+63)/64)
	for _, s := range old {
		if s != 0 {
			ids[(s-1)/64] |= 1 << ((s - 1) % 64)
		}
	}
	for w, set := range ids {
		for ; set != 0; set &= set - 1 {
			x.add(users, UserID(w*64+bits.TrailingZeros64(set)))
		}
	}
}

// add indexes user id by its e-mail, which no live user has.
func (x *emailIndex) add(users emailer, id UserID) {
	x.addSum(users, id, x.sum(users.emailOf(id)))
}

// addSum is add of a user whose e-mail's sum is h.
func (x *emailIndex) addSum(users emailer, id UserID, h uint64) {
	x.reserve(users, 1)
	mask := uint64(len(x.slots) - 1)
	i, tag := x.home(h)
	for x.slots[i] != 0 {
		i = (i + 1) & mask
	}
	x.slots[i], x.tags[i] = uint32(id)+1, tag
	x.n++
}

// remove takes user id out of the index, shifting back the entries after
// it so that every probe sequence stays unbroken.
func (x *emailIndex) remove(users emailer, id UserID) {
	if x.n == 0 {
		return
	}
	mask := uint64(len(x.slots) - 1)
	i, _ := x.hash(users.emailOf(id))
	for x.slots[i] != uint32(id)+1 {
		if x.slots[i] == 0 {
			return
		}
		i = (i + 1) & mask
	}
	for j := (i + 1) & mask; x.slots[j] != 0; j = (j + 1) & mask {
		h, _ := x.hash(users.emailOf(UserID(x.slots[j] - 1)))
		if (j-h)&mask >= (j-i)&mask { // j's home is at or before the hole
			x.slots[i], x.tags[i], i = x.slots[j], x.tags[j], j
		}
	}
	x.slots[i] = 0
	x.n--
}

// sumsFor returns the sums of the users' e-mails: sums, which the plan
// took with this index (a plan applies only to the org it was made on,
// whose seed never changes), or computed when the plan took none.
func (x *emailIndex) sumsFor(users []user, sums []uint64) []uint64 {
	if len(sums) == len(users) {
		return sums
	}
	sums = make([]uint64, len(users))
	for i := range users {
		sums[i] = x.sum(users[i].email)
	}
	return sums
}

func (x emailIndex) clone() emailIndex {
	x.slots, x.tags = slices.Clone(x.slots), slices.Clone(x.tags)
	return x
}
