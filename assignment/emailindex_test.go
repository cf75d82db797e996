package assignment

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"
)

// TestEmailIndexAgainstMap drives the e-mail index with random adds and
// removes, many of them colliding in a small table, and checks every
// lookup against a map: backward-shift removal must leave every other
// user findable.
func TestEmailIndexAgainstMap(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x := newEmailIndex()
		var users emailList
		want := map[string]UserID{}
		for range rapid.IntRange(1, 200).Draw(t, "steps") {
			email := fmt.Sprintf("u%d@x.com", rapid.IntRange(0, 40).Draw(t, "user"))
			if id, ok := want[email]; ok {
				x.remove(&users, id)
				delete(want, email)
			} else {
				users = append(users, email)
				id := UserID(len(users) - 1)
				x.addSum(id, x.sum(email))
				want[email] = id
			}
			if x.len() != len(want) {
				t.Fatalf("len %d, want %d", x.len(), len(want))
			}
			for i := range 41 {
				e := fmt.Sprintf("u%d@x.com", i)
				id, ok := x.get(&users, e)
				wid, wok := want[e]
				if ok != wok || id != wid {
					t.Fatalf("get(%s) = %d, %v; want %d, %v", e, id, ok, wid, wok)
				}
			}
		}
		c := x.clone()
		for e, id := range want {
			x.remove(&users, id)
			if got, ok := c.get(&users, e); !ok || got != id {
				t.Fatalf("clone lost %s after the original removed it", e)
			}
		}
	})
}

// TestEmailIndexSums: a batch's sums serve the index they were taken
// with; without them (a CSV import takes none), or without all, the
// index computes its own, and finds every user.
func TestEmailIndexSums(t *testing.T) {
	users := emailList{"ann@x.com", "bob@x.com"}
	x, y := newEmailIndex(), newEmailIndex()
	sums := []uint64{x.sum("ann@x.com"), x.sum("bob@x.com")}
	if got := x.sumsFor(users, sums); &got[0] != &sums[0] {
		t.Errorf("sumsFor with the batch's sums computed them again")
	}
	for _, got := range [][]uint64{y.sumsFor(users, nil), y.sumsFor(users, sums[:1])} {
		for i, h := range got {
			y.addSum(UserID(i), h)
		}
		for i, u := range users {
			if id, ok := y.get(&users, u); !ok || id != UserID(i) {
				t.Fatalf("get(%q) = %d, %v after adding by sumsFor", u, id, ok)
			}
		}
		y = emailIndex{seed: y.seed}
	}
}

// TestEmailIndexSameHalf: an e-mail is found by its own record, not by
// the half of its sum a slot keeps: users whose sums share that half, or
// the whole sum, are told apart by their e-mails, also after the table
// grew and moved them by the half it keeps.
func TestEmailIndexSameHalf(t *testing.T) {
	users := emailList{"ann@x.com", "bob@x.com", "cy@x.com"}
	us := &users
	x := newEmailIndex()
	const h = 0xabcdef_12345678
	x.addSum(0, h)
	x.addSum(1, h^1<<40) // the same low half
	x.addSum(2, h)       // the same sum
	for _, grown := range []bool{false, true} {
		if grown {
			x.reserve(100)
		}
		for i, u := range users {
			if id, ok := x.getSum(us, u, h); !ok || id != UserID(i) {
				t.Fatalf("grown %v: getSum(%s) = %d, %v; want %d", grown, u, id, ok, i)
			}
		}
		if _, ok := x.getSum(us, "dee@x.com", h); ok {
			t.Fatalf("grown %v: an e-mail no user has was found by its sum", grown)
		}
		if _, ok := x.getSum(us, "ann@x.com", h^1); ok {
			t.Fatalf("grown %v: an e-mail was found by a sum with another low half", grown)
		}
	}
}

// TestEmailIndexBatches adds batches of users at once (addAll, reading
// home slots ahead) to an index that holds others, colliding in a small
// table, and checks every user is found, and that a reader ahead tells
// each user's home slot as used exactly when it is.
func TestEmailIndexBatches(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x := newEmailIndex()
		var users emailList
		us := &users
		for range rapid.IntRange(1, 6).Draw(t, "batches") {
			n := rapid.IntRange(0, 40).Draw(t, "users")
			base := UserID(len(users))
			sums := make([]uint64, n)
			for i := range sums {
				users = append(users, fmt.Sprintf("u%d@x.com", len(users)))
				sums[i] = x.sum(users[len(users)-1])
			}
			ahead := indexAhead{x: &x, sums: sums}
			for i, h := range sums {
				want := len(x.slots) > 0 && x.slots[x.home(h)] != 0
				if got := ahead.next(i); got != want {
					t.Fatalf("user %d of %d: home slot used %v, read ahead as %v", i, n, want, got)
				}
			}
			x.addAll(base, sums)
			if x.len() != len(users) {
				t.Fatalf("%d users indexed, want %d", x.len(), len(users))
			}
			for i := range users {
				if id, ok := x.get(us, users[i]); !ok || id != UserID(i) {
					t.Fatalf("get(%s) = %d, %v after a batch", users[i], id, ok)
				}
			}
		}
	})
}
