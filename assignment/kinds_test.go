package assignment_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// LIC-1: the zero Kind is no license. A zero Entry or LicenseOp is refused
// as an unknown kind, never read as Basic Messaging.
func TestZeroKindIsNoLicense(t *testing.T) {
	o := newOrg(t, "a@x.com")
	for _, a := range []assignment.Action{
		assignment.SaveTemplate{Licenses: []assignment.Entry{{}}},
		assignment.SaveTemplate{Licenses: []assignment.Entry{{Kind: license.BasicMessaging}, {}}},
		assignment.ModifyLicenses{User: "a@x.com", Ops: []assignment.LicenseOp{{}}},
		assignment.ModifyLicenses{User: "a@x.com", Ops: []assignment.LicenseOp{{Remove: true}}},
		assignment.UpdateLicenses{User: "a@x.com", Licenses: []license.Kind{license.BasicMessaging, 0}},
		assignment.ModifyLicenses{User: "zed@other.com", Ops: []assignment.LicenseOp{{}}},
		assignment.AddUsers{Users: []assignment.NewUser{{Email: "b@x.com", Explicit: true, Licenses: []license.Kind{0}}}},
	} {
		if err := mustReject(t, o, a); !errors.Is(err, assignment.ErrUnknownKind) {
			t.Errorf("%v: got %v, want ErrUnknownKind", a, err)
		}
	}
	if got := assignment.NewTemplateLicenses(o.Catalog()); slices.Contains(got, assignment.Entry{}) {
		t.Errorf("NewTemplateLicenses holds the zero Entry: %v", got)
	}
}

// LIC-6, LIC-7, LIC-13: an operation given only a license ID is about the
// kind its ID names: a rejected request names that kind, and a request for
// a user outside the org lists it as pending.
func TestLicenseOpByIDNamesItsKind(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "bare@x.com", Explicit: true}}})
	id, err := o.LicenseID(license.AdvancedMessaging, "old")
	if err != nil {
		t.Fatal(err)
	}
	op := assignment.LicenseOp{ID: id.String()}

	err = mustReject(t, o, assignment.ModifyLicenses{User: "bare@x.com", Ops: []assignment.LicenseOp{op}})
	var se *license.SetError
	if !errors.As(err, &se) || se.Code() != license.CodeAdvancedMessagingNeedsBasic || se.Violations[0].Kinds[0] != license.AdvancedMessaging {
		t.Fatalf("got %v, want 700003 naming Advanced Messaging", err)
	}

	err = mustReject(t, o, assignment.ModifyLicenses{User: "zed@other.com", Ops: []assignment.LicenseOp{op, {Kind: license.BasicMessaging}, {ID: id.String(), Remove: true}}})
	var oe *assignment.OutsideOrgError
	if !errors.As(err, &oe) || oe.Status() != 206 || !slices.Equal(oe.Pending, []license.Kind{license.AdvancedMessaging, license.BasicMessaging}) {
		t.Fatalf("got %v, want 206 with Advanced Messaging and Basic Messaging pending", err)
	}
	err = mustReject(t, o, assignment.ModifyLicenses{User: "zed@other.com", Ops: []assignment.LicenseOp{{ID: "not-an-id"}}})
	if !errors.Is(err, license.ErrMalformedID) {
		t.Fatalf("outside the org, a malformed ID: got %v, want ErrMalformedID", err)
	}
}

// LIC-10: a catalog may have any number of messaging kinds; the messages
// and files of each are kept when it is removed and come back when it is
// granted again within the retention period, the ninth and tenth as the
// first.
func TestRetentionTenMessagingKinds(t *testing.T) {
	b := license.NewBuilder()
	var msg []license.Kind
	for i := range 10 {
		msg = append(msg, b.AddKind(license.Info{Name: fmt.Sprintf("Messaging %d", i), Code: "M" + string(rune('A'+i)), Category: license.Messaging}))
	}
	cat, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	o := assignment.New("o", cat)
	mustDo(t, o, assignment.SetTime{At: day0})
	mustDo(t, o, assignment.SetRetention{Period: 30 * 24 * time.Hour})
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "u@x.com", Explicit: true, Licenses: msg}}})
	mustDo(t, o, assignment.UpdateLicenses{User: "u@x.com"})
	mustDo(t, o, assignment.SetTime{At: day0.AddDate(0, 0, 10)})
	p := mustDo(t, o, assignment.UpdateLicenses{User: "u@x.com", Licenses: msg})
	var restored []license.Kind
	for _, c := range p.Changes {
		if c.Op == assignment.Restore {
			restored = append(restored, c.Kind)
		}
	}
	if !slices.Equal(restored, msg) {
		t.Errorf("restored %s, want all ten messaging kinds", cat.Format(license.SetOf(restored...)))
	}
}
