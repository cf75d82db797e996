package broadworks

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

var june = Period{2024, time.June}

func reportSubs() []BillingSubscriber {
	return []BillingSubscriber{{EnterpriseID: "e", SubscriberID: "s",
		History: []PackageChange{change("2024-01-01", "u", Basic)}}}
}

// BW-25: who may create, delete, list and get a partner's reports; a refusal
// is ErrForbidden and leaves the store as it was.
func TestBillingReportRoles(t *testing.T) {
	now := date("2024-07-02")
	tests := []struct {
		actor        Actor
		manage, read bool
	}{
		{Actor{Role: PartnerFullAdmin, Partner: "Acme SP"}, true, true},
		{Actor{Role: PartnerSalesFullAdmin, Partner: "Acme SP"}, true, true},
		{Actor{Role: PartnerReadOnlyAdmin, Partner: "Acme SP"}, false, true},
		{Actor{Role: PartnerProvisioningAdmin, Partner: "Acme SP"}, false, false},
		{Actor{Role: PartnerFullAdmin, Partner: "Other SP"}, false, false},
		{Actor{Role: PartnerFullAdmin, Partner: "Acme SP", External: true, Org: "o"}, true, true},
		{Actor{Role: CustomerFullAdmin, Partner: "Acme SP", Org: "o"}, false, false},
		{Actor{Role: CustomerReadOnlyAdmin, Org: "o"}, false, false},
		{Actor{Role: EndUser}, false, false},
		{Actor{}, false, false},
	}
	admin := Actor{Role: PartnerFullAdmin, Partner: "Acme SP"}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v of %s", tt.actor.Role, tt.actor.Partner), func(t *testing.T) {
			var b BillingReports
			if _, err := b.Create(admin, acme, Period{2024, time.May}, reportSubs(), now); err != nil {
				t.Fatal(err)
			}
			before := snapshot(&b)
			_, err := b.Create(tt.actor, acme, june, reportSubs(), now)
			expectAllowed(t, &b, before, "create", err, tt.manage)

			before = snapshot(&b)
			_, err = b.List(tt.actor, "Acme SP")
			expectAllowed(t, &b, before, "list", err, tt.read)
			_, err = b.Get(tt.actor, "Acme SP", Period{2024, time.May})
			expectAllowed(t, &b, before, "get", err, tt.read)

			err = b.Delete(tt.actor, "Acme SP", Period{2024, time.May})
			expectAllowed(t, &b, before, "delete", err, tt.manage)
		})
	}
}

func snapshot(b *BillingReports) BillingReports {
	return BillingReports{reports: slices.Clone(b.reports)}
}

func expectAllowed(t *testing.T, b *BillingReports, before BillingReports, op string, err error, allowed bool) {
	t.Helper()
	switch {
	case allowed && err != nil:
		t.Errorf("%s: %v", op, err)
	case !allowed && !errors.Is(err, ErrForbidden):
		t.Errorf("%s: err = %v, want ErrForbidden", op, err)
	case !allowed:
		if diff := cmp.Diff(before, *b, cmp.AllowUnexported(BillingReports{})); diff != "" {
			t.Errorf("%s refused but changed the store (-before +after):\n%s", op, diff)
		}
	}
}

