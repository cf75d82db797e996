package assignment

import (
	"testing"

	"github.com/wxlicense/wxlicense/license"
)

// ASG-20: a license column's header is the license's name, then its
// subscription in brackets; the name and the subscription ID may hold
// " [" themselves: a whole header that is a license's name is that
// license, else the longest license name before a " [" is, and a header
// with none is unknown.
func TestParseColumnBrackets(t *testing.T) {
	b := license.DefaultBuilder()
	short := b.AddKind(license.Info{Name: "Beta", Code: "BETS", Category: license.Messaging})
	beta := b.AddKind(license.Info{Name: "Beta [x]", Code: "BETA", Category: license.Messaging})
	b.AddKind(license.Info{Name: "X", Code: "X", Category: license.Messaging}) // a one-letter name: no prefix of "Xy [S1]"
	cat, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		h    string
		want CSVColumn
		role role
	}{
		{"Advanced Messaging", CSVColumn{Kind: license.AdvancedMessaging}, roleLicense},
		{"Advanced Messaging [S1]", CSVColumn{Kind: license.AdvancedMessaging, Subscription: "S1"}, roleLicense},
		{"Advanced Messaging [Q1 [EMEA]]", CSVColumn{Kind: license.AdvancedMessaging, Subscription: "Q1 [EMEA]"}, roleLicense},
		{"Beta [x]", CSVColumn{Kind: beta}, roleLicense},
		{"Beta [x] [S1]", CSVColumn{Kind: beta, Subscription: "S1"}, roleLicense},
		{"Beta [y] [S1]", CSVColumn{Kind: short, Subscription: "y] [S1"}, roleLicense},
		{"Beta [S1]", CSVColumn{Kind: short, Subscription: "S1"}, roleLicense},
		{"Beta [x] [Q [1]]", CSVColumn{Kind: beta, Subscription: "Q [1]"}, roleLicense},
		{"Nope [a] [b]", CSVColumn{Name: "Nope [a] [b]"}, roleUnknown},
		{"Xy [S1]", CSVColumn{Name: "Xy [S1]"}, roleUnknown},
		{"Advanced Messaging [ ]", CSVColumn{Name: "Advanced Messaging [ ]"}, roleUnknown},
	} {
		got, r := parseColumn(cat, tc.h)
		if got != tc.want || r != tc.role {
			t.Errorf("parseColumn(%q) = %+v, %v; want %+v, %v", tc.h, got, r, tc.want, tc.role)
		}
	}
}
