package webexapi

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// Opaque license IDs of testdata/licenses.json, written as the API
// reference writes them.
const (
	idCallingPro   = "Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvOTZhYmMyYWEtM2RjYy0xMWU1LWExNTItZmUzNDgxOWNkYzlh"
	idAdvMsgA      = "Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvOTZhYmMyYWEtM2RjYy0xMWU1LTU2eTctMGY0NTU2YWRleWhu"
	idBasicMsg     = "Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvOTZhYmMyYWEtM2RjYy0xMWU1LTIzNDItMGY0NTU2YWRlZXJm"
	idHost         = "Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvOTZhYmMyYWEtM2RjYy0xMWU1LWIyNjMtMGY0NTkyYWRlZmFi"
	idHybrid       = "Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvOTZhYmMyYWEtM2RjYy0xMWU1LWExNTItZmUzNDgxOWNkYWJj"
	idCallingStd   = "Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvOTZhYmMyYWEtM2RjYy0xMWU1LWExNTItZmUzNDgxOWNkYzli"
	idAdvSpaceMeet = "Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvOTZhYmMyYWEtM2RjYy0xMWU1LWExNTItZmUzNDgxOWNkYzlj"
	idAdvMsgB      = "Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvOTZhYmMyYWEtM2RjYy0xMWU1LWExNTItZmUzNDgxOWNkYzlk"
)

