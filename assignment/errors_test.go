package assignment_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// Bad input gets a typed error naming the input, and the org is left
// byte-for-byte as it was (LIC-3, LIC-7).
func TestBadInputChangesNothing(t *testing.T) {
	o := newOrg(t, "a@x.com", "b@x.com")
	mustDo(t, o, assignment.SwitchMode{Mode: assignment.GroupMode})
	mustDo(t, o, assignment.AddGroup{Name: "g"})
	mustDo(t, o, assignment.AddGroup{Name: "list", Distribution: true})
	mustDo(t, o, assignment.SaveTemplate{Group: "g", Licenses: entries(license.BasicMessaging)})
	mustDo(t, o, assignment.SetTime{At: day0})
	for _, tc := range []struct {
		name   string
		action assignment.Action
		want   error
		value  string // the input the error must name
	}{
		{"unknown user", assignment.SignIn{User: "zed@x.com"}, assignment.ErrUnknownUser, "zed@x.com"},
		{"unknown group", assignment.JoinGroup{User: "a@x.com", Group: "nope"}, assignment.ErrUnknownGroup, "nope"},
		{"unknown template", assignment.DeleteTemplate{Template: "nope"}, assignment.ErrUnknownTemplate, "nope"},
		{"unknown kind", assignment.UpdateLicenses{User: "a@x.com", Licenses: []license.Kind{99}}, assignment.ErrUnknownKind, "#99"},
		{"unknown subscription", assignment.SaveTemplate{Group: "g", Licenses: []assignment.Entry{{Kind: license.AdvancedMessaging, Subscription: "nope"}}}, assignment.ErrUnknownSubscription, "nope"},
		{"duplicate e-mail", assignment.AddUsers{Users: []assignment.NewUser{{Email: "c@x.com"}, {Email: "A@x.com"}}}, assignment.ErrDuplicateEmail, "A@x.com"},
		{"duplicate in batch", assignment.AddUsers{Users: []assignment.NewUser{{Email: "c@x.com"}, {Email: "c@x.com"}}}, assignment.ErrDuplicateEmail, "c@x.com"},
		{"invalid e-mail", assignment.AddUsers{Users: []assignment.NewUser{{Email: "nobody"}}}, assignment.ErrInvalidEmail, "nobody"},
		{"org template in group mode", assignment.SaveTemplate{Licenses: entries(license.BasicMessaging)}, assignment.ErrWrongMode, ""},
		{"ASG-17 distribution group", assignment.SaveTemplate{Group: "list", Licenses: entries(license.BasicMessaging)}, assignment.ErrDistributionGroup, "list"},
		{"not a member", assignment.LeaveGroup{User: "a@x.com", Group: "g"}, assignment.ErrNotMember, "g"},
		{"duplicate group", assignment.AddGroup{Name: "g"}, assignment.ErrDuplicateName, "g"},
		{"LIC-3 template", assignment.SaveTemplate{Group: "g", Licenses: entries(license.AdvancedMessaging)}, license.CodeAdvancedMessagingNeedsBasic, "g"},
		{"LIC-3 user", assignment.ModifyLicenses{User: "a@x.com", Ops: []assignment.LicenseOp{{Kind: license.BasicMessaging, Remove: true}, {Kind: license.AdvancedMessaging}}}, license.CodeAdvancedMessagingNeedsBasic, ""},
		{"LIC-4 user", assignment.UpdateLicenses{User: "a@x.com", Licenses: []license.Kind{license.AdvancedSpaceMeetings}}, license.CodeSpaceMeetingsNeedsMessaging, ""},
		{"ASG-9 creation violates LIC-3", assignment.AddUsers{Users: []assignment.NewUser{{Email: "c@x.com", Explicit: true, Licenses: []license.Kind{license.AdvancedMessaging}}}}, license.CodeAdvancedMessagingNeedsBasic, ""},
		{"CAL-1 calling without placement", assignment.ModifyLicenses{User: "a@x.com", Ops: []assignment.LicenseOp{{Kind: license.CallingStandard}}}, license.CodeNeedsPlacement, ""},
		{"time backwards", assignment.SetTime{At: day0.AddDate(-1, 0, 0)}, assignment.ErrTimeBackwards, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := mustReject(t, o, tc.action)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			var ie *assignment.InputError
			if tc.value != "" && (!errors.As(err, &ie) || !strings.Contains(err.Error(), strconv.Quote(tc.value))) {
				t.Fatalf("error %v does not name %q", err, tc.value)
			}
		})
	}
}

