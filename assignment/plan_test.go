package assignment_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

func sources(t *testing.T, o *assignment.Org, email string, k license.Kind) []string {
	t.Helper()
	id, ok := o.LookupUser(email)
	if !ok {
		t.Fatalf("no user %s", email)
	}
	var out []string
	for _, s := range o.Sources(id, k) {
		out = append(out, s.String())
	}
	return out
}

// LIC-5 (decision on sources): Basic Space Meetings' sources are exactly
// {implied}, however they came, and no template or request listing them
// changes that; no plan line retains or re-sources them.
func TestImpliedSourcesOnly(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.SaveTemplate{Name: "T", Licenses: entries(license.BasicMessaging, license.BasicSpaceMeetings)})
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com"}, {Email: "b@x.com", Explicit: true,
		Licenses: []license.Kind{license.BasicMessaging, license.BasicSpaceMeetings}}}})
	p := mustDo(t, o, assignment.SaveTemplate{Name: "T", Licenses: entries(license.CallOnWebex)}) // drops Basic Messaging: retained
	for _, c := range p.Changes {
		if c.Kind == license.BasicSpaceMeetings {
			t.Errorf("LIC-5: a change on an implied license: %s", p.Describe(c))
		}
	}
	for _, e := range []string{"a@x.com", "b@x.com"} {
		if got := sources(t, o, e, license.BasicSpaceMeetings); !slices.Equal(got, []string{"implied"}) {
			t.Errorf("%s: Basic Space Meetings sources %v, want [implied]", e, got)
		}
	}
	if got := sources(t, o, "a@x.com", license.BasicMessaging); !slices.Equal(got, []string{`retained "T"`}) {
		t.Errorf("Basic Messaging sources %v", got)
	}
}

// LIC-9 (decision): licenses given at creation are manual; there is no
// separate creation source, and the grant says so.
func TestCreationIsManual(t *testing.T) {
	o := newOrg(t)
	p := mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com", Explicit: true,
		Licenses: []license.Kind{license.BasicMessaging, license.AdvancedMessaging}}}})
	for _, c := range p.Changes {
		want := assignment.FromManual
		if c.Kind == license.BasicSpaceMeetings {
			want = assignment.FromImplied
		}
		if c.Op == assignment.Grant && c.Source != want {
			t.Errorf("%s: source %v, want %v", p.Describe(c), c.Source, want)
		}
	}
	if got := sources(t, o, "a@x.com", license.AdvancedMessaging); !slices.Equal(got, []string{"manual"}) {
		t.Errorf("sources %v, want [manual]", got)
	}
}

// ASG-5 (decision): deleting a template with preserve off, a license that
// keeps another source loses the template with no retained mark (also a
// retained one); the template is retained only on a license that lost its
// last source and stays because a kept license requires it.
func TestDeletePreserveOffRetainedMarks(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.SaveTemplate{Name: "T", Licenses: entries(license.BasicMessaging)})
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com"}, {Email: "b@x.com"}}})
	mustDo(t, o, assignment.ModifyLicenses{User: "a@x.com", Ops: []assignment.LicenseOp{{Kind: license.AdvancedMessaging}}})
	mustDo(t, o, assignment.ModifyLicenses{User: "b@x.com", Ops: []assignment.LicenseOp{{Kind: license.CallOnWebex}}})
	mustDo(t, o, assignment.SaveTemplate{Name: "T", Licenses: entries(license.BasicMessaging, license.AdvancedMessaging, license.CallOnWebex),
		Scope: assignment.Existing})
	// a: Advanced Messaging {T, manual}, Call on Webex {T}; b: Call on Webex {T, manual}
	p := mustDo(t, o, assignment.DeleteTemplate{Template: "T", PreserveOff: true})
	var retained []string
	for _, c := range p.Changes {
		if c.Op == assignment.Retain {
			retained = append(retained, p.Describe(c))
		}
	}
	// a's Basic Messaging lost its only source and stays because Advanced
	// Messaging requires it: the one retained mark.
	want := []string{`a@x.com: retain Basic Messaging (LIC-9 template no longer grants it; kept as retained; template "T")`}
	if d := cmp.Diff(want, retained); d != "" {
		t.Errorf("retained marks (-want +got):\n%s\n%v", d, p.Lines())
	}
	for _, tc := range []struct {
		email string
		kind  license.Kind
		want  []string
	}{
		{"a@x.com", license.BasicMessaging, []string{`retained "T"`}},
		{"a@x.com", license.AdvancedMessaging, []string{"manual"}},
		{"a@x.com", license.CallOnWebex, nil},
		{"b@x.com", license.CallOnWebex, []string{"manual"}},
		{"b@x.com", license.BasicMessaging, nil},
	} {
		if got := sources(t, o, tc.email, tc.kind); !slices.Equal(got, tc.want) {
			t.Errorf("%s %v: sources %v, want %v", tc.email, tc.kind, got, tc.want)
		}
	}
}

