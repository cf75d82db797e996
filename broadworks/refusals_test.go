package broadworks

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/license"
)

// refusedWith is refused (sentinel, *Error, no change) that also checks
// every field of the outermost *Error but Err against want.
func refusedWith(t *testing.T, c *Cloud, sentinel error, want Error, f func() error) {
	t.Helper()
	var err error
	refused(t, c, sentinel, func() error { err = f(); return err })
	var be *Error
	errors.As(err, &be)
	got := *be
	got.Err, want.Err = nil, nil
	if got != want {
		t.Errorf("refusal %v:\n got %+v\nwant %+v", err, got, want)
	}
}

// refusal is one row of a table of refusals sharing the refusedWith shape.
type refusal struct {
	name string
	want error
	err  Error
	f    func(c *Cloud) error
}

func runRefusals(t *testing.T, setup func(t *testing.T) *Cloud, tests []refusal) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := setup(t)
			refusedWith(t, c, tt.want, tt.err, func() error { return tt.f(c) })
		})
	}
}

// Saving or deleting a cluster refuses an unknown partner (ErrUnknown) and
// any actor but a full or sales full admin of the partner acting as itself
// (ErrForbidden); saving refuses a name that is not a valid ID and a cipher
// named with anything but upper-case letters, digits and underscores
// (ErrInterfaceValidation, naming the cause); deleting refuses an unknown
// cluster (ErrUnknown). The error names the partner and, in Detail, the
// cluster or the cause.
func TestClusterRefusals(t *testing.T) {
	cl := func(name string, ciphers ...string) Cluster {
		return Cluster{Name: name, XsiActionsURL: xsi, XsiEventsURL: xse, Ciphers: ciphers}
	}
	other := Actor{Role: PartnerFullAdmin, Partner: "p2", Email: "admin@p2.example"}
	ext := padmin
	ext.External = true
	long := "TLS_" + strings.Repeat("A", 97) // 101 bytes
	runRefusals(t, func(t *testing.T) *Cloud { return fixture(t) }, []refusal{
		{"save: unknown partner", ErrUnknown, Error{Op: "save cluster", Partner: "nope", Detail: "c2"},
			func(c *Cloud) error { return c.SaveCluster(padmin, "nope", cl("c2")) }},
		{"save: provisioning admin", ErrForbidden, Error{Op: "save cluster", Partner: "p1", Detail: "c2"},
			func(c *Cloud) error { return c.SaveCluster(pprov, "p1", cl("c2")) }},
		{"save: read-only admin", ErrForbidden, Error{Op: "save cluster", Partner: "p1", Detail: "c2"},
			func(c *Cloud) error { return c.SaveCluster(pro, "p1", cl("c2")) }},
		{"save: another partner's admin", ErrForbidden, Error{Op: "save cluster", Partner: "p1", Detail: "c2"},
			func(c *Cloud) error { return c.SaveCluster(other, "p1", cl("c2")) }},
		{"save: acting as external admin", ErrForbidden, Error{Op: "save cluster", Partner: "p1", Detail: "c2"},
			func(c *Cloud) error { return c.SaveCluster(ext, "p1", cl("c2")) }},
		{"save: customer admin", ErrForbidden, Error{Op: "save cluster", Partner: "p1", Detail: "c2"},
			func(c *Cloud) error { return c.SaveCluster(customer("o", CustomerFullAdmin), "p1", cl("c2")) }},
		{"save: empty name", ErrInterfaceValidation, Error{Op: "save cluster", Partner: "p1", Detail: "name"},
			func(c *Cloud) error { return c.SaveCluster(padmin, "p1", cl("")) }},
		{"save: invisible name", ErrInterfaceValidation, Error{Op: "save cluster", Partner: "p1", Detail: "name"},
			func(c *Cloud) error { return c.SaveCluster(padmin, "p1", cl("c\u200b2")) }},
		// BW-20: TLS ciphers by IANA name: lower case is an OpenSSL-style spelling
		{"save: lower-case cipher", ErrInterfaceValidation,
			Error{Op: "save cluster", Partner: "p1", Detail: "cipher TLS_aes_128_gcm_sha256 is not an IANA name"},
			func(c *Cloud) error {
				return c.SaveCluster(padmin, "p1", cl("c2", "TLS_AES_128_GCM_SHA256", "TLS_aes_128_gcm_sha256"))
			}},
		{"save: cipher with a hyphen", ErrInterfaceValidation,
			Error{Op: "save cluster", Partner: "p1", Detail: "cipher TLS_AES-128 is not an IANA name"},
			func(c *Cloud) error { return c.SaveCluster(padmin, "p1", cl("c2", "TLS_AES-128")) }},
		{"save: cipher over 100 bytes", ErrInterfaceValidation,
			Error{Op: "save cluster", Partner: "p1", Detail: "cipher " + long + " is not an IANA name"},
			func(c *Cloud) error { return c.SaveCluster(padmin, "p1", cl("c2", long)) }},
		{"delete: unknown partner", ErrUnknown, Error{Op: "delete cluster", Partner: "nope", Detail: "c1"},
			func(c *Cloud) error { return c.DeleteCluster(padmin, "nope", "c1") }},
		{"delete: provisioning admin", ErrForbidden, Error{Op: "delete cluster", Partner: "p1", Detail: "c1"},
			func(c *Cloud) error { return c.DeleteCluster(pprov, "p1", "c1") }},
		{"delete: another partner's admin", ErrForbidden, Error{Op: "delete cluster", Partner: "p1", Detail: "c1"},
			func(c *Cloud) error { return c.DeleteCluster(other, "p1", "c1") }},
		{"delete: unknown cluster", ErrUnknown, Error{Op: "delete cluster", Partner: "p1", Detail: "c9"},
			func(c *Cloud) error { return c.DeleteCluster(padmin, "p1", "c9") }},
	})
	// the edges accepted: a cipher of exactly 100 bytes, a sales full admin
	c := fixture(t)
	must(t, c.SaveCluster(Actor{Role: PartnerSalesFullAdmin, Partner: "p1"}, "p1", cl("c2", long[:100])))
	must(t, c.DeleteCluster(Actor{Role: PartnerSalesFullAdmin, Partner: "p1"}, "p1", "c2"))
}

