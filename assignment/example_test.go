package assignment_test

import (
	"fmt"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// Preview what dropping a paid license from the org template would do,
// then apply it.
func ExampleOrg_Plan() {
	org := assignment.New("acme", license.MustDefault())
	org.Do(assignment.AddSubscription{Subscription: license.Subscription{ID: "sub-1",
		Units: map[license.Kind]int{license.AdvancedMessaging: 1}}})
	org.Do(assignment.SaveTemplate{Licenses: []assignment.Entry{{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging}}})
	p, _ := org.Do(assignment.AddUsers{Users: []assignment.NewUser{{Email: "ann@acme.com"}, {Email: "bob@acme.com"}}})
	for _, line := range org.Lines(p) {
		fmt.Println(line)
	}

	p, _ = org.Plan(assignment.SaveTemplate{Licenses: []assignment.Entry{{Kind: license.BasicMessaging}},
		Scope: assignment.Existing, PreserveOff: true})
	fmt.Println("--", p.Action)
	for _, line := range org.Lines(p) {
		fmt.Println(line)
	}
	fmt.Println(org.Apply(p), org.Summary(0))
	// Output:
	// ann@acme.com: grant Basic Messaging (ASG-2 template applies to new user; template "org")
	// ann@acme.com: grant Advanced Messaging from sub-1 (ASG-2 template applies to new user; template "org")
	// ann@acme.com: grant Basic Space Meetings (ASG-2 template applies to new user; template "org")
	// ann@acme.com: welcome (LIC-12 first added to the org)
	// bob@acme.com: grant Basic Messaging (ASG-2 template applies to new user; template "org")
	// bob@acme.com: grant Basic Space Meetings (ASG-2 template applies to new user; template "org")
	// bob@acme.com: welcome (LIC-12 first added to the org)
	// shortfall bob@acme.com: not granted Advanced Messaging: NoUnitAvailable
	// -- save template "org" (org, scope existing, preserve off)
	// ann@acme.com: remove Advanced Messaging (unit back to sub-1) (ASG-4 preserve off: no current template grants it; template "org")
	// <nil> ann@acme.com: Basic Messaging [template "org"], Basic Space Meetings [template "org", implied]
}
