package broadworks

import (
	"errors"
	"fmt"
	"time"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// engineActor maps an actor to the assignment engine's (LIC-14): its role,
// whether it is a partner admin, and whether it acts as an external admin,
// which a partner admin does with full rights (BW-14).
func engineActor(a Actor) assignment.Actor {
	ea := assignment.Actor{Partner: a.Role.Partner(), External: a.External, Email: a.Email}
	switch a.Role {
	case PartnerFullAdmin, PartnerSalesFullAdmin, CustomerFullAdmin:
		ea.Role = assignment.FullAdmin
	case PartnerProvisioningAdmin, CustomerUserAdmin:
		ea.Role = assignment.UserAdmin
	case PartnerReadOnlyAdmin, CustomerReadOnlyAdmin:
		ea.Role = assignment.ReadOnlyAdmin
	}
	if ea.Partner && ea.External {
		ea.Role = assignment.FullAdmin
	}
	return ea
}

// engineRefusal turns the engine's LIC-14 refusals into this package's
// sentinels, keeping the engine's error in the chain.
func engineRefusal(err error) error {
	switch {
	case errors.Is(err, assignment.ErrRestrictedByPartner):
		return fmt.Errorf("%w: %w", ErrRestrictedByPartner, err)
	case errors.Is(err, assignment.ErrForbidden):
		return fmt.Errorf("%w: %w", ErrForbidden, err)
	}
	return err
}

// licenseCheck asks the org's engine whether the actor may make a license
// change (LIC-14): an actor who does not administer the org is
// ErrForbidden; otherwise the engine decides, restricted mode included.
func licenseCheck(a Actor, o *Org, act assignment.Action) error {
	if !actsOn(a, o) {
		return ErrForbidden
	}
	return engineRefusal(o.eng.Authorize(engineActor(a), act))
}

// restrict sets restricted-by-partner mode (BW-24) here and in the engine,
// which refuses customer admins' license changes while it is on (LIC-14).
func (o *Org) restrict(on bool) {
	o.Restricted = on
	if _, err := o.eng.Do(assignment.RestrictByPartner{On: on}); err != nil {
		panic("broadworks: restricted mode: " + err.Error()) // unreachable: the action cannot fail on a live org
	}
}

// ChangeLicenses edits a person's services (BW-24 "edit a user's
// services"): it adds the kinds of add and removes those of remove the
// person holds, as one explained engine plan recorded in LicenseChanges.
// The org's engine checks the actor (LIC-14): partner full, sales full and
// provisioning admins of the org's partner, and its customer full and user
// admins while restricted mode is off; a customer admin of a restricted org
// gets ErrRestrictedByPartner, any other actor ErrForbidden. Asking for
// what the person already has changes nothing.
func (c *Cloud) ChangeLicenses(a Actor, orgID, email string, add, remove []license.Kind, now time.Time) error {
	e := &Error{Op: "change licenses", Org: orgID, Email: email}
	o := c.orgs[orgID]
	var prs *Person
	if o != nil {
		prs = o.persons[lower(email)]
	}
	addSet, okA := c.kindSet(add)
	remSet, okR := c.kindSet(remove)
	switch {
	case o == nil || prs == nil:
		e.Err = ErrUnknown
	case !okA || !okR:
		e.Err = ErrInvalidInput
	}
	if e.Err != nil {
		return e
	}
	act := modifyAction(o.eng, prs.engEmail, addSet, remSet)
	probe := act
	if probe == nil {
		probe = assignment.ModifyLicenses{User: prs.engEmail}
	}
	if err := licenseCheck(a, o, probe); err != nil {
		e.Err = err
		return e
	}
	if act == nil {
		return nil
	}
	st, err := stage(o, nil, "services "+prs.Email+" by "+a.Role.String(), act)
	if err != nil {
		e.Err = err
		return e
	}
	st.commit(now)
	return nil
}

// kindSet builds a set of kinds of the cloud's catalog.
func (c *Cloud) kindSet(kinds []license.Kind) (license.Set, bool) {
	var s license.Set
	for _, k := range kinds {
		if !c.cat.Valid(k) {
			return license.Set{}, false
		}
		s = s.Add(k)
	}
	return s, true
}
