package webexapi

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// SiteTypeControlHub is the siteType the export gives every meeting-site
// license: the model has no linked or Site Admin managed sites.
const SiteTypeControlHub = "Control Hub managed site"

// License is one item of the Licenses API (GET /licenses, GET
// /licenses/{licenseId}): one license of one subscription.
type License struct {
	ID                   string `json:"id"`
	Name                 string `json:"name"`
	TotalUnits           int    `json:"totalUnits"`
	ConsumedUnits        int    `json:"consumedUnits"`
	ConsumedByUsers      int    `json:"consumedByUsers"`
	ConsumedByWorkspaces int    `json:"consumedByWorkspaces"`
	SubscriptionID       string `json:"subscriptionId,omitempty"`
	SiteURL              string `json:"siteUrl,omitempty"`
	SiteType             string `json:"siteType,omitempty"`
}

// LicenseList is the body of GET /licenses.
type LicenseList struct {
	Items []License `json:"items"`
}

// ExportLicenses returns the org's licenses as GET /licenses lists them: one
// item per subscription and kind with units, oldest subscription first
// (Org.Usage, LIC-8), then one item per free kind with a license ID, in
// catalog order, with no subscription and zero units (a free kind consumes
// no unit, LIC-1). IDs are the org's own (Org.LicenseID, LIC-6). A kind
// without a license-ID code (the attendee role) is not a license and is not
// listed.
func ExportLicenses(o *assignment.Org) (*LicenseList, error) {
	if unusable(o) {
		return nil, ErrNil
	}
	cat := o.Catalog()
	list := &LicenseList{Items: []License{}}
	for _, u := range o.Usage() {
		if cat.Info(u.Kind).Code == "" {
			continue
		}
		item, err := exportLicense(o, u.Kind, u.Subscription)
		if err != nil {
			return nil, err
		}
		item.TotalUnits, item.ConsumedUnits, item.ConsumedByUsers = u.TotalUnits, u.ConsumedUnits, u.ConsumedByUsers
		list.Items = append(list.Items, item)
	}
	free := cat.Matching(func(i license.Info) bool { return i.Code != "" && !i.ConsumesUnit })
	for k := range free.All() {
		item, err := exportLicense(o, k, "")
		if err != nil {
			return nil, err
		}
		list.Items = append(list.Items, item)
	}
	return list, nil
}

// unusable reports whether o is nil or the zero Org (ErrNil).
func unusable(o *assignment.Org) bool { return o == nil || o.Catalog() == nil }

// exportLicense returns the item of kind k on subscription sub, without
// units.
func exportLicense(o *assignment.Org, k license.Kind, sub string) (License, error) {
	id, err := o.LicenseID(k, sub)
	if err != nil {
		return License{}, err
	}
	info := o.Catalog().Info(k)
	item := License{ID: id.String(), Name: info.Name, SubscriptionID: sub, SiteURL: info.Site}
	if info.Site != "" {
		item.SiteType = SiteTypeControlHub
	}
	return item, nil
}

// LicenseEntry is one decoded item of the Licenses API, mapped to the model:
// its parsed ID, the catalog kind it names (license.NoKind for a kind the
// catalog does not know) and its subscription.
type LicenseEntry struct {
	License
	LicenseID    license.ID
	Kind         license.Kind
	Subscription string
}

// LicenseView is an org's licenses as the Licenses API reports them, mapped
// to a catalog: it resolves the license IDs the People and license
// assignment payloads carry, opaque ones included (LIC-6), to kinds and
// subscriptions, and back. The zero view has no catalog: its methods return
// ErrNil or nothing. NewLicenseView gives one that resolves coded IDs by the
// catalog alone. A view must be of the catalog of the org it is used with.
type LicenseView struct {
	cat     *license.Catalog
	entries []LicenseEntry
	byID    map[license.ID]int
}

// NewLicenseView returns a view with no entries: coded license IDs resolve by
// their code, opaque ones not at all.
func NewLicenseView(cat *license.Catalog) *LicenseView {
	return &LicenseView{cat: cat, byID: map[license.ID]int{}}
}

