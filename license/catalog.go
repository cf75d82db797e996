package license

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wxlicense/wxlicense/internal/visible"
)

// The kinds of the default catalog (LIC-1), in catalog order. Per-site
// meetings kinds are added after them by [Builder.AddSite].
const (
	BasicMessaging Kind = iota + 1
	AdvancedMessaging
	BasicSpaceMeetings
	AdvancedSpaceMeetings
	BasicMeetings
	CallOnWebex
	CallingProfessional
	CallingStandard
	AttendantConsole
	CXEssential
	UnifiedCM
	ContactCenterStandard
	ContactCenterPremium
)

// numDefaultKinds is the number of kinds of the default catalog.
const numDefaultKinds = int(ContactCenterPremium)

// Requirement says that holding Kind needs Needs (LIC-3, LIC-4, LIC-1).
type Requirement struct {
	Kind, Needs Kind
	Code        Code
}

// Implication says that holding By implies holding Implied (LIC-5).
type Implication struct {
	By, Implied Kind
}

// Exclusion is a family of kinds of which a user may hold at most one
// (LIC-1, LIC-9, ASG-10, ASG-16). When Prefer is not NoKind, a user whose
// grants name several members gets Prefer, and gaining Prefer upgrades a
// held member (host over attendee, Premium over Standard Agent).
type Exclusion struct {
	Kinds  Set
	Code   Code
	Prefer Kind
}

// Downgrade is a refused downgrade From → To (LIC-1, LIC-13): one request
// whose result drops From and adds To is rejected.
type Downgrade struct {
	From, To Kind
	Code     Code
}

// Catalog is an immutable set of license kinds and the rules between them.
// Build one with [NewBuilder] or [DefaultBuilder]; [Default] returns the
// catalog of LIC-1.
type Catalog struct {
	infos        []Info
	byName       map[string]Kind
	byCode       map[string]Kind
	requirements []Requirement
	implications []Implication
	exclusions   []Exclusion
	downgrades   []Downgrade
	sites        []string
	needs        []Set // needs[k.index()]: kinds k requires
	implied      Set   // kinds with Info.Implied
}

// Builder builds a [Catalog].
type Builder struct {
	c   Catalog
	err error
}

// NewBuilder returns a builder for an empty catalog.
func NewBuilder() *Builder { return &Builder{} }

// DefaultBuilder returns a builder holding the default catalog of LIC-1, to
// which a caller can add sites, kinds and rules.
func DefaultBuilder() *Builder {
	b := NewBuilder()
	for _, i := range defaultInfos {
		b.AddKind(i)
	}
	b.Require(AdvancedMessaging, BasicMessaging, CodeAdvancedMessagingNeedsBasic)
	b.Require(BasicSpaceMeetings, BasicMessaging, CodeSpaceMeetingsNeedsMessaging)
	b.Require(AdvancedSpaceMeetings, BasicMessaging, CodeSpaceMeetingsNeedsMessaging)
	b.Require(AdvancedSpaceMeetings, BasicSpaceMeetings, CodeAdvancedSpaceMeetingsNeedsBasic)
	b.Require(AttendantConsole, CallingProfessional, CodeAttendantConsoleNeedsProfessional)
	b.Imply(BasicMessaging, BasicSpaceMeetings)
	b.Exclude(CodeProfessionalWithStandard, NoKind, CallingProfessional, CallingStandard)
	b.Exclude(CodeStandardWithAttendantConsole, NoKind, CallingStandard, AttendantConsole)
	b.Exclude(CodeStandardWithCXEssential, NoKind, CallingStandard, CXEssential)
	b.Exclude(CodeExclusiveFamily, ContactCenterPremium, ContactCenterStandard, ContactCenterPremium)
	b.RefuseDowngrade(CallingProfessional, CallingStandard, CodeProfessionalToStandard)
	b.RefuseDowngrade(CXEssential, CallingStandard, CodeCXEssentialToStandard)
	return b
}

