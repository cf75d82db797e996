package featurematrix

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var (
	full     = Licenses{M: true, C: true}
	callOnly = Licenses{C: true}
	msgOnly  = Licenses{M: true}
	nothing  = Licenses{H: true} // meetings only
)

func user(id, org string, l Licenses) User { return User{ID: id, Org: org, Licenses: l} }

// TestPeerWithoutMessaging checks FM-7: a user with M sees a user of the
// same org without M greyed out, with the message control inactive and an
// alert, other modes (the call) active; a direct message is refused and the
// sender told.
func TestPeerWithoutMessaging(t *testing.T) {
	alice, bob := user("alice", "org-a", full), user("bob", "org-a", callOnly)
	want := Card{
		Greyed:  true,
		Message: Button{State: Inactive, Alert: "cannot receive messages", Rule: "FM-7"},
		Call:    Button{State: Active, Rule: "FM-7"},
	}
	if diff := cmp.Diff(want, CardFor(alice, bob)); diff != "" {
		t.Errorf("card (-want +got):\n%s", diff)
	}
	d := SendMessage(alice, bob, false)
	if d.Outcome != Refused || !d.SenderTold || d.Rule != "FM-7" || d.Delivered() {
		t.Errorf("message: %v", d)
	}
	if v := CanCall(alice, bob); !v.Allowed {
		t.Errorf("call: %v", v)
	}
	// In the other direction bob has no messaging at all.
	if c := CardFor(bob, alice); c.Message.State != Hidden || c.Call.State != Active || c.Greyed {
		t.Errorf("bob's view of alice: %v", c)
	}
	if d := SendMessage(bob, alice, true); d.Outcome != Refused || d.Rule != "FM-1" || d.Reason != "F1 needs Basic Messaging" {
		t.Errorf("bob messages alice: %v", d)
	}
}

// TestCreateSpaceRefusedAsAWhole checks the FM-7 Decision: a space whose
// invitees include users of the creator's org without M is refused as a
// whole, naming each of them once, in order; invitations likewise.
func TestCreateSpaceRefusedAsAWhole(t *testing.T) {
	alice := user("alice", "org-a", full)
	invitees := []User{
		user("bob", "org-a", callOnly),
		user("carol", "org-a", msgOnly),
		user("dave", "org-a", nothing),
		user("bob", "org-a", callOnly),
		user("erin", "org-b", nothing), // another org: not checked (FM-9)
	}
	for _, tc := range []struct {
		name string
		fn   func(User, ...User) error
	}{{"CreateSpace", CreateSpace}, {"Invite", Invite}} {
		name, fn := tc.name, tc.fn
		err := fn(alice, invitees...)
		if !errors.Is(err, ErrCannotReceiveMessages) {
			t.Fatalf("%s: error %v", name, err)
		}
		var ne *NoMessagingError
		if !errors.As(err, &ne) || !cmp.Equal(ne.Users, []string{"bob", "dave"}) {
			t.Errorf("%s: error %#v, want users bob and dave", name, err)
		}
		if got, want := err.Error(), "featurematrix: cannot receive messages: bob, dave (FM-7)"; got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
		if err := fn(alice, invitees[1], invitees[4]); err != nil {
			t.Errorf("%s with carol and erin: %v", name, err)
		}
		if err := fn(alice); err != nil {
			t.Errorf("%s alone: %v", name, err)
		}
	}
}

// TestCreatorWithoutMessaging checks that a user without M cannot create a
// space at all: F2 is unavailable (FM-1).
func TestCreatorWithoutMessaging(t *testing.T) {
	bob := user("bob", "org-a", callOnly)
	err := CreateSpace(bob, user("alice", "org-a", full))
	var ue *UnavailableError
	if !errors.Is(err, ErrUnavailable) || !errors.As(err, &ue) {
		t.Fatalf("error %v", err)
	}
	if ue.Availability.Feature != F2 || ue.Availability.Rule != "FM-1" || ue.User != "bob" {
		t.Errorf("error %+v", ue)
	}
	if want := "featurematrix: bob cannot message in a group space: F2 needs Basic Messaging (FM-1)"; err.Error() != want {
		t.Errorf("got %q\nwant %q", err.Error(), want)
	}
	if err := Invite(User{Org: "org-a"}, bob); err == nil || !strings.Contains(err.Error(), "the user cannot") {
		t.Errorf("unnamed user: %v", err)
	}
}

// TestPeerWithNothing checks FM-8: a user with neither M nor a calling
// option has no message or call control on anyone's card, in any org, and
// cannot be called.
func TestPeerWithNothing(t *testing.T) {
	dave := user("dave", "org-a", nothing)
	for _, viewer := range []User{user("alice", "org-a", full), user("xavier", "org-b", full), user("pat", "org-a", Licenses{M: true, P: true})} {
		c := CardFor(viewer, dave)
		if c.Message.State != Hidden || c.Call.State != Hidden || c.Message.Rule != "FM-8" || c.Call.Rule != "FM-8" {
			t.Errorf("%s sees %s: %v", viewer.ID, dave.ID, c)
		}
		if v := CanCall(viewer, dave); v.Allowed || v.Rule != "FM-8" {
			t.Errorf("%s calls dave: %v", viewer.ID, v)
		}
	}
	// A user with C or P alone is not FM-8: the call control is there.
	for _, l := range []Licenses{callOnly, {P: true}} {
		if c := CardFor(user("alice", "org-a", full), user("bob", "org-a", l)); c.Call.State != Active || c.Message.State != Inactive {
			t.Errorf("%s: %v", l, c)
		}
	}
}

