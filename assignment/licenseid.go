package assignment

import (
	"fmt"

	"github.com/wxlicense/wxlicense/license"
)

// LicenseID returns the license ID of kind k on subscription sub (empty for
// a kind that consumes no unit): each (kind, subscription[, site]) has one
// ID, whose UUID is derived from the org, code, subscription and site
// (LIC-6). Kinds without a code, such as the attendee role, have none.
func (o *Org) LicenseID(k license.Kind, sub string) (license.ID, error) {
	if err := o.usable(); err != nil {
		return license.ID{}, err
	}
	if err := o.kind(k); err != nil {
		return license.ID{}, err
	}
	info := o.cat.Info(k)
	if info.Code == "" {
		return license.ID{}, bad("kind", info.Name, fmt.Errorf("%w: no license ID", ErrUnknownKind))
	}
	if sub != "" {
		if _, ok := o.ledger.Lookup(sub); !ok {
			return license.ID{}, bad("subscription", sub, ErrUnknownSubscription)
		}
	}
	return license.NewID(o.id, info.Code, license.DeriveUUID(o.id, info.Code, sub, info.Site), info.Site)
}

// ResolveLicenseID finds the kind and subscription (empty for a free kind)
// a license ID names. A malformed ID is refused with license.ErrMalformedID,
// an ID of another org with ErrOtherOrg, a code this catalog does not have
// with ErrUnknownKind, and a UUID of no subscription of this org with
// ErrUnknownSubscription.
func (o *Org) ResolveLicenseID(s string) (license.Kind, string, error) {
	id, err := license.ParseID(s)
	if err != nil {
		return license.NoKind, "", err
	}
	if id.Opaque() { // LIC-6: only the Licenses API's name tells its kind
		return license.NoKind, "", bad("license ID", s, ErrUnknownKind)
	}
	if id.Org != o.id {
		return license.NoKind, "", bad("license ID", s, fmt.Errorf("%w %q", ErrOtherOrg, id.Org))
	}
	k, ok := o.cat.ByCode(id.Code, id.Site)
	if !ok {
		return license.NoKind, "", bad("license ID", s, ErrUnknownKind)
	}
	subs := []string{""}
	for _, s := range o.ledger.Order() {
		subs = append(subs, o.ledger.Name(s))
	}
	for _, sub := range subs {
		if license.DeriveUUID(o.id, id.Code, sub, id.Site) == id.UUID {
			return k, sub, nil
		}
	}
	return license.NoKind, "", bad("license ID", s, ErrUnknownSubscription)
}
