package broadworks

import (
	"fmt"
	"time"
)

// Period is a calendar month, the unit of a billing report (BW-25). The zero
// value is not a valid period.
type Period struct {
	Year  int
	Month time.Month
}

// PeriodOf returns the calendar month of t's UTC date.
func PeriodOf(t time.Time) Period {
	t = t.UTC()
	return Period{t.Year(), t.Month()}
}

// ParsePeriod parses a month written "2024-06": four-digit year 0001-9999,
// a hyphen and a two-digit month.
func ParsePeriod(s string) (Period, error) {
	if len(s) != 7 || s[4] != '-' {
		return Period{}, fmt.Errorf("%w: %q, want YYYY-MM", ErrInvalidPeriod, clip(s))
	}
	y, ok1 := digits(s[:4])
	m, ok2 := digits(s[5:])
	p := Period{y, time.Month(m)}
	if !ok1 || !ok2 || !p.valid() {
		return Period{}, fmt.Errorf("%w: %q, want YYYY-MM", ErrInvalidPeriod, s)
	}
	return p, nil
}

// digits returns the value of s, which must be ASCII digits only.
func digits(s string) (int, bool) {
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

// String returns the period as "2024-06".
func (p Period) String() string { return fmt.Sprintf("%04d-%02d", p.Year, int(p.Month)) }

// First returns the UTC midnight of the period's first day.
func (p Period) First() time.Time { return time.Date(p.Year, p.Month, 1, 0, 0, 0, 0, time.UTC) }

// Days returns the number of days in the month, e.g. 29 for 2024-02.
func (p Period) Days() int { return time.Date(p.Year, p.Month+1, 0, 0, 0, 0, 0, time.UTC).Day() }

func (p Period) valid() bool {
	return p.Year >= 1 && p.Year <= 9999 && p.Month >= time.January && p.Month <= time.December
}

func (p Period) after(q Period) bool {
	return p.Year > q.Year || p.Year == q.Year && p.Month > q.Month
}
