package calling

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

var e164RE = regexp.MustCompile(`^\+[1-9][0-9]{1,14}$`)

// CAL-3 (a): the strict E.164 format on the raw value, no normalising; each
// rejection says exactly why.
func TestParseE164(t *testing.T) {
	for _, tc := range []struct {
		in     string
		reason E164Reason
		pos    int
	}{
		{"+48221234567", 0, 0},
		{"+12", 0, 0},
		{"+123456789012345", 0, 0},
		{"", E164Empty, 0},
		{"555-555-1212", E164NoPlus, 0}, // the source's own example fails (CAL-3)
		{"48221234567", E164NoPlus, 0},
		{" +48221234567", E164NoPlus, 0},
		{"\u200b+4822", E164NoPlus, 0},
		{"=+4822", E164NoPlus, 0},
		{"+48 22 123", E164NonDigit, 3},
		{"+1-555-555-1212", E164NonDigit, 2},
		{"+4822\u00a0", E164NonDigit, 5},
		{"+4822\n", E164NonDigit, 5},
		{"+١٢٣", E164NonDigit, 1},
		{"++48", E164NonDigit, 1},
		{"+0123", E164CountryCodeZero, 0},
		{"+0", E164CountryCodeZero, 0},
		{"+", E164TooShort, 0},
		{"+1", E164TooShort, 0},
		{"+1234567890123456", E164TooLong, 0},
		{"+99999999999999999999999999", E164TooLong, 0},
	} {
		n, err := ParseE164(tc.in)
		if tc.reason == 0 {
			if err != nil || n.String() != tc.in || !n.IsValid() {
				t.Errorf("ParseE164(%q) = %v, %v", tc.in, n, err)
			}
			continue
		}
		var e *E164Error
		if !errors.As(err, &e) || !errors.Is(err, ErrNotE164) || n.IsValid() {
			t.Fatalf("ParseE164(%q) = %v, %v; want an *E164Error", tc.in, n, err)
		}
		if e.Input != tc.in || e.Reason != tc.reason || e.Pos != tc.pos {
			t.Errorf("ParseE164(%q): error %+v, want reason %v at %d", tc.in, e, tc.reason, tc.pos)
		}
	}
}