// Saving or deleting a template refuses an unknown partner (ErrUnknown) and
// an actor who is not a full admin of the partner (ErrForbidden); saving
// refuses a name that is not a valid ID (ErrInvalidTemplate, Detail naming
// the template and "name"); deleting refuses an unknown template
// (ErrUnknown). Reading an unknown template gives nothing.
func TestTemplateRefusals(t *testing.T) {
	ts := func(name string) TemplateSettings {
		return TemplateSettings{Name: name, Cluster: "c1", Mode: Trusted, PartnerAdminEmail: partnerAdminEmail,
			AccountName: "prov", Password: "pw", ConfirmPassword: "pw"}
	}
	runRefusals(t, func(t *testing.T) *Cloud { return fixture(t) }, []refusal{
		{"save: unknown partner", ErrUnknown, Error{Op: "save template", Partner: "nope", Detail: "t2"},
			func(c *Cloud) error { return c.SaveTemplate(padmin, "nope", ts("t2"), t0) }},
		{"save: provisioning admin", ErrForbidden, Error{Op: "save template", Partner: "p1", Detail: "t2"},
			func(c *Cloud) error { return c.SaveTemplate(pprov, "p1", ts("t2"), t0) }},
		{"save: read-only admin edits", ErrForbidden, Error{Op: "save template", Partner: "p1", Detail: "trusted"},
			func(c *Cloud) error { return c.SaveTemplate(pro, "p1", ts("trusted"), t0) }},
		// BW-21: the name is required
		{"save: empty name", ErrInvalidTemplate, Error{Op: "save template", Partner: "p1", Detail: "name"},
			func(c *Cloud) error { return c.SaveTemplate(padmin, "p1", ts(""), t0) }},
		{"save: invisible name", ErrInvalidTemplate, Error{Op: "save template", Partner: "p1", Detail: `"t\u200b2": name`},
			func(c *Cloud) error { return c.SaveTemplate(padmin, "p1", ts("t\u200b2"), t0) }},
		{"delete: unknown partner", ErrUnknown, Error{Op: "delete template", Partner: "nope", Detail: "trusted"},
			func(c *Cloud) error { return c.DeleteTemplate(padmin, "nope", "trusted") }},
		{"delete: provisioning admin", ErrForbidden, Error{Op: "delete template", Partner: "p1", Detail: "trusted"},
			func(c *Cloud) error { return c.DeleteTemplate(pprov, "p1", "trusted") }},
		{"delete: unknown template", ErrUnknown, Error{Op: "delete template", Partner: "p1", Detail: "t9"},
			func(c *Cloud) error { return c.DeleteTemplate(padmin, "p1", "t9") }},
	})
	c := fixture(t)
	if s, ok := c.Partner("p1").Template("t9"); ok || s != (TemplateSettings{}) {
		t.Errorf("unknown template read as %+v, %v", s, ok)
	}
	must(t, c.DeleteTemplate(padmin, "p1", "untrusted")) // unused: deleted
	if slices.Contains(c.Partner("p1").Templates(), "untrusted") {
		t.Error("deleted template still listed")
	}
}

// Calls about a subscriber refuse an unknown partner or user ID:
// CheckCall also an out-of-range call source, RemoveSubscriber by a
// named actor an unknown partner before looking at the user, SelfActivate
// an unknown partner, template or enterprise, all with ErrUnknown; a
// self-activation of a user ID that has a live record is
// ErrAlreadyProvisioned. The error names the partner and subscriber (and
// the enterprise where the call names one).
func TestSubscriberLookupRefusals(t *testing.T) {
	setup := func(t *testing.T) *Cloud {
		c := fixture(t)
		provisioned(t, c, "u1", "ann@acme.example", Standard)
		return c
	}
	call := func(p, u string) Error { return Error{Op: "call", Partner: p, Subscriber: u} }
	act := func(p, tpl, en, u string) Activation {
		return Activation{Partner: p, Template: tpl, Enterprise: en, UserID: u, Cluster: "c1", Package: Basic}
	}
	selfAct := func(p, en, u string) Error {
		return Error{Op: "self-activate", Partner: p, Enterprise: en, Subscriber: u}
	}
	runRefusals(t, setup, []refusal{
		{"call: unknown partner", ErrUnknown, call("nope", "u1"),
			func(c *Cloud) error { return c.CheckCall("nope", "u1", FromSpace) }},
		{"call: unknown user", ErrUnknown, call("p1", "u9"),
			func(c *Cloud) error { return c.CheckCall("p1", "u9", FromSpace) }},
		{"call: source zero", ErrUnknown, call("p1", "u1"),
			func(c *Cloud) error { return c.CheckCall("p1", "u1", 0) }},
		{"call: source past the last", ErrUnknown, call("p1", "u1"),
			func(c *Cloud) error { return c.CheckCall("p1", "u1", TelephonyPresence+1) }},
		{"remove: unknown partner", ErrUnknown, Error{Op: "remove subscriber", Partner: "nope", Subscriber: "u1"},
			func(c *Cloud) error { return c.RemoveSubscriber(padmin, "nope", "u1", t0) }},
		{"self-activate: unknown partner", ErrUnknown, selfAct("nope", "e2", "u2"),
			func(c *Cloud) error { _, err := c.SelfActivate(act("nope", "untrusted", "e2", "u2"), t0); return err }},
		{"self-activate: unknown template", ErrUnknown, selfAct("p1", "e2", "u2"),
			func(c *Cloud) error { _, err := c.SelfActivate(act("p1", "t9", "e2", "u2"), t0); return err }},
		{"self-activate: unknown enterprise", ErrUnknown, selfAct("p1", "e9", "u2"),
			func(c *Cloud) error { _, err := c.SelfActivate(act("p1", "untrusted", "e9", "u2"), t0); return err }},
		// BW-34: a user ID already linked to a subscriber
		{"self-activate: live user ID", ErrAlreadyProvisioned, selfAct("p1", "e2", "u1"),
			func(c *Cloud) error { _, err := c.SelfActivate(act("p1", "untrusted", "e2", "u1"), t0); return err }},
	})
	// the edges accepted: the first and last call sources
	c := setup(t)
	must(t, c.CheckCall("p1", "u1", FromSpace))
	must(t, c.CheckCall("p1", "u1", TelephonyPresence))
}

