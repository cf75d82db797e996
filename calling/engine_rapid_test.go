package calling_test

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/calling"
	"github.com/wxlicense/wxlicense/license"
	"pgregory.net/rapid"
)

// The rapid engine fixture: locations WAW and BRQ (enabled), PRG (not
// enabled) and OLD (deleted); a hunt group owns +48221000006.
var (
	rNumLoc = map[string]string{
		"+48221000001": "WAW", "+48221000002": "WAW", "+48221000003": "WAW", "+48221000004": "WAW",
		"+48221000005": "WAW", "+48221000006": "WAW", "+42054000001": "BRQ", "+42054000002": "BRQ",
		"+420200000001": "PRG", "+48229999999": "OLD",
	}
	// rWork is the pool of work numbers: valid, not pre-provisioned,
	// malformed, empty, in a disabled or deleted location, a service's.
	rWork = []string{"+48221000001", "+48221000002", "+48221000003", "+48221000004", "+48221000005",
		"+42054000001", "+42054000002", "+420200000001", "+48229999999", "+48221000006",
		"+48221000404", "555-555-1212", "48221000002", ""}
	rExts   = []string{"100", "101", "0100"}
	rLocs   = []string{"WAW", "BRQ", "PRG", "OLD"}
	rSubs   = []string{"old", "new"}
	rGroups = []string{"g1", "g2"}
	rE164   = regexp.MustCompile(`^\+[1-9][0-9]{1,14}$`)
	rSvc    = calling.Owner{Type: calling.CallQueue, ID: "cq"}
)

// rProf is the model's view of a placed user's calling data.
type rProf struct {
	loc, num, ext string
	pin           bool
}

type rUser struct {
	email   string
	synced  bool
	work    string
	groups  map[string]bool
	calling bool
	sub     string
	prof    rProf
	created assignment.Placement // the admin placement given at creation; it serves the creation only
}

// rModel is the reference the engine machine checks against: who holds
// Webex Calling (on which subscription), each placed user's profile, who
// owns each number and extension, the locations' state, the CAL-6 report,
// and the group-change setting.
type rModel struct {
	users     []*rUser
	owner     map[string]string    // number -> its owner, as Owner.String spells it
	exts      map[[2]string]string // location, extension -> owner
	enabled   map[string]bool
	deleted   map[string]bool
	failures  map[int]string // user -> reason of the most recent failed attempt (CAL-6)
	groupMode bool
	settingOn bool
	cancelled map[string]bool
	// templates: template name ("" org, or a group) -> calling entry's
	// subscription ("" any), present iff it grants Webex Calling.
	calling map[string]string
}

func (m *rModel) valid(loc string) bool { return m.enabled[loc] && !m.deleted[loc] }

func (m *rModel) holders() []string {
	var out []string
	for _, u := range m.users {
		if u.calling {
			out = append(out, u.email)
		}
	}
	return out
}

// cal3 is the CAL-3 outcome for a raw work number, with the numbers
// claimed earlier in the batch (CAL-12): "" when it passes; for
// NumberInUse, the owner.
func (m *rModel) cal3(raw string, claimed map[string]int) (string, string) {
	switch {
	case raw == "":
		return "NoWorkNumber", ""
	case !rE164.MatchString(raw):
		return "NotE164", ""
	case rNumLoc[raw] == "":
		return "NotPreProvisioned", ""
	case !m.valid(rNumLoc[raw]):
		return "LocationNotValid", ""
	case m.owner[raw] != "":
		return "NumberInUse", m.owner[raw]
	}
	if id, ok := claimed[raw]; ok {
		return "NumberInUse", calling.UserOwner(calling.UserKey(id)).String() // CAL-12: the first in order
	}
	return "", ""
}

// manualOK reports whether an admin placement passes CAL-1, CAL-4, given
// the numbers and extensions claimed earlier in the batch.
func (m *rModel) manualOK(p assignment.Placement, claimed map[string]int, extClaimed map[[2]string]bool) bool {
	loc := p.Location
	if p.Number != "" {
		if r, _ := m.cal3(p.Number, claimed); r != "" {
			return false
		}
		if loc == "" {
			loc = rNumLoc[p.Number]
		}
		if rNumLoc[p.Number] != loc {
			return false
		}
	}
	if loc == "" || !m.valid(loc) || (p.Number == "" && p.Extension == "") {
		return false
	}
	if p.Extension != "" {
		k := [2]string{loc, p.Extension}
		if m.exts[k] != "" || extClaimed[k] {
			return false
		}
	}
	return true
}

// governed reports whether the templates give a user Webex Calling and
// which subscription they name.
func (m *rModel) governed(groups map[string]bool) (bool, string) {
	return m.governedBy(m.calling, groups)
}

// isGoverned reports whether a template granting Webex Calling governs u.
func (m *rModel) isGoverned(u *rUser) bool {
	ok, _ := m.governed(u.groups)
	return ok
}

// governedBy is governed with the templates' calling entries given.
func (m *rModel) governedBy(tmpls map[string]string, groups map[string]bool) (bool, string) {
	if !m.groupMode {
		s, ok := tmpls[""]
		return ok, s
	}
	subs := []string{}
	for _, g := range rGroups {
		if s, ok := tmpls[g]; ok && groups[g] {
			subs = append(subs, s)
		}
	}
	if len(subs) == 0 {
		return false, ""
	}
	return true, subs[0]
}

type rHarness struct {
	org *assignment.Org
	inv *calling.Inventory
	pl  *calling.Placer
	m   *rModel
}

