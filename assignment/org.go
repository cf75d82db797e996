package assignment

import (
	"fmt"
	"slices"
	"time"

	"github.com/wxlicense/wxlicense/internal/kindrules"
	"github.com/wxlicense/wxlicense/license"
)

// UserID is a user's dense index in an [Org], in the order users were added.
type UserID uint32

// GroupID is a group's dense index in an [Org].
type GroupID uint16

// TemplateID is a template's dense index in an [Org]. A deleted template
// keeps its ID so that retained sources can still name it.
type TemplateID uint16

// NoTemplate is the absent template.
const NoTemplate TemplateID = 0xFFFF

// NoGroup marks the org template's group.
const NoGroup GroupID = 0xFFFF

// Mode is how an org manages templates (ASG-1).
type Mode uint8

// The template modes. An org starts in OrgMode.
const (
	OrgMode Mode = iota
	GroupMode
)

// String returns "org" or "group".
func (m Mode) String() string {
	switch m {
	case OrgMode:
		return "org"
	case GroupMode:
		return "group"
	}
	return fmt.Sprintf("Mode(%d)", m)
}

// Status is a user's account status (ASG-18).
type Status uint8

// The user statuses. Only an active user's licenses are active.
const (
	Active Status = iota
	Inactive
	UnverifiedDomain
)

// String returns "active", "inactive" or "unverified-domain".
func (s Status) String() string {
	if s > UnverifiedDomain {
		return fmt.Sprintf("Status(%d)", s)
	}
	return [...]string{"active", "inactive", "unverified-domain"}[s]
}

// Placement is where a Webex Calling user lives (CAL-1): a location and a
// number and/or an extension. The calling package owns the checks; the
// assignment engine only needs to know whether a user has one.
type Placement struct {
	Location, Number, Extension string
}

// IsZero reports whether p is no placement.
func (p Placement) IsZero() bool { return p.Location == "" && p.Number == "" && p.Extension == "" }

// unit records which subscription holds one unit-consuming license.
type unit struct {
	kind license.Kind
	sub  license.SubID
}

const inlineUnits = 6

type user struct {
	held     license.Set
	x        uint32            // 0 for most users, else 1 + the slot of their sparse part (userTable.extraOf)
	attrs    uint32            // 0 for most users, else 1 + the index of their attributes (userTable.attrsOf)
	units    [inlineUnits]unit // kind NoKind marks a free slot
	mailSlab uint32            // the e-mail: mailLen bytes from mailOff in a slab of the table (userTable.email)
	groupOff uint32            // the direct groups: groupN IDs from groupOff in the table's groups (userTable.groupsOf)
	groupN   uint16
	mailOff  uint16
	mailLen  uint8
	status   Status
	flags    uint8
}

const (
	flagSynced uint8 = 1 << iota
	flagWelcomed
	flagDeleted     // the user was deleted: no licenses, groups or e-mail index; the ID stays
	flagOverflow    // some units are in Org.overflow: more than the record holds
	flagSharedExtra // the sparse part is shared with other users: copy it before changing it (own)
)

// extra is the sparse part of a user: sources other than current templates
// and implication, and rarer attributes.
type extra struct {
	manual, dflt license.Set
	retained     []retention
}

// userAttrs are the rarest attributes of a user.
type userAttrs struct {
	siteAdmin []string // sites this user administers (ASG-13)
	placement Placement
}

// sites returns the sites a user of attributes x administers (ASG-13).
func (x *userAttrs) sites() []string {
	if x == nil {
		return nil
	}
	return x.siteAdmin
}

// place returns the admin placement of a user of attributes x, given at
// creation.
func (x *userAttrs) place() Placement {
	if x == nil {
		return Placement{}
	}
	return x.placement
}

// retention marks kinds a template granted earlier and no longer does.
type retention struct {
	t     TemplateID
	kinds license.Set
}