// LIC-9: a preserve-off save that turns a manual license into a
// template-sourced one says so: the template becomes a source and manual
// is dropped, each as a change; one final effect per user and license.
func TestPlanShowsSourceChanges(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.SaveTemplate{Name: "T", Licenses: entries(license.BasicMessaging)})
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com"}}})
	mustDo(t, o, assignment.ModifyLicenses{User: "a@x.com", Ops: []assignment.LicenseOp{{Kind: license.AdvancedMessaging}}})
	p := mustDo(t, o, assignment.SaveTemplate{Name: "T", Licenses: entries(license.BasicMessaging, license.AdvancedMessaging),
		Scope: assignment.Existing, PreserveOff: true})
	want := []string{
		`save template "T": Basic Messaging, Advanced Messaging (was Basic Messaging)`,
		`a@x.com: add source Advanced Messaging (ASG-3 template applied; template "T")`,
		`a@x.com: drop source Advanced Messaging [manual] (LIC-9 set to the resolved grant: only current templates stay sources)`,
	}
	if d := cmp.Diff(want, p.Lines()); d != "" {
		t.Errorf("plan (-want +got):\n%s", d)
	}
	if got := sources(t, o, "a@x.com", license.AdvancedMessaging); !slices.Equal(got, []string{`template "T"`}) {
		t.Errorf("sources %v", got)
	}
}

