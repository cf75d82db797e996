package broadworks

import (
	"bytes"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// date parses a UTC date "2006-01-02".
func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

var acme = BillingPartner{Name: "Acme SP", BillingID: "C1234"}

func change(d, user string, p Package) PackageChange {
	return PackageChange{Day: date(d), UserID: user, Package: p}
}

// BW-25: the proration table of the SPEC, plus a leap-year February, against
// golden CSV files in testdata/billing.
func TestBillMonthGolden(t *testing.T) {
	alice := BillingSubscriber{EnterpriseID: "ent-1", SubscriberID: "sub-1",
		ProvisionedOn: date("2024-05-01"), ActivatedOn: date("2024-05-01")}
	upgrade, returns := alice, alice
	upgrade.History = []PackageChange{change("2024-05-01", "alice@bw", Standard),
		change("2024-06-11", "alice@bw", Premium)}
	returns.History = append(upgrade.History[:2:2], change("2024-06-21", "alice@bw", Standard))
	tests := []struct {
		golden string
		period string
		subs   []BillingSubscriber
	}{
		{"upgrade", "2024-06", []BillingSubscriber{upgrade}},
		{"package-returns", "2024-06", []BillingSubscriber{returns}},
		{"provisioned-mid-month", "2025-01", []BillingSubscriber{{EnterpriseID: "ent-1",
			Trial: true, SubscriberID: "sub-2", ProvisionedOn: date("2025-01-21"),
			History: []PackageChange{change("2025-01-21", "bob@bw", Basic)}}}},
		{"user-id-change", "2024-02", []BillingSubscriber{{EnterpriseID: "ent-1",
			SubscriberID: "sub-3", ProvisionedOn: date("2023-11-02"), ActivatedOn: date("2023-11-03"),
			History: []PackageChange{change("2023-11-02", "old@bw", Premium),
				change("2024-02-15", "new@bw", Premium)}}}},
		{"removed", "2024-06", []BillingSubscriber{{EnterpriseID: "ent-1",
			SubscriberID: "sub-4", ProvisionedOn: date("2024-01-10"), ActivatedOn: date("2024-01-10"),
			History: []PackageChange{change("2024-01-10", "carol@bw", Softphone),
				change("2024-06-16", "", NoPackage)}}}},
		{"leap-february", "2024-02", []BillingSubscriber{
			{EnterpriseID: "ent-2", SubscriberID: "sub-7", ProvisionedOn: date("2024-01-05"),
				ActivatedOn: date("2024-01-06"), History: []PackageChange{
					change("2024-01-05", "fay@bw", Standard), change("2024-02-28", "fay@bw", Premium)}},
			{EnterpriseID: "ent-2", SubscriberID: "sub-5", ProvisionedOn: date("2023-12-01"),
				ActivatedOn: date("2023-12-01"), History: []PackageChange{change("2023-12-01", "dave@bw", Basic)}},
			{EnterpriseID: "ent-2", SubscriberID: "sub-6", ProvisionedOn: date("2024-02-29"),
				ActivatedOn: date("2024-03-01"), History: []PackageChange{change("2024-02-29", "erin@bw", Standard)}},
			{EnterpriseID: "ent-2", SubscriberID: "sub-pending"}, // only ever pending: no items
		}},
	}
	now := date("2025-06-01")
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			items, err := BillMonth(acme, mustPeriod(tt.period), tt.subs, now)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := (Report{Items: items}).WriteCSV(&buf); err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join("testdata", "billing", tt.golden+".csv"))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), buf.String()); diff != "" {
				t.Errorf("CSV (-want +got):\n%s", diff)
			}
		})
	}
}

func mustPeriod(s string) Period {
	p, err := ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return p
}

