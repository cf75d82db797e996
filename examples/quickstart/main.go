// Command quickstart builds a small org, saves license templates and moves
// a user between groups, printing every change and why.
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run() error {
	cat := license.MustDefault("acme.webex.com")
	host, attendee, _ := siteKinds(cat, "acme.webex.com")
	org := assignment.New("acme", cat)
	do := func(a assignment.Action) error {
		p, err := org.Do(a)
		if err != nil {
			return err
		}
		fmt.Printf("== %s\n", p.Action)
		for _, line := range p.Lines() {
			fmt.Println("  ", line)
		}
		return nil
	}
	t2023 := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	steps := []assignment.Action{
		assignment.AddSubscription{Subscription: license.Subscription{ID: "sub-2023", Created: t2023,
			Units: map[license.Kind]int{license.AdvancedMessaging: 3, host: 2}}},
		assignment.AddSubscription{Subscription: license.Subscription{ID: "sub-2024", Created: t2023.AddDate(1, 0, 0),
			Units: map[license.Kind]int{license.AdvancedMessaging: 10, host: 5, license.ContactCenterStandard: 2, license.ContactCenterPremium: 1}}},
		assignment.SwitchMode{Mode: assignment.GroupMode},
		assignment.AddGroup{Name: "sales"}, assignment.AddGroup{Name: "support"}, assignment.AddGroup{Name: "eng"},
		assignment.SaveTemplate{Group: "sales", Licenses: entries(license.BasicMessaging, license.AdvancedMessaging, host)},
		assignment.SaveTemplate{Group: "support", Licenses: entries(license.BasicMessaging, license.ContactCenterStandard, attendee)},
		assignment.SaveTemplate{Group: "eng", Licenses: entries(license.BasicMessaging, license.CallOnWebex)},
		assignment.AddUsers{Users: []assignment.NewUser{
			{Email: "ann@acme.com", Groups: []string{"sales"}},
			{Email: "bob@acme.com", Groups: []string{"sales"}},
			{Email: "cho@acme.com", Groups: []string{"support"}},
			{Email: "dee@acme.com", Groups: []string{"support", "sales"}},
			{Email: "eve@acme.com", Groups: []string{"eng"}},
			{Email: "fay@acme.com", Groups: []string{"eng"}, Status: assignment.Inactive},
			{Email: "gus@acme.com"},
			{Email: "hal@acme.com", Explicit: true, Licenses: []license.Kind{license.BasicMessaging, license.AdvancedMessaging}},
			{Email: "ivy@acme.com", Groups: []string{"support"}},
			{Email: "jon@acme.com", Groups: []string{"eng"}},
		}},
		// support gets Premium: existing users, preserve on — Standard is upgraded where a unit is free
		assignment.SaveTemplate{Group: "support", Licenses: entries(license.BasicMessaging, license.ContactCenterPremium, attendee), Scope: assignment.Existing},
		// eng drops Call on Webex, existing users, preserve off: it is removed
		assignment.SaveTemplate{Group: "eng", Licenses: entries(license.BasicMessaging), Scope: assignment.Existing, PreserveOff: true},
		assignment.MoveUser{User: "eve@acme.com", From: "eng", To: "sales"},
		assignment.SignIn{User: "fay@acme.com"},
	}
	for _, a := range steps {
		if err := do(a); err != nil {
			return err
		}
	}
	if err := org.CheckInvariants(); err != nil {
		return err
	}
	fmt.Println("== users")
	for id := range org.NumUsers() {
		fmt.Println("  ", org.Summary(assignment.UserID(id)))
	}
	fmt.Println("== usage")
	for _, u := range org.Usage() {
		fmt.Printf("   %s %s: %d of %d\n", u.Subscription, u.Name, u.ConsumedUnits, u.TotalUnits)
	}
	return nil
}

func entries(kinds ...license.Kind) []assignment.Entry {
	out := make([]assignment.Entry, len(kinds))
	for i, k := range kinds {
		out[i] = assignment.Entry{Kind: k}
	}
	return out
}

func siteKinds(cat *license.Catalog, site string) (host, attendee license.Kind, ok bool) {
	host, ok1 := cat.SiteKind(site, license.RoleHost)
	attendee, ok2 := cat.SiteKind(site, license.RoleAttendee)
	return host, attendee, ok1 && ok2
}
