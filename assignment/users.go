package assignment

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wxlicense/wxlicense/license"
)

// NewUser describes a user to add.
type NewUser struct {
	Email  string
	Status Status
	Synced bool     // added by directory sync (ASG-17)
	Groups []string // direct memberships, part of the same event (ASG-9)
	// Explicit marks a user created with licenses (ASG-9): they get exactly
	// Licenses plus what those imply, and no template applies at creation.
	// An empty list counts as given.
	Explicit  bool
	Licenses  []license.Kind
	Placement Placement // needed for Webex Calling (CAL-1, CAL-4)
	// WorkNumber is the user's work number (CAL-7): a synced user governed
	// by a Webex Calling template is placed by it (CAL-2).
	WorkNumber string
	SiteAdmin  []string // meeting sites the user administers (ASG-13)
	// Subscriptions names, for some of an explicit user's Licenses, the
	// subscription whose unit the user takes (LIC-8), as a license ID
	// names one; the other licenses take a unit as usual. Only an
	// explicit user may name any, and only for their Licenses; one kind
	// from two subscriptions is refused as 400413 (LIC-13).
	Subscriptions []Entry
}

// AddUsers adds users in order, as one event: each is governed by the org
// template or their groups' templates, or gets the free defaults (LIC-2),
// or exactly their explicit licenses (ASG-9); each gets one welcome e-mail
// unless the org suppresses it (LIC-12). An invalid user refuses the whole
// batch.
type AddUsers struct{ Users []NewUser }

