package broadworks

import "fmt"

// Status is a subscriber's status in the public subscribers API (BW-32).
// The zero value, NoStatus, is "no record yet" (the "—" of the table).
type Status uint8

// The statuses.
const (
	NoStatus Status = iota
	Provisioning
	PendingEmailInput
	PendingEmailValidation
	PendingUserMigration
	Provisioned
	Updating
	Failed // "error": the subscriber carries an error code and text
)

var statusNames = [...]string{"—", "provisioning", "pending_email_input",
	"pending_email_validation", "pending_user_migration", "provisioned",
	"updating", "error"}

// String returns the status as the API writes it, e.g. "pending_email_input".
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", s)
}

// Pending reports whether s is one of the pending_* statuses.
func (s Status) Pending() bool { return s >= PendingEmailInput && s <= PendingUserMigration }

// Shown returns the status the partner's user-status view shows (BW-7):
// "provisioned" for provisioned and updating, "error", or "pending".
func (s Status) Shown() string {
	switch s {
	case Provisioned, Updating:
		return "provisioned"
	case Failed:
		return "error"
	}
	return "pending"
}

// Event is what happens to a subscriber (the "event" column of BW-32).
type Event uint8

// The events of the BW-32 table.
const (
	EvProvisionTrusted   Event = iota + 1 // provision, trusted mode
	EvProvisionUntrusted                  // provision, untrusted mode
	EvSelfActivation                      // self-activation sign-in
	EvEnterEmail                          // the user enters an e-mail
	EvJoinNow                             // the user clicks "Join now"
	EvNeedsConsent                        // BW-33 needs consent (BW-8)
	EvConsent                             // the user signs in and deletes the old account
	EvComplete                            // the background task completes
	EvUpdate                              // an update through the API
	EvFail                                // the task fails (2017, fault)
	EvRetry                               // the partner retries
	EvRetryActivation                     // the partner retries activation (BW-7)
)

var eventNames = [...]string{"", "provision (trusted)", "provision (untrusted)",
	"self-activation sign-in", "enter e-mail", "join now", "needs consent",
	"consent", "task completes", "update", "task fails", "retry", "retry activation"}

// String returns the event's name.
func (e Event) String() string {
	if int(e) < len(eventNames) && e > 0 {
		return eventNames[e]
	}
	return fmt.Sprintf("Event(%d)", e)
}

// Transition is one row of the BW-32 table.
type Transition struct {
	From  Status
	Event Event
	To    Status
}

// transitions is the BW-32 table, exactly; the last row is expanded to its
// four source statuses.
var transitions = []Transition{
	{NoStatus, EvProvisionTrusted, Provisioning},
	{NoStatus, EvProvisionUntrusted, PendingEmailInput},
	{NoStatus, EvSelfActivation, PendingEmailInput},
	{PendingEmailInput, EvEnterEmail, PendingEmailValidation},
	{PendingEmailValidation, EvJoinNow, Provisioning},
	{Provisioning, EvNeedsConsent, PendingUserMigration},
	{PendingUserMigration, EvConsent, Provisioning},
	{Provisioning, EvComplete, Provisioned},
	{Provisioned, EvUpdate, Updating},
	{Updating, EvComplete, Provisioned},
	{Provisioning, EvFail, Failed},
	{Failed, EvRetry, Provisioning},
	{Failed, EvRetryActivation, PendingEmailValidation},
	{PendingEmailInput, EvRetryActivation, PendingEmailValidation},
	{PendingEmailValidation, EvRetryActivation, PendingEmailValidation},
	{PendingUserMigration, EvRetryActivation, PendingEmailValidation},
}

// Transitions returns the BW-32 table, one row per (from, event).
func Transitions() []Transition { return append([]Transition(nil), transitions...) }

// Next returns the status event e leads to from s, and false when the table
// has no such row (ErrInvalidTransition).
func Next(s Status, e Event) (Status, bool) {
	for _, t := range transitions {
		if t.From == s && t.Event == e {
			return t.To, true
		}
	}
	return s, false
}
