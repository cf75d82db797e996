package calling

import (
	"math/bits"
	"slices"
)

// The number index is an open-addressing hash table with linear probing
// over iv.slots, whose length is a power of two at least twice the count
// of numbers: 4 to 8 bytes per number, one probe on average. Numbers are
// never removed from an inventory, so the table needs no deletion.

// slotOf returns the home slot of the digits v in a table of len(slots).
func slotOf(v uint64, slots int) int {
	return int((v * 0x9E3779B97F4A7C15) >> (64 - bits.TrailingZeros(uint(slots))))
}

// find returns the record index of the number with digits v.
func (iv *Inventory) find(v uint64) (uint32, bool) {
	if len(iv.slots) == 0 {
		return 0, false
	}
	mask := len(iv.slots) - 1
	for s := slotOf(v, len(iv.slots)); ; s = (s + 1) & mask {
		r := iv.slots[s]
		if r == 0 {
			return 0, false
		}
		if iv.nums[r-1].num == v {
			return r - 1, true
		}
	}
}

// insert indexes record i, whose number is not yet in the table.
func (iv *Inventory) insert(i uint32) {
	mask := len(iv.slots) - 1
	s := slotOf(iv.nums[i].num, len(iv.slots))
	for iv.slots[s] != 0 {
		s = (s + 1) & mask
	}
	iv.slots[s] = i + 1
}

// grow makes room for n more numbers, rebuilding the table if the load
// would pass one half.
func (iv *Inventory) grow(n int) {
	want := 2 * (len(iv.nums) + n)
	if want <= len(iv.slots) {
		return
	}
	size := 16
	for size < want {
		size *= 2
	}
	iv.slots = make([]uint32, size)
	iv.nums = slices.Grow(iv.nums, n)
	for i := range iv.nums {
		iv.insert(uint32(i))
	}
}
