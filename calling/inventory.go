package calling

import (
	"maps"
	"slices"

	"github.com/wxlicense/wxlicense/internal/visible"
)

// Inventory is an org's Webex Calling inventory: its locations, the
// numbers pre-provisioned in each with their owners, the extensions in use
// per location, and the calling profile of every placed user. The zero
// Inventory is empty and ready to use.
//
// Every mutation validates the whole request first and changes nothing
// when it returns an error. An Inventory is not safe for concurrent
// mutation; Clone gives an independent copy.
type Inventory struct {
	locs     []location
	locIdx   map[string]uint16
	nums     []numRec          // a hash table by number (table.go)
	count    int               // numbers in nums
	exts     map[uint64]holder // extKey(location, extension) to its holder
	services []string          // service owner IDs, interned
	svcIdx   map[string]uint32
	profiles []uint32  // indexed by UserKey: 0, a record index + 1, or pCustom|index in custom (profile.go)
	custom   []profile // the profiles not implicit in profiles
	free     []uint32  // the indexes in custom no user has
	inLoc    []uint32  // per location, how many users are placed there
	gen      uint64    // counts successful mutations; a Batch remembers it
}

type location struct {
	id, name         string
	enabled, deleted bool
}

// numRec is one pre-provisioned number, or an empty slot: 16 bytes.
type numRec struct {
	num   uint64    // E164.v; 0 for an empty slot
	owner uint32    // UserKey for People, else an index in services
	loc   uint16    // index in locs
	typ   OwnerType // NoOwner when free
	flags uint8
}

const numActive uint8 = 1

// holder is the owner of an extension, in the compact form of numRec.
type holder struct {
	typ OwnerType
	id  uint32
}

// MaxLocations is how many locations an Inventory holds, deleted ones
// included.
const MaxLocations = 1<<16 - 1

// Location is a location as the Inventory reports it.
type Location struct {
	ID, Name string
	Enabled  bool // enabled for Webex Calling
	Deleted  bool
}

// Number is one pre-provisioned number as the Inventory reports it.
type Number struct {
	Number   E164
	Location string // the location's ID
	Active   bool
	Owner    Owner // zero when free
}

// Clone returns an independent copy of iv.
func (iv *Inventory) Clone() *Inventory {
	c := *iv
	c.locs = slices.Clone(iv.locs)
	c.locIdx = maps.Clone(iv.locIdx)
	c.nums = slices.Clone(iv.nums)
	c.exts = maps.Clone(iv.exts)
	c.services = slices.Clone(iv.services)
	c.svcIdx = maps.Clone(iv.svcIdx)
	c.profiles = slices.Clone(iv.profiles)
	c.custom = slices.Clone(iv.custom)
	c.free = slices.Clone(iv.free)
	c.inLoc = slices.Clone(iv.inLoc)
	return &c
}

// validText reports whether s is usable as an ID or a name: at most 256
// bytes with something to see, no white space around it and no invisible
// character in it but the ASCII space (visible.NameProblem).
func validText(s string) bool { return len(s) <= 256 && visible.NameProblem(s) == "" }

// AddLocation adds a location with a new ID and a name, enabled for Webex
// Calling or not. A deleted location keeps its ID: it cannot be added
// again. The ID and the name, like a service's ID, must be visible text of
// at most 256 bytes (else ErrInvalidText): something to see, no white
// space around it, no control or invisible character in it but the ASCII
// space.
func (iv *Inventory) AddLocation(id, name string, enabled bool) error {
	switch {
	case !validText(id):
		return bad("location", id, ErrInvalidText)
	case !validText(name):
		return bad("location name", name, ErrInvalidText)
	case len(iv.locs) >= MaxLocations:
		return bad("location", id, ErrTooManyLocations)
	}
	if _, ok := iv.locIdx[id]; ok {
		return bad("location", id, ErrDuplicateLocation)
	}
	if iv.locIdx == nil {
		iv.locIdx = map[string]uint16{}
	}
	iv.locIdx[id] = uint16(len(iv.locs))
	iv.locs = append(iv.locs, location{id: id, name: name, enabled: enabled})
	iv.inLoc = append(iv.inLoc, 0)
	iv.gen++
	return nil
}

// Location returns the location with ID id.
func (iv *Inventory) Location(id string) (Location, bool) {
	l, ok := iv.locIdx[id]
	if !ok {
		return Location{}, false
	}
	return iv.locs[l].public(), true
}

// Locations returns every location, deleted ones included, in the order
// they were added.
func (iv *Inventory) Locations() []Location {
	out := make([]Location, len(iv.locs))
	for i := range iv.locs {
		out[i] = iv.locs[i].public()
	}
	return out
}

func (l *location) public() Location {
	return Location{ID: l.id, Name: l.name, Enabled: l.enabled, Deleted: l.deleted}
}

