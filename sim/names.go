package sim

import (
	"fmt"
	"slices"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// names resolves the compact IDs of plans to names for the trace, kept in
// step with the org as plans are applied.
type names struct {
	cat       *license.Catalog
	users     []string // e-mail by UserID
	templates []string // by TemplateID, deleted ones included
	subs      []string // by SubID
	// members are each group's direct members, in user order, kept from
	// the plans' join and leave edits, so that drawing users of a group
	// costs no snapshot.
	members map[string][]assignment.UserID
}

func (n *names) refresh(o *assignment.Org, a assignment.Action, p *assignment.Plan) {
	var tmpl, sub bool
	for _, e := range p.Edits {
		switch e.Op {
		case assignment.EditAddUser:
			n.addUser(o, a, e.User)
		case assignment.EditJoin:
			n.join(e.Name, e.User)
		case assignment.EditLeave:
			n.leave(e.Name, e.User)
		case assignment.EditSaveTemplate, assignment.EditDeleteTemplate, assignment.EditMode:
			tmpl = true
		case assignment.EditAddSubscription:
			sub = true
		}
	}
	if tmpl {
		n.templates = n.templates[:0]
		for t := range o.AllTemplates() {
			n.templates = append(n.templates, t.Name)
		}
	}
	if sub {
		l := o.Ledger()
		n.subs = n.subs[:0]
		for i := range l.Len() {
			n.subs = append(n.subs, l.Name(license.SubID(i)))
		}
	}
}

func (n *names) addUser(o *assignment.Org, a assignment.Action, id assignment.UserID) {
	if int(id) != len(n.users) {
		return
	}
	if add, ok := a.(assignment.AddUsers); ok && len(add.Users) > 0 {
		i := int(id) - (o.NumUsers() - len(add.Users))
		if i >= 0 && i < len(add.Users) {
			e, _ := assignment.ParseEmail(add.Users[i].Email)
			n.users = append(n.users, e)
			for _, g := range add.Users[i].Groups {
				if _, ok := o.LookupGroup(g); ok {
					n.join(g, id)
				}
			}
			return
		}
	}
	u, err := o.User(id)
	if err != nil {
		n.users = append(n.users, fmt.Sprintf("user#%d", id))
		return
	}
	n.users = append(n.users, u.Email)
}

func (n *names) user(id assignment.UserID) string {
	if int(id) < len(n.users) {
		return n.users[id]
	}
	return fmt.Sprintf("user#%d", id)
}

func (n *names) kind(k license.Kind) string {
	if k == license.NoKind {
		return ""
	}
	if n.cat.Valid(k) {
		return n.cat.Name(k)
	}
	return k.String()
}

func (n *names) sub(s license.SubID) string {
	if s == license.NoSub {
		return ""
	}
	if int(s) < len(n.subs) {
		return n.subs[s]
	}
	return fmt.Sprintf("subscription#%d", s)
}

func (n *names) template(t assignment.TemplateID) string {
	if t == assignment.NoTemplate {
		return ""
	}
	if int(t) < len(n.templates) {
		return n.templates[t]
	}
	return fmt.Sprintf("template#%d", t)
}

func (n *names) join(group string, id assignment.UserID) {
	if n.members == nil {
		n.members = map[string][]assignment.UserID{}
	}
	list := n.members[group]
	i, found := slices.BinarySearch(list, id)
	if !found {
		n.members[group] = slices.Insert(list, i, id)
	}
}

func (n *names) leave(group string, id assignment.UserID) {
	list := n.members[group]
	if i, found := slices.BinarySearch(list, id); found {
		n.members[group] = slices.Delete(list, i, i+1)
	}
}
