package broadworks

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzProvision feeds hostile strings to provisioning: it never panics, a
// refusal is an *Error that changes nothing, and INV-8 holds after
// completion.
func FuzzProvision(f *testing.F) {
	for _, s := range []string{"ann@acme.example", "=cmd()", "a\u200b@acme.example", "", "@", "a@b", "x0@x.example", strings.Repeat("a", 300)} {
		f.Add("u1", s, s, uint8(2))
	}
	f.Fuzz(func(t *testing.T, user, email, alt string, pkg uint8) {
		c := fixture(t)
		r := req(user, email)
		r.AltID, r.Package = alt, Package(pkg)
		before := c.Clone()
		_, err := c.Provision(padmin, r, t0)
		if err != nil {
			var be *Error
			if !errors.As(err, &be) || !cmp.Equal(before, c, stateOpts) {
				t.Fatalf("refusal %v: not an *Error, or the state changed", err)
			}
			return
		}
		if _, err := c.Complete("p1", user, t0); err != nil {
			t.Fatalf("complete: %v", err)
		}
		checkInv(t, c)
	})
}

// Hostile callers: unknown names, zero values and a nil partner are
// refused or empty, never a panic.
func TestHostileCallers(t *testing.T) {
	c := fixture(t)
	if p := c.Partner("nope"); p.ID() != "" || p.Subscribers() != nil || p.BillingSubscribers() != nil {
		t.Error("nil partner reads")
	}
	if _, _, ok := c.Partner("nope").Prefill("trusted", t0); ok {
		t.Error("nil partner: pre-fill of a template")
	}
	if _, _, ok := c.Partner("p1").Prefill("nope", t0); ok {
		t.Error("pre-fill of an unknown template")
	}
	refused(t, c, ErrUnknown, func() error { _, err := c.Provision(padmin, Request{}, t0); return err })
	refused(t, c, ErrInvalidInput, func() error { _, err := c.Provision(padmin, req("u\u200b1", "a@acme.example"), t0); return err })
	refused(t, c, ErrInvalidInput, func() error { _, err := c.Provision(padmin, req("u1", "=1+1@acme.example"), t0); return err })
	// an e-mail the engine would refuse at completion (a fuzz find)
	refused(t, c, ErrInvalidInput, func() error { _, err := c.Provision(padmin, req("u1", "0@0.!"), t0); return err })
	refused(t, c, ErrForbidden, func() error { _, err := c.Provision(pro, req("u1", "a@acme.example"), t0); return err })
	refused(t, c, ErrUnknown, func() error { _, err := c.Complete("p1", "", t0); return err })
	refused(t, c, ErrUnknown, func() error { return c.Detach(padmin, "") })
	refused(t, c, ErrUnknown, func() error { return c.SetRestricted(padmin, "", true) })
	refused(t, c, ErrExists, func() error { return c.AddPartner("p1", "again", false) })
	if _, err := NewCloud(Config{RoomDelay: -1}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("negative delay: %v", err)
	}
	err := &Error{Op: "x", Email: "a\u200b@b", Err: ErrForbidden}
	if !strings.Contains(err.Error(), `"a\u200b@b"`) {
		t.Errorf("invisible characters not shown: %s", err)
	}
}

// The zero Cloud holds nothing and refuses every addition with
// ErrInvalidInput, saying to use NewCloud; its reads are empty. A billing
// report refuses a nil writer.
func TestZeroCloud(t *testing.T) {
	var c Cloud
	for name, add := range map[string]func() error{
		"AddPartner": func() error { return c.AddPartner("p1", "", false) },
		"AddAccount": func() error { _, err := c.AddAccount("a@acme.example"); return err },
		"AddOrg":     func() error { _, err := c.AddOrg(OrgSetup{ID: "o1"}); return err },
	} {
		var be *Error
		if err := add(); !errors.Is(err, ErrInvalidInput) || !errors.As(err, &be) || be.Detail != zeroDetail {
			t.Errorf("%s on the zero Cloud = %v; want ErrInvalidInput, %q", name, err, zeroDetail)
		}
	}
	if len(c.Partners()) != 0 || len(c.Orgs()) != 0 || len(c.CheckInvariants()) != 0 || c.Catalog() != nil {
		t.Errorf("the zero Cloud holds %v, %v, %v", c.Partners(), c.Orgs(), c.CheckInvariants())
	}
	if err := (Report{}).WriteCSV(nil); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("WriteCSV(nil) = %v, want ErrInvalidInput", err)
	}
}

// LicenseChange.Lines explains each engine plan with names.
func TestLicenseChangeLines(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Basic)
	ch := c.LicenseChanges(s.Org)
	var lines []string
	for _, c := range ch {
		lines = append(lines, c.Lines()...)
	}
	// the org's Webex for BroadWorks subscription, then the person
	if len(ch) != 2 || !strings.Contains(strings.Join(lines, "\n"), "ann@acme.example: add user") {
		t.Errorf("changes %q", lines)
	}
}

