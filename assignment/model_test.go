package assignment

// A reference model of an org's license state, for the state-machine test
// (rapid_test.go) and as the baseline of the benchmarks (bench_test.go).
//
// It is deliberately naive: license kinds are names, sets are maps, every
// user holds map[kindName]holding, subscriptions count their used units in
// maps, and an action that is rejected is computed on a copy that is thrown
// away. It implements SPEC sections 1 and 2 and the decisions of the
// package doc, written from the SPEC's wording rather than from the engine:
//
//   - A held license's sources are the current templates granting its kind
//     (LIC-9: "a template that grants a held license is added as current"),
//     plus stored retained templates, manual, default and creation marks,
//     plus implied (LIC-5).
//   - After every event, a template that granted a held license before the
//     event and does not grant it afterwards (save, delete, mode switch,
//     leaving its group) becomes a retained source of it (LIC-9).
//   - Where an operation sets a user to exactly the resolved grant (ASG-4
//     preserve off, ASG-8 setting off), a kept license that a current
//     template grants ends with exactly those templates (plus implied) as
//     sources (LIC-9).

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wxlicense/wxlicense/license"
)

var errModel = errors.New("model: rejected")

func reject(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errModel}, args...)...)
}

type kset map[string]bool

func (s kset) clone() kset {
	out := make(kset, len(s))
	for k, v := range s {
		if v {
			out[k] = true
		}
	}
	return out
}

// mFamily is an exclusive family (LIC-1, ASG-10, ASG-16).
type mFamily struct {
	members []string // catalog order
	prefer  string   // "" when no member is preferred
}

// mCat is the catalog's data, by kind name.
type mCat struct {
	kinds    []string // catalog order
	rank     map[string]int
	info     map[string]license.Info
	kindOf   map[string]license.Kind
	nameOf   map[license.Kind]string
	needs    map[string][]string
	implies  [][2]string // {by, implied}
	families []mFamily
	downs    [][2]string // {from, to}
}

func newMCat(c *license.Catalog) *mCat {
	m := &mCat{rank: map[string]int{}, info: map[string]license.Info{}, kindOf: map[string]license.Kind{}, nameOf: map[license.Kind]string{}, needs: map[string][]string{}}
	for i, k := range c.All().Kinds() {
		n := c.Name(k)
		m.kinds = append(m.kinds, n)
		m.rank[n] = i
		m.info[n] = c.Info(k)
		m.kindOf[n] = k
		m.nameOf[k] = n
	}
	for _, r := range c.Requirements() {
		m.needs[c.Name(r.Kind)] = append(m.needs[c.Name(r.Kind)], c.Name(r.Needs))
	}
	for _, im := range c.Implications() {
		m.implies = append(m.implies, [2]string{c.Name(im.By), c.Name(im.Implied)})
	}
	for _, ex := range c.Exclusions() {
		f := mFamily{}
		for _, k := range ex.Kinds.Kinds() {
			f.members = append(f.members, c.Name(k))
		}
		if ex.Prefer != license.NoKind {
			f.prefer = c.Name(ex.Prefer)
		}
		m.families = append(m.families, f)
	}
	for _, d := range c.Downgrades() {
		m.downs = append(m.downs, [2]string{c.Name(d.From), c.Name(d.To)})
	}
	return m
}

func (c *mCat) name(k license.Kind) string { return c.nameOf[k] }

// order returns the kinds of s in catalog order.
func (c *mCat) order(s kset) []string {
	var out []string
	for _, k := range c.kinds {
		if s[k] {
			out = append(out, k)
		}
	}
	return out
}

func (c *mCat) consumes(k string) bool { return c.info[k].ConsumesUnit }

// implyServices: implied kinds are present exactly when their implier is
// (LIC-5 (i)).
func (c *mCat) implyServices(s kset) kset {
	out := kset{}
	for k, v := range s {
		if v && !c.info[k].Implied {
			out[k] = true
		}
	}
	for _, im := range c.implies {
		if out[im[0]] {
			out[im[1]] = true
		}
	}
	return out
}

// implyRaw: a raw set request adds what a kind it adds implies and drops
// nothing (LIC-5 (ii)).
func (c *mCat) implyRaw(held, s kset) kset {
	out := s.clone()
	for _, im := range c.implies {
		if out[im[0]] && !held[im[0]] {
			out[im[1]] = true
		}
	}
	return out
}

// resolve keeps only the preferred member of a family the grant names
// (ASG-10, ASG-16).
func (c *mCat) resolve(s kset) kset {
	out := s.clone()
	for _, f := range c.families {
		if f.prefer != "" && out[f.prefer] {
			for _, k := range f.members {
				if k != f.prefer {
					delete(out, k)
				}
			}
		}
	}
	return out
}

// violations lists the rules a transition from held to result breaks
// (LIC-3, LIC-4, LIC-5 (ii), LIC-1 exclusive families and downgrades).
func (c *mCat) violations(held, result kset) []string {
	var out []string
	for _, k := range c.order(result) {
		for _, n := range c.needs[k] {
			if !result[n] {
				out = append(out, k+" needs "+n)
			}
		}
	}
	for _, im := range c.implies {
		if result[im[0]] && held[im[1]] && !result[im[1]] {
			out = append(out, "removes implied "+im[1])
		}
	}
	for _, f := range c.families {
		n := 0
		for _, k := range f.members {
			if result[k] {
				n++
			}
		}
		if n > 1 {
			out = append(out, "exclusive "+strings.Join(f.members, "/"))
		}
	}
	for _, d := range c.downs {
		if held[d[0]] && !result[d[0]] && !held[d[1]] && result[d[1]] {
			out = append(out, "downgrade "+d[0]+" -> "+d[1])
		}
	}
	return out
}