func newRapidHarness(t *rapid.T) *rHarness {
	o := assignment.New("acme", license.MustDefault())
	for i, id := range rSubs {
		units := []int{40, 2}[i]
		if _, err := o.Do(assignment.AddSubscription{Subscription: license.Subscription{ID: id, Created: day0.AddDate(0, i, 0),
			Units: map[license.Kind]int{license.CallingProfessional: units}}}); err != nil {
			t.Fatal(err)
		}
	}
	inv := &calling.Inventory{}
	m := &rModel{owner: map[string]string{}, exts: map[[2]string]string{}, enabled: map[string]bool{}, deleted: map[string]bool{},
		failures: map[int]string{}, settingOn: true, cancelled: map[string]bool{}, calling: map[string]string{}}
	for _, l := range rLocs {
		rmust(t, inv.AddLocation(l, "n"+l, l != "PRG"))
		m.enabled[l] = l != "PRG"
	}
	for _, n := range slices.Sorted(mapKeys(rNumLoc)) {
		rmust(t, inv.AddNumbers(rNumLoc[n], true, calling.MustParseE164(n)))
	}
	rmust(t, inv.DeleteLocation("OLD"))
	m.deleted["OLD"] = true
	rmust(t, inv.AssignToService(calling.Owner{Type: calling.HuntGroup, ID: "sales"}, calling.MustParseE164("+48221000006")))
	m.owner["+48221000006"] = "HUNT_GROUP sales"
	pl, err := calling.Attach(o, inv)
	rmust(t, err)
	h := &rHarness{org: o, inv: inv, pl: pl, m: m}
	if rapid.Bool().Draw(t, "group mode") {
		m.groupMode = true
		h.mustDo(t, assignment.SwitchMode{Mode: assignment.GroupMode})
	}
	for _, g := range rGroups {
		h.mustDo(t, assignment.AddGroup{Name: g})
	}
	return h
}

