package sim

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
)

// The group index kept from plan edits agrees with the org's groups after
// adds, moves and removals, and the e-mail table with the org's users.
func TestNamesFollowOrg(t *testing.T) {
	sc := MustParse("n.scn", `until 5d
group Sales
group Support
at 1h sync users 30 in Sales
at 1h users 5 in Sales, Support
at 1d sync move 7 from Sales to Support
at 2d sync remove 3 from Support
at 3d users 2
`)
	s, err := New(sc, 3, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Run(); err != nil {
		t.Fatal(err)
	}
	for g := range s.org.Groups() {
		var want []assignment.UserID
		for _, e := range g.Members {
			id, _ := s.org.LookupUser(e)
			want = append(want, id)
		}
		if d := cmp.Diff(want, s.names.members[g.Name]); d != "" {
			t.Errorf("group %s (-org +index):\n%s", g.Name, d)
		}
	}
	for u := range s.org.Users() {
		if got := s.names.user(u.ID); got != u.Email {
			t.Errorf("user %d: %s, org says %s", u.ID, got, u.Email)
		}
	}
}
