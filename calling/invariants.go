package calling

import (
	"cmp"
	"fmt"
	"slices"
)

// ViolationKind is a way the inventory can break INV-4 (CAL-1, CAL-12).
type ViolationKind uint8

// The violation kinds.
const (
	// DuplicateNumber: a number is held twice, or is not found by lookup.
	DuplicateNumber ViolationKind = iota + 1
	// NumberTwoOwners: a user's profile holds a number the inventory gives
	// to another owner, or to none.
	NumberTwoOwners
	// OwnerWithoutProfile: a number or extension owned by PEOPLE, a user,
	// whose profile does not hold it in that location.
	OwnerWithoutProfile
	// ExtensionTwice: a user's profile holds an extension the location
	// gives to another owner, or to none.
	ExtensionTwice
	// NoPlacementData: a profile with neither a number nor an extension.
	NoPlacementData
	// LocationNotCalling: a user placed in a location that is deleted or
	// not enabled for calling.
	LocationNotCalling
	// NumberOtherLocation: a user's number lies in another location than
	// the user's.
	NumberOtherLocation
)

var violationNames = [...]string{"", "DuplicateNumber", "NumberTwoOwners", "OwnerWithoutProfile", "ExtensionTwice", "NoPlacementData", "LocationNotCalling", "NumberOtherLocation"}

// String returns the kind's name, e.g. "NumberTwoOwners".
func (k ViolationKind) String() string {
	if k > 0 && int(k) < len(violationNames) {
		return violationNames[k]
	}
	return fmt.Sprintf("ViolationKind(%d)", k)
}

// Violation is one breach of INV-4 found by Violations.
type Violation struct {
	Kind      ViolationKind
	User      UserKey // the user concerned, if any
	Location  string
	Number    E164   // zero if about an extension
	Extension string // "" if about a number
	Owner     Owner  // who the inventory says holds the number or extension
}

// String returns the violation with every field, e.g. `NoPlacementData:
// user 2, location "BR", number "", extension "", owner ""`.
func (v Violation) String() string {
	return fmt.Sprintf("%v: user %d, location %q, number %q, extension %q, owner %q", v.Kind, v.User, v.Location, v.Number, v.Extension, v.Owner)
}

// Violations checks the inventory side of INV-4 and returns every breach,
// sorted: no number held twice or with two owners, no extension used twice
// in a location, every PEOPLE-owned number or extension held by its
// user's profile in that location and every profile's number and
// extension owned by its user, every profile with a number or extension,
// in a location enabled for calling, with its number in that location. A
// consistent inventory has none.
func (iv *Inventory) Violations() []Violation {
	var out []Violation
	add := func(k ViolationKind, u UserKey, loc uint16, num uint64, ext uint64, h holder) {
		out = append(out, Violation{Kind: k, User: u, Location: iv.locs[loc].id, Number: E164{num}, Extension: decodeExt(ext), Owner: iv.owner(h.typ, h.id)})
	}
	for i := range iv.nums {
		r := &iv.nums[i]
		if r.num == 0 {
			continue
		}
		h := holder{r.typ, r.owner}
		if j, ok := iv.find(r.num); !ok || j != uint32(i) {
			add(DuplicateNumber, 0, r.loc, r.num, 0, h)
		}
		if r.typ == People {
			if p, ok := iv.profileOf(UserKey(r.owner)); !ok || p.num != uint32(i)+1 || p.loc != r.loc {
				add(OwnerWithoutProfile, UserKey(r.owner), r.loc, r.num, 0, h)
			}
		}
	}
	for k, h := range iv.exts {
		l, e := uint16(k>>48), k&(1<<48-1)
		if h.typ == People {
			if p, ok := iv.profileOf(UserKey(h.id)); !ok || p.ext != e || p.loc != l {
				add(OwnerWithoutProfile, UserKey(h.id), l, 0, e, h)
			}
		}
	}
	for u := range iv.profiles {
		iv.profileViolations(UserKey(u), add)
	}
	slices.SortFunc(out, compareViolations)
	return out
}

// profileViolations adds the breaches of user u's profile.
func (iv *Inventory) profileViolations(u UserKey, add func(ViolationKind, UserKey, uint16, uint64, uint64, holder)) {
	p, ok := iv.profileOf(u)
	if !ok {
		return
	}
	me := holder{People, uint32(u)}
	if p.num == 0 && p.ext == 0 {
		add(NoPlacementData, u, p.loc, 0, 0, holder{})
	}
	if !iv.locs[p.loc].valid() {
		add(LocationNotCalling, u, p.loc, 0, 0, holder{})
	}
	if p.num != 0 {
		r := &iv.nums[p.num-1]
		switch h := (holder{r.typ, r.owner}); {
		case h != me:
			add(NumberTwoOwners, u, p.loc, r.num, 0, h)
		case r.loc != p.loc:
			add(NumberOtherLocation, u, iv.nums[p.num-1].loc, r.num, 0, h)
		}
	}
	if p.ext != 0 {
		if h := iv.exts[extKey(p.loc, p.ext)]; h != me {
			add(ExtensionTwice, u, p.loc, 0, p.ext, h)
		}
	}
}

func compareViolations(a, b Violation) int {
	return cmp.Or(
		cmp.Compare(a.Kind, b.Kind),
		cmp.Compare(a.User, b.User),
		cmp.Compare(a.Location, b.Location),
		cmp.Compare(a.Number.v, b.Number.v),
		cmp.Compare(a.Extension, b.Extension),
		cmp.Compare(a.Owner.Type, b.Owner.Type),
		cmp.Compare(a.Owner.User, b.Owner.User),
		cmp.Compare(a.Owner.ID, b.Owner.ID),
	)
}
