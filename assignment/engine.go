package assignment

import (
	"github.com/wxlicense/wxlicense/license"
)

// strategy is how an application treats licenses the resolved grant lacks.
type strategy uint8

const (
	addOnly  strategy = iota // preserve on: add what is missing (ASG-4), upgrades included
	exact                    // preserve off: end at exactly the resolved grant (ASG-4, ASG-8)
	dropFrom                 // delete with preserve off: drop what only the template gave (ASG-5)
)

// application computes one template event for a set of users.
type application struct {
	o      *Org
	cfg    config // the template configuration after the event
	p      *Plan
	led    *license.Ledger
	how    strategy
	reason Reason
	tmpl   TemplateID // the template of the event
	only   TemplateID // apply this template alone (ASG-2 join), or NoTemplate
	// lost is, per template, the kinds it stops granting to the users of
	// this event: they become retained sources where kept (LIC-9).
	lost []retention
	// newGroups overrides the groups of users whose membership changes.
	newGroups map[UserID][]GroupID
	// newUsers are users the action creates, after o.users.
	newUsers []user
	ack      bool
	noAck    []UserID // users who would lose Webex Calling without acknowledgement
	pend     []pending
	moves    []pending // held kinds to check against the templates' subscriptions
	tbuf     []TemplateID
}

type pending struct {
	id      UserID
	add     license.Set
	grant   license.Set // the raw union of the current templates' grants
	upgrade license.Set // held kinds a granted preferred kind replaces
}

func (o *Org) newApplication(p *Plan, how strategy, reason Reason, tmpl TemplateID) *application {
	return &application{o: o, cfg: o.config(), p: p, led: o.ledger.Clone(), how: how, reason: reason, tmpl: tmpl, only: NoTemplate}
}

func (a *application) user(id UserID) *user {
	if int(id) < len(a.o.users) {
		return &a.o.users[id]
	}
	return &a.newUsers[int(id)-len(a.o.users)]
}

func (a *application) groupsOf(id UserID) []GroupID {
	if g, ok := a.newGroups[id]; ok {
		return g
	}
	return a.user(id).groups
}

// current returns the templates governing a user for this application.
func (a *application) current(id UserID) []TemplateID {
	if a.only != NoTemplate {
		a.tbuf = append(a.tbuf[:0], a.only)
		return a.tbuf
	}
	a.tbuf = a.cfg.templatesOf(a.tbuf[:0], a.groupsOf(id))
	return a.tbuf
}

func (a *application) sub(id UserID, u *user, k license.Kind) license.SubID {
	if int(id) >= len(a.o.users) {
		for _, s := range u.units {
			if s.kind == k {
				return s.sub
			}
		}
		return license.NoSub
	}
	return a.o.subOf(id, u, k)
}

func (a *application) change(id UserID, k license.Kind, op Op, sub license.SubID, r Reason) {
	a.p.Changes = append(a.p.Changes, Change{User: id, Kind: k, Op: op, Sub: sub, From: license.NoSub, Reason: r, Template: a.tmpl})
}

func (a *application) short(id UserID, k license.Kind, r ShortfallReason, other license.Kind) {
	a.p.Shortfalls = append(a.p.Shortfalls, Shortfall{User: id, Kind: k, Reason: r, Other: other})
}

// allowed returns the subscriptions the current templates name for k, or
// nil when one of them names none (LIC-8).
func (a *application) allowed(ts []TemplateID, k license.Kind) []license.SubID {
	var subs []license.SubID
	for _, t := range ts {
		tp := &a.cfg.tmpls[t]
		if !tp.grant.Has(k) {
			continue
		}
		s := tp.pinned(k)
		if s == license.NoSub {
			return nil
		}
		subs = append(subs, s)
	}
	return subs
}

func (t *template) pinned(k license.Kind) license.SubID {
	for _, p := range t.pins {
		if p.kind == k {
			return p.sub
		}
	}
	return license.NoSub
}

func contains(subs []license.SubID, s license.SubID) bool {
	for _, x := range subs {
		if x == s {
			return true
		}
	}
	return false
}

// run applies the event to the given users, in order: first every removal
// and move, then the grants in user order (ASG-19).
func (a *application) run(users func(yield func(UserID) bool)) {
	for id := range users {
		a.decide(id)
	}
	for _, m := range a.moves {
		a.repin(m.id, m.add)
	}
	for i := range a.pend {
		a.grant(&a.pend[i])
	}
}

// grantOf returns the raw union of the current templates' grants, and the
// resolved grant (ASG-10, ASG-16, LIC-5) with the site-admin exclusions of
// ASG-13 applied.
func (a *application) grantOf(id UserID, u *user, ts []TemplateID) (raw, resolved license.Set) {
	for _, t := range ts {
		raw = raw.Union(a.cfg.tmpls[t].grant)
	}
	if u.x != nil && len(u.x.siteAdmin) > 0 {
		for _, site := range u.x.siteAdmin {
			if k, ok := a.o.cat.SiteKind(site, license.RoleAttendee); ok && raw.Has(k) {
				raw = raw.Remove(k)
				a.short(id, k, AttendeeSiteAdmin, license.NoKind)
			}
		}
	}
	resolved = a.o.cat.ImplyServices(a.o.cat.Resolve(raw))
	return raw, resolved
}

