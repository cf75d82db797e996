package assignment

// The second grant pass of an application (grantAll): when a pass both
// upgraded someone (the replaced kind's unit freed) and refused someone a
// unit, the pass runs again with the upgrades' units freed up front, so
// that a user earlier in user order gets them (INV-6). An upgrade that then
// does not happen again leaves its kind with the user: the unit is taken
// back, or, if a user earlier in order took it, the pass runs once more
// without freeing that unit, as a held license always has its unit
// (ASG-19, INV-5).
//
// The default catalog cannot get there: an upgrade fails to happen again
// only if a user earlier in order keeps the preferred kind's unit in the
// second pass though not in the first, and a grant that took a unit gives
// it back only for a missing requirement (ASG-19), which no preferred kind
// of the default catalog (Contact Center Premium Agent, a host) has. So
// the tests add a preferred family {Webinar Pro, Webinar Basic} whose
// preferred kind requires Contact Center Standard Agent, the kind the
// Contact Center upgrade frees.
//
// The scenario, users in order (one subscription s0 with just enough
// units of Webinar Pro and Basic, Contact Center Standard and Premium
// Agent, and, in one case, Recording Basic and Pro), each in group g
// (whose save, scope existing, is the event) and in groups of their own:
//
//   - a (ga: Webinar Pro, Standard Agent) holds nothing;
//   - c (gc: Premium Agent, Standard Agent) holds Standard Agent;
//   - d (gd: Webinar Basic) holds nothing — only in some cases;
//   - e (gb) holds Webinar Basic and Standard Agent — only in one case;
//   - b (gb: Webinar Pro, Standard Agent, Webinar Basic; in that case also
//     gr: Recording Pro) holds Webinar Basic and Standard Agent (and then
//     Recording Basic).
//
// First pass: a is refused Standard Agent (every unit is held), so the
// Webinar Pro it took goes back (RequirementMissing) and b takes it; c
// upgrades to Premium, b to Webinar Pro (d, if there, is refused Webinar
// Basic). Second pass, the replaced kinds' units freed first: a gets c's
// Standard Agent and so keeps Webinar Pro; c upgrades again (and e, and
// b's Recording Pro); b is refused Webinar Pro, so its upgrade of Webinar
// Basic does not happen again.

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxlicense/wxlicense/license"
)

// spCatalog is the default catalog plus the family {Webinar Pro, Webinar
// Basic}, Pro preferred and requiring Contact Center Standard Agent, and
// the family {Recording Pro, Recording Basic}, Pro preferred.
func spCatalog(t *testing.T) (cat *license.Catalog, basic, pro, recBasic, recPro license.Kind) {
	t.Helper()
	b := license.DefaultBuilder()
	paid := func(name, code string) license.Kind {
		return b.AddKind(license.Info{Name: name, Code: code, Category: license.Meetings, Paid: true, ConsumesUnit: true})
	}
	basic, pro = paid("Webinar Basic", "WBB"), paid("Webinar Pro", "WBP")
	recBasic, recPro = paid("Recording Basic", "RCB"), paid("Recording Pro", "RCP")
	b.Exclude(license.CodeExclusiveFamily, pro, basic, pro)
	b.Exclude(license.CodeExclusiveFamily, recPro, recBasic, recPro)
	b.Require(pro, license.ContactCenterStandard, license.CodeAdvancedMessagingNeedsBasic) // any code: no test reads it
	cat, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return cat, basic, pro, recBasic, recPro
}

// spCase varies the scenario: preserve off for the event; d present;
// again: user e (after d, before b; gb) holding Webinar Basic and Standard
// Agent, and b holding Recording Basic too, granted Recording Pro (gr) —
// upgrades that happen again in the second pass, one of another user of
// the same kind, one of b of another kind; g's licenses before and after
// the event; the Webinar Basic units.
type spCase struct {
	off, withD, again bool
	before, after     []license.Kind
	basicUnits        int
}

