package assignment_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

var (
	custFull     = assignment.Actor{Role: assignment.FullAdmin, Email: "full@c.com"}
	custUser     = assignment.Actor{Role: assignment.UserAdmin, Email: "ua@c.com"}
	custRead     = assignment.Actor{Role: assignment.ReadOnlyAdmin, Email: "ro@c.com"}
	plainUser    = assignment.Actor{Email: "a@c.com"}
	partnerFull  = assignment.Actor{Role: assignment.FullAdmin, Partner: true, Email: "pa@p.com"}
	partnerProv  = assignment.Actor{Role: assignment.UserAdmin, Partner: true, Email: "prov@p.com"}
	partnerRead  = assignment.Actor{Role: assignment.ReadOnlyAdmin, Partner: true, Email: "pro@p.com"}
	externalFull = assignment.Actor{Role: assignment.FullAdmin, Partner: true, External: true, Email: "pa@p.com"}
)

// doAsCase is one action by one actor in an org restricted or not.
type doAsCase struct {
	name       string
	actor      assignment.Actor
	restricted bool
	act        assignment.Action
	want       error // nil, ErrForbidden or ErrRestrictedByPartner
}

var grantAM = assignment.ModifyLicenses{User: "a@c.com", Ops: []assignment.LicenseOp{{Kind: license.AdvancedMessaging}}}

// LIC-14: license changes need an admin role with user-management rights; a
// customer admin of a partner-restricted org lacks them (BW-24); a refused
// request changes nothing.
var lic14Cases = []doAsCase{
	{"customer full admin, open org", custFull, false, grantAM, nil},
	{"customer user admin, open org", custUser, false, grantAM, nil},
	{"customer read-only admin", custRead, false, grantAM, assignment.ErrForbidden},
	{"plain user", plainUser, false, grantAM, assignment.ErrForbidden},
	{"partner read-only admin", partnerRead, false, grantAM, assignment.ErrForbidden},
	{"customer full admin, restricted", custFull, true, grantAM, assignment.ErrRestrictedByPartner},
	{"customer user admin, restricted", custUser, true, grantAM, assignment.ErrRestrictedByPartner},
	{"customer read-only admin, restricted", custRead, true, grantAM, assignment.ErrForbidden},
	{"plain user, restricted", plainUser, true, grantAM, assignment.ErrForbidden},
	{"partner full admin, restricted", partnerFull, true, grantAM, nil},
	{"partner provisioning admin, restricted", partnerProv, true, grantAM, nil},
	{"partner as external full admin, restricted", externalFull, true, grantAM, nil},
	{"add users, restricted", custFull, true, assignment.AddUsers{Users: []assignment.NewUser{{Email: "n@c.com"}}}, assignment.ErrRestrictedByPartner},
	{"join group, restricted", custUser, true, assignment.JoinGroup{User: "a@c.com", Group: "g"}, assignment.ErrRestrictedByPartner},
	{"update licenses, restricted", custFull, true, assignment.UpdateLicenses{User: "a@c.com", Licenses: []license.Kind{license.BasicMessaging}, Ack: true}, assignment.ErrRestrictedByPartner},
}

// BW-24: only a partner admin toggles the mode; the table's rows restrict
// customer admins; what it omits follows the role alone.
var bw24Cases = []doAsCase{
	{"partner full admin switches the mode on", partnerFull, false, assignment.RestrictByPartner{On: true}, nil},
	{"partner full admin switches the mode off", partnerFull, true, assignment.RestrictByPartner{On: false}, nil},
	{"customer full admin may not switch it off", custFull, true, assignment.RestrictByPartner{On: false}, assignment.ErrForbidden},
	{"customer full admin may not switch it on", custFull, false, assignment.RestrictByPartner{On: true}, assignment.ErrForbidden},
	{"partner read-only admin may not switch it", partnerRead, false, assignment.RestrictByPartner{On: true}, assignment.ErrForbidden},
	{"automatic license assignment is hidden", custFull, true, assignment.SaveTemplate{Name: "org", Licenses: entries(license.BasicMessaging, license.BasicSpaceMeetings)}, assignment.ErrRestrictedByPartner},
	{"templates are open with the mode off", custFull, false, assignment.SaveTemplate{Name: "org", Licenses: entries(license.BasicMessaging, license.BasicSpaceMeetings)}, nil},
	{"templates need a full admin", custUser, false, assignment.SaveTemplate{Name: "org", Licenses: entries(license.BasicMessaging, license.BasicSpaceMeetings)}, assignment.ErrForbidden},
	{"SSO is read-only", custFull, true, assignment.SetSetting{Setting: assignment.SettingSSO, On: true}, assignment.ErrRestrictedByPartner},
	{"the org's suppression flag is not in the table", custFull, true, assignment.SetSetting{Setting: assignment.SettingSuppressEmails, On: true}, nil},
	{"retention is not in the table", custFull, true, assignment.SetRetention{Period: time.Hour}, nil},
	{"work number is read-only", custUser, true, assignment.SetWorkNumber{User: "a@c.com", Number: "+14085550100"}, assignment.ErrRestrictedByPartner},
	{"partner admins edit templates in a restricted org", partnerFull, true, assignment.SaveTemplate{Name: "org", Licenses: entries(license.BasicMessaging, license.BasicSpaceMeetings)}, nil},
}

