package broadworks

import (
	"errors"
	"strconv"
	"strings"
)

// The refusals of SPEC section 5. Every refusal returns an *Error wrapping
// one of these, and changes nothing.
var (
	ErrWholesaleCustomer               = errors.New("broadworks: subscriber of a wholesale enterprise (BW-3)")
	ErrTrunkNoAuthService              = errors.New("broadworks: trunk user without an authentication service (BW-5)")
	ErrTrunkRouting                    = errors.New("broadworks: trunk has Route List or Direct Route assigned (BW-5)")
	ErrNotOnTemplateCluster            = errors.New("broadworks: user is not on the template's BroadWorks cluster (BW-6)")
	ErrNotPendingOrError               = errors.New("broadworks: user is neither pending nor in error (BW-7)")
	ErrExistingOrgProvisioningDisabled = errors.New("broadworks: provisioning existing orgs is off (BW-11)")
	ErrApprovalRequired                = errors.New("broadworks: 2017 cannot provision subscriber in existing Webex org (BW-12)")
	ErrOrgBoundToOtherEnterprise       = errors.New("broadworks: org belongs to another enterprise (BW-33)")
	ErrEmailRequired                   = errors.New("broadworks: e-mail required in trusted mode (BW-15)")
	ErrDetachIncomplete                = errors.New("broadworks: detach steps remain (BW-16)")
	ErrOrgNotEmpty                     = errors.New("broadworks: org still has persons (BW-19)")
	ErrClusterHasTemplates             = errors.New("broadworks: cluster has templates (BW-20)")
	ErrTooManyCustomers                = errors.New("broadworks: cluster serves more than 50 customer orgs (BW-20)")
	ErrInterfaceValidation             = errors.New("broadworks: interface validation failed (BW-20)")
	ErrInvalidTemplate                 = errors.New("broadworks: invalid template (BW-21)")
	ErrPasswordMismatch                = errors.New("broadworks: password and confirmation differ (BW-21)")
	ErrTemplateInUse                   = errors.New("broadworks: template in use (BW-21)")
	ErrForbidden                       = errors.New("broadworks: forbidden")
	ErrNotSupported                    = errors.New("broadworks: not supported (BW-22)")
	ErrWebexCallsDisabled              = errors.New("broadworks: free Webex calls are disabled (BW-23)")
	ErrRestrictedByPartner             = errors.New("broadworks: restricted by partner (BW-24)")
	ErrInvalidTransition               = errors.New("broadworks: invalid status transition (BW-32)")
	ErrEmailInOtherOrg                 = errors.New("broadworks: e-mail of a person of another customer org (BW-34)")
	ErrAlreadyProvisioned              = errors.New("broadworks: person or user ID already linked to a subscriber (BW-34)")
	ErrWaitingForOrg                   = errors.New("broadworks: waiting for the enterprise's org (BW-33)")
	ErrUnknown                         = errors.New("broadworks: unknown")
	ErrExists                          = errors.New("broadworks: already exists")
	ErrInvalidInput                    = errors.New("broadworks: invalid input")
	ErrFault                           = errors.New("broadworks: provisioning task failed")
)

// Error is a refused or failed call: the operation, what it was about, and
// the sentinel (or engine error) it wraps. Empty fields were not involved.
type Error struct {
	Op         string // "provision", "complete", "detach", ...
	Partner    string
	Enterprise string // SP enterprise ID
	Subscriber string // BroadWorks user ID
	Email      string
	Org        string
	Detail     string
	Err        error
}

// Error returns the message, naming the input, e.g. "broadworks: provision
// (partner p1, enterprise acme, subscriber u1): broadworks: ...".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("broadworks: ")
	b.WriteString(e.Op)
	var parts []string
	for _, f := range [...]struct{ name, v string }{{"partner", e.Partner},
		{"enterprise", e.Enterprise}, {"subscriber", e.Subscriber},
		{"e-mail", e.Email}, {"org", e.Org}} {
		if f.v != "" {
			parts = append(parts, f.name+" "+quote(f.v))
		}
	}
	if len(parts) > 0 {
		b.WriteString(" (" + strings.Join(parts, ", ") + ")")
	}
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }

// quote prints a value so that invisible characters show.
func quote(s string) string {
	for _, r := range s {
		if r < 0x21 || r > 0x7e {
			return strconv.Quote(s)
		}
	}
	return s
}
