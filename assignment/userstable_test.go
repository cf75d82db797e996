package assignment

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/wxlicense/wxlicense/license"
	"pgregory.net/rapid"
)

// TestUserTableAgainstSlice drives a user table with random grows,
// pushes (of batches at once, and one by one, with e-mails long enough to
// fill slabs, and group lists), clones, views and regroupings (many at
// once, so that the group lists are compacted), and checks every record,
// e-mail and group list against plain slices, the chunk layout, the
// cursor against at, and that a clone or a view does not change with the
// table, nor the table with the clone.
func TestUserTableAgainstSlice(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var tab, clone userTable
		var view userView
		var want, cloned tableWant
		viewed := tableWant{}
		groups := rapid.Map(rapid.SliceOfN(rapid.Uint16Range(0, 9), 0, 3), func(gs []uint16) []GroupID {
			var ids []GroupID
			for _, g := range gs {
				if !slices.Contains(ids, GroupID(g)) {
					ids = append(ids, GroupID(g))
				}
			}
			return ids
		})
		for step := range rapid.IntRange(1, 40).Draw(t, "steps") {
			switch rapid.IntRange(0, 6).Draw(t, "op") {
			case 0:
				tab.grow(rapid.IntRange(0, 3*chunkUsers).Draw(t, "grow"))
			case 1: // a batch, pushed at once or one by one
				var batch tableWant
				var arena groupArena
				for range rapid.IntRange(1, 2*chunkUsers).Draw(t, "push") {
					gs := groups.Draw(t, "groups")
					batch.push(user{status: Status(step % 3), groupOff: uint32(len(arena)), groupN: uint16(len(gs))},
						fmt.Sprintf("u%d-%s@x.com", len(want.recs)+len(batch.recs), strings.Repeat("x", rapid.IntRange(0, 200).Draw(t, "long"))), gs)
					arena = append(arena, gs...)
				}
				if rapid.Bool().Draw(t, "at once") {
					tab.pushAll(batch.recs, batch.mail, arena, nil)
				} else {
					for i, u := range batch.recs {
						u.groupOff = 0
						tab.pushAll([]user{u}, batch.mail[i:i+1], batch.groups[i], nil)
					}
				}
				want.add(batch)
			case 2:
				clone, cloned = tab.clone(), want.clone()
			case 3:
				view, viewed = tab.view(), want.clone()
			case 4: // the clone grows too: its e-mails and lists go where the table's do not
				e, gs := fmt.Sprintf("clone%d@x.com", len(cloned.recs)), groups.Draw(t, "groups")
				clone.pushAll([]user{{groupN: uint16(len(gs))}}, []string{e}, gs, nil)
				cloned.push(user{}, e, gs)
			case 5, 6: // regroup users of the table, or of the clone, and change their sparse parts and attributes: every one of them, or one
				tb, rs := &tab, &want
				if rapid.Bool().Draw(t, "clone") {
					tb, rs = &clone, &cloned
				}
				if len(rs.recs) == 0 {
					continue
				}
				from, to := 0, len(rs.recs)
				if rapid.Bool().Draw(t, "one") {
					from = rapid.IntRange(0, len(rs.recs)-1).Draw(t, "user")
					to = from + 1
				}
				for i := from; i < to; i++ {
					u := tb.at(UserID(i))
					gs := groups.Draw(t, "regroup")
					tb.setGroups(u, gs)
					rs.groups[i] = gs
					var x *extra // none, or a new part
					if rapid.Bool().Draw(t, "sparse") {
						x = &extra{manual: license.SetOf(license.UnifiedCM)}
					}
					tb.setExtra(u, x)
					rs.extras[i] = x
					if rapid.IntRange(0, 3).Draw(t, "attrs") == 0 {
						a := userAttrs{siteAdmin: []string{fmt.Sprint(i)}}
						tb.setAttrs(u, a)
						rs.attrs[i] = &a
					}
				}
			}
			checkTable(t, &tab, &want)
			if tab.len() > 0 { // a record changed in place: a clone does not see it
				tab.at(0).flags ^= flagSynced
				want.recs[0].flags ^= flagSynced
			}
			checkTable(t, &clone, &cloned)
			if view.len() != len(viewed.recs) {
				t.Fatalf("a view of %d users has %d", len(viewed.recs), view.len())
			}
			for i, e := range viewed.mail {
				if got := view.emailOf(UserID(i)); got != e {
					t.Fatalf("view: user %d is %s, want %s", i, got, e)
				}
			}
		}
	})
}