// TestCrossOrgSilence checks FM-9: a message from another org to a user
// without M is not delivered and the sender is not told, even over an
// existing 1:1 space; with M it is delivered.
func TestCrossOrgSilence(t *testing.T) {
	xavier := user("xavier", "org-b", full)
	for _, l := range []Licenses{callOnly, nothing, {P: true}} {
		bob := user("bob", "org-a", l)
		for _, shared := range []bool{false, true} {
			d := SendMessage(xavier, bob, shared)
			if d.Outcome != Dropped || d.SenderTold || d.Delivered() || d.Rule != "FM-9" {
				t.Errorf("%s to %s (shared %v): %v", xavier, bob, shared, d)
			}
		}
		if c := CardFor(xavier, bob); c.Greyed || c.Message.State == Inactive {
			t.Errorf("xavier sees %s: %v", bob, c)
		}
		if err := CreateSpace(xavier, bob); err != nil {
			t.Errorf("space with %s: %v", bob, err)
		}
	}
	if c := CardFor(xavier, user("bob", "org-a", callOnly)); c.Message.State != Active || c.Message.Rule != "FM-9" {
		t.Errorf("cross-org card: %v", c)
	}
	if d := SendMessage(xavier, user("carol", "org-a", msgOnly), false); d.Outcome != Delivered || d.Rule != "" {
		t.Errorf("to carol: %v", d)
	}
}

// TestExisting1to1Space checks FM-10: in one org, after bob loses M, alice
// can still post to their existing 1:1 space; without one she cannot
// message him (FM-7).
func TestExisting1to1Space(t *testing.T) {
	alice, bob := user("alice", "org-a", full), user("bob", "org-a", callOnly)
	d := SendMessage(alice, bob, true)
	if d.Outcome != Posted || d.SenderTold || d.Rule != "FM-10" || d.Delivered() {
		t.Errorf("existing space: %v", d)
	}
	if d := SendMessage(alice, bob, false); d.Outcome != Refused {
		t.Errorf("no space: %v", d)
	}
	if d := SendMessage(alice, user("dave", "org-a", nothing), true); d.Outcome != Posted {
		t.Errorf("existing space with dave: %v", d)
	}
}

// TestBetween checks the interactions of one pair in both directions.
func TestBetween(t *testing.T) {
	alice, carol := user("alice", "org-a", full), user("carol", "org-a", msgOnly)
	got := Between(alice, carol, false)
	want := Interactions{
		CreateSpace: Verdict{Allowed: true},
		Invite:      Verdict{Allowed: true},
		Message:     Delivery{Outcome: Delivered},
		Call:        Verdict{Rule: "FM-2", Reason: "carol cannot receive calls"},
		Card: Card{
			Message: Button{State: Active},
			Call:    Button{State: Inactive, Alert: "cannot receive calls", Rule: "FM-2"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("alice → carol (-want +got):\n%s", diff)
	}
	back := Between(carol, alice, false)
	if back.Call.Allowed || back.Call.Rule != "FM-2" || back.Card.Call.State != Hidden || back.Message.Outcome != Delivered {
		t.Errorf("carol → alice: %+v", back)
	}
	bob := user("bob", "org-a", callOnly)
	ab := Between(alice, bob, true)
	if ab.CreateSpace.Allowed || ab.CreateSpace.Rule != "FM-7" || ab.Invite.Allowed || ab.Message.Outcome != Posted || !ab.Call.Allowed {
		t.Errorf("alice → bob: %+v", ab)
	}
	ba := Between(bob, alice, true)
	if ba.CreateSpace.Allowed || ba.CreateSpace.Rule != "FM-1" || ba.CreateSpace.Reason != "F2 needs Basic Messaging" {
		t.Errorf("bob → alice: %+v", ba)
	}
	xb := Between(user("xavier", "org-b", full), bob, false)
	if !xb.CreateSpace.Allowed || xb.CreateSpace.Rule != "FM-9" {
		t.Errorf("xavier → bob: %+v", xb)
	}
}

func TestPeerStrings(t *testing.T) {
	c := CardFor(user("alice", "org-a", full), user("bob", "org-a", callOnly))
	if got, want := c.String(), "greyed, message inactive (FM-7): cannot receive messages, call active (FM-7)"; got != want {
		t.Errorf("card: %q, want %q", got, want)
	}
	if got := user("bob", "org-a", callOnly).String(); got != "bob@org-a (-M C -P -H)" {
		t.Errorf("user: %q", got)
	}
	if ButtonState(7).String() != "ButtonState(7)" || Outcome(0).String() != "Outcome(0)" {
		t.Error("invalid enum strings")
	}
	if got := (Verdict{Allowed: true}).String(); got != "allowed" {
		t.Errorf("verdict: %q", got)
	}
	if got := (Delivery{Outcome: Refused, SenderTold: true, Rule: "FM-7", Reason: "bob cannot receive messages"}).String(); got != "refused, sender told (FM-7): bob cannot receive messages" {
		t.Errorf("delivery: %q", got)
	}
}
