package sim

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/broadworks"
	"github.com/wxlicense/wxlicense/license"
)

// allFields lets cmp compare the commands' unexported fields.
var allFields = cmp.Exporter(func(reflect.Type) bool { return true })

// parseOne parses a scenario of one statement line and returns it.
func parseOne(t *testing.T, src string) Statement {
	t.Helper()
	sc, err := Parse("one.scn", []byte(src+"\n"))
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	if len(sc.Statements) != 1 {
		t.Fatalf("Parse(%q): %d statements", src, len(sc.Statements))
	}
	return sc.Statements[0]
}

// SIM-7: each command parses into exactly what its line says.
func TestParseCommands(t *testing.T) {
	calling := license.CallingProfessional
	tests := []struct {
		src  string
		want Command
	}{
		{`subscription s-1 "Basic Messaging"=5, "Webex Calling Professional"=0`,
			cmdSubscription{id: "s-1", units: map[license.Kind]int{license.BasicMessaging: 5, calling: 0}}},
		{`subscription s-1 "Basic Messaging"=1073741824`, cmdSubscription{id: "s-1", units: map[license.Kind]int{license.BasicMessaging: 1 << 30}}},
		{"cancel subscription s-1", cmdCancel{id: "s-1"}},
		{`expire subscription "s 1"`, cmdCancel{id: "s 1", expire: true}},
		{"group Sales", cmdAction{assignment.AddGroup{Name: "Sales"}}},
		{`group "West Sales" distribution parent Sales`, cmdAction{assignment.AddGroup{Name: "West Sales", Distribution: true, Parent: "Sales"}}},
		{"mode org", cmdAction{assignment.SwitchMode{Mode: assignment.OrgMode}}},
		{"mode group", cmdAction{assignment.SwitchMode{Mode: assignment.GroupMode}}},
		{"setting retention 30d", cmdAction{assignment.SetRetention{Period: 30 * Day}}},
		{"setting preserve-on-group-change off ack", cmdAction{assignment.SetSetting{Setting: assignment.SettingPreserveOnGroupChange, Ack: true}}},
		{"setting suppress-emails on", cmdAction{assignment.SetSetting{Setting: assignment.SettingSuppressEmails, On: true}}},
		{"setting sso off", cmdAction{assignment.SetSetting{Setting: assignment.SettingSSO}}},
		{"site a.webex.com attendee on", cmdAction{assignment.SetSiteAttendee{Site: "a.webex.com", On: true}}},
		{"site a.webex.com attendee off", cmdAction{assignment.SetSiteAttendee{Site: "a.webex.com"}}},
		{`template t with "Basic Messaging"`, cmdAction{assignment.SaveTemplate{Name: "t",
			Licenses: []assignment.Entry{{Kind: license.BasicMessaging}}, Scope: assignment.Future}}},
		{`template t group "West Sales" with "Basic Messaging", "Webex Calling Professional"@s-1 ack existing preserve-off`,
			cmdAction{assignment.SaveTemplate{Name: "t", Group: "West Sales", Licenses: []assignment.Entry{{Kind: license.BasicMessaging},
				{Kind: calling, Subscription: "s-1"}}, Scope: assignment.Existing, PreserveOff: true, Ack: true}}},
		{"delete template t", cmdAction{assignment.DeleteTemplate{Template: "t"}}},
		{"delete template t ack preserve-off", cmdAction{assignment.DeleteTemplate{Template: "t", PreserveOff: true, Ack: true}}},
		{`remove "Webex Calling Professional" from template t`, cmdAction{assignment.RemoveService{Template: "t", Kind: calling}}},
		{`remove "Webex Calling Professional" from template t existing ack`,
			cmdAction{assignment.RemoveService{Template: "t", Kind: calling, Scope: assignment.Existing, Ack: true}}},
		{"location hq", cmdLocation{id: "hq", name: "hq"}},
		{`location hq "Head Office" disabled`, cmdLocation{id: "hq", name: "Head Office", disabled: true}},
		{"numbers hq +14085550000 count 7", cmdNumbers{loc: "hq", first: "+14085550000", n: 7}},
		{"numbers hq +14085550000 count 0 inactive", cmdNumbers{loc: "hq", first: "+14085550000", inactive: true}},
		{"users 3", cmdUsers{n: 3, work: -1}},
		{"users 10000000", cmdUsers{n: MaxPopulation, work: -1}}, // the most
		{"users 0 work 100%", cmdUsers{n: 0, work: 1}},
		{`users 3 in Sales, "West Sales" work 95% inactive prefix x`, cmdUsers{n: 3, groups: []string{"Sales", "West Sales"}, work: 0.95, inactive: true, prefix: "x"}},
		{"sync users 2 prefix p work 0%", cmdUsers{n: 2, work: 0, prefix: "p", synced: true}},
		{"sync move 2 users from A to B", cmdSync{op: "move", n: 2, from: "A", to: "B"}},
		{"sync join 2 from A to B", cmdSync{op: "join", n: 2, from: "A", to: "B"}},
		{"sync remove 2 users from A", cmdSync{op: "remove", n: 2, from: "A"}},
		{"sync renumber 4", cmdSync{op: "renumber", n: 4}},
		{"sync renumber 4 users in A", cmdSync{op: "renumber", n: 4, from: "A"}},
		{"sync fix-numbers", cmdSync{op: "fix-numbers", n: -1}},
		{"sync fix-numbers in A", cmdSync{op: "fix-numbers", n: -1, from: "A"}},
		{"sign-in all", cmdSignIn{n: -1}},
		{"sign-in 5 users in A", cmdSignIn{n: 5, group: "A"}},
		{`csv set "Basic Messaging"=TRUE`, cmdCSV{cells: []assignment.CSVCell{{Column: assignment.CSVColumn{Kind: license.BasicMessaging}, Value: true}}, n: -1}},
		{`csv set "Basic Messaging"=FALSE, "Webex Calling Professional"=TRUE for all users in A ack`,
			cmdCSV{cells: []assignment.CSVCell{{Column: assignment.CSVColumn{Kind: license.BasicMessaging}},
				{Column: assignment.CSVColumn{Kind: calling}, Value: true}}, n: -1, group: "A", ack: true}},
		{`csv set "Basic Messaging"=TRUE for 3 in A`, cmdCSV{cells: []assignment.CSVCell{{Column: assignment.CSVColumn{Kind: license.BasicMessaging}, Value: true}}, n: 3, group: "A"}},
		{`csv set "Basic Messaging"=TRUE in A`, cmdCSV{cells: []assignment.CSVCell{{Column: assignment.CSVColumn{Kind: license.BasicMessaging}, Value: true}}, n: -1, group: "A"}},
		{"calling retry", cmdCallingRetry{}},
		{"calling retry in A", cmdCallingRetry{group: "A"}},
		{`update all to "Basic Messaging"`, cmdUpdate{n: -1, kinds: []license.Kind{license.BasicMessaging}}},
		{`update 2 users in A to "Basic Messaging", "Webex Calling Professional" ack`,
			cmdUpdate{n: 2, group: "A", kinds: []license.Kind{license.BasicMessaging, calling}, ack: true}},
		{"work-numbers 3 by control-hub valid", cmdWorkNumbers{n: 3, by: assignment.ByControlHub, valid: true}},
		{"work-numbers 3 users in A by csv invalid", cmdWorkNumbers{n: 3, group: "A", by: assignment.ByCSV}},
		{"work-numbers 3 by directory valid", cmdWorkNumbers{n: 3, by: assignment.ByDirectory, valid: true}},
		{"broadworks org x users 3", cmdBW{op: "org", id: "x", n: 3, pkg: broadworks.Standard}},
		{"broadworks org x users 3 verified-domain", cmdBW{op: "org", id: "x", n: 3, verified: true, pkg: broadworks.Standard}},
		{"broadworks enterprise e1", cmdBW{op: "enterprise", id: "e1", name: "e1", pkg: broadworks.Standard}},
		{`broadworks enterprise e1 "Acme Inc"`, cmdBW{op: "enterprise", id: "e1", name: "Acme Inc", pkg: broadworks.Standard}},
		{"broadworks provision 2 of e1", cmdBW{op: "provision", id: "e1", n: 2, pkg: broadworks.Standard}},
		{"broadworks provision 2 subscribers of e1 emails-of x package basic", cmdBW{op: "provision", id: "e1", n: 2, pkg: broadworks.Basic, emailsOf: "x"}},
		{"broadworks approve x", cmdBW{op: "approve", id: "x", pkg: broadworks.Standard}},
		{"broadworks retry e1", cmdBW{op: "retry", id: "e1", pkg: broadworks.Standard}},
		{`expect 5 users hold "Basic Messaging"`, cmdExpect{text: `5 users hold "Basic Messaging"`, metric: "holding", kind: license.BasicMessaging, op: "=", want: 5}},
		{`expect 0 users hold "Basic Messaging"`, cmdExpect{text: `0 users hold "Basic Messaging"`, metric: "holding", kind: license.BasicMessaging, op: "=", want: 0}},
		{`expect 9 users hold "Basic Messaging"`, cmdExpect{text: `9 users hold "Basic Messaging"`, metric: "holding", kind: license.BasicMessaging, op: "=", want: 9}},
		{"expect users >= 2", cmdExpect{text: "users >= 2", metric: "users", op: ">=", want: 2}},
		{`expect users holding "Basic Messaging" <= 2`, cmdExpect{text: `users holding "Basic Messaging" <= 2`, metric: "holding", kind: license.BasicMessaging, op: "<=", want: 2}},
		{`expect units used "Basic Messaging" on s-1 = 4`, cmdExpect{text: `units used "Basic Messaging" on s-1 = 4`, metric: "units", kind: license.BasicMessaging, arg: "s-1", op: "=", want: 4}},
		{"expect calling placed = 1", cmdExpect{text: "calling placed = 1", metric: "placed", op: "=", want: 1}},
		{"expect calling failures = 1", cmdExpect{text: "calling failures = 1", metric: "failures", op: "=", want: 1}},
		{"expect calling failures NotE164 >= 1", cmdExpect{text: "calling failures NotE164 >= 1", metric: "failures", arg: "NotE164", op: ">=", want: 1}},
		{"expect broadworks error = 1", cmdExpect{text: "broadworks error = 1", metric: "bw", arg: "error", op: "=", want: 1}},
		{"expect app lagging = 0", cmdExpect{text: "app lagging = 0", metric: "lagging", op: "=", want: 0}},
	}
	for _, tt := range tests {
		st := parseOne(t, tt.src)
		if d := cmp.Diff(tt.want, st.Cmd, allFields); d != "" {
			t.Errorf("Parse(%q) command (-want +got):\n%s", tt.src, d)
		}
		if st.Text != tt.src || st.Line != 1 || st.At != 0 || st.Every != 0 {
			t.Errorf("Parse(%q) statement %+v", tt.src, st)
		}
	}
}