func rmust(t *rapid.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func (h *rHarness) mustDo(t *rapid.T, a assignment.Action) {
	t.Helper()
	if _, err := h.org.Do(a); err != nil {
		t.Fatalf("%v: %v", a, err)
	}
}

// snapshot is the whole state, unexported fields included, for checking
// that a refused action changed nothing (INV-7).
type snapshot struct {
	org *assignment.Org
	inv *calling.Inventory
	fl  []calling.Failure
}

func (h *rHarness) snap() snapshot {
	return snapshot{org: h.org.Clone(), inv: h.inv.Clone(), fl: h.pl.Failures()}
}

var exportAll = cmp.Exporter(func(reflect.Type) bool { return true })

func (h *rHarness) unchanged(t *rapid.T, what string, s snapshot) {
	t.Helper()
	if h.org.Version() != s.org.Version() || string(h.org.ExportCSV()) != string(s.org.ExportCSV()) {
		t.Fatalf("%s changed the org", what)
	}
	for id := range h.org.NumUsers() {
		if a, b := h.org.Summary(assignment.UserID(id)), s.org.Summary(assignment.UserID(id)); a != b {
			t.Fatalf("%s changed user %d: %s -> %s", what, id, b, a)
		}
	}
	if d := cmp.Diff(s.org, h.org.Clone(), exportAll); d != "" {
		t.Fatalf("%s changed the org (-before +after):\n%s", what, d)
	}
	if d := cmp.Diff(s.inv, h.inv, exportAll); d != "" {
		t.Fatalf("%s changed the inventory (-before +after):\n%s", what, d)
	}
	if d := cmp.Diff(s.fl, h.pl.Failures()); d != "" {
		t.Fatalf("%s changed the failure report (-before +after):\n%s", what, d)
	}
}

// expect is what the model predicts of one action.
type expect struct {
	refused    bool             // must be refused
	mayRefuse  bool             // the model does not say
	destroy    bool             // it may destroy calling data (INV-7)
	placed     map[int]rProf    // users newly placed, where (nil: not predicted)
	notPlaced  map[int]string   // users tried and not placed, with the reason
	inUseBy    map[int]string   // for NumberInUse, the owner named (CAL-12)
	rowErr     map[string]bool  // CSV rows: whether each e-mail's row is an error
	lose       map[int]bool     // users who must lose Webex Calling
	keepSub    map[int]string   // users who must hold Webex Calling on this subscription
	keepSubAny map[int][]string // ... on one of these
	noCalling  bool             // the plan has no calling changes
	atRisk     []string
	ackUsers   []string // refused with an AckError naming these
}

// do runs an action and checks it against the model's expectation and
// the rules every step keeps.
func (h *rHarness) do(t *rapid.T, a assignment.Action, e expect) {
	t.Helper()
	before := h.snap()
	p, err := h.org.Do(a)
	if err != nil {
		if !e.refused && !e.mayRefuse {
			t.Fatalf("%v: refused: %v", a, err)
		}
		if e.ackUsers != nil {
			var ae *assignment.AckError
			if !errors.As(err, &ae) || !slices.Equal(slices.Sorted(slices.Values(ae.Users)), slices.Sorted(slices.Values(e.ackUsers))) {
				t.Fatalf("%v: CAL-9 refusal %v, want an AckError naming %v", a, err, e.ackUsers)
			}
		}
		h.unchanged(t, a.String(), before) // INV-7: a refused action changes nothing
		return
	}
	if e.refused {
		t.Fatalf("%v: accepted, want a refusal; plan %v", a, p.Lines())
	}
	h.checkPlan(t, a, p, e)
}

func (h *rHarness) checkPlan(t *rapid.T, a assignment.Action, p *assignment.Plan, e expect) {
	t.Helper()
	for email, want := range e.rowErr {
		if got := slices.ContainsFunc(p.RowErrors, func(r assignment.RowError) bool { return r.Email == email }); got != want {
			t.Fatalf("%v: row of %s: error %v, want %v; %v", a, email, got, want, p.RowErrors)
		}
	}
	if e.noCalling && len(p.Calling) != 0 {
		t.Fatalf("%v: calling changes %v", a, p.Lines())
	}
	if e.atRisk != nil {
		var got []string
		for _, id := range p.AtRisk {
			got = append(got, h.m.users[id].email)
		}
		if d := cmp.Diff(e.atRisk, got); d != "" {
			t.Fatalf("%v: AtRisk (-want +got):\n%s", a, d)
		}
	}
	destroyed, placed, notPlaced := map[int]calling.Placement{}, map[int]assignment.Placement{}, map[int]string{}
	for _, c := range p.Calling {
		switch c.Op {
		case assignment.Destroyed:
			destroyed[int(c.User)] = calling.Placement(c.Placement)
		case assignment.Placed:
			placed[int(c.User)] = c.Placement
		case assignment.NotPlaced:
			notPlaced[int(c.User)] = c.Reason
		}
	}
	// users the action created
	for id := len(h.m.users); id < h.org.NumUsers(); id++ {
		info, err := h.org.User(assignment.UserID(id))
		rmust(t, err)
		h.m.users = append(h.m.users, &rUser{email: info.Email, groups: map[string]bool{}})
	}
	if e.notPlaced != nil {
		if d := cmp.Diff(e.notPlaced, notPlaced); d != "" {
			t.Fatalf("%v: not placed (-want +got):\n%s\n%v", a, d, p.Lines())
		}
		for _, c := range p.Calling {
			var f *calling.Failure
			if c.Reason == "NumberInUse" && (!errors.As(c.Err, &f) || f.Owner.String() != e.inUseBy[int(c.User)]) {
				t.Fatalf("%v: CAL-12: user %d NumberInUse: %v, want owner %s", a, c.User, c.Err, e.inUseBy[int(c.User)])
			}
		}
	}
	for id, u := range h.m.users {
		sub, holds := h.org.SubscriptionOf(assignment.UserID(id), license.CallingProfessional)
		prof, placedNow := h.inv.Profile(calling.UserKey(id))
		if holds != placedNow {
			t.Fatalf("%v: INV-4: user %d holds Webex Calling %v, placed %v", a, id, holds, placedNow)
		}
		_, wasDestroyed := destroyed[id]
		_, wasPlaced := placed[id]
		switch {
		case u.calling && !holds: // INV-7: destroyed, only when allowed, traced
			if !e.destroy {
				t.Fatalf("%v: INV-7: user %d lost calling data %+v; plan %v", a, id, u.prof, p.Lines())
			}
			if !wasDestroyed {
				t.Fatalf("%v: INV-7: user %d lost calling data without a Destroyed entry: %v", a, id, p.Lines())
			}
			if n := u.prof.num; n != "" {
				delete(h.m.owner, n)
			}
			if u.prof.ext != "" {
				delete(h.m.exts, [2]string{u.prof.loc, u.prof.ext})
			}
			u.calling, u.sub, u.prof = false, "", rProf{}
		case u.calling && holds: // kept: the same data (INV-7; CAL-10, CAL-11 moves)
			if wasDestroyed || wasPlaced {
				t.Fatalf("%v: user %d kept calling but the plan says destroyed %v, placed %v", a, id, wasDestroyed, wasPlaced)
			}
			if got := profOf(prof); got != u.prof {
				t.Fatalf("%v: INV-7: user %d calling data %+v, want %+v kept", a, id, got, u.prof)
			}
			u.sub = sub
		case !u.calling && holds: // placed, with a fresh profile
			got := profOf(prof)
			if !wasPlaced || placed[id] != (assignment.Placement{Location: got.loc, Number: got.num, Extension: got.ext}) || got.pin {
				t.Fatalf("%v: user %d placed at %+v; plan %v", a, id, got, p.Lines())
			}
			if got.num != "" {
				if o := h.m.owner[got.num]; o != "" || rNumLoc[got.num] != got.loc {
					t.Fatalf("%v: INV-4: user %d given %s (owner %q, location %s)", a, id, got.num, o, rNumLoc[got.num])
				}
				h.m.owner[got.num] = calling.UserOwner(calling.UserKey(id)).String()
			}
			if got.ext != "" {
				k := [2]string{got.loc, got.ext}
				if h.m.exts[k] != "" {
					t.Fatalf("%v: INV-4: extension %v given twice", a, k)
				}
				h.m.exts[k] = calling.UserOwner(calling.UserKey(id)).String()
			}
			if !h.m.valid(got.loc) {
				t.Fatalf("%v: INV-4: user %d placed in %s", a, id, got.loc)
			}
			u.calling, u.sub, u.prof = true, sub, got
		default:
			if wasDestroyed || wasPlaced {
				t.Fatalf("%v: user %d without calling: destroyed %v, placed %v", a, id, wasDestroyed, wasPlaced)
			}
		}
		if e.lose[id] && u.calling {
			t.Fatalf("%v: user %d keeps Webex Calling", a, id)
		}
		if want, ok := e.keepSub[id]; ok && (!u.calling || u.sub != want) {
			t.Fatalf("%v: user %d holds calling %v on %q, want on %q", a, id, u.calling, u.sub, want)
		}
		if want, ok := e.keepSubAny[id]; ok && (!u.calling || !slices.Contains(want, u.sub)) {
			t.Fatalf("%v: user %d holds calling %v on %q, want on one of %q", a, id, u.calling, u.sub, want)
		}
	}
	if e.placed != nil {
		got := map[int]rProf{}
		for id := range placed {
			got[id] = h.m.users[id].prof
		}
		if d := cmp.Diff(e.placed, got, cmp.AllowUnexported(rProf{})); d != "" {
			t.Fatalf("%v: placed (-want +got):\n%s\n%v", a, d, p.Lines())
		}
	}
	// CAL-6: the most recent attempt of each user
	for _, c := range p.Calling {
		switch {
		case c.Op == assignment.Placed:
			delete(h.m.failures, int(c.User))
		case c.Op == assignment.NotPlaced:
			h.m.failures[int(c.User)] = c.Reason
		}
	}
}

func profOf(p calling.Profile) rProf {
	return rProf{loc: p.Location, num: p.Number.String(), ext: p.Extension, pin: p.PINSet}
}

// check is the invariant step: INV-4 by the engine and by the model, and
// the CAL-6 report against the model.
func (h *rHarness) check(t *rapid.T) {
	t.Helper()
	if err := h.org.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
	if v := h.inv.Violations(); len(v) != 0 {
		t.Fatalf("INV-4: %v", v)
	}
	for n, loc := range rNumLoc {
		num, _ := h.inv.Lookup(calling.MustParseE164(n))
		if num.Location != loc || num.Owner.String() != h.m.owner[n] {
			t.Fatalf("INV-4: %s owned by %q in %s, model %q in %s", n, num.Owner, num.Location, h.m.owner[n], loc)
		}
	}
	for _, loc := range rLocs {
		for _, x := range rExts {
			o, _ := h.inv.ExtensionOwner(loc, x)
			if o.String() != h.m.exts[[2]string{loc, x}] {
				t.Fatalf("INV-4: extension %s in %s held by %q, model %q", x, loc, o, h.m.exts[[2]string{loc, x}])
			}
		}
	}
	seenNum, seenExt := map[string]int{}, map[[2]string]int{}
	for id, u := range h.m.users {
		held := h.org.Held(assignment.UserID(id)).Has(license.CallingProfessional)
		if held != u.calling || h.inv.Placed(calling.UserKey(id)) != u.calling {
			t.Fatalf("INV-4: user %d: holds %v, placed %v, model %v", id, held, h.inv.Placed(calling.UserKey(id)), u.calling)
		}
		if !u.calling {
			continue
		}
		if !h.m.valid(u.prof.loc) || (u.prof.num == "" && u.prof.ext == "") || (u.prof.num != "" && rNumLoc[u.prof.num] != u.prof.loc) {
			t.Fatalf("INV-4: user %d placed %+v", id, u.prof)
		}
		if prev, ok := seenNum[u.prof.num]; ok && u.prof.num != "" {
			t.Fatalf("INV-4: users %d and %d own %s", prev, id, u.prof.num)
		}
		seenNum[u.prof.num] = id
		k := [2]string{u.prof.loc, u.prof.ext}
		if prev, ok := seenExt[k]; ok && u.prof.ext != "" {
			t.Fatalf("INV-4: users %d and %d hold extension %v", prev, id, k)
		}
		seenExt[k] = id
	}
	var want []string // CAL-6: governed by a calling template now, without calling
	for id, u := range h.m.users {
		if r, ok := h.m.failures[id]; ok && !u.calling && h.m.isGoverned(u) {
			want = append(want, fmt.Sprint(id, " ", r))
		}
	}
	var got []string
	for _, f := range h.pl.Failures() {
		got = append(got, fmt.Sprint(f.User, " ", f.Reason))
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("CAL-6 report (-model +placer):\n%s", d)
	}
}

// TestEngineStateMachine drives an org with an attached inventory through
// random actions and checks each against the model: INV-4 after every
// step; INV-7 (calling data destroyed only by an acknowledged removal, a
// cancellation or a membership change with the group-change setting off,
// each traced as Destroyed; moves keep it; a refused action changes
// nothing); CAL-12 (in one batch the first user with a number wins);
// CAL-6 (the failure report is each user's most recent failed attempt
// while they lack calling and a calling template governs them); CAL-9 (removal needs Ack); CAL-10, CAL-11
// (moves by license ID keep data; cancellation destroys it, no re-homing).
func TestEngineStateMachine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		h := newRapidHarness(t)
		actions := map[string]func(*rapid.T){
			"":               h.check,
			"AddUsers":       h.addUsers,
			"SetWorkNumber":  h.setWorkNumber,
			"SaveTemplate":   h.saveTemplate,
			"SetSetting":     h.setSetting,
			"UpdateLicenses": h.updateLicenses,
			"ModifyLicenses": h.modifyLicenses,
			"Cancel":         h.cancel,
			"InventoryEdit":  h.inventoryEdit,
			"ImportCSV":      h.importCSV,
			"StalePlan":      h.stalePlan,
			"Membership":     h.membership,
			"SwitchMode":     h.switchMode,
			"DeleteTemplate": h.deleteTemplate,
		}
		t.Repeat(actions)
	})
}

