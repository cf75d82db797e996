package license_test

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wxlicense/wxlicense/license"
)

var t0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func day(n int) time.Time { return t0.AddDate(0, 0, n) }

func mustAdd(t *testing.T, l *license.Ledger, s license.Subscription) license.SubID {
	t.Helper()
	id, err := l.Add(s)
	if err != nil {
		t.Fatalf("Add(%s): %v", s.ID, err)
	}
	return id
}

// TestLedgerOldestFirst: a unit comes from the oldest active subscription,
// by (creation date, ID), with a free unit of the kind; then the next.
func TestLedgerOldestFirst(t *testing.T) { // LIC-8
	cat := license.MustDefault()
	l := license.NewLedger(cat)
	// added out of order; "b" and "a" were created at the same time.
	c := mustAdd(t, l, license.Subscription{ID: "c", Created: day(10), Units: map[license.Kind]int{ms: 1, pro: 5}})
	b := mustAdd(t, l, license.Subscription{ID: "b", Created: day(1), Units: map[license.Kind]int{ms: 1}})
	a := mustAdd(t, l, license.Subscription{ID: "a", Created: day(1), Units: map[license.Kind]int{ms: 2}})
	old := mustAdd(t, l, license.Subscription{ID: "z-old", Created: day(-5), Units: map[license.Kind]int{pro: 1}})
	if c != 0 || b != 1 || a != 2 || old != 3 {
		t.Fatalf("SubIDs = %v %v %v %v, want dense in order of adding", c, b, a, old)
	}
	if got := l.Order(); !slices.Equal(got, []license.SubID{old, a, b, c}) {
		t.Errorf("Order() = %v, want [z-old a b c]", got)
	}
	// Advanced Messaging: a, a, b, c, then none.
	var got []string
	for {
		s, ok := l.Oldest(ms, nil)
		if !ok {
			break
		}
		if !l.Take(s, ms) {
			t.Fatalf("Take(%s) failed after Oldest", l.Name(s))
		}
		got = append(got, l.Name(s))
	}
	if want := []string{"a", "a", "b", "c"}; !slices.Equal(got, want) {
		t.Errorf("Advanced Messaging units came from %v, want %v", got, want)
	}
	// A released unit returns to its own subscription, which is then
	// the oldest with a free unit again.
	l.Release(b, ms)
	if s, ok := l.Oldest(ms, nil); !ok || s != b {
		t.Errorf("after Release(b): Oldest = %v, %v; want b", l.Name(s), ok)
	}
	if l.Free(b, ms) != 1 || l.Consumed(b, ms) != 0 || l.Free(a, ms) != 0 || l.Consumed(a, ms) != 2 {
		t.Errorf("Free/Consumed after release: b %d/%d, a %d/%d", l.Free(b, ms), l.Consumed(b, ms), l.Free(a, ms), l.Consumed(a, ms))
	}
	// Professional: the older subscription first.
	if s, _ := l.Oldest(pro, nil); s != old {
		t.Errorf("Oldest(Professional) = %s, want z-old", l.Name(s))
	}
	// A kind no subscription has.
	if s, ok := l.Oldest(ucm, nil); ok || s != license.NoSub {
		t.Errorf("Oldest(UCM) = %v, %v", s, ok)
	}
	// allowed narrows the choice (a grant naming a subscription).
	if s, ok := l.Oldest(pro, func(s license.SubID) bool { return s == c }); !ok || s != c {
		t.Errorf("Oldest(Professional, only c) = %v, %v", l.Name(s), ok)
	}
	if _, ok := l.Oldest(ms, func(s license.SubID) bool { return s == a }); ok {
		t.Error("Oldest(ms, only a) found a unit on a full subscription")
	}
}

