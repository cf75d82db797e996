package assignment

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/wxlicense/wxlicense/license"
)

// Sentinel errors. Every error an action returns wraps one of these or a
// license error, and names the input it is about.
var (
	ErrUnknownUser         = errors.New("assignment: unknown user")
	ErrUnknownGroup        = errors.New("assignment: unknown group")
	ErrUnknownTemplate     = errors.New("assignment: unknown template")
	ErrUnknownSubscription = errors.New("assignment: unknown subscription")
	ErrUnknownKind         = errors.New("assignment: unknown license kind")
	ErrUnknownSite         = errors.New("assignment: unknown meeting site")
	ErrDuplicateEmail      = errors.New("assignment: duplicate e-mail")
	ErrDuplicateName       = errors.New("assignment: duplicate name")
	ErrInvalidEmail        = errors.New("assignment: invalid e-mail")
	ErrWrongMode           = errors.New("assignment: template of the other mode")
	ErrDistributionGroup   = errors.New("assignment: templates need a security group")
	ErrAttendeeDisabled    = errors.New("assignment: attendee accounts are off for the site")
	ErrNotMember           = errors.New("assignment: not a member of the group")
	ErrAlreadyMember       = errors.New("assignment: already a member of the group")
	ErrSameGroup           = errors.New("assignment: a move to the group it leaves")
	ErrNeedsAck            = errors.New("assignment: removing Webex Calling destroys calling data and needs an acknowledgement")
	ErrStalePlan           = errors.New("assignment: stale plan")
	ErrOtherOrg            = errors.New("assignment: license ID of another org")
	ErrTimeBackwards       = errors.New("assignment: time cannot go backwards")
	ErrAlreadyActive       = errors.New("assignment: user already active")
	ErrInvalidValue        = errors.New("assignment: invalid value")
	ErrInvalidName         = errors.New("assignment: invalid name")
	ErrNotInTemplate       = errors.New("assignment: license not in the template")
	ErrNil                 = errors.New("assignment: nil argument")
)

// InputError names the input an action rejected.
type InputError struct {
	What  string // "user", "group", "template", "subscription", "kind", "site", "e-mail"
	Value string
	Err   error
}

// Error returns the message, naming the input.
func (e *InputError) Error() string { return fmt.Sprintf("%v: %s %q", e.Err, e.What, e.Value) }

// Unwrap returns the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

func bad(what, value string, err error) error { return &InputError{what, value, err} }

// UserError is a user-level request rejected for one user (LIC-7): Err is a
// *license.SetError listing every violation.
type UserError struct {
	User string
	Err  error
}

// Error returns the message, naming the input.
func (e *UserError) Error() string { return fmt.Sprintf("user %s: %v", e.User, e.Err) }

// Unwrap returns the license error.
func (e *UserError) Unwrap() error { return e.Err }

// AckError lists the users who would lose Webex Calling (CAL-9).
type AckError struct {
	Users []string
}

// Error returns the message, naming the input.
func (e *AckError) Error() string {
	return fmt.Sprintf("%v: %s", ErrNeedsAck, strings.Join(e.Users, ", "))
}

// Unwrap returns ErrNeedsAck.
func (e *AckError) Unwrap() error { return ErrNeedsAck }

// RowError is a rejected CSV row (ASG-20): the 1-based data row, its
// line in the file and the 1-based column the error is about (0 for the
// row as a whole), and why. [RowError.Code] is the API error code.
type RowError struct {
	Row          int
	Line, Column int
	Email        string
	Err          error
}

// Error returns the message, naming the input; an e-mail that is not plain
// printable text is quoted with escapes, so that invisible characters show.
func (e RowError) Error() string {
	var ce *CSVError
	switch {
	case errors.As(e.Err, &ce) || e.Line == 0:
		return fmt.Sprintf("row %d (%s): %v", e.Row, plain(e.Email), e.Err)
	case e.Column == 0:
		return fmt.Sprintf("row %d (%s), line %d: %v", e.Row, plain(e.Email), e.Line, e.Err)
	}
	return fmt.Sprintf("row %d (%s), line %d, column %d: %v", e.Row, plain(e.Email), e.Line, e.Column, e.Err)
}

// Code returns the Webex API error code of the row's error (LIC-13): the
// first violation's for a license error, 400 for a bad phone number, 0
// when the API has none.
func (e RowError) Code() license.Code {
	var c interface{ Code() license.Code }
	if errors.As(e.Err, &c) {
		return c.Code()
	}
	return 0
}

// plain returns s as it is when it is printable text without quotes, else
// quoted with Go escapes.
func plain(s string) string {
	if q := strconv.Quote(s); q[1:len(q)-1] != s {
		return q
	}
	return s
}

// Unwrap returns the row's error.
func (e RowError) Unwrap() error { return e.Err }

// OutsideOrgError answers a user-level license request for a user who is
// not in the org (LIC-13): nothing is applied, and the API answers HTTP 206
// with every requested license listed as pending.
type OutsideOrgError struct {
	User    string
	Pending []license.Kind
}

// Error returns the message, naming the user.
func (e *OutsideOrgError) Error() string {
	return fmt.Sprintf("%v: %q is not in the org; %d licenses pending (HTTP %d)", ErrUnknownUser, e.User, len(e.Pending), e.Status())
}

// Status returns the HTTP status the API answers with, 206.
func (e *OutsideOrgError) Status() int { return 206 }

// Unwrap returns ErrUnknownUser.
func (e *OutsideOrgError) Unwrap() error { return ErrUnknownUser }
