package broadworks

import (
	"time"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// Code2017 is the error code of an attachment that needs approval (BW-12).
const Code2017 = 2017

// Text2017 is the error text of code 2017.
const Text2017 = "cannot provision subscriber in existing Webex org"

// Complete is the background task of a provisioning or updating subscriber
// completing (BW-4, SIM-4). For one provisioning, BW-33 is evaluated again
// on the current state and takes effect: the org is created (BW-1, BW-8) or
// attached (BW-10, BW-13) and the mapping recorded, or the person joins
// org(E) (BW-34); the subscriber is provisioned, with a welcome e-mail for a
// new person unless the org suppresses e-mails (LIC-12). A 2017 (BW-12) or a
// refusal found now ends it in error instead; joining a consumer account
// needs consent (pending_user_migration). While a sibling is still creating
// org(E) the task cannot complete (ErrWaitingForOrg, no change).
func (c *Cloud) Complete(partner, userID string, now time.Time) (Subscriber, error) {
	e := &Error{Op: "complete", Partner: partner, Subscriber: userID}
	p, s, to := c.subject(e, partner, userID, EvComplete)
	if e.Err != nil {
		return Subscriber{}, e
	}
	e.Enterprise, e.Email = s.Enterprise, s.EmailID
	if s.Status == Updating {
		s.Status = to
		return *s.clone(), nil
	}
	en, t := p.enterprises[s.Enterprise], p.templates[s.Template]
	pl, err := c.decide(en, t, s.UserID, s.EmailID)
	switch {
	case err != nil:
		failed, _ := Next(s.Status, EvFail)
		c.fail(p, s, failed, 0, err.Error())
	case pl.kind == planWait:
		e.Err = ErrWaitingForOrg
		return Subscriber{}, e
	case pl.kind == planConsent:
		c.setPlan(p, en, s, pl, now)
	case pl.kind == plan2017:
		c.reject2017(p, s, t, pl.org, now)
	default:
		if err := c.establish(p, en, s, pl, to, now); err != nil {
			e.Err = err
			return Subscriber{}, e
		}
	}
	return *s.clone(), nil
}

// reject2017 ends s in error 2017 and asks the org's first five full admins,
// by e-mail, to approve the template's partner admin e-mail (BW-12).
func (c *Cloud) reject2017(p *Partner, s *Subscriber, t *template, orgID string, now time.Time) {
	failed, _ := Next(s.Status, EvFail)
	c.fail(p, s, failed, Code2017, Text2017)
	admins := c.orgs[orgID].fullAdmins()
	if len(admins) > 5 {
		admins = admins[:5]
	}
	if len(admins) > 0 {
		c.notify(Notification{At: now, Kind: Notice2017, To: admins, Partner: p.id,
			Subscriber: s.UserID, Org: orgID, Text: t.PartnerAdminEmail})
	}
}

// establish creates, attaches or joins the org as planned, links the person
// and marks s provisioned. It validates (plans the engine work) first.
func (c *Cloud) establish(p *Partner, en *Enterprise, s *Subscriber, pl plan, to Status, now time.Time) error {
	kinds := c.PackageLicenses(s.Package)
	cause := "provision " + s.UserID + " (" + s.Package.String() + ")"
	var o *Org
	var st *staged
	var err error
	switch pl.kind {
	case planCreate, planMove:
		id := c.peekUUID()
		o = &Org{ID: id, Name: en.Name, CallingConfig: true,
			persons: map[string]*Person{}, eng: assignment.New(id, c.cat)}
		if o.Name == "" {
			o.Name = en.ID
		}
		o.Authentication = p.templates[s.Template].Authentication // an attached org keeps its own (BW-13)
		st, err = stage(o, o.eng, cause, c.bwSubscriptionAction(now),
			addPersonAction(o.eng, s.EmailID, kinds))
	case planAttach:
		o = c.orgs[pl.org]
		st, err = c.stageAttach(o, s.EmailID, kinds, cause, now)
	case planJoin:
		o = c.orgs[pl.org]
		act := addPersonAction(o.eng, s.EmailID, kinds)
		if prs := o.persons[lower(s.EmailID)]; prs != nil {
			act = modifyAction(o.eng, prs.engEmail, kinds, license.Set{})
		}
		if act != nil {
			st, err = stage(o, nil, cause, act)
		}
	}
	if err != nil {
		return err
	}
	if pl.kind == planCreate || pl.kind == planMove {
		c.newUUID() // the org ID peeked above
		c.orgs[o.ID] = o
	}
	st.commit(now)
	c.link(p, en, s, o, pl, now)
	s.Status = to
	if s.ProvisionedOn.IsZero() {
		s.ProvisionedOn, s.ActivatedOn = day(now), day(now)
	}
	s.record(now, s.UserID, s.Package)
	return nil
}

// stageAttach plans adding the Webex for BroadWorks subscription to an
// existing org and the package to the matched person, who keeps the rest.
func (c *Cloud) stageAttach(o *Org, email string, kinds license.Set, cause string, now time.Time) (*staged, error) {
	var acts []assignment.Action
	if !o.bwAdded {
		acts = append(acts, c.bwSubscriptionAction(now))
	}
	if act := modifyAction(o.eng, o.persons[lower(email)].engEmail, kinds, license.Set{}); act != nil {
		acts = append(acts, act)
	}
	if len(acts) == 0 {
		return nil, nil
	}
	return stage(o, nil, cause, acts...)
}

// link records what establishing changed: the org's fields for a new or
// attached org, the mapping (BW-34), and the person linked to s.
func (c *Cloud) link(p *Partner, en *Enterprise, s *Subscriber, o *Org, pl plan, now time.Time) {
	k := lower(s.EmailID)
	prs := o.persons[k]
	fresh := prs == nil
	switch pl.kind {
	case planMove:
		acc := c.accounts[k]
		delete(c.accounts, k)
		prs = &Person{ID: acc.PersonID, Email: s.EmailID, Role: CustomerFullAdmin}
	case planCreate:
		prs = &Person{ID: c.newUUID(), Email: s.EmailID, Role: CustomerFullAdmin}
	case planAttach:
		o.restrict(false)
		o.PartnerRole = PartnerProvisioningAdmin
		if pl.full {
			o.PartnerRole = PartnerFullAdmin
		}
	case planJoin:
		if fresh {
			prs = &Person{ID: c.newUUID(), Email: s.EmailID, Role: EndUser}
		}
	}
	if pl.creating() {
		if pl.kind != planAttach {
			o.PartnerRole = PartnerFullAdmin
			o.restrict(true)
		}
		o.Partner, o.Enterprise, o.BWActive, o.bwAdded, o.CallingConfig = p.id, en.ID, true, true, true
		en.Org, en.creator = o.ID, ""
	}
	if prs.engEmail == "" {
		prs.engEmail = s.EmailID
	}
	o.persons[k], c.where[k] = prs, o.ID
	prs.Subscriber, prs.Package, prs.Sites = s.UserID, s.Package, c.sites(s.Package)
	o.useSites(prs.Sites)
	s.Org, s.PersonID, s.plan, s.pkey = o.ID, prs.ID, plan{}, k
	if fresh && !o.SuppressEmails {
		c.notify(Notification{At: now, Kind: NoticeWelcome, To: []string{s.EmailID},
			Partner: p.id, Subscriber: s.UserID, Org: o.ID})
	}
}
