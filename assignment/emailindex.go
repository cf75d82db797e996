package assignment

import (
	"hash/maphash"
	"slices"
)

// emailIndex finds users by e-mail: an open-addressing table of user IDs
// probed linearly, whose keys are the users' own e-mails, so that the index
// costs a few bytes per user rather than a map entry and a string header.
type emailIndex struct {
	seed  maphash.Seed
	slots []uint32 // a user ID + 1, or 0 for a free slot
	n     int
}

func newEmailIndex() emailIndex { return emailIndex{seed: maphash.MakeSeed()} }

func (x *emailIndex) len() int { return x.n }

func (x *emailIndex) home(email string) uint64 {
	return maphash.String(x.seed, email) & uint64(len(x.slots)-1)
}

// get returns the live user whose e-mail is email.
func (x *emailIndex) get(users []user, email string) (UserID, bool) {
	if x.n == 0 {
		return 0, false
	}
	mask := uint64(len(x.slots) - 1)
	for i := x.home(email); x.slots[i] != 0; i = (i + 1) & mask {
		if id := UserID(x.slots[i] - 1); users[id].email == email {
			return id, true
		}
	}
	return 0, false
}

// reserve makes room for n more users without growing again.
func (x *emailIndex) reserve(users []user, n int) {
	need := 2 * (x.n + n)
	if need <= len(x.slots) {
		return
	}
	size := 16
	for size < need {
		size *= 2
	}
	old := x.slots
	x.slots, x.n = make([]uint32, size), 0
	for _, s := range old {
		if s != 0 {
			x.add(users, UserID(s-1))
		}
	}
}

// add indexes user id by its e-mail, which no live user has.
func (x *emailIndex) add(users []user, id UserID) {
	x.reserve(users, 1)
	mask := uint64(len(x.slots) - 1)
	i := x.home(users[id].email)
	for x.slots[i] != 0 {
		i = (i + 1) & mask
	}
	x.slots[i] = uint32(id) + 1
	x.n++
}

// remove takes user id out of the index, shifting back the entries after
// it so that every probe sequence stays unbroken.
func (x *emailIndex) remove(users []user, id UserID) {
	if x.n == 0 {
		return
	}
	mask := uint64(len(x.slots) - 1)
	i := x.home(users[id].email)
	for x.slots[i] != uint32(id)+1 {
		if x.slots[i] == 0 {
			return
		}
		i = (i + 1) & mask
	}
	for j := (i + 1) & mask; x.slots[j] != 0; j = (j + 1) & mask {
		h := x.home(users[x.slots[j]-1].email)
		if (j-h)&mask >= (j-i)&mask { // j's home is at or before the hole
			x.slots[i], i = x.slots[j], j
		}
	}
	x.slots[i] = 0
	x.n--
}

func (x emailIndex) clone() emailIndex {
	x.slots = slices.Clone(x.slots)
	return x
}
