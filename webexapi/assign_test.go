package webexapi

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// patch builds a PATCH /licenses/users body.
func patch(who string, ops ...string) string {
	return fmt.Sprintf(`{%s,"licenses":[%s]}`, who, strings.Join(ops, ","))
}

func email(e string) string { return `"email":"` + e + `"` }

func add(id string) string    { return `{"id":"` + id + `","operation":"add"}` }
func remove(id string) string { return `{"id":"` + id + `","operation":"remove"}` }

// orgState renders everything a request could change.
func orgState(o *assignment.Org) string {
	var b strings.Builder
	fmt.Fprintln(&b, o.Version())
	for u := range o.Users() {
		fmt.Fprintln(&b, o.Summary(u.ID))
		for _, h := range u.Holdings {
			fmt.Fprintln(&b, h.Kind, h.Subscription)
		}
	}
	return b.String()
}

// codes returns the error codes of an answer.
func codes(a *Answer) []int {
	if a.Error == nil {
		return nil
	}
	out := []int{}
	for _, e := range a.Error.Errors {
		out = append(out, e.ErrorCode)
	}
	return out
}

// TestAssign answers PATCH /licenses/users requests: each is one user-level
// request (LIC-7) with the error codes of LIC-13, and a rejected one leaves
// the org exactly as it was.
func TestAssign(t *testing.T) { // LIC-7 LIC-13
	otherSite := `{"siteUrl":"other.webex.com","accountType":"attendee"}`
	tests := []struct {
		name    string
		body    string
		status  int
		codes   []int
		message string
	}{
		{"add two licenses by opaque ID", patch(email("eve@acme.com"), add(idBasicMsg), `{"id":"`+idAdvMsgB+`"}`), 200, nil, ""},
		{"remove Webex Calling", patch(email("bob@acme.com"), remove(idCallingPro)), 200, nil, ""},
		{"by personId", patch(`"personId":"`+PersonID(testOrgID, "eve@acme.com")+`"`, add(idBasicMsg)), 200, nil, ""},
		{"the org's coded ID, standard padded spelling", patch(email("EVE@acme.com"), add(padded(codedID(t, license.BasicMessaging, "")))), 200, nil, ""},
		{"attendee role", `{"email":"eve@acme.com","licenses":[` + add(idBasicMsg) + `],"siteUrls":[{"siteUrl":"acme.webex.com","accountType":"attendee"}]}`, 200, nil, ""},
		{"LIC-3 700003", patch(email("eve@acme.com"), add(idAdvMsgA)), 400, []int{700003}, "License prerequisite missing"},
		{"LIC-7 every violation, in order", patch(email("eve@acme.com"), add(idAdvSpaceMeet), add(idAdvMsgA)), 400, []int{700003, 700005, 700004}, "License prerequisite missing"},
		{"LIC-5 700006", patch(email("ann@acme.com"), remove(codedID(t, license.BasicSpaceMeetings, ""))), 400, []int{700006}, "License removal not allowed"},
		{"400404 Professional with Standard", patch(email("bob@acme.com"), add(idCallingStd)), 400, []int{400404}, "License conflict"},
		{"400112 Professional to Standard", patch(email("bob@acme.com"), remove(idCallingPro), add(idCallingStd)), 400, []int{400112}, "License assignment failed"},
		{"400408 Attendant Console without Professional", patch(email("ann@acme.com"), add(codedID(t, license.AttendantConsole, "sub-a"))), 400, []int{400408}, "License prerequisite missing"},
		{"400413 one kind from two subscriptions", patch(email("eve@acme.com"), add(idBasicMsg), add(idAdvMsgA), add(idAdvMsgB)), 400, []int{400413}, "License conflict"},
		{"400000 a kind the catalog does not know", patch(email("ann@acme.com"), add(idHybrid)), 400, []int{400000}, "License not recognized"},
		{"400000 an opaque ID the Licenses list does not have", patch(email("ann@acme.com"), add(license.ID{UUID: "nope"}.String())), 400, []int{400000}, "License not recognized"},
		{"400000 a malformed ID", patch(email("ann@acme.com"), add("%%%")), 400, []int{400000}, "License not recognized"},
		{"400000 another org's ID", patch(email("ann@acme.com"), add(license.ID{Org: "other", Code: "FMS", UUID: "u"}.String())), 400, []int{400000}, "License not recognized"},
		{"400216 attendee on an unknown site", `{"email":"ann@acme.com","siteUrls":[` + otherSite + `]}`, 400, []int{400216}, "Invalid site URL"},
		{"400216 host account type", `{"email":"eve@acme.com","siteUrls":[{"siteUrl":"acme.webex.com","accountType":"host"}]}`, 400, []int{400216}, "Invalid site URL"},
		{"400413 attendee where the user hosts", `{"email":"ann@acme.com","siteUrls":[{"siteUrl":"acme.webex.com","accountType":"attendee"}]}`, 400, []int{400413}, "License conflict"},
		{"400411 extension without a location", patch(email("eve@acme.com"), `{"id":"`+idCallingPro+`","properties":{"extension":"200"}}`), 400, []int{400411}, "License properties missing"},
		{"400411 calling without a placement", patch(email("eve@acme.com"), add(idCallingPro)), 400, []int{400411}, "License properties missing"},
		{"206 for a user outside the org", patch(email("zed@example.com"), add(idBasicMsg)), 206, nil, ""},
		{"404 for an unknown personId", patch(`"personId":"`+PersonID(testOrgID, "zed@example.com")+`"`, add(idBasicMsg)), 404, []int{0}, "Person not found"},
		{"bad payload", `{"email":5}`, 400, []int{0}, "Invalid request body"},
		{"no user", `{"licenses":[]}`, 400, []int{0}, "Invalid request body"},
		{"bad operation", patch(email("ann@acme.com"), `{"id":"`+idBasicMsg+`","operation":"replace"}`), 400, []int{0}, "Invalid request body"},
		{"another org", `{"email":"ann@acme.com","orgId":"` + OrgID("other") + `"}`, 400, []int{0}, "Invalid organization"},
		{"orgId as the API writes it", patch(email("eve@acme.com")+`,"orgId":"`+OrgID(testOrgID)+`"`, add(idBasicMsg)), 200, nil, ""},
		{"orgId as the model's ID", patch(email("eve@acme.com")+`,"orgId":"`+testOrgID+`"`, add(idBasicMsg)), 200, nil, ""},
		{"orgId in standard padded base64", patch(email("eve@acme.com")+`,"orgId":"`+stdOrgID(testOrgID)+`"`, add(idBasicMsg)), 200, nil, ""},
		{"another org in standard padded base64", patch(email("eve@acme.com")+`,"orgId":"`+stdOrgID("other")+`"`, add(idBasicMsg)), 400, []int{0}, "Invalid organization"},
		{"orgId with a line break", patch(email("eve@acme.com")+`,"orgId":"`+OrgID(testOrgID)[:40]+`\n`+OrgID(testOrgID)[40:]+`"`, add(idBasicMsg)), 400, []int{0}, "Invalid organization"},
		{"orgId with bad padding", patch(email("eve@acme.com")+`,"orgId":"`+OrgID(testOrgID)+`=="`, add(idBasicMsg)), 400, []int{0}, "Invalid organization"},
		{"invalid e-mail", patch(email("ann@acme.com\u200b"), add(idBasicMsg)), 400, []int{0}, "Invalid request"},
		{"email and personId of one user", patch(email("EVE@acme.com")+`,"personId":"`+PersonID(testOrgID, "eve@acme.com")+`"`, add(idBasicMsg)), 200, nil, ""},
		{"email and personId of two users", patch(email("eve@acme.com")+`,"personId":"`+PersonID(testOrgID, "ann@acme.com")+`"`, add(idBasicMsg)), 400, []int{0}, "Invalid request"},
		{"email outside the org, personId of a user", patch(email("zed@example.com")+`,"personId":"`+PersonID(testOrgID, "eve@acme.com")+`"`, add(idBasicMsg)), 400, []int{0}, "Invalid request"},
		{"email of a user, personId of nobody", patch(email("eve@acme.com")+`,"personId":"`+PersonID(testOrgID, "zed@example.com")+`"`, add(idBasicMsg)), 400, []int{0}, "Invalid request"},
		{"404 for a person's bare UUID as personId", patch(`"personId":"`+base64.RawURLEncoding.EncodeToString([]byte(license.DeriveUUID(testOrgID, "PEOPLE", "eve@acme.com")))+`"`, add(idBasicMsg)), 404, []int{0}, "Person not found"},
		{"404 for a person's UUID as another resource's", patch(`"personId":"`+base64.RawURLEncoding.EncodeToString([]byte("ciscospark://us/ROOM/"+license.DeriveUUID(testOrgID, "PEOPLE", "eve@acme.com")))+`"`, add(idBasicMsg)), 404, []int{0}, "Person not found"},
		{"personId in padded standard base64", patch(`"personId":"`+stdPersonID(testOrgID, "eve@acme.com")+`"`, add(idBasicMsg)), 200, nil, ""},
		{"email and personId in padded standard base64", patch(email("eve@acme.com")+`,"personId":"`+stdPersonID(testOrgID, "eve@acme.com")+`"`, add(idBasicMsg)), 200, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := testOrg(t)
			before := orgState(o)
			a := Assign(o, testView(t), []byte(tt.body), "NA_test")
			if a.Status != tt.status || !cmp.Equal(codes(a), tt.codes) {
				t.Fatalf("status %d, codes %v (%v); want %d, %v", a.Status, codes(a), a.Err, tt.status, tt.codes)
			}
			if tt.status == 200 {
				if a.Plan == nil || !strings.HasPrefix(a.Plan.Action, "modify licenses of ") {
					t.Errorf("not applied as one ModifyLicenses: %+v", a.Plan)
				}
				return
			}
			if after := orgState(o); after != before {
				t.Errorf("a rejected request changed the org:\n%s\nbecame\n%s", before, after)
			}
			if a.Plan != nil {
				t.Errorf("a rejected request has a plan")
			}
			if tt.status != 206 && (a.Error.Message != tt.message || a.Error.TrackingID != "NA_test" || a.Err == nil) {
				t.Errorf("error body %+v (%v), want message %q", a.Error, a.Err, tt.message)
			}
		})
	}
}

