package broadworks

import (
	"github.com/wxlicense/wxlicense/assignment"
)

// OrgSetup describes a customer org that exists before Webex for
// BroadWorks touches it (BW-9..BW-13), or one a test builds.
type OrgSetup struct {
	ID             string // "" draws one from the seeded source
	Name           string
	Persons        []PersonSetup
	Domains        []Domain
	Subscriptions  []PaidSubscription
	ExternalAdmins []ExternalAdmin
	SuppressEmails bool
	DirSync        bool
	Hybrid         bool
	BasicBranding  bool
	Workspaces     int
	Authentication Authentication // the org's own sign-in (BW-13)
}

// PersonSetup is a person to add to an org.
type PersonSetup struct {
	Email  string
	Role   Role // a customer role or EndUser (NoRole counts as EndUser)
	Synced bool
}

// AddOrg adds a customer org with its persons, who get the free defaults
// (LIC-2) through the engine. It returns the org's ID.
func (c *Cloud) AddOrg(s OrgSetup) (string, error) {
	e := &Error{Op: "add org", Org: s.ID}
	id := s.ID
	if id == "" {
		id = c.peekUUID()
	}
	switch {
	case c.isZero():
		e.Detail, e.Err = zeroDetail, ErrInvalidInput
	case !validID(id) || s.Workspaces < 0 || s.Authentication > SSOAuth:
		e.Err = ErrInvalidInput
	case c.orgs[id] != nil:
		e.Err = ErrExists
	}
	if e.Err != nil {
		return "", e
	}
	o := &Org{ID: id, Name: s.Name, SuppressEmails: s.SuppressEmails, DirSync: s.DirSync,
		Hybrid: s.Hybrid, BasicBranding: s.BasicBranding, Workspaces: s.Workspaces, Authentication: s.Authentication,
		Subscriptions:  append([]PaidSubscription(nil), s.Subscriptions...),
		Domains:        append([]Domain(nil), s.Domains...),
		ExternalAdmins: append([]ExternalAdmin(nil), s.ExternalAdmins...),
		persons:        map[string]*Person{}, eng: assignment.New(id, c.cat)}
	st, err := c.stagePersons(o, s.Persons, e)
	if err != nil {
		return "", err
	}
	if s.ID == "" {
		c.newUUID()
	}
	c.orgs[id] = o
	c.commitPersons(o, s.Persons, st)
	return id, nil
}

// peekUUID returns the ID newUUID would draw next, drawing nothing.
func (c *Cloud) peekUUID() string {
	saved := c.rng
	id := c.newUUID()
	c.rng = saved
	return id
}

// stagePersons validates new persons and plans adding them. A refusal is
// a copy of op (the request's error, with its Op and Org) naming the
// person refused, or carrying the engine's refusal of the batch.
func (c *Cloud) stagePersons(o *Org, ps []PersonSetup, op *Error) (*staged, error) {
	refuse := func(email string, err error) (*staged, error) {
		r := *op
		r.Email, r.Err = email, err
		return nil, &r
	}
	seen := map[string]bool{}
	users := make([]assignment.NewUser, 0, len(ps))
	for _, p := range ps {
		k := lower(p.Email)
		switch {
		case !validEmail(p.Email) || !(p.Role == NoRole || p.Role == EndUser || p.Role.Customer()):
			return refuse(p.Email, ErrInvalidInput)
		case seen[k] || c.emailTaken(p.Email):
			return refuse(p.Email, ErrExists)
		}
		seen[k] = true
		users = append(users, assignment.NewUser{Email: p.Email, Synced: p.Synced})
	}
	if len(users) == 0 {
		return nil, nil
	}
	st, err := stage(o, nil, op.Op, assignment.AddUsers{Users: users})
	if err != nil {
		return refuse(op.Email, err)
	}
	return st, nil
}

// commitPersons adds the persons stagePersons validated.
func (c *Cloud) commitPersons(o *Org, ps []PersonSetup, st *staged) {
	for _, p := range ps {
		r := p.Role
		if r == NoRole {
			r = EndUser
		}
		o.persons[lower(p.Email)] = &Person{ID: c.newUUID(), Email: p.Email, Role: r, Synced: p.Synced, engEmail: p.Email}
		c.where[lower(p.Email)] = o.ID
	}
	st.commit(o.eng.Now())
}

// AddPersons adds persons to an org by hand, as one request: it needs
// "Manage users" (BW-24: refused to customer admins while the mode is on).
func (c *Cloud) AddPersons(a Actor, orgID string, ps []PersonSetup) error {
	e := &Error{Op: "add persons", Org: orgID, Email: a.Email}
	o := c.orgs[orgID]
	if o == nil {
		e.Err = ErrUnknown
		return e
	}
	if err := c.check(a, o, ManageUsers, true); err != nil {
		e.Err = err
		return e
	}
	st, err := c.stagePersons(o, ps, e)
	if err != nil {
		return err
	}
	c.commitPersons(o, ps, st)
	return nil
}

