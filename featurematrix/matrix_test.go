package featurematrix

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// oracle is the test's own statement of the per-feature rules of FM-5,
// written from SPEC section 4 independently of the package's data.
func oracle(f Feature, l Licenses, ctx Context) bool {
	sharing := ctx.InCall && ctx.Sharing
	switch f {
	case F1, F2, F3, F5:
		return l.M
	case F4:
		return l.C || ctx.BroadWorksCalling
	case F6:
		return l.C
	case F7:
		return l.C || l.P
	case F8, F12:
		return true
	case F9:
		return l.H
	case F10:
		return l.M && l.C
	case F11:
		return l.C && (l.M || sharing)
	}
	panic("not a feature: " + f.String())
}

// TestAllCombinations checks every feature for every combination of M, C,
// P and H, in and out of a call, sharing or not, BroadWorks or not, against
// the per-feature rules of FM-5. Where M and C are both on the source has no
// table, the rule is FM-5 and there is no cell (FM-5 Decision: every feature
// available, F9 still needing H; F11 then needs no sharing).
func TestAllCombinations(t *testing.T) {
	n := 0
	for _, l := range Combinations() {
		for _, ctx := range allContexts() {
			v := Evaluate(l, ctx)
			for _, f := range Features() {
				a := Check(f, l, ctx)
				if want := oracle(f, l, ctx); a.Available != want {
					t.Errorf("Check(%s, %s, %s) = %v; want available=%v", f, l, ctx, a, want)
				}
				// The exported FM-5 rules agree with the tables everywhere.
				rules := true
				for _, c := range Requires(f) {
					rules = rules && c.Satisfied(l, ctx)
				}
				if rules != a.Available {
					t.Errorf("Requires(%s) = %v says %v for %s %s; Check says %v", f, Requires(f), rules, l, ctx, a)
				}
				if diff := cmp.Diff(a, v.Feature(f)); diff != "" {
					t.Errorf("Evaluate(%s, %s).Feature(%s) differs from Check (-check +view):\n%s", l, ctx, f, diff)
				}
				if (a.Explain() == "") != a.Available {
					t.Errorf("Check(%s, %s, %s): Explain %q for available=%v", f, l, ctx, a.Explain(), a.Available)
				}
				if _, ok := TableFor(l); !ok && (a.Rule != "FM-5" || a.Cell != (Cell{})) {
					t.Errorf("Check(%s, %s, %s) = %v; want rule FM-5 with no cell", f, l, ctx, a)
				}
				n++
			}
		}
	}
	if n != 16*8*NumFeatures {
		t.Errorf("checked %d answers", n)
	}
	// FM-5: with M and C everything but F9 is available, whatever the context.
	for _, ctx := range allContexts() {
		v := Evaluate(Licenses{M: true, C: true}, ctx)
		want := []Feature{F1, F2, F3, F4, F5, F6, F7, F8, F10, F11, F12}
		if got := v.Available(); !slices.Equal(got, want) {
			t.Errorf("M C -P -H %s: available %v, want %v", ctx, got, want)
		}
	}
}

// TestSharingOnlyInCall checks the F11 rule for a user with C and without M
// (FM-1): yes only while sharing the desktop in an active call; sharing
// without a call does not count.
func TestSharingOnlyInCall(t *testing.T) {
	l := Licenses{C: true}
	for _, tc := range []struct {
		ctx  Context
		want bool
	}{
		{Context{}, false},
		{Context{InCall: true}, false},
		{Context{Sharing: true}, false},
		{Context{InCall: true, Sharing: true}, true},
	} {
		if got := Check(F11, l, tc.ctx).Available; got != tc.want {
			t.Errorf("F11 for %s in %s = %v, want %v", l, tc.ctx, got, tc.want)
		}
	}
}

// TestBroadWorksScreenSharing checks the FM-5 Decision on BW-23: a Webex
// for BroadWorks subscriber with a calling package shares the desktop in a
// call (F4) even without Call on Webex, and only F4 changes; a Control Hub
// user without C does not.
func TestBroadWorksScreenSharing(t *testing.T) {
	bw := Context{BroadWorksCalling: true}
	for _, l := range Combinations() {
		a := Check(F4, l, bw)
		if !a.Available || a.Rule != "FM-5" && a.Rule != "FM-1" {
			t.Errorf("Check(F4, %s, %s) = %v; want available", l, bw, a)
		}
		if !l.C && (a.Note == "" || a.Cell != (Cell{})) {
			t.Errorf("Check(F4, %s, %s) = %v; want the BW-23 note and no table cell", l, bw, a)
		}
		if ch := Check(F4, l, Context{}); ch.Available != l.C {
			t.Errorf("Check(F4, %s, Control Hub) = %v; want available=%v", l, ch, l.C)
		}
		for _, f := range Features() {
			if f != F4 && Check(f, l, bw).Available != Check(f, l, Context{}).Available {
				t.Errorf("BroadWorks calling changed %s for %s", f, l)
			}
		}
	}
}

// with returns l with one more license, named by its letter.
func with(l Licenses, letter byte) Licenses {
	switch letter {
	case 'M':
		l.M = true
	case 'C':
		l.C = true
	case 'P':
		l.P = true
	case 'H':
		l.H = true
	}
	return l
}

