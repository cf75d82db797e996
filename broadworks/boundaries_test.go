package broadworks

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The edges of the refusals: the last value accepted and the first one
// refused, each refusal changing nothing.

// BW-25: days before 1970 count like any other: a subscriber provisioned
// on 1969-12-10 (a time past noon) is billed 12-10..12-31, 22/31.
func TestBillMonthBefore1970(t *testing.T) {
	s := BillingSubscriber{EnterpriseID: "ent-1", SubscriberID: "sub-1", ProvisionedOn: time.Date(1969, 12, 10, 15, 0, 0, 0, time.UTC),
		History: []PackageChange{{Day: time.Date(1969, 12, 10, 15, 0, 0, 0, time.UTC), UserID: "ann@bw", Package: Basic}}}
	items, err := BillMonth(acme, Period{1969, time.December}, []BillingSubscriber{s}, date("1970-01-02"))
	must(t, err)
	want := []LineItem{{Partner: "Acme SP", BillingID: "C1234", EnterpriseID: "ent-1", UserID: "ann@bw", SubscriberID: "sub-1",
		ProvisionedOn: date("1969-12-10"), Start: date("1969-12-10"), End: date("1969-12-31"), Package: Basic,
		Quantity: Quantity{Days: 22, MonthDays: 31}}}
	if diff := cmp.Diff(want, items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

// BW-15: a person's e-mail cannot become another person's or an account's;
// changing only its case is no conflict.
func TestSetPersonEmailTaken(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Standard)
	provisioned(t, c, "u2", "bob@acme.example", Standard)
	must1[Account](t)(c.AddAccount("cat@gmail.example"))
	admin := customer(s.Org, CustomerFullAdmin)
	for _, taken := range []string{"bob@acme.example", "BOB@acme.example", "cat@gmail.example"} {
		refused(t, c, ErrExists, func() error { return c.SetPersonEmail(admin, s.Org, "ann@acme.example", taken) })
	}
	must(t, c.SetPersonEmail(admin, s.Org, "ann@acme.example", "Ann@Acme.example"))
	if p, org, ok := c.LookupPerson("ann@acme.example"); !ok || org != s.Org || p.Email != "Ann@Acme.example" {
		t.Errorf("after a case change: %+v in %q, %v", p, org, ok)
	}
	checkInv(t, c)
}

// BW-17: Softphone, the last package, is provisioned, self-activated and
// updated to; the value after it is refused.
func TestSoftphoneIsAPackage(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Softphone)
	if s.Package != Softphone || s.Status != Provisioned {
		t.Fatalf("softphone subscriber: %v %v", s.Package, s.Status)
	}
	r := req("u2", "bob@acme.example")
	r.Package = Softphone + 1
	refused(t, c, ErrInvalidInput, func() error { _, err := c.Provision(padmin, r, t0); return err })
	a := Activation{Partner: "p1", Template: "untrusted", Enterprise: "e2", UserID: "u3", Cluster: "c1", Package: Softphone + 1}
	refused(t, c, ErrInvalidInput, func() error { _, err := c.SelfActivate(a, t0); return err })
	a.Package = Softphone
	if s := must1[Subscriber](t)(c.SelfActivate(a, t0)); s.Package != Softphone || s.Status != PendingEmailInput {
		t.Errorf("self-activated softphone subscriber: %v %v", s.Package, s.Status)
	}
	provisioned(t, c, "u2", "bob@acme.example", Basic)
	refused(t, c, ErrInvalidInput, func() error {
		_, err := c.UpdateSubscriber(padmin, "p1", "u2", Update{Package: Softphone + 1}, t0)
		return err
	})
	u := must1[Subscriber](t)(c.UpdateSubscriber(padmin, "p1", "u2", Update{Package: Softphone}, t0))
	if u.Package != Softphone || u.Status != Updating {
		t.Errorf("update to softphone: %v %v", u.Package, u.Status)
	}
}

// BW-27: a deferral of MaxDeferralDays is accepted, one more day refused.
func TestDefineMaxDeferral(t *testing.T) {
	var rc ReleaseControl
	must(t, rc.Define("zero", 0))
	must(t, rc.Define("max", MaxDeferralDays))
	for _, d := range []int{-1, MaxDeferralDays + 1} {
		if err := rc.Define("max", d); err == nil {
			t.Errorf("Define(max, %d) accepted", d)
		}
	}
	want := []ReleaseSchedule{{Name: AutomaticSchedule}, {"max", MaxDeferralDays}, {"zero", 0}}
	if diff := cmp.Diff(want, rc.Schedules()); diff != "" {
		t.Errorf("schedules (-want +got):\n%s", diff)
	}
}

// BW-18, BW-32: only a provisioned or updating subscriber is removed; a
// pending one is refused (ErrInvalidTransition), changing nothing.
func TestRemoveSubscriberStatuses(t *testing.T) {
	c := fixture(t)
	r := req("u1", "")
	r.Template = "untrusted"
	must1[Subscriber](t)(c.Provision(padmin, r, t0)) // pending_email_input
	refused(t, c, ErrInvalidTransition, func() error { return c.RemoveSubscriber(padmin, "p1", "u1", t0) })
	r = req("u2", "bob@beta.example")
	r.Enterprise = "e2"
	must1[Subscriber](t)(c.Provision(padmin, r, t0)) // provisioning
	refused(t, c, ErrInvalidTransition, func() error { return c.RemoveSubscriber(padmin, "p1", "u2", t0) })
	provisioned(t, c, "u3", "cat@acme.example", Standard)
	if s := must1[Subscriber](t)(c.UpdateSubscriber(padmin, "p1", "u3", Update{Package: Premium}, t0)); s.Status != Updating {
		t.Fatalf("status %v, want updating", s.Status)
	}
	must(t, c.RemoveSubscriber(padmin, "p1", "u3", t0))
	if _, ok := c.Partner("p1").Subscriber("u3"); ok {
		t.Error("removed updating subscriber still live")
	}
	checkInv(t, c)
}