func (h *rHarness) free(sub string) int {
	if sub == "" {
		n := 0
		for _, s := range rSubs {
			n += h.free(s)
		}
		return n
	}
	info, ok := h.org.Subscription(sub)
	if !ok || !info.Active {
		return 0
	}
	for _, u := range info.Units {
		if u.Kind == license.CallingProfessional {
			return u.Free
		}
	}
	return 0
}

func (h *rHarness) holderIDs() []int {
	var out []int
	for id, u := range h.m.users {
		if u.calling {
			out = append(out, id)
		}
	}
	return out
}

func (h *rHarness) genUser(t *rapid.T) (int, *rUser) {
	if len(h.m.users) == 0 {
		t.Skip("no users")
	}
	id := rapid.IntRange(0, len(h.m.users)-1).Draw(t, "user")
	return id, h.m.users[id]
}

func (h *rHarness) genPlacement(t *rapid.T) assignment.Placement {
	switch rapid.IntRange(0, 3).Draw(t, "placement kind") {
	case 0:
		return assignment.Placement{}
	case 1:
		return assignment.Placement{Number: rapid.SampledFrom(rWork).Draw(t, "pl number")}
	case 2:
		return assignment.Placement{Location: rapid.SampledFrom(rLocs).Draw(t, "pl loc"), Extension: rapid.SampledFrom(rExts).Draw(t, "pl ext")}
	}
	return assignment.Placement{Location: rapid.SampledFrom(rLocs).Draw(t, "pl loc"), Number: rapid.SampledFrom(rWork).Draw(t, "pl number"),
		Extension: rapid.SampledFrom(rExts).Draw(t, "pl ext")}
}

// tryWork predicts the work-number path for users in order (CAL-2,
// CAL-5, CAL-8, CAL-12), when the units suffice; ok is false when the
// model does not predict.
func (h *rHarness) tryWork(ids []int, works []string, sub string, e *expect) bool {
	if len(ids) > h.free(sub) {
		return false
	}
	claimed := map[string]int{}
	for i, id := range ids {
		if r, owner := h.m.cal3(works[i], claimed); r != "" {
			e.notPlaced[id], e.inUseBy[id] = r, owner
			continue
		}
		claimed[works[i]] = id
		e.placed[id] = rProf{loc: rNumLoc[works[i]], num: works[i]}
	}
	return true
}