// TestLedgerCancelled: a cancelled subscription gives no new units.
func TestLedgerCancelled(t *testing.T) { // LIC-8
	l := license.NewLedger(license.MustDefault())
	old := mustAdd(t, l, license.Subscription{ID: "old", Created: day(0), Units: map[license.Kind]int{ms: 3}})
	nw := mustAdd(t, l, license.Subscription{ID: "new", Created: day(1), Units: map[license.Kind]int{ms: 3}})
	if !l.Take(old, ms) {
		t.Fatal("Take on an active subscription failed")
	}
	l.SetActive(old, false)
	if l.Active(old) || !l.Active(nw) {
		t.Errorf("Active = %v, %v", l.Active(old), l.Active(nw))
	}
	if s, ok := l.Oldest(ms, nil); !ok || s != nw {
		t.Errorf("Oldest with old cancelled = %v, %v; want new", l.Name(s), ok)
	}
	if l.Take(old, ms) {
		t.Error("Take on a cancelled subscription succeeded")
	}
	if l.Consumed(old, ms) != 1 {
		t.Errorf("Consumed(old) = %d; a failed Take changed it or cancelling released units", l.Consumed(old, ms))
	}
	l.Release(old, ms)
	if l.Consumed(old, ms) != 0 {
		t.Error("Release on a cancelled subscription did not return the unit")
	}
	l.SetActive(old, true)
	if s, _ := l.Oldest(ms, nil); s != old {
		t.Errorf("reactivated: Oldest = %s, want old", l.Name(s))
	}
	if l.Active(license.NoSub) || l.Active(license.SubID(l.Len())) {
		t.Error("Active of an unknown subscription")
	}
}

func TestLedgerTakeRelease(t *testing.T) { // LIC-8
	l := license.NewLedger(license.MustDefault())
	s := mustAdd(t, l, license.Subscription{ID: "s", Created: day(0), Units: map[license.Kind]int{pro: 2}})
	if !l.Take(s, pro) || !l.Take(s, pro) {
		t.Fatal("Take within the units failed")
	}
	if l.Take(s, pro) {
		t.Error("Take past the units succeeded")
	}
	if l.Consumed(s, pro) != 2 || l.Free(s, pro) != 0 {
		t.Errorf("Consumed, Free = %d, %d", l.Consumed(s, pro), l.Free(s, pro))
	}
	if l.Take(s, std) {
		t.Error("Take of a kind with no units succeeded")
	}
	l.Release(s, pro)
	l.Release(s, pro)
	l.Release(s, pro) // nothing left to release: no-op
	if l.Consumed(s, pro) != 0 || l.Free(s, pro) != 2 {
		t.Errorf("after releases: Consumed, Free = %d, %d", l.Consumed(s, pro), l.Free(s, pro))
	}
}

// TestLedgerTakeReleaseN: TakeN and ReleaseN do what n calls of Take and
// Release would.
func TestLedgerTakeReleaseN(t *testing.T) { // LIC-8
	type op struct {
		take      bool
		n         int
		want      int // TakeN's result
		cancelled bool
	}
	tests := []struct {
		name string
		ops  []op
		used int
	}{
		{"within the units", []op{{take: true, n: 2, want: 2}}, 2},
		{"past the units: what is free", []op{{take: true, n: 5, want: 3}}, 3},
		{"past the units after some", []op{{take: true, n: 2, want: 2}, {take: true, n: 5, want: 1}}, 3},
		{"none and negative", []op{{take: true, n: 0}, {take: true, n: -2}, {n: -1}}, 0},
		{"cancelled takes nothing", []op{{take: true, n: 2, cancelled: true}}, 0},
		{"release what is consumed", []op{{take: true, n: 3, want: 3}, {n: 2}}, 1},
		{"release never below zero", []op{{take: true, n: 1, want: 1}, {n: 4}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := license.NewLedger(license.MustDefault())
			s := mustAdd(t, l, license.Subscription{ID: "s", Created: day(0), Units: map[license.Kind]int{pro: 3}})
			for _, o := range tt.ops {
				l.SetActive(s, !o.cancelled)
				if !o.take {
					l.ReleaseN(s, pro, o.n)
				} else if got := l.TakeN(s, pro, o.n); got != o.want {
					t.Errorf("TakeN(%d) = %d, want %d", o.n, got, o.want)
				}
			}
			if l.Consumed(s, pro) != tt.used {
				t.Errorf("Consumed = %d, want %d", l.Consumed(s, pro), tt.used)
			}
		})
	}
	l := license.NewLedger(license.MustDefault())
	s := mustAdd(t, l, license.Subscription{ID: "s", Created: day(0), Units: map[license.Kind]int{pro: 3}})
	if l.TakeN(s, std, 1) != 0 || l.TakeN(license.SubID(l.Len()), pro, 1) != 0 || l.TakeN(s, license.NoKind, 1) != 0 {
		t.Error("TakeN of a kind or subscription not in the ledger took units")
	}
	l.ReleaseN(license.SubID(l.Len()), pro, 1) // no panic
}

