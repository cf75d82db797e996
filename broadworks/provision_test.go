package broadworks

import (
	"regexp"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var orgIDPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// BW-1: the first subscriber creates exactly one org per enterprise, named
// after the enterprise, with the subscriber as full admin, restricted mode
// on, listed as the partner's customer; the org ID is 32 hex digits in
// hyphen-separated groups, drawn deterministically from the seed.
func TestOrgOnFirstUser(t *testing.T) {
	c := fixture(t)
	s1 := provisioned(t, c, "u1", "ann@acme.example", Standard)
	s2 := provisioned(t, c, "u2", "bob@acme.example", Basic)
	if s1.Org == "" || s1.Org != s2.Org {
		t.Fatalf("orgs %q, %q: want one org", s1.Org, s2.Org)
	}
	if got := c.Orgs(); len(got) != 1 {
		t.Fatalf("orgs = %v, want one", got)
	}
	if !orgIDPattern.MatchString(s1.Org) {
		t.Errorf("org ID %q is not 32 hex digits in groups", s1.Org)
	}
	o, _ := c.Org(s1.Org)
	want := Org{ID: s1.Org, Name: "Acme", Partner: "p1", PartnerRole: PartnerFullAdmin,
		Enterprise: "e1", Restricted: true, CallingConfig: true, BWActive: true,
		MeetingSites: []string{DefaultStandardSite}}
	if d := cmp.Diff(want, o, cmpopts.IgnoreUnexported(Org{})); d != "" {
		t.Errorf("org (-want +got):\n%s", d)
	}
	if ps := c.Persons(s1.Org); ps[0].Role != CustomerFullAdmin || ps[1].Role != EndUser {
		t.Errorf("roles = %v, %v; want full admin, user", ps[0].Role, ps[1].Role)
	}
	if got := c.Customers("p1"); !slices.Equal(got, []string{s1.Org}) {
		t.Errorf("customers = %v", got)
	}
	again := fixture(t)
	if s := provisioned(t, again, "u1", "ann@acme.example", Standard); s.Org != s1.Org {
		t.Errorf("same seed, org ID %q then %q: not deterministic", s1.Org, s.Org)
	}
	checkInv(t, c)
}

// BW-2: the four methods. (a) API and (b) flow-through with a trusted
// template provision at once; (c) flow-through with an untrusted template
// waits for the user's e-mail; (d) self-activation starts with a sign-in.
func TestProvisioningMethods(t *testing.T) {
	tests := []struct {
		name   string
		do     func(c *Cloud) (Subscriber, error)
		status Status
		sent   []string
	}{
		{"a api trusted", func(c *Cloud) (Subscriber, error) { return c.Provision(padmin, req("u1", "ann@acme.example"), t0) },
			Provisioning, nil},
		{"b flow-through trusted", func(c *Cloud) (Subscriber, error) {
			r := req("u1", "ann@acme.example")
			r.Method = FlowThrough
			return c.Provision(Actor{}, r, t0)
		}, Provisioning, nil},
		{"c flow-through untrusted", func(c *Cloud) (Subscriber, error) {
			r := req("u1", "")
			r.Method, r.Template = FlowThrough, "untrusted"
			return c.Provision(Actor{}, r, t0)
		}, PendingEmailInput, []string{"share link text to u1 (subscriber u1): https://activate.sp.example/x"}},
		{"a api untrusted follows the template", func(c *Cloud) (Subscriber, error) {
			r := req("u1", "")
			r.Template = "untrusted"
			return c.Provision(pprov, r, t0)
		}, PendingEmailInput, []string{"share link text to u1 (subscriber u1): https://activate.sp.example/x"}},
		{"d self-activation", func(c *Cloud) (Subscriber, error) {
			return c.SelfActivate(Activation{Partner: "p1", Template: "untrusted", Enterprise: "e1",
				UserID: "u1", Cluster: "c1", Package: Basic}, t0)
		}, PendingEmailInput, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := fixture(t)
			s, err := tt.do(c)
			must(t, err)
			if s.Status != tt.status {
				t.Errorf("status = %v, want %v", s.Status, tt.status)
			}
			if d := cmp.Diff(tt.sent, noticesOf(c)); d != "" {
				t.Errorf("notifications (-want +got):\n%s", d)
			}
			if s.Status == PendingEmailInput {
				must1[Subscriber](t)(c.EnterEmail("p1", "u1", "ann@acme.example", t0))
				must1[Subscriber](t)(c.JoinNow("p1", "u1", t0))
			}
			s = must1[Subscriber](t)(c.Complete("p1", "u1", t0))
			if s.Status != Provisioned || s.Org == "" {
				t.Errorf("after completion: %v in %q", s.Status, s.Org)
			}
			checkInv(t, c)
		})
	}
}

