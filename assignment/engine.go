package assignment

import (
	"slices"
	"sync"

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
	users  userCursor // the org's records, which planning does not change
	cfg    config     // the template configuration after the event
	p      *Plan
	how    strategy
	reason Reason
	tmpl   TemplateID // the template of the event
	only   TemplateID // apply this template alone (ASG-2 join), or NoTemplate
	// lost is, per template, the kinds it stops granting to the users of
	// this event: they become retained sources where kept (LIC-9).
	lost    []retention
	lostAll license.Set // the union of lost
	// gained is, per template, the kinds it starts granting to the users
	// of this event: it becomes a current source of those they hold.
	gained    []retention
	gainedAll license.Set // the union of gained
	// regroup overrides the groups of the user whose membership changes.
	regroup *regroup
	// room for a membership change's regroup, lost and gained
	regroupBuf regroup
	retBuf     [2]retention
	// newUsers are users the action creates, after o.users, with their
	// e-mails and their work numbers.
	newUsers  []user
	newEmails []string
	newWork   []string
	batch     *newBatch // the group lists and attributes of newUsers
	// placed marks the users this plan placed in Webex Calling, by ID.
	placed []bool
	// upgrading says that a queued grant upgrades a held kind.
	upgrading bool
	readX     bool    // deciding read the user's sparse part
	lastKey   memoKey // the last memo hit: alike users tend to come together
	lastDI    uint32
	// adminDropped is scratch for compute: attendee kinds a site admin's
	// templates grant next to host (ASG-13).
	adminDropped license.Set
	upgraded     []Change  // units freed by upgrades in the grant pass
	preFreed     []Change  // upgrades whose units a second grant pass freed up front
	released     unitTally // units run's replays freed, given to led by end
	// plainGen moves on whenever a unit may have come back in the grant
	// pass, so that grantPlain's step.last goes stale. grantAll moves it
	// on first, so that a new step's lastGen, 0, never matches.
	plainGen uint64
	// learning marks an AddUsers plan: it notes in fresh the decisions it
	// computes, and reads known, the org's kept ones, if any (memo.go).
	learning bool
	known    *knownDecisions
	reusable
}

// reusable is the memory of an application that the next one reuses
// (recycle): its contents are reset, its capacity kept.
type reusable struct {
	led    *license.Ledger
	noAck  []UserID  // users who would lose Webex Calling without acknowledgement
	pend   []pending // users with grants, in user order, and their decision
	moves  []move    // users' held kinds off their templates' subscriptions
	tbuf   []TemplateID
	allBuf []TemplateID // every current template, also on a join (keepPins)
	// decisions are computed once per class of users that must decide
	// alike, or once per memo key.
	decisions []decision
	memo      table[memoKey]
	byClass   []uint32 // decision index + 1 by user class, 0 for none yet
	// replays are what deciding did for the first user of a class, by
	// replayOf[class]-1 (or idle); the class's other users get it alike.
	replays  []replay
	replayOf []uint32
	rChanges []Change     // backs the replays' changes
	rShorts  []Shortfall  // backs the replays' shortfalls
	shorts   []shortProto // scratch for compute
	steps    []step       // backs every decision's steps (windows; grantPlain updates last and lastGen)
	reps     []classRep   // by decision, while AddUsers plans (shareClass)
	fresh    []freshDecision
}

// reset empties r for a new application on o, keeping its memory.
func (r reusable) reset(o *Org) reusable {
	r.memo.reset()
	return reusable{led: o.ledger.CloneInto(r.led), noAck: r.noAck[:0], pend: r.pend[:0], moves: r.moves[:0],
		tbuf: r.tbuf[:0], allBuf: r.allBuf[:0], decisions: r.decisions[:0], memo: r.memo,
		byClass: r.byClass[:0], replays: r.replays[:0], replayOf: r.replayOf[:0],
		rChanges: r.rChanges[:0], rShorts: r.rShorts[:0], shorts: r.shorts[:0], steps: r.steps[:0], reps: r.reps[:0], fresh: r.fresh[:0]}
}

// regroup is a user's groups after a membership change.
type regroup struct {
	id     UserID
	groups []GroupID
}

type pending struct {
	id UserID
	d  uint32 // index into decisions
}

type move struct {
	id    UserID
	kinds license.Set
}

// decision is what an application does to one user, before units.
type decision struct {
	remove  license.Set
	add     license.Set
	upgrade license.Set // held kinds a granted preferred kind replaces
	// upgradeDeps are the held implied kinds that go with the upgraded
	// kinds when no other implier stays (LIC-5).
	upgradeDeps license.Set
	kept        license.Set // held and not removed
	want        license.Set // the resolved grant
	raw         license.Set // the union of the templates' grants, less what ASG-13 forbids
	// adminDropped are the attendee kinds ASG-13 took out of raw next to a
	// granted host: reported if the host gets no unit.
	adminDropped license.Set
	reset        license.Set // kept kinds whose sources become exactly the current templates (LIC-9)
	reqOK        bool        // kept ∪ add meets every requirement of add
	pinned       bool        // a current template pins a subscription (LIC-8)
	shorts       []shortProto
	steps        []step // the grants of add, in kind order
	// shared marks a decision the memo gives to every user of its memo key.
	shared bool
	// plain marks a decision whose grants need nothing but units: no
	// placement, no unmet requirement, no upgrade (grantPlain).
	plain bool
}

// replay is what deciding did for one user of a class (classes.go), for
// the others: the same changes and shortfalls but for the user, the same
// units released, and the same queued work.
type replay struct {
	di                   uint32   // the decision
	changes, shorts      [2]int32 // windows of rChanges and rShorts
	moves                license.Set
	moved, noAck, queued bool // a move, a removal of Webex Calling, a grant queued
	// shape names the two common replays, which run takes without the
	// windows: one change (then in one) and nothing else, or a grant
	// queued and nothing else. replay takes every replay by the windows.
	shape replayShape
	one   Change
}

// replayShape is the shape of a replay, for run's fast paths.
type replayShape uint8

const (
	replayWindows    replayShape = iota // anything: by the windows
	replayOneChange                     // one change and nothing else
	replayQueuedOnly                    // a grant queued and nothing else
)

