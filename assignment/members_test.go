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

// TestMemberListChunks walks the chunk edges: a full last chunk takes a
// larger ID in a new chunk and a smaller one by splitting, the last member
// of a chunk takes its chunk with it, and the last member of the list
// leaves it as a clone of an empty list is.
func TestMemberListChunks(t *testing.T) {
	var m memberList
	var want []UserID
	for id := UserID(0); id < 2*memberChunk; id += 2 { // one full chunk
		m.add(id)
		want = append(want, id)
	}
	if len(m.chunks) != 1 {
		t.Fatalf("%d chunks for %d members", len(m.chunks), memberChunk)
	}
	m.add(2*memberChunk + 1) // larger than all: a new last chunk
	m.add(memberChunk + 1)   // inside the full chunk: a split
	want = append(want, 2*memberChunk+1)
	want = slices.Insert(want, memberChunk/2+1, memberChunk+1)
	if got := slices.Collect(m.all()); !slices.Equal(got, want) || m.len() != len(want) {
		t.Fatalf("after a split: %v", got)
	}
	if len(m.chunks) != 3 {
		t.Fatalf("%d chunks after a new last chunk and a split, want 3", len(m.chunks))
	}
	m.remove(2*memberChunk + 1) // alone in its chunk
	if len(m.chunks) != 2 || m.has(2*memberChunk+1) {
		t.Fatalf("removing a chunk's last member left %d chunks", len(m.chunks))
	}
	for _, id := range slices.Collect(m.all()) {
		m.remove(id)
	}
	if m.chunks != nil || m.len() != 0 || m.has(0) {
		t.Fatalf("an emptied list: %+v", m)
	}
	if c := m.clone(); c.chunks != nil {
		t.Fatal("a clone of an empty list has chunks")
	}
}
