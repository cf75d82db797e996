package license_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/wxlicense/wxlicense/license"
)

const (
	siteA = "acme.webex.com"
	siteB = "beta.webex.com"
)

// TestDefaultCatalogRows checks every row of the catalog table.
func TestDefaultCatalogRows(t *testing.T) { // LIC-1
	cat := license.MustDefault()
	tests := []struct {
		kind      license.Kind
		name      string
		cat       license.Category
		code      string
		paid      bool
		consumes  bool
		placement bool
		// LIC-2 flags, checked here because they are catalog data.
		userDefault, templateDefault, implied bool
	}{
		{license.BasicMessaging, "Basic Messaging", license.Messaging, "FMS", false, false, false, true, true, false},
		{license.AdvancedMessaging, "Advanced Messaging", license.Messaging, "MS", true, true, false, false, false, false},
		{license.BasicSpaceMeetings, "Basic Space Meetings", license.Meetings, "FTM", false, false, false, false, false, true},
		{license.AdvancedSpaceMeetings, "Advanced Space Meetings", license.Meetings, "CF", true, true, false, false, false, false},
		{license.BasicMeetings, "Basic Meetings", license.Meetings, "FBM", false, false, false, false, true, false},
		{license.CallOnWebex, "Call on Webex", license.Calling, "FTC", false, false, false, true, true, false},
		{license.CallingProfessional, "Webex Calling Professional", license.Calling, "BCSTD", true, true, true, false, false, false},
		{license.CallingStandard, "Webex Calling Standard", license.Calling, "BCBASIC", true, true, true, false, false, false},
		{license.AttendantConsole, "Webex Attendant Console", license.Calling, "ATTCON", true, true, false, false, false, false},
		{license.CXEssential, "CX Essential", license.Calling, "CXE", true, true, false, false, false, false},
		{license.UnifiedCM, "Unified CM", license.Calling, "UCPREM", true, true, false, false, false, false},
		{license.ContactCenterStandard, "Contact Center Standard Agent", license.ContactCenter, "CJPSTD", true, true, false, false, false, false},
		{license.ContactCenterPremium, "Contact Center Premium Agent", license.ContactCenter, "CJPPRM", true, true, false, false, false, false},
	}
	if got := cat.Len(); got != len(tests) {
		t.Fatalf("Len() = %d, want %d", got, len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := cat.Info(tt.kind)
			if i.Name != tt.name || cat.Name(tt.kind) != tt.name {
				t.Errorf("name = %q / %q, want %q", i.Name, cat.Name(tt.kind), tt.name)
			}
			if i.Category != tt.cat {
				t.Errorf("category = %v, want %v", i.Category, tt.cat)
			}
			if i.Code != tt.code {
				t.Errorf("code = %q, want %q", i.Code, tt.code)
			}
			if i.Paid != tt.paid || i.ConsumesUnit != tt.consumes || i.NeedsPlacement != tt.placement {
				t.Errorf("paid, consumes, placement = %v, %v, %v; want %v, %v, %v",
					i.Paid, i.ConsumesUnit, i.NeedsPlacement, tt.paid, tt.consumes, tt.placement)
			}
			if i.UserDefault != tt.userDefault || i.TemplateDefault != tt.templateDefault || i.Implied != tt.implied {
				t.Errorf("userDefault, templateDefault, implied = %v, %v, %v; want %v, %v, %v",
					i.UserDefault, i.TemplateDefault, i.Implied, tt.userDefault, tt.templateDefault, tt.implied)
			}
			if i.PerSite() || i.Site != "" || i.Role != license.RoleNone {
				t.Errorf("site, role = %q, %v; want none", i.Site, i.Role)
			}
			if k, ok := cat.ByCode(tt.code, ""); !ok || k != tt.kind {
				t.Errorf("ByCode(%q) = %v, %v; want %v", tt.code, k, ok, tt.kind)
			}
			for _, n := range []string{tt.name, strings.ToUpper(tt.name), "  " + strings.ToLower(tt.name) + " "} {
				if k, ok := cat.Lookup(n); !ok || k != tt.kind {
					t.Errorf("Lookup(%q) = %v, %v; want %v", n, k, ok, tt.kind)
				}
			}
			if !cat.Valid(tt.kind) {
				t.Errorf("Valid(%v) = false", tt.kind)
			}
		})
	}
}

