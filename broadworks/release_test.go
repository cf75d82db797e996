package broadworks

import (
	"errors"
	"maps"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// BW-27: automatic monthly upgrade by default; a cascade assigns a deferred
// schedule to the orgs managed at that moment; a later per-org assignment
// overrides it.
func TestReleaseControl(t *testing.T) {
	var rc ReleaseControl
	released := date("2024-06-03")
	if got := rc.UpgradeDay("org-a", released); !got.Equal(released) {
		t.Errorf("default upgrade day %v, want %v", got, released)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(rc.Define("slow", 14))
	must(rc.Define("same-day", 0))
	must(rc.Cascade("slow", []string{"org-a", "org-b"}))
	must(rc.Assign("org-b", "same-day"))
	tests := []struct {
		org, schedule, upgrade string
	}{
		{"org-a", "slow", "2024-06-17"},
		{"org-b", "same-day", "2024-06-03"},  // per-org assignment after the cascade
		{"org-c", "automatic", "2024-06-03"}, // managed only after the cascade
	}
	for _, tt := range tests {
		if got := rc.ScheduleOf(tt.org).Name; got != tt.schedule {
			t.Errorf("%s follows %q, want %q", tt.org, got, tt.schedule)
		}
		if got := rc.UpgradeDay(tt.org, released); !got.Equal(date(tt.upgrade)) {
			t.Errorf("%s upgrades %v, want %s", tt.org, got, tt.upgrade)
		}
	}
	must(rc.Define("slow", 30)) // redefining moves its orgs
	if got := rc.UpgradeDay("org-a", released); !got.Equal(date("2024-07-03")) {
		t.Errorf("after redefining, org-a upgrades %v", got)
	}
	must(rc.Assign("org-a", AutomaticSchedule))
	if got := rc.ScheduleOf("org-a").Name; got != AutomaticSchedule {
		t.Errorf("org-a follows %q after assigning automatic", got)
	}
	want := []ReleaseSchedule{{"automatic", 0}, {"same-day", 0}, {"slow", 30}}
	if diff := cmp.Diff(want, rc.Schedules()); diff != "" {
		t.Errorf("Schedules (-want +got):\n%s", diff)
	}
}

// BW-27: a negative (or absurd) deferral, a bad name, an unknown schedule or
// an empty org is refused with no change.
func TestReleaseControlRefusals(t *testing.T) {
	var rc ReleaseControl
	if err := rc.Define("slow", 7); err != nil {
		t.Fatal(err)
	}
	if err := rc.Assign("org-a", "slow"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		do   func() error
		want error
	}{
		{"negative deferral", func() error { return rc.Define("slow", -1) }, ErrInvalidSchedule},
		{"new negative", func() error { return rc.Define("neg", -3) }, ErrInvalidSchedule},
		{"over a year", func() error { return rc.Define("slow", MaxDeferralDays+1) }, ErrInvalidSchedule},
		{"empty name", func() error { return rc.Define(" \t", 1) }, ErrInvalidSchedule},
		{"automatic", func() error { return rc.Define(AutomaticSchedule, 3) }, ErrInvalidSchedule},
		{"unknown cascade", func() error { return rc.Cascade("fast", []string{"org-a"}) }, ErrUnknownSchedule},
		{"unknown assign", func() error { return rc.Assign("org-a", "fast") }, ErrUnknownSchedule},
		{"empty org", func() error { return rc.Cascade("slow", []string{"org-b", ""}) }, ErrInvalidSchedule},
	}
	for _, tt := range tests {
		before := ReleaseControl{slices.Clone(rc.schedules), maps.Clone(rc.orgs)}
		err := tt.do()
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
		if diff := cmp.Diff(before, rc, cmp.AllowUnexported(ReleaseControl{})); diff != "" {
			t.Errorf("%s changed the state (-before +after):\n%s", tt.name, diff)
		}
	}
}
