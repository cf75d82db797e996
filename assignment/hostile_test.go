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

// inputErr checks that err wraps want and is an InputError about what,
// quoting value.
func inputErr(t *testing.T, err, want error, what, value string) {
	t.Helper()
	var ie *assignment.InputError
	switch {
	case !errors.Is(err, want):
		t.Fatalf("got %v, want %v", err, want)
	case !errors.As(err, &ie) || ie.What != what || ie.Value != value:
		t.Fatalf("got %#v, want an InputError about %s %q", err, what, value)
	case !strings.Contains(err.Error(), strconv.Quote(value)):
		t.Fatalf("error %v does not quote %q", err, value)
	}
}

// Membership changes that name no group, an unknown group or the group
// left are refused with an error naming the input; version and state stay
// as they were (ASG-8).
func TestMembershipNeedsGroups(t *testing.T) {
	o := newOrg(t, "a@x.com")
	mustDo(t, o, assignment.AddGroup{Name: "g"})
	mustDo(t, o, assignment.AddGroup{Name: "h"})
	mustDo(t, o, assignment.JoinGroup{User: "a@x.com", Group: "g"})
	for _, tc := range []struct {
		name        string
		action      assignment.Action
		want        error
		what, value string
	}{
		{"join no group", assignment.JoinGroup{User: "a@x.com"}, assignment.ErrInvalidName, "group", ""},
		{"join blank group", assignment.JoinGroup{User: "a@x.com", Group: "  "}, assignment.ErrInvalidName, "group", "  "},
		{"join unknown group", assignment.JoinGroup{User: "a@x.com", Group: "nope"}, assignment.ErrUnknownGroup, "group", "nope"},
		{"join a group of the user", assignment.JoinGroup{User: "a@x.com", Group: "g"}, assignment.ErrAlreadyMember, "group", "g"},
		{"leave no group", assignment.LeaveGroup{User: "a@x.com"}, assignment.ErrInvalidName, "group", ""},
		{"leave unknown group", assignment.LeaveGroup{User: "a@x.com", Group: "nope"}, assignment.ErrUnknownGroup, "group", "nope"},
		{"move to the same group", assignment.MoveUser{User: "a@x.com", From: "g", To: "g"}, assignment.ErrSameGroup, "group", "g"},
		{"move from no group", assignment.MoveUser{User: "a@x.com", To: "h"}, assignment.ErrInvalidName, "from group", ""},
		{"move to no group", assignment.MoveUser{User: "a@x.com", From: "g"}, assignment.ErrInvalidName, "to group", ""},
		{"move nothing", assignment.MoveUser{User: "a@x.com"}, assignment.ErrInvalidName, "from group", ""},
		{"move from unknown group", assignment.MoveUser{User: "a@x.com", From: "nope", To: "h"}, assignment.ErrUnknownGroup, "group", "nope"},
		{"move no user", assignment.MoveUser{From: "g", To: "h"}, assignment.ErrInvalidEmail, "e-mail", ""},
		{"move unknown user", assignment.MoveUser{User: "z@x.com", From: "g", To: "h"}, assignment.ErrUnknownUser, "user", "z@x.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			version := o.Version()
			err := mustReject(t, o, tc.action)
			inputErr(t, err, tc.want, tc.what, tc.value)
			if o.Version() != version {
				t.Fatalf("version %d → %d", version, o.Version())
			}
		})
	}
}

// Group and template names that look like another name, or like none, are
// refused with an error quoting the name: white space around them,
// control, invisible or non-ASCII space characters, invalid UTF-8. Words
// with ASCII spaces between them, any script and formula-like text are
// names.
func TestGroupAndTemplateNames(t *testing.T) {
	o := newOrg(t, "a@x.com")
	mustDo(t, o, assignment.SwitchMode{Mode: assignment.GroupMode})
	for _, name := range []string{"Sales EMEA", "Vertrieb Österreich", "営業", "=SUM(A1)", "a-b_c.d"} {
		mustDo(t, o, assignment.AddGroup{Name: name})
		mustDo(t, o, assignment.SaveTemplate{Name: name + " template", Group: name, Licenses: entries(license.BasicMessaging)})
	}
	for _, name := range []string{
		"", " ", "\t", " sales", "sales ", "sales\t", "\nsales", "sa\x00les", "sa\x7fles", "sa\u0085les",
		"sales\u200b", "\u200b", "sa\u00adles", "\ufeffsales", "sa\u202eles", "sa\u2060les", "sa\u3164les",
		"Sales\u00a0EMEA", "Sales\u3000EMEA", "Sales\u2028EMEA", "sa\xffles",
	} {
		t.Run(strconv.Quote(name), func(t *testing.T) {
			inputErr(t, mustReject(t, o, assignment.AddGroup{Name: name}), assignment.ErrInvalidName, "group", name)
			if name == "" {
				return // an unnamed save is named after its group
			}
			err := mustReject(t, o, assignment.SaveTemplate{Name: name, Group: "Sales EMEA", Licenses: entries(license.BasicMessaging)})
			inputErr(t, err, assignment.ErrInvalidName, "template", name)
		})
	}
}