// step is one grant of a decision, with what taking it needs worked out
// once per decision.
type step struct {
	kind  license.Kind
	by    TemplateID      // the first current template granting kind
	unit  bool            // kind consumes a unit
	allow []license.SubID // the subscriptions the templates name, nil for any (LIC-8)
	// last is the subscription grantPlain last took this step's unit
	// from, while lastGen is the application's plainGen: no unit came
	// back since, so no older allowed subscription has a free one.
	last    license.SubID
	lastGen uint64
	// grant is, for a decision's step, the change grantPlain makes (as
	// changeBy would with the application's reason), but for the user
	// and the subscription.
	grant Change
}

type shortProto struct {
	kind, other license.Kind
	reason      ShortfallReason
}

func (o *Org) newApplication(p *Plan, how strategy, reason Reason, tmpl TemplateID) *application {
	a, _ := spareApps.Get().(*application)
	if a == nil {
		a = new(application)
	}
	*a = application{o: o, p: p, how: how, reason: reason, tmpl: tmpl, only: NoTemplate, cfg: o.sharedConfig(), reusable: a.reusable.reset(o)}
	return a
}

// spareApps are applications that finished planning, whose memory the
// next application reuses (recycle).
var spareApps sync.Pool

// recycle gives a finished application's memory to the next one. Only an
// application whose plan holds none of its memory may be recycled.
func (a *application) recycle() {
	*a = application{reusable: a.reusable}
	spareApps.Put(a)
}

func (a *application) user(id UserID) *user {
	if int(id) < a.o.users.len() {
		return a.users.at(&a.o.users, id)
	}
	return &a.newUsers[int(id)-a.o.users.len()]
}

// pushNew adds a zero record, of e-mail email and no work number, to the
// users the action creates, and returns its ID and the record.
func (a *application) pushNew(email string) (UserID, *user) {
	id := UserID(a.o.users.len() + len(a.newUsers))
	a.newUsers, a.newEmails, a.newWork = append(a.newUsers, user{}), append(a.newEmails, email), append(a.newWork, "")
	return id, &a.newUsers[len(a.newUsers)-1]
}

// popNew drops the user pushNew added last.
func (a *application) popNew() {
	n := len(a.newUsers) - 1
	a.newUsers, a.newEmails, a.newWork = a.newUsers[:n], a.newEmails[:n], a.newWork[:n]
}

// attrs returns the attributes of a user of the org or of one the action
// creates, nil for none.
func (a *application) attrs(u *user) *userAttrs {
	var batch []userAttrs
	if a.batch != nil {
		batch = a.batch.attrs
	}
	return a.o.users.attrsOf(u, batch)
}

// emailOf returns the e-mail of a user of the org or of one the action
// creates.
func (a *application) emailOf(id UserID) string {
	if int(id) < a.o.users.len() {
		return a.o.users.emailOf(id)
	}
	return a.newEmails[int(id)-a.o.users.len()]
}

func (a *application) groupsOf(id UserID) []GroupID {
	if a.regroup != nil && a.regroup.id == id {
		return a.regroup.groups
	}
	if int(id) < a.o.users.len() {
		return a.o.users.groupsOf(a.users.at(&a.o.users, id))
	}
	return a.user(id).groupsIn(a.batch.arena)
}

// current returns the templates governing a user for this application.
func (a *application) current(id UserID) []TemplateID {
	if a.only != NoTemplate {
		a.tbuf = append(a.tbuf[:0], a.only)
		return a.tbuf
	}
	if a.cfg.mode == OrgMode { // no membership to look at
		a.tbuf = a.cfg.templatesOf(a.tbuf[:0], nil)
		return a.tbuf
	}
	a.tbuf = a.cfg.templatesOf(a.tbuf[:0], a.groupsOf(id))
	return a.tbuf
}

func (a *application) sub(id UserID, u *user, k license.Kind) license.SubID {
	if int(id) >= a.o.users.len() { // a user this action creates has no overflow
		return u.inlineSub(k)
	}
	return a.o.subOf(id, u, k)
}

func (a *application) change(id UserID, k license.Kind, op Op, sub license.SubID, r Reason) {
	a.changeBy(id, k, op, sub, r, a.tmpl)
}

// changeBy records a change made by template t; a grant gets its source
// from the reason (LIC-9).
func (a *application) changeBy(id UserID, k license.Kind, op Op, sub license.SubID, r Reason, t TemplateID) {
	var src SourceKind
	if op == Grant {
		src = a.o.grantSource(k, reasonSource(r))
	}
	// Field by field in place: a Change built whole goes through the stack
	// and is read back at once, which stalls the processor on every change.
	a.p.Changes = append(a.p.Changes, Change{})
	c := &a.p.Changes[len(a.p.Changes)-1]
	c.User, c.Kind, c.Op, c.Sub, c.From, c.Reason, c.Template, c.Source = id, k, op, sub, license.NoSub, r, t, src
}

