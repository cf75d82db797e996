package webexapi

import (
	"errors"
	"fmt"

	"github.com/wxlicense/wxlicense/calling"
)

// Number states of the Numbers API.
const (
	StateActive   = "ACTIVE"
	StateInactive = "INACTIVE"
)

// Location is a location of the Locations API (GET /locations, items) or of
// the Webex Calling locations list (GET /telephony/config/locations,
// locations), with the fields the model uses.
type Location struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	OrgID string `json:"orgId,omitempty"`
}

// LocationList is the body of GET /locations.
type LocationList struct {
	Items []Location `json:"items"`
}

// CallingLocationList is the body of GET /telephony/config/locations: the
// locations enabled for Webex Calling.
type CallingLocationList struct {
	Locations []Location `json:"locations"`
}

// NumberRef is the location of a number: its ID and name.
type NumberRef struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// NumberOwner is the owner of a number or extension: its type as the API
// spells it (PEOPLE, HUNT_GROUP, ...) and its ID.
type NumberOwner struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// Number is one item of the Numbers API (GET /telephony/config/numbers): a
// phone number and/or an extension, its state, location and owner.
type Number struct {
	PhoneNumber string       `json:"phoneNumber,omitempty"`
	Extension   string       `json:"extension,omitempty"`
	State       string       `json:"state"`
	Location    NumberRef    `json:"location"`
	Owner       *NumberOwner `json:"owner,omitempty"`
}

// NumberList is the body of GET /telephony/config/numbers.
type NumberList struct {
	PhoneNumbers []Number `json:"phoneNumbers"`
}

// People maps the People API's person IDs to calling user keys and back, for
// numbers owned by PEOPLE: a key is the user's assignment.UserID.
type People interface {
	Key(personID string) (calling.UserKey, bool)
	PersonID(u calling.UserKey) string
}

// Contents lists what LoadInventory put in an inventory, for ExportNumbers:
// calling.Inventory has no iterator over its numbers and extensions.
type Contents struct {
	Numbers    []calling.E164
	Users      []calling.UserKey
	Extensions []ServiceExtension
}

// ServiceExtension is an extension a service holds in a location.
type ServiceExtension struct {
	Location, Extension string
}

// LoadInventory builds a calling inventory from the Locations list, the Webex
// Calling locations list (which locations are enabled for calling) and the
// Numbers list: every location (enabled when the calling list has it); every
// phone number in its location, active or not (CAL-3: both pass); numbers
// and extensions of a service owner given to it; and the users owning
// numbers or extensions (owner type PEOPLE) placed there with a fresh default
// profile (CAL-4, calling.Inventory.PlanManual), a user's number and
// extension merged from several items. Free extension-only items hold
// nothing and are skipped. Every check of package calling applies (E.164,
// CAL-12 uniqueness, ...); the first failure is an error naming the field,
// and no inventory is returned.
func LoadInventory(locations, callingLocations, numbers []byte, people People) (*calling.Inventory, *Contents, error) {
	if people == nil {
		return nil, nil, ErrNil
	}
	var locs LocationList
	var enabled CallingLocationList
	var nums NumberList
	if err := decode("locations", locations, &locs); err != nil {
		return nil, nil, err
	}
	if err := decode("locations", callingLocations, &enabled); err != nil {
		return nil, nil, err
	}
	if err := decode("numbers", numbers, &nums); err != nil {
		return nil, nil, err
	}
	iv := &calling.Inventory{}
	on := map[string]bool{}
	for _, l := range enabled.Locations {
		on[l.ID] = true
	}
	for i, l := range locs.Items {
		if err := iv.AddLocation(l.ID, l.Name, on[l.ID]); err != nil {
			field := "id"
			var ie *calling.InputError
			if errors.As(err, &ie) && ie.What == "location name" {
				field = "name"
			}
			return nil, nil, fieldError("locations", fmt.Sprintf("items[%d].%s", i, field), err)
		}
	}
	l := loader{iv: iv, people: people, placed: map[calling.UserKey]int{}, c: &Contents{}}
	for i, n := range nums.PhoneNumbers {
		if err := l.number(i, n); err != nil {
			return nil, nil, err
		}
	}
	if err := l.place(); err != nil {
		return nil, nil, err
	}
	return iv, l.c, nil
}

