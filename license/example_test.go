package license_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/wxlicense/wxlicense/license"
)

// A user holding Basic Messaging and Webex Calling Professional asks, in one
// full-set update, for Advanced Space Meetings and Webex Calling Standard
// with Attendant Console, dropping Basic Messaging. Every broken rule is
// reported, in the order of LIC-7.
func ExampleCatalog_Check() {
	cat := license.MustDefault()
	held := license.SetOf(license.BasicMessaging, license.BasicSpaceMeetings, license.CallingProfessional)
	request := license.SetOf(license.AdvancedSpaceMeetings, license.CallingStandard, license.AttendantConsole)

	vs := cat.Check(held, request)
	for _, v := range vs {
		fmt.Println(v)
	}
	err := &license.SetError{Violations: vs}
	fmt.Println("code:", err.Code())
	fmt.Println(errors.Is(err, license.CodeProfessionalToStandard), errors.Is(err, license.ErrExclusive))
	// Output:
	// Advanced Space Meetings needs Basic Messaging (700005)
	// Advanced Space Meetings needs Basic Space Meetings (700004)
	// Webex Calling Professional cannot be downgraded to Webex Calling Standard (400112)
	// Webex Calling Standard and Webex Attendant Console are exclusive (400406)
	// Webex Attendant Console needs Webex Calling Professional (400408)
	// code: 700005
	// true true
}

// Units come from the oldest subscription with a free unit, then the next.
func ExampleLedger_Oldest() {
	cat := license.MustDefault()
	l := license.NewLedger(cat)
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	l.Add(license.Subscription{ID: "sub-new", Created: day(20), Units: map[license.Kind]int{license.AdvancedMessaging: 5}})
	l.Add(license.Subscription{ID: "sub-old", Created: day(1), Units: map[license.Kind]int{license.AdvancedMessaging: 2}})

	for range 3 {
		s, ok := l.Oldest(license.AdvancedMessaging, nil)
		if !ok || !l.Take(s, license.AdvancedMessaging) {
			fmt.Println("no unit")
			continue
		}
		fmt.Println("unit from", l.Name(s))
	}
	for _, u := range l.Usage(cat) {
		fmt.Printf("%s %s: %d of %d\n", u.Subscription, u.Name, u.ConsumedUnits, u.TotalUnits)
	}
	// Output:
	// unit from sub-old
	// unit from sub-old
	// unit from sub-new
	// sub-old Advanced Messaging: 2 of 2
	// sub-new Advanced Messaging: 1 of 5
}

func ExampleCatalog_Format() {
	cat := license.MustDefault("acme.webex.com")
	host, _ := cat.SiteKind("acme.webex.com", license.RoleHost)
	s := license.SetOf(host, license.CallOnWebex, license.BasicMessaging)
	fmt.Println(cat.Format(s)) // catalog order
	fmt.Println(s)             // kind indexes
	// Output:
	// {Basic Messaging, Call on Webex, Meetings Host acme.webex.com}
	// {#1 #6 #14}
}