// decide computes one user's removals and moves, and queues the grants.
func (a *application) decide(id UserID) {
	u := a.user(id)
	ts := a.current(id)
	held := u.held
	cat := a.o.cat
	if a.how == dropFrom {
		a.drop(id, u, ts)
		return
	}
	raw, want := a.grantOf(id, u, ts)
	want = a.pickExclusive(id, held, want)
	var remove, keep license.Set
	if a.how == exact {
		// held members of a preferred family stay until the preferred kind
		// gets its unit (ASG-10, ASG-16)
		for _, ex := range cat.Exclusions() {
			if ex.Prefer != license.NoKind && want.Has(ex.Prefer) && !held.Has(ex.Prefer) {
				keep = keep.Union(held.Intersect(raw).Intersect(ex.Kinds))
			}
		}
		remove = held.Diff(want).Diff(keep)
	}
	add := want.Diff(held)
	var upgrade license.Set
	for k := range add.All() {
		for o := range cat.Conflicts(k, held.Diff(remove)).All() {
			switch {
			case cat.Upgrades(k, o):
				upgrade = upgrade.Add(o)
			case cat.Upgrades(o, k):
				add = add.Remove(k)
			default:
				add = add.Remove(k)
				a.short(id, k, Exclusive, o)
			}
		}
	}
	for _, d := range cat.Downgrades() {
		if remove.Has(d.From) && add.Has(d.To) {
			remove, add = remove.Remove(d.From), add.Remove(d.To)
			a.short(id, d.To, RefusedDowngrade, d.From)
		}
	}
	for k := range add.All() {
		if cat.Info(k).NeedsPlacement && (u.x == nil || u.x.placement.IsZero()) {
			add = add.Remove(k)
			a.short(id, k, NoPlacement, license.NoKind)
		}
	}
	a.retain(id, held.Diff(remove))
	for k := range remove.All() {
		a.removeOne(id, u, k, BecausePreserveOff)
	}
	if a.how == exact {
		a.moves = append(a.moves, pending{id: id, add: held.Diff(remove).Intersect(want)})
		if u.x != nil && !held.Diff(remove).IsEmpty() {
			a.p.resetSrc = append(a.p.resetSrc, id)
		}
	}
	if !add.IsEmpty() {
		a.pend = append(a.pend, pending{id: id, add: add, grant: raw, upgrade: upgrade})
	}
}

// pickExclusive keeps one member of each exclusive family without a
// preference: the held one, else the first in catalog order (ASG-4).
func (a *application) pickExclusive(id UserID, held, want license.Set) license.Set {
	for _, ex := range a.o.cat.Exclusions() {
		both := want.Intersect(ex.Kinds)
		if ex.Prefer != license.NoKind || both.Len() < 2 {
			continue
		}
		winner := both.Kinds()[0]
		if h := both.Intersect(held); !h.IsEmpty() {
			winner = h.Kinds()[0]
		}
		for k := range both.Remove(winner).All() {
			want = want.Remove(k)
			if !held.Has(k) {
				a.short(id, k, Exclusive, winner)
			}
		}
	}
	return want
}

func (a *application) removeOne(id UserID, u *user, k license.Kind, r Reason) {
	sub := a.sub(id, u, k)
	if sub != license.NoSub {
		a.led.Release(sub, k)
	}
	if a.o.cat.Info(k).NeedsPlacement {
		a.noAck = append(a.noAck, id)
	}
	a.change(id, k, Remove, sub, r)
}

// repin moves held licenses whose subscription no current template names
// to the oldest named subscription with a free unit (LIC-8, CAL-11). It
// runs after every removal of the application.
func (a *application) repin(id UserID, kept license.Set) {
	u := a.user(id)
	ts := a.current(id)
	for k := range kept.All() {
		cur := a.sub(id, u, k)
		if cur == license.NoSub {
			continue
		}
		subs := a.allowed(ts, k)
		if subs == nil || contains(subs, cur) {
			continue
		}
		to, ok := a.led.Oldest(k, func(s license.SubID) bool { return contains(subs, s) })
		if !ok {
			a.short(id, k, NoUnitAvailable, license.NoKind)
			continue
		}
		a.led.Take(to, k)
		a.led.Release(cur, k)
		c := Change{User: id, Kind: k, Op: Move, Sub: to, From: cur, Reason: BecausePin, Template: a.tmpl}
		a.p.Changes = append(a.p.Changes, c)
	}
}

