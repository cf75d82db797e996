package assignment_test

import (
	"errors"
	"testing"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// LIC-6: each (kind, subscription[, site]) has one license ID; the org
// resolves its own IDs, refuses another org's, and per-license operations
// may name a license by ID, taking its unit from that subscription (LIC-8).
func TestLicenseIDs(t *testing.T) {
	o := newOrg(t, "a@x.com")
	host, _ := o.Catalog().SiteKind("a.webex.com", license.RoleHost)
	for _, tc := range []struct {
		kind license.Kind
		sub  string
	}{{license.AdvancedMessaging, "old"}, {license.AdvancedMessaging, "new"}, {license.BasicMessaging, ""}, {host, "old"}} {
		id, err := o.LicenseID(tc.kind, tc.sub)
		if err != nil {
			t.Fatal(err)
		}
		k, sub, err := o.ResolveLicenseID(id.String())
		if err != nil || k != tc.kind || sub != tc.sub {
			t.Errorf("resolve(%v) = %v %q %v, want %v %q", id, k, sub, err, tc.kind, tc.sub)
		}
	}
	newID, _ := o.LicenseID(license.AdvancedMessaging, "new")
	p := mustDo(t, o, assignment.ModifyLicenses{User: "a@x.com", Ops: []assignment.LicenseOp{{ID: newID.String()}}})
	if s, _ := o.SubscriptionOf(0, license.AdvancedMessaging); s != "new" || len(p.Changes) != 1 {
		t.Fatalf("granted from %q, changes %v", s, p.Lines())
	}

	other, _ := assignment.New("org-2", o.Catalog()).LicenseID(license.BasicMessaging, "")
	err := mustReject(t, o, assignment.ModifyLicenses{User: "a@x.com", Ops: []assignment.LicenseOp{{ID: other.String(), Remove: true}}})
	var ie *assignment.InputError
	if !errors.Is(err, assignment.ErrOtherOrg) || !errors.As(err, &ie) || ie.Value != other.String() {
		t.Fatalf("got %v, want ErrOtherOrg naming the ID", err)
	}
	err = mustReject(t, o, assignment.ModifyLicenses{User: "a@x.com", Ops: []assignment.LicenseOp{{ID: "not-an-id"}}})
	if !errors.Is(err, license.ErrMalformedID) {
		t.Fatalf("got %v, want ErrMalformedID", err)
	}
	if _, err := o.LicenseID(license.AdvancedMessaging, "nope"); !errors.Is(err, assignment.ErrUnknownSubscription) {
		t.Fatalf("unknown subscription: %v", err)
	}
}
