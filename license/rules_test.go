package license_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/wxlicense/wxlicense/internal/kindrules"
	"github.com/wxlicense/wxlicense/license"
)

// Short names for the default kinds.
const (
	bm   = license.BasicMessaging
	ms   = license.AdvancedMessaging
	bsm  = license.BasicSpaceMeetings
	asm  = license.AdvancedSpaceMeetings
	fbm  = license.BasicMeetings
	cow  = license.CallOnWebex
	pro  = license.CallingProfessional
	std  = license.CallingStandard
	att  = license.AttendantConsole
	cxe  = license.CXEssential
	ucm  = license.UnifiedCM
	ccs  = license.ContactCenterStandard
	ccp  = license.ContactCenterPremium
	none = license.NoKind
)

func set(ks ...license.Kind) license.Set { return license.SetOf(ks...) }

// TestCodeValues checks the numeric values of the API codes and the order
// SortViolations gives them.
func TestCodeValues(t *testing.T) { // LIC-13
	// In the order LIC-7 reports them: 700003, 700005, 700004, 700006, then
	// the order LIC-13 lists the rest, then a missing unit.
	want := []struct {
		c    license.Code
		n    int
		text string
	}{
		{license.CodeAdvancedMessagingNeedsBasic, 700003, "700003"},
		{license.CodeSpaceMeetingsNeedsMessaging, 700005, "700005"},
		{license.CodeAdvancedSpaceMeetingsNeedsBasic, 700004, "700004"},
		{license.CodeImpliedRemoval, 700006, "700006"},
		{license.CodeNeedsPlacement, 400411, "400411"},
		{license.CodeProfessionalWithStandard, 400404, "400404"},
		{license.CodeProfessionalToStandard, 400112, "400112"},
		{license.CodeStandardWithAttendantConsole, 400406, "400406"},
		{license.CodeStandardWithCXEssential, 400407, "400407"},
		{license.CodeAttendantConsoleNeedsProfessional, 400408, "400408"},
		{license.CodeCXEssentialToStandard, 400410, "400410"},
		{license.CodeExclusiveFamily, 400413, "400413"},
		{license.CodeInvalidAttendeeSite, 400216, "400216"},
		{license.CodeNotUserManaged, 400118, "400118"},
		{license.CodeUnknownLicense, 400000, "400000"},
		{license.CodeUnknownLocation, 400, "400"},
		{123456, 123456, "123456"}, // a caller's own rule: after those of LIC-13
		{license.CodeNoUnit, -1, "NoUnitAvailable"},
	}
	var vs []license.Violation
	for _, w := range want {
		if int(w.c) != w.n {
			t.Errorf("code %d = %d", w.n, int(w.c))
		}
		if got := w.c.Error(); got != w.text {
			t.Errorf("Code(%d).Error() = %q, want %q", w.n, got, w.text)
		}
		vs = append([]license.Violation{{Code: w.c}}, vs...)
	}
	license.SortViolations(vs) // LIC-7
	for i, w := range want {
		if vs[i].Code != w.c {
			t.Errorf("position %d after sorting: %v, want %v", i, vs[i].Code, w.c)
		}
	}
}

