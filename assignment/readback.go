package assignment

import (
	"iter"
	"time"

	"github.com/wxlicense/wxlicense/license"
)

// The read-back API answers "what did I build?": the org's templates,
// groups, subscriptions and users as snapshot values, by name or in
// iteration order. A snapshot shares nothing with the org: changing one,
// its slices included, changes nothing in the org, and a later change of
// the org does not show in a snapshot taken before.
//
// Snapshots name groups, templates and subscriptions by name, as actions
// do. [GroupID] and [TemplateID] are internal dense indexes: no action
// accepts them and no snapshot carries them.
//
// The iterators yield in dense ID order, the order things were added; they
// read the org as they go, so a change applied inside the loop shows in the
// values yielded after it.

// TemplateInfo is a snapshot of one template.
type TemplateInfo struct {
	Name string
	// Mode is OrgMode for the org template, GroupMode for a group's.
	Mode Mode
	// Group is the group's name for a group template, "" for the org
	// template.
	Group string
	// Entries are what a [SaveTemplate] would name to recreate the
	// template, in catalog order: every kind it grants but the implied
	// ones (LIC-5), each with the subscription it names (LIC-8). An
	// implied kind is listed only when it names a subscription.
	Entries []Entry
	// Licenses is everything it grants, implied kinds included.
	Licenses license.Set
	// Deleted marks a deleted template (ASG-5), which may still be a
	// retained source of licenses (LIC-9).
	Deleted bool
}

// Templates yields the live templates, oldest first.
func (o *Org) Templates() iter.Seq[TemplateInfo] {
	return o.templateSeq(false)
}

// AllTemplates yields every template ever saved, deleted ones included,
// oldest first. Names of deleted templates may repeat.
func (o *Org) AllTemplates() iter.Seq[TemplateInfo] {
	return o.templateSeq(true)
}

func (o *Org) templateSeq(deleted bool) iter.Seq[TemplateInfo] {
	o = o.orZero()
	return func(yield func(TemplateInfo) bool) {
		for i := 0; i < len(o.templates); i++ {
			if (deleted || !o.templates[i].deleted) && !yield(o.templateInfo(TemplateID(i))) {
				return
			}
		}
	}
}

// Template returns the live template with the given name.
func (o *Org) Template(name string) (TemplateInfo, bool) {
	t, ok := o.LookupTemplate(name)
	if !ok {
		return TemplateInfo{}, false
	}
	return o.templateInfo(t), true
}

// TemplateByID returns the template with a dense ID, as a [Change] or
// [Org.LookupTemplate] names it; deleted templates keep their IDs.
func (o *Org) TemplateByID(id TemplateID) (TemplateInfo, bool) {
	o = o.orZero()
	if int(id) >= len(o.templates) {
		return TemplateInfo{}, false
	}
	return o.templateInfo(id), true
}

func (o *Org) templateInfo(id TemplateID) TemplateInfo {
	t := &o.templates[id]
	info := TemplateInfo{Name: t.name, Mode: OrgMode, Licenses: t.grant, Deleted: t.deleted}
	if t.group != NoGroup {
		info.Mode, info.Group = GroupMode, o.groups[t.group].name
	}
	for k := range t.grant.All() {
		sub := license.NoSub
		for _, p := range t.pins {
			if p.kind == k {
				sub = p.sub
			}
		}
		if o.cat.Info(k).Implied && sub == license.NoSub {
			continue
		}
		e := Entry{Kind: k}
		if sub != license.NoSub {
			e.Subscription = o.ledger.Name(sub)
		}
		info.Entries = append(info.Entries, e)
	}
	return info
}

// GroupInfo is a snapshot of one group. Its fields mirror [AddGroup].
type GroupInfo struct {
	Name string
	// Distribution marks a distribution group, which takes no part in
	// licensing (ASG-17); every other group is a security group.
	Distribution bool
	// Parent is the parent group's name, "" for none (ASG-7).
	Parent string
	// Template is the name of the group's live template, "" for none.
	Template string
	// Members are the members' e-mails, in the order they were added to
	// the org.
	Members []string
}

// Groups yields every group, in the order they were added.
func (o *Org) Groups() iter.Seq[GroupInfo] {
	o = o.orZero()
	return func(yield func(GroupInfo) bool) {
		for i := 0; i < len(o.groups); i++ {
			if !yield(o.groupInfo(GroupID(i))) {
				return
			}
		}
	}
}

