package assignment

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// TestUserTableAgainstSlice drives a user table with random grows,
// pushes (of batches at once, and one by one, with e-mails long enough to
// fill slabs), clones and views, and checks every record and e-mail
// against plain slices, the chunk layout, the cursor against at, and that
// a clone or a view does not change with the table, nor the table with
// the clone.
func TestUserTableAgainstSlice(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var tab userTable
		var want []user
		var mail []string // want's e-mails
		var clone userTable
		var cloned []user
		var clonedMail []string
		var view userTable
		viewed := 0
		for step := range rapid.IntRange(1, 40).Draw(t, "steps") {
			switch rapid.IntRange(0, 4).Draw(t, "op") {
			case 0:
				tab.grow(rapid.IntRange(0, 3*chunkUsers).Draw(t, "grow"))
			case 1: // a batch, pushed at once or one by one
				var batch []user
				var emails []string
				for range rapid.IntRange(1, 2*chunkUsers).Draw(t, "push") {
					batch = append(batch, user{status: Status(step % 3)})
					emails = append(emails, fmt.Sprintf("u%d-%s@x.com", len(want)+len(batch), strings.Repeat("x", rapid.IntRange(0, 200).Draw(t, "long"))))
				}
				if rapid.Bool().Draw(t, "at once") {
					tab.pushAll(batch, emails)
				} else {
					for i, u := range batch {
						tab.pushAll([]user{u}, emails[i:i+1])
					}
				}
				want, mail = append(want, batch...), append(mail, emails...)
			case 2:
				clone, cloned, clonedMail = tab.clone(), append([]user(nil), want...), append([]string(nil), mail...)
			case 3:
				view, viewed = tab.view(), len(want)
			case 4: // the clone grows too: its e-mails go to slabs of its own
				e := fmt.Sprintf("clone%d@x.com", len(cloned))
				clone.pushAll([]user{{}}, []string{e})
				cloned, clonedMail = append(cloned, user{}), append(clonedMail, e)
			}
			checkTable(t, &tab, want, mail)
			if tab.len() > 0 { // a record changed in place: a clone does not see it
				tab.at(0).flags ^= flagSynced
				want[0].flags ^= flagSynced
			}
			checkTable(t, &clone, cloned, clonedMail)
			if view.len() != viewed {
				t.Fatalf("a view of %d users has %d", viewed, view.len())
			}
			for i := range viewed {
				if got := view.emailOf(UserID(i)); got != mail[i] {
					t.Fatalf("view: user %d is %s, want %s", i, got, mail[i])
				}
			}
		}
	})
}

func checkTable(t *rapid.T, tab *userTable, want []user, mail []string) {
	if tab.len() != len(want) {
		t.Fatalf("%d users, want %d", tab.len(), len(want))
	}
	for c, ch := range tab.chunks { // records fill the chunks in order; all but the last have room for chunkUsers
		if held := min(chunkUsers, max(0, len(want)-c*chunkUsers)); len(ch) != held || c < len(tab.chunks)-1 && cap(ch) != chunkUsers {
			t.Fatalf("chunk %d of %d holds %d of %d, want %d", c, len(tab.chunks), len(ch), cap(ch), held)
		}
	}
	var cur userCursor
	for _, i := range []int{0, len(want) - 1, len(want) / 2, chunkUsers, chunkUsers - 1, 1} { // out of order, then in order
		if i >= 0 && i < len(want) && !sameRecord(cur.at(tab, UserID(i)), &want[i]) {
			t.Fatalf("cursor: user %d is %+v, want %+v", i, *cur.at(tab, UserID(i)), want[i])
		}
	}
	for i := range want {
		if !sameRecord(tab.at(UserID(i)), &want[i]) || cur.at(tab, UserID(i)) != tab.at(UserID(i)) {
			t.Fatalf("user %d is %+v, want %+v", i, *tab.at(UserID(i)), want[i])
		}
		if got := tab.emailOf(UserID(i)); got != mail[i] {
			t.Fatalf("user %d is %s, want %s", i, got, mail[i])
		}
	}
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
			tab.pushAll([]user{{}}, []string{"a@x.com"})
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
