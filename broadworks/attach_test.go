package broadworks

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// existing adds customer org "x" with n persons: x0@x.example (a full
// admin), x1@x.example, ... and the given setup.
func existing(t *testing.T, c *Cloud, n int, s OrgSetup) string {
	t.Helper()
	s.ID, s.Name = "x", "X Corp"
	for i := range n {
		r := EndUser
		if i == 0 {
			r = CustomerFullAdmin
		}
		s.Persons = append(s.Persons, PersonSetup{Email: fmt.Sprintf("x%d@x.example", i), Role: r})
	}
	return must1[string](t)(c.AddOrg(s))
}

// BW-9, BW-12, BW-13: attaching needs approval at 100 users or with a
// verified or claimed domain; 99 users or an unverified domain attach
// automatically.
func TestApprovalConditions(t *testing.T) {
	tests := []struct {
		name  string
		users int
		dom   []Domain
		want  Status
	}{
		{"99 users auto", 99, nil, Provisioned},
		{"100 users approval", 100, nil, Failed},
		{"verified domain", 1, []Domain{{Name: "x.example", Verified: true}}, Failed},
		{"claimed domain", 1, []Domain{{Name: "x.example", Claimed: true}}, Failed},
		{"added unverified domain auto", 1, []Domain{{Name: "x.example"}}, Provisioned},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := fixture(t)
			existing(t, c, tt.users, OrgSetup{Domains: tt.dom})
			s := provisioned(t, c, "u1", "x0@x.example", Standard)
			if s.Status != tt.want {
				t.Fatalf("status %v, want %v", s.Status, tt.want)
			}
			o, _ := c.Org("x")
			if tt.want == Failed {
				if s.ErrCode != Code2017 || o.Enterprise != "" || o.Partner != "" {
					t.Errorf("2017: code %d, org mapped %q partner %q", s.ErrCode, o.Enterprise, o.Partner)
				}
				return
			}
			if o.Enterprise != "e1" || o.Partner != "p1" || o.Restricted || o.Name != "X Corp" {
				t.Errorf("attached org %+v", o)
			}
		})
	}
}

// BW-10: auto-attach notifies no one and sends no welcome; the partner gets
// provisioning-admin rights, or full admin when the org has no active paid
// subscription besides Webex for BroadWorks.
func TestAutoAttachRights(t *testing.T) {
	for _, tt := range []struct {
		subs []PaidSubscription
		want Role
	}{
		{nil, PartnerFullAdmin},
		{[]PaidSubscription{{ID: "s", State: SubSuspended}, {ID: "t", State: SubCancelled}}, PartnerFullAdmin},
		{[]PaidSubscription{{ID: "s", State: SubActive}}, PartnerProvisioningAdmin},
	} {
		c := fixture(t)
		existing(t, c, 3, OrgSetup{Subscriptions: tt.subs})
		provisioned(t, c, "u1", "x1@x.example", Premium)
		if o, _ := c.Org("x"); o.PartnerRole != tt.want {
			t.Errorf("subs %v: partner role %v, want %v", tt.subs, o.PartnerRole, tt.want)
		}
		if n := c.Notifications(); len(n) != 0 {
			t.Errorf("auto-attach sent %v", n)
		}
	}
}

// BW-11: with "provision existing orgs" off any attachment is refused,
// before the approval conditions.
func TestExistingOrgToggle(t *testing.T) {
	c := fixture(t)
	existing(t, c, 100, OrgSetup{})
	tpl, _ := c.Partner("p1").Template("trusted")
	tpl.NoExistingOrgs = true
	must(t, c.SaveTemplate(padmin, "p1", tpl, t0))
	refused(t, c, ErrExistingOrgProvisioningDisabled, func() error {
		_, err := c.Provision(padmin, req("u1", "x5@x.example"), t0)
		return err
	})
}

