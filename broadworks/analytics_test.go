package broadworks

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// analyticsEvents: two customers; only provisioned/updating (Counted)
// subscribers count.
func analyticsEvents() []AnalyticsEvent {
	return []AnalyticsEvent{
		{at("2024-12-30T09:00:00Z"), "Beta", "b1", Premium, true},
		{at("2024-12-28T10:00:00Z"), "Alpha", "a1", Basic, false}, // provisioning
		{at("2024-12-28T10:05:00Z"), "Alpha", "a1", Basic, true},  // provisioned
		{at("2024-12-28T11:00:00Z"), "Alpha", "a2", Standard, true},
		{at("2024-12-29T12:00:00Z"), "Alpha", "a2", Premium, true},    // updating
		{at("2024-12-29T23:59:59Z"), "Alpha", "a3", Softphone, false}, // pending e-mail
		{at("2024-12-31T08:00:00Z"), "Alpha", "a1", NoPackage, false}, // removed
		{at("2025-01-02T00:00:00Z"), "Gamma", "g1", Basic, false},     // error
	}
}

// BW-26: totals and customers count provisioned and updating subscribers
// per package, across all the partner's customers.
func TestAnalyticsTotalsAndCustomers(t *testing.T) {
	a, err := NewAnalytics(analyticsEvents())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := a.Totals(at("2024-12-30T09:00:00Z")), (PackageCounts{Basic: 1, Premium: 2}); got != want {
		t.Errorf("Totals = %+v, want %+v", got, want)
	}
	if got := a.Totals(at("2024-12-28T10:04:00Z")); got.Total() != 0 {
		t.Errorf("a provisioning subscriber counted: %+v", got)
	}
	want := []CustomerCounts{
		{"Alpha", PackageCounts{Premium: 1}},
		{"Beta", PackageCounts{Premium: 1}},
		{"Gamma", PackageCounts{}},
	}
	if diff := cmp.Diff(want, a.Customers(at("2025-02-01T00:00:00Z"))); diff != "" {
		t.Errorf("Customers (-want +got):\n%s", diff)
	}
}

// BW-26: trends per UTC day, ISO week and calendar month, each point the
// value at the bucket's end.
func TestAnalyticsTrend(t *testing.T) {
	a, _ := NewAnalytics(analyticsEvents())
	type point struct {
		Label string
		Total int
	}
	tests := []struct {
		bucket   Bucket
		from, to string
		want     []point
	}{
		{DayBucket, "2024-12-28T15:00:00+05:00", "2024-12-31T23:00:00Z", []point{
			{"2024-12-28", 2}, {"2024-12-29", 2}, {"2024-12-30", 3}, {"2024-12-31", 2}}},
		{WeekBucket, "2024-12-23T00:00:00Z", "2025-01-05T23:59:59Z", []point{
			{"2024-W52", 2}, {"2025-W01", 2}}},
		{MonthBucket, "2024-11-15T00:00:00Z", "2025-01-01T00:00:00Z", []point{
			{"2024-11", 0}, {"2024-12", 2}, {"2025-01", 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.bucket.String(), func(t *testing.T) {
			pts, err := a.Trend(tt.bucket, at(tt.from), at(tt.to))
			if err != nil {
				t.Fatal(err)
			}
			var got []point
			for _, p := range pts {
				got = append(got, point{p.Label, p.Counts.Total()})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("trend (-want +got):\n%s", diff)
			}
		})
	}
	pts, _ := a.Trend(WeekBucket, at("2024-12-31T00:00:00Z"), at("2024-12-31T00:00:00Z"))
	if len(pts) != 1 || !pts[0].Start.Equal(at("2024-12-30T00:00:00Z")) || !pts[0].End.Equal(at("2025-01-06T00:00:00Z")) {
		t.Errorf("ISO week of 2024-12-31 = %+v, want Monday 2024-12-30 to 2025-01-06", pts)
	}
}

// BW-26: refused inputs.
func TestAnalyticsRefusals(t *testing.T) {
	for _, e := range []AnalyticsEvent{
		{Customer: "", SubscriberID: "s"},
		{Customer: "c", SubscriberID: ""},
		{Customer: "c", SubscriberID: "s", Package: Package(7)},
	} {
		if _, err := NewAnalytics([]AnalyticsEvent{e}); !errors.Is(err, ErrInvalidEvent) {
			t.Errorf("NewAnalytics(%+v) err = %v", e, err)
		}
	}
	a, _ := NewAnalytics(nil)
	from, to := at("2024-01-02T00:00:00Z"), at("2024-01-01T00:00:00Z")
	for _, tt := range []struct {
		b        Bucket
		from, to time.Time
	}{{DayBucket, from, to}, {0, to, from}, {Bucket(9), to, from}, {DayBucket, time.Time{}, to}} {
		if _, err := a.Trend(tt.b, tt.from, tt.to); !errors.Is(err, ErrInvalidRange) {
			t.Errorf("Trend(%v, %v, %v) err = %v", tt.b, tt.from, tt.to, err)
		}
	}
}
