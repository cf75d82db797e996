package broadworks

import (
	"fmt"
	"io"
	"testing"
	"time"
)

// benchSubscribers returns n subscribers of 1000 enterprises; every third
// changes package during June 2024, every seventh its user ID, every
// eleventh is removed, every thirteenth is provisioned in June.
func benchSubscribers(n int) []BillingSubscriber {
	subs := make([]BillingSubscriber, n)
	for i := range subs {
		start := date("2024-03-01")
		if i%13 == 0 {
			start = start.AddDate(0, 3, i%10) // June 1..10
		}
		user := fmt.Sprintf("user%d@bw", i)
		h := []PackageChange{{Day: start, UserID: user, Package: Package(1 + i%4)}}
		if i%3 == 0 {
			h = append(h, PackageChange{Day: date("2024-06-11"), UserID: user, Package: Package(1 + (i+1)%4)})
		}
		if i%7 == 0 {
			h = append(h, PackageChange{Day: date("2024-06-20"), UserID: user + ".new", Package: h[len(h)-1].Package})
		}
		if i%11 == 0 {
			h = append(h, PackageChange{Day: date("2024-06-25")})
		}
		subs[i] = BillingSubscriber{EnterpriseID: fmt.Sprint("ent-", i%1000), SubscriberID: fmt.Sprint("sub-", i),
			ProvisionedOn: start, ActivatedOn: start, History: h}
	}
	return subs
}

// BW-25: a month's report for 100k subscribers, generated and written as CSV.
func BenchmarkBillMonth100k(b *testing.B) {
	subs := benchSubscribers(100_000)
	now := date("2024-07-01")
	b.ResetTimer()
	for b.Loop() {
		items, err := BillMonth(acme, Period{2024, time.June}, subs, now)
		if err != nil {
			b.Fatal(err)
		}
		if err := (Report{Items: items}).WriteCSV(io.Discard); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(items)), "items")
	}
}
