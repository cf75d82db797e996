package license

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/wxlicense/wxlicense/internal/visible"
)

// SubID is a subscription's dense index in a [Ledger], in the order the
// subscriptions were added. It never changes once given.
type SubID uint8

// NoSub is the absent subscription.
const NoSub SubID = 255

// MaxSubscriptions bounds the subscriptions of one ledger.
const MaxSubscriptions = 254

// Subscription is a purchase: units per paid kind, from a creation time
// (LIC-8). Units is an edge type; the ledger keeps counts in dense slices.
type Subscription struct {
	ID      string
	Created time.Time
	Units   map[Kind]int
}

// Errors of the ledger.
var (
	ErrDuplicateSubscription = errors.New("license: duplicate subscription ID")
	ErrUnknownSubscription   = errors.New("license: unknown subscription")
	ErrBadSubscription       = errors.New("license: invalid subscription")
)

// SubscriptionError names the subscription a ledger call failed on.
type SubscriptionError struct {
	ID  string
	Err error
}

// Error returns the sentinel's text followed by the quoted subscription ID.
func (e *SubscriptionError) Error() string { return fmt.Sprintf("%v %q", e.Err, e.ID) }

// Unwrap returns the sentinel.
func (e *SubscriptionError) Unwrap() error { return e.Err }

type subState struct {
	id      string
	created time.Time
	active  bool
	total   []int32 // per kind
	used    []int32 // per kind
}

// Ledger tracks an org's subscriptions and the units its users consume
// (LIC-8, ASG-19, INV-2). It is a plain value: [Ledger.Clone] copies it.
//
// Its per-unit calls never panic: a [SubID] that is not a subscription of
// the ledger (such as [NoSub]) or a [Kind] not in the ledger's catalog
// (such as [NoKind]) has no units, cannot be taken from or released to,
// and cannot be activated.
type Ledger struct {
	nkinds int
	subs   []subState
	order  []SubID // active and cancelled, by (created, ID)
	used   []int32 // backs the used counts of a clone's subscriptions
}

// NewLedger returns an empty ledger for a catalog; a nil catalog gives a
// ledger of no kinds, which refuses every subscription with units.
func NewLedger(c *Catalog) *Ledger { return &Ledger{nkinds: c.Len()} }

// Clone returns a copy that changes independently of l. It shares only
// what never changes once added (each subscription's units), and copies
// the used counts of every subscription into one array: four
// allocations, however many subscriptions, as every plan clones the
// ledger.
func (l *Ledger) Clone() *Ledger {
	n := l.CloneInto(nil)
	n.used = nil // no memory to reuse: a clone is l's equal, field by field
	return n
}

// CloneInto returns a copy of l, as Clone does, reusing the memory of dst
// (which it overwrites), or new memory when dst is nil, l, or a shallow
// copy of l. A ledger given to CloneInto as dst must no longer be used
// but as its result.
func (l *Ledger) CloneInto(dst *Ledger) *Ledger {
	n := dst
	if n == nil || n == l || sameArray(n.subs, l.subs) || sameArray(n.order, l.order) || sameArray(n.used, l.used) {
		n = new(Ledger)
	}
	used := slices.Grow(n.used[:0], len(l.subs)*l.nkinds)
	*n = Ledger{nkinds: l.nkinds, subs: append(n.subs[:0], l.subs...), order: append(n.order[:0], l.order...)}
	for i := range n.subs {
		s := &n.subs[i]
		start := len(used)
		used = append(used, s.used...)
		s.used = used[start:len(used):len(used)]
	}
	n.used = used
	return n
}

// sameArray reports whether a and b start at the same element.
func sameArray[T any](a, b []T) bool { return cap(a) > 0 && cap(b) > 0 && &a[:1][0] == &b[:1][0] }

// Add adds a subscription and returns its ID. It refuses, with a
// [*SubscriptionError] carrying the ID, an ID that is a duplicate
// ([ErrDuplicateSubscription]) or that could be taken for another or for
// none: blank, white space around it, invalid UTF-8, or a control or
// invisible character in it but the ASCII space (a no-break space is one)
// ([ErrBadSubscription]), units of a kind not in the catalog or out of
// range, and a subscription past [MaxSubscriptions].
func (l *Ledger) Add(s Subscription) (SubID, error) {
	if visible.NameProblem(s.ID) != "" || len(l.subs) >= MaxSubscriptions {
		return NoSub, &SubscriptionError{s.ID, ErrBadSubscription}
	}
	if _, ok := l.Lookup(s.ID); ok {
		return NoSub, &SubscriptionError{s.ID, ErrDuplicateSubscription}
	}
	st := subState{id: s.ID, created: s.Created, active: true, total: make([]int32, l.nkinds), used: make([]int32, l.nkinds)}
	for k, n := range s.Units {
		if !l.kind(k) || n < 0 || n > math.MaxInt32 {
			return NoSub, &SubscriptionError{s.ID, ErrBadSubscription}
		}
		st.total[k.index()] = int32(n)
	}
	id := SubID(len(l.subs))
	l.subs = append(l.subs, st)
	l.order = append(l.order, id)
	slices.SortStableFunc(l.order, func(a, b SubID) int {
		sa, sb := &l.subs[a], &l.subs[b]
		return cmp.Or(sa.created.Compare(sb.created), cmp.Compare(sa.id, sb.id))
	})
	return id, nil
}

