package assignment

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/wxlicense/wxlicense/license"
)

// TestRapidMemoMatchesAlone is a differential test of the engine's
// per-class decision memo (decisionFor in engine.go): on random
// heterogeneous orgs — users in up to six groups with templates, several
// users drawn from one profile so that they share a class, and users who
// differ from their profile in one respect (a group more or less, a
// placement, a site they administer, their status), manual licenses,
// retained sources, scarce and pinned subscriptions — every action is
// planned twice, with the memo and with each user decided alone
// (Org.memoOff), and the two plans must be identical: Changes, Edits,
// Shortfalls, AtRisk and row errors, or the same error.
//
// Inverting a memo-key condition of decisionFor makes it fail: dropping
// the administered sites or the placement from the key (users with sparse
// extras share decisions by them), keying more than four templates, keying
// a template ID without the +1, and dropping the held set from the key. It
// also caught site-admin shortfalls that followed the order the sites were
// given, which the memo must not depend on. Users re-take licenses by hand
// (rehold) and templates are saved again with preserve off (reapply), so
// that the users of one class hold different stored sources: replaying
// the first user's changes to the class's other users when deciding read
// their sparse part (dropping readX from decide), or replaying them
// across users on other subscriptions (dropping the units from the class
// key), fails too. The org has no placer: the
// placements are admin placements.
//
// Every plan is also applied to a clone in three simple passes
// (Org.threePasses), and the two orgs must be equal: Apply's one pass over
// the users (applyByUser) is checked against them.
//
// rapid runs 100 sequences per Check (-rapid.checks); the loop makes it
// 500. With -short rapid runs a fifth of the checks, of half the length:
// the loop keeps 100 of them, under a second, as mutation testing runs
// the short suite.
func TestRapidMemoMatchesAlone(t *testing.T) {
	for i := range 5 { // in parallel: the longest test of the package
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			rapid.Check(t, checkMemoMatchesAlone)
		})
	}
}

var memoGroups = []string{"m0", "m1", "m2", "m3", "m4", "m5"}

// memoHarness draws heterogeneous orgs; it uses the harness's catalog
// and generators, not its model.
type memoHarness struct {
	*harness
	profiles []NewUser
	emails   int
}

func checkMemoMatchesAlone(t *rapid.T) {
	h := &memoHarness{harness: newHarness(genCatalog(t))}
	for range rapid.IntRange(1, 3).Draw(t, "subs") {
		h.step(t, h.genSubscription(t))
	}
	for _, g := range memoGroups {
		h.step(t, AddGroup{Name: g})
	}
	if h.chance(t, 85, "group mode") {
		h.step(t, SwitchMode{Mode: GroupMode})
	}
	for range rapid.IntRange(1, 7).Draw(t, "templates") {
		s := h.genSave(t)
		s.Scope = Future
		h.step(t, s)
	}
	for range rapid.IntRange(2, 5).Draw(t, "profiles") {
		h.profiles = append(h.profiles, h.genProfile(t))
	}
	for range rapid.IntRange(1, 3).Draw(t, "batches") {
		h.step(t, h.genUsers(t))
	}
	save := func(t *rapid.T) { h.step(t, h.genSave(t)) }
	t.Repeat(map[string]func(*rapid.T){
		"SaveTemplate":  save,
		"SaveTemplate2": save,
		"SaveTemplate3": save,
		"AddUsers":      func(t *rapid.T) { h.step(t, h.genUsers(t)) },
		"RemoveService": func(t *rapid.T) { h.step(t, h.genRemoveService(t)) },
		"DeleteTemplate": func(t *rapid.T) {
			h.step(t, h.genDelete(t))
		},
		"ModifyLicenses": func(t *rapid.T) {
			ops := []LicenseOp{{Kind: rapid.SampledFrom(h.kinds).Draw(t, "kind"), Remove: h.chance(t, 30, "remove")}}
			h.step(t, ModifyLicenses{User: h.genUser(t), Ops: ops, Ack: true})
		},
		"Rehold":  h.rehold,
		"Rehold2": h.rehold,
		"SetSiteAdmin": func(t *rapid.T) {
			if sites := h.cat.Sites(); len(sites) > 0 {
				h.step(t, SetSiteAdmin{User: h.genUser(t), Site: rapid.SampledFrom(sites).Draw(t, "site")})
			}
		},
		"JoinGroup": func(t *rapid.T) { h.step(t, JoinGroup{User: h.genUser(t), Group: h.genGroup(t)}) },
		"LeaveGroup": func(t *rapid.T) {
			u := h.genUser(t)
			h.step(t, LeaveGroup{User: u, Group: h.genMemberOf(t, u)})
		},
		"MoveUser": func(t *rapid.T) {
			u := h.genUser(t)
			h.step(t, MoveUser{User: u, From: h.genMemberOf(t, u), To: h.genGroup(t)})
		},
		"SetSetting": func(t *rapid.T) {
			h.step(t, SetSetting{Setting: SettingPreserveOnGroupChange, On: rapid.Bool().Draw(t, "on"), Ack: true})
		},
		"SignIn": func(t *rapid.T) { h.step(t, SignIn{User: h.genUser(t)}) },
	})
}

