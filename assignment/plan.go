package assignment

import (
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"

	"github.com/wxlicense/wxlicense/license"
)

// Op is what a [Change] does to one license of one user.
type Op uint8

// The change operations. A plan has at most one of Grant, Remove and Move
// per user and license; Retain, AddSource and DropSource change only the
// sources of a license the user keeps; Restore accompanies a Grant.
const (
	Grant      Op = iota + 1 // the user gains the license, with source Source
	Remove                   // the user loses the license and all its sources; its unit returns
	Move                     // the license's unit moves to another subscription, data kept
	Retain                   // the license is kept though Template no longer grants it: Template becomes a retained source
	Activate                 // a pending license becomes active (ASG-18)
	Welcome                  // the welcome e-mail is sent (LIC-12); Kind is NoKind
	Restore                  // messages and files return with the license (LIC-10)
	AddSource                // a held license gains Template as a current source (LIC-9)
	DropSource               // a held license loses the stored source Source (manual, default, or Template as retained)
)

var opNames = [...]string{"", "grant", "remove", "move", "retain", "activate", "welcome", "restore", "add source", "drop source"}

// String returns the operation's name: "grant", "remove", ...
func (op Op) String() string {
	if int(op) < len(opNames) && op != 0 {
		return opNames[op]
	}
	return fmt.Sprintf("Op(%d)", op)
}

// Reason is why a change happens: the rule and the event behind it.
type Reason uint8

// The reasons. Each names the rule it follows.
const (
	BecauseTemplate      Reason = iota + 1 // a template applies (ASG-3, ASG-4)
	BecauseJoin                            // the user joined a group (ASG-2)
	BecauseCreation                        // the user was added (ASG-2, LIC-2)
	BecauseDefault                         // the free defaults of an ungoverned new user (LIC-2)
	BecauseExplicit                        // licenses given at creation (ASG-9)
	BecauseManual                          // a user-level request (LIC-7)
	BecausePreserveOff                     // preserve off: not in the resolved grant (ASG-4)
	BecauseDelete                          // a template delete with preserve off (ASG-5)
	BecauseGroupChange                     // a membership change with the setting off (ASG-8)
	BecauseUpgrade                         // host over attendee, Premium over Standard (ASG-10, ASG-16)
	BecauseFallback                        // no unit for the preferred kind (ASG-10, ASG-16)
	BecausePin                             // a template names another subscription (LIC-8)
	BecauseNoLongerGrant                   // the template no longer grants it; kept (LIC-9)
	BecauseSignIn                          // first sign-in (ASG-18)
	BecauseImplied                         // implied by another license (LIC-5)
	BecauseCSV                             // a CSV row (ASG-20)
	BecauseAdded                           // a user was added to the org (LIC-12)
	BecauseExactGrant                      // set to the resolved grant: only current templates stay sources (LIC-9)
	BecauseCancelled                       // its subscription was cancelled or expired (CAL-10)
	BecauseUserDeleted                     // the user is deleted (INV-7)
	BecauseRequired                        // a license it requires or its implier is removed (INV-1)
)

var reasonText = [...]string{"",
	"ASG-3 template applied", "ASG-2 joined group", "ASG-2 template applies to new user",
	"LIC-2 free default", "ASG-9 given at creation", "LIC-7 user-level request",
	"ASG-4 preserve off: no current template grants it", "ASG-5 template deleted with preserve off",
	"ASG-8 group change with preserve off", "ASG-10/ASG-16 upgrade", "ASG-10/ASG-16 fallback",
	"LIC-8 template names another subscription", "LIC-9 template no longer grants it; kept as retained",
	"ASG-18 first sign-in", "LIC-5 implied", "ASG-20 CSV row", "LIC-12 first added to the org",
	"LIC-9 set to the resolved grant: only current templates stay sources",
	"CAL-10 subscription cancelled", "user deleted", "INV-1 a license it requires is removed",
}

// String returns the rule and a short explanation, e.g. "ASG-3 template applied".
func (r Reason) String() string {
	if int(r) < len(reasonText) && r != 0 {
		return reasonText[r]
	}
	return fmt.Sprintf("Reason(%d)", r)
}