// BW-32: an update of a subscriber still provisioning, or already
// updating, is refused (ErrInvalidTransition, no change), naming the
// subscriber's enterprise and e-mail.
func TestUpdateInFlightRefused(t *testing.T) {
	c := fixture(t)
	r := req("u1", "ann@beta.example")
	r.Enterprise = "e2"
	must1[Subscriber](t)(c.Provision(padmin, r, t0))
	provisioned(t, c, "u2", "bob@acme.example", Basic)
	must1[Subscriber](t)(c.UpdateSubscriber(padmin, "p1", "u2", Update{Package: Standard}, t0))
	for _, u := range []struct{ id, en, email string }{{"u1", "e2", "ann@beta.example"}, {"u2", "e1", "bob@acme.example"}} {
		refusedWith(t, c, ErrInvalidTransition,
			Error{Op: "update subscriber", Partner: "p1", Enterprise: u.en, Subscriber: u.id, Email: u.email},
			func() error {
				_, err := c.UpdateSubscriber(padmin, "p1", u.id, Update{Package: Premium}, t0)
				return err
			})
	}
}

// An account cannot take an e-mail an account or a person already has,
// compared case-insensitively (ErrExists, naming the e-mail given).
func TestAddAccountEmailTaken(t *testing.T) {
	c := fixture(t)
	provisioned(t, c, "u1", "ann@acme.example", Basic)
	must1[Account](t)(c.AddAccount("cat@gmail.example"))
	for _, email := range []string{"cat@gmail.example", "CAT@gmail.example", "ann@acme.example", "Ann@ACME.example"} {
		refusedWith(t, c, ErrExists, Error{Op: "add account", Email: email}, func() error {
			_, err := c.AddAccount(email)
			return err
		})
	}
}

// NewCloud refuses meeting sites the license catalog refuses: a site name
// with an underscore or a scheme, or one site for both packages. The error is an *Error "new cloud" with
// Detail "sites" that keeps the catalog's error in the chain.
func TestNewCloudBadSites(t *testing.T) {
	for _, cfg := range []Config{
		{StandardSite: "a_b"},
		{PremiumSite: "https://x.webex.com"},
		{StandardSite: "x.webex.com", PremiumSite: "x.webex.com"},
	} {
		c, err := NewCloud(cfg)
		var be *Error
		if c != nil || !errors.Is(err, license.ErrInvalidCatalog) || !errors.As(err, &be) ||
			be.Op != "new cloud" || be.Detail != "sites" {
			t.Errorf("NewCloud(%+v) = %v, %v; want nil, a \"new cloud\" *Error wrapping ErrInvalidCatalog", cfg, c, err)
		}
	}
}

