package assignment_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// Preview what dropping a paid license from the org template would do,
// then apply it.
func ExampleOrg_Plan() {
	org := assignment.New("acme", license.MustDefault())
	for _, a := range []assignment.Action{
		assignment.AddSubscription{Subscription: license.Subscription{ID: "sub-1",
			Units: map[license.Kind]int{license.AdvancedMessaging: 1}}},
		assignment.SaveTemplate{Licenses: []assignment.Entry{{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging}}},
	} {
		if _, err := org.Do(a); err != nil {
			log.Fatal(err)
		}
	}
	p, err := org.Do(assignment.AddUsers{Users: []assignment.NewUser{{Email: "ann@acme.com"}, {Email: "bob@acme.com"}}})
	if err != nil {
		log.Fatal(err)
	}
	for _, line := range p.Lines() {
		fmt.Println(line)
	}

	p, err = org.Plan(assignment.SaveTemplate{Licenses: []assignment.Entry{{Kind: license.BasicMessaging}},
		Scope: assignment.Existing, PreserveOff: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("--", p.Action)
	for _, line := range p.Lines() {
		fmt.Println(line)
	}
	fmt.Println(org.Apply(p), org.Summary(0))
	// Output:
	// ann@acme.com: add user
	// bob@acme.com: add user
	// ann@acme.com: grant Basic Messaging (ASG-2 template applies to new user; template "org")
	// ann@acme.com: grant Advanced Messaging from "sub-1" (ASG-2 template applies to new user; template "org")
	// ann@acme.com: grant Basic Space Meetings [implied] (ASG-2 template applies to new user; template "org")
	// ann@acme.com: welcome (LIC-12 first added to the org)
	// bob@acme.com: grant Basic Messaging (ASG-2 template applies to new user; template "org")
	// bob@acme.com: grant Basic Space Meetings [implied] (ASG-2 template applies to new user; template "org")
	// bob@acme.com: welcome (LIC-12 first added to the org)
	// shortfall bob@acme.com: not granted Advanced Messaging: NoUnitAvailable
	// -- save org template (scope existing, preserve off)
	// save template "org": Basic Messaging (was Basic Messaging, Advanced Messaging)
	// ann@acme.com: remove Advanced Messaging (unit back to "sub-1") (ASG-4 preserve off: no current template grants it; template "org")
	// <nil> ann@acme.com: Basic Messaging [template "org"], Basic Space Meetings [implied]
}

// A plan applies only as it was made: an edited plan is refused and the
// org does not change.
func ExampleOrg_Apply_edited() {
	org := assignment.New("acme", license.MustDefault())
	p, err := org.Plan(assignment.AddUsers{Users: []assignment.NewUser{{Email: "ann@acme.com"}}})
	if err != nil {
		log.Fatal(err)
	}
	p.Changes = p.Changes[:1] // truncated by the caller
	err = org.Apply(p)
	fmt.Println(errors.Is(err, assignment.ErrEditedPlan), org.NumUsers())
	// Output:
	// true 0
}
