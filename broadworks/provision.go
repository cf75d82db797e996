package broadworks

import (
	"time"
)

// Request is one subscriber to provision through the API or flow-through
// (BW-2).
type Request struct {
	Method     Method // API or FlowThrough
	Partner    string
	Template   string
	Enterprise string // SP enterprise ID
	UserID     string // BroadWorks user ID
	Email      string // the e-mail ID: required in trusted mode (BW-15)
	AltID      string // the alternate ID (BW-15)
	Package    Package
	Trunk      *Trunk // set for a trunk user (BW-5)
}

// Trunk describes a trunk user's BroadWorks set-up (BW-5).
type Trunk struct {
	AuthService bool // the user has an authentication service
	RouteList   bool // the trunk has a Route List assigned
	DirectRoute bool // the trunk has a Direct Route assigned
}

// Provision starts provisioning a subscriber (BW-2..BW-5, BW-32) and
// returns at once (BW-4): in trusted mode the subscriber is provisioning
// (or pending_user_migration when joining needs consent, BW-8) and BW-33
// has decided; in untrusted mode it is pending_email_input and a text with
// the share link is sent. With the API the actor must be a partner full,
// sales full or provisioning admin; flow-through comes from BroadWorks and
// ignores it.
func (c *Cloud) Provision(a Actor, r Request, now time.Time) (Subscriber, error) {
	e := &Error{Op: "provision", Partner: r.Partner, Enterprise: r.Enterprise, Subscriber: r.UserID, Email: r.Email}
	p, en, t, err := c.validateRequest(a, r)
	if err != nil {
		e.Err = err
		return Subscriber{}, e
	}
	ev := EvProvisionUntrusted
	var pl plan
	if t.Mode == Trusted {
		ev = EvProvisionTrusted
		if pl, err = c.decide(en, t, r.UserID, r.Email); err != nil {
			e.Err = err
			return Subscriber{}, e
		}
	}
	to, _ := Next(NoStatus, ev)
	s := &Subscriber{ID: c.newUUID(), UserID: r.UserID, Enterprise: r.Enterprise,
		Template: r.Template, Method: r.Method, Trusted: t.Mode == Trusted, EmailID: r.Email,
		AltID: r.AltID, Package: r.Package, Status: to, WebexCalls: !t.DisableWebexCalls}
	p.subs[s.UserID] = s
	en.members[s.UserID] = true
	if t.Mode == Untrusted {
		c.notify(Notification{At: now, Kind: NoticeShareLink, To: []string{s.UserID},
			Partner: p.id, Subscriber: s.UserID, Text: t.ShareLink})
	} else {
		c.setPlan(p, en, s, pl, now)
	}
	return *s.clone(), nil
}

func (c *Cloud) validateRequest(a Actor, r Request) (*Partner, *Enterprise, *template, error) {
	p := c.partners[r.Partner]
	if p == nil {
		return nil, nil, nil, ErrUnknown
	}
	switch r.Method {
	case API:
		if err := partnerProvisioner(a, p); err != nil {
			return nil, nil, nil, err
		}
	case FlowThrough:
	default:
		return nil, nil, nil, ErrInvalidInput
	}
	t, en := p.templates[r.Template], p.enterprises[r.Enterprise]
	switch {
	case t == nil || en == nil:
		return nil, nil, nil, ErrUnknown
	case !validID(r.UserID) || r.Package < Basic || r.Package > Softphone ||
		(r.AltID != "" && !validID(r.AltID)) || (r.Email != "" && !validEmail(r.Email)):
		return nil, nil, nil, ErrInvalidInput
	case p.subs[r.UserID] != nil:
		return nil, nil, nil, ErrAlreadyProvisioned
	case r.Method == API && en.Wholesale:
		return nil, nil, nil, ErrWholesaleCustomer
	case r.Trunk != nil && !r.Trunk.AuthService:
		return nil, nil, nil, ErrTrunkNoAuthService
	case r.Trunk != nil && (r.Trunk.RouteList || r.Trunk.DirectRoute):
		return nil, nil, nil, ErrTrunkRouting
	case t.Mode == Trusted && r.Email == "":
		return nil, nil, nil, ErrEmailRequired
	}
	return p, en, t, nil
}

