package broadworks

import (
	"fmt"
	"slices"
)

// Watched is the kind of a person on a BLF watch list (BW-31); the watch
// list is shown by the Windows Webex app only.
type Watched uint8

// The kinds of watched people.
const (
	WatchedWebexMember    Watched = iota // a Webex user with cloud entitlement
	WatchedCIUser                        // in the Webex directory (CI) without Webex cloud entitlement
	WatchedWorkspace                     // a workspace (machine account)
	WatchedBroadWorksOnly                // a BroadWorks user not in CI
)

var watchedNames = [...]string{"Webex member", "CI user without Webex cloud entitlement", "workspace", "BroadWorks user not in CI"}

// String returns the kind's name, e.g. "workspace".
func (w Watched) String() string {
	if int(w) < len(watchedNames) {
		return watchedNames[w]
	}
	return fmt.Sprintf("Watched(%d)", w)
}

// Activity is what a watched person is doing.
type Activity uint8

// The activities.
const (
	ActivityIdle Activity = iota
	ActivityAway
	ActivityDoNotDisturb
	ActivityMeeting
	ActivityBroadWorksCall
	ActivityHeldCall
	ActivityWebexCall
)

var activityNames = [...]string{"idle", "away", "do not disturb", "in a meeting", "on a BroadWorks call", "on a held call", "on a Webex call"}

// String returns the activity's name, e.g. "on a held call".
func (a Activity) String() string {
	if int(a) < len(activityNames) {
		return activityNames[a]
	}
	return fmt.Sprintf("Activity(%d)", a)
}

// Presence is what the watch list shows for a person.
type Presence uint8

// The presences. NoPresence: the person shows none at all.
const (
	NoPresence Presence = iota
	PresenceUnknown
	PresenceOnACall
	PresenceAvailable
	PresenceAway
	PresenceDoNotDisturb
	PresenceInAMeeting
)

var presenceNames = [...]string{"none", "unknown", "on a call", "available", "away", "do not disturb", "in a meeting"}

// String returns the presence's name, e.g. "on a call".
func (p Presence) String() string {
	if int(p) < len(presenceNames) {
		return presenceNames[p]
	}
	return fmt.Sprintf("Presence(%d)", p)
}

// fullPresence is what a Webex member shows for each activity; a held call
// stays "on a call".
var fullPresence = [...]Presence{
	ActivityIdle: PresenceAvailable, ActivityAway: PresenceAway, ActivityDoNotDisturb: PresenceDoNotDisturb,
	ActivityMeeting: PresenceInAMeeting, ActivityBroadWorksCall: PresenceOnACall, ActivityHeldCall: PresenceOnACall,
	ActivityWebexCall: PresenceOnACall,
}

// watchListShows is the presences each kind can show; any other shows as
// unknown, and a kind showing none has no presence at all.
var watchListShows = [...][]Presence{
	WatchedWebexMember:    {PresenceOnACall, PresenceAvailable, PresenceAway, PresenceDoNotDisturb, PresenceInAMeeting},
	WatchedCIUser:         {PresenceOnACall, PresenceUnknown},
	WatchedWorkspace:      {PresenceOnACall, PresenceUnknown},
	WatchedBroadWorksOnly: nil,
}

// WatchContext is the watching client's history that limits what a
// non-Webex member shows.
type WatchContext struct {
	CallBegunOffline bool // the call began before the client started or while it was offline
	Reconnected      bool // the client lost its connection and reconnected since the activity began
}

// WatchListPresence returns what the BLF watch list shows for a watched
// person of kind w doing a (BW-31): Webex members their full presence; CI
// users without cloud entitlement and workspaces only "on a call" or
// "unknown", with "unknown" for a call begun while the client was offline
// and, after a reconnect, for everything but a Webex call; BroadWorks users
// not in CI no presence. A held call stays "on a call". Unknown kinds or
// activities show no presence.
func WatchListPresence(w Watched, a Activity, ctx WatchContext) Presence {
	if int(w) >= len(watchListShows) || int(a) >= len(fullPresence) || watchListShows[w] == nil {
		return NoPresence
	}
	p := fullPresence[a]
	if w != WatchedWebexMember && (ctx.CallBegunOffline || ctx.Reconnected && a != ActivityWebexCall) {
		p = PresenceUnknown
	}
	if !slices.Contains(watchListShows[w], p) {
		return PresenceUnknown
	}
	return p
}