// testView decodes testdata/licenses.json.
func testView(t testing.TB) *LicenseView {
	t.Helper()
	v, err := DecodeLicenses(testCatalog(), readFile(t, "licenses.json"))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// padded returns the standard, padded base64 spelling of a license ID.
func padded(id string) string {
	return base64.StdEncoding.EncodeToString([]byte(license.MustParseID(id).URI()))
}

// TestDecodeLicensesReference decodes a Licenses list of the reference's
// shape: opaque IDs map to the kind of their name, a site license of a
// catalog site to its host kind, unknown names to NoKind, a coded ID to its
// code's kind; unknown fields are ignored (LIC-6).
func TestDecodeLicensesReference(t *testing.T) { // LIC-6
	cat := testCatalog()
	host, _ := siteKinds(t, cat)
	type row struct {
		Name  string
		Kind  license.Kind
		Sub   string
		Total int
		Used  int
	}
	var got []row
	for _, e := range testView(t).Entries() {
		got = append(got, row{e.Name, e.Kind, e.Subscription, e.TotalUnits, e.ConsumedUnits})
	}
	want := []row{
		{"Webex Calling Professional", license.CallingProfessional, "sub-a", 3, 1},
		{"Advanced Messaging", license.AdvancedMessaging, "sub-a", 5, 1},
		{"Basic Messaging", license.BasicMessaging, "", 0, 0},
		{"Meeting - Webex Meeting Center", host, "sub-a", 2, 1},
		{"Hybrid - Exchange Calendar", license.NoKind, "", 1, 0},
		{"Webex Calling Standard", license.CallingStandard, "sub-a", 2, 0},
		{"Advanced Space Meetings", license.AdvancedSpaceMeetings, "sub-a", 2, 0},
		{"Advanced Messaging", license.AdvancedMessaging, "sub-b", 1, 0},
		{"Meeting - Webex Meeting Center", license.NoKind, "Sub-hydraOct26a", 50, 5},
		{"Call on Webex", license.CallOnWebex, "", 0, 0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

// TestLicenseViewResolve resolves the IDs People and PATCH payloads carry
// (LIC-6): a listed opaque ID to its entry, a coded ID by its code, an
// opaque ID of no entry or of an unknown kind to ErrUnknownLicense.
func TestLicenseViewResolve(t *testing.T) { // LIC-6
	v := testView(t)
	for _, tt := range []struct {
		id   string
		kind license.Kind
		sub  string
	}{
		{idAdvMsgB, license.AdvancedMessaging, "sub-b"},
		{padded(idCallingPro), license.CallingProfessional, "sub-a"}, // standard, padded spelling
		{license.ID{Org: "any-org", Code: "FMS", UUID: "u"}.String(), license.BasicMessaging, ""},
	} {
		k, sub, err := v.Resolve(tt.id)
		if err != nil || k != tt.kind || sub != tt.sub {
			t.Errorf("Resolve(%q) = %v, %q, %v; want %v, %q", tt.id, k, sub, err, tt.kind, tt.sub)
		}
	}
	for _, id := range []string{idHybrid, license.ID{UUID: "not-listed"}.String(), "!!", license.ID{Org: "o", Code: "ZZZ", UUID: "u"}.String()} {
		if _, _, err := v.Resolve(id); !errors.Is(err, ErrUnknownLicense) {
			t.Errorf("Resolve(%q) = %v, want ErrUnknownLicense", id, err)
		}
	}
	if s, ok := v.IDOf(license.AdvancedMessaging, "sub-b"); !ok || s != idAdvMsgB {
		t.Errorf("IDOf = %q, %v", s, ok)
	}
}

// TestExportLicenses checks the export against its golden file and its round
// trip: decoded, every item maps back to the kind, subscription and units it
// was written from (LIC-6 IDs, LIC-8 usage).
func TestExportLicenses(t *testing.T) { // LIC-6
	o := testOrg(t)
	list, err := ExportLicenses(o)
	if err != nil {
		t.Fatal(err)
	}
	data := golden(t, "export_licenses.golden.json", list)
	v, err := DecodeLicenses(o.Catalog(), data)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Kind                 license.Kind
		Sub                  string
		Total, Used, ByUsers int
	}
	var want, got []row
	for _, u := range o.Usage() {
		want = append(want, row{u.Kind, u.Subscription, u.TotalUnits, u.ConsumedUnits, u.ConsumedByUsers})
	}
	for _, k := range []license.Kind{license.BasicMessaging, license.BasicSpaceMeetings, license.BasicMeetings, license.CallOnWebex} {
		want = append(want, row{Kind: k})
	}
	for _, e := range v.Entries() {
		got = append(got, row{e.Kind, e.Subscription, e.TotalUnits, e.ConsumedUnits, e.ConsumedByUsers})
		if k, sub, err := o.ResolveLicenseID(e.ID); err != nil || k != e.Kind || sub != e.Subscription {
			t.Errorf("the org resolves %q to %v, %q, %v; the view to %v, %q", e.ID, k, sub, err, e.Kind, e.Subscription)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	one, err := json.Marshal(list.Items[0])
	if err != nil {
		t.Fatal(err)
	}
	e, err := DecodeLicense(o.Catalog(), one)
	if err != nil || e.Kind != v.Entries()[0].Kind || e.License != list.Items[0] {
		t.Errorf("DecodeLicense = %+v, %v", e, err)
	}
}

// TestDecodeLicensesErrors checks that a bad payload is a *DecodeError
// naming the field, matching ErrPayload, with nothing returned.
func TestDecodeLicensesErrors(t *testing.T) { // LIC-6
	people := license.ID{}.String() + "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9mNWIzNjE4Ny1jOGRkLTQ3MjctOGIyZi1mOWM0NDdmMjkwNDY"
	for _, tt := range []struct {
		name, in, field, text string
	}{
		{"units as a string", `{"items":[{"id":"` + idBasicMsg + `","totalUnits":50},{"id":"` + idBasicMsg + `","totalUnits":"50"}]}`, "items[1].totalUnits", "string"},
		{"name as a number", `{"items":[{"id":"` + idBasicMsg + `","name":7}]}`, "items[0].name", "number"},
		{"items as an object", `{"items":{}}`, "items", "object"},
		{"a people ID", `{"items":[{"id":"` + people + `"}]}`, "items[0].id", `resource type "PEOPLE"`},
		{"no ID", `{"items":[{"name":"x"}]}`, "items[0].id", "empty input"},
		{"duplicate ID", `{"items":[{"id":"` + idBasicMsg + `"},{"id":"` + padded(idBasicMsg) + `"}]}`, "items[1].id", "twice"},
		{"negative units", `{"items":[{"id":"` + idBasicMsg + `","consumedUnits":-1}]}`, "items[0].consumedUnits", "negative"},
		{"not JSON", `{"items":[`, "", "truncated"},
		{"syntax", `{"items":[}`, "", "invalid character"},
		{"trailing data", `{"items":[]} {}`, "", "after the JSON value"},
		{"empty", ``, "", "truncated or empty"},
	} {
		v, err := DecodeLicenses(testCatalog(), []byte(tt.in))
		var de *DecodeError
		if v != nil || !errors.As(err, &de) || !errors.Is(err, ErrPayload) {
			t.Errorf("%s: DecodeLicenses = %v, %v; want a *DecodeError", tt.name, v, err)
			continue
		}
		if de.Field != tt.field || !strings.Contains(err.Error(), tt.text) || (tt.field != "" && !strings.Contains(err.Error(), tt.field)) {
			t.Errorf("%s: error %q (field %q), want field %q and %q", tt.name, err, de.Field, tt.field, tt.text)
		}
	}
	if _, err := DecodeLicenses(nil, []byte(`{}`)); !errors.Is(err, ErrNil) {
		t.Errorf("nil catalog: %v", err)
	}
	if _, err := ExportLicenses(nil); !errors.Is(err, ErrNil) {
		t.Errorf("nil org: %v", err)
	}
}

// A nil view and the zero view have no catalog: Entries and IDOf answer
// nothing, and Resolve refuses with ErrNil, even a coded ID a catalog
// would resolve. DecodeLicense with no catalog refuses with ErrNil too.
func TestLicenseViewWithoutCatalog(t *testing.T) {
	coded := license.ID{Org: "any-org", Code: "FMS", UUID: "u"}.String()
	for name, v := range map[string]*LicenseView{"nil": nil, "zero": {}} {
		if got := v.Entries(); got != nil {
			t.Errorf("%s view: Entries = %v, want nil", name, got)
		}
		if k, sub, err := v.Resolve(coded); k != license.NoKind || sub != "" || !errors.Is(err, ErrNil) {
			t.Errorf("%s view: Resolve = %v, %q, %v; want NoKind, \"\", ErrNil", name, k, sub, err)
		}
		if s, ok := v.IDOf(license.BasicMessaging, ""); s != "" || ok {
			t.Errorf("%s view: IDOf = %q, %v; want \"\", false", name, s, ok)
		}
	}
	if e, err := DecodeLicense(nil, []byte(`{"id":"`+idBasicMsg+`"}`)); !errors.Is(err, ErrNil) || !cmp.Equal(e, LicenseEntry{}) {
		t.Errorf("DecodeLicense(nil catalog) = %+v, %v; want the zero entry and ErrNil", e, err)
	}
}

// A kind of a caller's catalog that consumes units but has no license-ID
// code is no license: ExportLicenses lists its subscription's other kinds
// and the free kinds with a code, and not it.
func TestExportLicensesSkipsKindWithoutCode(t *testing.T) {
	b := license.DefaultBuilder()
	device := b.AddKind(license.Info{Name: "Room Device", Category: license.Calling, Paid: true, ConsumesUnit: true})
	cat, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	o := assignment.New(testOrgID, cat)
	do(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "sub-a",
		Units: map[license.Kind]int{license.AdvancedMessaging: 5, device: 3}}})
	list, err := ExportLicenses(o)
	if err != nil {
		t.Fatal(err)
	}
	want := &LicenseList{Items: []License{{ID: orgLicenseID(t, o, license.AdvancedMessaging, "sub-a"), Name: "Advanced Messaging", TotalUnits: 5, SubscriptionID: "sub-a"}}}
	for _, k := range []license.Kind{license.BasicMessaging, license.BasicSpaceMeetings, license.BasicMeetings, license.CallOnWebex} {
		want.Items = append(want.Items, License{ID: orgLicenseID(t, o, k, ""), Name: cat.Name(k)})
	}
	if diff := cmp.Diff(want, list); diff != "" {
		t.Errorf("licenses (-want +got):\n%s", diff)
	}
}