// DecodeLicenses reads the body of GET /licenses into a view. Each item's ID
// must be a license ID (coded or opaque, LIC-6) given once; its kind is the
// catalog kind of its code, or, for an opaque ID, of its name
// (license.Catalog.KindOfID); a kind the catalog does not know is NoKind,
// not an error. Units must not be negative. Unknown fields are ignored.
func DecodeLicenses(cat *license.Catalog, data []byte) (*LicenseView, error) {
	if cat == nil {
		return nil, ErrNil
	}
	var list LicenseList
	if err := decode("licenses", data, &list); err != nil {
		return nil, err
	}
	v := NewLicenseView(cat)
	for i, item := range list.Items {
		if err := v.add(item, fmt.Sprintf("items[%d]", i)); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// DecodeLicense reads the body of GET /licenses/{licenseId} (its "users"
// are ignored) as DecodeLicenses reads one item.
func DecodeLicense(cat *license.Catalog, data []byte) (LicenseEntry, error) {
	if cat == nil {
		return LicenseEntry{}, ErrNil
	}
	var item License
	if err := decode("licenses", data, &item); err != nil {
		return LicenseEntry{}, err
	}
	v := NewLicenseView(cat)
	if err := v.add(item, ""); err != nil {
		return LicenseEntry{}, err
	}
	return v.entries[0], nil
}

// add checks one item and adds its entry; at names it in errors.
func (v *LicenseView) add(item License, at string) error {
	field := func(name string) string { return strings.TrimPrefix(at+"."+name, ".") }
	id, err := license.ParseID(item.ID)
	if err != nil {
		return fieldError("licenses", field("id"), err)
	}
	if _, dup := v.byID[id]; dup {
		return fieldError("licenses", field("id"), fmt.Errorf("license ID %q listed twice", item.ID))
	}
	units := []struct {
		name string
		n    int
	}{{"totalUnits", item.TotalUnits}, {"consumedUnits", item.ConsumedUnits},
		{"consumedByUsers", item.ConsumedByUsers}, {"consumedByWorkspaces", item.ConsumedByWorkspaces}}
	for _, u := range units {
		if u.n < 0 {
			return fieldError("licenses", field(u.name), fmt.Errorf("negative units %d", u.n))
		}
	}
	e := LicenseEntry{License: item, LicenseID: id, Kind: v.cat.KindOfID(id, item.Name, item.SiteURL), Subscription: item.SubscriptionID}
	v.byID[id] = len(v.entries)
	v.entries = append(v.entries, e)
	return nil
}

// Entries returns the view's entries, in the order of the payload.
func (v *LicenseView) Entries() []LicenseEntry {
	if v == nil {
		return nil
	}
	return append([]LicenseEntry(nil), v.entries...)
}

// ErrUnknownLicense is matched by the error of a license ID a view cannot
// resolve to a catalog kind (LIC-13: 400000, license not recognized).
var ErrUnknownLicense = errors.New("webexapi: license not recognized")

// Resolve returns the kind and subscription a license ID names: from the
// view's entry for it, or, for a coded ID the view does not list, from its
// code (with no subscription). A malformed ID, an opaque ID the view does not
// list and a kind the catalog does not know are errors matching
// ErrUnknownLicense (and license.ErrMalformedID for a malformed one).
func (v *LicenseView) Resolve(s string) (license.Kind, string, error) {
	if v == nil || v.cat == nil {
		return license.NoKind, "", ErrNil
	}
	id, err := license.ParseID(s)
	if err != nil {
		return license.NoKind, "", fmt.Errorf("%w: %w", ErrUnknownLicense, err)
	}
	k, sub := v.cat.KindOfID(id, "", ""), ""
	if i, ok := v.byID[id]; ok {
		k, sub = v.entries[i].Kind, v.entries[i].Subscription
	}
	if k == license.NoKind {
		return license.NoKind, "", fmt.Errorf("%w: %q", ErrUnknownLicense, s)
	}
	return k, sub, nil
}

// IDOf returns the ID the view lists for kind k on subscription sub, if it
// lists one.
func (v *LicenseView) IDOf(k license.Kind, sub string) (string, bool) {
	if v == nil {
		return "", false
	}
	for _, e := range v.entries {
		if e.Kind == k && e.Subscription == sub {
			return e.ID, true
		}
	}
	return "", false
}

// OrgID returns the API's ID of an organization with the model's org ID:
// the URL-safe, unpadded base64 of ciscospark://us/ORGANIZATION/<org>.
func OrgID(org string) string { return resourceID("ORGANIZATION", org) }

// PersonID returns the API's ID of a person of an org, as the People export
// gives it: the URL-safe, unpadded base64 of ciscospark://us/PEOPLE/<uuid>,
// the UUID derived from the org and the e-mail (license.DeriveUUID).
func PersonID(org, email string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(personURI(org, email)))
}

// peopleType is a person's resource type, in its URI and its derived UUID.
const peopleType = "PEOPLE"

func personURI(org, email string) string {
	return resourceURI(peopleType, license.DeriveUUID(org, peopleType, email))
}

func resourceID(typ, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(resourceURI(typ, id)))
}

// resourceURI is the ciscospark:// form of an API resource ID.
func resourceURI(typ, id string) string { return "ciscospark://us/" + typ + "/" + id }