// LIC-7: a request breaking several rules reports every violation, in
// order, and the error's code is the first; a missing unit comes last.
func TestUserRequestReportsEveryViolation(t *testing.T) {
	o := newOrg(t, "a@x.com")
	err := mustReject(t, o, assignment.UpdateLicenses{User: "a@x.com", Licenses: []license.Kind{
		license.AdvancedMessaging, license.AdvancedSpaceMeetings, license.ContactCenterStandard}})
	var se *license.SetError
	if !errors.As(err, &se) {
		t.Fatalf("got %v, want a SetError", err)
	}
	var codes []license.Code
	for _, v := range se.Violations {
		codes = append(codes, v.Code)
	}
	want := []license.Code{license.CodeAdvancedMessagingNeedsBasic, license.CodeSpaceMeetingsNeedsMessaging,
		license.CodeAdvancedSpaceMeetingsNeedsBasic, license.CodeNoUnit}
	if len(codes) != len(want) {
		t.Fatalf("codes %v, want %v", codes, want)
	}
	for i := range want {
		if codes[i] != want[i] {
			t.Fatalf("codes %v, want %v", codes, want)
		}
	}
	if se.Code() != license.CodeAdvancedMessagingNeedsBasic || !errors.Is(err, license.ErrNoUnit) {
		t.Fatalf("code %v", se.Code())
	}
}

// A plan made before the org changed is refused, and changes nothing.
func TestStalePlan(t *testing.T) {
	o := newOrg(t, "a@x.com")
	p, err := o.Plan(assignment.ModifyLicenses{User: "a@x.com", Ops: []assignment.LicenseOp{{Kind: license.AdvancedMessaging}}})
	if err != nil {
		t.Fatal(err)
	}
	mustDo(t, o, assignment.AddGroup{Name: "g"})
	before := o.Clone()
	if err := o.Apply(p); !errors.Is(err, assignment.ErrStalePlan) {
		t.Fatalf("got %v, want ErrStalePlan", err)
	}
	if d := cmp.Diff(before, o, allFields); d != "" {
		t.Fatalf("a stale plan changed the org:\n%s", d)
	}
}

// ASG-18: synced users of an org with SSO and suppressed e-mails are active
// at once; otherwise a new inactive user's licenses are pending until the
// first sign-in, and the welcome e-mail is suppressed (LIC-12).
func TestSSOSyncedUsersActive(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.SetSetting{Setting: assignment.SettingSSO, On: true})
	mustDo(t, o, assignment.SetSetting{Setting: assignment.SettingSuppressEmails, On: true})
	p := mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "s@x.com", Synced: true, Status: assignment.Inactive},
		{Email: "m@x.com", Status: assignment.Inactive},
	}})
	s, _ := o.User(0)
	m, _ := o.User(1)
	if s.Status != assignment.Active || m.Status != assignment.Inactive || !m.Holdings[0].Pending || s.Holdings[0].Pending {
		t.Fatalf("synced %v, manual %v", s.Status, m.Status)
	}
	for _, c := range p.Changes {
		if c.Op == assignment.Welcome {
			t.Fatalf("LIC-12: e-mails are suppressed, got %v", p.Describe(c))
		}
	}
}

// LIC-7: per-license operations change only what they name; none changes
// nothing.
func TestModifyLicensesWithoutOps(t *testing.T) {
	o := newOrg(t, "a@x.com")
	p := mustDo(t, o, assignment.ModifyLicenses{User: "a@x.com"})
	if !p.Empty() || held(t, o, "a@x.com") != "{Basic Messaging, Basic Space Meetings, Call on Webex}" {
		t.Fatalf("changes %v, holds %s", p.Lines(), held(t, o, "a@x.com"))
	}
}

