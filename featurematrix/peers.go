package featurematrix

import "strconv"

// User is one side of a peer interaction (FM-7..FM-10): an ID that names
// the user in results and errors, an org ID (two users are in one org when
// their org IDs are equal), and the facts of the licenses the user's app
// sees (FM-11).
type User struct {
	ID       string
	Org      string
	Licenses Licenses
}

// String returns "id@org (M C -P H)".
func (u User) String() string { return u.ID + "@" + u.Org + " (" + u.Licenses.String() + ")" }

func (u User) name() string {
	if u.ID == "" {
		return "the user"
	}
	return u.ID
}

// Verdict says whether an action is allowed, the rule that decided, and
// why. Rule is "" when nothing restricts the action.
type Verdict struct {
	Allowed bool
	Rule    string
	Reason  string
}

// String returns "allowed" or "refused", with the rule and reason when set.
func (v Verdict) String() string {
	s := "refused"
	if v.Allowed {
		s = "allowed"
	}
	return s + withRule(v.Rule, v.Reason)
}

func withRule(rule, reason string) string {
	switch {
	case rule == "" && reason == "":
		return ""
	case rule == "":
		return ": " + reason
	case reason == "":
		return " (" + rule + ")"
	}
	return " (" + rule + "): " + reason
}

// ButtonState is how a control on a business card or contact appears.
type ButtonState uint8

// The states of a control. The zero value is Hidden.
const (
	Hidden   ButtonState = iota // not shown (FM-8)
	Active                      // shown and usable
	Inactive                    // shown, not usable, with an alert (FM-7)
)

var buttonStateNames = [...]string{"hidden", "active", "inactive"}

// String returns "hidden", "active" or "inactive".
func (s ButtonState) String() string {
	if int(s) < len(buttonStateNames) {
		return buttonStateNames[s]
	}
	return "ButtonState(" + strconv.Itoa(int(s)) + ")"
}

// Button is a control on a card: its state, the alert an inactive control
// shows, and the rule that decided ("" when nothing restricts it).
type Button struct {
	State ButtonState
	Alert string
	Rule  string
}

// String returns the state with its rule and alert, e.g. `inactive (FM-7):
// cannot receive messages`.
func (b Button) String() string { return b.State.String() + withRule(b.Rule, b.Alert) }

// Card is what a viewer's app shows of another user: in search results and
// invitation lists (Greyed), and on the business card and in contacts (the
// message and call controls).
type Card struct {
	// Greyed marks a user shown greyed out in search and invitation lists,
	// marked as unable to receive messages (FM-7).
	Greyed  bool
	Message Button // the direct-message control
	Call    Button // the call control
}

// String returns e.g. "greyed, message inactive (FM-7): cannot receive
// messages, call active (FM-7)".
func (c Card) String() string {
	s := ""
	if c.Greyed {
		s = "greyed, "
	}
	return s + "message " + c.Message.String() + ", call " + c.Call.String()
}

// The alerts of inactive controls.
const (
	alertNoMessages = "cannot receive messages"
	alertNoCalls    = "cannot receive calls"
)

// CardFor returns what viewer's app shows of subject.
//
// In one org: a subject without M is greyed out for a viewer with M; the
// message control is inactive with an alert, the call control stays active
// (FM-7); a subject with neither M nor a calling option has no message or
// call control (FM-8); a subject with M but no calling option has an
// inactive call control (the package's decision, by symmetry with FM-7).
// Across orgs FM-8 holds too, but the viewer's app does not know whether a
// subject with a calling option can receive messages: never greyed, message
// control active (FM-9). A viewer
// without M sees no message control and a viewer without a calling option
// no call control.
func CardFor(viewer, subject User) Card {
	var c Card
	v, s := viewer.Licenses, subject.Licenses
	same := viewer.Org == subject.Org
	c.Greyed = same && v.M && !s.M
	switch {
	case !v.M:
		c.Message = Button{State: Hidden, Rule: Check(F1, v, Context{}).Rule}
	case s.M:
		c.Message = Button{State: Active}
	case !s.Calling():
		c.Message = Button{State: Hidden, Rule: "FM-8"}
	case !same:
		c.Message = Button{State: Active, Rule: "FM-9"}
	default:
		c.Message = Button{State: Inactive, Alert: alertNoMessages, Rule: "FM-7"}
	}
	switch {
	case !v.Calling():
		c.Call = Button{State: Hidden, Rule: Check(F7, v, Context{}).Rule}
	case s.Calling() && !s.M:
		c.Call = Button{State: Active, Rule: "FM-7"}
	case s.Calling():
		c.Call = Button{State: Active}
	case !s.M:
		c.Call = Button{State: Hidden, Rule: "FM-8"}
	default:
		t, _ := TableFor(s)
		c.Call = Button{State: Inactive, Alert: alertNoCalls, Rule: t.Rule()}
	}
	return c
}

// Outcome is what becomes of a direct message.
type Outcome uint8

// The outcomes of [SendMessage]. The zero value is not an outcome.
const (
	Delivered Outcome = iota + 1 // the recipient receives it
	Posted                       // posted to the existing 1:1 space; the recipient, without M, cannot read it until M returns (FM-10, LIC-10)
	Refused                      // the sender's app refuses it and says why (F1, FM-7)
	Dropped                      // accepted by the sender's app, not delivered, and the sender is not told (FM-9)
)

var outcomeNames = [...]string{"", "delivered", "posted", "refused", "dropped"}

