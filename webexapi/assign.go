package webexapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/calling"
	"github.com/wxlicense/wxlicense/license"
)

// Operations of a license assignment request.
const (
	OperationAdd    = "add"
	OperationRemove = "remove"
)

// Account types of meeting-site roles.
const (
	AccountAttendee = "attendee"
	AccountHost     = "host"
)

// AssignRequest is the body of PATCH /licenses/users (Assign Licenses to
// Users): one user, by e-mail or person ID, and per-license operations.
type AssignRequest struct {
	Email    string           `json:"email,omitempty"`
	PersonID string           `json:"personId,omitempty"`
	OrgID    string           `json:"orgId,omitempty"`
	Licenses []LicenseRequest `json:"licenses,omitempty"`
	SiteURLs []SiteRequest    `json:"siteUrls,omitempty"`
}

// LicenseRequest is one license operation: add (the default) or remove.
type LicenseRequest struct {
	ID         string      `json:"id"`
	Operation  string      `json:"operation,omitempty"`
	Properties *Properties `json:"properties,omitempty"`
}

// Properties are the calling properties of a Webex Calling license (CAL-1):
// a phone number or an extension, and the location, which may be left out
// with a phone number.
type Properties struct {
	LocationID  string `json:"locationId,omitempty"`
	PhoneNumber string `json:"phoneNumber,omitempty"`
	Extension   string `json:"extension,omitempty"`
}

// SiteRequest is one attendee role operation on a meeting site; the API
// supports only the account type "attendee".
type SiteRequest struct {
	SiteURL     string `json:"siteUrl"`
	AccountType string `json:"accountType"`
	Operation   string `json:"operation,omitempty"`
}

// SiteResponse is a meeting-site role of a user: attendee or host.
type SiteResponse struct {
	SiteURL     string `json:"siteUrl"`
	AccountType string `json:"accountType"`
}

// AssignResponse is the answer of PATCH /licenses/users (HTTP 200, or 206
// for a user outside the org, whose requested licenses are pending).
type AssignResponse struct {
	OrgID           string         `json:"orgId"`
	PersonID        string         `json:"personId"`
	Email           string         `json:"email"`
	Licenses        []string       `json:"licenses"`
	SiteURLs        []SiteResponse `json:"siteUrls"`
	PendingLicenses []string       `json:"pendingLicenses,omitempty"`
	PendingSiteURLs []SiteResponse `json:"pendingSiteUrls,omitempty"`
}

// ErrorBody is the API's error body: a message, the errors with their
// LIC-13 code where one applies, and the tracking ID.
type ErrorBody struct {
	Message    string        `json:"message"`
	Errors     []ErrorDetail `json:"errors"`
	TrackingID string        `json:"trackingId"`
}

// ErrorDetail is one error of an ErrorBody. ErrorCode is the LIC-13 code,
// 0 (left out) where the API has none, such as a missing unit.
type ErrorDetail struct {
	ErrorCode   int    `json:"errorCode,omitempty"`
	Description string `json:"description"`
}

// DecodeAssign reads the body of PATCH /licenses/users. It needs an email or
// a personId, and an operation of "add", "remove" or none (add) for every
// license and site URL; a license needs an id.
func DecodeAssign(data []byte) (*AssignRequest, error) {
	var r AssignRequest
	if err := decode("license assignment", data, &r); err != nil {
		return nil, err
	}
	if r.Email == "" && r.PersonID == "" {
		return nil, fieldError("license assignment", "email", errors.New("email or personId is required"))
	}
	for i, l := range r.Licenses {
		if l.ID == "" {
			return nil, fieldError("license assignment", fmt.Sprintf("licenses[%d].id", i), errors.New("missing license ID"))
		}
		if err := checkOperation(l.Operation); err != nil {
			return nil, fieldError("license assignment", fmt.Sprintf("licenses[%d].operation", i), err)
		}
	}
	for i, s := range r.SiteURLs {
		if err := checkOperation(s.Operation); err != nil {
			return nil, fieldError("license assignment", fmt.Sprintf("siteUrls[%d].operation", i), err)
		}
	}
	return &r, nil
}

func checkOperation(op string) error {
	if op == "" || op == OperationAdd || op == OperationRemove {
		return nil
	}
	return fmt.Errorf("operation %q is neither add nor remove", op)
}

