package webexapi

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// Phone number types of the People API.
const (
	PhoneWork          = "work"
	PhoneWorkExtension = "work_extension"
	PhoneMobile        = "mobile"
	PhoneFax           = "fax"
)

// Presence statuses the People export gives (the model has no presence).
const (
	StatusUnknown = "unknown" // the user has signed in; presence cannot be determined
	StatusPending = "pending" // the user has never signed in (ASG-18)
)

// PhoneNumber is one of a person's phone numbers.
type PhoneNumber struct {
	Type    string `json:"type"`
	Value   string `json:"value"`
	Primary bool   `json:"primary,omitempty"`
}

// Person is a person of the People API (GET /people, POST /people), with the
// fields the model uses; the others are ignored.
type Person struct {
	ID            string        `json:"id,omitempty"`
	Emails        []string      `json:"emails"`
	PhoneNumbers  []PhoneNumber `json:"phoneNumbers,omitempty"`
	Extension     string        `json:"extension,omitempty"`
	LocationID    string        `json:"locationId,omitempty"`
	DisplayName   string        `json:"displayName,omitempty"`
	FirstName     string        `json:"firstName,omitempty"`
	LastName      string        `json:"lastName,omitempty"`
	OrgID         string        `json:"orgId,omitempty"`
	Licenses      []string      `json:"licenses"`
	SiteURLs      []string      `json:"siteUrls,omitempty"`
	Status        string        `json:"status,omitempty"`
	InvitePending *Flag         `json:"invitePending,omitempty"`
	LoginEnabled  *Flag         `json:"loginEnabled,omitempty"`
}

// PeopleList is the body of GET /people.
type PeopleList struct {
	Items []Person `json:"items"`
}

// ExportPeople returns the org's users as GET /people lists them, in user
// order. Each person has the org's IDs for the person (PersonID) and the org
// (OrgID), the user's e-mail, every held license with a license ID (pending
// ones included, as the admin view shows them, ASG-18), a "site#attendee" or
// "site#host" site URL for each meeting-site role, and, for a user holding
// Webex Calling, where they are placed now (CAL-1,
// assignment.Org.Placement): its number as the primary "work" phone number,
// its extension and its location ID. The user's work number, if they have
// one, is a "work" phone number that is not primary, listed also when it is
// that calling number, as the two are different facts (CAL-7). A user who
// has not signed in (ASG-18) has status "pending" and invitePending true;
// others "unknown" (the model has no presence) and false. loginEnabled is
// always true. Names are not in the model and are left out.
func ExportPeople(o *assignment.Org) (*PeopleList, error) {
	if unusable(o) {
		return nil, ErrNil
	}
	list := &PeopleList{Items: []Person{}}
	ids := licenseIDs{o: o, ids: map[holdingKey]string{}}
	for u := range o.Users() {
		p, err := exportPerson(o, &ids, u)
		if err != nil {
			return nil, err
		}
		list.Items = append(list.Items, p)
	}
	return list, nil
}

// holdingKey is a kind on a subscription.
type holdingKey struct {
	kind license.Kind
	sub  string
}

// licenseIDs caches the org's license IDs: each is derived by a hash.
type licenseIDs struct {
	o   *assignment.Org
	ids map[holdingKey]string
}

func (c *licenseIDs) of(k license.Kind, sub string) (string, error) {
	key := holdingKey{k, sub}
	if s, ok := c.ids[key]; ok {
		return s, nil
	}
	id, err := c.o.LicenseID(k, sub)
	if err != nil {
		return "", err
	}
	c.ids[key] = id.String()
	return c.ids[key], nil
}

func exportPerson(o *assignment.Org, ids *licenseIDs, u assignment.UserInfo) (Person, error) {
	cat := o.Catalog()
	pending, login := Flag(u.Status != assignment.Active), Flag(true)
	p := Person{ID: PersonID(o.ID(), u.Email), Emails: []string{u.Email}, OrgID: OrgID(o.ID()),
		Licenses: []string{}, Status: StatusUnknown, InvitePending: &pending, LoginEnabled: &login}
	if pending {
		p.Status = StatusPending
	}
	for _, h := range u.Holdings {
		info := cat.Info(h.Kind)
		if info.Site != "" {
			p.SiteURLs = append(p.SiteURLs, info.Site+"#"+info.Role.String())
		}
		if info.Code == "" {
			continue
		}
		id, err := ids.of(h.Kind, h.Subscription)
		if err != nil {
			return Person{}, err
		}
		p.Licenses = append(p.Licenses, id)
	}
	pl, _ := o.Placement(u.ID) // where calling placed the user now, the placer's placement included
	if pl.Number != "" {
		p.PhoneNumbers = append(p.PhoneNumbers, PhoneNumber{Type: PhoneWork, Value: pl.Number, Primary: true})
	}
	if w := o.WorkNumber(u.ID); w != "" { // its own entry, even when it is the calling number too (CAL-7)
		p.PhoneNumbers = append(p.PhoneNumbers, PhoneNumber{Type: PhoneWork, Value: w})
	}
	p.Extension, p.LocationID = pl.Extension, pl.Location
	return p, nil
}

