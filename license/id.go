package license

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// idURIPrefix is the fixed start of every decoded license ID (LIC-6);
// idResourcePrefix is the part every Webex resource ID shares, before its
// resource type.
const (
	idResourcePrefix = "ciscospark://us/"
	idURIPrefix      = idResourcePrefix + idResourceType + "/"
	idResourceType   = "LICENSE"
)

// ErrMalformedID is the sentinel matched by every error ParseID, NewID and
// ID.UnmarshalText return: errors.Is(err, ErrMalformedID) reports whether err
// was caused by a malformed license ID.
var ErrMalformedID = errors.New("license: malformed license ID")

// Reasons carried by IDError.Reason.
const (
	idReasonEmpty          = "empty input"
	idReasonNotBase64      = "not base64"
	idReasonMixedAlphabets = "mixed URL-safe and standard base64 alphabets"
	idReasonBadPadding     = "bad base64 padding"
	idReasonPrefix         = "missing " + idURIPrefix + " prefix"
	idReasonEmptyOrg       = "empty org"
	idReasonOrgColon       = "org contains ':'"
	idReasonOrgSlash       = "org contains '/'"
	idReasonOrgChar        = "org contains a space, control character or invalid UTF-8"
	idReasonNoUnderscore   = "missing '_' between code and uuid"
	idReasonEmptyCode      = "empty code"
	idReasonCode           = "code must be upper-case letters"
	idReasonEmptyUUID      = "empty uuid"
	idReasonUUIDUnderscore = "uuid contains '_'"
	idReasonUUIDChar       = "uuid contains a space, control character or invalid UTF-8"
	idReasonEmptySite      = "empty site after '_'"
	idReasonSiteChar       = "site contains a space, control character or invalid UTF-8"
	idReasonOpaqueSlash    = "opaque uuid contains '/'"
	idReasonOpaqueColon    = "opaque uuid contains ':'"
	idReasonOpaqueSite     = "opaque ID with a site"
)

// idReasonResource is the reason for the ID of another resource type, such
// as ciscospark://us/PEOPLE/...: it names the type.
func idReasonResource(typ string) string {
	return fmt.Sprintf("resource type %q is not %s", typ, idResourceType)
}

// IDError describes a malformed license ID, or another API resource ID
// given to [DecodeResourceID]. It unwraps to ErrMalformedID.
type IDError struct {
	// Input is the rejected text: the encoded ID given to ParseID, or the
	// decoded ciscospark:// form built from the parts given to NewID.
	Input string
	// Reason says what is wrong, e.g. "not base64" or "empty uuid".
	Reason string

	resource bool // the input was another resource's ID (DecodeResourceID)
}

// idErrorInputMax is how many runes of the input IDError.Error shows.
const idErrorInputMax = 80

// Error returns a message naming the (quoted, truncated) input and the reason.
func (e *IDError) Error() string {
	in, cut := e.Input, ""
	n := 0
	for i := range in {
		if n == idErrorInputMax {
			in, cut = in[:i], "..."
			break
		}
		n++
	}
	what := "license ID"
	if e.resource {
		what = "resource ID"
	}
	return fmt.Sprintf("license: malformed %s %q%s: %s", what, in, cut, e.Reason)
}

// Unwrap returns ErrMalformedID.
func (e *IDError) Unwrap() error { return ErrMalformedID }

// ID is a license ID (LIC-6): the base64 encoding of
// ciscospark://us/LICENSE/<Org>:<Code>_<UUID>, or, for a meeting-site
// license, ciscospark://us/LICENSE/<Org>:<Code>_<UUID>_<Site>, or, as the API
// reference's examples write them, the opaque form
// ciscospark://us/LICENSE/<UUID> with no org and no code.
//
// ID is a small comparable value type; use it as a map key and compare it
// with ==. The zero ID is not valid. A valid ID has a non-empty Org without
// ':' or '/', a Code of one or more upper-case ASCII letters, a non-empty UUID
// without '_', and a Site that is empty (no site) or any text, '_' included;
// no part holds spaces, control characters or invalid UTF-8. The Code is not
// checked against a catalog: codes the catalog does not know are valid here.
// An opaque ID (ID.Opaque) has an empty Org, Code and Site and a UUID without
// ':', '_' or '/'; its kind is unknown (Catalog.KindOfID finds it by the
// license's name where the ID comes with one).
type ID struct {
	Org  string // organization ID
	Code string // license kind code, e.g. "FMS" or "EE"
	UUID string // the license's own UUID, e.g. from DeriveUUID
	Site string // meeting site URL, e.g. "example.webex.com"; empty if none
}