// Answer is the outcome of one PATCH /licenses/users: the HTTP status and
// body, and what the library did.
type Answer struct {
	Status   int
	Response *AssignResponse // for 200 and 206
	Error    *ErrorBody      // for every other status
	// Placement is the calling properties the request gave its Webex
	// Calling license (CAL-1): the request's LicenseOp carries them to the
	// engine, which places the user through the org's calling placer
	// (calling.Attach), or refuses 400411/400.
	Placement assignment.Placement
	Plan      *assignment.Plan // the applied plan; nil when nothing was applied
	Err       error            // the library's error, nil for 200
}

// Body returns the JSON body of the answer; a nil answer has none
// (ErrNil).
func (a *Answer) Body() ([]byte, error) {
	if a == nil {
		return nil, ErrNil
	}
	if a.Response != nil {
		return json.Marshal(a.Response)
	}
	return json.Marshal(a.Error)
}

// Assign decodes and answers one PATCH /licenses/users on an org, applying
// it through the engine as one user-level request (assignment.ModifyLicenses
// with license IDs, LIC-7): validated as a whole on the resulting set, all or
// nothing. view resolves opaque license IDs (LIC-6) by the Licenses API's
// names; nil resolves only the org's own coded IDs. An explicit remove
// operation is the acknowledgement CAL-9 asks for. The answer is:
//
//   - 200 with the user's licenses and site roles after the change;
//   - 206 for a user outside the org (LIC-13): nothing applied, every
//     requested license and attendee site pending;
//   - 400 with the LIC-13 codes of every violation (LIC-7 order), or 400000
//     for a license not recognized, 400216 for a bad attendee site, 400411
//     for missing calling properties, 400 for an unknown location ("Unable
//     to find location") or a number or extension package calling refuses
//     ("Invalid calling properties", with its reason), and no code for a
//     missing unit, a bad payload, or an email and a personId naming
//     different people ("Invalid request", a *PersonMismatchError); 404
//     for a personId, given alone, of no user of the org.
//
// The library never answers 206 for a partial success: a user-level request
// is all or nothing (LIC-7). trackingID is echoed in error bodies.
func Assign(o *assignment.Org, view *LicenseView, data []byte, trackingID string) *Answer {
	if unusable(o) {
		return failure(400, "Invalid request", nil, trackingID, ErrNil)
	}
	req, err := DecodeAssign(data)
	if err != nil {
		return failure(400, "Invalid request body", []ErrorDetail{{Description: err.Error()}}, trackingID, err)
	}
	if view == nil {
		view = NewLicenseView(o.Catalog())
	}
	m, ans := newModify(o, view, req, trackingID)
	if ans != nil {
		return ans
	}
	plan, err := o.Do(m.action)
	if err != nil {
		return m.fail(err)
	}
	info, _ := o.UserByEmail(m.action.User)
	resp, err := m.response(info)
	if err != nil {
		return failure(500, "Internal error", nil, trackingID, err)
	}
	return &Answer{Status: 200, Response: resp, Placement: m.placement, Plan: plan}
}

// modify is a decoded request resolved against an org.
type modify struct {
	o          *assignment.Org
	view       *LicenseView
	trackingID string
	personID   string // as the request gave it, for 206
	action     assignment.ModifyLicenses
	named      map[license.Kind]string // the ID the request gave each kind
	pending    []string                // the IDs the request adds, for 206
	sites      []SiteResponse          // the attendee roles the request adds, for 206
	placement  assignment.Placement
}

func newModify(o *assignment.Org, view *LicenseView, req *AssignRequest, trackingID string) (*modify, *Answer) {
	m := &modify{o: o, view: view, trackingID: trackingID, personID: req.PersonID, named: map[license.Kind]string{}}
	if !isOrg(req.OrgID, o.ID()) {
		return nil, failure(400, "Invalid organization", []ErrorDetail{{Description: fmt.Sprintf("orgId %q is not this organization", req.OrgID)}}, trackingID, ErrPayload)
	}
	m.action = assignment.ModifyLicenses{User: req.Email, Ack: true}
	if req.Email == "" {
		email, ok := findPerson(o, req.PersonID)
		if !ok {
			return nil, failure(404, "Person not found", []ErrorDetail{{Description: fmt.Sprintf("personId %q is no user of the org", req.PersonID)}}, trackingID, assignment.ErrUnknownUser)
		}
		m.action.User = email
	} else if err := samePerson(o, req.Email, req.PersonID); err != nil {
		return nil, failure(400, "Invalid request", []ErrorDetail{{Description: err.Error()}}, trackingID, err)
	}
	for _, lr := range req.Licenses {
		if ans := m.addLicense(lr); ans != nil {
			return nil, ans
		}
	}
	for _, sr := range req.SiteURLs {
		if ans := m.addSite(sr); ans != nil {
			return nil, ans
		}
	}
	return m, nil
}

