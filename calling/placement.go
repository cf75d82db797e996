package calling

import "fmt"

// Placement is a manual placement as an admin gives it (CAL-1, CAL-4): a
// location ID, and a raw phone number and/or an extension. A placement
// that gives a number may leave out the location, which is then the
// number's; one with only an extension must name the location.
type Placement struct {
	Location, Number, Extension string
}

// IsZero reports whether p is no placement.
func (p Placement) IsZero() bool { return p == Placement{} }

// String returns e.g. `{location "HQ", number "+4822", extension "100"}`,
// naming only the parts given.
func (p Placement) String() string {
	s := ""
	for _, f := range [...]struct{ name, v string }{{"location", p.Location}, {"number", p.Number}, {"extension", p.Extension}} {
		if f.v != "" {
			if s != "" {
				s += ", "
			}
			s += f.name + " " + quote(f.v)
		}
	}
	return "{" + s + "}"
}

// Placed is a resolved placement: where a user is (or will be) placed.
type Placed struct {
	User      UserKey
	Location  string // the location's ID
	Number    E164   // zero if none
	Extension string // "" if none
}

// String returns e.g. `user 3: {location "HQ", number "+4822"}`.
func (p Placed) String() string {
	return fmt.Sprintf("user %d: %s", p.User, Placement{p.Location, p.Number.String(), p.Extension})
}

// claims are the numbers and extensions taken by earlier users of one
// batch.
type claims struct {
	nums map[uint32]UserKey // record index to user
	exts map[uint64]UserKey // extKey to user
}

// slot is one placement in compact form.
type slot struct {
	rec uint32 // record index + 1; 0 for no number
	loc uint16
	ext uint64 // encodeExt; 0 for no extension
}

// CheckPlacement validates a manual placement of user u against the
// inventory and returns it resolved, changing nothing (CAL-1, CAL-4).
// Errors for the placement are *PlacementError: CodeMissingPlacement
// (400411) when neither a number nor an extension is given, an extension
// comes without a location, or the location is deleted or not enabled for
// calling; CodeBadRequest (400) for an unknown location, a number failing
// CAL-3 (a)–(c) or lying in another location, or an extension that is not
// 1 to 10 digits or is taken in the location.
func (iv *Inventory) CheckPlacement(u UserKey, p Placement) (Placed, error) {
	if err := iv.checkUser(u); err != nil {
		return Placed{}, err
	}
	s, err := iv.resolve(u, p, nil)
	if err != nil {
		return Placed{}, err
	}
	return iv.placed(iv.nums, u, s), nil
}

// placed expands the compact placement s of user u, resolved in the number
// table nums (iv.nums, or the one a batch was planned on).
func (iv *Inventory) placed(nums []numRec, u UserKey, s slot) Placed {
	out := Placed{User: u, Location: iv.locs[s.loc].id, Extension: decodeExt(s.ext)}
	if s.rec != 0 {
		out.Number = E164{nums[s.rec-1].num}
	}
	return out
}

// checkUser returns an error unless u is a key in range without Webex
// Calling.
func (iv *Inventory) checkUser(u UserKey) error {
	switch {
	case u > MaxUserKey:
		return userErr(u, ErrUserKeyRange)
	case iv.Placed(u):
		return userErr(u, ErrAlreadyPlaced)
	}
	return nil
}

// resolve checks p for user u against the inventory and the claims of
// earlier users of the batch (nil for none).
func (iv *Inventory) resolve(u UserKey, p Placement, c *claims) (slot, error) {
	fail := func(code int, err error, o Owner) (slot, error) {
		return slot{}, &PlacementError{User: u, Placement: p, Code: code, Owner: o, Err: err}
	}
	if p.Number == "" && (p.Extension == "" || p.Location == "") {
		return fail(CodeMissingPlacement, ErrMissingPlacement, Owner{})
	}
	var s slot
	if p.Location != "" {
		l, ok := iv.locIdx[p.Location]
		if !ok {
			return fail(CodeBadRequest, ErrUnknownLocation, Owner{})
		}
		if !iv.locs[l].valid() {
			return fail(CodeMissingPlacement, ErrLocationNotValid, Owner{})
		}
		s.loc = l
	}
	if p.Number != "" {
		i, r, h := iv.check(p.Number)
		switch {
		case r == NotE164:
			_, err := ParseE164(p.Number)
			return fail(CodeBadRequest, err, Owner{})
		case r == NotPreProvisioned:
			return fail(CodeBadRequest, ErrNotPreProvisioned, Owner{})
		case r == LocationNotValid:
			return fail(CodeMissingPlacement, ErrLocationNotValid, Owner{})
		case r == NumberInUse:
			return fail(CodeBadRequest, ErrNumberInUse, iv.owner(h.typ, h.id))
		}
		if first, ok := c.num(i); ok {
			return fail(CodeBadRequest, ErrNumberInUse, UserOwner(first))
		}
		if p.Location != "" && iv.nums[i].loc != s.loc {
			return fail(CodeBadRequest, ErrOtherLocation, Owner{})
		}
		s.rec, s.loc = i+1, iv.nums[i].loc
	}
	if p.Extension != "" {
		s.ext = encodeExt(p.Extension)
		if s.ext == 0 {
			return fail(CodeBadRequest, ErrBadExtension, Owner{})
		}
		if h, ok := iv.exts[extKey(s.loc, s.ext)]; ok {
			return fail(CodeBadRequest, ErrExtensionInUse, iv.owner(h.typ, h.id))
		}
		if first, ok := c.ext(extKey(s.loc, s.ext)); ok {
			return fail(CodeBadRequest, ErrExtensionInUse, UserOwner(first))
		}
	}
	return s, nil
}

func (c *claims) num(i uint32) (UserKey, bool) {
	if c == nil {
		return 0, false
	}
	u, ok := c.nums[i]
	return u, ok
}

func (c *claims) ext(k uint64) (UserKey, bool) {
	if c == nil {
		return 0, false
	}
	u, ok := c.exts[k]
	return u, ok
}
