package assignment

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/wxlicense/wxlicense/internal/visible"
	"github.com/wxlicense/wxlicense/license"
)

// Action is one thing an admin, a directory sync or a user does to an org.
// [Org.Plan] computes its effect; [Org.Do] plans and applies it. The set of
// actions is closed: the types of this package.
type Action interface {
	fmt.Stringer
	plan(o *Org) (*Plan, error)
}

// Scope is the one-shot scope option of a template save (ASG-3).
type Scope uint8

// The save scopes; the zero value is Future.
const (
	Future   Scope = iota // new users only
	Existing              // also every existing governed user, now
)

// String returns "future" or "existing".
func (s Scope) String() string {
	if s > Existing {
		return fmt.Sprintf("Scope(%d)", s)
	}
	return [...]string{"future", "existing"}[s]
}

// Entry is one license of a template, optionally naming the subscription
// its units come from (LIC-8).
type Entry struct {
	Kind         license.Kind
	Subscription string
}

func users(n int) func(func(UserID) bool) {
	return func(yield func(UserID) bool) {
		for i := 0; i < n; i++ {
			if !yield(UserID(i)) {
				return
			}
		}
	}
}

// governed returns the users template t governs under cfg, and how many.
func (o *Org) governed(cfg *config, t TemplateID) (func(func(UserID) bool), int) {
	if g := cfg.tmpls[t].group; g != NoGroup {
		return o.groups[g].members.all(), o.groups[g].members.len()
	}
	return o.liveUsers(), o.users.len()
}

// liveUsers yields the users of the org, deleted ones left out.
func (o *Org) liveUsers() func(func(UserID) bool) {
	return func(yield func(UserID) bool) {
		for i := range UserID(o.users.len()) {
			if o.live(UserID(i)) && !yield(UserID(i)) {
				return
			}
		}
	}
}

func (o *Org) user(email string) (UserID, error) { return o.findUser(email) }

func (o *Org) group(name string) (GroupID, error) {
	g, ok := o.LookupGroup(name)
	if !ok {
		return 0, bad("group", name, ErrUnknownGroup)
	}
	return g, nil
}

func (o *Org) kind(k license.Kind) error {
	if !o.cat.Valid(k) {
		return bad("kind", k.String(), ErrUnknownKind)
	}
	return nil
}

// finish turns an application's missing acknowledgements into an error.
func (a *application) finish(ack bool) (*Plan, error) {
	if lost := a.destroyed(); len(lost) > 0 {
		if !ack {
			return nil, a.o.ackError(lost)
		}
		a.p.destroy = append(a.p.destroy, lost...)
	}
	a.restore()
	return a.p, nil
}