// Change is one explained change to one user's licenses. It is compact;
// [Plan.Describe] renders it with names.
type Change struct {
	User     UserID
	Kind     license.Kind
	Op       Op
	Sub      license.SubID // the subscription granted from, released to or moved to
	From     license.SubID // for Move: the old subscription
	Reason   Reason
	Template TemplateID // the template behind the change, or NoTemplate
	// Source is, for Grant, the source the license gets (a current
	// template, manual, default or implied) and, for DropSource, the stored
	// source it loses (manual, default, or Template as retained).
	Source SourceKind
}

// ShortfallReason is why a granted license was not given.
type ShortfallReason uint8

// The shortfall reasons (ASG-19, ASG-4, ASG-13, CAL-4).
const (
	NoUnitAvailable    ShortfallReason = iota + 1 // no subscription has a free unit (ASG-19)
	Exclusive                                     // exclusive with a held or granted license (ASG-4, LIC-1)
	RequirementMissing                            // a requirement is neither held nor granted (ASG-19)
	NoPlacement                                   // Webex Calling without a placement (CAL-4)
	AttendeeSiteAdmin                             // site admins cannot get the attendee role (ASG-13)
	RefusedDowngrade                              // the result would be a refused downgrade (LIC-1)
	SubscriptionKept                              // preserve on: a held license stays on a subscription the template does not name (LIC-8)
)

var shortfallText = [...]string{"", "NoUnitAvailable", "Exclusive", "RequirementMissing", "NoPlacement", "AttendeeSiteAdmin", "RefusedDowngrade", "SubscriptionKept"}

// String returns the reason's name, e.g. "NoUnitAvailable".
func (r ShortfallReason) String() string {
	if int(r) < len(shortfallText) && r != 0 {
		return shortfallText[r]
	}
	return fmt.Sprintf("ShortfallReason(%d)", r)
}

// Shortfall is a license a user's templates grant that the user did not get
// as granted — not at all, or (SubscriptionKept) not on the subscription the
// templates name. Shortfalls are reported, never stored (ASG-19).
type Shortfall struct {
	User   UserID
	Kind   license.Kind
	Reason ShortfallReason
	Other  license.Kind // the clashing or missing license, or NoKind
}

// Plan is the computed effect of one action: everything applying it
// changes — Changes to users' licenses and their sources, Edits to the
// org's structure — and what could not be done. Applying a plan produces
// exactly its changes and edits. A plan renders without the org
// ([Plan.Lines]); its names are resolved when it is made.
type Plan struct {
	Action     string
	Changes    []Change
	Edits      []Edit
	Shortfalls []Shortfall
	// RowErrors are the rejected rows of a CSV import (ASG-20).
	RowErrors []RowError
	// AtRisk lists users holding Webex Calling who may lose it on a later
	// change, when switching the group-change setting off (ASG-8, CAL-9).
	AtRisk []UserID
	// Calling lists, with a [Placer], who is placed in Webex Calling and
	// where, who could not be and why, and whose calling data is destroyed
	// (CAL-2 .. CAL-9).
	Calling []CallingChange

	version uint64
	org     *token
	st      structure
	sum     uint64 // the changes' checksum as planned; Apply refuses a plan whose Changes differ
	edits   []Edit
	names   names
	sess    PlacerSession // the placer's answers, committed by Apply
	destroy []UserID      // users whose calling data Apply destroys (CAL-9)
}

// names resolves a plan's IDs to names without the org.
type names struct {
	cat       *license.Catalog
	users     userView // the org's users when planned; e-mails never change
	newEmails []string // the e-mails of the users the action creates
	templates []string
	subs      []string
}

func (n *names) user(id UserID) string {
	if int(id) < n.users.len() {
		return n.users.emailOf(id)
	}
	if i := int(id) - n.users.len(); i >= 0 && i < len(n.newEmails) {
		return n.newEmails[i]
	}
	return fmt.Sprintf("user#%d", id)
}

func (n *names) kind(k license.Kind) string {
	if n.cat == nil || !n.cat.Valid(k) {
		return k.String()
	}
	return n.cat.Name(k)
}

func (n *names) sub(s license.SubID) string {
	if int(s) < len(n.subs) {
		return n.subs[s]
	}
	return fmt.Sprintf("subscription#%d", s)
}

func (n *names) template(t TemplateID) string {
	if int(t) < len(n.templates) {
		return n.templates[t]
	}
	return fmt.Sprintf("template#%d", t)
}

// UserName returns the e-mail of a user the plan names, as it was when
// the plan was made (users the action creates included).
func (p *Plan) UserName(id UserID) string {
	if p == nil {
		return ""
	}
	return p.names.user(id)
}