// NewID returns the license ID with the given parts, validated by the rules
// ParseID applies. site is empty for a license that is not per meeting site.
func NewID(org, code, uuid, site string) (ID, error) {
	id := ID{Org: org, Code: code, UUID: uuid, Site: site}
	if r := id.invalid(); r != "" {
		return ID{}, &IDError{Input: id.URI(), Reason: r}
	}
	return id, nil
}

// MustParseID calls ParseID and panics on error. It is meant for tests and
// package-level values built from constants.
func MustParseID(s string) ID {
	id, err := ParseID(s)
	if err != nil {
		panic(err)
	}
	return id
}

// ParseID parses a license ID: the base64 encoding, with the URL-safe or the
// standard alphabet, padded or not, of its ciscospark:// form, coded or
// opaque (LIC-6). The ID of another resource type, such as
// ciscospark://us/PEOPLE/..., is refused with a reason naming the type. It is the exact
// inverse of ID.String: ParseID(id.String()) == id for every valid id, and
// ParseID(s).String() == s for every s it accepts in canonical form (URL-safe
// alphabet, no padding). Errors are *IDError and match ErrMalformedID.
func ParseID(s string) (ID, error) {
	uri, reason := decodeIDBase64(s)
	if reason == "" {
		var id ID
		if id, reason = parseIDURI(uri); reason == "" {
			return id, nil
		}
	}
	return ID{}, &IDError{Input: s, Reason: reason}
}

// DecodeResourceID decodes the text of an API resource ID, such as an
// org's or a person's: the base64 of its ciscospark:// form, read as
// [ParseID] reads a license ID (either alphabet, padded as the standard
// encoding pads or not at all, strictly), without checking the form. Its
// errors are *IDError and match ErrMalformedID.
func DecodeResourceID(s string) (string, error) {
	uri, reason := decodeIDBase64(s)
	if reason != "" {
		return "", &IDError{Input: s, Reason: reason, resource: true}
	}
	return uri, nil
}

// decodeIDBase64 decodes s strictly, choosing the alphabet by the characters
// present, and returns the decoded text or the reason it is not base64.
func decodeIDBase64(s string) (string, string) {
	if s == "" {
		return "", idReasonEmpty
	}
	body := strings.TrimRight(s, "=")
	if pad := len(s) - len(body); pad > 0 {
		// Padding, when present, must be exactly what StdEncoding emits.
		// With at most two '=' and a length that is a multiple of 4, the
		// count of '=' is the one the body's length calls for.
		if len(s)%4 != 0 || pad > 2 {
			return "", idReasonBadPadding
		}
	}
	url, std := false, false
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '-' || c == '_':
			url = true
		case c == '+' || c == '/':
			std = true
		default:
			// Also rejects '\r' and '\n', which package base64 would skip.
			return "", idReasonNotBase64
		}
	}
	if url && std {
		return "", idReasonMixedAlphabets
	}
	enc := base64.RawURLEncoding
	if std {
		enc = base64.RawStdEncoding
	}
	// Strict rejects non-zero trailing bits, so each ID has one canonical
	// encoding per alphabet.
	b, err := enc.Strict().DecodeString(body)
	if err != nil {
		return "", idReasonNotBase64
	}
	return string(b), ""
}

// parseIDURI splits the decoded ciscospark:// form into an ID, or returns the
// reason it is malformed: the ID of another resource type is refused naming
// the type, and a license ID without ':' is the opaque form.
func parseIDURI(uri string) (ID, string) {
	typed, ok := strings.CutPrefix(uri, idResourcePrefix)
	if !ok {
		return ID{}, idReasonPrefix
	}
	typ, rest, ok := strings.Cut(typed, "/")
	switch {
	case !ok:
		return ID{}, idReasonPrefix
	case typ != idResourceType:
		return ID{}, idReasonResource(typ)
	}
	org, rest, ok := strings.Cut(rest, ":")
	if !ok {
		id := ID{UUID: org}
		return id, id.invalid()
	}
	code, rest, ok := strings.Cut(rest, "_")
	if !ok {
		return ID{}, idReasonNoUnderscore
	}
	uuid, site, hasSite := strings.Cut(rest, "_")
	if hasSite && site == "" {
		return ID{}, idReasonEmptySite
	}
	id := ID{Org: org, Code: code, UUID: uuid, Site: site}
	if r := id.invalid(); r != "" {
		return ID{}, r
	}
	return id, ""
}