type group struct {
	name     string
	security bool
	parent   GroupID // nesting is recorded but confers nothing (ASG-7)
	members  memberList
	template TemplateID
}

type pin struct {
	kind license.Kind
	sub  license.SubID
}

type template struct {
	name    string
	group   GroupID // NoGroup for the org template
	grant   license.Set
	pins    []pin // subscriptions named per kind (LIC-8); sorted by kind
	deleted bool
}

// Settings are org-wide settings.
type Settings struct {
	// PreserveOnGroupChange is "preserve licenses on group change" (ASG-8),
	// on by default.
	PreserveOnGroupChange bool
	// SuppressEmails suppresses automatic e-mails such as the welcome
	// e-mail (LIC-12).
	SuppressEmails bool
	// Retention is how long messages and files outlive a removed messaging
	// license (LIC-10). Zero keeps them forever.
	Retention time.Duration
	// SSO is set when the org configured single sign-on. With SSO and
	// SuppressEmails, directory-synced users are active at once (ASG-18).
	SSO bool
	// RestrictedByPartner is the partner's restricted mode (BW-24, LIC-14):
	// customer admins lose user management and license changes. Only a
	// partner admin switches it ([RestrictByPartner]).
	RestrictedByPartner bool
}

// Org is one organization's license state: users, groups, templates and
// subscriptions. It changes only through [Org.Apply]; every change is first
// computed as a [Plan].
type Org struct {
	id        string
	cat       *license.Catalog
	ledger    *license.Ledger
	users     userTable
	byEmail   emailIndex
	groups    []group
	templates []template
	names     nameIndex // groups and live templates by name
	orgTmpl   TemplateID
	mode      Mode
	settings  Settings
	attendee  license.Set // attendee kinds whose site has the attendee feature on (ASG-13)
	overflow  map[UserID][]unit
	now       time.Time
	version   uint64
	rules     rules
	self      *token // identifies this org (a clone gets its own) for Apply
	labels    labels // template and subscription names, shared by plans
	// groupT is each group's template, as groups[i].template, for configs
	// to share: appended to, never written in place.
	groupT  []TemplateID
	memoOff bool // tests only: decide each user alone (memo_rapid_test.go)
	// threePasses is for tests only: Apply never in one pass (plan.go).
	threePasses bool

	view   appState    // what the users' apps show (LIC-11), appview.go
	placer Placer      // places users in Webex Calling, or nil (calling.go)
	work   []string    // work numbers by user, grown on demand (CAL-7)
	kept   keptTable   // messages and files kept after removal (LIC-10), kept.go
	slab   slab        // room for sparse parts, reset by Apply
	shared sharedParts // the sparse parts users share
	// class holds each user's class, classes their keys (classes.go).
	class   []uint32
	classes classes
	known   *knownDecisions // AddUsers' decisions, by memo key (memo.go)
}

// token identifies an Org value: plans apply only to the org they were
// made on.
type token struct{ _ byte }

// rules caches the catalog's rules and kind classes for the hot paths.
type rules struct {
	kindrules.Rules
	excl      []license.Exclusion
	down      []license.Downgrade
	impl      []license.Implication
	placement license.Set // kinds that need a placement (CAL-1)
	units     license.Set // kinds that consume a unit
	msg       license.Set // messaging kinds, whose removal keeps data (LIC-10)
	attendee  license.Set // the attendee roles of the catalog's sites (ASG-13)
}

func newRules(cat *license.Catalog) rules {
	msg := cat.Matching(func(i license.Info) bool { return i.Category == license.Messaging })
	return rules{
		Rules: kindrules.New(cat),
		excl:  cat.Exclusions(), down: cat.Downgrades(), impl: cat.Implications(),
		placement: cat.Matching(func(i license.Info) bool { return i.NeedsPlacement }),
		units:     cat.Matching(func(i license.Info) bool { return i.ConsumesUnit }),
		msg:       msg,
		attendee:  cat.Matching(func(i license.Info) bool { return i.Role == license.RoleAttendee }),
	}
}

