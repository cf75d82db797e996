package featurematrix

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/license"
)

const site = "example.webex.com"

// TestFromActiveDefaultCatalog checks each kind of the default catalog
// (LIC-1) on its own: Basic Messaging is M, Call on Webex is C, every other
// Calling-category kind is P, Contact Center is not P, a host license is H
// and the attendee role is not.
func TestFromActiveDefaultCatalog(t *testing.T) {
	cat := license.MustDefault(site)
	host, ok := cat.SiteKind(site, license.RoleHost)
	if !ok {
		t.Fatal("no host kind")
	}
	attendee, ok := cat.SiteKind(site, license.RoleAttendee)
	if !ok {
		t.Fatal("no attendee kind")
	}
	for _, tc := range []struct {
		k    license.Kind
		want Licenses
	}{
		{license.BasicMessaging, Licenses{M: true}},
		{license.AdvancedMessaging, Licenses{}},
		{license.BasicSpaceMeetings, Licenses{}},
		{license.AdvancedSpaceMeetings, Licenses{}},
		{license.BasicMeetings, Licenses{}},
		{license.CallOnWebex, Licenses{C: true}},
		{license.CallingProfessional, Licenses{P: true}},
		{license.CallingStandard, Licenses{P: true}},
		{license.AttendantConsole, Licenses{P: true}},
		{license.CXEssential, Licenses{P: true}},
		{license.UnifiedCM, Licenses{P: true}},
		{license.ContactCenterStandard, Licenses{}},
		{license.ContactCenterPremium, Licenses{}},
		{host, Licenses{H: true}},
		{attendee, Licenses{}},
	} {
		if got := FromActive(cat, license.SetOf(tc.k)); got != tc.want {
			t.Errorf("FromActive({%s}) = %s, want %s", cat.Name(tc.k), got, tc.want)
		}
	}
	all := FromActive(cat, cat.All())
	if want := (Licenses{M: true, C: true, P: true, H: true}); all != want {
		t.Errorf("FromActive(all) = %s, want %s", all, want)
	}
	// Kinds outside the catalog, and the zero Kind (NoKind, never Basic
	// Messaging), are ignored; a nil catalog gives nothing.
	if got := FromActive(cat, license.SetOf(license.Kind(0), license.Kind(license.MaxKinds))); got != (Licenses{}) {
		t.Errorf("unknown kind gave %s", got)
	}
	if got := FromActive(nil, cat.All()); got != (Licenses{}) {
		t.Errorf("nil catalog gave %s", got)
	}
}