func (h *rHarness) addUsers(t *rapid.T) {
	n := rapid.IntRange(1, 3).Draw(t, "batch")
	a := assignment.AddUsers{}
	e := expect{placed: map[int]rProf{}, notPlaced: map[int]string{}, inUseBy: map[int]string{}}
	claimed, extClaimed := map[string]int{}, map[[2]string]bool{}
	emails := map[string]bool{}
	var tries []int
	predict := true
	for i := range n {
		id := len(h.m.users) + i
		nu := assignment.NewUser{Email: fmt.Sprintf("u%d@x.com", id), Synced: rapid.Bool().Draw(t, "synced"),
			WorkNumber: rapid.SampledFrom(rWork).Draw(t, "work")}
		if len(h.m.users) > 0 && rapid.IntRange(0, 19).Draw(t, "dup") == 0 {
			nu.Email = h.m.users[rapid.IntRange(0, len(h.m.users)-1).Draw(t, "dup of")].email
		}
		if !nu.Synced && rapid.Bool().Draw(t, "with placement") {
			nu.Placement = h.genPlacement(t)
		}
		groups := map[string]bool{}
		if h.m.groupMode && rapid.Bool().Draw(t, "with group") {
			g := rapid.SampledFrom(rGroups).Draw(t, "group")
			nu.Groups, groups[g] = []string{g}, true
		}
		a.Users = append(a.Users, nu)
		if emails[nu.Email] || slices.ContainsFunc(h.m.users, func(u *rUser) bool { return u.email == nu.Email }) {
			e.refused = true
		}
		emails[nu.Email] = true
		gov, sub := h.m.governed(groups)
		switch {
		case !gov && !nu.Placement.IsZero() && !h.m.manualOK(nu.Placement, nil, nil):
			e.refused = true // an admin placement is checked against the inventory even when no template grants calling
		case !gov:
		case nu.Synced:
			if r, owner := h.m.cal3(nu.WorkNumber, claimed); r != "" {
				e.notPlaced[id], e.inUseBy[id] = r, owner
			} else {
				claimed[nu.WorkNumber] = id
				e.placed[id] = rProf{loc: rNumLoc[nu.WorkNumber], num: nu.WorkNumber}
			}
			tries = append(tries, id)
			predict = predict && sub == ""
		case nu.Placement.IsZero(): // CAL-4
			e.notPlaced[id] = "NoPlacement"
		default:
			pl := nu.Placement
			if !h.m.manualOK(pl, nil, nil) {
				e.refused = true // CAL-4: one bad placement refuses the whole add
				break
			}
			if !h.m.manualOK(pl, claimed, extClaimed) {
				predict = false // taken earlier in the batch: see TestBatchPlacementConflict
				break
			}
			if pl.Number != "" {
				claimed[pl.Number] = id
				pl.Location = rNumLoc[pl.Number]
			}
			if pl.Extension != "" {
				extClaimed[[2]string{pl.Location, pl.Extension}] = true
			}
			e.placed[id] = rProf{loc: pl.Location, num: pl.Number, ext: pl.Extension}
			tries = append(tries, id)
			predict = predict && sub == ""
		}
	}
	if !predict || len(tries) > h.free("") {
		e.placed, e.notPlaced, e.refused, e.mayRefuse = nil, nil, false, true
	}
	n0 := len(h.m.users)
	h.do(t, a, e)
	if len(h.m.users) != n0+len(a.Users) {
		return
	}
	for i, nu := range a.Users {
		u := h.m.users[n0+i]
		u.synced, u.work, u.created = nu.Synced, nu.WorkNumber, nu.Placement
		for _, g := range nu.Groups {
			u.groups[g] = true
		}
	}
}

func (h *rHarness) setWorkNumber(t *rapid.T) {
	id, u := h.genUser(t)
	by := assignment.WorkNumberChannel(rapid.IntRange(1, 3).Draw(t, "channel"))
	a := assignment.SetWorkNumber{User: u.email, Number: rapid.SampledFrom(rWork).Draw(t, "work"), By: by}
	// CAL-8: a synced user is edited in the directory only; CAL-7: the
	// work number never moves a calling number
	h.do(t, a, expect{refused: u.synced && by != assignment.ByDirectory, noCalling: true})
	if got := h.org.WorkNumber(assignment.UserID(id)); got != a.Number && !(u.synced && by != assignment.ByDirectory) {
		t.Fatalf("%v: work number %q", a, got)
	}
	u.work = h.org.WorkNumber(assignment.UserID(id))
}

// members returns the users a template governs, in user order.
func (h *rHarness) members(tmpl string) []int {
	var out []int
	for id, u := range h.m.users {
		if tmpl == "" || u.groups[tmpl] {
			out = append(out, id)
		}
	}
	return out
}

func (h *rHarness) saveTemplate(t *rapid.T) {
	tmpl := ""
	if h.m.groupMode {
		tmpl = rapid.SampledFrom(rGroups).Draw(t, "template")
	}
	a := assignment.SaveTemplate{Group: tmpl, Licenses: []assignment.Entry{{Kind: license.BasicMessaging}}}
	withCalling := rapid.Bool().Draw(t, "calling")
	sub := ""
	if withCalling {
		sub = rapid.SampledFrom([]string{"", "", "old", "new"}).Draw(t, "calling sub")
		a.Licenses = append(a.Licenses, assignment.Entry{Kind: license.CallingProfessional, Subscription: sub})
	}
	if rapid.Bool().Draw(t, "existing") {
		a.Scope = assignment.Existing
		a.PreserveOff = rapid.Bool().Draw(t, "preserve off")
		a.Ack = rapid.Bool().Draw(t, "ack")
	}
	e := expect{mayRefuse: h.m.cancelled[sub]}
	gov := h.members(tmpl)
	switch {
	case a.Scope == assignment.Future:
		e.noCalling = true // ASG-3: changes nobody
	case a.PreserveOff && (!withCalling || h.m.groupMode): // a holder no remaining template grants it loses it (ASG-4, CAL-9)
		next := maps.Clone(h.m.calling)
		delete(next, tmpl)
		if withCalling {
			next[tmpl] = sub
		}
		e.destroy, e.lose = a.Ack, map[int]bool{}
		for _, id := range gov {
			if granted, _ := h.m.governedBy(next, h.m.users[id].groups); h.m.users[id].calling && !granted {
				e.lose[id] = true
				e.ackUsers = append(e.ackUsers, h.m.users[id].email)
			}
		}
		e.refused = !a.Ack && len(e.ackUsers) > 0
	default: // CAL-5: the governed without calling whose resolved grant has it, tried by work number
		next := maps.Clone(h.m.calling)
		delete(next, tmpl)
		if withCalling {
			next[tmpl] = sub
		}
		var ids []int
		var works []string
		predict := true
		e.keepSubAny = map[int][]string{}
		for _, id := range gov {
			u := h.m.users[id]
			granted, s := h.m.governedBy(next, u.groups)
			switch {
			case !u.calling && granted:
				ids, works = append(ids, id), append(works, u.work)
				predict = predict && s == ""
			case u.calling && sub != "" && a.PreserveOff:
				e.keepSubAny[id] = []string{u.sub, sub} // CAL-11: moved, or a shortfall
			}
		}
		e.placed, e.notPlaced, e.inUseBy = map[int]rProf{}, map[int]string{}, map[int]string{}
		if !predict || !h.tryWork(ids, works, "", &e) {
			e.placed, e.notPlaced = nil, nil
		}
	}
	before := h.org.Version()
	h.do(t, a, e)
	if h.org.Version() != before {
		delete(h.m.calling, tmpl)
		if withCalling {
			h.m.calling[tmpl] = sub
		}
	}
}

