package broadworks

import (
	"strings"
	"time"

	"github.com/wxlicense/wxlicense/assignment"
)

// RemoveSubscriber removes a provisioned subscriber's Webex for BroadWorks
// subscription (BW-18): "Remove BroadWorks subscriber" by a partner admin,
// or Integrated IM&P removed on BroadWorks (a zero Actor). The person stays
// as a free Webex user: the package's paid licenses go, free ones stay
// (LIC-2), and billing stops from today. The record ends (BW-32).
func (c *Cloud) RemoveSubscriber(a Actor, partner, userID string, now time.Time) error {
	e := &Error{Op: "remove subscriber", Partner: partner, Subscriber: userID}
	p := c.partners[partner]
	if a != (Actor{}) {
		if e.Err = partnerProvisioner(a, p); e.Err != nil {
			return e
		}
	}
	var s *Subscriber
	if p != nil {
		s = p.subs[userID]
	}
	switch {
	case s == nil:
		e.Err = ErrUnknown
	case s.Status != Provisioned && s.Status != Updating:
		e.Err, e.Detail = ErrInvalidTransition, s.Status.String()+" → remove"
	}
	if e.Err != nil {
		return e
	}
	e.Enterprise, e.Email = s.Enterprise, s.EmailID
	o, prs := c.orgs[s.Org], c.personOf(s)
	var st *staged
	if act := modifyAction(o.eng, prs.engEmail, c.PackageLicenses(NoPackage), c.paidOf(s.Package)); act != nil {
		var err error
		if st, err = stage(o, nil, "remove subscriber "+s.UserID, act); err != nil {
			e.Err = err
			return e
		}
	}
	st.commit(now)
	prs.Subscriber, prs.Package, prs.Sites = "", NoPackage, nil
	c.end(p, s, now)
	return nil
}

// end ends a subscriber's record, keeping it for billing when it held a
// package.
func (c *Cloud) end(p *Partner, s *Subscriber, now time.Time) {
	en := p.enterprises[s.Enterprise]
	if en.creator == s.UserID {
		en.creator = ""
	}
	delete(en.members, s.UserID)
	delete(p.subs, s.UserID)
	if len(s.History) > 0 {
		s.record(now, s.UserID, NoPackage)
		p.ended = append(p.ended, s)
	}
}

// DeletePending deletes a pending or error user's record (BW-7); the user
// may register again. A provisioned one is refused (ErrNotPendingOrError).
func (c *Cloud) DeletePending(a Actor, partner, userID string, now time.Time) error {
	e := &Error{Op: "delete pending user", Partner: partner, Subscriber: userID}
	p := c.partners[partner]
	if e.Err = partnerProvisioner(a, p); e.Err != nil {
		return e
	}
	s := p.subs[userID]
	switch {
	case s == nil:
		e.Err = ErrUnknown
	case s.Status.Shown() == "provisioned":
		e.Err = ErrNotPendingOrError
	}
	if e.Err != nil {
		return e
	}
	c.end(p, s, now)
	return nil
}

// RetryActivation is the partner retrying a pending or error user's
// activation with an e-mail (BW-7): the e-mail is set, untrusted, the user is
// pending_email_validation and gets a "Join now" e-mail. A provisioned one is
// refused (ErrNotPendingOrError).
func (c *Cloud) RetryActivation(a Actor, partner, userID, email string, now time.Time) (Subscriber, error) {
	e := &Error{Op: "retry activation", Partner: partner, Subscriber: userID, Email: email}
	if e.Err = partnerProvisioner(a, c.partners[partner]); e.Err != nil {
		return Subscriber{}, e
	}
	p, s, to := c.subject(e, partner, userID, EvRetryActivation)
	switch {
	case s != nil && s.Status.Shown() == "provisioned":
		e.Err, e.Detail = ErrNotPendingOrError, ""
	case e.Err == nil && !validEmail(email):
		e.Err = ErrInvalidInput
	}
	if e.Err != nil {
		return Subscriber{}, e
	}
	if en := p.enterprises[s.Enterprise]; en.creator == s.UserID {
		en.creator = ""
	}
	s.EmailID, s.Trusted, s.Status, s.plan = email, false, to, plan{}
	s.ErrCode, s.ErrText = 0, ""
	c.notify(Notification{At: now, Kind: NoticeJoinNow, To: []string{email}, Partner: p.id, Subscriber: userID})
	return *s.clone(), nil
}

// DeletePerson deletes a person of an org (BW-18): customer admins may,
// restricted mode or not, and so may the org's partner admins. A linked
// subscriber's record ends. Deleting the last admin is allowed: no one
// gains a role.
func (c *Cloud) DeletePerson(a Actor, orgID, email string, now time.Time) error {
	e := &Error{Op: "delete person", Org: orgID, Email: email}
	o := c.orgs[orgID]
	if o == nil || o.persons[lower(email)] == nil {
		e.Err = ErrUnknown
		return e
	}
	if err := c.check(a, o, DeleteUsers, true); err != nil {
		e.Err = err
		return e
	}
	st, err := c.stageDeletes(o, []*Person{o.persons[lower(email)]}, "delete person "+email)
	if err != nil {
		e.Err = err
		return e
	}
	c.commitDeletes(o, st, now)
	return nil
}

