package broadworks

import (
	"slices"
	"time"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// bwSubscription is the ID of the Webex for BroadWorks subscription in an
// org's engine. Its units are unbounded: overage never blocks (BW-30).
const bwSubscription = "webex-for-broadworks"

const bwUnits = 1 << 30

// Org is a customer org as Webex for BroadWorks sees it: its persons, the
// partner whose customer it is, its mapping to an enterprise (BW-34), the
// settings the rules read, and its license state in the assignment engine.
type Org struct {
	ID   string
	Name string
	// Partner is the partner whose customer the org is ("" none), with the
	// role it holds (PartnerFullAdmin or PartnerProvisioningAdmin, BW-10).
	Partner     string
	PartnerRole Role
	// Enterprise is the SP enterprise ID of the enterprise of Partner mapped
	// to the org (BW-34), "" while none.
	Enterprise     string
	Restricted     bool // restricted-by-partner mode (BW-24)
	SuppressEmails bool // automatic e-mails suppressed (BW-13, LIC-12)
	DirSync        bool // directory sync on (BW-19)
	Hybrid         bool // hybrid deployment (BW-16)
	BasicBranding  bool // the org uses basic branding (BW-13)
	AssistantOff   bool // Webex Assistant switched off (BW-22)
	Workspaces     int  // BroadWorks workspaces (BW-16)
	// Authentication is how the org's users sign in: the template's for an
	// org created by provisioning, the org's own for an attached one (BW-13).
	Authentication Authentication
	// MeetingSites are the meeting sites the org's persons were given,
	// sorted; a site stays after everyone moved off it (BW-17).
	MeetingSites   []string
	CallingConfig  bool // a BroadWorks calling configuration exists (BW-16)
	BWActive       bool // the Webex for BroadWorks subscription is active
	Subscriptions  []PaidSubscription
	Domains        []Domain
	ExternalAdmins []ExternalAdmin

	persons map[string]*Person // by lower-case e-mail
	copied  int                // the persons of the org a copy (Cloud.Org) was made of; it has none
	eng     *assignment.Org
	bwAdded bool // the engine has the Webex for BroadWorks subscription
	changes []LicenseChange
}

// SubState is a paid subscription's state.
type SubState uint8

// The subscription states (BW-10).
const (
	SubActive SubState = iota + 1
	SubSuspended
	SubCancelled
)

// PaidSubscription is a paid subscription of an org other than the Webex
// for BroadWorks one (BW-10).
type PaidSubscription struct {
	ID    string
	State SubState
}

// Domain is an e-mail domain of an org (BW-9).
type Domain struct {
	Name     string
	Verified bool
	Claimed  bool
}

// ExternalAdmin is a partner admin e-mail a customer admin added as
// external admin (BW-14), with full or read-only rights.
type ExternalAdmin struct {
	Email string
	Full  bool
}

// Person is a Webex user of a customer org.
type Person struct {
	ID     string
	Email  string
	Role   Role // a customer role, or EndUser
	Synced bool // added by directory sync (BW-19)
	// Subscriber is the BroadWorks user ID of the subscriber linked to the
	// person ("" none); the subscriber belongs to the org's partner.
	Subscriber   string
	Package      Package
	Sites        []string  // meeting sites shown (BW-17)
	RoomSwitchAt time.Time // when personal-room settings follow a package change (BW-17)

	engEmail string // the e-mail the engine knows the person by
}

// LicenseChange is one applied engine plan of an org, with what caused it.
type LicenseChange struct {
	At    time.Time
	Cause string // e.g. "provision u1 (standard)"
	Plan  *assignment.Plan
}

// Lines renders the plan's changes with names, one per line.
func (l LicenseChange) Lines() []string { return l.Plan.Lines() }

func (o *Org) clone() *Org {
	n := o.info()
	n.copied = o.copied // a clone has the persons themselves
	n.persons = cloneMap(o.persons, func(p *Person) *Person {
		x := *p
		x.Sites = slices.Clone(p.Sites)
		return &x
	})
	n.eng = o.eng.Clone()
	n.changes = slices.Clone(o.changes)
	return &n
}

// info returns a copy of the org's fields without its persons, engine or
// license changes; the slices are copies too, so the caller cannot change
// the org through it.
func (o *Org) info() Org {
	x := *o
	x.Subscriptions = slices.Clone(o.Subscriptions)
	x.Domains = slices.Clone(o.Domains)
	x.MeetingSites = slices.Clone(o.MeetingSites)
	x.ExternalAdmins = slices.Clone(o.ExternalAdmins)
	x.persons, x.eng, x.changes = nil, nil, nil
	x.copied = len(o.persons)
	return x
}

// NumUsers counts the org's persons (BW-9); a copy from [Cloud.Org]
// counts those of the org when it was made.
func (o *Org) NumUsers() int {
	if o.persons == nil {
		return o.copied
	}
	return len(o.persons)
}

// mapped reports whether the org is mapped to an enterprise.
func (o *Org) mapped() bool { return o.Enterprise != "" }

// approvalNeeded reports the BW-9 approval conditions.
func (o *Org) approvalNeeded() bool {
	if len(o.persons) >= 100 {
		return true
	}
	for _, d := range o.Domains {
		if d.Verified || d.Claimed {
			return true
		}
	}
	return false
}

// externalFull reports whether e-mail is an external full admin (BW-14).
func (o *Org) externalFull(email string) bool {
	for _, a := range o.ExternalAdmins {
		if a.Full && lower(a.Email) == lower(email) {
			return true
		}
	}
	return false
}

// otherActive reports whether the org has an active paid subscription other
// than Webex for BroadWorks (BW-10).
func (o *Org) otherActive() bool {
	for _, s := range o.Subscriptions {
		if s.State == SubActive {
			return true
		}
	}
	return false
}

// fullAdmins returns the e-mails of the org's customer full admins, sorted.
func (o *Org) fullAdmins() []string {
	var out []string
	for _, k := range sortedKeys(o.persons) {
		if p := o.persons[k]; p.Role == CustomerFullAdmin {
			out = append(out, p.Email)
		}
	}
	return out
}

// Org returns a copy of an org's fields (without persons or engine).
func (c *Cloud) Org(id string) (Org, bool) {
	o := c.orgs[id]
	if o == nil {
		return Org{}, false
	}
	return o.info(), true
}

// Orgs returns the IDs of every customer org, in order.
func (c *Cloud) Orgs() []string { return sortedKeys(c.orgs) }

// Persons returns copies of an org's persons, by e-mail.
func (c *Cloud) Persons(orgID string) []Person {
	o := c.orgs[orgID]
	if o == nil {
		return nil
	}
	out := make([]Person, 0, len(o.persons))
	for _, k := range sortedKeys(o.persons) {
		x := *o.persons[k]
		x.Sites = slices.Clone(x.Sites)
		out = append(out, x)
	}
	return out
}

// LookupPerson finds the person with an e-mail (case-insensitively) and
// the org holding it.
func (c *Cloud) LookupPerson(email string) (Person, string, bool) {
	id := c.where[lower(email)]
	if id == "" {
		return Person{}, "", false
	}
	x := *c.orgs[id].persons[lower(email)]
	x.Sites = slices.Clone(x.Sites)
	return x, id, true
}

// Held returns the licenses a person holds in the engine (admin view).
func (c *Cloud) Held(email string) license.Set {
	id := c.where[lower(email)]
	if id == "" {
		return license.Set{}
	}
	o := c.orgs[id]
	u, ok := o.eng.LookupUser(o.persons[lower(email)].engEmail)
	if !ok {
		return license.Set{}
	}
	return o.eng.Held(u)
}

// LicenseChanges returns the engine plans applied to an org, in order: what
// each subscriber's package did to its licenses, and why.
func (c *Cloud) LicenseChanges(orgID string) []LicenseChange {
	o := c.orgs[orgID]
	if o == nil {
		return nil
	}
	return slices.Clone(o.changes)
}

// Customers returns the IDs of a partner's customer orgs, in order.
func (c *Cloud) Customers(partner string) []string {
	var out []string
	for _, k := range sortedKeys(c.orgs) {
		if c.orgs[k].Partner == partner && partner != "" {
			out = append(out, k)
		}
	}
	return out
}

// personOf returns the person linked to a subscriber, or nil.
func (c *Cloud) personOf(s *Subscriber) *Person {
	if o := c.orgs[s.Org]; o != nil {
		return o.persons[s.pkey]
	}
	return nil
}
