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
//
// Explanations are the product, so the model also explains: for every
// action it predicts the plan (model.log) — each change as (user, license,
// op, reason, template, subscription, from-subscription, source), recorded
// where the model itself grants (give), removes (revoke), moves, marks a
// template retained or current (markRetained) or drops a stored source;
// the shortfalls; the rows a CSV import rejects; the users at risk when the
// group-change setting goes off; and, for a rejected action, the class of
// its error (mError: a sentinel's name, or the API codes of a rejected
// license set in LIC-7 order, or the users an unacknowledged loss of Webex
// Calling names). Where the SPEC leaves a detail of the explanation open,
// the model follows the engine's documented choice:
//
//   - a grant names the first current template granting the kind, in
//     template order, whichever template's subscription gave the unit;
//   - a removal, move or upgrade names the template of the event (none
//     for a group change with the setting off, ASG-8);
//   - grants of a group change with the setting off have reason
//     BecauseGroupChange, of a join (or a move with the setting on)
//     BecauseJoin, and AddSource has the reason of the event;
//   - a kind refused a unit whose requirement the user does not end with
//     reads RequirementMissing (INV-6).
//
// The "finding:" notes mark where the model follows the engine against
// the SPEC or the package's own documentation; model_findings_test.go
// holds the skipped regressions.

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/wxlicense/wxlicense/license"
)

var errModel = errors.New("model: rejected")

// mError is a rejection the model predicts: its class is what the test
// compares with the engine's error (errClass in rapid_test.go): a sentinel's
// name ("ErrUnknownUser", "ErrNeedsAck", ...), "OutsideOrg" for a
// user-level request for a user outside the org (LIC-13), or the API codes
// of a rejected license set in the order LIC-7 reports them ("codes 700003
// 400411").
type mError struct {
	class, detail string
}

func (e *mError) Error() string { return "model: rejected: " + e.class + ": " + e.detail }

func (e *mError) Is(target error) bool { return target == errModel }

func rejectAs(class, format string, args ...any) error {
	return &mError{class, fmt.Sprintf(format, args...)}
}

// lic7Order is the order in which LIC-7 reports violations: 700003, 700005,
// 700004, 700006, then the codes in the order LIC-13 lists them, then a
// missing unit.
var lic7Order = []license.Code{700003, 700005, 700004, 700006, 400411, 400404, 400112, 400406,
	400407, 400408, 400410, 400413, 400216, 400118, 400000, 400, license.CodeNoUnit}

// codesClass is the class of a rejected license set: its distinct codes in
// LIC-7 order.
func codesClass(codes []license.Code) string {
	var out []string
	for _, c := range lic7Order {
		if slices.Contains(codes, c) {
			out = append(out, fmt.Sprint(int(c)))
		}
	}
	for _, c := range codes {
		if !slices.Contains(lic7Order, c) {
			panic(fmt.Sprintf("model: code %d outside LIC-7's order", c))
		}
	}
	return "codes " + strings.Join(out, " ")
}

func rejectCodes(codes []license.Code, format string, args ...any) error {
	return rejectAs(codesClass(codes), format, args...)
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
	code    license.Code
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
	downs    [][2]string                // {from, to}
	codes    map[[2]string]license.Code // of requirements {kind, needs} and downgrades {from, to}
}

func newMCat(c *license.Catalog) *mCat {
	m := &mCat{rank: map[string]int{}, info: map[string]license.Info{}, kindOf: map[string]license.Kind{}, nameOf: map[license.Kind]string{}, needs: map[string][]string{}, codes: map[[2]string]license.Code{}}
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
		m.codes[[2]string{c.Name(r.Kind), c.Name(r.Needs)}] = r.Code
	}
	for _, im := range c.Implications() {
		m.implies = append(m.implies, [2]string{c.Name(im.By), c.Name(im.Implied)})
	}
	for _, ex := range c.Exclusions() {
		f := mFamily{code: ex.Code}
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
		m.codes[[2]string{c.Name(d.From), c.Name(d.To)}] = d.Code
	}
	return m
}

func (c *mCat) name(k license.Kind) string { return c.nameOf[k] }

// siteKind returns the kind of a meeting site's role, or "".
func (c *mCat) siteKind(site string, r license.Role) string {
	for _, k := range c.kinds {
		if site != "" && asciiLower(c.info[k].Site) == asciiLower(site) && c.info[k].Role == r {
			return k
		}
	}
	return ""
}

// site returns the catalog's spelling of a meeting site named in any case
// of its ASCII letters (a host name), or "".
func (c *mCat) site(s string) string {
	if k := c.siteKind(s, license.RoleHost); k != "" {
		return c.info[k].Site
	}
	return ""
}

func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

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

// violations lists the API codes of the rules a transition from held to
// result breaks (LIC-3, LIC-4, LIC-5 (ii), LIC-1 exclusive families and
// downgrades, LIC-13).
func (c *mCat) violations(held, result kset) []license.Code {
	var out []license.Code
	for _, k := range c.order(result) {
		for _, n := range c.needs[k] {
			if !result[n] {
				out = append(out, c.codes[[2]string{k, n}])
			}
		}
	}
	for _, im := range c.implies {
		if result[im[0]] && held[im[1]] && !result[im[1]] {
			out = append(out, license.CodeImpliedRemoval)
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
			out = append(out, f.code)
		}
	}
	for _, d := range c.downs {
		if held[d[0]] && !result[d[0]] && !held[d[1]] && result[d[1]] {
			out = append(out, c.codes[d])
		}
	}
	return out
}

// firstMissing returns the requirement of k that have lacks, first in
// catalog order, or "".
func (c *mCat) firstMissing(k string, have kset) string {
	miss := ""
	for _, n := range c.needs[k] {
		if !have[n] && (miss == "" || c.rank[n] < c.rank[miss]) {
			miss = n
		}
	}
	return miss
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
	hadData      bool  // granted while messages and files were kept (LIC-10)
}