// TemplateName returns the name of a template the plan names.
func (p *Plan) TemplateName(t TemplateID) string {
	if p == nil || t == NoTemplate {
		return ""
	}
	return p.names.template(t)
}

// SubscriptionName returns the ID of a subscription the plan names.
func (p *Plan) SubscriptionName(s license.SubID) string {
	if p == nil || s == license.NoSub {
		return ""
	}
	return p.names.sub(s)
}

// Empty reports whether the plan changes nothing: no license, no source
// and no structure.
func (p *Plan) Empty() bool { return p == nil || len(p.Changes) == 0 && len(p.Edits) == 0 }

// Describe renders a change with names, e.g.
// `ann@example.com: grant Advanced Messaging from "sub-a" (ASG-3 template applied; template "org")`.
func (p *Plan) Describe(c Change) string {
	if p == nil {
		return ""
	}
	n := &p.names
	var b strings.Builder
	b.WriteString(n.user(c.User))
	b.WriteString(": ")
	b.WriteString(c.Op.String())
	if c.Kind != license.NoKind {
		b.WriteByte(' ')
		b.WriteString(n.kind(c.Kind))
	}
	switch {
	case c.Op == Move:
		fmt.Fprintf(&b, " from %q to %q", n.sub(c.From), n.sub(c.Sub))
	case c.Op == Grant && c.Sub != license.NoSub:
		fmt.Fprintf(&b, " from %q", n.sub(c.Sub))
	case c.Op == Remove && c.Sub != license.NoSub:
		fmt.Fprintf(&b, " (unit back to %q)", n.sub(c.Sub))
	case c.Op == DropSource && c.Source == FromRetained:
		fmt.Fprintf(&b, " [retained template %q]", n.template(c.Template))
	}
	switch {
	case c.Op == DropSource && c.Source == FromRetained:
	case c.Op == DropSource || c.Op == Grant && c.Source != reasonSource(c.Reason):
		b.WriteString(" [" + c.Source.String() + "]")
	}
	fmt.Fprintf(&b, " (%s", c.Reason)
	if c.Template != NoTemplate && !(c.Op == DropSource && c.Source == FromRetained) {
		fmt.Fprintf(&b, "; template %q", n.template(c.Template))
	}
	b.WriteByte(')')
	return b.String()
}

// DescribeShortfall renders a shortfall with names, e.g.
// "ann@example.com: not granted Advanced Messaging: NoUnitAvailable".
func (p *Plan) DescribeShortfall(s Shortfall) string {
	if p == nil {
		return ""
	}
	n := &p.names
	verb := "not granted"
	if s.Reason == SubscriptionKept {
		verb = "kept on its subscription"
	}
	out := fmt.Sprintf("%s: %s %s: %s", n.user(s.User), verb, n.kind(s.Kind), s.Reason)
	if s.Other != license.NoKind {
		out += " (" + n.kind(s.Other) + ")"
	}
	return out
}

// Lines renders the whole plan: one line per edit, change, shortfall, row
// error and user at risk, in that order. A nil plan has none.
func (p *Plan) Lines() []string {
	if p == nil {
		return nil
	}
	out := make([]string, 0, len(p.Edits)+len(p.Changes)+len(p.Shortfalls)+len(p.RowErrors)+len(p.AtRisk))
	for _, e := range p.Edits {
		if e.User != NoUser {
			out = append(out, p.names.user(e.User)+": "+e.String())
		} else {
			out = append(out, e.String())
		}
	}
	for _, c := range p.Changes {
		out = append(out, p.Describe(c))
	}
	for _, s := range p.Shortfalls {
		out = append(out, "shortfall "+p.DescribeShortfall(s))
	}
	for _, r := range p.RowErrors {
		out = append(out, r.Error())
	}
	for _, u := range p.AtRisk {
		out = append(out, "at risk "+p.names.user(u)+": holds Webex Calling (CAL-9)")
	}
	for _, c := range p.Calling {
		out = append(out, p.describeCalling(c))
	}
	return out
}

