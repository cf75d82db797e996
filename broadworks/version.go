package broadworks

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidRelease is returned, wrapped in a *ReleaseError, for a release
// string ParseRelease does not accept.
var ErrInvalidRelease = errors.New("broadworks: invalid BroadWorks release")

// MaxMajor is the highest major release ParseRelease accepts.
const MaxMajor = 999

// Release is a BroadWorks release (BW-29, BW-31): a major and a minor
// number, e.g. R24 (24.0). The zero value is no release.
type Release struct {
	Major, Minor int
}

// ReleaseError describes a release string ParseRelease refused. It unwraps
// to ErrInvalidRelease.
type ReleaseError struct {
	Input  string
	Reason string
}

// Error returns a message naming the (quoted, shortened) input and the reason.
func (e *ReleaseError) Error() string {
	return fmt.Sprintf("broadworks: invalid BroadWorks release %q: %s", clip(e.Input), e.Reason)
}

// Unwrap returns ErrInvalidRelease.
func (e *ReleaseError) Unwrap() error { return ErrInvalidRelease }

// ParseRelease parses a release written "R24", "r24", "R24.0", "24.0" or
// "24": an optional R, a major number 1..MaxMajor and an optional "." and
// minor number 0..999, each of one to three ASCII digits. Nothing else is
// accepted: no spaces, signs, service-pack suffixes or build numbers.
func ParseRelease(s string) (Release, error) {
	fail := func(reason string) (Release, error) { return Release{}, &ReleaseError{s, reason} }
	rest := strings.TrimPrefix(strings.TrimPrefix(s, "R"), "r")
	if len(rest) < len(s)-1 {
		return fail("more than one R")
	}
	majorText, minorText, hasMinor := strings.Cut(rest, ".")
	major, ok := releaseNumber(majorText)
	if !ok || major < 1 {
		return fail("major must be 1 to 999")
	}
	r := Release{Major: major}
	if hasMinor {
		if r.Minor, ok = releaseNumber(minorText); !ok {
			return fail("minor must be 0 to 999")
		}
	}
	return r, nil
}

// releaseNumber parses one to three ASCII digits.
func releaseNumber(s string) (int, bool) {
	if len(s) > 3 {
		return 0, false
	}
	return digits(s)
}

// MustParseRelease is ParseRelease for constants; it panics on error.
func MustParseRelease(s string) Release {
	r, err := ParseRelease(s)
	if err != nil {
		panic(err)
	}
	return r
}

// String returns "R24" for a zero minor, else "R24.1".
func (r Release) String() string {
	if r.Minor == 0 {
		return fmt.Sprintf("R%d", r.Major)
	}
	return fmt.Sprintf("R%d.%d", r.Major, r.Minor)
}

// Supported reports whether r is a supported release while current is the
// newest major release (BW-29, N-2): current−2 ≤ major ≤ current.
func Supported(r Release, current int) bool {
	return current-2 <= r.Major && r.Major <= current
}
