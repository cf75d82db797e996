package kindrules_test

import (
	"errors"
	"testing"

	"github.com/wxlicense/wxlicense/internal/kindrules"
	"github.com/wxlicense/wxlicense/license"
)

const (
	siteA = "acme.webex.com"
	siteB = "beta.webex.com"
)

// Short names for the default kinds.
const (
	bm   = license.BasicMessaging
	ms   = license.AdvancedMessaging
	bsm  = license.BasicSpaceMeetings
	asm  = license.AdvancedSpaceMeetings
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

// TestImplyRaw: a raw request adds Basic Space Meetings when it adds Basic
// Messaging, and never drops anything on its own.
func TestImplyRaw(t *testing.T) { // LIC-5
	cat := license.MustDefault()
	r := kindrules.New(cat)
	tests := []struct {
		name      string
		held, req license.Set
		want      license.Set
	}{
		{"adds messaging", set(cow), set(cow, bm), set(cow, bm, bsm)},
		{"adds messaging and advanced", set(), set(bm, ms), set(bm, ms, bsm)},
		{"keeps messaging without implied", set(bm, bsm), set(bm), set(bm)},
		{"drops messaging", set(bm, bsm), set(bsm), set(bsm)},
		{"drops both", set(bm, bsm), set(), set()},
		{"no messaging", set(), set(pro, cow), set(pro, cow)},
		{"explicit implied kept", set(), set(bm, bsm), set(bm, bsm)},
	}
	for _, tt := range tests {
		if got := r.ImplyRaw(tt.held, tt.req); got != tt.want {
			t.Errorf("%s: ImplyRaw = %s, want %s", tt.name, cat.Format(got), cat.Format(tt.want))
		}
	}
	// LIC-5 (ii): the one that keeps messaging but leaves out the held
	// implied license is rejected with 700006.
	vs := cat.Check(set(bm, bsm), r.ImplyRaw(set(bm, bsm), set(bm, ms)))
	if len(vs) != 1 || vs[0].Code != license.CodeImpliedRemoval || vs[0].Kinds[0] != bsm || vs[0].Kinds[1] != bm {
		t.Errorf("keeping BM, dropping BSM: %v, want 700006 naming Basic Space Meetings", vs)
	}
	if !errors.Is(vs[0], license.ErrImpliedRemoval) {
		t.Error("700006 does not match ErrImpliedRemoval")
	}
}

// TestImplyServices: at the level of services, implied kinds come and go
// with their implier.
func TestImplyServices(t *testing.T) { // LIC-5
	cat := license.MustDefault()
	r := kindrules.New(cat)
	tests := []struct {
		in, want license.Set
	}{
		{set(bm), set(bm, bsm)},
		{set(bm, bsm), set(bm, bsm)},
		{set(bsm), set()},
		{set(bsm, asm), set(asm)},
		{set(ms, bm, cow), set(ms, bm, bsm, cow)},
		{set(), set()},
	}
	for _, tt := range tests {
		if got := r.ImplyServices(tt.in); got != tt.want {
			t.Errorf("ImplyServices(%s) = %s, want %s", cat.Format(tt.in), cat.Format(got), cat.Format(tt.want))
		}
	}
	if got := cat.ImpliedBy(set(bm)); got != set(bsm) {
		t.Errorf("ImpliedBy({BM}) = %s", cat.Format(got))
	}
	if got := cat.ImpliedBy(set(bm, bsm)); !got.IsEmpty() {
		t.Errorf("ImpliedBy({BM, BSM}) = %s", cat.Format(got))
	}
	// Dropping Basic Messaging in a services edit while Advanced Messaging
	// stays is refused as LIC-3.
	if vs := cat.Check(set(bm, bsm, ms), r.ImplyServices(set(ms))); len(vs) != 1 || vs[0].Code != 700003 {
		t.Errorf("services edit dropping BM under MS: %v", vs)
	}
}

// TestImplyChain: in a custom catalog where A implies B and B implies C,
// the services normalization holds C whenever it holds A, whatever the
// order the rules were added in.
func TestImplyChain(t *testing.T) { // LIC-5
	b := license.NewBuilder()
	a := b.AddKind(license.Info{Name: "A"})
	bk := b.AddKind(license.Info{Name: "B"})
	c := b.AddKind(license.Info{Name: "C"})
	b.Imply(bk, c)
	b.Imply(a, bk)
	cat, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	r := kindrules.New(cat)
	if got := r.ImplyServices(set(a)); got != set(a, bk, c) {
		t.Errorf("ImplyServices({A}) = %s, want {A, B, C}", cat.Format(got))
	}
	if got := r.ImplyRaw(set(), set(a)); got != set(a, bk, c) {
		t.Errorf("ImplyRaw({} → {A}) = %s, want {A, B, C}", cat.Format(got))
	}
}

// TestResolve: a grant naming several members of a family with a
// preference keeps the preferred one; others are left alone.
func TestResolve(t *testing.T) { // LIC-9, ASG-10, ASG-16
	cat := license.MustDefault(siteA, siteB)
	r := kindrules.New(cat)
	ha, _ := cat.SiteKind(siteA, license.RoleHost)
	aa, _ := cat.SiteKind(siteA, license.RoleAttendee)
	hb, _ := cat.SiteKind(siteB, license.RoleHost)
	ab, _ := cat.SiteKind(siteB, license.RoleAttendee)
	tests := []struct {
		name        string
		grant, want license.Set
	}{
		{"host over attendee", set(ha, aa), set(ha)},
		{"per site", set(ha, aa, ab), set(ha, ab)},
		{"both sites", set(ha, aa, hb, ab), set(ha, hb)},
		{"attendee alone", set(aa), set(aa)},
		{"premium over standard agent", set(ccs, ccp, bm), set(ccp, bm)},
		{"standard agent alone", set(ccs), set(ccs)},
		{"no preference: left for the save to reject", set(pro, std), set(pro, std)},
	}
	for _, tt := range tests {
		if got := r.Resolve(tt.grant); got != tt.want {
			t.Errorf("%s: Resolve(%s) = %s, want %s", tt.name, cat.Format(tt.grant), cat.Format(got), cat.Format(tt.want))
		}
	}
}

func TestFallbackConflictsUpgrades(t *testing.T) { // LIC-9, ASG-10, ASG-16
	cat := license.MustDefault(siteA, siteB)
	r := kindrules.New(cat)
	ha, _ := cat.SiteKind(siteA, license.RoleHost)
	aa, _ := cat.SiteKind(siteA, license.RoleAttendee)
	hb, _ := cat.SiteKind(siteB, license.RoleHost)
	ab, _ := cat.SiteKind(siteB, license.RoleAttendee)

	fallbacks := []struct {
		k     license.Kind
		grant license.Set
		want  license.Kind
	}{
		{ha, set(ha, aa), aa},
		{ha, set(ha, ab), none}, // another site's attendee does not stand in
		{ha, set(ha), none},
		{ccp, set(ccp, ccs), ccs},
		{ccp, set(ccp), none},
		{ccs, set(ccp, ccs), none}, // only the preferred member falls back
		{aa, set(ha, aa), none},
		{pro, set(pro, std), none}, // no preference
	}
	for _, tt := range fallbacks {
		if got := r.Fallback(tt.k, tt.grant); got != tt.want {
			t.Errorf("Fallback(%s, %s) = %s, want %s", cat.Name(tt.k), cat.Format(tt.grant), cat.Name(got), cat.Name(tt.want))
		}
	}

	conflicts := []struct {
		k          license.Kind
		held, want license.Set
	}{
		{std, set(pro, att, cxe, bm), set(pro, att, cxe)},
		{pro, set(std, att, cxe), set(std)},
		{att, set(std, pro), set(std)},
		{cxe, set(std, pro), set(std)},
		{ccp, set(ccs, ccp), set(ccs)},
		{ha, set(aa, ab, hb), set(aa)},
		{bm, set(ms, bsm), set()},
		{ucm, set(pro, std), set()},
	}
	for _, tt := range conflicts {
		if got := r.Conflicts(tt.k, tt.held); got != tt.want {
			t.Errorf("Conflicts(%s, %s) = %s, want %s", cat.Name(tt.k), cat.Format(tt.held), cat.Format(got), cat.Format(tt.want))
		}
	}

	upgrades := []struct {
		k, o license.Kind
		want bool
	}{
		{ha, aa, true},
		{hb, ab, true},
		{ha, ab, false},
		{aa, ha, false},
		{ccp, ccs, true},
		{ccs, ccp, false},
		{ccp, ccp, false},
		{pro, std, false}, // Professional and Standard have no preference
		{std, pro, false},
	}
	for _, tt := range upgrades {
		if got := r.Upgrades(tt.k, tt.o); got != tt.want {
			t.Errorf("Upgrades(%s, %s) = %v", cat.Name(tt.k), cat.Name(tt.o), got)
		}
	}
}

// TestCustomCatalog: the rules are read from the catalog, whatever its
// kinds: a caller's implication and preferred family apply as the default
// ones do, and the zero Rules has none.
func TestCustomCatalog(t *testing.T) { // LIC-1, LIC-5
	b := license.NewBuilder()
	base := b.AddKind(license.Info{Name: "Base", Code: "BASE", Category: license.Messaging})
	shadow := b.AddKind(license.Info{Name: "Shadow", Code: "SHD", Category: license.Messaging})
	x := b.AddKind(license.Info{Name: "X", Code: "X", Category: license.Calling})
	y := b.AddKind(license.Info{Name: "Y", Code: "Y", Category: license.Calling})
	z := b.AddKind(license.Info{Name: "Z", Code: "Z", Category: license.Calling})
	b.Imply(base, shadow)
	b.Exclude(900002, y, x, y, z)
	cat, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	r := kindrules.New(cat)
	if got := r.Resolve(set(x, y, z, base)); got != set(y, base) {
		t.Errorf("Resolve = %s", cat.Format(got))
	}
	if got := r.ImplyServices(set(base)); got != set(base, shadow) {
		t.Errorf("ImplyServices = %s", cat.Format(got))
	}
	if got := r.ImplyServices(set(shadow, x)); got != set(x) {
		t.Errorf("ImplyServices({Shadow, X}) = %s", cat.Format(got))
	}
	if got := r.Fallback(y, set(y, z)); got != z {
		t.Errorf("Fallback(Y) = %s", cat.Name(got))
	}
	var zero kindrules.Rules
	if zero.Resolve(set(x, y)) != set(x, y) || zero.ImplyServices(set(base)) != set(base) || zero.Upgrades(y, x) {
		t.Error("the zero Rules applies rules")
	}
}