// stdOrgID is the API's ID of an org in the standard, padded base64 an
// online tool gives, as the reference tells clients to build it.
func stdOrgID(org string) string {
	return base64.StdEncoding.EncodeToString([]byte("ciscospark://us/ORGANIZATION/" + org))
}

// stdPersonID is PersonID in the standard, padded base64.
func stdPersonID(org, email string) string {
	uri, err := base64.RawURLEncoding.DecodeString(PersonID(org, email))
	if err != nil {
		panic(err)
	}
	return base64.StdEncoding.EncodeToString(uri)
}

// codedID is the org's own license ID of a kind on a subscription.
func codedID(t testing.TB, k license.Kind, sub string) string {
	t.Helper()
	id, err := testOrg(t).LicenseID(k, sub)
	if err != nil {
		t.Fatal(err)
	}
	return id.String()
}

// TestAssignResponse checks a 200 body against its golden file: the
// licenses by the IDs the Licenses list gives them, the unit from the
// subscription the opaque ID names (LIC-8), implied Basic Space Meetings
// added (LIC-5).
func TestAssignResponse(t *testing.T) { // LIC-6 LIC-7
	o := testOrg(t)
	a := Assign(o, testView(t), []byte(`{"email":"eve@acme.com","licenses":[`+add(idBasicMsg)+`,`+add(idAdvMsgB)+
		`],"siteUrls":[{"siteUrl":"acme.webex.com","accountType":"attendee","operation":"add"}]}`), "")
	if a.Status != 200 {
		t.Fatalf("%d %v", a.Status, a.Err)
	}
	golden(t, "assign_200.golden.json", a.Response)
	if sub, _ := o.SubscriptionOf(4, license.AdvancedMessaging); sub != "sub-b" {
		t.Errorf("unit from %q, want sub-b", sub)
	}
	if !o.Held(4).Has(license.BasicSpaceMeetings) {
		t.Error("Basic Space Meetings not implied")
	}
}

