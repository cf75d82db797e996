package assignment

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wxlicense/wxlicense/license"
)

// Op is what a [Change] does to one license of one user.
type Op uint8

// The change operations.
const (
	Grant    Op = iota + 1 // the user gains the license
	Remove                 // the user loses the license; its unit returns
	Move                   // the license's unit moves to another subscription, data kept
	Retain                 // the license is kept though Template no longer grants it: Template becomes a retained source
	Activate               // a pending license becomes active (ASG-18)
	Welcome                // the welcome e-mail is sent (LIC-12); Kind is NoKind
	Restore                // messages and files return with the license (LIC-10)
)

var opNames = [...]string{"", "grant", "remove", "move", "retain", "activate", "welcome", "restore"}

// String returns the operation's name: "grant", "remove", ...
func (op Op) String() string {
	if int(op) < len(opNames) {
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
)

var reasonText = [...]string{"",
	"ASG-3 template applied", "ASG-2 joined group", "ASG-2 template applies to new user",
	"LIC-2 free default", "ASG-9 given at creation", "LIC-7 user-level request",
	"ASG-4 preserve off: no current template grants it", "ASG-5 template deleted with preserve off",
	"ASG-8 group change with preserve off", "ASG-10/ASG-16 upgrade", "ASG-10/ASG-16 fallback",
	"LIC-8 template names another subscription", "LIC-9 template no longer grants it; kept as retained",
	"ASG-18 first sign-in", "LIC-5 implied", "ASG-20 CSV row", "LIC-12 first added to the org",
}

// String returns the rule and a short explanation, e.g. "ASG-3 template applied".
func (r Reason) String() string {
	if int(r) < len(reasonText) {
		return reasonText[r]
	}
	return fmt.Sprintf("Reason(%d)", r)
}

// Change is one explained change to one user's licenses. It is compact:
// [Plan.Describe] renders it with names.
type Change struct {
	User     UserID
	Kind     license.Kind
	Op       Op
	Sub      license.SubID // the subscription granted from, released to or moved to
	From     license.SubID // for Move: the old subscription
	Reason   Reason
	Template TemplateID // the template behind the change, or NoTemplate
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

var shortfallText = [...]string{"", "NoUnitAvailable", "Exclusive", "RequirementMissing", "NoPlacement", "attendee unavailable: site admin", "RefusedDowngrade", "SubscriptionKept"}

// String returns the reason's name, as the change report prints it.
func (r ShortfallReason) String() string {
	if int(r) < len(shortfallText) {
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

// Plan is the computed effect of one action: the changes applying it makes,
// and what could not be done. Applying a plan produces exactly its changes.
type Plan struct {
	Action     string
	Changes    []Change
	Shortfalls []Shortfall
	// RowErrors are the rejected rows of a CSV import (ASG-20).
	RowErrors []RowError
	// AtRisk lists users holding Webex Calling who may lose it on a later
	// change, when switching the group-change setting off (ASG-8, CAL-9).
	AtRisk []UserID

	version  uint64
	org      *token
	names    []string   // e-mails of users the action creates
	commit   func(*Org) // the structural part: users, groups, templates, settings
	resetSrc []move     // kept kinds whose sources become exactly their templates (LIC-9)
}

// Empty reports whether the plan changes no license. A plan may still
// change structure (a group, a template, a setting) when Empty.
func (p *Plan) Empty() bool { return len(p.Changes) == 0 }

// Describe renders a change with names, e.g.
// "ann@example.com: grant Advanced Messaging from sub-a (ASG-3 template applied; template "org")".
func (o *Org) Describe(p *Plan, c Change) string {
	var b strings.Builder
	b.WriteString(o.userName(p, c.User))
	b.WriteString(": ")
	b.WriteString(c.Op.String())
	if c.Kind != license.NoKind {
		b.WriteByte(' ')
		b.WriteString(o.cat.Name(c.Kind))
	}
	switch {
	case c.Op == Move:
		fmt.Fprintf(&b, " from %s to %s", o.ledger.Name(c.From), o.ledger.Name(c.Sub))
	case c.Op == Grant && c.Sub != license.NoSub:
		fmt.Fprintf(&b, " from %s", o.ledger.Name(c.Sub))
	case c.Op == Remove && c.Sub != license.NoSub:
		fmt.Fprintf(&b, " (unit back to %s)", o.ledger.Name(c.Sub))
	}
	fmt.Fprintf(&b, " (%s", c.Reason)
	if c.Template != NoTemplate && int(c.Template) < len(o.templates) {
		fmt.Fprintf(&b, "; template %q", o.templates[c.Template].name)
	}
	b.WriteByte(')')
	return b.String()
}

// DescribeShortfall renders a shortfall with names.
func (o *Org) DescribeShortfall(p *Plan, s Shortfall) string {
	verb := "not granted"
	if s.Reason == SubscriptionKept {
		verb = "kept on its subscription"
	}
	out := fmt.Sprintf("%s: %s %s: %s", o.userName(p, s.User), verb, o.cat.Name(s.Kind), s.Reason)
	if s.Other != license.NoKind {
		out += " (" + o.cat.Name(s.Other) + ")"
	}
	return out
}

// Lines renders the whole plan, one line per change then per shortfall and
// row error.
func (o *Org) Lines(p *Plan) []string {
	out := make([]string, 0, len(p.Changes)+len(p.Shortfalls)+len(p.RowErrors))
	for _, c := range p.Changes {
		out = append(out, o.Describe(p, c))
	}
	for _, s := range p.Shortfalls {
		out = append(out, "shortfall "+o.DescribeShortfall(p, s))
	}
	for _, r := range p.RowErrors {
		out = append(out, r.Error())
	}
	for _, u := range p.AtRisk {
		out = append(out, "at risk "+o.userName(p, u)+": holds Webex Calling (CAL-9)")
	}
	return out
}

func (o *Org) userName(p *Plan, id UserID) string {
	if int(id) < len(o.users) {
		return o.users[id].email
	}
	if i := int(id) - len(o.users); p != nil && i < len(p.names) {
		return p.names[i]
	}
	return fmt.Sprintf("user#%d", id)
}

// Apply applies a plan made on this org at its current version. It refuses
// a stale plan, or one made on another org or clone (ErrStalePlan), and then
// changes nothing. Apply applies p.Changes as planned: a caller must not
// modify them.
func (o *Org) Apply(p *Plan) error {
	switch {
	case p == nil:
		return fmt.Errorf("%w: nil plan", ErrStalePlan)
	case p.org != o.self:
		return fmt.Errorf("%w: planned on another org", ErrStalePlan)
	case p.version != o.version:
		return fmt.Errorf("%w: planned at version %d, org is at %d", ErrStalePlan, p.version, o.version)
	}
	view := o.appBefore(p) // LIC-11: the app views follow (appview.go)
	if p.commit != nil {
		p.commit(o)
	}
	for _, c := range p.Changes {
		o.applyChange(c)
	}
	for _, r := range p.resetSrc {
		o.resetSources(r.id, r.kinds)
	}
	o.version++
	o.appAfter(view)
	return nil
}

// Do plans an action and applies it.
func (o *Org) Do(a Action) (*Plan, error) {
	p, err := o.Plan(a)
	if err != nil {
		return nil, err
	}
	return p, o.Apply(p)
}

// Plan computes what an action would do, changing nothing.
func (o *Org) Plan(a Action) (*Plan, error) {
	if a == nil {
		return nil, bad("action", "nil", ErrInvalidValue)
	}
	p, err := a.plan(o)
	if err != nil {
		return nil, err
	}
	p.version, p.org = o.version, o.self
	if p.Action == "" {
		p.Action = a.String()
	}
	return p, nil
}

func (o *Org) applyChange(c Change) {
	u := &o.users[c.User]
	switch c.Op {
	case Grant:
		u.held = u.held.Add(c.Kind)
		u.dataKept &^= o.rules.msgBit(c.Kind) // kept data returns, or is gone (LIC-10)
		if c.Sub != license.NoSub {
			o.ledger.Take(c.Sub, c.Kind)
			o.setUnit(c.User, u, c.Kind, c.Sub)
		}
		switch c.Reason {
		case BecauseManual, BecauseCSV:
			u.ex().manual = u.x.manual.Add(c.Kind)
		case BecauseDefault:
			u.ex().dflt = u.x.dflt.Add(c.Kind)
		case BecauseExplicit:
			u.ex().created = u.x.created.Add(c.Kind)
		}
	case Remove:
		u.held = u.held.Remove(c.Kind)
		if c.Sub != license.NoSub {
			o.ledger.Release(c.Sub, c.Kind)
			o.clearUnit(c.User, u, c.Kind)
		}
		if u.x != nil {
			o.forgetSources(u, c.Kind)
		}
		if bit := o.rules.msgBit(c.Kind); bit != 0 {
			u.dataKept |= bit
			u.dataKeptAt = o.now.Unix()
		}
	case Move:
		o.ledger.Release(c.From, c.Kind)
		o.ledger.Take(c.Sub, c.Kind)
		o.setUnit(c.User, u, c.Kind, c.Sub)
	case Retain:
		x := u.ex()
		for i := range x.retained {
			if x.retained[i].t == c.Template {
				x.retained[i].kinds = x.retained[i].kinds.Add(c.Kind)
				return
			}
		}
		x.retained = append(x.retained, retention{c.Template, license.SetOf(c.Kind)})
	case Activate:
		u.status = Active
	case Welcome:
		u.flags |= flagWelcomed
	case Restore:
		u.dataKept &^= o.rules.msgBit(c.Kind)
	}
}

func (o *Org) forgetSources(u *user, k license.Kind) {
	x := u.x
	x.manual, x.dflt, x.created = x.manual.Remove(k), x.dflt.Remove(k), x.created.Remove(k)
	x.retained = slices.DeleteFunc(x.retained, func(r retention) bool {
		return r.kinds.Remove(k).IsEmpty()
	})
	for i := range x.retained {
		x.retained[i].kinds = x.retained[i].kinds.Remove(k)
	}
}

// resetSources makes the sources of a user's kinds exactly their current
// templates (LIC-9: preserve off, setting off).
func (o *Org) resetSources(id UserID, kinds license.Set) {
	u := &o.users[id]
	if u.x != nil {
		for k := range kinds.All() {
			o.forgetSources(u, k)
		}
	}
}
