package calling

import (
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// governance says which users a live template granting Webex Calling
// governs now (CAL-6), as the org's engine applies templates
// ([assignment.Org.Governing]). The failure report lists only those users.
type governance struct {
	org     *assignment.Org                // nil: unknown, every user counts as governed
	calling license.Set                    // the kinds that need a placement
	grants  map[assignment.TemplateID]bool // by template: it grants Webex Calling
}

func governanceOf(o *assignment.Org) *governance {
	g := &governance{org: o, grants: map[assignment.TemplateID]bool{}}
	if o != nil && o.Catalog() != nil {
		g.calling = o.Catalog().Matching(func(i license.Info) bool { return i.NeedsPlacement })
	}
	return g
}

// governs reports whether a calling template governs u.
func (g *governance) governs(u UserKey) bool {
	if g.org == nil {
		return true
	}
	for _, t := range g.org.Governing(assignment.UserID(u)) {
		grants, ok := g.grants[t]
		if !ok {
			info, _ := g.org.TemplateByID(t) // live: Governing names only live templates
			grants = !info.Licenses.Intersect(g.calling).IsEmpty()
			g.grants[t] = grants
		}
		if grants {
			return true
		}
	}
	return false
}