// String returns "delivered", "posted", "refused" or "dropped".
func (o Outcome) String() string {
	if o > 0 && int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return "Outcome(" + strconv.Itoa(int(o)) + ")"
}

// Delivery is what becomes of a direct message and whether the sender is
// told that it did not reach the recipient.
type Delivery struct {
	Outcome    Outcome
	SenderTold bool   // the sender's app says the message cannot be delivered
	Rule       string // the deciding rule, "" when nothing restricts it
	Reason     string
}

// Delivered reports whether the recipient receives the message.
func (d Delivery) Delivered() bool { return d.Outcome == Delivered }

// String returns the outcome with "sender told" when set, the rule and the
// reason.
func (d Delivery) String() string {
	s := d.Outcome.String()
	if d.SenderTold {
		s += ", sender told"
	}
	return s + withRule(d.Rule, d.Reason)
}

// SendMessage returns what becomes of a direct message from from to to;
// shared1to1 says whether the two already share a 1:1 space.
//
// A sender without M cannot send (F1). A recipient with M receives it. A
// recipient without M in another org does not, and the sender is not told
// (FM-9), shared space or not. In one org, a recipient without M with whom
// the sender shares a 1:1 space: the message is posted to that space
// (FM-10); without one, the sender's app refuses it, the recipient being
// marked as unable to receive messages (FM-7).
func SendMessage(from, to User, shared1to1 bool) Delivery {
	switch {
	case !from.Licenses.M:
		a := Check(F1, from.Licenses, Context{})
		return Delivery{Outcome: Refused, SenderTold: true, Rule: a.Rule, Reason: a.Explain()}
	case to.Licenses.M:
		return Delivery{Outcome: Delivered}
	case from.Org != to.Org:
		return Delivery{Outcome: Dropped, Rule: "FM-9",
			Reason: to.name() + " in another org has no Basic Messaging; the sender is not told"}
	case shared1to1:
		return Delivery{Outcome: Posted, Rule: "FM-10",
			Reason: "posted to the existing 1:1 space; " + to.name() + " has no Basic Messaging"}
	}
	return Delivery{Outcome: Refused, SenderTold: true, Rule: "FM-7", Reason: to.name() + " " + alertNoMessages}
}

// CreateSpace checks whether creator may create a group space with
// invitees. It returns nil, an [*UnavailableError] when creator has no M
// (F2), or a [*NoMessagingError] naming every invitee of creator's org
// without M (FM-7): the space is refused as a whole. Invitees of other orgs
// are not checked: creator's app cannot see whether they receive messages
// (FM-9).
func CreateSpace(creator User, invitees ...User) error {
	return checkInvite(F2, creator, invitees)
}

// Invite checks whether inviter may invite invitees to a space; it answers
// as [CreateSpace] does, and a refusal invites nobody.
func Invite(inviter User, invitees ...User) error {
	return checkInvite(F2, inviter, invitees)
}

func checkInvite(f Feature, actor User, invitees []User) error {
	if a := Check(f, actor.Licenses, Context{}); !a.Available {
		return &UnavailableError{User: actor.name(), Availability: a}
	}
	var names []string
	seen := map[string]bool{}
	for _, u := range invitees {
		if u.Org != actor.Org || u.Licenses.M || seen[u.ID] {
			continue
		}
		seen[u.ID] = true
		names = append(names, u.name())
	}
	if names != nil {
		return &NoMessagingError{Users: names}
	}
	return nil
}

// CanCall says whether from can call to: both need a calling option, C or
// P, since a user without one cannot make or receive calls.
func CanCall(from, to User) Verdict {
	switch {
	case !from.Licenses.Calling():
		return Verdict{Rule: Check(F7, from.Licenses, Context{}).Rule,
			Reason: from.name() + " needs " + (NeedC | NeedP).String()}
	case to.Licenses.Calling():
		return Verdict{Allowed: true}
	case !to.Licenses.M:
		return Verdict{Rule: "FM-8", Reason: to.name() + " " + alertNoCalls}
	}
	t, _ := TableFor(to.Licenses)
	return Verdict{Rule: t.Rule(), Reason: to.name() + " " + alertNoCalls}
}

// Interactions is what one user can do to another, and what the first
// user's app shows of the second.
type Interactions struct {
	CreateSpace Verdict  // create a group space with the other (FM-7)
	Invite      Verdict  // invite the other to a space (FM-7)
	Message     Delivery // send the other a direct message (FM-7, FM-9, FM-10)
	Call        Verdict  // call the other
	Card        Card     // the other's card (FM-7, FM-8)
}

// Between returns what from can do to to; shared1to1 says whether they
// already share a 1:1 space.
func Between(from, to User, shared1to1 bool) Interactions {
	return Interactions{
		CreateSpace: spaceVerdict(CreateSpace(from, to), from, to),
		Invite:      spaceVerdict(Invite(from, to), from, to),
		Message:     SendMessage(from, to, shared1to1),
		Call:        CanCall(from, to),
		Card:        CardFor(from, to),
	}
}

func spaceVerdict(err error, from, to User) Verdict {
	switch e := err.(type) {
	case nil:
		if from.Org != to.Org && !to.Licenses.M {
			return Verdict{Allowed: true, Rule: "FM-9",
				Reason: "messages to " + to.name() + " in another org are not delivered and the sender is not told"}
		}
		return Verdict{Allowed: true}
	case *UnavailableError:
		return Verdict{Rule: e.Availability.Rule, Reason: e.Availability.Explain()}
	default:
		return Verdict{Rule: "FM-7", Reason: to.name() + " " + alertNoMessages}
	}
}
