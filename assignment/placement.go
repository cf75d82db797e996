package assignment

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/wxlicense/wxlicense/license"
)

// ErrInvalidPlacement is wrapped by the error of a placement CAL-1 does not
// accept.
var ErrInvalidPlacement = errors.New("assignment: invalid placement")

// String renders the placement, e.g. `{location "WAW", number "+48221000001"}`.
func (p Placement) String() string {
	var parts []string
	for _, f := range []struct{ name, v string }{{"location", p.Location}, {"number", p.Number}, {"extension", p.Extension}} {
		if f.v != "" {
			parts = append(parts, fmt.Sprintf("%s %q", f.name, f.v))
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// Validate reports whether p is a placement CAL-1 accepts: no placement at
// all, a number (its location may be left out: it is the number's), or an
// extension with a location. A location alone, or an extension without a
// location, is refused; blank fields count as absent. The error names p
// and wraps ErrInvalidPlacement and a 400411 [license.SetError]
// (license.CodeNeedsPlacement, license.ErrNeedsPlacement).
func (p Placement) Validate() error {
	loc, num, ext := blank(p.Location), blank(p.Number), blank(p.Extension)
	var why string
	switch {
	case loc && num && ext:
		return nil
	case num && ext:
		why = "a location needs a number or an extension"
	case num && loc:
		why = "an extension without a number needs a location"
	default:
		return nil
	}
	v := license.Violation{Code: license.CodeNeedsPlacement, Text: why}
	return bad("placement", fmt.Sprintf("%+v", p), fmt.Errorf("%w: %w", ErrInvalidPlacement, &license.SetError{Violations: []license.Violation{v}}))
}

// blank reports whether s is empty or white space: a first byte that is
// printable ASCII settles it without trimming.
func blank(s string) bool {
	return s == "" || (s[0] <= ' ' || s[0] >= utf8.RuneSelf) && strings.TrimSpace(s) == ""
}
