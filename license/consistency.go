package license

import (
	"errors"
	"fmt"
	"strings"
)

// Errors of [Builder.Build]. Every error Build returns matches
// ErrInvalidCatalog; a [*CatalogError] also matches the finer sentinel of
// the contradiction it reports.
var (
	ErrInvalidCatalog = errors.New("license: invalid catalog")
	// ErrImplicationCycle: kinds imply each other, directly or through a
	// chain, so none of them could be dropped (LIC-5).
	ErrImplicationCycle = errors.New("license: implication cycle")
	// ErrUnimpliedKind: a kind flagged [Info.Implied] that no rule implies,
	// so no user could ever hold it.
	ErrUnimpliedKind = errors.New("license: implied kind that nothing implies")
	// ErrRequiresExcluded: holding a kind needs (through requirements and
	// implications) two kinds of one exclusive family, itself included, so
	// no user could ever hold it.
	ErrRequiresExcluded = errors.New("license: kind needs kinds that exclude each other")
)

// CatalogError is a contradiction between a catalog's rules that
// [Builder.Build] refuses (LIC-1). errors.Is matches Err and
// [ErrInvalidCatalog].
type CatalogError struct {
	Err   error  // ErrImplicationCycle, ErrUnimpliedKind or ErrRequiresExcluded
	Kinds []Kind // the kinds concerned, in the order Names gives them
	// Names are the kinds' names: a cycle from its first kind back to it;
	// a kind that needs what it excludes, then the excluded kinds.
	Names []string
}

// Error returns the sentinel's text and the kinds' names, for example
// "license: implication cycle: A → B → A".
func (e *CatalogError) Error() string {
	sep := ", "
	if e.Err == ErrImplicationCycle {
		sep = " → "
	}
	return fmt.Sprint(e.Err) + ": " + strings.Join(e.Names, sep) // a zero CatalogError reads "<nil>: "
}

// Unwrap returns Err and [ErrInvalidCatalog].
func (e *CatalogError) Unwrap() []error { return []error{e.Err, ErrInvalidCatalog} }

func (c *Catalog) catalogError(err error, ks ...Kind) *CatalogError {
	e := &CatalogError{Err: err, Kinds: ks}
	for _, k := range ks {
		e.Names = append(e.Names, c.Name(k))
	}
	return e
}

// consistent returns the first contradiction between c's rules, or nil. c
// is a built catalog, whose rules name only its own kinds.
func (c *Catalog) consistent() error {
	if err := c.unimplied(); err != nil {
		return err
	}
	if err := c.implicationCycle(); err != nil {
		return err
	}
	return c.needsExcluded()
}

// unimplied reports the first kind flagged implied that no rule implies.
func (c *Catalog) unimplied() error {
	var implied Set
	for _, im := range c.implications {
		implied = implied.Add(im.Implied)
	}
	for k := range c.implied.Diff(implied).All() {
		return c.catalogError(ErrUnimpliedKind, k)
	}
	return nil
}

// implicationCycle reports the first cycle of implications, by a
// depth-first search in kind order.
func (c *Catalog) implicationCycle() error {
	next := make([]Set, len(c.infos))
	for _, im := range c.implications {
		next[im.By.index()] = next[im.By.index()].Add(im.Implied)
	}
	var done, onPath Set
	var path []Kind
	var visit func(k Kind) []Kind
	visit = func(k Kind) []Kind {
		path, onPath = append(path, k), onPath.Add(k)
		for n := range next[k.index()].All() {
			if onPath.Has(n) {
				i := len(path) - 1
				for path[i] != n {
					i--
				}
				return append(append([]Kind(nil), path[i:]...), n)
			}
			if !done.Has(n) {
				if cycle := visit(n); cycle != nil {
					return cycle
				}
			}
		}
		path, onPath, done = path[:len(path)-1], onPath.Remove(k), done.Add(k)
		return nil
	}
	for k := range c.All().All() {
		if done.Has(k) {
			continue
		}
		if cycle := visit(k); cycle != nil {
			return c.catalogError(ErrImplicationCycle, cycle...)
		}
	}
	return nil
}

// needsExcluded reports the first kind whose holding needs, through
// requirements and implications, two members of one exclusive family: a
// member itself and another, or two others.
func (c *Catalog) needsExcluded() error {
	for k := range c.All().All() {
		forced := c.forced(k)
		for _, ex := range c.exclusions {
			both := forced.Intersect(ex.Kinds)
			if both.Len() < 2 {
				continue
			}
			if both.Has(k) {
				return c.catalogError(ErrRequiresExcluded, k, both.Remove(k).Kinds()[0])
			}
			ks := both.Kinds()
			return c.catalogError(ErrRequiresExcluded, k, ks[0], ks[1])
		}
	}
	return nil
}

// forced returns k and every kind a holder of k must hold too, through
// requirements and implications.
func (c *Catalog) forced(k Kind) Set {
	s := SetOf(k)
	for changed := true; changed; {
		changed = false
		for m := range s.All() {
			if more := c.needs[m.index()].Diff(s); !more.IsEmpty() {
				s, changed = s.Union(more), true
			}
		}
		if more := c.closure(s).Diff(s); !more.IsEmpty() {
			s, changed = s.Union(more), true
		}
	}
	return s
}