var defaultInfos = [numDefaultKinds]Info{
	{Name: "Basic Messaging", Code: "FMS", Category: Messaging, UserDefault: true, TemplateDefault: true},
	{Name: "Advanced Messaging", Code: "MS", Category: Messaging, Paid: true, ConsumesUnit: true},
	{Name: "Basic Space Meetings", Code: "FTM", Category: Meetings, Implied: true},
	{Name: "Advanced Space Meetings", Code: "CF", Category: Meetings, Paid: true, ConsumesUnit: true},
	{Name: "Basic Meetings", Code: "FBM", Category: Meetings, TemplateDefault: true},
	{Name: "Call on Webex", Code: "FTC", Category: Calling, UserDefault: true, TemplateDefault: true},
	{Name: "Webex Calling Professional", Code: "BCSTD", Category: Calling, Paid: true, ConsumesUnit: true, NeedsPlacement: true},
	{Name: "Webex Calling Standard", Code: "BCBASIC", Category: Calling, Paid: true, ConsumesUnit: true, NeedsPlacement: true},
	{Name: "Webex Attendant Console", Code: "ATTCON", Category: Calling, Paid: true, ConsumesUnit: true},
	{Name: "CX Essential", Code: "CXE", Category: Calling, Paid: true, ConsumesUnit: true},
	{Name: "Unified CM", Code: "UCPREM", Category: Calling, Paid: true, ConsumesUnit: true},
	{Name: "Contact Center Standard Agent", Code: "CJPSTD", Category: ContactCenter, Paid: true, ConsumesUnit: true},
	{Name: "Contact Center Premium Agent", Code: "CJPPRM", Category: ContactCenter, Paid: true, ConsumesUnit: true},
}

// NewDefault returns the default catalog of LIC-1 with host and attendee
// kinds for each given meeting site.
func NewDefault(sites ...string) (*Catalog, error) {
	b := DefaultBuilder()
	for _, s := range sites {
		b.AddSite(s)
	}
	return b.Build()
}

// MustDefault is like [NewDefault] but panics on a bad site URL. It is meant
// for constants and tests, like regexp.MustCompile.
func MustDefault(sites ...string) *Catalog {
	c, err := NewDefault(sites...)
	if err != nil {
		panic(err)
	}
	return c
}

func (b *Builder) fail(format string, args ...any) {
	if b.err == nil {
		b.err = fmt.Errorf("%w: "+format, append([]any{ErrInvalidCatalog}, args...)...)
	}
}

func (b *Builder) valid(ks ...Kind) bool {
	for _, k := range ks {
		if k == NoKind || int(k) > len(b.c.infos) {
			b.fail("unknown kind %v", k)
			return false
		}
	}
	return true
}

// checkKind returns why i cannot follow the builder's kinds and then
// pending (kinds about to be added before i), or nil if it can.
func (b *Builder) checkKind(i Info, pending ...Info) error {
	n := len(b.c.infos) + len(pending)
	switch {
	case n >= MaxKinds:
		return fmt.Errorf("more than %d kinds", MaxKinds)
	case i.Name == "":
		return fmt.Errorf("kind %v has no name", kindAt(n))
	case visible.NameProblem(i.Name) != "":
		return fmt.Errorf("kind name %q: %s", i.Name, visible.NameProblem(i.Name))
	case i.Code != "" && !idUpperLetters(i.Code):
		return fmt.Errorf("kind %q: code %q is not upper-case letters", i.Name, i.Code)
	}
	for _, infos := range [][]Info{b.c.infos, pending} {
		for _, o := range infos {
			if foldName(o.Name) == foldName(i.Name) {
				return fmt.Errorf("duplicate kind name %q", i.Name)
			}
			if i.Code != "" && o.Code == i.Code && o.Site == i.Site {
				return fmt.Errorf("duplicate code %q", i.Code)
			}
		}
	}
	return nil
}

