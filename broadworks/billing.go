package broadworks

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"
)

// Billing errors (BW-25). Refusals come back wrapped in a *ReportError or a
// *HistoryError naming the input.
var (
	ErrReportExists   = errors.New("broadworks: billing report exists for the month")
	ErrReportNotFound = errors.New("broadworks: no billing report for the month")
	ErrFuturePeriod   = errors.New("broadworks: billing month is in the future")
	ErrInvalidPeriod  = errors.New("broadworks: invalid billing month")
	ErrInvalidHistory = errors.New("broadworks: invalid billing history")
)

// BillingPartner is the partner a billing report is for: its name (or
// partner org ID) and its billing identifier (C number).
type BillingPartner struct {
	Name      string
	BillingID string
}

// LineItem is one row of a billing report (BW-25): one segment of one
// subscriber, that is consecutive billed days with the same package and user
// ID. The fields are in the report's column order.
type LineItem struct {
	Partner       string
	BillingID     string
	EnterpriseID  string // SP enterprise ID
	Trial         bool
	UserID        string // BroadWorks user ID
	SubscriberID  string // Webex subscriber ID
	Activated     bool
	ProvisionedOn time.Time // provisioning date
	Start, End    time.Time // first and last billed day, inclusive
	Package       Package
	Quantity      Quantity
}

// HistoryError describes a subscriber whose billing history is unusable. It
// unwraps to ErrInvalidHistory.
type HistoryError struct {
	Subscriber int    // index in the input
	ID         string // its subscriber ID
	Reason     string // e.g. "history not in day order"
}

// Error returns a message naming the subscriber and the reason.
func (e *HistoryError) Error() string {
	return fmt.Sprintf("broadworks: billing history of subscriber %d (%q): %s",
		e.Subscriber, clip(e.ID), e.Reason)
}

// Unwrap returns ErrInvalidHistory.
func (e *HistoryError) Unwrap() error { return ErrInvalidHistory }

// BillMonth returns the line items of period for partner's subscribers
// (BW-25), ordered by SP enterprise ID, subscriber ID and billing start. A
// period after now's UTC month is refused (ErrFuturePeriod); in now's month
// only the days up to now's UTC date are billed. Each PackageChange.Day
// counts as its UTC date. Subscribers with an empty history (only ever
// pending or in error) get no items.
func BillMonth(partner BillingPartner, period Period, subs []BillingSubscriber, now time.Time) ([]LineItem, error) {
	if err := checkPeriod(period, now); err != nil {
		return nil, fmt.Errorf("broadworks: billing month %v with now %v: %w", period, now.UTC().Format(time.DateOnly), err)
	}
	if err := checkHistories(subs); err != nil {
		return nil, err
	}
	first := dayOf(period.First())
	last := min(first+int64(period.Days())-1, dayOf(now))
	items := make([]LineItem, 0, len(subs))
	for i := range subs {
		items = appendItems(items, partner, period, &subs[i], first, last)
	}
	slices.SortFunc(items, func(a, b LineItem) int {
		return cmp.Or(cmp.Compare(a.EnterpriseID, b.EnterpriseID),
			cmp.Compare(a.SubscriberID, b.SubscriberID), a.Start.Compare(b.Start))
	})
	return items, nil
}

func checkPeriod(p Period, now time.Time) error {
	if !p.valid() {
		return ErrInvalidPeriod
	}
	if p.after(PeriodOf(now)) {
		return ErrFuturePeriod
	}
	return nil
}

// checkHistories refuses a repeated subscriber ID, one or a user ID that is
// no valid ID (empty, blank or invisible characters, invalid UTF-8; see
// validID), changes out of day order, an unknown package, and a package
// held under no user ID.
func checkHistories(subs []BillingSubscriber) error {
	seen := make(map[string]struct{}, len(subs))
	for i, s := range subs {
		reason := historyProblem(s)
		if _, dup := seen[s.SubscriberID]; dup && reason == "" {
			reason = "subscriber ID repeated"
		}
		if reason != "" {
			return &HistoryError{Subscriber: i, ID: s.SubscriberID, Reason: reason}
		}
		seen[s.SubscriberID] = struct{}{}
	}
	return nil
}

func historyProblem(s BillingSubscriber) string {
	if !validID(s.SubscriberID) {
		return "empty or invalid subscriber ID"
	}
	for j, c := range s.History {
		switch {
		case c.Package > Softphone:
			return fmt.Sprintf("change %d: unknown package %v", j, c.Package)
		case c.Package != NoPackage && c.UserID == "":
			return fmt.Sprintf("change %d: package without a user ID", j)
		case c.UserID != "" && !validID(c.UserID):
			return fmt.Sprintf("change %d: invalid user ID", j)
		case j > 0 && dayOf(c.Day) < dayOf(s.History[j-1].Day):
			return fmt.Sprintf("change %d: history not in day order", j)
		}
	}
	return ""
}

// segment is a run of days [start, end] holding one package under one user
// ID; end is maxDay while it lasts.
type segment struct {
	start, end int64
	pkg        Package
	userID     string
}

const maxDay = 1 << 40

// appendItems appends s's segments clipped to the billed days [first, last].
func appendItems(items []LineItem, partner BillingPartner, period Period, s *BillingSubscriber, first, last int64) []LineItem {
	activated := !s.ActivatedOn.IsZero() && dayOf(s.ActivatedOn) <= first+int64(period.Days())-1
	emit := func(g segment) {
		start, end := max(g.start, first), min(g.end, last)
		if g.pkg == NoPackage || start > end {
			return
		}
		items = append(items, LineItem{
			Partner: partner.Name, BillingID: partner.BillingID,
			EnterpriseID: s.EnterpriseID, Trial: s.Trial, UserID: g.userID,
			SubscriberID: s.SubscriberID, Activated: activated,
			ProvisionedOn: dateOnly(s.ProvisionedOn),
			Start:         dateOf(start), End: dateOf(end), Package: g.pkg,
			Quantity: Quantity{Days: int(end - start + 1), MonthDays: period.Days()},
		})
	}
	var cur segment
	open := false
	for j, c := range s.History {
		start, end := dayOf(c.Day), int64(maxDay)
		if j+1 < len(s.History) {
			end = dayOf(s.History[j+1].Day) - 1
		}
		if start > end || start > last {
			continue // replaced the same day, or after the month
		}
		if open && cur.pkg == c.Package && cur.userID == c.UserID {
			cur.end = end
			continue
		}
		if open {
			emit(cur)
		}
		cur, open = segment{start, end, c.Package, c.UserID}, true
	}
	if open {
		emit(cur)
	}
	return items
}

// dayOf returns t's UTC date as days since 1970-01-01.
func dayOf(t time.Time) int64 {
	s := t.Unix()
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return d
}

// dateOnly returns the UTC midnight of t's UTC date, the zero time for zero.
func dateOnly(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return dateOf(dayOf(t))
}

// dateOf returns the UTC midnight of day d.
func dateOf(d int64) time.Time { return time.Unix(d*86400, 0).UTC() }

// clip shortens s to at most 80 bytes for error messages, never inside a
// character: a cut inside one backs off to its start, at most 3 bytes.
func clip(s string) string {
	if len(s) > 80 {
		n := 80
		for n > 80-utf8.UTFMax+1 && !utf8.RuneStart(s[n]) {
			n--
		}
		return s[:n] + "..."
	}
	return s
}