// setPlan records a BW-33 decision on a subscriber now provisioning: it
// becomes the enterprise's creator, or moves on to pending_user_migration
// with an "Activate account" e-mail in trusted mode (BW-8).
func (c *Cloud) setPlan(p *Partner, en *Enterprise, s *Subscriber, pl plan, now time.Time) {
	s.plan = pl
	if pl.creating() {
		en.creator = s.UserID
	}
	if pl.kind != planConsent {
		return
	}
	s.Status, _ = Next(s.Status, EvNeedsConsent)
	if s.Trusted {
		c.notify(Notification{At: now, Kind: NoticeActivateAccount, To: []string{s.EmailID},
			Partner: p.id, Subscriber: s.UserID, Org: pl.org})
	}
}

// Activation is a user who opened a template's activation link and
// signed in with BroadWorks credentials (BW-2 (d), BW-6).
type Activation struct {
	Partner    string
	Template   string
	Enterprise string
	UserID     string
	Cluster    string // the BroadWorks cluster the user is on
	Package    Package
}

// SelfActivate records a self-activation sign-in: the subscriber is
// pending_email_input (BW-32). A user not on the template's cluster is
// refused (ErrNotOnTemplateCluster, BW-6).
func (c *Cloud) SelfActivate(r Activation, now time.Time) (Subscriber, error) {
	e := &Error{Op: "self-activate", Partner: r.Partner, Enterprise: r.Enterprise, Subscriber: r.UserID}
	p := c.partners[r.Partner]
	var t *template
	var en *Enterprise
	if p != nil {
		t, en = p.templates[r.Template], p.enterprises[r.Enterprise]
	}
	switch {
	case t == nil || en == nil:
		e.Err = ErrUnknown
	case !validID(r.UserID) || r.Package < Basic || r.Package > Softphone:
		e.Err = ErrInvalidInput
	case r.Cluster != t.Cluster:
		e.Err = ErrNotOnTemplateCluster
	case p.subs[r.UserID] != nil:
		e.Err = ErrAlreadyProvisioned
	}
	if e.Err != nil {
		return Subscriber{}, e
	}
	to, _ := Next(NoStatus, EvSelfActivation)
	s := &Subscriber{ID: c.newUUID(), UserID: r.UserID, Enterprise: r.Enterprise,
		Template: r.Template, Method: SelfActivation, Package: r.Package, Status: to,
		WebexCalls: !t.DisableWebexCalls}
	p.subs[s.UserID] = s
	en.members[s.UserID] = true
	return *s.clone(), nil
}

// Activations returns the activation status of every live subscriber of a
// template (BW-6), by user ID.
func (p *Partner) Activations(template string) []StatusRow {
	if p == nil {
		return nil
	}
	var out []StatusRow
	for _, k := range sortedKeys(p.subs) {
		if s := p.subs[k]; s.Template == template {
			out = append(out, rowOf(s))
		}
	}
	return out
}

// subject finds a live subscriber and checks that event ev applies to it.
func (c *Cloud) subject(e *Error, partner, userID string, ev Event) (*Partner, *Subscriber, Status) {
	p := c.partners[partner]
	var s *Subscriber
	if p != nil {
		s = p.subs[userID]
	}
	if s == nil {
		e.Err = ErrUnknown
		return nil, nil, 0
	}
	to, ok := Next(s.Status, ev)
	if !ok {
		e.Err = ErrInvalidTransition
		e.Detail = s.Status.String() + " → " + ev.String()
	}
	return p, s, to
}