// New returns an empty org with the given ID and catalog, in org mode, with
// the group-change preserve setting on. Like regexp.MustCompile, it panics
// if cat is nil; [NewOrg] returns an error instead.
func New(id string, cat *license.Catalog) *Org {
	if cat == nil {
		panic("assignment: New with a nil catalog")
	}
	r := newRules(cat)
	o := &Org{
		id: id, cat: cat, ledger: license.NewLedger(cat),
		byEmail: newEmailIndex(), orgTmpl: NoTemplate,
		settings: Settings{PreserveOnGroupChange: true},
		attendee: r.attendee, // every site's attendee feature on
		rules:    r,
		self:     new(token),
	}
	o.relabel()
	return o
}

// ID returns the org's ID.
func (o *Org) ID() string { return o.orZero().id }

// Catalog returns the org's catalog.
func (o *Org) Catalog() *license.Catalog { return o.orZero().cat }

// Mode returns the template mode.
func (o *Org) Mode() Mode { return o.orZero().mode }

// Settings returns the org settings.
func (o *Org) Settings() Settings { return o.orZero().settings }

// Now returns the org's virtual time.
func (o *Org) Now() time.Time { return o.orZero().now }

// Version counts applied plans; a plan made at another version is stale.
func (o *Org) Version() uint64 { return o.orZero().version }

// NumUsers returns the number of user IDs: users are numbered from 0 to
// NumUsers()-1, deleted users included, whose IDs stay. A nil org has
// none.
func (o *Org) NumUsers() int {
	if o == nil {
		return 0
	}
	return o.users.len()
}

// NumLiveUsers returns the number of users not deleted; a nil org has
// none.
func (o *Org) NumLiveUsers() int {
	if o == nil {
		return 0
	}
	return o.byEmail.len()
}

// Usage returns the usage report per subscription and kind (LIC-8); none
// for a zero org.
func (o *Org) Usage() []license.Usage {
	if o.usable() != nil {
		return nil
	}
	return o.ledger.Usage(o.cat)
}

// Ledger returns a copy of the subscription ledger, nil for a zero org.
func (o *Org) Ledger() *license.Ledger {
	if o.usable() != nil {
		return nil
	}
	return o.ledger.Clone()
}

// LookupUser finds a user by e-mail, case-insensitively; an invalid
// e-mail ([ParseEmail]) finds no one.
func (o *Org) LookupUser(email string) (UserID, bool) {
	id, err := o.findUser(email)
	return id, err == nil
}

// LookupGroup finds a group by name.
func (o *Org) LookupGroup(name string) (GroupID, bool) {
	g, ok := o.orZero().names.groups[name]
	return g, ok
}

// LookupTemplate finds a live template by name.
func (o *Org) LookupTemplate(name string) (TemplateID, bool) {
	if t, ok := o.orZero().names.templates[name]; ok {
		return t, true
	}
	return NoTemplate, false
}

