package license

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Code is an error code of the Webex admin API (LIC-13). [CodeNoUnit] is
// the library's own code for a missing unit, which the API has no code for;
// it is negative so that it can be told from the zero Code, which is no
// code at all.
type Code int

// The codes of LIC-13, plus CodeNoUnit.
const (
	CodeAdvancedMessagingNeedsBasic       Code = 700003
	CodeAdvancedSpaceMeetingsNeedsBasic   Code = 700004
	CodeSpaceMeetingsNeedsMessaging       Code = 700005
	CodeImpliedRemoval                    Code = 700006
	CodeNeedsPlacement                    Code = 400411
	CodeProfessionalWithStandard          Code = 400404
	CodeProfessionalToStandard            Code = 400112
	CodeStandardWithAttendantConsole      Code = 400406
	CodeStandardWithCXEssential           Code = 400407
	CodeAttendantConsoleNeedsProfessional Code = 400408
	CodeCXEssentialToStandard             Code = 400410
	CodeExclusiveFamily                   Code = 400413
	CodeInvalidAttendeeSite               Code = 400216
	CodeNotUserManaged                    Code = 400118
	CodeUnknownLicense                    Code = 400000
	CodeUnknownLocation                   Code = 400
	CodeNoUnit                            Code = -1 // not an API code; its Error text is "NoUnitAvailable"
)

// codeOrder is the reporting order of LIC-7, without CodeNoUnit, which
// comes last.
var codeOrder = []Code{
	CodeAdvancedMessagingNeedsBasic, CodeSpaceMeetingsNeedsMessaging,
	CodeAdvancedSpaceMeetingsNeedsBasic, CodeImpliedRemoval, CodeNeedsPlacement,
	CodeProfessionalWithStandard, CodeProfessionalToStandard,
	CodeStandardWithAttendantConsole, CodeStandardWithCXEssential,
	CodeAttendantConsoleNeedsProfessional, CodeCXEssentialToStandard,
	CodeExclusiveFamily, CodeInvalidAttendeeSite, CodeNotUserManaged,
	CodeUnknownLicense, CodeUnknownLocation,
}

// rank returns c's position in the reporting order of LIC-7: the codes of
// LIC-13 in order, then codes of a caller's own rules, then a missing unit.
func (c Code) rank() int {
	if c == CodeNoUnit {
		return len(codeOrder) + 1
	}
	for i, o := range codeOrder {
		if o == c {
			return i
		}
	}
	return len(codeOrder)
}

// Error makes a code usable with errors.Is: errors.Is(err, CodeImpliedRemoval).
func (c Code) Error() string {
	if c == CodeNoUnit {
		return "NoUnitAvailable"
	}
	return strconv.Itoa(int(c))
}

// Sentinel errors: the classes of [Violation]. A violation that [Catalog.Check]
// reports matches the class of the rule it breaks with errors.Is, whatever
// the rule's code.
var (
	ErrMissingRequirement = errors.New("license: missing required license")
	ErrImpliedRemoval     = errors.New("license: removes an implied license")
	ErrExclusive          = errors.New("license: exclusive licenses together")
	ErrRefusedDowngrade   = errors.New("license: refused downgrade")
	ErrNoUnit             = errors.New("license: no unit available")
	ErrNeedsPlacement     = errors.New("license: Webex Calling needs a placement")
	ErrUnknownKind        = errors.New("license: unknown license")
	ErrInvalidAttendee    = errors.New("license: attendee role not available")
)

// sentinel returns the class of a violation with code c that names none:
// the class of c's rule in LIC-13, or nil for a code LIC-13 does not have.
func (c Code) sentinel() error {
	switch c {
	case CodeAdvancedMessagingNeedsBasic, CodeAdvancedSpaceMeetingsNeedsBasic,
		CodeSpaceMeetingsNeedsMessaging, CodeAttendantConsoleNeedsProfessional:
		return ErrMissingRequirement
	case CodeImpliedRemoval:
		return ErrImpliedRemoval
	case CodeProfessionalWithStandard, CodeStandardWithAttendantConsole,
		CodeStandardWithCXEssential, CodeExclusiveFamily:
		return ErrExclusive
	case CodeProfessionalToStandard, CodeCXEssentialToStandard:
		return ErrRefusedDowngrade
	case CodeNoUnit:
		return ErrNoUnit
	case CodeNeedsPlacement:
		return ErrNeedsPlacement
	case CodeInvalidAttendeeSite:
		return ErrInvalidAttendee
	case CodeUnknownLicense:
		return ErrUnknownKind
	}
	return nil
}

// Violation is one broken rule of a license set, naming the licenses.
type Violation struct {
	Code  Code
	Kinds []Kind // the licenses concerned: the holder first, then what it lacks or clashes with
	Text  string // a sentence with the licenses' names
	// Class is the sentinel of the kind of rule broken: [ErrMissingRequirement]
	// for a [Requirement], [ErrImpliedRemoval] for an [Implication],
	// [ErrExclusive] for an [Exclusion], [ErrRefusedDowngrade] for a
	// [Downgrade]. [Catalog.Check] sets it from the rule, so a caller's own
	// rules with their own codes are classed too. When nil, the class is
	// that of Code in LIC-13, if any.
	Class error
	// Err is the cause of a violation another package reported, such as
	// the placer's refusal of a Webex Calling placement; nil for a rule of
	// the catalog. errors.Is and errors.As reach it.
	Err error
}

// Unwrap returns the violation's cause, nil for a rule of the catalog.
func (v Violation) Unwrap() error { return v.Err }

