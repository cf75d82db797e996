package broadworks

import (
	"time"

	"github.com/wxlicense/wxlicense/assignment"
)

// Update is a subscriber update through the provisioning API (BW-15,
// BW-17, BW-32). Zero fields are unchanged.
type Update struct {
	Package Package
	UserID  string // a new BroadWorks user ID (BW-15)
}

// UpdateSubscriber updates a subscriber. On a provisioned one it starts
// an update (updating, BW-32): the package's licenses change through the
// engine at once, the meeting sites follow BW-17 and billing records the
// change (BW-25). On a pending or error one (BW-7) it only changes the
// record. Partner full, sales full and provisioning admins may; a customer
// admin of the subscriber's org may change the package only while
// restricted mode is off (BW-24, LIC-14).
func (c *Cloud) UpdateSubscriber(a Actor, partner, userID string, u Update, now time.Time) (Subscriber, error) {
	e := &Error{Op: "update subscriber", Partner: partner, Subscriber: userID}
	p, s, st, err := c.validateUpdate(a, partner, userID, u, now)
	if err != nil {
		e.Err = err
		if s != nil {
			e.Enterprise, e.Email = s.Enterprise, s.EmailID
		}
		return Subscriber{}, e
	}
	st.commit(now)
	if u.Package == NoPackage {
		u.Package = s.Package
	}
	if u.UserID != "" && u.UserID != s.UserID {
		c.rekey(p, s, u.UserID, now)
	}
	if s.Status == Provisioned {
		prs := c.personOf(s)
		prs.Sites = c.moveSites(prs, s.Package, u.Package)
		c.orgs[s.Org].useSites(prs.Sites)
		if u.Package != s.Package {
			prs.RoomSwitchAt = now.Add(c.roomDelay())
		}
		prs.Package = u.Package
		s.Status, _ = Next(s.Status, EvUpdate)
		s.Package = u.Package
		s.record(now, s.UserID, s.Package)
	}
	s.Package = u.Package
	return *s.clone(), nil
}

func (c *Cloud) validateUpdate(a Actor, partner, userID string, u Update, now time.Time) (*Partner, *Subscriber, *staged, error) {
	p := c.partners[partner]
	if p == nil || p.subs[userID] == nil {
		return nil, nil, nil, ErrUnknown
	}
	s := p.subs[userID]
	if err := c.mayUpdate(a, p, s, u); err != nil {
		return p, s, nil, err
	}
	switch {
	case u.Package > Softphone || (u.UserID != "" && !validID(u.UserID)):
		return p, s, nil, ErrInvalidInput
	case u.UserID != "" && u.UserID != s.UserID && p.subs[u.UserID] != nil:
		return p, s, nil, ErrAlreadyProvisioned
	case s.Status == Provisioning || s.Status == Updating:
		return p, s, nil, ErrInvalidTransition
	}
	if s.Status != Provisioned || u.Package == NoPackage || u.Package == s.Package {
		return p, s, nil, nil
	}
	o, prs := c.orgs[s.Org], c.personOf(s)
	act := modifyAction(o.eng, prs.engEmail, c.PackageLicenses(u.Package), c.PackageLicenses(s.Package))
	if act == nil {
		return p, s, nil, nil
	}
	st, err := stage(o, nil, "package "+s.UserID+" "+s.Package.String()+" → "+u.Package.String(), act)
	return p, s, st, err
}

// mayUpdate checks the actor of an update (BW-24, LIC-14).
func (c *Cloud) mayUpdate(a Actor, p *Partner, s *Subscriber, u Update) error {
	if partnerProvisioner(a, p) == nil {
		return nil
	}
	o := c.orgs[s.Org]
	if !a.Role.Customer() || o == nil || u.UserID != "" {
		return ErrForbidden
	}
	user := s.EmailID
	if prs := c.personOf(s); prs != nil {
		user = prs.engEmail
	}
	return licenseCheck(a, o, assignment.ModifyLicenses{User: user}) // a package is licenses
}

// rekey changes a subscriber's BroadWorks user ID (BW-15): the subscriber
// ID and person are kept, and billing splits at the change.
func (c *Cloud) rekey(p *Partner, s *Subscriber, id string, now time.Time) {
	en := p.enterprises[s.Enterprise]
	delete(p.subs, s.UserID)
	delete(en.members, s.UserID)
	if prs := c.personOf(s); prs != nil {
		prs.Subscriber = id
	}
	s.UserID = id
	p.subs[id], en.members[id] = s, true
	if s.Status == Provisioned || s.Status == Updating {
		s.record(now, id, s.Package)
	}
}
