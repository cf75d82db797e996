package broadworks

import (
	"encoding/binary"
	"encoding/hex"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/internal/visible"
	"github.com/wxlicense/wxlicense/license"
)

// Config sets up a Cloud. The zero value works: seed 0, the default site
// names, and personal-room switch delays drawn from the seeded source.
type Config struct {
	Seed         uint64
	StandardSite string // the Standard package's meeting site (BW-17)
	PremiumSite  string // the Premium package's meeting site (BW-17)
	// RoomDelay pins the personal-room switch delay of a package change
	// (BW-17); zero draws it from the seeded source in [2 h, 3 h].
	RoomDelay time.Duration
}

// The default meeting sites of the Standard and Premium packages.
const (
	DefaultStandardSite = "bw-standard.webex.com"
	DefaultPremiumSite  = "bw-premium.webex.com"
)

// Cloud is the Webex cloud as Webex for BroadWorks sees it: partners with
// their clusters, templates, enterprises and subscribers; customer orgs with
// their persons; and consumer or self-sign-up accounts. It changes only
// through its methods, each all-or-nothing. Make one with [NewCloud]: the
// zero Cloud is empty and refuses every addition (ErrInvalidInput).
type Cloud struct {
	cat      *license.Catalog
	cfg      Config
	pkgKinds [Softphone + 1]license.Set
	rng      rand.PCG
	partners map[string]*Partner
	orgs     map[string]*Org
	accounts map[string]*Account // consumer and self-sign-up accounts, by lower-case e-mail
	where    map[string]string   // lower-case e-mail → ID of the org holding that person
	notices  []Notification
}

// Account is a Webex account outside any customer org: a consumer org user
// or a self-signed-up free or trial account (BW-8).
type Account struct {
	PersonID string
	Email    string
}

// NewCloud returns an empty cloud.
func NewCloud(cfg Config) (*Cloud, error) {
	if cfg.StandardSite == "" {
		cfg.StandardSite = DefaultStandardSite
	}
	if cfg.PremiumSite == "" {
		cfg.PremiumSite = DefaultPremiumSite
	}
	if cfg.RoomDelay < 0 {
		return nil, &Error{Op: "new cloud", Detail: "negative room delay", Err: ErrInvalidInput}
	}
	cat, err := license.NewDefault(cfg.StandardSite, cfg.PremiumSite)
	if err != nil {
		return nil, &Error{Op: "new cloud", Detail: "sites", Err: err}
	}
	c := &Cloud{cat: cat, cfg: cfg, rng: *rand.NewPCG(cfg.Seed, 0x6277),
		partners: map[string]*Partner{}, orgs: map[string]*Org{},
		accounts: map[string]*Account{}, where: map[string]string{}}
	std, _ := cat.SiteKind(cfg.StandardSite, license.RoleHost)
	prem, _ := cat.SiteKind(cfg.PremiumSite, license.RoleHost)
	free := license.SetOf(license.BasicMessaging, license.BasicSpaceMeetings, license.CallOnWebex)
	basic := free.Add(license.BasicMeetings)
	paid := basic.Add(license.AdvancedMessaging).Add(license.AdvancedSpaceMeetings)
	c.pkgKinds = [...]license.Set{free, basic, paid.Add(std), paid.Add(prem), free}
	return c, nil
}

// isZero reports whether c is the zero Cloud, which has no catalog: it
// holds nothing and takes nothing (AddPartner, AddAccount and AddOrg
// refuse it), as everything else of a cloud hangs off those three.
func (c *Cloud) isZero() bool { return c.cat == nil }

const zeroDetail = "the zero Cloud: make one with NewCloud"

// Catalog returns the license catalog of every org of the cloud.
func (c *Cloud) Catalog() *license.Catalog { return c.cat }

// PackageLicenses returns the license kinds a package gives through the
// engine (BW-17): Softphone the free kinds (LIC-2), Basic also Basic
// Meetings, Standard and Premium also Advanced Messaging, Advanced Space
// Meetings and the host role on their own meeting site. NoPackage gives the
// free kinds a free Webex user keeps (BW-18).
func (c *Cloud) PackageLicenses(p Package) license.Set {
	if p > Softphone {
		return license.Set{}
	}
	return c.pkgKinds[p]
}

// Clone returns a deep copy of the cloud. The copy shares only immutable
// values: the catalog and the applied engine plans.
func (c *Cloud) Clone() *Cloud {
	n := *c
	n.partners = cloneMap(c.partners, (*Partner).clone)
	n.orgs = cloneMap(c.orgs, (*Org).clone)
	n.accounts = cloneMap(c.accounts, func(a *Account) *Account { x := *a; return &x })
	n.where = maps.Clone(c.where)
	n.notices = slices.Clone(c.notices)
	return &n
}