// describeCalling renders a calling change, e.g.
// `ann@x.com: place Webex Calling Professional at {location "WAW", number "+48221000001"}`.
func (p *Plan) describeCalling(c CallingChange) string {
	s := p.names.user(c.User) + ": " + c.Op.String()
	if c.Kind != license.NoKind {
		s += " " + p.names.kind(c.Kind)
	}
	switch c.Op {
	case Placed:
		s += " at " + c.Placement.String()
	case NotPlaced:
		s += ": " + c.Reason
		if c.Err != nil {
			s += " (" + c.Err.Error() + ")"
		}
	case Destroyed:
		s += ": " + c.Reason + " (CAL-9)"
	}
	return s
}

// ErrEditedPlan is returned by Apply for a plan whose Changes or Edits the
// caller modified, reordered or truncated.
var ErrEditedPlan = errors.New("assignment: plan was modified after it was made")

// Apply applies a plan made on this org at its current version. It refuses
// a stale plan, or one made on another org or clone (ErrStalePlan), and a
// plan whose Changes or Edits were modified (ErrEditedPlan), and then
// changes nothing.
func (o *Org) Apply(p *Plan) error {
	if err := o.usable(); err != nil {
		return err
	}
	switch {
	case p == nil:
		return fmt.Errorf("%w: nil plan", ErrStalePlan)
	case p.org != o.self:
		return fmt.Errorf("%w: planned on another org", ErrStalePlan)
	case p.version != o.version:
		return fmt.Errorf("%w: planned at version %d, org is at %d", ErrStalePlan, p.version, o.version)
	case changesSum(p.Changes) != p.sum || !slices.Equal(p.Edits, p.edits):
		return ErrEditedPlan
	}
	return o.apply(p)
}

// apply applies a plan made on this org at its current version, and not
// edited since.
func (o *Org) apply(p *Plan) error {
	if p.sess != nil {
		if err := p.sess.Valid(); err != nil {
			return fmt.Errorf("%w: %w", ErrStalePlan, err)
		}
	}
	base := UserID(o.users.len())
	var buf [maxRuns]int
	if runs, frees := o.byUserRuns(p, buf[:0]); runs != nil {
		o.applyByUser(p, runs, frees)
	} else {
		view := o.appBefore(p) // LIC-11: the app views follow (appview.go)
		p.st.apply(o)
		o.applyChanges(p)
		o.appAfter(view) // also reclasses every changed user (classes.go): it visits each
	}
	o.classAdded(base)
	if p.sess != nil {
		p.sess.Commit(p.destroy)
	}
	o.version++
	return nil
}

func (o *Org) applyChanges(p *Plan) {
	var users userCursor
	for _, c := range p.Changes {
		o.applyUnits(c)
		o.applyRecordTo(users.at(&o.users, c.User), c)
	}
	o.slab = slab{}
}

// maxRuns is the most runs of changes in user order that applyByUser
// takes: a template event makes three (decisions, moves, grants).
const maxRuns = 8

// byUserRuns returns the runs of p's changes in user order when Apply
// takes p in one pass over the users (applyByUser), else nil, and whether
// a change frees a unit. That pass wins for a few changes and for changes
// dense in the users; over many users spread thin, separate simple passes
// let the memory system fetch their records in parallel.
func (o *Org) byUserRuns(p *Plan, buf []int) (runs []int, frees bool) {
	if n := len(p.Changes); o.threePasses || !p.st.keepsUsers() || n > 64 && n < o.users.len()/4 {
		return nil, false
	}
	return userRuns(p.Changes, buf)
}

// userRuns appends to runs where the runs of changes in user order start,
// and returns nil when there are more than maxRuns; frees reports whether
// a change releases a unit (a removal from a subscription, or a move).
func userRuns(changes []Change, runs []int) (_ []int, frees bool) {
	runs = append(runs, 0)
	for i, c := range changes {
		frees = frees || c.Op == Remove && c.Sub != license.NoSub || c.Op == Move
		if i > 0 && c.User < changes[i-1].User {
			if len(runs) == maxRuns {
				return nil, false
			}
			runs = append(runs, i)
		}
	}
	return runs, frees
}

