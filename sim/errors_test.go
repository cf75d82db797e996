package sim_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/sim"
)

// parseErrorCase is one scenario line with a mistake, and the error it
// must give: the column of the offending token (or of the end of the
// line), what the parser expected there, and the token as written ("" for
// the end of the line).
type parseErrorCase struct {
	src      string // one line, without its newline
	col      int
	expected string
	got      string
}

// checkParseErrors parses each case's line alone and again after three
// lines that parse (a header, a comment and a blank line), so that the
// error must name line 1 and then line 4, and compares the whole
// *ParseError and its message.
func checkParseErrors(t *testing.T, cases []parseErrorCase) {
	t.Helper()
	for _, tt := range cases {
		for _, prefix := range []string{"", "until 2d\n# a comment\n\n"} {
			src := prefix + tt.src + "\n"
			sc, err := sim.Parse("bad.scn", []byte(src))
			var pe *sim.ParseError
			if !errors.As(err, &pe) {
				t.Errorf("Parse(%q) = %v, %v; want a *ParseError", src, sc, err)
				continue
			}
			want := &sim.ParseError{File: "bad.scn", Line: 1 + strings.Count(prefix, "\n"), Col: tt.col, Expected: tt.expected, Got: tt.got}
			if d := cmp.Diff(want, pe); d != "" {
				t.Errorf("Parse(%q) error (-want +got):\n%s", src, d)
			}
			if err.Error() != want.Error() {
				t.Errorf("Parse(%q) error %q, want %q", src, err, want)
			}
		}
	}
}

const licenseName = `a license name such as "Advanced Messaging"`
const catalogName = `a license name of the catalog, such as "Advanced Messaging"`

// SIM-7: every header and fault statement with a mistake is a *ParseError
// naming the line, the column and the offending token.
func TestParseErrorsHeader(t *testing.T) {
	faults := "a fault (app-delay, bw-delay, bw-fail, sync-lost, sync-dup, expiry)"
	checkParseErrors(t, []parseErrorCase{
		{"scenario", 9, "the scenario's name", ""},
		{"scenario =", 10, "the scenario's name", `"="`},
		{`scenario ""`, 10, "the scenario's name", `""`},
		{"seed", 5, "a seed", ""},
		{"seed -1", 6, "a seed (0 to 4611686018427387904)", `"-1"`},
		{"seed 99999999999999999999", 6, "a seed (0 to 4611686018427387904)", `"99999999999999999999"`},
		{`seed "3"`, 6, "a seed", `"3"`},
		{"seed 1 2", 8, "end of line", `"2"`},
		{"until", 6, "the run's end such as 48h or 7d", ""},
		{"until 3x", 7, "the run's end such as 48h or 7d", `"3x"`},
		{"until 1d extra", 10, "end of line", `"extra"`},
		{"start 2026", 7, "a start time (RFC 3339)", `"2026"`},
		{"start", 6, "a start time (RFC 3339)", ""},
		{"domain", 7, "an e-mail domain", ""},
		{"check 1d", 7, `"every"`, `"1d"`},
		{"check every", 12, "an interval such as 48h or 7d", ""},
		{"check every 1d 2d", 16, "end of line", `"2d"`},
		{"fault", 6, faults, ""},
		{"fault foo", 7, faults, `"foo"`},
		{"fault app-delay", 16, "the longest app delay such as 48h or 7d", ""},
		{"fault app-delay 25h", 17, "an app delay of at most 24h (LIC-11)", `"25h"`},
		{"fault app-delay 1d1s", 17, "an app delay of at most 24h (LIC-11)", `"1d1s"`},
		{"fault bw-delay", 15, "the shortest BroadWorks delay such as 48h or 7d", ""},
		{"fault bw-delay 5m 1m", 19, `"to"`, `"1m"`},
		{"fault bw-delay 5m to", 21, "the longest BroadWorks delay such as 48h or 7d", ""},
		{"fault bw-delay 5m to 1m", 22, "a longest delay not below the shortest", `"1m"`},
		{"fault bw-delay 5m to 6m 7m", 25, "end of line", `"7m"`},
		{"fault bw-fail", 14, "the share of failing BroadWorks tasks as a percentage such as 95%", ""},
		{"fault bw-fail 5", 15, "the share of failing BroadWorks tasks as a percentage such as 95%", `"5"`},
		{"fault sync-lost -1%", 17, "the share of lost sync batches as a percentage from 0% to 100%", `"-1%"`},
		{"fault sync-dup x%", 16, "the share of duplicated sync batches as a percentage from 0% to 100%", `"x%"`},
		{"fault expiry 1%", 16, `"per"`, ""},
		{"fault expiry 1% per week", 21, `"day"`, `"week"`},
		{"fault expiry 101% per day", 14, "the daily expiry chance as a percentage from 0% to 100%", `"101%"`},
	})
}

