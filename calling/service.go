package calling

// Services — hunt groups, auto attendants, call queues, workspaces and the
// other owner types but People — take numbers and extensions from the
// inventory too (CAL-3 c, CAL-12). The package records only that a
// service holds them; the service's own settings are not modelled.

// checkService returns an error unless o is a service owner.
func checkService(o Owner) error {
	if o.Type == NoOwner || o.Type == People || o.Type >= numOwnerTypes {
		return bad("owner type", o.Type.String(), ErrOwnerType)
	}
	if !validText(o.ID) {
		return bad("owner", o.ID, ErrInvalidText)
	}
	return nil
}

// serviceID returns the interned index of the service ID id, adding it.
func (iv *Inventory) serviceID(id string) uint32 {
	if i, ok := iv.svcIdx[id]; ok {
		return i
	}
	if iv.svcIdx == nil {
		iv.svcIdx = map[string]uint32{}
	}
	i := uint32(len(iv.services))
	iv.services = append(iv.services, id)
	iv.svcIdx[id] = i
	return i
}

// AssignToService gives free numbers to a service. Each number must be in
// the inventory, free, and in a location enabled for calling.
func (iv *Inventory) AssignToService(o Owner, numbers ...E164) error {
	if err := checkService(o); err != nil {
		return err
	}
	rs, err := iv.recs(numbers)
	if err != nil {
		return err
	}
	for k, i := range rs {
		r := &iv.nums[i]
		if r.typ != NoOwner {
			return &InputError{What: "number", Value: numbers[k].String(), Owner: iv.owner(r.typ, r.owner), Err: ErrNumberInUse}
		}
		if !iv.locs[r.loc].valid() {
			return bad("number", numbers[k].String(), ErrLocationNotValid)
		}
	}
	if len(rs) == 0 {
		return nil // nothing to change: plans stay fresh
	}
	id := iv.serviceID(o.ID)
	for _, i := range rs {
		iv.nums[i].typ, iv.nums[i].owner = o.Type, id
	}
	iv.gen++
	return nil
}

// ReleaseFromService frees numbers a service holds. A number held by a
// user is freed only by removing the user's Webex Calling (Remove).
func (iv *Inventory) ReleaseFromService(numbers ...E164) error {
	rs, err := iv.recs(numbers)
	if err != nil {
		return err
	}
	for k, i := range rs {
		if r := &iv.nums[i]; r.typ == NoOwner || r.typ == People {
			return &InputError{What: "number", Value: numbers[k].String(), Owner: iv.owner(r.typ, r.owner), Err: ErrNotServiceOwned}
		}
	}
	if len(rs) == 0 {
		return nil // nothing to change: plans stay fresh
	}
	for _, i := range rs {
		iv.nums[i].typ, iv.nums[i].owner = NoOwner, 0
	}
	iv.gen++
	return nil
}

// AssignExtension gives a free extension in a location enabled for
// calling to a service.
func (iv *Inventory) AssignExtension(o Owner, location, ext string) error {
	if err := checkService(o); err != nil {
		return err
	}
	l, err := iv.liveLoc(location)
	if err != nil {
		return err
	}
	if !iv.locs[l].enabled {
		return bad("location", location, ErrLocationNotValid)
	}
	e := encodeExt(ext)
	if e == 0 {
		return bad("extension", ext, ErrBadExtension)
	}
	if h, ok := iv.exts[extKey(l, e)]; ok {
		return &InputError{What: "extension", Value: ext, Owner: iv.owner(h.typ, h.id), Err: ErrExtensionInUse}
	}
	if iv.exts == nil {
		iv.exts = map[uint64]holder{}
	}
	iv.exts[extKey(l, e)] = holder{o.Type, iv.serviceID(o.ID)}
	iv.gen++
	return nil
}

// ReleaseExtension frees an extension a service holds in a location.
func (iv *Inventory) ReleaseExtension(location, ext string) error {
	l, ok := iv.locIdx[location]
	if !ok {
		return bad("location", location, ErrUnknownLocation)
	}
	k := extKey(l, encodeExt(ext))
	h, held := iv.exts[k]
	if !held || h.typ == People {
		return &InputError{What: "extension", Value: ext, Owner: iv.owner(h.typ, h.id), Err: ErrNotServiceOwned}
	}
	delete(iv.exts, k)
	iv.gen++
	return nil
}