// applyByUser applies a plan whose changes come in a few runs in user
// order and whose edits change no existing user's status or licenses, in
// one pass over the changed users in user order: their active licenses
// before, their changes in plan order, and the app view and class after
// (appview.go, classes.go); a user's only change goes without gathering
// the user's changes (applyAlone). With more than one run and changes
// that free units, units are taken and released first, in plan order, so
// that no subscription is over-used. With users the plan creates and no
// change that frees one, they are taken first, netted by kind (takeAll):
// a new user's grants of several kinds would flush a tally at every
// change. Otherwise they go with each user, netted by a unitTally, which
// keeps a save's changes of one kind a user to a few ledger updates: with
// one run the pass is in plan order; with more runs and no change that
// frees one, the units taken only grow, and never past what the plan
// takes, in any order.
func (o *Org) applyByUser(p *Plan, runs []int, frees bool) {
	n := UserID(o.users.len())
	p.st.apply(o)
	cs := p.Changes
	byKind := p.st.createdLen() > 0 && !frees
	inOrder := len(runs) > 1 && frees
	switch {
	case byKind:
		o.takeAll(cs)
	case inOrder:
		for _, c := range cs {
			o.applyUnits(c)
		}
	}
	unitsFirst := byKind || inOrder
	pass := o.appPass(len(cs)) // at most as many users as changes
	if v, k := &o.view, p.st.createdLen(); !pass.few && cap(v.lag)-len(v.lag) < k {
		// each added user's app lags (LIC-11), past every entry: room
		// for them, doubling so that adding users often costs little
		v.lag = append(make([]appLag, 0, max(2*cap(v.lag), len(v.lag)+k)), v.lag...)
	}
	recent := newClassChanges(len(cs))
	if c := p.st.created; c != nil {
		recent.base, recent.as = n, c.classAs
	}
	var tally unitTally
	inPass := &tally // units taken and released in the pass; nil when they went first
	if unitsFirst {
		inPass = nil
	}
	if len(runs) == 1 { // the common case: a user's changes are together
		for at := 0; ; {
			if at += o.applyAlone(cs[at:], inPass, &recent, &pass); at == len(cs) {
				break
			}
			end := at + 1 // a user with more than one change
			for end < len(cs) && cs[end].User == cs[at].User {
				end++
			}
			o.applyGathered(cs[at:end], n, inPass, &recent, &pass)
			at = end
		}
	} else {
		o.applyRuns(cs, runs, n, inPass, &recent, &pass)
	}
	tally.flush(o.ledger)
	pass.done()
	o.slab = slab{}
}

// applyRuns is applyByUser's pass over more than one run: the next user
// is the lowest at the head of a run.
func (o *Org) applyRuns(cs []Change, runs []int, n UserID, inPass *unitTally, recent *classChanges, pass *appPass) {
	var buf [maxRuns]int
	ends := append(append(buf[:0], runs[1:]...), len(cs))
	var mineBuf [16]Change
	for {
		id, more := UserID(0), false
		for r, at := range runs {
			if at < ends[r] && (!more || cs[at].User < id) {
				id, more = cs[at].User, true
			}
		}
		if !more {
			return
		}
		if r := onlyChange(cs, runs, ends, id); r >= 0 {
			o.applyAlone(cs[runs[r]:runs[r]+1], inPass, recent, pass)
			runs[r]++
			continue
		}
		mine := mineBuf[:0] // the changes of one user
		for r := range runs {
			for ; runs[r] < ends[r] && cs[runs[r]].User == id; runs[r]++ {
				mine = append(mine, cs[runs[r]])
			}
		}
		o.applyGathered(mine, n, inPass, recent, pass)
	}
}

// applyGathered applies the changes of one user, in plan order, with
// their units unless units is nil (they went first); n is the users
// before the plan.
func (o *Org) applyGathered(mine []Change, n UserID, units *unitTally, recent *classChanges, pass *appPass) {
	id := mine[0].User
	var before license.Set // none for a user the plan creates
	if id < n {
		before = o.ActiveLicenses(id)
	}
	if units != nil {
		units.flush(o.ledger) // a unit the tally holds back may be one these take
	}
	u := o.users.at(id) // the changes move no record
	for _, c := range mine {
		if units != nil {
			o.applyUnits(c)
		}
		o.applyRecordTo(u, c)
	}
	recent.reclass(o, id, mine)
	pass.note(id, before)
}

// onlyChange returns the run holding user id's only change, or -1 when
// the user has more than one.
func onlyChange(cs []Change, runs, ends []int, id UserID) int {
	only := -1
	for r, at := range runs {
		if at == ends[r] || cs[at].User != id {
			continue
		}
		if only >= 0 || at+1 < ends[r] && cs[at+1].User == id {
			return -1
		}
		only = r
	}
	return only
}