// BW-25: quantities are exact rationals of the SPEC's table.
func TestBillMonthExactQuantities(t *testing.T) {
	s := BillingSubscriber{SubscriberID: "s", History: []PackageChange{
		change("2024-01-01", "u", Standard), change("2024-06-11", "u", Premium),
		change("2024-06-21", "u", Standard)}}
	items, err := BillMonth(acme, mustPeriod("2024-06"), []BillingSubscriber{s}, date("2024-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	sum := new(big.Rat)
	for _, it := range items {
		if it.Quantity.Rat().Cmp(big.NewRat(1, 3)) != 0 {
			t.Errorf("%v..%v: quantity %v, want 10/30", it.Start, it.End, it.Quantity.Rat())
		}
		sum.Add(sum, it.Quantity.Rat())
	}
	if len(items) != 3 || sum.Cmp(big.NewRat(1, 1)) != 0 {
		t.Errorf("%d items summing to %v, want 3 summing to 1", len(items), sum)
	}
}

// BW-25: CSV quantities have four decimals, rounded half to even on the
// exact rational (month lengths never make a tie, so ties are synthetic).
func TestQuantityString(t *testing.T) {
	tests := []struct {
		q    Quantity
		want string
	}{
		{Quantity{10, 30}, "0.3333"},
		{Quantity{20, 30}, "0.6667"},
		{Quantity{30, 30}, "1.0000"},
		{Quantity{1, 20000}, "0.0000"},     // 0.00005 → even 0
		{Quantity{3, 20000}, "0.0002"},     // 0.00015 → even 2
		{Quantity{5, 20000}, "0.0002"},     // 0.00025 → even 2
		{Quantity{19999, 20000}, "1.0000"}, // 0.99995 → even 1.0000
		{Quantity{}, "0.0000"},
		{Quantity{-1, 30}, "0.0000"},
	}
	for _, tt := range tests {
		if got := tt.q.String(); got != tt.want {
			t.Errorf("%v/%v = %q, want %q", tt.q.Days, tt.q.MonthDays, got, tt.want)
		}
	}
}

// BW-25: a change on day d bills d to the new segment; several changes on
// one day leave the day to the last; repeated identical changes make one
// segment; the current month bills up to now's date only.
func TestBillMonthSegments(t *testing.T) {
	tests := []struct {
		name    string
		history []PackageChange
		now     string
		want    [][2]string // start, end
	}{
		{"same-day changes", []PackageChange{change("2024-06-01", "u", Basic),
			change("2024-06-05", "u", Premium), change("2024-06-05", "u", Basic)}, "2024-07-01",
			[][2]string{{"2024-06-01", "2024-06-30"}}},
		{"no-op change", []PackageChange{change("2024-06-01", "u", Basic),
			change("2024-06-09", "u", Basic)}, "2024-07-01", [][2]string{{"2024-06-01", "2024-06-30"}}},
		{"removed then re-added", []PackageChange{change("2024-06-01", "u", Basic),
			change("2024-06-10", "", NoPackage), change("2024-06-20", "u", Basic)}, "2024-07-01",
			[][2]string{{"2024-06-01", "2024-06-09"}, {"2024-06-20", "2024-06-30"}}},
		{"current month", []PackageChange{change("2024-05-01", "u", Basic)}, "2024-06-12T23:00:00Z",
			[][2]string{{"2024-06-01", "2024-06-12"}}},
		{"after the month", []PackageChange{change("2024-07-01", "u", Basic)}, "2024-08-01", nil},
		{"removed before the month", []PackageChange{change("2024-01-01", "u", Basic),
			change("2024-05-31", "", NoPackage)}, "2024-08-01", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now, err := time.Parse(time.RFC3339, tt.now)
			if err != nil {
				now = date(tt.now)
			}
			s := BillingSubscriber{SubscriberID: "s", History: tt.history}
			items, err := BillMonth(acme, mustPeriod("2024-06"), []BillingSubscriber{s}, now)
			if err != nil {
				t.Fatal(err)
			}
			var got [][2]string
			for _, it := range items {
				got = append(got, [2]string{it.Start.Format(time.DateOnly), it.End.Format(time.DateOnly)})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("segments (-want +got):\n%s", diff)
			}
		})
	}
}

// BW-25: unusable histories, months and formula cells.
func TestBillMonthRefusals(t *testing.T) {
	ok := BillingSubscriber{SubscriberID: "a", History: []PackageChange{change("2024-01-01", "u", Basic)}}
	tests := []struct {
		name   string
		period Period
		subs   []BillingSubscriber
		want   error
	}{
		{"future month", mustPeriod("2024-07"), nil, ErrFuturePeriod},
		{"zero period", Period{}, nil, ErrInvalidPeriod},
		{"month 13", Period{2024, 13}, nil, ErrInvalidPeriod},
		{"empty subscriber ID", mustPeriod("2024-06"), []BillingSubscriber{{}}, ErrInvalidHistory},
		{"repeated subscriber", mustPeriod("2024-06"), []BillingSubscriber{ok, ok}, ErrInvalidHistory},
		{"out of order", mustPeriod("2024-06"), []BillingSubscriber{{SubscriberID: "b", History: []PackageChange{
			change("2024-02-01", "u", Basic), change("2024-01-01", "u", Premium)}}}, ErrInvalidHistory},
		{"unknown package", mustPeriod("2024-06"), []BillingSubscriber{{SubscriberID: "b",
			History: []PackageChange{change("2024-02-01", "u", Package(9))}}}, ErrInvalidHistory},
		{"no user ID", mustPeriod("2024-06"), []BillingSubscriber{{SubscriberID: "b",
			History: []PackageChange{change("2024-02-01", "", Basic)}}}, ErrInvalidHistory},
		{"blank subscriber ID", mustPeriod("2024-06"), []BillingSubscriber{{SubscriberID: " "}}, ErrInvalidHistory},
		{"invisible in a subscriber ID", mustPeriod("2024-06"), []BillingSubscriber{{SubscriberID: "a\u200b"}}, ErrInvalidHistory},
		{"invalid UTF-8 in a subscriber ID", mustPeriod("2024-06"), []BillingSubscriber{{SubscriberID: "a\xff"}}, ErrInvalidHistory},
		{"invisible in a user ID", mustPeriod("2024-06"), []BillingSubscriber{{SubscriberID: "b",
			History: []PackageChange{change("2024-02-01", "u\u00ad", Basic)}}}, ErrInvalidHistory},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := BillMonth(acme, tt.period, tt.subs, date("2024-06-15"))
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// BW-25: cells a spreadsheet would run as formulas are defused.
func TestWriteCSVFormulaCells(t *testing.T) {
	r := Report{Items: []LineItem{{Partner: "=HYPERLINK(\"x\")", BillingID: "+1", EnterpriseID: "-2",
		UserID: "@u", SubscriberID: "\tx", Package: Basic, Quantity: Quantity{1, 30}}}}
	var buf bytes.Buffer
	if err := r.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	row := bytes.Split(buf.Bytes(), []byte("\n"))[1]
	want := `"'=HYPERLINK(""x"")",'+1,'-2,no,'@u,'` + "\tx" + `,no,,0001-01-01,0001-01-01,basic,0.0333`
	if string(row) != want {
		t.Errorf("row = %q, want %q", row, want)
	}
}

func TestParsePeriod(t *testing.T) {
	for _, s := range []string{"", "2024-6", "2024-00", "2024-13", "0000-01", "+024-01", "2024_06", "２０24-06", "2024-06\u200b"} {
		if _, err := ParsePeriod(s); !errors.Is(err, ErrInvalidPeriod) {
			t.Errorf("ParsePeriod(%q) err = %v", s, err)
		}
	}
	p, err := ParsePeriod("2024-02")
	if err != nil || p.String() != "2024-02" || p.Days() != 29 {
		t.Errorf("ParsePeriod(2024-02) = %v (%d days), %v", p, p.Days(), err)
	}
}

func FuzzParsePeriod(f *testing.F) {
	f.Add("2024-06")
	f.Add("9999-12")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err == nil && p.String() != s {
			t.Errorf("ParsePeriod(%q).String() = %q", s, p)
		}
	})
}

// BW-25: "activated" is yes when the account became active on or before
// the month's last day: the last day counts, the next day does not.
func TestBillMonthActivatedOnLastDay(t *testing.T) {
	for _, tt := range []struct {
		activated string
		want      bool
	}{
		{"2024-02-28", true}, {"2024-02-29", true}, {"2024-03-01", false}, {"", false},
	} {
		s := BillingSubscriber{EnterpriseID: "ent-1", SubscriberID: "sub-1", ProvisionedOn: date("2024-02-01"),
			History: []PackageChange{change("2024-02-01", "ann@bw", Basic)}}
		if tt.activated != "" {
			s.ActivatedOn = date(tt.activated)
		}
		items, err := BillMonth(acme, Period{2024, time.February}, []BillingSubscriber{s}, date("2024-04-01"))
		if err != nil || len(items) != 1 {
			t.Fatalf("activated %q: %v, %v", tt.activated, items, err)
		}
		if items[0].Activated != tt.want {
			t.Errorf("activated %q: Activated = %v, want %v", tt.activated, items[0].Activated, tt.want)
		}
	}
}