// TestWebexCallingLicenses checks which kinds are Webex Calling licenses:
// Professional and Standard, not Call on Webex nor UCM.
func TestWebexCallingLicenses(t *testing.T) { // LIC-1
	cat := license.MustDefault(siteA)
	got := cat.Matching(func(i license.Info) bool { return i.NeedsPlacement })
	want := license.SetOf(license.CallingProfessional, license.CallingStandard)
	if got != want {
		t.Errorf("needs placement = %s, want %s", cat.Format(got), cat.Format(want))
	}
	free := cat.Matching(func(i license.Info) bool { return !i.Paid })
	wantFree := license.SetOf(license.BasicMessaging, license.BasicSpaceMeetings, license.BasicMeetings, license.CallOnWebex)
	att, _ := cat.SiteKind(siteA, license.RoleAttendee)
	wantFree = wantFree.Add(att)
	if free != wantFree {
		t.Errorf("free = %s, want %s", cat.Format(free), cat.Format(wantFree))
	}
}

// TestSiteKinds checks the per-site meetings kinds: host has code EE, is paid
// and consumes a unit; attendee has no license ID and consumes none.
func TestSiteKinds(t *testing.T) { // LIC-1, ASG-15
	cat := license.MustDefault(siteA, siteB)
	if got, want := cat.Len(), 13+4; got != want {
		t.Fatalf("Len() = %d, want %d", got, want)
	}
	if got := cat.Sites(); !slices.Equal(got, []string{siteA, siteB}) {
		t.Errorf("Sites() = %q", got)
	}
	for _, site := range []string{siteA, siteB} {
		host, ok := cat.SiteKind(site, license.RoleHost)
		if !ok {
			t.Fatalf("no host kind for %s", site)
		}
		att, ok := cat.SiteKind(site, license.RoleAttendee)
		if !ok {
			t.Fatalf("no attendee kind for %s", site)
		}
		hi, ai := cat.Info(host), cat.Info(att)
		if hi.Code != "EE" || hi.Category != license.Meetings || !hi.Paid || !hi.ConsumesUnit || hi.Site != site || hi.Role != license.RoleHost || !hi.PerSite() || hi.NeedsPlacement {
			t.Errorf("host %s: %+v", site, hi)
		}
		if ai.Code != "" || ai.Category != license.Meetings || ai.Paid || ai.ConsumesUnit || ai.Site != site || ai.Role != license.RoleAttendee || !ai.PerSite() {
			t.Errorf("attendee %s: %+v", site, ai)
		}
		if k, ok := cat.ByCode("EE", site); !ok || k != host {
			t.Errorf("ByCode(EE, %s) = %v, %v; want %v", site, k, ok, host)
		}
	}
	if k, ok := cat.ByCode("EE", ""); ok {
		t.Errorf("ByCode(EE, \"\") = %v, want none: the site is part of the ID", k)
	}
	if _, ok := cat.SiteKind("other.webex.com", license.RoleHost); ok {
		t.Error("SiteKind of an unknown site found a kind")
	}
	// The host and attendee kinds of one site are an exclusive family
	// preferring host (ASG-10); different sites are independent.
	ha, _ := cat.SiteKind(siteA, license.RoleHost)
	aa, _ := cat.SiteKind(siteA, license.RoleAttendee)
	hb, _ := cat.SiteKind(siteB, license.RoleHost)
	if vs := cat.Check(license.Set{}, license.SetOf(ha, aa)); len(vs) != 1 || vs[0].Code != license.CodeExclusiveFamily {
		t.Errorf("host+attendee of one site: %v, want 400413", vs)
	}
	if vs := cat.Check(license.Set{}, license.SetOf(hb, aa)); len(vs) != 0 {
		t.Errorf("host of B + attendee of A: %v, want none", vs)
	}
}