func (h *rHarness) setSetting(t *rapid.T) {
	a := assignment.SetSetting{Setting: assignment.SettingPreserveOnGroupChange, On: rapid.Bool().Draw(t, "on"), Ack: rapid.Bool().Draw(t, "ack")}
	e := expect{noCalling: true}
	if !a.On && h.m.settingOn { // ASG-8, CAL-9: the plan lists every holder
		holders := h.m.holders()
		e.refused = !a.Ack && len(holders) > 0
		if a.Ack {
			e.atRisk = holders
		}
	}
	h.do(t, a, e)
	h.m.settingOn = h.org.Settings().PreserveOnGroupChange
}

func (h *rHarness) membership(t *rapid.T) {
	id, u := h.genUser(t)
	g := rapid.SampledFrom(rGroups).Draw(t, "group")
	if len(u.groups) > 0 && rapid.Bool().Draw(t, "one of its groups") {
		g = rapid.SampledFrom(slices.Sorted(maps.Keys(u.groups))).Draw(t, "its group")
	}
	other := rGroups[0]
	if g == other {
		other = rGroups[1]
	}
	after := map[string]bool{}
	for k := range u.groups {
		after[k] = true
	}
	var a assignment.Action
	e := expect{}
	switch rapid.IntRange(0, 2).Draw(t, "membership op") {
	case 0:
		a, after[g] = assignment.JoinGroup{User: u.email, Group: g}, true
		e.refused = u.groups[g]
	case 1:
		a = assignment.MoveUser{User: u.email, From: g, To: other}
		delete(after, g)
		after[other] = true
		e.refused = !u.groups[g] || u.groups[other]
		e.mayRefuse = u.groups[other]
		e.destroy = !h.m.settingOn // INV-7, ASG-8
	default:
		a = assignment.LeaveGroup{User: u.email, Group: g}
		delete(after, g)
		e.refused = !u.groups[g]
		e.destroy = !h.m.settingOn
	}
	if !h.m.groupMode { // memberships do not touch licenses in org mode
		e.destroy, e.noCalling = false, true
	}
	gov, _ := h.m.governed(after)
	if e.destroy && u.calling && !gov {
		e.lose = map[int]bool{id: true} // ASG-8 off: the resolved grant of the groups left
	}
	if _, join := a.(assignment.JoinGroup); join && h.m.groupMode && !u.calling && !u.groups[g] {
		if s, given := h.m.calling[g]; given && s == "" { // CAL-8: tried at once by the work number (ASG-2: that template alone)
			e.placed, e.notPlaced, e.inUseBy = map[int]rProf{}, map[int]string{}, map[int]string{}
			if !h.tryWork([]int{id}, []string{u.work}, "", &e) {
				e.placed, e.notPlaced = nil, nil
			}
		}
	}
	before := h.org.Version()
	h.do(t, a, e)
	if h.org.Version() != before {
		u.groups = after
	}
}

// userPlacement predicts adding Webex Calling to a user by hand (CAL-1,
// CAL-4): refused without a valid placement, else placed at it.
func (h *rHarness) userPlacement(id int, pl assignment.Placement, sub string, e *expect) {
	switch { // the creation placement served the creation only (CAL-4, CAL-9)
	case pl.IsZero() || !h.m.manualOK(pl, nil, nil):
		e.refused = true
	case h.free(sub) == 0:
		e.mayRefuse = true
	default:
		if pl.Number != "" {
			pl.Location = rNumLoc[pl.Number]
		}
		e.placed = map[int]rProf{id: {loc: pl.Location, num: pl.Number, ext: pl.Extension}}
	}
}

func (h *rHarness) updateLicenses(t *rapid.T) {
	id, u := h.genUser(t)
	want := rapid.Bool().Draw(t, "want calling")
	a := assignment.UpdateLicenses{User: u.email, Licenses: []license.Kind{license.BasicMessaging, license.BasicSpaceMeetings},
		Ack: rapid.Bool().Draw(t, "ack"), Placement: h.genPlacement(t)}
	e := expect{}
	switch {
	case want && u.calling:
		a.Licenses = append(a.Licenses, license.CallingProfessional)
		e.keepSub, e.mayRefuse = map[int]string{id: u.sub}, !a.Placement.IsZero()
	case want:
		a.Licenses = append(a.Licenses, license.CallingProfessional)
		h.userPlacement(id, a.Placement, "", &e)
	case u.calling: // CAL-9: dropping it needs Ack
		e.refused, e.destroy, e.lose = !a.Ack, a.Ack, map[int]bool{id: true}
		e.ackUsers = []string{u.email}
		e.mayRefuse = !a.Placement.IsZero()
	default:
		e.noCalling = true
		e.mayRefuse = !a.Placement.IsZero()
	}
	h.do(t, a, e)
}