// NewPerson is a person of a People payload as a user to create, for
// directory-sync style creation: the assignment.NewUser, and what the
// engine does not take yet.
type NewPerson struct {
	User assignment.NewUser
	// WorkNumber is the raw value of the person's work number (CAL-7): the
	// first "work" phone number that is not primary, else, for a person
	// without Webex Calling, the primary one (for a person holding Webex
	// Calling the primary one is their calling number, not a work number),
	// as CAL-2 and CAL-3 take it: not normalised. User.WorkNumber is the
	// same, so that creating a synced user under a Webex Calling template
	// places them by it (CAL-2).
	WorkNumber string
	// DisplayName, FirstName and LastName are kept for the caller; the
	// model has no names.
	DisplayName, FirstName, LastName string
	// Unknown lists the license IDs and site URLs the person holds that the
	// view does not resolve to a catalog kind (a real org holds many more
	// kinds, LIC-6); they are left out of User.Licenses.
	Unknown []string
}

// DecodePeople reads the body of GET /people into users to create: each
// person's first e-mail (assignment.ParseEmail), status (pending or an
// invite pending: Inactive, else Active; ASG-18), licenses and site URLs as
// the explicit licenses of creation (ASG-9; a person without a "licenses"
// field gets templates or defaults instead), each license on the
// subscription the view lists for its ID (NewUser.Subscriptions, LIC-8),
// the work number (CAL-2, CAL-7: NewPerson.WorkNumber), and, for a person
// holding a Webex Calling license (CAL-1), the placement of their
// locationId, calling number (the primary "work" phone; the work number
// for a person with neither a primary one nor an extension) and extension.
// The calling number is not the work number: a person holding Webex
// Calling whose only "work" phone is primary has no work number. synced
// marks the users as added by directory sync (ASG-17, CAL-8). A bad e-mail,
// site URL or license ID, or one kind on two subscriptions (the engine's
// 400413 violation, license.Catalog.TwoSubscriptions), is an error naming
// the field, and nothing is returned.
func (v *LicenseView) DecodePeople(data []byte, synced bool) ([]NewPerson, error) {
	if v == nil || v.cat == nil {
		return nil, ErrNil
	}
	var list PeopleList
	if err := decode("people", data, &list); err != nil {
		return nil, err
	}
	out := make([]NewPerson, 0, len(list.Items))
	for i, p := range list.Items {
		np, err := v.newPerson(p, fmt.Sprintf("items[%d].", i), synced)
		if err != nil {
			return nil, err
		}
		out = append(out, np)
	}
	return out, nil
}

// DecodePerson reads one person, the body of POST /people (Create a Person)
// or GET /people/{personId}, as DecodePeople reads each item.
func (v *LicenseView) DecodePerson(data []byte, synced bool) (NewPerson, error) {
	if v == nil || v.cat == nil {
		return NewPerson{}, ErrNil
	}
	var p Person
	if err := decode("people", data, &p); err != nil {
		return NewPerson{}, err
	}
	return v.newPerson(p, "", synced)
}