// exclusive reports whether a and b are two members of one family.
func (c *mCat) exclusive(a, b string) bool {
	for _, f := range c.families {
		if a != b && slices.Contains(f.members, a) && slices.Contains(f.members, b) {
			return true
		}
	}
	return false
}

// upgrades reports whether gaining p replaces a held o (p is the preferred
// member of a family holding o).
func (c *mCat) upgrades(p, o string) bool {
	for _, f := range c.families {
		if f.prefer == p && o != p && slices.Contains(f.members, o) {
			return true
		}
	}
	return false
}

// fallback is the other member of p's preferred family that the raw grant
// names (ASG-10, ASG-16), or "".
func (c *mCat) fallback(p string, raw kset) string {
	for _, f := range c.families {
		if f.prefer != p {
			continue
		}
		for _, k := range f.members {
			if k != p && raw[k] {
				return k
			}
		}
	}
	return ""
}

type mSub struct {
	id      string
	created time.Time
	total   map[string]int
	used    map[string]int
}

type mTmpl struct {
	name    string
	group   string // "" for the org template
	grant   kset   // with implied kinds
	pins    map[string]string
	deleted bool
}

type mHold struct {
	sub          string // "" when no unit
	manual, dflt bool
	retained     []int // template indexes, in the order marked
}

type mUser struct {
	email     string
	pending   bool
	placement bool
	groups    []string
	held      map[string]*mHold
}

func (u *mUser) heldSet() kset {
	s := kset{}
	for k := range u.held {
		s[k] = true
	}
	return s
}

type mGroup struct {
	name     string
	security bool
	tmpl     int // -1: none
}

// model is the reference org.
type model struct {
	c          *mCat
	subs       []*mSub
	users      []*mUser
	byEmail    map[string]int
	groups     []*mGroup
	tmpls      []*mTmpl
	mode       Mode
	orgT       int
	preserveGC bool
}

func newModel(cat *license.Catalog) *model {
	return &model{c: newMCat(cat), byEmail: map[string]int{}, orgT: -1, preserveGC: true}
}

func (m *model) clone() *model {
	n := *m
	n.subs = make([]*mSub, len(m.subs))
	for i, s := range m.subs {
		c := *s
		c.total, c.used = map[string]int{}, map[string]int{}
		for k, v := range s.total {
			c.total[k] = v
		}
		for k, v := range s.used {
			c.used[k] = v
		}
		n.subs[i] = &c
	}
	n.users = make([]*mUser, len(m.users))
	for i, u := range m.users {
		c := *u
		c.groups = slices.Clone(u.groups)
		c.held = make(map[string]*mHold, len(u.held))
		for k, h := range u.held {
			hc := *h
			hc.retained = slices.Clone(h.retained)
			c.held[k] = &hc
		}
		n.users[i] = &c
	}
	n.byEmail = make(map[string]int, len(m.byEmail))
	for k, v := range m.byEmail {
		n.byEmail[k] = v
	}
	n.groups = make([]*mGroup, len(m.groups))
	for i, g := range m.groups {
		c := *g
		n.groups[i] = &c
	}
	n.tmpls = make([]*mTmpl, len(m.tmpls))
	for i, t := range m.tmpls {
		c := *t
		c.grant = t.grant.clone()
		c.pins = map[string]string{}
		for k, v := range t.pins {
			c.pins[k] = v
		}
		n.tmpls[i] = &c
	}
	return &n
}

// do applies an action; a rejected action leaves the model as it was.
func (m *model) do(a Action) error {
	n := m.clone()
	if err := n.apply(a); err != nil {
		return err
	}
	*m = *n
	return nil
}

// apply applies an action in place; on error the model is garbage.
func (m *model) apply(a Action) error {
	switch a := a.(type) {
	case AddSubscription:
		return m.addSubscription(a.Subscription)
	case AddGroup:
		return m.addGroup(a)
	case SwitchMode:
		return m.switchMode(a.Mode)
	case SaveTemplate:
		return m.saveTemplate(a)
	case RemoveService:
		return m.removeService(a)
	case DeleteTemplate:
		return m.deleteTemplate(a)
	case AddUsers:
		return m.addUsers(a)
	case JoinGroup:
		if strings.TrimSpace(a.Group) == "" {
			return reject("join %q", a.Group)
		}
		return m.membership(a.User, "", a.Group)
	case LeaveGroup:
		if strings.TrimSpace(a.Group) == "" {
			return reject("leave %q", a.Group)
		}
		return m.membership(a.User, a.Group, "")
	case MoveUser:
		if a.From == a.To || a.From == "" || a.To == "" {
			return reject("move from %q to %q", a.From, a.To)
		}
		return m.membership(a.User, a.From, a.To)
	case SetSetting:
		return m.setSetting(a)
	case UpdateLicenses:
		return m.userRequest(a.User, m.names(a.Licenses), nil, false, true, a.Ack)
	case ModifyLicenses:
		return m.userRequest(a.User, nil, a.Ops, true, true, a.Ack)
	case EditServices:
		return m.userRequest(a.User, m.names(a.Licenses), nil, false, false, a.Ack)
	case SignIn:
		u := m.user(a.User)
		if u == nil || !u.pending {
			return reject("sign in %s", a.User)
		}
		u.pending = false
		return nil
	}
	panic(fmt.Sprintf("model: unsupported action %T", a))
}

