package calling

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error the package returns wraps one of these (or
// ErrNotE164, ErrOwnerType) and names the input it is about.
var (
	ErrInvalidText       = errors.New("calling: empty or invalid text")
	ErrUnknownLocation   = errors.New("calling: unknown location")
	ErrDuplicateLocation = errors.New("calling: duplicate location")
	ErrLocationDeleted   = errors.New("calling: location deleted")
	ErrLocationInUse     = errors.New("calling: users are placed in the location")
	ErrTooManyLocations  = errors.New("calling: too many locations")
	ErrDuplicateNumber   = errors.New("calling: duplicate number")
	ErrBadExtension      = errors.New("calling: an extension is 1 to 10 digits")
	ErrExtensionInUse    = errors.New("calling: extension in use in the location")
	ErrNotServiceOwned   = errors.New("calling: not held by a service")
	ErrOtherLocation     = errors.New("calling: number not in the placement's location")
	ErrMissingPlacement  = errors.New("calling: placement needs a location enabled for calling and a number or an extension")
	ErrUserKeyRange      = errors.New("calling: user key above MaxUserKey")
	ErrDuplicateUser     = errors.New("calling: user given twice")
	ErrAlreadyPlaced     = errors.New("calling: user already has Webex Calling")
	ErrNotPlaced         = errors.New("calling: user has no Webex Calling")
	ErrStaleBatch        = errors.New("calling: batch planned on another state of the inventory")
	ErrBadSetting        = errors.New("calling: invalid setting")
	ErrSyncedWorkNumber  = errors.New("calling: a synced user's work number is edited in the directory only")
	ErrUnknownUser       = errors.New("calling: unknown user")
	ErrNoWorkNumber      = errors.New("calling: no work number")
	ErrNotPreProvisioned = errors.New("calling: number not pre-provisioned")
	ErrLocationNotValid  = errors.New("calling: location deleted or not enabled for calling")
	ErrNumberInUse       = errors.New("calling: number in use")
	ErrNoUnitAvailable   = errors.New("calling: no Webex Calling unit available")
	ErrNil               = errors.New("calling: nil argument")
	ErrNoPlacement       = errors.New("calling: added by hand without a placement")
)

// InputError names the input a request was refused for. Owner, when not
// zero, is who holds the number or extension asked for.
type InputError struct {
	What  string // "location", "number", "extension", "owner", "owner type", "user", "setting"
	Value string
	Owner Owner
	Err   error
}

// Error returns the message, naming the input and any owner.
func (e *InputError) Error() string {
	s := fmt.Sprintf("%v: %s %s", e.Err, e.What, quote(e.Value))
	if !e.Owner.IsZero() {
		s += " (owned by " + e.Owner.String() + ")"
	}
	return s
}

// Unwrap returns the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

func bad(what, value string, err error) error { return &InputError{What: what, Value: value, Err: err} }

func userErr(u UserKey, err error) error {
	return &InputError{What: "user", Value: fmt.Sprint(uint32(u)), Err: err}
}

// The API error codes of a refused placement (CAL-1).
const (
	CodeMissingPlacement = 400411 // no placement, or its location not enabled for calling
	CodeBadRequest       = 400    // an unknown location, or a bad number or extension
)

// PlacementError is a manual placement refused for one user (CAL-1,
// CAL-4). Err is a sentinel, or an *E164Error for a number not in E.164
// format; Owner names who holds a number or extension already taken.
type PlacementError struct {
	User      UserKey
	Placement Placement
	Code      int // CodeMissingPlacement or CodeBadRequest
	Owner     Owner
	Err       error
}

// APICode returns the Webex API error code: 400411 or 400.
func (e *PlacementError) APICode() int { return e.Code }

// Error returns the message, naming the user, the placement and the code.
func (e *PlacementError) Error() string {
	s := fmt.Sprintf("user %d: placement %s: %v", e.User, e.Placement, e.Err)
	if !e.Owner.IsZero() {
		s += " (owned by " + e.Owner.String() + ")"
	}
	return fmt.Sprintf("%s (%d)", s, e.Code)
}

// Unwrap returns Err.
func (e *PlacementError) Unwrap() error { return e.Err }
