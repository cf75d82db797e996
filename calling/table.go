package calling

import "math/bits"

// The numbers are an open-addressing hash table with linear probing:
// iv.nums itself, kept at most three quarters full; a record with num 0
// is an empty slot. Its size is any number of slots, not only a power of
// two, so that a million numbers take 1.3 to 2 million slots rather than
// always 2 million. A lookup touches one record, usually in one cache
// line, and a record's index — its slot — is how profiles and batches
// refer to it. Numbers are never removed, so slots change only when the
// table grows, which remaps the profiles.

const minTable = 16

// slotOf returns the home slot of the digits v in a table of size slots:
// the high half of the product of v's hash and size.
func slotOf(v uint64, size int) int {
	hi, _ := bits.Mul64(v*0x9E3779B97F4A7C15, uint64(size))
	return int(hi)
}

// next returns the slot after s in a table of size slots.
func next(s, size int) int {
	if s++; s == size {
		return 0
	}
	return s
}

// find returns the slot of the number with digits v.
func (iv *Inventory) find(v uint64) (uint32, bool) {
	if len(iv.nums) == 0 || v == 0 {
		return 0, false
	}
	for s := slotOf(v, len(iv.nums)); ; s = next(s, len(iv.nums)) {
		switch iv.nums[s].num {
		case v:
			return uint32(s), true
		case 0:
			return 0, false
		}
	}
}

// insert puts r, whose number is not in the table, in a free slot.
func (iv *Inventory) insert(r numRec) {
	s := slotOf(r.num, len(iv.nums))
	for iv.nums[s].num != 0 {
		s = next(s, len(iv.nums))
	}
	iv.nums[s] = r
	iv.count++
}

// grow makes room for n more numbers, rebuilding the table if it would be
// more than three quarters full — at least half again as large, so that
// numbers added a few at a time are rehashed a few times only — and
// moving the profiles' slots with it.
func (iv *Inventory) grow(n int) {
	want := iv.count + n
	if 4*want <= 3*len(iv.nums) {
		return
	}
	size := max(minTable, len(iv.nums)*3/2, (4*want+2)/3)
	old := iv.nums
	iv.nums, iv.count = make([]numRec, size), 0
	for i := range old {
		if old[i].num != 0 {
			iv.insert(old[i])
		}
	}
	for u, x := range iv.profiles {
		if x != 0 && x&pCustom == 0 {
			s, _ := iv.find(old[x-1].num)
			iv.profiles[u] = s + 1
		}
	}
	for i := range iv.custom {
		if p := &iv.custom[i]; p.num != 0 {
			s, _ := iv.find(old[p.num-1].num)
			p.num = s + 1
		}
	}
}
