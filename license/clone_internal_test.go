package license

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// TestCloneIntoPartlyShared checks that CloneInto takes new memory for a
// destination that shares any one of l's arrays (subscriptions, their
// order, the counts of a clone), not only for a shallow copy sharing all
// three: the copy then changes independently of l, whether it takes a
// unit or gains an older subscription, placed first in the order.
func TestCloneIntoPartlyShared(t *testing.T) {
	cat := MustDefault()
	t0 := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	base := NewLedger(cat)
	for i := range 3 { // three subscriptions: the order has room for a fourth
		if _, err := base.Add(Subscription{ID: fmt.Sprint("s", i), Created: t0.AddDate(0, 0, i), Units: map[Kind]int{AdvancedMessaging: 5}}); err != nil {
			t.Fatal(err)
		}
	}
	l := base.CloneInto(nil) // a clone: its counts have an array of their own
	if cap(l.order) == len(l.order) {
		l.order = slices.Grow(l.order, 1)
	}
	for _, tc := range []struct {
		name string
		dst  *Ledger
	}{
		{"subscriptions", &Ledger{subs: l.subs}},
		{"order", &Ledger{order: l.order}},
		{"counts", &Ledger{used: l.used}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			order := l.Order()
			c := l.CloneInto(tc.dst)
			if !c.Take(0, AdvancedMessaging) {
				t.Fatal("the copy refused a free unit")
			}
			if _, err := c.Add(Subscription{ID: "older", Created: t0, Units: map[Kind]int{AdvancedMessaging: 1}}); err != nil {
				t.Fatal(err)
			}
			if got := l.Consumed(0, AdvancedMessaging); got != 0 {
				t.Errorf("the copy's unit taken from l: consumed %d", got)
			}
			if got := l.Order(); !slices.Equal(got, order) {
				t.Errorf("l's order %v after the copy gained a subscription, want %v", got, order)
			}
		})
	}
}