// String describes the action, as Plan.Action shows it: "add users [a b]",
// or, for a batch of more than ten, the first ten e-mails and a count of
// the others, "add users [a b c d e f g h i j and 990 more]" (the plan's
// edits name every user).
func (a AddUsers) String() string {
	listed := a.Users[:min(len(a.Users), maxListed)]
	n := len("add users [] and  more") + 20
	for _, u := range listed {
		n += len(u.Email) + 1
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString("add users [")
	for i, u := range listed {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(u.Email)
	}
	if rest := len(a.Users) - len(listed); rest > 0 {
		var scratch [20]byte
		b.WriteString(" and ")
		b.Write(strconv.AppendInt(scratch[:0], int64(rest), 10))
		b.WriteString(" more")
	}
	b.WriteByte(']')
	return b.String()
}

// maxListed is how many e-mails AddUsers.String lists.
const maxListed = 10

func (a AddUsers) plan(o *Org) (*Plan, error) {
	p := &Plan{}
	app := o.newApplication(p, addOnly, BecauseCreation, NoTemplate)
	defer app.recycle() // the plan holds none of its memory
	app.learning, app.known = true, o.known
	base := UserID(o.users.len())
	app.newUsers = make([]user, 0, len(a.Users))
	emails := emailIndex{seed: o.byEmail.seed} // the batch's e-mails, by index in app.newUsers, hashed once
	emails.reserve(len(a.Users))
	sums := make([]uint64, 0, len(a.Users))
	inBatch := func(email string, h uint64) bool {
		_, ok := emails.getSum((*emailList)(&app.newEmails), email, h)
		return ok
	}
	probe := len(a.Users) / 32 // growFor sizes the changes for all from the first probe users'
	p.Changes = make([]Change, 0, 8*min(len(a.Users), probe+32))
	app.newWork = make([]string, 0, len(a.Users))
	groups, attrs := given(a.Users)
	batch := newBatch{arena: make(groupArena, 0, groups), attrs: make([]userAttrs, 0, attrs)}
	app.batch = &batch
	app.newEmails = make([]string, len(a.Users))
	sums = o.sumEmails(app.newEmails, sums[:len(a.Users)], a.Users)
	ahead := indexAhead{x: &o.byEmail, sums: sums} // the org's index, read sixteen users at a time
	for i := range a.Users {
		nu := &a.Users[i]
		if i == len(sums) { // sumEmails stopped at this user's e-mail
			_, err := ParseEmail(nu.Email)
			return nil, err
		}
		app.newUsers = app.newUsers[:i+1] // a zero record
		h := sums[i]
		if err := o.newUserSum(&app.newUsers[i], nu, app.newEmails[i], h, ahead.next(i), inBatch, &batch); err != nil {
			return nil, err
		}
		if err := app.checkPlacement(base+UserID(i), nu); err != nil {
			return nil, err
		}
		emails.addSum(UserID(i), h)
		app.newWork = append(app.newWork, nu.WorkNumber)
	}
	p.Edits = o.appendUserEdits(nil, base, app.newUsers, batch.arena)
	classAs := make([]uint32, len(a.Users))
	p.st.created = &creation{users: app.newUsers, emails: app.newEmails, groups: batch.arena, attrs: batch.attrs, work: app.newWork, sums: sums, classAs: classAs}
	if o.placer != nil {
		p.Calling = make([]CallingChange, 0, len(a.Users))
		app.placed = make([]bool, o.users.len()+len(a.Users))
	}
	app.prefetchNew(a.Users, base)
	var dflt license.Set // the free defaults (LIC-2) with what they imply, once for the batch
	dfltKnown := false
	app.plainGen++ // a new step's lastGen, 0, never matches
	for i, nu := range a.Users {
		if i == probe {
			p.Changes = growFor(p.Changes, i, len(a.Users))
		}
		id := base + UserID(i)
		u := &app.newUsers[i]
		start, di := len(p.Changes), noDecision
		switch ts := app.current(id); {
		case nu.Explicit:
			pins, pre, _ := o.userPins(&a.Users[i]) // newUser checked them
			if err := app.request(id, u, license.SetOf(nu.Licenses...), pins, Placement{}, true, BecauseExplicit, pre...); err != nil {
				return nil, err
			}
		case len(ts) == 0:
			if !dfltKnown {
				dflt, dfltKnown = o.rules.ImplyServices(o.cat.Matching(func(i license.Info) bool { return i.UserDefault })), true
			}
			for k := range dflt.All() {
				app.change(id, k, Grant, license.NoSub, BecauseDefault)
			}
		default:
			app.tmpl = ts[0]
			app.pend = app.pend[:0]
			di = app.decideBy(id, ts) // a new user is in no class: decided alone
			if n := app.grantPlain(app.pend); n < len(app.pend) {
				app.grant(app.pend[n])
				app.plainGen++ // grant may give units back
			}
			app.tmpl = NoTemplate
		}
		if !o.settings.SuppressEmails {
			app.change(id, license.NoKind, Welcome, license.NoSub, BecauseAdded)
		}
		if di != noDecision {
			app.shareClass(classAs, i, di, start)
		}
	}
	p.st.created.learned = app.learnedOf()
	return p, nil
}

// given counts the groups given to new users, duplicates included, and
// the users given attributes (newUserSum).
func given(nus []NewUser) (groups, attrs int) {
	for i := range nus {
		groups += len(nus[i].Groups)
		if !nus[i].Placement.IsZero() || len(nus[i].SiteAdmin) > 0 {
			attrs++
		}
	}
	return groups, attrs
}

// appendUserEdits appends to es the edits adding users from ID base on,
// each with the groups given at creation, e.g. `groups "sales", "emea"`:
// the texts are slices of one string, built once, so that the batch makes
// one allocation for them, and users given the same few groups in the
// same order share one text (runTexts).
func (o *Org) appendUserEdits(es []Edit, base UserID, us []user, groups groupArena) []Edit {
	at := len(es)
	if cap(es)-at < len(us) { // one allocation, under the race detector too
		es = append(make([]Edit, 0, at+len(us)), es...)
	}
	var sized runTexts // the lookups of the pass that writes, so that size counts what it writes
	size := 0
	for i := range us {
		gs := us[i].groupsIn(groups)
		if _, hit := sized.lookup(gs); hit {
			continue
		}
		for _, g := range gs {
			size += len("groups ") + len(o.groups[g].name) + len(`""`) // a prefix or a separator, and the quoted name
		}
	}
	var b strings.Builder // b.String() is what was written so far, and stays so as more is
	b.Grow(size)
	var texts runTexts
	var quoted [64]struct { // a group's quoted name in b, by ID mod 64: a batch names a few groups
		g int
		s string
	}
	var scratch [64]byte
	for i := range us {
		gs := us[i].groupsIn(groups)
		e, hit := texts.lookup(gs)
		var text string
		if hit {
			text = e.s
		} else {
			start := b.Len()
			for j, g := range gs {
				if j == 0 {
					b.WriteString("groups ")
				} else {
					b.WriteString(", ")
				}
				if q := &quoted[int(g)%len(quoted)]; q.s != "" && q.g == int(g) {
					b.WriteString(q.s)
				} else {
					from := b.Len()
					b.Write(strconv.AppendQuote(scratch[:0], o.groups[g].name))
					q.g, q.s = int(g), b.String()[from:]
				}
			}
			text = b.String()[start:]
			if e != nil {
				e.s = text
			}
		}
		es = append(es, Edit{Op: EditAddUser, User: base + UserID(i), Value: text})
	}
	return es
}

// runTexts holds texts of runs of one to three groups, by the run, in 256
// slots: the run's slot holds the run last looked up there.
type runTexts [256]runText

type runText struct {
	key uint64 // the run: its length in the top bits and 17 bits per ID; 0 for an empty slot
	s   string
}

// lookup returns the slot of run gs and whether it holds gs; a missed
// slot is set to gs with no text. A run of no group or of more than three
// has no slot (nil).
func (t *runTexts) lookup(gs []GroupID) (*runText, bool) {
	if len(gs) == 0 || len(gs) > 3 {
		return nil, false
	}
	k := uint64(len(gs)) << 60
	for i, g := range gs {
		k |= uint64(g) << (17 * i)
	}
	e := &t[(k*0x9e3779b97f4a7c15)>>56]
	if e.key == k {
		return e, true
	}
	e.key, e.s = k, ""
	return e, false
}

// grantSource is the source a grant gives k: implied for an implied kind
// (LIC-5), else s.
func (o *Org) grantSource(k license.Kind, s SourceKind) SourceKind {
	if o.cat.ImpliedKinds().Has(k) {
		return FromImplied
	}
	return s
}

// newUser validates a NewUser and makes *u, a zero record, the user to
// create, with no licenses yet (in place, field by field), and returns the
// sum of their e-mail in the org's index; taken reports whether an earlier
// user of the same batch has the e-mail of that sum. The user's groups are
// appended to the batch's arena, of which the record holds the run, and
// their attributes to the batch's. After an error, *u is no user to
// create. (The caller keeps the e-mail beside the record: Apply writes it
// into the table.)
func (o *Org) newUser(u *user, nu *NewUser, taken func(email string, h uint64) bool, batch *newBatch) (uint64, error) {
	email, err := ParseEmail(nu.Email)
	if err != nil {
		return 0, err
	}
	h := o.byEmail.sum(email)
	return h, o.newUserSum(u, nu, email, h, true, taken, batch)
}

// sumEmails parses the e-mails of nus into emails, and their sums in the
// org's index into sums, up to the first e-mail ParseEmail refuses, and
// returns the sums it took.
func (o *Org) sumEmails(emails []string, sums []uint64, nus []NewUser) []uint64 {
	for i := range nus {
		email, err := ParseEmail(nus[i].Email)
		if err != nil {
			return sums[:i]
		}
		emails[i], sums[i] = email, o.byEmail.sum(email)
	}
	return sums
}

// newUserSum is newUser of a user whose parsed e-mail is email, of sum h;
// known is false when the org's index holds no e-mail of that sum's home
// slot (indexAhead), so that no user of the org has it.
func (o *Org) newUserSum(u *user, nu *NewUser, email string, h uint64, known bool, taken func(email string, h uint64) bool, batch *newBatch) error {
	u.units, u.status = emptyUnits(), nu.Status
	switch dup := known && o.byEmail.has(&o.users, email, h); {
	case dup || taken(email, h):
		return bad("e-mail", nu.Email, ErrDuplicateEmail)
	case nu.Status > UnverifiedDomain:
		return bad("status", fmt.Sprint(int(nu.Status)), ErrInvalidValue)
	}
	if err := nu.Placement.Validate(); err != nil {
		return err
	}
	arena := &batch.arena
	start := len(*arena)
	for _, name := range nu.Groups {
		g, err := batch.lookup(o, name)
		if err != nil {
			return err
		}
		if !slices.Contains((*arena)[start:], g) {
			*arena = append(*arena, g)
		}
	}
	u.groupOff, u.groupN = uint32(start), uint16(len(*arena)-start)
	for _, k := range nu.Licenses {
		if err := o.kind(k); err != nil {
			return err
		}
	}
	var sites []string // as the catalog spells them, once each: a catalog has a few
	for _, s := range nu.SiteAdmin {
		site, ok := o.cat.Site(s)
		if !ok {
			return bad("site", s, ErrUnknownSite)
		}
		if !slices.Contains(sites, site) {
			sites = append(sites, site)
		}
	}
	if _, _, err := o.userPins(nu); err != nil {
		return err
	}
	if nu.Synced {
		u.flags |= flagSynced
		if o.settings.SSO && o.settings.SuppressEmails {
			u.status = Active // ASG-18: SSO with e-mails suppressed before the sync
		}
	}
	if !nu.Placement.IsZero() || len(nu.SiteAdmin) > 0 {
		u.attrs = batch.newAttrs(&o.users, userAttrs{placement: nu.Placement, siteAdmin: sites})
	}
	return nil
}

// userPins returns the subscriptions an explicit new user names for their
// licenses (NewUser.Subscriptions), or an error naming the bad one. One
// kind from two subscriptions is a violation of the request (400413,
// LIC-13); one named twice is one pin.
func (o *Org) userPins(nu *NewUser) ([]pin, []license.Violation, error) {
	if len(nu.Subscriptions) == 0 {
		return nil, nil, nil
	}
	if !nu.Explicit {
		return nil, nil, bad("e-mail", nu.Email, fmt.Errorf("%w: only a user created with licenses names their subscriptions", ErrInvalidValue))
	}
	var pins []pin // one per kind: a few
	var pre []license.Violation
	var twice license.Set // kinds reported from two subscriptions, once each
	given := license.SetOf(nu.Licenses...)
	for _, e := range nu.Subscriptions {
		s, ok := o.ledger.Lookup(e.Subscription)
		switch {
		case !ok:
			return nil, nil, bad("subscription", e.Subscription, ErrUnknownSubscription)
		case !given.Has(e.Kind):
			return nil, nil, bad("subscription", e.Subscription, fmt.Errorf("%w: %s is none of the user's licenses", ErrInvalidValue, o.cat.Name(e.Kind)))
		case pinOf(pins, e.Kind) == s:
		case pinOf(pins, e.Kind) == license.NoSub:
			pins = append(pins, pin{e.Kind, s})
		case !twice.Has(e.Kind):
			twice = twice.Add(e.Kind)
			pre = append(pre, o.cat.TwoSubscriptions(e.Kind))
		}
	}
	return pins, pre, nil
}

// request validates and plans one user-level request (LIC-7): result is
// the requested set, normalized as a raw set request (LIC-5 (ii)) when raw
// is set and as a services edit (LIC-5 (i)) otherwise; pins name the
// subscription of a kind, moving a held license there (CAL-11) or taking
// a new one from it only (LIC-8). It is all or nothing, a missing unit
// included.
func (a *application) request(id UserID, u *user, result license.Set, pins []pin, pl Placement, raw bool, r Reason, pre ...license.Violation) error {
	cat := a.o.cat
	held := u.held
	if raw {
		result = a.o.rules.ImplyRaw(held, result)
	} else {
		result = a.o.rules.ImplyServices(result)
	}
	vs := append(pre, cat.Check(held, result)...)
	add := result.Diff(held)
	if a.o.placer == nil || pl.IsZero() && r == BecauseExplicit {
		// Without a placer nothing would record a request's placement, so
		// only the creation placement counts (CAL-1, INV-4); with one, the
		// admin's placement serves the creation only (CAL-4, CAL-9).
		pl = a.attrs(u).place()
	}
	calling := add.Intersect(a.o.rules.placement)
	if !calling.IsEmpty() && pl.IsZero() && !a.callingAt(id) {
		for k := range calling.All() {
			vs = append(vs, license.Violation{Code: license.CodeNeedsPlacement, Kinds: []license.Kind{k}, Text: cat.Name(k) + " needs a location and a number or extension"})
		}
		calling = license.Set{}
	}
	vs = append(vs, a.o.attendeeViolations(a.attrs(u), add)...)
	mark, noMark := len(a.p.Changes), len(a.noAck)
	calls, smark := len(a.p.Calling), 0
	if s := a.session(); s != nil {
		smark = s.Mark()
	}
	for k := range held.Diff(result).All() {
		a.removeOne(id, u, k, r)
	}
	for _, pn := range pins {
		if cur := a.sub(id, u, pn.kind); result.Has(pn.kind) && held.Has(pn.kind) && cur != pn.sub && cur != license.NoSub {
			if !a.led.Take(pn.sub, pn.kind) {
				vs = append(vs, noUnit(cat, pn.kind))
				continue
			}
			a.led.Release(cur, pn.kind)
			a.p.Changes = append(a.p.Changes, Change{User: id, Kind: pn.kind, Op: Move, Sub: pn.sub, From: cur, Reason: r, Template: NoTemplate})
		}
	}
	for k := range add.All() {
		if calling.Has(k) {
			if v, ok := a.placeRequest(id, k, pl); !ok {
				vs = append(vs, v)
				continue
			}
		}
		if !a.takePinned(id, k, pinOf(pins, k), r) {
			vs = append(vs, noUnit(cat, k))
		}
	}
	if len(vs) == 0 {
		return nil
	}
	a.undo(mark, noMark)
	if s := a.session(); s != nil {
		s.Rollback(smark)
		a.truncateCalling(calls)
	}
	license.SortViolations(vs)
	return &UserError{User: a.emailOf(id), Err: &license.SetError{Violations: vs}}
}

// undo drops the changes planned since mark, giving back their units.
func (a *application) undo(mark, noMark int) {
	for _, c := range a.p.Changes[mark:] {
		switch {
		case c.Op == Grant && c.Sub != license.NoSub:
			a.led.Release(c.Sub, c.Kind)
		case c.Op == Remove && c.Sub != license.NoSub:
			a.led.Take(c.Sub, c.Kind)
		case c.Op == Move:
			a.led.Release(c.Sub, c.Kind)
			a.led.Take(c.From, c.Kind)
		}
	}
	a.p.Changes = a.p.Changes[:mark]
	a.noAck = a.noAck[:noMark]
}

func noUnit(cat *license.Catalog, k license.Kind) license.Violation {
	return license.Violation{Code: license.CodeNoUnit, Kinds: []license.Kind{k}, Text: "no unit of " + cat.Name(k)}
}

func pinOf(pins []pin, k license.Kind) license.SubID {
	for _, p := range pins {
		if p.kind == k {
			return p.sub
		}
	}
	return license.NoSub
}

// takePinned grants k from sub, or from the oldest subscription with a
// free unit when sub is NoSub (LIC-8).
func (a *application) takePinned(id UserID, k license.Kind, sub license.SubID, r Reason) bool {
	if sub == license.NoSub || !a.o.cat.Info(k).ConsumesUnit {
		return a.take(id, nil, k, r)
	}
	if !a.led.Take(sub, k) {
		return false
	}
	a.change(id, k, Grant, sub, r)
	return true
}

// UpdateLicenses replaces a user's whole license set (LIC-7), as the API's
// full-set update: a raw set request. Dropping Webex Calling needs Ack.
type UpdateLicenses struct {
	User     string
	Licenses []license.Kind
	Ack      bool
	// Placement places the user when the update adds Webex Calling to a
	// user without it: the API's license properties locationId,
	// phoneNumber and extension (CAL-1, CAL-4).
	Placement Placement
}

// String describes the action, as Plan.Action shows it.
func (a UpdateLicenses) String() string { return "update licenses of " + a.User }

func (a UpdateLicenses) plan(o *Org) (*Plan, error) {
	return o.userRequest(a.User, true, a.Licenses, nil, a.Placement, true, a.Ack)
}

// LicenseOp is one operation of [ModifyLicenses]: a kind, or a license ID
// (LIC-6) that names the kind and its subscription.
type LicenseOp struct {
	Kind   license.Kind
	ID     string // when set, it names the license instead of Kind
	Remove bool   // add is the default
	// Placement is the license's properties locationId, phoneNumber and
	// extension, for adding Webex Calling (CAL-1) with a [Placer]; without
	// one only the user's creation placement counts.
	Placement Placement
}

// ModifyLicenses applies per-license operations (LIC-7), validated on the
// resulting set as a raw set request.
type ModifyLicenses struct {
	User string
	Ops  []LicenseOp
	Ack  bool
}

// String describes the action, as Plan.Action shows it.
func (a ModifyLicenses) String() string { return "modify licenses of " + a.User }

func (a ModifyLicenses) plan(o *Org) (*Plan, error) {
	var pl Placement
	for _, op := range a.Ops {
		if !op.Remove && !op.Placement.IsZero() {
			pl = op.Placement
		}
	}
	return o.userRequest(a.User, false, nil, a.Ops, pl, true, a.Ack)
}

// EditServices is a single user's services edit in the admin UI (LIC-5
// (i)): implied licenses follow Basic Messaging.
type EditServices struct {
	User      string
	Licenses  []license.Kind
	Ack       bool
	Placement Placement // where the user is placed when Webex Calling is added (CAL-4)
}

// String describes the action, as Plan.Action shows it.
func (a EditServices) String() string { return "edit services of " + a.User }

func (a EditServices) plan(o *Org) (*Plan, error) {
	return o.userRequest(a.User, true, a.Licenses, nil, a.Placement, false, a.Ack)
}

// userRequest plans a user-level request: a full set replacing the held
// one (full), or per-license operations on the held set.
func (o *Org) userRequest(email string, full bool, set []license.Kind, ops []LicenseOp, pl Placement, raw, ack bool) (*Plan, error) {
	id, err := o.findUser(email)
	if errors.Is(err, ErrInvalidEmail) {
		return nil, err
	}
	if err != nil { // LIC-13: 206, every license pending
		return nil, o.outside(email, set, ops)
	}
	u := o.users.at(id)
	result := u.held
	if full {
		result = license.Set{}
	}
	for _, k := range set {
		if err := o.kind(k); err != nil {
			return nil, err
		}
		result = result.Add(k)
	}
	var pins []pin
	var pre []license.Violation
	moved := o.movedKinds(ops)
	for _, op := range ops {
		if op.ID != "" {
			k, sub, err := o.ResolveLicenseID(op.ID)
			if err != nil {
				return nil, err
			}
			op.Kind = k
			s, named := o.ledger.Lookup(sub)
			switch {
			case op.Remove && named && o.subOf(id, u, k) != s:
				continue // that license (kind on that subscription) is not held
			case op.Remove && moved.Has(k):
				continue // removed here, added on another subscription: a move (CAL-11)
			case !op.Remove && named && pinOf(pins, k) != license.NoSub && pinOf(pins, k) != s:
				pre = append(pre, o.cat.TwoSubscriptions(k))
			case !op.Remove && named && pinOf(pins, k) == s: // the same license named again: one move at most
			case !op.Remove && named:
				pins = append(pins, pin{k, s})
			}
		}
		if err := o.kind(op.Kind); err != nil {
			return nil, err
		}
		if op.Remove {
			result = result.Remove(op.Kind)
		} else {
			result = result.Add(op.Kind)
		}
	}
	p := &Plan{}
	app := o.newApplication(p, exact, BecauseManual, NoTemplate)
	defer app.recycle() // the plan holds none of its memory
	if err := pl.Validate(); err != nil {
		return nil, err
	}
	if err := app.request(id, u, result, pins, pl, raw, BecauseManual, pre...); err != nil {
		return nil, err
	}
	return app.finish(ack)
}

// outside answers a user-level request for a user not in the org (LIC-13):
// an [*OutsideOrgError] listing every license the request adds, each named
// by its kind or, for an operation by license ID, by the kind its ID names;
// or the error of an unknown kind or a bad license ID.
func (o *Org) outside(email string, set []license.Kind, ops []LicenseOp) error {
	pending := slices.Clone(set)
	for _, op := range ops {
		if op.Remove {
			continue
		}
		if op.ID != "" {
			k, _, err := o.ResolveLicenseID(op.ID)
			if err != nil {
				return err
			}
			op.Kind = k
		}
		pending = append(pending, op.Kind)
	}
	for _, k := range pending {
		if err := o.kind(k); err != nil {
			return err
		}
	}
	return &OutsideOrgError{User: email, Pending: pending}
}

// restore adds LIC-10 restorations: messaging licenses granted back while
// the user's messages and files are still kept. It counts them first so
// that a large plan grows once.
func (a *application) restore() {
	if a.o.rules.msg.IsEmpty() || len(a.o.kept.pages) == 0 {
		return
	}
	n := 0
	for _, c := range a.p.Changes {
		if a.restores(c) {
			n++
		}
	}
	if n == 0 {
		return
	}
	changes := slices.Grow(a.p.Changes, n)
	for _, c := range a.p.Changes {
		if a.restores(c) {
			changes = append(changes, Change{User: c.User, Kind: c.Kind, Op: Restore, Sub: license.NoSub, From: license.NoSub, Reason: c.Reason, Template: c.Template})
		}
	}
	a.p.Changes = changes
}

// restores reports whether c grants a messaging license whose user's
// messages and files are still kept (LIC-10).
func (a *application) restores(c Change) bool {
	if c.Op != Grant || int(c.User) >= a.o.users.len() {
		return false
	}
	d := a.o.kept.get(c.User)
	return d.kinds.Has(c.Kind) && (a.o.settings.Retention == 0 || a.o.now.Unix()-d.at <= int64(a.o.settings.Retention/time.Second))
}

// placeRequest places a user for a user-level request granting the Webex
// Calling license k at pl (CAL-1, CAL-4), with a placer; without one the
// user's creation placement is enough (userRequest drops the request's). It
// returns the violation when it cannot.
func (a *application) placeRequest(id UserID, k license.Kind, pl Placement) (license.Violation, bool) {
	s := a.session()
	if s == nil || a.callingAt(id) {
		return license.Violation{}, true
	}
	got, reason, err := s.Place(id, pl, "", false)
	if err != nil {
		code := license.CodeNeedsPlacement
		var ce interface{ APICode() int }
		if errors.As(err, &ce) && ce.APICode() == int(license.CodeUnknownLocation) {
			code = license.CodeUnknownLocation
		}
		a.p.Calling = append(a.p.Calling, CallingChange{User: id, Kind: k, Op: NotPlaced, Reason: reason, Err: err})
		return license.Violation{Code: code, Kinds: []license.Kind{k}, Text: err.Error(), Err: err}, false
	}
	a.callingChange(CallingChange{User: id, Kind: k, Op: Placed, Placement: got})
	return license.Violation{}, true
}

// checkPlacement validates a new user's work number, and the placement
// given at creation with the placer (CAL-4: a bad placement refuses the
// whole add).
func (a *application) checkPlacement(id UserID, nu *NewUser) error {
	if err := CheckWorkNumber(nu.WorkNumber); err != nil {
		return err
	}
	if s := a.session(); s != nil && !nu.Placement.IsZero() {
		if err := s.Check(id, nu.Placement); err != nil {
			return &UserError{User: nu.Email, Err: err}
		}
	}
	return nil
}

// DeleteUser deletes a user from the org (directory sync removing them, or
// an admin deleting the person, BW-18): every license is removed, its unit
// returning to its subscription, Webex Calling data is destroyed without
// acknowledgement (INV-7), and the user leaves every group. The e-mail may
// be used again by a new user; the deleted user keeps its ID, with nothing.
type DeleteUser struct{ User string }

// String describes the action, as Plan.Action shows it.
func (a DeleteUser) String() string { return "delete user " + a.User }

func (a DeleteUser) plan(o *Org) (*Plan, error) {
	id, err := o.user(a.User)
	if err != nil {
		return nil, err
	}
	u := o.users.at(id)
	p := &Plan{}
	for _, g := range o.users.groupsOf(u) { // the whole change: the groups left too
		p.Edits = append(p.Edits, Edit{Op: EditLeave, User: id, Name: o.groups[g].name})
	}
	p.Edits = append(p.Edits, Edit{Op: EditDeleteUser, User: id})
	p.st.deleted = []UserID{id}
	app := o.newApplication(p, exact, BecauseUserDeleted, NoTemplate)
	defer app.recycle() // the plan holds none of its memory
	for k := range u.held.All() {
		app.removeOne(id, u, k, BecauseUserDeleted)
	}
	return app.finish(true)
}

// deleteUser takes a deleted user out of the e-mail index and its groups.
func (o *Org) deleteUser(id UserID) {
	u := o.users.at(id)
	o.byEmail.remove(&o.users, id)
	for _, g := range o.users.groupsOf(u) {
		o.groups[g].members.remove(id)
	}
	o.users.setGroups(u, nil)
	u.flags |= flagDeleted
	o.reclass(id)
	o.setWork(id, "")
}

// movedKinds returns the kinds that ops remove on one subscription and add
// on another, each by its license ID: one request moving them (CAL-11), in
// whatever order the operations come.
func (o *Org) movedKinds(ops []LicenseOp) license.Set {
	type named struct {
		k   license.Kind
		sub string
	}
	var adds, removes []named
	for _, op := range ops {
		if op.ID == "" {
			continue
		}
		k, sub, err := o.ResolveLicenseID(op.ID)
		if err != nil || sub == "" {
			continue // reported when the operation is resolved; no subscription, no move
		}
		if op.Remove {
			removes = append(removes, named{k, sub})
		} else {
			adds = append(adds, named{k, sub})
		}
	}
	var moved license.Set
	for _, r := range removes {
		for _, a := range adds {
			if a.k == r.k && a.sub != r.sub {
				moved = moved.Add(r.k)
			}
		}
	}
	return moved
}
