package broadworks

// CallVia is where a call or feature starts (BW-23).
type CallVia uint8

// The call sources. The first five are free Webex calls outside
// BroadWorks; the rest keep working with free calling off.
const (
	FromSpace CallVia = iota + 1
	FromHistory
	FromContacts
	FromURI
	FromEmailSearch
	ScreenShareInCall // screen sharing inside a BroadWorks call
	Meeting
	TelephonyPresence
)

// CallOnWebex reports whether the "Call on Webex" option shows for a
// subscriber: free Webex calling on in its snapshot (BW-23).
func (c *Cloud) CallOnWebex(partner, userID string) bool {
	p := c.partners[partner]
	return p != nil && p.subs[userID] != nil && p.subs[userID].WebexCalls
}

// CheckCall checks a call or feature of a subscriber (BW-23): with free
// Webex calling off, free Webex calls outside BroadWorks are refused
// (ErrWebexCallsDisabled); screen sharing in a BroadWorks call, meetings
// and telephony presence still work.
func (c *Cloud) CheckCall(partner, userID string, via CallVia) error {
	e := &Error{Op: "call", Partner: partner, Subscriber: userID}
	p := c.partners[partner]
	switch {
	case p == nil || p.subs[userID] == nil || via < FromSpace || via > TelephonyPresence:
		e.Err = ErrUnknown
	case via <= FromEmailSearch && !p.subs[userID].WebexCalls:
		e.Err = ErrWebexCallsDisabled
	}
	if e.Err != nil {
		return e
	}
	return nil
}
