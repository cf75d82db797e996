package sim_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/sim"
)

// expects runs a scenario and returns its expectations as "T EXPR: GOT".
func expects(t *testing.T, src string, seed uint64) []string {
	t.Helper()
	tr, res := trace(t, sim.MustParse("e.scn", src), seed)
	if res.Failure != nil {
		t.Fatalf("failure %+v", res.Failure)
	}
	var out []string
	for _, r := range records(t, tr) {
		if r.Type == "expect" {
			out = append(out, fmt.Sprintf("%s %s: %d", r.T, r.Expect, *r.Got))
		}
	}
	return out
}

const callingOrg = `until 1d
subscription s "Webex Calling Professional"=1000
location hq
numbers hq +14085550000 count 1000
template org with "Basic Messaging", "Webex Calling Professional"
`

// CAL-3: "work P%" gives exactly round(N×P) users a valid number, for
// every seed; the others get an unusable one drawn from the seed (none,
// not E.164, or not pre-provisioned); "work 0%" gives nobody a valid one.
func TestWorkShareExact(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		got := expects(t, callingOrg+`at 1h sync users 200 work 50%
at 1h sync users 7 work 0%
at 2h expect calling placed >= 0
at 2h expect calling failures >= 0
`, seed)
		want := []string{"2h calling placed >= 0: 100", "2h calling failures >= 0: 107"}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("seed %d (-want +got):\n%s", seed, d)
		}
	}
	got := expects(t, callingOrg+`at 1h sync users 30 work 0%
at 2h expect calling failures NoWorkNumber >= 0
at 2h expect calling failures NotE164 >= 0
at 2h expect calling failures NotPreProvisioned >= 0
`, 1)
	want := []string{"2h calling failures NoWorkNumber >= 0: 8", "2h calling failures NotE164 >= 0: 15", "2h calling failures NotPreProvisioned >= 0: 7"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("work 0%% (-want +got):\n%s", d)
	}
}

// SIM-7: a population's e-mail prefix is the first group's name in lower
// case without what is no letter or digit.
func TestEmailPrefix(t *testing.T) {
	tr, _ := trace(t, sim.MustParse("p.scn", `until 1d
group "Zone 09 (AZ)"
group Sales
at 1h users 1 in "Zone 09 (AZ)", Sales
at 1h users 1 in Sales
at 1h users 1 prefix "x"
at 1h users 1
`), 1)
	var got []string
	for _, r := range records(t, tr) {
		if r.Type == "edit" && r.Op == "add user" {
			got = append(got, r.User)
		}
	}
	want := []string{"zone09az1@example.com", "sales2@example.com", "x3@example.com", "user4@example.com"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("e-mails (-want +got):\n%s", d)
	}
}

// A count draws exactly that many users of the group (all when the group
// has fewer, none for 0); "sign-in N" signs in N users who have not signed
// in yet, "all" every one.
func TestSelectionCounts(t *testing.T) {
	src := `until 1d
subscription s "Advanced Messaging"=100
group Sales
group Support
mode group
template support group Support with "Basic Messaging", "Advanced Messaging"
at 1h sync users 10 in Sales inactive
at 2h sync move 0 from Sales to Support
at 2h expect users holding "Advanced Messaging" = 0
at 3h sync move 3 from Sales to Support
at 3h expect users holding "Advanced Messaging" = 3
at 4h sync join 20 from Sales to Support
at 4h expect users holding "Advanced Messaging" = 10
at 5h sign-in 0 users
at 6h sign-in 2 users in Support
at 7h sign-in 3 users
at 8h sign-in all in Sales
`
	tr, res := trace(t, sim.MustParse("s.scn", src), 1)
	if res.Failure != nil {
		t.Fatalf("failure %+v", res.Failure)
	}
	activated := map[string]map[string]bool{} // users by event
	var event string
	for _, r := range records(t, tr) {
		switch {
		case r.Type == "event":
			event = r.Event
		case r.Type == "change" && r.Op == "activate":
			if activated[event] == nil {
				activated[event] = map[string]bool{}
			}
			activated[event][r.User] = true
		}
	}
	got := map[string]int{}
	for e, users := range activated {
		got[e] = len(users)
	}
	want := map[string]int{"at 6h sign-in 2 users in Support": 2, "at 7h sign-in 3 users": 3, "at 8h sign-in all in Sales": 2}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("activations by event (-want +got):\n%s", d)
	}
}

// SIM-1: which users a batch gives a bad work number and which users a
// count draws are the seed's, and a draw that has nothing to choose (a
// count of the whole group) takes nothing from the seeded source.
func TestDrawsOfSeed(t *testing.T) {
	tr, res := trace(t, sim.MustParse("d.scn", callingOrg+`group Sales
group Support
at 1h sync users 10 in Sales work 50%
at 2h sync move 10 from Sales to Support
at 3h sync users 10 in Sales work 50%
at 4h sync move 4 from Sales to Support
`), 1)
	if res.Failure != nil {
		t.Fatalf("failure %+v", res.Failure)
	}
	var got []string
	for _, r := range records(t, tr) {
		switch {
		case r.Type == "calling" && r.Op == "fail":
			got = append(got, r.T+" "+r.User+" "+r.Reason)
		case r.Type == "edit" && r.Op == "join" && r.T == "4h":
			got = append(got, r.T+" "+r.User+" joins "+r.Name)
		}
	}
	want := []string{"1h sales5@example.com NoWorkNumber", "1h sales6@example.com NotPreProvisioned",
		"1h sales7@example.com NoWorkNumber", "1h sales9@example.com NoWorkNumber", "1h sales10@example.com NotPreProvisioned",
		"3h sales12@example.com NotE164", "3h sales13@example.com NoWorkNumber", "3h sales14@example.com NoWorkNumber",
		"3h sales17@example.com NotPreProvisioned", "3h sales19@example.com NotE164",
		"4h sales12@example.com joins Support", "4h sales13@example.com joins Support", "4h sales14@example.com joins Support", "4h sales19@example.com joins Support"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("draws (-want +got):\n%s", d)
	}
}