// stageDeletes plans deleting persons: each is deleted from the engine
// org, losing every license.
func (c *Cloud) stageDeletes(o *Org, ps []*Person, cause string) (*staged, error) {
	acts := make([]assignment.Action, 0, len(ps))
	for _, prs := range ps {
		acts = append(acts, assignment.DeleteUser{User: prs.engEmail})
	}
	if len(acts) == 0 {
		return &staged{org: o, copy: o.eng}, nil
	}
	st, err := stage(o, nil, cause, acts...)
	if st != nil {
		st.deleted = ps
	}
	return st, err
}

func (c *Cloud) commitDeletes(o *Org, st *staged, now time.Time) {
	st.commit(now)
	for _, prs := range st.deleted {
		if prs.Subscriber != "" {
			p := c.partners[o.Partner]
			c.end(p, p.subs[prs.Subscriber], now)
		}
		k := lower(prs.Email)
		delete(o.persons, k)
		delete(c.where, k)
	}
}

// DisableDirSync switches directory sync off, deleting exactly the org's
// directory-synced persons (BW-19).
func (c *Cloud) DisableDirSync(a Actor, orgID string, now time.Time) error {
	e := &Error{Op: "disable directory sync", Org: orgID, Email: a.Email}
	o := c.orgs[orgID]
	if o == nil {
		e.Err = ErrUnknown
		return e
	}
	if err := c.check(a, o, DirectorySync, true); err != nil {
		e.Err = err
		return e
	}
	var synced []*Person
	for _, k := range sortedKeys(o.persons) {
		if o.persons[k].Synced {
			synced = append(synced, o.persons[k])
		}
	}
	st, err := c.stageDeletes(o, synced, "disable directory sync")
	if err != nil {
		e.Err = err
		return e
	}
	c.commitDeletes(o, st, now)
	o.DirSync = false
	return nil
}

// DeleteOrg deletes an org with no persons left (else ErrOrgNotEmpty,
// BW-19), removing its mapping. Full admins of the org, customer or partner,
// may.
func (c *Cloud) DeleteOrg(a Actor, orgID string) error {
	e := &Error{Op: "delete org", Org: orgID, Email: a.Email}
	o := c.orgs[orgID]
	switch {
	case o == nil:
		e.Err = ErrUnknown
	case a.Role != CustomerFullAdmin && a.Role != PartnerFullAdmin || !actsOn(a, o):
		e.Err = ErrForbidden
	case len(o.persons) > 0:
		e.Err = ErrOrgNotEmpty
	}
	if e.Err != nil {
		return e
	}
	c.unmap(o)
	if p := c.partners[o.Partner]; p != nil {
		delete(p.keepBranding, o.ID)
	}
	delete(c.orgs, orgID)
	return nil
}

// unmap removes an org's mapping to its enterprise (BW-34).
func (c *Cloud) unmap(o *Org) {
	if p := c.partners[o.Partner]; p != nil && o.Enterprise != "" {
		p.enterprises[o.Enterprise].Org = ""
	}
	o.Enterprise = ""
}

// Detach detaches Webex for BroadWorks from an org (BW-16): refused while
// workspaces, subscribers, pending users or the calling configuration
// remain (ErrDetachIncomplete, naming them). Then the mapping goes; standard
// (not hybrid): the subscription is deactivated and, when it was the org's
// only active one, the partner loses its roles and the customer. Persons
// stay. A partner full admin of the org's partner does it.
func (c *Cloud) Detach(a Actor, orgID string) error {
	e := &Error{Op: "detach", Org: orgID, Email: a.Email}
	o := c.orgs[orgID]
	var p *Partner
	if o != nil {
		p = c.partners[o.Partner]
		e.Partner, e.Enterprise = o.Partner, o.Enterprise
	}
	switch {
	case o == nil || !o.mapped():
		e.Err = ErrUnknown
	case partnerAdmin(a, p) != nil:
		e.Err = ErrForbidden
	}
	if e.Err != nil {
		return e
	}
	if left := c.detachSteps(p, o); len(left) > 0 {
		e.Err, e.Detail = ErrDetachIncomplete, strings.Join(left, ", ")
		return e
	}
	c.unmap(o)
	if !o.Hybrid {
		o.BWActive = false
		if !o.otherActive() {
			o.Partner, o.PartnerRole = "", NoRole
		}
	}
	return nil
}

// detachSteps lists the BW-16 steps still to do.
func (c *Cloud) detachSteps(p *Partner, o *Org) []string {
	var left []string
	if o.Workspaces > 0 {
		left = append(left, "remove workspaces")
	}
	subs, pending := false, false
	for id := range p.enterprises[o.Enterprise].members {
		if p.subs[id].Org != "" {
			subs = true
		} else {
			pending = true
		}
	}
	if subs {
		left = append(left, "remove subscribers")
	}
	if pending {
		left = append(left, "remove pending users")
	}
	if o.CallingConfig {
		left = append(left, "delete calling configuration")
	}
	return left
}
