package assignment_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// readbackOrg builds an org in group mode: groups sales, eng (nested in
// sales) and a distribution group; a template "Sales" on sales naming a
// subscription; a template "eng" on eng, deleted and replaced by "eng v2";
// users ann (sales), bob (eng and sales) and cy (none, pending).
func readbackOrg(t *testing.T) *assignment.Org {
	t.Helper()
	o := newOrg(t)
	for _, a := range []assignment.Action{
		assignment.SwitchMode{Mode: assignment.GroupMode},
		assignment.AddGroup{Name: "sales"},
		assignment.AddGroup{Name: "eng", Parent: "sales"},
		assignment.AddGroup{Name: "all-staff", Distribution: true},
		assignment.SaveTemplate{Name: "Sales", Group: "sales", Licenses: []assignment.Entry{
			{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging, Subscription: "new"}}},
		assignment.SaveTemplate{Group: "eng", Licenses: entries(license.BasicMessaging)},
		assignment.DeleteTemplate{Template: "eng"},
		assignment.SaveTemplate{Name: "eng v2", Group: "eng", Licenses: entries(license.BasicMeetings)},
		assignment.AddUsers{Users: []assignment.NewUser{
			{Email: "ann@x.com", Groups: []string{"sales"}},
			{Email: "bob@x.com", Groups: []string{"eng", "sales"}},
			{Email: "cy@x.com", Status: assignment.Inactive},
		}},
	} {
		mustDo(t, o, a)
	}
	return o
}

var (
	salesInfo = assignment.TemplateInfo{Name: "Sales", Mode: assignment.GroupMode, Group: "sales",
		Entries:  []assignment.Entry{{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging, Subscription: "new"}},
		Licenses: license.SetOf(license.BasicMessaging, license.AdvancedMessaging, license.BasicSpaceMeetings)}
	engInfo = assignment.TemplateInfo{Name: "eng", Mode: assignment.GroupMode, Group: "eng",
		Entries:  entries(license.BasicMessaging),
		Licenses: license.SetOf(license.BasicMessaging, license.BasicSpaceMeetings), Deleted: true}
	engV2Info = assignment.TemplateInfo{Name: "eng v2", Mode: assignment.GroupMode, Group: "eng",
		Entries: entries(license.BasicMeetings), Licenses: license.SetOf(license.BasicMeetings)}
)

func TestTemplatesReadBack(t *testing.T) {
	o := readbackOrg(t)
	if d := cmp.Diff([]assignment.TemplateInfo{salesInfo, engV2Info}, slices.Collect(o.Templates()), allFields); d != "" {
		t.Errorf("Templates (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]assignment.TemplateInfo{salesInfo, engInfo, engV2Info}, slices.Collect(o.AllTemplates()), allFields); d != "" {
		t.Errorf("AllTemplates (-want +got):\n%s", d)
	}
	for _, tt := range []struct {
		name string
		want assignment.TemplateInfo
		ok   bool
	}{
		{"Sales", salesInfo, true},
		{"eng v2", engV2Info, true},
		{"eng", assignment.TemplateInfo{}, false}, // deleted
		{"sales", assignment.TemplateInfo{}, false},
		{"Sales\u200b", assignment.TemplateInfo{}, false},
		{"", assignment.TemplateInfo{}, false},
	} {
		got, ok := o.Template(tt.name)
		if ok != tt.ok {
			t.Errorf("Template(%q) found %v, want %v", tt.name, ok, tt.ok)
		}
		if d := cmp.Diff(tt.want, got, allFields); d != "" {
			t.Errorf("Template(%q) (-want +got):\n%s", tt.name, d)
		}
	}
}

func TestOrgTemplateReadBack(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.SaveTemplate{Licenses: []assignment.Entry{
		{Kind: license.BasicMessaging}, {Kind: license.AdvancedSpaceMeetings, Subscription: "old"}, {Kind: license.CallOnWebex}}})
	want := assignment.TemplateInfo{Name: "org", Mode: assignment.OrgMode,
		Entries:  []assignment.Entry{{Kind: license.BasicMessaging}, {Kind: license.AdvancedSpaceMeetings, Subscription: "old"}, {Kind: license.CallOnWebex}},
		Licenses: license.SetOf(license.BasicMessaging, license.BasicSpaceMeetings, license.AdvancedSpaceMeetings, license.CallOnWebex)}
	got, ok := o.Template("org")
	if d := cmp.Diff(want, got, allFields); !ok || d != "" {
		t.Errorf("Template(org) found %v (-want +got):\n%s", ok, d)
	}
}

