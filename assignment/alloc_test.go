package assignment

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"

	"github.com/wxlicense/wxlicense/license"
)

// TestAddUsersAndCloneKeepGroupsApart checks users added in one batch, and
// a clone's users, through membership changes: each user's groups change
// alone, and the clone's do not follow the org's.
func TestAddUsersAndCloneKeepGroupsApart(t *testing.T) {
	o := New("x", license.MustDefault())
	for _, a := range []Action{
		SwitchMode{Mode: GroupMode}, AddGroup{Name: "a"}, AddGroup{Name: "b"}, AddGroup{Name: "c"},
		AddUsers{Users: []NewUser{{Email: "u@x.com", Groups: []string{"a"}}, {Email: "v@x.com", Groups: []string{"b", "a"}}, {Email: "w@x.com"}}},
	} {
		if _, err := o.Do(a); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	c := o.Clone()
	for _, a := range []Action{JoinGroup{User: "u@x.com", Group: "c"}, LeaveGroup{User: "v@x.com", Group: "b"}} {
		if _, err := o.Do(a); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	groups := func(o *Org) [][]string {
		var out [][]string
		for info := range o.Users() {
			out = append(out, slices.Clone(info.Groups))
		}
		return out
	}
	if d := cmp.Diff([][]string{{"a", "c"}, {"a"}, nil}, groups(o)); d != "" {
		t.Errorf("org (-want +got):\n%s", d)
	}
	if d := cmp.Diff([][]string{{"a"}, {"b", "a"}, nil}, groups(c)); d != "" {
		t.Errorf("clone (-want +got):\n%s", d)
	}
	if err := o.CheckInvariants(); err != nil {
		t.Error(err)
	}
	if err := c.CheckInvariants(); err != nil {
		t.Error(err)
	}
}

// TestAddUserEditNamesGroups checks the edit of an added user: its groups,
// quoted, in the order given.
func TestAddUserEditNamesGroups(t *testing.T) {
	o := New("x", license.MustDefault())
	for _, a := range []Action{AddGroup{Name: `sales "emea"`}, AddGroup{Name: "b"}} {
		if _, err := o.Do(a); err != nil {
			t.Fatal(err)
		}
	}
	p, err := o.Plan(AddUsers{Users: []NewUser{{Email: "u@x.com", Groups: []string{"b", `sales "emea"`}}, {Email: "v@x.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Edit{{Op: EditAddUser, User: 0, Value: `groups "b", "sales \"emea\""`}, {Op: EditAddUser, User: 1}}
	if d := cmp.Diff(want, p.Edits); d != "" {
		t.Errorf("edits (-want +got):\n%s", d)
	}
}

// TestAddUserEditsAllocateOncePerBatch checks that the edits of a batch
// of added users, however many users and groups, make the same few
// allocations: their texts are slices of one string. A name that quoting
// lengthens outgrows the string's estimate: the texts stay right.
func TestAddUserEditsAllocateOncePerBatch(t *testing.T) {
	o := New("x", license.MustDefault())
	names := []string{"sales", "b", "a much longer group name"}
	for _, n := range names {
		if _, err := o.Do(AddGroup{Name: n}); err != nil {
			t.Fatal(err)
		}
	}
	users := make([]user, 300)
	var arena groupArena
	for i := range users {
		gs := []GroupID{GroupID(i % 3), GroupID((i + 1) % 3), GroupID((i + 2) % 3)}[:i%4%3+1]
		users[i].groupOff, users[i].groupN = uint32(len(arena)), uint16(len(gs))
		arena = append(arena, gs...)
	}
	var es []Edit
	if n := testing.AllocsPerRun(10, func() { es = o.appendUserEdits(nil, 7, users, arena) }); n != 2 {
		t.Errorf("%v allocations, want 2 (edits, text)", n)
	}
	if got, want := es[5].Value, `groups "a much longer group name", "sales"`; len(es) != 300 || es[5].User != 12 || got != want {
		t.Errorf("%d edits, edit 5 = %+v, want 300, user 12 and %q", len(es), es[5], want)
	}
	// After an import's work-number edits, in room left for them: no copy.
	work := Edit{Op: EditWorkNumber, User: 2, Value: "+48221234567"}
	room := make([]Edit, 1, 301)
	if n := testing.AllocsPerRun(10, func() { room[0] = work; es = o.appendUserEdits(room[:1], 7, users, arena) }); n != 1 {
		t.Errorf("%v allocations after an edit with room, want 1 (text)", n)
	}
	if len(es) != 301 || es[0] != work || es[6].User != 12 {
		t.Errorf("%d edits, first %+v, edit 6 for user %d: want 301, the work number first, user 12", len(es), es[0], es[6].User)
	}
	// After edits that fill their slice: one allocation for all.
	full := make([]Edit, 200)
	if n := testing.AllocsPerRun(10, func() { es = o.appendUserEdits(full, 7, users, arena) }); n != 2 {
		t.Errorf("%v allocations after 200 edits, want 2 (edits, text)", n)
	}
	if len(es) != 500 || es[205].User != 12 {
		t.Errorf("%d edits, edit 205 for user %d: want 500, user 12", len(es), es[205].User)
	}
	if _, err := o.Do(AddGroup{Name: "say \"hi\" é"}); err != nil {
		t.Fatal(err)
	}
	for i := range users {
		arena[users[i].groupOff] = 3
	}
	es = o.appendUserEdits(nil, 7, users, arena)
	want := []string{`groups "say \"hi\" é"`, `groups "say \"hi\" é", "a much longer group name"`, `groups "say \"hi\" é", "sales", "b"`}
	for i, w := range want {
		if es[i].Value != w {
			t.Errorf("with a name quoting lengthens, edit %d = %q, want %q", i, es[i].Value, w)
		}
	}
}

// TestAddUserEditsShareRunTexts checks the texts of added users' edits
// against a plain rendering, for a batch of 36 distinct runs of one to
// three groups, interleaved (two pairs of them share a slot of runTexts),
// and runs of no group and of four or five: every text is right, and
// users given the same one to three groups in the same order mostly share
// one text (a run another took the slot of is written again).
func TestAddUserEditsShareRunTexts(t *testing.T) {
	o := New("x", license.MustDefault())
	for i := range 12 {
		if _, err := o.Do(AddGroup{Name: fmt.Sprintf("g%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	var users []user
	var arena groupArena
	for i := range 600 {
		n := i % 6 // 0 to 5 groups
		gs := make([]GroupID, 0, n)
		for j := range n {
			gs = append(gs, GroupID((i/6+j*5)%12))
		}
		users = append(users, user{groupOff: uint32(len(arena)), groupN: uint16(n)})
		arena = append(arena, gs...)
	}
	es := o.appendUserEdits(nil, 0, users, arena)
	shared, texts := 0, map[*byte]bool{} // the edits of runs of one to three groups, their texts
	for i, e := range es {
		var want []string
		for _, g := range users[i].groupsIn(arena) {
			want = append(want, strconv.Quote(o.groups[g].name))
		}
		w := ""
		if len(want) > 0 {
			w = "groups " + strings.Join(want, ", ")
		}
		if e.Op != EditAddUser || e.User != UserID(i) || e.Value != w {
			t.Fatalf("edit %d = %+v, want add user %d, %q", i, e, i, w)
		}
		if n := users[i].groupN; n >= 1 && n <= 3 {
			shared++
			texts[unsafe.StringData(e.Value)] = true
		}
	}
	if len(texts) > shared/3 { // 36 runs in 300 edits
		t.Errorf("%d texts for %d edits of 36 runs, want at most a third as many", len(texts), shared)
	}
}

// TestAddUsersPlanSizesItsChangesOnce checks that a large batch's plan
// makes a fixed number of allocations, whatever its size, and that its
// changes are sized from the first users' (growFor), not from a bound.
func TestAddUsersPlanSizesItsChangesOnce(t *testing.T) {
	o := New("x", license.MustDefault())
	users := make([]NewUser, 2000)
	for i := range users {
		users[i] = NewUser{Email: fmt.Sprintf("u%d@x.com", i)}
	}
	var p *Plan
	// 16, and 18 under the race detector; growing the changes by append
	// would add about ten.
	if n := testing.AllocsPerRun(5, func() { p, _ = o.Plan(AddUsers{Users: users}) }); n > 18 {
		t.Errorf("planning 2000 users makes %v allocations, want at most 18", n)
	}
	if n := len(p.Changes); n != 8000 || cap(p.Changes) > n*5/4 {
		t.Errorf("%d changes in room for %d, want 8000 (3 free defaults and a welcome each) in room for at most a quarter more", n, cap(p.Changes))
	}
}

// TestAddUsersString checks the action's description, as fmt would print
// the e-mails: "add users [a b]", up to ten of them, and then a count.
func TestAddUsersString(t *testing.T) {
	var eleven AddUsers
	for i := range 11 {
		eleven.Users = append(eleven.Users, NewUser{Email: fmt.Sprintf("u%d@x.com", i)})
	}
	ten := AddUsers{Users: eleven.Users[:10]}
	if got, want := ten.String(), fmt.Sprintf("add users %v", emailsOf(ten)); got != want {
		t.Errorf("ten users: String() = %q, want %q", got, want)
	}
	if got, want := eleven.String(), "add users [u0@x.com u1@x.com u2@x.com u3@x.com u4@x.com u5@x.com u6@x.com u7@x.com u8@x.com u9@x.com and 1 more]"; got != want {
		t.Errorf("eleven users: String() = %q, want %q", got, want)
	}
	long := AddUsers{Users: slices.Repeat(eleven.Users, 1_000)}
	for _, a := range []AddUsers{ten, eleven, long} {
		if n := testing.AllocsPerRun(10, func() { _ = a.String() }); n != 1 {
			t.Errorf("%d users: %v allocations, want 1 (the text, sized at once)", len(a.Users), n)
		}
	}
	for _, tc := range []struct {
		a    AddUsers
		want string
	}{
		{AddUsers{}, "add users []"},
		{AddUsers{Users: []NewUser{{Email: "a@x.com"}}}, "add users [a@x.com]"},
		{AddUsers{Users: []NewUser{{Email: "a@x.com"}, {Email: ""}, {Email: "B C@x.com"}}}, "add users [a@x.com  B C@x.com]"},
	} {
		if got := tc.a.String(); got != tc.want || got != fmt.Sprintf("add users %v", emailsOf(tc.a)) {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

func emailsOf(a AddUsers) []string {
	out := make([]string, len(a.Users))
	for i, u := range a.Users {
		out[i] = u.Email
	}
	return out
}

// TestParseCSVRowsOwnTheirCells checks the rows' cells, carved from one
// array: each row's are its own, a bad cell keeps those before it, and
// TRUE and FALSE are read in any case.
func TestParseCSVRowsOwnTheirCells(t *testing.T) {
	cat := license.MustDefault()
	data := "User ID/Email (Required),Advanced Messaging,Unified CM\na@x.com,true,False\nb@x.com,,TRUE\nc@x.com,TRUE,maybe\nd@x.com,FALSE,\n"
	f, err := ParseCSV(cat, []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	am, ucm := CSVColumn{Kind: license.AdvancedMessaging}, CSVColumn{Kind: license.UnifiedCM}
	want := [][]CSVCell{{{am, true}, {ucm, false}}, {{ucm, true}}, {{am, true}}, {{am, false}}}
	for i, r := range f.Rows {
		if d := cmp.Diff(want[i], r.Cells); d != "" {
			t.Errorf("row %d (-want +got):\n%s", i, d)
		}
		if (r.Err != nil) != (i == 2) {
			t.Errorf("row %d: error %v", i, r.Err)
		}
	}
	_ = append(f.Rows[1].Cells, CSVCell{am, false})
	if d := cmp.Diff(want[2], f.Rows[2].Cells); d != "" {
		t.Errorf("growing one row's cells changed the next (-want +got):\n%s", d)
	}
}
