package sim_test

import (
	"errors"
	"testing"

	"github.com/wxlicense/wxlicense/sim"
)

// SIM-7: a parse error names the file, line and column, and what was
// expected there.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"at 5x users 3\n", `s.scn:1:4: expected a virtual time such as 48h or 7d, got "5x"`},
		{"\n\nfrobnicate\n", `s.scn:3:1: expected a command (broadworks, calling, cancel, csv, delete, expect, expire, group, location, mode, numbers, remove, setting, sign-in, site, subscription, sync, template, update, users, work-numbers), got "frobnicate"`},
		{`template org with "Basic Mesaging"` + "\n", `s.scn:1:19: expected a license name of the catalog, such as "Advanced Messaging", got "Basic Mesaging"`},
		{"users 10 in\n", `s.scn:1:12: expected a group name, got end of line`},
		{`group "Sales` + "\n", `s.scn:1:7: expected a closing quote, got end of line`},
		{"at 1h expect users ~ 3\n", `s.scn:1:20: expected =, >= or <=, got "~"`},
		{"fault bw-fail 120%\n", `s.scn:1:15: expected the share of failing BroadWorks tasks as a percentage from 0% to 100%, got "120%"`},
		{"catalog kind X code x category calling\n", `s.scn:1:1: expected a catalog override the catalog accepts, got license: invalid catalog: kind "X": code "x" is not upper-case letters`},
		{"catalog kind X code X category food\n", `s.scn:1:32: expected a category (messaging, meetings, calling, contact-center), got "food"`},
		{"users 5 in Sales extra\n", `s.scn:1:18: expected "in", "work", "inactive", "prefix" or end of line, got "extra"`},
	}
	for _, tt := range tests {
		_, err := sim.Parse("s.scn", []byte(tt.src))
		var pe *sim.ParseError
		if !errors.As(err, &pe) || err.Error() != tt.want {
			t.Errorf("Parse(%q) = %v\nwant %s", tt.src, err, tt.want)
		}
	}
}

// SIM-7: the grammar's statements parse, with timing prefixes.
func TestParseAll(t *testing.T) {
	src := `scenario "all"
seed 9
until 30d
start 2026-02-01T00:00:00Z
domain acme.example
catalog site acme.webex.com
catalog kind "Webex Calling Premium" code BCPREM category calling paid consumes-unit
check every 1d
fault app-delay 12h
fault bw-delay 1m to 10m
fault bw-fail 2%
fault sync-lost 1%
fault sync-dup 1.5%
fault expiry 0.1% per day
subscription sub-1 "Advanced Messaging"=10, "Webex Calling Professional"=5
group Sales distribution
group "West Sales" parent Sales
mode group
setting preserve-on-group-change off ack
setting retention 30d
site acme.webex.com attendee off
template t group Sales with "Basic Messaging", "Advanced Messaging"@sub-1 existing preserve-off ack
remove "Advanced Messaging" from template t existing
delete template t preserve-off ack
location hq "HQ" disabled
numbers hq +14085550000 count 100 inactive
at 1h users 10 in Sales, "West Sales" work 90% inactive prefix s
every 1d from 2d until 9d sync users 3 in Sales work 100%
at 3d sync move 2 users from Sales to "West Sales"
at 3d sync remove 1 from Sales
at 3d sync join 2 from Sales to "West Sales"
at 4d update 2 users in Sales to "Basic Messaging", "Webex Calling Premium" ack
at 4d work-numbers 2 in Sales by control-hub valid
at 3d sync renumber 2 in Sales
at 3d sync fix-numbers
at 4d sign-in 5 users in Sales
at 4d sign-in all
at 4d csv set "Advanced Messaging"=FALSE, "Basic Messaging"=TRUE for 3 users in Sales ack
at 4d calling retry in Sales
at 5d cancel subscription sub-1
at 5d expire subscription sub-1
broadworks org x users 120 verified-domain
broadworks enterprise e1 "Acme"
at 1h broadworks provision 3 subscribers of e1 package premium emails-of x
at 2h broadworks approve x
at 3h broadworks retry e1
at 6d expect 9500 users hold "Webex Calling Professional"
at 6d expect users >= 1
at 6d expect users holding "Advanced Messaging" <= 3
at 6d expect units used "Advanced Messaging" on sub-1 = 0
at 6d expect calling placed = 0
at 6d expect calling failures NotE164 = 0
at 6d expect calling failures = 0
at 6d expect broadworks provisioned >= 0
at 6d expect app lagging = 0
`
	sc, err := sim.Parse("all.scn", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Seed != 9 || sc.Until != 30*sim.Day || sc.Domain != "acme.example" || len(sc.Statements) != 41 {
		t.Errorf("seed %d until %v domain %q statements %d", sc.Seed, sc.Until, sc.Domain, len(sc.Statements))
	}
	if _, ok := sc.Catalog.SiteKind("acme.webex.com", 1); !ok {
		t.Error("catalog site not added")
	}
	if _, ok := sc.Catalog.Lookup("Webex Calling Premium"); !ok {
		t.Error("catalog kind not added")
	}
	// Every command runs; the first expectation fails, naming its value.
	res, err := sim.Run(sc, 1, sim.Options{})
	if res == nil || res.Failure == nil || res.Failure.Detail != "want = 9500, got 0" {
		t.Fatalf("run: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("at 1h users 10 in Sales work 95%\n"))
	f.Add([]byte(`template org with "Basic Messaging", "Advanced Messaging"@s existing` + "\n"))
	f.Add([]byte("every 1d from 2d until 9d sync move 3 from A to \"B\\\"\"\n"))
	f.Add([]byte("at 6d expect 9500 users hold \"Webex Calling Professional\"\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		sc, err := sim.Parse("f.scn", src)
		if err != nil {
			var pe *sim.ParseError
			if !errors.As(err, &pe) || pe.Line < 1 || pe.Col < 1 {
				t.Fatalf("error %v is no positioned ParseError", err)
			}
			return
		}
		if _, err := sim.Parse("f.scn", sc.Source()); err != nil {
			t.Fatalf("reparse: %v", err)
		}
	})
}