type mUser struct {
	email     string
	pending   bool
	placement bool
	groups    []string
	held      map[string]*mHold
	dataKept  kset      // messaging kinds removed whose messages and files are kept (LIC-10)
	keptSince time.Time // the latest messaging removal: retention runs from it
	siteAdmin []string  // meeting sites the user administers (ASG-13)
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
	suppress   bool          // automatic e-mails suppressed (LIC-12)
	sso        bool          // single sign-on configured (ASG-18)
	retention  time.Duration // how long messages and files are kept; 0: forever (LIC-10)
	now        time.Time
	noAttendee kset   // attendee kinds whose site has attendee accounts off (ASG-13)
	orgID      string // the org's ID, in license IDs (LIC-6)
	log        *mLog  // what the last action did, and why
}

func newModel(cat *license.Catalog) *model {
	return &model{c: newMCat(cat), byEmail: map[string]int{}, orgT: -1, preserveGC: true, noAttendee: kset{}, log: &mLog{}}
}

// mChange is a change the model predicts, by name, as the test compares it
// with the plan's Change: Template, Sub, From and Source are "" where the
// change has none.
type mChange struct {
	User, Kind, Op, Reason, Template, Sub, From, Source string
}

// mShort is a shortfall the model predicts, by name.
type mShort struct {
	User, Kind, Reason, Other string
}

// mLog is the model's explanation of one action: its changes and
// shortfalls, in the order the model made them (the test compares
// multisets).
type mLog struct {
	changes []mChange
	shorts  []mShort
	// lostCalling are the users who lose Webex Calling (CAL-9), atRisk
	// those who may lose it later (ASG-8)
	lostCalling, atRisk []string
	rowErrors           []mRowError
}

// mRowError is a rejected CSV row the model predicts (ASG-20).
type mRowError struct {
	Row          int
	Email, Class string
}

// needsAck is the rejection of an unacknowledged loss of Webex Calling
// (CAL-9): its class names the users, sorted.
// lostCalling keeps, of the users who lost a Webex Calling license, those
// left with none: only they lose Webex Calling (CAL-9); it reports whether
// any is left.
func (m *model) lostCalling() bool {
	m.log.lostCalling = slices.DeleteFunc(m.log.lostCalling, func(e string) bool {
		for k := range m.user(e).held {
			if m.c.info[k].NeedsPlacement {
				return true
			}
		}
		return false
	})
	return len(m.log.lostCalling) > 0
}

func (m *model) needsAck() error {
	users := slices.Sorted(slices.Values(m.log.lostCalling))
	return rejectAs("ErrNeedsAck "+strings.Join(slices.Compact(users), " "), "needs ack")
}

func (m *model) tmplName(t int) string {
	if t < 0 {
		return ""
	}
	return m.tmpls[t].name
}

// note records a change.
func (m *model) note(u *mUser, k string, op Op, r Reason, t int, sub, from string, src SourceKind) {
	c := mChange{User: u.email, Kind: k, Op: op.String(), Reason: r.String(), Template: m.tmplName(t), Sub: sub, From: from}
	if src != 0 {
		c.Source = src.String()
	}
	m.log.changes = append(m.log.changes, c)
}

// short records a shortfall.
func (m *model) short(u *mUser, k string, r ShortfallReason, other string) {
	m.log.shorts = append(m.log.shorts, mShort{u.email, k, r.String(), other})
}

// give grants u the license h of kind k for reason r, naming template t
// (or none), with source src — implied for an implied kind, whose sources
// are exactly {implied} (LIC-5) — and gives back the messages and files
// kept since a removal (LIC-10).
func (m *model) give(u *mUser, k string, h *mHold, r Reason, t int, src SourceKind) {
	if m.c.info[k].Implied {
		src, h.manual, h.dflt = FromImplied, false, false
	}
	u.held[k], h.hadData = h, u.dataKept[k]
	m.note(u, k, Grant, r, t, h.sub, "", src)
	if u.dataKept[k] && (m.retention == 0 || m.now.Sub(u.keptSince) <= m.retention) {
		m.note(u, k, Restore, r, t, "", "", 0)
	}
	delete(u.dataKept, k) // returned, or gone for good
}

// ungive takes back a grant of this action (RequirementMissing, ASG-19):
// as if it had not been made.
func (m *model) ungive(u *mUser, k string) {
	if u.held[k].hadData {
		u.dataKept[k] = true
	}
	m.removeHolding(u, k)
	m.log.changes = slices.DeleteFunc(m.log.changes, func(c mChange) bool {
		if c.User != u.email || c.Kind != k {
			return false
		}
		return c.Op == Grant.String() || c.Op == Restore.String()
	})
}

// revoke removes k from u for reason r, naming template t (or none); a
// messaging license's messages and files are kept (LIC-10).
func (m *model) revoke(u *mUser, k string, r Reason, t int) {
	m.note(u, k, Remove, r, t, u.held[k].sub, "", 0)
	if m.c.info[k].NeedsPlacement {
		m.log.lostCalling = append(m.log.lostCalling, u.email)
	}
	if m.c.info[k].Category == license.Messaging {
		if u.dataKept == nil {
			u.dataKept = kset{}
		}
		u.dataKept[k], u.keptSince = true, m.now
	}
	m.removeHolding(u, k)
}

