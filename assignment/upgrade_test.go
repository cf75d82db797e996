package assignment_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// upgradeCatalog is the default catalog plus a family {Pro, Basic} with
// Pro preferred (as ASG-16's agents), a kind Addon that requires Basic,
// and a kind Extra that Basic implies.
func upgradeCatalog(t *testing.T) (cat *license.Catalog, pro, basic, addon, extra license.Kind) {
	t.Helper()
	b := license.DefaultBuilder()
	paid := func(name, code string) license.Kind {
		return b.AddKind(license.Info{Name: name, Code: code, Category: license.Meetings, Paid: true, ConsumesUnit: true})
	}
	basic, pro, addon = paid("Webinar Basic", "WBB"), paid("Webinar Pro", "WBP"), paid("Webinar Addon", "WBA")
	extra = b.AddKind(license.Info{Name: "Webinar Extra", Code: "WBX", Category: license.Meetings})
	b.Exclude(license.CodeExclusiveFamily, pro, basic, pro)
	b.Require(addon, basic, license.CodeExclusiveFamily)
	b.Imply(basic, extra)
	cat, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return cat, pro, basic, addon, extra
}

// upgradeOrg has one user in group "g1" holding Basic (and what the
// caller adds), a subscription with units of every paid webinar kind, and
// a group "g2" whose template grants Pro.
func upgradeOrg(t *testing.T, cat *license.Catalog, held ...license.Kind) *assignment.Org {
	t.Helper()
	o := assignment.New("x", cat)
	units := map[license.Kind]int{}
	for k := range cat.Matching(func(i license.Info) bool { return i.ConsumesUnit }).All() {
		units[k] = 5
	}
	mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "s", Created: day0, Units: units}})
	mustDo(t, o, assignment.SwitchMode{Mode: assignment.GroupMode})
	mustDo(t, o, assignment.AddGroup{Name: "g1"})
	mustDo(t, o, assignment.AddGroup{Name: "g2"})
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "u@x.com", Groups: []string{"g1"}, Explicit: true, Licenses: held}}})
	return o
}

// ASG-16, INV-1: an upgrade never removes a kind another kept license
// requires: the preferred kind is then refused as Exclusive, on a join
// and on a save with scope existing alike.
func TestUpgradeKeepsRequirements(t *testing.T) {
	cat, pro, basic, addon, _ := upgradeCatalog(t)
	for _, how := range []string{"join", "save"} {
		t.Run(how, func(t *testing.T) {
			o := upgradeOrg(t, cat, license.BasicMessaging, basic, addon)
			var p *assignment.Plan
			if how == "join" {
				mustDo(t, o, assignment.SaveTemplate{Group: "g2", Licenses: entries(pro)})
				p = mustDo(t, o, assignment.JoinGroup{User: "u@x.com", Group: "g2"})
			} else {
				p = mustDo(t, o, assignment.SaveTemplate{Group: "g1", Licenses: entries(pro), Scope: assignment.Existing})
			}
			want := []assignment.Shortfall{{User: 0, Kind: pro, Reason: assignment.Exclusive, Other: basic}}
			if d := cmp.Diff(want, p.Shortfalls); d != "" {
				t.Errorf("shortfalls (-want +got):\n%s\n%v", d, p.Lines())
			}
			if got := held(t, o, "u@x.com"); got != "{Basic Messaging, Basic Space Meetings, Webinar Basic, Webinar Addon, Webinar Extra}" {
				t.Errorf("holds %s", got)
			}
			if err := o.CheckInvariants(); err != nil {
				t.Error(err)
			}
		})
	}
}

// ASG-16, LIC-5, INV-1: an upgrade removes the replaced kind together with
// the implied kinds only it implied, each with its own change.
func TestUpgradeDropsImplied(t *testing.T) {
	cat, pro, basic, _, _ := upgradeCatalog(t)
	o := upgradeOrg(t, cat, license.BasicMessaging, basic)
	mustDo(t, o, assignment.SaveTemplate{Group: "g2", Licenses: entries(pro)})
	p := mustDo(t, o, assignment.JoinGroup{User: "u@x.com", Group: "g2"})
	var ops []string
	for _, c := range p.Changes {
		ops = append(ops, c.Op.String()+" "+cat.Name(c.Kind)+" "+c.Reason.String())
	}
	want := []string{
		"grant Webinar Pro ASG-2 joined group",
		"remove Webinar Basic ASG-10/ASG-16 upgrade",
		"remove Webinar Extra ASG-10/ASG-16 upgrade",
	}
	if d := cmp.Diff(want, ops); d != "" {
		t.Errorf("changes (-want +got):\n%s", d)
	}
	if got := held(t, o, "u@x.com"); got != "{Basic Messaging, Basic Space Meetings, Webinar Pro}" {
		t.Errorf("holds %s", got)
	}
	if err := o.CheckInvariants(); err != nil {
		t.Error(err)
	}
}

// LIC-8, ASG-16: a unit an upgrade gives back on the older subscription
// goes to the next user granted that kind, though the users before took
// theirs from the newer one.
func TestGrantAfterUpgradeFreesOlderUnit(t *testing.T) {
	cat, pro, basic, _, _ := upgradeCatalog(t)
	o := assignment.New("x", cat)
	mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "old", Created: day0, Units: map[license.Kind]int{basic: 1, pro: 5}}})
	mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "new", Created: day0.AddDate(0, 0, 1), Units: map[license.Kind]int{basic: 5, pro: 5}}})
	mustDo(t, o, assignment.SwitchMode{Mode: assignment.GroupMode})
	mustDo(t, o, assignment.AddGroup{Name: "g1"})
	mustDo(t, o, assignment.AddGroup{Name: "g2"})
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{ // u takes old's only Basic
		{Email: "a@x.com", Groups: []string{"g2"}},
		{Email: "u@x.com", Groups: []string{"g1", "g2"}, Explicit: true, Licenses: []license.Kind{basic}},
		{Email: "c@x.com", Groups: []string{"g2"}},
	}})
	mustDo(t, o, assignment.SaveTemplate{Group: "g1", Licenses: []assignment.Entry{{Kind: pro}}, Scope: assignment.Future})
	p := mustDo(t, o, assignment.SaveTemplate{Group: "g2", Licenses: []assignment.Entry{{Kind: basic}}, Scope: assignment.Existing})
	var got []string
	for _, c := range p.Changes {
		if c.Kind == basic || c.Kind == pro {
			got = append(got, p.Describe(c))
		}
	}
	want := []string{
		`a@x.com: grant Webinar Basic from "new" (ASG-3 template applied; template "g2")`,
		`u@x.com: grant Webinar Pro from "old" (ASG-3 template applied; template "g1")`,
		`u@x.com: remove Webinar Basic (unit back to "old") (ASG-10/ASG-16 upgrade; template "g2")`,
		`c@x.com: grant Webinar Basic from "old" (ASG-3 template applied; template "g2")`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("changes (-want +got):\n%s", d)
	}
}
