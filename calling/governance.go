package calling

import (
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// governance says which users a live template granting Webex Calling
// governs now: the org template governs every user of the org, a group
// template the group's direct members (ASG-7). The failure report lists
// only those users (CAL-6).
type governance struct {
	org     *assignment.Org // nil: unknown, every user counts as governed
	orgWide bool            // the org template grants Webex Calling
	members []bool          // by user: a member of a group whose template grants it
}

// governanceOf asks o which users a calling template governs.
func governanceOf(o *assignment.Org) *governance {
	g := &governance{org: o}
	if o == nil || o.Catalog() == nil {
		return g
	}
	calling := o.Catalog().Matching(func(i license.Info) bool { return i.NeedsPlacement })
	for t := range o.Templates() {
		switch {
		case t.Licenses.Intersect(calling).IsEmpty():
		case t.Group == "":
			g.orgWide = true
		default:
			g.addMembers(t.Group)
		}
	}
	return g
}

// addMembers marks the members of a group.
func (g *governance) addMembers(group string) {
	info, ok := g.org.Group(group)
	if !ok {
		return
	}
	for _, email := range info.Members {
		id, ok := g.org.LookupUser(email)
		if !ok {
			continue
		}
		if n := int(id) + 1; n > len(g.members) {
			g.members = append(g.members, make([]bool, n-len(g.members))...)
		}
		g.members[id] = true
	}
}

// governs reports whether a calling template governs u.
func (g *governance) governs(u UserKey) bool {
	switch {
	case g.org == nil:
		return true
	case int(u) < len(g.members) && g.members[u]:
		return true
	case g.orgWide:
		return live(g.org, assignment.UserID(u))
	}
	return false
}

// live reports whether a user is in the org, not deleted. A deleted user
// holds nothing, so most users are answered without a snapshot.
func live(o *assignment.Org, id assignment.UserID) bool {
	if !o.Held(id).IsEmpty() {
		return true
	}
	info, err := o.User(id)
	return err == nil && !info.Deleted
}
