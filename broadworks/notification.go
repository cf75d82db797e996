package broadworks

import (
	"fmt"
	"strings"
	"time"
)

// NoticeKind is what a recorded notification is (BW-32, BW-12, LIC-12).
type NoticeKind uint8

// The notification kinds.
const (
	NoticeShareLink       NoticeKind = iota + 1 // a text with the template's share link (untrusted mode)
	NoticeJoinNow                               // the "Join now" e-mail
	NoticeActivateAccount                       // the "Activate account" e-mail (consent, BW-8)
	NoticeWelcome                               // the welcome e-mail (LIC-12)
	Notice2017                                  // the 2017 approval request to the org's full admins (BW-12)
)

var noticeNames = [...]string{"", "share link text", "join now", "activate account", "welcome", "2017"}

// String returns the kind's name, e.g. "join now".
func (k NoticeKind) String() string {
	if k > 0 && int(k) < len(noticeNames) {
		return noticeNames[k]
	}
	return fmt.Sprintf("NoticeKind(%d)", k)
}

// Notification is one recorded message, in the order they were sent.
type Notification struct {
	At         time.Time
	Kind       NoticeKind
	To         []string // e-mails, or the BroadWorks user ID for a text
	Partner    string
	Subscriber string // BroadWorks user ID
	Org        string
	Text       string // the share link, or the partner admin e-mail a 2017 names
}

// String renders the notification on one line, e.g. `welcome to
// ann@acme.com (subscriber u1)`.
func (n Notification) String() string {
	s := n.Kind.String() + " to " + strings.Join(n.To, ", ")
	if n.Subscriber != "" {
		s += " (subscriber " + n.Subscriber + ")"
	}
	if n.Text != "" {
		s += ": " + n.Text
	}
	return s
}
