package broadworks

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/license"
)

// BW-15: trusted mode requires the e-mail; a user ID change through the API
// keeps the subscriber ID and person and splits billing; e-mail ID and
// person e-mail are independent (Mismatch); e-mail sign-in only while the
// alternate ID equals the e-mail ID.
func TestTwoSystems(t *testing.T) {
	c := fixture(t)
	refused(t, c, ErrEmailRequired, func() error { _, err := c.Provision(padmin, req("u1", ""), t0); return err })
	r := req("u1", "ann@acme.example")
	r.AltID = "ANN@acme.example"
	must1[Subscriber](t)(c.Provision(padmin, r, t0))
	s := must1[Subscriber](t)(c.Complete("p1", "u1", t0))
	if id, _ := c.SignInID("p1", "u1"); id != "ann@acme.example" {
		t.Errorf("sign-in with %q", id)
	}
	day2 := t0.Add(24 * time.Hour)
	s2 := must1[Subscriber](t)(c.UpdateSubscriber(padmin, "p1", "u1", Update{UserID: "u1-new"}, day2))
	if s2.ID != s.ID || s2.PersonID != s.PersonID || s2.Status != Updating {
		t.Errorf("after the ID change: %+v", s2)
	}
	want := []PackageChange{{day(t0), "u1", Standard}, {day(day2), "u1-new", Standard}}
	if d := cmp.Diff(want, s2.History); d != "" {
		t.Errorf("history (-want +got):\n%s", d)
	}
	if prs, _, _ := c.LookupPerson("ann@acme.example"); prs.Subscriber != "u1-new" {
		t.Errorf("person linked to %q", prs.Subscriber)
	}
	must(t, c.SetPersonEmail(customer(s.Org, CustomerFullAdmin), s.Org, "ann@acme.example", "anna@acme.example"))
	if got := c.Mismatch("p1"); !slices.Equal(got, []string{"u1-new"}) {
		t.Errorf("mismatch = %v", got)
	}
	must(t, c.SetEmailID("p1", "u1-new", "anna@acme.example"))
	if got := c.Mismatch("p1"); len(got) != 0 {
		t.Errorf("mismatch after the fix = %v", got)
	}
	if id, _ := c.SignInID("p1", "u1-new"); id != "u1-new" {
		t.Errorf("alternate ID differs from the e-mail ID: sign-in with %q", id)
	}
	checkInv(t, c)
}

// BW-16: detach is refused while workspaces, subscribers, pending users or
// the calling configuration remain; then the mapping goes and, standard,
// the partner loses the customer when Webex for BroadWorks was its only
// subscription; hybrid keeps subscriptions. Persons stay.
func TestDetach(t *testing.T) {
	for _, hybrid := range []bool{false, true} {
		c := fixture(t)
		existing(t, c, 2, OrgSetup{Hybrid: hybrid, Workspaces: 1})
		provisioned(t, c, "u1", "x1@x.example", Standard)
		r := req("u2", "")
		r.Template = "untrusted"
		must1[Subscriber](t)(c.Provision(padmin, r, t0))
		refused(t, c, ErrDetachIncomplete, func() error { return c.Detach(padmin, "x") })
		must(t, c.RemoveWorkspaces(padmin, "x"))
		must(t, c.RemoveSubscriber(padmin, "p1", "u1", t0))
		refused(t, c, ErrDetachIncomplete, func() error { return c.Detach(padmin, "x") })
		must(t, c.DeletePending(padmin, "p1", "u2", t0))
		refused(t, c, ErrDetachIncomplete, func() error { return c.Detach(padmin, "x") })
		must(t, c.DeleteCallingConfig(padmin, "x"))
		refused(t, c, ErrForbidden, func() error { return c.Detach(pro, "x") })
		must(t, c.Detach(padmin, "x"))
		o, _ := c.Org("x")
		en, _ := c.Partner("p1").Enterprise("e1")
		if o.Enterprise != "" || en.Org != "" || len(c.Persons("x")) != 2 {
			t.Errorf("hybrid %v: mapping %q/%q, persons %d", hybrid, o.Enterprise, en.Org, len(c.Persons("x")))
		}
		if got := o.Partner == "p1"; got != hybrid || o.BWActive != hybrid {
			t.Errorf("hybrid %v: partner %q, subscription active %v", hybrid, o.Partner, o.BWActive)
		}
		checkInv(t, c)
	}
}

