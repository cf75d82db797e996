package broadworks

import "testing"

// BW-31: BLF watch-list presence per kind of watched person, and the
// offline, reconnect and hold rules for non-Webex members.
func TestWatchListPresence(t *testing.T) {
	none, offline, reconnected := WatchContext{}, WatchContext{CallBegunOffline: true}, WatchContext{Reconnected: true}
	tests := []struct {
		w    Watched
		a    Activity
		ctx  WatchContext
		want Presence
	}{
		{WebexMember, Idle, none, PresenceAvailable},
		{WebexMember, AwayFromDesk, none, PresenceAway},
		{WebexMember, DoNotDisturbOn, none, PresenceDoNotDisturb},
		{WebexMember, InMeeting, reconnected, PresenceInAMeeting}, // full presence, unlimited
		{WebexMember, OnBroadWorksCall, offline, PresenceOnACall},
		{CIUserWithoutCloud, OnBroadWorksCall, none, PresenceOnACall},
		{CIUserWithoutCloud, OnHeldCall, none, PresenceOnACall}, // a held call stays on a call
		{CIUserWithoutCloud, Idle, none, PresenceUnknown},
		{CIUserWithoutCloud, DoNotDisturbOn, none, PresenceUnknown},
		{CIUserWithoutCloud, OnBroadWorksCall, offline, PresenceUnknown},
		{CIUserWithoutCloud, OnBroadWorksCall, reconnected, PresenceUnknown},
		{CIUserWithoutCloud, OnHeldCall, reconnected, PresenceUnknown},
		{WorkspaceAccount, OnWebexCall, reconnected, PresenceOnACall}, // a Webex call survives a reconnect
		{WorkspaceAccount, OnBroadWorksCall, none, PresenceOnACall},
		{WorkspaceAccount, InMeeting, none, PresenceUnknown},
		{BroadWorksOnly, OnBroadWorksCall, none, NoPresence},
		{BroadWorksOnly, Idle, none, NoPresence},
		{Watched(9), Idle, none, NoPresence},
		{WebexMember, Activity(42), none, NoPresence},
	}
	for _, tt := range tests {
		if got := WatchListPresence(tt.w, tt.a, tt.ctx); got != tt.want {
			t.Errorf("WatchListPresence(%d, %d, %+v) = %v, want %v", tt.w, tt.a, tt.ctx, got, tt.want)
		}
	}
}
