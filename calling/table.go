package calling

import "math/bits"

// The numbers are an open-addressing hash table with linear probing:
// iv.nums itself, whose length is 0 or a power of two, kept at most three
// quarters full; a record with num 0 is an empty slot. A lookup touches one
// record, usually in one cache line, and a record's index — its slot — is
// how profiles and batches refer to it. Numbers are never removed, so
// slots change only when the table grows, which remaps the profiles.

const minTable = 16

// slotOf returns the home slot of the digits v in a table of size slots.
func slotOf(v uint64, size int) int {
	return int((v * 0x9E3779B97F4A7C15) >> (64 - bits.TrailingZeros(uint(size))))
}

// find returns the slot of the number with digits v.
func (iv *Inventory) find(v uint64) (uint32, bool) {
	if len(iv.nums) == 0 || v == 0 {
		return 0, false
	}
	mask := len(iv.nums) - 1
	for s := slotOf(v, len(iv.nums)); ; s = (s + 1) & mask {
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
	mask := len(iv.nums) - 1
	s := slotOf(r.num, len(iv.nums))
	for iv.nums[s].num != 0 {
		s = (s + 1) & mask
	}
	iv.nums[s] = r
	iv.count++
}

// grow makes room for n more numbers, rebuilding the table if it would be
// more than three quarters full, and moving the profiles' slots with it.
func (iv *Inventory) grow(n int) {
	want := iv.count + n
	if 4*want <= 3*len(iv.nums) {
		return
	}
	size := minTable
	for 4*want > 3*size {
		size *= 2
	}
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