// Clone returns a copy of the org that changes independently of it: it
// shares only data neither writes in place. The clone of a nil or zero
// org is a zero org.
func (o *Org) Clone() *Org {
	if o.usable() != nil {
		return &Org{}
	}
	n := *o
	n.self = new(token)
	n.slab = slab{} // empty between Applies; the two orgs never take from one
	n.shared = o.shared.clone()
	n.ledger = o.ledger.Clone()
	n.groupT = o.groupT[:len(o.groupT):len(o.groupT)] // appends to either org copy
	n.names = o.names.clone()
	n.work = slices.Clone(o.work)
	n.kept = o.kept.clone()
	n.class = slices.Clone(o.class)
	n.classes = o.classes.clone()
	if o.placer != nil {
		n.placer = o.placer.Clone()
	}
	n.view = o.view.clone()
	n.users = o.users.clone()
	for i := range UserID(n.users.len()) {
		u := n.users.at(i)
		if u.x != 0 && u.flags&flagSharedExtra == 0 { // a shared one is never changed in place
			x := *n.users.extraOf(u)
			x.retained = slices.Clone(x.retained)
			n.users.setExtra(u, &x)
		}
	}
	n.byEmail = o.byEmail.clone()
	n.groups = slices.Clone(o.groups)
	for i := range n.groups {
		n.groups[i].members = n.groups[i].members.clone()
	}
	n.templates = slices.Clone(o.templates)
	for i := range n.templates {
		n.templates[i].pins = slices.Clone(n.templates[i].pins)
	}
	n.known = o.known.clone()
	if o.overflow != nil {
		n.overflow = make(map[UserID][]unit, len(o.overflow))
		for k, v := range o.overflow {
			n.overflow[k] = slices.Clone(v)
		}
	}
	return &n
}

// inlineSub returns the subscription of u's unit of k among its inline
// slots, or NoSub.
func (u *user) inlineSub(k license.Kind) license.SubID {
	for _, s := range u.units {
		if s.kind == k {
			return s.sub
		}
	}
	return license.NoSub
}

// subOf returns the subscription holding u's unit of k, or NoSub.
func (o *Org) subOf(id UserID, u *user, k license.Kind) license.SubID {
	if s := u.inlineSub(k); s != license.NoSub || u.flags&flagOverflow == 0 {
		return s
	}
	for _, s := range o.overflow[id] {
		if s.kind == k {
			return s.sub
		}
	}
	return license.NoSub
}

// setUnit records that u's unit of k is on sub. The inline slots are
// packed, used ones first, and the overflow holds units only while they
// are full: a free slot ends the search.
func (o *Org) setUnit(id UserID, u *user, k license.Kind, sub license.SubID) {
	if !u.setInline(k, sub) {
		o.setOverflow(id, u, k, sub)
	}
}

// setInline records u's unit of k on sub in the inline slots, and reports
// false, changing nothing, when they are full without one of k.
func (u *user) setInline(k license.Kind, sub license.SubID) bool {
	for i := range u.units {
		if s := &u.units[i]; s.kind == k || s.kind == license.NoKind {
			s.kind, s.sub = k, sub
			return true
		}
	}
	return false
}

// setOverflow is setUnit for a user whose inline slots are full.
func (o *Org) setOverflow(id UserID, u *user, k license.Kind, sub license.SubID) {
	ov := o.overflow[id]
	for i, s := range ov {
		if s.kind == k {
			ov[i].sub = sub
			return
		}
	}
	if o.overflow == nil {
		o.overflow = map[UserID][]unit{}
	}
	o.overflow[id] = append(ov, unit{k, sub})
	u.flags |= flagOverflow
}

// clearUnit forgets u's unit of k, keeping the inline slots packed: the
// last used slot, or a unit from the overflow, fills the hole.
func (o *Org) clearUnit(id UserID, u *user, k license.Kind) {
	hole, last := -1, -1
	for i, s := range u.units {
		if s.kind == license.NoKind {
			break
		}
		if s.kind == k {
			hole = i
		}
		last = i
	}
	var ov []unit
	if u.flags&flagOverflow != 0 {
		ov = o.overflow[id]
	}
	if hole < 0 { // in the overflow, if anywhere
		i := slices.IndexFunc(ov, func(s unit) bool { return s.kind == k })
		if i < 0 {
			return
		}
		ov[i] = ov[len(ov)-1]
		o.trimOverflow(id, u, ov)
		return
	}
	if len(ov) > 0 {
		u.units[hole] = ov[len(ov)-1]
		o.trimOverflow(id, u, ov)
		return
	}
	u.units[hole], u.units[last] = u.units[last], unit{license.NoKind, license.NoSub}
}