// loader loads the Numbers list into an inventory.
type loader struct {
	iv     *calling.Inventory
	people People
	reqs   []calling.Request
	placed map[calling.UserKey]int
	c      *Contents
}

// number loads item i: its phone number into the inventory, and its owner.
func (l *loader) number(i int, n Number) error {
	field := func(f string) string { return fmt.Sprintf("phoneNumbers[%d].%s", i, f) }
	var num calling.E164
	if n.PhoneNumber != "" {
		var err error
		if num, err = calling.ParseE164(n.PhoneNumber); err != nil {
			return fieldError("numbers", field("phoneNumber"), err)
		}
		if n.State != StateActive && n.State != StateInactive {
			return fieldError("numbers", field("state"), fmt.Errorf("state %q is neither %s nor %s", n.State, StateActive, StateInactive))
		}
		if err := l.iv.AddNumbers(n.Location.ID, n.State == StateActive, num); err != nil {
			return fieldError("numbers", field("phoneNumber"), err)
		}
		l.c.Numbers = append(l.c.Numbers, num)
	}
	if n.Owner == nil {
		return nil
	}
	t, err := calling.ParseOwnerType(n.Owner.Type)
	if err != nil {
		return fieldError("numbers", field("owner.type"), err)
	}
	if t != calling.People {
		return l.service(field, calling.Owner{Type: t, ID: n.Owner.ID}, num, n)
	}
	u, ok := l.people.Key(n.Owner.ID)
	if !ok {
		return fieldError("numbers", field("owner.id"), fmt.Errorf("%w: person %q", calling.ErrUnknownUser, n.Owner.ID))
	}
	return l.user(field, u, n)
}

// service gives a number and an extension to a service.
func (l *loader) service(field func(string) string, o calling.Owner, num calling.E164, n Number) error {
	if num.IsValid() {
		if err := l.iv.AssignToService(o, num); err != nil {
			return fieldError("numbers", field("owner"), err)
		}
	}
	if n.Extension != "" {
		if err := l.iv.AssignExtension(o, n.Location.ID, n.Extension); err != nil {
			return fieldError("numbers", field("extension"), err)
		}
		l.c.Extensions = append(l.c.Extensions, ServiceExtension{n.Location.ID, n.Extension})
	}
	return nil
}

// user records a user's placement, merging it with an earlier item's.
func (l *loader) user(field func(string) string, u calling.UserKey, n Number) error {
	j, seen := l.placed[u]
	if !seen {
		j = len(l.reqs)
		l.placed[u] = j
		l.reqs = append(l.reqs, calling.Request{User: u, Placement: calling.Placement{Location: n.Location.ID}})
		l.c.Users = append(l.c.Users, u)
	}
	p := &l.reqs[j].Placement
	switch {
	case p.Location != n.Location.ID:
		return fieldError("numbers", field("location.id"), errors.New("the owner's other number or extension is in another location"))
	case n.PhoneNumber != "" && p.Number != "", n.Extension != "" && p.Extension != "":
		return fieldError("numbers", field("owner.id"), fmt.Errorf("%w: the owner has a number or extension already", calling.ErrAlreadyPlaced))
	}
	if n.PhoneNumber != "" {
		p.Number = n.PhoneNumber
	}
	if n.Extension != "" {
		p.Extension = n.Extension
	}
	return nil
}

// place places the users, all or none.
func (l *loader) place() error {
	if len(l.reqs) == 0 {
		return nil
	}
	b, err := l.iv.PlanManual(l.reqs)
	if err == nil {
		err = l.iv.Apply(b)
	}
	if err != nil {
		return fieldError("numbers", "phoneNumbers.owner", err)
	}
	return nil
}