// AddOrg refuses an invalid org ID, a negative workspace count and an
// unknown authentication (ErrInvalidInput), an ID in use (ErrExists), and
// persons with an invalid e-mail or a partner role (ErrInvalidInput) or an
// e-mail given twice (case-insensitively) or already a person's or an
// account's (ErrExists). A person's refusal is an *Error "add org" naming
// the org that wraps one naming the e-mail.
func TestAddOrgRefusals(t *testing.T) {
	setup := func(t *testing.T) *Cloud {
		c := fixture(t)
		provisioned(t, c, "u1", "ann@acme.example", Basic)
		must1[Account](t)(c.AddAccount("cat@gmail.example"))
		must1[string](t)(c.AddOrg(OrgSetup{ID: "o1"}))
		return c
	}
	add := func(s OrgSetup) func(*Cloud) error {
		return func(c *Cloud) error { _, err := c.AddOrg(s); return err }
	}
	org := func(id string) Error { return Error{Op: "add org", Org: id} }
	runRefusals(t, setup, []refusal{
		{"invisible ID", ErrInvalidInput, org("o\u200b2"), add(OrgSetup{ID: "o\u200b2"})},
		{"ID with a space", ErrInvalidInput, org("o 2"), add(OrgSetup{ID: "o 2"})},
		{"negative workspaces", ErrInvalidInput, org("o2"), add(OrgSetup{ID: "o2", Workspaces: -1})},
		{"negative workspaces, drawn ID", ErrInvalidInput, org(""), add(OrgSetup{Workspaces: -1})},
		{"unknown authentication", ErrInvalidInput, org("o2"), add(OrgSetup{ID: "o2", Authentication: SSOAuth + 1})},
		{"ID in use", ErrExists, org("o1"), add(OrgSetup{ID: "o1"})},
	})
	for _, tt := range []struct {
		name  string
		want  error
		email string
		ps    []PersonSetup
	}{
		{"invalid e-mail", ErrInvalidInput, "a@x", []PersonSetup{{Email: "ok@o2.example"}, {Email: "a@x"}}},
		{"formula e-mail", ErrInvalidInput, "=a@o2.example", []PersonSetup{{Email: "=a@o2.example"}}},
		{"partner role", ErrInvalidInput, "a@o2.example", []PersonSetup{{Email: "a@o2.example", Role: PartnerFullAdmin}}},
		{"unknown role", ErrInvalidInput, "a@o2.example", []PersonSetup{{Email: "a@o2.example", Role: EndUser + 1}}},
		{"twice", ErrExists, "A@o2.example", []PersonSetup{{Email: "a@o2.example"}, {Email: "A@o2.example"}}},
		{"a person's", ErrExists, "ANN@acme.example", []PersonSetup{{Email: "ANN@acme.example"}}},
		{"an account's", ErrExists, "cat@gmail.example", []PersonSetup{{Email: "cat@gmail.example"}}},
	} {
		t.Run("person: "+tt.name, func(t *testing.T) { // one *Error names the org and the person refused
			c := setup(t)
			want := org("o2")
			want.Email = tt.email
			refusedWith(t, c, tt.want, want, func() error {
				_, err := c.AddOrg(OrgSetup{ID: "o2", Persons: tt.ps})
				return err
			})
		})
	}
}

// Org edits refuse an unknown org (ErrUnknown) and invalid input
// (ErrInvalidInput): AddPersons and AddExternalAdmin, SetPersonEmail of
// an unknown org or person or to an invalid e-mail, and
// SetBrandingOverride by anyone but a partner admin acting as itself
// (ErrForbidden), each naming the org and the e-mail concerned.
func TestOrgEditRefusals(t *testing.T) {
	var org string
	setup := func(t *testing.T) *Cloud {
		c := fixture(t)
		org = provisioned(t, c, "u1", "ann@acme.example", Basic).Org
		return c
	}
	full := func() Actor { return customer(org, CustomerFullAdmin) }
	ext := Actor{Role: PartnerFullAdmin, Partner: "p1", Email: partnerAdminEmail, External: true}
	tests := []struct {
		name string
		want error
		err  func() Error
		f    func(c *Cloud) error
	}{
		{"add persons: unknown org", ErrUnknown, func() Error { return Error{Op: "add persons", Org: "nope", Email: partnerAdminEmail} },
			func(c *Cloud) error { return c.AddPersons(padmin, "nope", []PersonSetup{{Email: "b@acme.example"}}) }},
		{"add persons: a person's e-mail names that person", ErrExists, func() Error { return Error{Op: "add persons", Org: org, Email: "ANN@acme.example"} },
			func(c *Cloud) error {
				return c.AddPersons(padmin, org, []PersonSetup{{Email: "b@acme.example"}, {Email: "ANN@acme.example"}})
			}},
		{"add external admin: invalid e-mail", ErrInvalidInput,
			func() Error { return Error{Op: "add external admin", Org: org, Email: "admin@sp"} },
			func(c *Cloud) error { return c.AddExternalAdmin(full(), org, "admin@sp", true) }},
		{"add external admin: unknown org", ErrUnknown,
			func() Error { return Error{Op: "add external admin", Org: "nope", Email: partnerAdminEmail} },
			func(c *Cloud) error { return c.AddExternalAdmin(full(), "nope", partnerAdminEmail, true) }},
		{"set person e-mail: unknown org", ErrUnknown,
			func() Error { return Error{Op: "set person e-mail", Org: "nope", Email: "ann@acme.example"} },
			func(c *Cloud) error { return c.SetPersonEmail(full(), "nope", "ann@acme.example", "a2@acme.example") }},
		{"set person e-mail: unknown person", ErrUnknown,
			func() Error { return Error{Op: "set person e-mail", Org: org, Email: "bob@acme.example"} },
			func(c *Cloud) error { return c.SetPersonEmail(full(), org, "bob@acme.example", "b2@acme.example") }},
		{"set person e-mail: invalid new e-mail", ErrInvalidInput,
			func() Error { return Error{Op: "set person e-mail", Org: org, Email: "ann@acme.example"} },
			func(c *Cloud) error { return c.SetPersonEmail(full(), org, "ann@acme.example", "ann@acme") }},
		{"branding override: customer full admin", ErrForbidden,
			func() Error { return Error{Op: "set branding override", Org: org, Email: "cust@" + org} },
			func(c *Cloud) error { return c.SetBrandingOverride(full(), org, true) }},
		{"branding override: external admin", ErrForbidden,
			func() Error { return Error{Op: "set branding override", Org: org, Email: partnerAdminEmail} },
			func(c *Cloud) error { return c.SetBrandingOverride(ext, org, true) }},
		{"branding override: unknown org", ErrUnknown,
			func() Error { return Error{Op: "set branding override", Org: "nope", Email: partnerAdminEmail} },
			func(c *Cloud) error { return c.SetBrandingOverride(padmin, "nope", true) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := setup(t)
			refusedWith(t, c, tt.want, tt.err(), func() error { return tt.f(c) })
		})
	}
}