func TestDoAsLIC14(t *testing.T) { runDoAs(t, lic14Cases) }

func TestDoAsBW24(t *testing.T) { runDoAs(t, bw24Cases) }

func runDoAs(t *testing.T, cases []doAsCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := newOrg(t, "a@c.com")
			mustDo(t, o, assignment.AddGroup{Name: "g"})
			mustDo(t, o, assignment.RestrictByPartner{On: tc.restricted})
			before := o.Clone()
			_, err := o.DoAs(tc.actor, tc.act)
			if !errors.Is(err, tc.want) || (err == nil) != (tc.want == nil) {
				t.Fatalf("DoAs(%v, %v) = %v, want %v", tc.actor, tc.act, err, tc.want)
			}
			if tc.want == nil {
				return
			}
			var ae *assignment.ActorError
			if !errors.As(err, &ae) || ae.Actor != tc.actor {
				t.Fatalf("error %v is not an *ActorError naming %v", err, tc.actor)
			}
			if d := cmp.Diff(before, o, allFields); d != "" {
				t.Fatalf("a refused action changed the org (-before +after):\n%s", d)
			}
		})
	}
}

// Plan and Do take no actor: an unchecked caller keeps today's behaviour,
// restricted mode or not.
func TestUncheckedCallerIgnoresRestriction(t *testing.T) {
	o := newOrg(t, "a@c.com")
	mustDo(t, o, assignment.RestrictByPartner{On: true})
	mustDo(t, o, grantAM)
	if got := held(t, o, "a@c.com"); got == "" {
		t.Fatal("no licenses")
	}
	if !o.Settings().RestrictedByPartner {
		t.Fatal("mode not recorded in Settings")
	}
}

// LIC-14: a sign-in needs the user it signs in; the clock and the
// directory (CAL-8: a synced user's number changes only there) no actor
// at all, so that no admin acts as either; the same actions by an admin
// channel need the admin's right.
func TestDoAsSelfAndClock(t *testing.T) {
	o := newOrg(t, "a@c.com")
	for _, tc := range []struct {
		actor assignment.Actor
		act   assignment.Action
		want  error
	}{
		{assignment.Actor{Email: "A@c.com"}, assignment.SignIn{User: "a@c.com"}, nil},
		{assignment.Actor{Email: "b@c.com"}, assignment.SignIn{User: "a@c.com"}, assignment.ErrForbidden},
		{custFull, assignment.SignIn{User: "a@c.com"}, assignment.ErrForbidden},
		{partnerFull, assignment.SetTime{At: day0.Add(time.Hour)}, assignment.ErrForbidden},
		{custFull, assignment.AdvanceTime{By: time.Hour}, assignment.ErrForbidden},
		{partnerFull, assignment.AddUsers{Users: []assignment.NewUser{{Email: "b@c.com"}, {Email: "s@c.com", Synced: true}}}, assignment.ErrForbidden},
		{custFull, assignment.SetWorkNumber{User: "a@c.com", Number: "+48221234567", By: assignment.ByDirectory}, assignment.ErrForbidden},
		{custUser, assignment.AddUsers{Users: []assignment.NewUser{{Email: "b@c.com"}}}, nil},
		{custUser, assignment.SetWorkNumber{User: "a@c.com", Number: "+48221234567", By: assignment.ByControlHub}, nil},
	} {
		err := o.Clone().Authorize(tc.actor, tc.act)
		if !errors.Is(err, tc.want) || (err == nil) != (tc.want == nil) {
			t.Errorf("Authorize(%v, %v) = %v, want %v", tc.actor, tc.act, err, tc.want)
		}
	}
}

func TestDoAsHostile(t *testing.T) {
	var nilOrg *assignment.Org
	if _, err := nilOrg.DoAs(custFull, grantAM); !errors.Is(err, assignment.ErrNil) {
		t.Fatalf("nil org: %v", err)
	}
	o := newOrg(t, "a@c.com")
	if _, err := o.PlanAs(custFull, nil); !errors.Is(err, assignment.ErrInvalidValue) {
		t.Fatalf("nil action: %v", err)
	}
	odd := assignment.Actor{Role: 200, Partner: true, Email: "=cmd|x"}
	if _, err := o.DoAs(odd, grantAM); !errors.Is(err, assignment.ErrForbidden) {
		t.Fatalf("unknown role: %v", err)
	}
	if s := odd.String(); s != "partner Role(200)" {
		t.Fatalf("String = %q", s)
	}
	if s := (assignment.ReadOnlyAdmin + 1).String(); s != "Role(4)" { // one past the last
		t.Fatalf("String = %q", s)
	}
}