// EnterEmail is the user entering an e-mail (untrusted mode or
// self-activation): pending_email_validation, and a "Join now" e-mail.
func (c *Cloud) EnterEmail(partner, userID, email string, now time.Time) (Subscriber, error) {
	e := &Error{Op: "enter e-mail", Partner: partner, Subscriber: userID, Email: email}
	p, s, to := c.subject(e, partner, userID, EvEnterEmail)
	if e.Err == nil && !validEmail(email) {
		e.Err = ErrInvalidInput
	}
	if e.Err != nil {
		return Subscriber{}, e
	}
	s.EmailID, s.Status = email, to
	c.notify(Notification{At: now, Kind: NoticeJoinNow, To: []string{email}, Partner: p.id, Subscriber: userID})
	return *s.clone(), nil
}

// JoinNow is the user clicking "Join now": provisioning, and BW-33 decides
// (a refusal comes back from this call, with no change).
func (c *Cloud) JoinNow(partner, userID string, now time.Time) (Subscriber, error) {
	e := &Error{Op: "join now", Partner: partner, Subscriber: userID}
	return c.restart(e, partner, userID, EvJoinNow, now)
}

// Retry is the partner retrying a subscriber in error (BW-12, BW-32): it
// provisions again from BW-33 step 1.
func (c *Cloud) Retry(a Actor, partner, userID string, now time.Time) (Subscriber, error) {
	e := &Error{Op: "retry", Partner: partner, Subscriber: userID}
	if err := partnerProvisioner(a, c.partners[partner]); err != nil {
		e.Err = err
		return Subscriber{}, e
	}
	return c.restart(e, partner, userID, EvRetry, now)
}

// restart moves a subscriber to provisioning and runs BW-33.
func (c *Cloud) restart(e *Error, partner, userID string, ev Event, now time.Time) (Subscriber, error) {
	p, s, to := c.subject(e, partner, userID, ev)
	if e.Err != nil {
		return Subscriber{}, e
	}
	e.Email, e.Enterprise = s.EmailID, s.Enterprise
	if s.EmailID == "" {
		e.Err = ErrEmailRequired
		return Subscriber{}, e
	}
	en, t := p.enterprises[s.Enterprise], p.templates[s.Template]
	pl, err := c.decide(en, t, s.UserID, s.EmailID)
	if err != nil {
		e.Err = err
		return Subscriber{}, e
	}
	s.Status, s.ErrCode, s.ErrText = to, 0, ""
	c.setPlan(p, en, s, pl, now)
	return *s.clone(), nil
}

// Consent is the user signing in and deleting the old consumer account
// (BW-8): the account is deleted and the subscriber provisions again; it
// becomes a new person (new person ID) when the task completes.
func (c *Cloud) Consent(partner, userID string, now time.Time) (Subscriber, error) {
	e := &Error{Op: "consent", Partner: partner, Subscriber: userID}
	_, s, to := c.subject(e, partner, userID, EvConsent)
	if e.Err != nil {
		return Subscriber{}, e
	}
	delete(c.accounts, lower(s.EmailID))
	s.Status, s.plan = to, plan{kind: planJoin, org: s.plan.org}
	return *s.clone(), nil
}

// Fail is the provisioning task failing with a fault (SIM-4): the
// subscriber is in error with the code and text given.
func (c *Cloud) Fail(partner, userID string, code int, text string, now time.Time) (Subscriber, error) {
	e := &Error{Op: "fail", Partner: partner, Subscriber: userID}
	p, s, to := c.subject(e, partner, userID, EvFail)
	if e.Err != nil {
		return Subscriber{}, e
	}
	c.fail(p, s, to, code, text)
	return *s.clone(), nil
}

func (c *Cloud) fail(p *Partner, s *Subscriber, to Status, code int, text string) {
	if en := p.enterprises[s.Enterprise]; en.creator == s.UserID {
		en.creator = ""
	}
	s.Status, s.ErrCode, s.ErrText, s.plan = to, code, text, plan{}
}
