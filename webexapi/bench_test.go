package webexapi

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// benchOrg is an org of n users with messaging licenses.
func benchOrg(b *testing.B, n int) *assignment.Org {
	o := emptyOrg(b)
	do(b, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "sub-big",
		Units: map[license.Kind]int{license.AdvancedMessaging: n}}})
	users := make([]assignment.NewUser, n)
	for i := range users {
		users[i] = assignment.NewUser{Email: fmt.Sprintf("u%d@acme.com", i), Explicit: true,
			Licenses: []license.Kind{license.BasicMessaging, license.AdvancedMessaging, license.CallOnWebex}}
	}
	do(b, o, assignment.AddUsers{Users: users})
	return o
}

// BenchmarkPeople100k exports 100,000 users as a People list, marshals it,
// and decodes it back.
func BenchmarkPeople100k(b *testing.B) {
	o := benchOrg(b, 100_000)
	v := NewLicenseView(o.Catalog())
	b.ResetTimer()
	for b.Loop() {
		list, err := ExportPeople(o)
		if err != nil {
			b.Fatal(err)
		}
		data, err := json.Marshal(list)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := v.DecodePeople(data, true); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAssignByPersonID answers a PATCH whose personId names no user
// of a 100,000-user org: the worst case of the scan that finds a personId.
func BenchmarkAssignByPersonID(b *testing.B) {
	o := benchOrg(b, 100_000)
	v := NewLicenseView(o.Catalog())
	body := []byte(`{"personId":"` + PersonID(o.ID(), "nobody@acme.com") + `","licenses":[]}`)
	b.ReportAllocs()
	for b.Loop() {
		if a := Assign(o, v, body, ""); a.Status != 404 {
			b.Fatalf("status %d, want 404", a.Status)
		}
	}
}