// Lookup finds a subscription by its ID.
func (l *Ledger) Lookup(id string) (SubID, bool) {
	for i := range l.subs {
		if l.subs[i].id == id {
			return SubID(i), true
		}
	}
	return NoSub, false
}

// Len returns the number of subscriptions.
func (l *Ledger) Len() int { return len(l.subs) }

// Name returns a subscription's ID string.
func (l *Ledger) Name(s SubID) string {
	if int(s) >= len(l.subs) {
		return "none"
	}
	return l.subs[s].id
}

// Active reports whether s is active.
func (l *Ledger) Active(s SubID) bool { return int(s) < len(l.subs) && l.subs[s].active }

// Created returns when s was created; the zero time for a SubID not in l.
func (l *Ledger) Created(s SubID) time.Time {
	if int(s) >= len(l.subs) {
		return time.Time{}
	}
	return l.subs[s].created
}

// has reports whether s is a subscription of l and k a kind of its catalog.
func (l *Ledger) has(s SubID, k Kind) bool { return int(s) < len(l.subs) && l.kind(k) }

// kind reports whether k is a kind of l's catalog.
func (l *Ledger) kind(k Kind) bool { return k != NoKind && int(k) <= l.nkinds }

// SetActive marks s active or cancelled; a cancelled subscription gives no
// new units. Releasing its held units is the caller's business (CAL-10).
// It does nothing for a SubID not in l.
func (l *Ledger) SetActive(s SubID, active bool) {
	if int(s) < len(l.subs) {
		l.subs[s].active = active
	}
}

// Free returns the free units of kind k on s, whether or not s is active;
// it is 0 for a SubID or kind not in l.
func (l *Ledger) Free(s SubID, k Kind) int {
	if !l.has(s, k) {
		return 0
	}
	st := &l.subs[s]
	return int(st.total[k.index()] - st.used[k.index()])
}

// Oldest returns the oldest active subscription, among allowed (all when
// allowed is nil), with a free unit of k (LIC-8); none for a kind not in l.
func (l *Ledger) Oldest(k Kind, allowed func(SubID) bool) (SubID, bool) {
	if !l.kind(k) {
		return NoSub, false
	}
	i := k.index()
	for _, s := range l.order {
		st := &l.subs[s]
		if st.active && st.used[i] < st.total[i] && (allowed == nil || allowed(s)) {
			return s, true
		}
	}
	return NoSub, false
}

// Take consumes one unit of k on s. It reports false, changing nothing, if
// s is cancelled or has no free unit, or if s or k is not in l.
func (l *Ledger) Take(s SubID, k Kind) bool {
	if !l.has(s, k) {
		return false
	}
	st, i := &l.subs[s], k.index()
	if !st.active || st.used[i] >= st.total[i] {
		return false
	}
	st.used[i]++
	return true
}

// Release returns one unit of k to s, active or cancelled. When s has no
// unit of k consumed (or s or k is not in l) it does nothing: the consumed
// count never goes below zero, so an unmatched Release is harmless and not
// reported.
func (l *Ledger) Release(s SubID, k Kind) {
	if l.has(s, k) && l.subs[s].used[k.index()] > 0 {
		l.subs[s].used[k.index()]--
	}
}

// TakeN consumes up to n units of k on s, as n calls of Take would, and
// returns how many it took: none when s is cancelled, n is not positive,
// or s or k is not in l.
func (l *Ledger) TakeN(s SubID, k Kind, n int) int {
	if !l.has(s, k) || n <= 0 {
		return 0
	}
	st, i := &l.subs[s], k.index()
	if !st.active {
		return 0
	}
	n = min(n, max(0, int(st.total[i]-st.used[i])))
	st.used[i] += int32(n)
	return n
}

// ReleaseN returns up to n units of k to s, as n calls of Release would:
// never more than are consumed.
func (l *Ledger) ReleaseN(s SubID, k Kind, n int) {
	if l.has(s, k) && n > 0 {
		st, i := &l.subs[s], k.index()
		st.used[i] -= int32(min(n, int(st.used[i])))
	}
}

// Order returns the subscriptions by (creation time, ID).
func (l *Ledger) Order() []SubID { return slices.Clone(l.order) }

// Usage is one row of the usage report: the fields of the Webex Licenses
// API for one subscription and kind.
type Usage struct {
	Subscription  string
	Kind          Kind
	Name          string
	TotalUnits    int
	ConsumedUnits int
	// ConsumedByUsers is the units consumed by users rather than by
	// workspaces. The model has no workspaces, so it always equals
	// ConsumedUnits.
	ConsumedByUsers int
}

// Usage returns a row per subscription (oldest first) and kind with units.
func (l *Ledger) Usage(c *Catalog) []Usage {
	var out []Usage
	for _, s := range l.order {
		st := &l.subs[s]
		for i := range st.total {
			if st.total[i] == 0 && st.used[i] == 0 {
				continue
			}
			k := kindAt(i)
			out = append(out, Usage{st.id, k, c.Name(k), int(st.total[i]), int(st.used[i]), int(st.used[i])})
		}
	}
	return out
}

// Consumed returns the units of kind k consumed on s; it is 0 for a SubID
// or kind not in l.
func (l *Ledger) Consumed(s SubID, k Kind) int {
	if !l.has(s, k) {
		return 0
	}
	return int(l.subs[s].used[k.index()])
}