// Values outside an enum, reused names and misdirected requests are
// refused with a typed error naming them, and change nothing.
func TestInvalidValuesRefused(t *testing.T) {
	o := newOrg(t, "a@x.com")
	mustDo(t, o, assignment.SaveTemplate{Name: "T", Licenses: entries(license.BasicMessaging)})
	for _, tc := range []struct {
		name   string
		action assignment.Action
		want   error
	}{
		{"mode", assignment.SwitchMode{Mode: 7}, assignment.ErrInvalidValue},
		{"scope", assignment.SaveTemplate{Name: "T", Scope: 2}, assignment.ErrInvalidValue},
		{"status", assignment.AddUsers{Users: []assignment.NewUser{{Email: "s@x.com", Status: 9}}}, assignment.ErrInvalidValue},
		{"retention", assignment.SetRetention{Period: -1}, assignment.ErrInvalidValue},
		{"setting", assignment.SetSetting{Setting: 9, On: true}, assignment.ErrInvalidValue},
		{"empty group name", assignment.AddGroup{Name: " "}, assignment.ErrInvalidName},
		{"LIC-5 implied service", assignment.RemoveService{Template: "T", Kind: license.BasicSpaceMeetings}, license.CodeImpliedRemoval},
		{"service not in template", assignment.RemoveService{Template: "T", Kind: license.AdvancedMessaging}, assignment.ErrNotInTemplate},
		{"kind outside the catalog", assignment.RemoveService{Template: "T", Kind: license.NoKind}, assignment.ErrUnknownKind},
		{"LIC-8 units of a free kind", assignment.AddSubscription{Subscription: license.Subscription{ID: "f", Units: map[license.Kind]int{license.BasicMessaging: 3}}}, license.ErrBadSubscription},
		{"LIC-4 template with Basic Space Meetings alone", assignment.SaveTemplate{Name: "T", Licenses: entries(license.BasicSpaceMeetings)}, license.CodeSpaceMeetingsNeedsMessaging},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := mustReject(t, o, tc.action); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// Template names are unique among live templates.
func TestDuplicateTemplateName(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.SwitchMode{Mode: assignment.GroupMode})
	mustDo(t, o, assignment.AddGroup{Name: "a"})
	mustDo(t, o, assignment.AddGroup{Name: "b"})
	mustDo(t, o, assignment.SaveTemplate{Name: "T", Group: "a", Licenses: entries(license.BasicMessaging)})
	if err := mustReject(t, o, assignment.SaveTemplate{Name: "T", Group: "b", Licenses: entries(license.BasicMessaging)}); !errors.Is(err, assignment.ErrDuplicateName) {
		t.Fatalf("got %v", err)
	}
}

// A plan owns what it applies: changing the caller's map after planning
// changes nothing.
func TestAddSubscriptionPlanOwnsUnits(t *testing.T) {
	o := newOrg(t)
	units := map[license.Kind]int{license.AdvancedMessaging: 1}
	p, err := o.Plan(assignment.AddSubscription{Subscription: license.Subscription{ID: "s", Units: units}})
	if err != nil {
		t.Fatal(err)
	}
	units[license.AdvancedMessaging] = 99
	units[200] = 5
	if err := o.Apply(p); err != nil {
		t.Fatal(err)
	}
	for _, u := range o.Usage() {
		if u.Subscription == "s" && u.TotalUnits != 1 {
			t.Fatalf("usage %+v", u)
		}
	}
}

// ASG-13, LIC-13: the attendee feature off rejects the save with 400216,
// which errors.Is matches.
func TestAttendeeSiteCode(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.SetSiteAttendee{Site: "a.webex.com", On: false})
	att, _ := o.Catalog().SiteKind("a.webex.com", license.RoleAttendee)
	err := mustReject(t, o, assignment.SaveTemplate{Licenses: entries(license.BasicMessaging, att)})
	if !errors.Is(err, license.CodeInvalidAttendeeSite) || !errors.Is(err, license.ErrInvalidAttendee) || !errors.Is(err, assignment.ErrAttendeeDisabled) {
		t.Fatalf("got %v", err)
	}
}