func (o *Org) ackError(list []UserID) error {
	var names []string
	for _, id := range list {
		n := o.nameOf(id)
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return &AckError{Users: names}
}

// nameOf returns a user's e-mail. Only a user the org had before the
// plan has calling data to lose: no action that creates users asks for
// an acknowledgement (a CSV row's is a row error), so any other is named
// by ID.
func (o *Org) nameOf(id UserID) string {
	if int(id) < o.users.len() {
		return o.users.emailOf(id)
	}
	return fmt.Sprintf("user#%d", id)
}

// AddSubscription adds a subscription to the org (LIC-8).
type AddSubscription struct{ Subscription license.Subscription }

// String describes the action, as Plan.Action shows it.
func (a AddSubscription) String() string { return "add subscription " + a.Subscription.ID }

func (a AddSubscription) plan(o *Org) (*Plan, error) {
	sub := a.Subscription
	sub.Units = maps.Clone(sub.Units) // the plan owns what it applies
	for k := range sub.Units {
		if o.cat.Valid(k) && !o.rules.units.Has(k) {
			return nil, bad("subscription", sub.ID, fmt.Errorf("%w: %s consumes no unit", license.ErrBadSubscription, o.cat.Name(k)))
		}
	}
	if _, err := o.ledger.Clone().Add(sub); err != nil {
		return nil, err
	}
	p := &Plan{Edits: []Edit{{Op: EditAddSubscription, User: NoUser, Name: sub.ID, Value: o.unitsText(sub.Units)}}}
	p.st.sub = &sub
	return p, nil
}

// unitsText renders a subscription's units in kind order, e.g.
// "Advanced Messaging: 10, Webex Calling Professional: 5".
func (o *Org) unitsText(units map[license.Kind]int) string {
	kinds := slices.Sorted(maps.Keys(units))
	parts := make([]string, 0, len(kinds))
	for _, k := range kinds {
		name := k.String()
		if o.cat.Valid(k) {
			name = o.cat.Name(k)
		}
		parts = append(parts, fmt.Sprintf("%s: %d", name, units[k]))
	}
	return strings.Join(parts, ", ")
}

// CancelSubscription cancels a subscription, or records its expiry
// (CAL-10): every license whose unit is on it is removed, with what
// requires or is implied by only those licenses (INV-1), and Webex Calling
// users lose their calling data (CAL-9), traced per user. Nothing moves to
// another subscription, even one with free units. It needs no
// acknowledgement; its plan lists the users affected.
type CancelSubscription struct {
	Subscription string
	Expired      bool // an expiry rather than a cancellation; the same effect
}

// String describes the action, as Plan.Action shows it.
func (a CancelSubscription) String() string {
	if a.Expired {
		return "subscription " + a.Subscription + " expires"
	}
	return "cancel subscription " + a.Subscription
}

func (a CancelSubscription) plan(o *Org) (*Plan, error) {
	sub, ok := o.ledger.Lookup(a.Subscription)
	if !ok {
		return nil, bad("subscription", a.Subscription, ErrUnknownSubscription)
	}
	p := &Plan{}
	if !o.ledger.Active(sub) {
		return p, nil
	}
	p.Edits = []Edit{{Op: EditCancelSubscription, User: NoUser, Name: a.Subscription}}
	p.st.cancel = []license.SubID{sub}
	app := o.newApplication(p, exact, BecauseCancelled, NoTemplate)
	defer app.recycle() // the plan holds none of its memory
	for id := range users(o.users.len()) {
		u := o.users.at(id)
		var on license.Set
		for k := range u.held.Intersect(o.rules.units).All() {
			if o.subOf(id, u, k) == sub {
				on = on.Add(k)
			}
		}
		if on.IsEmpty() {
			continue
		}
		gone := app.cascade(u.held, on)
		for k := range gone.All() {
			r := BecauseCancelled
			if !on.Has(k) {
				r = BecauseRequired
			}
			app.removeOne(id, u, k, r)
		}
	}
	return app.finish(true)
}

// cascade returns gone with every held kind that requires a gone kind, and
// every implied kind whose impliers all go (INV-1).
func (a *application) cascade(held, gone license.Set) license.Set {
	for changed := true; changed; {
		changed = false
		for k := range held.Diff(gone).All() {
			if !a.o.cat.Needs(k).Intersect(gone).IsEmpty() || a.o.cat.Info(k).Implied && !a.implierKept(held.Diff(gone), k) {
				gone, changed = gone.Add(k), true
			}
		}
	}
	return gone
}

// AddGroup adds a group. Distribution groups never take part in licensing
// (ASG-17); Parent records nesting, which confers nothing (ASG-7).
type AddGroup struct {
	Name         string
	Distribution bool
	Parent       string
}

// String describes the action, as Plan.Action shows it.
func (a AddGroup) String() string { return "add group " + a.Name }

func (a AddGroup) plan(o *Org) (*Plan, error) {
	if why := visible.NameProblem(a.Name); why != "" {
		return nil, bad("group", a.Name, fmt.Errorf("%w: %s", ErrInvalidName, why))
	}
	if _, ok := o.LookupGroup(a.Name); ok {
		return nil, bad("group", a.Name, ErrDuplicateName)
	}
	if err := o.checkGroupRoom(a.Name); err != nil {
		return nil, err
	}
	parent := NoGroup
	if a.Parent != "" {
		g, err := o.group(a.Parent)
		if err != nil {
			return nil, err
		}
		parent = g
	}
	kind := "security"
	if a.Distribution {
		kind = "distribution"
	}
	p := &Plan{Edits: []Edit{{Op: EditAddGroup, User: NoUser, Name: a.Name, Value: kind}}}
	p.st.group = &group{name: a.Name, security: !a.Distribution, parent: parent, template: NoTemplate}
	return p, nil
}

// SaveTemplate creates or edits the org template (Group empty) or a group's
// template (ASG-1..ASG-5). Scope Existing applies it at once to the users it
// governs; with PreserveOff those users end with exactly their resolved
// grant (ASG-4). Removing Webex Calling from anyone needs Ack (CAL-9).
type SaveTemplate struct {
	Name        string
	Group       string
	Licenses    []Entry
	Scope       Scope
	PreserveOff bool
	Ack         bool
}

// String describes the action, as Plan.Action shows it.
func (a SaveTemplate) String() string {
	where := "org"
	if a.Group != "" {
		where = "group " + a.Group
	}
	s := fmt.Sprintf("save template %q (%s, scope %s", a.name(), where, a.Scope)
	if a.Name == "" && a.Group == "" {
		s = fmt.Sprintf("save org template (scope %s", a.Scope)
	}
	if a.Scope == Existing {
		s += fmt.Sprintf(", preserve %s", onOff(!a.PreserveOff))
	}
	return s + ")"
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// name is the template's name: Name, else the group's name, else "org".
func (a SaveTemplate) name() string {
	switch {
	case a.Name != "":
		return a.Name
	case a.Group != "":
		return a.Group
	}
	return "org"
}

// NewTemplateLicenses returns the entries a new template starts with: the
// catalog's template defaults (LIC-2); none for a nil catalog.
func NewTemplateLicenses(cat *license.Catalog) []Entry {
	if cat == nil {
		return nil
	}
	var out []Entry
	for k := range cat.Matching(func(i license.Info) bool { return i.TemplateDefault }).All() {
		out = append(out, Entry{Kind: k})
	}
	return out
}

// templateSlot finds the template a save edits, or the ID a new one gets.
func (o *Org) templateSlot(cfg *config, groupName string) (TemplateID, GroupID, error) {
	if groupName == "" {
		if cfg.mode != OrgMode {
			return 0, 0, bad("group", "", ErrWrongMode)
		}
		if cfg.orgT != NoTemplate {
			return cfg.orgT, NoGroup, nil
		}
		return TemplateID(len(cfg.tmpls)), NoGroup, nil
	}
	g, err := o.group(groupName)
	if err != nil {
		return 0, 0, err
	}
	switch {
	case cfg.mode != GroupMode:
		return 0, 0, bad("group", groupName, ErrWrongMode)
	case !o.groups[g].security:
		return 0, 0, bad("group", groupName, ErrDistributionGroup)
	case cfg.groupT[g] != NoTemplate:
		return cfg.groupT[g], g, nil
	}
	return TemplateID(len(cfg.tmpls)), g, nil
}

// compile validates a template's entries (LIC-3, LIC-4, ASG-13, INV-1).
func (o *Org) compile(name string, g GroupID, entries []Entry) (template, error) {
	t := template{name: name, group: g}
	for _, e := range entries {
		if err := o.kind(e.Kind); err != nil {
			return t, err
		}
		if t.grant.Has(e.Kind) {
			return t, &license.SetError{Violations: []license.Violation{{Code: license.CodeExclusiveFamily, Kinds: []license.Kind{e.Kind}, Text: o.cat.Name(e.Kind) + " named twice"}}}
		}
		t.grant = t.grant.Add(e.Kind)
		if e.Subscription != "" {
			s, ok := o.ledger.Lookup(e.Subscription)
			if !ok {
				return t, bad("subscription", e.Subscription, ErrUnknownSubscription)
			}
			t.pins = append(t.pins, pin{e.Kind, s})
		}
		if info := o.cat.Info(e.Kind); info.Role == license.RoleAttendee && !o.attendee.Has(e.Kind) {
			v := license.Violation{Code: license.CodeInvalidAttendeeSite, Kinds: []license.Kind{e.Kind}, Text: "invalid attendee site"}
			return t, &InputError{"site", info.Site, fmt.Errorf("%w: %w", ErrAttendeeDisabled, &license.SetError{Violations: []license.Violation{v}})}
		}
	}
	if vs := o.cat.Check(license.Set{}, o.rules.Resolve(o.rules.ImplyRaw(license.Set{}, t.grant))); len(vs) > 0 {
		return t, &license.SetError{Violations: vs}
	}
	t.grant = o.rules.ImplyServices(t.grant)
	slices.SortFunc(t.pins, func(a, b pin) int { return int(a.kind) - int(b.kind) })
	return t, nil
}

func (a SaveTemplate) plan(o *Org) (*Plan, error) {
	if a.Scope > Existing {
		return nil, bad("scope", fmt.Sprint(int(a.Scope)), ErrInvalidValue)
	}
	if why := visible.NameProblem(a.Name); a.Name != "" && why != "" {
		return nil, bad("template", a.Name, fmt.Errorf("%w: %s", ErrInvalidName, why))
	}
	cfg := o.config()
	id, g, err := o.templateSlot(&cfg, a.Group)
	if err != nil {
		return nil, err
	}
	name := a.name()
	if a.Name == "" && int(id) < len(cfg.tmpls) {
		name = cfg.tmpls[id].name // an unnamed save keeps the template's name
	}
	if other, ok := o.LookupTemplate(name); ok && other != id {
		return nil, bad("template", name, ErrDuplicateName)
	}
	if err := o.checkTemplateRoom(id, name); err != nil {
		return nil, err
	}
	t, err := o.compile(name, g, a.Licenses)
	if err != nil {
		return nil, bad("template", name, err)
	}
	var old license.Set
	p := &Plan{}
	edit := Edit{Op: EditSaveTemplate, User: NoUser, Name: name, Value: o.entriesText(&t)}
	if int(id) < len(cfg.tmpls) {
		prev := &cfg.tmpls[id]
		old = prev.grant
		if prev.name != t.name {
			p.Edits = []Edit{{Op: EditRenameTemplate, User: NoUser, Name: prev.name, Value: t.name}}
		}
		if prev.name != t.name || prev.grant != t.grant || !slices.Equal(prev.pins, t.pins) {
			edit.Old = o.entriesText(prev)
			p.Edits = append(p.Edits, edit)
			p.st.cfg = &cfg
		}
		cfg.tmpls[id] = t
	} else {
		cfg.tmpls = append(cfg.tmpls, t)
		if g == NoGroup {
			cfg.orgT = id
		} else {
			cfg.groupT[g] = id
		}
		p.Edits = []Edit{edit}
		p.st.cfg = &cfg
	}
	how := addOnly
	if a.Scope == Existing && a.PreserveOff {
		how = exact
	}
	app := o.newApplication(p, how, BecauseTemplate, id)
	defer app.recycle() // the plan holds none of its memory
	app.cfg = cfg
	app.setLost([]retention{{id, old.Diff(t.grant)}})
	app.setGained([]retention{{id, t.grant.Diff(old)}})
	if a.Scope == Future {
		if app.lostAll.Union(app.gainedAll).Diff(o.cat.ImpliedKinds()).IsEmpty() {
			return p, nil
		}
		gov, _ := o.governed(&cfg, id)
		for uid := range gov {
			app.retain(uid, o.users.at(uid).held)
			app.gain(uid, o.users.at(uid).held)
		}
		return p, nil
	}
	if cfg.tmpls[id].group == NoGroup {
		app.run(nil, o.users.len()) // every live user: no iterator to call
	} else {
		app.run(o.governed(&cfg, id))
	}
	return app.finish(a.Ack)
}

// RemoveService removes one license from a template: a save with the
// template's other entries (ASG-5).
type RemoveService struct {
	Template    string
	Kind        license.Kind
	Scope       Scope
	PreserveOff bool
	Ack         bool
}

// String describes the action, as Plan.Action shows it.
func (a RemoveService) String() string {
	return fmt.Sprintf("remove service %v from %q", a.Kind, a.Template)
}

// describe names the kind as the org's catalog does.
func (a RemoveService) describe(o *Org) string {
	return fmt.Sprintf("remove service %s from %q", o.kindName(a.Kind), a.Template)
}

// kindName returns k's name in the org's catalog, or k itself.
func (o *Org) kindName(k license.Kind) string {
	if o.cat.Valid(k) {
		return o.cat.Name(k)
	}
	return k.String()
}

func (a RemoveService) plan(o *Org) (*Plan, error) {
	t, ok := o.LookupTemplate(a.Template)
	if !ok {
		return nil, bad("template", a.Template, ErrUnknownTemplate)
	}
	if err := o.kind(a.Kind); err != nil {
		return nil, err
	}
	tp := &o.templates[t]
	switch {
	case !tp.grant.Has(a.Kind):
		return nil, bad("kind", o.cat.Name(a.Kind), ErrNotInTemplate)
	case o.cat.Info(a.Kind).Implied: // LIC-5: it goes with its implier
		v := license.Violation{Code: license.CodeImpliedRemoval, Kinds: []license.Kind{a.Kind}, Text: o.cat.Name(a.Kind) + " is implied and cannot be removed on its own"}
		return nil, bad("template", tp.name, &license.SetError{Violations: []license.Violation{v}})
	}
	save := SaveTemplate{Name: tp.name, Scope: a.Scope, PreserveOff: a.PreserveOff, Ack: a.Ack}
	if tp.group != NoGroup {
		save.Group = o.groups[tp.group].name
	}
	rest := o.rules.ImplyServices(tp.grant.Remove(a.Kind))
	for k := range rest.All() {
		if o.cat.Info(k).Implied {
			continue
		}
		e := Entry{Kind: k}
		if s := tp.pinned(k); s != license.NoSub {
			e.Subscription = o.ledger.Name(s)
		}
		save.Licenses = append(save.Licenses, e)
	}
	return save.plan(o)
}

// DeleteTemplate deletes a template (ASG-5). Preserve is on by default: no
// user changes; with PreserveOff every license whose only source was the
// template is removed.
type DeleteTemplate struct {
	Template    string
	PreserveOff bool
	Ack         bool
}

// String describes the action, as Plan.Action shows it.
func (a DeleteTemplate) String() string { return fmt.Sprintf("delete template %q", a.Template) }

func (a DeleteTemplate) plan(o *Org) (*Plan, error) {
	t, ok := o.LookupTemplate(a.Template)
	if !ok {
		return nil, bad("template", a.Template, ErrUnknownTemplate)
	}
	return o.deleteTemplates([]TemplateID{t}, !a.PreserveOff, a.Ack, o.config())
}

func (o *Org) deleteTemplates(ts []TemplateID, preserve, ack bool, cfg config) (*Plan, error) {
	p := &Plan{}
	before := o.sharedConfig()
	for _, t := range ts {
		how := addOnly
		if !preserve {
			how = dropFrom
		}
		app := o.newApplication(p, how, BecauseDelete, t)
		app.cfg = before
		app.led = nil
		app.setLost([]retention{{t, before.tmpls[t].grant}})
		gov, _ := o.governed(&before, t)
		if preserve {
			for uid := range gov {
				app.retain(uid, o.users.at(uid).held)
			}
			continue
		}
		app.led = o.ledger.Clone()
		for uid := range users(o.users.len()) { // governed, or holding t as a retained source
			if governedBy(o, uid, t) || retainedKinds(o.users.extraOf(o.users.at(uid)), t) != (license.Set{}) {
				app.decide(uid)
			}
		}
		if _, err := app.finish(ack); err != nil {
			return nil, err
		}
	}
	for _, t := range ts {
		p.Edits = append(p.Edits, Edit{Op: EditDeleteTemplate, User: NoUser, Name: cfg.tmpls[t].name})
		cfg.tmpls[t].deleted = true
		if g := cfg.tmpls[t].group; g != NoGroup {
			cfg.groupT[g] = NoTemplate
		} else if cfg.orgT == t {
			cfg.orgT = NoTemplate
		}
	}
	p.st.cfg = &cfg
	return p, nil
}

// SwitchMode switches between org and group templates (ASG-1), deleting
// every template of the mode being left, with preserve on.
type SwitchMode struct{ Mode Mode }

// String describes the action, as Plan.Action shows it.
func (a SwitchMode) String() string { return "switch to " + a.Mode.String() + " mode" }

func (a SwitchMode) plan(o *Org) (*Plan, error) {
	if a.Mode > GroupMode {
		return nil, bad("mode", fmt.Sprint(int(a.Mode)), ErrInvalidValue)
	}
	cfg := o.config()
	if cfg.mode == a.Mode {
		return &Plan{}, nil
	}
	var ts []TemplateID
	for i, t := range cfg.tmpls {
		if !t.deleted {
			ts = append(ts, TemplateID(i))
		}
	}
	cfg.mode = a.Mode
	p, err := o.deleteTemplates(ts, true, false, cfg)
	if err == nil {
		p.Edits = append(p.Edits, Edit{Op: EditMode, User: NoUser, Value: a.Mode.String(), Old: o.mode.String()})
	}
	return p, err
}

// SetSiteAttendee switches a meeting site's "attendee account" feature
// (ASG-13). It is on for every site of a new org.
type SetSiteAttendee struct {
	Site string
	On   bool
}

// String describes the action, as Plan.Action shows it.
func (a SetSiteAttendee) String() string {
	return fmt.Sprintf("site %s attendee accounts %v", a.Site, a.On)
}

func (a SetSiteAttendee) plan(o *Org) (*Plan, error) {
	site, _ := o.cat.Site(a.Site)
	k, ok := o.cat.SiteKind(site, license.RoleAttendee)
	if !ok {
		return nil, bad("site", a.Site, ErrUnknownSite)
	}
	p := &Plan{Edits: []Edit{{Op: EditSiteAttendee, User: NoUser, Name: site, Value: onOff(a.On), Old: onOff(o.attendee.Has(k))}}}
	p.st.attendee = &attendeeEdit{k, a.On}
	return p, nil
}

// Setting names one on/off org setting.
type Setting uint8

// The on/off org settings.
const (
	SettingPreserveOnGroupChange Setting = iota + 1 // "preserve licenses on group change" (ASG-8)
	SettingSuppressEmails                           // suppress automatic e-mails (LIC-12)
	SettingSSO                                      // single sign-on configured (ASG-18)
)

var settingNames = [...]string{"", "preserve licenses on group change", "suppress automatic e-mails", "single sign-on"}

// String returns the setting's name as the admin UI shows it.
func (s Setting) String() string {
	if int(s) < len(settingNames) && s != 0 {
		return settingNames[s]
	}
	return fmt.Sprintf("Setting(%d)", s)
}

func (s *Settings) field(which Setting) *bool {
	switch which {
	case SettingPreserveOnGroupChange:
		return &s.PreserveOnGroupChange
	case SettingSuppressEmails:
		return &s.SuppressEmails
	case SettingSSO:
		return &s.SSO
	}
	return nil
}

// SetSetting switches one org setting on or off, leaving the others as
// they are. Switching "preserve licenses on group change" off needs Ack:
// its plan lists every user now holding Webex Calling (ASG-8, CAL-9).
type SetSetting struct {
	Setting Setting
	On      bool
	Ack     bool
}

// String describes the action, as Plan.Action shows it.
func (a SetSetting) String() string { return fmt.Sprintf("set %s %s", a.Setting, onOff(a.On)) }

func (a SetSetting) plan(o *Org) (*Plan, error) {
	next := o.settings
	f := next.field(a.Setting)
	if f == nil {
		return nil, bad("setting", a.Setting.String(), ErrInvalidValue)
	}
	old := *f
	*f = a.On
	p := &Plan{}
	if old != a.On {
		p.Edits = []Edit{{Op: EditSetting, User: NoUser, Name: a.Setting.String(), Value: onOff(a.On), Old: onOff(old)}}
		p.st.settings = &next
	}
	if a.Setting == SettingPreserveOnGroupChange && old && !a.On {
		for i := range UserID(o.users.len()) {
			if !o.users.at(i).held.Intersect(o.rules.placement).IsEmpty() {
				p.AtRisk = append(p.AtRisk, UserID(i))
			}
		}
		if len(p.AtRisk) > 0 && !a.Ack {
			return nil, o.ackError(p.AtRisk)
		}
	}
	return p, nil
}

// SetRetention sets how long messages and files outlive a removed
// messaging license (LIC-10); zero keeps them forever.
type SetRetention struct{ Period time.Duration }

// String describes the action, as Plan.Action shows it.
func (a SetRetention) String() string { return "set retention " + a.Period.String() }

func (a SetRetention) plan(o *Org) (*Plan, error) {
	if a.Period < 0 {
		return nil, bad("retention", a.Period.String(), ErrInvalidValue)
	}
	p := &Plan{}
	if a.Period != o.settings.Retention {
		next := o.settings
		next.Retention = a.Period
		p.Edits = []Edit{{Op: EditSetting, User: NoUser, Name: "retention", Value: a.Period.String(), Old: o.settings.Retention.String()}}
		p.st.settings = &next
	}
	return p, nil
}

// SignIn is a user's first sign-in: pending licenses become active (ASG-18).
type SignIn struct{ User string }

// String describes the action, as Plan.Action shows it.
func (a SignIn) String() string { return "sign in " + a.User }

func (a SignIn) plan(o *Org) (*Plan, error) {
	id, err := o.user(a.User)
	if err != nil {
		return nil, err
	}
	u := o.users.at(id)
	if u.status == Active {
		return nil, bad("user", a.User, ErrAlreadyActive)
	}
	p := &Plan{Edits: []Edit{{Op: EditActivate, User: id, Value: Active.String(), Old: u.status.String()}}}
	for k := range u.held.All() {
		p.Changes = append(p.Changes, Change{User: id, Kind: k, Op: Activate, Sub: o.subOf(id, u, k), From: license.NoSub, Reason: BecauseSignIn, Template: NoTemplate})
	}
	p.st.activate = []UserID{id}
	return p, nil
}

// SetSiteAdmin makes a user an administrator of a meeting site, who cannot
// get the attendee role there (ASG-13).
type SetSiteAdmin struct{ User, Site string }

// String describes the action, as Plan.Action shows it.
func (a SetSiteAdmin) String() string { return a.User + " administers " + a.Site }

func (a SetSiteAdmin) plan(o *Org) (*Plan, error) {
	id, err := o.user(a.User)
	if err != nil {
		return nil, err
	}
	site, ok := o.cat.Site(a.Site)
	if !ok {
		return nil, bad("site", a.Site, ErrUnknownSite)
	}
	p := &Plan{}
	if !slices.Contains(o.users.attrsOf(o.users.at(id), nil).sites(), site) {
		p.Edits = []Edit{{Op: EditSiteAdmin, User: id, Name: site}}
		p.st.siteAdmin = &siteAdminEdit{id, site}
	}
	return p, nil
}

// SetTime advances the org's virtual time (LIC-10 retention is measured in
// it). Time never goes backwards.
type SetTime struct{ At time.Time }

// String describes the action, as Plan.Action shows it.
func (a SetTime) String() string { return "time " + a.At.UTC().Format(time.RFC3339) }

func (a SetTime) plan(o *Org) (*Plan, error) {
	if a.At.Before(o.now) {
		return nil, bad("time", a.At.String(), ErrTimeBackwards)
	}
	p := &Plan{}
	if !a.At.Equal(o.now) {
		p.Edits = []Edit{{Op: EditTime, User: NoUser, Value: a.At.UTC().Format(time.RFC3339), Old: o.now.UTC().Format(time.RFC3339)}}
		p.st.now = a.At
	}
	return p, nil
}