// SIM-7: a timing prefix with a mistake names the bad time.
func TestParseErrorsTiming(t *testing.T) {
	checkParseErrors(t, []parseErrorCase{
		{"at", 3, "a virtual time such as 48h or 7d", ""},
		{"at 1h", 6, "a command", ""},
		{`at 1h "users" 3`, 7, "a command", `"users"`},
		{"at -1h users 1", 4, "a virtual time such as 48h or 7d", `"-1h"`},
		{"at 1h seed 3", 7, "a command (broadworks, calling, cancel, csv, delete, expect, expire, group, location, mode, numbers, remove, setting, sign-in, site, subscription, sync, template, update, users, work-numbers)", `"seed"`},
		{"every", 6, "an interval such as 48h or 7d", ""},
		{"every 0s users 1", 7, "an interval above 0", `"0s"`},
		{"every 0d0h users 1", 7, "an interval above 0", `"0d0h"`},
		{"every 1h from", 14, "a start time such as 48h or 7d", ""},
		{"every 1h from x users 1", 15, "a start time such as 48h or 7d", `"x"`},
		{"every 1h until", 15, "an end time such as 48h or 7d", ""},
		{"every 1h until 30m users 1", 16, "an end time above 0s and not before the first time", `"30m"`},
		{"every 1h from 2h until 1h users 1", 24, "an end time above 0s and not before the first time", `"1h"`},
		{"every 1h until 2h from 1h users 1", 19, "a command (broadworks, calling, cancel, csv, delete, expect, expire, group, location, mode, numbers, remove, setting, sign-in, site, subscription, sync, template, update, users, work-numbers)", `"from"`},
	})
}

// SIM-7: a catalog override with a mistake names its token.
func TestParseErrorsCatalog(t *testing.T) {
	cats := "a category (messaging, meetings, calling, contact-center)"
	checkParseErrors(t, []parseErrorCase{
		{"catalog", 8, `"site" or "kind"`, ""},
		{"catalog sites x", 9, `"site" or "kind"`, `"sites"`},
		{"catalog site", 13, "a meeting site name", ""},
		{"catalog site a.webex.com b", 26, "end of line", `"b"`},
		{"catalog kind", 13, "the kind's name", ""},
		{"catalog kind X", 15, `"code"`, ""},
		{"catalog kind X kode X", 16, `"code"`, `"kode"`},
		{"catalog kind X code", 20, "a license code such as XYZ", ""},
		{"catalog kind X code X", 22, `"category"`, ""},
		{"catalog kind X code X category", 31, cats, ""},
		{"catalog kind X code X category Calling", 32, cats, `"Calling"`},
		{"catalog kind X code X category calling paid extra", 45, "end of line", `"extra"`},
	})
}

