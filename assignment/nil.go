package assignment

import "github.com/wxlicense/wxlicense/license"

// NewOrg returns an empty org as [New] does, or an error wrapping ErrNil
// when cat is nil.
func NewOrg(id string, cat *license.Catalog) (*Org, error) {
	if cat == nil {
		return nil, bad("catalog", "nil", ErrNil)
	}
	return New(id, cat), nil
}

// orZero returns o, or a zero Org for a nil one, so that a read of a nil
// org answers as the zero org does: nothing.
func (o *Org) orZero() *Org {
	if o == nil {
		return &Org{}
	}
	return o
}

// usable refuses to plan on a nil org or on the zero Org, which has no
// catalog: an org comes from New or NewOrg.
func (o *Org) usable() error {
	if o == nil || o.cat == nil {
		return bad("org", "nil", ErrNil)
	}
	return nil
}