// class returns v's Class, or the class of its code.
func (v Violation) class() error {
	if v.Class != nil {
		return v.Class
	}
	return v.Code.sentinel()
}

// Error returns the violation's text followed by its code in parentheses:
// "Advanced Messaging needs Basic Messaging (700003)".
func (v Violation) Error() string { return v.Text + " (" + v.Code.Error() + ")" }

// Is matches the violation's code and its class.
func (v Violation) Is(target error) bool {
	if c, ok := target.(Code); ok {
		return c == v.Code
	}
	return target != nil && target == v.class()
}

// SetError reports every rule a requested license set breaks (LIC-7), in
// the order of LIC-7. errors.Is matches each violation's code and sentinel
// ([SetError.Is]) and each violation's cause ([Violation.Err]); errors.As
// to a [Violation] gives the first violation.
type SetError struct {
	Violations []Violation
}

// Error returns "license: rejected: " followed by every violation's
// [Violation.Error], separated by "; ".
func (e *SetError) Error() string {
	parts := make([]string, len(e.Violations))
	for i, v := range e.Violations {
		parts[i] = v.Error()
	}
	return "license: rejected: " + strings.Join(parts, "; ")
}

// Code returns the API code of the first violation, or 0 (no code) when e
// has no violations.
func (e *SetError) Code() Code {
	if len(e.Violations) == 0 {
		return 0
	}
	return e.Violations[0].Code
}

// Is matches any of the violations' codes and sentinels; a nil SetError
// matches none.
func (e *SetError) Is(target error) bool {
	if e == nil {
		return false
	}
	for _, v := range e.Violations {
		if v.Is(target) {
			return true
		}
	}
	return false
}

// Unwrap returns the violations, so that errors.Is and errors.As reach
// each violation and its cause.
func (e *SetError) Unwrap() []error {
	out := make([]error, len(e.Violations))
	for i, v := range e.Violations {
		out[i] = v
	}
	return out
}

// SortViolations orders vs as LIC-7 reports them, stably: the codes of
// LIC-13 in the order LIC-7 gives, then other codes (a caller's own rules),
// then a missing unit ([CodeNoUnit]). [Catalog.Check] returns its
// violations sorted; a caller that adds its own (a placement, a unit) sorts
// the whole list again before it builds a [SetError].
func SortViolations(vs []Violation) {
	// insertion sort: violation lists are short
	for i := 1; i < len(vs); i++ {
		for j := i; j > 0 && vs[j].Code.rank() < vs[j-1].Code.rank(); j-- {
			vs[j], vs[j-1] = vs[j-1], vs[j]
		}
	}
}

// Check validates a transition from the held set to the requested result
// (LIC-3, LIC-4, LIC-5 (ii), LIC-9, LIC-13) and returns every violation, in
// the order of LIC-7, each classed by the type of its rule
// ([Violation.Class]). Both sets are taken as they are: Check adds no
// implied kind (the assignment engine normalizes a request first, LIC-5).
func (c *Catalog) Check(held, result Set) []Violation {
	var vs []Violation
	for _, r := range c.requirements {
		if result.Has(r.Kind) && !result.Has(r.Needs) {
			vs = append(vs, c.violation(r.Code, ErrMissingRequirement, "%s needs %s", r.Kind, r.Needs))
		}
	}
	for _, im := range c.implications {
		if result.Has(im.By) && held.Has(im.Implied) && !result.Has(im.Implied) {
			vs = append(vs, c.violation(CodeImpliedRemoval, ErrImpliedRemoval, "%s is implied by %s and cannot be removed", im.Implied, im.By))
		}
	}
	for _, ex := range c.exclusions {
		if both := result.Intersect(ex.Kinds); both.Len() > 1 {
			ks := both.Kinds()
			vs = append(vs, c.violation(ex.Code, ErrExclusive, "%s and %s are exclusive", ks[0], ks[1]))
		}
	}
	for _, d := range c.downgrades {
		if held.Has(d.From) && !result.Has(d.From) && !held.Has(d.To) && result.Has(d.To) {
			vs = append(vs, c.violation(d.Code, ErrRefusedDowngrade, "%s cannot be downgraded to %s", d.From, d.To))
		}
	}
	SortViolations(vs)
	return vs
}

func (c *Catalog) violation(code Code, class error, format string, a, b Kind) Violation {
	return Violation{Code: code, Kinds: []Kind{a, b}, Text: fmt.Sprintf(format, c.Name(a), c.Name(b)), Class: class}
}

// TwoSubscriptions returns the violation of a request for k from two
// subscriptions (400413, LIC-13), as the assignment engine reports it and
// as an edge that checks a request before it reaches the engine reports
// it, so that the two cannot drift apart. A nil catalog names k by
// [Kind.String].
func (c *Catalog) TwoSubscriptions(k Kind) Violation {
	name := k.String()
	if c != nil {
		name = c.Name(k)
	}
	return Violation{Code: CodeExclusiveFamily, Kinds: []Kind{k}, Text: name + " from two subscriptions"}
}

// closure adds every kind s implies, directly or through a chain.
func (c *Catalog) closure(s Set) Set {
	for changed := true; changed; {
		changed = false
		for _, im := range c.implications {
			if s.Has(im.By) && !s.Has(im.Implied) {
				s, changed = s.Add(im.Implied), true
			}
		}
	}
	return s
}

// ImpliedKinds returns the kinds that are only ever implied (LIC-5).
func (c *Catalog) ImpliedKinds() Set { return c.implied }

// ImpliedBy returns the kinds s implies that s lacks.
func (c *Catalog) ImpliedBy(s Set) Set {
	return c.closure(s).Diff(s)
}