// Two different e-mails with invalid UTF-8 bytes would both lower-case to
// U+FFFD and share one account key: an invalid byte sequence is refused
// as input, never stored.
func TestIDsAndEmailsInvalidUTF8Refused(t *testing.T) {
	c := fixture(t)
	refused(t, c, ErrInvalidInput, func() error { _, err := c.AddAccount("a\xff@x.example"); return err })
	refused(t, c, ErrInvalidInput, func() error { return c.AddPartner("p\xff", "bad", false) })
	refused(t, c, ErrInvalidInput, func() error { _, err := c.Provision(padmin, req("u\xfe1", "b@acme.example"), t0); return err })
}

// A soft hyphen (U+00AD), a tag character or an em space is invisible or
// blank: "a\u00ad@acme.example" must not pass as an e-mail different from
// "a@acme.example", nor "u\u00ad1" as a user ID different from "u1".
func TestIDsAndEmailsInvisibleRefused(t *testing.T) {
	c := fixture(t)
	for _, s := range []string{"a\u00ad@acme.example", "a\U000E0041@acme.example", "a\u2003b@acme.example", "a\u3000b@acme.example"} {
		refused(t, c, ErrInvalidInput, func() error { _, err := c.AddAccount(s); return err })
	}
	refused(t, c, ErrInvalidInput, func() error { _, err := c.Provision(padmin, req("u\u00ad1", "b@acme.example"), t0); return err })
}

// A release schedule named only by an invisible character, or carrying a
// control character, and an org ID that is blank to the eye are refused
// like an empty one, with no change.
func TestReleaseInvisibleNames(t *testing.T) {
	var rc ReleaseControl
	must(t, rc.Define("slow", 7))
	for _, name := range []string{"\u200b", "slow\u00ad", "a\x00b", "s\xff", " slow", "slow ", "sl\u3164ow", "very\u00a0slow"} {
		before := rc.Schedules()
		if err := rc.Define(name, 3); !errors.Is(err, ErrInvalidSchedule) {
			t.Errorf("Define(%q) = %v, want ErrInvalidSchedule", name, err)
		}
		if got := rc.Schedules(); !slices.Equal(before, got) {
			t.Errorf("Define(%q) changed the schedules: %v", name, got)
		}
	}
	for _, org := range []string{"\u200b", "\ufeff", "org\n"} {
		if err := rc.Cascade("slow", []string{"org-a", org}); !errors.Is(err, ErrInvalidSchedule) {
			t.Errorf("Cascade to %q = %v, want ErrInvalidSchedule", org, err)
		}
		if rc.ScheduleOf("org-a").Name != AutomaticSchedule {
			t.Fatalf("refused cascade to %q assigned org-a", org)
		}
	}
}

// After a person's e-mail changes in Webex (BW-15), Held by the new e-mail
// still shows the licenses the person holds: the engine keeps knowing the
// person by the old one.
func TestHeldAfterEmailChange(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Standard)
	want := c.Held("ann@acme.example")
	if want.Len() == 0 {
		t.Fatal("no licenses held before the change")
	}
	must(t, c.SetPersonEmail(customer(s.Org, CustomerFullAdmin), s.Org, "ann@acme.example", "anna@acme.example"))
	if got := c.Held("anna@acme.example"); got != want {
		t.Errorf("Held(new e-mail) = %v, want %v", got, want)
	}
	if got := c.Held("ann@acme.example"); got.Len() != 0 {
		t.Errorf("Held(old e-mail) = %v, want none", got)
	}
}

// Analytics list customers by name: a customer or subscriber ID that
// is blank or carries an invisible character ("\u200bAlpha" looks like
// "Alpha" but would count apart) is refused.
func TestAnalyticsInvisibleIDs(t *testing.T) {
	for _, e := range []AnalyticsEvent{
		{Customer: "\u200bAlpha", SubscriberID: "s", Package: Basic},
		{Customer: " ", SubscriberID: "s", Package: Basic},
		{Customer: "Alpha", SubscriberID: "s\u00ad1", Package: Basic},
		{Customer: "Alpha", SubscriberID: "s\xff", Package: Basic},
	} {
		if _, err := NewAnalytics([]AnalyticsEvent{e}); !errors.Is(err, ErrInvalidEvent) {
			t.Errorf("NewAnalytics(%q, %q) err = %v, want ErrInvalidEvent", e.Customer, e.SubscriberID, err)
		}
	}
	if _, err := NewAnalytics([]AnalyticsEvent{{Customer: "Alpha Beta", SubscriberID: "s1", Package: Basic}}); err != nil {
		t.Errorf("a customer name with a space: %v", err)
	}
}

