// Package wxlicense models how a Webex organization's licenses are
// assigned, so that a program can answer "what will this license change do
// to my org, and why?" before anyone makes it for real.
//
// The module is a set of packages, each modelling one domain noun of
// docs/SPEC.md; dependencies point one way, from the top of this list to
// the bottom:
//
//   - [github.com/wxlicense/wxlicense/license]: the catalog of license
//     kinds and the rules between them (requirements, implications,
//     exclusive families, refused downgrades), license sets as bitsets,
//     subscriptions and their unit ledger, and license IDs. No org state.
//     SPEC section 1 (LIC-*).
//   - [github.com/wxlicense/wxlicense/assignment]: the org — users, groups,
//     templates, units consumed, the app view — and the engine that turns
//     every action into an explained, all-or-nothing [assignment.Plan].
//     SPEC section 2 (ASG-*), and the user-level requests of section 1.
//   - [github.com/wxlicense/wxlicense/calling]: Webex Calling — E.164
//     numbers, the calling inventory, placements by work number or by the
//     admin, calling profiles and their irreversible removal; attached to
//     an org it places users in every plan. SPEC section 3 (CAL-*).
//   - [github.com/wxlicense/wxlicense/featurematrix]: which app features a
//     user's active licenses unlock, as the app sees them, and why not.
//     SPEC section 4 (FM-*).
//   - [github.com/wxlicense/wxlicense/broadworks]: Webex for Cisco
//     BroadWorks — partners, enterprises, subscribers and their status
//     machine, the customer orgs they are provisioned into, billing and
//     the rest of the partner's tools. SPEC section 5 (BW-*).
//   - [github.com/wxlicense/wxlicense/webexapi]: the Webex REST API's JSON
//     shapes (Licenses, People, PATCH /licenses/users, Numbers,
//     Locations), read and written through the packages above.
//   - [github.com/wxlicense/wxlicense/sim]: a deterministic simulator of an
//     org's life in virtual time, driven by plain-text scenarios, checking
//     the invariants of SPEC section 7 after every event (SIM-*, INV-*);
//     cmd/wxsim runs it from the command line.
//
// Everything is deterministic: no wall clock (time is a parameter), no
// global random source, no map-order dependence. Every action is first
// computed as a plan; applying it changes exactly what the plan lists, and
// a rejected action changes nothing.
//
// A short example:
//
//	org := assignment.New("acme", license.MustDefault())
//	org.Do(assignment.AddSubscription{Subscription: license.Subscription{
//		ID: "sub-1", Units: map[license.Kind]int{license.AdvancedMessaging: 10}}})
//	org.Do(assignment.SaveTemplate{Licenses: []assignment.Entry{
//		{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging}}})
//	p, _ := org.Do(assignment.AddUsers{Users: []assignment.NewUser{{Email: "ann@acme.com"}}})
//	for _, line := range p.Lines() {
//		fmt.Println(line) // ann@acme.com: grant Advanced Messaging from "sub-1" (...)
//	}
package wxlicense