// TestTemplateEntriesRecreate checks that a template's Entries, saved
// again, give the same template (LIC-5: implied kinds follow; LIC-8: the
// named subscriptions stay).
func TestTemplateEntriesRecreate(t *testing.T) { // LIC-8
	o := readbackOrg(t)
	for info := range o.Templates() {
		c := o.Clone()
		mustDo(t, c, assignment.SaveTemplate{Name: info.Name, Group: info.Group, Licenses: info.Entries})
		got, ok := c.Template(info.Name)
		if d := cmp.Diff(info, got, allFields); !ok || d != "" {
			t.Errorf("%s saved again (-want +got):\n%s", info.Name, d)
		}
	}
}

func TestGroupsReadBack(t *testing.T) {
	o := readbackOrg(t)
	sales := assignment.GroupInfo{Name: "sales", Template: "Sales", Members: []string{"ann@x.com", "bob@x.com"}}
	eng := assignment.GroupInfo{Name: "eng", Parent: "sales", Template: "eng v2", Members: []string{"bob@x.com"}}
	staff := assignment.GroupInfo{Name: "all-staff", Distribution: true, Members: []string{}}
	if d := cmp.Diff([]assignment.GroupInfo{sales, eng, staff}, slices.Collect(o.Groups())); d != "" {
		t.Errorf("Groups (-want +got):\n%s", d)
	}
	for _, tt := range []struct {
		name string
		want assignment.GroupInfo
		ok   bool
	}{
		{"eng", eng, true},
		{"all-staff", staff, true},
		{"Eng", assignment.GroupInfo{}, false},
		{"=cmd|' /C calc'!A0", assignment.GroupInfo{}, false},
	} {
		got, ok := o.Group(tt.name)
		if d := cmp.Diff(tt.want, got); ok != tt.ok || d != "" {
			t.Errorf("Group(%q) found %v (-want +got):\n%s", tt.name, ok, d)
		}
	}
	// ASG-1: switching to org mode deletes every group template
	mustDo(t, o, assignment.SwitchMode{Mode: assignment.OrgMode})
	if g, _ := o.Group("sales"); g.Template != "" {
		t.Errorf("after the switch to org mode, sales has template %q", g.Template)
	}
}

func TestSubscriptionsReadBack(t *testing.T) { // LIC-8
	o := readbackOrg(t)
	// ann and bob hold Advanced Messaging from "new" (the Sales template names it)
	old := assignment.SubscriptionInfo{ID: "old", Created: day0, Active: true, Units: []assignment.UnitCount{
		{Kind: license.AdvancedMessaging, Total: 2, Free: 2},
		{Kind: license.AdvancedSpaceMeetings, Total: 2, Free: 2}}}
	nw := assignment.SubscriptionInfo{ID: "new", Created: day0.AddDate(1, 0, 0), Active: true, Units: []assignment.UnitCount{
		{Kind: license.AdvancedMessaging, Total: 2, Consumed: 2}}}
	if d := cmp.Diff([]assignment.SubscriptionInfo{old, nw}, slices.Collect(o.Subscriptions())); d != "" {
		t.Errorf("Subscriptions (-want +got):\n%s", d)
	}
	got, ok := o.Subscription("new")
	if d := cmp.Diff(nw, got); !ok || d != "" {
		t.Errorf("Subscription(new) found %v (-want +got):\n%s", ok, d)
	}
	if got, ok := o.Subscription("NEW"); ok {
		t.Errorf("Subscription(NEW) = %+v, want none", got)
	}
}

func TestUsersReadBack(t *testing.T) {
	o := readbackOrg(t)
	var emails []string
	for u := range o.Users() {
		want, _ := o.User(u.ID)
		if d := cmp.Diff(want, u, allFields); d != "" {
			t.Errorf("Users yields for %d (-User +Users):\n%s", u.ID, d)
		}
		emails = append(emails, u.Email)
	}
	if d := cmp.Diff([]string{"ann@x.com", "bob@x.com", "cy@x.com"}, emails); d != "" {
		t.Errorf("Users order (-want +got):\n%s", d)
	}
	for _, tt := range []struct {
		email string
		id    assignment.UserID
		ok    bool
	}{
		{"bob@x.com", 1, true},
		{"  BOB@X.com ", 1, true},
		{"bob@x.com\u200b", 0, false},
		{"", 0, false},
	} {
		got, ok := o.UserByEmail(tt.email)
		if ok != tt.ok || got.ID != tt.id || ok && got.Email != "bob@x.com" {
			t.Errorf("UserByEmail(%q) = %d %q %v, want %d %v", tt.email, got.ID, got.Email, ok, tt.id, tt.ok)
		}
	}
}