// BW-25: one report per partner and month until deleted; a future month is
// refused; each refusal names the request and changes nothing.
func TestBillingReportLifecycle(t *testing.T) {
	admin := Actor{Role: PartnerFullAdmin, Partner: "Acme SP"}
	other := Actor{Role: PartnerFullAdmin, Partner: "Other SP"}
	now := date("2024-06-20")
	var b BillingReports
	mustCreate := func(a Actor, p BillingPartner, per Period) {
		t.Helper()
		if _, err := b.Create(a, p, per, reportSubs(), now); err != nil {
			t.Fatal(err)
		}
	}
	mustCreate(admin, acme, june)
	mustCreate(other, BillingPartner{Name: "Other SP"}, june) // another partner, same month
	refusals := []struct {
		name string
		do   func() error
		want error
	}{
		{"same month again", func() error { _, err := b.Create(admin, acme, june, nil, now); return err }, ErrReportExists},
		{"future month", func() error {
			_, err := b.Create(admin, acme, Period{2024, time.July}, nil, now)
			return err
		}, ErrFuturePeriod},
		{"invalid month", func() error { _, err := b.Create(admin, acme, Period{2024, 0}, nil, now); return err }, ErrInvalidPeriod},
		{"invalid history", func() error {
			_, err := b.Create(admin, acme, Period{2024, time.May}, []BillingSubscriber{{}}, now)
			return err
		}, ErrInvalidHistory},
		{"delete missing", func() error { return b.Delete(admin, "Acme SP", Period{2023, time.May}) }, ErrReportNotFound},
		{"get missing", func() error { _, err := b.Get(admin, "Acme SP", Period{2023, time.May}); return err }, ErrReportNotFound},
	}
	for _, tt := range refusals {
		before := snapshot(&b)
		err := tt.do()
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
		if diff := cmp.Diff(before, b, cmp.AllowUnexported(BillingReports{})); diff != "" {
			t.Errorf("%s changed the store (-before +after):\n%s", tt.name, diff)
		}
	}
	var re *ReportError
	_, err := b.Create(admin, acme, june, nil, now)
	if !errors.As(err, &re) || re.Partner != "Acme SP" || re.Period != june || re.Op != "create" {
		t.Errorf("error %v does not name the request", err)
	}

	got, _ := b.Get(admin, "Acme SP", june)
	got.Items[0].Package = Premium // a copy: the store keeps its own
	if again, _ := b.Get(admin, "Acme SP", june); again.Items[0].Package != Basic {
		t.Error("Get returned the store's own items")
	}
	if err := b.Delete(admin, "Acme SP", june); err != nil {
		t.Fatal(err)
	}
	mustCreate(admin, acme, june) // allowed again once deleted
	list, _ := b.List(admin, "Acme SP")
	if diff := cmp.Diff([]ReportSummary{{june, now, 1}}, list); diff != "" {
		t.Errorf("List (-want +got):\n%s", diff)
	}
}

// BW-25: per subscriber and month the quantities sum to at most 1, and the
// segments tile exactly the days the subscriber holds a package, each a
// maximal run of one package and user ID.
func TestBillMonthProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		period := Period{rapid.IntRange(2023, 2025).Draw(t, "year"), time.Month(rapid.IntRange(1, 12).Draw(t, "month"))}
		first := period.First()
		subs := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) BillingSubscriber {
			n := rapid.IntRange(0, 6).Draw(t, "changes")
			d := first.AddDate(0, 0, rapid.IntRange(-40, 20).Draw(t, "start"))
			var h []PackageChange
			for range n {
				p := Package(rapid.IntRange(0, 4).Draw(t, "package"))
				u := rapid.SampledFrom([]string{"u1", "u2"}).Draw(t, "user")
				if p == NoPackage {
					u = ""
				}
				h = append(h, PackageChange{Day: d, UserID: u, Package: p})
				d = d.AddDate(0, 0, rapid.IntRange(0, 12).Draw(t, "gap"))
			}
			return BillingSubscriber{History: h}
		}), 0, 5).Draw(t, "subs")
		for i := range subs {
			subs[i].SubscriberID = fmt.Sprint("s", i)
		}
		now := first.AddDate(0, 0, rapid.IntRange(0, 60).Draw(t, "now"))
		items, err := BillMonth(acme, period, subs, now)
		if err != nil {
			t.Fatal(err)
		}
		last := min(dayOf(first)+int64(period.Days())-1, dayOf(now))
		for _, s := range subs {
			checkTiling(t, s, items, dayOf(first), last, period.Days())
		}
	})
}

// checkTiling compares s's items with its state on each day by brute force.
func checkTiling(t *rapid.T, s BillingSubscriber, items []LineItem, first, last int64, monthDays int) {
	type state struct {
		p Package
		u string
	}
	held := map[int64]state{}
	for d := first; d <= last; d++ {
		var st state
		for _, c := range s.History {
			if dayOf(c.Day) <= d {
				st = state{c.Package, c.UserID}
			}
		}
		if st.p != NoPackage {
			held[d] = st
		}
	}
	billed, total := map[int64]state{}, 0
	var prev *LineItem
	for i, it := range items {
		if it.SubscriberID != s.SubscriberID {
			continue
		}
		a, b := dayOf(it.Start), dayOf(it.End)
		if it.Quantity.Days != int(b-a+1) || it.Quantity.MonthDays != monthDays {
			t.Fatalf("%s: quantity %v for %v..%v", s.SubscriberID, it.Quantity, it.Start, it.End)
		}
		total += it.Quantity.Days
		for d := a; d <= b; d++ {
			if _, dup := billed[d]; dup {
				t.Fatalf("%s: day %v billed twice", s.SubscriberID, dateOf(d))
			}
			billed[d] = state{it.Package, it.UserID}
		}
		if prev != nil && dayOf(prev.End)+1 == a && prev.Package == it.Package && prev.UserID == it.UserID {
			t.Fatalf("%s: segments %v and %v not merged", s.SubscriberID, prev.Start, it.Start)
		}
		prev = &items[i]
	}
	if total > monthDays {
		t.Fatalf("%s: quantities sum to %d/%d > 1", s.SubscriberID, total, monthDays)
	}
	if diff := cmp.Diff(held, billed, cmp.AllowUnexported(state{})); diff != "" {
		t.Fatalf("%s: billed days (-held +billed):\n%s", s.SubscriberID, diff)
	}
}