// TestCheck checks single requests against the default catalog. held is
// the user's set; req is the raw request, normalized as the engine
// normalizes a raw set request (LIC-5 (ii)).
func TestCheck(t *testing.T) {
	cat := license.MustDefault(siteA)
	r := kindrules.New(cat)
	host, _ := cat.SiteKind(siteA, license.RoleHost)
	attendee, _ := cat.SiteKind(siteA, license.RoleAttendee)
	tests := []struct {
		name      string
		held, req license.Set
		want      []license.Code
	}{
		// LIC-3
		{"advanced messaging alone", set(), set(ms), []license.Code{700003}},
		{"advanced messaging with basic", set(), set(bm, ms), nil},
		{"remove basic, keep advanced", set(bm, bsm, ms), set(ms), []license.Code{700003}},
		{"remove both messaging", set(bm, bsm, ms), set(), nil},
		// LIC-4
		{"advanced space meetings alone", set(), set(asm), []license.Code{700005, 700004}},
		{"advanced space meetings with messaging", set(), set(bm, asm), nil},
		{"basic space meetings alone", set(), set(bsm), []license.Code{700005}},
		{"drop messaging, keep space meetings", set(bm, bsm), set(bsm), []license.Code{700005}},
		{"drop messaging, keep advanced space meetings", set(bm, bsm, asm), set(bsm, asm), []license.Code{700005, 700005}},
		{"drop messaging and basic space, keep advanced", set(bm, bsm, asm), set(asm), []license.Code{700005, 700004}},
		// LIC-5
		{"keep messaging, drop implied", set(bm, bsm), set(bm), []license.Code{700006}},
		{"keep messaging, drop implied and advanced", set(bm, bsm, asm), set(bm), []license.Code{700006}},
		{"drop implied while advanced stays", set(bm, bsm, asm), set(bm, asm), []license.Code{700004, 700006}},
		{"add messaging implies basic space", set(), set(bm), nil},
		// LIC-1 public-API rows
		{"professional and standard", set(), set(pro, std), []license.Code{400404}},
		{"standard and attendant console", set(), set(std, att), []license.Code{400406, 400408}},
		{"standard and CX essential", set(), set(std, cxe), []license.Code{400407}},
		{"attendant console alone", set(), set(att), []license.Code{400408}},
		{"attendant console with professional", set(), set(pro, att), nil},
		{"professional and CX essential", set(), set(pro, cxe), nil},
		{"downgrade professional to standard", set(pro), set(std), []license.Code{400112}},
		{"downgrade CX essential to standard", set(cxe), set(std), []license.Code{400410}},
		{"downgrade both", set(pro, cxe), set(std), []license.Code{400112, 400410}},
		{"downgrade with attendant console kept", set(pro, att, cxe), set(std, att, cxe),
			[]license.Code{400112, 400406, 400407, 400408}},
		{"remove professional only", set(pro), set(), nil},
		{"add standard only", set(), set(std), nil},
		{"upgrade standard to professional", set(std), set(pro), nil},
		// only a request that adds B is a downgrade to B
		{"drop professional, standard already held", set(pro, std), set(std), nil},
		{"keep everything", set(bm, bsm, ms, pro, att, cxe), set(bm, bsm, ms, pro, att, cxe), nil},
		// LIC-1 / ASG-16: Contact Center agents are exclusive
		{"two contact center agents", set(), set(ccs, ccp), []license.Code{400413}},
		{"standard agent to premium", set(ccs), set(ccp), nil},
		// ASG-10: host and attendee of one site are exclusive
		{"host and attendee", set(), set(host, attendee), []license.Code{400413}},
		{"attendee to host", set(attendee), set(host), nil},
		// free kinds have no rules
		{"free calling and meetings", set(), set(cow, fbm, ucm), nil},
		// many rules at once, in the order of LIC-7
		{"many rules at once", set(bm, bsm, asm, pro, cxe), set(ms, bm, asm, std, att, cxe, ccs, ccp, host, attendee),
			[]license.Code{700004, 700006, 400112, 400406, 400407, 400408, 400413, 400413}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			result := r.ImplyRaw(tt.held, tt.req)
			vs := cat.Check(tt.held, result)
			if got := codes(vs); !slices.Equal(got, tt.want) && (len(got) != 0 || len(tt.want) != 0) {
				t.Errorf("Check(%s → %s) = %v, want %v", cat.Format(tt.held), cat.Format(result), got, tt.want)
			}
			for _, v := range vs {
				if len(v.Kinds) != 2 {
					t.Errorf("%v names %d kinds, want 2", v, len(v.Kinds))
				}
				for _, k := range v.Kinds {
					if !strings.Contains(v.Text, cat.Name(k)) {
						t.Errorf("text %q does not name %s", v.Text, cat.Name(k))
					}
				}
			}
		})
	}
}

// TestRefusedDowngradeSeparateRequests: Professional → Standard in one
// request is refused; removing Professional, then adding Standard in a
// second request is allowed. Same for CX Essential.
func TestRefusedDowngradeSeparateRequests(t *testing.T) { // LIC-1
	cat := license.MustDefault()
	for _, from := range []license.Kind{pro, cxe} {
		held := set(bm, bsm, from)
		oneStep := held.Remove(from).Add(std)
		vs := cat.Check(held, oneStep)
		if len(vs) != 1 || vs[0].Kinds[0] != from || vs[0].Kinds[1] != std || !errors.Is(vs[0], license.ErrRefusedDowngrade) {
			t.Errorf("%s → Standard in one request: %v", cat.Name(from), vs)
		}
		mid := held.Remove(from)
		if vs := cat.Check(held, mid); len(vs) != 0 {
			t.Errorf("remove %s: %v", cat.Name(from), vs)
		}
		if vs := cat.Check(mid, mid.Add(std)); len(vs) != 0 {
			t.Errorf("then add Standard: %v", vs)
		}
	}
}