// spSetup builds the scenario through the harness (engine and model agree
// at every step) and returns it with the event, not yet applied.
func spSetup(t *testing.T, c spCase) (*harness, SaveTemplate) {
	t.Helper()
	cat, basic, pro, recBasic, recPro := spCatalog(t)
	std, prem := license.ContactCenterStandard, license.ContactCenterPremium
	h := newHarness(cat)
	users := []NewUser{
		{Email: "a@x.com", Groups: []string{"g", "ga"}, Explicit: true},
		{Email: "c@x.com", Groups: []string{"g", "gc"}, Explicit: true, Licenses: []license.Kind{std}},
	}
	if c.withD {
		users = append(users, NewUser{Email: "d@x.com", Groups: []string{"g", "gd"}, Explicit: true})
	}
	units := map[license.Kind]int{basic: c.basicUnits, pro: 1, std: 2, prem: 1}
	bUser := NewUser{Email: "b@x.com", Groups: []string{"g", "gb"}, Explicit: true, Licenses: []license.Kind{basic, std}}
	if c.again {
		users = append(users, NewUser{Email: "e@x.com", Groups: []string{"g", "gb"}, Explicit: true, Licenses: []license.Kind{basic, std}})
		bUser.Groups = append(bUser.Groups, "gr")
		bUser.Licenses = append(bUser.Licenses, recBasic)
		units[pro], units[std], units[recBasic], units[recPro] = 2, 3, 1, 1
	}
	users = append(users, bUser)
	for _, a := range []Action{
		sub("s0", 0, units),
		SwitchMode{Mode: GroupMode},
		AddGroup{Name: "g"}, AddGroup{Name: "ga"}, AddGroup{Name: "gb"}, AddGroup{Name: "gc"}, AddGroup{Name: "gd"}, AddGroup{Name: "gr"},
		SaveTemplate{Group: "g", Licenses: kinds(c.before...)},
		SaveTemplate{Group: "ga", Licenses: kinds(pro, std)},
		SaveTemplate{Group: "gb", Licenses: kinds(pro, std, basic)},
		SaveTemplate{Group: "gc", Licenses: kinds(prem, std)},
		SaveTemplate{Group: "gd", Licenses: kinds(basic)},
		SaveTemplate{Group: "gr", Licenses: kinds(recPro)},
		AddUsers{Users: users},
	} {
		if _, err := h.org.Plan(a); err != nil {
			t.Fatalf("%s: %v", describe(a), err)
		}
		h.step(t, a)
	}
	return h, SaveTemplate{Group: "g", Licenses: kinds(c.after...), Scope: Existing, PreserveOff: c.off}
}

// spPlan plans the event, without applying it, and logs the plan.
func spPlan(t *testing.T, h *harness, ev SaveTemplate) *Plan {
	t.Helper()
	p, err := h.org.Plan(ev)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range p.Lines() {
		t.Logf("  %s", l)
	}
	return p
}

// spChange is a change of the scenario's event in the model's terms: the
// subscription is always s0, the template of an upgrade g's.
func spChange(user, kind string, op Op, tmpl string) mChange {
	c := mChange{User: user, Kind: kind, Op: op.String(), Template: tmpl, Sub: "s0"}
	switch op {
	case Grant:
		c.Reason, c.Source = BecauseTemplate.String(), "template"
	case Remove:
		c.Reason = BecauseUpgrade.String()
	case DropSource: // set to exactly the resolved grant (LIC-9)
		c.Reason, c.Source, c.Sub = BecauseExactGrant.String(), "manual", ""
	}
	return c
}

// spHolds is a holding of the scenario on s0.
func spHolds(sources ...string) snapHolding { return snapHolding{Sub: "s0", Sources: sources} }