// TestAssignOutsideOrg answers the reference's request for a user outside
// the org with HTTP 206, every requested license and site pending, nothing
// applied (LIC-13).
func TestAssignOutsideOrg(t *testing.T) { // LIC-13
	o := testOrg(t)
	before := orgState(o)
	a := Assign(o, testView(t), readFile(t, "assign_request.json"), "")
	if a.Status != 206 || !errors.Is(a.Err, assignment.ErrUnknownUser) {
		t.Fatalf("%d %v", a.Status, a.Err)
	}
	golden(t, "assign_206.golden.json", a.Response)
	if orgState(o) != before {
		t.Error("a 206 changed the org")
	}
	if want := []string{idCallingPro, idBasicMsg}; !cmp.Equal(a.Response.PendingLicenses, want) {
		t.Errorf("pending %v, want %v", a.Response.PendingLicenses, want)
	}
}

// TestAssignErrorBody checks a whole error body: every violation in LIC-7
// order, each with its LIC-13 code and the licenses as the request named
// them.
func TestAssignErrorBody(t *testing.T) { // LIC-7 LIC-13
	o := testOrg(t)
	a := Assign(o, testView(t), []byte(patch(email("eve@acme.com"), add(idAdvSpaceMeet), add(idAdvMsgA))), "NA_88b8b4ce")
	body, err := a.Body()
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	golden(t, "assign_400.golden.json", v)
	if !errors.Is(a.Err, license.CodeAdvancedMessagingNeedsBasic) || !errors.Is(a.Err, license.CodeAdvancedSpaceMeetingsNeedsBasic) {
		t.Errorf("error %v does not match its codes", a.Err)
	}
}

