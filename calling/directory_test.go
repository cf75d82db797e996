package calling

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// CAL-8: a synced user's work number is changed by directory sync only;
// Control Hub and the CSV are refused with no change. A user added by hand
// is edited anywhere.
func TestSetWorkNumber(t *testing.T) {
	for _, tc := range []struct {
		synced bool
		by     Source
		ok     bool
	}{
		{true, SourceDirectory, true},
		{true, SourceControlHub, false},
		{true, SourceCSV, false},
		{false, SourceDirectory, true},
		{false, SourceControlHub, true},
		{false, SourceCSV, true},
	} {
		var d Directory
		must(t, d.Add(4, "+48221000001", tc.synced))
		before := d.Clone()
		err := d.SetWorkNumber(4, "+48221000002", tc.by)
		if tc.ok {
			if w, s, _ := d.WorkNumber(4); err != nil || w != "+48221000002" || s != tc.synced {
				t.Errorf("synced %v by %v: %v, %q", tc.synced, tc.by, err, w)
			}
			continue
		}
		var we *WorkNumberError
		if !errors.As(err, &we) || !errors.Is(err, ErrSyncedWorkNumber) || we.User != 4 || we.By != tc.by {
			t.Errorf("synced %v by %v: error %v", tc.synced, tc.by, err)
		}
		if d := cmp.Diff(before, &d, cmp.AllowUnexported(Directory{}, workEntry{})); d != "" {
			t.Errorf("refused edit changed the directory:\n%s", d)
		}
	}
}

// CAL-8: correcting the work number alone places nobody; re-trying does.
func TestFixThenRetry(t *testing.T) {
	iv := testInventory(t)
	var d Directory
	must(t, d.Add(1, "48221000001", false))
	cands, _ := d.Candidates(1)
	b, err := iv.Plan(cands)
	must(t, err)
	if f := b.Failures(); len(f) != 1 || f[0].Reason != NotE164 || f[0].FixIn() != SourceControlHub {
		t.Fatalf("failures %v", f)
	}
	must(t, d.SetWorkNumber(1, "+48221000001", SourceCSV))
	if iv.Placed(1) {
		t.Fatal("correcting the number placed the user")
	}
	cands, _ = d.Candidates(1)
	place(t, iv, cands...)
	if !iv.Placed(1) {
		t.Error("re-try did not place the user")
	}
}

// A directory refuses a user twice, a user key above MaxUserKey (the key
// MaxUserKey itself is a user) and an unknown user.
func TestDirectoryRefusals(t *testing.T) {
	var d Directory
	must(t, d.Add(1, "", true))
	if err := d.Add(1, "", false); !errors.Is(err, ErrDuplicateUser) {
		t.Errorf("duplicate: %v", err)
	}
	if err := d.Add(MaxUserKey+1, "", false); !errors.Is(err, ErrUserKeyRange) {
		t.Errorf("range: %v", err)
	}
	if err := d.Add(MaxUserKey, "", false); err != nil {
		t.Errorf("MaxUserKey, the highest key: %v", err)
	}
	if err := d.SetWorkNumber(2, "", SourceDirectory); !errors.Is(err, ErrUnknownUser) {
		t.Errorf("unknown: %v", err)
	}
	if _, err := d.Candidates(1, 2); !errors.Is(err, ErrUnknownUser) {
		t.Errorf("candidates: %v", err)
	}
	if _, _, ok := d.WorkNumber(2); ok {
		t.Error("WorkNumber of an unknown user")
	}
	if s := Source(9).String(); s != "Source(9)" {
		t.Errorf("Source(9) = %q", s)
	}
}

func TestErrorMessages(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&WorkNumberError{User: 3, By: SourceCSV}, "calling: a synced user's work number is edited in the directory only: user 3, change by CSV"},
		{&InputError{What: "number", Value: "+4822", Owner: hg, Err: ErrNumberInUse}, `calling: number in use: number "+4822" (owned by HUNT_GROUP hg-1)`},
		{&InputError{What: "location", Value: "X", Err: ErrUnknownLocation}, `calling: unknown location: location "X"`},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("got %s, want %s", got, tc.want)
		}
	}
	if !(Placement{}).IsZero() || (Placement{Extension: "1"}).IsZero() {
		t.Error("Placement.IsZero")
	}
}
