package assignment

import (
	"slices"

	"github.com/wxlicense/wxlicense/license"
)

// Users are sorted into classes of users that every template event
// decides alike: the same held set, the same subscription for each unit
// they hold, the same direct groups, the same attendee roles of
// administered sites (ASG-13), an admin placement or not (CAL-4), and a
// sparse part or not. A user whose units overflow the record, or who is
// in more groups than a key holds, is in no class. The org keeps each
// user's class in a dense array, updated by Apply for the users a plan
// touches, so that a save finds a user's decision, replays what it did
// for the class's first user, or skips a class it leaves alone, without
// reading the user's record (engine.go). CheckInvariants checks every
// user's class. Classes are never forgotten: an org keeps a key (about 150
// bytes with its slot) for every combination its users ever had, which is
// a few thousand in a real org and at most one per user change.

// The classes that are not a class of alike users.
const (
	classAlone   uint32 = iota // decided alone: more groups than a class key holds
	classDeleted               // a deleted user: no template event reaches them
	firstClass
)

const classGroups = 4 // the groups a class key holds, as a memo key's templates

// classKey is what puts users in one class.
type classKey struct {
	held   license.Set
	admin  license.Set
	groups [classGroups]GroupID
	units  unitKey
	placed bool
	sparse bool
}

// unitKey is a user's units in kind order, free slots last.
type unitKey [inlineUnits]unit

// unitKeyOf returns u's units in kind order.
func unitKeyOf(u *user) unitKey {
	k := unitKey(u.units)
	for i := 1; i < len(k); i++ { // insertion sort: six slots
		for j := i; j > 0 && k[j].less(k[j-1]); j-- {
			k[j], k[j-1] = k[j-1], k[j]
		}
	}
	return k
}

// less orders units by kind, free slots last.
func (x unit) less(y unit) bool { return x.kind-1 < y.kind-1 }

func (k unitKey) hash() uint64 {
	var h uint64
	for _, x := range k {
		h = h<<11 ^ h>>53 ^ uint64(x.kind)<<8 ^ uint64(x.sub)
	}
	return h
}

func (k classKey) hash() uint64 {
	h, a := k.held.Bits(), k.admin.Bits()
	g := uint64(k.groups[0]) | uint64(k.groups[1])<<16 | uint64(k.groups[2])<<32 | uint64(k.groups[3])<<48
	return mix(h[0], h[1], g, a[0]^a[1]<<1, k.units.hash(), b2u(k.placed)|b2u(k.sparse)<<1)
}

// classes interns class keys: keys[c-firstClass] is class c's key.
type classes struct {
	ids   table[classKey]
	keys  []classKey
	last  classKey // the last key interned: alike users tend to come together
	lastC uint32
	moves [64]transition // recent class changes, for move
}

func (cs *classes) intern(k classKey) uint32 {
	if cs.lastC != 0 && k == cs.last {
		return cs.lastC
	}
	c, ok := cs.ids.get(k)
	if !ok {
		c = firstClass + uint32(len(cs.keys))
		cs.keys = append(cs.keys, k)
		cs.ids.put(k, c)
	}
	cs.last, cs.lastC = k, c
	return c
}

func (cs classes) clone() classes {
	cs.ids = cs.ids.clone()
	cs.keys = append([]classKey(nil), cs.keys...)
	return cs
}

// internClass works out the class of a user, interning a new key.
func (o *Org) internClass(u *user) uint32 {
	k, c := o.classKeyOf(u)
	if c != firstClass {
		return c
	}
	return o.classes.intern(k)
}

// classKeyOf returns a user's class key and firstClass, or the class of a
// user who is in no class of alike users.
func (o *Org) classKeyOf(u *user) (classKey, uint32) {
	if u.flags&flagDeleted != 0 {
		return classKey{}, classDeleted
	}
	if len(o.users.groupsOf(u)) > classGroups || overflows(u) {
		return classKey{}, classAlone
	}
	x := o.users.attrsOf(u, nil)
	k := classKey{held: u.held, admin: o.adminRoles(x), units: unitKeyOf(u), placed: !x.place().IsZero(), sparse: u.x != 0}
	for i := range k.groups {
		k.groups[i] = NoGroup
	}
	copy(k.groups[:], o.users.groupsOf(u))
	return k, firstClass
}

// classWrong returns the first user whose recorded class is not their
// class, for CheckInvariants; ok is false when there is one. A user
// whose key fits a class must be in that class, interned: only users in
// more groups than a key holds, or with units past the record, are
// outside classes.
func (o *Org) classWrong() (UserID, bool) {
	if len(o.class) != o.users.len() {
		return UserID(min(len(o.class), o.users.len())), false
	}
	for i := range UserID(o.users.len()) {
		k, want := o.classKeyOf(o.users.at(i))
		if want == firstClass {
			var interned bool
			if want, interned = o.classes.ids.get(k); !interned {
				return UserID(i), false // a user whose key fits a class must be in one
			}
		}
		if o.class[i] != want {
			return UserID(i), false
		}
	}
	return 0, true
}