// TestCheckReportsEveryViolation: one error reports every violation, in the
// order of LIC-7; its code is the first; errors.Is matches each code and
// sentinel, and nothing else.
func TestCheckReportsEveryViolation(t *testing.T) { // LIC-7
	cat := license.MustDefault()
	held := set(bm, bsm, asm, pro)
	result := set(ms, asm, std, att, ccs, ccp) // a raw request adding no implier
	vs := cat.Check(held, result)
	want := []license.Code{700003, 700005, 700004, 400112, 400406, 400408, 400413}
	if got := codes(vs); !slices.Equal(got, want) {
		t.Fatalf("codes = %v, want %v", got, want)
	}
	// the ASM requirement naming BM comes before the one naming BSM
	if vs[1].Kinds[0] != asm || vs[1].Kinds[1] != bm || vs[2].Kinds[1] != bsm {
		t.Errorf("violations do not name their licenses: %v", vs)
	}
	var err error = &license.SetError{Violations: vs}
	var se *license.SetError
	if !errors.As(err, &se) || se.Code() != 700003 {
		t.Fatalf("SetError.Code() = %v, want 700003", se.Code())
	}
	for _, c := range want {
		if !errors.Is(err, c) {
			t.Errorf("errors.Is(err, %v) = false", c)
		}
	}
	for _, s := range []error{license.ErrMissingRequirement, license.ErrExclusive, license.ErrRefusedDowngrade} {
		if !errors.Is(err, s) {
			t.Errorf("errors.Is(err, %v) = false", s)
		}
	}
	for _, c := range []error{license.CodeImpliedRemoval, license.CodeProfessionalWithStandard, license.CodeNoUnit, license.ErrImpliedRemoval, license.ErrNoUnit, errors.New("other")} {
		if errors.Is(err, c) {
			t.Errorf("errors.Is(err, %v) = true for a rule not broken", c)
		}
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "license: rejected: Advanced Messaging needs Basic Messaging (700003); ") || strings.Count(msg, ";") != len(want)-1 {
		t.Errorf("Error() = %q", msg)
	}
}

// TestViolationSentinels: each code matches its sentinel.
func TestViolationSentinels(t *testing.T) { // LIC-13
	tests := []struct {
		c    license.Code
		want error
	}{
		{license.CodeAdvancedMessagingNeedsBasic, license.ErrMissingRequirement},
		{license.CodeAdvancedSpaceMeetingsNeedsBasic, license.ErrMissingRequirement},
		{license.CodeSpaceMeetingsNeedsMessaging, license.ErrMissingRequirement},
		{license.CodeAttendantConsoleNeedsProfessional, license.ErrMissingRequirement},
		{license.CodeImpliedRemoval, license.ErrImpliedRemoval},
		{license.CodeProfessionalWithStandard, license.ErrExclusive},
		{license.CodeStandardWithAttendantConsole, license.ErrExclusive},
		{license.CodeStandardWithCXEssential, license.ErrExclusive},
		{license.CodeExclusiveFamily, license.ErrExclusive},
		{license.CodeProfessionalToStandard, license.ErrRefusedDowngrade},
		{license.CodeCXEssentialToStandard, license.ErrRefusedDowngrade},
		{license.CodeNoUnit, license.ErrNoUnit},
		{license.CodeNeedsPlacement, license.ErrNeedsPlacement},
		{license.CodeInvalidAttendeeSite, license.ErrInvalidAttendee},
		{license.CodeUnknownLicense, license.ErrUnknownKind},
		{license.CodeNotUserManaged, nil},
		{license.CodeUnknownLocation, nil},
	}
	all := []error{license.ErrMissingRequirement, license.ErrImpliedRemoval, license.ErrExclusive, license.ErrRefusedDowngrade,
		license.ErrNoUnit, license.ErrNeedsPlacement, license.ErrUnknownKind, license.ErrInvalidAttendee}
	for _, tt := range tests {
		v := license.Violation{Code: tt.c, Text: "x"}
		err := error(&license.SetError{Violations: []license.Violation{v}})
		if !errors.Is(v, tt.c) || !errors.Is(err, tt.c) {
			t.Errorf("violation %v does not match its code", tt.c)
		}
		for _, s := range all {
			if got := errors.Is(err, s); got != (s == tt.want) {
				t.Errorf("errors.Is(%v, %v) = %v", tt.c, s, got)
			}
		}
		if got := v.Error(); got != "x ("+tt.c.Error()+")" {
			t.Errorf("Violation.Error() = %q", got)
		}
	}
	if c := (&license.SetError{}).Code(); c != 0 {
		t.Errorf("empty SetError.Code() = %d, want 0", int(c))
	}
	if empty := error(&license.SetError{}); errors.Is(empty, license.CodeNoUnit) || errors.Is(empty, license.ErrNoUnit) {
		t.Error("an empty SetError matches CodeNoUnit")
	}
	// the zero Code is no code: it is not CodeNoUnit and has no sentinel
	var zero license.Code
	if zero == license.CodeNoUnit || zero.Error() != "0" {
		t.Errorf("zero Code: Error() = %q", zero.Error())
	}
	if v := (license.Violation{Text: "x"}); errors.Is(v, license.ErrNoUnit) || errors.Is(v, license.CodeNoUnit) {
		t.Error("a violation with the zero Code matches CodeNoUnit")
	}
	// a violation another package reported carries its cause, which the
	// set error reaches through any of its violations
	cause := errors.New("placer: no such location")
	caused := &license.SetError{Violations: []license.Violation{{Code: license.CodeNoUnit}, {Code: license.CodeUnknownLocation, Err: cause}}}
	if !errors.Is(caused, cause) || !errors.Is(caused, license.CodeNoUnit) || errors.Is(caused, license.CodeNeedsPlacement) {
		t.Errorf("a set error with a caused violation: Is(cause) %v, Is(CodeNoUnit) %v, Is(CodeNeedsPlacement) %v",
			errors.Is(caused, cause), errors.Is(caused, license.CodeNoUnit), errors.Is(caused, license.CodeNeedsPlacement))
	}
	if v := (license.Violation{Code: license.CodeNoUnit}); v.Unwrap() != nil {
		t.Errorf("a catalog rule's violation has cause %v", v.Unwrap())
	}
}

