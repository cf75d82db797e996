// Package webexapi models the JSON shapes of the public Webex REST API that
// admins already have, and maps them to the library: the Licenses API (GET
// /licenses and /licenses/{licenseId}), the People API (GET /people, POST
// /people), license assignment (PATCH /licenses/users, with its 206 and error
// bodies), the Numbers API (GET /telephony/config/numbers) and the Locations
// APIs (GET /locations, GET /telephony/config/locations). Field names are the
// API reference's; only the fields the model uses are read, and unknown
// fields are ignored.
//
// It implements the API side of LIC-6 (license IDs, opaque ones resolved by
// the Licenses API's names), LIC-7 (a PATCH is one user-level request,
// validated as a whole, all or nothing), LIC-13 (the API's error codes and
// HTTP 206 for a user outside the org) and CAL-1 (calling properties).
//
// # Decoding
//
// Every decoder uses encoding/json on exactly one JSON value, of UTF-8 text
// (a payload that is not UTF-8 is refused, not read with its bad bytes
// replaced): a value of the wrong type is a *DecodeError naming the field
// (from *json.UnmarshalTypeError, with the indices that encoding/json
// leaves out found in the payload: "items[3].totalUnits", the same under
// GOEXPERIMENT=jsonv2), a value the model refuses (a malformed
// license ID, a bad e-mail, a number that is not E.164, a work number with
// a control or invisible character) is a *DecodeError naming the item, and either matches ErrPayload. A payload that does not
// decode applies nothing. Decoders never panic (fuzz tests).
//
// # Licenses
//
// ExportLicenses writes an org's licenses (Org.Usage, LIC-8) with the org's
// license IDs; DecodeLicenses reads a Licenses list into a LicenseView, which
// maps each item to a catalog kind (license.Catalog.KindOfID: a coded ID by
// its code, an opaque one by its name) and subscription, and resolves the
// license IDs of People and PATCH payloads.
//
// # People
//
// ExportPeople writes an org's users (Org.Users); LicenseView.DecodePeople
// and DecodePerson read people as assignment.NewUser values for
// directory-sync style creation, with their work number (phone number of
// type "work"), by which a Webex Calling template places a synced user
// (CAL-2).
//
// # License assignment
//
// Assign decodes a PATCH /licenses/users body and applies it as one
// assignment.ModifyLicenses with license IDs (LIC-7), answering with the
// API's response or error body (Answer).
//
// # Numbers and locations
//
// LoadInventory builds a calling.Inventory from the Locations, Webex Calling
// locations and Numbers lists; ExportLocations and ExportNumbers write them
// back.
//
// # Decisions where the SPEC and the reference are silent
//
//   - The API reference's examples write license IDs with no org and no code;
//     such opaque IDs are resolved through a LicenseView, whose Licenses list
//     names them. The engine's Org.ResolveLicenseID knows only the org's own
//     coded IDs, so Assign hands it the org's ID of the resolved kind and
//     subscription.
//   - Free kinds with a license ID are listed with no subscription and zero
//     units: they consume none (LIC-1). A kind without a code (the attendee
//     role) is no license: People list it as "site#attendee".
//   - Meeting sites are all "Control Hub managed site".
//   - Site URLs are host names, so case-insensitive (RFC 4343): a PATCH
//     siteUrl, a People "site#role" and a Licenses siteUrl name the
//     catalog's site equal to them but for the case of ASCII letters
//     (license.Catalog.Site). Answers and exports write the catalog's
//     spelling; a LicenseEntry keeps the payload's. Other characters are
//     compared exactly: a look-alike letter is another site.
//   - People: a user who has not signed in (ASG-18) is exported with status
//     "pending" and invitePending true, others with status "unknown" (the
//     model has no presence); loginEnabled is always true. Decoding gives
//     Inactive for "pending" or an invite pending, else Active: an
//     UnverifiedDomain user comes back Inactive (both hold their licenses as
//     pending). invitePending and loginEnabled are read as JSON booleans or
//     the strings "true"/"false" (the reference types them as strings) and
//     written as booleans.
//   - People: where a user holding Webex Calling is placed now
//     (assignment.Org.Placement: the placer's placement, not only the one
//     given at creation) is written as the primary "work" phone number,
//     extension and locationId; the user's work number as a "work" phone
//     number that is not primary, also when it is the calling number: the
//     reference has one "work" type for both, and the work number and the
//     calling number are different facts (CAL-7), so the primary flag tells
//     them apart. Decoding reads them back the same way: the primary "work"
//     number of a person holding a Webex Calling license is their calling
//     number (CAL-1), not a work number; their work number is the first
//     "work" number that is not primary, which is also the placement's
//     number when they have neither a primary one nor an extension; with
//     no number or extension at all they have no placement (a locationId
//     alone is none), so that creating them with Webex Calling is 400411
//     for that user and license (CAL-4). A person
//     without Webex Calling has no calling number: their work number is the
//     first "work" number that is not primary, else the primary one. So the
//     People round trip keeps a work number only, a placement only, both,
//     and neither exactly; a payload of the reference's shape that lists a
//     Webex Calling user's number only as primary gives them no work number.
//   - People: license IDs and sites the view does not resolve are listed in
//     NewPerson.Unknown, not an error (real orgs hold many more kinds,
//     LIC-6); a malformed license ID is an error.
//   - PATCH: a license not recognized is answered 400000 before the user is
//     looked up; an explicit remove is the CAL-9 acknowledgement; properties
//     are checked (CAL-1, 400411 for an extension without a location) and
//     go to the engine with the license operation: with a calling placer
//     attached (calling.Attach) the user is placed there, else the user
//     needs a placement given at creation (400411). A Webex Calling add
//     without properties is accepted only for a user who already has Webex
//     Calling. The library never gives 206 for a partial success (LIC-7);
//     a missing unit is an error without code ("NoUnitAvailable"). orgId
//     may be left out, or be the org's model ID or API ID (OrgID), the
//     latter in any base64 spelling, URL-safe or standard, padded or not,
//     as license IDs are read (LIC-6): the Identity Organization reference
//     tells clients to build it with any base64 tool, which pads. Its
//     region ("us") and the org's ID are compared exactly. A personId is
//     the export's PersonID, in any base64 spelling as orgId, found by a
//     scan of the users' e-mails ([assignment.Org.Emails]) that derives
//     each one's UUID without allocating: about 13 ms a request at 100k
//     users here (BenchmarkAssignByPersonID).
//   - PATCH with both an email and a personId: the reference needs one
//     and says nothing of the two disagreeing. A personId that is not the
//     e-mail's person is refused with 400 "Invalid request" naming both
//     (PersonMismatchError, matching ErrPersonMismatch), nothing applied,
//     when the e-mail is a user of the org or the personId is; for a
//     person outside the org whose personId names no user of the org the
//     personId is their own org's, which cannot be checked, and the
//     request is answered as for the e-mail (206).
//   - Numbers: calling.Inventory has no iterator over its numbers, so
//     ExportNumbers writes what LoadInventory recorded in a Contents.
package webexapi