// applyAlone applies the changes of cs from the first for as long as each
// is its user's only change in cs, and returns how many it applied: each
// with its unit through units unless units is nil, by the general steps
// without gathering the user's changes, in one loop. (A user the plan
// creates is in the org by now, holding nothing.) A grant from a template
// or implied source, and a removal or a new source to a user without a
// sparse part, go a shorter way still: the cases of applyRecordTo they take
// must stay in step with it (the differential tests apply every plan in
// three passes too, through applyRecordTo alone).
func (o *Org) applyAlone(cs []Change, units *unitTally, recent *classChanges, pass *appPass) int {
	var users userCursor
	for i := range cs {
		if i+1 < len(cs) && cs[i+1].User == cs[i].User {
			return i
		}
		c := &cs[i]
		id, k := c.User, c.Kind
		u := users.at(&o.users, id)
		active := u.status == Active // a plan Apply takes by user activates no one (keepsUsers)
		before := u.held
		noSparse := u.x == 0
		switch {
		case c.Op == Grant && (c.Source == FromTemplate || c.Source == FromImplied): // no sparse part to touch
			u.held = u.held.Add(k)
			o.kept.drop(id, k)
			if c.Sub != license.NoSub {
				if units != nil {
					units.add(o.ledger, c.Sub, k, 1)
				}
				if !u.setInline(k, c.Sub) { // setUnit, written out: it does not inline
					o.setOverflow(id, u, k, c.Sub)
				}
			}
		case noSparse && c.Op == Remove:
			u.held = u.held.Remove(k)
			if c.Sub != license.NoSub {
				if units != nil {
					units.add(o.ledger, c.Sub, k, -1)
				}
				o.clearUnit(id, u, k)
			}
			if o.rules.msg.Has(k) {
				o.kept.keep(id, k, o.now.Unix())
			}
		case noSparse && c.Op == AddSource: // no longer retained: the record holds no retained source
		default:
			if units != nil && c.Sub != license.NoSub { // no subscription: no unit to take or free
				units.flush(o.ledger) // a unit the tally holds back may be the one c takes
				o.applyUnits(*c)
			}
			o.applyRecordTo(u, *c)
		}
		if to, ok := recent.oneTo(o.class[id], c, u.x != 0); ok {
			o.class[id] = to // the common case, without a call
		} else {
			recent.reclass(o, id, cs[i:i+1])
		}
		if active && before != u.held {
			pass.changed(id, before, u.held)
		}
	}
	return len(cs)
}

// Do plans an action and applies it. The plan is Do's own until it
// returns, so Do does not check it for edits as Apply does: a plan of a
// million changes applies without reading them twice more.
func (o *Org) Do(a Action) (*Plan, error) {
	p, err := o.plan(a)
	if err != nil {
		return nil, err
	}
	if err := o.apply(p); err != nil {
		p.seal() // the caller may Apply it again, as a plan from Plan
		return p, err
	}
	return p, nil
}

// Plan computes what an action would do, changing nothing.
func (o *Org) Plan(a Action) (*Plan, error) {
	p, err := o.plan(a)
	if err != nil {
		return nil, err
	}
	p.seal()
	return p, nil
}

// plan is Plan but for what Apply checks for edits (Plan.seal).
func (o *Org) plan(a Action) (*Plan, error) {
	if a == nil {
		return nil, bad("action", "nil", ErrInvalidValue)
	}
	if err := o.usable(); err != nil {
		return nil, err
	}
	p, err := a.plan(o)
	if err != nil {
		return nil, err
	}
	p.version, p.org = o.version, o.self
	if d, ok := a.(interface{ describe(*Org) string }); ok && p.Action == "" {
		p.Action = d.describe(o)
	} else if p.Action == "" {
		p.Action = a.String()
	}
	o.resolveNames(p)
	return p, nil
}

// labels are the names of the org's templates and subscriptions by ID,
// which plans share until they change (relabel).
type labels struct{ templates, subs []string }

// relabel makes the labels anew after templates or subscriptions changed.
func (o *Org) relabel() { o.labels = o.freshLabels() }

// freshLabels returns the labels of the org's templates and subscriptions.
func (o *Org) freshLabels() labels {
	l := labels{templates: templateNames(o.templates), subs: make([]string, o.ledger.Len())}
	for i := range l.subs {
		l.subs[i] = o.ledger.Name(license.SubID(i))
	}
	return l
}

func templateNames(tmpls []template) []string {
	names := make([]string, len(tmpls))
	for i := range tmpls {
		names[i] = tmpls[i].name
	}
	return names
}

