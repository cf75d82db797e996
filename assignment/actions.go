package assignment

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

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

func ids(list []UserID) func(func(UserID) bool) { return slices.Values(list) }

// governed returns the users template t governs under cfg, and how many.
func (o *Org) governed(cfg *config, t TemplateID) (func(func(UserID) bool), int) {
	if g := cfg.tmpls[t].group; g != NoGroup {
		return ids(o.groups[g].members), len(o.groups[g].members)
	}
	return users(len(o.users)), len(o.users)
}

func (o *Org) user(email string) (UserID, error) {
	id, ok := o.LookupUser(email)
	if !ok {
		return 0, bad("user", email, ErrUnknownUser)
	}
	return id, nil
}

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
	if len(a.noAck) > 0 && !ack {
		return nil, a.o.ackError(a.p, a.noAck)
	}
	a.restore()
	return a.p, nil
}

func (o *Org) ackError(p *Plan, list []UserID) error {
	var names []string
	for _, id := range list {
		n := o.userName(p, id)
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return &AckError{Users: names}
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
	return &Plan{commit: func(o *Org) { o.ledger.Add(sub) }}, nil // validated above: it cannot fail
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
	if strings.TrimSpace(a.Name) == "" {
		return nil, bad("group", a.Name, ErrInvalidName)
	}
	if _, ok := o.LookupGroup(a.Name); ok {
		return nil, bad("group", a.Name, ErrDuplicateName)
	}
	parent := NoGroup
	if a.Parent != "" {
		g, err := o.group(a.Parent)
		if err != nil {
			return nil, err
		}
		parent = g
	}
	return &Plan{commit: func(o *Org) {
		o.groups = append(o.groups, group{name: a.Name, security: !a.Distribution, parent: parent, template: NoTemplate})
	}}, nil
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
// catalog's template defaults (LIC-2).
func NewTemplateLicenses(cat *license.Catalog) []Entry {
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
	cfg := o.config()
	id, g, err := o.templateSlot(&cfg, a.Group)
	if err != nil {
		return nil, err
	}
	name := a.name()
	if other, ok := o.LookupTemplate(name); ok && other != id {
		return nil, bad("template", name, ErrDuplicateName)
	}
	t, err := o.compile(name, g, a.Licenses)
	if err != nil {
		return nil, bad("template", name, err)
	}
	var old license.Set
	if int(id) < len(cfg.tmpls) {
		old = cfg.tmpls[id].grant
		cfg.tmpls[id] = t
	} else {
		cfg.tmpls = append(cfg.tmpls, t)
		if g == NoGroup {
			cfg.orgT = id
		} else {
			cfg.groupT[g] = id
		}
	}
	how := addOnly
	if a.Scope == Existing && a.PreserveOff {
		how = exact
	}
	p := &Plan{commit: func(o *Org) { o.setConfig(cfg) }}
	app := o.newApplication(p, how, BecauseTemplate, id)
	app.cfg = cfg
	app.setLost([]retention{{id, old.Diff(t.grant)}})
	if a.Scope == Future {
		if app.lost[0].kinds.IsEmpty() {
			return p, nil
		}
		gov, _ := o.governed(&cfg, id)
		for uid := range gov {
			app.retain(uid, o.users[uid].held)
		}
		return p, nil
	}
	app.run(o.governed(&cfg, id))
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
	before := o.config()
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
				app.retain(uid, o.users[uid].held)
			}
			continue
		}
		app.led = o.ledger.Clone()
		for uid := range users(len(o.users)) { // governed, or holding t as a retained source
			if governedBy(o, uid, t) || retainedKinds(&o.users[uid], t) != (license.Set{}) {
				app.decide(uid)
			}
		}
		if _, err := app.finish(ack); err != nil {
			return nil, err
		}
	}
	for _, t := range ts {
		cfg.tmpls[t].deleted = true
		if g := cfg.tmpls[t].group; g != NoGroup {
			cfg.groupT[g] = NoTemplate
		} else if cfg.orgT == t {
			cfg.orgT = NoTemplate
		}
	}
	p.commit = func(o *Org) { o.setConfig(cfg) }
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
	return o.deleteTemplates(ts, true, false, cfg)
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
	k, ok := o.cat.SiteKind(a.Site, license.RoleAttendee)
	if !ok {
		return nil, bad("site", a.Site, ErrUnknownSite)
	}
	return &Plan{commit: func(o *Org) {
		if a.On {
			o.attendee = o.attendee.Add(k)
		} else {
			o.attendee = o.attendee.Remove(k)
		}
	}}, nil
}

// SetSettings changes the org settings. Switching "preserve licenses on
// group change" off needs Ack: its plan lists every user now holding
// Webex Calling (ASG-8, CAL-9).
type SetSettings struct {
	Settings Settings
	Ack      bool
}

// String describes the action, as Plan.Action shows it.
func (a SetSettings) String() string { return fmt.Sprintf("settings %+v", a.Settings) }

func (a SetSettings) plan(o *Org) (*Plan, error) {
	if a.Settings.Retention < 0 {
		return nil, bad("retention", a.Settings.Retention.String(), ErrInvalidValue)
	}
	p := &Plan{commit: func(o *Org) { o.settings = a.Settings }}
	if o.settings.PreserveOnGroupChange && !a.Settings.PreserveOnGroupChange {
		calling := o.cat.Matching(func(i license.Info) bool { return i.NeedsPlacement })
		for i := range o.users {
			if !o.users[i].held.Intersect(calling).IsEmpty() {
				p.AtRisk = append(p.AtRisk, UserID(i))
			}
		}
		if len(p.AtRisk) > 0 && !a.Ack {
			return nil, o.ackError(p, p.AtRisk)
		}
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
	u := &o.users[id]
	if u.status == Active {
		return nil, bad("user", a.User, ErrAlreadyActive)
	}
	p := &Plan{}
	for k := range u.held.All() {
		p.Changes = append(p.Changes, Change{User: id, Kind: k, Op: Activate, Sub: o.subOf(id, u, k), From: license.NoSub, Reason: BecauseSignIn, Template: NoTemplate})
	}
	p.commit = func(o *Org) { o.users[id].status = Active }
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
	if _, ok := o.cat.SiteKind(a.Site, license.RoleHost); !ok {
		return nil, bad("site", a.Site, ErrUnknownSite)
	}
	return &Plan{commit: func(o *Org) {
		x := o.users[id].ex()
		if !slices.Contains(x.siteAdmin, a.Site) {
			x.siteAdmin = append(x.siteAdmin, a.Site)
		}
	}}, nil
}

func validEmail(e string) bool {
	at := strings.IndexByte(e, '@')
	return at > 0 && at < len(e)-1 && !strings.ContainsAny(e, " \t\r\n,")
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
	return &Plan{commit: func(o *Org) { o.now = a.At }}, nil
}
