// Package kindrules applies a license catalog's implications and exclusive
// families to license sets, as the assignment engine needs them: it
// normalizes requests under implied kinds (LIC-5) and applies the preferred
// members of exclusive families (LIC-9, ASG-10, ASG-16). It works only from
// the catalog's exported rules; it is not part of the library's API.
package kindrules

import "github.com/wxlicense/wxlicense/license"

// Rules is a catalog's implications and exclusive families, read once so
// that the engine's hot paths copy nothing. The zero Rules has no rules.
type Rules struct {
	impl    []license.Implication
	excl    []license.Exclusion
	implied license.Set // kinds that are only ever implied
}

// New reads the rules of cat.
func New(cat *license.Catalog) Rules {
	return Rules{impl: cat.Implications(), excl: cat.Exclusions(), implied: cat.ImpliedKinds()}
}

// ImplyRaw normalizes a raw set request (LIC-5 (ii)): it adds the kinds
// implied by a kind the request adds, and drops nothing.
func (r *Rules) ImplyRaw(held, result license.Set) license.Set {
	for changed := true; changed; {
		changed = false
		for _, im := range r.impl {
			if result.Has(im.By) && !held.Has(im.By) && !result.Has(im.Implied) {
				result, changed = result.Add(im.Implied), true
			}
		}
	}
	return result
}

// ImplyServices normalizes a services-level set (LIC-5 (i)): implied kinds
// are present exactly when a kind implying them is.
func (r *Rules) ImplyServices(s license.Set) license.Set {
	s = s.Diff(r.implied)
	for changed := true; changed; {
		changed = false
		for _, im := range r.impl {
			if s.Has(im.By) && !s.Has(im.Implied) {
				s, changed = s.Add(im.Implied), true
			}
		}
	}
	return s
}

// Resolve applies the preferences of exclusive families to a grant
// (ASG-10, ASG-16): where the grant names several members of a family with
// a preferred member, only the preferred one stays. Families without a
// preference are left as they are (a template save rejects them).
func (r *Rules) Resolve(grant license.Set) license.Set {
	for _, ex := range r.excl {
		if ex.Prefer != license.NoKind && grant.Has(ex.Prefer) {
			grant = grant.Diff(ex.Kinds).Add(ex.Prefer)
		}
	}
	return grant
}

// Fallback returns the kind that stands in for k when k cannot be granted
// (ASG-10, ASG-16): another member of k's preferred family that grant also
// names, or NoKind.
func (r *Rules) Fallback(k license.Kind, grant license.Set) license.Kind {
	for _, ex := range r.excl {
		if ex.Prefer == k {
			for o := range grant.Intersect(ex.Kinds).Remove(k).All() {
				return o
			}
		}
	}
	return license.NoKind
}

// Conflicts returns the held kinds that are exclusive with k.
func (r *Rules) Conflicts(k license.Kind, held license.Set) license.Set {
	var out license.Set
	for _, ex := range r.excl {
		if ex.Kinds.Has(k) {
			out = out.Union(held.Intersect(ex.Kinds).Remove(k))
		}
	}
	return out
}

// Upgrades reports whether gaining k may replace the held kind o (k is the
// preferred member of a family holding both).
func (r *Rules) Upgrades(k, o license.Kind) bool {
	for _, ex := range r.excl {
		if ex.Prefer == k && ex.Kinds.Has(o) && o != k {
			return true
		}
	}
	return false
}