// invalid returns why id is not a valid license ID, or "" if it is.
func (id ID) invalid() string {
	if id.Org == "" && id.Code == "" {
		return id.invalidOpaque()
	}
	switch {
	case id.Org == "":
		return idReasonEmptyOrg
	case strings.Contains(id.Org, ":"):
		return idReasonOrgColon
	case strings.Contains(id.Org, "/"):
		return idReasonOrgSlash
	case !idCleanToken(id.Org):
		return idReasonOrgChar
	case id.Code == "":
		return idReasonEmptyCode
	case !idUpperLetters(id.Code):
		return idReasonCode
	case id.UUID == "":
		return idReasonEmptyUUID
	case strings.Contains(id.UUID, "_"):
		return idReasonUUIDUnderscore
	case !idCleanToken(id.UUID):
		return idReasonUUIDChar
	case !idCleanToken(id.Site):
		return idReasonSiteChar
	}
	return ""
}

// invalidOpaque returns why id, with no org and no code, is not a valid
// opaque ID, or "" if it is.
func (id ID) invalidOpaque() string {
	switch {
	case id.UUID == "":
		return idReasonEmptyUUID
	case id.Site != "":
		return idReasonOpaqueSite
	case strings.Contains(id.UUID, "_"):
		return idReasonUUIDUnderscore
	case strings.Contains(id.UUID, "/"):
		return idReasonOpaqueSlash
	case strings.Contains(id.UUID, ":"):
		return idReasonOpaqueColon
	case !idCleanToken(id.UUID):
		return idReasonUUIDChar
	}
	return ""
}

// Opaque reports whether id is an opaque ID, ciscospark://us/LICENSE/<UUID>,
// with no org and no code (LIC-6): its kind is not in the ID.
func (id ID) Opaque() bool {
	return id.Org == "" && id.Code == "" && id.UUID != "" && id.Site == ""
}

// KindOfID returns the kind a license ID names (LIC-6): the kind of its code
// (and site) for a coded ID; for an opaque ID, which carries no code, the kind
// named name (as the Licenses API gives each ID with the license's name,
// matched as [Catalog.Lookup] does), or, failing that, when site is one of
// the catalog's meeting sites, that site's host kind: a license on a meeting
// site is its host license (the attendee role is no license, LIC-1). A code
// or name the catalog does not know gives NoKind, an unknown kind, and so
// does an invalid ID.
func (c *Catalog) KindOfID(id ID, name, site string) Kind {
	if !id.IsValid() {
		return NoKind
	}
	if !id.Opaque() {
		k, _ := c.ByCode(id.Code, id.Site)
		return k
	}
	if k, ok := c.Lookup(name); ok {
		return k
	}
	if site == "" {
		return NoKind
	}
	k, _ := c.SiteKind(site, RoleHost)
	return k
}

