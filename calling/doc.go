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
// 16-byte records, looked up in constant time; profiles are 16 bytes in a
// slice indexed by UserKey: about 50 bytes per number at a million
// numbers and users. Plan reads the table for a group of candidates at a
// time, so that the cache misses overlap: Plan and Apply of a million
// users take about 0.1 s on a shared 2-core machine (BenchmarkPlace1M). Every mutation ([Inventory.AddLocation],
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
// their number becomes owned by PEOPLE, the user.
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
//
// # How the engine will use this
//
// The assignment engine decides who should get Webex Calling; this
// package decides whether and where each can be placed. The engine is
// expected to define a hook in package assignment and to implement it
// here with an adapter over an Inventory, roughly:
//
//	// in package assignment
//	type Placer interface {
//		// Place returns, for the users a template application wants to
//		// give Webex Calling, in the order they were added, each one's
//		// placement or failure — deterministically and without mutation.
//		Place(users []CallingCandidate) (Placements, error)
//		// Commit applies placements the plan recorded; it fails if the
//		// inventory changed since.
//		Commit(Placements) error
//		// Remove destroys users' calling data (after acknowledgement)
//		// and says what was lost, per user.
//		Remove(users []UserID) ([]Destroyed, error)
//	}
//
// An adapter maps Place to [Inventory.Plan] (work-number path) or
// [Inventory.PlanManual] (users added with a placement), keeps the
// [Batch] in the plan, and maps Commit to [Inventory.Apply]. The engine
// then grants Webex Calling to the placed users whose unit it can take,
// reports the failures (CAL-6) and NoUnitAvailable itself, shows
// [Inventory.Destroys] in plans that remove Webex Calling (CAL-9,
// INV-7) and calls [Inventory.Remove] when they are applied. A user's
// UserKey is their assignment.UserID; a synced flag and work number come
// from the engine's user records or a [Directory].
package calling