// Reads about something unknown are empty, never a panic: Persons and
// LicenseChanges of an unknown org, Mismatch, Activations and
// UserStatuses of an unknown partner, SignInID of an unknown partner or
// user, an unknown enterprise, the branding of an unknown org.
// CheckMeetingContent of an unknown owner is ErrUnknown.
func TestUnknownReads(t *testing.T) {
	c := fixture(t)
	provisioned(t, c, "u1", "ann@acme.example", Basic)
	var nilP *Partner
	if c.Persons("nope") != nil || c.LicenseChanges("nope") != nil || c.Mismatch("nope") != nil ||
		nilP.Activations("trusted") != nil || nilP.UserStatuses(false) != nil {
		t.Error("a read of an unknown org or partner lists something")
	}
	for _, k := range [][2]string{{"nope", "u1"}, {"p1", "u9"}} {
		if id, ok := c.SignInID(k[0], k[1]); ok || id != "" {
			t.Errorf("SignInID(%q, %q) = %q, %v", k[0], k[1], id, ok)
		}
	}
	if en, ok := c.Partner("p1").Enterprise("e9"); ok || en.ID != "" {
		t.Errorf("unknown enterprise read as %+v", en)
	}
	if b := c.Branding("nope"); b != "" {
		t.Errorf("branding of an unknown org %q", b)
	}
	refusedWith(t, c, ErrUnknown, Error{Op: "meeting content", Email: "ann@acme.example", Detail: "of nobody@acme.example"},
		func() error { return c.CheckMeetingContent("nobody@acme.example", "ann@acme.example") })
}

// BW-13: an org with its own advanced branding shows it whatever the
// partner; for an org with basic branding the partner's advanced branding
// wins until the partner keeps the org's own, and wins again once it stops.
func TestBrandingOverrideOnAndOff(t *testing.T) {
	c := fixture(t)
	must1[string](t)(c.AddOrg(OrgSetup{ID: "adv", Persons: []PersonSetup{{Email: "a@adv.example", Role: CustomerFullAdmin}}}))
	must1[string](t)(c.AddOrg(OrgSetup{ID: "bas", BasicBranding: true, Persons: []PersonSetup{{Email: "b@bas.example", Role: CustomerFullAdmin}}}))
	must(t, c.AddEnterprise("p1", Enterprise{ID: "e3"}))
	for _, x := range []struct{ en, email string }{{"e2", "a@adv.example"}, {"e3", "b@bas.example"}} {
		r := req("u-"+x.en, x.email)
		r.Enterprise = x.en
		must1[Subscriber](t)(c.Provision(padmin, r, t0))
		must1[Subscriber](t)(c.Complete("p1", r.UserID, t0))
	}
	step := func(what, adv, bas string) {
		t.Helper()
		if a, b := c.Branding("adv"), c.Branding("bas"); a != adv || b != bas {
			t.Errorf("%s: branding adv %q, bas %q; want %q, %q", what, a, b, adv, bas)
		}
	}
	step("attached", "advanced", "advanced")
	must(t, c.SetBrandingOverride(padmin, "bas", true))
	must(t, c.SetBrandingOverride(padmin, "adv", true))
	step("kept", "advanced", "basic")
	must(t, c.SetBrandingOverride(padmin, "bas", false))
	step("no longer kept", "advanced", "advanced")
	must(t, c.SetBrandingOverride(padmin, "bas", false)) // again: no change
	step("no longer kept, twice", "advanced", "advanced")
}

// BW-26: Softphone subscribers count in totals, per customer and in
// trends, and a move from Softphone to another package moves the count.
func TestAnalyticsCountsSoftphone(t *testing.T) {
	a, err := NewAnalytics([]AnalyticsEvent{
		{at("2025-01-01T09:00:00Z"), "Alpha", "a1", Softphone, true},
		{at("2025-01-01T10:00:00Z"), "Beta", "b1", Softphone, true},
		{at("2025-01-02T09:00:00Z"), "Alpha", "a1", Basic, true},
		{at("2025-01-02T10:00:00Z"), "Beta", "b2", Softphone, false}, // pending: not counted
	})
	must(t, err)
	if got, want := a.Totals(at("2025-01-01T12:00:00Z")), (PackageCounts{Softphone: 2}); got != want {
		t.Errorf("day 1 totals %+v, want %+v", got, want)
	}
	want := []CustomerCounts{{"Alpha", PackageCounts{Basic: 1}}, {"Beta", PackageCounts{Softphone: 1}}}
	if d := cmp.Diff(want, a.Customers(at("2025-01-03T00:00:00Z"))); d != "" {
		t.Errorf("customers (-want +got):\n%s", d)
	}
	pts, err := a.Trend(DayBucket, at("2025-01-01T00:00:00Z"), at("2025-01-02T00:00:00Z"))
	must(t, err)
	if len(pts) != 2 || pts[0].Counts.Of(Softphone) != 2 || pts[1].Counts.Of(Softphone) != 1 || pts[1].Counts.Of(Basic) != 1 {
		t.Errorf("trend %+v", pts)
	}
}

var errWriteFailed = errors.New("write failed")

// failingWriter takes limit bytes, then fails every write.
type failingWriter struct {
	limit int
	n     int
}

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n+len(p) > w.limit {
		return 0, errWriteFailed
	}
	w.n += len(p)
	return len(p), nil
}

