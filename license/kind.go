package license

import "strconv"

// Kind is a license kind: a dense index into a [Catalog], from 1. The kinds
// of the default catalog have names (BasicMessaging, ...); per-site meetings
// kinds follow them in the order the sites were added. The zero Kind is
// [NoKind], which no catalog holds: a zero value never names a license.
type Kind uint8

// NoKind is the absent kind, the zero Kind.
const NoKind Kind = 0

// index returns k's position in a catalog's kind list; it is -1 for NoKind.
func (k Kind) index() int { return int(k) - 1 }

// kindAt returns the kind at position i of a catalog's kind list.
func kindAt(i int) Kind { return Kind(i + 1) }

// String returns the name a kind has in the default catalog (LIC-1), such
// as "Advanced Messaging", and "#n" for a kind after those (per-site and
// custom kinds). A custom catalog may name a kind otherwise: use
// [Catalog.Name] for its name there.
func (k Kind) String() string {
	switch {
	case k == NoKind:
		return "none"
	case int(k) <= len(defaultInfos):
		return defaultInfos[k.index()].Name
	}
	return "#" + strconv.Itoa(int(k))
}

// Category is a service category (LIC-1).
type Category uint8

// The service categories.
const (
	Messaging Category = iota + 1
	Meetings
	Calling
	ContactCenter
)

var categoryNames = [...]string{"", "Messaging", "Meetings", "Calling", "Contact Center"}

// String returns the category's display name.
func (c Category) String() string {
	if int(c) < len(categoryNames) && c != 0 {
		return categoryNames[c]
	}
	return "Category(" + strconv.Itoa(int(c)) + ")"
}

// Role is the meetings role of a per-site kind (LIC-1, ASG-10).
type Role uint8

// The meetings roles. RoleNone is every kind that is not per site.
const (
	RoleNone Role = iota
	RoleHost
	RoleAttendee
)

// String returns "host", "attendee" or "".
func (r Role) String() string {
	switch r {
	case RoleHost:
		return "host"
	case RoleAttendee:
		return "attendee"
	}
	return ""
}

// Info describes one license kind. The catalog is data: every behaviour of a
// kind is one of these fields or one of the catalog's rules.
type Info struct {
	Name     string   // display name, unique in the catalog
	Code     string   // license-ID code (LIC-6); empty when the kind has no license ID
	Category Category // service category
	Paid     bool     // bought in subscriptions
	// ConsumesUnit is set for kinds whose holders each take one unit of a
	// subscription (ASG-15: the attendee role takes none).
	ConsumesUnit bool
	Site         string // meeting site URL for per-site kinds, else ""
	Role         Role   // host or attendee for per-site kinds
	// NeedsPlacement marks a Webex Calling license (CAL-1): it needs a
	// location and a number or extension.
	NeedsPlacement bool
	// UserDefault marks the free kinds a new ungoverned user gets (LIC-2).
	UserDefault bool
	// TemplateDefault marks the kinds a new template starts with (LIC-2).
	TemplateDefault bool
	// Implied marks a kind that is held exactly when its implier is and
	// cannot be controlled on its own (LIC-5).
	Implied bool
}

// PerSite reports whether the kind belongs to one meeting site.
func (i Info) PerSite() bool { return i.Site != "" }
