package assignment

import (
	"slices"
	"unsafe"
)

// userTable holds the org's user records, indexed by UserID, in chunks of
// at most chunkUsers: adding users copies at most the last chunk, never
// the records of the whole org, and a growing org never holds two copies
// of its users. Every chunk but the last has room for chunkUsers records,
// and the records fill the chunks in order. A record holds no pointer: its
// e-mail, group list, attributes and sparse part are in the table's other
// arrays, by offset or slot, so that the collector does not scan the
// records.
type userTable struct {
	chunks [][]user
	n      int
	mail   [][]byte    // the users' e-mails, in slabs of mailSlab bytes (email)
	groups []GroupID   // the users' group lists, each a run of IDs (groupsOf)
	dead   int         // the IDs in groups that no record's list holds any more
	attrs  []userAttrs // the attributes of the few users with some (attrsOf)
	extras []*extra    // the sparse parts of users with one, by slot (extraOf)
	free   []uint32    // the slots no record holds, each nil, taken again first
}

const (
	chunkShift = 10
	chunkUsers = 1 << chunkShift // 1024 records, 56 KiB
	chunkMask  = chunkUsers - 1
)

func (t *userTable) len() int { return t.n }

// at returns user id's record; id is below len.
func (t *userTable) at(id UserID) *user { return &t.chunks[id>>chunkShift][id&chunkMask] }

// emailOf returns user id's e-mail (emailer).
func (t *userTable) emailOf(id UserID) string { return t.email(t.at(id)) }

// email returns the e-mail of u, a record of t.
//
// The e-mails are kept out of the records, so that a record holds no
// pointer to them for the collector to follow: each is written once into a
// slab of bytes and read back as a string over those bytes, which nothing
// writes again. A slab is only ever appended to, by the one table that
// owns its last slab: a clone gets the last slab clipped, so that its own
// appends start a new one, and a view only reads.
func (t *userTable) email(u *user) string { return emailIn(t.mail, u) }

// emailIn returns the e-mail of u, a record of a table of slabs mail.
func emailIn(mail [][]byte, u *user) string {
	return unsafe.String(&mail[u.mailSlab][u.mailOff], u.mailLen)
}

// extraOf returns u's sparse part, nil for none: a record holds the slot
// of its part, so that the records hold no pointer for the collector to
// follow, and the few users with a part cost it a pointer each.
func (t *userTable) extraOf(u *user) *extra {
	if u.x == 0 {
		return nil
	}
	return t.extras[u.x-1]
}

// setExtra makes x, nil for none, u's sparse part: in u's slot if they
// have one, else in a free slot, else in a new one. A user losing their
// part frees the slot. The slots are never more than the most users that
// held parts at once, so that saves that give a million users retained
// sources and take them back again reuse the slots and allocate nothing.
func (t *userTable) setExtra(u *user, x *extra) {
	switch {
	case u.x != 0 && x != nil:
		t.extras[u.x-1] = x
	case x != nil && len(t.free) > 0:
		s := t.free[len(t.free)-1]
		t.free = t.free[:len(t.free)-1]
		t.extras[s], u.x = x, s+1
	case x != nil:
		t.extras = appendDoubling(t.extras, []*extra{x})
		u.x = uint32(len(t.extras))
	case u.x != 0:
		t.free = appendDoubling(t.free, []uint32{u.x - 1})
		t.extras[u.x-1], u.x = nil, 0
	}
}

// attrsOf returns the attributes of u, nil for none: u.attrs-1 indexes
// t's attributes and, past them, those of batch, the users a plan creates,
// which Apply appends to t's (a plan applies only to the table it was
// made on, as it was). Attributes are never changed in place: a change
// appends new ones (setAttrs), so that clones share them.
func (t *userTable) attrsOf(u *user, batch []userAttrs) *userAttrs {
	if u.attrs == 0 {
		return nil
	}
	if i := int(u.attrs - 1); i < len(t.attrs) {
		return &t.attrs[i]
	}
	return &batch[int(u.attrs-1)-len(t.attrs)]
}