// tableWant is what a user table should hold: records (of which the
// tests set the status and the flags), e-mails, group lists, sparse parts
// and attributes.
type tableWant struct {
	recs   []user
	mail   []string
	groups [][]GroupID
	extras []*extra
	attrs  []*userAttrs
}

func (r *tableWant) push(u user, email string, gs []GroupID) {
	r.recs, r.mail, r.groups = append(r.recs, u), append(r.mail, email), append(r.groups, gs)
	r.extras, r.attrs = append(r.extras, nil), append(r.attrs, nil)
}

func (r *tableWant) add(b tableWant) {
	r.recs, r.mail, r.groups = append(r.recs, b.recs...), append(r.mail, b.mail...), append(r.groups, b.groups...)
	r.extras, r.attrs = append(r.extras, b.extras...), append(r.attrs, b.attrs...)
}

func (r *tableWant) clone() tableWant {
	return tableWant{slices.Clone(r.recs), slices.Clone(r.mail), slices.Clone(r.groups), slices.Clone(r.extras), slices.Clone(r.attrs)}
}

// checkTable fails t unless tab holds want (t is a *testing.T or a
// *rapid.T).
func checkTable(t interface{ Fatalf(string, ...any) }, tab *userTable, want *tableWant) {
	if tab.len() != len(want.recs) {
		t.Fatalf("%d users, want %d", tab.len(), len(want.recs))
	}
	for c, ch := range tab.chunks { // records fill the chunks in order; all but the last have room for chunkUsers
		if held := min(chunkUsers, max(0, len(want.recs)-c*chunkUsers)); len(ch) != held || c < len(tab.chunks)-1 && cap(ch) != chunkUsers {
			t.Fatalf("chunk %d of %d holds %d of %d, want %d", c, len(tab.chunks), len(ch), cap(ch), held)
		}
	}
	var cur userCursor
	for _, i := range []int{0, len(want.recs) - 1, len(want.recs) / 2, chunkUsers, chunkUsers - 1, 1} { // out of order, then in order
		if i >= 0 && i < len(want.recs) && !sameRecord(cur.at(tab, UserID(i)), &want.recs[i]) {
			t.Fatalf("cursor: user %d is %+v, want %+v", i, *cur.at(tab, UserID(i)), want.recs[i])
		}
	}
	live, parts := 0, 0
	for i := range want.recs {
		u := tab.at(UserID(i))
		if !sameRecord(u, &want.recs[i]) || cur.at(tab, UserID(i)) != u {
			t.Fatalf("user %d is %+v, want %+v", i, *u, want.recs[i])
		}
		if got := tab.emailOf(UserID(i)); got != want.mail[i] {
			t.Fatalf("user %d is %s, want %s", i, got, want.mail[i])
		}
		if got := tab.groupsOf(u); !slices.Equal(got, want.groups[i]) || cap(got) != len(got) {
			t.Fatalf("user %d is in groups %v (room for %d), want %v", i, got, cap(got), want.groups[i])
		}
		live += len(want.groups[i])
		if got := tab.extraOf(u); got != want.extras[i] {
			t.Fatalf("user %d has sparse part %p, want %p", i, got, want.extras[i])
		}
		if want.extras[i] != nil {
			parts++
		}
		if got := tab.attrsOf(u, nil); (got == nil) != (want.attrs[i] == nil) || got != nil && !slices.Equal(got.siteAdmin, want.attrs[i].siteAdmin) {
			t.Fatalf("user %d has attributes %+v, want %+v", i, got, want.attrs[i])
		}
	}
	if len(tab.groups)-tab.dead != live || tab.dead > max(len(tab.groups)/2, compactGroups-1) {
		t.Fatalf("%d group IDs, %d of them dead, for %d in lists", len(tab.groups), tab.dead, live)
	}
	if free := len(tab.extras) - parts; free != len(tab.free) || free != nilSlots(tab) {
		t.Fatalf("%d slots of sparse parts, %d of them listed free, %d nil (a free slot lets its part go), for %d parts", len(tab.extras), len(tab.free), nilSlots(tab), parts)
	}
}

