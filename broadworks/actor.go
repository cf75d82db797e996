package broadworks

import "fmt"

// Role is an administrator role of a partner or a customer org (LIC-14,
// BW-24, BW-25). The zero value is no role.
type Role uint8

// The roles.
const (
	NoRole                   Role = iota
	PartnerFullAdmin              // partner full admin
	PartnerSalesFullAdmin         // partner sales full admin
	PartnerReadOnlyAdmin          // partner read-only admin
	PartnerProvisioningAdmin      // partner provisioning admin (limited visibility, BW-10)
	CustomerFullAdmin             // customer full admin
	CustomerUserAdmin             // customer user-and-device admin
	CustomerReadOnlyAdmin         // customer read-only admin
	EndUser                       // a user with no admin role
)

var roleNames = [...]string{"none", "partner full admin", "partner sales full admin",
	"partner read-only admin", "partner provisioning admin", "customer full admin",
	"customer user admin", "customer read-only admin", "user"}

// String returns the role's name, e.g. "partner full admin".
func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return fmt.Sprintf("Role(%d)", r)
}

// Partner reports whether r is a partner admin role.
func (r Role) Partner() bool { return r >= PartnerFullAdmin && r <= PartnerProvisioningAdmin }

// Customer reports whether r is a customer admin role.
func (r Role) Customer() bool { return r >= CustomerFullAdmin && r <= CustomerReadOnlyAdmin }

// Actor is who performs an action: a role, the partner or customer org it
// belongs to, and whether it acts as an external admin of a customer org.
type Actor struct {
	Role     Role
	Email    string
	Partner  string // the partner the actor belongs to, for partner roles
	Org      string // the customer org the actor administers, for customer roles
	External bool   // a partner admin acting as an external admin of Org (BW-14)
}