// TestFromActiveCustomCatalog checks that M and C are found by their codes,
// not by their place in the default catalog.
func TestFromActiveCustomCatalog(t *testing.T) {
	b := license.NewBuilder()
	cc := b.AddKind(license.Info{Name: "Contact Center", Code: "CJPSTD", Category: license.ContactCenter, Paid: true})
	ftc := b.AddKind(license.Info{Name: "Call on Webex", Code: "FTC", Category: license.Calling})
	fms := b.AddKind(license.Info{Name: "Basic Messaging", Code: "FMS", Category: license.Messaging})
	cat, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := FromActive(cat, license.SetOf(cc, ftc, fms)), (Licenses{M: true, C: true}); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestPendingLicensesAreAbsent checks FM-11 and ASG-18: availability is
// computed from active licenses only; a pending host license is not H, and
// a user whose licenses are all pending has only what every user has.
func TestPendingLicensesAreAbsent(t *testing.T) {
	cat := license.MustDefault(site)
	host, _ := cat.SiteKind(site, license.RoleHost)
	held := license.SetOf(license.BasicMessaging, license.BasicSpaceMeetings, license.CallOnWebex, host)

	if got, want := FromHeld(cat, held, license.SetOf(host)), (Licenses{M: true, C: true}); got != want {
		t.Errorf("pending host: got %s, want %s", got, want)
	}
	if Check(F9, FromHeld(cat, held, license.SetOf(host)), Context{}).Available {
		t.Error("F9 available with a pending host license")
	}
	all := FromHeld(cat, held, held)
	if got := Evaluate(all, Context{}).Available(); !cmp.Equal(got, []Feature{F8, F12}) {
		t.Errorf("all pending: available %v, want [F8 F12]", got)
	}
	if got, want := FromHeld(cat, held, license.Set{}), (Licenses{M: true, C: true, H: true}); got != want {
		t.Errorf("nothing pending: got %s, want %s", got, want)
	}
}

// TestAppViewNotAdminView checks FM-11 with LIC-11: the answer follows the
// licenses the app sees. Right after an admin removes Basic Messaging the
// app still sees it and F1 stays available until the change propagates.
func TestAppViewNotAdminView(t *testing.T) {
	cat := license.MustDefault()
	app := license.SetOf(license.BasicMessaging, license.BasicSpaceMeetings, license.CallOnWebex)
	admin := app.Remove(license.BasicMessaging).Remove(license.BasicSpaceMeetings)
	if !Check(F1, FromActive(cat, app), Context{}).Available {
		t.Error("F1 unavailable while the app still sees Basic Messaging")
	}
	if Check(F1, FromActive(cat, admin), Context{}).Available {
		t.Error("F1 available once the removal has propagated")
	}
}

func TestLicensesString(t *testing.T) {
	for _, tc := range []struct {
		l    Licenses
		want string
	}{
		{Licenses{}, "-M -C -P -H"},
		{Licenses{M: true, C: true, H: true}, "M C -P H"},
		{Licenses{M: true, C: true, P: true, H: true}, "M C P H"},
	} {
		if got := tc.l.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.l, got, tc.want)
		}
	}
	seen := map[Licenses]bool{}
	for _, l := range Combinations() {
		seen[l] = true
		back, err := ParseLicenses(l.String())
		if err != nil || back != l {
			t.Errorf("ParseLicenses(%q) = %v, %v", l.String(), back, err)
		}
	}
	if len(seen) != 16 || Combinations()[0] != (Licenses{}) {
		t.Errorf("Combinations: %d distinct", len(seen))
	}
}

func TestParseLicenses(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Licenses
	}{
		{"", Licenses{}},
		{"M", Licenses{M: true}},
		{"H  -M\tC", Licenses{C: true, H: true}},
		{"-M -C -P -H", Licenses{}},
	} {
		got, err := ParseLicenses(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseLicenses(%q) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"-", "X", "M M", "M -M", "MC", "--M", "m", "+M"} {
		_, err := ParseLicenses(in)
		var pe *ParseError
		if !errors.Is(err, ErrBadLicenses) || !errors.As(err, &pe) || pe.Input != in {
			t.Errorf("ParseLicenses(%q) error = %v", in, err)
		}
	}
}

func TestContextString(t *testing.T) {
	for _, tc := range []struct {
		c    Context
		want string
	}{
		{Context{}, "idle"},
		{Context{InCall: true, Sharing: true}, "call+sharing"},
		{Context{Sharing: true, BroadWorksCalling: true}, "sharing+broadworks"},
	} {
		if got := tc.c.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.c, got, tc.want)
		}
	}
}

func FuzzParseLicenses(f *testing.F) {
	for _, s := range []string{"", "M C -P H", "-M", "M M", "- M", "H\tP\nC", "\u00a0M", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLicenses(s)
		if err != nil {
			if !errors.Is(err, ErrBadLicenses) || !strings.Contains(err.Error(), "licenses") {
				t.Fatalf("ParseLicenses(%q): unexpected error %v", s, err)
			}
			return
		}
		back, err := ParseLicenses(l.String())
		if err != nil || back != l {
			t.Fatalf("ParseLicenses(%q) = %s, which does not round-trip: %v, %v", s, l, back, err)
		}
	})
}