// TestLedgerUsage: a row per subscription, oldest first, and kind with
// units, with the Licenses API fields.
func TestLedgerUsage(t *testing.T) { // LIC-8
	cat := license.MustDefault(siteA)
	host, _ := cat.SiteKind(siteA, license.RoleHost)
	l := license.NewLedger(cat)
	nw := mustAdd(t, l, license.Subscription{ID: "new", Created: day(5), Units: map[license.Kind]int{pro: 1, ms: 4}})
	old := mustAdd(t, l, license.Subscription{ID: "old", Created: day(0), Units: map[license.Kind]int{host: 2, ucm: 0}})
	l.Take(old, host)
	l.Take(nw, ms)
	l.Take(nw, ms)
	l.SetActive(nw, false) // cancelled subscriptions still report
	want := []license.Usage{
		{Subscription: "old", Kind: host, Name: "Meetings Host " + siteA, TotalUnits: 2, ConsumedUnits: 1, ConsumedByUsers: 1},
		{Subscription: "new", Kind: ms, Name: "Advanced Messaging", TotalUnits: 4, ConsumedUnits: 2, ConsumedByUsers: 2},
		{Subscription: "new", Kind: pro, Name: "Webex Calling Professional", TotalUnits: 1, ConsumedUnits: 0, ConsumedByUsers: 0},
	}
	if got := l.Usage(cat); !slices.Equal(got, want) {
		t.Errorf("Usage() =\n%v\nwant\n%v", got, want)
	}
	if got := license.NewLedger(cat).Usage(cat); len(got) != 0 {
		t.Errorf("empty ledger Usage() = %v", got)
	}
}

// TestLedgerClone: a clone and its original change independently.
func TestLedgerClone(t *testing.T) { // LIC-8
	l := license.NewLedger(license.MustDefault())
	s := mustAdd(t, l, license.Subscription{ID: "s", Created: day(1), Units: map[license.Kind]int{ms: 3}})
	l.Take(s, ms)
	c := l.Clone()
	c.Take(s, ms)
	c.SetActive(s, false)
	if _, err := c.Add(license.Subscription{ID: "older", Created: day(0), Units: map[license.Kind]int{ms: 1}}); err != nil {
		t.Fatal(err)
	}
	if l.Consumed(s, ms) != 1 || !l.Active(s) || l.Len() != 1 || len(l.Order()) != 1 {
		t.Errorf("original changed with its clone: consumed %d, active %v, len %d", l.Consumed(s, ms), l.Active(s), l.Len())
	}
	if c.Consumed(s, ms) != 2 || c.Active(s) || c.Len() != 2 {
		t.Errorf("clone: consumed %d, active %v, len %d", c.Consumed(s, ms), c.Active(s), c.Len())
	}
	l.Release(s, ms)
	if c.Consumed(s, ms) != 2 {
		t.Error("clone changed with its original")
	}
	if _, ok := c.Lookup("older"); !ok {
		t.Error("clone lost its own subscription")
	}
	if _, ok := l.Lookup("older"); ok {
		t.Error("original got its clone's subscription")
	}
	// every subscription's counts are the clone's own
	s2 := mustAdd(t, l, license.Subscription{ID: "s2", Created: day(2), Units: map[license.Kind]int{ms: 2, license.UnifiedCM: 1}})
	c = l.Clone()
	c.Take(s2, license.UnifiedCM)
	c.Take(s, ms)
	if l.Consumed(s2, license.UnifiedCM) != 0 || l.Consumed(s, ms) != 0 || c.Consumed(s, ms) != 1 || c.Free(s2, ms) != 2 {
		t.Errorf("clone of two subscriptions: original %d, %d; clone %d, %d", l.Consumed(s2, license.UnifiedCM), l.Consumed(s, ms), c.Consumed(s, ms), c.Free(s2, ms))
	}
	if _, ok := l.Lookup("older"); ok {
		t.Error("original gained the clone's subscription")
	}
}