// ParseEmail accepts one bare address and returns its canonical form; it
// refuses everything else with an error wrapping ErrInvalidEmail that
// quotes the input.
func TestParseEmail(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"ann@example.com", "ann@example.com"},
		{"  Ann@Example.COM ", "ann@example.com"},
		{"a+tag@x.com", "a+tag@x.com"},
		{"o'brien@x.com", "o'brien@x.com"},
		{"=cmd@x.com", "=cmd@x.com"},
		{"ünï@bücher.de", "ünï@bücher.de"},
		{"a@sub-1.x.co.uk", "a@sub-1.x.co.uk"},
		{strings.Repeat("l", 64) + "@x.com", strings.Repeat("l", 64) + "@x.com"},
	} {
		got, err := assignment.ParseEmail(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseEmail(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{
		"", " ", "nobody", "@x.com", "ann@", "a@b@x.com", "Ann <ann@x.com>", "<ann@x.com>",
		"ann@x.com (home)", `"a b"@x.com`, `"ann"@x.com`, "ann@x.com, bob@x.com",
		"ann@localhost", "ann@x..com", "ann@x.com.", "ann@-x.com", "ann@x-.com", "ann@[192.0.2.1]",
		"ann@x_y.com", "a..b@x.com",
		"a\x00@x.com", "a\n@x.com", "a\r@x.com", "a\tb@x.com", "ann@x.com\n", "a\x7f@x.com", "a\u0085@x.com",
		"a\xff@x.com", "\xc3@x.com", "a\ufffd@x.com", "a@b\ufffd.com",
		"ann\u200b@x.com", "\u200cann@x.com", "an\u200dn@x.com", "ann\u2060@x.com", "\ufeffann@x.com", "ann@x.com\ufeff",
		"ann\u00ad@x.com", "ann\u202e@x.com", "ann\u2066@x.com", "ann\u180e@x.com",
		"ann\u00a0@x.com", "ann\u3000@x.com", "ann\u2028@x.com",
		"ann\u3164@x.com", "ann\u034f@x.com", "ann\ufe0f@x.com",
		strings.Repeat("l", 65) + "@x.com", "a@" + strings.Repeat("d", 64) + ".com",
		"a@" + strings.Repeat("dddddddddd.", 25) + "com",
	} {
		_, err := assignment.ParseEmail(in)
		inputErr(t, err, assignment.ErrInvalidEmail, "e-mail", in)
	}
}

// ParseEmail's error says the first problem it finds in the address.
// The inputs have upper case, which the one pass leaves to the full
// checks, so that each row also pins one of those checks or limits.
func TestParseEmailWhy(t *testing.T) {
	for _, tc := range []struct{ in, why string }{
		{"", "empty"},
		{"Ann\xff@x.com", "invalid UTF-8"},
		{"Ann\ufffd@x.com", "replacement character U+FFFD"},
		{"Ann@" + strings.Repeat("x.", 125) + "com", "longer than 254 bytes"},
		{"Ann <ann@x.com>", "a space at byte 3"},
		{"Ann\u200b@x.com", "invisible or control character U+200B at byte 3"},
		{"Ann", "no @"},
		{"@X.com", "nothing before the @"},
		{"Ann@", "nothing after the @"},
		{strings.Repeat("L", 65) + "@x.com", "local part longer than 64 bytes"},
		{strings.Repeat("Ⱥ", 32) + "@x.com", "local part longer than 64 bytes in lower case"},
		{".Ann@x.com", "a dot at either end of the local part, or two in a row"},
		{"Ann.@x.com", "a dot at either end of the local part, or two in a row"},
		{"A..nn@x.com", "a dot at either end of the local part, or two in a row"},
		{`"A..nn"@x.com`, "not a bare address"},
		{"A(nn)@x.com", "mail: "},
		{"Ann@localhost", "domain without a dot"},
		{"Ann@x..com", `bad domain label ""`},
		{"Ann@-x.com", `bad domain label "-x"`},
		{"Ann@x_y.com", "character '_' in the domain"},
	} {
		_, err := assignment.ParseEmail(tc.in)
		inputErr(t, err, assignment.ErrInvalidEmail, "e-mail", tc.in)
		if err != nil && !strings.Contains(err.Error(), ": "+tc.why) {
			t.Errorf("ParseEmail(%q): %v; want it to say %q", tc.in, err, tc.why)
		}
	}
	for _, in := range []string{strings.Repeat("L", 64) + "@x.com", strings.Repeat("Ⱥ", 21) + "a@x.com", "Ann@" + strings.Repeat("d", 63) + ".com"} {
		if got, err := assignment.ParseEmail(in); err != nil || got != strings.ToLower(in) {
			t.Errorf("ParseEmail(%q) = %q, %v; want it in lower case", in, got, err)
		}
	}
}

// An e-mail differing from a user's only by invisible characters or case
// is that user, or invalid: it never becomes a second user, everywhere an
// e-mail enters (AddUsers, CSV import, lookups, actions naming a user).
func TestEmailLookAlikes(t *testing.T) {
	o := newOrg(t, "ann@x.com")
	ann, _ := o.LookupUser("ann@x.com")
	for _, in := range []string{"ANN@X.COM", " Ann@x.com "} {
		if id, ok := o.LookupUser(in); !ok || id != ann {
			t.Errorf("LookupUser(%q) = %d, %v; want ann", in, id, ok)
		}
		err := mustReject(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: in}}})
		inputErr(t, err, assignment.ErrDuplicateEmail, "e-mail", in)
	}
	for _, in := range []string{"ann\u200b@x.com", "\ufeffann@x.com", "ann@x.com\u2060", "a\u200dnn@x.com", "ann\x00@x.com"} {
		if _, ok := o.LookupUser(in); ok {
			t.Errorf("LookupUser(%q) finds a user", in)
		}
		for _, a := range []assignment.Action{
			assignment.AddUsers{Users: []assignment.NewUser{{Email: in}}},
			assignment.SignIn{User: in},
			assignment.UpdateLicenses{User: in},
			assignment.ModifyLicenses{User: in},
			assignment.EditServices{User: in},
			assignment.JoinGroup{User: in, Group: "g"},
			assignment.SetSiteAdmin{User: in, Site: "a.webex.com"},
		} {
			err := mustReject(t, o, a)
			inputErr(t, err, assignment.ErrInvalidEmail, "e-mail", in)
		}
		p, err := o.Plan(assignment.ImportCSV{Data: []byte("User ID/Email (Required),Basic Messaging\n" + in + ",TRUE\n"), CreateUsers: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.RowErrors) != 1 || !errors.Is(p.RowErrors[0], assignment.ErrInvalidEmail) || !p.Empty() {
			t.Errorf("CSV row %q: %v, changes %v; want an ErrInvalidEmail row error", in, p.RowErrors, p.Lines())
		}
	}
}