// SIM-7: a timing prefix sets the statement's times; the statement keeps
// its line as written without the comment, and where its population count
// is, for the shrinker.
func TestParseTiming(t *testing.T) {
	tests := []struct {
		src  string
		want Statement
	}{
		{"users 12", Statement{Text: "users 12", CountCol: 7, CountLen: 2}},
		{"at 1d2h users 12 # twelve", Statement{Text: "at 1d2h users 12 ", At: 26 * time.Hour, CountCol: 15, CountLen: 2}},
		{"every 2h sync users 3", Statement{Text: "every 2h sync users 3", At: 2 * time.Hour, Every: 2 * time.Hour, CountCol: 21, CountLen: 1}},
		{"every 2h from 0s sign-in all", Statement{Text: "every 2h from 0s sign-in all", Every: 2 * time.Hour}},
		{"every 1d from 2d until 9d sign-in 100", Statement{Text: "every 1d from 2d until 9d sign-in 100", At: 2 * Day, Every: Day, Until: 9 * Day, CountCol: 35, CountLen: 3}},
		{"every 1h until 1h mode org", Statement{Text: "every 1h until 1h mode org", At: time.Hour, Every: time.Hour, Until: time.Hour}},
		{"at 0s broadworks provision 40 of e", Statement{Text: "at 0s broadworks provision 40 of e", CountCol: 28, CountLen: 2}},
		{"work-numbers 1000 by csv valid", Statement{Text: "work-numbers 1000 by csv valid", CountCol: 14, CountLen: 4}},
	}
	for _, tt := range tests {
		st := parseOne(t, tt.src)
		st.Cmd = nil
		tt.want.Line = 1
		if d := cmp.Diff(tt.want, st); d != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", tt.src, d)
		}
	}
}