// TestLedgerCloneInto: a copy made into another ledger's memory is l's
// equal and changes independently of l; the ledger it overwrote, here
// one of more subscriptions than l, is its result, and a ledger cloned
// into itself is copied into new memory.
func TestLedgerCloneInto(t *testing.T) { // LIC-8
	l := license.NewLedger(license.MustDefault())
	s := mustAdd(t, l, license.Subscription{ID: "s", Created: day(1), Units: map[license.Kind]int{ms: 3}})
	l.Take(s, ms)
	big := license.NewLedger(license.MustDefault())
	for i := range 3 {
		mustAdd(t, big, license.Subscription{ID: fmt.Sprint("b", i), Created: day(i), Units: map[license.Kind]int{ms: 5}})
	}
	dst := big.Clone()
	reused := big.CloneInto(nil) // with memory of its own to reuse
	shallow := *l
	for _, into := range []*license.Ledger{nil, dst, l, reused, &shallow} {
		c := l.CloneInto(into)
		if c == l || into != nil && into != l && into != &shallow && c != into {
			t.Fatalf("CloneInto(%p) = %p, l %p", into, c, l)
		}
		if c.Len() != 1 || c.Consumed(s, ms) != 1 || c.Name(s) != "s" || len(c.Order()) != 1 {
			t.Fatalf("copy: len %d, consumed %d, name %q", c.Len(), c.Consumed(s, ms), c.Name(s))
		}
		c.Take(s, ms)
		if l.Consumed(s, ms) != 1 || c.Consumed(s, ms) != 2 {
			t.Fatalf("copy and original share counts: %d, %d", l.Consumed(s, ms), c.Consumed(s, ms))
		}
	}
	if big.Len() != 3 || big.Consumed(0, ms) != 0 {
		t.Error("CloneInto a clone changed the ledger cloned")
	}
}

func TestLedgerLookupName(t *testing.T) {
	l := license.NewLedger(license.MustDefault())
	s := mustAdd(t, l, license.Subscription{ID: "Sub-1", Created: day(0)})
	if id, ok := l.Lookup("Sub-1"); !ok || id != s {
		t.Errorf("Lookup = %v, %v", id, ok)
	}
	if id, ok := l.Lookup("sub-1"); ok || id != license.NoSub {
		t.Errorf("Lookup is not exact: %v, %v", id, ok)
	}
	if l.Name(s) != "Sub-1" || l.Name(license.NoSub) != "none" || l.Name(7) != "none" {
		t.Errorf("Name = %q, %q", l.Name(s), l.Name(license.NoSub))
	}
}

