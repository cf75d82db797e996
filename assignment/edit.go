package assignment

import (
	"fmt"
	"slices"
	"time"

	"github.com/wxlicense/wxlicense/license"
)

// EditOp is a structural change a plan makes: to the org's subscriptions,
// groups, templates, settings or users, rather than to one user's licenses.
type EditOp uint8

// The structural changes.
const (
	EditAddSubscription    EditOp = iota + 1 // Name: the subscription; Value: its units
	EditAddGroup                             // Name: the group; Value: "security" or "distribution"
	EditSaveTemplate                         // Name: the template; Value: its licenses; Old: the licenses before, if it existed
	EditDeleteTemplate                       // Name: the template
	EditMode                                 // Value: the new mode; Old: the old one
	EditSetting                              // Name: the setting; Value and Old: its new and old value
	EditSiteAttendee                         // Name: the meeting site; Value and Old: attendee accounts on or off
	EditSiteAdmin                            // User administers the meeting site Name (ASG-13)
	EditAddUser                              // User is added to the org; Value: the groups given at creation
	EditJoin                                 // User joins the group Name
	EditLeave                                // User leaves the group Name
	EditActivate                             // User becomes active (ASG-18)
	EditTime                                 // the org's clock: Value and Old, RFC 3339
	EditWorkNumber                           // User's work number: Value and Old (CAL-7)
	EditCancelSubscription                   // Name: the subscription, cancelled or expired (CAL-10)
	EditDeleteUser                           // User is deleted from the org
	EditRenameTemplate                       // Name: the template's old name; Value: its new one (a save under a new name)
)

var editNames = [...]string{"", "add subscription", "add group", "save template", "delete template",
	"mode", "setting", "site attendee accounts", "site admin", "add user", "join", "leave", "activate", "time", "work number", "cancel subscription", "delete user", "rename template"}

// String returns the edit's name, e.g. "save template".
func (op EditOp) String() string {
	if int(op) < len(editNames) && op != 0 {
		return editNames[op]
	}
	return fmt.Sprintf("EditOp(%d)", op)
}

// NoUser marks an [Edit] that concerns no single user.
const NoUser UserID = 1<<32 - 1

// Edit is one structural change of a plan, with names and values rendered
// at plan time so that it reads without the org.
type Edit struct {
	Op    EditOp
	User  UserID // the user concerned, or NoUser
	Name  string // what is edited: a subscription, group, template, setting or site
	Value string // the new value, where one applies
	Old   string // the value before, where one applies
}

// String renders the edit, e.g. `save template "org": Basic Messaging, Advanced Messaging (was Basic Messaging)`.
func (e Edit) String() string {
	s := e.Op.String()
	if e.Name != "" {
		s += fmt.Sprintf(" %q", e.Name)
	}
	if e.Value != "" {
		s += ": " + e.Value
	}
	if e.Old != "" {
		s += " (was " + e.Old + ")"
	}
	return s
}

// structure is the structural part of a plan, as data: what Apply sets.
// Exactly the fields an action needs are set.
type structure struct {
	cfg       *config               // the template configuration after the action
	sub       *license.Subscription // a subscription to add
	group     *group                // a group to add
	created   *creation             // users to add, after the org's
	member    *membershipEdit       // one user's groups after a move, join or leave
	settings  *Settings             // the settings after the action
	attendee  *attendeeEdit         // a site's attendee feature
	siteAdmin *siteAdminEdit        // a user becoming a site's admin
	activate  []UserID              // users becoming active
	now       time.Time             // the clock after the action, if not zero
	work      []workEdit            // users' work numbers
	cancel    []license.SubID       // subscriptions to cancel
	deleted   []UserID              // users to delete
}

// creation is the users a plan creates: their records as planned, which
// Apply copies, their e-mails, group lists (runs of groups), attributes
// (of those who have some), work numbers, and the sums of their e-mails
// in the org's index (or none).
type creation struct {
	users  []user
	emails []string
	groups []GroupID
	attrs  []userAttrs
	work   []string
	sums   []uint64
	// classAs holds, by created user, 1 + the index of an earlier created
	// user whose class is theirs (shareClass), or 0.
	classAs []uint32
	learned []learned // the decisions the plan computed, for the org to keep
}

