// Package assignment models a Webex organization's license state — users,
// groups, automatic license assignment templates and the units each
// subscription gives — and the engine that turns every action into an
// explained, all-or-nothing change. It implements SPEC section 2 (ASG-1 ..
// ASG-21) and the user-level requests of section 1 (LIC-2, LIC-5, LIC-7 ..
// LIC-12, LIC-14), and checks INV-1, INV-2, INV-3, INV-9 and INV-10
// ([Org.CheckInvariants]).
//
// # Actions and plans
//
// Every change is an [Action] value (AddUsers, SaveTemplate, MoveUser, ...).
// [Org.Plan] computes its [Plan] without touching the org. The plan is the
// whole change, as data:
//
//   - Edits: the structural changes ([Edit]) — a subscription, group or
//     template added, saved or deleted, the mode, a setting, a user added,
//     joining or leaving a group, a user activated, the clock.
//   - Changes: per user and license ([Change]) a grant (with the source it
//     gets), removal, subscription move, activation or restoration, and the
//     source changes of a license the user keeps: a template becoming a
//     current source (AddSource) or a retained one (Retain), a stored
//     source dropped (DropSource). Each names the rule (Reason), the
//     template and the subscription.
//   - Shortfalls: what a template grants that a user did not get, and why;
//     for CSV imports the rejected rows; the users at risk of losing Webex
//     Calling.
//
// A plan has at most one grant, removal or move per user and license, and
// no source change for a license it removes. Its names are resolved when it
// is made, so [Plan.Lines] renders it without the org. [Org.Apply] applies
// exactly that plan: it refuses a stale plan (the org changed since, or it
// was made on another org) with ErrStalePlan, and one whose Changes or
// Edits the caller modified with ErrEditedPlan, changing nothing. [Org.Do]
// does both. A rejected action returns a typed error naming its input and
// leaves the org as it was.
//
// # Who may act (LIC-14)
//
// [Org.PlanAs] and [Org.DoAs] take an [Actor] — a [Role] (full, user or
// read-only admin, or none), partner or customer, external admin or not —
// and check it ([Org.Authorize]) before planning; a refusal is an
// [*ActorError] wrapping ErrForbidden or ErrRestrictedByPartner and changes
// nothing. User management and license changes (adding users, licenses,
// services, CSV imports, group membership, site admins, work numbers) need
// a full or user admin; templates, the mode, subscriptions and settings a
// full admin; [RestrictByPartner] (Settings.RestrictedByPartner, BW-24) a
// partner full admin; a sign-in the user it signs in; the clock (SetTime,
// AdvanceTime) and the directory (AddUsers with a synced user, SetWorkNumber
// by ByDirectory) no actor at all: an admin cannot act as either. While the
// org is restricted by its partner, a customer admin whose role has the
// right is still refused, with
// ErrRestrictedByPartner, user management, licenses, templates and the mode,
// "preserve licenses on group change", SSO and work numbers (the BW-24
// table); the suppression flag, retention, attendee sites and subscriptions
// follow the role alone. Partner admins are never restricted, external or
// not; an external admin that is not a partner admin counts as a customer
// admin. An action type the check does not know needs a full admin and is
// restricted.
//
// [Org.Plan] and [Org.Do] take no actor: they are the unchecked caller — a
// test, an importer, a simulator, or a package such as broadworks that made
// its own check — and behave as before LIC-14, whatever the restricted mode.
//
// # State
//
// Users live in a table indexed by a dense [UserID] in the order they were
// added, in chunks of 1024 records, so that adding users never copies the
// records already there; each holds a [license.Set] bitset and the
// subscription of each unit it consumes. Sources (LIC-9) are stored only
// where they cannot be derived: a held license's current-template sources
// are the current templates granting its kind; an implied license's
// sources are exactly {implied} (LIC-5); manual (licenses given at
// creation included, LIC-9), default and retained sources are stored
// sparsely.
//
// # Reading back
//
// [Org.Templates], [Org.Groups], [Org.Subscriptions] and [Org.Users]
// iterate over what the org holds, in the order it was added, and
// [Org.Template], [Org.Group], [Org.Subscription] and [Org.UserByEmail]
// find one by name. They return snapshots ([TemplateInfo], [GroupInfo],
// [SubscriptionInfo], [UserInfo]) that share nothing with the org. A
// template's Entries are what a [SaveTemplate] names to recreate it.
// Snapshots and actions name groups and templates. [GroupID] and
// [TemplateID] are dense indexes, as [Org.LookupGroup], [Org.LookupTemplate]
// and a [Change] give them; [Org.GroupByID] and [Org.TemplateByID] read
// them back, and a plan names them without the org ([Plan.TemplateName],
// [Plan.UserName], [Plan.SubscriptionName]).
//
// # The app view
//
// The admin view changes at once; a user's app follows later (LIC-11).
// Each license change of a user — their active licenses changing, by a
// grant, a removal or the first sign-in (ASG-18); a new user's app starts
// with none — reaches their app after
// a delay given by a caller's deterministic [AppDelay] ([Org.SetAppDelay];
// by default [MaxAppDelay], 24 h), measured in the org's virtual time
// ([SetTime], [AdvanceTime]). [Org.AppView] is what the app shows now:
// never a pending license (ASG-18). A second change before the app caught
// up keeps what the app showed before the first; the app then catches up
// with the latest active licenses at the later of the two due times, so a
// quiet period of 24 h leaves every app equal to the active licenses
// (INV-9). A change undone before the app caught up leaves nothing to
// catch up. [Org.AppLagging] lists the users whose app differs. The
// featurematrix package answers from this view (FM-11).
//
// # How a template applies
//
// A user's resolved grant is the union of their current templates' kinds,
// with exclusive families resolved to their preferred member (host over
// attendee, Premium over Standard Agent, ASG-10, ASG-16), implied kinds
// added (LIC-5), and the attendee role of a site the user administers
// dropped and reported (ASG-13). An application then works in three passes
// over the users it concerns, in user order: every removal, then every
// subscription move (LIC-8), then every grant (ASG-19). Grants take a unit
// from the oldest subscription with a free one among those the granting
// templates name (any, if one names none); a grant with no unit is
// reported as NoUnitAvailable and, for a preferred kind, falls back to the
// other member the templates grant. A grant whose requirement is neither
// held nor granted is dropped as RequirementMissing; so is a grant refused
// for want of a unit whose requirement the user does not end with, so that
// applying the same template again reports the same shortfalls (INV-6).
//
//   - Preserve on (scope existing with preserve, joining a group, a move
//     with the group-change setting on, creation): only additions, plus the
//     two upgrades, which remove the replaced kind once the preferred one
//     has its unit. A granted kind exclusive with a held one is reported
//     as Exclusive, unless the held one is the preferred member (then
//     nothing happens). A held license on a subscription no current
//     template names for it stays there, reported as SubscriptionKept.
//   - Preserve off (scope existing without preserve, leaving or moving
//     with the setting off): the user ends with exactly the resolved grant;
//     a held non-preferred member stays until the preferred one gets its
//     unit, and a held license on a subscription the templates do not name
//     moves to the oldest named one with a free unit. The sources of every
//     kept license a current template grants become exactly those
//     templates (manual, default and retained are dropped, each a
//     DropSource change).
//   - Delete with preserve off: licenses whose only source was the template
//     — current where it governs, or retained, also for users who left its
//     group — go, except what a kept license requires, which keeps the
//     template as a retained source; a license with another source simply
//     loses the template (ASG-5); nothing is granted.
//
// A template that stops granting a kept license — by any save, a delete,
// or the user leaving its group — becomes a retained source of it
// (Change op Retain).
//
// User-level requests (UpdateLicenses, ModifyLicenses, EditServices, a CSV
// row, AddUsers with Explicit) are validated on the resulting set as one
// request: every violation is reported in the order of LIC-7, and nothing
// of the request is applied; a missing unit rejects it too.
//
// # Webex Calling, subscriptions and users
//
// A Webex Calling license (a kind that needs a placement) is granted only
// with a placement (CAL-1). Without a [Placer], a user has one when it was
// given at creation ([NewUser].Placement): a template grant to anyone else
// is reported as NoPlacement, and a user-level request or a CSV row that
// gives a placement for anyone else is refused with 400411, as nothing
// would record it. With one (the calling package's
// calling.Attach), the engine asks it to place each user it grants Webex
// Calling, in the order of the grant pass, records the answers in
// [Plan].Calling (Placed, NotPlaced with the reason, Destroyed with what is
// lost) and commits them when the plan is applied, or refuses the plan as
// stale when the placer changed since. A user keeps the work number given
// at creation ([NewUser].WorkNumber) or by [SetWorkNumber] (a synced user's
// only by directory sync, CAL-8). Removing every Webex Calling license of a
// user destroys their calling data and needs the acknowledgement (CAL-9),
// except for [CancelSubscription] (CAL-10) and [DeleteUser], which need
// none; a move between subscriptions keeps it (CAL-11).
//
// # Performance
//
// The org keeps every user in a class of users that template events
// decide alike: the same held set, the same subscription for each unit,
// direct groups, administered sites' attendee roles, admin placement or
// not, and sparse part or not. Apply updates the class of each user a
// plan touches, in a dense array of 4 bytes per user, and CheckInvariants
// checks it. An application decides once per class (or, for users outside
// a class, once per memo key of held set, templates, administered sites
// and placement) and works each decision's grant steps out once. What
// deciding did for the first user of a class — its changes, shortfalls,
// freed units, queued moves and grants — is replayed for the class's
// other users without reading their records, unless it read the first
// user's sparse part; a class whose replay is empty is skipped in the
// loop, so a save that changes nothing costs a read of the class array.
// Only the unit allocation and the moves off a pinned subscription (LIC-8)
// run per user. A save of the org template walks the class array itself;
// the common replays (one change, or a grant queued alone) go without a
// call; the units replays free reach the ledger as one count per run of
// alike changes; a plain grant appends its step's prebuilt change and
// takes from the subscription it last took from until a unit comes back,
// in one loop over a stretch of plain grants.
//
// Apply takes a plan of a few changes, or of changes dense in the users,
// that come in at most eight runs in user order (a template event makes
// three: decisions, moves, grants) and deletes or activates no user, in
// one pass over the users: units first in plan order when a change frees
// one, first as one count per kind when the plan creates users and none
// does (a new user's grants interleave kinds), else with each user, as one
// count per run of alike changes; then each user's changes, app view and
// class. Users' only changes go in one loop over each stretch of them,
// without gathering; a grant from a template, and a removal or a new
// source to a user without a sparse part, go a shorter way still. Other plans take three simple passes. A user's
// new class comes from a small cache keyed by the old class, the user's
// changes and whether a sparse part is left: for a user's only change, one
// word by the old class. A batch of new users (AddUsers) reads decisions
// the org kept from earlier batches, by memo key, until its templates or
// placer change, and a created user of the same decision, groups,
// placement and changes as an earlier one of the batch takes that user's
// class without a key; its edits' texts are slices of one string, one
// text for the users given the same one to three groups in the same
// order. Membership changes allocate their plan once,
// reuse the memory of an earlier application (saves return theirs too) and
// share the org's names of templates and subscriptions.
//
// Memory: users are records of 56 bytes indexed by [UserID] (in chunks of
// 1024: a small org's only chunk grows by doubling, every later chunk is
// made full, so that a batch of new users is copied once), with six unit
// slots packed, used ones first, and the rest of a user's units in a side
// table while the six are full. A record holds no pointer, so that the
// collector does not scan the users: what it refers to lives in the
// table, by offset or slot. The e-mails are written once each into slabs
// of 64 KiB and read back as strings over their bytes, which nothing
// writes again; a clone gets the last slab clipped, so that its own
// e-mails go to a new one. Group lists are runs of one array of group
// IDs: a membership change writes a new run, and the array is written
// again without the dead runs once they are most of it. The sparse part
// (manual, default and retained sources) is a pointer in a slot of the
// table, made from blocks that double within an Apply up to 1024 parts,
// and dropped when it empties (its slot freed, the slots compacted as the
// group lists are); a sparse part that holds only retained sources is
// shared by the users who hold the same, found by the step (retain or
// unretain one kind) that made it from another (among the last 1024 such
// steps) or by what it holds, never changed in place and copied before a
// change makes it a user's own, so that a save retaining a license for a
// million users writes a pointer each. The rarest attributes
// (administered sites, admin placement) are an index into a list of the
// table, never changed in place (a change appends new ones), which clones
// share; a plan's new users index past the table's, where Apply appends
// theirs. The e-mail index is an open-addressing table of user IDs, each
// in one word with half the hash of their e-mail (8 to 16 bytes per
// user). Group members
// are sorted chunks of at most 1024 IDs; the messaging data kept by LIC-10
// lives in pages of 1024 users made on the first removal. A plan keeps a
// checksum of its changes, not a copy, for Apply to refuse an edited plan;
// Do, whose plan nobody else holds until it returns, keeps neither unless
// its apply fails. A plan grows with its changes, never with the users it
// leaves alone.
//
// Measured numbers are in the README and bench_test.go and
// bench_hetero_test.go (each benchmark runs against the reference model of
// the tests at 10k users). The app view (LIC-11) adds 32 bytes per user
// whose app lags — none once 24 h have passed since the latest change —
// and a pass over the users an application changes.
//
// # The users CSV (ASG-20)
//
// The library reads and writes one users CSV: Control Hub's ("Manage users
// by CSV": Export CSV, then Import with "add and remove services"), so
// that a real export can be loaded, changed, previewed ([Org.Plan] of
// [ImportCSV] is the dry run) and written back. [Org.ExportCSV] writes the
// profile columns of [CSVProfileColumns], in this order:
//
//	First Name, Last Name, Display Name, User ID/Email (Required),
//	User Status, Last Service Accessed Time, Days since Last Service
//	Accessed, Extension, Title, Department, Manager, Phone Number,
//	Caller ID Number, Caller ID First Name, Caller ID Last Name, Location,
//	Preferred Language, Time zone, Address type, Address country
//
// (Cisco, "Control Hub user management CSV file reference", help.webex.com
// article afv3q8, table "Control Hub CSV File Fields"), then one TRUE/FALSE
// column per license in catalog order: a free kind once under its name, a
// kind that takes units once per subscription providing it, "Name
// [subscription]" (CAL-6), Webex Calling Professional under Control Hub's
// name "Webex Calling VAR Professional" (LIC-1); implied kinds (Basic
// Space Meetings, LIC-5) have no column. [ParseCSV] takes the columns in
// any order and by either name, case-insensitively; only User
// ID/Email (Required) is required.
//
// What the columns mean to the engine:
//
//   - User ID/Email (Required) names the user ([ParseEmail]).
//   - Phone Number is the work number (CAL-7): the number Control Hub shows
//     there for a user who failed provisioning is the one that failed
//     (CAL-6), and the CSV is where a hand-added user's work number is
//     corrected (CAL-8). A cell that differs from the work number sets it
//     (Plan edit "work number"): it must be E.164 ([ErrBadNumber]), owned
//     by nobody else ([ErrNumberOwned], asked of a placer that is a
//     [CallingDirectory]), and the user not directory-synced
//     (ErrSyncedWorkNumber). An empty cell changes nothing; "REMOVE|" and
//     the user's number removes it (Control Hub's convention, from the
//     same article). The calling
//     number is not a column of its own: it is the work number for users
//     placed by it (CAL-2).
//   - Extension and Location are the Webex Calling placement: exported for
//     users holding Webex Calling (from the placer when it is a
//     CallingDirectory, else the placement given at creation; Location is
//     the location's ID), and read only on a row that turns Webex Calling
//     on, which is placed at {Location, Phone Number, Extension} (CAL-1;
//     a row with none of them is 400411 as before). Changing a placed
//     user's placement is not modelled: the cells are then ignored.
//   - User Status is written (Active, Not Verified, Unverified Domain) and
//     never read: Control Hub's read-only columns.
//   - Every other profile column is not modelled: [CSVFile] keeps each
//     row's cells (CSVRow.Raw), and [Org.ExportCSVLike] writes the org over
//     a file read earlier, the org's state in the columns above and the
//     file's cells in the others, so that they survive load, change and
//     write-back. The org keeps no profile data: nothing is added to the
//     user record.
//
// A file without the user column, naming a column twice, or not parsing
// as CSV is rejected as a whole (a [*CSVError] wrapping ErrNotUsersCSV,
// nothing applied). Otherwise each row stands alone (ASG-20): a license
// cell that is not TRUE, FALSE or empty, TRUE or FALSE in a column that is
// neither a profile column nor a license of the catalog (ErrUnknownColumn,
// code 400000: a service the catalog does not know, or a misspelt one;
// other values there are profile columns the list above lacks, carried as
// they are), TRUE in the column of a suspended service (Control Hub
// writes "(Suspended)" after its name; ErrSuspendedService), an unknown
// user, an unknown subscription, LIC-3/LIC-4/LIC-9 and every other LIC-13 rule,
// a bad or foreign phone number, a synced user's work number (CAL-8), a
// Webex Calling removal without Ack (CAL-9), a second row for one e-mail:
// each is a [RowError] with the row, its line and column and the API code
// ([RowError.Code]), and the row is not applied. Files may start with a
// byte order mark, end lines with CRLF, quote cells holding commas, quotes
// and newlines; rows of blank cells are skipped.
//
// # Concurrency
//
// An Org is not locked. Planning ([Org.Plan]) and the read-only queries
// (LookupUser, User, Held, Sources, Usage, Lines, Describe, ExportCSV,
// CheckInvariants, ...) may run concurrently with each other on one org:
// planning works on copies and per-plan scratch, and writes nothing the
// org shares. [Org.Apply] and [Org.Do] change the org and need exclusive
// access: no plan or query may run on the org meanwhile. A [Org.Clone]
// shares only what neither writes in place, and may be used on its own.
//
// # Hostile input
//
// Every action validates its whole input before it changes anything, and
// a refused action leaves the org, its version included, as it was.
//
//   - E-mails are checked by [ParseEmail] wherever they enter (AddUsers, a
//     CSV row, every lookup and every action naming a user): one bare
//     address, no invisible or control character, a dotted domain; they
//     are stored and compared in lower case.
//   - An org holds at most [MaxGroups] groups and [MaxTemplates] templates
//     (deleted ones included): one more is a [LimitError]. Groups and
//     templates are found by name through an index, not a scan.
//   - Membership changes name their groups: a blank group is
//     ErrInvalidName, a move to the group left ErrSameGroup.
//   - A new group's or template's name is ErrInvalidName when it could be
//     taken for another name or for none: white space around it, a
//     control or invisible character, a space other than the ASCII one,
//     or invalid UTF-8. Any script and formula-like text are names.
//   - A meeting site is a host name: named in any case of its ASCII
//     letters, it is the catalog's site (license.Catalog.Site), and the org
//     keeps and shows the catalog's spelling.
//   - A [Placement] needs a number, or an extension with a location
//     (CAL-1): a location alone is ErrInvalidPlacement, code 400411.
//   - ExportCSV quotes cells a spreadsheet would run as formulas (not an
//     E.164 number: a plus and digits); ParseCSV reads them back, and
//     skips a leading byte order mark.
//   - New panics on a nil catalog (like regexp.MustCompile); [NewOrg]
//     returns ErrNil. A nil or zero Org refuses to plan, apply or take a
//     placer (ErrNil) and reads as empty: no users, groups or templates.
//     A nil Plan is empty and has no Lines.
//
// # Decisions where the SPEC is silent
//
//   - Two templates granting two kinds of an exclusive family that has no
//     preferred member (Webex Calling Professional and Standard): the held
//     one wins, else the first in catalog order; the other is reported as
//     Exclusive.
//   - A template may not name one kind twice (400413); a template naming
//     host and attendee for one site is allowed and resolves to host.
//   - In org mode, group membership changes do not touch licenses: only
//     group templates are governed by membership (ASG-8 speaks of groups).
//   - Webex Calling needs a [Placement]; the calling package checks numbers.
//     Here a user without one gets no Webex Calling from a template
//     (shortfall NoPlacement), and a user-level request adding it is 400411.
//   - Leaving or moving with the group-change setting off needs no
//     acknowledgement: it was given when the setting was switched off
//     ([SetSetting] with Ack, ASG-8).
//   - A refused downgrade in a template application keeps the old kind and
//     everything it requires or implies (INV-1), even with preserve off.
//   - An upgrade (ASG-10, ASG-16) whose replaced kind a kept license
//     requires does not happen: the preferred kind is reported as Exclusive
//     (INV-1). The replaced kind takes along the implied kinds only it
//     implied (LIC-5).
//   - Settings change one at a time ([SetSetting], [SetRetention]), so
//     changing one never resets another; an unnamed save of the org
//     template keeps its name, and a save under another name renames the
//     template: its plan has an EditRenameTemplate with both names before
//     the save's edit.
//   - A unit freed by an upgrade goes, in the same application, to the
//     users refused it earlier in user order, so that applying the same
//     template twice changes nothing the second time (INV-6). An upgrade
//     that then does not happen (the preferred kind's unit went to one of
//     those users) keeps the replaced kind on its unit; if that unit went
//     to someone else too, the grant pass runs once more without freeing
//     it: a held license always has its unit (ASG-19, INV-5).
//   - Messages and files are kept per user (LIC-10): the retention period
//     runs from the user's latest messaging-license removal, and a
//     messaging license granted back within it restores them (op Restore),
//     for every messaging kind of the catalog, however many it has.
//   - A CSV import rejects a second row for the same user; with
//     [ImportCSV].CreateUsers a row for an unknown e-mail creates the user
//     with exactly its licenses (ASG-9) and its work number, else it is a
//     row error. A license column without a subscription takes the unit
//     from the oldest subscription with one free (LIC-8).
//   - Sources list current templates in template order.
//   - A user-level request (UpdateLicenses, ModifyLicenses, EditServices, a
//     CSV row, AddUsers with Explicit) that adds the attendee role of a
//     site whose attendee feature is off, or of a site the user
//     administers, is refused with 400216, as a template save naming such
//     a site is (ASG-13); only a template application skips and reports
//     the site-admin case. A held attendee role is not checked again.
package assignment