// reclass updates the class of user id, whose groups or administered
// sites Apply changed.
func (o *Org) reclass(id UserID) {
	o.class[id] = o.internClass(o.users.at(id))
}

// classAdded classes the users Apply added, from ID base on, that no
// change classed: a change classes its user (reclassChanged), and an
// added user is alone until then.
func (o *Org) classAdded(base UserID) {
	for id := base; int(id) < o.users.len(); id++ {
		if o.class[id] == classAlone {
			o.class[id] = o.internClass(o.users.at(id))
		}
	}
}

// overflows reports whether some of u's units are kept outside the record.
func overflows(u *user) bool {
	return u.flags&flagOverflow != 0
}

// reclassChanged updates the class of a user whose changes Apply applied
// (appAfter and classChanges.reclass call it in their passes over them,
// which read the same records).
// Changes touch only the held set, the units and the sparse part, so a
// user in a class keeps the rest of its key, without reading groups or
// attributes.
func (o *Org) reclassChanged(id UserID) {
	u := o.users.at(id)
	old := o.class[id]
	if old < firstClass || overflows(u) { // a deleted user is in classDeleted
		o.class[id] = o.internClass(u)
		return
	}
	o.class[id] = o.classes.move(old, u.held, unitKeyOf(u), u.x != 0)
}

// classChanges are recent class changes Apply made by users' changes: a
// user of a class who gets changes of the same kinds, operations and
// subscriptions as another user of the class, and ends with a sparse part
// as they did or without one as they did, lands in the same class,
// whatever their record holds besides their key: the changes make the
// held set and the units of the new key from the old. They are cached in
// small direct-mapped tables, larger for larger plans: a user's only
// change by the old class, whose entry holds the whole key in a word, and
// two to four changes by the old class and the changes (made on first
// use).
type classChanges struct {
	one  []oneChange
	many []classChange
	// as is the classAs of the users the plan creates, from ID base on
	// (shareClass): such a user takes the class of the earlier one.
	base UserID
	as   []uint32
}

// newClassChanges returns the tables for a plan of n changes: none for a
// small plan.
func newClassChanges(n int) classChanges {
	if n < 1024 {
		return classChanges{}
	}
	size := 16
	for size < 4096 && size < n/64 {
		size *= 2
	}
	return classChanges{one: make([]oneChange, size)}
}

// oneChange is one class change by one change: key packs the old class,
// the change's kind, operation and subscription, and whether the user
// ends with a sparse part (oneKey). No key is 0: classes start at
// firstClass.
type oneChange struct {
	key uint64
	to  uint32
}

func oneKey(from uint32, c *Change, sparse bool) uint64 {
	return uint64(from)<<32 | uint64(c.Kind)<<24 | uint64(c.Op)<<16 | uint64(c.Sub)<<8 | uint64(b2u(sparse))
}

// oneTo returns the class a user of class from lands in by change c,
// ending with a sparse part or not, if the table has it.
func (cc *classChanges) oneTo(from uint32, c *Change, sparse bool) (uint32, bool) {
	if len(cc.one) == 0 {
		return 0, false
	}
	e := &cc.one[from&uint32(len(cc.one)-1)]
	return e.to, e.key == oneKey(from, c, sparse)
}

// classChange is one class change by two to four changes.
type classChange struct {
	from, to uint32
	sparse   bool // the user ends with a sparse part
	n        int
	changes  [4]Change
}

// reclass updates the class of user id, who got changes.
func (cc *classChanges) reclass(o *Org, id UserID, changes []Change) {
	if i := int(id) - int(cc.base); i >= 0 && i < len(cc.as) && cc.as[i] != 0 {
		o.class[id] = o.class[cc.base+UserID(cc.as[i]-1)] // classed before: users are applied in ID order
		return
	}
	from, sparse := o.class[id], o.users.at(id).x != 0
	if from < firstClass || len(cc.one) == 0 || len(changes) > len(classChange{}.changes) {
		o.reclassChanged(id)
		return
	}
	if len(changes) == 1 {
		if to, ok := cc.oneTo(from, &changes[0], sparse); ok {
			o.class[id] = to
			return
		}
		o.reclassChanged(id)
		cc.one[from&uint32(len(cc.one)-1)] = oneChange{oneKey(from, &changes[0], sparse), o.class[id]}
		return
	}
	l := cc.manySlot(from, sparse, changes)
	if l.from == from && l.sparse == sparse && l.alike(changes) {
		o.class[id] = l.to
		return
	}
	o.reclassChanged(id)
	l.from, l.to, l.sparse, l.n = from, o.class[id], sparse, len(changes)
	copy(l.changes[:], changes)
}