// TestAssignNoUnit checks that a missing unit rejects the whole request
// (LIC-7) with an error without code.
func TestAssignNoUnit(t *testing.T) { // LIC-7
	o := testOrg(t)
	v := testView(t)
	if a := Assign(o, v, []byte(patch(email("dee@acme.com"), add(idAdvMsgB))), ""); a.Status != 200 {
		t.Fatalf("%d %v", a.Status, a.Err)
	}
	before := orgState(o)
	a := Assign(o, v, []byte(patch(email("eve@acme.com"), add(idBasicMsg), add(idAdvMsgB))), "")
	if a.Status != 400 || !cmp.Equal(codes(a), []int{0}) || !strings.HasPrefix(a.Error.Errors[0].Description, "NoUnitAvailable") {
		t.Fatalf("%d %+v %v", a.Status, a.Error, a.Err)
	}
	if orgState(o) != before {
		t.Error("the rejected request changed the org")
	}
}

// TestAssignPlacement checks that calling properties are checked and
// handed back, not applied (CAL-1): the engine takes no placement in a
// user-level request yet.
func TestAssignPlacement(t *testing.T) {
	o := testOrg(t)
	if a := Assign(o, testView(t), []byte(patch(email("bob@acme.com"), remove(idCallingPro))), ""); a.Status != 200 {
		t.Fatalf("%d %v", a.Status, a.Err)
	}
	a := Assign(o, testView(t), []byte(patch(email("bob@acme.com"),
		`{"id":"`+idCallingPro+`","properties":{"phoneNumber":"+48221234568"}}`)), "")
	if a.Status != 200 {
		t.Fatalf("%d %v", a.Status, a.Err)
	}
	if want := (assignment.Placement{Number: "+48221234568"}); a.Placement != want {
		t.Errorf("placement %+v, want %+v", a.Placement, want)
	}
	if u, _ := o.UserByEmail("bob@acme.com"); u.Placement.Number != "+48221234567" {
		t.Errorf("the engine's placement changed: %+v", u.Placement)
	}
}

// TestAssignNil never panics on nil arguments.
func TestAssignNil(t *testing.T) {
	if a := Assign(nil, nil, []byte(`{}`), ""); a.Status != 400 || !errors.Is(a.Err, ErrNil) {
		t.Errorf("nil org: %+v", a)
	}
	if a := Assign(testOrg(t), nil, []byte(patch(email("eve@acme.com"), add(idBasicMsg))), ""); a.Status != 400 || codes(a)[0] != 400000 {
		t.Errorf("nil view, opaque ID: %+v", a)
	}
}

// A request whose email and personId name different users is refused,
// naming both, and changes neither user: applying it to either would
// change someone the other field does not name.
func TestAssignEmailAndPersonIDDisagree(t *testing.T) {
	o := testOrg(t)
	before := orgState(o)
	ann := PersonID(testOrgID, "ann@acme.com")
	a := Assign(o, testView(t), []byte(patch(email("eve@acme.com")+`,"personId":"`+ann+`"`, add(idBasicMsg))), "NA_t")
	var pe *PersonMismatchError
	if a.Status != 400 || !errors.As(a.Err, &pe) || !errors.Is(a.Err, ErrPersonMismatch) {
		t.Fatalf("status %d, error %v; want 400 and a PersonMismatchError", a.Status, a.Err)
	}
	if want := (PersonMismatchError{Email: "eve@acme.com", PersonID: ann, Owner: "ann@acme.com"}); *pe != want {
		t.Errorf("error %+v, want %+v", *pe, want)
	}
	if d := a.Error.Errors[0].Description; !strings.Contains(d, "eve@acme.com") || !strings.Contains(d, ann) || !strings.Contains(d, `personId is "ann@acme.com"`) {
		t.Errorf("description %q does not name the email, the personId and its owner", d)
	}
	if orgState(o) != before {
		t.Error("the refused request changed the org")
	}
	nobody := (&PersonMismatchError{Email: "eve@acme.com", PersonID: "x"}).Error()
	if !strings.HasSuffix(nobody, "(the personId is no user of the org)") {
		t.Errorf("a personId of nobody: %q", nobody)
	}
}

