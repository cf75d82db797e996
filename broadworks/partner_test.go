package broadworks

import (
	"fmt"
	"testing"
	"time"
)

// BW-20: a cluster with templates cannot be deleted; Xsi URLs must end in
// /v2.0/ and ciphers be IANA names; above 50 customer orgs exactly the five
// connection settings are frozen.
func TestClusters(t *testing.T) {
	c := fixture(t)
	refused(t, c, ErrClusterHasTemplates, func() error { return c.DeleteCluster(padmin, "p1", "c1") })
	for _, cl := range []Cluster{
		{Name: "c2", XsiActionsURL: "https://x/v2.0", XsiEventsURL: xse},
		{Name: "c2", XsiActionsURL: xsi, XsiEventsURL: "https://x/v1.0/"},
		{Name: "c2", XsiActionsURL: xsi, XsiEventsURL: xse, Ciphers: []string{"ECDHE-RSA-AES128-GCM-SHA256"}},
	} {
		refused(t, c, ErrInterfaceValidation, func() error { return c.SaveCluster(padmin, "p1", cl) })
	}
	must(t, c.SaveCluster(padmin, "p1", Cluster{Name: "c2", XsiActionsURL: xsi, XsiEventsURL: xse,
		Ciphers: []string{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}}))
	must(t, c.DeleteCluster(padmin, "p1", "c2"))
	base, _ := c.Partner("p1").Cluster("c1")
	for e := range 51 {
		if e == 50 { // exactly 50 customers: still editable
			edit := base
			edit.DASURL = "https://das50"
			must(t, c.SaveCluster(padmin, "p1", edit))
			must(t, c.SaveCluster(padmin, "p1", base))
		}
		id := fmt.Sprintf("ent%02d", e)
		must(t, c.AddEnterprise("p1", Enterprise{ID: id}))
		r := req("u"+id, id+"@ent.example")
		r.Enterprise = id
		must1[Subscriber](t)(c.Provision(padmin, r, t0))
		must1[Subscriber](t)(c.Complete("p1", "u"+id, t0))
	}
	for _, f := range []func(*Cluster){
		func(c *Cluster) { c.XsiActionsURL = "https://new/v2.0/" },
		func(c *Cluster) { c.XsiEventsURL = "https://new/v2.0/" },
		func(c *Cluster) { c.DASURL = "https://das" },
		func(c *Cluster) { c.XSPURL = "https://xsp" },
		func(c *Cluster) { c.DNDSync = true },
	} {
		cl := base
		f(&cl)
		refused(t, c, ErrTooManyCustomers, func() error { return c.SaveCluster(padmin, "p1", cl) })
	}
	cl := base
	cl.AuthServiceURL = "https://auth"
	must(t, c.SaveCluster(padmin, "p1", cl))
}

// BW-21: required values, password confirmation, blank passwords keep the
// stored ones, pre-fill takes effect exactly 7 h later, and a template in
// use cannot be deleted.
func TestTemplateEdits(t *testing.T) {
	c := fixture(t)
	ok := TemplateSettings{Name: "t2", Cluster: "c1", Mode: Trusted, PartnerAdminEmail: partnerAdminEmail,
		AccountName: "acct", Password: "secret", ConfirmPassword: "secret"}
	for _, f := range []func(*TemplateSettings){
		func(s *TemplateSettings) { s.Mode = 0 },
		func(s *TemplateSettings) { s.PartnerAdminEmail = "" },
		func(s *TemplateSettings) { s.AccountName = "" },
		func(s *TemplateSettings) { s.Password, s.ConfirmPassword = "", "" },
		func(s *TemplateSettings) { s.Cluster = "nope" },
	} {
		s := ok
		f(&s)
		refused(t, c, ErrInvalidTemplate, func() error { return c.SaveTemplate(padmin, "p1", s, t0) })
	}
	bad := ok
	bad.ConfirmPassword = "other"
	refused(t, c, ErrPasswordMismatch, func() error { return c.SaveTemplate(padmin, "p1", bad, t0) })
	must(t, c.SaveTemplate(padmin, "p1", ok, t0))
	edit, _ := c.Partner("p1").Template("t2")
	edit.AccountName, edit.PrefillEmail = "acct2", true
	must(t, c.SaveTemplate(padmin, "p1", edit, t0))
	p := c.Partner("p1")
	if !p.AccountMatches("t2", "acct2", "secret") {
		t.Error("blank password fields did not keep the stored password")
	}
	deadline := t0.Add(7 * time.Hour)
	for _, tt := range []struct {
		at      time.Duration
		want    bool
		pending time.Time
	}{{0, false, deadline}, {7*time.Hour - 1, false, deadline}, {7 * time.Hour, true, time.Time{}}} {
		if on, at, _ := p.Prefill("t2", t0.Add(tt.at)); on != tt.want || !at.Equal(tt.pending) {
			t.Errorf("pre-fill at +%v = %v pending at %v, want %v pending at %v", tt.at, on, at, tt.want, tt.pending)
		}
	}
	provisioned(t, c, "u1", "ann@acme.example", Basic)
	refused(t, c, ErrTemplateInUse, func() error { return c.DeleteTemplate(padmin, "p1", "trusted") })
	must(t, c.DeleteTemplate(padmin, "p1", "t2"))
}

