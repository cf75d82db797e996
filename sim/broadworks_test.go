package sim_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/sim"
)

// bwSteps returns the trace's BroadWorks records as "T op subscriber
// status" lines.
func bwSteps(t *testing.T, sc *sim.Scenario) []string {
	t.Helper()
	tr, res := trace(t, sc, 1)
	if res.Failure != nil {
		t.Fatalf("failure %+v", res.Failure)
	}
	var out []string
	for _, r := range records(t, tr) {
		if r.Type == "bw" {
			out = append(out, r.T+" "+r.Op+" "+r.Subscr+" "+r.Status)
		}
	}
	return out
}

// BW-9, BW-14, BW-33: attaching to an org of 100 users fails until the
// org's first person, its full admin, approves the partner admin; the
// retry of the enterprise (not another's) provisions the failed subscriber, and the one waiting for
// the org completes after it. Delays are drawn in [BWMin, BWMax].
func TestBroadWorksApproval(t *testing.T) {
	got := bwSteps(t, sim.MustParse("a.scn", `until 2d
fault bw-delay 1m to 3m
broadworks org acme users 100
broadworks enterprise e1 "Acme"
broadworks enterprise e2
at 1h broadworks provision 2 subscribers of e1 emails-of acme
at 1d broadworks approve acme
at 1d1h broadworks retry e2
at 1d2h broadworks retry e1
`))
	want := []string{"1h provision e1-u1 provisioning", "1h provision e1-u2 provisioning",
		"1h2m27s wait e1-u2 provisioning", "1h2m51s complete e1-u1 error", "1d approve  ",
		"1d2h retry e1-u1 provisioning", "1d2h2m48s complete e1-u1 provisioned", "1d2h5m34s complete e1-u2 provisioned"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("steps (-want +got):\n%s", d)
	}
}

// BW-33: the tasks waiting for their enterprise's org resume when that
// org exists, each enterprise's on its own.
func TestBroadWorksWaitingPerEnterprise(t *testing.T) {
	got := bwSteps(t, sim.MustParse("w.scn", `until 1d
fault bw-delay 1m to 3m
broadworks org o1 users 2
broadworks org o2 users 2
broadworks enterprise e1
broadworks enterprise e2
at 1h broadworks provision 2 of e1 emails-of o1
at 1h broadworks provision 2 of e2 emails-of o2
`))
	want := []string{"1h provision e1-u1 provisioning", "1h provision e1-u2 provisioning",
		"1h provision e2-u3 provisioning", "1h provision e2-u4 provisioning",
		"1h2m27s wait e1-u2 provisioning", "1h2m46s wait e2-u4 provisioning",
		"1h2m48s complete e2-u3 provisioned", "1h2m51s complete e1-u1 provisioned",
		"1h4m34s complete e1-u2 provisioned", "1h5m12s complete e2-u4 provisioned"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("steps (-want +got):\n%s", d)
	}
}

// SIM-1, SIM-4: a fixed BroadWorks delay draws nothing from the seeded
// source; the failures at 50% are those of the seed.
func TestBroadWorksFixedDelay(t *testing.T) {
	got := bwSteps(t, sim.MustParse("f.scn", `until 1d
fault bw-delay 2m to 2m
fault bw-fail 50%
broadworks enterprise e1
at 1h broadworks provision 4 of e1
`))
	want := []string{"1h provision e1-u1 provisioning", "1h provision e1-u2 provisioning",
		"1h provision e1-u3 provisioning", "1h provision e1-u4 provisioning",
		"1h2m fail e1-u1 error", "1h2m fail e1-u2 error", "1h2m fail e1-u3 error", "1h2m complete e1-u4 provisioned"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("steps (-want +got):\n%s", d)
	}
}