// idUpperLetters reports whether s is made of ASCII letters A to Z only.
func idUpperLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// idCleanToken reports whether s is valid UTF-8 without spaces or control
// characters.
func idCleanToken(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// IsValid reports whether id is a valid license ID, one NewID would accept.
func (id ID) IsValid() bool { return id.invalid() == "" }

// IsZero reports whether id is the zero ID.
func (id ID) IsZero() bool { return id == ID{} }

// URI returns the decoded form of id:
// ciscospark://us/LICENSE/<Org>:<Code>_<UUID>[_<Site>], or
// ciscospark://us/LICENSE/<UUID> for an opaque ID.
func (id ID) URI() string {
	if id.Opaque() {
		return idURIPrefix + id.UUID
	}
	var b strings.Builder
	b.Grow(len(idURIPrefix) + len(id.Org) + len(id.Code) + len(id.UUID) + len(id.Site) + 3)
	b.WriteString(idURIPrefix)
	b.WriteString(id.Org)
	b.WriteByte(':')
	b.WriteString(id.Code)
	b.WriteByte('_')
	b.WriteString(id.UUID)
	if id.Site != "" {
		b.WriteByte('_')
		b.WriteString(id.Site)
	}
	return b.String()
}

// String returns the canonical encoding of id, as the API emits it: URL-safe
// base64 without padding of id.URI(). The zero ID gives "". An invalid id is
// encoded as it is, and ParseID rejects the result.
func (id ID) String() string {
	if id.IsZero() {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(id.URI()))
}

// MarshalText implements encoding.TextMarshaler. The zero ID encodes as empty
// text; any other invalid ID is an error.
func (id ID) MarshalText() ([]byte, error) {
	if id.IsZero() {
		return []byte{}, nil
	}
	if r := id.invalid(); r != "" {
		return nil, &IDError{Input: id.URI(), Reason: r}
	}
	return []byte(id.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler. Empty text gives the zero
// ID; anything else must be accepted by ParseID.
func (id *ID) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*id = ID{}
		return nil
	}
	p, err := ParseID(string(text))
	if err != nil {
		return err
	}
	*id = p
	return nil
}

// deriveUUIDNamespace is the namespace of DeriveUUID: the version 5 UUID of the
// name "https://github.com/wxlicense/wxlicense/license" in the RFC 9562 URL
// namespace: 793273bc-46d1-541c-88b0-12ca1e5fa5d1 (checked by a test).
var deriveUUIDNamespace = [16]byte{
	0x79, 0x32, 0x73, 0xbc, 0x46, 0xd1, 0x54, 0x1c,
	0x88, 0xb0, 0x12, 0xca, 0x1e, 0x5f, 0xa5, 0xd1,
}

// DeriveUUID returns a deterministic, name-based UUID (RFC 9562 version 5:
// SHA-1 over a fixed namespace and the parts joined with a 0x00 byte) in
// lower-case 8-4-4-4-12 hex form. It gives each (org, kind code,
// subscription[, site]) one stable license UUID without randomness, e.g.
// DeriveUUID(org, "EE", subscriptionID, "example.webex.com"). Parts are not
// escaped, so they should not contain 0x00 themselves.
func DeriveUUID(parts ...string) string {
	return nameUUIDv5(deriveUUIDNamespace, strings.Join(parts, "\x00"))
}

// nameUUIDv5 returns the version 5 UUID of name in namespace ns.
func nameUUIDv5(ns [16]byte, name string) string {
	b := formatUUIDv5(sha1.Sum(append(ns[:], name...)))
	return string(b[:])
}

// formatUUIDv5 gives a SHA-1 sum the version 5 UUID's version and variant
// bits and returns it in 8-4-4-4-12 hex form.
func formatUUIDv5(sum [sha1.Size]byte) [36]byte {
	u := sum[:16]
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:36], u[10:16])
	return b
}

// UUIDDeriver derives the UUIDs [DeriveUUID] gives names that share their
// leading parts, without allocating: for a search over many names, such
// as every user's e-mail under one org. Its zero value, and a nil one,
// derive DeriveUUID(last).
type UUIDDeriver struct {
	buf []byte // the namespace, the leading parts each followed by 0x00, then the last part
	n   int    // len(buf) before the last part
}

// NewUUIDDeriver returns a deriver of the UUIDs of names whose parts start
// with leading.
func NewUUIDDeriver(leading ...string) *UUIDDeriver {
	d := &UUIDDeriver{buf: append([]byte(nil), deriveUUIDNamespace[:]...)}
	for _, p := range leading {
		d.buf = append(append(d.buf, p...), 0)
	}
	d.n = len(d.buf)
	return d
}

// Derive returns the text of DeriveUUID(leading..., last), as an array so
// that comparing it with a string allocates nothing.
func (d *UUIDDeriver) Derive(last string) [36]byte {
	if d == nil {
		d = new(UUIDDeriver)
	}
	if d.buf == nil {
		*d = *NewUUIDDeriver()
	}
	d.buf = append(d.buf[:d.n], last...)
	return formatUUIDv5(sha1.Sum(d.buf))
}