// BW-2, BW-21: an untrusted template needs its share link.
func TestUntrustedNeedsShareLink(t *testing.T) {
	c := fixture(t)
	refused(t, c, ErrInvalidTemplate, func() error {
		return c.SaveTemplate(padmin, "p1", TemplateSettings{Name: "u2", Cluster: "c1", Mode: Untrusted,
			PartnerAdminEmail: partnerAdminEmail, AccountName: "a", Password: "p", ConfirmPassword: "p"}, t0)
	})
}

// BW-3: the API refuses a wholesale enterprise's subscriber, leaving no
// subscriber, org or mapping; flow-through does not check the flag.
func TestWholesale(t *testing.T) {
	c := fixture(t)
	r := req("w1", "w1@wh.example")
	r.Enterprise = "wh"
	refused(t, c, ErrWholesaleCustomer, func() error { _, err := c.Provision(padmin, r, t0); return err })
	r.Method = FlowThrough
	if _, err := c.Provision(Actor{}, r, t0); err != nil {
		t.Fatalf("flow-through: %v", err)
	}
}

// BW-4: provisioning returns at once with status provisioning; completion
// is a later event, and only then the org shows in the customer list.
func TestAsynchronous(t *testing.T) {
	c := fixture(t)
	s := must1[Subscriber](t)(c.Provision(padmin, req("u1", "ann@acme.example"), t0))
	if s.Status != Provisioning || len(c.Orgs()) != 0 || len(c.Customers("p1")) != 0 {
		t.Fatalf("at the call: %v, orgs %v", s.Status, c.Orgs())
	}
	s = must1[Subscriber](t)(c.Complete("p1", "u1", t0.Add(3*60e9)))
	if s.Status != Provisioned || len(c.Customers("p1")) != 1 {
		t.Fatalf("after completion: %v, customers %v", s.Status, c.Customers("p1"))
	}
}

// BW-5: trunk users need an authentication service and no Route List or
// Direct Route.
func TestTrunkUsers(t *testing.T) {
	for _, tt := range []struct {
		trunk Trunk
		want  error
	}{
		{Trunk{}, ErrTrunkNoAuthService},
		{Trunk{AuthService: true, RouteList: true}, ErrTrunkRouting},
		{Trunk{AuthService: true, DirectRoute: true}, ErrTrunkRouting},
		{Trunk{AuthService: true}, nil},
	} {
		c := fixture(t)
		r := req("t1", "t1@acme.example")
		r.Trunk = &tt.trunk
		if tt.want != nil {
			refused(t, c, tt.want, func() error { _, err := c.Provision(padmin, r, t0); return err })
			continue
		}
		must1[Subscriber](t)(c.Provision(padmin, r, t0))
	}
}

// BW-6: a user not on the template's cluster is refused; activation status
// is tracked per template.
func TestSelfActivationCluster(t *testing.T) {
	c := fixture(t)
	a := Activation{Partner: "p1", Template: "untrusted", Enterprise: "e1", UserID: "u1", Cluster: "other", Package: Basic}
	refused(t, c, ErrNotOnTemplateCluster, func() error { _, err := c.SelfActivate(a, t0); return err })
	a.Cluster = "c1"
	must1[Subscriber](t)(c.SelfActivate(a, t0))
	want := []StatusRow{{UserID: "u1", Package: Basic, Status: "pending"}}
	if d := cmp.Diff(want, c.Partner("p1").Activations("untrusted")); d != "" {
		t.Errorf("activations (-want +got):\n%s", d)
	}
	if got := c.Partner("p1").Activations("trusted"); len(got) != 0 {
		t.Errorf("other template's activations = %v", got)
	}
}

