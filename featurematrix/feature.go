package featurematrix

import (
	"strconv"
	"strings"
)

// Feature is one of the app features F1..F12 of SPEC section 4. The zero
// value is not a feature.
type Feature uint8

// The features, in the order of SPEC section 4 and of the source tables.
const (
	F1  Feature = iota + 1 // send a direct (1:1) message
	F2                     // message in a group space
	F3                     // share the desktop outside a call or meeting
	F4                     // share the desktop during a call or meeting
	F5                     // schedule a meeting in a space
	F6                     // call someone's Webex app directly (1:1)
	F7                     // use the Calls and Voicemail navigation items
	F8                     // use the Join button for meetings on a meetings site
	F9                     // schedule a meeting on a Webex meetings site
	F10                    // use the whiteboard
	F11                    // annotate
	F12                    // see a user's presence
)

// NumFeatures is the number of features.
const NumFeatures = 12

var featureInfo = [NumFeatures + 1]struct{ desc, source string }{
	{},
	{"send a direct (1:1) message", "Wyślij wiadomość bezpośrednio do kogoś (1:1)"},
	{"message in a group space", "Wiadomość w przestrzeni grupy"},
	{"share the desktop outside a call or meeting", "Udostępnianie pulpitu poza połączeniem lub spotkaniem"},
	{"share the desktop during a call or meeting", "Udostępnianie pulpitu podczas połączenia lub spotkania"},
	{"schedule a meeting in a space", "Planowanie spotkania w przestrzeni"},
	{"call someone's Webex app directly (1:1)", "Zadzwoń bezpośrednio do czyjejś aplikacji Webex (1:1)"},
	{"use the Calls and Voicemail navigation items", "Korzystanie z elementów menu nawigacji Połączenia i Poczta głosowa"},
	{"use the Join button (one button to push) for meetings on a Webex meetings site", "Użyj przycisku Dołącz (Jeden przycisk do naciśnięcia) dla spotkań w witrynie spotkań Webex"},
	{"schedule a meeting on a Webex meetings site", "Planowanie spotkania w witrynie spotkania Webex"},
	{"use the whiteboard", "Korzystanie z tablicy"},
	{"annotate", "Adnotacje"},
	{"see a user's presence", "Wyświetlanie informacji o obecności użytkownika"},
}

// Features returns F1..F12 in order.
func Features() []Feature {
	out := make([]Feature, NumFeatures)
	for i := range out {
		out[i] = Feature(i + 1)
	}
	return out
}

// Valid reports whether f is one of F1..F12.
func (f Feature) Valid() bool { return f >= F1 && f <= F12 }

// String returns "F1".."F12", or "Feature(n)" for a value that is not a
// feature.
func (f Feature) String() string {
	if !f.Valid() {
		return "Feature(" + strconv.Itoa(int(f)) + ")"
	}
	return "F" + strconv.Itoa(int(f))
}

// Description returns the feature's description from SPEC section 4, or ""
// for a value that is not a feature.
func (f Feature) Description() string {
	if !f.Valid() {
		return ""
	}
	return featureInfo[f].desc
}

// SourceRow returns the row text of the feature in the source tables
// (Polish), or "" for a value that is not a feature.
func (f Feature) SourceRow() string {
	if !f.Valid() {
		return ""
	}
	return featureInfo[f].source
}

// ParseFeature parses "F1".."F12" (the letter in either case, the number
// in decimal without sign or leading zeros). Anything else is a
// [*ParseError] matching [ErrUnknownFeature].
func ParseFeature(s string) (Feature, error) {
	if len(s) < 2 || len(s) > 3 || (s[0] != 'F' && s[0] != 'f') || s[1] == '0' {
		return 0, &ParseError{What: "feature", Input: s, Err: ErrUnknownFeature}
	}
	n := 0
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return 0, &ParseError{What: "feature", Input: s, Err: ErrUnknownFeature}
		}
		n = n*10 + int(c-'0')
	}
	if f := Feature(n); n <= NumFeatures && f.Valid() {
		return f, nil
	}
	return 0, &ParseError{What: "feature", Input: s, Err: ErrUnknownFeature}
}

// quote returns s quoted and cut to a readable length, for error messages.
func quote(s string) string {
	const max = 40
	if len(s) > max {
		s = strings.ToValidUTF8(s[:max], "") + "..."
	}
	return strconv.Quote(s)
}