// SIM-7: each command with a mistake names the token where it goes wrong.
func TestParseErrorsCommands(t *testing.T) {
	selection := `a number of users or "all"`
	statuses := "a subscriber status (provisioning, pending_email_input, pending_email_validation, pending_user_migration, provisioned, updating, error)"
	checkParseErrors(t, []parseErrorCase{
		// subscriptions
		{"subscription", 13, "a subscription ID", ""},
		{"subscription s", 15, licenseName, ""},
		{`subscription s "Basic Mesaging"=5`, 16, catalogName, `"Basic Mesaging"`},
		{`subscription s "Basic Messaging" 5`, 34, `"="`, `"5"`},
		{`subscription s "Basic Messaging"=x`, 34, "a number of units (0 to 1073741824)", `"x"`},
		{`subscription s "Basic Messaging"=1073741825`, 34, "a number of units (0 to 1073741824)", `"1073741825"`},
		{`subscription s "Basic Messaging"=5,`, 36, licenseName, ""},
		{`subscription s "Basic Messaging"=5 "Advanced Messaging"=5`, 36, "end of line", `"Advanced Messaging"`},
		{"cancel sub s", 8, `"subscription"`, `"sub"`},
		{"cancel subscription", 20, "a subscription ID", ""},
		{"expire subscription s t", 23, "end of line", `"t"`},
		// groups, mode, settings
		{"group", 6, "a group name", ""},
		{"group ,", 7, "a group name", `","`},
		{"group Sales parent", 19, "the parent group's name", ""},
		{"group Sales parent A distribution", 22, "end of line", `"distribution"`},
		{"mode", 5, `"org" or "group"`, ""},
		{"mode team", 6, `"org" or "group"`, `"team"`},
		{`mode "org"`, 6, `"org" or "group"`, `"org"`},
		{"setting", 8, "a setting (preserve-on-group-change, suppress-emails, sso)", ""},
		{"setting foo on", 9, "a setting (preserve-on-group-change, suppress-emails, sso)", `"foo"`},
		{"setting sso", 12, `"on" or "off"`, ""},
		{"setting sso maybe", 13, `"on" or "off"`, `"maybe"`},
		{"setting suppress-emails ON", 25, `"on" or "off"`, `"ON"`},
		{"setting preserve-on-group-change off ack now", 42, "end of line", `"now"`},
		{"setting retention", 18, "a retention period such as 48h or 7d", ""},
		{"setting retention 30", 19, "a retention period such as 48h or 7d", `"30"`},
		{"site", 5, "a meeting site", ""},
		{"site a.webex.com", 17, `"attendee"`, ""},
		{"site a.webex.com attendee", 26, `"on" or "off"`, ""},
		{"site a.webex.com attendee yes", 27, `"on" or "off"`, `"yes"`},
		// templates
		{"template", 9, "a template name", ""},
		{"template t", 11, `"with"`, ""},
		{"template t group", 17, "a group name", ""},
		{"template t for Sales with x", 12, `"with"`, `"for"`},
		{"template t with", 16, licenseName, ""},
		{`template t with "Basic Messaging"@`, 35, "a subscription ID", ""},
		{`template t with "Basic Messaging" existing now`, 44, "end of line", `"now"`},
		{"delete", 7, `"template"`, ""},
		{"delete group g", 8, `"template"`, `"group"`},
		{"delete template", 16, "a template name", ""},
		{"delete template t ack later", 23, "end of line", `"later"`},
		{"remove", 7, licenseName, ""},
		{"remove Foo from template t", 8, catalogName, `"Foo"`},
		{`remove "Basic Messaging"`, 25, `"from"`, ""},
		{`remove "Basic Messaging" to template t`, 26, `"from"`, `"to"`},
		{`remove "Basic Messaging" from t`, 31, `"template"`, `"t"`},
		{`remove "Basic Messaging" from template`, 39, "a template name", ""},
		{`remove "Basic Messaging" from template t now`, 42, "end of line", `"now"`},
		// calling inventory
		{"location", 9, "a location ID", ""},
		{`location hq "HQ" extra`, 18, "end of line", `"extra"`},
		{"numbers", 8, "a location ID", ""},
		{"numbers hq", 11, "the first number, such as +14085550000", ""},
		{"numbers hq +14085550000", 24, `"count"`, ""},
		{"numbers hq +14085550000 cnt 3", 25, `"count"`, `"cnt"`},
		{"numbers hq +14085550000 count", 30, "a count of numbers", ""},
		{"numbers hq +14085550000 count x", 31, "a count of numbers (0 to 10000000)", `"x"`},
		{"numbers hq +14085550000 count 3 active", 33, "end of line", `"active"`},
		// populations
		{"users", 6, "a number of users", ""},
		{"users x # a comment", 7, "a number of users (0 to 10000000)", `"x"`},
		{"users 10000001", 7, "a number of users (0 to 10000000)", `"10000001"`},
		{"users 3 in", 11, "a group name", ""},
		{"users 3 in A,", 14, "a group name", ""},
		{"users 3 work", 13, "the share with valid work numbers as a percentage such as 95%", ""},
		{"users 3 work 50", 14, "the share with valid work numbers as a percentage such as 95%", `"50"`},
		{"users 3 prefix", 15, "an e-mail prefix", ""},
		{"users 3 prefix =", 16, "an e-mail prefix", `"="`},
		{"users 3 active", 9, `"in", "work", "inactive", "prefix" or end of line`, `"active"`},
		// directory sync
		{"sync", 5, `a sync batch ("users", "move", "join", "remove", "renumber", "fix-numbers")`, ""},
		{"sync add 3", 6, `a sync batch ("users", "move", "join", "remove", "renumber", "fix-numbers")`, `"add"`},
		{"sync users", 11, "a number of users", ""},
		{"sync move", 10, "a number of users", ""},
		{"sync move 3 to B", 13, `"from"`, `"to"`},
		{"sync move 3 from", 17, "a group name", ""},
		{"sync move 3 from A", 19, `"to"`, ""},
		{"sync join 3 from A into B", 20, `"to"`, `"into"`},
		{"sync join 3 users from A to", 28, "a group name", ""},
		{"sync remove x from A", 13, "a number of users (0 to 10000000)", `"x"`},
		{"sync remove 2 from A to B", 22, "end of line", `"to"`},
		{"sync renumber", 14, "a number of users", ""},
		{"sync renumber 3 in", 19, "a group name", ""},
		{"sync renumber 3 of A", 17, "end of line", `"of"`},
		{"sync fix-numbers in", 20, "a group name", ""},
		{"sync fix-numbers 3", 18, "end of line", `"3"`},
		// sign-in, CSV, calling retry, update, work numbers
		{"sign-in", 8, selection, ""},
		{"sign-in some", 9, selection + " (0 to 10000000)", `"some"`},
		{"sign-in all users in", 21, "a group name", ""},
		{"csv", 4, `"set"`, ""},
		{"csv get", 5, `"set"`, `"get"`},
		{"csv set", 8, licenseName, ""},
		{`csv set "Basic Messaging" TRUE`, 27, `"="`, `"TRUE"`},
		{`csv set "Basic Messaging"=true`, 27, "TRUE or FALSE", `"true"`},
		{`csv set "Basic Messaging"=`, 27, "TRUE or FALSE", ""},
		{`csv set "Basic Messaging"=TRUE,`, 32, licenseName, ""},
		{`csv set "Basic Messaging"=TRUE for`, 35, selection, ""},
		{`csv set "Basic Messaging"=TRUE for x`, 36, selection + " (0 to 10000000)", `"x"`},
		{`csv set "Basic Messaging"=TRUE in`, 34, "a group name", ""},
		{`csv set "Basic Messaging"=TRUE ack now`, 36, "end of line", `"now"`},
		{"calling", 8, `"retry"`, ""},
		{"calling redo", 9, `"retry"`, `"redo"`},
		{"calling retry in", 17, "a group name", ""},
		{"calling retry Sales", 15, "end of line", `"Sales"`},
		{"update", 7, selection, ""},
		{"update all", 11, `"to"`, ""},
		{"update all to", 14, licenseName, ""},
		{`update all to "Basic Messaging",`, 33, licenseName, ""},
		{"update all users in", 20, "a group name", ""},
		{"update 3 users into x", 16, `"to"`, `"into"`},
		{"work-numbers", 13, "a number of users", ""},
		{"work-numbers all by csv valid", 14, "a number of users (0 to 10000000)", `"all"`},
		{"work-numbers 3", 15, `"by"`, ""},
		{"work-numbers 3 in", 18, "a group name", ""},
		{"work-numbers 3 by", 18, "control-hub, csv or directory", ""},
		{"work-numbers 3 by fax valid", 19, "control-hub, csv or directory", `"fax"`},
		{"work-numbers 3 by csv", 22, "valid or invalid", ""},
		{"work-numbers 3 by csv ok", 23, "valid or invalid", `"ok"`},
		{"work-numbers 3 by csv valid now", 29, "end of line", `"now"`},
		// BroadWorks
		{"broadworks", 11, `"org", "enterprise", "provision", "approve" or "retry"`, ""},
		{"broadworks foo", 12, `"org", "enterprise", "provision", "approve" or "retry"`, `"foo"`},
		{"broadworks org", 15, "an org ID", ""},
		{"broadworks org x", 17, `"users"`, ""},
		{"broadworks org x users", 23, "a number of persons", ""},
		{"broadworks org x users 3 verified", 26, "end of line", `"verified"`},
		{"broadworks enterprise", 22, "an enterprise ID", ""},
		{`broadworks enterprise e "E" x`, 29, "end of line", `"x"`},
		{"broadworks provision", 21, "a number of subscribers", ""},
		{"broadworks provision 3", 23, `"of"`, ""},
		{"broadworks provision 3 subscribers for e", 36, `"of"`, `"for"`},
		{"broadworks provision 3 of", 26, "an enterprise ID", ""},
		{"broadworks provision 3 of e package", 36, "a package", ""},
		{"broadworks provision 3 of e package gold", 37, "a package (basic, standard, premium, softphone)", `"gold"`},
		{"broadworks provision 3 of e emails-of", 38, "an org ID", ""},
		{"broadworks provision 3 of e color red", 29, `"package", "emails-of" or end of line`, `"color"`},
		{"broadworks approve", 19, "an org ID", ""},
		{"broadworks retry", 17, "an enterprise ID", ""},
		{"broadworks retry e f", 20, "end of line", `"f"`},
		// expectations
		{"expect", 7, `a metric ("users", "users holding K", "units used K on SUB", "calling placed", "calling failures [REASON]", "broadworks STATUS", "app lagging") or "N users hold K"`, ""},
		{"expect foo = 1", 8, `a metric ("users", "users holding K", "units used K on SUB", "calling placed", "calling failures [REASON]", "broadworks STATUS", "app lagging") or "N users hold K"`, `"foo"`},
		{"expect 3", 9, `"users"`, ""},
		{"expect 3 users", 15, `"hold"`, ""},
		{"expect 3 users holding x", 16, `"hold"`, `"holding"`},
		{"expect 3 users hold", 20, licenseName, ""},
		{"expect 3 users hold Foo", 21, catalogName, `"Foo"`},
		{"expect 10000001 users hold x", 8, "a count (0 to 10000000)", `"10000001"`},
		{"expect users", 13, "=, >= or <=", ""},
		{"expect users == 3", 15, "a count (0 to 10000000)", `"="`},
		{"expect users = -1", 16, "a count (0 to 10000000)", `"-1"`},
		{"expect users = 1 2", 18, "end of line", `"2"`},
		{"expect users holding = 1", 22, catalogName, `"="`},
		{"expect units", 13, `"used"`, ""},
		{"expect units used", 18, licenseName, ""},
		{`expect units used "Basic Messaging"`, 36, `"on"`, ""},
		{`expect units used "Basic Messaging" on`, 39, "a subscription ID", ""},
		{"expect calling", 15, `"placed" or "failures"`, ""},
		{"expect calling x = 1", 16, `"placed" or "failures"`, `"x"`},
		{"expect calling placed", 22, "=, >= or <=", ""},
		{"expect broadworks", 18, statuses, ""},
		{"expect broadworks = 1", 19, statuses, `"="`},
		{"expect app = 1", 12, `"lagging"`, `"="`},
		{"expect app lagging", 19, "=, >= or <=", ""},
	})
}

