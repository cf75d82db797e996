package assignment

import (
	"hash/maphash"
	"slices"
)

// emailIndex finds users by e-mail: an open-addressing table of user IDs
// probed linearly, whose keys are the users' own e-mails, so that the index
// costs a few bytes per user rather than a map entry and a string header.
// Each slot is one word: a user's ID and half of the hash of their e-mail,
// so that a probe reads one word, and a user's e-mail only when that half
// matches, and the table grows without reading an e-mail or hashing one
// again. The hash seed is random per index, so that no list of e-mails can
// be chosen to collide; no result depends on it, only where in the table
// an ID sits.
type emailIndex struct {
	seed  maphash.Seed
	slots []uint64 // 0 for a free slot, else entry(id, sum)
	n     int
}

// entry is the slot of user id, whose e-mail's sum is h: the low half of
// h, which the home slot of a table of up to 2³² slots is cut from, over
// id + 1.
func entry(id UserID, h uint64) uint64 { return h<<32 | (uint64(id) + 1) }

// entryID returns the user of a used slot.
func entryID(s uint64) UserID { return UserID(uint32(s) - 1) }

// sameHalf reports whether slot s holds an e-mail whose sum has the low
// half of h.
func sameHalf(s, h uint64) bool { return uint32(s>>32) == uint32(h) }

func newEmailIndex() emailIndex { return emailIndex{seed: maphash.MakeSeed()} }

func (x *emailIndex) len() int { return x.n }

// sum returns the hash of an e-mail, which gives its home slot. Indexes
// with the same seed give an e-mail the same sum, so that a batch of new
// users is hashed once (sumsFor).
func (x *emailIndex) sum(email string) uint64 { return maphash.String(x.seed, email) }

// home returns the home slot of an e-mail of sum h, or of a slot's entry
// shifted down by 32.
func (x *emailIndex) home(h uint64) uint64 { return h & uint64(len(x.slots)-1) }

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
	for i := x.home(h); x.slots[i] != 0; i = (i + 1) & mask {
		if s := x.slots[i]; sameHalf(s, h) && users.emailOf(entryID(s)) == email {
			return entryID(s), true
		}
	}
	return 0, false
}

// has reports whether a live user's e-mail is email, of sum h.
func (x *emailIndex) has(users emailer, email string, h uint64) bool {
	_, ok := x.getSum(users, email, h)
	return ok
}

// indexAhead reads the home slots of a batch's e-mails in an index
// sixteen users at a time, ahead of the loop that works on each user, so
// that a large index's memory is fetched for several users at once (the
// reads are made together, so that the processor overlaps them) rather
// than one user after another; next tells whether the current user's home
// slot was used when read.
type indexAhead struct {
	x    *emailIndex
	sums []uint64
	used [16]bool // by user index mod 16
}

// next returns whether user i's home slot was used when read: the users
// come in order from 0, and the first of each sixteen reads theirs.
func (r *indexAhead) next(i int) bool {
	if i%len(r.used) == 0 && len(r.x.slots) > 0 {
		for j, h := range r.sums[i:min(i+len(r.used), len(r.sums))] {
			r.used[j] = r.x.slots[r.x.home(h)] != 0
		}
	}
	return r.used[i%len(r.used)]
}

// reserve makes room for n more users without growing again: the table
// stays at most three quarters full.
func (x *emailIndex) reserve(n int) {
	need := (x.n + n) * 4 / 3
	if need < len(x.slots) {
		return
	}
	size := 16
	for size <= need {
		size *= 2
	}
	old := x.slots
	x.slots = make([]uint64, size)
	for _, s := range old {
		if s != 0 {
			x.put(s)
		}
	}
}

// put stores an entry, of a user not in the index, in the first free slot
// from its home.
func (x *emailIndex) put(s uint64) { x.putFrom(x.home(s>>32), s) }

// putFrom stores an entry in the first free slot from slot i, which is at
// or past its home with no free slot between.
func (x *emailIndex) putFrom(i, s uint64) {
	mask := uint64(len(x.slots) - 1)
	for x.slots[i] != 0 {
		i = (i + 1) & mask
	}
	x.slots[i] = s
}

// addSum indexes user id by h, the sum of their e-mail, which no live
// user has.
func (x *emailIndex) addSum(id UserID, h uint64) {
	x.reserve(1)
	x.put(entry(id, h))
	x.n++
}

// addAll indexes the users from ID base on, none of them indexed, whose
// e-mails' sums are sums: it reads their home slots ahead (indexAhead),
// and probes past one that was used when read, as it still is.
func (x *emailIndex) addAll(base UserID, sums []uint64) {
	x.reserve(len(sums))
	ahead := indexAhead{x: x, sums: sums}
	mask := uint64(len(x.slots) - 1)
	for i, h := range sums {
		j := x.home(h)
		if ahead.next(i) {
			j = (j + 1) & mask
		}
		x.putFrom(j, entry(base+UserID(i), h))
	}
	x.n += len(sums)
}

// remove takes user id out of the index, shifting back the entries after
// it so that every probe sequence stays unbroken.
func (x *emailIndex) remove(users emailer, id UserID) {
	if x.n == 0 {
		return
	}
	mask := uint64(len(x.slots) - 1)
	h := x.sum(users.emailOf(id))
	i := x.home(h)
	for want := entry(id, h); x.slots[i] != want; i = (i + 1) & mask {
		if x.slots[i] == 0 {
			return
		}
	}
	for j := (i + 1) & mask; x.slots[j] != 0; j = (j + 1) & mask {
		if home := x.home(x.slots[j] >> 32); (j-home)&mask >= (j-i)&mask { // j's home is at or before the hole
			x.slots[i], i = x.slots[j], j
		}
	}
	x.slots[i] = 0
	x.n--
}

// sumsFor returns the sums of the users' e-mails: sums, which the plan
// took with this index (a plan applies only to the org it was made on,
// whose seed never changes), or computed when the plan took none.
func (x *emailIndex) sumsFor(emails []string, sums []uint64) []uint64 {
	if len(sums) == len(emails) {
		return sums
	}
	sums = make([]uint64, len(emails))
	for i, e := range emails {
		sums[i] = x.sum(e)
	}
	return sums
}

func (x emailIndex) clone() emailIndex {
	x.slots = slices.Clone(x.slots)
	return x
}