// TestDefaultRules checks the rules of the default catalog as data.
func TestDefaultRules(t *testing.T) { // LIC-1, LIC-3, LIC-4, LIC-5
	cat := license.MustDefault()
	wantReq := []license.Requirement{
		{Kind: license.AdvancedMessaging, Needs: license.BasicMessaging, Code: 700003},
		{Kind: license.BasicSpaceMeetings, Needs: license.BasicMessaging, Code: 700005},
		{Kind: license.AdvancedSpaceMeetings, Needs: license.BasicMessaging, Code: 700005},
		{Kind: license.AdvancedSpaceMeetings, Needs: license.BasicSpaceMeetings, Code: 700004},
		{Kind: license.AttendantConsole, Needs: license.CallingProfessional, Code: 400408},
	}
	if got := cat.Requirements(); !slices.Equal(got, wantReq) {
		t.Errorf("Requirements() = %v\nwant %v", got, wantReq)
	}
	wantImp := []license.Implication{{By: license.BasicMessaging, Implied: license.BasicSpaceMeetings}}
	if got := cat.Implications(); !slices.Equal(got, wantImp) {
		t.Errorf("Implications() = %v, want %v", got, wantImp)
	}
	if got := cat.ImpliedKinds(); got != license.SetOf(license.BasicSpaceMeetings) {
		t.Errorf("ImpliedKinds() = %v", got)
	}
	for _, tt := range []struct{ s, want license.Set }{
		{set(bm), set(bsm)},
		{set(bm, bsm), set()},
		{set(ms, cow), set()},
	} {
		if got := cat.ImpliedBy(tt.s); got != tt.want {
			t.Errorf("ImpliedBy(%s) = %s, want %s", cat.Format(tt.s), cat.Format(got), cat.Format(tt.want))
		}
	}
	wantEx := []license.Exclusion{
		{Kinds: license.SetOf(license.CallingProfessional, license.CallingStandard), Code: 400404, Prefer: license.NoKind},
		{Kinds: license.SetOf(license.CallingStandard, license.AttendantConsole), Code: 400406, Prefer: license.NoKind},
		{Kinds: license.SetOf(license.CallingStandard, license.CXEssential), Code: 400407, Prefer: license.NoKind},
		{Kinds: license.SetOf(license.ContactCenterStandard, license.ContactCenterPremium), Code: 400413, Prefer: license.ContactCenterPremium},
	}
	if got := cat.Exclusions(); !slices.Equal(got, wantEx) {
		t.Errorf("Exclusions() = %v\nwant %v", got, wantEx)
	}
	wantDown := []license.Downgrade{
		{From: license.CallingProfessional, To: license.CallingStandard, Code: 400112},
		{From: license.CXEssential, To: license.CallingStandard, Code: 400410},
	}
	if got := cat.Downgrades(); !slices.Equal(got, wantDown) {
		t.Errorf("Downgrades() = %v, want %v", got, wantDown)
	}
	if got := cat.Needs(license.AdvancedSpaceMeetings); got != license.SetOf(license.BasicMessaging, license.BasicSpaceMeetings) {
		t.Errorf("Needs(ASM) = %s", cat.Format(got))
	}
	if got := cat.Needs(license.BasicMessaging); !got.IsEmpty() {
		t.Errorf("Needs(BM) = %s, want {}", cat.Format(got))
	}

	// The accessors return copies: changing them does not change the catalog.
	r := cat.Requirements()
	r[0].Code = 1
	e := cat.Exclusions()
	e[0].Code = 1
	d := cat.Downgrades()
	d[0].Code = 1
	s := license.MustDefault(siteA)
	sites := s.Sites()
	sites[0] = "x"
	if cat.Requirements()[0].Code != 700003 || cat.Exclusions()[0].Code != 400404 || cat.Downgrades()[0].Code != 400112 || s.Sites()[0] != siteA {
		t.Error("an accessor shares its slice with the catalog")
	}
}

func TestLookupParse(t *testing.T) {
	cat := license.MustDefault(siteA)
	if _, ok := cat.Lookup("Premium Messaging"); ok {
		t.Error("Lookup found an unknown name")
	}
	k, err := cat.Parse("meetings host " + siteA)
	if host, _ := cat.SiteKind(siteA, license.RoleHost); err != nil || k != host {
		t.Errorf("Parse(host) = %v, %v", k, err)
	}
	k, err = cat.Parse("Premium Messaging")
	if k != license.NoKind || err == nil {
		t.Fatalf("Parse(unknown) = %v, %v; want NoKind and an error", k, err)
	}
	if !errors.Is(err, license.ErrUnknownKind) {
		t.Errorf("errors.Is(%v, ErrUnknownKind) = false", err)
	}
	var uk *license.UnknownKindError
	if !errors.As(err, &uk) || uk.Name != "Premium Messaging" {
		t.Errorf("errors.As: %v, %+v", err, uk)
	}
	if !strings.Contains(err.Error(), `"Premium Messaging"`) {
		t.Errorf("Error() = %q does not name the license", err)
	}
	if _, ok := cat.ByCode("NOPE", ""); ok {
		t.Error("ByCode found an unknown code")
	}
}

// TestUnknownKindErrorCarriesCode: LIC-13 says the library's errors carry the
// API codes, and UnknownKindError is documented as 400000.
func TestUnknownKindErrorCarriesCode(t *testing.T) { // LIC-13
	_, err := license.MustDefault().Parse("Premium Messaging")
	if !errors.Is(err, license.CodeUnknownLicense) {
		t.Errorf("errors.Is(%v, 400000) = false", err)
	}
}

