package broadworks

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Analytics errors (BW-26).
var (
	ErrInvalidEvent = errors.New("broadworks: invalid analytics event")
	ErrInvalidRange = errors.New("broadworks: invalid analytics range")
)

// AnalyticsEvent is a snapshot of one subscriber from Time on (BW-26): the
// customer org it belongs to, the package it holds (NoPackage: none) and
// whether it counts, that is whether its status is provisioned or updating
// (BW-32). A subscriber's latest snapshot replaces its earlier ones;
// snapshots with equal times apply in input order.
type AnalyticsEvent struct {
	Time         time.Time
	Customer     string
	SubscriberID string
	Package      Package
	Counted      bool
}

// AnalyticsEventError describes an unusable event. It unwraps to
// ErrInvalidEvent.
type AnalyticsEventError struct {
	Index  int // in the input
	Reason string
}

// Error returns a message naming the event and the reason.
func (e *AnalyticsEventError) Error() string {
	return fmt.Sprintf("broadworks: analytics event %d: %s", e.Index, e.Reason)
}

// Unwrap returns ErrInvalidEvent.
func (e *AnalyticsEventError) Unwrap() error { return ErrInvalidEvent }

// PackageCounts counts counted subscribers per package.
type PackageCounts struct {
	Softphone, Basic, Standard, Premium int
}

// Of returns the count of package p, 0 for NoPackage.
func (c PackageCounts) Of(p Package) int {
	switch p {
	case Softphone:
		return c.Softphone
	case Basic:
		return c.Basic
	case Standard:
		return c.Standard
	case Premium:
		return c.Premium
	}
	return 0
}

// Total returns the count over all packages.
func (c PackageCounts) Total() int { return c.Softphone + c.Basic + c.Standard + c.Premium }

func (c *PackageCounts) add(p Package, n int) {
	switch p {
	case Softphone:
		c.Softphone += n
	case Basic:
		c.Basic += n
	case Standard:
		c.Standard += n
	case Premium:
		c.Premium += n
	}
}

// CustomerCounts is one customer of the partner with its package counts.
type CustomerCounts struct {
	Customer string
	Counts   PackageCounts
}

// Bucket is the period of a trend point (BW-26): a UTC day, an ISO week
// (Monday to Sunday, UTC) or a calendar month (UTC).
type Bucket uint8

// The buckets.
const (
	DayBucket Bucket = iota + 1
	WeekBucket
	MonthBucket
)

// String returns "day", "week" or "month".
func (b Bucket) String() string {
	switch b {
	case DayBucket:
		return "day"
	case WeekBucket:
		return "week"
	case MonthBucket:
		return "month"
	}
	return fmt.Sprintf("Bucket(%d)", b)
}

// TrendPoint is one bucket of a trend: [Start, End) and the counts at its
// end, after every event before End.
type TrendPoint struct {
	Label      string // "2024-06-03", "2024-W23" or "2024-06"
	Start, End time.Time
	Counts     PackageCounts
}

// MaxTrendPoints bounds the buckets one Trend call returns.
const MaxTrendPoints = 10_000

// Analytics answers a partner's analytics questions (BW-26) over the
// subscriber snapshots of all its customers. It is immutable.
type Analytics struct {
	events []AnalyticsEvent // sorted by time, stable
}

// NewAnalytics validates and orders events. An event with an empty or
// invisible customer (see ReleaseControl.Define for names), a subscriber ID
// that is empty or has a blank or invisible character, or an unknown
// package is refused (ErrInvalidEvent).
func NewAnalytics(events []AnalyticsEvent) (*Analytics, error) {
	for i, e := range events {
		reason := ""
		switch {
		case !validName(e.Customer):
			reason = "empty or invisible customer"
		case !validID(e.SubscriberID):
			reason = "empty or invalid subscriber ID"
		case e.Package > Softphone:
			reason = fmt.Sprintf("unknown package %v", e.Package)
		}
		if reason != "" {
			return nil, &AnalyticsEventError{i, reason}
		}
	}
	sorted := slices.Clone(events)
	slices.SortStableFunc(sorted, func(a, b AnalyticsEvent) int { return a.Time.Compare(b.Time) })
	return &Analytics{sorted}, nil
}