// DecodeAssign refuses a license with no id and an operation other than
// add or remove on a site URL with a *DecodeError of the license
// assignment payload naming the item's field; Assign answers such a body
// 400 "Invalid request body" with that error's text and changes nothing.
func TestDecodeAssignItemErrors(t *testing.T) {
	site := func(op string) string {
		return `{"siteUrl":"acme.webex.com","accountType":"attendee","operation":"` + op + `"}`
	}
	for _, tt := range []struct {
		name, body, field, text string
	}{
		{"license without id", patch(email("eve@acme.com"), add(idBasicMsg), `{"operation":"add"}`),
			"licenses[1].id", "webexapi: bad license assignment payload: field licenses[1].id: missing license ID"},
		{"license with an empty id", patch(email("eve@acme.com"), `{"id":""}`),
			"licenses[0].id", "webexapi: bad license assignment payload: field licenses[0].id: missing license ID"},
		{"site URL operation", `{"email":"eve@acme.com","siteUrls":[` + site("add") + `,` + site("replace") + `]}`,
			"siteUrls[1].operation", `webexapi: bad license assignment payload: field siteUrls[1].operation: operation "replace" is neither add nor remove`},
		{"site URL operation is case-sensitive", `{"email":"eve@acme.com","siteUrls":[` + site("Remove") + `]}`,
			"siteUrls[0].operation", `webexapi: bad license assignment payload: field siteUrls[0].operation: operation "Remove" is neither add nor remove`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := DecodeAssign([]byte(tt.body))
			var de *DecodeError
			if r != nil || !errors.As(err, &de) || !errors.Is(err, ErrPayload) {
				t.Fatalf("DecodeAssign = %+v, %v; want a *DecodeError", r, err)
			}
			if de.Payload != "license assignment" || de.Field != tt.field || err.Error() != tt.text {
				t.Errorf("error %q (payload %q, field %q), want %q (license assignment, %q)", err, de.Payload, de.Field, tt.text, tt.field)
			}
			o := testOrg(t)
			before := orgState(o)
			a := Assign(o, testView(t), []byte(tt.body), "NA_t")
			want := &ErrorBody{Message: "Invalid request body", Errors: []ErrorDetail{{Description: tt.text}}, TrackingID: "NA_t"}
			if diff := cmp.Diff(want, a.Error); a.Status != 400 || diff != "" {
				t.Errorf("Assign: status %d, body (-want +got):\n%s", a.Status, diff)
			}
			if !errors.Is(a.Err, ErrPayload) || a.Plan != nil {
				t.Errorf("Assign: error %v, plan %v; want ErrPayload and no plan", a.Err, a.Plan)
			}
			if orgState(o) != before {
				t.Error("a refused request changed the org")
			}
		})
	}
}

// orgLicenseID is o's own license ID of kind k on subscription sub.
func orgLicenseID(t testing.TB, o *assignment.Org, k license.Kind, sub string) string {
	t.Helper()
	id, err := o.LicenseID(k, sub)
	if err != nil {
		t.Fatal(err)
	}
	return id.String()
}

// callingOrg is testOrg with a subscription sub-c of CX Essential and
// Webex Calling Standard, and two users placed at creation: sam, holding
// Webex Calling Standard, and cxe, holding CX Essential.
func callingOrg(t *testing.T) *assignment.Org {
	t.Helper()
	o := testOrg(t)
	do(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "sub-c",
		Units: map[license.Kind]int{license.CXEssential: 2, license.CallingStandard: 2}}})
	do(t, o, assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "sam@acme.com", Explicit: true, Licenses: []license.Kind{license.BasicMessaging, license.CallingStandard},
			Placement: assignment.Placement{Location: "loc-hq", Number: "+48221234590"}},
		{Email: "cxe@acme.com", Explicit: true, Licenses: []license.Kind{license.BasicMessaging, license.CXEssential},
			Placement: assignment.Placement{Location: "loc-hq", Number: "+48221234591"}},
	}})
	return o
}