// BW-21: a template read while a pre-fill change is pending, edited
// elsewhere and saved back keeps the pending change and its deadline;
// saving back the value in effect cancels it.
func TestTemplateReadModifyWrite(t *testing.T) {
	for _, tt := range []struct {
		name    string
		from    bool          // the value in effect before the change
		revert  bool          // the edit also sets pre-fill back to from
		editAt  time.Duration // after the change
		want    bool          // in effect 7 h after the change
		pending bool          // Prefill reports a change pending just before then
	}{
		{name: "switch on, keep", from: false, editAt: 2 * time.Hour, want: true, pending: true},
		{name: "switch off, keep", from: true, editAt: 7*time.Hour - 1, want: false, pending: true},
		{name: "switch on, revert", from: false, revert: true, editAt: 2 * time.Hour, want: false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := fixture(t)
			p := c.Partner("p1")
			start := t0
			if tt.from {
				s, _ := p.Template("untrusted")
				s.PrefillEmail = true
				must(t, c.SaveTemplate(padmin, "p1", s, t0))
				start = t0.Add(PrefillDelay)
			}
			s, _ := p.Template("untrusted")
			s.PrefillEmail = !tt.from
			must(t, c.SaveTemplate(padmin, "p1", s, start))
			edit, _ := p.Template("untrusted")
			if edit.PrefillEmail != !tt.from {
				t.Fatalf("Template gives pre-fill %v while %v is pending", edit.PrefillEmail, !tt.from)
			}
			edit.ShareLink = "https://join.sp.example/other"
			if tt.revert {
				edit.PrefillEmail = tt.from
			}
			must(t, c.SaveTemplate(padmin, "p1", edit, start.Add(tt.editAt)))
			deadline := start.Add(PrefillDelay)
			var wantAt time.Time
			if tt.pending {
				wantAt = deadline
			}
			if on, at, _ := p.Prefill("untrusted", deadline.Add(-1)); on != tt.from || !at.Equal(wantAt) {
				t.Errorf("just before the deadline: %v pending at %v, want %v pending at %v", on, at, tt.from, wantAt)
			}
			if on, at, _ := p.Prefill("untrusted", deadline); on != tt.want || !at.IsZero() {
				t.Errorf("at the deadline: %v pending at %v, want %v, nothing pending", on, at, tt.want)
			}
			if got, _ := p.Template("untrusted"); got.PrefillEmail != tt.want || got.ShareLink != edit.ShareLink {
				t.Errorf("saved: pre-fill %v, link %q", got.PrefillEmail, got.ShareLink)
			}
		})
	}
}

// BW-22: Webex Assistant on for Standard and Premium, none for Basic or
// Softphone, switchable per org; captions in four languages; transcripts
// only for Premium with cloud recording; content stays in org and package.
func TestWebexAssistant(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Standard)
	provisioned(t, c, "u2", "bob@acme.example", Basic)
	provisioned(t, c, "u3", "cat@acme.example", Standard)
	if !c.Assistant("ann@acme.example") || c.Assistant("bob@acme.example") {
		t.Error("assistant: want on for Standard, off for Basic")
	}
	must(t, c.SetAssistant(customer(s.Org, CustomerFullAdmin), s.Org, false)) // restricted mode does not block it
	if c.Assistant("ann@acme.example") {
		t.Error("switched off, still on")
	}
	for _, tt := range []struct {
		p    Package
		lang string
		ok   bool
	}{{Standard, "Spanish", true}, {Premium, "German", true}, {Standard, "Polish", false}, {Basic, "English", false}} {
		if err := CheckCaptions(tt.p, tt.lang); (err == nil) != tt.ok {
			t.Errorf("captions %v %s: %v", tt.p, tt.lang, err)
		}
	}
	for _, tt := range []struct {
		p  Package
		r  Recording
		ok bool
	}{{Premium, CloudRecording, true}, {Premium, LocalRecording, false}, {Standard, CloudRecording, false}, {Softphone, CloudRecording, false}} {
		if err := CheckTranscripts(tt.p, tt.r); (err == nil) != tt.ok {
			t.Errorf("transcripts %v %v: %v", tt.p, tt.r, err)
		}
	}
	existing(t, c, 1, OrgSetup{})
	if err := c.CheckMeetingContent("ann@acme.example", "cat@acme.example"); err != nil {
		t.Errorf("same org and package: %v", err)
	}
	for _, viewer := range []string{"bob@acme.example", "x0@x.example"} {
		refused(t, c, ErrForbidden, func() error { return c.CheckMeetingContent("ann@acme.example", viewer) })
	}
}