// ErrPersonMismatch is matched by the error of a request whose email and
// personId name different people.
var ErrPersonMismatch = errors.New("webexapi: email and personId name different people")

// PersonMismatchError is a request whose personId is not the person of its
// email, where the org can tell: the e-mail is a user of the org, or the
// personId is. It is refused, as it would change one of the two people
// against what the other field says. Owner is the e-mail of the user
// PersonID names, empty when it names no user of the org.
type PersonMismatchError struct {
	Email    string // as the request gave it
	PersonID string
	Owner    string
}

// Error names the e-mail, the personId and, where there is one, the user
// the personId names.
func (e *PersonMismatchError) Error() string {
	owner := "no user of the org"
	if e.Owner != "" {
		owner = fmt.Sprintf("%q", e.Owner)
	}
	return fmt.Sprintf("email %q and personId %q name different people (the personId is %s)", e.Email, e.PersonID, owner)
}

// Unwrap returns ErrPersonMismatch.
func (e *PersonMismatchError) Unwrap() error { return ErrPersonMismatch }

// samePerson checks that a personId given with an email is that e-mail's
// person (PersonID). It passes a personId left out, an e-mail the engine
// refuses (which it answers), and a person outside the org whose personId
// names no user of the org: such a person's ID is their own org's, which
// this org cannot check (206, LIC-13).
func samePerson(o *assignment.Org, email, personID string) error {
	canon, err := assignment.ParseEmail(email)
	uri, _ := license.DecodeResourceID(personID)
	if personID == "" || err != nil || uri == personURI(o.ID(), canon) {
		return nil
	}
	owner, named := findPerson(o, personID)
	if _, member := o.LookupUser(canon); !member && !named {
		return nil
	}
	return &PersonMismatchError{Email: email, PersonID: personID, Owner: owner}
}

// isOrg reports whether a request's orgId names the org with the model ID
// org: left out, the model ID, or the API's ID (OrgID) in any base64
// spelling, URL-safe or standard, padded or not, as license IDs are read
// (LIC-6): the reference tells clients to build it with any base64 tool.
func isOrg(given, org string) bool {
	uri, err := license.DecodeResourceID(given)
	return given == "" || given == org || err == nil && uri == resourceURI("ORGANIZATION", org)
}

// findPerson finds the user whose PersonID is id, by a scan of the users'
// e-mails that derives each one's UUID and allocates nothing per user.
func findPerson(o *assignment.Org, id string) (string, bool) {
	uri, err := license.DecodeResourceID(id)
	uuid, ok := strings.CutPrefix(uri, resourceURI(peopleType, ""))
	if err != nil || !ok {
		return "", false
	}
	d := license.NewUUIDDeriver(o.ID(), peopleType)
	for _, email := range o.Emails() {
		if u := d.Derive(email); string(u[:]) == uuid {
			return email, true
		}
	}
	return "", false
}

// addLicense resolves one license operation to the org's own license ID.
func (m *modify) addLicense(lr LicenseRequest) *Answer {
	k, canon, err := m.resolve(lr.ID)
	if err != nil {
		return m.coded(license.CodeUnknownLicense, []string{lr.ID}, err)
	}
	remove := lr.Operation == OperationRemove
	m.action.Ops = append(m.action.Ops, assignment.LicenseOp{ID: canon, Remove: remove})
	op := &m.action.Ops[len(m.action.Ops)-1]
	m.named[k] = lr.ID
	if remove {
		return nil
	}
	m.pending = append(m.pending, lr.ID)
	if !m.o.Catalog().Info(k).NeedsPlacement || lr.Properties == nil || !m.placement.IsZero() {
		return nil
	}
	p := assignment.Placement{Location: lr.Properties.LocationID, Number: lr.Properties.PhoneNumber, Extension: lr.Properties.Extension}
	if err := p.Validate(); err != nil {
		return m.fail(err)
	}
	m.placement, op.Placement = p, p
	return nil
}

