package assignment

import "github.com/wxlicense/wxlicense/license"

// memoKey is what a decision depends on: the held set, the templates,
// the attendee roles of the sites the user administers (ASG-13) and,
// without a placer, whether the user has an admin placement (CAL-4).
type memoKey struct {
	held   license.Set
	admin  license.Set
	ts     uint64
	placed bool
}

func (k memoKey) hash() uint64 {
	h, a := k.held.Bits(), k.admin.Bits()
	return mix(h[0], h[1], k.ts, a[0]^a[1]<<1, b2u(k.placed))
}

// mix hashes a few words.
func mix(ws ...uint64) uint64 {
	x := uint64(0x9e3779b97f4a7c15)
	for _, w := range ws {
		x = (x ^ w) * 0xbf58476d1ce4e5b9
		x ^= x >> 31
	}
	return x
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// hashKey is a key of a table.
type hashKey interface {
	comparable
	hash() uint64
}

// table maps keys to small numbers: open addressing with linear probing,
// for the few classes of users an org or an application has.
type table[K hashKey] struct {
	slots []slot[K]
	n     int
}

type slot[K hashKey] struct {
	key  K
	v    uint32
	used bool
}

// get returns the value of key.
func (m *table[K]) get(key K) (uint32, bool) {
	if m.n == 0 {
		return 0, false
	}
	mask := uint64(len(m.slots) - 1)
	for i := key.hash() & mask; ; i = (i + 1) & mask {
		s := &m.slots[i]
		if !s.used {
			return 0, false
		}
		if s.key == key {
			return s.v, true
		}
	}
}

// put records the value of a key not in the table.
func (m *table[K]) put(key K, v uint32) {
	if 4*(m.n+1) > 3*len(m.slots) {
		m.resize()
	}
	mask := uint64(len(m.slots) - 1)
	i := key.hash() & mask
	for m.slots[i].used {
		i = (i + 1) & mask
	}
	m.slots[i] = slot[K]{key: key, v: v, used: true}
	m.n++
}

func (m *table[K]) resize() {
	old := m.slots
	m.slots, m.n = make([]slot[K], max(16, 2*len(old))), 0
	for i := range old {
		if old[i].used {
			m.put(old[i].key, old[i].v)
		}
	}
}

// reset empties the table, keeping its memory.
func (m *table[K]) reset() {
	clear(m.slots)
	m.n = 0
}

func (m table[K]) clone() table[K] {
	m.slots = append([]slot[K](nil), m.slots...)
	return m
}