// BW-17: packages and sites. An admin moved between Standard and Premium
// shows both sites; a non-admin only the new one; a move from or to Basic
// adds none. Host licenses follow the package; personal rooms switch 3 h
// later (pinned).
func TestPackages(t *testing.T) {
	c := fixture(t)
	provisioned(t, c, "u1", "ann@acme.example", Standard) // the admin
	provisioned(t, c, "u2", "bob@acme.example", Standard)
	day2 := t0.Add(24 * time.Hour)
	for _, u := range []string{"u1", "u2"} {
		must1[Subscriber](t)(c.UpdateSubscriber(padmin, "p1", u, Update{Package: Premium}, day2))
		must1[Subscriber](t)(c.Complete("p1", u, day2))
	}
	std, prem := DefaultStandardSite, DefaultPremiumSite
	ann, _, _ := c.LookupPerson("ann@acme.example")
	bob, _, _ := c.LookupPerson("bob@acme.example")
	if !slices.Equal(ann.Sites, []string{prem, std}) || !slices.Equal(bob.Sites, []string{prem}) {
		t.Errorf("sites: admin %v, user %v", ann.Sites, bob.Sites)
	}
	if !ann.RoomSwitchAt.Equal(day2.Add(3 * time.Hour)) {
		t.Errorf("personal room switch at %v", ann.RoomSwitchAt)
	}
	host, _ := c.Catalog().SiteKind(std, license.RoleHost)
	phost, _ := c.Catalog().SiteKind(prem, license.RoleHost)
	if h := c.Held("ann@acme.example"); h.Has(host) || !h.Has(phost) {
		t.Errorf("licenses %v: host follows the package", c.Catalog().Format(h))
	}
	must1[Subscriber](t)(c.UpdateSubscriber(padmin, "p1", "u1", Update{Package: Basic}, day2))
	if ann, _, _ = c.LookupPerson("ann@acme.example"); len(ann.Sites) != 0 {
		t.Errorf("to Basic: sites %v", ann.Sites)
	}
	if h := c.Held("ann@acme.example"); h != c.PackageLicenses(Basic) {
		t.Errorf("Basic licenses %v", c.Catalog().Format(h))
	}
}

// BW-17: with no pinned delay, the personal-room switch is drawn in
// [2 h, 3 h] from the seeded source.
func TestRoomDelayDrawn(t *testing.T) {
	for seed := range uint64(20) {
		c := must1[*Cloud](t)(NewCloud(Config{Seed: seed}))
		if d := c.roomDelay(); d < 2*time.Hour || d > 3*time.Hour {
			t.Fatalf("seed %d: delay %v", seed, d)
		}
	}
}

// BW-18: removing the subscriber leaves a free Webex user, billed until the
// day before; deleting a person is allowed to customer admins in restricted
// mode, also the last admin, and no one gains a role.
func TestRemovingUsers(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Premium)
	provisioned(t, c, "u2", "bob@acme.example", Standard)
	day5 := t0.Add(4 * 24 * time.Hour)
	must(t, c.RemoveSubscriber(Actor{}, "p1", "u2", day5))
	bob, _, ok := c.LookupPerson("bob@acme.example")
	if !ok || bob.Package != NoPackage || bob.Subscriber != "" {
		t.Errorf("removed subscriber's person %+v", bob)
	}
	if h := c.Held("bob@acme.example"); h != c.PackageLicenses(Basic) {
		t.Errorf("free user holds %v", c.Catalog().Format(h))
	}
	var hist []PackageChange
	for _, b := range c.Partner("p1").BillingSubscribers() {
		if b.EnterpriseID == "e1" && len(b.History) == 2 {
			hist = b.History
		}
	}
	want := []PackageChange{{day(t0), "u2", Standard}, {day(day5), "u2", NoPackage}}
	if d := cmp.Diff(want, hist); d != "" {
		t.Errorf("billing history (-want +got):\n%s", d)
	}
	cust := customer(s.Org, CustomerFullAdmin)
	must(t, c.DeletePerson(cust, s.Org, "ann@acme.example", day5)) // the last admin, restricted mode on
	for _, p := range c.Persons(s.Org) {
		if p.Role != EndUser {
			t.Errorf("%s gained %v", p.Email, p.Role)
		}
	}
	if _, ok := c.Partner("p1").Subscriber("u1"); ok {
		t.Error("deleted person's subscriber record is live")
	}
	refused(t, c, ErrForbidden, func() error {
		return c.DeletePerson(customer(s.Org, CustomerReadOnlyAdmin), s.Org, "bob@acme.example", day5)
	})
	checkInv(t, c)
}