// retain marks kept licenses whose template stops granting them (LIC-9).
func (a *application) retain(id UserID, kept license.Set) {
	for _, l := range a.lost {
		if !governedBy(a.o, id, l.t) {
			continue
		}
		for k := range kept.Intersect(l.kinds).All() {
			a.p.Changes = append(a.p.Changes, Change{User: id, Kind: k, Op: Retain, Sub: license.NoSub, From: license.NoSub, Reason: BecauseNoLongerGrant, Template: l.t})
		}
	}
}

// governedBy reports whether template t governed the user before the event.
func governedBy(o *Org, id UserID, t TemplateID) bool {
	if int(id) >= len(o.users) {
		return false
	}
	g := o.templates[t].group
	if g == NoGroup {
		return o.mode == OrgMode
	}
	for _, x := range o.users[id].groups {
		if x == g {
			return true
		}
	}
	return false
}

// grant allocates the queued grants of one user (ASG-19, LIC-8).
func (a *application) grant(pd *pending) {
	id := pd.id
	u := a.user(id)
	cat := a.o.cat
	ts := a.current(id)
	reason := a.reason
	start := len(a.p.Changes)
	var got license.Set
	for k := range pd.add.All() {
		if a.take(id, ts, k, reason) {
			got = got.Add(k)
			continue
		}
		a.short(id, k, NoUnitAvailable, license.NoKind)
		fb := cat.Fallback(k, pd.grant)
		if fb != license.NoKind && !u.held.Has(fb) && !got.Has(fb) && a.take(id, ts, fb, BecauseFallback) {
			got = got.Add(fb)
		}
	}
	// drop grants whose requirements are neither held nor granted
	final := u.held.Union(got)
	for changed := true; changed; {
		changed = false
		for i := start; i < len(a.p.Changes); i++ {
			c := &a.p.Changes[i]
			if c.Op != Grant || c.User != id {
				continue
			}
			if miss := cat.Needs(c.Kind).Diff(final); !miss.IsEmpty() {
				a.short(id, c.Kind, RequirementMissing, miss.Kinds()[0])
				if c.Sub != license.NoSub {
					a.led.Release(c.Sub, c.Kind)
				}
				final = final.Remove(c.Kind)
				c.Op = 0 // dropped below
				changed = true
			}
		}
	}
	keep := a.p.Changes[:start]
	for _, c := range a.p.Changes[start:] {
		if c.Op != 0 {
			keep = append(keep, c)
		}
	}
	a.p.Changes = keep
	for o := range pd.upgrade.All() {
		if !upgraders(cat, o, final).IsEmpty() {
			a.removeOne(id, u, o, BecauseUpgrade)
		}
	}
}

// upgraders returns the kinds of final that upgrade o.
func upgraders(cat *license.Catalog, o license.Kind, final license.Set) license.Set {
	var s license.Set
	for k := range final.All() {
		if cat.Upgrades(k, o) {
			s = s.Add(k)
		}
	}
	return s
}

// take grants k with a unit from an allowed subscription, if one is free.
func (a *application) take(id UserID, ts []TemplateID, k license.Kind, r Reason) bool {
	if !a.o.cat.Info(k).ConsumesUnit {
		a.change(id, k, Grant, license.NoSub, r)
		return true
	}
	subs := a.allowed(ts, k)
	var allow func(license.SubID) bool
	if subs != nil {
		allow = func(s license.SubID) bool { return contains(subs, s) }
	}
	s, ok := a.led.Oldest(k, allow)
	if !ok {
		return false
	}
	a.led.Take(s, k)
	a.change(id, k, Grant, s, r)
	return true
}

// drop removes, for a delete with preserve off, every license whose only
// source was the deleted template, keeping what a kept license requires
// (ASG-5).
func (a *application) drop(id UserID, u *user, ts []TemplateID) {
	cat := a.o.cat
	t := a.tmpl
	tg := a.cfg.tmpls[t].grant
	var other license.Set // kinds with a source besides t
	for _, x := range ts {
		if x != t {
			other = other.Union(a.cfg.tmpls[x].grant)
		}
	}
	if u.x != nil {
		other = other.Union(u.x.manual).Union(u.x.dflt).Union(u.x.created)
		for _, r := range u.x.retained {
			if r.t != t {
				other = other.Union(r.kinds)
			}
		}
	}
	held := u.held
	gone := held.Intersect(tg).Diff(other)
	for changed := true; changed; {
		changed = false
		kept := held.Diff(gone)
		for _, im := range cat.Implications() {
			// an implied license keeps its implied source while its implier stays
			if gone.Has(im.Implied) && kept.Has(im.By) {
				gone, changed = gone.Remove(im.Implied), true
			}
			if kept.Has(im.Implied) && !other.Has(im.Implied) && !kept.Has(im.By) && held.Intersect(tg).Has(im.Implied) {
				gone, changed = gone.Add(im.Implied), true
			}
		}
		for k := range kept.All() {
			if need := cat.Needs(k).Intersect(gone); !need.IsEmpty() {
				gone, changed = gone.Diff(need), true
			}
		}
	}
	a.retain(id, held.Diff(gone))
	for k := range gone.All() {
		a.removeOne(id, u, k, BecauseDelete)
	}
}