func (m *model) names(ks []license.Kind) kset {
	s := kset{}
	for _, k := range ks {
		s[m.c.name(k)] = true
	}
	return s
}

func (m *model) user(email string) *mUser {
	i, ok := m.byEmail[strings.ToLower(strings.TrimSpace(email))]
	if !ok {
		return nil
	}
	return m.users[i]
}

func (m *model) group(name string) *mGroup {
	for _, g := range m.groups {
		if g.name == name {
			return g
		}
	}
	return nil
}

func (m *model) sub(id string) *mSub {
	for _, s := range m.subs {
		if s.id == id {
			return s
		}
	}
	return nil
}

// subOrder returns the subscriptions oldest first: (creation, ID) (LIC-8).
func (m *model) subOrder() []*mSub {
	out := slices.Clone(m.subs)
	slices.SortStableFunc(out, func(a, b *mSub) int {
		if c := a.created.Compare(b.created); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	return out
}

// oldest returns the oldest subscription among allowed (nil: any) with a
// free unit of k (LIC-8).
func (m *model) oldest(k string, allowed []string) *mSub {
	for _, s := range m.subOrder() {
		if allowed != nil && !slices.Contains(allowed, s.id) {
			continue
		}
		if s.total[k]-s.used[k] > 0 {
			return s
		}
	}
	return nil
}

func (m *model) liveTemplate(name string) int {
	for i, t := range m.tmpls {
		if !t.deleted && t.name == name {
			return i
		}
	}
	return -1
}

// templatesFor returns the templates that govern a user in the given
// groups (ASG-1, ASG-6, ASG-7).
func (m *model) templatesFor(groups []string) []int {
	var ts []int
	if m.mode == OrgMode {
		if m.orgT >= 0 {
			ts = append(ts, m.orgT)
		}
		return ts
	}
	for _, g := range groups {
		if t := m.group(g).tmpl; t >= 0 {
			ts = append(ts, t)
		}
	}
	return ts
}

// granting returns the templates among ts that grant k.
func (m *model) granting(ts []int, k string) []int {
	var out []int
	for _, t := range ts {
		if m.tmpls[t].grant[k] {
			out = append(out, t)
		}
	}
	return out
}

// grantMap records, for every user and held license, the current templates
// granting it.
func (m *model) grantMap() []map[string][]int {
	out := make([]map[string][]int, len(m.users))
	for i, u := range m.users {
		ts := m.templatesFor(u.groups)
		if len(ts) == 0 {
			continue
		}
		mp := map[string][]int{}
		for k := range u.held {
			if g := m.granting(ts, k); len(g) > 0 {
				mp[k] = g
			}
		}
		out[i] = mp
	}
	return out
}

// markRetained marks as retained every template that granted a held license
// before an event and no longer does (LIC-9); reset lists, per user, the
// licenses whose sources became exactly their current templates.
func (m *model) markRetained(before []map[string][]int, reset map[*mUser]kset) {
	for i, mp := range before {
		u := m.users[i]
		if len(mp) == 0 {
			continue
		}
		ts := m.templatesFor(u.groups)
		for k, was := range mp {
			h := u.held[k]
			if h == nil || reset[u][k] {
				continue
			}
			for _, t := range was {
				if !slices.Contains(ts, t) || !m.tmpls[t].grant[k] {
					if !slices.Contains(h.retained, t) {
						h.retained = append(h.retained, t)
					}
				}
			}
		}
	}
	for u, ks := range reset {
		for k := range ks {
			if h := u.held[k]; h != nil {
				h.manual, h.dflt, h.retained = false, false, nil
			}
		}
	}
}

func (m *model) addSubscription(s license.Subscription) error {
	if s.ID == "" || m.sub(s.ID) != nil {
		return reject("subscription %q", s.ID)
	}
	ms := &mSub{id: s.ID, created: s.Created, total: map[string]int{}, used: map[string]int{}}
	for k, n := range s.Units {
		if _, ok := m.c.nameOf[k]; !ok || n < 0 {
			return reject("subscription units")
		}
		ms.total[m.c.name(k)] = n
	}
	m.subs = append(m.subs, ms)
	return nil
}

func (m *model) addGroup(a AddGroup) error {
	if a.Name == "" || m.group(a.Name) != nil || (a.Parent != "" && m.group(a.Parent) == nil) {
		return reject("group %q", a.Name)
	}
	m.groups = append(m.groups, &mGroup{name: a.Name, security: !a.Distribution, tmpl: -1})
	return nil
}

// switchMode deletes every template of the mode left, preserve on (ASG-1).
func (m *model) switchMode(mode Mode) error {
	if mode == m.mode {
		return nil
	}
	before := m.grantMap()
	for _, t := range m.tmpls {
		t.deleted = true
	}
	m.orgT = -1
	for _, g := range m.groups {
		g.tmpl = -1
	}
	m.mode = mode
	m.markRetained(before, nil)
	return nil
}

// saveTemplate is ASG-1..ASG-5 with LIC-3, LIC-4, INV-1 at save time.
func (m *model) saveTemplate(a SaveTemplate) error {
	var g *mGroup
	if a.Group == "" {
		if m.mode != OrgMode {
			return reject("org template in group mode")
		}
	} else {
		if g = m.group(a.Group); g == nil || m.mode != GroupMode || !g.security {
			return reject("group template %q", a.Group)
		}
	}
	grant, pins := kset{}, map[string]string{}
	for _, e := range a.Licenses {
		k := m.c.name(e.Kind)
		if grant[k] {
			return reject("%s named twice", k)
		}
		grant[k] = true
		if e.Subscription != "" {
			if m.sub(e.Subscription) == nil {
				return reject("unknown subscription %q", e.Subscription)
			}
			pins[k] = e.Subscription
		}
	}
	// the template is checked as named, as a raw request would be: an
	// implied kind named without its implier is refused (LIC-5)
	if vs := m.c.violations(kset{}, m.c.resolve(m.c.implyRaw(kset{}, grant))); len(vs) > 0 {
		return reject("template: %v", vs)
	}
	grant = m.c.implyServices(grant)
	before := m.grantMap()
	t := &mTmpl{name: a.name(), group: a.Group, grant: grant, pins: pins}
	id := m.orgT
	if g != nil {
		id = g.tmpl
	}
	if id >= 0 {
		m.tmpls[id] = t
	} else {
		id = len(m.tmpls)
		m.tmpls = append(m.tmpls, t)
		if g != nil {
			g.tmpl = id
		} else {
			m.orgT = id
		}
	}
	var reset map[*mUser]kset
	if a.Scope == Existing {
		app := &mApp{m: m, exact: a.PreserveOff, only: -1}
		app.run(m.governed(id))
		if app.lostCalling && !a.Ack {
			return reject("needs ack")
		}
		reset = app.reset
	}
	m.markRetained(before, reset)
	return nil
}

// governed returns the users template t governs, in user order.
func (m *model) governed(t int) []*mUser {
	g := m.tmpls[t].group
	if g == "" {
		return m.users
	}
	var out []*mUser
	for _, u := range m.users {
		if slices.Contains(u.groups, g) {
			out = append(out, u)
		}
	}
	return out
}

// removeService is a save with the template's other entries (ASG-5).
func (m *model) removeService(a RemoveService) error {
	id := m.liveTemplate(a.Template)
	k := m.c.name(a.Kind)
	if id < 0 || !m.tmpls[id].grant[k] {
		return reject("remove service")
	}
	if m.c.info[k].Implied {
		return reject("remove service: %s is implied (LIC-5, 700006)", k)
	}
	t := m.tmpls[id]
	rest := t.grant.clone()
	delete(rest, k)
	save := SaveTemplate{Name: t.name, Group: t.group, Scope: a.Scope, PreserveOff: a.PreserveOff, Ack: a.Ack}
	for _, k := range m.c.order(m.c.implyServices(rest)) {
		if m.c.info[k].Implied {
			continue
		}
		save.Licenses = append(save.Licenses, Entry{Kind: m.c.kindOf[k], Subscription: t.pins[k]})
	}
	return m.saveTemplate(save)
}

// deleteTemplate is ASG-5: preserve on changes nobody; off removes every
// license whose sources include the template and that has no other source,
// keeping what a kept license requires.
func (m *model) deleteTemplate(a DeleteTemplate) error {
	id := m.liveTemplate(a.Template)
	if id < 0 {
		return reject("delete %q", a.Template)
	}
	before := m.grantMap()
	if a.PreserveOff {
		lost := false
		// every user the template is a source for: governed, or holding
		// it as a retained source after leaving its group (ASG-5)
		for _, u := range m.users {
			if !slices.Contains(m.governed(id), u) && !m.retains(u, id) {
				continue
			}
			if m.dropFrom(u, id) {
				lost = true
			}
		}
		if lost && !a.Ack {
			return reject("needs ack")
		}
	}
	t := m.tmpls[id]
	t.deleted = true
	if t.group != "" {
		m.group(t.group).tmpl = -1
	} else {
		m.orgT = -1
	}
	if !a.PreserveOff {
		m.markRetained(before, nil)
	}
	return nil
}

// retains reports whether u holds a license with template id as a
// retained source.
func (m *model) retains(u *mUser, id int) bool {
	for _, h := range u.held {
		if slices.Contains(h.retained, id) {
			return true
		}
	}
	return false
}

// dropFrom removes from u what only template id gave; it reports whether
// Webex Calling was removed.
func (m *model) dropFrom(u *mUser, id int) bool {
	ts := m.templatesFor(u.groups)
	hasT := func(k string) bool {
		if slices.Contains(ts, id) && m.tmpls[id].grant[k] {
			return true
		}
		return slices.Contains(u.held[k].retained, id)
	}
	other := func(k string) bool {
		h := u.held[k]
		if h.manual || h.dflt {
			return true
		}
		for _, t := range ts {
			if t != id && m.tmpls[t].grant[k] {
				return true
			}
		}
		for _, t := range h.retained {
			if t != id {
				return true
			}
		}
		return false
	}
	impliers := map[string][]string{}
	for _, im := range m.c.implies {
		impliers[im[1]] = append(impliers[im[1]], im[0])
	}
	impliedBy := func(k string) []string { return impliers[k] }
	var base []string // non-implied kinds whose only source is id
	for _, k := range m.c.order(u.heldSet()) {
		if !m.c.info[k].Implied && hasT(k) && !other(k) {
			base = append(base, k)
		}
	}
	pinned := kset{} // kept because a kept license requires them
	var gone kset
	for {
		gone = kset{}
		for _, k := range base {
			if !pinned[k] {
				gone[k] = true
			}
		}
		// an implied kind goes with its last implier (LIC-5)
		for k := range u.held {
			if !m.c.info[k].Implied {
				continue
			}
			keptBy := false
			for _, by := range impliedBy(k) {
				if u.held[by] != nil && !gone[by] {
					keptBy = true
				}
			}
			if !keptBy {
				gone[k] = true
			}
		}
		grew := false
		for k := range u.held {
			if gone[k] {
				continue
			}
			for _, n := range m.c.needs[k] {
				if !gone[n] {
					continue
				}
				pin := []string{n}
				if m.c.info[n].Implied { // keep it by keeping its implier
					pin = nil
					for _, by := range impliedBy(n) {
						if u.held[by] != nil {
							pin = append(pin, by)
						}
					}
				}
				for _, p := range pin {
					if !pinned[p] {
						pinned[p], grew = true, true
					}
				}
			}
		}
		if !grew {
			break
		}
	}
	// ASG-5: id becomes retained only where it was the last source and a
	// kept license requires the license; otherwise it is simply gone
	for k, h := range u.held {
		if gone[k] || m.c.info[k].Implied || !hasT(k) {
			continue
		}
		h.retained = slices.DeleteFunc(h.retained, func(t int) bool { return t == id })
		if !other(k) {
			h.retained = append(h.retained, id)
		}
	}
	lost := false
	for _, k := range m.c.order(gone) {
		m.removeHolding(u, k)
		if m.c.info[k].NeedsPlacement {
			lost = true
		}
	}
	return lost
}

func (m *model) removeHolding(u *mUser, k string) {
	h := u.held[k]
	if h.sub != "" {
		m.sub(h.sub).used[k]--
	}
	delete(u.held, k)
}

// mApp is one template application (ASG-3, ASG-4, ASG-8, ASG-19): first
// every removal, then every subscription move, then every grant, in user
// order.
type mApp struct {
	m           *model
	exact       bool                // preserve off: exactly the resolved grant
	only        int                 // join: this template alone (ASG-2), or -1
	newGroups   map[*mUser][]string // memberships after the event
	lostCalling bool
	reset       map[*mUser]kset
	pend        []*mPend
	freed       []mFreed // units the grant pass freed by upgrades
	refused     bool     // a grant of the pass found no unit
}

// mFreed is a held kind an upgrade removed, with the unit it gave back.
type mFreed struct {
	u         *mUser
	kind, sub string
}

type mPend struct {
	u       *mUser
	ts      []int
	held    kset // before the application
	raw     kset
	want    kset
	add     []string
	upgrade []string
	moves   []string
}

func (a *mApp) templates(u *mUser) []int {
	if a.only >= 0 {
		return []int{a.only}
	}
	if g, ok := a.newGroups[u]; ok {
		return a.m.templatesFor(g)
	}
	return a.m.templatesFor(u.groups)
}

func (a *mApp) run(users []*mUser) {
	for _, u := range users {
		a.decide(u)
	}
	for _, p := range a.pend {
		a.move(p)
	}
	// A unit freed by an upgrade goes to the users refused it earlier in
	// user order (package doc, INV-6): when the pass freed one and refused
	// one, it runs again from where it started, with the upgraded kinds
	// removed first; an upgrade that does not happen again gives its kind
	// back, on its old subscription if the unit is still free.
	held, used := a.saveGrantState()
	a.grantPass()
	if len(a.freed) == 0 || !a.refused {
		return
	}
	freed := a.freed
	a.restoreGrantState(held, used)
	for _, f := range freed {
		a.m.removeHolding(f.u, f.kind)
	}
	a.grantPass()
	for _, f := range freed {
		if a.upgraded(f.u, f.kind) {
			continue
		}
		if s := a.m.sub(f.sub); s.total[f.kind]-s.used[f.kind] > 0 {
			s.used[f.kind]++
			f.u.held[f.kind] = &mHold{sub: f.sub}
		} // else NoUnitAvailable: the kind is gone
	}
}

// grantPass runs every queued grant in user order.
func (a *mApp) grantPass() {
	a.freed, a.refused = nil, false
	for _, p := range a.pend {
		a.grant(p)
	}
}

// upgraded reports whether u now holds a kind that upgrades o.
func (a *mApp) upgraded(u *mUser, o string) bool {
	for k := range u.held {
		if a.m.c.upgrades(k, o) {
			return true
		}
	}
	return false
}

// saveGrantState copies what a grant pass changes: the holdings of the
// queued users and the used units.
func (a *mApp) saveGrantState() (map[*mUser]map[string]*mHold, []map[string]int) {
	held := map[*mUser]map[string]*mHold{}
	for _, p := range a.pend {
		hs := map[string]*mHold{}
		for k, h := range p.u.held {
			hc := *h
			hc.retained = slices.Clone(h.retained)
			hs[k] = &hc
		}
		held[p.u] = hs
	}
	var used []map[string]int
	for _, s := range a.m.subs {
		c := map[string]int{}
		for k, v := range s.used {
			c[k] = v
		}
		used = append(used, c)
	}
	return held, used
}

func (a *mApp) restoreGrantState(held map[*mUser]map[string]*mHold, used []map[string]int) {
	for u, hs := range held {
		u.held = hs
	}
	for i, s := range a.m.subs {
		s.used = used[i]
	}
}

// decide computes one user's resolved grant, performs the removals and
// queues moves and grants.
func (a *mApp) decide(u *mUser) {
	m, c := a.m, a.m.c
	p := &mPend{u: u, ts: a.templates(u), held: u.heldSet(), raw: kset{}}
	for _, t := range p.ts {
		for k := range m.tmpls[t].grant {
			p.raw[k] = true
		}
	}
	want := c.implyServices(c.resolve(p.raw))
	// exclusive families without a preferred member: the held one wins,
	// else the first in catalog order (package doc)
	for _, f := range c.families {
		if f.prefer != "" {
			continue
		}
		var both []string
		for _, k := range f.members {
			if want[k] {
				both = append(both, k)
			}
		}
		if len(both) < 2 {
			continue
		}
		winner := both[0]
		for _, k := range both {
			if p.held[k] {
				winner = k
				break
			}
		}
		for _, k := range both {
			if k != winner {
				delete(want, k)
			}
		}
	}
	p.want = want
	remove := kset{}
	if a.exact {
		keep := kset{}
		// a held member of a preferred family stays until the preferred
		// kind has its unit (ASG-10, ASG-16)
		for _, f := range c.families {
			if f.prefer != "" && want[f.prefer] && !p.held[f.prefer] {
				for _, k := range f.members {
					if p.held[k] && p.raw[k] {
						keep[k] = true
					}
				}
			}
		}
		for k := range p.held {
			if !want[k] && !keep[k] {
				remove[k] = true
			}
		}
	}
	add := kset{}
	for k := range want {
		if !p.held[k] {
			add[k] = true
		}
	}
	upgrade := kset{}
	for _, k := range c.order(add) {
		for _, o := range c.order(p.held) {
			if remove[o] || !c.exclusive(k, o) {
				continue
			}
			switch {
			case c.upgrades(k, o):
				upgrade[o] = true
			default: // held preferred member, or an exclusive shortfall (ASG-4)
				delete(add, k)
			}
		}
	}
	// a refused downgrade leaves that user's pair unchanged (LIC-1); what
	// the kept license requires stays too (INV-1)
	refused := false
	for _, d := range c.downs {
		if remove[d[0]] && add[d[1]] {
			delete(remove, d[0])
			delete(add, d[1])
			refused = true
		}
	}
	for changed := refused; changed; {
		changed = false
		for k := range p.held {
			if remove[k] {
				continue
			}
			for _, n := range c.needs[k] {
				if remove[n] {
					delete(remove, n)
					changed = true
				}
			}
			for _, im := range c.implies {
				if im[0] == k && remove[im[1]] {
					delete(remove, im[1])
					changed = true
				}
			}
		}
	}
	for k := range add {
		if c.info[k].NeedsPlacement && !u.placement {
			delete(add, k) // NoPlacement (CAL-4)
		}
	}
	for _, k := range c.order(remove) {
		m.removeHolding(u, k)
		if c.info[k].NeedsPlacement {
			a.lostCalling = true
		}
	}
	p.add, p.upgrade = c.order(add), c.order(upgrade)
	if a.exact {
		kept := kset{}
		for k := range u.held {
			kept[k] = true
			if want[k] {
				p.moves = append(p.moves, k)
			}
		}
		slices.SortFunc(p.moves, func(x, y string) int { return c.rank[x] - c.rank[y] })
		rs := kset{}
		for k := range kept {
			if p.raw[k] {
				rs[k] = true
			}
		}
		if a.reset == nil {
			a.reset = map[*mUser]kset{}
		}
		a.reset[u] = rs
	}
	a.pend = append(a.pend, p)
}

// allowed returns the subscriptions the templates granting k name, or nil
// when one names none (LIC-8).
func (a *mApp) allowed(ts []int, k string) []string {
	var subs []string
	for _, t := range ts {
		tp := a.m.tmpls[t]
		if !tp.grant[k] {
			continue
		}
		s := tp.pins[k]
		if s == "" {
			return nil
		}
		subs = append(subs, s)
	}
	return subs
}

// move re-homes a kept license whose subscription no current template names
// to the oldest named one with a free unit (LIC-8, CAL-11).
func (a *mApp) move(p *mPend) {
	for _, k := range p.moves {
		h := p.u.held[k]
		if h == nil || h.sub == "" {
			continue
		}
		subs := a.allowed(p.ts, k)
		if subs == nil || slices.Contains(subs, h.sub) {
			continue
		}
		to := a.m.oldest(k, subs)
		if to == nil {
			continue // NoUnitAvailable: stays
		}
		to.used[k]++
		a.m.sub(h.sub).used[k]--
		h.sub = to.id
	}
}

// take grants k with a unit from an allowed subscription, if one is free.
func (a *mApp) take(u *mUser, ts []int, k string) bool {
	h := &mHold{}
	if a.m.c.consumes(k) {
		s := a.m.oldest(k, a.allowed(ts, k))
		if s == nil {
			return false
		}
		s.used[k]++
		h.sub = s.id
	}
	u.held[k] = h
	return true
}

// grant allocates one user's queued grants (ASG-19, ASG-10, ASG-16).
func (a *mApp) grant(p *mPend) {
	m, c := a.m, a.m.c
	u := p.u
	var got []string
	for _, k := range p.add {
		if a.take(u, p.ts, k) {
			got = append(got, k)
			continue
		}
		a.refused = true // NoUnitAvailable
		if fb := c.fallback(k, p.raw); fb != "" && !p.held[fb] && !slices.Contains(got, fb) && a.take(u, p.ts, fb) {
			got = append(got, fb)
		}
	}
	final := p.held.clone()
	for _, k := range got {
		final[k] = true
	}
	// a grant whose requirement is neither held nor granted is dropped
	for changed := true; changed; {
		changed = false
		for _, k := range got {
			if !final[k] {
				continue
			}
			for _, n := range c.needs[k] {
				if !final[n] {
					delete(final, k)
					m.removeHolding(u, k)
					changed = true
					break
				}
			}
		}
	}
	for _, o := range p.upgrade {
		for k := range final {
			if c.upgrades(k, o) && u.held[o] != nil {
				if sub := u.held[o].sub; sub != "" {
					a.freed = append(a.freed, mFreed{u, o, sub})
				}
				m.removeHolding(u, o)
				break
			}
		}
	}
}

// addUsers is ASG-2, ASG-9, LIC-2: one event, users in order.
func (m *model) addUsers(a AddUsers) error {
	seen := map[string]bool{}
	var nus []*mUser
	for _, nu := range a.Users {
		e, err := ParseEmail(nu.Email)
		if err != nil || seen[e] || m.user(e) != nil || nu.Placement.Validate() != nil {
			return reject("e-mail %q", nu.Email)
		}
		seen[e] = true
		u := &mUser{email: e, pending: nu.Status != Active, placement: !nu.Placement.IsZero(), held: map[string]*mHold{}}
		for _, g := range nu.Groups {
			if m.group(g) == nil {
				return reject("group %q", g)
			}
			if !slices.Contains(u.groups, g) {
				u.groups = append(u.groups, g)
			}
		}
		nus = append(nus, u)
	}
	for i, nu := range a.Users {
		u := nus[i]
		m.byEmail[u.email] = len(m.users)
		m.users = append(m.users, u)
		ts := m.templatesFor(u.groups)
		switch {
		case nu.Explicit:
			if err := m.request(u, m.names(nu.Licenses), true, true, false); err != nil {
				return err
			}
		case len(ts) == 0:
			d := kset{}
			for _, k := range m.c.kinds {
				if m.c.info[k].UserDefault {
					d[k] = true
				}
			}
			for k := range m.c.implyServices(d) {
				u.held[k] = &mHold{dflt: true}
			}
		default:
			app := &mApp{m: m, only: -1}
			app.run([]*mUser{u})
		}
	}
	return nil
}

// membership is ASG-2 (join) and ASG-8 (leave, move).
func (m *model) membership(email, from, to string) error {
	u := m.user(email)
	if u == nil {
		return reject("user %q", email)
	}
	groups := slices.Clone(u.groups)
	if from != "" {
		i := slices.Index(groups, from)
		if m.group(from) == nil || i < 0 {
			return reject("leave %q", from)
		}
		groups = slices.Delete(groups, i, i+1)
	}
	if to != "" {
		if m.group(to) == nil || slices.Contains(groups, to) || (to != from && slices.Contains(u.groups, to)) {
			return reject("join %q", to)
		}
		groups = append(groups, to)
	}
	before := m.grantMap()
	var reset map[*mUser]kset
	if m.mode == GroupMode && from != to {
		app := &mApp{m: m, only: -1, newGroups: map[*mUser][]string{u: groups}}
		if to != "" {
			app.only = m.group(to).tmpl
		}
		if from != "" && !m.preserveGC {
			app.exact, app.only = true, -1
		}
		if app.exact || app.only >= 0 {
			app.run([]*mUser{u})
		}
		reset = app.reset
	}
	u.groups = groups
	m.markRetained(before, reset)
	return nil
}

func (m *model) setSetting(a SetSetting) error {
	if a.Setting != SettingPreserveOnGroupChange {
		return reject("setting %v not modelled", a.Setting)
	}
	if m.preserveGC && !a.On && !a.Ack {
		for _, u := range m.users {
			for k := range u.held {
				if m.c.info[k].NeedsPlacement {
					return reject("needs ack")
				}
			}
		}
	}
	m.preserveGC = a.On
	return nil
}

// userRequest: a full-set request (set) or per-license operations (ops,
// applied to the held set; no operation changes nothing) (LIC-7).
func (m *model) userRequest(email string, set kset, ops []LicenseOp, isOps, raw, ack bool) error {
	u := m.user(email)
	if u == nil {
		return reject("user %q", email)
	}
	result := set
	if isOps {
		result = u.heldSet()
		for _, op := range ops {
			if op.Remove {
				delete(result, m.c.name(op.Kind))
			} else {
				result[m.c.name(op.Kind)] = true
			}
		}
	}
	return m.request(u, result, raw, false, ack)
}

// request is one user-level request (LIC-7), all or nothing, validated on
// the resulting set.
func (m *model) request(u *mUser, result kset, raw, creation, ack bool) error {
	c := m.c
	held := u.heldSet()
	if raw {
		result = c.implyRaw(held, result)
	} else {
		result = c.implyServices(result)
	}
	vs := c.violations(held, result)
	lost := false
	for _, k := range c.order(held) {
		if !result[k] {
			m.removeHolding(u, k)
			if c.info[k].NeedsPlacement {
				lost = true
			}
		}
	}
	for _, k := range c.order(result) {
		if held[k] {
			continue
		}
		if c.info[k].NeedsPlacement && !u.placement {
			vs = append(vs, "placement")
		}
		h := &mHold{manual: true} // licenses given at creation are manual too (LIC-9)
		if c.consumes(k) {
			s := m.oldest(k, nil)
			if s == nil {
				vs = append(vs, "no unit of "+k)
				continue
			}
			s.used[k]++
			h.sub = s.id
		}
		u.held[k] = h
	}
	if len(vs) > 0 {
		return reject("%s: %v", u.email, vs)
	}
	if lost && !ack {
		return reject("needs ack")
	}
	return nil
}

// Snapshots compared between the engine and the model.

type snapHolding struct {
	Sub     string
	Pending bool
	Sources []string // sorted
}

type snapUser struct {
	Email  string
	Groups []string // sorted
	Held   map[string]snapHolding
}

type snapUsage struct {
	Sub, Kind   string
	Total, Used int
}

type snapshot struct {
	Users []snapUser
	Usage []snapUsage
}

func (m *model) sources(u *mUser, k string) []string {
	h := u.held[k]
	if m.c.info[k].Implied { // LIC-5: exactly {implied}
		return []string{Source{Kind: FromImplied}.String()}
	}
	var out []string
	cur := m.granting(m.templatesFor(u.groups), k)
	for _, t := range cur {
		out = append(out, Source{FromTemplate, m.tmpls[t].name}.String())
	}
	for _, t := range h.retained {
		if !slices.Contains(cur, t) {
			out = append(out, Source{FromRetained, m.tmpls[t].name}.String())
		}
	}
	for _, f := range []struct {
		on bool
		k  SourceKind
	}{{h.manual, FromManual}, {h.dflt, FromDefault}} {
		if f.on {
			out = append(out, Source{Kind: f.k}.String())
		}
	}
	for _, im := range m.c.implies {
		if im[1] == k && u.held[im[0]] != nil {
			out = append(out, Source{Kind: FromImplied}.String())
			break
		}
	}
	slices.Sort(out)
	return out
}

func (m *model) snapshot() snapshot {
	var s snapshot
	for _, u := range m.users {
		su := snapUser{Email: u.email, Groups: slices.Sorted(slices.Values(u.groups)), Held: map[string]snapHolding{}}
		for k, h := range u.held {
			su.Held[k] = snapHolding{Sub: h.sub, Pending: u.pending, Sources: m.sources(u, k)}
		}
		s.Users = append(s.Users, su)
	}
	for _, sub := range m.subOrder() {
		for _, k := range m.c.kinds {
			if sub.total[k] != 0 || sub.used[k] != 0 {
				s.Usage = append(s.Usage, snapUsage{sub.id, k, sub.total[k], sub.used[k]})
			}
		}
	}
	return s
}

// checkSelf verifies the model's own bookkeeping: used units equal the
// holdings.
func (m *model) checkSelf() error {
	count := map[[2]string]int{}
	for _, u := range m.users {
		for k, h := range u.held {
			if h.sub != "" {
				count[[2]string{h.sub, k}]++
			}
		}
	}
	for _, s := range m.subs {
		for _, k := range m.c.kinds {
			if s.used[k] != count[[2]string{s.id, k}] || s.used[k] > s.total[k] {
				return fmt.Errorf("model: %s %s used %d, held %d, total %d", s.id, k, s.used[k], count[[2]string{s.id, k}], s.total[k])
			}
		}
	}
	return nil
}

func engineSnapshot(o *Org) snapshot {
	var s snapshot
	cat := o.Catalog()
	for i := 0; i < o.NumUsers(); i++ {
		info, err := o.User(UserID(i))
		if err != nil {
			panic(err)
		}
		su := snapUser{Email: info.Email, Groups: slices.Sorted(slices.Values(info.Groups)), Held: map[string]snapHolding{}}
		for _, h := range info.Holdings {
			var src []string
			for _, x := range h.Sources {
				src = append(src, x.String())
			}
			slices.Sort(src)
			su.Held[cat.Name(h.Kind)] = snapHolding{Sub: h.Subscription, Pending: h.Pending, Sources: src}
		}
		s.Users = append(s.Users, su)
	}
	for _, u := range o.Usage() {
		s.Usage = append(s.Usage, snapUsage{u.Subscription, u.Name, u.TotalUnits, u.ConsumedUnits})
	}
	return s
}
