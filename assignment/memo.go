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

// knownDecisions are the decisions AddUsers plans computed on an org,
// which Apply keeps, so that later batches of new users find theirs
// without computing them (memoDecision), by memo key. A new user's
// decision depends on nothing but its memo key (the held set, templates,
// admin roles and, without a placer, placement), the templates' grants
// and pins, whether the org has a placer, and the catalog's rules
// (compute): setConfig and SetPlacer forget them. Planning only reads
// them, and a clone gets a copy.
type knownDecisions struct {
	memo      table[memoKey]
	decisions []decision // each with steps of its own, last and lastGen zero
}

// maxKnown bounds the decisions an org keeps: a few hundred in a real
// org, one per combination of groups, sites and placement new users come
// with.
const maxKnown = 4096

// learned is a decision an AddUsers plan computed, for Apply to keep.
type learned struct {
	key memoKey
	d   decision
}

// learn keeps the decisions an AddUsers plan computed (Apply).
func (o *Org) learn(ls []learned) {
	if len(ls) == 0 {
		return
	}
	if o.known == nil {
		o.known = &knownDecisions{}
	}
	k := o.known
	for i := range ls {
		if len(k.decisions) == maxKnown {
			return
		}
		if _, ok := k.memo.get(ls[i].key); !ok {
			k.memo.put(ls[i].key, uint32(len(k.decisions)))
			k.decisions = append(k.decisions, ls[i].d)
		}
	}
}

// clone returns a copy of k: the decisions are never written, the memo
// is.
func (k *knownDecisions) clone() *knownDecisions {
	if k == nil {
		return nil
	}
	return &knownDecisions{memo: k.memo.clone(), decisions: k.decisions[:len(k.decisions):len(k.decisions)]}
}

// freshDecision is a decision an AddUsers plan computed, by index, and
// its memo key.
type freshDecision struct {
	key memoKey
	di  uint32
}

// keptDecision adopts the org's kept decision of key when the application
// reads them, the key is memo key (ok) and the org has one.
func (a *application) keptDecision(key memoKey, ok bool) (uint32, bool) {
	if !ok || a.known == nil {
		return 0, false
	}
	j, hit := a.known.memo.get(key)
	if !hit {
		return 0, false
	}
	return a.adopt(&a.known.decisions[j]), true
}

// adopt appends a kept decision to the application's, with its steps
// copied, as grantPlain updates them, and returns its index.
func (a *application) adopt(d *decision) uint32 {
	start := len(a.steps)
	a.steps = append(a.steps, d.steps...)
	a.decisions = append(a.decisions, *d)
	a.decisions[len(a.decisions)-1].steps = a.steps[start:len(a.steps):len(a.steps)]
	return uint32(len(a.decisions) - 1)
}

// learnedOf returns the decisions the application computed and noted in
// fresh, with steps of their own, for Apply to keep.
func (a *application) learnedOf() []learned {
	if len(a.fresh) == 0 {
		return nil
	}
	n := 0
	for _, f := range a.fresh {
		n += len(a.decisions[f.di].steps)
	}
	ls, steps := make([]learned, len(a.fresh)), make([]step, 0, n) // one allocation for the steps
	for i, f := range a.fresh {
		d := a.decisions[f.di]
		start := len(steps)
		for _, st := range d.steps {
			st.last, st.lastGen = 0, 0
			steps = append(steps, st)
		}
		d.steps = steps[start:len(steps):len(steps)]
		ls[i] = learned{f.key, d}
	}
	return ls
}
