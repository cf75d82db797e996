package sim

import "time"

// item is one scheduled event: its virtual time and its sequence number,
// which orders events due at the same time by when they were scheduled.
type item struct {
	at  time.Duration
	seq uint64
	ev  Event
}

func (a item) before(b item) bool {
	return a.at < b.at || a.at == b.at && a.seq < b.seq
}

// queue is a binary min-heap of items ordered by (time, sequence), so that
// ties resolve the same way on every run (SIM-1).
type queue struct{ items []item }

func (q *queue) len() int { return len(q.items) }

func (q *queue) push(it item) {
	q.items = append(q.items, it)
	i := len(q.items) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !q.items[i].before(q.items[p]) {
			break
		}
		q.items[i], q.items[p] = q.items[p], q.items[i]
		i = p
	}
}

func (q *queue) peek() item { return q.items[0] }

func (q *queue) pop() item {
	top := q.items[0]
	last := len(q.items) - 1
	q.items[0] = q.items[last]
	q.items[last] = item{}
	q.items = q.items[:last]
	i := 0
	for {
		l, m := 2*i+1, i
		if l < last && q.items[l].before(q.items[m]) {
			m = l
		}
		if r := l + 1; r < last && q.items[r].before(q.items[m]) {
			m = r
		}
		if m == i {
			return top
		}
		q.items[i], q.items[m] = q.items[m], q.items[i]
		i = m
	}
}