// sumKey keys changesSum: random per process, so that no edit can be
// made to match a plan's checksum.
var sumKey = maphash.String(maphash.MakeSeed(), "wxlicense changes")

// changesSum returns a checksum of changes, so that Apply refuses edited
// plans without keeping a copy of their changes. Change i goes to lane
// i%4, so that the four lanes run side by side. Each step is a bijection
// of its lane's running sum for a given change; for a given running sum
// it tells apart two changes that differ only in user, kind, operation
// and subscriptions, or only in reason, template and source; the lanes
// combine by bijections. So an edit of one change in either part never
// matches; other edits match by chance about once in 2^64.
func changesSum(changes []Change) uint64 {
	h0, h1, h2, h3 := sumKey, sumKey+1, sumKey+2, sumKey+3
	i := 0
	for ; i+4 <= len(changes); i += 4 {
		h0 = sumStep(h0, &changes[i])
		h1 = sumStep(h1, &changes[i+1])
		h2 = sumStep(h2, &changes[i+2])
		h3 = sumStep(h3, &changes[i+3])
	}
	for ; i < len(changes); i++ { // the tail, in lane 0
		h0 = sumStep(h0, &changes[i])
	}
	h := sumKey ^ uint64(len(changes))
	for _, l := range [...]uint64{h0, h1, h2, h3} {
		h = (h ^ l) * 0x9e3779b97f4a7c15
		h ^= h >> 32
	}
	return h
}

func sumStep(h uint64, c *Change) uint64 {
	a := uint64(c.User) | uint64(c.Kind)<<32 | uint64(c.Op)<<40 | uint64(c.Sub)<<48 | uint64(c.From)<<56
	b := uint64(c.Reason) | uint64(c.Template)<<8 | uint64(c.Source)<<24
	h = (h ^ a) * 0x9e3779b97f4a7c15
	h = (h ^ h>>29 ^ b) * 0xbf58476d1ce4e5b9
	return h ^ h>>32
}

// resolveNames resolves the plan's names, for Lines to render it without
// the org.
func (o *Org) resolveNames(p *Plan) {
	p.names.cat, p.names.users = o.cat, o.users.view()
	if c := p.st.created; c != nil {
		p.names.newEmails = c.emails
	}
	p.names.templates, p.names.subs = o.labels.templates, o.labels.subs
	if p.st.cfg != nil {
		p.names.templates = templateNames(p.st.cfg.tmpls)
	}
	if p.st.sub != nil {
		p.names.subs = append(slices.Clip(p.names.subs), p.st.sub.ID)
	}
}

// seal keeps what Apply checks for edits: the changes' checksum and
// a copy of the edits.
func (p *Plan) seal() {
	p.sum = changesSum(p.Changes)
	p.edits = append(p.edits[:0], p.Edits...)
}

// applyUnits takes and releases the units of a change. (application.undo
// gives them back the same way; a shared function with the ledger as a
// parameter cost a million-change Apply 10 ms.)
func (o *Org) applyUnits(c Change) {
	switch {
	case c.Op == Grant && c.Sub != license.NoSub:
		o.ledger.Take(c.Sub, c.Kind)
	case c.Op == Remove && c.Sub != license.NoSub:
		o.ledger.Release(c.Sub, c.Kind)
	case c.Op == Move:
		o.ledger.Release(c.From, c.Kind)
		o.ledger.Take(c.Sub, c.Kind)
	}
}

// takeAll takes the units of changes none of which frees one, netted by
// kind in a few tallies: taken in any order, they are what the changes
// one by one would take.
func (o *Org) takeAll(cs []Change) {
	var tallies [16]unitTally // by kind mod 16: a plan grants a few kinds
	for i := range cs {
		if c := &cs[i]; c.Op == Grant && c.Sub != license.NoSub {
			tallies[c.Kind%16].add(o.ledger, c.Sub, c.Kind, 1)
		}
	}
	for i := range tallies {
		tallies[i].flush(o.ledger)
	}
}

// unitTally nets the units a pass takes (+) and releases (-) of one
// subscription and kind, and gives the ledger the net count when another
// pair comes or at flush: a run of alike changes updates the ledger once.
// A plan never takes a unit that is not free in plan order, nor releases
// one that is not consumed, so the net count is what the changes one by
// one would leave (in plan order, or in any order when they only take),
// as long as the tally is flushed before anything else takes a unit from
// the ledger.
type unitTally struct {
	sub  license.SubID
	kind license.Kind
	n    int
}

