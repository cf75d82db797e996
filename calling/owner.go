package calling

import (
	"errors"
	"fmt"
	"strconv"
)

// UserKey identifies a user: it is the assignment.UserID of the user, a
// dense index in the order users were added. Per-user data is kept in
// slices indexed by it, so keys above MaxUserKey are refused.
type UserKey uint32

// MaxUserKey is the largest UserKey the package accepts (16,777,215).
const MaxUserKey UserKey = 1<<24 - 1

// OwnerType is the kind of owner of a number or extension, as the Webex
// Numbers API's owner.type spells it. The zero OwnerType, NoOwner, means
// the number or extension is free.
type OwnerType uint8

// The owner types. People is a user (the only owner this package places);
// every other type is a service or device, named by an ID string.
const (
	NoOwner OwnerType = iota
	People
	Place
	AutoAttendant
	CallQueue
	GroupPaging
	HuntGroup
	VoiceMessaging
	BroadWorksAnywhere
	ContactCenterLink
	RouteList
	VoicemailGroup
	CollaborateBridge
	VirtualLine
	numOwnerTypes
)

var ownerTypeNames = [numOwnerTypes]string{
	"", "PEOPLE", "PLACE", "AUTO_ATTENDANT", "CALL_QUEUE", "GROUP_PAGING",
	"HUNT_GROUP", "VOICE_MESSAGING", "BROADWORKS_ANYWHERE",
	"CONTACT_CENTER_LINK", "ROUTE_LIST", "VOICEMAIL_GROUP",
	"COLLABORATE_BRIDGE", "VIRTUAL_LINE",
}

// ErrOwnerType is the sentinel of ParseOwnerType's errors and of an owner
// whose type does not fit the request.
var ErrOwnerType = errors.New("calling: bad owner type")

// String returns the API spelling, e.g. "HUNT_GROUP", or "" for NoOwner.
func (t OwnerType) String() string {
	if t < numOwnerTypes {
		return ownerTypeNames[t]
	}
	return fmt.Sprintf("OwnerType(%d)", t)
}

// ParseOwnerType returns the owner type spelled s exactly as the API does
// ("PEOPLE", "HUNT_GROUP", ...). The empty text and anything else is an
// *InputError matching ErrOwnerType.
func ParseOwnerType(s string) (OwnerType, error) {
	for t := People; t < numOwnerTypes; t++ {
		if ownerTypeNames[t] == s {
			return t, nil
		}
	}
	return NoOwner, &InputError{What: "owner type", Value: s, Err: ErrOwnerType}
}

// Owner is who owns a number or extension: a user (Type People, User set)
// or a service (any other Type, ID set). The zero Owner is no owner.
type Owner struct {
	Type OwnerType
	User UserKey // the user, when Type is People
	ID   string  // the service's ID, for every other Type
}

// UserOwner returns the Owner that is user u.
func UserOwner(u UserKey) Owner { return Owner{Type: People, User: u} }

// IsZero reports whether o is no owner.
func (o Owner) IsZero() bool { return o == Owner{} }

// String returns e.g. "PEOPLE user 7", "HUNT_GROUP hg-1" or "" for no owner.
func (o Owner) String() string {
	switch {
	case o.Type == NoOwner:
		return ""
	case o.Type == People:
		return "PEOPLE user " + strconv.FormatUint(uint64(o.User), 10)
	}
	return o.Type.String() + " " + o.ID
}
