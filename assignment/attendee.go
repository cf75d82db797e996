package assignment

import (
	"slices"

	"github.com/wxlicense/wxlicense/license"
)

// attendeeViolations returns a 400216 violation for each attendee role in
// add that u may not get (ASG-13): the site's attendee feature is off, or
// u administers the site. A user-level request asking for one is refused,
// as a template save naming a site whose feature is off is; only a
// template application skips and reports the site-admin case.
func (o *Org) attendeeViolations(x *userAttrs, add license.Set) []license.Violation {
	if add.IsEmpty() {
		return nil
	}
	var vs []license.Violation
	for k := range add.Intersect(o.rules.attendee).All() {
		site := o.cat.Info(k).Site
		switch {
		case !o.attendee.Has(k):
			vs = append(vs, license.Violation{Code: license.CodeInvalidAttendeeSite, Kinds: []license.Kind{k},
				Text: "attendee role of " + site + ": attendee accounts are off for the site"})
		case slices.Contains(x.sites(), site):
			vs = append(vs, license.Violation{Code: license.CodeInvalidAttendeeSite, Kinds: []license.Kind{k},
				Text: "attendee role of " + site + ": the user administers the site"})
		}
	}
	return vs
}