// resolve returns the kind of a license ID and the org's own ID for it: a
// coded ID through the org, an opaque one through the view (LIC-6).
func (m *modify) resolve(s string) (license.Kind, string, error) {
	id, err := license.ParseID(s)
	if err != nil {
		return license.NoKind, "", err
	}
	if !id.Opaque() {
		k, _, err := m.o.ResolveLicenseID(s)
		return k, s, err
	}
	k, sub, err := m.view.Resolve(s)
	if err != nil {
		return license.NoKind, "", err
	}
	canon, err := m.o.LicenseID(k, sub)
	return k, canon.String(), err
}

// addSite resolves one attendee role operation to the site's attendee kind.
func (m *modify) addSite(sr SiteRequest) *Answer {
	site, _ := m.o.Catalog().Site(sr.SiteURL) // "" for none, which has no kind
	k, ok := m.o.Catalog().SiteKind(site, license.RoleAttendee)
	if sr.AccountType != AccountAttendee || !ok {
		return m.coded(license.CodeInvalidAttendeeSite, []string{sr.SiteURL}, fmt.Errorf("%w: %q", assignment.ErrUnknownSite, sr.SiteURL))
	}
	remove := sr.Operation == OperationRemove
	m.action.Ops = append(m.action.Ops, assignment.LicenseOp{Kind: k, Remove: remove})
	m.named[k] = sr.SiteURL
	if !remove {
		m.sites = append(m.sites, SiteResponse{SiteURL: site, AccountType: AccountAttendee})
	}
	return nil
}

// fail answers an error of the engine.
func (m *modify) fail(err error) *Answer {
	var out *assignment.OutsideOrgError
	var se *license.SetError
	switch {
	case errors.As(err, &out):
		if m.personID == "" {
			m.personID = PersonID(m.o.ID(), m.action.User)
		}
		resp := &AssignResponse{OrgID: OrgID(m.o.ID()), PersonID: m.personID, Email: m.action.User,
			Licenses: []string{}, SiteURLs: []SiteResponse{}, PendingLicenses: m.pending, PendingSiteURLs: m.sites}
		return &Answer{Status: out.Status(), Response: resp, Err: err}
	case errors.As(err, &se):
		return m.violations(se, err)
	case errors.Is(err, license.ErrMalformedID), errors.Is(err, assignment.ErrUnknownKind),
		errors.Is(err, assignment.ErrUnknownSubscription), errors.Is(err, assignment.ErrOtherOrg):
		return m.coded(license.CodeUnknownLicense, nil, err)
	case errors.Is(err, assignment.ErrUnknownSite), errors.Is(err, assignment.ErrAttendeeDisabled):
		return m.coded(license.CodeInvalidAttendeeSite, nil, err)
	}
	return failure(400, "Invalid request", []ErrorDetail{{Description: err.Error()}}, m.trackingID, err)
}

// coded answers one LIC-13 code naming the given licenses (or the error).
func (m *modify) coded(c license.Code, names []string, err error) *Answer {
	if len(names) == 0 {
		names = []string{err.Error()}
	}
	msg, desc := apiText(c)
	return failure(400, msg, []ErrorDetail{{ErrorCode: int(c), Description: fill(desc, names)}}, m.trackingID, err)
}

// violations answers a rejected request with every violation, in the order
// of LIC-7, each naming its licenses as the request named them.
func (m *modify) violations(se *license.SetError, err error) *Answer {
	var details []ErrorDetail
	for _, v := range se.Violations {
		var names []string
		for _, k := range v.Kinds {
			if s, ok := m.named[k]; ok {
				names = append(names, s)
			} else {
				names = append(names, m.o.Catalog().Name(k))
			}
		}
		_, desc := violationText(v)
		code := int(v.Code)
		if v.Code == license.CodeNoUnit {
			code, desc = 0, "NoUnitAvailable: "+desc
		}
		details = append(details, ErrorDetail{ErrorCode: code, Description: fill(desc, names)})
	}
	msg, _ := apiText(se.Code())
	if len(se.Violations) > 0 {
		msg, _ = violationText(se.Violations[0])
	}
	return failure(400, msg, details, m.trackingID, err)
}

// violationText returns the message and description of a violation: the
// API reference's for its code, else its own text. Package calling answers
// 400 for a bad number or extension as for an unknown location: only an
// unknown location is described as one.
func violationText(v license.Violation) (string, string) {
	if v.Code == license.CodeUnknownLocation && !errors.Is(v, calling.ErrUnknownLocation) {
		return "Invalid calling properties", v.Text + ": {licenses}"
	}
	msg, desc := apiText(v.Code)
	if desc == "" {
		desc = v.Text + ": {licenses}"
	}
	return msg, desc
}

