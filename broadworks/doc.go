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
// client features (BW-25..BW-31): see billing.go.
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
// [Cloud.SignInID] (BW-15). Meetings and calls: [Cloud.Assistant],
// [CheckCaptions], [CheckTranscripts], [Cloud.CheckMeetingContent] (BW-22),
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
//   - A deleted person's engine user stays as a tombstone with no licenses;
//     re-provisioning that e-mail in the org reuses it.
//   - Cluster interface validation failures are ErrInterfaceValidation; a
//     cipher is an IANA name when it is TLS_ and upper-case letters, digits
//     and underscores. The 50 customers of BW-20 are the distinct orgs of
//     live subscribers provisioned through the cluster's templates.
//   - [Partner.Template] returns blank password fields, so saving it back
//     keeps the stored password; [Partner.AccountMatches] checks it. A
//     pre-fill change re-saved before it takes effect keeps its original
//     7 h deadline.
//   - A template is in use while a live subscriber was provisioned through
//     it.
//   - Detach (BW-16): "its only subscription" means no other active paid
//     subscription; with one, the partner keeps its role and the customer.
//   - Not modelled: the org's authentication settings (BW-13), customer
//     admins adding wholesale users with the mode off (BW-24), the time
//     deletions take (BW-19), the hybrid case beyond its flag (BW-16).
//   - Billing history: one entry per UTC day (a later change the same day
//     replaces the earlier); it starts when the subscriber first reaches
//     provisioned, which is also its provisioning and activation day.
package broadworks
