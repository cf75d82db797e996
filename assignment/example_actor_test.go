package assignment_test

import (
	"errors"
	"fmt"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// A partner restricts a customer org; its customer full admin may then
// not change licenses, while the partner admin may. Plain Do checks no
// actor.
func ExampleOrg_DoAs() {
	o := assignment.New("acme", license.MustDefault())
	o.Do(assignment.AddUsers{Users: []assignment.NewUser{{Email: "ann@acme.example"}}})
	partner := assignment.Actor{Role: assignment.FullAdmin, Partner: true}
	customer := assignment.Actor{Role: assignment.FullAdmin}

	_, err := o.DoAs(customer, assignment.RestrictByPartner{On: true})
	fmt.Println(errors.Is(err, assignment.ErrForbidden))
	o.DoAs(partner, assignment.RestrictByPartner{On: true})

	grant := assignment.ModifyLicenses{User: "ann@acme.example",
		Ops: []assignment.LicenseOp{{Kind: license.BasicMeetings}}}
	_, err = o.DoAs(customer, grant)
	fmt.Println(err)
	p, _ := o.DoAs(partner, grant)
	fmt.Println(p.Lines()[0])
	// Output:
	// true
	// assignment: customer full admin may not "modify licenses of ann@acme.example": assignment: restricted by partner (LIC-14, BW-24)
	// ann@acme.example: grant Basic Meetings (LIC-7 user-level request)
}