// Totals returns the partner-wide counts after every event at or before at.
func (a *Analytics) Totals(at time.Time) PackageCounts {
	r := a.replay()
	r.advance(func(t time.Time) bool { return !t.After(at) })
	return r.total
}

// Customers returns every customer named by an event at or before at, with
// its counts then, sorted by customer.
func (a *Analytics) Customers(at time.Time) []CustomerCounts {
	r := a.replay()
	r.advance(func(t time.Time) bool { return !t.After(at) })
	out := make([]CustomerCounts, 0, len(r.customers))
	for name, c := range r.customers {
		out = append(out, CustomerCounts{name, *c})
	}
	slices.SortFunc(out, func(x, y CustomerCounts) int { return strings.Compare(x.Customer, y.Customer) })
	return out
}

// Trend returns one point per bucket from the one holding from to the one
// holding to, each with the counts at its end. from after to, an unknown
// bucket or more than MaxTrendPoints points are refused (ErrInvalidRange).
func (a *Analytics) Trend(b Bucket, from, to time.Time) ([]TrendPoint, error) {
	if b < DayBucket || b > MonthBucket || from.After(to) {
		return nil, fmt.Errorf("%w: %v buckets from %v to %v", ErrInvalidRange, b, from, to)
	}
	var points []TrendPoint
	for s := bucketStart(b, from); !s.After(to); s = nextBucket(b, s) {
		if len(points) == MaxTrendPoints {
			return nil, fmt.Errorf("%w: more than %d %v buckets", ErrInvalidRange, MaxTrendPoints, b)
		}
		points = append(points, TrendPoint{Label: bucketLabel(b, s), Start: s, End: nextBucket(b, s)})
	}
	r := a.replay()
	for i := range points {
		end := points[i].End
		r.advance(func(t time.Time) bool { return t.Before(end) })
		points[i].Counts = r.total
	}
	return points, nil
}

func bucketStart(b Bucket, t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	switch b {
	case WeekBucket:
		return d.AddDate(0, 0, -(int(d.Weekday())+6)%7)
	case MonthBucket:
		return d.AddDate(0, 0, 1-d.Day())
	}
	return d
}

func nextBucket(b Bucket, s time.Time) time.Time {
	switch b {
	case WeekBucket:
		return s.AddDate(0, 0, 7)
	case MonthBucket:
		return s.AddDate(0, 1, 0)
	}
	return s.AddDate(0, 0, 1)
}

func bucketLabel(b Bucket, s time.Time) string {
	switch b {
	case WeekBucket:
		y, w := s.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case MonthBucket:
		return s.Format("2006-01")
	}
	return s.Format(time.DateOnly)
}

// replayer applies events in time order, keeping each subscriber's latest
// snapshot and the counts it implies.
type replayer struct {
	events    []AnalyticsEvent
	next      int
	latest    map[string]AnalyticsEvent
	customers map[string]*PackageCounts
	total     PackageCounts
}

func (a *Analytics) replay() *replayer {
	return &replayer{events: a.events, latest: map[string]AnalyticsEvent{}, customers: map[string]*PackageCounts{}}
}

// advance applies the next events while include(their time) holds.
func (r *replayer) advance(include func(time.Time) bool) {
	for ; r.next < len(r.events) && include(r.events[r.next].Time); r.next++ {
		e := r.events[r.next]
		if old, ok := r.latest[e.SubscriberID]; ok {
			r.count(old, -1)
		}
		r.latest[e.SubscriberID] = e
		if r.customers[e.Customer] == nil {
			r.customers[e.Customer] = &PackageCounts{}
		}
		r.count(e, 1)
	}
}

func (r *replayer) count(e AnalyticsEvent, n int) {
	if e.Counted {
		r.total.add(e.Package, n)
		r.customers[e.Customer].add(e.Package, n)
	}
}
