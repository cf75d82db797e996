// Package calling models Webex Calling provisioning for one org: the
// calling inventory (locations, pre-provisioned numbers and their owners,
// extensions), the placement of users in it, their calling profiles, and
// users' work numbers. It implements the calling side of SPEC section 3:
// CAL-1 (Webex Calling needs a placement; 400411 and 400), CAL-2 and CAL-5
// (the work-number path), CAL-3 (the number checks, in order, with typed
// reasons), CAL-4 (manual placements), CAL-7 and CAL-8 (work numbers are
// separate from calling numbers; synced users are edited in the directory
// only), CAL-9 (removal destroys the profile, frees the number and
// extension at once, and lists what was lost), CAL-12 (a number has one
// owner, an extension is unique in its location, the first in order wins),
// and the inventory side of INV-4. "Webex Calling" is a license kind
// flagged needs placement in the engine's catalog (LIC-1); which kinds
// those are, and whether a user holds one, is the engine's business: here
// a user has Webex Calling exactly when they have a profile. Licenses, templates, units
// (NoUnitAvailable, ASG-19), acknowledgements and reports live in package
// assignment, which this package does not import.
//
// # Values
//
// An [E164] is a phone number in strict E.164 format, an 8-byte comparable
// value like netip.Addr: [ParseE164] accepts exactly ^\+[1-9][0-9]{1,14}$,
// with no normalising, and its [E164Error] says why a text is not one
// (empty, no leading '+', a non-digit at a byte offset, country code 0,
// too short, too long). An [OwnerType] is the Webex Numbers API's
// owner.type (PEOPLE, PLACE, HUNT_GROUP, ...); an [Owner] is a user
// ([UserKey]) or a service (type and ID). A [UserKey] is the
// assignment.UserID of the user.
//
// # The inventory
//
// An [Inventory] holds locations (enabled for calling or not, deleted or
// not), the numbers pre-provisioned in each (active or not, free or owned
// by one [Owner]), the extensions held per location, and one [Profile] per
// placed user. Numbers are kept in an open-addressing hash table of
// 16-byte records, looked up in constant time. Profiles are a slice
// indexed by UserKey: the fresh profile of a user placed by a number
// alone — what the work-number path gives — is implicit in 4 bytes (the
// number's record), any other is a 16-byte record of its own. The table
// is kept at most three quarters full, in any number of slots: at a
// million numbers, all placed, the inventory is about 29 live bytes a
// number (BenchmarkPlace1M, TestInventoryLiveBytes). Plan reads the table
// for a group of candidates at a time, so that the cache misses overlap:
// Plan and Apply of a million users take about 0.07 s on a shared 2-core
// machine (BenchmarkPlace1M). Every mutation ([Inventory.AddLocation],
// [Inventory.AddNumbers], [Inventory.SetLocationEnabled],
// [Inventory.DeleteLocation], [Inventory.AssignToService], [Inventory.Apply],
// [Inventory.Remove], ...) validates the whole request first and returns a
// typed error naming the input ([InputError], [PlacementError]) with the
// inventory unchanged. [Inventory.Violations] checks INV-4.
//
// # Placing users
//
// The work-number path (CAL-2, CAL-5, CAL-8): [Inventory.Plan] takes
// [Candidate] users in the order they were added and returns a [Batch]
// without changing anything: each user who passes CAL-3 is placed in the
// location of their work number, with that number and no extension; each
// who fails gets a [Failure] with the first [FailureReason] —
// NoWorkNumber, NotE164, NotPreProvisioned, LocationNotValid, NumberInUse
// with the owner — and the raw value; users who already have Webex
// Calling are skipped without a failure (CAL-5, CAL-7). When two
// candidates have one number, the first wins and the second's failure
// names the first (CAL-12). [Inventory.CheckWorkNumber] runs the checks
// for one number.
//
// The manual path (CAL-1, CAL-4): a [Placement] {location, number,
// extension} is checked by [Inventory.CheckPlacement], and many by
// [Inventory.PlanManual], which also checks them against each other and
// refuses them all for one bad placement.
//
// [Inventory.Apply] applies a batch to the inventory state it was planned
// on (else [ErrStaleBatch]): each user gets a fresh default profile and
// their number becomes owned by PEOPLE, the user. A call that changes
// nothing (no numbers or users given, a location set to what it is) leaves
// batches fresh.
//
// # Profiles and removal
//
// A profile is the placement, the [Voicemail] settings, whether a
// voicemail PIN is set, and the user's [CallSettings]. [Inventory.Destroys]
// lists, without a change, what [Inventory.Remove] destroys per user
// ([Destroyed]): placement, number, extension, voicemail settings, PIN and
// call settings; Remove frees the number and extension at once.
// Re-placing a user goes through the checks again and gives a fresh
// default profile (CAL-9).
//
// # Work numbers
//
// The work number is a profile attribute of the user, not part of the
// inventory: a [Directory] holds each user's raw work number and
// directory-synced flag. [Directory.SetWorkNumber] is always allowed for
// [SourceDirectory] and refused with a [WorkNumberError] for Control Hub
// or CSV on a synced user (CAL-8); [CheckWorkNumberEdit] is the same rule
// for a caller (the engine) that keeps the attribute itself. Nothing in
// the inventory reads or writes work numbers: they reach it only as
// [Candidate] values (CAL-7).
//
// # Decisions where the SPEC is silent
//
//   - An extension is 1 to 10 ASCII digits (Webex allows up to 10); leading
//     zeros count, so "0100" and "100" differ.
//   - Inactive numbers pass CAL-3: they are pre-provisioned, and a number
//     can be assigned before it is ported.
//   - A deleted location keeps its ID (it cannot be added again) and its
//     numbers, which then fail with LocationNotValid. A location where
//     users are placed can be neither disabled nor deleted
//     ([ErrLocationInUse]), so INV-4 holds. Services take numbers and
//     extensions only in locations enabled for calling.
//   - A manual placement whose location is deleted or not enabled is
//     400411 (a location enabled for calling is missing), like a missing
//     number and extension; an unknown location, a bad number (CAL-3 a–c,
//     or in another location) and a bad or taken extension are 400. The
//     number's checks come before its location's match with the given one.
//   - A fresh profile has voicemail on after 3 rings and when busy, no
//     e-mail copy, no PIN, call waiting on, do-not-disturb and caller-ID
//     blocking off. Rings are 2 to 20; a PIN is 6 to 30 digits and only
//     whether one is set is kept.
//   - A user key above [MaxUserKey] (2^24-1) is refused: per-user data is a
//     slice indexed by the key.
//   - Plan refuses a candidate list naming a user twice; Failure.Synced
//     tells where the work number is fixed ([Failure.FixIn], CAL-8).
//   - CAL-6's "each governed user" is read as: governed now by a live
//     template that grants a Webex Calling kind — the org template governs
//     every user not deleted, a group template its group's direct members
//     (ASG-7). [Placer.Failures] asks the org it was attached to at each
//     call, so a failed user drops out of the report when placed by other
//     means, deleted, or no longer governed by such a template: they left
//     or moved out of the group, the template was deleted or saved without
//     Webex Calling (whatever the scope), or the mode switched. The
//     attempt itself is kept until the user's next attempt: a user
//     governed again without a new attempt (Webex Calling put back with
//     future scope) is listed again with it, since it is still why they
//     lack Webex Calling. The report stays in user order.
//
// # With the engine
//
// [Attach] connects an Inventory to an assignment.Org through the hook
// assignment defines (assignment.Placer; this package never is imported by
// assignment). From then on every action of the org plans its calling part
// too, and one plan covers both:
//
//   - A grant of Webex Calling places the user, in the order users were
//     added: a synced user new to a calling template by the work-number
//     lookup (CAL-2); a user added by hand at the placement the admin gave,
//     else not at all, NoPlacement (CAL-4); every governed user without
//     Webex Calling on a save with existing scope, and a user joining or
//     moving into a calling group, by the work-number lookup (CAL-5,
//     CAL-8); a user-level request at the placement it gives (the API's
//     license properties). A user with Webex Calling is never re-placed
//     (CAL-7). The unit is taken after the placement; a user placed but
//     given no unit is released and fails NoUnitAvailable (CAL-3, ASG-19).
//   - The plan lists each placement (Placed, with the location and
//     number or extension), each failure (NotPlaced, with the CAL-3 reason
//     and the typed [Failure] or [PlacementError]) and each destruction
//     (Destroyed, with what is lost) before anything happens
//     (assignment.Plan.Calling). Removing Webex Calling from a user who
//     keeps none needs the acknowledgement (CAL-9); a move between
//     subscriptions is a license move and keeps everything (CAL-10,
//     CAL-11); a cancellation destroys (CAL-10).
//   - A plan changes nothing until it is applied. Its work-number
//     placements are an overlay on the inventory: a bit per number taken
//     and per user placed, and 24 bytes a user in the plan's log — no copy
//     of the inventory, so that provisioning a million users costs a
//     fraction of a second (BenchmarkProvisionExisting1M). A plan with an
//     admin placement (or a check of one after a placement) works on a
//     copy of the inventory instead. The work-number lookups of a grant
//     pass are made together, a group of numbers at a time
//     (assignment.PlacerSession.Prefetch). Org.Apply checks that the
//     inventory did not change since the plan (else the plan is stale,
//     nothing applied), applies the license changes, then the placements,
//     and destroys the calling data of the users who lost Webex Calling:
//     numbers and extensions are free once the plan is applied (within one
//     plan, a number freed by a removal is not given to another user).
//   - [Placer.Failures] is the failure report of CAL-6: each user whose
//     latest attempt failed, who still lacks Webex Calling and whom a
//     calling template governs now, with the reason and the raw work
//     number, until the next attempt. The users CSV agrees with it: among
//     the users a calling template governs, those whose Webex Calling
//     columns are all FALSE are exactly these, with the failed number in
//     Phone Number.
//   - The placer is an assignment.CallingDirectory: the users CSV shows
//     [Placer.Placement] in its Extension and Location columns, and a CSV
//     row may not set as a work number a number [Placer.NumberOwner] says
//     another user or a service owns (CAL-12).
//   - Org.CheckInvariants checks INV-4 across both: a user holds Webex
//     Calling exactly when placed.
//
// Edit the inventory (locations, numbers, services) through
// [Placer.Inventory]; work numbers are the org's (assignment.SetWorkNumber,
// NewUser.WorkNumber), kept apart from calling numbers (CAL-7).
package calling