// BW-23: the free-calling flag is a snapshot of the template at each
// (re-)provisioning; with it off free Webex calls are refused, the rest
// works.
func TestDisableWebexCalls(t *testing.T) {
	c := fixture(t)
	provisioned(t, c, "u1", "ann@acme.example", Basic)
	tpl, _ := c.Partner("p1").Template("trusted")
	tpl.DisableWebexCalls = true
	must(t, c.SaveTemplate(padmin, "p1", tpl, t0))
	if !c.CallOnWebex("p1", "u1") {
		t.Fatal("a template change touched an existing user")
	}
	must(t, c.RemoveSubscriber(Actor{}, "p1", "u1", t0)) // Integrated IM&P removed ...
	provisioned(t, c, "u1", "ann@acme.example", Basic)   // ... and added again
	if c.CallOnWebex("p1", "u1") {
		t.Fatal("re-provisioning did not take the template's value")
	}
	for via := FromSpace; via <= FromEmailSearch; via++ {
		refused(t, c, ErrWebexCallsDisabled, func() error { return c.CheckCall("p1", "u1", via) })
	}
	for _, via := range []CallVia{ScreenShareInCall, Meeting, TelephonyPresence} {
		if err := c.CheckCall("p1", "u1", via); err != nil {
			t.Errorf("%v: %v", via, err)
		}
	}
}

// BW-24: the restricted-by-partner table for customer admins; partner
// admins are never restricted; only partner admins toggle it; the banner
// shows iff it is on; the mode never grants a right. LIC-14: a customer
// admin of a restricted org cannot change licenses (a package).
func TestRestrictedMode(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Standard)
	provisioned(t, c, "u2", "bob@acme.example", Standard)
	full, ro := customer(s.Org, CustomerFullAdmin), customer(s.Org, CustomerReadOnlyAdmin)
	for _, tt := range []struct {
		s    Setting
		want Access
	}{
		{ManageUsers, Access{Read: true}}, {UserNames, Access{true, true}}, {UserPackage, Access{Read: true}},
		{UserServices, Access{Read: true}}, {AutoLicense, Access{}}, {HybridStatus, Access{}},
		{DirectorySync, Access{Read: true}}, {WorkNumber, Access{Read: true}}, {OrgSettings, Access{Read: true}},
		{CallPriority, Access{Read: true}}, {PSTNOptions, Access{}}, {MigrationServices, Access{}},
		{DeleteUsers, Access{true, true}}, {WebexAssistant, Access{true, true}},
	} {
		if got := c.AccessOf(full, s.Org, tt.s); got != tt.want {
			t.Errorf("full admin, mode on, %v: %+v want %+v", tt.s, got, tt.want)
		}
		if got := c.AccessOf(padmin, s.Org, tt.s); got != (Access{true, true}) {
			t.Errorf("partner admin, %v: %+v", tt.s, got)
		}
		if got := c.AccessOf(ro, s.Org, tt.s); got.Write {
			t.Errorf("read-only admin may write %v: the mode never grants", tt.s)
		}
	}
	if !c.Banner(full, s.Org) {
		t.Error("no banner with the mode on")
	}
	refused(t, c, ErrRestrictedByPartner, func() error {
		_, err := c.UpdateSubscriber(full, "p1", "u2", Update{Package: Premium}, t0)
		return err
	})
	refused(t, c, ErrRestrictedByPartner, func() error {
		return c.AddPersons(full, s.Org, []PersonSetup{{Email: "new@acme.example"}})
	})
	refused(t, c, ErrRestrictedByPartner, func() error { return c.CheckAccess(full, s.Org, AutoLicense, false) })
	refused(t, c, ErrForbidden, func() error { return c.SetRestricted(full, s.Org, false) })
	must(t, c.SetRestricted(padmin, s.Org, false))
	if c.Banner(full, s.Org) {
		t.Error("banner with the mode off")
	}
	if _, err := c.UpdateSubscriber(full, "p1", "u2", Update{Package: Premium}, t0); err != nil {
		t.Errorf("mode off, customer admin changes a package: %v", err)
	}
	refused(t, c, ErrForbidden, func() error {
		_, err := c.UpdateSubscriber(ro, "p1", "u1", Update{Package: Basic}, t0)
		return err
	})
}