// ASG-13, LIC-13: a user-level request that grants the attendee role of a
// site whose attendee feature is off, or to an administrator of the site,
// is refused with 400216, as a template save naming such a site is.
func TestAttendeeRoleInUserRequests(t *testing.T) {
	const site = "a.webex.com"
	setup := func(t *testing.T, featureOn bool) (*assignment.Org, license.Kind, string) {
		o := newOrg(t, "user@x.com")
		mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "admin@x.com", SiteAdmin: []string{site}}}})
		if !featureOn {
			mustDo(t, o, assignment.SetSiteAttendee{Site: site, On: false})
		}
		att, ok := o.Catalog().SiteKind(site, license.RoleAttendee)
		if !ok {
			t.Fatal("no attendee kind")
		}
		return o, att, o.Catalog().Name(att)
	}
	add := func(user string, k license.Kind) assignment.Action {
		return assignment.ModifyLicenses{User: user, Ops: []assignment.LicenseOp{{Kind: k}}}
	}
	withDefaults := func(k license.Kind) []license.Kind {
		return []license.Kind{license.BasicMessaging, license.BasicSpaceMeetings, license.CallOnWebex, k}
	}
	for _, tc := range []struct {
		name      string
		featureOn bool
		action    func(att license.Kind) assignment.Action
	}{
		{"feature off: modify", false, func(k license.Kind) assignment.Action { return add("user@x.com", k) }},
		{"feature off: update", false, func(k license.Kind) assignment.Action {
			return assignment.UpdateLicenses{User: "user@x.com", Licenses: withDefaults(k)}
		}},
		{"feature off: services edit", false, func(k license.Kind) assignment.Action {
			return assignment.EditServices{User: "user@x.com", Licenses: withDefaults(k)}
		}},
		{"feature off: creation", false, func(k license.Kind) assignment.Action {
			return assignment.AddUsers{Users: []assignment.NewUser{{Email: "new@x.com", Explicit: true, Licenses: []license.Kind{k}}}}
		}},
		{"site admin: modify", true, func(k license.Kind) assignment.Action { return add("admin@x.com", k) }},
		{"site admin: update", true, func(k license.Kind) assignment.Action {
			return assignment.UpdateLicenses{User: "admin@x.com", Licenses: withDefaults(k)}
		}},
		{"site admin: creation", true, func(k license.Kind) assignment.Action {
			return assignment.AddUsers{Users: []assignment.NewUser{{Email: "new@x.com", SiteAdmin: []string{site}, Explicit: true, Licenses: []license.Kind{k}}}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, att, _ := setup(t, tc.featureOn)
			err := mustReject(t, o, tc.action(att))
			if !errors.Is(err, license.CodeInvalidAttendeeSite) || !errors.Is(err, license.ErrInvalidAttendee) {
				t.Fatalf("got %v, want 400216", err)
			}
		})
	}
	for _, featureOn := range []bool{false, true} {
		t.Run("CSV row, feature on "+strconv.FormatBool(featureOn), func(t *testing.T) {
			o, _, name := setup(t, featureOn)
			before := o.Clone()
			user := "user@x.com"
			if featureOn {
				user = "admin@x.com"
			}
			p := mustDo(t, o, assignment.ImportCSV{Data: []byte("User ID/Email (Required)," + name + "\n" + user + ",TRUE\n")})
			if len(p.RowErrors) != 1 || !errors.Is(p.RowErrors[0], license.CodeInvalidAttendeeSite) {
				t.Fatalf("row errors %v, want one 400216", p.RowErrors)
			}
			if d := cmp.Diff(held(t, before, user), held(t, o, user)); d != "" {
				t.Fatalf("the rejected row changed %s (-before +after):\n%s", user, d)
			}
		})
	}
	t.Run("feature on, no admin: granted", func(t *testing.T) {
		o, att, _ := setup(t, true)
		mustDo(t, o, add("user@x.com", att))
		if id, _ := o.LookupUser("user@x.com"); !o.Held(id).Has(att) {
			t.Fatal("attendee role not granted")
		}
	})
}

