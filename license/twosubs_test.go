package license_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/license"
)

// TwoSubscriptions is the 400413 violation of one kind requested from two
// subscriptions (LIC-13), classed as an exclusion; a nil catalog names the
// kind without panicking.
func TestTwoSubscriptions(t *testing.T) { // LIC-13
	want := license.Violation{Code: license.CodeExclusiveFamily, Kinds: []license.Kind{license.AdvancedMessaging},
		Text: "Advanced Messaging from two subscriptions"}
	v := license.MustDefault().TwoSubscriptions(license.AdvancedMessaging)
	if diff := cmp.Diff(want, v); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !errors.Is(v, license.CodeExclusiveFamily) || !errors.Is(v, license.ErrExclusive) {
		t.Errorf("%v does not match 400413 and ErrExclusive", v)
	}
	var nilCat *license.Catalog
	if got := nilCat.TwoSubscriptions(license.AdvancedMessaging); got.Code != license.CodeExclusiveFamily || got.Text == "" {
		t.Errorf("nil catalog: %+v", got)
	}
}