// ASG-16, ASG-19, INV-5, INV-6 (and INV-1 to INV-3, through the harness):
// an upgrade that does not happen again in the second grant pass leaves
// the replaced kind with the user, its unit taken back on its
// subscription, and the plan has no Remove for it — one final effect per
// user and license: none; when a user earlier in order (d) took that unit,
// the pass runs once more without freeing it, and d is refused it. The
// units the other upgrades freed went to the user earlier in order who
// was refused them (a: Standard Agent, and with it the Webinar Pro whose
// requirement it is), the upgrades that happen again keep their Remove
// (c's, and, in one case, e's of the same kind and b's of another kind),
// and b's Webinar Pro is a NoUnitAvailable shortfall. The engine agrees
// with the reference model, and the same save again changes nothing and
// reports the same shortfalls.
func TestUpgradeSecondPassKindStays(t *testing.T) {
	const a, b, c, d, e = "a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com"
	const std, prem, basic, pro = "Contact Center Standard Agent", "Contact Center Premium Agent", "Webinar Basic", "Webinar Pro"
	usage := func(stdN, basicN, proN, recN int) []snapUsage {
		out := []snapUsage{
			{Sub: "s0", Kind: std, Total: stdN, Used: stdN},
			{Sub: "s0", Kind: prem, Total: 1, Used: 1},
			{Sub: "s0", Kind: basic, Total: basicN, Used: 1}, // b's
			{Sub: "s0", Kind: pro, Total: proN, Used: proN},
		}
		if recN > 0 {
			out = append(out, snapUsage{Sub: "s0", Kind: "Recording Basic", Total: recN}, snapUsage{Sub: "s0", Kind: "Recording Pro", Total: recN, Used: recN})
		}
		return out
	}
	aHeld := snapUser{Email: a, Groups: []string{"g", "ga"}, Held: map[string]snapHolding{
		std: spHolds(`template "ga"`), pro: spHolds(`template "ga"`)}}
	cHeld := snapUser{Email: c, Groups: []string{"g", "gc"}, Held: map[string]snapHolding{prem: spHolds(`template "gc"`)}}
	for _, tc := range []struct {
		name    string
		c       spCase
		changes []mChange
		shorts  []mShort // b's Webinar Pro, where nil
		users   []snapUser
		usage   []snapUsage
	}{
		{
			name: "preserve on",
			c:    spCase{basicUnits: 1},
			changes: []mChange{
				spChange(c, std, Remove, "g"),
				spChange(a, std, Grant, "ga"),
				spChange(a, pro, Grant, "ga"),
				spChange(c, prem, Grant, "gc"),
			},
			users: []snapUser{aHeld, cHeld, {Email: b, Groups: []string{"g", "gb"}, Held: map[string]snapHolding{
				std:   spHolds("manual", `template "gb"`),
				basic: spHolds("manual", `template "gb"`),
			}}},
			usage: usage(2, 1, 1, 0),
		},
		{
			name: "preserve off",
			c:    spCase{off: true, basicUnits: 1},
			changes: []mChange{
				spChange(b, std, DropSource, ""),
				spChange(c, std, Remove, "g"),
				spChange(a, std, Grant, "ga"),
				spChange(a, pro, Grant, "ga"),
				spChange(c, prem, Grant, "gc"),
				spChange(b, basic, DropSource, ""),
			},
			users: []snapUser{aHeld, cHeld, {Email: b, Groups: []string{"g", "gb"}, Held: map[string]snapHolding{
				std:   spHolds(`template "gb"`),
				basic: spHolds(`template "gb"`),
			}}},
			usage: usage(2, 1, 1, 0),
		},
		{
			name: "preserve on, upgrades that happen again",
			c:    spCase{again: true, basicUnits: 2},
			changes: []mChange{
				spChange(c, std, Remove, "g"),
				spChange(e, basic, Remove, "g"),
				spChange(b, "Recording Basic", Remove, "g"),
				spChange(a, std, Grant, "ga"),
				spChange(a, pro, Grant, "ga"),
				spChange(c, prem, Grant, "gc"),
				spChange(e, pro, Grant, "gb"),
				spChange(b, "Recording Pro", Grant, "gr"),
			},
			users: []snapUser{aHeld, cHeld,
				{Email: e, Groups: []string{"g", "gb"}, Held: map[string]snapHolding{
					std: spHolds("manual", `template "gb"`),
					pro: spHolds(`template "gb"`),
				}},
				{Email: b, Groups: []string{"g", "gb", "gr"}, Held: map[string]snapHolding{
					std:             spHolds("manual", `template "gb"`),
					basic:           spHolds("manual", `template "gb"`),
					"Recording Pro": spHolds(`template "gr"`),
				}},
			},
			usage: usage(3, 2, 2, 1),
		},
		{
			// d took the unit of b's Webinar Basic in the second pass: the
			// pass runs once more without freeing it, and d is refused
			name: "preserve on, the replaced kind's unit taken by a user earlier in order",
			c:    spCase{withD: true, basicUnits: 1},
			changes: []mChange{
				spChange(c, std, Remove, "g"),
				spChange(a, std, Grant, "ga"),
				spChange(a, pro, Grant, "ga"),
				spChange(c, prem, Grant, "gc"),
			},
			shorts: []mShort{{User: d, Kind: basic, Reason: NoUnitAvailable.String()}, {User: b, Kind: pro, Reason: NoUnitAvailable.String()}},
			users: []snapUser{aHeld, cHeld, {Email: d, Groups: []string{"g", "gd"}, Held: map[string]snapHolding{}},
				{Email: b, Groups: []string{"g", "gb"}, Held: map[string]snapHolding{
					std:   spHolds("manual", `template "gb"`),
					basic: spHolds("manual", `template "gb"`),
				}}},
			usage: usage(2, 1, 1, 0),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, ev := spSetup(t, tc.c)
			p := spPlan(t, h, ev)
			if d := cmp.Diff(tc.changes, planChanges(p)); d != "" {
				t.Errorf("changes (-want +got):\n%s", d)
			}
			wantShort := tc.shorts
			if wantShort == nil {
				wantShort = []mShort{{User: b, Kind: pro, Reason: NoUnitAvailable.String()}}
			}
			if d := cmp.Diff(wantShort, planShortfalls(p)); d != "" {
				t.Errorf("shortfalls (-want +got):\n%s", d)
			}

			h.step(t, ev) // the model's plan and state, INV-5 with preserve on, INV-6
			if err := h.org.CheckInvariants(); err != nil {
				t.Error(err)
			}
			s := engineSnapshot(h.org)
			if d := cmp.Diff(tc.users, s.Users); d != "" {
				t.Errorf("users (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.usage, s.Usage); d != "" {
				t.Errorf("usage (-want +got):\n%s", d)
			}

			p2, err := h.org.Plan(ev)
			if err != nil {
				t.Fatal(err)
			}
			if len(p2.Changes) > 0 {
				t.Errorf("INV-6: the same save again changes:\n%s", lines(h.org, p2))
			}
			if d := cmp.Diff(wantShort, planShortfalls(p2)); d != "" {
				t.Errorf("INV-6: shortfalls of the same save again (-want +got):\n%s", d)
			}
		})
	}
}

