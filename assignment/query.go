package assignment

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wxlicense/wxlicense/license"
)

// SourceKind is where a held license comes from (LIC-9, INV-10).
type SourceKind uint8

// The source kinds.
const (
	FromTemplate SourceKind = iota + 1 // a current template grants it
	FromRetained                       // a template granted it earlier and it was kept
	FromManual                         // a user-level request, CSV row or licenses given at creation (ASG-9)
	FromDefault                        // the free defaults of a new user (LIC-2)
	FromImplied                        // implied by another held license (LIC-5)
)

var sourceNames = [...]string{"", "template", "retained", "manual", "default", "implied"}

// String returns the source kind's name: "template", "retained", ...
func (s SourceKind) String() string {
	if int(s) < len(sourceNames) {
		return sourceNames[s]
	}
	return fmt.Sprintf("SourceKind(%d)", s)
}

// Source is one source of a held license.
type Source struct {
	Kind     SourceKind
	Template string // for FromTemplate and FromRetained
}

// String returns the source as the reports print it: `template "org"`.
func (s Source) String() string {
	if s.Template != "" {
		return fmt.Sprintf("%s %q", s.Kind, s.Template)
	}
	return s.Kind.String()
}

// Holding is one license a user holds.
type Holding struct {
	Kind         license.Kind
	Subscription string // "" for a kind that consumes no unit
	Pending      bool   // held but not active until the first sign-in (ASG-18)
	Sources      []Source
}

// UserInfo is a snapshot of one user.
type UserInfo struct {
	ID       UserID
	Email    string
	Status   Status
	Synced   bool
	Deleted  bool // deleted from the org (DeleteUser): it holds nothing
	Welcomed bool // the welcome e-mail was sent (LIC-12)
	Groups   []string
	Licenses license.Set
	Holdings []Holding
	// Placement is the placement given at creation (NewUser.Placement);
	// [Org.Placement] tells where a user holding Webex Calling is placed
	// now.
	Placement Placement
}

// User returns a snapshot of a user, or an error naming the bad ID.
func (o *Org) User(id UserID) (UserInfo, error) {
	o = o.orZero()
	if int(id) >= o.users.len() {
		return UserInfo{}, bad("user", fmt.Sprint(id), ErrUnknownUser)
	}
	u := o.users.at(id)
	info := UserInfo{ID: id, Email: o.users.email(u), Status: u.status, Synced: u.flags&flagSynced != 0, Deleted: u.flags&flagDeleted != 0,
		Welcomed: u.flags&flagWelcomed != 0, Licenses: u.held}
	for _, g := range o.users.groupsOf(u) {
		info.Groups = append(info.Groups, o.groups[g].name)
	}
	info.Placement = o.users.attrsOf(u, nil).place()
	for k := range u.held.All() {
		h := Holding{Kind: k, Pending: u.status != Active, Sources: o.Sources(id, k)}
		if s := o.subOf(id, u, k); s != license.NoSub {
			h.Subscription = o.ledger.Name(s)
		}
		info.Holdings = append(info.Holdings, h)
	}
	return info, nil
}

// Governing returns the live templates that govern a user now, in the
// order the engine applies them (ASG-7): the org template in org mode, the
// templates of the user's groups in group mode. It is empty for a deleted
// or unknown user and for a user no template governs.
func (o *Org) Governing(id UserID) []TemplateID {
	o = o.orZero()
	if int(id) >= o.users.len() || o.users.at(id).flags&flagDeleted != 0 {
		return nil
	}
	cfg := o.sharedConfig()
	return cfg.templatesOf(nil, o.users.groupsOf(o.users.at(id)))
}

// Held returns the licenses a user holds, pending ones included (the admin
// view); none for an unknown user.
func (o *Org) Held(id UserID) license.Set {
	o = o.orZero()
	if int(id) >= o.users.len() {
		return license.Set{}
	}
	return o.users.at(id).held
}

// ActiveLicenses returns the licenses that are active for a user: none
// until the first sign-in (ASG-18), and none for an unknown user.
func (o *Org) ActiveLicenses(id UserID) license.Set {
	o = o.orZero()
	if int(id) >= o.users.len() || o.users.at(id).status != Active {
		return license.Set{}
	}
	return o.users.at(id).held
}

// SubscriptionOf returns the subscription holding a user's unit of k, and
// false when the user holds no unit of k.
func (o *Org) SubscriptionOf(id UserID, k license.Kind) (string, bool) {
	o = o.orZero()
	if int(id) >= o.users.len() {
		return "", false
	}
	s := o.subOf(id, o.users.at(id), k)
	return o.ledger.Name(s), s != license.NoSub
}

// Sources returns why a user holds k: current templates first (in
// template order), then retained templates, manual, default and implied.
// An implied license's sources are exactly {implied} (LIC-5): "why" follows
// its implier. It is empty for a license the user does not hold.
func (o *Org) Sources(id UserID, k license.Kind) []Source {
	o = o.orZero()
	if int(id) >= o.users.len() || !o.cat.Valid(k) || !o.users.at(id).held.Has(k) {
		return nil
	}
	u := o.users.at(id)
	if o.cat.Info(k).Implied {
		return []Source{{Kind: FromImplied}}
	}
	var out []Source
	var current []TemplateID
	switch {
	case o.mode == OrgMode && o.orgTmpl != NoTemplate:
		current = []TemplateID{o.orgTmpl}
	case o.mode == GroupMode:
		for _, g := range o.users.groupsOf(u) {
			if t := o.groups[g].template; t != NoTemplate {
				current = append(current, t)
			}
		}
	}
	slices.Sort(current) // template order
	for _, t := range current {
		if o.templates[t].grant.Has(k) {
			out = append(out, Source{FromTemplate, o.templates[t].name})
		}
	}
	if x := o.users.extraOf(u); x != nil {
		for _, r := range x.retained {
			if r.kinds.Has(k) && !currentGrant(o, current, r.t, k) {
				out = append(out, Source{FromRetained, o.templates[r.t].name})
			}
		}
		for _, f := range []struct {
			s    license.Set
			kind SourceKind
		}{{x.manual, FromManual}, {x.dflt, FromDefault}} {
			if f.s.Has(k) {
				out = append(out, Source{Kind: f.kind})
			}
		}
	}
	for _, im := range o.rules.impl {
		if im.Implied == k && u.held.Has(im.By) {
			out = append(out, Source{Kind: FromImplied})
			break
		}
	}
	return out
}

// currentGrant reports whether t is a current template granting k.
func currentGrant(o *Org, current []TemplateID, t TemplateID, k license.Kind) bool {
	for _, c := range current {
		if c == t && o.templates[t].grant.Has(k) {
			return true
		}
	}
	return false
}

// Summary renders a user as one line: "ann@x.com: Basic Messaging [template "org"], ...".
func (o *Org) Summary(id UserID) string {
	info, err := o.User(id)
	if err != nil {
		return err.Error()
	}
	var b strings.Builder
	b.WriteString(info.Email)
	b.WriteByte(':')
	for i, h := range info.Holdings {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, " %s", o.cat.Name(h.Kind))
		if h.Subscription != "" {
			fmt.Fprintf(&b, " @%s", h.Subscription)
		}
		if h.Pending {
			b.WriteString(" (pending)")
		}
		srcs := make([]string, len(h.Sources))
		for j, s := range h.Sources {
			srcs[j] = s.String()
		}
		fmt.Fprintf(&b, " [%s]", strings.Join(srcs, ", "))
	}
	return b.String()
}