// BW-19: an org with persons cannot be deleted; disabling directory sync
// deletes exactly the synced persons; deleting the org removes its mapping.
func TestDeleteOrg(t *testing.T) {
	c := fixture(t)
	must1[string](t)(c.AddOrg(OrgSetup{ID: "d", DirSync: true, Persons: []PersonSetup{
		{Email: "a@d.example", Role: CustomerFullAdmin}, {Email: "s1@d.example", Synced: true}, {Email: "s2@d.example", Synced: true}}}))
	provisioned(t, c, "u1", "a@d.example", Basic)
	adm := customer("d", CustomerFullAdmin)
	refused(t, c, ErrOrgNotEmpty, func() error { return c.DeleteOrg(adm, "d") })
	must(t, c.DisableDirSync(adm, "d", t0))
	var left []string
	for _, p := range c.Persons("d") {
		left = append(left, p.Email)
	}
	if !slices.Equal(left, []string{"a@d.example"}) {
		t.Errorf("persons after disabling sync: %v", left)
	}
	must(t, c.RemoveSubscriber(padmin, "p1", "u1", t0))
	refused(t, c, ErrOrgNotEmpty, func() error { return c.DeleteOrg(adm, "d") })
	must(t, c.DeletePerson(adm, "d", "a@d.example", t0))
	must(t, c.DeleteOrg(adm, "d"))
	if en, _ := c.Partner("p1").Enterprise("e1"); en.Org != "" {
		t.Errorf("mapping left: %q", en.Org)
	}
	s := provisioned(t, c, "u9", "new@acme.example", Basic) // a new org for e1
	if s.Org == "" || s.Org == "d" {
		t.Errorf("reprovisioned into %q", s.Org)
	}
	checkInv(t, c)
}

// BW-32: every row of the table, and nothing else: each (status, event)
// pair not in it is refused with no change.
func TestStatusTable(t *testing.T) {
	want := map[[2]uint8]Status{}
	for _, tr := range Transitions() {
		want[[2]uint8{uint8(tr.From), uint8(tr.Event)}] = tr.To
	}
	if len(want) != 16 {
		t.Errorf("%d rows", len(want))
	}
	for s := NoStatus; s <= Failed; s++ {
		for e := EvProvisionTrusted; e <= EvRetryActivation; e++ {
			to, ok := Next(s, e)
			w, in := want[[2]uint8{uint8(s), uint8(e)}]
			if ok != in || (ok && to != w) {
				t.Errorf("Next(%v, %v) = %v, %v", s, e, to, ok)
			}
		}
	}
	c := fixture(t)
	provisioned(t, c, "u1", "ann@acme.example", Basic)
	for _, f := range []func() error{
		func() error { _, err := c.EnterEmail("p1", "u1", "a@b.example", t0); return err },
		func() error { _, err := c.JoinNow("p1", "u1", t0); return err },
		func() error { _, err := c.Consent("p1", "u1", t0); return err },
		func() error { _, err := c.Complete("p1", "u1", t0); return err },
		func() error { _, err := c.Fail("p1", "u1", 1, "x", t0); return err },
		func() error { _, err := c.Retry(padmin, "p1", "u1", t0); return err },
	} {
		refused(t, c, ErrInvalidTransition, f)
	}
}

// BW-32, LIC-12: the notifications of an untrusted provisioning, in order.
func TestNotificationsInOrder(t *testing.T) {
	c := fixture(t)
	r := req("u1", "")
	r.Template = "untrusted"
	must1[Subscriber](t)(c.Provision(padmin, r, t0))
	must1[Subscriber](t)(c.EnterEmail("p1", "u1", "ann@acme.example", t0))
	must1[Subscriber](t)(c.RetryActivation(padmin, "p1", "u1", "ann2@acme.example", t0))
	must1[Subscriber](t)(c.JoinNow("p1", "u1", t0))
	must1[Subscriber](t)(c.Complete("p1", "u1", t0))
	must1[Subscriber](t)(c.UpdateSubscriber(padmin, "p1", "u1", Update{Package: Premium}, t0))
	want := []string{
		"share link text to u1 (subscriber u1): https://activate.sp.example/x",
		"join now to ann@acme.example (subscriber u1)",
		"join now to ann2@acme.example (subscriber u1)",
		"welcome to ann2@acme.example (subscriber u1)",
	}
	if d := cmp.Diff(want, noticesOf(c)); d != "" {
		t.Errorf("notifications (-want +got):\n%s", d)
	}
}

// LIC-12, BW-23: a person re-linked after removal (re-provisioning) gets no
// second welcome e-mail.
func TestWelcomeOnce(t *testing.T) {
	c := fixture(t)
	provisioned(t, c, "u1", "ann@acme.example", Basic)
	must(t, c.RemoveSubscriber(padmin, "p1", "u1", t0))
	provisioned(t, c, "u1", "ann@acme.example", Premium)
	if got := noticesOf(c); len(got) != 1 {
		t.Errorf("notifications %v, want one welcome", got)
	}
}