// BW-12, BW-14: 2017 notifies the first five full admins by e-mail naming
// the partner admin e-mail; another e-mail or read-only rights do not lift
// it; once the customer admin adds that e-mail as external full admin, the
// retry attaches with partner full admin, the name unchanged.
func TestApprovalFlow(t *testing.T) {
	c := fixture(t)
	existing(t, c, 100, OrgSetup{})
	for i := 1; i <= 6; i++ {
		must(t, c.AddPersons(customer("x", CustomerFullAdmin), "x", []PersonSetup{{Email: fmt.Sprintf("adm%d@x.example", i), Role: CustomerFullAdmin}}))
	}
	s := provisioned(t, c, "u1", "x3@x.example", Standard)
	if s.Status != Failed || s.ErrCode != 2017 {
		t.Fatalf("status %v code %d", s.Status, s.ErrCode)
	}
	want := []string{"2017 to adm1@x.example, adm2@x.example, adm3@x.example, adm4@x.example, adm5@x.example (subscriber u1): " + partnerAdminEmail}
	if d := cmp.Diff(want, noticesOf(c)); d != "" {
		t.Errorf("notifications (-want +got):\n%s", d)
	}
	cust := customer("x", CustomerFullAdmin)
	for _, ea := range []ExternalAdmin{{Email: "other@sp.example", Full: true}, {Email: partnerAdminEmail}} {
		must(t, c.AddExternalAdmin(cust, "x", ea.Email, ea.Full))
		must1[Subscriber](t)(c.Retry(padmin, "p1", "u1", t0))
		if s = must1[Subscriber](t)(c.Complete("p1", "u1", t0)); s.ErrCode != 2017 {
			t.Errorf("external admin %+v lifted 2017: %v", ea, s.Status)
		}
	}
	must(t, c.AddExternalAdmin(cust, "x", partnerAdminEmail, true))
	must1[Subscriber](t)(c.Retry(padmin, "p1", "u1", t0))
	s = must1[Subscriber](t)(c.Complete("p1", "u1", t0))
	o, _ := c.Org("x")
	if s.Status != Provisioned || o.PartnerRole != PartnerFullAdmin || o.Name != "X Corp" || !o.BWActive ||
		!slices.Contains(c.Customers("p1"), "x") {
		t.Errorf("approved retry: %v, org %+v", s.Status, o)
	}
	refused(t, c, ErrForbidden, func() error { return c.AddExternalAdmin(customer("x", CustomerUserAdmin), "x", "a@b.example", true) })
}

// BW-12: with no full admin, a 2017 records no notification.
func TestApprovalNoAdmins(t *testing.T) {
	c := fixture(t)
	must1[string](t)(c.AddOrg(OrgSetup{ID: "x", Domains: []Domain{{Name: "x.example", Verified: true}},
		Persons: []PersonSetup{{Email: "a@x.example"}}}))
	if s := provisioned(t, c, "u1", "a@x.example", Basic); s.ErrCode != 2017 || len(c.Notifications()) != 0 {
		t.Errorf("%v %d %v", s.Status, s.ErrCode, c.Notifications())
	}
}

// BW-13: the matched user keeps person ID, roles and licenses and is not
// made admin; suppression stays and new subscribers get no welcome; an
// e-mail matching no user creates a new org even in a domain the org
// claims; the partner's advanced branding wins over basic branding unless
// overridden.
func TestAttachmentConditions(t *testing.T) {
	c := fixture(t)
	existing(t, c, 3, OrgSetup{SuppressEmails: true, BasicBranding: true})
	before, _, _ := c.LookupPerson("x1@x.example")
	held := c.Held("x1@x.example")
	provisioned(t, c, "u1", "x1@x.example", Standard)
	after, _, _ := c.LookupPerson("x1@x.example")
	if after.ID != before.ID || after.Role != EndUser {
		t.Errorf("matched user %+v, was %+v", after, before)
	}
	if got := c.Held("x1@x.example"); got.Intersect(held) != held || got == held {
		t.Errorf("licenses %v, had %v: want kept plus the package", got, held)
	}
	provisioned(t, c, "u2", "new@acme.example", Basic)
	if n := c.Notifications(); len(n) != 0 {
		t.Errorf("suppressed org sent %v", n)
	}
	if got := c.Branding("x"); got != "advanced" {
		t.Errorf("branding %q", got)
	}
	must(t, c.SetBrandingOverride(padmin, "x", true))
	if got := c.Branding("x"); got != "basic" {
		t.Errorf("overridden branding %q", got)
	}
	c2 := fixture(t)
	existing(t, c2, 1, OrgSetup{Domains: []Domain{{Name: "x.example", Claimed: true}}})
	if s := provisioned(t, c2, "u1", "nobody@x.example", Basic); s.Org == "x" || s.Status != Provisioned {
		t.Errorf("unknown e-mail in a claimed domain: %v in %q, want a new org", s.Status, s.Org)
	}
}