// LIC-9, INV-10: an upgrade that does not happen again in the second pass
// gets its source changes once, where the grant keeps the kind after all:
// the plan has what the reference model predicts, one final effect per
// user and license: one Retain where the event's template stops granting
// the kept kind, one AddSource where it starts granting it, whether the
// kind's unit is taken back or was never freed (the pass ran once more);
// and the kind's sources stay true when the user is granted it again.
func TestUpgradeSecondPassSourceChanges(t *testing.T) {
	_, basic, _, _, _ := spCatalog(t)
	for _, c := range []struct {
		name string
		c    spCase
	}{
		{"kept, template stops granting", spCase{before: []license.Kind{basic}, basicUnits: 1}},
		{"kept, template starts granting", spCase{after: []license.Kind{basic}, basicUnits: 2}},
		{"unit taken, template stops granting", spCase{withD: true, before: []license.Kind{basic}, basicUnits: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h, ev := spSetup(t, c.c)
			p := spPlan(t, h, ev)
			if err := h.mod.do(ev); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(sortedChanges(h.mod.log.changes), sortedChanges(planChanges(p))); d != "" {
				t.Errorf("changes differ from the model's (-model +engine):\n%s", d)
			}
			if err := h.org.Apply(p); err != nil {
				t.Fatal(err)
			}
			b, _ := h.org.LookupUser("b@x.com")
			if h.org.Held(b).Has(basic) {
				return
			}
			mustDoInternal(t, h.org, sub("s1", 1, map[license.Kind]int{basic: 1}))
			mustDoInternal(t, h.org, ModifyLicenses{User: "b@x.com", Ops: []LicenseOp{{Kind: basic}}})
			want := []Source{{Kind: FromTemplate, Template: "gb"}, {Kind: FromManual}}
			if d := cmp.Diff(want, h.org.Sources(b, basic)); d != "" {
				t.Errorf("sources of Webinar Basic granted again (-want +got):\n%s", d)
			}
		})
	}
}
