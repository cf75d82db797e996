package assignment_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// Read back what was built: templates with the entries that recreate
// them, groups, subscriptions and users, by name or in order.
func ExampleOrg_Templates() {
	cat := license.MustDefault()
	org := assignment.New("acme", cat)
	for _, a := range []assignment.Action{
		assignment.AddSubscription{Subscription: license.Subscription{ID: "sub-1", Created: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
			Units: map[license.Kind]int{license.AdvancedMessaging: 5}}},
		assignment.SwitchMode{Mode: assignment.GroupMode},
		assignment.AddGroup{Name: "sales"},
		assignment.SaveTemplate{Name: "Sales", Group: "sales", Licenses: []assignment.Entry{
			{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging, Subscription: "sub-1"}}},
		assignment.AddUsers{Users: []assignment.NewUser{{Email: "ann@acme.com", Groups: []string{"sales"}}, {Email: "bob@acme.com"}}},
	} {
		if _, err := org.Do(a); err != nil {
			fmt.Println(err)
		}
	}
	for t := range org.Templates() {
		fmt.Printf("template %q (%s mode, group %q) grants %s\n", t.Name, t.Mode, t.Group, cat.Format(t.Licenses))
		for _, e := range t.Entries {
			fmt.Printf("  entry %s from %q\n", cat.Name(e.Kind), e.Subscription)
		}
	}
	for g := range org.Groups() {
		fmt.Printf("group %s: template %q, members %v\n", g.Name, g.Template, g.Members)
	}
	s, _ := org.Subscription("sub-1")
	for _, u := range s.Units {
		fmt.Printf("%s %s: %d of %d consumed, %d free\n", s.ID, cat.Name(u.Kind), u.Consumed, u.Total, u.Free)
	}
	for u := range org.Users() {
		fmt.Println(u.Email, u.Groups, cat.Format(u.Licenses))
	}
	// Output:
	// template "Sales" (group mode, group "sales") grants {Basic Messaging, Advanced Messaging, Basic Space Meetings}
	//   entry Basic Messaging from ""
	//   entry Advanced Messaging from "sub-1"
	// group sales: template "Sales", members [ann@acme.com]
	// sub-1 Advanced Messaging: 1 of 5 consumed, 4 free
	// ann@acme.com [sales] {Basic Messaging, Advanced Messaging, Basic Space Meetings}
	// bob@acme.com [] {Basic Messaging, Basic Space Meetings, Call on Webex}
}

// A license change reaches the user's app after a delay (LIC-11); the
// admin view changes at once.
func ExampleOrg_AppView() {
	cat := license.MustDefault()
	org := assignment.New("acme", cat)
	org.SetAppDelay(func(assignment.UserID, string, time.Time) time.Duration { return 4 * time.Hour })
	org.Do(assignment.SetTime{At: time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)})
	org.Do(assignment.AddUsers{Users: []assignment.NewUser{{Email: "ann@acme.com", Explicit: true, Licenses: []license.Kind{license.CallOnWebex}}}})
	org.Do(assignment.AdvanceTime{By: 24 * time.Hour})

	org.Do(assignment.EditServices{User: "ann@acme.com", Licenses: []license.Kind{license.CallOnWebex, license.BasicMessaging}})
	fmt.Println("admin:", cat.Format(org.ActiveLicenses(0)))
	fmt.Println("app:  ", cat.Format(org.AppView(0)))
	due, _ := org.AppCatchUp(0)
	fmt.Println("catches up at", due.Format(time.DateTime), "lagging:", slices.Collect(org.AppLagging()))

	org.Do(assignment.AdvanceTime{By: 4 * time.Hour})
	fmt.Println("app:  ", cat.Format(org.AppView(0)))
	fmt.Println("lagging:", slices.Collect(org.AppLagging()))
	// Output:
	// admin: {Basic Messaging, Basic Space Meetings, Call on Webex}
	// app:   {Call on Webex}
	// catches up at 2024-01-02 13:00:00 lagging: [0]
	// app:   {Basic Messaging, Basic Space Meetings, Call on Webex}
	// lagging: []
}
