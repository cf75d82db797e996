// Package sim is a deterministic simulator of a Webex org's license life:
// a virtual clock, an event queue, a seeded random source, the org of
// package assignment, its Webex Calling inventory (package calling) and a
// BroadWorks cloud (package broadworks), driven by a plain-text scenario.
// It implements SPEC section 6 (SIM-1 .. SIM-7) and checks the invariants of
// section 7 after every event.
//
// # Runs
//
// A run is a pure function of its scenario and seed (SIM-1): Parse reads a
// Scenario, New prepares a Sim, Sim.Run fires events until the scenario's
// end. Events sit in a binary heap ordered by (virtual time, sequence), so
// that events due at one time fire in the order they were scheduled; every
// random draw comes from one PCG source (math/rand/v2) seeded from the seed
// and passed explicitly (Sim.Rand); the simulator reads no wall clock,
// iterates no map in an order that shows, and starts no goroutine. Time is
// virtual (SIM-2): a year of a million-user org runs in about a minute, the
// engine alone fires over a million small events a second.
//
// The events (SIM-3) are the scenario's statements — admin actions
// (subscriptions, groups, the mode, settings, template saves, deletes and
// service removals, full-set license updates, CSV imports, cancellations,
// work-number edits), directory-sync batches (users added, moved, joining a
// group, removed, renumbered, numbers fixed), first sign-ins,
// calling inventory edits and re-applications, BroadWorks provisioning —
// and what they cause later: BroadWorks tasks completing or failing minutes
// after they start, and the daily subscription-expiry draw. The faults and
// delays of SIM-4 are drawn from the seeded source at the scenario's rates:
// each license change reaches the user's app after a delay up to the
// scenario's app delay (Org.SetAppDelay, LIC-11), a BroadWorks task
// completes after a delay in its range or fails, a sync batch is lost or
// delivered twice, a subscription expires.
//
// An embedding test builds a Sim, schedules its own events (Sim.Schedule,
// EventFunc) that act through Sim.Do, adds its own checks (Sim.AddInvariant),
// runs it and reads the trace (see the package example).
//
// # Invariants
//
// After every event (SIM-5) the Sim checks Org.CheckInvariants (INV-1,
// INV-2, INV-3, INV-9, INV-10, and INV-4 when the calling inventory is
// attached: the placer's check that a user holds Webex Calling exactly
// when placed, and the inventory's own violations), the BroadWorks mapping
// (INV-8), a caller's invariants, and, once 24 h have passed since the
// last license change, that no app lags (INV-9). On every applied plan it
// checks the transition properties: a preserve-on application removes
// nothing but the two upgrades (INV-5); saving a template with existing
// scope again changes nothing and reports the same shortfalls (INV-6); and,
// from the plan's calling changes, a subscription move of Webex Calling
// keeps the user's calling data, and calling data is destroyed only by an
// acknowledged removal, a cancellation or expiry, or a membership change
// while the group-change setting is off (INV-7). The whole-org checks cost
// about 0.4 s at a million users: a scenario may space them with "check
// every DUR"; the others stay
// per event. A violation stops the run with the event, the seed and the
// trace so far (Failure). Replay re-runs a trace's scenario and seed and
// checks that the trace comes out byte for byte the same; Shrink drops
// lines and halves populations while the same failure persists and returns
// the smallest scenario found, with the run's seed and until written in so
// that it fails when run alone.
//
// # Trace
//
// Options.Trace receives the JSON Lines trace (SIM-6), schema TraceSchema
// ("wxsim-trace/1"), one Record a line: a header with the scenario text and
// seed, then each event followed by its results — every structural edit,
// every license change with its user, operation, license, subscription,
// reason, rule, template and source, every shortfall, CSV row error,
// refused action, calling placement, failure and destruction, BroadWorks
// step, injected fault and expectation — and a summary last. Options.Log
// receives a compact human log: one line per event, up to four lines of its
// plan. The Summary counts users, licenses per kind, units per
// subscription, calling placements and failures by reason (CAL-6), BroadWorks
// subscribers by status, and the invariant checks run.
//
// An event that cannot be carried out when it fires — a statement naming a
// group or location that does not exist then, a block of numbers that
// overflows E.164, no free number left to hand out — is an "error" record
// with the line of its statement (Record.Line), and the log says "error at
// line N". It does not fail the run: only a violated invariant (SIM-5) and
// an unmet expectation (SIM-7) do, so that a seed sweep and Shrink look for
// those alone. It is not silent either: the Summary counts such errors and
// lists their lines (Summary.Errors, Summary.ErrorLines), and its String
// prints them. An action the org refuses, an outcome of the org's rules, is
// a "refused" record and counts in Summary.Refused, not as an error, even
// when it stops its statement (an "error" record then follows it).
//
// A statement timed after the run's end (until, or the CLI's -until) never
// fires; that is no error, since a shorter run is often the point. The
// Summary lists the lines of such statements (Summary.Unfired) and its
// String prints how many there are and where, so that an expectation left
// unchecked shows. A repeating statement is listed when not even its first
// time is within the run; a statement a failure kept from firing is not
// (the failure says where the run stopped).
//
// # Scenario language
//
// A scenario (SIM-7) is UTF-8 text, one statement a line. A # outside
// quotes starts a comment. Words are separated by blanks; a name with
// blanks or marks is double-quoted with Go escapes ("West Sales"); the
// marks are , = @ >= <=. Durations are digits and units, w d h m s: 90m,
// 36h, 7d, 1d12h. An INT (a count, a seed) is plain decimal digits and a
// PCT digits with an optional decimal fraction and a percent sign (95%,
// 1.5%); none of the three takes a sign, an exponent or blanks, so that
// "users +3" is a parse error rather than "users 3". License names are the catalog's ("Advanced Messaging",
// "Meetings Host acme.webex.com"), quoted when they have blanks; a REASON
// is a CAL-3 failure reason (NotE164), a STATUS a BroadWorks subscriber
// status (provisioned), an E164 a number such as +14085550000. A parse
// error is a *ParseError with the file, line and column and what was
// expected there: an unknown license name, reason or status is one. A
// byte order mark at the start of the file is skipped.
//
//	scenario   = { line } .
//	line       = [ header | catalog | timed ] [ comment ] .
//	catalog    = "catalog" ( "site" NAME                       (a meeting site's host and attendee kinds)
//	           | "kind" NAME "code" CODE "category" CATEGORY [ "paid" ] [ "consumes-unit" ] ) .
//	header     = "scenario" NAME | "seed" INT | "until" DUR | "start" RFC3339
//	           | "domain" NAME | "check" "every" DUR | fault .
//	fault      = "fault" ( "app-delay" DUR | "bw-delay" DUR "to" DUR
//	           | "bw-fail" PCT | "sync-lost" PCT | "sync-dup" PCT
//	           | "expiry" PCT "per" "day" ) .
//	timed      = [ "at" DUR | "every" DUR [ "from" DUR ] [ "until" DUR ] ] command .
//	command    = "subscription" ID KIND "=" INT { "," KIND "=" INT }
//	           | ( "cancel" | "expire" ) "subscription" ID
//	           | "group" NAME [ "distribution" ] [ "parent" NAME ]
//	           | "mode" ( "org" | "group" )
//	           | "setting" ( "preserve-on-group-change" | "suppress-emails" | "sso" ) ( "on" | "off" ) [ "ack" ]
//	           | "setting" "retention" DUR
//	           | "site" NAME "attendee" ( "on" | "off" )
//	           | "template" NAME [ "group" NAME ] "with" entry { "," entry } options
//	           | "delete" "template" NAME [ "preserve-off" ] [ "ack" ]
//	           | "remove" KIND "from" "template" NAME options
//	           | "location" ID [ QUOTED ] [ "disabled" ]
//	           | "numbers" ID E164 "count" INT [ "inactive" ]
//	           | "users" population
//	           | "sync" ( "users" population | ( "move" | "join" ) INT [ "users" ] "from" NAME "to" NAME
//	           | "remove" INT [ "users" ] "from" NAME | "renumber" INT [ "users" ] [ "in" NAME ]
//	           | "fix-numbers" [ "in" NAME ] )
//	           | "sign-in" ( INT | "all" ) [ "users" ] [ "in" NAME ]
//	           | "csv" "set" KIND "=" ( "TRUE" | "FALSE" ) { "," ... } [ "for" ( INT | "all" ) [ "users" ] ] [ "in" NAME ] [ "ack" ]
//	           | "calling" "retry" [ "in" NAME ]
//	           | "update" ( INT | "all" ) [ "users" ] [ "in" NAME ] "to" KIND { "," KIND } [ "ack" ]
//	           | "work-numbers" INT [ "users" ] [ "in" NAME ] "by" ( "control-hub" | "csv" | "directory" ) ( "valid" | "invalid" )
//	           | "broadworks" ( "org" ID "users" INT [ "verified-domain" ] | "enterprise" ID [ QUOTED ]
//	           | "provision" INT [ "subscribers" ] "of" ID [ "package" PKG ] [ "emails-of" ID ]
//	           | "approve" ID | "retry" ID )
//	           | "expect" ( metric op INT | INT "users" "hold" KIND ) .
//	entry      = KIND [ "@" SUBSCRIPTION ] .
//	options    = { "existing" | "preserve-off" | "ack" } .
//	population = INT { "in" NAME { "," NAME } | "work" PCT | "inactive" | "prefix" NAME } .
//	metric     = "users" [ "holding" KIND ] | "units" "used" KIND "on" ID
//	           | "calling" ( "placed" | "failures" [ REASON ] ) | "broadworks" STATUS | "app" "lagging" .
//	op         = "=" | ">=" | "<=" .
//
// Header statements set the run up wherever they appear; a statement
// without "at" or "every" happens at time 0; "every" starts one interval in
// unless "from" says otherwise, and its "until" is its last time, above 0s
// and not before its first; statements due at one time run in file order.
// Defaults: seed 1, until 365d, start 2026-01-01T00:00:00Z, domain
// example.com, app delay 24h, BroadWorks delay 2m to 5m, no faults, checks
// after every event.
//
// A population of N users gets e-mails PREFIXk@DOMAIN (the prefix defaults
// to the first group's name in lower case, k counts across the run and
// skips an e-mail a user of the org already has). With
// "work P%", exactly round(N×P) of them, drawn from the seeded source, get a
// free pre-provisioned number of the inventory as their work number; the
// others get an unusable one: none, a non-E.164 text or an unknown number
// (CAL-3). "users" is an admin's add, "sync users" a directory-sync batch;
// both give each user their work number (NewUser.WorkNumber), and the
// engine places the synced users a calling template governs by it (CAL-2),
// while an admin's add, which gives no placement, places nobody
// (NoPlacement, CAL-4). "sync move", "remove" and "renumber" draw their
// users from the group in user order; "sync join" adds users of one group
// to another; a join or move into a calling template's group is tried at
// once (CAL-8). "renumber" and "fix-numbers" set work numbers by directory
// sync, "fix-numbers" a valid one for every user in the failure report
// (CAL-6). "work-numbers ... by control-hub|csv|directory" sets work
// numbers by that channel (assignment.SetWorkNumber); a synced user's edit
// outside the directory is refused and traced as refused (CAL-8); no
// work-number edit places anyone (CAL-7, CAL-8). "calling retry [in G]"
// re-applies, with existing scope and preserve on, the live templates
// granting Webex Calling that govern G's members (the org template in org
// mode): every governed user without Webex Calling is tried again by their
// work number (CAL-5, CAL-8). "cancel" and "expire subscription" are
// assignment.CancelSubscription (CAL-10). "update" is a full-set license
// update per user (LIC-7).
//
// An expectation compares a metric with a count at its time; an unmet one
// fails the run with the actual value. Example:
//
//	until 10d
//	subscription sub-1 "Advanced Messaging"=10000, "Webex Calling Professional"=10000
//	location sjc "San Jose"
//	numbers sjc +14085550000 count 12000
//	group Sales
//	mode group
//	template sales group Sales with "Basic Messaging", "Advanced Messaging", "Webex Calling Professional"
//	at 1h sync users 10000 in Sales work 95%
//	at 48h expect 9500 users hold "Webex Calling Professional"
//
// # Webex Calling
//
// A scenario that uses calling — a location, numbers, a work-number edit, a
// calling retry, or a subscription with a kind that needs a placement —
// runs with a calling inventory attached to the org (calling.Attach). The
// engine then places users and destroys calling data itself and lists
// both in every plan (Plan.Calling): the simulator traces each Placed,
// NotPlaced and Destroyed change per user, counts the placements, reports
// the failures by reason from the placer's CAL-6 report
// (calling.Placer.Failures), and adds locations and numbers to the
// placer's inventory. A scenario without calling runs without an
// inventory. The CAL-6 report leaves out users added by hand without a
// placement (NoPlacement, CAL-4), whom the engine never hands to the
// placer; their NotPlaced changes are in the trace.
//
// A user "sync remove" removes is deleted (assignment.DeleteUser): every
// license and the calling data go, traced, and later batches skip the
// user. The BroadWorks cloud is a model of its own: its subscribers do not
// appear in the assignment org.
package sim
