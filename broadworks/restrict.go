package broadworks

import "fmt"

// Setting is something a Control Hub admin reads or changes in a customer
// org: the rows of the BW-24 table, and a few the table omits.
type Setting uint8

// The settings of the BW-24 table, in its order, then the ones it omits.
const (
	ManageUsers       Setting = iota + 1 // "Manage users"; add or edit users by hand or CSV; claim users
	UserNames                            // first, last and display name, primary e-mail
	UserPackage                          // change a user's package
	UserServices                         // edit a user's services (licenses, LIC-14)
	AutoLicense                          // automatic license assignment
	HybridStatus                         // full status of hybrid services and of the software upgrade channel
	DirectorySync                        // directory sync settings
	WorkNumber                           // primary work number
	OrgSettings                          // company name, domain, "suppress admin invite e-mails", e-mail locale, authentication and SSO
	CallPriority                         // call priority (app options); call behaviour
	PSTNOptions                          // location PSTN options "Local gateway", "Cisco PSTN"
	MigrationServices                    // Services: Migration; Connected UC
	DeleteUsers                          // delete a person (BW-18), not in the table
	WebexAssistant                       // switch Webex Assistant off (BW-22), not in the table
	ExternalAdmins                       // add an external admin (BW-14), not in the table
)

var settingNames = [...]string{"", "manage users", "user names", "user package",
	"user services", "automatic license assignment", "hybrid status",
	"directory sync", "work number", "org settings", "call priority",
	"PSTN options", "migration services", "delete users", "webex assistant",
	"external admins"}

// String returns the setting's name.
func (s Setting) String() string {
	if s > 0 && int(s) < len(settingNames) {
		return settingNames[s]
	}
	return fmt.Sprintf("Setting(%d)", s)
}

// Restriction is what restricted-by-partner mode does to a setting for
// customer admins (BW-24).
type Restriction uint8

// The restrictions.
const (
	Editable Restriction = iota // the role alone decides
	ReadOnly                    // can be read, not set
	Hidden                      // can be neither read nor set
	Refused                     // cannot be done (it can still be seen)
)

var restrictionNames = [...]string{"editable", "read-only", "hidden", "refused"}

// String returns the restriction's name.
func (r Restriction) String() string {
	if int(r) < len(restrictionNames) {
		return restrictionNames[r]
	}
	return fmt.Sprintf("Restriction(%d)", r)
}

var restrictions = [...]Restriction{ManageUsers: Refused, UserNames: Editable,
	UserPackage: Refused, UserServices: Refused, AutoLicense: Hidden,
	HybridStatus: Hidden, DirectorySync: ReadOnly, WorkNumber: ReadOnly,
	OrgSettings: ReadOnly, CallPriority: ReadOnly, PSTNOptions: Hidden,
	MigrationServices: Hidden, DeleteUsers: Editable, WebexAssistant: Editable,
	ExternalAdmins: Editable}

// RestrictionOf returns the BW-24 table's entry for a setting with the mode
// on; settings the table omits are Editable.
func RestrictionOf(s Setting) Restriction {
	if int(s) < len(restrictions) {
		return restrictions[s]
	}
	return Editable
}

// userSetting reports whether a setting needs user-management rights
// (LIC-14) rather than org-level ones.
func userSetting(s Setting) bool {
	return s <= WorkNumber || s == DeleteUsers
}

// Access is what an actor may do with a setting of an org.
type Access struct{ Read, Write bool }

// roleAccess is the access a role has before restricted mode.
func roleAccess(r Role, s Setting) Access {
	switch r {
	case PartnerFullAdmin, PartnerSalesFullAdmin, CustomerFullAdmin:
		return Access{true, true}
	case PartnerProvisioningAdmin, CustomerUserAdmin:
		return Access{true, userSetting(s)}
	case PartnerReadOnlyAdmin, CustomerReadOnlyAdmin:
		return Access{Read: true}
	}
	return Access{}
}

// actsOn reports whether the actor administers the org: a partner admin of
// the org's partner, a partner admin added as external admin, or a
// customer admin of the org.
func actsOn(a Actor, o *Org) bool {
	switch {
	case a.Role.Partner() && a.External:
		return a.Org == o.ID && o.externalFull(a.Email)
	case a.Role.Partner():
		return a.Partner != "" && a.Partner == o.Partner
	case a.Role.Customer():
		return a.Org == o.ID
	}
	return false
}

// known reports whether s is one of the settings.
func (s Setting) known() bool { return s > 0 && int(s) < len(settingNames) }

// AccessOf returns what an actor may do with a setting of an org: its
// role's entitlements, minus the restricted set for customer admins while
// the mode is on (BW-24). Partner admins are never restricted. An unknown
// setting gives no access.
func (c *Cloud) AccessOf(a Actor, orgID string, s Setting) Access {
	o := c.orgs[orgID]
	if o == nil || !actsOn(a, o) || !s.known() {
		return Access{}
	}
	acc := roleAccess(a.Role, s)
	if a.Role.Partner() && a.External {
		acc = Access{true, true} // an external full admin
	}
	if !a.Role.Customer() || !o.Restricted {
		return acc
	}
	switch RestrictionOf(s) {
	case ReadOnly, Refused:
		acc.Write = false
	case Hidden:
		acc = Access{}
	}
	return acc
}

// check returns nil when the actor may read (write false) or set a setting,
// else ErrRestrictedByPartner when only the mode blocks it, or ErrForbidden.
func (c *Cloud) check(a Actor, o *Org, s Setting, write bool) error {
	ok := func(acc Access) bool { return acc.Read && (!write || acc.Write) }
	if ok(c.AccessOf(a, o.ID, s)) {
		return nil
	}
	if a.Role.Customer() && actsOn(a, o) && o.Restricted && ok(roleAccess(a.Role, s)) {
		return ErrRestrictedByPartner
	}
	return ErrForbidden
}

// CheckAccess returns nil when the actor may read (write false) or set
// (write true) a setting of an org, else ErrRestrictedByPartner or
// ErrForbidden wrapped in an *Error; an unknown org is ErrUnknown, an
// unknown setting ErrInvalidInput.
func (c *Cloud) CheckAccess(a Actor, orgID string, s Setting, write bool) error {
	o := c.orgs[orgID]
	if o == nil {
		return &Error{Op: "access " + s.String(), Org: orgID, Err: ErrUnknown}
	}
	if !s.known() {
		return &Error{Op: "access " + s.String(), Org: orgID, Email: a.Email, Err: ErrInvalidInput}
	}
	if err := c.check(a, o, s, write); err != nil {
		return &Error{Op: "access " + s.String(), Org: orgID, Email: a.Email, Err: err}
	}
	return nil
}

// Banner reports whether a customer admin of the org sees the
// restricted-by-partner banner (BW-24): iff the mode is on.
func (c *Cloud) Banner(a Actor, orgID string) bool {
	o := c.orgs[orgID]
	return o != nil && a.Role.Customer() && actsOn(a, o) && o.Restricted
}

// SetRestricted switches restricted-by-partner mode (BW-24). Only a partner
// admin with write access to org settings may; a customer admin is refused
// (ErrForbidden).
func (c *Cloud) SetRestricted(a Actor, orgID string, on bool) error {
	e := &Error{Op: "set restricted mode", Org: orgID, Email: a.Email}
	o := c.orgs[orgID]
	switch {
	case o == nil:
		e.Err = ErrUnknown
	case !a.Role.Partner() || !c.AccessOf(a, orgID, OrgSettings).Write:
		e.Err = ErrForbidden
	}
	if e.Err != nil {
		return e
	}
	o.restrict(on)
	return nil
}