// SIM-7: a line that does not lex is a *ParseError at the token.
func TestParseErrorsLex(t *testing.T) {
	checkParseErrors(t, []parseErrorCase{
		{`group "Sales`, 7, "a closing quote", "end of line"},
		{`group "Sales\"`, 7, "a closing quote", "end of line"},
		{`group "a\q"`, 7, "a quoted string with Go escapes", `"a\q"`},
		{`group "\xff"`, 7, "a quoted string with Go escapes", `"\xff"`},
		{"users \xff", 7, "UTF-8 text", `"\xff"`},
		{"\u200busers 3", 1, "a command (broadworks, calling, cancel, csv, delete, expect, expire, group, location, mode, numbers, remove, setting, sign-in, site, subscription, sync, template, update, users, work-numbers)", `"\u200busers"`},
	})
}

// TestParseSkipsLeadingBOM: a byte order mark at the start of a file, as
// some editors write, is skipped; anywhere else it is a parse error.
func TestParseSkipsLeadingBOM(t *testing.T) {
	src := "seed 7\nusers 3\n"
	plain, err := sim.Parse("s.scn", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	withBOM, err := sim.Parse("s.scn", []byte("\ufeff"+src))
	if err != nil {
		t.Fatalf("a leading BOM: %v", err)
	}
	if withBOM.Seed != 7 || len(withBOM.Statements) != len(plain.Statements) {
		t.Errorf("with a BOM: seed %d, %d statements; want 7 and %d", withBOM.Seed, len(withBOM.Statements), len(plain.Statements))
	}
	var pe *sim.ParseError
	if _, err := sim.Parse("s.scn", []byte(src+"\ufeffusers 3\n")); !errors.As(err, &pe) || pe.Line != 3 || pe.Col != 1 {
		t.Errorf("a BOM on line 3: %v, want a *ParseError at 3:1", err)
	}
}

// Mistakes that parsed, before a fix, into something the user did not
// write: each is now a *ParseError at the offending token.
func TestParseErrorsNoSilentParse(t *testing.T) {
	reasons := "a failure reason (NoWorkNumber, NotE164, NotPreProvisioned, LocationNotValid, NumberInUse, NoUnitAvailable, NoPlacement)"
	statuses := "a subscriber status (provisioning, pending_email_input, pending_email_validation, pending_user_migration, provisioned, updating, error)"
	checkParseErrors(t, []parseErrorCase{
		// invalid UTF-8 inside quotes became U+FFFD: a group named "\ufffd"
		{"group \"\xff\"", 7, "UTF-8 text", `"\xff"`},
		{"users 3 in \"West\xc3Sales\"", 12, "UTF-8 text", `"West\xc3Sales"`},
		// the marks >= and <= were taken as names: a group named ">="
		{"group >=", 7, "a group name", `">="`},
		{"users 3 in Sales, <=", 19, "a group name", `"<="`},
		{"template t group >= with x", 18, "a group name", `">="`},
		// a first number that is no E.164 number failed only when the
		// run reached it, as an error record of a run that passed
		{"numbers hq 14085550000 count 3", 12, "the first number in E.164, such as +14085550000", `"14085550000"`},
		{"numbers hq +1408555000x count 3", 12, "the first number in E.164, such as +14085550000", `"+1408555000x"`},
		// an unknown failure reason or subscriber status counted nothing,
		// so that "= 0" always held
		{"expect calling failures NotE16 = 0", 25, reasons, `"NotE16"`},
		{"expect calling failures note164 >= 1", 25, reasons, `"note164"`},
		{"expect broadworks provisoned = 0", 19, statuses, `"provisoned"`},
		{"expect broadworks Provisioned = 0", 19, statuses, `"Provisioned"`},
	})
	for _, src := range []string{"expect calling failures NotE164 = 0", `expect calling failures "NoPlacement" <= 3`,
		"expect calling failures >= 0", "expect broadworks error >= 1", "expect broadworks pending_email_input = 0",
		"group \"West Sälj\"", "group \">=\"", "numbers hq +14085550000 count 3"} {
		if _, err := sim.Parse("ok.scn", []byte(src+"\n")); err != nil {
			t.Errorf("Parse(%q): %v", src, err)
		}
	}
}

// A statement that parses but cannot be carried out when it fires (a
// group or location that does not exist then, numbers that run out) is
// traced as an error of its event, naming what is missing; the run goes
// on.
func TestEventErrors(t *testing.T) {
	tr, res := trace(t, sim.MustParse("e.scn", `until 1d
group Sales
location hq
at 1h sync move 1 from Nope to Sales
at 1h sync renumber 1 in Nope
at 1h sign-in all in sales
at 1h csv set "Basic Messaging"=TRUE in Nope
at 1h update all in Nope to "Basic Messaging"
at 1h work-numbers 1 in Nope by csv valid
at 1h calling retry in Nope
at 1h numbers nope +14085550100 count 2
at 1h location hq
at 1h numbers hq +999999999999999 count 2
at 2h sync users 2 in Sales
at 3h sync renumber 1 in Sales
at 4h expect users = 2
`), 1)
	if res.Failure != nil {
		t.Fatalf("failure %+v", res.Failure)
	}
	var got []string
	var event string
	for _, r := range records(t, tr) {
		switch r.Type {
		case "event":
			event = r.Event
		case "error":
			got = append(got, event+": "+r.Error)
		}
	}
	want := []string{
		`at 1h sync move 1 from Nope to Sales: sim: unknown group "Nope"`,
		`at 1h sync renumber 1 in Nope: sim: unknown group "Nope"`,
		`at 1h sign-in all in sales: sim: unknown group "sales"`,
		`at 1h csv set "Basic Messaging"=TRUE in Nope: sim: unknown group "Nope"`,
		`at 1h update all in Nope to "Basic Messaging": sim: unknown group "Nope"`,
		`at 1h work-numbers 1 in Nope by csv valid: sim: unknown group "Nope"`,
		`at 1h calling retry in Nope: sim: unknown group "Nope"`,
		`at 1h numbers nope +14085550100 count 2: calling: unknown location: location "nope"`,
		`at 1h location hq: calling: duplicate location: location "hq"`,
		`at 1h numbers hq +999999999999999 count 2: sim: numbers from +999999999999999: 2 numbers overflow E.164`,
		`at 3h sync renumber 1 in Sales: sim: no free number left to hand out`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("errors (-want +got):\n%s", d)
	}
}

// A license name with a comma or a quote is quoted in the CSV header the
// simulator writes, so that the import finds its column.
func TestCSVQuotedHeader(t *testing.T) {
	for _, name := range []string{`Pager, Premium`, `Pager "Pro"`, "Pager Plain"} {
		src := fmt.Sprintf(`until 1d
catalog kind %q code PAGER category messaging paid consumes-unit
subscription s %q=5
at 1h users 2
at 2h csv set %q=TRUE for 1 users
at 3h expect users holding %q = 1
`, name, name, name, name)
		tr, res := trace(t, sim.MustParse("q.scn", src), 1)
		if res.Failure != nil {
			t.Errorf("%s: %v", name, res.Failure)
		}
		for _, r := range records(t, tr) {
			if r.Type == "row_error" || r.Type == "refused" || r.Type == "error" {
				t.Errorf("%s: %+v", name, r)
			}
		}
	}
}