// After ann@ becomes anna@ in Webex (BW-15), the org's engine still knows
// the person by ann@. A new subscriber of the enterprise provisioned with
// ann@ (or with the consumer account ann@, by consent) used to become a
// second person bound to anna's engine user, and its Basic package
// replaced anna's Standard licenses. Joining org(E) with the old e-mail is
// refused (ErrExists, no change), and anna keeps her licenses.
func TestOldEmailOfRenamedPerson(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Standard)
	must(t, c.SetPersonEmail(customer(s.Org, CustomerFullAdmin), s.Org, "ann@acme.example", "anna@acme.example"))
	want := c.Held("anna@acme.example")
	r := req("u2", "ann@acme.example")
	r.Package = Basic
	refused(t, c, ErrExists, func() error { _, err := c.Provision(padmin, r, t0); return err })
	must1[Account](t)(c.AddAccount("ANN@acme.example")) // consent would join it as a new person
	refused(t, c, ErrExists, func() error { _, err := c.Provision(padmin, r, t0); return err })
	if got := c.Held("anna@acme.example"); got != want {
		t.Errorf("anna holds %v, want %v", got, want)
	}
}

// Every refusal is an *Error (package doc): AddPersons returned the
// engine's own error bare when the engine refused the new persons.
func TestAddPersonsEngineRefusal(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Standard)
	admin := customer(s.Org, CustomerFullAdmin)
	must(t, c.SetPersonEmail(admin, s.Org, "ann@acme.example", "anna@acme.example"))
	must(t, c.SetRestricted(padmin, s.Org, false))
	before := c.Clone()
	err := c.AddPersons(admin, s.Org, []PersonSetup{{Email: "bob@acme.example"}, {Email: "ann@acme.example"}})
	var be *Error
	if err == nil || !errors.As(err, &be) {
		t.Errorf("AddPersons = %v (%T), want an *Error", err, err)
	}
	if d := cmp.Diff(before, c, stateOpts); d != "" {
		t.Errorf("refusal changed the state:\n%s", d)
	}
}

// CheckInvariants returns its violations "in a stable order", but the
// members of an enterprise were walked in map order: with several broken
// members, two calls listed them differently.
func TestInvariantsStableOrder(t *testing.T) {
	c := fixture(t)
	en := c.partners["p1"].enterprises["e1"]
	for _, id := range []string{"m9", "m1", "m5", "m3", "m7", "m2", "m8", "m4", "m6", "m0"} {
		en.members[id] = true // members without a subscriber record
	}
	first := c.CheckInvariants()
	if len(first) != 10 {
		t.Fatalf("violations %v, want 10", first)
	}
	for range 20 {
		if got := c.CheckInvariants(); !slices.Equal(first, got) {
			t.Fatalf("order changed:\n%v\n%v", first, got)
		}
	}
}

// Org IDs are drawn from the seeded source, so a caller can add an org
// (AddOrg with an explicit ID) under the ID provisioning will draw next.
// The created org then replaced the existing one in the cloud. A drawn ID
// already used by an org is skipped.
func TestDrawnOrgIDInUse(t *testing.T) {
	c := fixture(t)
	taken := provisioned(t, c.Clone(), "u1", "ann@acme.example", Standard).Org
	must1[string](t)(c.AddOrg(OrgSetup{ID: taken, Name: "Existing"}))
	s := provisioned(t, c, "u1", "ann@acme.example", Standard)
	if s.Org == taken {
		t.Errorf("the new org got the ID %s of an existing org", taken)
	}
	if o, ok := c.Org(taken); !ok || o.Name != "Existing" {
		t.Errorf("the existing org %s is gone or replaced: %+v", taken, o)
	}
	checkInv(t, c)
}

// A partner's or an enterprise's name may be empty, but one given must be
// visible text: blank, padded, invisible or invalid names are refused as
// input, with the reason in the error, and change nothing.
func TestPartnerAndEnterpriseNames(t *testing.T) {
	for _, tt := range []struct {
		name string
		ok   bool
	}{
		{"", true},
		{"Acme Corp", true},
		{"Zürich Telecom", true},
		{" ", false},
		{" Acme", false},
		{"Acme\t", false},
		{"Ac\u200bme", false},
		{"\u00ad", false},
		{"Acme\u2003Corp", false},
		{"Ac\xffme", false},
		{"Acme\nCorp", false},
	} {
		t.Run(strconv.Quote(tt.name), func(t *testing.T) {
			c := fixture(t)
			add := []func() error{
				func() error { return c.AddPartner("p9", tt.name, false) },
				func() error { return c.AddEnterprise("p1", Enterprise{ID: "e9", Name: tt.name}) },
			}
			for _, f := range add {
				if tt.ok {
					must(t, f())
					continue
				}
				refused(t, c, ErrInvalidInput, f)
				var be *Error
				if errors.As(f(), &be); !strings.Contains(be.Detail, "name ") {
					t.Errorf("error %v does not say the name is refused", be)
				}
			}
		})
	}
}