// CAL-1: a placement needs a number, or an extension with a location.
func TestPlacementNeedsNumberOrExtension(t *testing.T) {
	for _, tc := range []struct {
		p  assignment.Placement
		ok bool
	}{
		{assignment.Placement{}, true},
		{assignment.Placement{Number: "+15550100"}, true},
		{assignment.Placement{Location: "HQ", Number: "+15550100"}, true},
		{assignment.Placement{Location: "HQ", Extension: "100"}, true},
		{assignment.Placement{Location: "HQ", Number: "+15550100", Extension: "100"}, true},
		{assignment.Placement{Location: "HQ"}, false},
		{assignment.Placement{Location: "HQ", Number: " ", Extension: "\t"}, false},
		{assignment.Placement{Location: "HQ", Number: "\u00a0", Extension: "\u2003 "}, false}, // Unicode spaces are blank too
		{assignment.Placement{Location: "\u00a0"}, true},
		{assignment.Placement{Extension: "100"}, false},
	} {
		err := tc.p.Validate()
		if tc.ok != (err == nil) {
			t.Errorf("%+v: got %v, want ok %v", tc.p, err, tc.ok)
			continue
		}
		if err == nil {
			continue
		}
		if !errors.Is(err, assignment.ErrInvalidPlacement) || !errors.Is(err, license.CodeNeedsPlacement) || !errors.Is(err, license.ErrNeedsPlacement) {
			t.Errorf("%+v: got %v, want ErrInvalidPlacement and 400411", tc.p, err)
		}
		o := newOrg(t)
		err = mustReject(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "c@x.com", Placement: tc.p,
			Explicit: true, Licenses: []license.Kind{license.CallingStandard}}}})
		if !errors.Is(err, assignment.ErrInvalidPlacement) || !errors.Is(err, license.CodeNeedsPlacement) {
			t.Errorf("AddUsers with %+v: got %v, want 400411", tc.p, err)
		}
	}
}