// setAttrs makes x u's attributes.
func (t *userTable) setAttrs(u *user, x userAttrs) {
	t.attrs = append(t.attrs, x)
	u.attrs = uint32(len(t.attrs))
}

// groupsOf returns the direct groups of u, a record of t, as a clipped
// slice: a list is never changed in place (setGroups writes a new run), so
// that a slice of it stays what it was.
func (t *userTable) groupsOf(u *user) []GroupID { return u.groupsIn(t.groups) }

// groupsIn returns u's groups, a run of ids.
func (u *user) groupsIn(ids []GroupID) []GroupID {
	end := u.groupOff + uint32(u.groupN)
	return ids[u.groupOff:end:end]
}

// setGroups makes gs, at most MaxGroups distinct IDs, u's groups: a new
// run, after the others. When most of the IDs are in runs no record holds
// any more, the runs are written again without them, so that a table
// holds at most about twice the IDs of its users' lists.
func (t *userTable) setGroups(u *user, gs []GroupID) {
	t.dead += int(u.groupN)
	u.groupOff, u.groupN = uint32(len(t.groups)), uint16(len(gs))
	t.groups = append(t.groups, gs...)
	if t.dead > len(t.groups)/2 && t.dead >= compactGroups {
		t.compactGroups()
	}
}

// compactGroups is the least number of dead IDs that setGroups writes the
// lists again for.
const compactGroups = 1024

// compactGroups writes every record's group list again, in ID order, into
// a new array without dead IDs.
func (t *userTable) compactGroups() {
	ids := make([]GroupID, 0, len(t.groups)-t.dead)
	for _, ch := range t.chunks {
		for i := range ch {
			u := &ch[i]
			gs := u.groupsIn(t.groups)
			u.groupOff = uint32(len(ids))
			ids = append(ids, gs...)
		}
	}
	t.groups, t.dead = ids, 0
}

// appendDoubling appends xs to s, at least doubling its room when it runs
// out, so that a table adding users in batches copies its arrays a few
// times, not at every other batch (append grows a large slice by a
// quarter).
func appendDoubling[T any](s, xs []T) []T {
	if len(s)+len(xs) > cap(s) {
		s = slices.Grow(s, max(len(s), len(xs)))
	}
	return append(s, xs...)
}

// mailSlab is the size of an e-mail slab: an offset in one fits a uint16.
const mailSlab = 1 << 16

// setEmail writes e, at most maxEmail bytes, as u's e-mail.
func (t *userTable) setEmail(u *user, e string) {
	last := len(t.mail) - 1
	if last < 0 || len(t.mail[last])+len(e) > cap(t.mail[last]) {
		t.mail = append(t.mail, make([]byte, 0, mailSlab))
		last++
	}
	slab := t.mail[last]
	u.mailSlab, u.mailOff, u.mailLen = uint32(last), uint16(len(slab)), uint8(len(e))
	t.mail[last] = append(slab, e...)
}

// grow makes room for n more users. A small org's only chunk is sized to
// the users and doubles as they come, up to full; past it, every chunk is
// made full, so that adding users never copies records but those of a
// clone's last chunk (which clone sizes to its records), once.
func (t *userTable) grow(n int) {
	for room := t.room(); room < n; room = t.room() {
		c := len(t.chunks) - 1
		switch {
		case c < 0:
			t.chunks = append(t.chunks, make([]user, 0, min(chunkUsers, n)))
		case cap(t.chunks[c]) == chunkUsers:
			t.chunks = append(t.chunks, make([]user, 0, chunkUsers))
		default:
			size := chunkUsers
			if c == 0 {
				size = min(chunkUsers, max(2*cap(t.chunks[c]), len(t.chunks[c])+n))
			}
			t.chunks[c] = append(make([]user, 0, size), t.chunks[c]...)
		}
	}
}

// room returns how many users fit without growing.
func (t *userTable) room() int {
	if len(t.chunks) == 0 {
		return 0
	}
	return (len(t.chunks)-1)*chunkUsers + cap(t.chunks[len(t.chunks)-1]) - t.n
}

