package broadworks

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Report is a partner's billing report for one calendar month (BW-25).
// Reports are generated at creation, so a stored report is complete.
type Report struct {
	Partner BillingPartner
	Period  Period
	Created time.Time
	Items   []LineItem
}

// ReportSummary is what a report list shows of one report.
type ReportSummary struct {
	Period    Period
	Created   time.Time
	LineItems int
}

// ReportError describes a refused billing-report request: the operation,
// the partner and month asked for, the actor's role, and the reason it
// unwraps to (ErrForbidden, ErrReportExists, ErrReportNotFound,
// ErrFuturePeriod, ErrInvalidPeriod, or a *HistoryError).
type ReportError struct {
	Op      string // "create", "delete", "list" or "get"
	Partner string
	Period  Period // zero for list
	Role    Role
	Err     error
}

// Error returns a message naming the request and the reason.
func (e *ReportError) Error() string {
	return fmt.Sprintf("broadworks: %s billing report %v of partner %q as %v: %v",
		e.Op, e.Period, clip(e.Partner), e.Role, e.Err)
}

// Unwrap returns the reason.
func (e *ReportError) Unwrap() error { return e.Err }

// BillingReports stores the billing reports of all partners, at most one per
// partner and calendar month (BW-25). The zero value is an empty store. Every
// refused request leaves it unchanged.
type BillingReports struct {
	reports []Report // sorted by partner name, then period
}

// Create generates and stores partner's report for period from subs (see
// BillMonth) and returns it. It needs a partner full admin or partner sales
// full admin of that partner (else ErrForbidden); a report of the same month
// must not exist (ErrReportExists) and the month must not be after now's
// (ErrFuturePeriod).
func (b *BillingReports) Create(a Actor, partner BillingPartner, period Period, subs []BillingSubscriber, now time.Time) (Report, error) {
	refuse := func(err error) (Report, error) {
		return Report{}, &ReportError{"create", partner.Name, period, a.Role, err}
	}
	if !canManageReports(a, partner.Name) {
		return refuse(ErrForbidden)
	}
	if err := checkPeriod(period, now); err != nil {
		return refuse(err)
	}
	i, found := b.find(partner.Name, period)
	if found {
		return refuse(ErrReportExists)
	}
	items, err := BillMonth(partner, period, subs, now)
	if err != nil {
		return refuse(err)
	}
	r := Report{Partner: partner, Period: period, Created: now, Items: items}
	b.reports = slices.Insert(b.reports, i, r)
	return r.clone(), nil
}

// Delete removes partner's report for period. It needs the roles of Create;
// a missing report is refused (ErrReportNotFound).
func (b *BillingReports) Delete(a Actor, partner string, period Period) error {
	if !canManageReports(a, partner) {
		return &ReportError{"delete", partner, period, a.Role, ErrForbidden}
	}
	i, found := b.find(partner, period)
	if !found {
		return &ReportError{"delete", partner, period, a.Role, ErrReportNotFound}
	}
	b.reports = slices.Delete(b.reports, i, i+1)
	return nil
}

// List returns partner's reports, oldest month first. A partner read-only
// admin may list too.
func (b *BillingReports) List(a Actor, partner string) ([]ReportSummary, error) {
	if !canReadReports(a, partner) {
		return nil, &ReportError{"list", partner, Period{}, a.Role, ErrForbidden}
	}
	var out []ReportSummary
	for _, r := range b.reports {
		if r.Partner.Name == partner {
			out = append(out, ReportSummary{r.Period, r.Created, len(r.Items)})
		}
	}
	return out, nil
}

// Get returns a copy of partner's report for period. It needs the roles of
// List; a missing report is refused (ErrReportNotFound).
func (b *BillingReports) Get(a Actor, partner string, period Period) (Report, error) {
	if !canReadReports(a, partner) {
		return Report{}, &ReportError{"get", partner, period, a.Role, ErrForbidden}
	}
	i, found := b.find(partner, period)
	if !found {
		return Report{}, &ReportError{"get", partner, period, a.Role, ErrReportNotFound}
	}
	return b.reports[i].clone(), nil
}

func (b *BillingReports) find(partner string, p Period) (int, bool) {
	return slices.BinarySearchFunc(b.reports, Report{Partner: BillingPartner{Name: partner}, Period: p},
		func(x, y Report) int {
			return cmp.Or(cmp.Compare(x.Partner.Name, y.Partner.Name),
				cmp.Compare(x.Period.Year, y.Period.Year), cmp.Compare(x.Period.Month, y.Period.Month))
		})
}

func (r Report) clone() Report {
	r.Items = slices.Clone(r.Items)
	return r
}

// canManageReports: partner full admin or partner sales full admin of partner.
func canManageReports(a Actor, partner string) bool {
	return partner != "" && a.Partner == partner &&
		(a.Role == PartnerFullAdmin || a.Role == PartnerSalesFullAdmin)
}

// canReadReports: canManageReports, or partner read-only admin of partner.
func canReadReports(a Actor, partner string) bool {
	return canManageReports(a, partner) ||
		partner != "" && a.Partner == partner && a.Role == PartnerReadOnlyAdmin
}