// ExportNumbers returns the Numbers list of an inventory for what c lists:
// each number with its location, state and owner (a user's extension in the
// same item as the user's number), then each user with an extension only,
// then each service extension still held. Owners of type PEOPLE are named by
// people.PersonID. Location names come from the inventory.
func ExportNumbers(iv *calling.Inventory, c *Contents, people People) (*NumberList, error) {
	if iv == nil || c == nil || people == nil {
		return nil, ErrNil
	}
	list := &NumberList{PhoneNumbers: []Number{}}
	ref := func(id string) NumberRef {
		l, _ := iv.Location(id)
		return NumberRef{ID: id, Name: l.Name}
	}
	used := make([]bool, len(c.Extensions))
	for _, n := range c.Numbers {
		rec, ok := iv.Lookup(n)
		if !ok {
			continue
		}
		item := Number{PhoneNumber: n.String(), State: StateInactive, Location: ref(rec.Location), Owner: owner(rec.Owner, people)}
		if rec.Active {
			item.State = StateActive
		}
		switch {
		case rec.Owner.Type == calling.People:
			p, _ := iv.Profile(rec.Owner.User)
			item.Extension = p.Extension
		case !rec.Owner.IsZero():
			item.Extension = serviceExtension(iv, c.Extensions, used, rec)
		}
		list.PhoneNumbers = append(list.PhoneNumbers, item)
	}
	for _, u := range c.Users {
		p, ok := iv.Profile(u)
		if !ok || p.Number.IsValid() || p.Extension == "" {
			continue
		}
		list.PhoneNumbers = append(list.PhoneNumbers, Number{Extension: p.Extension, State: StateActive, Location: ref(p.Location), Owner: owner(calling.UserOwner(u), people)})
	}
	for i, e := range c.Extensions {
		o, ok := iv.ExtensionOwner(e.Location, e.Extension)
		if !ok || o.Type == calling.People || used[i] {
			continue
		}
		list.PhoneNumbers = append(list.PhoneNumbers, Number{Extension: e.Extension, State: StateActive, Location: ref(e.Location), Owner: owner(o, people)})
	}
	return list, nil
}

// serviceExtension returns the first extension not yet used that the
// owner of a service number holds in the number's location, and marks it
// used: the Numbers API lists a number and its extension in one item.
func serviceExtension(iv *calling.Inventory, exts []ServiceExtension, used []bool, rec calling.Number) string {
	for i, e := range exts {
		if used[i] || e.Location != rec.Location {
			continue
		}
		if o, ok := iv.ExtensionOwner(e.Location, e.Extension); ok && o == rec.Owner {
			used[i] = true
			return e.Extension
		}
	}
	return ""
}

func owner(o calling.Owner, people People) *NumberOwner {
	switch {
	case o.IsZero():
		return nil
	case o.Type == calling.People:
		return &NumberOwner{ID: people.PersonID(o.User), Type: o.Type.String()}
	}
	return &NumberOwner{ID: o.ID, Type: o.Type.String()}
}

// ExportLocations returns the Locations list and the Webex Calling locations
// list of an inventory, in the order the locations were added; deleted
// locations are in neither.
func ExportLocations(iv *calling.Inventory) (*LocationList, *CallingLocationList, error) {
	if iv == nil {
		return nil, nil, ErrNil
	}
	all, enabled := &LocationList{Items: []Location{}}, &CallingLocationList{Locations: []Location{}}
	for _, l := range iv.Locations() {
		if l.Deleted {
			continue
		}
		all.Items = append(all.Items, Location{ID: l.ID, Name: l.Name})
		if l.Enabled {
			enabled.Locations = append(enabled.Locations, Location{ID: l.ID, Name: l.Name})
		}
	}
	return all, enabled, nil
}
