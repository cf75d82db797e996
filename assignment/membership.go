package assignment

import (
	"slices"
	"strings"
)

// JoinGroup adds a user to a group. In group mode the group's template
// alone applies, adding what it grants (ASG-2); nothing is removed.
type JoinGroup struct{ User, Group string }

// String describes the action, as Plan.Action shows it.
func (a JoinGroup) String() string { return a.User + " joins " + a.Group }

func (a JoinGroup) plan(o *Org) (*Plan, error) {
	if err := groupNamed("group", a.Group); err != nil {
		return nil, err
	}
	return o.membership(a.User, "", a.Group)
}

// LeaveGroup removes a user from a group (ASG-8): with "preserve licenses on
// group change" on the user keeps everything; off, the user ends with the
// resolved grant of the groups left.
type LeaveGroup struct{ User, Group string }

// String describes the action, as Plan.Action shows it.
func (a LeaveGroup) String() string { return a.User + " leaves " + a.Group }

func (a LeaveGroup) plan(o *Org) (*Plan, error) {
	if err := groupNamed("group", a.Group); err != nil {
		return nil, err
	}
	return o.membership(a.User, a.Group, "")
}

// MoveUser moves a user from one group to another (ASG-8, ASG-12): the user
// always receives the new group's licenses; the setting decides what stays.
// Both groups must be named and differ (ErrInvalidName, ErrSameGroup).
type MoveUser struct{ User, From, To string }

// String describes the action, as Plan.Action shows it.
func (a MoveUser) String() string { return "move " + a.User + " from " + a.From + " to " + a.To }

func (a MoveUser) plan(o *Org) (*Plan, error) {
	if err := groupNamed("from group", a.From); err != nil {
		return nil, err
	}
	if err := groupNamed("to group", a.To); err != nil {
		return nil, err
	}
	if a.From == a.To {
		return nil, bad("group", a.To, ErrSameGroup)
	}
	return o.membership(a.User, a.From, a.To)
}

// groupNamed refuses a membership change that names no group: blank names
// are no group's (AddGroup refuses them).
func groupNamed(what, name string) error {
	if strings.TrimSpace(name) == "" {
		return bad(what, name, ErrInvalidName)
	}
	return nil
}

// membership plans leaving group from and joining group to (either may be
// empty) as one event.
func (o *Org) membership(email, from, to string) (*Plan, error) {
	p, err := o.changeMembership(email, from, to)
	if p != nil && len(p.Changes) == 0 {
		p.Changes = nil // not the room made for them
	}
	return p, err
}

func (o *Org) changeMembership(email, from, to string) (*Plan, error) {
	id, err := o.user(email)
	if err != nil {
		return nil, err
	}
	u := o.users.at(id)
	groups := append(make([]GroupID, 0, u.groupN+1), o.users.groupsOf(u)...)
	var left, joined = NoGroup, NoGroup
	if from != "" {
		if left, err = o.group(from); err != nil {
			return nil, err
		}
		i := slices.Index(groups, left)
		if i < 0 {
			return nil, bad("group", from, ErrNotMember)
		}
		groups = slices.Delete(groups, i, i+1)
	}
	if to != "" {
		if joined, err = o.group(to); err != nil {
			return nil, err
		}
		if slices.Contains(groups, joined) {
			return nil, bad("group", to, ErrAlreadyMember)
		}
		groups = append(groups, joined)
	}
	mp := &memberPlan{member: membershipEdit{id, groups, left, joined}}
	p := &mp.Plan
	p.Edits, p.Changes, p.st.member = mp.edits[0][:0], mp.changes[:0], &mp.member
	p.edits = mp.edits[1][:0] // for Plan.seal
	if left != NoGroup {
		p.Edits = append(p.Edits, Edit{Op: EditLeave, User: id, Name: o.groups[left].name})
	}
	if joined != NoGroup {
		p.Edits = append(p.Edits, Edit{Op: EditJoin, User: id, Name: o.groups[joined].name})
	}
	if o.mode != GroupMode || left == joined {
		return p, nil
	}
	how, reason, only := addOnly, BecauseJoin, NoTemplate
	if joined != NoGroup {
		only = o.groups[joined].template
	}
	if left != NoGroup && !o.settings.PreserveOnGroupChange {
		how, reason, only = exact, BecauseGroupChange, NoTemplate
	}
	app := o.newApplication(p, how, reason, only)
	defer app.recycle() // the plan holds none of its memory
	app.only = only
	app.regroupBuf = regroup{id, groups}
	app.regroup = &app.regroupBuf
	if left != NoGroup {
		if t := o.groups[left].template; t != NoTemplate {
			app.retBuf[0] = retention{t, o.templates[t].grant}
			app.setLost(app.retBuf[:1:1])
		}
	}
	if joined != NoGroup {
		if t := o.groups[joined].template; t != NoTemplate {
			app.retBuf[1] = retention{t, o.templates[t].grant}
			app.setGained(app.retBuf[1:2:2])
		}
	}
	if how == addOnly && only == NoTemplate {
		app.retain(id, u.held) // nothing to grant; the left template is retained
		return p, nil
	}
	app.runOne(id)
	return app.finish(true) // acknowledged when the setting was switched off (ASG-8)
}

// memberPlan is a membership change's plan with room for what it holds,
// so that planning it allocates once.
type memberPlan struct {
	Plan
	member  membershipEdit
	edits   [2][2]Edit // Edits and Plan.seal's copy
	changes [16]Change
}

func (o *Org) setGroups(id UserID, groups []GroupID, left, joined GroupID) {
	o.users.setGroups(o.users.at(id), groups)
	defer o.reclass(id)
	if left != NoGroup {
		o.groups[left].members.remove(id)
	}
	if joined != NoGroup {
		o.groups[joined].members.add(id)
	}
}
