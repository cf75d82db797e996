package sim

import _ "embed"

//go:embed default.scn
var defaultScenario string

// DefaultScenario returns the scenario wxsim runs with no arguments: a
// 2,000-user org rolling Webex Calling out by directory sync, with bad work
// numbers and their fix, over 30 virtual days.
func DefaultScenario() *Scenario { return MustParse("default.scn", defaultScenario) }