// WriteCSV returns the writer's error, whether it surfaces while writing
// rows (a report larger than the CSV writer's buffer) or at the final
// flush (a small report).
func TestWriteCSVWriterFails(t *testing.T) {
	item := LineItem{Partner: "Acme SP", BillingID: "C1234", EnterpriseID: "ent-1", UserID: "ann@bw",
		SubscriberID: "sub-1", ProvisionedOn: date("2025-01-21"), Start: date("2025-01-21"), End: date("2025-01-31"),
		Package: Basic, Quantity: Quantity{Days: 11, MonthDays: 31}}
	for _, n := range []int{0, 1, 500} {
		r := Report{Items: slices.Repeat([]LineItem{item}, n)}
		var ok bytes.Buffer
		must(t, r.WriteCSV(&ok))
		for _, limit := range []int{0, ok.Len() - 1} {
			if err := r.WriteCSV(&failingWriter{limit: limit}); !errors.Is(err, errWriteFailed) {
				t.Errorf("%d items, writer failing after %d of %d bytes: err = %v", n, limit, ok.Len(), err)
			}
		}
		if err := r.WriteCSV(&failingWriter{limit: ok.Len()}); err != nil {
			t.Errorf("%d items, writer taking all %d bytes: %v", n, ok.Len(), err)
		}
	}
}

// MustParseVersion panics with ParseVersion's error on a bad release.
func TestMustParseVersionPanics(t *testing.T) {
	defer func() {
		err, _ := recover().(error)
		var ve *VersionError
		if !errors.Is(err, ErrInvalidVersion) || !errors.As(err, &ve) {
			t.Errorf("recovered %v, want a *VersionError", err)
		}
	}()
	MustParseVersion("R24sp1")
	t.Error("no panic")
}

// BW-8, BW-34: BW-33 is decided again when the task completes: a consumer
// account created for the e-mail of a subscriber joining org(E) after it
// was provisioned makes the join need consent (pending_user_migration and
// an "Activate account" e-mail, the account kept); after consent it joins
// as a new person.
func TestCompleteDecidesConsentAgain(t *testing.T) {
	c := fixture(t)
	org := provisioned(t, c, "u1", "ann@acme.example", Basic).Org
	if s := must1[Subscriber](t)(c.Provision(padmin, req("u2", "bob@acme.example"), t0)); s.Status != Provisioning {
		t.Fatalf("joining subscriber %v", s.Status)
	}
	acc := must1[Account](t)(c.AddAccount("bob@acme.example"))
	n := len(c.Notifications())
	s := must1[Subscriber](t)(c.Complete("p1", "u2", t0.Add(time.Hour)))
	if s.Status != PendingUserMigration || s.Org != "" {
		t.Fatalf("after completing: %v in %q, want pending_user_migration", s.Status, s.Org)
	}
	want := []Notification{{At: t0.Add(time.Hour), Kind: NoticeActivateAccount, To: []string{"bob@acme.example"},
		Partner: "p1", Subscriber: "u2", Org: org}}
	if d := cmp.Diff(want, c.Notifications()[n:]); d != "" {
		t.Errorf("notifications (-want +got):\n%s", d)
	}
	if _, ok := c.LookupAccount("bob@acme.example"); !ok {
		t.Error("the account went without consent")
	}
	checkInv(t, c)
	must1[Subscriber](t)(c.Consent("p1", "u2", t0.Add(2*time.Hour)))
	s = must1[Subscriber](t)(c.Complete("p1", "u2", t0.Add(2*time.Hour)))
	if s.Status != Provisioned || s.Org != org || s.PersonID == acc.PersonID {
		t.Errorf("after consent: %v in %q as %q (account's %q)", s.Status, s.Org, s.PersonID, acc.PersonID)
	}
	checkInv(t, c)
}

// BW-16: re-attaching is provisioning. An org detached after its
// Softphone subscriber was removed already has the Webex for BroadWorks
// subscription and the person the free licenses: provisioning the person
// again attaches it with no license change.
func TestReattachNeedsNoLicenseChange(t *testing.T) {
	c := fixture(t)
	id := existing(t, c, 2, OrgSetup{})
	s := provisioned(t, c, "u1", "x1@x.example", Softphone)
	if s.Org != id {
		t.Fatalf("not attached: %v in %q", s.Status, s.Org)
	}
	must(t, c.RemoveSubscriber(padmin, "p1", "u1", t0))
	must(t, c.DeleteCallingConfig(padmin, id))
	must(t, c.Detach(padmin, id))
	changes, held := len(c.LicenseChanges(id)), c.Held("x1@x.example")
	s = provisioned(t, c, "u2", "x1@x.example", Softphone)
	if s.Status != Provisioned || s.Org != id {
		t.Fatalf("re-attach: %v in %q", s.Status, s.Org)
	}
	if got := len(c.LicenseChanges(id)); got != changes {
		t.Errorf("re-attach recorded %d license changes", got-changes)
	}
	if got := c.Held("x1@x.example"); got != held {
		t.Errorf("licenses %v, want %v unchanged", got, held)
	}
	if o, _ := c.Org(id); o.Enterprise != "e1" || o.Partner != "p1" || !o.BWActive {
		t.Errorf("re-attached org %+v", o)
	}
	checkInv(t, c)
}