// A plan is applied only as it was made: a caller who edits, reorders or
// truncates its Changes or Edits gets ErrEditedPlan and the org does not
// change; a plan applies once.
func TestApplyRefusesEditedPlans(t *testing.T) {
	mk := func(t *testing.T) (*assignment.Org, *assignment.Plan) {
		o := newOrg(t)
		mustDo(t, o, assignment.SaveTemplate{Name: "T", Licenses: entries(license.BasicMessaging, license.AdvancedMessaging)})
		p, err := o.Plan(assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com"}, {Email: "b@x.com"}}})
		if err != nil {
			t.Fatal(err)
		}
		return o, p
	}
	for _, tc := range []struct {
		name string
		edit func(p *assignment.Plan)
	}{
		{"truncated", func(p *assignment.Plan) { p.Changes = p.Changes[:2] }},
		{"reordered", func(p *assignment.Plan) { p.Changes[0], p.Changes[1] = p.Changes[1], p.Changes[0] }},
		{"kind edited", func(p *assignment.Plan) { p.Changes[0].Kind = license.UnifiedCM }},
		{"user edited", func(p *assignment.Plan) { p.Changes[0].User = 99 }},
		{"subscription edited", func(p *assignment.Plan) { p.Changes[1].Sub = 42 }},
		{"appended", func(p *assignment.Plan) { p.Changes = append(p.Changes, p.Changes[0]) }},
		{"nil changes", func(p *assignment.Plan) { p.Changes = nil }},
		{"edit removed", func(p *assignment.Plan) { p.Edits = p.Edits[1:] }},
		{"edit changed", func(p *assignment.Plan) { p.Edits[0].User = 7 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, p := mk(t)
			before := o.Clone()
			tc.edit(p)
			if err := o.Apply(p); !errors.Is(err, assignment.ErrEditedPlan) {
				t.Fatalf("Apply = %v, want ErrEditedPlan", err)
			}
			if d := cmp.Diff(before, o, allFields); d != "" {
				t.Fatalf("the org changed (-before +after):\n%s", d)
			}
		})
	}
	o, p := mk(t)
	if err := o.Apply(p); err != nil {
		t.Fatal(err)
	}
	if err := o.Apply(p); !errors.Is(err, assignment.ErrStalePlan) {
		t.Fatalf("second Apply = %v, want ErrStalePlan", err)
	}
}

// A plan renders without the org; a nil plan renders nothing.
func TestPlanRendersAlone(t *testing.T) {
	var nilPlan *assignment.Plan
	if nilPlan.Lines() != nil || nilPlan.Describe(assignment.Change{}) != "" || !nilPlan.Empty() {
		t.Error("a nil plan must render nothing and be empty")
	}
	o := newOrg(t)
	p, err := o.Plan(assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	before := p.Lines()
	mustDo(t, o, assignment.SaveTemplate{Name: "renamed", Licenses: entries(license.BasicMessaging)})
	if d := cmp.Diff(before, p.Lines()); d != "" {
		t.Errorf("names are resolved at plan time (-before +after):\n%s", d)
	}
}

// An unnamed save of the org template keeps its name (and so every source
// naming it).
func TestUnnamedOrgSaveKeepsName(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.SaveTemplate{Name: "Everyone", Licenses: entries(license.BasicMessaging)})
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com"}}})
	mustDo(t, o, assignment.SaveTemplate{Licenses: entries(license.BasicMessaging, license.CallOnWebex)})
	if _, ok := o.LookupTemplate("Everyone"); !ok {
		t.Fatal("the org template was renamed")
	}
	if got := sources(t, o, "a@x.com", license.BasicMessaging); !slices.Equal(got, []string{`template "Everyone"`}) {
		t.Errorf("sources %v", got)
	}
}

// A save under a new name renames the template: its plan says so first,
// with both names, then shows the licenses as an edit of the same
// template; a save under its own name renames nothing.
func TestSaveUnderNewNameShowsTheRename(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.SaveTemplate{Name: "Everyone", Licenses: entries(license.BasicMessaging)})
	p := mustDo(t, o, assignment.SaveTemplate{Name: "All staff", Licenses: entries(license.BasicMessaging, license.CallOnWebex)})
	want := []string{
		`rename template "Everyone": All staff`,
		`save template "All staff": Basic Messaging, Call on Webex (was Basic Messaging)`,
	}
	if d := cmp.Diff(want, p.Lines()[:min(2, len(p.Lines()))]); d != "" {
		t.Errorf("edits (-want +got):\n%s", d)
	}
	if _, ok := o.LookupTemplate("Everyone"); ok {
		t.Error("the old name still finds the template")
	}
	p = mustDo(t, o, assignment.SaveTemplate{Name: "All staff", Licenses: entries(license.BasicMessaging)})
	for _, e := range p.Edits {
		if e.Op == assignment.EditRenameTemplate {
			t.Errorf("a save under its own name renames: %v", e)
		}
	}
	if got := assignment.EditRenameTemplate.String(); got != "rename template" {
		t.Errorf("EditRenameTemplate prints %q", got)
	}
}

// ASG-8, LIC-12, LIC-10: changing one setting never resets another.
func TestSettingsAreIndependent(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.SetSetting{Setting: assignment.SettingSuppressEmails, On: true})
	mustDo(t, o, assignment.SetRetention{Period: 3600e9})
	mustDo(t, o, assignment.SetSetting{Setting: assignment.SettingSSO, On: true})
	want := assignment.Settings{PreserveOnGroupChange: true, SuppressEmails: true, SSO: true, Retention: 3600e9}
	if d := cmp.Diff(want, o.Settings()); d != "" {
		t.Errorf("settings (-want +got):\n%s", d)
	}
	p := mustDo(t, o, assignment.SetSetting{Setting: assignment.SettingSSO, On: true})
	if !p.Empty() {
		t.Errorf("setting a setting to its value changes nothing, got %v", p.Lines())
	}
}

// Shortfall reasons print as their names.
func TestShortfallReasonNames(t *testing.T) {
	for r, want := range map[assignment.ShortfallReason]string{
		assignment.NoUnitAvailable: "NoUnitAvailable", assignment.Exclusive: "Exclusive",
		assignment.RequirementMissing: "RequirementMissing", assignment.NoPlacement: "NoPlacement",
		assignment.AttendeeSiteAdmin: "AttendeeSiteAdmin", assignment.RefusedDowngrade: "RefusedDowngrade",
		assignment.SubscriptionKept: "SubscriptionKept", 0: "ShortfallReason(0)", 99: "ShortfallReason(99)",
	} {
		if got := r.String(); got != want {
			t.Errorf("%d: %q, want %q", r, got, want)
		}
	}
}

