package assignment

import "slices"

// memberChunk is the most IDs a chunk of a member list holds: a join or a
// leave moves at most this many IDs, however large the group.
const memberChunk = 1024

// memberList is a group's members in ascending ID order, in chunks of at
// most memberChunk IDs each, none empty.
type memberList struct {
	chunks [][]UserID
	n      int
}

func (m *memberList) len() int { return m.n }

// all yields the members in ascending order.
func (m *memberList) all() func(func(UserID) bool) {
	return func(yield func(UserID) bool) {
		for _, c := range m.chunks {
			for _, id := range c {
				if !yield(id) {
					return
				}
			}
		}
	}
}

// chunk returns the index of the chunk where id is or would go.
func (m *memberList) chunk(id UserID) int {
	i, _ := slices.BinarySearchFunc(m.chunks, id, func(c []UserID, id UserID) int {
		if c[len(c)-1] < id {
			return -1
		}
		return 1
	})
	return min(i, len(m.chunks)-1)
}

// has reports whether id is a member.
func (m *memberList) has(id UserID) bool {
	if m.n == 0 {
		return false
	}
	_, ok := slices.BinarySearch(m.chunks[m.chunk(id)], id)
	return ok
}

// add makes id a member; appending a larger ID than every member's is the
// quick case of adding users.
func (m *memberList) add(id UserID) {
	if m.n == 0 {
		m.chunks, m.n = [][]UserID{{id}}, 1
		return
	}
	if last := len(m.chunks) - 1; m.chunks[last][len(m.chunks[last])-1] < id { // after every member
		if len(m.chunks[last]) < memberChunk {
			m.chunks[last] = append(m.chunks[last], id)
		} else {
			m.chunks = append(m.chunks, append(make([]UserID, 0, 16), id))
		}
		m.n++
		return
	}
	ci := m.chunk(id)
	c := m.chunks[ci]
	i, ok := slices.BinarySearch(c, id)
	if ok {
		return
	}
	if len(c) == memberChunk { // split: each half keeps room to grow
		half := slices.Clone(c[memberChunk/2:])
		m.chunks = slices.Insert(m.chunks, ci+1, half)
		m.chunks[ci] = c[: memberChunk/2 : memberChunk/2]
		if i > memberChunk/2 {
			ci, i = ci+1, i-memberChunk/2
		}
		c = m.chunks[ci]
	}
	m.chunks[ci] = slices.Insert(c, i, id)
	m.n++
}

// remove takes id out of the members.
func (m *memberList) remove(id UserID) {
	if m.n == 0 {
		return
	}
	ci := m.chunk(id)
	c := m.chunks[ci]
	i, ok := slices.BinarySearch(c, id)
	if !ok {
		return
	}
	switch {
	case m.n == 1:
		m.chunks = nil // as a clone has it
	case len(c) == 1:
		m.chunks = slices.Delete(m.chunks, ci, ci+1)
	default:
		m.chunks[ci] = slices.Delete(c, i, i+1)
	}
	m.n--
}

// clone copies the list into one block, each chunk clipped so that a chunk
// that grows moves out rather than overwrite the next.
func (m memberList) clone() memberList {
	if m.n == 0 {
		return memberList{}
	}
	block := make([]UserID, 0, m.n)
	chunks := make([][]UserID, len(m.chunks))
	for i, c := range m.chunks {
		start := len(block)
		block = append(block, c...)
		chunks[i] = block[start:len(block):len(block)]
	}
	return memberList{chunks: chunks, n: m.n}
}