// response is the 200 body: the user's licenses, by the IDs the view lists
// where it lists them, and site roles.
func (m *modify) response(u assignment.UserInfo) (*AssignResponse, error) {
	cat := m.o.Catalog()
	resp := &AssignResponse{OrgID: OrgID(m.o.ID()), PersonID: PersonID(m.o.ID(), u.Email), Email: u.Email,
		Licenses: []string{}, SiteURLs: []SiteResponse{}}
	for _, h := range u.Holdings {
		info := cat.Info(h.Kind)
		if info.Site != "" {
			resp.SiteURLs = append(resp.SiteURLs, SiteResponse{SiteURL: info.Site, AccountType: info.Role.String()})
		}
		if info.Code == "" {
			continue
		}
		s, ok := m.view.IDOf(h.Kind, h.Subscription)
		if !ok {
			id, err := m.o.LicenseID(h.Kind, h.Subscription)
			if err != nil {
				return nil, err
			}
			s = id.String()
		}
		resp.Licenses = append(resp.Licenses, s)
	}
	return resp, nil
}

func failure(status int, msg string, details []ErrorDetail, trackingID string, err error) *Answer {
	if details == nil {
		details = []ErrorDetail{}
	}
	return &Answer{Status: status, Error: &ErrorBody{Message: msg, Errors: details, TrackingID: trackingID}, Err: err}
}

// fill puts names into a description's {licenses} or {siteUrl}.
func fill(desc string, names []string) string {
	list := strings.Join(names, ", ")
	return strings.NewReplacer("{licenses}", list, "{siteUrl}", list).Replace(desc)
}

// apiText returns the API reference's message and description of a LIC-13
// code; the description's {licenses} or {siteUrl} names what the error is
// about. A code the reference does not know gives "License assignment
// failed" and no description.
func apiText(c license.Code) (string, string) {
	const couldNot = " The following license(s) could not be applied as requested: {licenses}"
	switch c {
	case license.CodeUnknownLocation:
		return "Unable to find location", "Unable to find location."
	case license.CodeUnknownLicense:
		return "License not recognized", "License not recognized {licenses}"
	case license.CodeProfessionalToStandard:
		return "License assignment failed", "Changing a user's Webex Calling license from Professional to Standard is not allowed." + couldNot
	case license.CodeNotUserManaged:
		return "License management not supported", "User management of license {licenses} is not supported"
	case license.CodeInvalidAttendeeSite:
		return "Invalid site URL", "Request contains invalid attendee siteUrls: {siteUrl}"
	case license.CodeProfessionalWithStandard:
		return "License conflict", "User cannot have both Webex Calling Professional and Standard License together." + couldNot
	case license.CodeStandardWithAttendantConsole:
		return "License conflict", "User cannot have both Webex Calling Standard and Webex Attendant Console licenses together." + couldNot
	case license.CodeStandardWithCXEssential:
		return "License conflict", "User cannot have both Webex Calling Standard and CX Essential licenses together." + couldNot
	case license.CodeAttendantConsoleNeedsProfessional:
		return "License prerequisite missing", "User needs Webex Calling Professional license to be assigned before assigning Webex Attendant Console: {licenses}"
	case license.CodeCXEssentialToStandard:
		return "License downgrade not allowed", "Changing a user's license from CX Essential to Webex Calling Standard is not allowed." + couldNot
	case license.CodeNeedsPlacement:
		return "License properties missing", "Each Webex Calling license should contain its own calling properties. The following license(s) do not have properties: {licenses}"
	case license.CodeExclusiveFamily:
		return "License conflict", "Could not apply the following license(s): {licenses} as the user can be assigned only one of licenses with the offer code from the list:"
	case license.CodeAdvancedMessagingNeedsBasic:
		return "License prerequisite missing", "Free teams messaging mandatory for paid teams messaging license. The following license could not be applied as requested: {licenses}"
	case license.CodeAdvancedSpaceMeetingsNeedsBasic:
		return "License prerequisite missing", "Free teams meeting mandatory for paid teams meeting license. The following license could not be applied as requested: {licenses}"
	case license.CodeSpaceMeetingsNeedsMessaging:
		return "License prerequisite missing", "Free teams messaging mandatory for teams meeting license." + couldNot
	case license.CodeImpliedRemoval:
		return "License removal not allowed", "{licenses} is implicitly assigned and cannot be removed"
	}
	return "License assignment failed", ""
}