// pushAll appends users, copying them a chunk at a time, with their
// e-mails and their group lists, which are runs of groups.
func (t *userTable) pushAll(us []user, emails []string, groups []GroupID, attrs []userAttrs) {
	t.grow(len(us))
	base := uint32(len(t.groups))
	t.groups = appendDoubling(t.groups, groups)
	t.attrs = appendDoubling(t.attrs, attrs) // the records index them already (attrsOf)
	for len(us) > 0 {
		c := t.n >> chunkShift
		at, k := len(t.chunks[c]), min(len(us), cap(t.chunks[c])-len(t.chunks[c]))
		t.chunks[c] = append(t.chunks[c], us[:k]...)
		for i, e := range emails[:k] {
			u := &t.chunks[c][at+i]
			t.setEmail(u, e)
			u.groupOff += base
		}
		t.n += k
		us, emails = us[k:], emails[k:]
	}
}

// clone returns a copy whose records change independently (the copy
// shares the e-mail slabs and the attributes, which never change in place,
// has its own group lists, and its slots hold the same sparse parts, which
// Org.Clone copies), without the room grow made: its last chunk is the
// last that holds records, sized to them.
func (t *userTable) clone() userTable {
	c := userTable{chunks: slices.Clone(t.chunks[:(t.n+chunkMask)>>chunkShift]), n: t.n, mail: t.clippedMail(), groups: withRoom(t.groups), dead: t.dead, attrs: slices.Clip(t.attrs), extras: slices.Clone(t.extras), free: slices.Clone(t.free)}
	for i, ch := range c.chunks {
		c.chunks[i] = slices.Clone(ch)
	}
	return c
}

// withRoom returns a copy of gs with room for an eighth more: a clone's
// membership changes append to its group lists, and without room the first
// would copy them all.
func withRoom(gs []GroupID) []GroupID {
	if len(gs) == 0 {
		return nil // as the table had none
	}
	return append(make([]GroupID, 0, len(gs)+len(gs)/8+16), gs...)
}

// clippedMail returns the slab list for a clone: its own list, with the
// last slab clipped, so that only t appends to that slab.
func (t *userTable) clippedMail() [][]byte {
	m := slices.Clone(t.mail)
	if last := len(m) - 1; last >= 0 {
		m[last] = slices.Clip(m[last])
	}
	return m
}

// userView is a user table as it was, for reading e-mails later: users
// added after it are not in it.
type userView struct {
	chunks [][]user
	n      int
	mail   [][]byte
}

// view returns the table as it is now.
func (t *userTable) view() userView {
	return userView{chunks: t.chunks[:len(t.chunks):len(t.chunks)], n: t.n, mail: t.mail[:len(t.mail):len(t.mail)]}
}

func (v *userView) len() int { return v.n }

// emailOf returns user id's e-mail; id is below len.
func (v *userView) emailOf(id UserID) string {
	return emailIn(v.mail, &v.chunks[id>>chunkShift][id&chunkMask])
}

// userCursor reads records of a table mostly in ascending ID order: it
// keeps the chunk of the last record read, so that reading the next from
// it is a subtraction and a comparison (userTable.at reads the chunk list
// each time).
type userCursor struct {
	chunk []user
	base  UserID // the ID of chunk[0]
}

// at returns user id's record in t; id is below t.len().
func (c *userCursor) at(t *userTable, id UserID) *user {
	if i := id - c.base; uint(i) < uint(len(c.chunk)) { // an ID below base wraps around
		return &c.chunk[i]
	}
	c.base, c.chunk = id&^chunkMask, t.chunks[id>>chunkShift]
	return &c.chunk[id&chunkMask]
}

// emailer gives the e-mail of a user by ID: the org's table, or a batch of
// new users (emailList).
type emailer interface{ emailOf(UserID) string }

// emailList is the e-mails of a batch of users indexed from 0. (An emailer
// by pointer: a slice made an interface value would be allocated at each
// call.)
type emailList []string

func (l *emailList) emailOf(id UserID) string { return (*l)[id] }