// BW-7: retrying activation with an invalid e-mail is refused
// (ErrInvalidInput), changing nothing.
func TestRetryActivationInvalidEmail(t *testing.T) {
	c := fixture(t)
	r := req("u1", "")
	r.Template = "untrusted"
	must1[Subscriber](t)(c.Provision(padmin, r, t0))
	for _, email := range []string{"", "ann", "ann\u200b@acme.example", "=ann@acme.example"} {
		refused(t, c, ErrInvalidInput, func() error { _, err := c.RetryActivation(padmin, "p1", "u1", email, t0); return err })
	}
	s := must1[Subscriber](t)(c.RetryActivation(padmin, "p1", "u1", "ann@acme.example", t0))
	if s.Status != PendingEmailValidation || s.EmailID != "ann@acme.example" {
		t.Errorf("after retry: %v %q", s.Status, s.EmailID)
	}
}

// BW-19: an empty org is deleted by a full admin, customer or the org's
// partner's; other admins are refused (ErrForbidden), changing nothing.
func TestDeleteOrgRoles(t *testing.T) {
	c := fixture(t)
	must1[string](t)(c.AddOrg(OrgSetup{ID: "empty"}))
	for _, a := range []Actor{customer("empty", CustomerUserAdmin), customer("empty", CustomerReadOnlyAdmin),
		customer("other", CustomerFullAdmin), padmin, customer("empty", EndUser)} {
		refused(t, c, ErrForbidden, func() error { return c.DeleteOrg(a, "empty") })
	}
	must(t, c.DeleteOrg(customer("empty", CustomerFullAdmin), "empty"))
	s := provisioned(t, c, "u1", "ann@acme.example", Basic)
	must(t, c.DeletePerson(padmin, s.Org, "ann@acme.example", t0))
	refused(t, c, ErrForbidden, func() error { return c.DeleteOrg(pprov, s.Org) })
	must(t, c.DeleteOrg(padmin, s.Org))
	if got := c.Orgs(); len(got) != 0 {
		t.Errorf("orgs left: %v", got)
	}
}

// BW-14: a partner admin added as external full admin of an org acts on
// that org with full rights, and on no other; a read-only external admin
// gets no partner rights from it.
func TestExternalAdminActsOnItsOrg(t *testing.T) {
	c := fixture(t)
	for _, id := range []string{"x", "y"} {
		must1[string](t)(c.AddOrg(OrgSetup{ID: id, Persons: []PersonSetup{{Email: "a@" + id + ".example", Role: CustomerFullAdmin}}}))
	}
	ext := Actor{Role: PartnerReadOnlyAdmin, Partner: "p2", Email: "ext@p2.example", External: true, Org: "x"}
	must(t, c.AddExternalAdmin(customer("x", CustomerFullAdmin), "x", ext.Email, true))
	must(t, c.AddExternalAdmin(customer("y", CustomerFullAdmin), "y", ext.Email, false))
	elsewhere := ext
	elsewhere.Org = "y"
	for _, tt := range []struct {
		a    Actor
		org  string
		want Access
	}{
		{ext, "x", Access{true, true}},
		{ext, "y", Access{}},       // acting as external admin of x
		{elsewhere, "y", Access{}}, // read-only external admin of y
		{elsewhere, "x", Access{}},
	} {
		if got := c.AccessOf(tt.a, tt.org, OrgSettings); got != tt.want {
			t.Errorf("%+v on %s: %+v, want %+v", tt.a, tt.org, got, tt.want)
		}
	}
}

// BW-13, BW-21: a template may set SSO sign-in, the last authentication;
// the value after it is refused.
func TestTemplateAuthenticationEdge(t *testing.T) {
	c := fixture(t)
	tr, _ := c.Partner("p1").Template("trusted")
	tr.Authentication = SSOAuth
	must(t, c.SaveTemplate(padmin, "p1", tr, t0))
	if got, _ := c.Partner("p1").Template("trusted"); got.Authentication != SSOAuth {
		t.Errorf("authentication %v, want sso", got.Authentication)
	}
	tr.Authentication = SSOAuth + 1
	refused(t, c, ErrInvalidTemplate, func() error { return c.SaveTemplate(padmin, "p1", tr, t0) })
}

// BW-15: a subscriber's user ID cannot become another live subscriber's
// (ErrAlreadyProvisioned, no change); giving its own is no change of ID.
func TestUpdateUserIDTaken(t *testing.T) {
	c := fixture(t)
	provisioned(t, c, "u1", "ann@acme.example", Basic)
	provisioned(t, c, "u2", "bob@acme.example", Basic)
	refused(t, c, ErrAlreadyProvisioned, func() error {
		_, err := c.UpdateSubscriber(padmin, "p1", "u1", Update{UserID: "u2"}, t0)
		return err
	})
	before := c.Clone()
	s := must1[Subscriber](t)(c.UpdateSubscriber(padmin, "p1", "u1", Update{UserID: "u1"}, t0))
	if s.UserID != "u1" {
		t.Errorf("user ID %q", s.UserID)
	}
	if got := c.Partner("p1").BillingSubscribers(); !cmp.Equal(before.Partner("p1").BillingSubscribers(), got) {
		t.Errorf("billing history changed: %+v", got)
	}
	checkInv(t, c)
}
