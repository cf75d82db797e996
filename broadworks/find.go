package broadworks

// planKind is what BW-33 decided for a subscriber.
type planKind uint8

const (
	planNone    planKind = iota
	planWait             // a sibling is creating or attaching org(E) (step 1)
	planJoin             // joins org(E): links a person or makes a new one (BW-34)
	planCreate           // a new org (step 2, BW-1)
	planMove             // moves a consumer account into a new org (step 3, BW-8)
	planAttach           // attaches customer org X (step 4c, 4e)
	plan2017             // approval required (step 4d, BW-12)
	planConsent          // joining org(E) needs the user's consent (BW-8)
)

// plan is a BW-33 decision: its kind, the org concerned and, for an
// attachment, whether the partner gets full admin (BW-10).
type plan struct {
	kind planKind
	org  string
	full bool
}

// creating reports whether the plan creates or attaches org(E).
func (p plan) creating() bool {
	return p.kind == planCreate || p.kind == planMove || p.kind == planAttach || p.kind == plan2017
}

// decide runs BW-33 for subscriber userID of enterprise en under template
// t, whose e-mail is email: the first step that applies decides.
func (c *Cloud) decide(en *Enterprise, t *template, userID, email string) (plan, error) {
	if en.Org != "" {
		return c.joinPlan(en.Org, email)
	}
	if en.creator != "" && en.creator != userID {
		return plan{kind: planWait}, nil
	}
	k := lower(email)
	if c.accounts[k] != nil {
		return plan{kind: planMove}, nil
	}
	x := c.orgs[c.where[k]]
	switch {
	case x == nil:
		return plan{kind: planCreate}, nil
	case x.mapped():
		return plan{}, ErrOrgBoundToOtherEnterprise
	case t.NoExistingOrgs:
		return plan{}, ErrExistingOrgProvisioningDisabled
	case x.externalFull(t.PartnerAdminEmail):
		return plan{kind: planAttach, org: x.ID, full: true}, nil
	case x.approvalNeeded():
		return plan{kind: plan2017, org: x.ID}, nil
	}
	return plan{kind: planAttach, org: x.ID, full: !x.otherActive()}, nil
}

// joinPlan decides how a subscriber joins org(E) (BW-34).
func (c *Cloud) joinPlan(orgID, email string) (plan, error) {
	k := lower(email)
	if _, ok := c.orgs[orgID].eng.LookupUser(email); ok && c.where[k] == "" {
		return plan{}, ErrExists // the engine's e-mail of a person whose e-mail changed (BW-15)
	}
	if c.accounts[k] != nil {
		return plan{kind: planConsent, org: orgID}, nil
	}
	switch c.where[k] {
	case "":
		return plan{kind: planJoin, org: orgID}, nil
	case orgID:
		if c.orgs[orgID].persons[k].Subscriber != "" {
			return plan{}, ErrAlreadyProvisioned
		}
		return plan{kind: planJoin, org: orgID}, nil
	}
	return plan{}, ErrEmailInOtherOrg
}
