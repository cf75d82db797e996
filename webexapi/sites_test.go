package webexapi

import (
	"testing"

	"github.com/wxlicense/wxlicense/license"
)

// A meeting site's host name is case-insensitive: a PATCH, a People
// payload and a Licenses list naming "ACME.Webex.com" name the org's
// acme.webex.com, which keeps its spelling. Only ASCII letters fold: a
// look-alike letter is another site.
func TestSiteURLsIgnoreCase(t *testing.T) {
	_, attendee := siteKinds(t, testCatalog())
	host, _ := siteKinds(t, testCatalog())

	o := testOrg(t)
	a := Assign(o, testView(t), []byte(`{"email":"eve@acme.com","licenses":[`+add(idBasicMsg)+`],"siteUrls":[{"siteUrl":"ACME.Webex.com","accountType":"attendee"}]}`), "")
	if a.Status != 200 || !o.Held(4).Has(attendee) {
		t.Fatalf("PATCH: status %d (%v), attendee held %v; want 200 and the attendee role", a.Status, a.Err, o.Held(4).Has(attendee))
	}
	if want := (SiteResponse{SiteURL: testSite, AccountType: AccountAttendee}); len(a.Response.SiteURLs) != 1 || a.Response.SiteURLs[0] != want {
		t.Errorf("PATCH: sites %+v, want the org's spelling %+v", a.Response.SiteURLs, want)
	}
	a = Assign(o, testView(t), []byte(`{"email":"zed@elsewhere.com","siteUrls":[{"siteUrl":"ACME.Webex.com","accountType":"attendee"}]}`), "")
	if want := (SiteResponse{SiteURL: testSite, AccountType: AccountAttendee}); a.Status != 206 || len(a.Response.PendingSiteURLs) != 1 || a.Response.PendingSiteURLs[0] != want {
		t.Errorf("PATCH outside the org: status %d, pending sites %+v; want 206 and the org's spelling %+v", a.Status, a.Response.PendingSiteURLs, want)
	}
	before := orgState(o)
	a = Assign(o, testView(t), []byte(`{"email":"ann@acme.com","siteUrls":[{"siteUrl":"acme.webex.c\u043em","accountType":"attendee"}]}`), "")
	if a.Status != 400 || len(codes(a)) != 1 || codes(a)[0] != int(license.CodeInvalidAttendeeSite) || orgState(o) != before {
		t.Errorf("PATCH, Cyrillic o: status %d, codes %v; want 400216 and no change", a.Status, codes(a))
	}

	p, err := testView(t).DecodePerson([]byte(`{"emails":["zed@acme.com"],"licenses":[],"siteUrls":["Acme.WEBEX.com#attendee"]}`), false)
	if err != nil || len(p.Unknown) != 0 || len(p.User.Licenses) != 1 || p.User.Licenses[0] != attendee {
		t.Errorf("People: licenses %v, unknown %v, %v; want the attendee role", p.User.Licenses, p.Unknown, err)
	}

	e, err := DecodeLicense(testCatalog(), []byte(`{"id":"`+license.ID{UUID: "meet"}.String()+`","name":"Meeting - Webex Meeting Center","siteUrl":"ACME.WEBEX.COM"}`))
	if err != nil || e.Kind != host || e.SiteURL != "ACME.WEBEX.COM" {
		t.Errorf("Licenses: kind %v, site %q, %v; want the host kind, the payload's spelling kept", e.Kind, e.SiteURL, err)
	}
}
