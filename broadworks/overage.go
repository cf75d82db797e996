package broadworks

import (
	"cmp"
	"slices"
)

// LicenseUsage is a customer's usage of one package subscription against
// the value it allows (BW-30).
type LicenseUsage struct {
	Customer      string
	Package       Package
	Used, Allowed int
}

// Overage reports whether usage exceeds the allowed value, that is whether
// the partner's customer view shows the license-overage warning (BW-30). It
// is only a warning: nothing is blocked, and BroadWorks package
// subscriptions are exempt from the INV-2 unit bound.
func (u LicenseUsage) Overage() bool { return u.Used > u.Allowed }

// Excess returns how far usage exceeds the allowed value, 0 when it does not.
func (u LicenseUsage) Excess() int { return max(u.Used-u.Allowed, 0) }

// OverageWarnings returns the usages showing a warning, by customer then
// package. The input is not modified.
func OverageWarnings(usages []LicenseUsage) []LicenseUsage {
	var out []LicenseUsage
	for _, u := range usages {
		if u.Overage() {
			out = append(out, u)
		}
	}
	slices.SortStableFunc(out, func(a, b LicenseUsage) int {
		return cmp.Or(cmp.Compare(a.Customer, b.Customer), cmp.Compare(a.Package, b.Package))
	})
	return out
}
