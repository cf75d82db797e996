package assignment

import (
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// TestMemberListAgainstSlice drives a member list with random adds and
// removes, in runs that fill and split chunks, and checks it against a
// sorted slice after every step, and that a clone is independent.
func TestMemberListAgainstSlice(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var m memberList
		var want []UserID
		span := rapid.IntRange(1, 5*memberChunk).Draw(t, "span")
		for range rapid.IntRange(1, 60).Draw(t, "steps") {
			from := UserID(rapid.IntRange(0, span).Draw(t, "from"))
			n := rapid.IntRange(1, memberChunk+1).Draw(t, "run")
			remove := rapid.Bool().Draw(t, "remove")
			for id := from; id < from+UserID(n); id++ {
				i, ok := slices.BinarySearch(want, id)
				switch {
				case remove && ok:
					want = slices.Delete(want, i, i+1)
					m.remove(id)
				case !remove && !ok:
					want = slices.Insert(want, i, id)
					m.add(id)
				case remove:
					m.remove(id) // not a member: nothing happens
				default:
					m.add(id) // a member already: nothing happens
				}
			}
			checkMembers(t, &m, want)
		}
		c := m.clone()
		for _, id := range want {
			m.remove(id)
			c.add(id + 1)
		}
		checkMembers(t, &m, nil)
		if c.len() < len(want) {
			t.Fatalf("clone has %d members, want at least %d", c.len(), len(want))
		}
	})
}

func checkMembers(t *rapid.T, m *memberList, want []UserID) {
	got := slices.Collect(m.all())
	if !slices.Equal(got, want) || m.len() != len(want) {
		t.Fatalf("members %v (len %d), want %v", got, m.len(), want)
	}
	for _, c := range m.chunks {
		if len(c) == 0 || len(c) > memberChunk {
			t.Fatalf("a chunk of %d members", len(c))
		}
	}
	for _, id := range want {
		if !m.has(id) {
			t.Fatalf("has(%d) = false", id)
		}
	}
	if m.has(UserID(1 << 30)) {
		t.Fatal("has an ID never added")
	}
}
