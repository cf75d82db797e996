// Package featurematrix models which features of the Webex app a user has,
// given the licenses the user's app currently sees, and what two users can do
// to each other. It implements section 4 of SPEC.md (FM-1..FM-11) on top of
// packages license and assignment.
//
// # Inputs
//
// A user's licenses are reduced to four facts, a [Licenses] value:
//
//   - M: Basic Messaging (license code FMS);
//   - C: Call on Webex, the free basic calling (code FTC);
//   - P: a paid calling option, any Calling-category kind other than Call on
//     Webex (Webex Calling, UCM, ...); Contact Center kinds are not P;
//   - H: a meetings host license on at least one site; the attendee role is
//     not H.
//
// [FromActive] derives them from a [license.Set]. The set must be the user's
// active licenses as the app currently sees them (FM-11): licenses that are
// pending until the user's first sign-in (ASG-18) are absent, and a change
// made in the admin view is absent until it has propagated to the app
// (LIC-11, up to 24 hours). [FromHeld] removes pending licenses for the
// caller. [ForUser] answers for a user of an [assignment.Org] from the org's
// app view ([assignment.Org.AppView]), which keeps both rules, and
// [OrgUser] gives that user as a peer. Nothing in this package reads the
// admin view.
//
// A [Context] adds what the user is doing (in an active call, sharing the
// desktop) and whether the user is a Webex for BroadWorks subscriber with a
// BroadWorks calling package.
//
// # Features
//
// [Check] and [Evaluate] answer, for each feature F1..F12 ([Feature]), yes or
// no with the rule and the source table cell the answer came from
// ([Availability]). The source document has four tables, reproduced as
// [Table] values cell by cell (a blank cell is "no"):
//
//   - FM-1, Table 1: M off, C on (any P);
//   - FM-2, Table 2: M on, C off (any P: its F7 cell reads "no, yes with P");
//   - FM-3, the unnumbered table: M off, C off, P on;
//   - FM-4, Table 3: M off, C off, P off ("meetings only").
//
// The remaining combinations, M and C both on, have no table and follow the
// per-feature rules of FM-5 ([Requires]); the tables agree with those rules
// everywhere, which the tests check. For an unavailable feature,
// [Availability.Explain] names what is missing ("F1 needs Basic Messaging").
// FM-6 gives the navigation items ([Navigation]) and the "+" menu
// ([PlusMenu]).
//
// # Peers
//
// FM-7..FM-10 are pure functions over two [User] values: [CardFor] (what one
// user's app shows on another's business card), [SendMessage] (whether a
// direct message is delivered and whether the sender is told), [CreateSpace]
// and [Invite] (refused as a whole, naming every invitee who cannot receive
// messages, with a [*NoMessagingError]), [CanCall], and [Between], which
// gathers them for one ordered pair.
//
// # Decisions and oddities
//
// Where SPEC.md decides, this package follows it: the whiteboard row of
// Table 1 is blank and its two trailing sentences belong to the annotation
// row (FM-1); with M and C every feature is available, F9 still needing H
// (FM-5); a BroadWorks subscriber with a calling package has F4 (FM-5,
// BW-23); creating a space with an invitee without M is refused as a whole
// (FM-7).
//
// Where SPEC.md is silent, this package decides, and says so:
//
//   - Sharing only counts for F11 inside an active call: a [Context] with
//     Sharing but not InCall does not give F11 to a user without M.
//   - A message to another org's user without M is accepted by the sender's
//     app and silently dropped (FM-9), even over an existing 1:1 space;
//     FM-10 only concerns users of one org. For the same reason the sender's
//     app shows another org's users neither greyed out nor with an inactive
//     message control, and creating a space with or inviting them is not
//     refused. FM-8 (no message or call control on the card of a user with
//     neither M nor a calling option) holds across orgs too.
//   - A call needs a calling option (C or P) on both sides: the source says
//     a user without one "cannot make or receive calls". On the card of a
//     user with M but no calling option the call control is visible but
//     inactive, by symmetry with FM-7; with neither (FM-8) it is hidden.
//   - A viewer without M sees no message control on anyone's card, and a
//     viewer without a calling option sees no call control: the app has no
//     messaging or calling for them.
//   - The "+" menu offers "schedule meeting" to everyone, as FM-6 says, even
//     though scheduling on a meetings site needs a host license (F9).
//
// Oddities of the source, modelled as written: the tables give F4 (sharing
// the desktop during a call or meeting) no to every user without C, even to
// one who can join meetings (F8) or has a paid calling option (FM-3); BW-23
// says the opposite for BroadWorks calls, and wins only there (FM-5).
//
// Adding a license never removes a feature, a navigation item or a "+" menu
// entry: every per-feature rule of FM-5 is monotone, and no two source
// tables contradict it (Table 1 grants F11 while sharing without M and
// Table 2 denies F11 with M, but these differ in C as well, so neither is an
// extension of the other). The tests check this property exhaustively.
package featurematrix