type membershipEdit struct {
	id           UserID
	groups       []GroupID
	left, joined GroupID
}

type attendeeEdit struct {
	kind license.Kind
	on   bool
}

type siteAdminEdit struct {
	id   UserID
	site string
}

// createdLen returns how many users the plan creates.
func (s *structure) createdLen() int {
	if s.created == nil {
		return 0
	}
	return len(s.created.users)
}

// keepsUsers reports whether the edits leave every existing user's
// status and licenses as they are.
func (s *structure) keepsUsers() bool { return len(s.deleted) == 0 && len(s.activate) == 0 }

// apply sets the structural part. The plan was validated when made and is
// unmodified, so nothing here can fail.
func (s *structure) apply(o *Org) {
	if s.sub != nil {
		o.ledger.Add(*s.sub) // validated at plan time: it cannot fail
		o.relabel()
	}
	if s.group != nil {
		g := *s.group
		g.members = memberList{}
		o.addGroup(g)
	}
	if s.cfg != nil {
		o.setConfig(*s.cfg)
	}
	for _, sub := range s.cancel {
		o.ledger.SetActive(sub, false)
	}
	if c := s.created; c != nil && len(c.users) > 0 {
		base := UserID(o.users.len())
		o.addUsers(c, o.byEmail.sumsFor(c.emails, c.sums))
		for i, w := range c.work {
			o.setWork(base+UserID(i), w)
		}
		o.learn(c.learned)
	}
	for _, w := range s.work {
		o.setWork(w.id, w.number)
	}
	if m := s.member; m != nil {
		o.setGroups(m.id, m.groups, m.left, m.joined) // the plan's, applied once: the org adopts it
	}
	if s.settings != nil {
		o.settings = *s.settings
	}
	if a := s.attendee; a != nil {
		if a.on {
			o.attendee = o.attendee.Add(a.kind)
		} else {
			o.attendee = o.attendee.Remove(a.kind)
		}
	}
	if a := s.siteAdmin; a != nil {
		if u, x := o.users.at(a.id), o.users.attrsOf(o.users.at(a.id), nil); !slices.Contains(x.sites(), a.site) {
			var attrs userAttrs
			if x != nil {
				attrs = *x
			}
			attrs.siteAdmin = append(slices.Clip(attrs.siteAdmin), a.site)
			o.users.setAttrs(u, attrs)
			o.reclass(a.id)
		}
	}
	for _, id := range s.deleted {
		o.deleteUser(id)
	}
	for _, id := range s.activate {
		o.users.at(id).status = Active
	}
	if !s.now.IsZero() {
		o.now = s.now
	}
}

// addUsers appends new users, each a fresh copy (their group lists are
// the plan's: no list changes in place), with their e-mail index and
// group memberships; sums are their e-mails' sums in the index. They
// are alone, out of every class, until Apply has applied their changes
// (classAdded): the class of a record as created is one no user stays in.
func (o *Org) addUsers(c *creation, sums []uint64) {
	newUsers := c.users
	base := UserID(o.users.len())
	o.users.pushAll(newUsers, c.emails, c.groups, c.attrs)
	o.byEmail.addAll(base, sums)
	for i := range newUsers {
		id := base + UserID(i)
		u := o.users.at(id) // a created record has no sparse part: its changes make it
		for _, g := range o.users.groupsOf(u) {
			o.groups[g].members.add(id)
		}
		o.class = append(o.class, classAlone) // until their changes class them (classAdded)
	}
}

// entriesText renders a template's licenses, with their subscriptions.
func (o *Org) entriesText(t *template) string {
	var b []byte
	for k := range t.grant.All() {
		if o.cat.Info(k).Implied {
			continue
		}
		if len(b) > 0 {
			b = append(b, ", "...)
		}
		b = append(b, o.cat.Name(k)...)
		if s := t.pinned(k); s != license.NoSub {
			b = append(b, " ["...)
			b = append(b, o.ledger.Name(s)...)
			b = append(b, ']')
		}
	}
	if len(b) == 0 {
		return "no licenses"
	}
	return string(b)
}