// A package change the person's licenses already satisfy (an
// admin gave a Softphone subscriber Basic Meetings) starts the update with
// no engine change, and the subscriber has the new package.
func TestUpdateAlreadySatisfied(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Softphone)
	must(t, c.ChangeLicenses(padmin, s.Org, "ann@acme.example", []license.Kind{license.BasicMeetings}, nil, t0))
	changes, held := len(c.LicenseChanges(s.Org)), c.Held("ann@acme.example")
	if held != c.PackageLicenses(Basic) {
		t.Fatalf("held %v, want Basic's %v", held, c.PackageLicenses(Basic))
	}
	u := must1[Subscriber](t)(c.UpdateSubscriber(padmin, "p1", "u1", Update{Package: Basic}, t0.Add(time.Hour)))
	if u.Status != Updating || u.Package != Basic {
		t.Errorf("updated: %v %v", u.Status, u.Package)
	}
	if p, _, _ := c.LookupPerson("ann@acme.example"); p.Package != Basic {
		t.Errorf("person's package %v", p.Package)
	}
	if got := len(c.LicenseChanges(s.Org)); got != changes || c.Held("ann@acme.example") != held {
		t.Errorf("engine changed: %d new plans, held %v", got-changes, c.Held("ann@acme.example"))
	}
	checkInv(t, c)
}

// BW-33: a refusal found when "Join now" or a retry runs BW-33 again
// comes back from that call with no change (the subscriber stays where it
// was), naming the subscriber, its enterprise and e-mail:
// ErrOrgBoundToOtherEnterprise, ErrEmailInOtherOrg, and (BW-11) a retry
// of a 2017 after "provision existing orgs" was switched off.
func TestRestartRefusals(t *testing.T) {
	untrusted := func(c *Cloud, user, en, email string) {
		r := req(user, "")
		r.Template, r.Enterprise = "untrusted", en
		must1[Subscriber](t)(c.Provision(padmin, r, t0))
		must1[Subscriber](t)(c.EnterEmail("p1", user, email, t0))
	}
	t.Run("org of another enterprise", func(t *testing.T) {
		c := fixture(t)
		provisioned(t, c, "u1", "ann@acme.example", Basic)
		untrusted(c, "u2", "e2", "ann@acme.example")
		refusedWith(t, c, ErrOrgBoundToOtherEnterprise,
			Error{Op: "join now", Partner: "p1", Enterprise: "e2", Subscriber: "u2", Email: "ann@acme.example"},
			func() error { _, err := c.JoinNow("p1", "u2", t0); return err })
	})
	t.Run("person of another org", func(t *testing.T) {
		c := fixture(t)
		provisioned(t, c, "u1", "ann@acme.example", Basic)
		existing(t, c, 1, OrgSetup{})
		untrusted(c, "u2", "e1", "x0@x.example")
		refusedWith(t, c, ErrEmailInOtherOrg,
			Error{Op: "join now", Partner: "p1", Enterprise: "e1", Subscriber: "u2", Email: "x0@x.example"},
			func() error { _, err := c.JoinNow("p1", "u2", t0); return err })
	})
	t.Run("retry with existing orgs off", func(t *testing.T) {
		c := fixture(t)
		existing(t, c, 1, OrgSetup{Domains: []Domain{{Name: "x.example", Verified: true}}})
		if s := provisioned(t, c, "u1", "x0@x.example", Basic); s.Status != Failed || s.ErrCode != Code2017 {
			t.Fatalf("not a 2017: %v %d", s.Status, s.ErrCode)
		}
		tr, _ := c.Partner("p1").Template("trusted")
		tr.NoExistingOrgs = true
		must(t, c.SaveTemplate(padmin, "p1", tr, t0))
		refusedWith(t, c, ErrExistingOrgProvisioningDisabled,
			Error{Op: "retry", Partner: "p1", Enterprise: "e1", Subscriber: "u1", Email: "x0@x.example"},
			func() error { _, err := c.Retry(padmin, "p1", "u1", t0); return err })
	})
}

// BW-14: a partner admin added as external full admin of an org acts on
// it with full rights, so even a partner read-only admin may edit a
// person's services there; with read-only external rights it may not
// (ErrForbidden).
func TestExternalAdminChangesLicenses(t *testing.T) {
	c := fixture(t)
	id := existing(t, c, 2, OrgSetup{})
	full := customer(id, CustomerFullAdmin)
	ro := Actor{Role: PartnerReadOnlyAdmin, Partner: "p9", Email: "ro@other.example", External: true, Org: id}
	must(t, c.AddExternalAdmin(full, id, ro.Email, false))
	refusedWith(t, c, ErrForbidden, Error{Op: "change licenses", Org: id, Email: "x1@x.example"}, func() error {
		return c.ChangeLicenses(ro, id, "x1@x.example", nil, []license.Kind{license.CallOnWebex}, t0)
	})
	must(t, c.AddExternalAdmin(full, id, ro.Email, true))
	must(t, c.ChangeLicenses(ro, id, "x1@x.example", nil, []license.Kind{license.CallOnWebex}, t0))
	if c.Held("x1@x.example").Has(license.CallOnWebex) {
		t.Error("the external full admin's change did not apply")
	}
}

// A services edit the engine refuses (a kind with no unit in the org)
// comes back as an *Error naming the org and person that keeps the
// engine's reason, and changes nothing.
func TestChangeLicensesNoUnit(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Standard)
	for _, k := range []license.Kind{license.ContactCenterStandard, license.UnifiedCM} {
		refusedWith(t, c, license.ErrNoUnit, Error{Op: "change licenses", Org: s.Org, Email: "ann@acme.example"},
			func() error { return c.ChangeLicenses(padmin, s.Org, "ann@acme.example", []license.Kind{k}, nil, t0) })
	}
}

