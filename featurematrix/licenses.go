package featurematrix

import (
	"strings"

	"github.com/wxlicense/wxlicense/license"
)

// Licenses is what availability depends on in a user's licenses (SPEC
// section 4). The zero value is a user with none of them.
type Licenses struct {
	M bool // Basic Messaging
	C bool // Call on Webex
	P bool // a paid calling option: an active Calling-category kind other than Call on Webex
	H bool // an active meetings host license on at least one site
}

// The license codes (LIC-6) by which [FromActive] recognises M and C, so
// that a catalog built by the caller works as long as it keeps the codes.
const (
	codeBasicMessaging = "FMS"
	codeCallOnWebex    = "FTC"
)

// FromActive returns the facts of active, the licenses a user's app
// currently sees (FM-11): M when it holds the kind with code FMS (Basic
// Messaging), C when it holds the kind with code FTC (Call on Webex), P when
// it holds any other Calling-category kind (Contact Center is a category of
// its own and is not P), and H when it holds any kind whose role is
// [license.RoleHost]. An attendee role is not H.
//
// The caller passes only active, propagated licenses: pending licenses of a
// user not yet active (ASG-18) and changes not yet propagated to the app
// (LIC-11) must be absent from active; see [FromHeld]. Kinds that are not in
// cat are ignored; a nil catalog gives the zero value.
func FromActive(cat *license.Catalog, active license.Set) Licenses {
	var l Licenses
	if cat == nil {
		return l
	}
	for k := range active.All() {
		if !cat.Valid(k) {
			continue
		}
		info := cat.Info(k)
		switch {
		case info.Code == codeBasicMessaging && info.Site == "":
			l.M = true
		case info.Code == codeCallOnWebex && info.Site == "":
			l.C = true
		case info.Category == license.Calling:
			l.P = true
		}
		if info.Role == license.RoleHost {
			l.H = true
		}
	}
	return l
}

// FromHeld returns [FromActive] of held without pending: held is the set the
// app currently sees (after propagation, LIC-11) and pending the part of it
// that is not yet active because the user has not signed in (ASG-18).
func FromHeld(cat *license.Catalog, held, pending license.Set) Licenses {
	return FromActive(cat, held.Diff(pending))
}

// Combinations returns the 16 values of [Licenses] in a fixed order: H
// varies fastest, then P, C and M; the first is the zero value.
func Combinations() []Licenses {
	out := make([]Licenses, 0, 16)
	for i := range 16 {
		out = append(out, Licenses{M: i&8 != 0, C: i&4 != 0, P: i&2 != 0, H: i&1 != 0})
	}
	return out
}

// Calling reports whether the user has a calling option, C or P.
func (l Licenses) Calling() bool { return l.C || l.P }

// String returns the four facts as "M C -P H": the letter when set, the
// letter after "-" when not.
func (l Licenses) String() string {
	var b strings.Builder
	for i, f := range [4]struct {
		set    bool
		letter byte
	}{{l.M, 'M'}, {l.C, 'C'}, {l.P, 'P'}, {l.H, 'H'}} {
		if i > 0 {
			b.WriteByte(' ')
		}
		if !f.set {
			b.WriteByte('-')
		}
		b.WriteByte(f.letter)
	}
	return b.String()
}

// ParseLicenses parses the form of [Licenses.String]: space-separated
// tokens M, C, P, H, each optionally preceded by "-" for absent, in any
// order, each at most once; a letter not given is absent. The empty string
// is the zero value. Anything else is a [*ParseError] matching
// [ErrBadLicenses].
func ParseLicenses(s string) (Licenses, error) {
	var l Licenses
	var seen [4]bool
	for _, tok := range strings.Fields(s) {
		set := true
		if tok[0] == '-' {
			set, tok = false, tok[1:]
		}
		i := strings.Index("MCPH", tok)
		if len(tok) != 1 || i < 0 || seen[i] {
			return Licenses{}, &ParseError{What: "licenses", Input: s, Err: ErrBadLicenses}
		}
		seen[i] = true
		switch i {
		case 0:
			l.M = set
		case 1:
			l.C = set
		case 2:
			l.P = set
		case 3:
			l.H = set
		}
	}
	return l, nil
}

// Context is what the user is doing when availability is asked, plus the
// kind of calling a Webex for BroadWorks user has. The zero value is a
// Control Hub user outside any call.
type Context struct {
	InCall  bool // in an active call
	Sharing bool // sharing the desktop; for F11 it counts only with InCall
	// BroadWorksCalling marks a Webex for BroadWorks subscriber with a
	// BroadWorks calling package: screen sharing inside a BroadWorks call
	// works (BW-23), so F4 is available (FM-5).
	BroadWorksCalling bool
}

// SharingInCall reports whether the user is sharing the desktop in an
// active call, the condition of F11 without M (FM-1, FM-5).
func (c Context) SharingInCall() bool { return c.InCall && c.Sharing }

// String returns the set facts joined by "+" ("call+sharing", "broadworks"),
// or "idle" when none is set.
func (c Context) String() string {
	var parts []string
	if c.InCall {
		parts = append(parts, "call")
	}
	if c.Sharing {
		parts = append(parts, "sharing")
	}
	if c.BroadWorksCalling {
		parts = append(parts, "broadworks")
	}
	if len(parts) == 0 {
		return "idle"
	}
	return strings.Join(parts, "+")
}
