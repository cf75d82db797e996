package sim_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"

	"github.com/wxlicense/wxlicense/sim"
)

func records(t *testing.T, trace []byte) []sim.Record {
	t.Helper()
	var out []sim.Record
	sn := bufio.NewScanner(bytes.NewReader(trace))
	sn.Buffer(nil, 1<<24)
	for sn.Scan() {
		var r sim.Record
		if err := json.Unmarshal(sn.Bytes(), &r); err != nil {
			t.Fatalf("bad trace line %s: %v", sn.Bytes(), err)
		}
		out = append(out, r)
	}
	return out
}

func countType(rs []sim.Record, typ, op string) int {
	n := 0
	for _, r := range rs {
		if r.Type == typ && (op == "" || r.Op == op || r.Fault == op) {
			n++
		}
	}
	return n
}

// SIM-4: faults come at the scenario's rates from the seeded source: every
// sync batch lost at 100%, delivered twice (and refused the second time)
// at 100%, every BroadWorks task failing at 100%; none at 0%.
func TestFaultRates(t *testing.T) {
	base := `until 2d
group Sales
at 1h sync users 5 in Sales
at 1h sync users 5 in Sales
broadworks enterprise e1
at 1h broadworks provision 3 of e1
`
	tests := []struct {
		faults          string
		users, lost     int
		dup, bwFailures int
	}{
		{"", 10, 0, 0, 0},
		{"fault sync-lost 100%\n", 0, 2, 0, 0},
		{"fault sync-dup 100%\n", 10, 0, 2, 0},
		{"fault bw-fail 100%\n", 10, 0, 0, 3},
	}
	for _, tt := range tests {
		tr, res := trace(t, sim.MustParse("f.scn", tt.faults+base), 1)
		rs := records(t, tr)
		if res.Summary.Users != tt.users || countType(rs, "fault", "sync-lost") != tt.lost ||
			countType(rs, "fault", "sync-dup") != tt.dup || countType(rs, "refused", "") != tt.dup ||
			countType(rs, "bw", "fail") != tt.bwFailures {
			t.Errorf("%q: %d users, %d lost, %d dup, %d bw failures", tt.faults, res.Summary.Users,
				countType(rs, "fault", "sync-lost"), countType(rs, "fault", "sync-dup"), countType(rs, "bw", "fail"))
		}
	}
}

// SIM-4: BroadWorks tasks complete within the scenario's delay range after
// they start (BW-4); license changes reach the app within the app delay
// (LIC-11): with no delay no app lags, with 24 h some do until a day passes.
func TestDelays(t *testing.T) {
	tr, _ := trace(t, sim.MustParse("d.scn", `until 1d
fault bw-delay 3m to 4m
broadworks enterprise e1
at 1h broadworks provision 5 of e1
`), 2)
	seen := map[string]bool{} // a task that waited for the org is resumed later
	for _, r := range records(t, tr) {
		if r.Type == "event" && r.Seq > 2 && !seen[r.Event] {
			seen[r.Event] = true
			d, _ := sim.ParseDuration(r.T)
			if d < 63*60e9 || d > 64*60e9 {
				t.Errorf("%s at %s, want 1h3m..1h4m", r.Event, r.T)
			}
		}
	}
	if len(seen) != 5 {
		t.Errorf("%d tasks ended", len(seen))
	}
	for _, tt := range []struct {
		delay string
		want  string
	}{{"0s", "= 0"}, {"24h", ">= 1"}} {
		sc := sim.MustParse("a.scn", "until 3d\nfault app-delay "+tt.delay+`
subscription s "Advanced Messaging"=20
template org with "Basic Messaging", "Advanced Messaging"
at 1h users 20
at 1h1m expect app lagging `+tt.want+`
at 2d1h expect app lagging = 0
`)
		if _, err := sim.Run(sc, 1, sim.Options{}); err != nil {
			t.Errorf("app delay %s: %v", tt.delay, err)
		}
	}
}

// SIM-6: the trace starts with a header carrying the scenario and seed,
// ends with the summary, and records every license change with its user,
// operation, license, rule and template, and every event before its
// results.
func TestTraceRecords(t *testing.T) {
	tr, res := trace(t, sim.DefaultScenario(), 4)
	rs := records(t, tr)
	if h := rs[0]; h.Type != "header" || h.Schema != sim.TraceSchema || *h.Seed != 4 || h.Scenario == "" {
		t.Errorf("header %+v", h)
	}
	if last := rs[len(rs)-1]; last.Type != "summary" || last.Summary.Users != res.Summary.Users {
		t.Errorf("last record %+v", last)
	}
	grants := 0
	for i, r := range rs {
		switch {
		case r.Type == "change" && (r.User == "" || r.Op == "" || r.Rule == "" || r.Seq == 0):
			t.Fatalf("record %d: change without user, op, rule or event: %+v", i, r)
		case r.Type == "change" && r.Op == "grant" && r.License == "Webex Calling Professional":
			if r.Template != "sales" || r.Sub != "sub-1" {
				t.Fatalf("record %d: calling grant %+v", i, r)
			}
			grants++
		}
	}
	placed := countType(rs, "calling", "place")
	if grants == 0 || grants != placed || res.Summary.CallingPlaced != placed-countType(rs, "calling", "destroy") {
		t.Errorf("%d calling grants, %d placements traced, summary %d", grants, placed, res.Summary.CallingPlaced)
	}
}

// SIM-3: admin actions, directory-sync batches, first sign-ins, CSV
// imports, BroadWorks provisioning steps and their asynchronous
// completions are all events, each traced with what it changed.
func TestEventKinds(t *testing.T) {
	tr, _ := trace(t, sim.MustParse("e.scn", `until 2d
subscription s "Advanced Messaging"=10, "Advanced Space Meetings"=10
group Sales
group Support
mode group
template sales group Sales with "Basic Messaging", "Advanced Messaging"
template support group Support with "Basic Messaging"
at 1h sync users 4 in Sales inactive
at 2h sign-in 2 users in Sales
at 3h sync move 1 from Sales to Support
at 4h csv set "Advanced Space Meetings"=TRUE for 2 users in Sales
broadworks enterprise e1
at 5h broadworks provision 1 of e1
`), 1)
	rs := records(t, tr)
	for _, want := range []struct{ typ, op string }{
		{"edit", "add user"}, {"change", "grant"}, {"change", "activate"}, {"edit", "join"},
		{"edit", "leave"}, {"bw", "provision"}, {"bw", "complete"},
	} {
		if countType(rs, want.typ, want.op) == 0 {
			t.Errorf("no %s %s record", want.typ, want.op)
		}
	}
	csv := 0
	for _, r := range rs {
		if r.Type == "change" && r.Rule == "ASG-20" && r.License == "Advanced Space Meetings" {
			csv++
		}
	}
	if csv != 2 {
		t.Errorf("%d CSV grants, want 2", csv)
	}
}
