package broadworks

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidVersion is returned, wrapped in a *VersionError, for a release
// string ParseVersion does not accept.
var ErrInvalidVersion = errors.New("broadworks: invalid BroadWorks release")

// MaxVersionMajor is the highest major release ParseVersion accepts.
const MaxVersionMajor = 999

// Version is a BroadWorks release (BW-29, BW-31): a major and a minor
// number, e.g. R24 (24.0). The zero value is no release.
type Version struct {
	Major, Minor int
}

// VersionError describes a release string ParseVersion refused. It unwraps
// to ErrInvalidVersion.
type VersionError struct {
	Input  string
	Reason string
}

// Error returns a message naming the (quoted, shortened) input and the reason.
func (e *VersionError) Error() string {
	return fmt.Sprintf("broadworks: invalid BroadWorks release %q: %s", clip(e.Input), e.Reason)
}

// Unwrap returns ErrInvalidVersion.
func (e *VersionError) Unwrap() error { return ErrInvalidVersion }

// ParseVersion parses a release written "R24", "r24", "R24.0", "24.0" or
// "24": an optional R, a major number 1..MaxVersionMajor and an optional "." and
// minor number 0..999, each of one to three ASCII digits. Nothing else is
// accepted: no spaces, signs, service-pack suffixes or build numbers.
func ParseVersion(s string) (Version, error) {
	fail := func(reason string) (Version, error) { return Version{}, &VersionError{s, reason} }
	rest := strings.TrimPrefix(strings.TrimPrefix(s, "R"), "r")
	if len(rest) < len(s)-1 {
		return fail("more than one R")
	}
	majorText, minorText, hasMinor := strings.Cut(rest, ".")
	major, ok := releaseNumber(majorText)
	if !ok || major < 1 {
		return fail("major must be 1 to 999")
	}
	r := Version{Major: major}
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

// MustParseVersion is ParseVersion for constants; it panics on error.
func MustParseVersion(s string) Version {
	r, err := ParseVersion(s)
	if err != nil {
		panic(err)
	}
	return r
}

// String returns "R24" for a zero minor, else "R24.1".
func (r Version) String() string {
	if r.Minor == 0 {
		return fmt.Sprintf("R%d", r.Major)
	}
	return fmt.Sprintf("R%d.%d", r.Major, r.Minor)
}

// Supported reports whether r is a supported release while current is the
// newest major release (BW-29, N-2): current−2 ≤ major ≤ current.
func VersionSupported(r Version, current int) bool {
	return current-2 <= r.Major && r.Major <= current
}