// TestEmailsAreTheUsers checks that Emails yields the users Users yields,
// deleted users left out, and stops when the loop breaks.
func TestEmailsAreTheUsers(t *testing.T) {
	o := readbackOrg(t)
	mustDo(t, o, assignment.DeleteUser{User: "bob@x.com"})
	type entry struct {
		ID    assignment.UserID
		Email string
	}
	var want, got []entry
	for u := range o.Users() {
		want = append(want, entry{u.ID, u.Email})
	}
	for id, email := range o.Emails() {
		got = append(got, entry{id, email})
	}
	if d := cmp.Diff([]entry{{0, "ann@x.com"}, {2, "cy@x.com"}}, want); d != "" {
		t.Fatalf("Users (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Emails (-Users +Emails):\n%s", d)
	}
	n := 0
	for range o.Emails() {
		n++
		break
	}
	if n != 1 {
		t.Errorf("Emails yielded %d after a break, want 1", n)
	}
}

// TestReadBackEarlyBreak checks that every iterator stops when the loop
// breaks, and yields in dense ID order.
func TestReadBackEarlyBreak(t *testing.T) {
	o := readbackOrg(t)
	first := func(name string, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s: first is %q, want %q", name, got, want)
		}
	}
	for u := range o.Users() {
		first("Users", u.Email, "ann@x.com")
		break
	}
	for g := range o.Groups() {
		first("Groups", g.Name, "sales")
		break
	}
	for tm := range o.Templates() {
		first("Templates", tm.Name, "Sales")
		break
	}
	n := 0
	for tm := range o.AllTemplates() {
		if n++; n == 2 {
			first("AllTemplates", tm.Name, "eng")
			break
		}
	}
	for s := range o.Subscriptions() {
		first("Subscriptions", s.ID, "old")
		break
	}
}

// TestSnapshotsDoNotAlias changes every slice of every snapshot and reads
// again: the org is unchanged.
func TestSnapshotsDoNotAlias(t *testing.T) {
	o := readbackOrg(t)
	before := o.Clone()
	for tm := range o.AllTemplates() {
		tm.Entries[0] = assignment.Entry{Kind: license.UnifiedCM, Subscription: "x"}
	}
	for g := range o.Groups() {
		if len(g.Members) > 0 {
			g.Members[0] = "mallory@x.com"
		}
	}
	for s := range o.Subscriptions() {
		s.Units[0].Total = 99
	}
	for u := range o.Users() {
		if len(u.Groups) > 0 {
			u.Groups[0] = "root"
		}
		for i := range u.Holdings {
			u.Holdings[i].Sources = append(u.Holdings[i].Sources[:0], assignment.Source{Kind: assignment.FromManual})
		}
	}
	if d := cmp.Diff(before, o, allFields); d != "" {
		t.Fatalf("changing snapshots changed the org (-before +after):\n%s", d)
	}
	if d := cmp.Diff([]assignment.TemplateInfo{salesInfo, engInfo, engV2Info}, slices.Collect(o.AllTemplates()), allFields); d != "" {
		t.Errorf("AllTemplates read again (-want +got):\n%s", d)
	}
	if g, _ := o.Group("sales"); g.Members[0] != "ann@x.com" {
		t.Errorf("sales read again: %v", g.Members)
	}
	if s, _ := o.Subscription("old"); s.Units[0].Total != 2 {
		t.Errorf("old read again: %+v", s.Units)
	}
	if u, _ := o.UserByEmail("bob@x.com"); u.Groups[0] != "eng" || u.Holdings[0].Sources[0].Kind != assignment.FromTemplate {
		t.Errorf("bob read again: %v %v", u.Groups, u.Holdings)
	}
}

