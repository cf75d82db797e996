package featurematrix

import "strings"

// Condition is a set of facts any one of which satisfies it: a license the
// user holds or a fact of the [Context]. A feature's requirement is a list
// of conditions that must all be satisfied ([Requires]).
type Condition uint8

// The facts a condition is made of.
const (
	NeedM                 Condition = 1 << iota // Basic Messaging
	NeedC                                       // Call on Webex
	NeedP                                       // a paid calling license
	NeedH                                       // a meetings host license
	NeedSharingInCall                           // desktop sharing in an active call
	NeedBroadWorksCalling                       // a BroadWorks calling package (BW-23)
)

var conditionNames = [...]string{
	"Basic Messaging",
	"Call on Webex",
	"a paid calling license",
	"a meetings host license",
	"desktop sharing in an active call",
	"a BroadWorks calling package",
}

// Satisfied reports whether any fact of c holds for l in ctx.
func (c Condition) Satisfied(l Licenses, ctx Context) bool {
	return c&NeedM != 0 && l.M ||
		c&NeedC != 0 && l.C ||
		c&NeedP != 0 && l.P ||
		c&NeedH != 0 && l.H ||
		c&NeedSharingInCall != 0 && ctx.SharingInCall() ||
		c&NeedBroadWorksCalling != 0 && ctx.BroadWorksCalling
}

// String names the condition: "Basic Messaging", or "either Call on Webex
// or a paid calling license" for several facts; "" for none.
func (c Condition) String() string {
	var names []string
	for i, n := range conditionNames {
		if c&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return "either " + strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// requirements are the per-feature rules of FM-5, implied by the source
// tables: F1–F3 and F5 need M; F4 and F6 need C (F4 also with a BroadWorks
// calling package, BW-23); F7 needs C or P; F8 and F12 nothing; F9 H; F10 M
// and C; F11 C, and M or sharing in an active call.
var requirements = [NumFeatures + 1][]Condition{
	F1:  {NeedM},
	F2:  {NeedM},
	F3:  {NeedM},
	F4:  {NeedC | NeedBroadWorksCalling},
	F5:  {NeedM},
	F6:  {NeedC},
	F7:  {NeedC | NeedP},
	F8:  nil,
	F9:  {NeedH},
	F10: {NeedM, NeedC},
	F11: {NeedC, NeedM | NeedSharingInCall},
	F12: nil,
}

// Requires returns the per-feature rule of FM-5 for f: conditions that must
// all be satisfied. It is empty for a feature every user has (F8, F12) and
// nil for a value that is not a feature.
func Requires(f Feature) []Condition {
	if !f.Valid() {
		return nil
	}
	return append([]Condition{}, requirements[f]...)
}

// missing returns the conditions of f's rule that l and ctx do not satisfy.
func missing(f Feature, l Licenses, ctx Context) []Condition {
	var out []Condition
	for _, c := range requirements[f] {
		if !c.Satisfied(l, ctx) {
			out = append(out, c)
		}
	}
	return out
}
