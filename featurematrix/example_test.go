package featurematrix_test

import (
	"errors"
	"fmt"

	"github.com/wxlicense/wxlicense/featurematrix"
	"github.com/wxlicense/wxlicense/license"
)

func Example() {
	cat := license.MustDefault("example.webex.com")
	// The licenses the user's app currently sees: Basic Messaging was
	// removed, Call on Webex kept.
	active := license.SetOf(license.CallOnWebex)
	l := featurematrix.FromActive(cat, active)
	fmt.Println(l)

	for _, f := range []featurematrix.Feature{featurematrix.F1, featurematrix.F4, featurematrix.F11} {
		fmt.Println(featurematrix.Check(f, l, featurematrix.Context{}))
	}
	sharing := featurematrix.Context{InCall: true, Sharing: true}
	fmt.Println(featurematrix.Check(featurematrix.F11, l, sharing))
	fmt.Println(featurematrix.Evaluate(l, sharing))
	// Output:
	// -M C -P -H
	// F1 no (FM-1, Table 1 F1 blank): F1 needs Basic Messaging
	// F4 yes (FM-1, Table 1 F4 "Tak")
	// F11 no (FM-1, Table 1 F11 "Tak, podczas udostępniania pulpitu w aktywnym połączeniu. / Nie. Gdy nie ma aktywnego połączenia, użytkownik nie może udostępniać pulpitu ani dodawać adnotacji."): F11 needs either Basic Messaging or desktop sharing in an active call
	// F11 yes (FM-1, Table 1 F11 "Tak, podczas udostępniania pulpitu w aktywnym połączeniu. / Nie. Gdy nie ma aktywnego połączenia, użytkownik nie może udostępniać pulpitu ani dodawać adnotacji.")
	// -M C -P -H [call+sharing]: F4, F6, F7, F8, F11, F12; nav: Calls, Keypad, Voicemail, Meetings, Contacts; +: make call, add contact, schedule meeting
}

func ExampleCreateSpace() {
	alice := featurematrix.User{ID: "alice", Org: "org-a", Licenses: featurematrix.Licenses{M: true, C: true}}
	bob := featurematrix.User{ID: "bob", Org: "org-a", Licenses: featurematrix.Licenses{C: true}}
	carol := featurematrix.User{ID: "carol", Org: "org-a", Licenses: featurematrix.Licenses{M: true}}

	err := featurematrix.CreateSpace(alice, bob, carol)
	var ne *featurematrix.NoMessagingError
	if errors.As(err, &ne) {
		fmt.Println("refused; cannot receive messages:", ne.Users)
	}
	fmt.Println(errors.Is(err, featurematrix.ErrCannotReceiveMessages))
	fmt.Println(featurematrix.CardFor(alice, bob))
	fmt.Println(featurematrix.SendMessage(alice, bob, true))
	// Output:
	// refused; cannot receive messages: [bob]
	// true
	// greyed, message inactive (FM-7): cannot receive messages, call active (FM-7)
	// posted (FM-10): posted to the existing 1:1 space; bob has no Basic Messaging
}

func ExampleParseFeature() {
	f, err := featurematrix.ParseFeature("f9")
	fmt.Println(f, f.Description(), err)
	_, err = featurematrix.ParseFeature("F13")
	fmt.Println(err)
	// Output:
	// F9 schedule a meeting on a Webex meetings site <nil>
	// featurematrix: unknown feature: cannot parse "F13" as feature
}