// TestSnapshotsAreSnapshots checks that a later change of the org does not
// show in a snapshot taken before.
func TestSnapshotsAreSnapshots(t *testing.T) {
	o := readbackOrg(t)
	g, _ := o.Group("sales")
	tm, _ := o.Template("Sales")
	mustDo(t, o, assignment.LeaveGroup{User: "ann@x.com", Group: "sales"})
	mustDo(t, o, assignment.SaveTemplate{Name: "Sales", Group: "sales", Licenses: entries(license.BasicMeetings)})
	if d := cmp.Diff([]string{"ann@x.com", "bob@x.com"}, g.Members); d != "" {
		t.Errorf("old snapshot of sales changed (-want +got):\n%s", d)
	}
	if d := cmp.Diff(salesInfo, tm, allFields); d != "" {
		t.Errorf("old snapshot of Sales changed (-want +got):\n%s", d)
	}
	if now, _ := o.Group("sales"); len(now.Members) != 1 {
		t.Errorf("sales now has %v", now.Members)
	}
}

func TestReadBackEmptyOrg(t *testing.T) {
	o := assignment.New("empty", license.MustDefault())
	n := 0
	for range o.Users() {
		n++
	}
	for range o.Groups() {
		n++
	}
	for range o.AllTemplates() {
		n++
	}
	for range o.Subscriptions() {
		n++
	}
	if n != 0 {
		t.Errorf("an empty org yields %d values", n)
	}
	if _, ok := o.Template("org"); ok {
		t.Error("an empty org has an org template")
	}
	if _, ok := o.UserByEmail("a@b.c"); ok {
		t.Error("an empty org has a user")
	}
}

// Governing names the live templates that govern a user, in the order
// the engine applies them (ASG-7): a group template governs its group's
// direct members, whatever the order of a user's groups; in org mode the
// org template governs every live user; a deleted user has none.
func TestGoverning(t *testing.T) {
	o := readbackOrg(t)
	name := func(ids []assignment.TemplateID) []string {
		var out []string
		for _, id := range ids {
			info, _ := o.TemplateByID(id)
			out = append(out, info.Name)
		}
		return out
	}
	for _, tt := range []struct {
		email string
		want  []string
	}{
		{"ann@x.com", []string{"Sales"}},
		{"bob@x.com", []string{"eng v2", "Sales"}}, // bob's groups in the order given
		{"cy@x.com", nil},
	} {
		id, _ := o.LookupUser(tt.email)
		if d := cmp.Diff(tt.want, name(o.Governing(id))); d != "" {
			t.Errorf("%s: governing (-want +got):\n%s", tt.email, d)
		}
	}
	if got := o.Governing(99); got != nil {
		t.Errorf("an unknown user is governed by %v", got)
	}
	org := newOrg(t, "a@x.com", "b@x.com")
	mustDo(t, org, assignment.SaveTemplate{Name: "Everyone", Licenses: entries(license.BasicMessaging)})
	mustDo(t, org, assignment.DeleteUser{User: "b@x.com"})
	if got := org.Governing(0); len(got) != 1 {
		t.Errorf("org mode: a@x.com is governed by %v, want the org template", got)
	}
	if got := org.Governing(1); got != nil {
		t.Errorf("a deleted user is governed by %v", got)
	}
}

// Placement, without a placer: the placement given at creation, while the
// user holds Webex Calling (CAL-1); none once they do not, none for a user
// who never held it, or for an unknown user.
func TestPlacementWithoutPlacer(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "calling", Created: day0,
		Units: map[license.Kind]int{license.CallingProfessional: 5}}})
	hq := assignment.Placement{Location: "HQ", Extension: "100"}
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "a@x.com", Explicit: true, Licenses: []license.Kind{license.CallingProfessional}, Placement: hq},
		{Email: "b@x.com"},
	}})
	if pl, ok := o.Placement(0); !ok || pl != hq {
		t.Errorf("a: %+v, %v; want %+v", pl, ok, hq)
	}
	for _, id := range []assignment.UserID{1, 2} {
		if pl, ok := o.Placement(id); ok || pl != (assignment.Placement{}) {
			t.Errorf("user %d: %+v, %v; want none", id, pl, ok)
		}
	}
	mustDo(t, o, assignment.UpdateLicenses{User: "a@x.com", Licenses: []license.Kind{license.BasicMessaging}, Ack: true})
	if pl, ok := o.Placement(0); ok {
		t.Errorf("a without Webex Calling is placed at %+v", pl)
	}
	if info, _ := o.User(0); info.Placement != hq {
		t.Errorf("UserInfo.Placement %+v, want the creation placement %+v", info.Placement, hq)
	}
}