func (t *unitTally) add(l *license.Ledger, s license.SubID, k license.Kind, d int) {
	if t.sub == s && t.kind == k {
		t.n += d
		return
	}
	t.restart(l, s, k, d)
}

// restart flushes the tally and starts one of s and k at d. (Kept out of
// line, so that add inlines.)
//
//go:noinline
func (t *unitTally) restart(l *license.Ledger, s license.SubID, k license.Kind, d int) {
	t.flush(l)
	t.sub, t.kind, t.n = s, k, d
}

// flush gives the ledger the net count, before anything else reads it.
func (t *unitTally) flush(l *license.Ledger) {
	if t.n > 0 {
		l.TakeN(t.sub, t.kind, t.n)
	} else if t.n < 0 {
		l.ReleaseN(t.sub, t.kind, -t.n)
	}
	t.n = 0
}

// applyRecordTo applies a change to u, the record of c.User: all but
// units.
func (o *Org) applyRecordTo(u *user, c Change) {
	switch c.Op {
	case Grant:
		u.held = u.held.Add(c.Kind)
		o.kept.drop(c.User, c.Kind) // kept data returns, or is gone (LIC-10)
		if c.Sub != license.NoSub {
			o.setUnit(c.User, u, c.Kind, c.Sub)
		}
		switch c.Source {
		case FromManual:
			x := o.own(u)
			x.manual = x.manual.Add(c.Kind)
		case FromDefault:
			x := o.own(u)
			x.dflt = x.dflt.Add(c.Kind)
		}
	case Remove:
		u.held = u.held.Remove(c.Kind)
		if c.Sub != license.NoSub {
			o.clearUnit(c.User, u, c.Kind)
		}
		if x := o.users.extraOf(u); x != nil && x.stores(c.Kind) {
			o.forget(u, c.Kind)
		}
		if o.rules.msg.Has(c.Kind) {
			o.kept.keep(c.User, c.Kind, o.now.Unix())
		}
	case Move:
		o.setUnit(c.User, u, c.Kind, c.Sub)
	case Retain:
		o.retain(u, c.Template, c.Kind)
	case AddSource: // a current template is no longer retained (LIC-9)
		o.unsource(u, c.Kind, FromRetained, c.Template)
	case DropSource:
		o.unsource(u, c.Kind, c.Source, c.Template)
	case Activate:
		u.status = Active
	case Welcome:
		u.flags |= flagWelcomed
	case Restore:
		o.kept.drop(c.User, c.Kind)
	}
}

// stores reports whether x stores a source of k.
func (x *extra) stores(k license.Kind) bool {
	found := false
	x.storedSources(k, func(SourceKind, TemplateID) { found = true })
	return found
}

// forget drops every stored source of k.
func (x *extra) forget(k license.Kind) {
	x.manual, x.dflt = x.manual.Remove(k), x.dflt.Remove(k)
	for i := range x.retained {
		x.retained[i].kinds = x.retained[i].kinds.Remove(k)
	}
	x.retained = slices.DeleteFunc(x.retained, func(r retention) bool { return r.kinds.IsEmpty() })
}

// unsource drops one stored source of k: manual, default, or t as retained.
func (x *extra) unsource(k license.Kind, s SourceKind, t TemplateID) {
	switch s {
	case FromManual:
		x.manual = x.manual.Remove(k)
	case FromDefault:
		x.dflt = x.dflt.Remove(k)
	case FromRetained:
		for i := range x.retained {
			if r := &x.retained[i]; r.t == t {
				if r.kinds = r.kinds.Remove(k); r.kinds.IsEmpty() {
					x.retained = append(x.retained[:i], x.retained[i+1:]...) // no pointers: nothing to clear
				}
				return // one retention per template
			}
		}
	}
}

// storedSources lists the stored sources of k as DropSource changes would
// name them: manual, default, then retained templates in stored order.
func (x *extra) storedSources(k license.Kind, yield func(SourceKind, TemplateID)) {
	if x == nil {
		return
	}
	if x.manual.Has(k) {
		yield(FromManual, NoTemplate)
	}
	if x.dflt.Has(k) {
		yield(FromDefault, NoTemplate)
	}
	for _, r := range x.retained {
		if r.kinds.Has(k) {
			yield(FromRetained, r.t)
		}
	}
}