// The Webex Calling conflicts of LIC-13 a PATCH meets are answered with
// the API reference's message and description for their codes, naming the
// licenses as the request named them (the others by their catalog name),
// and the request changes nothing: Standard with Attendant Console
// (400406, before the 400408 the same request breaks), Standard with CX
// Essential (400407), CX Essential to Standard (400410).
func TestAssignCallingConflicts(t *testing.T) { // LIC-13
	const couldNot = " The following license(s) could not be applied as requested: "
	o := callingOrg(t)
	attcon := orgLicenseID(t, o, license.AttendantConsole, "sub-a")
	cxe := orgLicenseID(t, o, license.CXEssential, "sub-c")
	for _, tt := range []struct {
		name string
		body string
		code license.Code
		want ErrorBody
	}{
		{"400406 Standard with Attendant Console", patch(email("sam@acme.com"), add(attcon)), license.CodeStandardWithAttendantConsole,
			ErrorBody{Message: "License conflict", Errors: []ErrorDetail{
				{ErrorCode: 400406, Description: "User cannot have both Webex Calling Standard and Webex Attendant Console licenses together." + couldNot + "Webex Calling Standard, " + attcon},
				{ErrorCode: 400408, Description: "User needs Webex Calling Professional license to be assigned before assigning Webex Attendant Console: " + attcon + ", Webex Calling Professional"},
			}}},
		{"400407 Standard with CX Essential", patch(email("sam@acme.com"), add(cxe)), license.CodeStandardWithCXEssential,
			ErrorBody{Message: "License conflict", Errors: []ErrorDetail{
				{ErrorCode: 400407, Description: "User cannot have both Webex Calling Standard and CX Essential licenses together." + couldNot + "Webex Calling Standard, " + cxe},
			}}},
		{"400410 CX Essential to Standard", patch(email("cxe@acme.com"), remove(cxe), add(idCallingStd)), license.CodeCXEssentialToStandard,
			ErrorBody{Message: "License downgrade not allowed", Errors: []ErrorDetail{
				{ErrorCode: 400410, Description: "Changing a user's license from CX Essential to Webex Calling Standard is not allowed." + couldNot + cxe + ", " + idCallingStd},
			}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := callingOrg(t)
			before := orgState(o)
			a := Assign(o, testView(t), []byte(tt.body), "NA_t")
			tt.want.TrackingID = "NA_t"
			if diff := cmp.Diff(&tt.want, a.Error); a.Status != 400 || diff != "" {
				t.Errorf("status %d (%v), body (-want +got):\n%s", a.Status, a.Err, diff)
			}
			if !errors.Is(a.Err, tt.code) || a.Plan != nil {
				t.Errorf("error %v, plan %v; want one matching %d and no plan", a.Err, a.Plan, tt.code)
			}
			if orgState(o) != before {
				t.Error("a refused request changed the org")
			}
		})
	}
}

// A violation of a caller's catalog rule carrying 400118 is answered with
// the API reference's text for that code, "License management not
// supported", naming the license as the request named it and the kind
// the rule names; the default catalog has no such rule.
func TestAssignNotUserManaged(t *testing.T) { // LIC-13
	b := license.DefaultBuilder()
	webexGo := b.AddKind(license.Info{Name: "Webex Go", Code: "WXGO", Category: license.Calling, Paid: true, ConsumesUnit: true})
	b.Require(webexGo, license.CallOnWebex, license.CodeNotUserManaged)
	cat, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	o := assignment.New(testOrgID, cat)
	do(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "sub-g", Units: map[license.Kind]int{webexGo: 1}}})
	do(t, o, assignment.AddUsers{Users: []assignment.NewUser{{Email: "ann@acme.com", Explicit: true, Licenses: []license.Kind{license.BasicMessaging}}}})
	before := orgState(o)
	id := orgLicenseID(t, o, webexGo, "sub-g")
	a := Assign(o, nil, []byte(patch(email("ann@acme.com"), add(id))), "NA_t")
	want := &ErrorBody{Message: "License management not supported", TrackingID: "NA_t", Errors: []ErrorDetail{
		{ErrorCode: 400118, Description: "User management of license " + id + ", Call on Webex is not supported"}}}
	if diff := cmp.Diff(want, a.Error); a.Status != 400 || diff != "" {
		t.Errorf("status %d (%v), body (-want +got):\n%s", a.Status, a.Err, diff)
	}
	if !errors.Is(a.Err, license.CodeNotUserManaged) || a.Plan != nil {
		t.Errorf("error %v, plan %v; want one matching 400118 and no plan", a.Err, a.Plan)
	}
	if orgState(o) != before {
		t.Error("a refused request changed the org")
	}
}