// modifyLicenses moves a holder between subscriptions by license ID
// (CAL-10, CAL-11: no Ack, data kept; no free unit, the user stays), or
// adds Webex Calling by license ID with a placement (CAL-4).
func (h *rHarness) modifyLicenses(t *rapid.T) {
	id, u := h.genUser(t)
	if holders := h.holderIDs(); len(holders) > 0 && rapid.Bool().Draw(t, "a holder") {
		id = rapid.SampledFrom(holders).Draw(t, "holder")
		u = h.m.users[id]
	}
	target := rapid.SampledFrom(rSubs).Draw(t, "target")
	lid, err := h.org.LicenseID(license.CallingProfessional, target)
	if err != nil || h.m.cancelled[target] {
		t.Skip("no license ID")
	}
	a := assignment.ModifyLicenses{User: u.email, Ops: []assignment.LicenseOp{{ID: lid.String()}}}
	e := expect{}
	switch {
	case u.calling && u.sub == target:
		e.mayRefuse, e.keepSub = true, map[int]string{id: u.sub}
	case u.calling && h.free(target) > 0:
		e.keepSub, e.noCalling = map[int]string{id: target}, true
		if rapid.Bool().Draw(t, "untick the old") { // one request: untick, tick (CAL-11)
			old, err := h.org.LicenseID(license.CallingProfessional, u.sub)
			rmust(t, err)
			a.Ops = []assignment.LicenseOp{{ID: old.String(), Remove: true}, a.Ops[0]}
		}
	case u.calling:
		e.mayRefuse, e.keepSub, e.noCalling = true, map[int]string{id: u.sub}, true
	default:
		a.Ops[0].Placement = h.genPlacement(t)
		h.userPlacement(id, a.Ops[0].Placement, target, &e)
		if e.placed != nil {
			e.keepSub = map[int]string{id: target}
		}
	}
	h.do(t, a, e)
}

// cancel cancels (or expires) a subscription: every holder on it loses
// Webex Calling, traced; no one is re-homed (CAL-10).
func (h *rHarness) cancel(t *rapid.T) {
	sub := rapid.SampledFrom(rSubs).Draw(t, "sub")
	if h.m.cancelled[sub] || rapid.IntRange(0, 3).Draw(t, "cancel now") > 0 {
		t.Skip("rare: a cancellation ends most of the run")
	}
	a := assignment.CancelSubscription{Subscription: sub, Expired: rapid.Bool().Draw(t, "expired")}
	e := expect{destroy: true, lose: map[int]bool{}, keepSub: map[int]string{}, mayRefuse: h.m.cancelled[sub]}
	for id, u := range h.m.users {
		switch {
		case u.calling && u.sub == sub:
			e.lose[id] = true
		case u.calling:
			e.keepSub[id] = u.sub
		}
	}
	h.do(t, a, e)
	if info, ok := h.org.Subscription(sub); ok && !info.Active {
		h.m.cancelled[sub] = true
	}
}

// inventoryEdit edits the inventory directly: services take and release
// numbers and take extensions, locations are disabled and enabled, PINs
// are set.
func (h *rHarness) inventoryEdit(t *rapid.T) {
	before := h.inv.Clone()
	n := rapid.SampledFrom(slices.Sorted(mapKeys(rNumLoc))).Draw(t, "number")
	var err error
	var ok bool
	switch rapid.IntRange(0, 4).Draw(t, "edit") {
	case 0:
		err = h.inv.AssignToService(rSvc, calling.MustParseE164(n))
		ok = h.m.owner[n] == "" && h.m.valid(rNumLoc[n])
		if ok && err == nil {
			h.m.owner[n] = rSvc.String()
		}
	case 1:
		err = h.inv.ReleaseFromService(calling.MustParseE164(n))
		ok = h.m.owner[n] != "" && !strings.HasPrefix(h.m.owner[n], "PEOPLE ")
		if ok && err == nil {
			delete(h.m.owner, n)
		}
	case 2:
		loc, on := rapid.SampledFrom(rLocs).Draw(t, "loc"), rapid.Bool().Draw(t, "enabled")
		err = h.inv.SetLocationEnabled(loc, on)
		ok = !h.m.deleted[loc] && (on || !slices.ContainsFunc(h.m.users, func(u *rUser) bool { return u.calling && u.prof.loc == loc }))
		if ok && err == nil {
			h.m.enabled[loc] = on
		}
	case 3:
		loc, x := rapid.SampledFrom(rLocs).Draw(t, "loc"), rapid.SampledFrom(rExts).Draw(t, "ext")
		err = h.inv.AssignExtension(rSvc, loc, x)
		ok = h.m.valid(loc) && h.m.exts[[2]string{loc, x}] == ""
		if ok && err == nil {
			h.m.exts[[2]string{loc, x}] = rSvc.String()
		}
	default:
		id, u := h.genUser(t)
		err = h.inv.SetVoicemailPIN(calling.UserKey(id), "123456")
		ok = u.calling
		if ok && err == nil {
			u.prof.pin = true
		}
	}
	if ok != (err == nil) {
		t.Fatalf("inventory edit: %v, model says ok %v", err, ok)
	}
	if err != nil {
		if d := cmp.Diff(before, h.inv, exportAll); d != "" {
			t.Fatalf("a refused inventory edit changed it:\n%s", d)
		}
	}
}

// stalePlan plans an action that consults the inventory — a placement,
// an acknowledged removal, a cancellation — edits the inventory, and
// checks that Apply refuses the plan and changes nothing.
func (h *rHarness) stalePlan(t *rapid.T) {
	var a assignment.Action
	holders := h.holderIDs()
	switch op := rapid.IntRange(0, 2).Draw(t, "stale op"); {
	case op == 1 && len(holders) > 0:
		a = assignment.UpdateLicenses{User: h.m.users[rapid.SampledFrom(holders).Draw(t, "holder")].email,
			Licenses: []license.Kind{license.BasicMessaging, license.BasicSpaceMeetings}, Ack: true}
	case op == 2 && len(holders) > 0:
		a = assignment.CancelSubscription{Subscription: h.m.users[holders[0]].sub}
	default:
		nu := assignment.NewUser{Email: fmt.Sprintf("stale%d@x.com", len(h.m.users)), Synced: true, WorkNumber: rapid.SampledFrom(rWork).Draw(t, "work")}
		groups := map[string]bool{}
		if h.m.groupMode {
			nu.Groups = []string{rapid.SampledFrom(rGroups).Draw(t, "group")}
			groups[nu.Groups[0]] = true
		}
		if gov, _ := h.m.governed(groups); !gov {
			t.Skip("no calling template")
		}
		a = assignment.AddUsers{Users: []assignment.NewUser{nu}}
	}
	p, err := h.org.Plan(a)
	if err != nil {
		t.Skip("not planned")
	}
	if len(holders) > 0 && rapid.Bool().Draw(t, "edit a PIN") {
		rmust(t, h.inv.SetVoicemailPIN(calling.UserKey(holders[0]), "654321"))
		h.m.users[holders[0]].prof.pin = true
	} else {
		rmust(t, h.inv.SetActive(rapid.Bool().Draw(t, "active"), calling.MustParseE164("+42054000002")))
	}
	s := h.snap()
	if err := h.org.Apply(p); !errors.Is(err, assignment.ErrStalePlan) {
		t.Fatalf("Apply of %v after an inventory edit: %v", a, err)
	}
	h.unchanged(t, "a stale plan", s)
}