func TestE164ErrorMessage(t *testing.T) {
	_, err := ParseE164("+48 22")
	if got, want := err.Error(), `calling: not an E.164 number: "+48 22": non-digit ' ' at byte 3`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	long := "+1234567890123456789012345678901234567890123456789"
	_, err = ParseE164(long)
	if got, want := err.Error(), `calling: not an E.164 number: "+123456789012345678901234567890123456789"...: too long`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// An error message cuts a long input at 40 bytes, back to the start of
// the rune that straddles the cut, never inside a UTF-8 sequence; an input
// with no rune start in its first 40 bytes is shown as "" and the ellipsis.
func TestErrorMessageCutsOnRuneStart(t *testing.T) {
	straddle := "+" + strings.Repeat("1", 38) + "é1" // é is bytes 39 and 40
	_, err := ParseE164(straddle)
	if got, want := err.Error(), `calling: not an E.164 number: "+11111111111111111111111111111111111111"...: non-digit 'é' at byte 39`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	f := &Failure{User: 4, Reason: NotE164, Raw: strings.Repeat("\x80", 41)}
	if got, want := f.Error(), `user 4: calling: not an E.164 number: ""...`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// An E164Error names the non-digit at Pos when Pos is a byte of the input,
// the first included, and says only "non-digit" otherwise; an input of
// errInputMax bytes is shown whole, one byte more is cut.
func TestE164ErrorPosAndCut(t *testing.T) {
	digits := strings.Repeat("1234567890", 4)
	for _, tc := range []struct {
		err  *E164Error
		want string
	}{
		{&E164Error{Input: "x12", Reason: E164NonDigit, Pos: 0}, `calling: not an E.164 number: "x12": non-digit 'x' at byte 0`},
		{&E164Error{Input: "+1x", Reason: E164NonDigit, Pos: 2}, `calling: not an E.164 number: "+1x": non-digit 'x' at byte 2`},
		{&E164Error{Input: "+1x", Reason: E164NonDigit, Pos: 3}, `calling: not an E.164 number: "+1x": non-digit`},
		{&E164Error{Input: "+1x", Reason: E164NonDigit, Pos: -1}, `calling: not an E.164 number: "+1x": non-digit`},
		{&E164Error{Input: "+" + digits[:errInputMax-1], Reason: E164TooLong}, `calling: not an E.164 number: "+` + digits[:errInputMax-1] + `": too long`},
		{&E164Error{Input: "+" + digits, Reason: E164TooLong}, `calling: not an E.164 number: "+` + digits[:errInputMax-1] + `"...: too long`},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("%+v:\ngot  %s\nwant %s", *tc.err, got, tc.want)
		}
	}
}

func TestE164ErrorHostile(t *testing.T) {
	for _, e := range []*E164Error{{Reason: E164NonDigit, Pos: 3}, {Input: "+1", Reason: E164NonDigit, Pos: -1}, {Reason: 99}} {
		_ = e.Error()
	}
}

func TestE164Zero(t *testing.T) {
	var n E164
	if n.IsValid() || n.String() != "" {
		t.Errorf("zero E164: valid %v, %q", n.IsValid(), n.String())
	}
	b, _ := n.MarshalText()
	if len(b) != 0 {
		t.Errorf("zero E164 marshals to %q", b)
	}
	if err := n.UnmarshalText(nil); err != nil || n.IsValid() {
		t.Errorf("UnmarshalText(empty) = %v, %v", n, err)
	}
	if err := n.UnmarshalText([]byte("+48 22")); !errors.Is(err, ErrNotE164) || n.IsValid() {
		t.Errorf("UnmarshalText(bad) = %v, %v", n, err)
	}
	if err := n.UnmarshalText([]byte("+48221000001")); err != nil || n != hq1 {
		t.Errorf("UnmarshalText(+48221000001) = %v, %v; want %v", n, err, hq1)
	}
}

func TestMustParseE164Panics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParseE164 of a bad number did not panic")
		}
	}()
	MustParseE164("555-555-1212")
}

// Every number of 2 to 15 digits without a leading 0 round-trips through
// String, ParseE164 and the text marshalling.
func TestE164RoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		digits := rapid.IntRange(2, 15).Draw(t, "digits")
		s := "+" + strconv.Itoa(rapid.IntRange(1, 9).Draw(t, "first"))
		for range digits - 1 {
			s += strconv.Itoa(rapid.IntRange(0, 9).Draw(t, "d"))
		}
		n, err := ParseE164(s)
		if err != nil || n.String() != s {
			t.Fatalf("ParseE164(%q) = %q, %v", s, n, err)
		}
		var m E164
		b, _ := n.MarshalText()
		if err := m.UnmarshalText(b); err != nil || m != n {
			t.Fatalf("text round trip of %q: %q, %v", s, m, err)
		}
	})
}

// FuzzParseE164: ParseE164 never panics, accepts exactly what the CAL-3
// regexp matches, and what it accepts round-trips through String (CAL-3).
func FuzzParseE164(f *testing.F) { // CAL-3
	for _, s := range []string{"", "+", "+12", "+48221234567", "+0123", "555-555-1212", "+1234567890123456", "+48 22", "+\xff", "+١٢٣", "+999999999999999", "+18446744073709551616"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseE164(s)
		if (err == nil) != e164RE.MatchString(s) {
			t.Fatalf("ParseE164(%q) error %v, regexp match %v", s, err, e164RE.MatchString(s))
		}
		if err != nil {
			var e *E164Error
			if !errors.As(err, &e) || e.Input != s || e.Reason == 0 || n.IsValid() {
				t.Fatalf("ParseE164(%q) = %v, %#v", s, n, err)
			}
			_ = err.Error()
			return
		}
		if n.String() != s {
			t.Fatalf("ParseE164(%q).String() = %q", s, n.String())
		}
		if m, err := ParseE164(n.String()); err != nil || m != n {
			t.Fatalf("re-parse of %q: %v, %v", s, m, err)
		}
	})
}