func cloneMap[V any](m map[string]V, f func(V) V) map[string]V {
	n := make(map[string]V, len(m))
	for k, v := range m {
		n[k] = f(v)
	}
	return n
}

// sortedKeys returns a map's keys in order, so nothing depends on map order.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// Notifications returns every recorded notification, in the order sent.
func (c *Cloud) Notifications() []Notification { return slices.Clone(c.notices) }

func (c *Cloud) notify(n Notification) { c.notices = append(c.notices, n) }

// newUUID draws a UUID-shaped ID (32 hex digits in hyphen-separated groups
// 8-4-4-4-12, BW-1) from the seeded source, skipping the IDs of existing
// orgs: AddOrg may have taken one.
func (c *Cloud) newUUID() string {
	for {
		if id := c.drawUUID(); c.orgs[id] == nil {
			return id
		}
	}
}

// drawUUID draws one UUID-shaped ID from the seeded source.
func (c *Cloud) drawUUID() string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], c.rng.Uint64())
	binary.BigEndian.PutUint64(b[8:], c.rng.Uint64())
	var out [36]byte
	j := 0
	for i, x := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out[j] = '-'
			j++
		}
		hex.Encode(out[j:j+2], []byte{x})
		j += 2
	}
	return string(out[:])
}

// roomDelay draws the personal-room switch delay of BW-17.
func (c *Cloud) roomDelay() time.Duration {
	if c.cfg.RoomDelay > 0 {
		return c.cfg.RoomDelay
	}
	return 2*time.Hour + time.Duration(c.rng.Uint64()%3601)*time.Second
}

// AddPartner adds a partner with no clusters, templates or enterprises.
// AdvancedBranding says whether the partner configured advanced branding
// (BW-13). The name may be empty; one given must be visible text
// (validName), else ErrInvalidInput.
func (c *Cloud) AddPartner(id, name string, advancedBranding bool) error {
	switch {
	case c.isZero():
		return &Error{Op: "add partner", Partner: id, Detail: zeroDetail, Err: ErrInvalidInput}
	case !validID(id):
		return &Error{Op: "add partner", Partner: id, Err: ErrInvalidInput}
	case !optionalName(name):
		return &Error{Op: "add partner", Partner: id, Detail: nameDetail(name), Err: ErrInvalidInput}
	case c.partners[id] != nil:
		return &Error{Op: "add partner", Partner: id, Err: ErrExists}
	}
	c.partners[id] = newPartner(id, name, advancedBranding)
	return nil
}

// Partner returns a partner, or nil.
func (c *Cloud) Partner(id string) *Partner { return c.partners[id] }

// Partners returns the partners' IDs in order.
func (c *Cloud) Partners() []string { return sortedKeys(c.partners) }

// AddAccount adds a consumer or self-sign-up account (BW-8).
func (c *Cloud) AddAccount(email string) (Account, error) {
	e := &Error{Op: "add account", Email: email}
	if c.isZero() {
		e.Detail, e.Err = zeroDetail, ErrInvalidInput
		return Account{}, e
	}
	if !validEmail(email) {
		e.Err = ErrInvalidInput
		return Account{}, e
	}
	if c.emailTaken(email) {
		e.Err = ErrExists
		return Account{}, e
	}
	a := &Account{PersonID: c.newUUID(), Email: email}
	c.accounts[lower(email)] = a
	return *a, nil
}

// LookupAccount finds a consumer or self-sign-up account by e-mail.
func (c *Cloud) LookupAccount(email string) (Account, bool) {
	if a := c.accounts[lower(email)]; a != nil {
		return *a, true
	}
	return Account{}, false
}

func (c *Cloud) emailTaken(email string) bool {
	k := lower(email)
	return c.accounts[k] != nil || c.where[k] != ""
}

func lower(s string) string { return strings.ToLower(s) }

// validID accepts a non-empty identifier of printable characters without
// spaces, at most 256 bytes of valid UTF-8.
func validID(s string) bool {
	if s == "" || len(s) > 256 || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if visible.IsInvisible(r) {
			return false
		}
	}
	return true
}

// validEmail accepts local@domain: a valid ID with one @, a non-empty
// local part not starting with a spreadsheet-formula character, and a
// dotted domain, that the engine takes as a user's e-mail
// (assignment.ParseEmail), so that a subscriber's e-mail accepted here
// never refuses the person's creation at completion.
func validEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if !validID(s) || at <= 0 || strings.Count(s, "@") != 1 || strings.ContainsAny(s[:1], "=+-@|%") {
		return false
	}
	d := s[at+1:]
	if !strings.Contains(d, ".") || strings.HasPrefix(d, ".") || strings.HasSuffix(d, ".") {
		return false
	}
	_, err := assignment.ParseEmail(s)
	return err == nil
}

// day truncates t to its UTC date.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
