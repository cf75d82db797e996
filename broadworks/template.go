package broadworks

import (
	"time"
)

// EmailMode is a customer template's e-mail mode (BW-2).
type EmailMode uint8

// The e-mail modes. The zero value is "not set", which a template refuses.
const (
	Trusted EmailMode = iota + 1
	Untrusted
)

// PrefillDelay is how long a change of the pre-fill setting takes to take
// effect (BW-21).
const PrefillDelay = 7 * time.Hour

// TemplateSettings are a customer template's settings (BW-21).
type TemplateSettings struct {
	Name              string
	Cluster           string // the BroadWorks cluster it belongs to (BW-6)
	Mode              EmailMode
	ShareLink         string // the activation link; required when Untrusted
	PartnerAdminEmail string // BW-12, BW-14
	AccountName       string // provisioning account
	// Password and ConfirmPassword: required at creation; on an edit both
	// blank keep the stored password.
	Password, ConfirmPassword string
	PrefillEmail              bool // pre-fill e-mail on the sign-in page; off by default
	DisableWebexCalls         bool // "disable free Cisco Webex calling" (BW-23)
	// NoExistingOrgs switches "provision existing orgs" off; it is on by
	// default (BW-11).
	NoExistingOrgs bool
	// Authentication is the sign-in of the orgs the template creates; an
	// attached org keeps its own (BW-13).
	Authentication Authentication
}

// template is a stored customer template: its settings and the pending
// pre-fill change.
type template struct {
	TemplateSettings
	prefillNext bool      // the value a change set
	prefillAt   time.Time // when it takes effect; zero: no change pending
}

// prefill returns the effective pre-fill setting at now.
func (t *template) prefill(now time.Time) bool {
	if !t.prefillAt.IsZero() && !now.Before(t.prefillAt) {
		return t.prefillNext
	}
	return t.PrefillEmail
}

// saved returns the pre-fill setting as last saved: the value of the last
// change, pending or not.
func (t *template) saved() bool {
	if !t.prefillAt.IsZero() {
		return t.prefillNext
	}
	return t.PrefillEmail
}

// Template returns a template's settings as last saved, so that saving the
// result back changes nothing (BW-21): PrefillEmail is the value last saved,
// which is the pending value while a pre-fill change has not yet taken
// effect ([Partner.Prefill] tells what is in effect), and the password
// fields are blank, which keeps the stored password.
func (p *Partner) Template(name string) (TemplateSettings, bool) {
	if p == nil {
		return TemplateSettings{}, false
	}
	t := p.templates[name]
	if t == nil {
		return TemplateSettings{}, false
	}
	s := t.TemplateSettings
	s.PrefillEmail = t.saved()
	s.Password, s.ConfirmPassword = "", ""
	return s, true
}

// Prefill reports a template's pre-fill setting at now (BW-21): inEffect is
// what the sign-in page does at now; pendingAt is when the value last saved
// ([Partner.Template]) takes effect, if that is after now, else the zero
// time. While a change is pending the saved value is !inEffect. ok is false
// for an unknown template.
func (p *Partner) Prefill(template string, now time.Time) (inEffect bool, pendingAt time.Time, ok bool) {
	if p == nil {
		return false, time.Time{}, false
	}
	t := p.templates[template]
	if t == nil {
		return false, time.Time{}, false
	}
	if now.Before(t.prefillAt) {
		pendingAt = t.prefillAt
	}
	return t.prefill(now), pendingAt, true
}

// AccountMatches reports whether a template's provisioning account is name
// with password.
func (p *Partner) AccountMatches(template, name, password string) bool {
	if p == nil {
		return false
	}
	t := p.templates[template]
	return t != nil && t.AccountName == name && t.Password == password
}

// Templates returns the templates' names in order.
func (p *Partner) Templates() []string {
	if p == nil {
		return nil
	}
	return sortedKeys(p.templates)
}

// SaveTemplate creates or edits a customer template (BW-21). A missing
// required value is refused (ErrInvalidTemplate), a non-blank password
// unequal to its confirmation too (ErrPasswordMismatch). A change of
// pre-fill takes effect exactly 7 h after now; saving the value of a
// pending change again keeps its deadline, saving the value in effect
// cancels it. So settings read with [Partner.Template] and saved back keep
// a pending change.
func (c *Cloud) SaveTemplate(a Actor, partner string, s TemplateSettings, now time.Time) error {
	e := &Error{Op: "save template", Partner: partner, Detail: quote(s.Name)}
	p := c.partners[partner]
	if e.Err = partnerAdmin(a, p); e.Err != nil {
		return e
	}
	old := p.templates[s.Name]
	if old != nil && s.Password == "" && s.ConfirmPassword == "" {
		s.Password, s.ConfirmPassword = old.Password, old.Password
	}
	if why := p.validateTemplate(&s); why != "" {
		if e.Detail != "" { // the quoted name, none when empty
			e.Detail += ": "
		}
		e.Detail += why
		e.Err = ErrInvalidTemplate
		if why == "password" {
			e.Err = ErrPasswordMismatch
		}
		return e
	}
	t := &template{TemplateSettings: s}
	t.ConfirmPassword = ""
	t.PrefillEmail = false
	if old != nil {
		t.PrefillEmail = old.prefill(now)
	}
	switch {
	case old != nil && now.Before(old.prefillAt) && s.PrefillEmail == old.prefillNext:
		t.prefillNext, t.prefillAt = old.prefillNext, old.prefillAt // the same change, still pending
	case s.PrefillEmail != t.PrefillEmail:
		t.prefillNext, t.prefillAt = s.PrefillEmail, now.Add(PrefillDelay)
	}
	p.templates[s.Name] = t
	return nil
}

func (p *Partner) validateTemplate(s *TemplateSettings) string {
	switch {
	case !validID(s.Name):
		return "name"
	case p.clusters[s.Cluster] == nil:
		return "cluster"
	case s.Mode != Trusted && s.Mode != Untrusted:
		return "e-mail mode"
	case s.Mode == Untrusted && !validID(s.ShareLink):
		return "share link"
	case !validEmail(s.PartnerAdminEmail):
		return "partner admin e-mail"
	case !validID(s.AccountName):
		return "provisioning account name"
	case s.Password == "" && s.ConfirmPassword == "":
		return "provisioning password"
	case s.Password != s.ConfirmPassword:
		return "password"
	case s.Authentication > SSOAuth:
		return "authentication"
	}
	return ""
}

// DeleteTemplate deletes a template no subscriber uses (else
// ErrTemplateInUse, BW-21).
func (c *Cloud) DeleteTemplate(a Actor, partner, name string) error {
	e := &Error{Op: "delete template", Partner: partner, Detail: quote(name)}
	p := c.partners[partner]
	if e.Err = partnerAdmin(a, p); e.Err != nil {
		return e
	}
	if p.templates[name] == nil {
		e.Err = ErrUnknown
		return e
	}
	for _, s := range p.subs {
		if s.Template == name {
			e.Err = ErrTemplateInUse
			return e
		}
	}
	delete(p.templates, name)
	return nil
}