// touched returns, per user e-mail, the kinds this action granted or
// removed so far.
func (m *model) touched() map[string]kset {
	out := map[string]kset{}
	for _, c := range m.log.changes {
		if c.Op == Grant.String() || c.Op == Remove.String() {
			if out[c.User] == nil {
				out[c.User] = kset{}
			}
			out[c.User][c.Kind] = true
		}
	}
	return out
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
		c.dataKept = u.dataKept.clone()
		c.siteAdmin = slices.Clone(u.siteAdmin)
		c.held = make(map[string]*mHold, len(u.held))
		for k, h := range u.held {
			hc := *h
			hc.retained = slices.Clone(h.retained)
			c.held[k] = &hc
		}
		n.users[i] = &c
	}
	n.noAttendee = m.noAttendee.clone()
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
// Afterwards m.log explains the action (empty when it was rejected).
func (m *model) do(a Action) error {
	n := m.clone()
	n.log = &mLog{}
	if err := n.apply(a); err != nil {
		m.log = &mLog{}
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
			return rejectAs("ErrInvalidName", "join %q", a.Group)
		}
		return m.membership(a.User, "", a.Group)
	case LeaveGroup:
		if strings.TrimSpace(a.Group) == "" {
			return rejectAs("ErrInvalidName", "leave %q", a.Group)
		}
		return m.membership(a.User, a.Group, "")
	case MoveUser:
		switch {
		case strings.TrimSpace(a.From) == "" || strings.TrimSpace(a.To) == "":
			return rejectAs("ErrInvalidName", "move from %q to %q", a.From, a.To)
		case a.From == a.To:
			return rejectAs("ErrSameGroup", "move from %q to %q", a.From, a.To)
		}
		return m.membership(a.User, a.From, a.To)
	case SetSetting:
		return m.setSetting(a)
	case UpdateLicenses:
		return m.userRequest(a.User, m.names(a.Licenses), nil, false, true, a.Ack)
	case ModifyLicenses:
		return m.userRequest(a.User, nil, a.Ops, true, true, a.Ack)
	case ImportCSV:
		m.importCSV(a)
		return nil
	case EditServices:
		return m.userRequest(a.User, m.names(a.Licenses), nil, false, false, a.Ack)
	case SignIn:
		u := m.user(a.User)
		switch {
		case u == nil:
			return rejectAs("ErrUnknownUser", "sign in %s", a.User)
		case !u.pending:
			return rejectAs("ErrAlreadyActive", "sign in %s", a.User)
		}
		u.pending = false
		for k, h := range u.held { // ASG-18
			m.note(u, k, Activate, BecauseSignIn, -1, h.sub, "", 0)
		}
		return nil
	}
	if err, ok := m.applySite(a); ok {
		return err
	}
	if err, ok := m.applyTime(a); ok {
		return err
	}
	panic(fmt.Sprintf("model: unsupported action %T", a))
}

// applySite applies the meeting-site actions (ASG-13).
func (m *model) applySite(a Action) (error, bool) {
	switch a := a.(type) {
	case SetSiteAttendee:
		att := m.c.siteKind(a.Site, license.RoleAttendee)
		if att == "" {
			return rejectAs("ErrUnknownSite", "site %q", a.Site), true
		}
		m.noAttendee[att] = !a.On
		return nil, true
	case SetSiteAdmin:
		u := m.user(a.User)
		switch {
		case u == nil:
			return rejectAs("ErrUnknownUser", "user %q", a.User), true
		case m.c.site(a.Site) == "":
			return rejectAs("ErrUnknownSite", "site %q", a.Site), true
		}
		if site := m.c.site(a.Site); !slices.Contains(u.siteAdmin, site) {
			u.siteAdmin = append(u.siteAdmin, site)
		}
		return nil, true
	}
	return nil, false
}