// BW-25: random requests by random actors against a model of the store: the
// role rules, one report per partner and month, no future month, and every
// refusal leaving the store as it was.
func TestBillingReportsStateMachine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var b BillingReports
		type key struct {
			partner string
			period  Period
		}
		model := map[key]bool{}
		now := date("2024-06-15")
		partners := []string{"A", "B"}
		draw := func(t *rapid.T) (Actor, string, Period) {
			a := Actor{Role: Role(rapid.IntRange(0, int(EndUser)).Draw(t, "role")),
				Partner: rapid.SampledFrom(append(partners, "")).Draw(t, "actor partner")}
			per := Period{2024, time.Month(rapid.IntRange(4, 8).Draw(t, "month"))}
			return a, rapid.SampledFrom(partners).Draw(t, "partner"), per
		}
		manages := func(a Actor, p string) bool {
			return a.Partner == p && (a.Role == PartnerFullAdmin || a.Role == PartnerSalesFullAdmin)
		}
		reads := func(a Actor, p string) bool { return manages(a, p) || a.Partner == p && a.Role == PartnerReadOnlyAdmin }
		expect := func(t *rapid.T, before BillingReports, err, want error) {
			if !errors.Is(err, want) || (want == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, want)
			}
			if err != nil {
				if diff := cmp.Diff(before, b, cmp.AllowUnexported(BillingReports{})); diff != "" {
					t.Fatalf("refusal changed the store (-before +after):\n%s", diff)
				}
			}
		}
		t.Repeat(map[string]func(*rapid.T){
			"create": func(t *rapid.T) {
				a, p, per := draw(t)
				var want error
				switch {
				case !manages(a, p):
					want = ErrForbidden
				case per.Month > time.June:
					want = ErrFuturePeriod
				case model[key{p, per}]:
					want = ErrReportExists
				}
				before := snapshot(&b)
				_, err := b.Create(a, BillingPartner{Name: p}, per, reportSubs(), now)
				expect(t, before, err, want)
				if err == nil {
					model[key{p, per}] = true
				}
			},
			"delete": func(t *rapid.T) {
				a, p, per := draw(t)
				var want error
				switch {
				case !manages(a, p):
					want = ErrForbidden
				case !model[key{p, per}]:
					want = ErrReportNotFound
				}
				before := snapshot(&b)
				err := b.Delete(a, p, per)
				expect(t, before, err, want)
				if err == nil {
					delete(model, key{p, per})
				}
			},
			"get": func(t *rapid.T) {
				a, p, per := draw(t)
				var want error
				switch {
				case !reads(a, p):
					want = ErrForbidden
				case !model[key{p, per}]:
					want = ErrReportNotFound
				}
				before := snapshot(&b)
				r, err := b.Get(a, p, per)
				expect(t, before, err, want)
				if err == nil && (r.Period != per || r.Partner.Name != p) {
					t.Fatalf("Get(%s, %v) = report %s %v", p, per, r.Partner.Name, r.Period)
				}
			},
			"": func(t *rapid.T) {
				for _, p := range partners {
					list, err := b.List(Actor{Role: PartnerReadOnlyAdmin, Partner: p}, p)
					if err != nil {
						t.Fatal(err)
					}
					var want []Period
					for m := time.April; m <= time.August; m++ {
						if model[key{p, Period{2024, m}}] {
							want = append(want, Period{2024, m})
						}
					}
					var got []Period
					for _, s := range list {
						got = append(got, s.Period)
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Fatalf("List(%s) (-model +store):\n%s", p, diff)
					}
				}
			},
		})
	})
}
