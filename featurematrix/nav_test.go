package featurematrix

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestNavigation checks FM-6 for every combination: without M there is no
// Messaging or Teams; without C and P no call history, keypad or voicemail
// (F7); the calendar and contacts are always there.
func TestNavigation(t *testing.T) {
	for _, l := range Combinations() {
		nav := Navigation(l)
		has := func(n NavItem) bool { return slices.Contains(nav, n) }
		for _, tc := range []struct {
			n    NavItem
			want bool
		}{
			{NavMessaging, l.M},
			{NavTeams, l.M},
			{NavCalls, l.C || l.P},
			{NavKeypad, l.C || l.P},
			{NavVoicemail, l.C || l.P},
			{NavMeetings, true},
			{NavContacts, true},
		} {
			if has(tc.n) != tc.want {
				t.Errorf("Navigation(%s) = %v: %s present=%v, want %v", l, nav, tc.n, has(tc.n), tc.want)
			}
		}
		// F7 (Calls and Voicemail) and the navigation agree.
		if has(NavCalls) != Check(F7, l, Context{}).Available {
			t.Errorf("%s: Calls in navigation %v, F7 %v", l, has(NavCalls), Check(F7, l, Context{}))
		}
		if !slices.IsSorted(nav) {
			t.Errorf("Navigation(%s) = %v, not in order", l, nav)
		}
	}
}

// TestPlusMenu checks FM-6: with neither M nor a calling option the "+"
// button offers only "add contact" and "schedule meeting"; M adds messages
// and spaces, C or P adds calls.
func TestPlusMenu(t *testing.T) {
	for _, l := range Combinations() {
		var want []PlusItem
		if l.M {
			want = append(want, PlusMessage, PlusSpace)
		}
		if l.C || l.P {
			want = append(want, PlusCall)
		}
		want = append(want, PlusContact, PlusMeeting)
		if got := PlusMenu(l); !cmp.Equal(got, want) {
			t.Errorf("PlusMenu(%s) = %v, want %v", l, got, want)
		}
	}
	if got := joinStrings(PlusMenu(Licenses{H: true})); got != "add contact, schedule meeting" {
		t.Errorf("meetings only: %s", got)
	}
}

func TestNavStrings(t *testing.T) {
	if NavItem(0).String() != "NavItem(0)" || NavItem(0).Requires() != 0 {
		t.Error("NavItem(0)")
	}
	if PlusItem(9).String() != "PlusItem(9)" || PlusItem(9).Requires() != 0 {
		t.Error("PlusItem(9)")
	}
	if NavMessaging.Requires() != NeedM || PlusCall.Requires() != NeedC|NeedP {
		t.Error("requirements")
	}
	if len(NavItems()) != 7 || len(PlusItems()) != 5 {
		t.Error("item counts")
	}
}
