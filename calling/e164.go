package calling

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// ErrNotE164 is the sentinel matched by every error ParseE164 returns, and
// by a Failure with reason NotE164 (CAL-3 a).
var ErrNotE164 = errors.New("calling: not an E.164 number")

// E164 is a phone number in E.164 format: '+', a country code that does
// not start with 0, and 2 to 15 digits in all (CAL-3 a).
//
// E164 is a small comparable value type, like netip.Addr: use it as a map
// key and compare it with ==. The zero E164 is not a number (IsValid is
// false, String is ""). Because the first digit is never 0, the digits read
// as one integer are the number: an E164 is 8 bytes.
type E164 struct {
	v uint64 // the digits as an integer; 0 for the zero E164
}

// Lengths of an E.164 number's digits, without the '+'.
const (
	minE164Digits = 2
	maxE164Digits = 15
)

// E164Reason says why a text is not an E.164 number.
type E164Reason uint8

// The reasons ParseE164 rejects a text, in the order it checks them.
const (
	E164Empty           E164Reason = iota + 1 // the text is empty
	E164NoPlus                                // the text does not start with '+'
	E164NonDigit                              // a byte after the '+' is not an ASCII digit
	E164CountryCodeZero                       // the first digit is 0
	E164TooShort                              // fewer than 2 digits
	E164TooLong                               // more than 15 digits
)

// String returns the reason in words, e.g. "no leading '+'".
func (r E164Reason) String() string {
	switch r {
	case E164Empty:
		return "empty"
	case E164NoPlus:
		return "no leading '+'"
	case E164NonDigit:
		return "non-digit"
	case E164CountryCodeZero:
		return "country code 0"
	case E164TooShort:
		return "too short"
	case E164TooLong:
		return "too long"
	}
	return fmt.Sprintf("E164Reason(%d)", r)
}

// E164Error describes a text ParseE164 rejected. It unwraps to ErrNotE164.
type E164Error struct {
	Input  string     // the rejected text, as given
	Reason E164Reason // why it is not an E.164 number
	Pos    int        // for E164NonDigit, the byte offset of the first non-digit in Input
}

// errInputMax is how many bytes of a rejected input error messages show.
const errInputMax = 40

// Error returns a message naming the (quoted, truncated) input and the reason.
func (e *E164Error) Error() string {
	why := e.Reason.String()
	if e.Reason == E164NonDigit && e.Pos >= 0 && e.Pos < len(e.Input) {
		r, _ := utf8.DecodeRuneInString(e.Input[e.Pos:])
		why = fmt.Sprintf("non-digit %q at byte %d", r, e.Pos)
	}
	return fmt.Sprintf("%v: %s: %s", ErrNotE164, quote(e.Input), why)
}

// Unwrap returns ErrNotE164.
func (e *E164Error) Unwrap() error { return ErrNotE164 }

// quote returns s quoted, cut to errInputMax bytes on a rune boundary.
func quote(s string) string {
	if len(s) <= errInputMax {
		return strconv.Quote(s)
	}
	cut := errInputMax
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "..."
}

// ParseE164 parses s as an E.164 number: it accepts exactly the texts that
// match ^\+[1-9][0-9]{1,14}$, with no normalising of spaces, hyphens or a
// missing '+' (CAL-3). Errors are *E164Error and match ErrNotE164; they
// name the first problem in the order of the E164Reason constants.
func ParseE164(s string) (E164, error) {
	v, r, pos := parseE164(s)
	if r != 0 {
		return E164{}, &E164Error{Input: s, Reason: r, Pos: pos}
	}
	return E164{v}, nil
}

// parseE164 returns the digits of s as an integer, or why s is not E.164
// and, for a non-digit, its offset.
func parseE164(s string) (uint64, E164Reason, int) {
	switch {
	case s == "":
		return 0, E164Empty, 0
	case s[0] != '+':
		return 0, E164NoPlus, 0
	}
	var v uint64
	for i := 1; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0, E164NonDigit, i
		}
		if i <= maxE164Digits {
			v = v*10 + uint64(c)
		}
	}
	switch n := len(s) - 1; {
	case n > 0 && s[1] == '0':
		return 0, E164CountryCodeZero, 0
	case n < minE164Digits:
		return 0, E164TooShort, 0
	case n > maxE164Digits:
		return 0, E164TooLong, 0
	}
	return v, 0, 0
}

// MustParseE164 calls ParseE164 and panics on error. It is meant for tests
// and package-level values built from constants.
func MustParseE164(s string) E164 {
	n, err := ParseE164(s)
	if err != nil {
		panic(err)
	}
	return n
}

// IsValid reports whether n is a number, that is, not the zero E164.
func (n E164) IsValid() bool { return n.v != 0 }

// String returns n in E.164 format, e.g. "+48221234567", or "" for the
// zero E164. ParseE164(n.String()) == n for every valid n.
func (n E164) String() string {
	if n.v == 0 {
		return ""
	}
	return string(n.AppendTo(make([]byte, 0, 1+maxE164Digits)))
}

// AppendTo appends n.String() to b and returns the result.
func (n E164) AppendTo(b []byte) []byte {
	if n.v == 0 {
		return b
	}
	return strconv.AppendUint(append(b, '+'), n.v, 10)
}

// MarshalText returns n.String(); the zero E164 marshals as empty text.
func (n E164) MarshalText() ([]byte, error) { return n.AppendTo(nil), nil }

// UnmarshalText sets n to the number in text. Empty text gives the zero
// E164; any other text must be accepted by ParseE164.
func (n *E164) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*n = E164{}
		return nil
	}
	v, err := ParseE164(string(text))
	if err != nil {
		return err
	}
	*n = v
	return nil
}
