package featurematrix

import "strconv"

// NavItem is an item of the app's navigation (FM-6). The zero value is not
// an item.
type NavItem uint8

// The navigation items, in the order [Navigation] returns them.
const (
	NavMessaging NavItem = iota + 1 // Messaging: needs M
	NavTeams                        // Teams: needs M
	NavCalls                        // Calls (call history): needs C or P
	NavKeypad                       // the keypad: needs C or P
	NavVoicemail                    // Voicemail: needs C or P (F7)
	NavMeetings                     // Meetings (the calendar view): always
	NavContacts                     // Contacts: always
)

var navInfo = [...]struct {
	name string
	need Condition
}{
	{},
	NavMessaging: {"Messaging", NeedM},
	NavTeams:     {"Teams", NeedM},
	NavCalls:     {"Calls", NeedC | NeedP},
	NavKeypad:    {"Keypad", NeedC | NeedP},
	NavVoicemail: {"Voicemail", NeedC | NeedP},
	NavMeetings:  {"Meetings", 0},
	NavContacts:  {"Contacts", 0},
}

// NavItems returns every navigation item in order.
func NavItems() []NavItem {
	out := make([]NavItem, 0, len(navInfo)-1)
	for i := 1; i < len(navInfo); i++ {
		out = append(out, NavItem(i))
	}
	return out
}

func (n NavItem) valid() bool { return n > 0 && int(n) < len(navInfo) }

// String returns the item's label, e.g. "Messaging".
func (n NavItem) String() string {
	if !n.valid() {
		return "NavItem(" + strconv.Itoa(int(n)) + ")"
	}
	return navInfo[n].name
}

// Requires returns the condition for the item to be in the navigation, 0
// when it always is: Messaging and Teams need M; Calls, Keypad and
// Voicemail need C or P (FM-6, F7).
func (n NavItem) Requires() Condition {
	if !n.valid() {
		return 0
	}
	return navInfo[n].need
}

// Navigation returns the navigation items of a user whose app sees l, in
// order (FM-6): without M, no Messaging and Teams; without C and P, no call
// history, keypad or voicemail (F7).
func Navigation(l Licenses) []NavItem {
	var out []NavItem
	for _, n := range NavItems() {
		if need := n.Requires(); need == 0 || need.Satisfied(l, Context{}) {
			out = append(out, n)
		}
	}
	return out
}

// PlusItem is an entry of the "+" menu (FM-6). The zero value is not an
// entry.
type PlusItem uint8

// The "+" menu entries, in the order [PlusMenu] returns them.
const (
	PlusMessage PlusItem = iota + 1 // send a direct message: needs M
	PlusSpace                       // create a space: needs M
	PlusCall                        // make a call: needs C or P
	PlusContact                     // add a contact: always
	PlusMeeting                     // schedule a meeting: always
)

var plusInfo = [...]struct {
	name string
	need Condition
}{
	{},
	PlusMessage: {"send message", NeedM},
	PlusSpace:   {"create space", NeedM},
	PlusCall:    {"make call", NeedC | NeedP},
	PlusContact: {"add contact", 0},
	PlusMeeting: {"schedule meeting", 0},
}

// PlusItems returns every "+" menu entry in order.
func PlusItems() []PlusItem {
	out := make([]PlusItem, 0, len(plusInfo)-1)
	for i := 1; i < len(plusInfo); i++ {
		out = append(out, PlusItem(i))
	}
	return out
}

func (p PlusItem) valid() bool { return p > 0 && int(p) < len(plusInfo) }

// String returns the entry's label, e.g. "add contact".
func (p PlusItem) String() string {
	if !p.valid() {
		return "PlusItem(" + strconv.Itoa(int(p)) + ")"
	}
	return plusInfo[p].name
}

// Requires returns the condition for the entry to be offered, 0 when it
// always is.
func (p PlusItem) Requires() Condition {
	if !p.valid() {
		return 0
	}
	return plusInfo[p].need
}

// PlusMenu returns the "+" menu of a user whose app sees l, in order
// (FM-6): a user with neither M nor a calling option (C or P) gets only
// "add contact" and "schedule meeting".
func PlusMenu(l Licenses) []PlusItem {
	var out []PlusItem
	for _, p := range PlusItems() {
		if need := p.Requires(); need == 0 || need.Satisfied(l, Context{}) {
			out = append(out, p)
		}
	}
	return out
}