// BW-19: disabling directory sync on an org with no synced person deletes
// no one and records no license change; sync is off.
func TestDisableDirSyncNoSyncedPersons(t *testing.T) {
	c := fixture(t)
	id := existing(t, c, 2, OrgSetup{DirSync: true})
	changes := len(c.LicenseChanges(id))
	must(t, c.DisableDirSync(customer(id, CustomerFullAdmin), id, t0))
	if o, _ := c.Org(id); o.DirSync || len(c.Persons(id)) != 2 || len(c.LicenseChanges(id)) != changes {
		t.Errorf("after disabling: sync %v, %d persons, %d new changes", o.DirSync, len(c.Persons(id)), len(c.LicenseChanges(id))-changes)
	}
	checkInv(t, c)
}

// CheckInvariants reports each kind of broken index or record, naming
// what is concerned: an e-mail index entry with no person, a creator not
// creating, a subscriber of no enterprise, a provisioned subscriber whose
// person is another, an unprovisioned subscriber linked to an org, an org
// whose enterprise maps elsewhere, a person filed under another e-mail.
func TestInvariantViolations(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(c *Cloud, org string)
		want    func(org string) []Violation
	}{
		{"e-mail index without person", func(c *Cloud, org string) { c.where["ghost@acme.example"] = org },
			func(org string) []Violation {
				return []Violation{{Rule: "state", Org: org, Detail: "e-mail index ghost@acme.example"}}
			}},
		{"e-mail index of an account", func(c *Cloud, org string) { c.accounts["ann@acme.example"] = &Account{Email: "ann@acme.example"} },
			func(org string) []Violation {
				return []Violation{{Rule: "state", Org: org, Detail: "e-mail index ann@acme.example"}}
			}},
		{"creator provisioned", func(c *Cloud, _ string) { c.partners["p1"].enterprises["e1"].creator = "u1" },
			func(string) []Violation {
				return []Violation{{Rule: "state", Partner: "p1", Enterprise: "e1", Subscriber: "u1", Detail: "creator not creating"}}
			}},
		{"subscriber not a member", func(c *Cloud, _ string) { delete(c.partners["p1"].enterprises["e1"].members, "u1") },
			func(org string) []Violation {
				return []Violation{{Rule: "state", Partner: "p1", Enterprise: "e1", Subscriber: "u1", Org: org, Detail: "subscriber of no enterprise"}}
			}},
		{"person ID differs", func(c *Cloud, org string) { c.orgs[org].persons["ann@acme.example"].ID = "other" },
			func(org string) []Violation {
				return []Violation{
					{Rule: "INV-8", Partner: "p1", Enterprise: "e1", Subscriber: "u1", Org: org, Detail: "provisioned subscriber is not a person of its org"},
					{Rule: "INV-8", Partner: "p1", Enterprise: "e1", Subscriber: "u1", Org: org, Detail: "person linked to no subscriber of the org's partner"},
				}
			}},
		{"pending subscriber linked", func(c *Cloud, org string) { c.partners["p1"].subs["u2"].Org = org },
			func(org string) []Violation {
				return []Violation{{Rule: "state", Partner: "p1", Enterprise: "e2", Subscriber: "u2", Org: org, Detail: "unprovisioned subscriber linked"}}
			}},
		{"org's enterprise elsewhere", func(c *Cloud, org string) { c.orgs[org].Enterprise = "e2" },
			func(org string) []Violation {
				return []Violation{
					{Rule: "INV-8", Partner: "p1", Enterprise: "e1", Org: org, Detail: "the enterprise's org does not map back to it"},
					{Rule: "INV-8", Partner: "p1", Enterprise: "e2", Org: org, Detail: "the org's enterprise does not map back to it"},
				}
			}},
		{"org's partner gone", func(c *Cloud, org string) { c.orgs[org].Partner = "p9" },
			func(org string) []Violation {
				return []Violation{
					{Rule: "INV-8", Partner: "p1", Enterprise: "e1", Org: org, Detail: "the enterprise's org does not map back to it"},
					{Rule: "INV-8", Partner: "p9", Enterprise: "e1", Org: org, Detail: "the org's enterprise does not map back to it"},
					{Rule: "INV-8", Partner: "p9", Enterprise: "e1", Subscriber: "u1", Org: org, Detail: "person linked to no subscriber of the org's partner"},
				}
			}},
		{"person under another e-mail", func(c *Cloud, org string) { c.orgs[org].persons["ann@acme.example"].Email = "zed@acme.example" },
			func(org string) []Violation {
				return []Violation{{Rule: "state", Org: org, Detail: "person index ann@acme.example"}}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := fixture(t)
			org := provisioned(t, c, "u1", "ann@acme.example", Basic).Org
			r := req("u2", "")
			r.Template, r.Enterprise = "untrusted", "e2"
			must1[Subscriber](t)(c.Provision(padmin, r, t0))
			checkInv(t, c)
			tt.corrupt(c, org)
			if d := cmp.Diff(tt.want(org), c.CheckInvariants()); d != "" {
				t.Errorf("violations (-want +got):\n%s", d)
			}
		})
	}
}

// A person whose engine e-mail the engine does not know (a corrupted
// state) holds nothing, and CheckInvariants reports it: a person's
// licenses are its engine user's.
func TestHeldOfPersonUnknownToEngine(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Standard)
	c.orgs[s.Org].persons["ann@acme.example"].engEmail = "nobody@acme.example"
	if h := c.Held("ann@acme.example"); h != (license.Set{}) {
		t.Errorf("held %v, want nothing", h)
	}
	want := []Violation{{Rule: "state", Org: s.Org, Subscriber: "u1", Detail: "person ann@acme.example is no engine user"}}
	if diff := cmp.Diff(want, c.CheckInvariants()); diff != "" {
		t.Errorf("violations (-want +got):\n%s", diff)
	}
}