// AddExternalAdmin records a partner admin e-mail as external admin of an
// org, with full or read-only rights (BW-14). A customer full admin of the
// org does it.
func (c *Cloud) AddExternalAdmin(a Actor, orgID, email string, full bool) error {
	e := &Error{Op: "add external admin", Org: orgID, Email: email}
	o := c.orgs[orgID]
	switch {
	case o == nil:
		e.Err = ErrUnknown
	case !validEmail(email):
		e.Err = ErrInvalidInput
	case a.Role != CustomerFullAdmin || a.Org != orgID:
		e.Err = ErrForbidden
	}
	if e.Err != nil {
		return e
	}
	for i, x := range o.ExternalAdmins {
		if lower(x.Email) == lower(email) {
			o.ExternalAdmins[i].Full = full
			return nil
		}
	}
	o.ExternalAdmins = append(o.ExternalAdmins, ExternalAdmin{Email: email, Full: full})
	return nil
}

// RemoveWorkspaces removes an org's BroadWorks workspaces (BW-16 step 2).
func (c *Cloud) RemoveWorkspaces(a Actor, orgID string) error {
	return c.orgEdit(a, orgID, "remove workspaces", ManageUsers, func(o *Org) { o.Workspaces = 0 })
}

// DeleteCallingConfig deletes an org's BroadWorks calling configuration
// (BW-16 last step).
func (c *Cloud) DeleteCallingConfig(a Actor, orgID string) error {
	return c.orgEdit(a, orgID, "delete calling config", OrgSettings, func(o *Org) { o.CallingConfig = false })
}

// SetAssistant switches Webex Assistant on or off for a customer org
// (BW-22): partner and customer admins with org-setting rights; the mode
// does not restrict it.
func (c *Cloud) SetAssistant(a Actor, orgID string, on bool) error {
	return c.orgEdit(a, orgID, "set webex assistant", WebexAssistant, func(o *Org) { o.AssistantOff = !on })
}

// SetBrandingOverride makes the partner keep (or stop keeping) an org's own
// basic branding instead of its advanced branding (BW-13).
func (c *Cloud) SetBrandingOverride(a Actor, orgID string, keep bool) error {
	if !a.Role.Partner() || a.External {
		return &Error{Op: "set branding override", Org: orgID, Email: a.Email, Err: ErrForbidden}
	}
	return c.orgEdit(a, orgID, "set branding override", OrgSettings, func(o *Org) {
		p := c.partners[o.Partner] // the actor's partner: orgEdit checked it administers o
		if keep {
			p.keepBranding[o.ID] = true
		} else {
			delete(p.keepBranding, o.ID)
		}
	})
}

// Branding returns the branding an org shows (BW-13): "advanced" when the
// org uses basic branding and its partner's advanced branding wins, else the
// org's own ("basic" or "advanced").
func (c *Cloud) Branding(orgID string) string {
	o := c.orgs[orgID]
	if o == nil {
		return ""
	}
	if !o.BasicBranding {
		return "advanced"
	}
	if p := c.partners[o.Partner]; p != nil && p.advancedBranding && !p.keepBranding[o.ID] {
		return "advanced"
	}
	return "basic"
}

func (c *Cloud) orgEdit(a Actor, orgID, op string, s Setting, f func(*Org)) error {
	e := &Error{Op: op, Org: orgID, Email: a.Email}
	o := c.orgs[orgID]
	if o == nil {
		e.Err = ErrUnknown
		return e
	}
	if err := c.check(a, o, s, true); err != nil {
		e.Err = err
		return e
	}
	f(o)
	return nil
}

// AddEnterprise adds an enterprise to a partner (keyed by SP enterprise
// ID). Its name may be empty; one given must be visible text (validName),
// else ErrInvalidInput.
func (c *Cloud) AddEnterprise(partner string, en Enterprise) error {
	e := &Error{Op: "add enterprise", Partner: partner, Enterprise: en.ID}
	p := c.partners[partner]
	switch {
	case p == nil:
		e.Err = ErrUnknown
	case !validID(en.ID) || en.Org != "":
		e.Err = ErrInvalidInput
	case !optionalName(en.Name):
		e.Detail, e.Err = nameDetail(en.Name), ErrInvalidInput
	case p.enterprises[en.ID] != nil:
		e.Err = ErrExists
	}
	if e.Err != nil {
		return e
	}
	en.creator, en.members = "", map[string]bool{}
	p.enterprises[en.ID] = &en
	return nil
}
