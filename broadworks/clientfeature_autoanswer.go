package broadworks

import (
	"fmt"
	"slices"
)

// TagAutoAnswer is the config tag auto-answer with tone needs enabled.
const TagAutoAnswer = "%ENABLE_AUTO_ANSWER_WXT%"

// SharedCallAppearance is one shared call appearance of a user, with the
// three settings auto-answer looks at (BW-31). The zero value has all three
// off.
type SharedCallAppearance struct {
	Name                   string
	AlertAllForClickToDial bool // Click-to-Dial alerts all appearances
	AllowTermination       bool // "allow termination to this location"
	LocationEnabled        bool
}

// blocksAutoAnswer: an SCA is fine when any one of the three is off.
func (a SharedCallAppearance) blocksAutoAnswer() bool {
	return a.AlertAllForClickToDial && a.AllowTermination && a.LocationEnabled
}

// AutoAnswerSetup is what auto-answer with tone depends on (BW-31).
type AutoAnswerSetup struct {
	WebexPrimaryLine bool     // the Webex app is the primary line appearance
	ConfigTags       []string // enabled config tags
	SCAs             []SharedCallAppearance
}

// MissingAutoAnswer lists why auto-answer with tone does not work, empty
// when it does: the Webex app not the primary line appearance, TagAutoAnswer
// not enabled, and each shared call appearance with Click-to-Dial alerting
// of all appearances, termination to its location and the location all
// enabled (any one off, preferably the alerting, clears it). Each SCA is
// judged on its own; with none the SCA condition holds.
func (s AutoAnswerSetup) MissingAutoAnswer() []string {
	var missing []string
	if !s.WebexPrimaryLine {
		missing = append(missing, "the Webex app is not the primary line appearance")
	}
	if !slices.Contains(s.ConfigTags, TagAutoAnswer) {
		missing = append(missing, TagAutoAnswer+" is not enabled")
	}
	for i, a := range s.SCAs {
		if a.blocksAutoAnswer() {
			missing = append(missing, fmt.Sprintf(
				"shared call appearance %d (%q) alerts all appearances for Click-to-Dial at an enabled location allowing termination",
				i, clip(a.Name)))
		}
	}
	return missing
}