// AddKind adds a kind and returns it. On bad input (no name, a name with
// surrounding white space, control or invisible characters, a duplicate
// name — equal to another under Unicode simple case folding, as
// [Catalog.Lookup] matches names — or code, a code that is not upper-case
// letters, more than [MaxKinds] kinds) it adds nothing, returns [NoKind]
// and makes [Builder.Build] fail.
func (b *Builder) AddKind(i Info) Kind {
	if err := b.checkKind(i); err != nil {
		b.fail("%v", err)
		return NoKind
	}
	b.c.infos = append(b.c.infos, i)
	return kindAt(len(b.c.infos) - 1)
}

// AddSite adds the host and attendee kinds of a meeting site (LIC-1,
// ASG-10, ASG-15): host is paid and consumes a unit, attendee is an
// account type that consumes none; a user holds at most one of the two.
// It adds both kinds or, on a bad or duplicate site or when the catalog
// has no room for two more kinds, neither: it then returns [NoKind] twice
// and makes [Builder.Build] fail.
func (b *Builder) AddSite(site string) (host, attendee Kind) {
	if site == "" || strings.ContainsAny(site, "_/:") || !idCleanToken(site) {
		b.fail("bad meeting site %q", site)
		return NoKind, NoKind
	}
	hi := Info{Name: "Meetings Host " + site, Code: "EE", Category: Meetings, Paid: true, ConsumesUnit: true, Site: site, Role: RoleHost}
	ai := Info{Name: "Meetings Attendee " + site, Category: Meetings, Site: site, Role: RoleAttendee}
	for _, err := range []error{b.checkKind(hi), b.checkKind(ai, hi)} {
		if err != nil {
			b.fail("%v", err)
			return NoKind, NoKind
		}
	}
	host, attendee = b.AddKind(hi), b.AddKind(ai)
	b.c.sites = append(b.c.sites, site)
	b.Exclude(CodeExclusiveFamily, host, host, attendee)
	return host, attendee
}

// Require adds the rule that holding k needs needs.
func (b *Builder) Require(k, needs Kind, code Code) {
	if b.valid(k, needs) {
		b.c.requirements = append(b.c.requirements, Requirement{k, needs, code})
	}
}

// Imply adds the rule that holding by implies holding implied (LIC-5) and
// sets implied's [Info.Implied], marking it as not controllable on its own:
// the assignment engine adds implied to a raw request that adds by and, in
// a services-level edit, keeps implied exactly where some kind implies it;
// [Catalog.Check] reports [CodeImpliedRemoval] for a request that drops a
// held implied kind while keeping by. Imply adds no requirement: where
// implied is only valid with by, add one with [Builder.Require] too.
// Implications must not form a cycle ([ErrImplicationCycle]).
func (b *Builder) Imply(by, implied Kind) {
	if b.valid(by, implied) {
		b.c.implications = append(b.c.implications, Implication{by, implied})
		b.c.infos[implied.index()].Implied = true
	}
}

// Exclude adds an exclusive family; prefer is the member that wins, or NoKind.
func (b *Builder) Exclude(code Code, prefer Kind, kinds ...Kind) {
	if !b.valid(kinds...) || SetOf(kinds...).Len() < 2 {
		b.fail("exclusive family needs two known kinds")
		return
	}
	s := SetOf(kinds...)
	if prefer != NoKind && !s.Has(prefer) {
		b.fail("preferred kind %v is not in its family", prefer)
		return
	}
	b.c.exclusions = append(b.c.exclusions, Exclusion{s, code, prefer})
}

// RefuseDowngrade adds a refused downgrade from → to.
func (b *Builder) RefuseDowngrade(from, to Kind, code Code) {
	if b.valid(from, to) {
		b.c.downgrades = append(b.c.downgrades, Downgrade{from, to, code})
	}
}

