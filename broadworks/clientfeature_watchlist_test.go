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
		{WatchedWebexMember, ActivityIdle, none, PresenceAvailable},
		{WatchedWebexMember, ActivityAway, none, PresenceAway},
		{WatchedWebexMember, ActivityDoNotDisturb, none, PresenceDoNotDisturb},
		{WatchedWebexMember, ActivityMeeting, reconnected, PresenceInAMeeting}, // full presence, unlimited
		{WatchedWebexMember, ActivityBroadWorksCall, offline, PresenceOnACall},
		{WatchedCIUser, ActivityBroadWorksCall, none, PresenceOnACall},
		{WatchedCIUser, ActivityHeldCall, none, PresenceOnACall}, // a held call stays on a call
		{WatchedCIUser, ActivityIdle, none, PresenceUnknown},
		{WatchedCIUser, ActivityDoNotDisturb, none, PresenceUnknown},
		{WatchedCIUser, ActivityBroadWorksCall, offline, PresenceUnknown},
		{WatchedCIUser, ActivityBroadWorksCall, reconnected, PresenceUnknown},
		{WatchedCIUser, ActivityHeldCall, reconnected, PresenceUnknown},
		{WatchedWorkspace, ActivityWebexCall, reconnected, PresenceOnACall}, // a Webex call survives a reconnect
		{WatchedWorkspace, ActivityBroadWorksCall, none, PresenceOnACall},
		{WatchedWorkspace, ActivityMeeting, none, PresenceUnknown},
		{WatchedBroadWorksOnly, ActivityBroadWorksCall, none, NoPresence},
		{WatchedBroadWorksOnly, ActivityIdle, none, NoPresence},
		{Watched(9), ActivityIdle, none, NoPresence},
		{WatchedWebexMember, Activity(42), none, NoPresence},
	}
	for _, tt := range tests {
		if got := WatchListPresence(tt.w, tt.a, tt.ctx); got != tt.want {
			t.Errorf("WatchListPresence(%v, %v, %+v) = %v, want %v", tt.w, tt.a, tt.ctx, got, tt.want)
		}
	}
}