// TestUserTableCompacts regroups every user of a table, so that the group
// lists are compacted, more than once, and drops most sparse parts and
// gives them back, which takes the freed slots again, no new ones; it
// checks every user after each step.
func TestUserTableCompacts(t *testing.T) {
	var tab userTable
	var want tableWant
	const n = 4 * compactGroups
	for i := range n {
		tab.pushAll([]user{{groupN: 2}}, []string{fmt.Sprintf("u%d@x.com", i)}, []GroupID{1, 2}, nil)
		want.push(user{}, fmt.Sprintf("u%d@x.com", i), []GroupID{1, 2})
		x := &extra{}
		tab.setExtra(tab.at(UserID(i)), x)
		want.extras[i] = x
	}
	groups, slots := len(tab.groups), len(tab.extras)
	for i := range n {
		gs := []GroupID{GroupID(i % 7)}
		tab.setGroups(tab.at(UserID(i)), gs)
		want.groups[i] = gs
		if i%4 != 0 {
			tab.setExtra(tab.at(UserID(i)), nil)
			want.extras[i] = nil
		}
		if i%compactGroups == 0 {
			checkTable(t, &tab, &want)
		}
	}
	checkTable(t, &tab, &want)
	if len(tab.groups) >= groups {
		t.Errorf("%d group IDs after regrouping %d users, were %d", len(tab.groups), n, groups)
	}
	for i := range n {
		if i%4 != 0 {
			x := &extra{}
			tab.setExtra(tab.at(UserID(i)), x)
			want.extras[i] = x
		}
	}
	checkTable(t, &tab, &want)
	if len(tab.extras) != slots || len(tab.free) != 0 {
		t.Errorf("%d slots of sparse parts, %d free, after the parts came back; were %d", len(tab.extras), len(tab.free), slots)
	}
}

func nilSlots(tab *userTable) int {
	n := 0
	for _, x := range tab.extras {
		if x == nil {
			n++
		}
	}
	return n
}

// sameRecord compares the fields the table tests set.
func sameRecord(a, b *user) bool {
	return a.status == b.status && a.flags == b.flags
}

// TestUserTableGrowth pins how the table grows: the first chunk is sized
// to the users and doubles as they come, up to full; every later chunk is
// made full, also the last of a clone, which clone sized to its records;
// no record moves out of a full chunk.
func TestUserTableGrowth(t *testing.T) {
	var tab userTable
	caps := func() string {
		var cs []int
		for _, ch := range tab.chunks {
			cs = append(cs, cap(ch))
		}
		return fmt.Sprint(cs)
	}
	pushes := func(n int) {
		for range n {
			tab.pushAll([]user{{}}, []string{"a@x.com"}, nil, nil)
		}
	}
	steps := []struct {
		what string
		do   func()
		want []int
	}{
		{"grow an empty table", func() { tab.grow(10) }, []int{10}},
		{"push past the first chunk's room", func() { pushes(11) }, []int{20}},
		{"grow the first chunk", func() { tab.grow(100) }, []int{111}},
		{"fill the first chunk", func() { pushes(chunkUsers - 11) }, []int{chunkUsers}},
		{"push into a second chunk", func() { pushes(1) }, []int{chunkUsers, chunkUsers}},
		{"grow past the second chunk", func() { tab.grow(2 * chunkUsers) }, []int{chunkUsers, chunkUsers, chunkUsers, chunkUsers}},
		{"a clone's last chunk", func() { tab = tab.clone() }, []int{chunkUsers, 1}},
		{"grow a clone", func() { tab.grow(1) }, []int{chunkUsers, chunkUsers}},
	}
	for _, s := range steps {
		first := (*user)(nil)
		if tab.len() > 0 {
			first = &tab.chunks[0][0]
		}
		full := len(tab.chunks) > 0 && cap(tab.chunks[0]) == chunkUsers
		s.do()
		if got := caps(); got != fmt.Sprint(s.want) {
			t.Fatalf("%s: chunks of %s, want %v", s.what, got, s.want)
		}
		if full && s.what != "a clone's last chunk" && &tab.chunks[0][0] != first {
			t.Fatalf("%s: a full chunk moved", s.what)
		}
	}
}