// valid reports whether users can be placed in l (CAL-3 b).
func (l *location) valid() bool { return l.enabled && !l.deleted }

// liveLoc returns the index of the location id, which must exist and not
// be deleted.
func (iv *Inventory) liveLoc(id string) (uint16, error) {
	l, ok := iv.locIdx[id]
	switch {
	case !ok:
		return 0, bad("location", id, ErrUnknownLocation)
	case iv.locs[l].deleted:
		return 0, bad("location", id, ErrLocationDeleted)
	}
	return l, nil
}

// SetLocationEnabled enables or disables a location for Webex Calling.
// Disabling a location where users are placed is refused
// (ErrLocationInUse): INV-4 keeps every placed user in an enabled location.
func (iv *Inventory) SetLocationEnabled(id string, enabled bool) error {
	l, err := iv.liveLoc(id)
	if err != nil {
		return err
	}
	if !enabled && iv.placedIn(l) {
		return bad("location", id, ErrLocationInUse)
	}
	if iv.locs[l].enabled == enabled {
		return nil // nothing to change: plans stay fresh
	}
	iv.locs[l].enabled = enabled
	iv.gen++
	return nil
}

// DeleteLocation marks a location deleted. Its numbers stay in the
// inventory, failing CAL-3 with LocationNotValid; deleting a location
// where users are placed is refused (ErrLocationInUse).
func (iv *Inventory) DeleteLocation(id string) error {
	l, err := iv.liveLoc(id)
	if err != nil {
		return err
	}
	if iv.placedIn(l) {
		return bad("location", id, ErrLocationInUse)
	}
	iv.locs[l].deleted = true
	iv.gen++
	return nil
}

func (iv *Inventory) placedIn(l uint16) bool { return iv.inLoc[l] != 0 }

// Len returns how many numbers the inventory holds.
func (iv *Inventory) Len() int { return iv.count }

// AddNumbers pre-provisions numbers in a location that is not deleted,
// active or inactive, free. Every number must be valid and new to the
// inventory (in any location); one bad number refuses them all.
func (iv *Inventory) AddNumbers(location string, active bool, numbers ...E164) error {
	l, err := iv.liveLoc(location)
	if err != nil {
		return err
	}
	seen := make(map[E164]struct{}, len(numbers))
	for _, n := range numbers {
		if !n.IsValid() {
			return bad("number", "", ErrNotE164)
		}
		_, dup := seen[n]
		if _, ok := iv.find(n.v); ok || dup {
			return bad("number", n.String(), ErrDuplicateNumber)
		}
		seen[n] = struct{}{}
	}
	if len(numbers) == 0 {
		return nil // nothing to change: plans stay fresh
	}
	var flags uint8
	if active {
		flags = numActive
	}
	iv.grow(len(numbers))
	for _, n := range numbers {
		iv.insert(numRec{num: n.v, loc: l, flags: flags})
	}
	iv.gen++
	return nil
}

// Lookup returns the number n as the inventory holds it, by exact match.
func (iv *Inventory) Lookup(n E164) (Number, bool) {
	i, ok := iv.find(n.v)
	if !ok {
		return Number{}, false
	}
	r := &iv.nums[i]
	return Number{Number: n, Location: iv.locs[r.loc].id, Active: r.flags&numActive != 0, Owner: iv.owner(r.typ, r.owner)}, true
}

// owner expands a compact owner.
func (iv *Inventory) owner(t OwnerType, id uint32) Owner {
	switch t {
	case NoOwner:
		return Owner{}
	case People:
		return UserOwner(UserKey(id))
	}
	return Owner{Type: t, ID: iv.services[id]}
}

// recs returns the record indexes of numbers, or an error naming the
// first that is not in the inventory or given twice.
func (iv *Inventory) recs(numbers []E164) ([]uint32, error) {
	out := make([]uint32, 0, len(numbers))
	seen := make(map[uint32]struct{}, len(numbers))
	for _, n := range numbers {
		i, ok := iv.find(n.v)
		if !ok {
			return nil, bad("number", n.String(), ErrNotPreProvisioned)
		}
		if _, dup := seen[i]; dup {
			return nil, bad("number", n.String(), ErrDuplicateNumber)
		}
		seen[i] = struct{}{}
		out = append(out, i)
	}
	return out, nil
}

// SetActive marks numbers active or inactive. Both kinds pass CAL-3:
// an inactive number can be assigned before it is ported.
func (iv *Inventory) SetActive(active bool, numbers ...E164) error {
	rs, err := iv.recs(numbers)
	if err != nil || len(rs) == 0 { // nothing to change: plans stay fresh
		return err
	}
	for _, i := range rs {
		iv.nums[i].flags &^= numActive
		if active {
			iv.nums[i].flags |= numActive
		}
	}
	iv.gen++
	return nil
}
