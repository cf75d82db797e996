// Package license models Webex license kinds and the rules between them,
// with no org state: the catalog of kinds, license sets, the validation of
// a requested set, subscriptions and the units they give, and license IDs.
// It implements SPEC section 1: LIC-1 (the catalog), LIC-3 and LIC-4
// (requirements), LIC-5 (implied Basic Space Meetings), LIC-6 (license IDs),
// LIC-7 (every violation of a request, in order, in one error), LIC-8
// (subscriptions, oldest first), LIC-9 (exclusive families and their
// preferred member) and the error codes of LIC-13. Org-level behaviour —
// templates, users, sources, all-or-nothing requests — lives in package
// assignment, which builds on this one.
//
// # The catalog is data
//
// A [Catalog] is an immutable list of kinds, each described by an [Info]
// (name, category, license-ID code, paid, consumes a unit, meeting site and
// role, needs placement, user and template defaults, implied), plus four
// kinds of rule: [Requirement] (holding a kind needs another), [Implication]
// (holding a kind implies another, LIC-5), [Exclusion] (a family of which a
// user holds at most one, optionally with a preferred member) and
// [Downgrade] (a refused downgrade A → B within one request). No behaviour
// is keyed on a particular kind: every rule is a row, so a caller can build
// a catalog with more kinds and rules with [NewBuilder], or extend the
// default one with [DefaultBuilder]. A builder records the first bad input
// (duplicate name or code, a name with surrounding white space or invisible
// characters, a code that is not upper-case letters, a bad
// meeting site, more than [MaxKinds] kinds, a rule naming an unknown kind)
// and [Builder.Build] returns it; it never panics. Build then refuses rules
// that contradict each other, with a [*CatalogError] naming the kinds:
// an implication cycle ([ErrImplicationCycle]), a kind flagged
// [Info.Implied] that no rule implies ([ErrUnimpliedKind]), and a kind whose
// holding needs, through requirements and implications, two members of one
// exclusive family — itself and a kind it requires, or two kinds it
// requires ([ErrRequiresExcluded]). Every Build error matches
// [ErrInvalidCatalog]. Cycles of requirements are allowed: holding both
// kinds satisfies them.
//
// Meeting sites are host names (RFC 4343): [Catalog.Site] and
// [Catalog.SiteKind] match a site whatever the case of its ASCII letters
// and give the catalog's spelling; every other character, a look-alike
// letter included, is compared exactly. A license ID's site is not: an ID
// is the org's own text, and [Catalog.ByCode] matches it exactly. The SPEC
// is silent on both.
//
// Kind names are matched one way everywhere: the builder's duplicate check
// and [Catalog.Lookup] both fold case as Unicode simple case folding does
// (strings.EqualFold, no locale, no normalisation), so every accepted name
// is found under its own spelling and under exactly the spellings the
// builder would refuse as its duplicates. The SPEC is silent here; the
// choice is the standard caseless match: "ſ" and "S" match "s", the Kelvin
// and Ångström signs match "k" and "å", final sigma matches sigma; but
// "İ" (which only Turkish casing or lower-casing turns into an i) matches
// neither "i", "I" nor "i" with a combining dot, "ß" does not match "ss",
// and "é" does not match "e" with a combining acute. Lookup of text that
// is not UTF-8 finds nothing.
//
// The default kinds are named constants ([BasicMessaging] ... [ContactCenterPremium]);
// the host and attendee kinds of each meeting site follow them, in the order
// the sites were added ([NewDefault], [Builder.AddSite], [Catalog.SiteKind]).
// A host kind has code EE and consumes a unit; an attendee kind is an account
// type with no license ID and consumes none (ASG-15). A [Kind] is a dense
// index from 1, so a [Set] of kinds is a 128-bit bitset value (kind k is
// bit k-1). The zero Kind is [NoKind], which no catalog holds
// ([Catalog.Valid] is false, a Set ignores it): a zero value of a struct
// with a Kind field never names a license, Basic Messaging included.
//
// Where the spec leaves a choice open, the default catalog decides:
//
//   - Codes: Basic Meetings is FBM, Webex Calling Standard BCBASIC, Webex
//     Attendant Console ATTCON and CX Essential CXE (the spec knows none);
//     Webex Calling Professional keeps the API's BCSTD.
//   - Basic Meetings is free, consumes no unit and is a template default but
//     not a user default (LIC-2); Attendant Console and CX Essential are
//     Calling kinds that are paid, consume a unit and need no placement.
//   - Basic Space Meetings requires Basic Messaging (700005) explicitly, as
//     well as being implied by it.
//   - The exclusive families are Professional/Standard (400404),
//     Standard/Attendant Console (400406), Standard/CX Essential (400407),
//     Contact Center Standard/Premium Agent (400413, Premium preferred) and,
//     per site, host/attendee (400413, host preferred).
//
// # Validating a request
//
// [Catalog.Check] takes the held set and the resulting set of one request
// and returns every [Violation], sorted by [SortViolations]: 700003, 700005,
// 700004, 700006, then the order LIC-13 lists the others, then the codes of
// a caller's own rules, then a missing unit ([CodeNoUnit], the library's
// own code). Check takes both sets as they are: normalizing a request under
// implied kinds (LIC-5: a raw set request adds them, a services-level edit
// makes them follow their implier) and applying the preferred members of
// exclusive families (host over attendee, Premium over Standard Agent;
// ASG-10, ASG-16) are the assignment engine's work, in the module's
// internal/kindrules package, which reads the catalog's rules through
// [Catalog.Implications], [Catalog.Exclusions] and [Catalog.ImpliedKinds].
//
// A [SetError] carries the violations; its [SetError.Code] is the first,
// and errors.Is matches each violation's [Code] (codes are errors) and its
// class, [Violation.Class]: the sentinel of the type of rule broken
// ([ErrMissingRequirement] for every [Requirement], [ErrImpliedRemoval],
// [ErrExclusive], [ErrRefusedDowngrade]), whatever its code, so a caller's
// requirement with a code of its own is a missing requirement too. A
// violation built with no Class is classed by its code as LIC-13 lists it
// (400411 [ErrNeedsPlacement], NoUnitAvailable [ErrNoUnit], ...). Check
// does not know about units, placements or sites (400411, 400216,
// NoUnitAvailable): package assignment adds those violations and sorts the
// whole list again with SortViolations.
//
// # Subscriptions
//
// A [Ledger] holds an org's subscriptions and the units consumed on each.
// [Ledger.Add] refuses, with a [*SubscriptionError] carrying the ID, a
// duplicate ID and one that is blank, has white space around it, is not
// UTF-8, or holds a control or invisible character (a zero-width space, a
// byte-order mark, a no-break space or any space but the ASCII one): such
// IDs would look like another or like none. Kind names follow the same
// rule.
// [Ledger.Oldest] picks the oldest active subscription, by (creation time,
// subscription ID), with a free unit of a kind; a cancelled subscription
// gives no new units. [Ledger.Take] and [Ledger.Release] move one unit,
// [Ledger.TakeN] and [Ledger.ReleaseN] up to n at once, as n calls would;
// [Ledger.Usage] reports the Licenses API fields per subscription and kind.
// A ledger is a plain value copied by [Ledger.Clone].
//
// # License IDs
//
// An [ID] is the URL-safe, unpadded base64 encoding of
// ciscospark://us/LICENSE/<ORGID>:<CODE>_<UUID>, with _<siteUrl> appended
// for a meeting-site license (LIC-6). [ParseID] accepts the URL-safe and
// standard alphabets, padded or not, and is the exact inverse of
// [ID.String]; codes the catalog does not know still parse. [DeriveUUID]
// gives each (org, code, subscription[, site]) one stable, name-based UUID;
// a [UUIDDeriver] derives many that share their leading parts without
// allocating, for a search by UUID over many names.
// IDs written as the API reference's examples write them,
// ciscospark://us/LICENSE/<uuid> with no org and no code, parse as opaque IDs
// ([ID.Opaque]) of unknown kind, never an error; [Catalog.KindOfID] gives an
// opaque ID the kind of the license name it comes with (the Licenses API
// lists each ID with its name). The ID of any other resource type
// (ciscospark://us/PEOPLE/...) is refused, naming the type.
package license
