package broadworks

import "strings"

// SetEmailID fixes a subscriber's e-mail ID on the BroadWorks side (BW-15).
// It does not touch the person's e-mail: the two are independent.
func (c *Cloud) SetEmailID(partner, userID, email string) error {
	e := &Error{Op: "set e-mail ID", Partner: partner, Subscriber: userID, Email: email}
	p := c.partners[partner]
	var s *Subscriber
	if p != nil {
		s = p.subs[userID]
	}
	switch {
	case s == nil:
		e.Err = ErrUnknown
	case !validEmail(email):
		e.Err = ErrInvalidInput
	case s.Org == "" && s.Status != Failed && !s.Status.Pending():
		e.Err = ErrInvalidTransition // in flight: BW-33 has decided on the old one
	}
	if e.Err != nil {
		return e
	}
	s.EmailID = email
	return nil
}

// SetPersonEmail changes a person's primary e-mail in Webex (BW-15; one of
// the user names BW-24 leaves editable). The linked subscriber's e-mail ID is
// not changed.
func (c *Cloud) SetPersonEmail(a Actor, orgID, email, newEmail string) error {
	e := &Error{Op: "set person e-mail", Org: orgID, Email: email}
	o := c.orgs[orgID]
	switch {
	case o == nil || o.persons[lower(email)] == nil:
		e.Err = ErrUnknown
	case !validEmail(newEmail):
		e.Err = ErrInvalidInput
	case lower(newEmail) != lower(email) && c.emailTaken(newEmail):
		e.Err = ErrExists
	}
	if e.Err == nil {
		e.Err = c.check(a, o, UserNames, true)
	}
	if e.Err != nil {
		return e
	}
	k, nk := lower(email), lower(newEmail)
	prs := o.persons[k]
	delete(o.persons, k)
	delete(c.where, k)
	prs.Email = newEmail
	o.persons[nk], c.where[nk] = prs, o.ID
	if prs.Subscriber != "" {
		c.partners[o.Partner].subs[prs.Subscriber].pkey = nk
	}
	return nil
}

// Mismatch lists the live subscribers of a partner whose e-mail ID differs
// from their person's e-mail (BW-15), by user ID.
func (c *Cloud) Mismatch(partner string) []string {
	p := c.partners[partner]
	if p == nil {
		return nil
	}
	var out []string
	for _, k := range sortedKeys(p.subs) {
		s := p.subs[k]
		if prs := c.personOf(s); prs != nil && lower(prs.Email) != lower(s.EmailID) {
			out = append(out, k)
		}
	}
	return out
}

// SignInID returns what a subscriber signs in with (BW-15): the e-mail ID
// while the alternate ID equals it, else the BroadWorks user ID.
func (c *Cloud) SignInID(partner, userID string) (string, bool) {
	p := c.partners[partner]
	if p == nil || p.subs[userID] == nil {
		return "", false
	}
	s := p.subs[userID]
	if s.EmailID != "" && strings.EqualFold(s.AltID, s.EmailID) {
		return s.EmailID, true
	}
	return s.UserID, true
}
