package broadworks

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// CheckInvariants reports two persons of an org tied to one engine user
// (whose licenses they would share), each later person once against the
// first, in e-mail order, the same on every call.
func TestInvariantOneEngineUserPerPerson(t *testing.T) {
	c := fixture(t)
	id := existing(t, c, 4, OrgSetup{})
	checkInv(t, c)
	o := c.orgs[id]
	o.persons["x3@x.example"].engEmail = "X0@x.example" // the engine's e-mails are case-insensitive
	o.persons["x1@x.example"].engEmail = "x0@x.example"
	var got []string
	for _, v := range c.CheckInvariants() {
		got = append(got, v.Rule+" "+v.Org+": "+v.Detail)
	}
	want := []string{
		"state x: persons x0@x.example and x1@x.example are one engine user",
		"state x: persons x0@x.example and x3@x.example are one engine user",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("violations (-want +got):\n%s", d)
	}
	first := c.CheckInvariants()
	for range 10 {
		if again := c.CheckInvariants(); !slices.Equal(first, again) {
			t.Fatalf("order changed:\n%v\n%v", first, again)
		}
	}
}