// Group returns the group with the given name.
func (o *Org) Group(name string) (GroupInfo, bool) {
	g, ok := o.LookupGroup(name)
	if !ok {
		return GroupInfo{}, false
	}
	return o.groupInfo(g), true
}

// GroupByID returns the group with a dense ID, as [Org.LookupGroup]
// returns it.
func (o *Org) GroupByID(id GroupID) (GroupInfo, bool) {
	o = o.orZero()
	if int(id) >= len(o.groups) {
		return GroupInfo{}, false
	}
	return o.groupInfo(id), true
}

func (o *Org) groupInfo(id GroupID) GroupInfo {
	g := &o.groups[id]
	info := GroupInfo{Name: g.name, Distribution: !g.security, Members: make([]string, 0, g.members.len())}
	if g.parent != NoGroup {
		info.Parent = o.groups[g.parent].name
	}
	if t := g.template; t != NoTemplate && !o.templates[t].deleted {
		info.Template = o.templates[t].name
	}
	for m := range g.members.all() {
		info.Members = append(info.Members, o.users.emailOf(m))
	}
	return info
}

// SubscriptionInfo is a snapshot of one subscription (LIC-8).
type SubscriptionInfo struct {
	ID      string
	Created time.Time
	// Active is false for a cancelled subscription, which gives no new
	// units.
	Active bool
	// Units lists, in catalog order, every kind the subscription provides
	// or has consumed.
	Units []UnitCount
}

// UnitCount is one kind's units on a subscription.
type UnitCount struct {
	Kind     license.Kind
	Total    int
	Consumed int
	Free     int // Total - Consumed
}

// Subscriptions yields every subscription, in the order they were added.
func (o *Org) Subscriptions() iter.Seq[SubscriptionInfo] {
	return func(yield func(SubscriptionInfo) bool) {
		for s := 0; o.usable() == nil && s < o.ledger.Len(); s++ {
			if !yield(o.subscriptionInfo(license.SubID(s))) {
				return
			}
		}
	}
}

// Subscription returns the subscription with the given ID.
func (o *Org) Subscription(id string) (SubscriptionInfo, bool) {
	if o.usable() != nil {
		return SubscriptionInfo{}, false
	}
	s, ok := o.ledger.Lookup(id)
	if !ok {
		return SubscriptionInfo{}, false
	}
	return o.subscriptionInfo(s), true
}

func (o *Org) subscriptionInfo(s license.SubID) SubscriptionInfo {
	info := SubscriptionInfo{ID: o.ledger.Name(s), Created: o.ledger.Created(s), Active: o.ledger.Active(s)}
	for k := range o.rules.units.All() {
		free, used := o.ledger.Free(s, k), o.ledger.Consumed(s, k)
		if total := free + used; total != 0 || used != 0 {
			info.Units = append(info.Units, UnitCount{Kind: k, Total: total, Consumed: used, Free: free})
		}
	}
	return info
}

// Users yields a snapshot of every user ([Org.User]), in the order they
// were added.
func (o *Org) Users() iter.Seq[UserInfo] {
	o = o.orZero()
	return func(yield func(UserInfo) bool) {
		for i := range UserID(o.users.len()) {
			if o.users.at(i).flags&flagDeleted != 0 {
				continue
			}
			info, _ := o.User(UserID(i)) // in range
			if !yield(info) {
				return
			}
		}
	}
}

// Emails yields each live user's ID and e-mail, in ID order: the users
// [Org.Users] yields, without building their snapshots, for a caller that
// looks for a user by something derived from the e-mail.
func (o *Org) Emails() iter.Seq2[UserID, string] {
	o = o.orZero()
	return func(yield func(UserID, string) bool) {
		for i := range UserID(o.users.len()) {
			if o.users.at(i).flags&flagDeleted == 0 && !yield(UserID(i), o.users.emailOf(i)) {
				return
			}
		}
	}
}

// UserByEmail returns the snapshot of the user with the given e-mail,
// matched as [Org.LookupUser] does.
func (o *Org) UserByEmail(email string) (UserInfo, bool) {
	id, ok := o.LookupUser(email)
	if !ok {
		return UserInfo{}, false
	}
	info, _ := o.User(id) // found: in range
	return info, true
}