// TestLedgerErrors: bad and duplicate subscriptions are refused with a
// *SubscriptionError naming the ID and matching its sentinel.
func TestLedgerErrors(t *testing.T) { // LIC-8
	cat := license.MustDefault()
	tests := []struct {
		name string
		sub  license.Subscription
		want error
	}{
		{"duplicate ID", license.Subscription{ID: "s", Created: day(9)}, license.ErrDuplicateSubscription},
		{"empty ID", license.Subscription{Created: day(0)}, license.ErrBadSubscription},
		// hostile IDs: only white space, control or invisible characters
		{"only spaces", license.Subscription{ID: "   "}, license.ErrBadSubscription},
		{"only tabs and newlines", license.Subscription{ID: "\t\n"}, license.ErrBadSubscription},
		{"only no-break spaces", license.Subscription{ID: "\u00a0\u3000"}, license.ErrBadSubscription},
		{"NUL", license.Subscription{ID: "s\x00"}, license.ErrBadSubscription},
		{"newline inside", license.Subscription{ID: "sub\n2024"}, license.ErrBadSubscription},
		{"escape", license.Subscription{ID: "\x1b[31msub"}, license.ErrBadSubscription},
		{"C1 control", license.Subscription{ID: "sub\u0085"}, license.ErrBadSubscription},
		{"zero-width space", license.Subscription{ID: "s\u200b"}, license.ErrBadSubscription},
		{"byte-order mark", license.Subscription{ID: "\ufeffs"}, license.ErrBadSubscription},
		{"invalid UTF-8", license.Subscription{ID: "s\xff"}, license.ErrBadSubscription},
		{"negative units", license.Subscription{ID: "n", Units: map[license.Kind]int{ms: -1}}, license.ErrBadSubscription},
		{"kind outside the catalog", license.Subscription{ID: "k", Units: map[license.Kind]int{license.Kind(cat.Len() + 1): 1}}, license.ErrBadSubscription},
		{"NoKind", license.Subscription{ID: "k", Units: map[license.Kind]int{license.NoKind: 1}}, license.ErrBadSubscription},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := license.NewLedger(cat)
			s := mustAdd(t, l, license.Subscription{ID: "s", Created: day(0), Units: map[license.Kind]int{ms: 1}})
			id, err := l.Add(tt.sub)
			if id != license.NoSub || !errors.Is(err, tt.want) {
				t.Fatalf("Add = %v, %v; want NoSub and %v", id, err, tt.want)
			}
			var se *license.SubscriptionError
			if !errors.As(err, &se) || se.ID != tt.sub.ID || se.Err != tt.want {
				t.Errorf("errors.As: %+v", se)
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("%q", tt.sub.ID)) {
				t.Errorf("Error() = %q does not name the subscription", err)
			}
			// nothing changed
			if l.Len() != 1 || len(l.Order()) != 1 || l.Free(s, ms) != 1 {
				t.Errorf("a refused Add changed the ledger")
			}
		})
	}
	t.Run("spaces inside an ID", func(t *testing.T) {
		l := license.NewLedger(cat)
		if _, err := l.Add(license.Subscription{ID: "Sub 2024"}); err != nil {
			t.Errorf("Add(%q) = %v", "Sub 2024", err)
		}
	})
	t.Run("unknown subscription", func(t *testing.T) {
		var err error = &license.SubscriptionError{ID: "gone", Err: license.ErrUnknownSubscription}
		var se *license.SubscriptionError
		if !errors.Is(err, license.ErrUnknownSubscription) || errors.Is(err, license.ErrDuplicateSubscription) || !errors.As(err, &se) || se.ID != "gone" {
			t.Errorf("SubscriptionError(unknown): %v", err)
		}
		if got, want := err.Error(), `license: unknown subscription "gone"`; got != want {
			t.Errorf("Error() = %q, want %q", got, want)
		}
	})
	t.Run("too many subscriptions", func(t *testing.T) {
		l := license.NewLedger(cat)
		for i := 0; i < license.MaxSubscriptions; i++ {
			mustAdd(t, l, license.Subscription{ID: fmt.Sprintf("s%03d", i), Created: day(i)})
		}
		if id, err := l.Add(license.Subscription{ID: "one more"}); id != license.NoSub || !errors.Is(err, license.ErrBadSubscription) {
			t.Errorf("Add past MaxSubscriptions = %v, %v", id, err)
		}
		if l.Len() != license.MaxSubscriptions {
			t.Errorf("Len() = %d", l.Len())
		}
	})
}

// TestLedgerHugeUnits: a unit count the ledger cannot hold is refused, not
// wrapped around.
func TestLedgerHugeUnits(t *testing.T) { // LIC-8
	l := license.NewLedger(license.MustDefault())
	if id, err := l.Add(license.Subscription{ID: "big", Units: map[license.Kind]int{ms: 1 << 31}}); !errors.Is(err, license.ErrBadSubscription) {
		t.Errorf("Add(1<<31 units) = %v, %v; want ErrBadSubscription", id, err)
	}
	id, err := l.Add(license.Subscription{ID: "most", Units: map[license.Kind]int{ms: math.MaxInt32}})
	if err != nil || l.Free(id, ms) != math.MaxInt32 {
		t.Errorf("Add(MaxInt32 units) = %v, Free = %d", err, l.Free(id, ms))
	}
}

