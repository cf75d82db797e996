package featurematrix

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Every error of this package matches one of them with
// [errors.Is], except those of [ForUser] and [OrgUser], which are package
// assignment's.
var (
	// ErrUnknownFeature is matched by a [*ParseError] for a string that is
	// not F1..F12.
	ErrUnknownFeature = errors.New("featurematrix: unknown feature")
	// ErrBadLicenses is matched by a [*ParseError] for a string that is not
	// a [Licenses] value.
	ErrBadLicenses = errors.New("featurematrix: malformed licenses")
	// ErrUnavailable is matched by an [*UnavailableError]: the acting user
	// lacks the feature an action needs.
	ErrUnavailable = errors.New("featurematrix: feature unavailable")
	// ErrCannotReceiveMessages is matched by a [*NoMessagingError]: a space
	// was refused because some invitees cannot receive messages (FM-7).
	ErrCannotReceiveMessages = errors.New("featurematrix: cannot receive messages")
)

// ParseError reports a string that [ParseFeature] or [ParseLicenses] could
// not parse.
type ParseError struct {
	What  string // "feature" or "licenses"
	Input string // the input, as given
	Err   error  // ErrUnknownFeature or ErrBadLicenses
}

// Error returns a message naming the input.
func (e *ParseError) Error() string {
	return fmt.Sprint(e.Err) + ": cannot parse " + quote(e.Input) + " as " + e.What // a zero ParseError reads "<nil>: ..."
}

// Unwrap returns the sentinel the error matches.
func (e *ParseError) Unwrap() error { return e.Err }

// UnavailableError reports an action refused because the acting user lacks
// a feature; Availability says which license is missing.
type UnavailableError struct {
	User         string       // the acting user's ID
	Availability Availability // the missing feature, with its rule and explanation
}

// Error returns a message such as `featurematrix: alice cannot create a
// space: F2 needs Basic Messaging (FM-1)`.
func (e *UnavailableError) Error() string {
	who := e.User
	if who == "" {
		who = "the user"
	}
	return "featurematrix: " + who + " cannot " + e.Availability.Feature.Description() + ": " +
		e.Availability.Explain() + " (" + e.Availability.Rule + ")"
}

// Unwrap returns [ErrUnavailable].
func (e *UnavailableError) Unwrap() error { return ErrUnavailable }

// NoMessagingError reports a space that was not created, or an invitation
// that was not sent, because some invitees of the acting user's org have no
// Basic Messaging (FM-7). Nothing was done, for any invitee.
type NoMessagingError struct {
	Users []string // the IDs of those invitees, in the order given, each once
}

// Error returns a message naming every such invitee.
func (e *NoMessagingError) Error() string {
	return ErrCannotReceiveMessages.Error() + ": " + strings.Join(e.Users, ", ") + " (FM-7)"
}

// Unwrap returns [ErrCannotReceiveMessages].
func (e *NoMessagingError) Unwrap() error { return ErrCannotReceiveMessages }