// trimOverflow drops the last of u's overflow units ov.
func (o *Org) trimOverflow(id UserID, u *user, ov []unit) {
	if len(ov) == 1 {
		delete(o.overflow, id)
		u.flags &^= flagOverflow
		return
	}
	o.overflow[id] = ov[:len(ov)-1]
}

func emptyUnits() [inlineUnits]unit {
	var u [inlineUnits]unit
	for i := range u {
		u[i] = unit{license.NoKind, license.NoSub}
	}
	return u
}

// config is an org's template configuration: what governs whom. Actions
// that change it plan against a copy and commit the copy.
type config struct {
	mode   Mode
	orgT   TemplateID
	tmpls  []template
	groupT []TemplateID // per group
}

// config returns a copy of the org's template configuration, for an
// action to change and commit.
func (o *Org) config() config {
	c := o.sharedConfig()
	c.tmpls, c.groupT = slices.Clone(o.templates), slices.Clone(c.groupT)
	return c
}

// sharedConfig returns the org's template configuration for reading only:
// its templates and group templates are the org's, not copies (an
// application never writes its cfg), so that an action changing no
// template copies none.
func (o *Org) sharedConfig() config {
	return config{mode: o.mode, orgT: o.orgTmpl, tmpls: o.templates[:len(o.templates):len(o.templates)], groupT: o.groupT[:len(o.groupT):len(o.groupT)]}
}

func (o *Org) setConfig(c config) {
	o.names.reindexTemplates(o.templates, c.tmpls)
	o.mode, o.orgTmpl, o.templates = c.mode, c.orgT, c.tmpls
	o.known = nil // decided on the old templates (memo.go)
	o.relabel()
	o.groupT = c.groupT[:len(c.groupT):len(c.groupT)]
	for i := range o.groups {
		o.groups[i].template = c.groupT[i]
	}
}

// pinned reports whether any of the templates names a subscription.
func (c *config) pinned(ts []TemplateID) bool {
	for _, t := range ts {
		if len(c.tmpls[t].pins) > 0 {
			return true
		}
	}
	return false
}

// templatesOf appends the templates governing a user in the given groups.
func (c *config) templatesOf(dst []TemplateID, groups []GroupID) []TemplateID {
	if c.mode == OrgMode {
		if c.orgT != NoTemplate {
			dst = append(dst, c.orgT)
		}
		return dst
	}
	for _, g := range groups {
		if t := c.groupT[g]; t != NoTemplate {
			dst = append(dst, t)
		}
	}
	return dst
}

// own returns the user's sparse part to change in place: its own, made
// from the slab when it has none, or copied there when it shares one.
func (o *Org) own(u *user) *extra {
	switch {
	case u.x == 0:
		o.users.setExtra(u, o.slab.extras.take())
	case u.flags&flagSharedExtra != 0:
		x, was := o.slab.extras.take(), o.users.extraOf(u)
		*x = *was
		x.retained = append(o.slab.rets.take()[:0:1], was.retained...)
		o.users.setExtra(u, x)
		u.flags &^= flagSharedExtra
	}
	return o.users.extraOf(u)
}

// slab hands out the sparse parts and retained sources Apply stores from
// blocks that double with its needs up to slabBlock, so that a plan giving
// a million users sparse parts allocates about a thousand blocks, not two
// million small objects, and a plan for one user one small block. Apply
// drops what is left.
type slab struct {
	extras blocks[extra]
	rets   blocks[[1]retention]
}

const slabBlock = 1024

// blocks hands out zero values of T from blocks that double up to
// slabBlock.
type blocks[T any] struct {
	free []T
	next int // the size of the next block
}

func (b *blocks[T]) take() *T {
	if len(b.free) == 0 {
		b.next = min(max(2*b.next, 1), slabBlock)
		b.free = make([]T, b.next)
	}
	x := &b.free[0]
	b.free = b.free[1:]
	return x
}

