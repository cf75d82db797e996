// Package visible checks text that people read as a name or an ID, so
// that no two names look alike and none looks like nothing: the
// characters a reader cannot see, and the rules a name follows.
package visible

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Invisible are the characters a reader cannot see or that are not text:
// controls (Cc), format characters (Cf: zero-width space, joiners,
// U+2060, the BOM, bidi marks, soft hyphen), spaces and separators (Z),
// variation selectors and the other default-ignorable code points (the
// Hangul fillers, U+034F, ...).
var Invisible = []*unicode.RangeTable{
	unicode.Cc, unicode.Cf, unicode.Zs, unicode.Zl, unicode.Zp,
	unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point,
}

// IsInvisible reports whether r is one of [Invisible].
func IsInvisible(r rune) bool {
	if r < utf8.RuneSelf {
		return r <= ' ' || r == 0x7f
	}
	return unicode.In(r, Invisible...)
}

// NameProblem says why s cannot be a name or an ID, or "": it must be
// valid UTF-8 with something to see, no white space around it and no
// invisible character in it but the ASCII space between words (a
// no-break space is one), so that no two names look alike, or like none.
func NameProblem(s string) string {
	switch {
	case !utf8.ValidString(s):
		return "invalid UTF-8"
	case strings.TrimSpace(s) == "":
		return "blank"
	case strings.TrimSpace(s) != s:
		return "white space around it"
	}
	for i, r := range s {
		if r != ' ' && IsInvisible(r) {
			return fmt.Sprintf("invisible or control character %U at byte %d", r, i)
		}
	}
	return ""
}