// reasonSource is the source a grant made for reason r gives (LIC-9):
// user-level requests and creation with licenses are manual.
func reasonSource(r Reason) SourceKind {
	switch r {
	case BecauseManual, BecauseCSV, BecauseExplicit:
		return FromManual
	case BecauseDefault:
		return FromDefault
	}
	return FromTemplate
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

func (t *template) pinned(k license.Kind) license.SubID { return pinOf(t.pins, k) }

// run applies the event to the given users, in order, or to every live
// user when users is nil: first every removal and move, then the grants
// in user order (ASG-19).
func (a *application) run(users func(yield func(UserID) bool), n int) {
	a.begin(n)
	seen, probe := 0, n/32
	class := a.o.class
	a.sizeClasses() // a class has no replay when classOf finds none
	visit := func(id UserID) bool {
		if seen++; seen == probe {
			a.p.Changes = growFor(a.p.Changes, seen, n)
		}
		if int(id) < len(class) { // replayOf holds only classes classOf finds
			switch r := a.replayOf[class[id]]; r {
			case idle: // the user's class changes nothing for its users
				return true
			case 0:
			default:
				switch rp := &a.replays[r-1]; rp.shape {
				case replayOneChange:
					a.replayChange(id, &rp.one)
				case replayQueuedOnly:
					a.pend = append(a.pend, pending{id, rp.di})
				default:
					a.replay(id, rp)
				}
				return true
			}
		}
		a.decide(id)
		return true
	}
	if users != nil {
		users(visit)
	} else {
		for id := range UserID(len(class)) {
			if class[id] != classDeleted {
				visit(id)
			}
		}
	}
	a.end()
}

// idle marks, in replayOf, a class whose replay is empty.
const idle = ^uint32(0)

// runOne is run for one user.
func (a *application) runOne(id UserID) {
	a.begin(1)
	a.decide(id)
	a.end()
}

func (a *application) begin(n int) {
	if a.o.placer != nil && !a.grantsCalling().IsEmpty() {
		a.p.Calling = slices.Grow(a.p.Calling, n)
		a.placed = slices.Grow(a.placed, a.o.users.len()+len(a.newUsers))
	}
	if n <= 16 { // a handful of users: room for their few changes at once
		a.p.Changes = slices.Grow(a.p.Changes, 16)
	}
}

// end gives the ledger the units the replays released, then runs the
// moves and the grants, which count on them.
func (a *application) end() {
	a.released.flush(a.led)
	steps := 0
	for _, pd := range a.pend {
		steps += len(a.decisions[pd.d].steps)
	}
	a.p.Changes = slices.Grow(a.p.Changes, steps)
	for _, m := range a.moves {
		a.repin(m.id, m.kinds)
	}
	a.grantAll()
}

// growFor grows changes made for the first seen of n users to what all n
// users will make at the same rate, so that a large plan grows once and an
// empty one not at all: allocation follows the changes, not the users.
func growFor(changes []Change, seen, n int) []Change {
	if len(changes) == 0 || seen == 0 {
		return changes
	}
	return slices.Grow(changes, len(changes)*(n-seen)/seen*9/8)
}

// grantAll runs the grant pass. When an upgrade frees a unit that a user
// earlier in user order was refused, the pass runs again with those units
// freed up front, so that applying the same event twice changes nothing
// the second time (INV-6). An upgrade that then does not happen again
// keeps its kind on its unit (the grant keeps its sources); when that unit
// went to someone else, the pass runs once more without freeing it, as a
// held license always has its unit (ASG-19, INV-5).
func (a *application) grantAll() {
	changes, shorts := len(a.p.Changes), len(a.p.Shortfalls)
	var led *license.Ledger
	if a.upgrading { // only an upgrade can call for a second pass
		led = a.led.Clone()
	}
	calls, mark := len(a.p.Calling), 0
	if s := a.session(); s != nil {
		mark = s.Mark()
		a.prefetch(s)
	}
	a.upgraded = a.upgraded[:0]
	a.plainGen++
	for i := 0; ; i++ {
		if i += a.grantPlain(a.pend[i:]); i == len(a.pend) {
			break
		}
		a.grant(a.pend[i])
		a.plainGen++ // grant may give units back
	}
	if len(a.upgraded) == 0 || !a.refusedSince(shorts) {
		return
	}
	for freed := slices.Clone(a.upgraded); ; {
		a.p.Changes, a.p.Shortfalls, a.led = a.p.Changes[:changes], a.p.Shortfalls[:shorts], led.Clone()
		if s := a.session(); s != nil {
			s.Rollback(mark)
			a.truncateCalling(calls)
		}
		if a.grantFreed(freed, changes) {
			return
		}
		freed = slices.DeleteFunc(freed, func(c Change) bool { return slices.Contains(a.preFreed, c) })
		a.preFreed = nil
	}
}

// grantFreed runs the grant pass again with the units of the upgrades
// freed up front (their removals go first, so that the plan applies in
// order, from changes on). An upgrade that did not happen again keeps its
// kind: it takes its unit back and its removal goes. It reports false,
// leaving the upgrades that did not happen in preFreed, when one of their
// units went to someone else.
func (a *application) grantFreed(freed []Change, changes int) bool {
	for _, c := range freed {
		a.led.Release(c.Sub, c.Kind)
		a.change(c.User, c.Kind, Remove, c.Sub, BecauseUpgrade)
	}
	a.preFreed = slices.Clone(freed)
	for _, pd := range a.pend {
		a.grant(pd)
	}
	for _, c := range a.preFreed {
		if !a.led.Take(c.Sub, c.Kind) {
			return false // grantAll starts again on the ledger as it was
		}
	}
	for _, c := range a.preFreed {
		for i := changes; i < changes+len(freed); i++ {
			if r := &a.p.Changes[i]; r.User == c.User && r.Kind == c.Kind && r.Op == Remove {
				r.Op = 0 // one final effect per user and license: none
			}
		}
	}
	if len(a.preFreed) > 0 {
		a.p.Changes = slices.DeleteFunc(a.p.Changes, func(c Change) bool { return c.Op == 0 })
	}
	a.preFreed = nil
	return true
}

// refusedSince reports whether a NoUnitAvailable shortfall was reported
// since mark.
func (a *application) refusedSince(mark int) bool {
	for _, s := range a.p.Shortfalls[mark:] {
		if s.Reason == NoUnitAvailable {
			return true
		}
	}
	return false
}

// grantOf returns the raw union of the current templates' grants, and the
// resolved grant (ASG-10, ASG-16, LIC-5) with the site-admin exclusions of
// ASG-13 applied.
func (a *application) grantOf(u *user, ts []TemplateID) (raw, resolved license.Set) {
	raw = a.rawOf(ts)
	for k := range a.o.adminRoles(a.attrs(u)).Intersect(raw).All() { // in kind order: the memo shares it
		raw = raw.Remove(k)
		if host, _ := a.o.cat.SiteKind(a.o.cat.Info(k).Site, license.RoleHost); raw.Has(host) {
			a.adminDropped = a.adminDropped.Add(k) // reported only if host gets no unit
		} else {
			a.shorts = append(a.shorts, shortProto{k, license.NoKind, AttendeeSiteAdmin})
		}
	}
	resolved = a.o.rules.ImplyServices(a.o.rules.Resolve(raw))
	return raw, resolved
}

// rawOf returns the union of the templates' grants.
func (a *application) rawOf(ts []TemplateID) license.Set {
	var raw license.Set
	for _, t := range ts {
		raw = raw.Union(a.cfg.tmpls[t].grant)
	}
	return raw
}

// decide computes one user's removals and moves, and queues the grants.
// When the user's decision is shared (the memo's) and deciding did not
// read their sparse part, it keeps what it did as the replay of the
// user's class: run gives the class's other users the same, without
// reading their records.
func (a *application) decide(id UserID) {
	if a.how == dropFrom {
		a.drop(id, a.user(id), a.current(id))
		return
	}
	c := a.classOf(id)
	if c == 0 {
		a.decideOne(id)
		return
	}
	m := a.mark()
	a.readX = false
	di := a.decideOne(id)
	if a.decisions[di].shared && !a.readX { // else the user's own sources: no replay
		a.keepReplay(c, di, m)
	}
}

// mark is where an application's outputs stood before deciding a user.
type mark struct{ changes, shorts, moves, noAck, pend int }

func (a *application) mark() mark {
	return mark{len(a.p.Changes), len(a.p.Shortfalls), len(a.moves), len(a.noAck), len(a.pend)}
}

// keepReplay records what deciding a user of class c did since m, with
// decision di, for the class's other users (replay).
func (a *application) keepReplay(c, di uint32, m mark) {
	r := replay{di: di, moved: len(a.moves) > m.moves, noAck: len(a.noAck) > m.noAck, queued: len(a.pend) > m.pend}
	if r.moved {
		r.moves = a.moves[m.moves].kinds
	}
	r.changes = [2]int32{int32(len(a.rChanges)), int32(len(a.rChanges) + len(a.p.Changes) - m.changes)}
	a.rChanges = append(a.rChanges, a.p.Changes[m.changes:]...)
	r.shorts = [2]int32{int32(len(a.rShorts)), int32(len(a.rShorts) + len(a.p.Shortfalls) - m.shorts)}
	a.rShorts = append(a.rShorts, a.p.Shortfalls[m.shorts:]...)
	bare, n := r.shorts[0] == r.shorts[1] && !r.moved && !r.noAck, r.changes[1]-r.changes[0]
	switch {
	case bare && n == 0 && !r.queued:
		a.replayOf[c] = idle
		return
	case bare && n == 0:
		r.shape = replayQueuedOnly
	case bare && n == 1 && !r.queued:
		r.shape, r.one = replayOneChange, a.rChanges[r.changes[0]]
	}
	a.replays = append(a.replays, r)
	a.replayOf[c] = uint32(len(a.replays))
}

// replay gives user id what r recorded for another user of its class.
func (a *application) replay(id UserID, r *replay) {
	for i := r.changes[0]; i < r.changes[1]; i++ {
		a.replayChange(id, &a.rChanges[i])
	}
	for _, s := range a.rShorts[r.shorts[0]:r.shorts[1]] {
		s.User = id
		a.p.Shortfalls = append(a.p.Shortfalls, s)
	}
	if r.noAck {
		a.noAck = append(a.noAck, id)
	}
	if r.moved {
		a.moves = append(a.moves, move{id, r.moves})
	}
	if r.queued {
		a.pend = append(a.pend, pending{id, r.di})
	}
}

// replayChange gives user id change c of another user, with its unit
// released.
func (a *application) replayChange(id UserID, c *Change) {
	if c.Op == Remove && c.Sub != license.NoSub { // deciding makes no other change with units
		a.released.add(a.led, c.Sub, c.Kind, -1)
	}
	a.p.Changes = append(a.p.Changes, *c)
	a.p.Changes[len(a.p.Changes)-1].User = id // in place: a copy with a new user would go through the stack
}

// decideOne decides for one user from the record, and returns the
// decision's index.
func (a *application) decideOne(id UserID) uint32 { return a.decideBy(id, a.current(id)) }

// decideBy is decideOne of a user whom the templates ts govern.
func (a *application) decideBy(id UserID, ts []TemplateID) uint32 {
	u := a.user(id)
	di := a.decisionFor(id, u, ts)
	d := &a.decisions[di]
	for _, s := range d.shorts {
		a.short(id, s.kind, s.reason, s.other)
	}
	a.sources(id, u, d, d.kept.Diff(d.upgrade).Diff(d.upgradeDeps))
	if !d.remove.IsEmpty() {
		for k := range d.remove.All() {
			a.removeOne(id, u, k, a.removal())
		}
	}
	if a.how == addOnly && d.pinned {
		a.allBuf = a.cfg.templatesOf(a.allBuf[:0], a.groupsOf(id))
		a.keepPins(id, u, d.kept.Intersect(d.want), a.allBuf)
	}
	if a.how == exact && d.pinned {
		if off := a.offPin(id, u, d.kept.Intersect(d.want), ts); !off.IsEmpty() {
			a.moves = append(a.moves, move{id, off})
		}
	}
	if !d.add.IsEmpty() {
		a.pend = append(a.pend, pending{id, di})
		a.upgrading = a.upgrading || !d.upgrade.IsEmpty()
	}
	return di
}

// decisionFor returns the index of the user's decision, computing it once
// per class of alike users.
func (a *application) decisionFor(id UserID, u *user, ts []TemplateID) uint32 {
	c := a.classOf(id)
	if c != 0 && a.byClass[c] != 0 {
		return a.byClass[c] - 1
	}
	di := a.memoDecision(u, ts)
	if c != 0 && a.decisions[di].shared {
		a.byClass[c] = di + 1
	}
	return di
}

// classOf returns the user's class (classes.go) where a decision may be
// found by it, else 0: the memo must be on and the user not new.
func (a *application) classOf(id UserID) uint32 {
	if a.o.memoOff || a.regroup != nil || int(id) >= len(a.o.class) {
		return 0
	}
	c := a.o.class[id]
	if c < firstClass {
		return 0
	}
	a.sizeClasses()
	return c
}

// sizeClasses sizes byClass and replayOf for every class.
func (a *application) sizeClasses() {
	if n := int(firstClass) + len(a.o.classes.keys); len(a.byClass) < n {
		a.byClass, a.replayOf = zeroTo(a.byClass, n), zeroTo(a.replayOf, n)
	}
}

// zeroTo extends s to length n with zeros, reusing its capacity.
func zeroTo(s []uint32, n int) []uint32 {
	old := len(s)
	s = slices.Grow(s, n-old)[:n]
	clear(s[old:])
	return s
}

// memoDecision returns the index of the user's decision from the memo,
// computing it once per memo key.
func (a *application) memoDecision(u *user, ts []TemplateID) uint32 {
	key, ok := memoKey{held: u.held}, !a.o.memoOff && a.regroup == nil && len(ts) <= 4
	for i, t := range ts {
		key.ts |= uint64(t+1) << (16 * i)
	}
	if x := a.attrs(u); x != nil {
		key.admin = a.o.adminRoles(x)
		key.placed = a.o.placer == nil && !x.place().IsZero()
	}
	if ok {
		if a.memo.n > 0 && key == a.lastKey { // lastKey is set with the first memo entry
			return a.lastDI
		}
		if di, hit := a.memo.get(key); hit {
			a.lastKey, a.lastDI = key, di
			return di
		}
	}
	di, kept := a.keptDecision(key, ok)
	if !kept {
		a.decisions = append(a.decisions, a.compute(u, ts))
		di = uint32(len(a.decisions) - 1)
		if ok && a.learning {
			a.fresh = append(a.fresh, freshDecision{key, di})
		}
	}
	if ok {
		a.decisions[di].shared = true
		a.memo.put(key, di)
		a.lastKey, a.lastDI = key, di
	}
	return di
}

// compute decides for one user, before units (ASG-4, ASG-10, ASG-16, LIC-1).
func (a *application) compute(u *user, ts []TemplateID) decision {
	r := &a.o.rules
	held := u.held
	a.shorts, a.adminDropped = a.shorts[:0], license.Set{}
	raw, want := a.grantOf(u, ts)
	want = a.pickExclusive(held, want)
	var d decision
	var keep license.Set
	if a.how == exact {
		// held members of a preferred family stay until the preferred kind
		// gets its unit (ASG-10, ASG-16)
		for _, ex := range a.o.rules.excl {
			if ex.Prefer != license.NoKind && want.Has(ex.Prefer) && !held.Has(ex.Prefer) {
				keep = keep.Union(held.Intersect(raw).Intersect(ex.Kinds))
			}
		}
		d.remove = held.Diff(want).Diff(keep)
	}
	add := want.Diff(held)
	for k := range add.All() {
		for o := range r.Conflicts(k, held.Diff(d.remove)).All() {
			switch {
			case r.Upgrades(k, o):
				d.upgrade = d.upgrade.Add(o)
			case r.Upgrades(o, k):
				add = add.Remove(k)
			default:
				add = add.Remove(k)
				a.shorts = append(a.shorts, shortProto{k, o, Exclusive})
			}
		}
	}
	for _, dg := range a.o.rules.down {
		if d.remove.Has(dg.From) && add.Has(dg.To) {
			d.remove, add = d.remove.Remove(dg.From), add.Remove(dg.To)
			a.shorts = append(a.shorts, shortProto{dg.To, dg.From, RefusedDowngrade})
		}
	}
	d.remove = a.keepNeeded(held, d.remove)
	if !d.upgrade.IsEmpty() {
		add = a.checkUpgrades(held.Diff(d.remove), add, &d)
	}
	for k := range add.Intersect(a.o.rules.placement).All() {
		if a.o.placer == nil && a.attrs(u).place().IsZero() { // with a placer, placed when granted
			add = add.Remove(k)
			a.shorts = append(a.shorts, shortProto{k, license.NoKind, NoPlacement})
		}
	}
	d.add, d.want, d.kept, d.raw, d.adminDropped = add, want, held.Diff(d.remove), raw, a.adminDropped
	d.reset = d.kept.Intersect(want.Union(raw))
	d.reqOK = a.meets(d.kept.Union(add), add)
	d.pinned = a.cfg.pinned(ts)
	start := len(a.steps)
	for k := range add.All() {
		st := a.step(ts, k)
		st.grant = Change{Kind: k, Op: Grant, Sub: license.NoSub, From: license.NoSub, Reason: a.reason, Template: st.by,
			Source: a.o.grantSource(k, reasonSource(a.reason))}
		a.steps = append(a.steps, st)
	}
	d.steps = a.steps[start:len(a.steps):len(a.steps)]
	d.plain = d.reqOK && d.upgrade.IsEmpty() && add.Intersect(a.o.rules.placement).IsEmpty()
	if len(a.shorts) > 0 {
		d.shorts = slices.Clone(a.shorts)
	}
	return d
}

// checkUpgrades refuses the upgrades that would break a requirement of a
// license the user keeps (INV-1): the preferred kind is then not added and
// reported as Exclusive. It records in d the implied kinds that go with
// the upgrades left, and returns the kinds to add.
func (a *application) checkUpgrades(kept, add license.Set, d *decision) license.Set {
	for o := range d.upgrade.All() {
		gone := a.dropClosure(kept, license.SetOf(o))
		blocked := !gone.Has(o) // a kept license requires it
		for k := range kept.Diff(gone).Union(add).All() {
			if !a.o.cat.Needs(k).Intersect(gone).IsEmpty() {
				blocked = true
			}
		}
		if !blocked {
			d.upgradeDeps = d.upgradeDeps.Union(gone.Remove(o))
			continue
		}
		d.upgrade = d.upgrade.Remove(o)
		for k := range add.All() {
			if a.o.rules.Upgrades(k, o) {
				add = add.Remove(k)
				a.shorts = append(a.shorts, shortProto{k, o, Exclusive})
			}
		}
	}
	return add
}

// keepNeeded takes out of remove what a kept license requires or implies
// (INV-1): a license kept against the grant, by a refused downgrade, keeps
// its requirements.
func (a *application) keepNeeded(held, remove license.Set) license.Set {
	for changed := true; changed; {
		changed = false
		kept := held.Diff(remove)
		for k := range kept.All() {
			if need := a.o.cat.Needs(k).Intersect(remove); !need.IsEmpty() {
				remove, changed = remove.Diff(need), true
			}
		}
		for _, im := range a.o.rules.impl {
			if kept.Has(im.By) && remove.Has(im.Implied) {
				remove, changed = remove.Remove(im.Implied), true
			}
		}
	}
	return remove
}

// meets reports whether have holds every requirement of the kinds of s.
func (a *application) meets(have, s license.Set) bool {
	for k := range s.All() {
		if !a.o.cat.Needs(k).Diff(have).IsEmpty() {
			return false
		}
	}
	return true
}

// pickExclusive keeps one member of each exclusive family without a
// preference: the held one, else the first in catalog order (ASG-4).
func (a *application) pickExclusive(held, want license.Set) license.Set {
	for _, ex := range a.o.rules.excl {
		both := want.Intersect(ex.Kinds)
		if ex.Prefer != license.NoKind || both.Len() < 2 {
			continue
		}
		winner := first(both)
		if h := both.Intersect(held); !h.IsEmpty() {
			winner = first(h)
		}
		for k := range both.Remove(winner).All() {
			want = want.Remove(k)
			if !held.Has(k) {
				a.shorts = append(a.shorts, shortProto{k, winner, Exclusive})
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
	if a.o.rules.placement.Has(k) {
		a.noAck = append(a.noAck, id)
	}
	a.change(id, k, Remove, sub, r)
}

// offPin returns the kinds of kept whose unit is on a subscription no
// current template of ts names for them (LIC-8).
func (a *application) offPin(id UserID, u *user, kept license.Set, ts []TemplateID) license.Set {
	var off license.Set
	for k := range kept.All() {
		cur := a.sub(id, u, k)
		if subs := a.allowed(ts, k); cur != license.NoSub && subs != nil && !slices.Contains(subs, cur) {
			off = off.Add(k)
		}
	}
	return off
}

// repin moves held licenses whose subscription no current template names
// (offPin) to the oldest named subscription with a free unit (LIC-8,
// CAL-11). It runs after every removal of the application.
func (a *application) repin(id UserID, off license.Set) {
	u := a.user(id)
	ts := a.current(id)
	for k := range off.All() {
		cur := a.sub(id, u, k)
		subs := a.allowed(ts, k)
		to, ok := a.led.Oldest(k, func(s license.SubID) bool { return slices.Contains(subs, s) })
		if !ok { // it stays where it is (LIC-8, CAL-11)
			a.short(id, k, SubscriptionKept, license.NoKind)
			continue
		}
		a.led.Take(to, k)
		a.led.Release(cur, k)
		c := Change{User: id, Kind: k, Op: Move, Sub: to, From: cur, Reason: BecausePin, Template: a.naming(ts, k, to)}
		a.p.Changes = append(a.p.Changes, c)
	}
}

// naming returns the first template of ts, in template order, whose entry
// for k names the subscription sub.
func (a *application) naming(ts []TemplateID, k license.Kind, sub license.SubID) TemplateID {
	by := NoTemplate
	for _, t := range ts {
		if a.cfg.tmpls[t].grant.Has(k) && a.cfg.tmpls[t].pinned(k) == sub && t < by {
			by = t
		}
	}
	return by
}

// keepPins reports held licenses that stay, preserve on, on a subscription
// no current template names for them (LIC-8): ts are all the user's
// current templates, also on a join that applies one of them (ASG-2).
func (a *application) keepPins(id UserID, u *user, kept license.Set, ts []TemplateID) {
	for k := range a.offPin(id, u, kept, ts).All() {
		a.short(id, k, SubscriptionKept, license.NoKind)
	}
}

// removal is the reason for a removal in this application.
func (a *application) removal() Reason {
	if a.reason == BecauseGroupChange {
		return BecauseGroupChange
	}
	return BecausePreserveOff
}

// sources records how the sources of the licenses a user keeps change
// (LIC-9): templates that stop granting them become retained, templates
// that start granting them current; with preserve off, a license a
// current template grants keeps exactly its current templates. Implied
// licenses keep exactly {implied} (LIC-5).
func (a *application) sources(id UserID, u *user, d *decision, kept license.Set) {
	if a.lostAll.IsEmpty() && a.gainedAll.IsEmpty() && (a.how != exact || u.x == 0) {
		return // nothing can change
	}
	kept = kept.Diff(a.o.cat.ImpliedKinds())
	if kept.IsEmpty() {
		return
	}
	reset := kept.Intersect(d.reset)
	if a.how != exact {
		reset = license.Set{}
	}
	a.retain(id, kept.Diff(reset))
	a.gain(id, kept)
	if u.x == 0 || reset.IsEmpty() {
		return
	}
	a.readX = true
	x := a.o.users.extraOf(u)
	for k := range reset.All() {
		x.storedSources(k, func(s SourceKind, t TemplateID) {
			if s == FromRetained && a.gains(id, t, k) {
				return // AddSource makes it current, no longer retained
			}
			a.p.Changes = append(a.p.Changes, Change{User: id, Kind: k, Op: DropSource, Sub: license.NoSub, From: license.NoSub, Reason: BecauseExactGrant, Template: t, Source: s})
		})
	}
}

// retain marks kept licenses whose template stops granting them (LIC-9).
func (a *application) retain(id UserID, kept license.Set) {
	if a.lostAll.IsEmpty() {
		return
	}
	kept = kept.Intersect(a.lostAll).Diff(a.o.cat.ImpliedKinds())
	if kept.IsEmpty() {
		return
	}
	for _, l := range a.lost {
		lost := kept.Intersect(l.kinds)
		if lost.IsEmpty() || !governedBy(a.o, id, l.t) {
			continue
		}
		for k := range lost.All() {
			a.p.Changes = append(a.p.Changes, Change{User: id, Kind: k, Op: Retain, Sub: license.NoSub, From: license.NoSub, Reason: BecauseNoLongerGrant, Template: l.t})
		}
	}
}

// gains reports whether template t starts granting k to the user in this
// event (gain records it as AddSource).
func (a *application) gains(id UserID, t TemplateID, k license.Kind) bool {
	for _, g := range a.gained {
		if g.t == t && g.kinds.Has(k) && slices.Contains(a.current(id), t) {
			return true
		}
	}
	return false
}

// gain records templates that start granting licenses a user keeps as
// their current sources (LIC-9).
func (a *application) gain(id UserID, kept license.Set) {
	if kept.Intersect(a.gainedAll).IsEmpty() {
		return
	}
	for _, g := range a.gained {
		got := kept.Intersect(g.kinds).Diff(a.o.cat.ImpliedKinds())
		if got.IsEmpty() || !slices.Contains(a.current(id), g.t) {
			continue
		}
		for k := range got.All() {
			a.p.Changes = append(a.p.Changes, Change{User: id, Kind: k, Op: AddSource, Sub: license.NoSub, From: license.NoSub, Reason: a.reason, Template: g.t})
		}
	}
}

// governedBy reports whether template t governed the user before the event.
func governedBy(o *Org, id UserID, t TemplateID) bool {
	if int(id) >= o.users.len() || int(t) >= len(o.templates) { // a new user or template
		return false
	}
	g := o.templates[t].group
	if g == NoGroup {
		return o.mode == OrgMode
	}
	for _, x := range o.users.groupsOf(o.users.at(id)) {
		if x == g {
			return true
		}
	}
	return false
}

// grantPlain grants the queued grants from the first for as long as each
// is of a plain decision and every step gets its unit, as grant would,
// and returns how many it granted. When a step gets no unit, it gives back
// what that user took, for grant to do it all. (It writes takeStep out,
// and loops over the users itself: the calls cost a save of a million
// grants about 2 ms each.) A step takes from the subscription it last
// took from while no unit came back since (plainGen) and that one has a
// free unit: it is still the oldest allowed one with one, as only taking
// happened.
func (a *application) grantPlain(pend []pending) int {
	for j, pd := range pend {
		d := &a.decisions[pd.d]
		if !d.plain {
			return j
		}
		start := len(a.p.Changes)
		for i := range d.steps {
			st := &d.steps[i]
			sub := license.NoSub
			switch {
			case !st.unit:
			case st.lastGen == a.plainGen && a.led.Take(st.last, st.kind):
				sub = st.last
			default:
				var ok bool
				if sub, ok = st.oldest(a.led); !ok {
					for _, c := range a.p.Changes[start:] {
						a.led.Release(c.Sub, c.Kind) // NoSub: nothing
					}
					a.p.Changes = a.p.Changes[:start]
					return j
				}
				a.led.Take(sub, st.kind)
				st.last, st.lastGen = sub, a.plainGen
			}
			a.p.Changes = append(a.p.Changes, st.grant)
			c := &a.p.Changes[len(a.p.Changes)-1]
			c.User, c.Sub = pd.id, sub
		}
	}
	return len(pend)
}

// grant allocates the queued grants of one user (ASG-19, LIC-8).
func (a *application) grant(pd pending) {
	id := pd.id
	u := a.user(id)
	d := &a.decisions[pd.d]
	start, shorts := len(a.p.Changes), len(a.p.Shortfalls)
	var got license.Set
	failed := false
	for i := range d.steps {
		k := d.steps[i].kind
		calling := a.o.rules.placement.Has(k)
		if calling && !a.place(id, u, k) {
			failed = true
			continue
		}
		if a.takeStep(id, &d.steps[i], a.reason) {
			got = got.Add(k)
			continue
		}
		if calling {
			a.unplace(id, k)
		}
		failed = true
		a.short(id, k, NoUnitAvailable, license.NoKind)
		if fb := a.o.rules.Fallback(k, d.adminDropped); fb != license.NoKind {
			a.short(id, fb, AttendeeSiteAdmin, license.NoKind)
		}
		fb := a.o.rules.Fallback(k, d.raw)
		if fb != license.NoKind && !u.held.Has(fb) && !got.Has(fb) && a.take(id, a.current(id), fb, BecauseFallback) {
			got = got.Add(fb)
		}
	}
	if !failed && d.reqOK && d.upgrade.IsEmpty() {
		return
	}
	final := d.kept.Union(got)
	if failed || !d.reqOK {
		final = a.dropUnmet(id, start, final)
	}
	if failed {
		a.preferRequirementMissing(a.p.Shortfalls[shorts:], final)
	}
	var removed license.Set
	for o := range d.upgrade.All() {
		if upgraders(&a.o.rules, o, final).IsEmpty() {
			a.sources(id, u, d, license.SetOf(o)) // kept after all
			continue
		}
		removed = removed.Add(o)
		sub := a.sub(id, u, o)
		if i := slices.IndexFunc(a.preFreed, func(c Change) bool { return c.User == id && c.Kind == o }); i >= 0 {
			a.preFreed = slices.Delete(a.preFreed, i, i+1) // removed before the pass
			continue
		}
		a.removeOne(id, u, o, BecauseUpgrade)
		if sub != license.NoSub {
			a.upgraded = append(a.upgraded, Change{User: id, Kind: o, Sub: sub})
		}
	}
	for k := range d.upgradeDeps.All() { // implied kinds go with their last implier (LIC-5)
		if a.implierKept(final.Diff(removed), k) {
			a.sources(id, u, d, license.SetOf(k))
		} else {
			a.removeOne(id, u, k, BecauseUpgrade)
		}
	}
}

// dropUnmet drops the grants planned since start whose requirements are
// neither held nor granted (RequirementMissing, ASG-19), and returns the
// user's final set.
func (a *application) dropUnmet(id UserID, start int, final license.Set) license.Set {
	for changed := true; changed; {
		changed = false
		for i := start; i < len(a.p.Changes); i++ {
			c := &a.p.Changes[i]
			if c.Op != Grant {
				continue
			}
			if miss := a.o.cat.Needs(c.Kind).Diff(final); !miss.IsEmpty() {
				a.short(id, c.Kind, RequirementMissing, first(miss))
				if c.Sub != license.NoSub {
					a.led.Release(c.Sub, c.Kind)
				}
				final = final.Remove(c.Kind)
				c.Op = 0
				changed = true
			}
		}
	}
	kept := slices.DeleteFunc(a.p.Changes[start:], func(c Change) bool { return c.Op == 0 })
	a.p.Changes = a.p.Changes[:start+len(kept)]
	return final
}

// preferRequirementMissing reports a kind refused for want of a unit whose
// requirement the user does not end with as RequirementMissing: it could
// not be granted either way, and so a second application, where the unit
// went to someone else, reports it as the first one did, when the kind
// took a unit and gave it back in dropUnmet (INV-6).
func (a *application) preferRequirementMissing(shorts []Shortfall, final license.Set) {
	for i, s := range shorts {
		if s.Reason != NoUnitAvailable {
			continue
		}
		if miss := a.o.cat.Needs(s.Kind).Diff(final); !miss.IsEmpty() {
			shorts[i].Reason, shorts[i].Other = RequirementMissing, first(miss)
		}
	}
}

// upgraders returns the kinds of final that upgrade o.
func upgraders(r *rules, o license.Kind, final license.Set) license.Set {
	var s license.Set
	for k := range final.All() {
		if r.Upgrades(k, o) {
			s = s.Add(k)
		}
	}
	return s
}

// step works out how the current templates grant k: which template
// names it (the first in template order) and which subscriptions it may
// come from.
func (a *application) step(ts []TemplateID, k license.Kind) step {
	st := step{kind: k, by: a.tmpl, unit: a.o.rules.units.Has(k)}
	if len(ts) > 0 {
		st.by = NoTemplate
		for _, t := range ts {
			if a.cfg.tmpls[t].grant.Has(k) && t < st.by {
				st.by = t
			}
		}
	}
	if st.unit {
		st.allow = a.allowed(ts, k)
	}
	return st
}

// oldest returns the oldest subscription the step allows with a free unit
// of its kind.
func (st *step) oldest(led *license.Ledger) (license.SubID, bool) {
	if st.allow == nil {
		return led.Oldest(st.kind, nil)
	}
	return led.Oldest(st.kind, func(s license.SubID) bool { return slices.Contains(st.allow, s) })
}

// take grants k with a unit from an allowed subscription, if one is free.
func (a *application) take(id UserID, ts []TemplateID, k license.Kind, r Reason) bool {
	st := a.step(ts, k)
	return a.takeStep(id, &st, r)
}

// takeStep records the grant of a step, taking a unit from the oldest
// allowed subscription with one free; it reports false if there is none.
func (a *application) takeStep(id UserID, st *step, r Reason) bool {
	sub := license.NoSub
	if st.unit {
		var ok bool
		if sub, ok = st.oldest(a.led); !ok {
			return false
		}
		a.led.Take(sub, st.kind)
	}
	a.changeBy(id, st.kind, Grant, sub, r, st.by)
	return true
}

// drop removes, for a delete with preserve off, every license whose only
// source was the deleted template, keeping what a kept license requires
// (ASG-5).
func (a *application) drop(id UserID, u *user, ts []TemplateID) {
	cat := a.o.cat
	t := a.tmpl
	var tg license.Set // kinds t is a source of: current where it governs, and retained
	if governedBy(a.o, id, t) {
		tg = a.cfg.tmpls[t].grant
	}
	tg = tg.Union(retainedKinds(a.o.users.extraOf(u), t))
	var other license.Set // kinds with a source besides t
	for _, x := range ts {
		if x != t {
			other = other.Union(a.cfg.tmpls[x].grant)
		}
	}
	if x := a.o.users.extraOf(u); x != nil {
		other = other.Union(x.manual).Union(x.dflt)
		for _, r := range x.retained {
			if r.t != t {
				other = other.Union(r.kinds)
			}
		}
	}
	held, implied := u.held, cat.ImpliedKinds()
	last := held.Intersect(tg).Diff(other).Diff(implied) // t was their only source
	gone := a.dropClosure(held, last)
	// t becomes retained only where the delete's choice kept the license:
	// it lost its last source and a kept license requires it; a license
	// with another source simply loses t (ASG-5).
	kept := held.Diff(gone)
	a.retain(id, kept.Intersect(last))
	for k := range kept.Intersect(retainedKinds(a.o.users.extraOf(u), t)).Diff(last).Diff(cat.ImpliedKinds()).All() {
		a.p.Changes = append(a.p.Changes, Change{User: id, Kind: k, Op: DropSource, Sub: license.NoSub, From: license.NoSub, Reason: BecauseDelete, Template: t, Source: FromRetained})
	}
	for k := range gone.All() {
		a.removeOne(id, u, k, BecauseDelete)
	}
}

// dropClosure returns what goes of held when the kinds of last lose their
// only source: last, less what a kept license requires (an implied
// requirement keeps its implier), plus the implied kinds whose every
// implier goes (LIC-5, INV-1).
func (a *application) dropClosure(held, last license.Set) license.Set {
	var pinned license.Set
	for {
		gone := last.Diff(pinned)
		for _, im := range a.o.rules.impl {
			if held.Has(im.Implied) && !a.implierKept(held.Diff(gone), im.Implied) {
				gone = gone.Add(im.Implied)
			}
		}
		kept := held.Diff(gone)
		var need license.Set
		for k := range kept.All() {
			need = need.Union(a.o.cat.Needs(k).Intersect(gone))
		}
		for _, im := range a.o.rules.impl { // keep an implied requirement by keeping its implier
			if need.Has(im.Implied) && held.Has(im.By) {
				need = need.Remove(im.Implied).Add(im.By)
			}
		}
		if need.Diff(pinned).IsEmpty() {
			return gone
		}
		pinned = pinned.Union(need)
	}
}

// implierKept reports whether kept holds a kind implying k.
func (a *application) implierKept(kept license.Set, k license.Kind) bool {
	for _, im := range a.o.rules.impl {
		if im.Implied == k && kept.Has(im.By) {
			return true
		}
	}
	return false
}

// first returns the lowest kind of a non-empty set.
func first(s license.Set) license.Kind {
	for k := range s.All() {
		return k
	}
	return license.NoKind
}

// setGained records the kinds templates start granting in this event.
func (a *application) setGained(g []retention) {
	a.gained = g
	a.gainedAll = license.Set{}
	for _, r := range g {
		a.gainedAll = a.gainedAll.Union(r.kinds)
	}
}

// setLost records the kinds templates stop granting in this event.
func (a *application) setLost(l []retention) {
	a.lost = l
	a.lostAll = license.Set{}
	for _, r := range l {
		a.lostAll = a.lostAll.Union(r.kinds)
	}
}

// retainedKinds returns the kinds a user of sparse part x holds with t as
// a retained source.
func retainedKinds(x *extra, t TemplateID) license.Set {
	if x != nil {
		for _, r := range x.retained {
			if r.t == t {
				return r.kinds
			}
		}
	}
	return license.Set{}
}

// adminRoles returns the attendee roles of the meeting sites a user of
// attributes x administers, which ASG-13 keeps from them.
func (o *Org) adminRoles(x *userAttrs) license.Set {
	var s license.Set
	for _, site := range x.sites() {
		if k, ok := o.cat.SiteKind(site, license.RoleAttendee); ok {
			s = s.Add(k)
		}
	}
	return s
}
