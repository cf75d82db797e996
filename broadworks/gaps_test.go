package broadworks

import (
	"strings"
	"testing"
	"time"
)

// BW-13: an attached org's authentication settings win over the
// template's; an org created by provisioning takes the template's. BW-24:
// authentication is an org setting, read-only to customer admins while
// the mode is on.
func TestAuthenticationWinsOverTemplate(t *testing.T) {
	c := fixture(t)
	tr, _ := c.Partner("p1").Template("trusted")
	tr.Authentication = BroadWorksAuth
	must(t, c.SaveTemplate(padmin, "p1", tr, t0))
	for _, own := range []Authentication{WebexAuth, SSOAuth} {
		id := "x" + own.String()
		must1[string](t)(c.AddOrg(OrgSetup{ID: id, Authentication: own,
			Persons: []PersonSetup{{Email: "a@" + id + ".example", Role: CustomerFullAdmin}}}))
		en := "en" + own.String()
		must(t, c.AddEnterprise("p1", Enterprise{ID: en}))
		r := req("u"+own.String(), "a@"+id+".example")
		r.Enterprise = en
		must1[Subscriber](t)(c.Provision(padmin, r, t0))
		if s := must1[Subscriber](t)(c.Complete("p1", r.UserID, t0)); s.Org != id {
			t.Fatalf("%v: not attached: %v in %q", own, s.Status, s.Org)
		}
		if o, _ := c.Org(id); o.Authentication != own {
			t.Errorf("attached org with %v: authentication %v, want its own", own, o.Authentication)
		}
	}
	s := provisioned(t, c, "u1", "ann@acme.example", Basic)
	if o, _ := c.Org(s.Org); o.Authentication != BroadWorksAuth {
		t.Errorf("created org: authentication %v, want the template's", o.Authentication)
	}
	full := customer(s.Org, CustomerFullAdmin)
	refused(t, c, ErrRestrictedByPartner, func() error { return c.SetAuthentication(full, s.Org, SSOAuth) })
	refused(t, c, ErrInvalidInput, func() error { return c.SetAuthentication(padmin, s.Org, Authentication(9)) })
	must(t, c.SetRestricted(padmin, s.Org, false))
	must(t, c.SetAuthentication(full, s.Org, SSOAuth))
	bad := tr
	bad.Authentication = Authentication(7)
	refused(t, c, ErrInvalidTemplate, func() error { return c.SaveTemplate(padmin, "p1", bad, t0) })
}

// BW-17: after a move between Standard and Premium the old site and its
// content stay reachable by the site admin (decision: a customer full
// admin of the org), even when no one shows that site any more; a
// non-admin reaches only the new package's site.
func TestOldSiteReachableBySiteAdmin(t *testing.T) {
	c := fixture(t)
	provisioned(t, c, "u1", "ann@acme.example", Basic) // the full admin, no site of her own
	provisioned(t, c, "u2", "bob@acme.example", Standard)
	provisioned(t, c, "u3", "cat@acme.example", Standard)
	s := must1[Subscriber](t)(c.UpdateSubscriber(padmin, "p1", "u2", Update{Package: Premium}, t0.Add(time.Hour)))
	must(t, c.AddPersons(padmin, s.Org, []PersonSetup{{Email: "ua@acme.example", Role: CustomerUserAdmin}}))
	std, prem := DefaultStandardSite, DefaultPremiumSite
	for _, tt := range []struct {
		viewer, site string
		ok           bool
	}{
		{"ann@acme.example", std, true}, {"ann@acme.example", prem, true},
		{"bob@acme.example", std, false}, {"bob@acme.example", prem, true},
		{"cat@acme.example", std, true}, {"cat@acme.example", prem, false},
		{"ua@acme.example", std, false}, {"ann@acme.example", "elsewhere.webex.com", false},
		{"ann@acme.example", strings.ToUpper(std), true}, {"cat@acme.example", strings.ToUpper(std), true}, // a site is a host name
	} {
		if err := c.CheckSiteContent(tt.viewer, tt.site); (err == nil) != tt.ok {
			t.Errorf("%s on %s: %v, want ok=%v", tt.viewer, tt.site, err, tt.ok)
		}
	}
	must1[Subscriber](t)(c.Complete("p1", "u2", t0.Add(time.Hour)))
	must1[Subscriber](t)(c.UpdateSubscriber(padmin, "p1", "u3", Update{Package: Basic}, t0.Add(time.Hour)))
	if err := c.CheckSiteContent("ann@acme.example", std); err != nil {
		t.Errorf("no one shows %s any more, the site admin still reaches it: %v", std, err)
	}
	refused(t, c, ErrUnknown, func() error { return c.CheckSiteContent("nobody@acme.example", std) })
}