// SIM-7: the header statements set the scenario up wherever they appear;
// without them the defaults hold.
func TestParseHeader(t *testing.T) {
	sc, err := Parse("h.scn", []byte(`users 1
scenario "my run"
seed 42
until 10d
start 2026-03-01T08:00:00+01:00
domain acme.example
check every 6h
fault app-delay 0s
fault bw-delay 1m to 1m
fault bw-fail 50%
fault sync-lost 0.5%
fault sync-dup 100%
fault expiry 1% per day
`))
	if err != nil {
		t.Fatal(err)
	}
	got := *sc
	got.Catalog, got.Statements, got.src = nil, nil, nil
	want := Scenario{File: "h.scn", Name: "my run", Seed: 42, Until: 10 * Day,
		Start: time.Date(2026, 3, 1, 8, 0, 0, 0, time.FixedZone("", 3600)), Domain: "acme.example", CheckEvery: 6 * time.Hour,
		Faults: Faults{AppDelay: 0, BWMin: time.Minute, BWMax: time.Minute, BWFail: 0.5, SyncLost: 0.005, SyncDup: 1, ExpiryPerDay: 0.01}}
	if d := cmp.Diff(want, got, allFields); d != "" {
		t.Errorf("header (-want +got):\n%s", d)
	}
	sc, err = Parse("d.scn", []byte("users 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	got = *sc
	got.Catalog, got.Statements, got.src = nil, nil, nil
	want = Scenario{File: "d.scn", Seed: 1, Until: 365 * Day, Start: DefaultStart, Domain: "example.com", Faults: defaultFaults}
	if d := cmp.Diff(want, got, allFields); d != "" {
		t.Errorf("defaults (-want +got):\n%s", d)
	}
}

// "broadworks org X users N" makes an org whose first person is its full
// admin and the others end users, with e-mails Xk@X.example, and with
// "verified-domain" the verified domain X.example.
func TestBroadWorksOrgSetup(t *testing.T) {
	s, err := New(MustParse("b.scn", "until 1h\nbroadworks org acme users 3 verified-domain\nbroadworks org beta users 1\n"), 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Run(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range s.bw.cloud.Persons("acme") {
		got = append(got, p.Email+" "+p.Role.String())
	}
	want := []string{"acme0@acme.example " + broadworks.CustomerFullAdmin.String(), "acme1@acme.example " + broadworks.EndUser.String(),
		"acme2@acme.example " + broadworks.EndUser.String()}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("persons (-want +got):\n%s", d)
	}
	acme, _ := s.bw.cloud.Org("acme")
	beta, _ := s.bw.cloud.Org("beta")
	if d := cmp.Diff([]broadworks.Domain{{Name: "acme.example", Verified: true}}, acme.Domains); d != "" {
		t.Errorf("acme's domains (-want +got):\n%s", d)
	}
	if len(beta.Domains) != 0 {
		t.Errorf("beta's domains %v", beta.Domains)
	}
}