// Build returns the catalog, or the first error the builder met, or a
// [*CatalogError] for the first contradiction between its rules (LIC-1): an
// implication cycle, a kind flagged [Info.Implied] that nothing implies, a
// kind whose holding needs two members of one exclusive family (itself and
// a kind it requires, or two kinds it requires). Every error matches
// [ErrInvalidCatalog].
func (b *Builder) Build() (*Catalog, error) {
	if b.err != nil {
		return nil, b.err
	}
	c := b.c // the builder's slices are copied below so it can go on
	c.infos = append([]Info(nil), c.infos...)
	c.requirements = append([]Requirement(nil), c.requirements...)
	c.implications = append([]Implication(nil), c.implications...)
	c.exclusions = append([]Exclusion(nil), c.exclusions...)
	c.downgrades = append([]Downgrade(nil), c.downgrades...)
	c.sites = append([]string(nil), c.sites...)
	c.byName = make(map[string]Kind, len(c.infos))
	c.byCode = make(map[string]Kind, len(c.infos))
	c.needs = make([]Set, len(c.infos))
	for i, info := range c.infos {
		c.byName[foldName(info.Name)] = kindAt(i)
		if info.Code != "" && info.Site == "" {
			c.byCode[info.Code] = kindAt(i)
		}
		if info.Implied {
			c.implied = c.implied.Add(kindAt(i))
		}
	}
	for _, r := range c.requirements {
		c.needs[r.Kind.index()] = c.needs[r.Kind.index()].Add(r.Needs)
	}
	if err := c.consistent(); err != nil {
		return nil, err
	}
	return &c, nil
}

// Len returns the number of kinds, 0 for a nil catalog.
func (c *Catalog) Len() int {
	if c == nil {
		return 0
	}
	return len(c.infos)
}

// Valid reports whether k is a kind of c; [NoKind] never is.
func (c *Catalog) Valid(k Kind) bool { return k != NoKind && int(k) <= len(c.infos) }

// Info returns the description of k. It panics if k is not a kind of c.
func (c *Catalog) Info(k Kind) Info { return c.infos[k.index()] }

// Name returns k's display name, or k.String() for a kind not in c.
func (c *Catalog) Name(k Kind) string {
	if !c.Valid(k) {
		return k.String()
	}
	return c.infos[k.index()].Name
}

// All returns every kind of c.
func (c *Catalog) All() Set {
	var s Set
	for i := range c.infos {
		s = s.Add(kindAt(i))
	}
	return s
}

// Lookup finds a kind by name, ignoring white space around it and case as
// Unicode simple case folding does (strings.EqualFold): "ſ" matches "s"
// and "S", the Kelvin sign "k", but "İ" matches neither "i" nor "I". A
// name is found under exactly the spellings that [Builder.AddKind] refuses
// as its duplicates. A name that is not UTF-8 matches none.
func (c *Catalog) Lookup(name string) (Kind, bool) {
	if !utf8.ValidString(name) {
		return NoKind, false
	}
	k, ok := c.byName[foldName(strings.TrimSpace(name))]
	return k, ok
}

// foldName returns the key of a kind name for the builder's duplicate
// check and for Lookup: each character replaced by the smallest of its
// Unicode simple case-folding orbit (unicode.SimpleFold), so that two
// valid UTF-8 names have one key exactly when strings.EqualFold says they
// are equal. An ASCII name, the common case, is upper-cased: the smallest
// of the orbit of an ASCII letter is the upper-case one ("K" for "k" and
// the Kelvin sign, "S" for "s" and "ſ").
func foldName(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.Map(foldRune, s)
		}
	}
	return strings.ToUpper(s)
}

// foldRune returns the smallest rune of r's simple case-folding orbit.
func foldRune(r rune) rune {
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	return least
}

