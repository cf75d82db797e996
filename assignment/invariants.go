package assignment

import (
	"errors"
	"fmt"
	"slices"

	"github.com/wxlicense/wxlicense/license"
)

// ErrInvariant is wrapped by every [InvariantError].
var ErrInvariant = errors.New("assignment: invariant violated")

// InvariantError names the invariant of SPEC section 7 that an org breaks,
// and the user, license or subscription concerned.
type InvariantError struct {
	Invariant string // "INV-1", ...
	Detail    string
}

// Error returns the message, naming the input.
func (e *InvariantError) Error() string { return fmt.Sprintf("%s: %s", e.Invariant, e.Detail) }

// Unwrap returns ErrInvariant.
func (e *InvariantError) Unwrap() error { return ErrInvariant }

// CheckInvariants checks the org-wide invariants that hold in every state
// (INV-1, INV-2, INV-3, INV-9, INV-10), and that the org's indexes agree with its
// users ("state"), and returns every violation found, joined.
// INV-5 and INV-6 are properties of transitions; the tests check them.
func (o *Org) CheckInvariants() error {
	if err := o.usable(); err != nil {
		return err
	}
	var errs []error
	fail := func(inv, format string, args ...any) {
		errs = append(errs, &InvariantError{inv, fmt.Sprintf(format, args...)})
	}
	used := make(map[[2]int]int)
	for i := range UserID(o.users.len()) {
		id := UserID(i)
		u := o.users.at(i)
		// INV-1: requirements and Basic Space Meetings iff Basic Messaging
		for _, v := range o.cat.Check(u.held, u.held) {
			if errors.Is(v, license.ErrMissingRequirement) {
				fail("INV-1", "%s: %s", o.users.email(u), v.Text)
			}
		}
		for _, im := range o.rules.impl {
			if u.held.Has(im.By) != u.held.Has(im.Implied) {
				fail("INV-1", "%s: %s without %s", o.users.email(u), o.cat.Name(im.Implied), o.cat.Name(im.By))
			}
		}
		// INV-3: exclusive families
		for _, ex := range o.rules.excl {
			if n := u.held.Intersect(ex.Kinds); n.Len() > 1 {
				fail("INV-3", "%s holds exclusive %s", o.users.email(u), o.cat.Format(n))
			}
		}
		// INV-2: every consumed unit is traced to one subscription
		for k := range u.held.All() {
			s := o.subOf(id, u, k)
			switch consumes := o.cat.Info(k).ConsumesUnit; {
			case consumes && s == license.NoSub:
				fail("INV-2", "%s holds %s with no unit", o.users.email(u), o.cat.Name(k))
			case !consumes && s != license.NoSub:
				fail("INV-2", "%s holds %s with a unit", o.users.email(u), o.cat.Name(k))
			case consumes:
				used[[2]int{int(s), int(k)}]++
			}
			// INV-10: every held license has a source
			if len(o.Sources(id, k)) == 0 {
				fail("INV-10", "%s holds %s with no source", o.users.email(u), o.cat.Name(k))
			}
		}
		o.eachUnit(id, u, func(un unit) {
			if !u.held.Has(un.kind) {
				fail("INV-2", "%s has a unit of %s it does not hold", o.users.email(u), o.cat.Name(un.kind))
			}
		})
	}
	for s := 0; s < o.ledger.Len(); s++ {
		for kind := range o.cat.All().All() {
			sub := license.SubID(s)
			n := used[[2]int{s, int(kind)}]
			if free := o.ledger.Free(sub, kind); free < 0 {
				fail("INV-2", "subscription %s: %s over-consumed by %d", o.ledger.Name(sub), o.cat.Name(kind), -free)
			}
			if c := o.ledger.Consumed(sub, kind); c != n {
				fail("INV-2", "subscription %s: %s ledger says %d consumed, users hold %d", o.ledger.Name(sub), o.cat.Name(kind), c, n)
			}
		}
	}
	o.checkStructure(fail)
	o.checkAppView(fail) // INV-9
	if o.placer != nil {
		if err := o.placer.Check(o.holdsCalling, o.users.len()); err != nil {
			fail("INV-4", "%v", err)
		}
	}
	// INV-1: no stored template breaks a requirement
	for _, t := range o.templates {
		if t.deleted {
			continue
		}
		if vs := o.cat.Check(license.Set{}, o.rules.Resolve(t.grant)); len(vs) > 0 {
			fail("INV-1", "template %q: %v", t.name, vs[0].Text)
		}
	}
	return errors.Join(errs...)
}