func TestCatalogFormatAndNames(t *testing.T) {
	cat := license.MustDefault(siteA)
	host, _ := cat.SiteKind(siteA, license.RoleHost)
	tests := []struct {
		s    license.Set
		want string
	}{
		{license.Set{}, "{}"},
		{license.SetOf(license.CallOnWebex), "{Call on Webex}"},
		// catalog order, whatever the order given
		{license.SetOf(host, license.CallOnWebex, license.BasicMessaging), "{Basic Messaging, Call on Webex, Meetings Host acme.webex.com}"},
		// a kind the catalog does not know is shown by its index
		{license.SetOf(license.BasicMessaging, 100), "{Basic Messaging, #100}"},
	}
	for _, tt := range tests {
		if got := cat.Format(tt.s); got != tt.want {
			t.Errorf("Format(%v) = %q, want %q", tt.s, got, tt.want)
		}
	}
	if got := cat.Name(license.NoKind); got != "none" {
		t.Errorf("Name(NoKind) = %q", got)
	}
	if cat.Valid(license.NoKind) || cat.Valid(license.Kind(0)) || cat.Valid(license.Kind(cat.Len()+1)) {
		t.Error("Valid accepts a kind outside the catalog")
	}
	if !cat.Valid(license.BasicMessaging) || !cat.Valid(license.Kind(cat.Len())) {
		t.Error("Valid refuses the first or last kind of the catalog")
	}
	if got, want := cat.All(), license.SetOf(cat.All().Kinds()...); got.Len() != cat.Len() || got != want {
		t.Errorf("All() = %v", got)
	}
	for k := range cat.All().All() {
		if k == license.NoKind || int(k) > cat.Len() {
			t.Errorf("All() holds %v outside the catalog", k)
		}
	}
}