// TestLedgerEdges: the catalog's last kind and the ledger's last
// subscription are in range; the SubID after the last is not.
func TestLedgerEdges(t *testing.T) { // LIC-8
	cat := license.MustDefault("acme.webex.com")
	last := license.Kind(cat.Len())
	l := license.NewLedger(cat)
	s := mustAdd(t, l, license.Subscription{ID: "s", Created: day(0), Units: map[license.Kind]int{last: 1}})
	if got, ok := l.Oldest(last, nil); !ok || got != s || !l.Take(s, last) || l.Consumed(s, last) != 1 {
		t.Errorf("the last kind, %v: Oldest = %v, %v; Consumed = %d", cat.Name(last), got, ok, l.Consumed(s, last))
	}
	if got := l.Name(license.SubID(l.Len())); got != "none" {
		t.Errorf("Name(Len()) = %q, want none", got)
	}
}

// TestLedgerOutOfRange: a SubID or kind the ledger does not hold has no
// units and changes nothing; no call panics.
func TestLedgerOutOfRange(t *testing.T) {
	cat := license.MustDefault()
	l := license.NewLedger(cat)
	s := mustAdd(t, l, license.Subscription{ID: "s", Created: day(0), Units: map[license.Kind]int{ms: 2}})
	if !l.Take(s, ms) {
		t.Fatal("Take(s, ms) = false")
	}
	before := l.Clone()
	badKind := license.Kind(cat.Len() + 1)
	tests := []struct {
		name string
		s    license.SubID
		k    license.Kind
	}{
		{"next SubID", s + 1, ms},
		{"NoSub", license.NoSub, ms},
		{"kind past the catalog", s, badKind},
		{"MaxKinds", s, license.MaxKinds},
		{"NoKind", s, license.NoKind},
		{"both", license.NoSub, license.NoKind},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if n := l.Free(tt.s, tt.k); n != 0 {
				t.Errorf("Free = %d, want 0", n)
			}
			if n := l.Consumed(tt.s, tt.k); n != 0 {
				t.Errorf("Consumed = %d, want 0", n)
			}
			if l.Take(tt.s, tt.k) {
				t.Error("Take = true")
			}
			l.Release(tt.s, tt.k)
			l.SetActive(tt.s, false)
			if tt.s != s {
				if l.Active(tt.s) {
					t.Error("Active = true")
				}
			} else {
				l.SetActive(s, true) // a valid SubID: undo
			}
			if got, ok := l.Oldest(tt.k, nil); tt.k != ms && (ok || got != license.NoSub) {
				t.Errorf("Oldest = %v, %v", got, ok)
			}
			if !slices.Equal(l.Usage(cat), before.Usage(cat)) || l.Len() != before.Len() {
				t.Errorf("ledger changed: %v, want %v", l.Usage(cat), before.Usage(cat))
			}
		})
	}
}

// TestLedgerReleaseAtZero: releasing a unit that was not taken does nothing.
func TestLedgerReleaseAtZero(t *testing.T) {
	cat := license.MustDefault()
	l := license.NewLedger(cat)
	s := mustAdd(t, l, license.Subscription{ID: "s", Created: day(0), Units: map[license.Kind]int{ms: 1}})
	l.Release(s, ms)
	l.Release(s, pro) // a kind s has no units of
	if l.Consumed(s, ms) != 0 || l.Free(s, ms) != 1 || l.Consumed(s, pro) != 0 || l.Free(s, pro) != 0 {
		t.Errorf("after Release at zero: consumed %d free %d", l.Consumed(s, ms), l.Free(s, ms))
	}
	if !l.Take(s, ms) || l.Take(s, ms) {
		t.Error("Release at zero changed the units a subscription gives")
	}
}
