package calling_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/calling"
	"github.com/wxlicense/wxlicense/license"
)

// The work-number path: two locations, a few numbers, and users tried in
// the order they were added (CAL-2, CAL-3, CAL-12).
func Example() {
	var iv calling.Inventory
	_ = iv.AddLocation("WAW", "Warsaw", true)
	_ = iv.AddLocation("PRG", "Prague", false)
	_ = iv.AddNumbers("WAW", true, calling.MustParseE164("+48221000001"), calling.MustParseE164("+48221000002"))
	_ = iv.AddNumbers("PRG", true, calling.MustParseE164("+420200000001"))
	_ = iv.AssignToService(calling.Owner{Type: calling.HuntGroup, ID: "sales"}, calling.MustParseE164("+48221000002"))

	batch, _ := iv.Plan([]calling.Candidate{
		{User: 1, WorkNumber: "+48221000001", Synced: true},
		{User: 2, WorkNumber: "+48221000001", Synced: true},
		{User: 3, WorkNumber: "+48221000002"},
		{User: 4, WorkNumber: "+420200000001"},
		{User: 5, WorkNumber: "555-555-1212"},
		{User: 6, WorkNumber: ""},
	})
	for p := range batch.Placements() {
		fmt.Println("placed", p)
	}
	for _, f := range batch.Failures() {
		fmt.Printf("%v: %v\n", f.Reason, &f)
	}
	_ = iv.Apply(batch)
	prof, _ := iv.Profile(1)
	fmt.Println(prof.Location, prof.Number, prof.Voicemail.Rings)
	// Output:
	// placed user 1: {location "WAW", number "+48221000001"}
	// NumberInUse: user 2: calling: number in use: "+48221000001" (owned by PEOPLE user 1)
	// NumberInUse: user 3: calling: number in use: "+48221000002" (owned by HUNT_GROUP sales)
	// LocationNotValid: user 4: calling: location deleted or not enabled for calling: "+420200000001"
	// NotE164: user 5: calling: not an E.164 number: "555-555-1212"
	// NoWorkNumber: user 6: calling: no work number: ""
	// WAW +48221000001 3
}

func ExampleParseE164() {
	for _, s := range []string{"+48221234567", "555-555-1212", "+48 22", "+0123", "+1234567890123456"} {
		n, err := calling.ParseE164(s)
		var e *calling.E164Error
		if errors.As(err, &e) {
			fmt.Printf("%q: %v\n", s, e.Reason)
			continue
		}
		fmt.Println(n)
	}
	// Output:
	// +48221234567
	// "555-555-1212": no leading '+'
	// "+48 22": non-digit
	// "+0123": country code 0
	// "+1234567890123456": too long
}

// A manual placement (CAL-4) and the removal of Webex Calling (CAL-9).
func ExampleInventory_Remove() {
	var iv calling.Inventory
	_ = iv.AddLocation("WAW", "Warsaw", true)
	_ = iv.AddNumbers("WAW", true, calling.MustParseE164("+48221000001"))
	_, err := iv.CheckPlacement(7, calling.Placement{Extension: "100"})
	fmt.Println(err)
	batch, err := iv.PlanManual([]calling.Request{{User: 7, Placement: calling.Placement{Number: "+48221000001", Extension: "100"}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = iv.Apply(batch)
	_ = iv.SetVoicemailPIN(7, "924613")
	lost, _ := iv.Remove(7)
	fmt.Println(lost[0])
	n, _ := iv.Lookup(calling.MustParseE164("+48221000001"))
	fmt.Println(n.Owner.IsZero())
	// Output:
	// user 7: placement {extension "100"}: calling: placement needs a location enabled for calling and a number or an extension (400411)
	// user 7: placement in WAW, number +48221000001, extension 100, voicemail settings, voicemail PIN, call settings
	// true
}

// Attach an inventory to an org: a directory sync then places its users
// by their work numbers, and the plan says who goes where and who fails.
func ExampleAttach() {
	org := assignment.New("acme", license.MustDefault())
	inv := &calling.Inventory{}
	must := func(err error) {
		if err != nil {
			log.Fatal(err)
		}
	}
	must(inv.AddLocation("WAW", "Warsaw", true))
	must(inv.AddNumbers("WAW", true, calling.MustParseE164("+48221000001")))
	placer, err := calling.Attach(org, inv)
	must(err)
	for _, a := range []assignment.Action{
		assignment.AddSubscription{Subscription: license.Subscription{ID: "sub",
			Units: map[license.Kind]int{license.CallingProfessional: 10}}},
		assignment.SaveTemplate{Licenses: []assignment.Entry{{Kind: license.BasicMessaging}, {Kind: license.CallingProfessional}}},
	} {
		_, err := org.Do(a)
		must(err)
	}
	p, err := org.Do(assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "ann@acme.com", Synced: true, WorkNumber: "+48221000001"},
		{Email: "bob@acme.com", Synced: true, WorkNumber: "555-555-1212"},
	}})
	must(err)
	for _, c := range p.Calling {
		fmt.Println(c.User, c.Op, c.Placement, c.Reason+".")
	}
	for _, f := range placer.Failures() {
		fmt.Println("report:", f.User, f.Reason, f.Raw)
	}
	// Output:
	// 0 place {location "WAW", number "+48221000001"} .
	// 1 not placed {} NotE164.
	// report: 1 NotE164 555-555-1212
}