// manySlot returns the entry of the table of two to four changes for a
// user of class from who gets changes and ends with a sparse part or not,
// making the table on first use.
func (cc *classChanges) manySlot(from uint32, sparse bool, changes []Change) *classChange {
	if cc.many == nil {
		cc.many = make([]classChange, len(cc.one))
	}
	h := uint64(from)*0x9e3779b1 + uint64(b2u(sparse))
	for _, c := range changes {
		h = h*31 + uint64(c.Kind)<<8 + uint64(c.Op)
	}
	return &cc.many[h&uint64(len(cc.many)-1)]
}

// alike reports whether changes move a class as l's did: the same kinds,
// operations and subscriptions, in order. Given the old class, the rest
// of a change (user, reason, template, source, the subscription a move
// leaves) changes neither the held set nor the units, and the sparse part
// l checks apart. The fields are compared one by one: a copy with the
// user cleared would go through the stack.
func (l *classChange) alike(changes []Change) bool {
	if len(changes) != l.n {
		return false
	}
	for i := range changes {
		if c, d := &changes[i], &l.changes[i]; c.Kind != d.Kind || c.Op != d.Op || c.Sub != d.Sub {
			return false
		}
	}
	return true
}

// transition is one class change Apply made: the users of class from
// who now hold held on units (and a sparse part or not) are in class to.
type transition struct {
	from, to uint32
	held     license.Set
	units    unitKey
	sparse   bool
}

// move returns the class of a user of class from whose held set, units
// and sparse part are now held, units and sparse. Users of a class tend
// to change alike, so the answers are cached by class, held set and
// units, in a small direct-mapped table.
func (cs *classes) move(from uint32, held license.Set, units unitKey, sparse bool) uint32 {
	k := cs.keys[from-firstClass]
	if k.held == held && k.units == units && k.sparse == sparse {
		return from
	}
	b := held.Bits()
	slot := &cs.moves[(uint64(from)*0x9e3779b1^b[0]^b[1]>>7^units.hash())%uint64(len(cs.moves))]
	if slot.to != 0 && slot.from == from && slot.held == held && slot.units == units && slot.sparse == sparse {
		return slot.to
	}
	k.held, k.units, k.sparse = held, units, sparse
	*slot = transition{from: from, to: cs.intern(k), held: held, units: units, sparse: sparse}
	return slot.to
}

// live reports whether user id is not deleted, from the class array.
func (o *Org) live(id UserID) bool { return o.class[id] != classDeleted }

// noDecision is no index into an application's decisions.
const noDecision = ^uint32(0)

// classRep is, for one decision while AddUsers plans, a user it created
// whose class the users it creates after may share (shareClass): 1 + the
// index among the created users, 0 for none, and the window of the
// user's changes in the plan.
type classRep struct {
	user  uint32
	at, n int
}

// shareClass records in classAs that created user i, of the shared
// decision di and whose changes start at start, lands in the class of an
// earlier created user of the decision, when it does; Apply then classes
// i without a key (classChanges.reclass). Two such users share a class
// when they have the same groups in the same order, both a placement or
// neither, and the same changes but for the user: the decision's memo key
// gives them the same held set before, templates and admin roles, and the
// changes the same held set, units and sparse part after. (With a
// placer, the memo key leaves the placement out; a plan's placements do
// not change the users' attributes.) The user that differs becomes the
// decision's representative: alike users tend to come together.
func (a *application) shareClass(classAs []uint32, i int, di uint32, start int) {
	if !a.decisions[di].shared || start == len(a.p.Changes) {
		return // a user with no change is classed by classAdded
	}
	if n := int(di) + 1; len(a.reps) < n {
		a.reps = append(a.reps, make([]classRep, n-len(a.reps))...)
	}
	r, mine := &a.reps[di], a.p.Changes[start:]
	if r.user != 0 && a.createdAlike(i, int(r.user-1), mine, a.p.Changes[r.at:r.at+r.n]) {
		classAs[i] = r.user
		return
	}
	*r = classRep{user: uint32(i + 1), at: start, n: len(mine)}
}

// createdAlike reports whether created users i and j have the same groups
// in order, both a placement or neither, and changes mine and theirs
// alike but for the user.
func (a *application) createdAlike(i, j int, mine, theirs []Change) bool {
	if len(mine) != len(theirs) {
		return false
	}
	for k := range mine {
		if c, d := &mine[k], &theirs[k]; c.Kind != d.Kind || c.Op != d.Op || c.Sub != d.Sub || c.Source != d.Source {
			return false
		}
	}
	u, v := &a.newUsers[i], &a.newUsers[j]
	return slices.Equal(u.groupsIn(a.batch.arena), v.groupsIn(a.batch.arena)) &&
		(u.attrs == v.attrs || a.attrs(u).place().IsZero() == a.attrs(v).place().IsZero())
}
