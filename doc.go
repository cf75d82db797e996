// Package wxlicense models how a Webex organization's licenses are
// assigned, so that a program can answer "what will this license change do
// to my org, and why?" before anyone makes it for real.
//
// The module is a set of packages, each modelling one domain noun of
// docs/SPEC.md; dependencies point one way, from the top of this list
// to the bottom:
//
//   - [github.com/wxlicense/wxlicense/license]: the catalog of license
//     kinds and the rules between them (requirements, implications,
//     exclusive families, refused downgrades), license sets as bitsets,
//     subscriptions and their unit ledger, and license IDs. No org state.
//     SPEC section 1 (LIC-*).
//   - [github.com/wxlicense/wxlicense/assignment]: the org — users, groups,
//     templates, units consumed — and the engine that turns every action
//     into an explained, all-or-nothing [assignment.Plan]. SPEC section 2
//     (ASG-*), and the user-level requests of section 1.
//   - [github.com/wxlicense/wxlicense/featurematrix]: which app features a
//     set of active licenses unlocks, and why not. SPEC section 4 (FM-*).
//
// Everything is deterministic: no wall clock (time is a parameter), no
// global random source, no map-order dependence. Every action is first
// computed as a plan; applying it changes exactly what the plan lists, and
// a rejected action changes nothing.
//
// A short example:
//
//	cat := license.MustDefault()
//	org := assignment.New("acme", cat)
//	org.Do(assignment.AddSubscription{Subscription: license.Subscription{
//		ID: "sub-1", Units: map[license.Kind]int{license.AdvancedMessaging: 10}}})
//	org.Do(assignment.SaveTemplate{Licenses: []assignment.Entry{
//		{Kind: license.BasicMessaging}, {Kind: license.AdvancedMessaging}}})
//	p, _ := org.Do(assignment.AddUsers{Users: []assignment.NewUser{{Email: "ann@acme.com"}}})
//	for _, line := range p.Lines() {
//		fmt.Println(line) // ann@acme.com: grant Advanced Messaging from sub-1 (...)
//	}
package wxlicense