func (v *LicenseView) newPerson(p Person, at string, synced bool) (NewPerson, error) {
	if len(p.Emails) == 0 {
		return NewPerson{}, fieldError("people", at+"emails", fmt.Errorf("%w: no e-mail", assignment.ErrInvalidEmail))
	}
	email, err := assignment.ParseEmail(p.Emails[0])
	if err != nil {
		return NewPerson{}, fieldError("people", at+"emails[0]", err)
	}
	primary, work, nj := phoneNumbers(p.PhoneNumbers)
	for i, n := range [2]string{primary, work} {
		if err := assignment.CheckWorkNumber(n); err != nil {
			return NewPerson{}, fieldError("people", fmt.Sprintf("%sphoneNumbers[%d].value", at, nj[i]), err)
		}
	}
	np := NewPerson{DisplayName: p.DisplayName, FirstName: p.FirstName, LastName: p.LastName}
	u := assignment.NewUser{Email: email, Synced: synced, Explicit: p.Licenses != nil}
	if p.Status == StatusPending || (p.InvitePending != nil && bool(*p.InvitePending)) {
		u.Status = assignment.Inactive
	}
	var held license.Set
	for j, s := range p.Licenses {
		k, sub, err := v.Resolve(s)
		switch {
		case err == nil:
			held = held.Add(k)
			if err := v.pinSubscription(&u, k, sub); err != nil {
				return NewPerson{}, fieldError("people", fmt.Sprintf("%slicenses[%d]", at, j), err)
			}
		case errors.Is(err, license.ErrMalformedID):
			return NewPerson{}, fieldError("people", fmt.Sprintf("%slicenses[%d]", at, j), err)
		default:
			np.Unknown = append(np.Unknown, s)
		}
	}
	for j, s := range p.SiteURLs {
		k, known, err := v.siteRole(s)
		if err != nil {
			return NewPerson{}, fieldError("people", fmt.Sprintf("%ssiteUrls[%d]", at, j), err)
		}
		if !known {
			np.Unknown = append(np.Unknown, s)
			continue
		}
		held, u.Explicit = held.Add(k), true
	}
	u.Licenses = held.Kinds()
	calls := !held.Intersect(v.cat.Matching(func(i license.Info) bool { return i.NeedsPlacement })).IsEmpty()
	u.Placement, u.WorkNumber = personNumbers(p, calls, primary, work)
	np.WorkNumber = u.WorkNumber
	np.User = u
	return np, nil
}

// pinSubscription adds to u's subscriptions that its license of k is on
// sub, if the view knows sub. One kind from two subscriptions is an error
// (400413, LIC-13): the engine's violation
// (license.Catalog.TwoSubscriptions) in a *license.SetError, wrapped with
// the two subscriptions. A license listed again is not.
func (v *LicenseView) pinSubscription(u *assignment.NewUser, k license.Kind, sub string) error {
	i := slices.IndexFunc(u.Subscriptions, func(e assignment.Entry) bool { return e.Kind == k })
	switch {
	case sub == "" || i >= 0 && u.Subscriptions[i].Subscription == sub:
		return nil
	case i >= 0:
		se := &license.SetError{Violations: []license.Violation{v.cat.TwoSubscriptions(k)}}
		return fmt.Errorf("%w: %q and %q", se, u.Subscriptions[i].Subscription, sub)
	}
	u.Subscriptions = append(u.Subscriptions, assignment.Entry{Kind: k, Subscription: sub})
	return nil
}

// personNumbers returns the placement and the work number of a person with
// the given primary and work phone numbers (phoneNumbers): calls for one
// holding Webex Calling, who is placed at the primary number, or, with
// neither it nor an extension, at the work number (CAL-1); with no number
// or extension at all, nowhere: a location alone is no placement, and
// creating the person with Webex Calling is refused as 400411 naming them
// and the license (CAL-4), not the placement. The primary
// number of a person without Webex Calling is no calling number: with no
// other, it is their work number.
func personNumbers(p Person, calls bool, primary, work string) (assignment.Placement, string) {
	switch {
	case !calls && work == "":
		return assignment.Placement{}, primary
	case !calls:
		return assignment.Placement{}, work
	case primary == "" && p.Extension == "" && work == "":
		return assignment.Placement{}, ""
	case primary == "" && p.Extension == "":
		primary = work
	}
	return assignment.Placement{Location: p.LocationID, Number: primary, Extension: p.Extension}, work
}

// phoneNumbers reads a person's "work" phone numbers: the primary one,
// which is the calling number of a person holding Webex Calling, and the
// first not empty that is not primary, their work number. at gives their
// indexes (-1 for none).
func phoneNumbers(nums []PhoneNumber) (primary, work string, at [2]int) {
	at = [2]int{-1, -1}
	for j, n := range nums {
		switch {
		case n.Type != PhoneWork:
		case n.Primary && at[0] < 0:
			primary, at[0] = n.Value, j
		case !n.Primary && at[1] < 0 && n.Value != "":
			work, at[1] = n.Value, j
		}
	}
	return primary, work, at
}

// siteRole reads a People site URL, "site#attendee" or "site#host": the
// kind of that role on that site, or known false for a site the catalog
// does not have.
func (v *LicenseView) siteRole(s string) (license.Kind, bool, error) {
	site, role, ok := strings.Cut(s, "#")
	var r license.Role
	switch {
	case !ok || site == "":
		return license.NoKind, false, fmt.Errorf("site URL %q is not site#role", s)
	case role == "attendee":
		r = license.RoleAttendee
	case role == "host":
		r = license.RoleHost
	default:
		return license.NoKind, false, fmt.Errorf("site URL %q: role %q is neither attendee nor host", s, role)
	}
	k, known := v.cat.SiteKind(site, r)
	return k, known, nil
}