func TestStringers(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{license.Messaging.String(), "Messaging"},
		{license.Meetings.String(), "Meetings"},
		{license.Calling.String(), "Calling"},
		{license.ContactCenter.String(), "Contact Center"},
		{license.Category(0).String(), "Category(0)"},
		{license.Category(5).String(), "Category(5)"}, // the first past the names
		{license.Category(9).String(), "Category(9)"},
		{license.RoleHost.String(), "host"},
		{license.RoleAttendee.String(), "attendee"},
		{license.RoleNone.String(), ""},
		{license.Kind(0).String(), "none"},            // the zero Kind is NoKind
		{license.Kind(1).String(), "Basic Messaging"}, // the default catalog's names
		{license.ContactCenterPremium.String(), "Contact Center Premium Agent"},
		{(license.ContactCenterPremium + 1).String(), "#14"},
		{license.Kind(128).String(), "#128"},
		{license.NoKind.String(), "none"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// TestCustomCatalog builds catalogs with more kinds and rules: the catalog
// is data, and Check enforces whatever rules it holds.
func TestCustomCatalog(t *testing.T) { // LIC-1
	t.Run("NewBuilder", func(t *testing.T) {
		b := license.NewBuilder()
		base := b.AddKind(license.Info{Name: "Base", Code: "BASE", Category: license.Messaging})
		addon := b.AddKind(license.Info{Name: "Addon", Code: "ADD", Category: license.Messaging, Paid: true, ConsumesUnit: true})
		shadow := b.AddKind(license.Info{Name: "Shadow", Code: "SHD", Category: license.Messaging})
		x := b.AddKind(license.Info{Name: "X", Code: "X", Category: license.Calling, Paid: true, ConsumesUnit: true, NeedsPlacement: true})
		y := b.AddKind(license.Info{Name: "Y", Code: "Y", Category: license.Calling, Paid: true, ConsumesUnit: true})
		z := b.AddKind(license.Info{Name: "Z", Code: "Z", Category: license.Calling})
		b.Require(addon, base, 900001)
		b.Imply(base, shadow)
		b.Exclude(900002, y, x, y, z)
		b.RefuseDowngrade(x, z, 900003)
		cat, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		if cat.Len() != 6 || len(cat.Sites()) != 0 {
			t.Fatalf("Len, Sites = %d, %v", cat.Len(), cat.Sites())
		}
		if !cat.Info(shadow).Implied || cat.ImpliedKinds() != license.SetOf(shadow) {
			t.Error("Imply did not mark the implied kind")
		}
		if k, ok := cat.ByCode("ADD", ""); !ok || k != addon {
			t.Errorf("ByCode(ADD) = %v, %v", k, ok)
		}
		vs := cat.Check(license.SetOf(x), license.SetOf(addon, z, y))
		if got, want := codes(vs), []license.Code{900001, 900002, 900003}; !slices.Equal(got, want) {
			t.Errorf("Check codes = %v, want %v", got, want)
		}
		// a caller's rules are classed by their type, whatever their code
		for i, class := range []error{license.ErrMissingRequirement, license.ErrExclusive, license.ErrRefusedDowngrade} {
			if len(vs) != 3 || vs[i].Class != class || !errors.Is(vs[i], class) || !errors.Is(&license.SetError{Violations: vs}, class) {
				t.Errorf("violation %d: class %v, want %v", i, vs[i].Class, class)
			}
		}
	})
	t.Run("DefaultBuilder", func(t *testing.T) {
		b := license.DefaultBuilder()
		host, att := b.AddSite(siteA)
		extra := b.AddKind(license.Info{Name: "Webex Calling Premium", Code: "BCPREM", Category: license.Calling, Paid: true, ConsumesUnit: true, NeedsPlacement: true})
		b.Exclude(license.CodeExclusiveFamily, extra, extra, license.CallingProfessional)
		b.Require(extra, license.CallOnWebex, license.CodeNotUserManaged)
		b.RefuseDowngrade(extra, license.CallingProfessional, license.CodeProfessionalToStandard)
		cat, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		if host != 14 || att != 15 || extra != 16 || cat.Len() != 16 {
			t.Fatalf("kinds = %v %v %v, Len %d", host, att, extra, cat.Len())
		}
		def := license.MustDefault()
		for k := range def.All().All() {
			if cat.Info(k) != def.Info(k) {
				t.Errorf("kind %v differs from the default catalog", k)
			}
		}
		vs := cat.Check(license.SetOf(extra, license.CallOnWebex), license.SetOf(license.CallingProfessional))
		if got := codes(vs); !slices.Equal(got, []license.Code{400112}) {
			t.Errorf("custom downgrade: %v", got)
		}
		// the default rules still hold
		vs = cat.Check(license.Set{}, license.SetOf(license.AdvancedMessaging, extra))
		if got := codes(vs); !slices.Equal(got, []license.Code{700003, 400118}) {
			t.Errorf("codes = %v", got)
		}
	})
}

// TestBuilderErrors: bad input makes Build fail with the first error and no
// catalog, never a panic.
func TestBuilderErrors(t *testing.T) { // LIC-1
	tests := []struct {
		name  string
		build func(b *license.Builder)
		want  string
	}{
		{"duplicate name", func(b *license.Builder) {
			b.AddKind(license.Info{Name: "Basic Messaging", Code: "FMSX"})
		}, "duplicate kind name"},
		{"duplicate name, other case", func(b *license.Builder) {
			b.AddKind(license.Info{Name: "basic MESSAGING"})
		}, "duplicate kind name"},
		{"duplicate code", func(b *license.Builder) {
			b.AddKind(license.Info{Name: "Other", Code: "FMS"})
		}, "duplicate code"},
		{"empty name", func(b *license.Builder) {
			b.AddKind(license.Info{Code: "NEW"})
		}, "has no name"},
		{"lower-case code", func(b *license.Builder) {
			b.AddKind(license.Info{Name: "New", Code: "new"})
		}, "not upper-case letters"},
		{"code with digits", func(b *license.Builder) {
			b.AddKind(license.Info{Name: "New", Code: "B2B"})
		}, "not upper-case letters"},
		{"code with underscore", func(b *license.Builder) {
			b.AddKind(license.Info{Name: "New", Code: "A_B"})
		}, "not upper-case letters"},
		{"empty site", func(b *license.Builder) { b.AddSite("") }, "bad meeting site"},
		{"site with space", func(b *license.Builder) { b.AddSite("a b.webex.com") }, "bad meeting site"},
		{"site with underscore", func(b *license.Builder) { b.AddSite("a_b.webex.com") }, "bad meeting site"},
		{"site with slash", func(b *license.Builder) { b.AddSite("https://a.webex.com") }, "bad meeting site"},
		{"duplicate site", func(b *license.Builder) { b.AddSite(siteA); b.AddSite(siteA) }, "duplicate kind name"},
		{"too many kinds", func(b *license.Builder) {
			for i := 0; i < license.MaxKinds+5; i++ {
				b.AddKind(license.Info{Name: fmt.Sprintf("K%d", i)})
			}
		}, "more than 128 kinds"},
		{"too many sites", func(b *license.Builder) {
			for i := 0; i < 100; i++ {
				b.AddSite(fmt.Sprintf("s%d.webex.com", i))
			}
		}, "more than 128 kinds"},
		{"require unknown kind", func(b *license.Builder) {
			b.Require(license.BasicMessaging, 200, 1)
		}, "unknown kind #200"},
		{"require NoKind", func(b *license.Builder) {
			b.Require(license.NoKind, license.BasicMessaging, 1)
		}, "unknown kind none"},
		{"imply unknown kind", func(b *license.Builder) {
			b.Imply(50, license.BasicMessaging)
		}, "unknown kind #50"},
		{"exclude unknown kind", func(b *license.Builder) {
			b.Exclude(1, license.NoKind, license.BasicMessaging, 99)
		}, "unknown kind #99"},
		{"exclude one kind", func(b *license.Builder) {
			b.Exclude(1, license.NoKind, license.BasicMessaging)
		}, "needs two known kinds"},
		{"prefer outside family", func(b *license.Builder) {
			b.Exclude(1, license.UnifiedCM, license.CallingProfessional, license.CallingStandard)
		}, "not in its family"},
		{"downgrade unknown kind", func(b *license.Builder) {
			b.RefuseDowngrade(license.CallingProfessional, 77, 1)
		}, "unknown kind #77"},
		{"first error wins", func(b *license.Builder) {
			b.AddKind(license.Info{Name: "New", Code: "x"})
			b.AddSite("")
		}, "not upper-case letters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := license.DefaultBuilder()
			tt.build(b)
			cat, err := b.Build()
			if err == nil || cat != nil {
				t.Fatalf("Build() = %v, %v; want an error", cat, err)
			}
			if !errors.Is(err, license.ErrInvalidCatalog) || !strings.HasPrefix(err.Error(), "license: invalid catalog: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
	t.Run("bad site from NewDefault", func(t *testing.T) {
		if cat, err := license.NewDefault(siteA, "bad site"); err == nil || cat != nil {
			t.Errorf("NewDefault = %v, %v", cat, err)
		}
		defer func() {
			if recover() == nil {
				t.Error("MustDefault did not panic on a bad site")
			}
		}()
		license.MustDefault("")
	})
}

// TestBuilderMaxKinds: exactly MaxKinds kinds build; the last one fits a Set.
func TestBuilderMaxKinds(t *testing.T) {
	b := license.NewBuilder()
	var last license.Kind
	for i := 0; i < license.MaxKinds; i++ {
		last = b.AddKind(license.Info{Name: fmt.Sprintf("K%d", i), Code: strings.Repeat("A", i+1)})
	}
	cat, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if last != license.MaxKinds || cat.Len() != license.MaxKinds || cat.All().Len() != license.MaxKinds {
		t.Errorf("last = %v, Len = %d, All = %d", last, cat.Len(), cat.All().Len())
	}
	if k := b.AddKind(license.Info{Name: "one more"}); k != license.NoKind {
		t.Errorf("AddKind past MaxKinds = %v, want NoKind", k)
	}
	if _, err := b.Build(); err == nil {
		t.Error("Build past MaxKinds: no error")
	}
}

// TestBuilderReuse: a built catalog does not change when its builder goes on.
func TestBuilderReuse(t *testing.T) {
	b := license.NewBuilder()
	a := b.AddKind(license.Info{Name: "A", Code: "A"})
	c := b.AddKind(license.Info{Name: "C", Code: "C"})
	first, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	b.Require(a, c, 1)
	b.Imply(a, c)
	host, _ := b.AddSite(siteA)
	b.Exclude(2, license.NoKind, a, host)
	b.RefuseDowngrade(a, c, 3)
	second, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if first.Len() != 2 || len(first.Requirements())+len(first.Implications())+len(first.Exclusions())+len(first.Downgrades()) != 0 || first.Info(c).Implied || len(first.Sites()) != 0 {
		t.Errorf("first catalog changed: Len %d, implied %v", first.Len(), first.Info(c).Implied)
	}
	if second.Len() != 4 || !second.Info(c).Implied || len(second.Requirements()) != 1 {
		t.Errorf("second catalog: Len %d", second.Len())
	}
}

// TestAddSiteRejectsUnencodableSite: a site that AddSite accepts must be
// usable in a meeting-site license ID (LIC-6 rejects whitespace, control
// characters and invalid UTF-8 in the site).
func TestAddSiteRejectsUnencodableSite(t *testing.T) { // LIC-6
	for _, site := range []string{"a\tb.webex.com", "a\nb.webex.com", "a\u00a0b.webex.com", "a\xffb.webex.com"} {
		if _, err := license.NewID("org", "EE", "u", site); err == nil {
			t.Fatalf("NewID accepted %q; test premise broken", site)
		}
		if _, err := license.NewDefault(site); err == nil {
			t.Errorf("NewDefault(%q) accepted a site no license ID can carry", site)
		}
	}
}

// TestExcludeNeedsTwoDistinctKinds: a family naming one kind twice is a
// family of one, which the builder's own check forbids.
func TestExcludeNeedsTwoDistinctKinds(t *testing.T) {
	b := license.DefaultBuilder()
	b.Exclude(1, license.NoKind, license.UnifiedCM, license.UnifiedCM)
	if _, err := b.Build(); err == nil {
		t.Error("a family of one kind was accepted")
	}
}

func codes(vs []license.Violation) []license.Code {
	out := make([]license.Code, len(vs))
	for i, v := range vs {
		out[i] = v.Code
	}
	return out
}

// TestNeedsOutsideCatalog: Needs of a kind the catalog lacks is empty.
func TestNeedsOutsideCatalog(t *testing.T) {
	cat := license.MustDefault(siteA)
	for _, k := range []license.Kind{license.Kind(cat.Len()), 100, license.MaxKinds, 200, license.NoKind} {
		if got := cat.Needs(k); !got.IsEmpty() {
			t.Errorf("Needs(%v) = %v, want {}", k, got)
		}
	}
}

// TestAddSiteAllOrNothing: when AddSite fails it adds neither kind, so the
// builder's next kind gets the next index.
func TestAddSiteAllOrNothing(t *testing.T) {
	tests := []struct {
		name  string
		setup func(b *license.Builder)
		want  string
	}{
		{"attendee name taken", func(b *license.Builder) {
			b.AddKind(license.Info{Name: "Meetings Attendee " + siteA})
		}, "duplicate kind name"},
		{"host name taken", func(b *license.Builder) {
			b.AddKind(license.Info{Name: "Meetings Host " + siteA})
		}, "duplicate kind name"},
		{"room for one kind only", func(b *license.Builder) {
			for i := 0; i < license.MaxKinds-2; i++ { // and the probe
				b.AddKind(license.Info{Name: fmt.Sprintf("K%d", i)})
			}
		}, "more than 128 kinds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := license.NewBuilder()
			tt.setup(b)
			before := b.AddKind(license.Info{Name: "probe"})
			if host, att := b.AddSite(siteA); host != license.NoKind || att != license.NoKind {
				t.Errorf("AddSite = %v, %v; want none, none", host, att)
			}
			if next := b.AddKind(license.Info{Name: "after"}); next != before+1 {
				t.Errorf("next kind = %v, want %v: AddSite left a kind behind", next, before+1)
			}
			if _, err := b.Build(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Build() error = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestBuilderRefusesContradictions: Build refuses a catalog whose rules
// contradict each other, with a *CatalogError naming the kinds and matching
// its sentinel and ErrInvalidCatalog; the default catalog has none.
func TestBuilderRefusesContradictions(t *testing.T) { // LIC-1
	type kinds struct{ a, b, c, d license.Kind }
	tests := []struct {
		name      string
		build     func(b *license.Builder, k kinds)
		want      error
		wantNames []string
	}{
		{"A implies itself", func(b *license.Builder, k kinds) {
			b.Imply(k.a, k.a)
		}, license.ErrImplicationCycle, []string{"A", "A"}},
		{"A and B imply each other", func(b *license.Builder, k kinds) {
			b.Imply(k.a, k.b)
			b.Imply(k.b, k.a)
		}, license.ErrImplicationCycle, []string{"A", "B", "A"}},
		{"cycle through three kinds", func(b *license.Builder, k kinds) {
			b.Imply(k.d, k.b)
			b.Imply(k.b, k.c)
			b.Imply(k.c, k.d)
		}, license.ErrImplicationCycle, []string{"B", "C", "D", "B"}},
		{"cycle found after a dead end", func(b *license.Builder, k kinds) {
			b.Imply(k.a, k.b) // B implies nothing: the search leaves it before C
			b.Imply(k.a, k.c)
			b.Imply(k.c, k.a)
		}, license.ErrImplicationCycle, []string{"A", "C", "A"}},
		{"implied kind nothing implies", func(b *license.Builder, k kinds) {
			b.AddKind(license.Info{Name: "Orphan", Implied: true})
		}, license.ErrUnimpliedKind, []string{"Orphan"}},
		{"requires a kind of its family", func(b *license.Builder, k kinds) {
			b.Require(k.a, k.b, 900001)
			b.Exclude(900002, license.NoKind, k.a, k.b)
		}, license.ErrRequiresExcluded, []string{"A", "B"}},
		{"requires a kind of a larger family, which prefers it", func(b *license.Builder, k kinds) {
			b.Exclude(900002, k.c, k.a, k.b, k.c)
			b.Require(k.a, k.c, 900001)
		}, license.ErrRequiresExcluded, []string{"A", "C"}},
		{"requires, through a chain, a kind of its family", func(b *license.Builder, k kinds) {
			b.Require(k.a, k.b, 900001)
			b.Require(k.b, k.c, 900001)
			b.Exclude(900002, license.NoKind, k.c, k.a)
		}, license.ErrRequiresExcluded, []string{"A", "C"}},
		{"implies a kind of its family", func(b *license.Builder, k kinds) {
			b.Imply(k.a, k.b)
			b.Exclude(900002, license.NoKind, k.a, k.b)
		}, license.ErrRequiresExcluded, []string{"A", "B"}},
		{"requires two kinds that exclude each other", func(b *license.Builder, k kinds) {
			b.Require(k.a, k.b, 900001)
			b.Require(k.a, k.c, 900001)
			b.Exclude(900002, license.NoKind, k.b, k.c)
		}, license.ErrRequiresExcluded, []string{"A", "B", "C"}},
		{"default catalog: Attendant Console requires Professional", func(b *license.Builder, k kinds) {
			b.Exclude(900002, license.NoKind, license.AttendantConsole, license.CallingProfessional)
		}, license.ErrRequiresExcluded, []string{"Webex Attendant Console", "Webex Calling Professional"}},
		{"default catalog: Basic Messaging implies Basic Space Meetings", func(b *license.Builder, k kinds) {
			b.Imply(license.BasicSpaceMeetings, license.BasicMessaging)
		}, license.ErrImplicationCycle, []string{"Basic Messaging", "Basic Space Meetings", "Basic Messaging"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := license.DefaultBuilder()
			var k kinds
			for i, p := range []*license.Kind{&k.a, &k.b, &k.c, &k.d} {
				*p = b.AddKind(license.Info{Name: string(rune('A' + i))})
			}
			tt.build(b, k)
			cat, err := b.Build()
			if cat != nil || !errors.Is(err, tt.want) || !errors.Is(err, license.ErrInvalidCatalog) {
				t.Fatalf("Build() = %v, %v; want %v", cat, err, tt.want)
			}
			var ce *license.CatalogError
			if !errors.As(err, &ce) || ce.Err != tt.want || !slices.Equal(ce.Names, tt.wantNames) || len(ce.Kinds) != len(ce.Names) {
				t.Fatalf("CatalogError = %+v, want names %q", ce, tt.wantNames)
			}
			sep := ", "
			if tt.want == license.ErrImplicationCycle {
				sep = " → " // a cycle reads as a path
			}
			if want := tt.want.Error() + ": " + strings.Join(tt.wantNames, sep); err.Error() != want {
				t.Errorf("Error() = %q, want %q", err, want)
			}
		})
	}
	t.Run("consistent catalogs build", func(t *testing.T) {
		b := license.DefaultBuilder()
		a := b.AddKind(license.Info{Name: "A"})
		c := b.AddKind(license.Info{Name: "C"})
		b.Require(a, c, 900001) // requirement cycles are satisfiable: hold both
		b.Require(c, a, 900001)
		b.Imply(a, c)
		b.AddSite(siteA)
		if _, err := b.Build(); err != nil {
			t.Errorf("Build() = %v", err)
		}
	})
}

// Meeting sites are host names: Site and SiteKind match them whatever the
// case of their ASCII letters, and give the catalog's spelling; a
// look-alike letter is another site. A license ID's site is exact (ByCode).
func TestSiteNamesIgnoreASCIICase(t *testing.T) {
	c := license.MustDefault("Acme.webex.com")
	host, _ := c.SiteKind("Acme.webex.com", license.RoleHost)
	for _, s := range []string{"Acme.webex.com", "acme.WEBEX.com", "ACME.WEBEX.COM"} {
		if site, ok := c.Site(s); !ok || site != "Acme.webex.com" {
			t.Errorf("Site(%q) = %q, %v", s, site, ok)
		}
		if k, ok := c.SiteKind(s, license.RoleHost); !ok || k != host {
			t.Errorf("SiteKind(%q) = %v, %v", s, k, ok)
		}
	}
	for _, s := range []string{"", "Acme.webex.co", "Аcme.webex.com", "acme.webex.com."} { // the second A is Cyrillic
		if site, ok := c.Site(s); ok {
			t.Errorf("Site(%q) = %q", s, site)
		}
		if k, ok := c.SiteKind(s, license.RoleHost); ok {
			t.Errorf("SiteKind(%q) = %v", s, k)
		}
	}
	if k, ok := c.ByCode(c.Info(host).Code, "acme.WEBEX.com"); ok {
		t.Errorf("ByCode of a license ID's site spelt otherwise = %v: an ID is exact", k)
	}
	if k, ok := c.SiteKind("", license.RoleNone); ok {
		t.Errorf("SiteKind of no site = %v", k)
	}
	z := license.MustDefault("Zulu.webex.com") // Z, the last letter folded
	if site, ok := z.Site("zulu.webex.com"); !ok || site != "Zulu.webex.com" {
		t.Errorf("Site(%q) = %q, %v", "zulu.webex.com", site, ok)
	}
}