// Parse finds a kind by name and returns an [*UnknownKindError] if there is none.
func (c *Catalog) Parse(name string) (Kind, error) {
	if k, ok := c.Lookup(name); ok {
		return k, nil
	}
	return NoKind, &UnknownKindError{Name: name}
}

// ByCode finds a kind by its license-ID code and, for per-site codes,
// site, as a license ID spells it: exactly, unlike [Catalog.Site]. An ID
// is the org's own text, and its UUID is derived from that spelling.
func (c *Catalog) ByCode(code, site string) (Kind, bool) {
	if site == "" {
		k, ok := c.byCode[code]
		return k, ok
	}
	for i, info := range c.infos {
		if info.Code == code && info.Site == site {
			return kindAt(i), true
		}
	}
	return NoKind, false
}

// Sites returns the meeting sites, in the order they were added.
func (c *Catalog) Sites() []string { return append([]string(nil), c.sites...) }

// Site returns the catalog's spelling of the meeting site s, matched as a
// host name is (RFC 4343): equal but for the case of ASCII letters, every
// other character, a look-alike letter included, exactly. It is false for
// a site the catalog does not have. (The builder refuses two sites whose
// kinds' names fold together, so no two sites differ only in case.)
func (c *Catalog) Site(s string) (string, bool) {
	for _, site := range c.sites {
		if sameHost(site, s) {
			return site, true
		}
	}
	return "", false
}

// SiteKind returns the kind of site with role r; site is matched as
// [Catalog.Site] matches it.
func (c *Catalog) SiteKind(site string, r Role) (Kind, bool) {
	for i, info := range c.infos {
		if info.Role == r && info.Site != "" && sameHost(info.Site, site) {
			return kindAt(i), true
		}
	}
	return NoKind, false
}

// sameHost reports whether host names a and b are equal but for the case
// of ASCII letters.
func sameHost(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerASCII(a[i]) != lowerASCII(b[i]) {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// Requirements returns the requirement rules, in the order they were added.
func (c *Catalog) Requirements() []Requirement { return append([]Requirement(nil), c.requirements...) }

// Implications returns the implication rules.
func (c *Catalog) Implications() []Implication { return append([]Implication(nil), c.implications...) }

// Exclusions returns the exclusive families.
func (c *Catalog) Exclusions() []Exclusion { return append([]Exclusion(nil), c.exclusions...) }

// Downgrades returns the refused downgrades.
func (c *Catalog) Downgrades() []Downgrade { return append([]Downgrade(nil), c.downgrades...) }

// Needs returns the kinds k requires directly, or the empty set for a kind
// not in c.
func (c *Catalog) Needs(k Kind) Set {
	if !c.Valid(k) {
		return Set{}
	}
	return c.needs[k.index()]
}

// Matching returns the kinds whose Info satisfies keep.
func (c *Catalog) Matching(keep func(Info) bool) Set {
	var s Set
	for i, info := range c.infos {
		if keep(info) {
			s = s.Add(kindAt(i))
		}
	}
	return s
}

// Format returns s as "{Basic Messaging, Call on Webex}", in catalog order.
func (c *Catalog) Format(s Set) string {
	var b strings.Builder
	b.WriteByte('{')
	for k := range s.All() {
		if b.Len() > 1 {
			b.WriteString(", ")
		}
		b.WriteString(c.Name(k))
	}
	b.WriteByte('}')
	return b.String()
}

// UnknownKindError reports a license name that is not in the catalog (400000).
type UnknownKindError struct{ Name string }

// Error returns `license: unknown license "Name"`.
func (e *UnknownKindError) Error() string {
	return fmt.Sprintf("license: unknown license %q", e.Name)
}

// Unwrap returns [ErrUnknownKind].
func (e *UnknownKindError) Unwrap() error { return ErrUnknownKind }

// Is matches the API code of an unknown license, 400000 (LIC-13).
func (e *UnknownKindError) Is(target error) bool { return target == error(CodeUnknownLicense) }