// applyTime applies the clock and the retention period (LIC-10).
func (m *model) applyTime(a Action) (error, bool) {
	switch a := a.(type) {
	case SetTime:
		if a.At.Before(m.now) {
			return rejectAs("ErrTimeBackwards", "time %v", a.At), true
		}
		m.now = a.At
		return nil, true
	case SetRetention:
		if a.Period < 0 {
			return rejectAs("ErrInvalidValue", "retention %v", a.Period), true
		}
		m.retention = a.Period
		return nil, true
	}
	return nil, false
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

// markRetained records how the sources of the licenses users keep through
// an event change (LIC-9): a template that granted a kept license before
// the event and no longer does becomes a retained source of it (Retain); a
// template that grants it now and did not before becomes a current one
// (AddSource, for reason r). reset lists, per user, the licenses whose
// sources become exactly their current templates (LIC-9): they are not
// marked retained, and their stored marks go (DropSource). Implied
// licenses keep exactly {implied} (LIC-5); a license the event granted or
// removed is no kept one.
func (m *model) markRetained(before []map[string][]int, reset map[*mUser]kset, r Reason) {
	touched := m.touched()
	for i, u := range m.users {
		var was map[string][]int
		if i < len(before) {
			was = before[i]
		}
		ts := m.templatesFor(u.groups)
		for k, h := range u.held { // notes are compared as a multiset
			if m.c.info[k].Implied || touched[u.email][k] {
				continue
			}
			for _, t := range was[k] {
				if reset[u][k] || slices.Contains(ts, t) && m.tmpls[t].grant[k] {
					continue
				}
				m.note(u, k, Retain, BecauseNoLongerGrant, t, "", "", 0)
				if !slices.Contains(h.retained, t) {
					h.retained = append(h.retained, t)
				}
			}
			// a template granting again is current, no longer retained
			for _, t := range m.granting(ts, k) {
				if !slices.Contains(was[k], t) {
					m.note(u, k, AddSource, r, t, "", "", 0)
					h.retained = slices.DeleteFunc(h.retained, func(x int) bool { return x == t })
				}
			}
		}
	}
	for u, ks := range reset {
		for k := range ks {
			if h := u.held[k]; h != nil && !m.c.info[k].Implied {
				m.dropMarks(u, k, h)
			}
		}
	}
}

// dropMarks drops a kept license's stored sources — manual, default,
// retained templates — as a set to the resolved grant does (LIC-9).
func (m *model) dropMarks(u *mUser, k string, h *mHold) {
	if h.manual {
		m.note(u, k, DropSource, BecauseExactGrant, -1, "", "", FromManual)
	}
	if h.dflt {
		m.note(u, k, DropSource, BecauseExactGrant, -1, "", "", FromDefault)
	}
	for _, t := range h.retained {
		m.note(u, k, DropSource, BecauseExactGrant, t, "", "", FromRetained)
	}
	h.manual, h.dflt, h.retained = false, false, nil
}

func (m *model) addSubscription(s license.Subscription) error {
	if m.sub(s.ID) != nil {
		return rejectAs("ErrDuplicateSubscription", "subscription %q", s.ID)
	}
	if s.ID == "" {
		return rejectAs("ErrBadSubscription", "subscription %q", s.ID)
	}
	ms := &mSub{id: s.ID, created: s.Created, total: map[string]int{}, used: map[string]int{}}
	for k, n := range s.Units {
		if _, ok := m.c.nameOf[k]; !ok || n < 0 {
			return rejectAs("ErrBadSubscription", "subscription units")
		}
		ms.total[m.c.name(k)] = n
	}
	m.subs = append(m.subs, ms)
	return nil
}

func (m *model) addGroup(a AddGroup) error {
	switch {
	case strings.TrimSpace(a.Name) == "":
		return rejectAs("ErrInvalidName", "group %q", a.Name)
	case m.group(a.Name) != nil:
		return rejectAs("ErrDuplicateName", "group %q", a.Name)
	case a.Parent != "" && m.group(a.Parent) == nil:
		return rejectAs("ErrUnknownGroup", "group %q", a.Parent)
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
	m.markRetained(before, nil, BecauseTemplate)
	return nil
}

// saveTemplate is ASG-1..ASG-5 with LIC-3, LIC-4, INV-1 at save time.
func (m *model) saveTemplate(a SaveTemplate) error {
	var g *mGroup
	if a.Group == "" {
		if m.mode != OrgMode {
			return rejectAs("ErrWrongMode", "org template in group mode")
		}
	} else {
		switch g = m.group(a.Group); {
		case g == nil:
			return rejectAs("ErrUnknownGroup", "group template %q", a.Group)
		case m.mode != GroupMode:
			return rejectAs("ErrWrongMode", "group template %q", a.Group)
		case !g.security:
			return rejectAs("ErrDistributionGroup", "group template %q", a.Group)
		}
	}
	grant, pins := kset{}, map[string]string{}
	for _, e := range a.Licenses {
		k := m.c.name(e.Kind)
		if grant[k] {
			return rejectCodes([]license.Code{license.CodeExclusiveFamily}, "%s named twice", k)
		}
		grant[k] = true
		if e.Subscription != "" {
			if m.sub(e.Subscription) == nil {
				return rejectAs("ErrUnknownSubscription", "unknown subscription %q", e.Subscription)
			}
			pins[k] = e.Subscription
		}
		if m.noAttendee[k] { // ASG-13
			return rejectCodes([]license.Code{license.CodeInvalidAttendeeSite}, "attendee accounts off for %s", k)
		}
	}
	// the template is checked as named, as a raw request would be: an
	// implied kind named without its implier is refused (LIC-5)
	if vs := m.c.violations(kset{}, m.c.resolve(m.c.implyRaw(kset{}, grant))); len(vs) > 0 {
		return rejectCodes(vs, "template %s", a.name())
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
		app := &mApp{m: m, exact: a.PreserveOff, only: -1, reason: BecauseTemplate, tmpl: id}
		app.run(m.governed(id))
		if m.lostCalling() && !a.Ack {
			return m.needsAck()
		}
		reset = app.reset
	}
	m.markRetained(before, reset, BecauseTemplate)
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
	switch {
	case id < 0:
		return rejectAs("ErrUnknownTemplate", "remove service from %q", a.Template)
	case !m.tmpls[id].grant[k]:
		return rejectAs("ErrNotInTemplate", "remove service %s", k)
	case m.c.info[k].Implied:
		return rejectCodes([]license.Code{license.CodeImpliedRemoval}, "remove service: %s is implied (LIC-5)", k)
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
		return rejectAs("ErrUnknownTemplate", "delete %q", a.Template)
	}
	before := m.grantMap()
	if a.PreserveOff {
		// every user the template is a source for: governed, or holding
		// it as a retained source after leaving its group (ASG-5)
		for _, u := range m.users {
			if slices.Contains(m.governed(id), u) || m.retains(u, id) {
				m.dropFrom(u, id)
			}
		}
		if m.lostCalling() && !a.Ack {
			return m.needsAck()
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
		m.markRetained(before, nil, BecauseDelete)
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

// dropFrom removes from u what only template id gave (ASG-5).
func (m *model) dropFrom(u *mUser, id int) {
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
	for _, k := range m.c.order(u.heldSet()) {
		h := u.held[k]
		if gone[k] || m.c.info[k].Implied || !hasT(k) {
			continue
		}
		wasRetained := slices.Contains(h.retained, id)
		h.retained = slices.DeleteFunc(h.retained, func(t int) bool { return t == id })
		switch {
		case !other(k): // kept because a kept license requires it
			h.retained = append(h.retained, id)
			if slices.Contains(ts, id) && m.tmpls[id].grant[k] {
				m.note(u, k, Retain, BecauseNoLongerGrant, id, "", "", 0)
			}
		case wasRetained:
			m.note(u, k, DropSource, BecauseDelete, id, "", "", FromRetained)
		}
	}
	for _, k := range m.c.order(gone) {
		m.revoke(u, k, BecauseDelete, id)
	}
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
	m         *model
	exact     bool                // preserve off: exactly the resolved grant
	only      int                 // join: this template alone (ASG-2), or -1
	newGroups map[*mUser][]string // memberships after the event
	reason    Reason              // of the grants: BecauseTemplate, BecauseJoin, BecauseCreation or BecauseGroupChange
	tmpl      int                 // the template of the event, or -1
	reset     map[*mUser]kset
	pend      []*mPend
	freed     []mFreed // units the grant pass freed by upgrades
}

// mFreed is a held kind an upgrade removed, with its holding (and unit) as
// it was.
type mFreed struct {
	u        *mUser
	kind     string
	h        *mHold
	dataKept bool
}

type mPend struct {
	u    *mUser
	ts   []int
	held kset // before the application
	raw  kset // the templates' grants, less the attendee roles ASG-13 forbids
	want kset
	// adminDropped are the attendee roles ASG-13 took out next to a
	// granted host
	adminDropped kset
	add          []string
	upgrade      []string
	moves        []string
}

// groupsAfter returns u's groups after the event.
func (a *mApp) groupsAfter(u *mUser) []string {
	if g, ok := a.newGroups[u]; ok {
		return g
	}
	return u.groups
}

// pins reports whether a template of ts names a subscription.
func (a *mApp) pins(ts []int) bool {
	for _, t := range ts {
		if len(a.m.tmpls[t].pins) > 0 {
			return true
		}
	}
	return false
}

// naming returns the first template of ts, in template order, whose entry
// for k names sub, or -1.
func (a *mApp) naming(ts []int, k, sub string) int {
	by := -1
	for _, t := range ts {
		if a.m.tmpls[t].grant[k] && a.m.tmpls[t].pins[k] == sub && (by < 0 || t < by) {
			by = t
		}
	}
	return by
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

// removal is the reason of a removal: the group change (ASG-8) or preserve
// off (ASG-4).
func (a *mApp) removal() Reason {
	if a.reason == BecauseGroupChange {
		return BecauseGroupChange
	}
	return BecausePreserveOff
}

func (a *mApp) run(users []*mUser) {
	for _, u := range users {
		a.decide(u)
	}
	for _, p := range a.pend {
		a.move(p)
	}
	// A unit freed by an upgrade goes to the users refused one earlier in
	// user order (package doc, INV-6): when the pass freed one and reported
	// NoUnitAvailable, it runs again from where it started, with the
	// upgraded kinds removed first; an upgrade that does not happen again
	// gives its kind back on its old subscription, and when its unit is no
	// longer free the pass runs once more without freeing it (a held
	// license has its unit, ASG-19).
	st := a.saveGrantState()
	a.grantPass()
	if len(a.freed) == 0 || !a.refusedSince(st.shorts) {
		return
	}
	for freed := a.freed; !a.grantFreed(st, freed); {
		freed = slices.DeleteFunc(freed, func(f mFreed) bool { return !a.upgraded(f.u, f.kind) })
	}
}

// grantFreed runs the grant pass again from st with the kinds of freed
// removed first, and gives back the kinds whose upgrade did not happen
// again; it reports false when one of their units is no longer free.
func (a *mApp) grantFreed(st mGrantState, freed []mFreed) bool {
	a.restoreGrantState(st)
	for _, f := range freed {
		a.m.revoke(f.u, f.kind, BecauseUpgrade, a.tmpl)
	}
	a.grantPass()
	for _, f := range freed {
		if a.upgraded(f.u, f.kind) {
			continue
		}
		s := a.m.sub(f.h.sub)
		if s.total[f.kind]-s.used[f.kind] <= 0 {
			return false
		}
		s.used[f.kind]++
		f.u.held[f.kind] = f.h
		if !f.dataKept {
			delete(f.u.dataKept, f.kind)
		}
		a.m.log.changes = slices.DeleteFunc(a.m.log.changes, func(c mChange) bool {
			return c.User == f.u.email && c.Kind == f.kind && c.Op == Remove.String()
		})
	}
	return true
}

// refusedSince reports whether a NoUnitAvailable shortfall was reported
// since mark.
func (a *mApp) refusedSince(mark int) bool {
	for _, s := range a.m.log.shorts[mark:] {
		if s.Reason == NoUnitAvailable.String() {
			return true
		}
	}
	return false
}

// grantPass runs every queued grant in user order.
func (a *mApp) grantPass() {
	a.freed = nil
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

// mGrantState is what a grant pass changes: the holdings and kept data of
// the queued users, the used units, and the log.
type mGrantState struct {
	held            map[*mUser]map[string]*mHold
	dataKept        map[*mUser]kset
	used            []map[string]int
	changes, shorts int
}

func (a *mApp) saveGrantState() mGrantState {
	st := mGrantState{held: map[*mUser]map[string]*mHold{}, dataKept: map[*mUser]kset{},
		changes: len(a.m.log.changes), shorts: len(a.m.log.shorts)}
	for _, p := range a.pend {
		hs := map[string]*mHold{}
		for k, h := range p.u.held {
			hc := *h
			hc.retained = slices.Clone(h.retained)
			hs[k] = &hc
		}
		st.held[p.u] = hs
		st.dataKept[p.u] = p.u.dataKept.clone()
	}
	for _, s := range a.m.subs {
		c := map[string]int{}
		for k, v := range s.used {
			c[k] = v
		}
		st.used = append(st.used, c)
	}
	return st
}

// restoreGrantState puts back a copy of st, which stays as it was for
// the next pass.
func (a *mApp) restoreGrantState(st mGrantState) {
	for u, hs := range st.held {
		u.held = map[string]*mHold{}
		for k, h := range hs {
			hc := *h
			hc.retained = slices.Clone(h.retained)
			u.held[k] = &hc
		}
		u.dataKept = st.dataKept[u].clone()
	}
	for i, s := range a.m.subs {
		s.used = maps.Clone(st.used[i])
	}
	a.m.log.changes = a.m.log.changes[:st.changes]
	a.m.log.shorts = a.m.log.shorts[:st.shorts]
}

// decide computes one user's resolved grant, performs the removals and
// queues moves and grants.
func (a *mApp) decide(u *mUser) {
	m, c := a.m, a.m.c
	p := &mPend{u: u, ts: a.templates(u), held: u.heldSet(), raw: kset{}, adminDropped: kset{}}
	for _, t := range p.ts {
		for k := range m.tmpls[t].grant {
			p.raw[k] = true
		}
	}
	// ASG-13: a site admin gets no attendee role there; with host granted
	// too, that is reported only if host gets no unit
	for _, site := range u.siteAdmin {
		att := c.siteKind(site, license.RoleAttendee)
		if !p.raw[att] {
			continue
		}
		delete(p.raw, att)
		if p.raw[c.siteKind(site, license.RoleHost)] {
			p.adminDropped[att] = true
		} else {
			m.short(u, att, AttendeeSiteAdmin, "")
		}
	}
	want := c.implyServices(c.resolve(p.raw))
	// exclusive families without a preferred member: the held one wins,
	// else the first in catalog order; the other is reported Exclusive
	// unless held (package doc)
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
				if !p.held[k] {
					m.short(u, k, Exclusive, winner)
				}
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
			case c.upgrades(o, k): // the held preferred member stays
				delete(add, k)
			default: // an exclusive shortfall (ASG-4)
				delete(add, k)
				m.short(u, k, Exclusive, o)
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
			m.short(u, d[1], RefusedDowngrade, d[0])
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
	for _, k := range c.order(add) {
		if c.info[k].NeedsPlacement && !u.placement {
			delete(add, k)
			m.short(u, k, NoPlacement, "") // CAL-4
		}
	}
	for _, k := range c.order(remove) {
		m.revoke(u, k, a.removal(), a.tmpl)
	}
	p.add, p.upgrade = c.order(add), c.order(upgrade)
	// preserve on: a held license stays on its subscription (LIC-8);
	// every current template's entries count, also on a join
	if !a.exact && a.pins(p.ts) {
		all := a.m.templatesFor(a.groupsAfter(u))
		for _, k := range c.order(want) {
			h := u.held[k]
			if subs := a.allowed(all, k); h != nil && h.sub != "" && subs != nil && !slices.Contains(subs, h.sub) {
				m.short(u, k, SubscriptionKept, "")
			}
		}
	}
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
		if to == nil { // it stays (LIC-8, CAL-11)
			a.m.short(p.u, k, SubscriptionKept, "")
			continue
		}
		// the move names the template whose entry names the subscription
		a.m.note(p.u, k, Move, BecausePin, a.naming(p.ts, k, to.id), to.id, h.sub, 0)
		to.used[k]++
		a.m.sub(h.sub).used[k]--
		h.sub = to.id
	}
}

// by returns the template a grant of k names: the first current template
// granting it, in template order.
func (a *mApp) by(ts []int, k string) int {
	by := -1
	for _, t := range ts {
		if a.m.tmpls[t].grant[k] && (by < 0 || t < by) {
			by = t
		}
	}
	if by < 0 {
		return a.tmpl
	}
	return by
}

// take grants k for reason r with a unit from an allowed subscription, if
// one is free.
func (a *mApp) take(u *mUser, ts []int, k string, r Reason) bool {
	h := &mHold{}
	if a.m.c.consumes(k) {
		s := a.m.oldest(k, a.allowed(ts, k))
		if s == nil {
			return false
		}
		s.used[k]++
		h.sub = s.id
	}
	a.m.give(u, k, h, r, a.by(ts, k), FromTemplate)
	return true
}

// grant allocates one user's queued grants (ASG-19, ASG-10, ASG-16).
func (a *mApp) grant(p *mPend) {
	m, c := a.m, a.m.c
	u := p.u
	var got, refused []string
	for _, k := range p.add {
		if a.take(u, p.ts, k, a.reason) {
			got = append(got, k)
			continue
		}
		refused = append(refused, k)
		if fb := c.fallback(k, p.adminDropped); fb != "" {
			m.short(u, fb, AttendeeSiteAdmin, "")
		}
		if fb := c.fallback(k, p.raw); fb != "" && !p.held[fb] && !slices.Contains(got, fb) && a.take(u, p.ts, fb, BecauseFallback) {
			got = append(got, fb)
		}
	}
	final := u.heldSet()
	// a grant whose requirement is neither held nor granted is taken back
	for changed := true; changed; {
		changed = false
		for _, k := range got {
			if !final[k] {
				continue
			}
			if n := c.firstMissing(k, final); n != "" {
				delete(final, k)
				m.ungive(u, k)
				m.short(u, k, RequirementMissing, n)
				changed = true
			}
		}
	}
	// a kind refused a unit whose requirement the user does not end with
	// could not be granted either way: it reads RequirementMissing, as it
	// does when the unit went to someone else (INV-6)
	for _, k := range refused {
		if n := c.firstMissing(k, final); n != "" {
			m.short(u, k, RequirementMissing, n)
		} else {
			m.short(u, k, NoUnitAvailable, "")
		}
	}
	// finding: an upgrade removes o even where a kept license requires it
	// (TestFindingUpgradeBreaksRequirement; no catalog the state machine
	// draws has such a requirement)
	for _, o := range p.upgrade {
		h := u.held[o]
		if h == nil || !a.upgraded(u, o) {
			continue // no upgrade: o stays
		}
		if h.sub != "" {
			a.freed = append(a.freed, mFreed{u, o, h, u.dataKept[o]})
		}
		m.revoke(u, o, BecauseUpgrade, a.tmpl)
	}
}

// addUsers is ASG-2, ASG-9, LIC-2: one event, users in order.
func (m *model) addUsers(a AddUsers) error {
	seen := map[string]bool{}
	var nus []*mUser
	for _, nu := range a.Users {
		e, err := ParseEmail(nu.Email)
		switch {
		case err != nil:
			return rejectAs("ErrInvalidEmail", "e-mail %q", nu.Email)
		case seen[e] || m.user(e) != nil:
			return rejectAs("ErrDuplicateEmail", "e-mail %q", nu.Email)
		case nu.Placement.Validate() != nil:
			return rejectAs("codes 400411", "placement %v", nu.Placement)
		}
		seen[e] = true
		if nu.Status > UnverifiedDomain {
			return rejectAs("ErrInvalidValue", "status %v", nu.Status)
		}
		// ASG-18: synced users of an org with SSO that suppressed the
		// automatic e-mails are active at once
		active := nu.Status == Active || nu.Synced && m.sso && m.suppress
		u := &mUser{email: e, pending: !active, placement: !nu.Placement.IsZero(), held: map[string]*mHold{}}
		for _, g := range nu.Groups {
			if m.group(g) == nil {
				return rejectAs("ErrUnknownGroup", "group %q", g)
			}
			if !slices.Contains(u.groups, g) {
				u.groups = append(u.groups, g)
			}
		}
		for _, given := range nu.SiteAdmin {
			site := m.c.site(given)
			if site == "" {
				return rejectAs("ErrUnknownSite", "site %q", given)
			}
			if !slices.Contains(u.siteAdmin, site) {
				u.siteAdmin = append(u.siteAdmin, site)
			}
		}
		if _, _, err := m.userPins(nu); err != nil {
			return err
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
			pins, pre, _ := m.userPins(nu)
			if err := m.request(u, m.names(nu.Licenses), pins, pre, true, BecauseExplicit, false); err != nil {
				return err
			}
		case len(ts) == 0:
			d := kset{}
			for _, k := range m.c.kinds {
				if m.c.info[k].UserDefault {
					d[k] = true
				}
			}
			for _, k := range m.c.order(m.c.implyServices(d)) {
				m.give(u, k, &mHold{dflt: true}, BecauseDefault, -1, FromDefault)
			}
		default:
			app := &mApp{m: m, only: -1, reason: BecauseCreation, tmpl: ts[0]}
			app.run([]*mUser{u})
		}
		if !m.suppress { // LIC-12
			m.note(u, "", Welcome, BecauseAdded, -1, "", "", 0)
		}
	}
	return nil
}

// userPins is NewUser.Subscriptions (LIC-8): by kind name, the
// subscription an explicit user's unit comes from; one kind from two
// subscriptions is 400413 (LIC-13).
func (m *model) userPins(nu NewUser) (map[string]string, []license.Code, error) {
	if len(nu.Subscriptions) == 0 {
		return nil, nil, nil
	}
	if !nu.Explicit {
		return nil, nil, rejectAs("ErrInvalidValue", "subscriptions of a user created without licenses")
	}
	pins, twice := map[string]string{}, map[string]bool{}
	var pre []license.Code
	for _, e := range nu.Subscriptions {
		name := m.c.name(e.Kind)
		switch {
		case m.sub(e.Subscription) == nil:
			return nil, nil, rejectAs("ErrUnknownSubscription", "subscription %q", e.Subscription)
		case !slices.Contains(nu.Licenses, e.Kind):
			return nil, nil, rejectAs("ErrInvalidValue", "%s is none of the user's licenses", name)
		case pins[name] == e.Subscription:
		case pins[name] == "":
			pins[name] = e.Subscription
		case !twice[name]: // one violation per kind
			twice[name] = true
			pre = append(pre, license.CodeExclusiveFamily)
		}
	}
	return pins, pre, nil
}

// membership is ASG-2 (join) and ASG-8 (leave, move).
func (m *model) membership(email, from, to string) error {
	u := m.user(email)
	if u == nil {
		return rejectAs("ErrUnknownUser", "user %q", email)
	}
	groups := slices.Clone(u.groups)
	if from != "" {
		i := slices.Index(groups, from)
		switch {
		case m.group(from) == nil:
			return rejectAs("ErrUnknownGroup", "leave %q", from)
		case i < 0:
			return rejectAs("ErrNotMember", "leave %q", from)
		}
		groups = slices.Delete(groups, i, i+1)
	}
	if to != "" {
		switch {
		case m.group(to) == nil:
			return rejectAs("ErrUnknownGroup", "join %q", to)
		case slices.Contains(groups, to):
			return rejectAs("ErrAlreadyMember", "join %q", to)
		}
		groups = append(groups, to)
	}
	before := m.grantMap()
	var reset map[*mUser]kset
	reason := BecauseJoin
	if m.mode == GroupMode && from != to {
		app := &mApp{m: m, only: -1, newGroups: map[*mUser][]string{u: groups}, reason: BecauseJoin}
		if to != "" {
			app.only = m.group(to).tmpl
		}
		if from != "" && !m.preserveGC {
			app.exact, app.only, app.reason = true, -1, BecauseGroupChange
		}
		app.tmpl, reason = app.only, app.reason
		if app.exact || app.only >= 0 {
			app.run([]*mUser{u})
		}
		reset = app.reset
	}
	u.groups = groups
	m.markRetained(before, reset, reason)
	return nil
}

func (m *model) setSetting(a SetSetting) error {
	switch a.Setting {
	case SettingSuppressEmails:
		m.suppress = a.On
		return nil
	case SettingSSO:
		m.sso = a.On
		return nil
	case SettingPreserveOnGroupChange:
	default:
		return rejectAs("ErrInvalidValue", "setting %v", a.Setting)
	}
	if m.preserveGC && !a.On { // ASG-8: every user holding Webex Calling is at risk (CAL-9)
		for _, u := range m.users {
			for k := range u.held {
				if m.c.info[k].NeedsPlacement && !slices.Contains(m.log.atRisk, u.email) {
					m.log.atRisk = append(m.log.atRisk, u.email)
				}
			}
		}
		if len(m.log.atRisk) > 0 && !a.Ack {
			m.log.lostCalling = m.log.atRisk
			return m.needsAck()
		}
	}
	m.preserveGC = a.On
	return nil
}

// importCSV imports a users CSV (ASG-20): every row is a raw set request
// of its own, all or nothing, in file order; a rejected row is reported and
// changes nothing. The file is well formed: a header "User ID/Email
// (Required),<column>...",
// where a column is a kind's name, optionally followed by " [<subscription
// ID>]", and rows of cells without quotes.
func (m *model) importCSV(a ImportCSV) {
	lines := strings.Split(strings.TrimSuffix(string(a.Data), "\n"), "\n")
	type column struct{ kind, sub string }
	var cols []column
	for _, h := range strings.Split(lines[0], ",")[1:] {
		c := column{kind: h}
		if i := strings.LastIndex(h, " ["); i > 0 && strings.HasSuffix(h, "]") {
			c = column{h[:i], h[i+2 : len(h)-1]}
		}
		cols = append(cols, c)
	}
	seen := map[string]bool{}
	for i, line := range lines[1:] {
		cells := strings.Split(line, ",")
		email := strings.TrimSpace(cells[0])
		var row []mCell
		class := ""
		for j, v := range cells[1:] {
			switch v {
			case "TRUE", "FALSE":
				row = append(row, mCell{cols[j].kind, cols[j].sub, v == "TRUE"})
			case "":
			default:
				class = "ErrCSV"
			}
		}
		key, _ := ParseEmail(email)
		if class == "" && key != "" && seen[key] {
			class = "ErrDuplicateEmail" // a later row for the same user
		}
		seen[key] = true
		if class == "" {
			class = m.csvRow(email, row, a.Ack, a.CreateUsers)
		}
		if class != "" {
			m.log.rowErrors = append(m.log.rowErrors, mRowError{i + 1, email, class})
		}
	}
}

// mCell is a set cell of a CSV row: TRUE or FALSE in a kind's column,
// which may name a subscription.
type mCell struct {
	kind, sub string
	value     bool
}

// csvRow applies one row, or rejects it with no change and returns the
// class of its error.
func (m *model) csvRow(email string, row []mCell, ack, create bool) string {
	n := m.clone()
	n.log = m.log
	log := *m.log
	u := n.user(email)
	r := BecauseCSV
	if u == nil {
		e, err := ParseEmail(email)
		switch {
		case err != nil:
			return "ErrInvalidEmail"
		case !create:
			return "ErrUnknownUser"
		}
		// ASG-9: created with exactly the row's licenses, no template
		u = &mUser{email: e, held: map[string]*mHold{}}
		n.byEmail[e] = len(n.users)
		n.users = append(n.users, u)
		r = BecauseExplicit
		if !n.suppress { // LIC-12
			n.note(u, "", Welcome, BecauseAdded, -1, "", "", 0)
		}
	}
	result, pins := u.heldSet(), map[string]string{}
	var pre []license.Code
	for _, k := range n.c.kinds {
		var named []string
		asked, drop := false, false
		for _, c := range row {
			if c.kind != k {
				continue
			}
			if c.sub != "" && n.sub(c.sub) == nil {
				*m.log = log
				return "ErrUnknownSubscription"
			}
			switch {
			case c.value && c.sub != "":
				asked, named = true, append(named, c.sub)
			case c.value:
				asked = true
			case c.sub == "" || u.held[k] != nil && u.held[k].sub == c.sub:
				drop = true // FALSE in the plain column or the held one's
			}
		}
		switch {
		case len(named) > 1:
			pre = append(pre, license.CodeExclusiveFamily) // one kind from two subscriptions
		case asked:
			result[k] = true
			if len(named) == 1 {
				pins[k] = named[0]
			}
		case drop:
			delete(result, k)
		}
	}
	if err := n.request(u, result, pins, pre, true, r, ack); err != nil {
		*m.log = log
		var me *mError
		errors.As(err, &me)
		return me.class
	}
	*m = *n
	return ""
}

// userRequest: a full-set request (set) or per-license operations (ops,
// applied to the held set; no operation changes nothing) (LIC-7).
func (m *model) userRequest(email string, set kset, ops []LicenseOp, isOps, raw, ack bool) error {
	u := m.user(email)
	if u == nil { // LIC-13: HTTP 206, every license pending, once each names a license
		for _, op := range ops {
			if op.Remove {
				continue
			}
			if op.ID != "" {
				if _, _, ok := m.licenseID(op.ID); !ok {
					return rejectAs("ErrMalformedID", "license ID %q", op.ID)
				}
			} else if m.c.name(op.Kind) == "" {
				return rejectAs("ErrUnknownKind", "kind %v", op.Kind)
			}
		}
		return rejectAs("OutsideOrg", "user %q", email)
	}
	result := set
	pins := map[string]string{}
	var pre []license.Code
	if isOps {
		result = u.heldSet()
		// CAL-11: a kind removed on one subscription and added on another,
		// by license IDs, moves, in whatever order the operations come
		moved := map[string]bool{}
		for _, r := range ops {
			for _, ad := range ops {
				if r.Remove && !ad.Remove && r.ID != "" && ad.ID != "" {
					rk, rs, ok1 := m.licenseID(r.ID)
					ak, as, ok2 := m.licenseID(ad.ID)
					if ok1 && ok2 && rk == ak && rs != "" && as != "" && rs != as {
						moved[rk] = true
					}
				}
			}
		}
		for _, op := range ops {
			k := m.c.name(op.Kind)
			if op.ID != "" { // LIC-6: the ID names the kind and its subscription
				var sub string
				var ok bool
				if k, sub, ok = m.licenseID(op.ID); !ok {
					return rejectAs("ErrMalformedID", "license ID %q", op.ID)
				}
				switch {
				case sub == "":
				case op.Remove && (u.held[k] == nil || u.held[k].sub != sub):
					continue // that license is not held: nothing to remove
				case op.Remove && moved[k]:
					continue // a move
				case !op.Remove && pins[k] != "" && pins[k] != sub:
					pre = append(pre, license.CodeExclusiveFamily) // one kind from two subscriptions
				case !op.Remove:
					pins[k] = sub
				}
			}
			if op.Remove {
				delete(result, k)
			} else {
				result[k] = true
			}
		}
	}
	return m.request(u, result, pins, pre, raw, BecauseManual, ack)
}

// licenseID decodes a license ID (LIC-6) by encoding every (kind,
// subscription) of the org, no subscription included, and comparing.
func (m *model) licenseID(s string) (kind, sub string, ok bool) {
	subs := []string{""}
	for _, x := range m.subs {
		subs = append(subs, x.id)
	}
	for _, k := range m.c.kinds {
		info := m.c.info[k]
		if info.Code == "" {
			continue
		}
		for _, sub := range subs {
			id, err := license.NewID(m.orgID, info.Code, license.DeriveUUID(m.orgID, info.Code, sub, info.Site), info.Site)
			if err == nil && id.String() == s {
				return k, sub, true
			}
		}
	}
	return "", "", false
}

// request is one user-level request (LIC-7), all or nothing, validated on
// the resulting set; r is the reason of its changes: BecauseManual, or BecauseExplicit for
// the licenses given at creation (ASG-9).
// pins name the subscription of a kind: a held license moves there
// (CAL-11), a new one comes from it only (LIC-8); pre are violations
// found before (LIC-7).
func (m *model) request(u *mUser, result kset, pins map[string]string, pre []license.Code, raw bool, r Reason, ack bool) error {
	c := m.c
	held := u.heldSet()
	if raw {
		result = c.implyRaw(held, result)
	} else {
		result = c.implyServices(result)
	}
	vs := append(pre, c.violations(held, result)...)
	for _, k := range c.order(held) {
		if !result[k] {
			m.revoke(u, k, r, -1)
		}
	}
	for _, k := range c.order(result) {
		h, to := u.held[k], m.sub(pins[k])
		if h == nil || h.sub == "" || to == nil || h.sub == to.id {
			continue
		}
		if to.total[k]-to.used[k] <= 0 {
			vs = append(vs, license.CodeNoUnit)
			continue
		}
		m.note(u, k, Move, r, -1, to.id, h.sub, 0)
		to.used[k]++
		m.sub(h.sub).used[k]--
		h.sub = to.id
	}
	for _, k := range c.order(result) {
		if held[k] {
			continue
		}
		if c.info[k].NeedsPlacement && !u.placement {
			vs = append(vs, license.CodeNeedsPlacement)
		}
		if info := c.info[k]; info.Role == license.RoleAttendee && (m.noAttendee[k] || slices.Contains(u.siteAdmin, info.Site)) {
			vs = append(vs, license.CodeInvalidAttendeeSite) // ASG-13 for user-level requests
		}
		h := &mHold{manual: true} // licenses given at creation are manual too (LIC-9)
		if c.consumes(k) {
			var allowed []string // any, or the one the request names
			if pins[k] != "" {
				allowed = []string{pins[k]}
			}
			s := m.oldest(k, allowed)
			if s == nil {
				vs = append(vs, license.CodeNoUnit)
				continue
			}
			s.used[k]++
			h.sub = s.id
		}
		m.give(u, k, h, r, -1, FromManual)
	}
	if len(vs) > 0 {
		return rejectCodes(vs, "%s", u.email)
	}
	if m.lostCalling() && !ack {
		return m.needsAck()
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
