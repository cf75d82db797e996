package featurematrix

import "strings"

// ruleFM5 is the rule for combinations no source table answers.
const ruleFM5 = "FM-5"

// noteBW23 explains F4 for a BroadWorks subscriber without Call on Webex.
const noteBW23 = "BW-23: screen sharing works inside a BroadWorks call"

// Availability is the answer for one feature: yes or no, with the rule and
// the source table cell it came from.
type Availability struct {
	Feature   Feature
	Available bool
	Rule      string // "FM-1".."FM-5"; "" for a value that is not a feature
	Cell      Cell   // the source cell; the zero Cell when no table answered (FM-5)
	Note      string // why a table was overridden (BW-23), else ""
	// Missing lists, for an unavailable feature, the conditions of its
	// FM-5 rule ([Requires]) that are not satisfied.
	Missing []Condition
}

// Explain returns "" for an available feature and otherwise what is
// missing, as "F1 needs Basic Messaging" or "F10 needs Basic Messaging and
// Call on Webex".
func (a Availability) Explain() string {
	switch {
	case a.Available:
		return ""
	case !a.Feature.Valid():
		return a.Feature.String() + " is not a feature"
	case len(a.Missing) == 0:
		return a.Feature.String() + " is not available"
	}
	parts := make([]string, len(a.Missing))
	for i, c := range a.Missing {
		parts[i] = c.String()
	}
	return a.Feature.String() + " needs " + strings.Join(parts, " and ")
}

// String returns the answer with its basis, e.g. `F4 yes (FM-1, Table 1 F4
// "Tak")` or `F1 no (FM-1, Table 1 F1 blank): F1 needs Basic Messaging`.
func (a Availability) String() string {
	var b strings.Builder
	b.WriteString(a.Feature.String())
	if a.Available {
		b.WriteString(" yes (")
	} else {
		b.WriteString(" no (")
	}
	b.WriteString(a.Rule)
	if c := a.Cell.String(); c != "" {
		b.WriteString(", " + c)
	}
	if a.Note != "" {
		b.WriteString("; " + a.Note)
	}
	b.WriteString(")")
	if !a.Available {
		b.WriteString(": " + a.Explain())
	}
	return b.String()
}

// Check returns the availability of f for a user whose app sees l (FM-11)
// in ctx. When a source table covers l ([TableFor]) the answer is its cell
// (FM-1..FM-4); otherwise it is the per-feature rule of FM-5. A Webex for
// BroadWorks subscriber with a calling package has F4 whatever the tables
// say (FM-5, BW-23). A value that is not a feature is unavailable, with no
// rule.
func Check(f Feature, l Licenses, ctx Context) Availability {
	a := Availability{Feature: f}
	switch t, ok := TableFor(l); {
	case !f.Valid():
		return a
	case f == F4 && ctx.BroadWorksCalling && !l.C:
		a.Available, a.Rule, a.Note = true, ruleFM5, noteBW23
	case ok:
		a.Cell = t.Cell(f)
		a.Rule = t.Rule()
		a.Available = a.Cell.Value.Eval(l, ctx)
	default:
		a.Rule = ruleFM5
		a.Available = len(missing(f, l, ctx)) == 0
	}
	if !a.Available {
		a.Missing = missing(f, l, ctx)
	}
	return a
}

// View is what a user's app offers: the availability of every feature, the
// navigation items and the "+" menu.
type View struct {
	Licenses   Licenses
	Context    Context
	Features   [NumFeatures]Availability // F1..F12, Features[f-1] for f
	Navigation []NavItem                 // FM-6
	Plus       []PlusItem                // FM-6
}

// Evaluate returns the view of a user whose app sees l (FM-11) in ctx.
func Evaluate(l Licenses, ctx Context) View {
	v := View{Licenses: l, Context: ctx, Navigation: Navigation(l), Plus: PlusMenu(l)}
	for i := range v.Features {
		v.Features[i] = Check(Feature(i+1), l, ctx)
	}
	return v
}

// Feature returns the availability of f; for a value that is not a feature,
// an unavailable answer with no rule.
func (v View) Feature(f Feature) Availability {
	if !f.Valid() {
		return Availability{Feature: f}
	}
	return v.Features[f-1]
}

// Available returns the available features in order.
func (v View) Available() []Feature {
	var out []Feature
	for _, a := range v.Features {
		if a.Available {
			out = append(out, a.Feature)
		}
	}
	return out
}

// String returns the view on one line: licenses, context, available
// features, navigation and "+" menu.
func (v View) String() string {
	var b strings.Builder
	b.WriteString(v.Licenses.String() + " [" + v.Context.String() + "]: ")
	b.WriteString(joinStrings(v.Available()))
	b.WriteString("; nav: " + joinStrings(v.Navigation))
	b.WriteString("; +: " + joinStrings(v.Plus))
	return b.String()
}

func joinStrings[T interface{ String() string }](xs []T) string {
	if len(xs) == 0 {
		return "none"
	}
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = x.String()
	}
	return strings.Join(parts, ", ")
}
