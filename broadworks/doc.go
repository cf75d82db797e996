// Package broadworks models Webex for Cisco BroadWorks (SPEC section 5): a
// partner's BroadWorks clusters and customer templates, its enterprises and
// their subscribers, the customer orgs they are provisioned into, and the
// consumer accounts that can move in.
//
// A [Cloud] holds everything. Each method is one event — an admin action, a
// BroadWorks provisioning step, a user's click, a background task
// completing — and is all-or-nothing: it validates the whole request first
// and returns a typed error (an [*Error] wrapping an exported sentinel such
// as [ErrWholesaleCustomer]) with the whole model, recorded notifications
// included, unchanged. Time is a parameter (now time.Time); IDs (org IDs,
// person IDs, subscriber IDs) and the BW-17 personal-room delay come from a
// source seeded by [Config.Seed]; nothing depends on map order.
//
// Licenses go through package assignment: each org has an engine org with
// the Webex for BroadWorks subscription, and a subscriber's [Package] maps to
// a set of license kinds ([Cloud.PackageLicenses]) granted, changed or
// removed as explained engine plans, kept per org ([Cloud.LicenseChanges]).
//
// Rules implemented: BW-1..BW-24 and BW-32..BW-34, INV-8
// ([Cloud.CheckInvariants]), LIC-12 (welcome e-mails of provisioned persons)
// and LIC-14 (customer admins of a restricted org cannot change licenses).
// Billing, analytics, release control, certificates, versions, overage and
// client features (BW-25..BW-31) are below.
//
// LIC-14 is decided by the org's engine: a customer's license change — a
// package change ([Cloud.UpdateSubscriber]) or an edit of a person's
// services ([Cloud.ChangeLicenses]) — maps the [Actor] to an
// [assignment.Actor] (partner or customer; full and sales full admins →
// full admin; provisioning and user admins → user admin; read-only;
// external partner admins → full admin) and asks [assignment.Org.Authorize],
// whose restricted-by-partner setting follows Org.Restricted (on for a
// created org, off for an attached one, switched by [Cloud.SetRestricted]).
// Its refusals come back as ErrRestrictedByPartner or ErrForbidden with the
// engine's [*assignment.ActorError] in the chain; an actor who does not
// administer the org is ErrForbidden before the engine is asked. Settings
// that are not licenses keep this package's BW-24 table ([RestrictionOf],
// [Cloud.AccessOf]); the engine work of provisioning, removal and set-up is
// unchecked ([assignment.Org.Plan]): those methods checked their actor.
//
// The stories under testdata/scenarios (scenario_test.go) walk provisioning,
// BW-33, detaching, removal, deletion and restricted mode step by step.
//
// # Provisioning
//
// [Cloud.Provision] (the API and flow-through), [Cloud.SelfActivate],
// [Cloud.EnterEmail], [Cloud.JoinNow], [Cloud.Consent], [Cloud.Complete],
// [Cloud.Fail], [Cloud.Retry] and [Cloud.RetryActivation] move a
// [Subscriber] through the BW-32 table ([Transitions], [Next]); any other
// event is ErrInvalidTransition. Provisioning returns at once (BW-4):
// completion and failure are separate calls a simulator schedules.
//
// BW-33 runs when the subscriber's e-mail is known (the call in trusted
// mode, "Join now" otherwise) and again when the task completes, on the
// state then: creation, attachment and 2017 take effect at completion, and
// the mapping is recorded when the creating or attaching subscriber reaches
// provisioned.
//
// # Partners, orgs and access
//
// [Cloud.AddPartner], [Cloud.SaveCluster] and [Cloud.DeleteCluster] (BW-20),
// [Cloud.SaveTemplate] and [Cloud.DeleteTemplate] (BW-21),
// [Cloud.AddEnterprise]. Existing customer orgs and consumer accounts are
// set up with [Cloud.AddOrg], [Cloud.AddPersons] and [Cloud.AddAccount];
// customer admins approve partner admins with [Cloud.AddExternalAdmin]
// (BW-14). Every admin action takes an [Actor]; [Cloud.AccessOf] and
// [Cloud.CheckAccess] answer the BW-24 table ([RestrictionOf]).
//
// Removal and clean-up: [Cloud.RemoveSubscriber], [Cloud.DeletePerson]
// (BW-18), [Cloud.DisableDirSync], [Cloud.DeleteOrg] (BW-19),
// [Cloud.Detach] (BW-16). Identity: [Cloud.UpdateSubscriber],
// [Cloud.SetEmailID], [Cloud.SetPersonEmail], [Cloud.Mismatch],
// [Cloud.SignInID] (BW-15), [Cloud.SetAuthentication] (BW-13). Licenses:
// [Cloud.ChangeLicenses] (LIC-14). Meetings and calls:
// [Cloud.CheckSiteContent] (BW-17), [Cloud.Assistant], [CheckCaptions],
// [CheckTranscripts], [Cloud.CheckMeetingContent] (BW-22),
// [Cloud.CheckCall] (BW-23). Billing reads [Partner.BillingSubscribers].
//
// # Decisions where the SPEC is silent
//
//   - A package maps to kinds: Softphone the free kinds (Basic Messaging,
//     Basic Space Meetings, Call on Webex), Basic adds Basic Meetings,
//     Standard and Premium add Advanced Messaging, Advanced Space Meetings
//     and the host role on their own meeting site ([Config.StandardSite],
//     [Config.PremiumSite]). Units come from the org's Webex for BroadWorks
//     subscription, which has 2^30 of each (overage never blocks, BW-30).
//   - Removing a subscriber (BW-18) removes the package's paid kinds and
//     keeps free ones; licenses an attached person held before stay.
//   - A package change through the API applies its licenses at the call and
//     puts the subscriber in updating; Complete ends the update.
//   - Complete re-runs BW-33 on the current state: a refusal found then ends
//     the subscriber in error (code 0, the refusal's text); while another
//     subscriber of the enterprise is creating or attaching the org,
//     Complete is refused with ErrWaitingForOrg (no change), so the
//     simulator retries it later.
//   - A partner's and an enterprise's name may be empty (no name); one
//     given must be visible text, as a customer name must (no blank,
//     padded or invisible names), else ErrInvalidInput with the reason in
//     Error.Detail.
//   - Enterprises must be added (AddEnterprise) before provisioning; their
//     wholesale and trial flags are set there.
//   - The API needs a partner full, sales full or provisioning admin of the
//     partner; flow-through and self-activation come from BroadWorks or the
//     user and take no actor; a zero Actor removing a subscriber is
//     BroadWorks removing Integrated IM&P.
//   - Retry and the BW-7 actions do not model the user's own "Retry" in the
//     portal that the source puts first.
//   - A provisioning (in-flight) subscriber shows as pending (BW-7); it can
//     be deleted as pending; retry activation on it is ErrInvalidTransition
//     (not in the table).
//   - "Refused" rows of BW-24 block writing but not reading; "hidden" rows
//     block both. User-management settings (the Users view and deleting
//     users) need a full or user admin, org settings a full admin.
//   - The welcome e-mail goes to a new or moved person of a provisioned
//     subscriber unless the org suppresses e-mails; a person linked on
//     attachment or joining gets none.
//   - A deleted person is deleted from the org's engine (its licenses,
//     groups and e-mail go); re-provisioning that e-mail makes a new user.
//   - Cluster interface validation failures are ErrInterfaceValidation; a
//     cipher is an IANA name when it is TLS_ and upper-case letters, digits
//     and underscores. The 50 customers of BW-20 are the distinct orgs of
//     live subscribers provisioned through the cluster's templates.
//   - [Partner.Template] returns the settings as last saved, so saving them
//     back changes nothing: blank password fields keep the stored password
//     ([Partner.AccountMatches] checks it), and PrefillEmail is the value
//     last saved — the pending one while a pre-fill change has not taken
//     effect — so an edit of another field keeps the pending change with
//     its original 7 h deadline. [Partner.Prefill] reports what is in
//     effect at a time and when a pending change lands. Saving the value in
//     effect while a change is pending cancels the change.
//   - A template is in use while a live subscriber was provisioned through
//     it.
//   - Detach (BW-16): "its only subscription" means no other active paid
//     subscription; with one, the partner keeps its role and the customer.
//   - Authentication (BW-13) is one setting, Webex, BroadWorks or SSO
//     sign-in: a created org takes the template's
//     (TemplateSettings.Authentication), an attached org keeps its own; it
//     is an org setting, read-only to customer admins in restricted mode.
//   - "Customer admins can add wholesale users" with the mode off (BW-24):
//     persons a customer admin adds ([Cloud.AddPersons]) to the org of a
//     wholesale enterprise; BW-3 refuses only the partner's API.
//   - The old site of a package move (BW-17): Org.MeetingSites keeps every
//     site the org's persons were given; the org's customer full admins are
//     its site admins and reach each of them ([Cloud.CheckSiteContent]);
//     other persons reach the sites they show.
//   - The engine knows a person by the e-mail it was added with; after
//     [Cloud.SetPersonEmail] that old e-mail still names the person there,
//     so joining the org with it as a new person is refused (ErrExists).
//   - Not modelled: the time deletions take (BW-19), the hybrid case beyond
//     its flag (BW-16).
//   - Billing history: one entry per UTC day (a later change the same day
//     replaces the earlier); it starts when the subscriber first reaches
//     provisioned, which is also its provisioning and activation day.
//
// # Billing (BW-25)
//
// [BillingReports] stores at most one report per partner and calendar
// month; create and delete need a partner full admin or partner sales full
// admin of that partner, list and get also a partner read-only admin
// (ErrForbidden otherwise). A report is generated at creation from the
// partner's [BillingSubscriber] histories ([Partner.BillingSubscribers]) by
// [BillMonth]: one [LineItem] per segment (a maximal run of days with one
// package and user ID, never merged across a gap), dates inclusive, a
// change on day d billing d to the new segment, the removal day unbilled.
// The quantity is days ÷ days in the month, exact ([Quantity.Rat]); CSV
// prints it with four decimals, half-even. Decisions: each
// PackageChange.Day counts as its UTC date and the last change of a day
// holds it; the current month is billed up to now's UTC date, later months
// are refused (ErrFuturePeriod); "activated" is yes when ActivatedOn is set
// and on or before the month's last day; rows are ordered by SP enterprise
// ID, subscriber ID and start; text cells a spreadsheet would evaluate get a
// leading apostrophe.
//
// # Analytics, release control, certificates, versions (BW-26..BW-29)
//
// [NewAnalytics] replays [AnalyticsEvent] snapshots (a subscriber's
// customer, package and whether it counts, i.e. is provisioned or
// updating; the latest snapshot of a subscriber wins, equal times in input
// order) into totals per package, per-customer counts, and trends per UTC
// day, ISO week or calendar month, each point the value after every event
// before the bucket's end.
//
// [ReleaseControl]: orgs follow the automatic monthly upgrade unless
// assigned a schedule deferred by 0..MaxDeferralDays whole days; a cascade
// assigns a schedule to the orgs the partner manages at that moment, and
// the last cascade or per-org assignment wins. Role checks are the
// caller's.
//
// Certificates are values: an XSP interface starts with a self-signed
// certificate valid one calendar year (AddDate(1,0,0)); Validate fails on a
// self-signed, expired or not yet valid certificate; Warning reports
// ExpirySoon 30 and ExpiryVerySoon 7 calendar days before NotAfter;
// [ConnectionTest] (mTLS) fails on every XSP without the Webex trust chain
// or with a failing interface certificate.
//
// [ParseVersion] accepts "R24", "r24", "R24.1", "24.0", "24" (major
// 1..999, minor 0..999, nothing else); [VersionSupported] is
// current−2 ≤ major ≤ current (N-2).
//
// # Overage and client features (BW-30, BW-31)
//
// Overage is a warning only: [LicenseUsage.Overage] is true exactly while
// Used > Allowed; nothing is blocked, and BroadWorks package subscriptions
// are exempt from INV-2.
//
// The BLF and call pickup prerequisite table is data ([BLFPrerequisites],
// by major release and Xsi host); [ClientSetup.MissingBLF] lists every
// missing item, ErrUnknownRelease for a release without a row. "Or newer"
// accepts the same Xsi archive (name before the first "_") with a higher
// numeric version. Decision: versions compare part by part ("." and "_"
// separate parts) and by value, so an archive whose version is written
// with other leading zeros ("2022.1" for "2022.01") is the required one; a
// version with a part that is no number matches only by its exact name.
// Auto-answer with tone judges each shared call
// appearance on its own (no SCA: the condition holds).
// [WatchListPresence] encodes the watch-list presence rules; the offline,
// reconnect and hold limits apply to non-Webex members (CI users without
// cloud entitlement, workspaces), as in the source.
package broadworks
