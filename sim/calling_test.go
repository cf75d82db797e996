package sim_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/sim"
)

// callingRecords returns the trace's calling records as "time user op
// reason" lines, with a bad work number's reason (CAL-3) as "CAL-3", and
// its refused actions.
func callingRecords(rs []sim.Record) (calls, refused []string) {
	for _, r := range rs {
		switch r.Type {
		case "calling":
			reason := r.Reason
			if reason == "NoWorkNumber" || reason == "NotE164" || reason == "NotPreProvisioned" {
				reason = "CAL-3"
			}
			calls = append(calls, strings.Join(strings.Fields(r.T+" "+r.User+" "+r.Op+" "+reason), " "))
		case "refused":
			refused = append(refused, r.Action)
		}
	}
	return calls, refused
}

// CAL-2, CAL-3, CAL-4, CAL-5, CAL-8, CAL-10: the simulator's calling runs
// through the engine. Synced users are placed by their work number and a
// user added by hand is not (no placement); a Control Hub edit of a synced
// user's work number is refused and traced; fixing numbers in the
// directory places nobody; "calling retry" re-applies the template with
// existing scope and places everyone with a valid number; a cancellation
// destroys the calling data, traced per user.
func TestCallingThroughEngine(t *testing.T) {
	tr, res := trace(t, sim.MustParse("c.scn", `until 3d
subscription s "Advanced Messaging"=10, "Webex Calling Professional"=10
location hq
numbers hq +14085550000 count 10
group Synced
template org with "Basic Messaging", "Webex Calling Professional"
at 1h users 1 prefix admin work 100%
at 2h sync users 1 in Synced prefix synced work 100%
at 2h sync users 1 in Synced prefix bad work 0%
at 3h work-numbers 1 in Synced by control-hub valid
at 4h sync fix-numbers
at 5h expect calling placed = 1
at 6h calling retry
at 7h expect calling placed = 3
at 7h expect calling failures = 0
at 1d cancel subscription s
at 2d expect calling placed = 0
at 2d expect users holding "Basic Messaging" = 3
`), 1)
	if res.Failure != nil {
		t.Fatal(res.Failure)
	}
	calls, refused := callingRecords(records(t, tr))
	want := []string{
		"1h admin1@example.com fail NoPlacement",
		"2h synced2@example.com place",
		"2h bad3@example.com fail CAL-3",
		"6h admin1@example.com place",
		"6h bad3@example.com place",
		"1d admin1@example.com destroy",
		"1d synced2@example.com destroy",
		"1d bad3@example.com destroy",
	}
	if d := cmp.Diff(want, calls); d != "" {
		t.Errorf("calling records (-want +got):\n%s", d)
	}
	if len(refused) != 1 || !strings.Contains(refused[0], "by Control Hub") {
		t.Errorf("refused %q, want the Control Hub edit of a synced user", refused)
	}
}

// A scenario without calling leaves the org without an inventory: its
// org check is named without INV-4.
func TestNoCallingNoInventory(t *testing.T) {
	res, err := sim.Run(sim.MustParse("n.scn", `until 1d
subscription s "Advanced Messaging"=5
template org with "Basic Messaging", "Advanced Messaging"
at 1h users 3
`), 1, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Summary.Checks[0].Name; got != "INV-1/2/3/9/10 org state" {
		t.Errorf("org check %q", got)
	}
}

// CAL-6 (finding): the failure report lists every governed user lacking
// Webex Calling with the reason of their latest attempt, CAL-4's
// NoPlacement included; calling.Placer.Failures leaves out users added by
// hand without a placement, whom the engine never hands to the placer.
func TestNoPlacementInFailureReport(t *testing.T) {
	res, err := sim.Run(sim.MustParse("m.scn", `until 1d
subscription s "Webex Calling Professional"=10
location hq
numbers hq +14085550000 count 10
template org with "Basic Messaging", "Webex Calling Professional"
at 1h users 2 work 100%
at 2h expect calling failures NoPlacement = 2
`), 1, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]sim.Count{{Name: "NoPlacement", N: 2}}, res.Summary.CallingFailures); d != "" {
		t.Errorf("CAL-6 report (-want +got):\n%s", d)
	}
}

// "work P%" with no free number left gives no work number (CAL-3
// NoWorkNumber); "calling retry in G" in group mode re-applies G's calling
// templates only, so that only G's users are placed once their numbers
// are fixed (CAL-5, CAL-8). A group name with no letters or digits gives
// the e-mail prefix "user".
func TestCallingRetryInGroup(t *testing.T) {
	tr, res := trace(t, sim.MustParse("r.scn", `until 1d
subscription s "Webex Calling Professional"=10
location hq
group Sales
group Support
group "!!!"
mode group
template sales group Sales with "Basic Messaging", "Webex Calling Professional"
template support group Support with "Basic Messaging", "Webex Calling Professional"
at 1h sync users 2 in Sales work 100%
at 1h sync users 2 in Support work 100%
at 1h users 1 in "!!!"
at 2h expect calling failures NoWorkNumber = 4
at 3h numbers hq +14085550000 count 10
at 4h sync fix-numbers in Sales
at 4h calling retry in Sales
at 5h expect calling failures NoWorkNumber = 2
at 5h expect calling placed = 2
`), 1)
	if res.Failure != nil {
		t.Fatalf("failure %+v", res.Failure)
	}
	calls, _ := callingRecords(records(t, tr))
	want := []string{"1h sales1@example.com fail CAL-3", "1h sales2@example.com fail CAL-3", "1h support3@example.com fail CAL-3",
		"1h support4@example.com fail CAL-3", "4h sales1@example.com place", "4h sales2@example.com place"}
	if d := cmp.Diff(want, calls); d != "" {
		t.Errorf("calling records (-want +got):\n%s", d)
	}
	if !strings.Contains(string(tr), `"user":"user5@example.com"`) {
		t.Error(`the user of group "!!!" is not user5@example.com`)
	}
}