// retain marks t as a retained source of k (LIC-9).
func (o *Org) retain(u *user, t TemplateID, k license.Kind) {
	if u.x == 0 || u.flags&flagSharedExtra != 0 { // the common case: many users retain the same
		o.users.setExtra(u, o.sharedPart(o.users.extraOf(u), t, k, true))
		u.flags |= flagSharedExtra
		return
	}
	x := o.users.extraOf(u)
	if cap(x.retained) == 0 {
		x.retained = o.slab.rets.take()[:0:1]
	}
	x.retain(t, k)
}

// retain stores k as retained from t.
func (x *extra) retain(t TemplateID, k license.Kind) {
	for i := range x.retained {
		if x.retained[i].t == t {
			x.retained[i].kinds = x.retained[i].kinds.Add(k)
			return
		}
	}
	x.retained = append(x.retained, retention{t, license.Set{}.Add(k)})
}

// unsource drops one stored source of k from the user: manual, default,
// or t as retained. A shared sparse part holds only retained sources.
func (o *Org) unsource(u *user, k license.Kind, s SourceKind, t TemplateID) {
	switch {
	case u.x == 0:
		return
	case u.flags&flagSharedExtra != 0:
		if s != FromRetained {
			return
		}
		if o.users.setExtra(u, o.sharedPart(o.users.extraOf(u), t, k, false)); u.x == 0 {
			u.flags &^= flagSharedExtra
		}
		return
	}
	o.users.extraOf(u).unsource(k, s, t)
	o.dropEmptyExtra(u)
}

// forget drops every stored source of k from the user; from a shared part,
// by the shared parts without it, not by a copy of the user's own.
func (o *Org) forget(u *user, k license.Kind) {
	if u.flags&flagSharedExtra == 0 {
		o.users.extraOf(u).forget(k)
		o.dropEmptyExtra(u)
		return
	}
	for _, r := range o.users.extraOf(u).retained { // the part is never changed: u's may change meanwhile
		if r.kinds.Has(k) {
			o.unsource(u, k, FromRetained, r.t)
		}
	}
}

// dropEmptyExtra forgets a sparse part left empty, so that the user is
// again alike the users without one (the decision memo shares their
// source changes).
func (o *Org) dropEmptyExtra(u *user) {
	x := o.users.extraOf(u)
	if x.manual.IsEmpty() && x.dflt.IsEmpty() && len(x.retained) == 0 {
		o.users.setExtra(u, nil)
		u.flags &^= flagSharedExtra
	}
}

// groupArena backs the group lists of a batch of new users with one
// array, so that adding a million users allocates once for their groups,
// not once per user: each user's list is a run of it (user.groupsIn),
// which Apply appends to the user table's.
type groupArena []GroupID

// newBatch is what a batch of new users shares: the arena of their group
// lists; the groups the batch named last, by name, since a batch names a
// few groups over and over; and the attributes of those who have some.
// Apply appends the lists and the attributes to the user table's.
type newBatch struct {
	arena groupArena
	names [64]string
	ids   [64]GroupID
	attrs []userAttrs
}

// newAttrs adds a new user's attributes, x, to the batch, and returns the
// record's attrs for them: past those of the table t (attrsOf).
func (b *newBatch) newAttrs(t *userTable, x userAttrs) uint32 {
	b.attrs = append(b.attrs, x)
	return uint32(len(t.attrs) + len(b.attrs))
}

// lookup finds the group named name, as Org.group does.
func (b *newBatch) lookup(o *Org, name string) (GroupID, error) {
	if name == "" {
		return o.group(name)
	}
	i := (uint(len(name)) + uint(name[len(name)-1]) + 7*uint(name[len(name)/2])) % uint(len(b.names))
	if b.names[i] == name {
		return b.ids[i], nil
	}
	g, err := o.group(name)
	if err == nil {
		b.names[i], b.ids[i] = name, g
	}
	return g, err
}
