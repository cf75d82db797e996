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

func (k *memoKey) equal(o *memoKey) bool {
	return k.held == o.held && k.ts == o.ts && k.admin == o.admin && k.placed == o.placed
}

func (k *memoKey) hash() uint64 {
	h, a := k.held.Bits(), k.admin.Bits()
	x := h[0] ^ h[1]*0x9e3779b97f4a7c15 ^ k.ts*0xbf58476d1ce4e5b9 ^ (a[0]^a[1]<<1)*0x94d049bb133111eb
	if k.placed {
		x ^= 0x2545f4914f6cdd1d
	}
	x ^= x >> 31
	x *= 0xd6e8feb86659fd93
	return x ^ x>>32
}

// memoTable maps memo keys to decision indexes: open addressing with
// linear probing, for the few classes of an application.
type memoTable struct {
	slots []memoSlot
	n     int
}

type memoSlot struct {
	key  memoKey
	di   uint32
	used bool
}

// get returns the decision index of key.
func (m *memoTable) get(key *memoKey) (uint32, bool) {
	if m.n == 0 {
		return 0, false
	}
	mask := uint64(len(m.slots) - 1)
	for i := key.hash() & mask; ; i = (i + 1) & mask {
		s := &m.slots[i]
		if !s.used {
			return 0, false
		}
		if s.key.equal(key) {
			return s.di, true
		}
	}
}

// put records the decision index of a key not in the table.
func (m *memoTable) put(key *memoKey, di uint32) {
	if 4*(m.n+1) > 3*len(m.slots) {
		m.resize()
	}
	mask := uint64(len(m.slots) - 1)
	i := key.hash() & mask
	for m.slots[i].used {
		i = (i + 1) & mask
	}
	m.slots[i] = memoSlot{key: *key, di: di, used: true}
	m.n++
}

func (m *memoTable) resize() {
	old := m.slots
	m.slots, m.n = make([]memoSlot, max(16, 2*len(old))), 0
	for i := range old {
		if old[i].used {
			m.put(&old[i].key, old[i].di)
		}
	}
}