// TestAddingALicenseNeverRemovesAFeature is the monotonicity property:
// for every combination, every context and every license added, the
// features, navigation items and "+" menu entries only grow. The source
// tables answer 12 of the 16 combinations here, so a contradiction in the
// source would show; there is none. F11 is the closest case: Table 1 (M
// off, C on) has it while sharing in a call and Table 2 (M on, C off) does
// not have it at all, but neither combination includes the other; adding M
// to Table 1's combination gives M and C, where F11 is always yes (FM-5).
func TestAddingALicenseNeverRemovesAFeature(t *testing.T) {
	for _, l := range Combinations() {
		for _, letter := range []byte("MCPH") {
			more := with(l, letter)
			if more == l {
				continue
			}
			for _, ctx := range allContexts() {
				for _, f := range Features() {
					if Check(f, l, ctx).Available && !Check(f, more, ctx).Available {
						t.Errorf("adding %c to %s in %s removes %s", letter, l, ctx, f)
					}
				}
			}
			for _, n := range Navigation(l) {
				if !slices.Contains(Navigation(more), n) {
					t.Errorf("adding %c to %s removes navigation item %s", letter, l, n)
				}
			}
			for _, p := range PlusMenu(l) {
				if !slices.Contains(PlusMenu(more), p) {
					t.Errorf("adding %c to %s removes + menu entry %s", letter, l, p)
				}
			}
		}
	}
}

// TestExplain checks the explanations of unavailable features: they name
// the missing license or context, and only what is missing.
func TestExplain(t *testing.T) {
	for _, tc := range []struct {
		f    Feature
		l    string
		ctx  Context
		want string
	}{
		{F1, "-M C", Context{}, "F1 needs Basic Messaging"}, // FM-1
		{F4, "M -C", Context{}, "F4 needs either Call on Webex or a BroadWorks calling package"},
		{F6, "M -C P", Context{}, "F6 needs Call on Webex"},
		{F7, "M -C -P", Context{}, "F7 needs either Call on Webex or a paid calling license"},
		{F9, "M C P", Context{}, "F9 needs a meetings host license"},
		{F10, "-M -C", Context{}, "F10 needs Basic Messaging and Call on Webex"},
		{F10, "-M C", Context{}, "F10 needs Basic Messaging"},
		{F10, "M -C", Context{}, "F10 needs Call on Webex"},
		{F11, "-M C", Context{InCall: true}, "F11 needs either Basic Messaging or desktop sharing in an active call"},
		{F11, "M -C", Context{}, "F11 needs Call on Webex"},
		{F11, "-M -C", Context{}, "F11 needs Call on Webex and either Basic Messaging or desktop sharing in an active call"},
		{F11, "-M -C", Context{InCall: true, Sharing: true}, "F11 needs Call on Webex"},
		{F8, "", Context{}, ""},
		{F11, "-M C", Context{InCall: true, Sharing: true}, ""},
	} {
		l, err := ParseLicenses(tc.l)
		if err != nil {
			t.Fatal(err)
		}
		if got := Check(tc.f, l, tc.ctx).Explain(); got != tc.want {
			t.Errorf("Check(%s, %s, %s).Explain() = %q, want %q", tc.f, l, tc.ctx, got, tc.want)
		}
	}
	if got := Check(0, Licenses{}, Context{}); got.Available || got.Rule != "" || got.Explain() != "Feature(0) is not a feature" {
		t.Errorf("Check(0) = %v, %q", got, got.Explain())
	}
}

// TestAvailabilityString checks the one-line form, which names the rule and
// the cell.
func TestAvailabilityString(t *testing.T) {
	for _, tc := range []struct {
		f    Feature
		l    Licenses
		ctx  Context
		want string
	}{
		{F1, Licenses{C: true}, Context{}, `F1 no (FM-1, Table 1 F1 blank): F1 needs Basic Messaging`},
		{F4, Licenses{C: true}, Context{}, `F4 yes (FM-1, Table 1 F4 "Tak")`},
		{F7, Licenses{M: true, P: true}, Context{}, `F7 yes (FM-2, Table 2 F7 "Nie / Tak, z zaawansowaną licencją na połączenia (opcja wywołania jest czymś innym niż Call on Webex).")`},
		{F9, Licenses{P: true}, Context{}, `F9 no (FM-3, unnumbered table F9 "Tak, z licencją hosta."): F9 needs a meetings host license`},
		{F12, Licenses{}, Context{}, `F12 yes (FM-4, Table 3 F12 "Tak")`},
		{F10, Licenses{M: true, C: true}, Context{}, `F10 yes (FM-5)`},
		{F4, Licenses{M: true}, Context{BroadWorksCalling: true}, `F4 yes (FM-5; BW-23: screen sharing works inside a BroadWorks call)`},
	} {
		if got := Check(tc.f, tc.l, tc.ctx).String(); got != tc.want {
			t.Errorf("Check(%s, %s, %s) = %s\nwant %s", tc.f, tc.l, tc.ctx, got, tc.want)
		}
	}
}

// TestRequiresIsACopy checks that callers cannot change the rules.
func TestRequiresIsACopy(t *testing.T) {
	r := Requires(F10)
	r[0] = 0
	if got := Requires(F10); got[0] != NeedM {
		t.Errorf("Requires(F10) changed to %v", got)
	}
	if Requires(0) != nil || Requires(13) != nil {
		t.Error("Requires of a non-feature is not nil")
	}
	if len(Requires(F8)) != 0 || len(Requires(F12)) != 0 {
		t.Error("F8 and F12 need nothing")
	}
}

func TestViewString(t *testing.T) {
	v := Evaluate(Licenses{}, Context{})
	want := "-M -C -P -H [idle]: F8, F12; nav: Meetings, Contacts; +: add contact, schedule meeting"
	if got := v.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if !strings.Contains(Evaluate(Licenses{M: true}, Context{InCall: true, Sharing: true}).String(), "[call+sharing]") {
		t.Error("context missing from View.String")
	}
}