// step plans a with the memo and with every user decided alone, requires
// the same plan, and applies it.
func (h *memoHarness) step(t *rapid.T, a Action) {
	t.Helper()
	o := h.org
	p, err := o.Plan(a)
	o.memoOff = true
	alone, errAlone := o.Plan(a)
	o.memoOff = false
	if errString(err) != errString(errAlone) {
		t.Fatalf("%s: with the memo %v, alone %v", describe(a), err, errAlone)
	}
	if err != nil {
		return
	}
	if d := cmp.Diff(planParts(alone), planParts(p)); d != "" {
		t.Fatalf("%s: plans differ (-alone +memo):\n%s", describe(a), d)
	}
	passes := o.Clone() // Apply in three simple passes must come to the same org
	passes.threePasses = true
	if _, err := passes.Do(a); err != nil {
		t.Fatalf("%s in three passes: %v", describe(a), err)
	}
	passes.threePasses = false
	if err := o.Apply(p); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if !sameOrg(passes, o) {
		t.Fatalf("%s: Apply in one pass and in three differ (-three +one):\n%s", describe(a), cmp.Diff(passes, o, deepOrg))
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// parts is what a plan says, as the differential test compares it.
type parts struct {
	Changes    []Change
	Edits      []Edit
	Shortfalls []Shortfall
	AtRisk     []UserID
	RowErrors  []string
	Lines      []string
}

func planParts(p *Plan) parts {
	out := parts{Changes: p.Changes, Edits: p.Edits, Shortfalls: p.Shortfalls, AtRisk: p.AtRisk, Lines: p.Lines()}
	for _, r := range p.RowErrors {
		out.RowErrors = append(out.RowErrors, r.Error())
	}
	return out
}

// rehold takes a license from a user and gives it back by hand: the held
// set is as before, so the user stays in their memo class, now with a
// manual source the others of the class may lack — the source changes of
// a shared decision must still be the user's own (readX in decide).
func (h *memoHarness) rehold(t *rapid.T) {
	id, ok := h.org.LookupUser(h.genUser(t))
	if !ok {
		return
	}
	var own []license.Kind
	for k := range h.org.Held(id).All() {
		if !h.cat.Info(k).Implied {
			own = append(own, k)
		}
	}
	if len(own) == 0 {
		return
	}
	k, email := rapid.SampledFrom(own).Draw(t, "rehold"), h.org.users.emailOf(id)
	h.step(t, ModifyLicenses{User: email, Ops: []LicenseOp{{Kind: k, Remove: true}}, Ack: true})
	h.step(t, ModifyLicenses{User: email, Ops: []LicenseOp{{Kind: k}}, Ack: true})
}

// reapply saves a live template again as it is, with preserve off: its
// users keep what it grants, and drop their own stored sources of it
// (DropSource) — which differ between the users of one memo class.
func (h *memoHarness) reapply(t *rapid.T) {
	var live []TemplateInfo
	for info := range h.org.Templates() {
		live = append(live, info)
	}
	if len(live) == 0 {
		return
	}
	info := rapid.SampledFrom(live).Draw(t, "reapply")
	h.step(t, SaveTemplate{Name: info.Name, Group: info.Group, Licenses: info.Entries, Scope: Existing, PreserveOff: true, Ack: true})
}

// genGroup draws one of the memo groups; genMemberOf and genSave use it.
func (h *memoHarness) genGroup(t *rapid.T) string {
	return rapid.SampledFrom(memoGroups).Draw(t, "group")
}

// genMemberOf draws a group the user is in, mostly.
func (h *memoHarness) genMemberOf(t *rapid.T, email string) string {
	if id, ok := h.org.LookupUser(email); ok {
		if info, _ := h.org.User(id); len(info.Groups) > 0 && h.chance(t, 90, "member") {
			return rapid.SampledFrom(info.Groups).Draw(t, "from group")
		}
	}
	return h.genGroup(t)
}

// genSubscription draws a subscription whose units are scarce or plenty.
func (h *memoHarness) genSubscription(t *rapid.T) AddSubscription {
	s := license.Subscription{
		ID:      rapid.SampledFrom(subPool).Draw(t, "sub"),
		Created: day0.AddDate(0, 0, rapid.IntRange(0, 2).Draw(t, "created")),
		Units:   map[license.Kind]int{},
	}
	for _, k := range h.kinds {
		if h.cat.Info(k).ConsumesUnit {
			if n := rapid.SampledFrom([]int{0, 1, 3, 8, 100}).Draw(t, "units "+h.cat.Name(k)); n > 0 {
				s.Units[k] = n
			}
		}
	}
	return AddSubscription{Subscription: s}
}

// genSave draws a template save, as the state-machine test does, on the
// memo groups.
func (h *memoHarness) genSave(t *rapid.T) SaveTemplate {
	a := SaveTemplate{Scope: Scope(rapid.IntRange(0, 1).Draw(t, "scope"))}
	if h.org.Mode() == GroupMode {
		a.Group = h.genGroup(t)
	}
	if a.Scope == Existing {
		a.PreserveOff = rapid.Bool().Draw(t, "preserve off")
		a.Ack = h.chance(t, 90, "ack")
	}
	for _, k := range h.genServices(t, 5) {
		e := Entry{Kind: k}
		if n := h.org.ledger.Len(); n > 0 && h.cat.Info(k).ConsumesUnit && h.chance(t, 25, "pin") {
			e.Subscription = h.org.ledger.Name(license.SubID(rapid.IntRange(0, n-1).Draw(t, "pin sub")))
		}
		a.Licenses = append(a.Licenses, e)
	}
	return a
}

// genProfile draws a kind of user: groups in some order, status,
// placement, sites administered, licenses given at creation.
func (h *memoHarness) genProfile(t *rapid.T) NewUser {
	var nu NewUser
	groups := rapid.Permutation(memoGroups).Draw(t, "group order")
	n := rapid.IntRange(0, 3).Draw(t, "groups")
	if h.chance(t, 35, "many groups") { // more than the memo keys
		n = rapid.IntRange(4, len(groups)).Draw(t, "many")
	}
	nu.Groups = groups[:n]
	if h.chance(t, 20, "pending") {
		nu.Status = Inactive
	}
	if h.chance(t, 50, "placement") {
		nu.Placement = Placement{Location: "HQ", Number: "+15550100"}
	}
	if sites := h.cat.Sites(); len(sites) > 0 && h.chance(t, 30, "site admin") {
		nu.SiteAdmin = []string{rapid.SampledFrom(sites).Draw(t, "admin site")}
	}
	if h.chance(t, 15, "explicit") {
		nu.Explicit, nu.Licenses = true, h.genServices(t, 0)
	}
	return nu
}

// genUsers draws a batch of users, each a profile's copy, some differing
// from it in one respect.
func (h *memoHarness) genUsers(t *rapid.T) AddUsers {
	var a AddUsers
	for range rapid.IntRange(1, 12).Draw(t, "batch") {
		nu := rapid.SampledFrom(h.profiles).Draw(t, "profile")
		nu.Groups, nu.SiteAdmin = slices.Clone(nu.Groups), slices.Clone(nu.SiteAdmin)
		h.emails++
		nu.Email = fmt.Sprintf("m%d@x.com", h.emails)
		switch rapid.IntRange(0, 9).Draw(t, "differs") {
		case 0: // one group more, last
			if g := h.genGroup(t); !slices.Contains(nu.Groups, g) {
				nu.Groups = append(nu.Groups, g)
			}
		case 1: // one group less, the last
			if len(nu.Groups) > 0 {
				nu.Groups = nu.Groups[:len(nu.Groups)-1]
			}
		case 2:
			if nu.Placement.IsZero() {
				nu.Placement = Placement{Location: "HQ", Number: "+15550101"}
			} else {
				nu.Placement = Placement{}
			}
		case 3:
			if sites := h.cat.Sites(); len(nu.SiteAdmin) == 0 && len(sites) > 0 {
				nu.SiteAdmin = []string{sites[0]}
			} else {
				nu.SiteAdmin = nil
			}
		case 4:
			if nu.Status == Active {
				nu.Status = Inactive
			} else {
				nu.Status = Active
			}
		}
		a.Users = append(a.Users, nu)
	}
	return a
}

// genTemplateName draws a live template's name mostly.
func (h *memoHarness) genTemplateName(t *rapid.T) string {
	var live []string
	for info := range h.org.Templates() {
		live = append(live, info.Name)
	}
	if len(live) > 0 && h.chance(t, 90, "live template") {
		return rapid.SampledFrom(live).Draw(t, "template")
	}
	return rapid.SampledFrom(memoGroups).Draw(t, "template")
}

func (h *memoHarness) genRemoveService(t *rapid.T) RemoveService {
	a := RemoveService{Template: h.genTemplateName(t), Kind: rapid.SampledFrom(h.kinds).Draw(t, "kind"), Scope: Scope(rapid.IntRange(0, 1).Draw(t, "scope"))}
	if id, ok := h.org.LookupTemplate(a.Template); ok && !h.org.templates[id].grant.IsEmpty() && h.chance(t, 90, "granted kind") {
		a.Kind = rapid.SampledFrom(h.org.templates[id].grant.Kinds()).Draw(t, "granted kind")
	}
	if a.Scope == Existing {
		a.PreserveOff, a.Ack = rapid.Bool().Draw(t, "preserve off"), true
	}
	return a
}

func (h *memoHarness) genDelete(t *rapid.T) DeleteTemplate {
	return DeleteTemplate{Template: h.genTemplateName(t), PreserveOff: rapid.Bool().Draw(t, "preserve off"), Ack: true}
}
