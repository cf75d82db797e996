package broadworks

import "fmt"

// Authentication is how an org's users sign in (BW-13): Webex's own
// sign-in (the zero value), BroadWorks credentials, or the org's single
// sign-on.
type Authentication uint8

// The authentication settings.
const (
	WebexAuth Authentication = iota
	BroadWorksAuth
	SSOAuth
)

var authNames = [...]string{"webex", "broadworks", "sso"}

// String returns the setting's name: "webex", "broadworks" or "sso".
func (a Authentication) String() string {
	if int(a) < len(authNames) {
		return authNames[a]
	}
	return fmt.Sprintf("Authentication(%d)", a)
}

// SetAuthentication changes an org's authentication setting, part of its
// org settings (BW-24: read-only to customer admins while restricted mode
// is on).
func (c *Cloud) SetAuthentication(a Actor, orgID string, auth Authentication) error {
	if auth > SSOAuth {
		return &Error{Op: "set authentication", Org: orgID, Detail: auth.String(), Err: ErrInvalidInput}
	}
	return c.orgEdit(a, orgID, "set authentication", OrgSettings, func(o *Org) { o.Authentication = auth })
}
