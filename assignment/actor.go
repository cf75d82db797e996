package assignment

import (
	"errors"
	"fmt"
)

// LIC-14 and BW-24: who may change an org. Plan and Do take no actor and
// check nothing (an unchecked caller); PlanAs and DoAs check the actor first.

// ErrForbidden and ErrRestrictedByPartner are the refusals of [Org.PlanAs]
// and [Org.DoAs], wrapped in an [*ActorError].
var (
	ErrForbidden           = errors.New("assignment: forbidden (LIC-14)")
	ErrRestrictedByPartner = errors.New("assignment: restricted by partner (LIC-14, BW-24)")
)

// Role is an actor's admin role in an org. The zero value is a user with no
// admin role.
type Role uint8

// The roles, for customer and partner admins alike.
const (
	NoAdmin       Role = iota // a user with no admin role
	FullAdmin                 // full admin (partner full and sales full admins too)
	UserAdmin                 // user and device admin (a partner provisioning admin too)
	ReadOnlyAdmin             // read-only admin
)

var roleNames = [...]string{"user", "full admin", "user admin", "read-only admin"}

// String returns the role's name, e.g. "user admin".
func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return fmt.Sprintf("Role(%d)", r)
}

// Actor is who asks for an action: a role, whether it is a partner admin
// (else a customer admin or user of the org) and whether it acts as an
// external admin (BW-14). Email names the actor; a user's own sign-in needs
// it. The zero Actor is a customer user with no admin role.
type Actor struct {
	Role     Role
	Partner  bool
	External bool
	Email    string
}

// String describes the actor, e.g. "customer user admin" or "partner full
// admin (external)".
func (a Actor) String() string {
	s := "customer " + a.Role.String()
	if a.Partner {
		s = "partner " + a.Role.String()
	}
	if a.External {
		s += " (external)"
	}
	return s
}

// ActorError is a refusal of [Org.PlanAs]: the actor, the action and the
// sentinel (ErrForbidden or ErrRestrictedByPartner).
type ActorError struct {
	Actor  Actor
	Action string
	Err    error
}

// Error returns e.g. `assignment: customer user admin may not "add a@x.com":
// assignment: restricted by partner (LIC-14, BW-24)`.
func (e *ActorError) Error() string {
	return fmt.Sprintf("assignment: %s may not %q: %v", e.Actor, e.Action, e.Err)
}

// Unwrap returns the sentinel.
func (e *ActorError) Unwrap() error { return e.Err }

// right is what an action needs of its actor.
type right uint8

const (
	rightUsers   right = iota + 1 // user management and licenses: full or user admin (LIC-14)
	rightOrg                      // org configuration: full admin
	rightPartner                  // restricted mode: a partner full admin (BW-24)
	rightSelf                     // a user's own event: that user
	rightSystem                   // the clock and the directory: unchecked callers only
)

// rightOf classifies an action, and reports whether restricted mode takes it
// from customer admins (the BW-24 table: managing users, licenses, services
// and work numbers are refused or read-only; automatic license assignment is
// hidden; authentication and SSO are read-only). An action this switch does
// not know needs a full admin and is restricted.
func rightOf(act Action) (right, bool) {
	if bySync(act) {
		return rightSystem, false
	}
	switch a := act.(type) {
	case AddUsers, UpdateLicenses, ModifyLicenses, EditServices, ImportCSV,
		JoinGroup, LeaveGroup, MoveUser, AddGroup, SetSiteAdmin, SetWorkNumber:
		return rightUsers, true
	case SaveTemplate, DeleteTemplate, RemoveService, SwitchMode:
		return rightOrg, true
	case SetSetting:
		return rightOrg, a.Setting != SettingSuppressEmails
	case AddSubscription, CancelSubscription, SetSiteAttendee, SetRetention:
		return rightOrg, false
	case RestrictByPartner:
		return rightPartner, false
	case SignIn:
		return rightSelf, false
	case SetTime, AdvanceTime:
		return rightSystem, false
	}
	return rightOrg, true
}

// bySync reports whether act is the directory's: users added as synced
// (ASG-17), or a work number set through the directory (CAL-7, CAL-8). An
// admin cannot act as the directory.
func bySync(act Action) bool {
	switch a := act.(type) {
	case AddUsers:
		for i := range a.Users {
			if a.Users[i].Synced {
				return true
			}
		}
	case SetWorkNumber:
		return a.By == ByDirectory
	}
	return false
}

// Authorize reports whether an actor may ask for an action (LIC-14,
// BW-24): nil, or an [*ActorError] wrapping ErrForbidden (the role lacks the
// right) or ErrRestrictedByPartner (a customer admin whose role has it, in a
// restricted org). Partner admins are never restricted, external or not.
func (o *Org) Authorize(a Actor, act Action) error {
	if err := o.usable(); err != nil {
		return err
	}
	if act == nil {
		return bad("action", "nil", ErrInvalidValue)
	}
	r, restricted := rightOf(act)
	err := ErrForbidden
	switch {
	case !a.may(r, act):
	case !a.Partner && restricted && o.settings.RestrictedByPartner:
		err = ErrRestrictedByPartner
	default:
		return nil
	}
	return &ActorError{Actor: a, Action: act.String(), Err: err}
}

// may reports whether the actor's role grants the right.
func (a Actor) may(r right, act Action) bool {
	switch r {
	case rightUsers:
		return a.Role == FullAdmin || a.Role == UserAdmin
	case rightOrg:
		return a.Role == FullAdmin
	case rightPartner:
		return a.Partner && a.Role == FullAdmin
	case rightSelf:
		s, _ := act.(SignIn)
		me, err := ParseEmail(a.Email)
		user, uerr := ParseEmail(s.User)
		return err == nil && uerr == nil && me == user
	}
	return false
}

// PlanAs computes what an action would do, as Plan does, after checking the
// actor (Authorize). A refusal plans nothing and changes nothing. The plan
// applies with Apply: its version pins the restricted mode it was checked
// against.
func (o *Org) PlanAs(a Actor, act Action) (*Plan, error) {
	if err := o.Authorize(a, act); err != nil {
		return nil, err
	}
	return o.Plan(act)
}

// DoAs plans an action as the actor (PlanAs) and applies it.
func (o *Org) DoAs(a Actor, act Action) (*Plan, error) {
	p, err := o.PlanAs(a, act)
	if err != nil {
		return nil, err
	}
	return p, o.Apply(p)
}

// RestrictByPartner switches the org's restricted-by-partner mode (BW-24).
// Through PlanAs only a partner full admin may.
type RestrictByPartner struct{ On bool }

// String describes the action, as Plan.Action shows it.
func (a RestrictByPartner) String() string { return "restricted by partner " + onOff(a.On) }

func (a RestrictByPartner) plan(o *Org) (*Plan, error) {
	p := &Plan{}
	if old := o.settings.RestrictedByPartner; old != a.On {
		next := o.settings
		next.RestrictedByPartner = a.On
		p.Edits = []Edit{{Op: EditSetting, User: NoUser, Name: "restricted by partner", Value: onOff(a.On), Old: onOff(old)}}
		p.st.settings = &next
	}
	return p, nil
}