// BW-7: the partner's view of untrusted users; retry activation, delete and
// package change on pending or error users; refused on provisioned ones.
func TestUserStatus(t *testing.T) {
	c := fixture(t)
	un := func(id string) Request {
		r := req(id, "")
		r.Template = "untrusted"
		return r
	}
	for _, id := range []string{"u1", "u2", "u3"} {
		must1[Subscriber](t)(c.Provision(padmin, un(id), t0))
	}
	must1[Subscriber](t)(c.EnterEmail("p1", "u1", "ann@acme.example", t0))
	must1[Subscriber](t)(c.JoinNow("p1", "u1", t0))
	must1[Subscriber](t)(c.Complete("p1", "u1", t0))
	must1[Subscriber](t)(c.EnterEmail("p1", "u2", "bob@acme.example", t0))
	must1[Subscriber](t)(c.JoinNow("p1", "u2", t0))
	must1[Subscriber](t)(c.Fail("p1", "u2", 500, "fault", t0))
	p := c.Partner("p1")
	want := []StatusRow{{"u1", Standard, "provisioned", ""}, {"u2", Standard, "error", "fault"}, {"u3", Standard, "pending", ""}}
	if d := cmp.Diff(want, p.UserStatuses(false)); d != "" {
		t.Errorf("statuses (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want[1:], p.UserStatuses(true)); d != "" {
		t.Errorf("filtered (-want +got):\n%s", d)
	}
	wantCSV := "user ID,package,status\nu1,standard,provisioned\nu2,standard,error\nu3,standard,pending\n"
	if got := string(StatusCSV(p.UserStatuses(false))); got != wantCSV {
		t.Errorf("CSV = %q", got)
	}
	refused(t, c, ErrNotPendingOrError, func() error { _, err := c.RetryActivation(padmin, "p1", "u1", "x@acme.example", t0); return err })
	refused(t, c, ErrNotPendingOrError, func() error { return c.DeletePending(padmin, "p1", "u1", t0) })
	s := must1[Subscriber](t)(c.RetryActivation(padmin, "p1", "u2", "bob2@acme.example", t0))
	if s.Status != PendingEmailValidation || s.EmailID != "bob2@acme.example" || s.Trusted {
		t.Errorf("retry activation: %+v", s)
	}
	s = must1[Subscriber](t)(c.UpdateSubscriber(padmin, "p1", "u3", Update{Package: Premium}, t0))
	if s.Status != PendingEmailInput || s.Package != Premium {
		t.Errorf("package change of a pending user: %v %v", s.Status, s.Package)
	}
	must(t, c.DeletePending(padmin, "p1", "u3", t0))
	if _, ok := p.Subscriber("u3"); ok {
		t.Error("deleted pending user still there")
	}
	must1[Subscriber](t)(c.Provision(padmin, un("u3"), t0)) // may register again
}

// BW-7: spreadsheet-formula user IDs are neutralised in the CSV export.
func TestStatusCSVFormula(t *testing.T) {
	got := string(StatusCSV([]StatusRow{{UserID: "=cmd()", Package: Basic, Status: "pending"}}))
	if got != "user ID,package,status\n'=cmd(),basic,pending\n" {
		t.Errorf("CSV = %q", got)
	}
}

// BW-8: before org(E) exists the first subscriber's consumer account moves
// in (same person ID, no consent e-mail); afterwards consent is needed: the
// "Activate account" e-mail (trusted mode), pending_user_migration until
// the user deletes the old account, then a new person.
func TestConsumerMove(t *testing.T) {
	c := fixture(t)
	acc := must1[Account](t)(c.AddAccount("ann@gmail.example"))
	s := provisioned(t, c, "u1", "ann@gmail.example", Standard)
	prs, _, _ := c.LookupPerson("ann@gmail.example")
	if s.Status != Provisioned || prs.ID != acc.PersonID {
		t.Fatalf("moved: %v, person %q want %q", s.Status, prs.ID, acc.PersonID)
	}
	if _, ok := c.LookupAccount("ann@gmail.example"); ok {
		t.Error("the consumer account is still there")
	}
	acc2 := must1[Account](t)(c.AddAccount("bob@gmail.example"))
	s = must1[Subscriber](t)(c.Provision(padmin, req("u2", "bob@gmail.example"), t0))
	if s.Status != PendingUserMigration {
		t.Fatalf("second consumer: %v, want pending_user_migration", s.Status)
	}
	want := []string{"welcome to ann@gmail.example (subscriber u1)", "activate account to bob@gmail.example (subscriber u2)"}
	if d := cmp.Diff(want, noticesOf(c)); d != "" {
		t.Errorf("notifications (-want +got):\n%s", d)
	}
	refused(t, c, ErrInvalidTransition, func() error { _, err := c.Complete("p1", "u2", t0); return err })
	must1[Subscriber](t)(c.Consent("p1", "u2", t0))
	s = must1[Subscriber](t)(c.Complete("p1", "u2", t0))
	prs, _, _ = c.LookupPerson("bob@gmail.example")
	if s.Status != Provisioned || prs.ID == acc2.PersonID {
		t.Errorf("after consent: %v, person ID %q (old %q)", s.Status, prs.ID, acc2.PersonID)
	}
	checkInv(t, c)
}

// BW-8: in untrusted mode consent sends no "Activate account" e-mail, and
// without consent the user stays pending forever.
func TestConsentUntrusted(t *testing.T) {
	c := fixture(t)
	provisioned(t, c, "u1", "ann@acme.example", Standard)
	must1[Account](t)(c.AddAccount("bob@gmail.example"))
	r := req("u2", "")
	r.Template = "untrusted"
	must1[Subscriber](t)(c.Provision(padmin, r, t0))
	must1[Subscriber](t)(c.EnterEmail("p1", "u2", "bob@gmail.example", t0))
	s := must1[Subscriber](t)(c.JoinNow("p1", "u2", t0))
	if s.Status != PendingUserMigration {
		t.Fatalf("status %v", s.Status)
	}
	for _, n := range c.Notifications() {
		if n.Kind == NoticeActivateAccount {
			t.Errorf("untrusted mode sent %v", n)
		}
	}
}
