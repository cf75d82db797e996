package broadworks

import (
	"errors"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// LIC-14: license changes (a person's services) need an admin role with
// user-management rights; a customer admin of a partner-restricted org lacks
// them (BW-24); the org's engine decides, and a refusal changes nothing.
func TestChangeLicensesLIC14(t *testing.T) {
	add := []license.Kind{license.AdvancedMessaging}
	for _, tt := range []struct {
		name       string
		actor      func(org string) Actor
		restricted bool
		want       error
	}{
		{"customer full admin, mode off", func(o string) Actor { return customer(o, CustomerFullAdmin) }, false, nil},
		{"customer user admin, mode off", func(o string) Actor { return customer(o, CustomerUserAdmin) }, false, nil},
		{"customer full admin, mode on", func(o string) Actor { return customer(o, CustomerFullAdmin) }, true, ErrRestrictedByPartner},
		{"customer user admin, mode on", func(o string) Actor { return customer(o, CustomerUserAdmin) }, true, ErrRestrictedByPartner},
		{"customer read-only admin, mode off", func(o string) Actor { return customer(o, CustomerReadOnlyAdmin) }, false, ErrForbidden},
		{"end user, mode off", func(o string) Actor { return customer(o, EndUser) }, false, ErrForbidden},
		{"customer admin of another org", func(string) Actor { return customer("other", CustomerFullAdmin) }, false, ErrForbidden},
		{"partner full admin, mode on", func(string) Actor { return padmin }, true, nil},
		{"partner provisioning admin, mode on", func(string) Actor { return pprov }, true, nil},
		{"partner read-only admin", func(string) Actor { return pro }, false, ErrForbidden},
		{"partner admin of another partner", func(string) Actor { return Actor{Role: PartnerFullAdmin, Partner: "p2"} }, false, ErrForbidden},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := fixture(t)
			s := provisioned(t, c, "u1", "ann@acme.example", Basic)
			must(t, c.SetRestricted(padmin, s.Org, tt.restricted))
			a := tt.actor(s.Org)
			if tt.want != nil {
				eng := c.orgs[s.Org].eng
				before := eng.Clone()
				refused(t, c, tt.want, func() error { return c.ChangeLicenses(a, s.Org, "ann@acme.example", add, nil, t0) })
				if d := cmp.Diff(before, eng, cmp.Exporter(func(reflect.Type) bool { return true })); d != "" {
					t.Fatalf("refusal changed the engine org (-before +after):\n%s", d)
				}
				return
			}
			must(t, c.ChangeLicenses(a, s.Org, "ann@acme.example", add, nil, t0))
			if !c.Held("ann@acme.example").Has(license.AdvancedMessaging) {
				t.Fatal("license not granted")
			}
			ch := c.LicenseChanges(s.Org)
			if last := ch[len(ch)-1]; last.Cause != "services ann@acme.example by "+a.Role.String() {
				t.Fatalf("cause %q", last.Cause)
			}
		})
	}
}

// The engine's refusal stays in the chain: callers may test either
// package's sentinel, and learn the actor from the *assignment.ActorError.
func TestChangeLicensesEngineError(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Basic)
	err := c.ChangeLicenses(customer(s.Org, CustomerUserAdmin), s.Org, "ann@acme.example", []license.Kind{license.AdvancedMessaging}, nil, t0)
	var ae *assignment.ActorError
	if !errors.Is(err, assignment.ErrRestrictedByPartner) || !errors.As(err, &ae) || ae.Actor.Role != assignment.UserAdmin {
		t.Fatalf("err = %v", err)
	}
	refused(t, c, ErrUnknown, func() error { return c.ChangeLicenses(padmin, s.Org, "nobody@acme.example", nil, nil, t0) })
	refused(t, c, ErrInvalidInput, func() error {
		return c.ChangeLicenses(padmin, s.Org, "ann@acme.example", []license.Kind{license.Kind(250)}, nil, t0)
	})
	must(t, c.ChangeLicenses(padmin, s.Org, "ann@acme.example", nil, []license.Kind{license.AdvancedMessaging}, t0)) // not held: no change
}

// BW-24: the engine follows the mode as the partner switches it, on for an
// org created by provisioning, off for an attached one.
func TestEngineFollowsRestrictedMode(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Basic)
	o := c.orgs[s.Org]
	if !o.Restricted || !o.eng.Settings().RestrictedByPartner {
		t.Fatal("a created org is not restricted in the engine")
	}
	must(t, c.SetRestricted(padmin, s.Org, false))
	if o.eng.Settings().RestrictedByPartner {
		t.Fatal("engine still restricted")
	}
	id := must1[string](t)(c.AddOrg(OrgSetup{Name: "Old", Persons: []PersonSetup{{Email: "zed@beta.example", Role: CustomerFullAdmin}}}))
	r := req("u9", "zed@beta.example")
	r.Enterprise = "e2"
	must1[Subscriber](t)(c.Provision(padmin, r, t0))
	must1[Subscriber](t)(c.Complete("p1", "u9", t0))
	if x := c.orgs[id]; x.Restricted || x.eng.Settings().RestrictedByPartner {
		t.Fatal("an attached org is restricted")
	}
}

// BW-24: with the mode off, customer admins can also add wholesale users
// and change packages. Decision: "wholesale users" are persons a customer
// admin adds to the org of a wholesale enterprise (BW-3 refuses only the
// partner's API); both are refused while the mode is on.
func TestModeOffWholesaleAndPackages(t *testing.T) {
	c := fixture(t)
	r := req("w1", "wes@wh.example")
	r.Method, r.Enterprise = FlowThrough, "wh"
	must1[Subscriber](t)(c.Provision(Actor{}, r, t0))
	s := must1[Subscriber](t)(c.Complete("p1", "w1", t0))
	full := customer(s.Org, CustomerFullAdmin)
	newUser := []PersonSetup{{Email: "new@wh.example"}}
	refused(t, c, ErrRestrictedByPartner, func() error { return c.AddPersons(full, s.Org, newUser) })
	refused(t, c, ErrRestrictedByPartner, func() error {
		_, err := c.UpdateSubscriber(full, "p1", "w1", Update{Package: Premium}, t0)
		return err
	})
	must(t, c.SetRestricted(padmin, s.Org, false))
	must(t, c.AddPersons(full, s.Org, newUser))
	must1[Subscriber](t)(c.UpdateSubscriber(full, "p1", "w1", Update{Package: Premium}, t0))
	if !c.Held("wes@wh.example").Has(license.AdvancedMessaging) {
		t.Fatal("package change did not apply")
	}
	if _, _, ok := c.LookupPerson("new@wh.example"); !ok {
		t.Fatal("wholesale user not added")
	}
}

// CheckInvariants reports an org whose engine disagrees with it about
// restricted mode: the engine would then decide LIC-14 wrongly.
func TestInvariantRestrictedModeInEngine(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Basic)
	checkInv(t, c)
	c.orgs[s.Org].Restricted = false // behind the engine's back
	vs := c.CheckInvariants()
	if len(vs) != 1 || vs[0].Rule != "LIC-14" || vs[0].Org != s.Org {
		t.Fatalf("violations %v", vs)
	}
}