// A plan names its IDs without the org, and the org reads them back.
func TestPlanNamesIDs(t *testing.T) {
	o := newOrg(t)
	p := mustDo(t, o, assignment.SaveTemplate{Name: "T", Licenses: entries(license.BasicMessaging, license.AdvancedMessaging)})
	p = mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com"}}})
	var c assignment.Change
	for _, x := range p.Changes {
		if x.Kind == license.AdvancedMessaging {
			c = x
		}
	}
	if p.UserName(c.User) != "a@x.com" || p.TemplateName(c.Template) != "T" || p.SubscriptionName(c.Sub) != "old" {
		t.Errorf("names %q %q %q", p.UserName(c.User), p.TemplateName(c.Template), p.SubscriptionName(c.Sub))
	}
	id, _ := o.LookupTemplate("T")
	if info, ok := o.TemplateByID(id); !ok || info.Name != "T" || id != c.Template {
		t.Errorf("TemplateByID(%d) = %+v, %v", id, info, ok)
	}
	if _, ok := o.TemplateByID(999); ok {
		t.Error("TemplateByID of an unknown ID")
	}
	mustDo(t, o, assignment.SwitchMode{Mode: assignment.GroupMode})
	mustDo(t, o, assignment.AddGroup{Name: "g"})
	g, _ := o.LookupGroup("g")
	if info, ok := o.GroupByID(g); !ok || info.Name != "g" {
		t.Errorf("GroupByID = %+v, %v", info, ok)
	}
	if _, ok := o.GroupByID(999); ok {
		t.Error("GroupByID of an unknown ID")
	}
	var nilPlan *assignment.Plan
	if nilPlan.UserName(0) != "" || nilPlan.TemplateName(0) != "" || nilPlan.SubscriptionName(0) != "" {
		t.Error("a nil plan names nothing")
	}
}

// A deleted user loses every license (units back), leaves every group, is
// governed by no template afterwards, and frees the e-mail.
func TestDeleteUser(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.SwitchMode{Mode: assignment.OrgMode})
	mustDo(t, o, assignment.SaveTemplate{Name: "T", Licenses: entries(license.BasicMessaging, license.AdvancedMessaging)})
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com"}, {Email: "b@x.com"}}})
	p := mustDo(t, o, assignment.DeleteUser{User: "a@x.com"})
	want := []string{
		"a@x.com: delete user",
		`a@x.com: remove Basic Messaging (user deleted)`,
		`a@x.com: remove Advanced Messaging (unit back to "old") (user deleted)`,
		`a@x.com: remove Basic Space Meetings (user deleted)`,
	}
	if d := cmp.Diff(want, p.Lines()); d != "" {
		t.Errorf("plan (-want +got):\n%s", d)
	}
	if _, ok := o.LookupUser("a@x.com"); ok {
		t.Error("a deleted user is still found by e-mail")
	}
	p = mustDo(t, o, assignment.SaveTemplate{Name: "T", Licenses: entries(license.BasicMessaging, license.AdvancedMessaging), Scope: assignment.Existing, PreserveOff: true})
	for _, c := range p.Changes {
		if c.User == 0 {
			t.Errorf("a deleted user is governed: %s", p.Describe(c))
		}
	}
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com"}}})
	if id, _ := o.LookupUser("a@x.com"); id != 2 {
		t.Errorf("the e-mail's new user has ID %d, want 2", id)
	}
	if info, _ := o.User(0); !info.Deleted || !info.Licenses.IsEmpty() {
		t.Errorf("deleted user %+v", info)
	}
	n := 0
	for range o.Users() {
		n++
	}
	if n != 2 || o.NumLiveUsers() != 2 || o.NumUsers() != 3 {
		t.Errorf("Users() yields %d users, NumLiveUsers %d, NumUsers %d; want the 2 live ones of 3 IDs", n, o.NumLiveUsers(), o.NumUsers())
	}
}