// CAL-7, CAL-8: a work number is any text without a control or invisible
// character (spaces and punctuation are the inventory's to judge); a
// synced user's changes only through the directory, by a known channel.
func TestWorkNumbers(t *testing.T) {
	o := newOrg(t, "a@x.com")
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "s@x.com", Synced: true, WorkNumber: "+1 408 555 0101"}}})
	mustDo(t, o, assignment.SetWorkNumber{User: "s@x.com", Number: "+48 22 100 00 01", By: assignment.ByDirectory})
	if id, _ := o.LookupUser("s@x.com"); o.WorkNumber(id) != "+48 22 100 00 01" {
		t.Errorf("work number %q after the directory set it", o.WorkNumber(id))
	}
	for _, tc := range []struct {
		name   string
		action assignment.Action
		want   error
	}{
		{"synced, by Control Hub", assignment.SetWorkNumber{User: "s@x.com", Number: "+48221000002", By: assignment.ByControlHub}, assignment.ErrSyncedWorkNumber},
		{"no channel", assignment.SetWorkNumber{User: "a@x.com", Number: "+48221000002"}, assignment.ErrInvalidValue},
		{"unknown channel", assignment.SetWorkNumber{User: "a@x.com", Number: "+48221000002", By: assignment.ByCSV + 1}, assignment.ErrInvalidValue},
		{"invisible mark", assignment.SetWorkNumber{User: "a@x.com", Number: "\u200e+48221000002", By: assignment.ByCSV}, assignment.ErrInvalidValue},
		{"invisible mark at creation", assignment.AddUsers{Users: []assignment.NewUser{{Email: "b@x.com", WorkNumber: "+4822\u200b1000002"}}}, assignment.ErrInvalidValue},
		{"control at creation", assignment.AddUsers{Users: []assignment.NewUser{{Email: "b@x.com", WorkNumber: "+48221000002\n"}}}, assignment.ErrInvalidValue},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := mustReject(t, o, tc.action); !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
	for _, s := range []string{"+1 (408) 555-0101 ext. 7", "+48 22 100 00 01 (Zofia Łęcka)", ""} {
		if err := assignment.CheckWorkNumber(s); err != nil {
			t.Errorf("CheckWorkNumber(%q) of a readable number: %v", s, err)
		}
	}
	for _, s := range []string{"+48\x80221", "+48\xff", "+48\x7f", "+48\x1f", "+48\u00ad221", "+48\u0085"} {
		if err := assignment.CheckWorkNumber(s); !errors.Is(err, assignment.ErrInvalidValue) {
			t.Errorf("CheckWorkNumber(%q) = %v, want ErrInvalidValue", s, err)
		}
	}
}

// A new user naming one license and its subscription 65,536 times, after
// 65,536 other licenses, holds it once, from that subscription; the check
// is linear in the lists (a scan of the licenses per subscription took 2 s
// here).
func TestNewUserSubscriptionsRepeated(t *testing.T) {
	o := newOrg(t)
	nu := assignment.NewUser{Email: "h@x.com", Explicit: true}
	for range 1 << 16 {
		nu.Licenses = append(nu.Licenses, license.BasicMessaging)
		nu.Subscriptions = append(nu.Subscriptions, assignment.Entry{Kind: license.AdvancedMessaging, Subscription: "new"})
	}
	nu.Licenses = append(nu.Licenses, license.AdvancedMessaging)
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{nu}})
	if sub, _ := o.SubscriptionOf(0, license.AdvancedMessaging); sub != "new" || held(t, o, "h@x.com") != "{Basic Messaging, Advanced Messaging, Basic Space Meetings}" {
		t.Errorf("holds %s, Advanced Messaging from %q", held(t, o, "h@x.com"), sub)
	}
}