// LIC-6, LIC-13: two license IDs of one kind from two subscriptions in one
// request are 400413; removing by the ID of a subscription the user does not
// hold the kind on removes nothing.
func TestLicenseIDOps(t *testing.T) {
	o := newOrg(t, "a@x.com")
	oldID, _ := o.LicenseID(license.AdvancedMessaging, "old")
	newID, _ := o.LicenseID(license.AdvancedMessaging, "new")
	err := mustReject(t, o, assignment.ModifyLicenses{User: "a@x.com", Ops: []assignment.LicenseOp{{ID: oldID.String()}, {ID: newID.String()}}})
	if !errors.Is(err, license.CodeExclusiveFamily) {
		t.Fatalf("got %v", err)
	}
	mustDo(t, o, assignment.ModifyLicenses{User: "a@x.com", Ops: []assignment.LicenseOp{{ID: newID.String()}}})
	p := mustDo(t, o, assignment.ModifyLicenses{User: "a@x.com", Ops: []assignment.LicenseOp{{ID: oldID.String(), Remove: true}}})
	if !p.Empty() {
		t.Fatalf("removed by the wrong ID: %v", p.Lines())
	}
}

// LIC-13: a user-level request for a user outside the org applies nothing
// and answers 206 with every license pending.
func TestRequestOutsideOrg(t *testing.T) {
	o := newOrg(t, "a@x.com")
	err := mustReject(t, o, assignment.UpdateLicenses{User: "zed@other.com", Licenses: []license.Kind{license.BasicMessaging, license.AdvancedMessaging}})
	var oe *assignment.OutsideOrgError
	if !errors.As(err, &oe) || oe.Status() != 206 || len(oe.Pending) != 2 || !errors.Is(err, assignment.ErrUnknownUser) {
		t.Fatalf("got %v", err)
	}
}

// ASG-13: a meeting site is a host name, named in any case of its ASCII
// letters; the org keeps and shows the catalog's spelling, so that a site
// admin named in upper case is the admin of the site.
func TestSiteNamedInAnyCase(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "x@x.com", SiteAdmin: []string{"A.WEBEX.COM"}}, {Email: "y@x.com"}}})
	if p := mustDo(t, o, assignment.SetSiteAdmin{User: "x@x.com", Site: "a.webex.com"}); !p.Empty() {
		t.Errorf("x administers the site already: %v", p.Lines())
	}
	p := mustDo(t, o, assignment.SetSiteAdmin{User: "y@x.com", Site: "A.Webex.Com"})
	if len(p.Edits) != 1 || p.Edits[0].Name != "a.webex.com" {
		t.Errorf("edits %v, want y to administer a.webex.com", p.Edits)
	}
	p = mustDo(t, o, assignment.SetSiteAttendee{Site: "A.WEBEX.COM", On: false})
	if len(p.Edits) != 1 || p.Edits[0].Name != "a.webex.com" {
		t.Errorf("edits %v, want a.webex.com's attendee accounts", p.Edits)
	}
	if err := mustReject(t, o, assignment.SetSiteAdmin{User: "y@x.com", Site: "a.webex.com."}); !errors.Is(err, assignment.ErrUnknownSite) {
		t.Errorf("another host: %v, want ErrUnknownSite", err)
	}
}

// CAL-11, LIC-6: a request removing a license by the ID of one
// subscription and adding it by the ID of another moves it, in either
// order of the operations, data kept: one Move change, no Remove or
// Grant.
func TestLicenseIDOpsMove(t *testing.T) {
	for _, removeFirst := range []bool{true, false} {
		o := newOrg(t, "a@x.com")
		oldID, _ := o.LicenseID(license.AdvancedMessaging, "old")
		newID, _ := o.LicenseID(license.AdvancedMessaging, "new")
		mustDo(t, o, assignment.ModifyLicenses{User: "a@x.com", Ops: []assignment.LicenseOp{{ID: oldID.String()}}})
		ops := []assignment.LicenseOp{{ID: oldID.String(), Remove: true}, {ID: newID.String()}}
		if !removeFirst {
			ops[0], ops[1] = ops[1], ops[0]
		}
		p := mustDo(t, o, assignment.ModifyLicenses{User: "a@x.com", Ops: ops})
		if len(p.Changes) != 1 || p.Changes[0].Op != assignment.Move || p.Changes[0].Kind != license.AdvancedMessaging {
			t.Errorf("remove first %v: %v, want one move", removeFirst, p.Lines())
		}
		if s, _ := o.SubscriptionOf(0, license.AdvancedMessaging); s != "new" {
			t.Errorf("remove first %v: on %q after the move, want new", removeFirst, s)
		}
	}
}
