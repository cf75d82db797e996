package featurematrix

import (
	"fmt"

	"github.com/wxlicense/wxlicense/assignment"
)

// ForUser returns the facts of a user's licenses as the user's app sees
// them at the org's virtual time (FM-11): [FromActive] of
// [assignment.Org.AppView], which holds only active licenses (ASG-18) and
// only once a change has reached the app (LIC-11); to ask about a later
// time, advance the time of a clone ([assignment.Org.Clone],
// [assignment.AdvanceTime]). A nil org or an unknown
// user is an [*assignment.InputError] matching [assignment.ErrInvalidValue]
// or [assignment.ErrUnknownUser].
func ForUser(org *assignment.Org, id assignment.UserID) (Licenses, error) {
	if err := checkUser(org, id); err != nil {
		return Licenses{}, err
	}
	return FromActive(org.Catalog(), org.AppView(id)), nil
}

// OrgUser returns a user of an org as a peer (FM-7..FM-10): ID is the
// user's e-mail, Org the org's ID, and Licenses as [ForUser] gives them.
func OrgUser(org *assignment.Org, id assignment.UserID) (User, error) {
	l, err := ForUser(org, id)
	if err != nil {
		return User{}, err
	}
	info, err := org.User(id)
	if err != nil {
		return User{}, err
	}
	return User{ID: info.Email, Org: org.ID(), Licenses: l}, nil
}

func checkUser(org *assignment.Org, id assignment.UserID) error {
	switch {
	case org == nil:
		return &assignment.InputError{What: "org", Value: "nil", Err: assignment.ErrInvalidValue}
	case int(id) >= org.NumUsers():
		return &assignment.InputError{What: "user", Value: fmt.Sprint(id), Err: assignment.ErrUnknownUser}
	}
	return nil
}