// importCSV imports rows with the "old" and "new" Webex Calling columns
// (CAL-11): the held subscription's column FALSE and the other's TRUE is a
// move keeping the data; both TRUE is a row error; the held column FALSE
// and no TRUE is a removal, a row error without Ack (CAL-9).
func (h *rHarness) importCSV(t *rapid.T) {
	ids := rapid.SliceOfNDistinct(rapid.IntRange(0, max(len(h.m.users)-1, 0)), 1, 2, rapid.ID[int]).Draw(t, "rows")
	if len(h.m.users) == 0 {
		t.Skip("no users")
	}
	if holders := h.holderIDs(); len(holders) > 0 && rapid.Bool().Draw(t, "a holder's row") {
		if id := rapid.SampledFrom(holders).Draw(t, "holder"); !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	a := assignment.ImportCSV{Data: []byte("User ID/Email (Required),Webex Calling VAR Professional [old],Webex Calling VAR Professional [new]\n"), Ack: rapid.Bool().Draw(t, "ack")}
	e := expect{rowErr: map[string]bool{}, keepSub: map[int]string{}, lose: map[int]bool{}, destroy: a.Ack}
	free := map[string]int{"old": h.free("old"), "new": h.free("new")}
	for _, id := range ids {
		u := h.m.users[id]
		cells := rapid.SliceOfN(rapid.SampledFrom([]string{"TRUE", "FALSE", ""}), 2, 2).Draw(t, "cells")
		a.Data = fmt.Appendf(a.Data, "%s,%s,%s\n", u.email, cells[0], cells[1])
		var asked []string
		for i, c := range cells {
			if c == "TRUE" {
				asked = append(asked, rSubs[i])
			}
		}
		held := slices.Index(rSubs, u.sub)
		switch {
		case len(asked) == 2: // LIC-9
			e.rowErr[u.email] = true
			if u.calling {
				e.keepSub[id] = u.sub
			}
		case !u.calling && len(asked) == 1 && u.created.IsZero(): // CAL-4: no placement, 400411
			e.rowErr[u.email] = true
		case !u.calling:
		case len(asked) == 1 && asked[0] == u.sub:
			e.rowErr[u.email], e.keepSub[id] = false, u.sub
		case len(asked) == 1 && free[asked[0]] > 0: // CAL-11: a move, data kept
			e.rowErr[u.email], e.keepSub[id] = false, asked[0]
			free[asked[0]]--
			free[u.sub]++
		case len(asked) == 1:
			e.rowErr[u.email], e.keepSub[id] = true, u.sub
		case cells[held] == "FALSE": // CAL-9: a removal
			e.rowErr[u.email] = !a.Ack
			if a.Ack {
				e.lose[id] = true
			} else {
				e.keepSub[id] = u.sub
			}
		default:
			e.rowErr[u.email], e.keepSub[id] = false, u.sub
		}
	}
	h.do(t, a, e)
}

// switchMode switches the template mode (ASG-1): the templates of the mode
// left are deleted with preserve on, so no one loses anything.
func (h *rHarness) switchMode(t *rapid.T) {
	if rapid.IntRange(0, 3).Draw(t, "switch now") > 0 {
		t.Skip("rare: a switch deletes every template")
	}
	mode := assignment.GroupMode
	if h.m.groupMode {
		mode = assignment.OrgMode
	}
	before := h.org.Version()
	h.do(t, assignment.SwitchMode{Mode: mode}, expect{noCalling: true})
	if h.org.Version() != before {
		h.m.groupMode, h.m.calling = !h.m.groupMode, map[string]string{}
	}
}

// deleteTemplate deletes a live template, or removes Webex Calling from
// it: with preserve on no one changes; with preserve off removing Webex
// Calling from anyone needs Ack (ASG-5, CAL-9).
func (h *rHarness) deleteTemplate(t *rapid.T) {
	var live []assignment.TemplateInfo
	for ti := range h.org.Templates() {
		if !ti.Deleted {
			live = append(live, ti)
		}
	}
	if len(live) == 0 {
		t.Skip("no template")
	}
	ti := rapid.SampledFrom(live).Draw(t, "template")
	off, ack := rapid.Bool().Draw(t, "preserve off"), rapid.Bool().Draw(t, "ack")
	var a assignment.Action = assignment.DeleteTemplate{Template: ti.Name, PreserveOff: off, Ack: ack}
	_, granted := h.m.calling[ti.Group]
	remove := granted && rapid.Bool().Draw(t, "remove the service only")
	if remove {
		a = assignment.RemoveService{Template: ti.Name, Kind: license.CallingProfessional, Scope: assignment.Existing, PreserveOff: off, Ack: ack}
	}
	e := expect{destroy: off && ack, mayRefuse: off && !ack}
	if !off { // a service removal re-applies the members' templates (ASG-4, ASG-6)
		e.noCalling = !remove || !h.callingElsewhere(ti.Group)
	}
	before := h.org.Version()
	h.do(t, a, e)
	if h.org.Version() != before {
		delete(h.m.calling, ti.Group)
	}
}

// callingElsewhere reports whether a member of group g is in another
// group whose template grants Webex Calling: a template event for g's
// members with existing scope applies the union of their templates, so
// it tries to place a member who lacks Webex Calling (CAL-5).
func (h *rHarness) callingElsewhere(g string) bool {
	if !h.m.groupMode {
		return false
	}
	for _, u := range h.m.users {
		for other := range u.groups {
			if _, ok := h.m.calling[other]; ok && u.groups[g] && other != g {
				return true
			}
		}
	}
	return false
}
