package webexapi_test

import (
	"fmt"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
	"github.com/wxlicense/wxlicense/webexapi"
)

// Answer a PATCH /licenses/users that adds Advanced Messaging without Basic
// Messaging: the API's error body with code 700003 (LIC-3, LIC-13), and
// nothing applied.
func ExampleAssign() {
	org := assignment.New("acme", license.MustDefault())
	if _, err := org.Do(assignment.AddSubscription{Subscription: license.Subscription{ID: "sub-1",
		Units: map[license.Kind]int{license.AdvancedMessaging: 10}}}); err != nil {
		panic(err)
	}
	if _, err := org.Do(assignment.AddUsers{Users: []assignment.NewUser{{Email: "ann@acme.com",
		Explicit: true, Licenses: []license.Kind{license.CallOnWebex}}}}); err != nil {
		panic(err)
	}
	id, _ := org.LicenseID(license.AdvancedMessaging, "sub-1")
	body := fmt.Sprintf(`{"email":"ann@acme.com","licenses":[{"id":%q,"operation":"add"}]}`, id)

	a := webexapi.Assign(org, nil, []byte(body), "NA_1")
	out, _ := a.Body()
	fmt.Println(a.Status)
	fmt.Println(string(out))
	fmt.Println(org.Summary(0))
	// Output:
	// 400
	// {"message":"License prerequisite missing","errors":[{"errorCode":700003,"description":"Free teams messaging mandatory for paid teams messaging license. The following license could not be applied as requested: Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvYWNtZTpNU181N2ZiMjYyNy1lNzU2LTUwMmEtOTBlNi1hZmE5Mjk1ZjgyZjk, Basic Messaging"}],"trackingId":"NA_1"}
	// ann@acme.com: Call on Webex [manual]
}