func (o *Org) eachUnit(id UserID, u *user, f func(unit)) {
	for _, un := range u.units {
		if un.kind != license.NoKind {
			f(un)
		}
	}
	for _, un := range o.overflow[id] {
		f(un)
	}
}

// checkStructure checks that the indexes agree with the users: every user
// is found by e-mail and is a member of exactly the groups listing them,
// and every group and live template is found by name.
func (o *Org) checkStructure(fail func(inv, format string, args ...any)) {
	live := 0
	for i := range UserID(o.users.len()) {
		u := o.users.at(i)
		if u.flags&flagDeleted == 0 {
			live++
		}
		if overflows(u) != (len(o.overflow[UserID(i)]) > 0) {
			fail("state", "%s has %d units outside the record, flagged %v", o.users.email(u), len(o.overflow[UserID(i)]), overflows(u))
		}
	}
	if o.byEmail.len() != live {
		fail("state", "%d e-mails indexed for %d users", o.byEmail.len(), live)
	}
	if id, ok := o.classWrong(); !ok {
		fail("state", "user %d is recorded in the wrong class (%d classes for %d users)", id, len(o.class), o.users.len())
	}
	members, sparse, listed := 0, 0, 0
	for i := range UserID(o.users.len()) {
		u := o.users.at(i)
		x := o.users.extraOf(u)
		if u.flags&flagSharedExtra != 0 && (x == nil || !x.manual.IsEmpty() || !x.dflt.IsEmpty() || len(x.retained) == 0) {
			fail("state", "%s shares a sparse part that is not only retained sources: %+v", o.users.email(u), x)
		}
		if u.x != 0 {
			sparse++
			if x == nil {
				fail("state", "%s holds slot %d of sparse parts, which is free", o.users.email(u), u.x-1)
			}
		}
		if u.flags&flagDeleted != 0 {
			if !u.held.IsEmpty() || len(o.users.groupsOf(u)) > 0 {
				fail("state", "deleted user %s holds %s, groups %d", o.users.email(u), o.cat.Format(u.held), len(o.users.groupsOf(u)))
			}
			continue
		}
		if id, ok := o.byEmail.get(&o.users, o.users.email(u)); !ok || id != UserID(i) {
			fail("state", "%s is not indexed by e-mail", o.users.email(u))
		}
		for _, g := range o.users.groupsOf(u) {
			if !o.groups[g].members.has(UserID(i)) {
				fail("state", "%s is in group %s, which does not list them", o.users.email(u), o.groups[g].name)
			}
		}
		members += len(o.users.groupsOf(u))
		listed += int(u.groupN)
		if x != nil {
			for j, r := range x.retained {
				if r.kinds.IsEmpty() || slices.ContainsFunc(x.retained[:j], func(q retention) bool { return q.t == r.t }) {
					fail("state", "%s's retained sources of template %d are empty or split", o.users.email(u), r.t)
				}
			}
		}
	}
	for _, g := range o.groups {
		members -= g.members.len()
	}
	if members != 0 {
		fail("state", "groups list members that are not in them")
	}
	if free := len(o.users.extras) - sparse; free != len(o.users.free) {
		fail("state", "%d users with sparse parts in %d slots, %d of them listed free", sparse, len(o.users.extras), len(o.users.free))
	}
	if live := len(o.users.groups) - o.users.dead; live != listed {
		fail("state", "%d users' group IDs, %d counted live in the lists", listed, live)
	}
	for i, st := range o.shared.steps {
		if rs := st.made(); st.to == nil && len(rs) > 0 || st.to != nil && !slices.Equal(st.to.retained, rs) {
			fail("state", "a shared sparse part holds %v; its step %+v makes %v", st.to, st, rs)
		}
		if j, ok := o.shared.byStep[st.stepKey]; len(o.shared.steps) > scanShared && (!ok || int(j) != i) {
			fail("state", "shared step %d is found at %d (%v)", i, j, ok)
		}
	}
	o.checkNames(fail)
	if len(o.groupT) != len(o.groups) {
		fail("state", "%d group templates recorded for %d groups", len(o.groupT), len(o.groups))
	}
	for i, g := range o.groups {
		if i < len(o.groupT) && o.groupT[i] != g.template {
			fail("state", "group %s's template is not recorded for configs", g.name)
		}
	}
	if want := o.freshLabels(); !slices.Equal(want.templates, o.labels.templates) || !slices.Equal(want.subs, o.labels.subs) {
		fail("state", "plans would name templates %q and subscriptions %q", o.labels.templates, o.labels.subs)
	}
}