// BW-33: the steps in order. Step 1 waits for a sibling still provisioning
// and joins its org; a sibling's error sends the waiter back to step 1;
// step 4a refuses an org of another enterprise.
func TestFindingTheOrg(t *testing.T) {
	c := fixture(t)
	must1[Subscriber](t)(c.Provision(padmin, req("u1", "ann@acme.example"), t0))
	must1[Subscriber](t)(c.Provision(padmin, req("u2", "bob@acme.example"), t0))
	refused(t, c, ErrWaitingForOrg, func() error { _, err := c.Complete("p1", "u2", t0); return err })
	must1[Subscriber](t)(c.Fail("p1", "u1", 500, "fault", t0))
	s2 := must1[Subscriber](t)(c.Complete("p1", "u2", t0)) // back to step 1: u2 creates the org
	if s2.Status != Provisioned {
		t.Fatalf("u2: %v", s2.Status)
	}
	must1[Subscriber](t)(c.Retry(padmin, "p1", "u1", t0))
	s1 := must1[Subscriber](t)(c.Complete("p1", "u1", t0))
	if s1.Org != s2.Org {
		t.Errorf("u1 in %q, u2 in %q", s1.Org, s2.Org)
	}
	r := req("v1", "ann@acme.example")
	r.Enterprise = "e2"
	refused(t, c, ErrOrgBoundToOtherEnterprise, func() error { _, err := c.Provision(padmin, r, t0); return err })
	checkInv(t, c)
}

// BW-33: a refusal found only after a step-1 wait ends the subscriber in
// error with that error.
func TestRefusalAfterWait(t *testing.T) {
	c := fixture(t)
	existing(t, c, 1, OrgSetup{})
	must1[Subscriber](t)(c.Provision(padmin, req("u1", "ann@acme.example"), t0))
	must1[Subscriber](t)(c.Provision(padmin, req("u2", "x0@x.example"), t0)) // waits
	must1[Subscriber](t)(c.Complete("p1", "u1", t0))
	s := must1[Subscriber](t)(c.Complete("p1", "u2", t0))
	if s.Status != Failed || s.ErrText == "" {
		t.Errorf("u2: %v %q, want error (e-mail in another org)", s.Status, s.ErrText)
	}
}

// BW-34: joining org(E), a person of org(E) links, an unknown e-mail makes
// a new person, another org's person is refused, and an already linked
// person or user ID too. INV-8 holds throughout.
func TestOneEnterpriseOneOrg(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Standard)
	must(t, c.AddPersons(padmin, s.Org, []PersonSetup{{Email: "carl@acme.example"}}))
	carl, _, _ := c.LookupPerson("carl@acme.example")
	s2 := provisioned(t, c, "u2", "carl@acme.example", Basic)
	if s2.PersonID != carl.ID {
		t.Errorf("linked person %q, want %q", s2.PersonID, carl.ID)
	}
	existing(t, c, 1, OrgSetup{})
	refused(t, c, ErrEmailInOtherOrg, func() error { _, err := c.Provision(padmin, req("u3", "x0@x.example"), t0); return err })
	refused(t, c, ErrAlreadyProvisioned, func() error { _, err := c.Provision(padmin, req("u4", "ANN@acme.example"), t0); return err })
	refused(t, c, ErrAlreadyProvisioned, func() error { _, err := c.Provision(padmin, req("u1", "zed@acme.example"), t0); return err })
	checkInv(t, c)
}

// INV-8: the checker reports a broken mapping and a subscriber outside its
// enterprise's org.
func TestCheckInvariantsReports(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Standard)
	c.partners["p1"].enterprises["e2"].Org = s.Org
	c.partners["p1"].subs["u1"].Org = "nowhere"
	vs := c.CheckInvariants()
	var rules []string
	for _, v := range vs {
		rules = append(rules, v.Rule+" "+v.Enterprise+" "+v.Subscriber)
	}
	want := []string{"INV-8 e2 ", "INV-8 e1 u1", "INV-8 e1 u1"} // the enterprise, the subscriber, its person
	if d := cmp.Diff(want, rules); d != "" {
		t.Errorf("violations (-want +got):\n%s\n%v", d, vs)
	}
}