// TestViolationClassFollowsRule: a violation's class is the type of the
// rule it breaks, not its code: a caller's requirement that reuses an
// exclusion's code is a missing requirement, and an implication with its
// own implied kind is an implied removal.
func TestViolationClassFollowsRule(t *testing.T) { // LIC-1, LIC-13
	b := license.NewBuilder()
	base := b.AddKind(license.Info{Name: "Base"})
	addon := b.AddKind(license.Info{Name: "Addon"})
	shadow := b.AddKind(license.Info{Name: "Shadow"})
	b.Require(addon, base, license.CodeExclusiveFamily)
	b.Imply(base, shadow)
	cat, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	vs := cat.Check(set(base, shadow), set(base, addon))
	if len(vs) != 1 || vs[0].Code != license.CodeImpliedRemoval || !errors.Is(vs[0], license.ErrImpliedRemoval) {
		t.Fatalf("dropping Shadow: %v", vs)
	}
	vs = cat.Check(set(), set(addon))
	if len(vs) != 1 || !errors.Is(vs[0], license.ErrMissingRequirement) || errors.Is(vs[0], license.ErrExclusive) || !errors.Is(vs[0], license.CodeExclusiveFamily) {
		t.Errorf("Addon without Base: %v, class %v; want a missing requirement with code 400413", vs, vs[0].Class)
	}
	// with no Class, a violation is classed by its code, as LIC-13 lists it
	if v := (license.Violation{Code: license.CodeNeedsPlacement}); !errors.Is(v, license.ErrNeedsPlacement) {
		t.Error("a violation with no Class does not match its code's sentinel")
	}
}

func TestSortViolationsStable(t *testing.T) { // LIC-7
	vs := []license.Violation{
		{Code: license.CodeNoUnit, Text: "a"},
		{Code: license.CodeExclusiveFamily, Text: "b"},
		{Code: 999, Text: "c"},
		{Code: license.CodeImpliedRemoval, Text: "d"},
		{Code: license.CodeExclusiveFamily, Text: "e"},
		{Code: license.CodeAdvancedSpaceMeetingsNeedsBasic, Text: "f"},
		{Code: license.CodeSpaceMeetingsNeedsMessaging, Text: "g"},
		{Code: license.CodeAdvancedMessagingNeedsBasic, Text: "h"},
	}
	license.SortViolations(vs)
	var got []string
	for _, v := range vs {
		got = append(got, v.Text)
	}
	// a caller's own code (999) comes after those of LIC-13, a missing unit last
	if want := "h g f d b e c a"; strings.Join(got, " ") != want {
		t.Errorf("order = %v, want %s", got, want)
	}
}

// errors.As to a Violation gives a SetError's first violation; Is matches
// a code directly.
func TestSetErrorAsViolation(t *testing.T) {
	se := &license.SetError{Violations: []license.Violation{{Code: license.CodeNoUnit, Text: "a"}, {Code: license.CodeExclusiveFamily, Text: "b"}}}
	var v license.Violation
	if !errors.As(fmt.Errorf("wrapped: %w", se), &v) || v.Text != "a" {
		t.Errorf("As Violation: %+v", v)
	}
	if !se.Is(license.CodeExclusiveFamily) || se.Is(license.CodeNeedsPlacement) {
		t.Error("SetError.Is does not match exactly its violations' codes")
	}
	if (*license.SetError)(nil).Is(license.CodeNoUnit) {
		t.Error("a nil SetError matches a code")
	}
}
