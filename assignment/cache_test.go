package assignment

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxlicense/wxlicense/license"
)

// TestMemoTable checks the decision memo's table (memo.go) against what
// was put: keys that differ in one field only are different keys, every
// key put is found with its decision index through resizes and
// collisions, and a key never put is not found.
func TestMemoTable(t *testing.T) {
	var m table[memoKey]
	if _, ok := m.get(memoKey{}); ok {
		t.Fatal("an empty table found a key")
	}
	base := memoKey{held: license.SetOf(1, 3), admin: license.SetOf(20), ts: 0x0002_0001, placed: true}
	variants := []memoKey{base, base, base, base, base}
	variants[1].held = license.SetOf(1)
	variants[2].admin = license.Set{}
	variants[3].ts = 0x0001
	variants[4].placed = false
	var keys []memoKey
	keys = append(keys, variants...)
	for i := range 300 { // far more than the first table holds
		keys = append(keys, memoKey{held: license.SetOf(license.Kind(i%7), license.Kind(100+i%90)), admin: license.SetOf(license.Kind(i % 3)), ts: uint64(i/21 + 10), placed: i%2 == 0})
	}
	for i := range keys {
		for j := range keys {
			if (i == j) != (keys[i] == keys[j]) {
				t.Fatalf("key %d equal to key %d: %v", i, j, keys[i] == keys[j])
			}
		}
	}
	for i := range keys {
		if _, ok := m.get(keys[i]); ok {
			t.Fatalf("key %d found before it was put", i)
		}
		m.put(keys[i], uint32(i))
		size := 16 // the smallest power of two that is at most three quarters full
		for 4*(i+1) > 3*size {
			size *= 2
		}
		if len(m.slots) != size {
			t.Fatalf("%d keys in %d slots, want %d", i+1, len(m.slots), size)
		}
		for j := range i + 1 {
			if di, ok := m.get(keys[j]); !ok || di != uint32(j) {
				t.Fatalf("after %d puts, key %d: got %d, %v; want %d", i+1, j, di, ok, j)
			}
		}
	}
	if m.n != len(keys) {
		t.Errorf("%d keys counted, want %d", m.n, len(keys))
	}
}

// TestEmailIndexSize pins the e-mail index's size: the smallest power of
// two, at least 16, that keeps it under three quarters full, so that it
// costs a few bytes per user; reserve makes the room once.
func TestEmailIndexSize(t *testing.T) {
	var users emailList
	x := newEmailIndex()
	for i := range 100 {
		users = append(users, fmt.Sprintf("u%d@x.com", i))
		x.addSum(UserID(i), x.sum(users[i]))
		want := 16
		for want <= (i+1)*4/3 {
			want *= 2
		}
		if len(x.slots) != want {
			t.Fatalf("%d users in %d slots, want %d", i+1, len(x.slots), want)
		}
	}
	x.reserve(28) // 128 users: still fits 256 slots
	if len(x.slots) != 256 {
		t.Fatalf("reserve for 128 users: %d slots, want 256", len(x.slots))
	}
	x.reserve(156) // 256 users: two thirds of 512 slots
	if len(x.slots) != 512 {
		t.Fatalf("reserve for 256 users: %d slots, want 512", len(x.slots))
	}
	for i := range 100 {
		if id, ok := x.get(&users, users[i]); !ok || id != UserID(i) {
			t.Fatalf("after reserve, get(%s) = %d, %v", users[i], id, ok)
		}
	}
}

// stubPlacer is a placer that is never asked anything: decisionFor only
// looks at whether the org has one.
type stubPlacer struct{ Placer }

// TestDecisionForSharesOnlyAlikeUsers checks which users the decision
// memo (decisionFor in engine.go) makes share a decision: users alike in
// held set, current templates, administered sites' attendee roles and,
// without a placer, admin placement — with or without sparse extras —
// and no one with more than four templates, on a membership change, or
// with the memo off.
func TestDecisionForSharesOnlyAlikeUsers(t *testing.T) {
	o := New("o", license.MustDefault("a.webex.com"))
	mustDoInternal(t, o, SwitchMode{Mode: GroupMode})
	grants := []license.Kind{license.BasicMessaging, license.BasicMeetings, license.CallOnWebex, license.BasicMessaging, license.BasicMeetings, license.CallOnWebex}
	for i, k := range grants {
		g := fmt.Sprintf("g%d", i)
		mustDoInternal(t, o, AddGroup{Name: g})
		mustDoInternal(t, o, SaveTemplate{Group: g, Licenses: []Entry{{Kind: k}}, Scope: Future})
	}
	site := o.cat.Sites()[0]
	plain := func(*Org) *user { return &user{} }
	withX := func(x extra) func(*Org) *user {
		return func(o *Org) *user {
			var u user
			o.users.setExtra(&u, &x)
			return &u
		}
	}
	withAttrs := func(x userAttrs) func(*Org) *user {
		return func(o *Org) *user {
			var u user
			o.users.setAttrs(&u, x)
			return &u
		}
	}
	admin := withAttrs(userAttrs{siteAdmin: []string{site}})
	placed := withAttrs(userAttrs{placement: Placement{Location: "HQ", Number: "+15550100"}})
	manual := withX(extra{manual: license.SetOf(license.BasicMessaging)})
	holds := func(*Org) *user { return &user{held: license.SetOf(license.BasicMessaging)} }
	ts := func(n int) []TemplateID {
		var s []TemplateID
		for i := range n {
			s = append(s, TemplateID(i))
		}
		return s
	}
	type call struct {
		u  func(*Org) *user
		ts []TemplateID
	}
	for _, tc := range []struct {
		name   string
		calls  []call
		want   []uint32 // the decision index of each call
		shared []bool   // of each decision
		setup  func(a *application)
	}{
		{"alike users share, the last key or not",
			[]call{{plain, ts(1)}, {plain, ts(1)}, {holds, ts(1)}, {plain, ts(1)}, {holds, ts(1)}},
			[]uint32{0, 0, 1, 0, 1}, []bool{true, true}, nil},
		{"templates in the key",
			[]call{{plain, ts(1)}, {plain, ts(2)}, {plain, ts(4)}, {plain, ts(2)}, {plain, ts(4)}, {plain, []TemplateID{1}}, {plain, ts(1)}, {plain, nil}, {plain, ts(1)}},
			[]uint32{0, 1, 2, 1, 2, 3, 0, 4, 0}, []bool{true, true, true, true, true}, nil},
		{"more than four templates: each alone",
			[]call{{plain, ts(5)}, {plain, ts(5)}, {plain, ts(6)}},
			[]uint32{0, 1, 2}, []bool{false, false, false}, nil},
		{"sparse extras share with users without",
			[]call{{plain, ts(1)}, {manual, ts(1)}, {withX(extra{}), ts(1)}},
			[]uint32{0, 0, 0}, []bool{true}, nil},
		{"a site admin decides apart",
			[]call{{plain, ts(1)}, {admin, ts(1)}, {plain, ts(1)}, {admin, ts(1)}},
			[]uint32{0, 1, 0, 1}, []bool{true, true}, nil},
		{"without a placer, an admin placement decides apart",
			[]call{{plain, ts(2)}, {placed, ts(2)}, {manual, ts(2)}, {placed, ts(2)}},
			[]uint32{0, 1, 0, 1}, []bool{true, true}, nil},
		{"with a placer, an admin placement does not",
			[]call{{plain, ts(2)}, {placed, ts(2)}},
			[]uint32{0, 0}, []bool{true}, func(a *application) { a.o.placer = stubPlacer{} }},
		{"memo off",
			[]call{{plain, ts(1)}, {plain, ts(1)}},
			[]uint32{0, 1}, []bool{false, false}, func(a *application) { a.o.memoOff = true }},
		{"membership change",
			[]call{{plain, ts(1)}, {plain, ts(1)}},
			[]uint32{0, 1}, []bool{false, false}, func(a *application) { a.regroup = &regroup{id: NoUser} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := o.Clone()
			a := o.newApplication(&Plan{}, addOnly, BecauseTemplate, NoTemplate)
			if tc.setup != nil {
				tc.setup(a)
			}
			var got []uint32
			for _, c := range tc.calls {
				got = append(got, a.memoDecision(c.u(o), c.ts))
			}
			var shared []bool
			for _, d := range a.decisions {
				shared = append(shared, d.shared)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("decision indexes (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.shared, shared); d != "" {
				t.Errorf("shared decisions (-want +got):\n%s", d)
			}
		})
	}
}

// TestCloneKeepsRareAttributesApart checks the user attributes clones
// share (userAttrs, org.go): making a user a site admin in a clone, or in
// the original after the clone, changes neither the other's site admins
// nor placement (ASG-13: only the org where the user administers the site
// refuses them its attendee role), and a user whose licenses all go keeps
// their placement and sites.
func TestCloneKeepsRareAttributesApart(t *testing.T) {
	o := New("o", license.MustDefault("a.webex.com", "b.webex.com", "c.webex.com", "d.webex.com", "e.webex.com"))
	site := o.cat.Sites()[0]
	attendee, _ := o.cat.SiteKind(site, license.RoleAttendee)
	pl := Placement{Location: "HQ", Number: "+15550100"}
	mustDoInternal(t, o, AddUsers{Users: []NewUser{
		{Email: "placed@x.com", Placement: pl, Explicit: true, Licenses: []license.Kind{license.BasicMessaging}},
		{Email: "plain@x.com"},
		{Email: "multi@x.com"},
	}})
	mustDoInternal(t, o, UpdateLicenses{User: "placed@x.com"}) // no licenses left: the attributes stay
	sites := o.cat.Sites()
	for _, s := range sites[:3] { // the sites' slice has room for a fourth
		mustDoInternal(t, o, SetSiteAdmin{User: "multi@x.com", Site: s})
	}
	c := o.Clone()
	mustDoInternal(t, c, SetSiteAdmin{User: "placed@x.com", Site: site})
	mustDoInternal(t, o, SetSiteAdmin{User: "plain@x.com", Site: site})
	mustDoInternal(t, c, SetSiteAdmin{User: "multi@x.com", Site: sites[3]})
	mustDoInternal(t, o, SetSiteAdmin{User: "multi@x.com", Site: sites[4]})
	for _, tc := range []struct {
		org   *Org
		name  string
		site  string
		admin bool
	}{{o, "original", sites[3], false}, {o, "original", sites[4], true}, {c, "clone", sites[3], true}, {c, "clone", sites[4], false}} {
		if p, err := tc.org.Plan(SetSiteAdmin{User: "multi@x.com", Site: tc.site}); err != nil || (len(p.Edits) == 0) != tc.admin {
			t.Errorf("%s: multi@x.com administers %s: %v, want %v", tc.name, tc.site, !tc.admin, tc.admin)
		}
	}
	for _, tc := range []struct {
		org         *Org
		name, email string
		admin       bool
		wantPlaced  bool
	}{
		{o, "original", "placed@x.com", false, true},
		{o, "original", "plain@x.com", true, false},
		{c, "clone", "placed@x.com", true, true},
		{c, "clone", "plain@x.com", false, false},
	} {
		id, _ := tc.org.LookupUser(tc.email)
		info, err := tc.org.User(id)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Placement == pl; got != tc.wantPlaced {
			t.Errorf("%s: %s placed %v, want %v", tc.name, tc.email, info.Placement, tc.wantPlaced)
		}
		p, err := tc.org.Plan(SetSiteAdmin{User: tc.email, Site: site})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(p.Edits) == 0; got != tc.admin {
			t.Errorf("%s: %s administers %s: %v, want %v", tc.name, tc.email, site, got, tc.admin)
		}
		_, err = tc.org.Plan(UpdateLicenses{User: tc.email, Licenses: []license.Kind{attendee}})
		if got := err != nil; got != tc.admin {
			t.Errorf("%s: %s refused the attendee role of %s: %v (%v), want %v", tc.name, tc.email, site, got, err, tc.admin)
		}
	}
}

// TestGrowFor pins the plan's capacity extrapolation: the changes of the
// first users, at the same rate for the rest and an eighth more; nothing
// for no changes, and the changes unchanged.
func TestGrowFor(t *testing.T) {
	changes := make([]Change, 10, 10)
	changes[3].User = 7
	got := growFor(changes, 5, 45) // 2 changes a user, 40 users to go
	if len(got) != 10 || got[3].User != 7 || cap(got) < 10+90 || cap(got) > 10+90+16 {
		t.Errorf("growFor(10 changes, 5 of 45 users): len %d, cap %d, want len 10, cap 100 and a bit", len(got), cap(got))
	}
	if got := growFor(nil, 5, 45); cap(got) != 0 {
		t.Errorf("growFor(no changes): cap %d, want 0", cap(got))
	}
	if got := growFor(changes, 0, 45); cap(got) != 10 {
		t.Errorf("growFor(none seen): cap %d, want 10", cap(got))
	}
}

// LIC-9: the users of one memo class share a decision, but each keeps the
// source changes of their own stored sources: with the org template saved
// again with preserve off, a user given both licenses at creation drops
// both manual marks, a user who took one back by hand drops that one, and
// users with the template alone drop nothing; with preserve on, the
// template dropping a kind marks it retained for every user who keeps it,
// the users without sparse extras by the first one's replay. Each plan is
// the same with the memo off.
func TestSharedClassKeepsOwnSources(t *testing.T) {
	fms, fbm := license.BasicMessaging, license.BasicMeetings
	o := New("o", license.MustDefault("a.webex.com"))
	mustDoInternal(t, o, SetSetting{Setting: SettingSuppressEmails, On: true, Ack: true})
	all := SaveTemplate{Name: "all", Licenses: []Entry{{Kind: fms}, {Kind: fbm}}, Scope: Future}
	mustDoInternal(t, o, all)
	mustDoInternal(t, o, AddUsers{Users: []NewUser{
		{Email: "t0@x.com"},
		{Email: "both@x.com", Explicit: true, Licenses: []license.Kind{fms, fbm}},
		{Email: "t1@x.com"},
		{Email: "one@x.com"},
		{Email: "t2@x.com"},
	}})
	mustDoInternal(t, o, ModifyLicenses{User: "one@x.com", Ops: []LicenseOp{{Kind: fbm, Remove: true}}, Ack: true})
	mustDoInternal(t, o, ModifyLicenses{User: "one@x.com", Ops: []LicenseOp{{Kind: fbm}}, Ack: true})
	type src struct {
		User string
		Kind license.Kind
		Op   Op
		From SourceKind
	}
	sources := func(p *Plan) []src {
		var out []src
		for _, c := range p.Changes {
			if c.Op == Retain || c.Op == DropSource || c.Op == AddSource {
				out = append(out, src{o.users.emailOf(c.User), c.Kind, c.Op, c.Source})
			}
		}
		return out
	}
	exact := all
	exact.Scope, exact.PreserveOff, exact.Ack = Existing, true, true
	dropFBM := SaveTemplate{Name: "all", Licenses: []Entry{{Kind: fms}}, Scope: Existing, Ack: true}
	for _, tc := range []struct {
		a    Action
		want []src
	}{
		{exact, []src{{"both@x.com", fms, DropSource, FromManual}, {"both@x.com", fbm, DropSource, FromManual}, {"one@x.com", fbm, DropSource, FromManual}}},
		{dropFBM, []src{{"t0@x.com", fbm, Retain, 0}, {"both@x.com", fbm, Retain, 0}, {"t1@x.com", fbm, Retain, 0}, {"one@x.com", fbm, Retain, 0}, {"t2@x.com", fbm, Retain, 0}}},
	} {
		p, err := o.Plan(tc.a)
		if err != nil {
			t.Fatal(err)
		}
		o.memoOff = true
		alone, err := o.Plan(tc.a)
		o.memoOff = false
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(planParts(alone), planParts(p)); d != "" {
			t.Errorf("%v: plans differ (-alone +memo):\n%s", tc.a, d)
		}
		if d := cmp.Diff(tc.want, sources(p)); d != "" {
			t.Errorf("%v: source changes (-want +got):\n%s", tc.a, d)
		}
	}
}

// TestSlab pins the blocks sparse parts and retained sources come from
// (slab, org.go): blocks double from one to slabBlock, so that n parts
// take about log2(n) blocks plus n/slabBlock, and each part handed out is
// new, empty and its own; a user's own part holds its first retained
// source in a room from the slab.
func TestSlab(t *testing.T) {
	var s slab
	blocks, last := 0, (*extra)(nil)
	for i := range 3 * slabBlock {
		if len(s.extras.free) == 0 {
			blocks++
		}
		x := s.extras.take()
		if x == last || x.manual != (license.Set{}) || x.retained != nil {
			t.Fatalf("part %d: %p, %+v; the last %p", i, x, *x, last)
		}
		x.manual = license.SetOf(license.BasicMessaging)
		last = x
	}
	if want := 11 + 2; blocks != want || s.extras.next != slabBlock { // 1, 2, ..., 1024 hold 2047, two more the rest
		t.Errorf("%d parts in %d blocks, the last of %d; want %d blocks", 3*slabBlock, blocks, s.extras.next, want)
	}
	r := s.rets.take()[:0:1]
	if s.rets.next != 1 {
		t.Fatalf("room for a retained source: next block %d", s.rets.next)
	}
	r = append(r, retention{t: 1})
	q := append(s.rets.take()[:0:1], retention{t: 2})
	if r[0].t != 1 || q[0].t != 2 {
		t.Fatalf("rooms for retained sources overlap: %v, %v", r, q)
	}

	o := &Org{}
	xOf := func(u *user) *extra { return o.users.extraOf(u) }
	u, v := &user{}, &user{}
	o.retain(u, 1, license.BasicMessaging)
	o.retain(v, 2, license.BasicMessaging)
	o.retain(u, 1, license.AdvancedMessaging)
	o.retain(u, 3, license.BasicMessaging)
	want := []retention{{1, license.SetOf(license.BasicMessaging, license.AdvancedMessaging)}, {3, license.SetOf(license.BasicMessaging)}}
	if d := cmp.Diff(want, xOf(u).retained, cmp.AllowUnexported(retention{}, license.Set{})); d != "" {
		t.Errorf("retained sources (-want +got):\n%s", d)
	}
	if xOf(u) == xOf(v) || len(xOf(v).retained) != 1 || xOf(v).retained[0].t != 2 {
		t.Errorf("second user's retained sources: %v", xOf(v).retained)
	}
	// a user with a manual source holds retained ones in a part of its own,
	// the first in a room from the slab
	w := &user{}
	x := o.own(w)
	x.manual = license.SetOf(license.UnifiedCM)
	o.retain(w, 4, license.BasicMessaging)
	if xOf(w) != x || w.flags&flagSharedExtra != 0 || len(xOf(w).retained) != 1 || cap(xOf(w).retained) != 1 {
		t.Errorf("w's part %p, was %p, sources %v", xOf(w), x, xOf(w).retained)
	}
}

// TestSharedExtra pins the shared sparse parts (sharedParts, org.go):
// users who retain the same share one part, which no change of one user
// changes for another; a part no longer shared is copied first (own); the
// parts outlive an Apply, a clone adds to its own, and past maxShared
// they start over.
func TestSharedExtra(t *testing.T) {
	o := &Org{}
	xOf := func(u *user) *extra { return o.users.extraOf(u) } // of o as it is: the test makes a new one
	u, v, w := &user{}, &user{}, &user{}
	for _, x := range []*user{u, v, w} {
		o.retain(x, 1, license.BasicMessaging)
	}
	o.retain(u, 1, license.AdvancedMessaging)
	o.retain(w, 1, license.AdvancedMessaging)
	one, two := license.SetOf(license.BasicMessaging), license.SetOf(license.BasicMessaging, license.AdvancedMessaging)
	if xOf(u) != xOf(w) || xOf(u) == xOf(v) || xOf(v).retained[0].kinds != one || xOf(u).retained[0].kinds != two || len(o.shared.steps) != 2 {
		t.Fatalf("shared parts: u %p %v, v %p %v, w %p; %d made", xOf(u), xOf(u).retained, xOf(v), xOf(v).retained, xOf(w), len(o.shared.steps))
	}
	for _, x := range []*user{u, v, w} {
		if x.flags&flagSharedExtra == 0 {
			t.Fatalf("%p not flagged shared", xOf(x))
		}
	}
	shared := xOf(u)
	o.own(u).manual = license.SetOf(license.UnifiedCM) // u's own now; w's unchanged
	if xOf(u) == shared || u.flags&flagSharedExtra != 0 || xOf(u).retained[0].kinds != two || !shared.manual.IsEmpty() {
		t.Errorf("own: u %p %+v, shared %+v", xOf(u), *xOf(u), *shared)
	}
	o.unsource(w, license.UnifiedCM, FromManual, NoTemplate) // a shared part has none
	if xOf(w) != shared || len(o.shared.steps) != 2 {
		t.Errorf("a manual source dropped from a shared part: %p, %d parts made", xOf(w), len(o.shared.steps))
	}
	o.unsource(w, license.AdvancedMessaging, FromRetained, 1)
	if xOf(w) != xOf(v) || xOf(w).retained[0].kinds != one || shared.retained[0].kinds != two || w.flags&flagSharedExtra == 0 { // back to v's part
		t.Errorf("unsource: w %p %v, shared %v", xOf(w), xOf(w).retained, shared.retained)
	}
	o.unsource(v, license.BasicMessaging, FromRetained, 1)
	if xOf(v) != nil || v.flags&flagSharedExtra != 0 {
		t.Errorf("unsource of the last: v %p, flags %b", xOf(v), v.flags)
	}
	o.unsource(u, license.BasicMessaging, FromRetained, 1) // u's own part, changed in place
	if xOf(u).retained[0].kinds != license.SetOf(license.AdvancedMessaging) || shared.retained[0].kinds != two {
		t.Errorf("own part: u %v, shared %v", xOf(u).retained, shared.retained)
	}

	// each of what a step is made from, the template, the kind and whether
	// it retains, makes another step; a step to what a part kept holds
	// comes to that part
	o = &Org{}
	a, b, c, d := &user{}, &user{}, &user{}, &user{}
	o.retain(a, 1, license.BasicMessaging)
	o.retain(b, 2, license.BasicMessaging)
	o.retain(c, 1, license.AdvancedMessaging)
	o.retain(d, 1, license.BasicMessaging)
	o.unsource(d, license.BasicMessaging, FromRetained, 2) // not retained from 2: the same again, by another step
	o.retain(d, 2, license.BasicMessaging)
	o.unsource(d, license.BasicMessaging, FromRetained, 2) // back to a's part
	if len(o.shared.steps) != 6 || xOf(a) == xOf(b) || xOf(a) == xOf(c) || xOf(b) == xOf(c) || xOf(d) != xOf(a) || xOf(d).retained[0] != (retention{1, one}) {
		t.Errorf("%d parts: %v %v %v %v", len(o.shared.steps), xOf(a).retained, xOf(b).retained, xOf(c).retained, xOf(d).retained)
	}
	// a removal keeps a shared part that does not store the kind (of a
	// copy of a's record, which holds a's slot: a's part is ax)
	ax := xOf(a)
	o.users.pushAll([]user{*a}, []string{"a@x.com"}, nil, nil)
	o.applyRecord(Change{User: 0, Kind: license.AdvancedMessaging, Op: Remove, Sub: license.NoSub})
	if xOf(o.users.at(0)) != ax || o.users.at(0).flags&flagSharedExtra == 0 {
		t.Errorf("removal of a kind it does not store: %p %b, was %p", xOf(o.users.at(0)), o.users.at(0).flags, ax)
	}
	o.applyRecord(Change{User: 0, Kind: license.BasicMessaging, Op: Remove, Sub: license.NoSub})
	if last := o.shared.steps[len(o.shared.steps)-1]; xOf(o.users.at(0)) != nil || o.users.at(0).flags&flagSharedExtra != 0 || ax.retained[0].kinds != one ||
		last != (sharedStep{stepKey{ax, 1, license.BasicMessaging, false}, nil}) || o.slab.extras.next != 0 {
		t.Errorf("removal of the kind it stores: %p %b; shared %v; by %+v, %d parts copied", xOf(o.users.at(0)), o.users.at(0).flags, ax.retained, last, o.slab.extras.next)
	}

	// the parts outlive an Apply: the next one finds them
	o.slab = slab{}
	e := &user{}
	o.retain(e, 1, license.BasicMessaging)
	if xOf(e) != ax || len(o.shared.steps) != 7 {
		t.Errorf("after an Apply: %p, want %p; %d parts", xOf(e), ax, len(o.shared.steps))
	}
	// a clone's parts are its own to add to
	real, err := NewOrg("acme", license.MustDefault())
	if err != nil {
		t.Fatal(err)
	}
	real.shared = o.shared
	real.shared.steps = append(make([]sharedStep, 0, 16), o.shared.steps...) // room to append in place
	o = real
	n := o.Clone()
	n.retain(&user{}, 9, license.BasicMessaging)
	o.retain(&user{}, 8, license.BasicMessaging)
	if len(o.shared.steps) != 8 || o.shared.steps[7].t != 8 || len(n.shared.steps) != 8 || n.shared.steps[7].t != 9 {
		t.Errorf("clone's parts added to the org's: %+v, clone %+v", o.shared.steps, n.shared.steps)
	}
	if _, ok := o.shared.byStep[stepKey{nil, 9, license.BasicMessaging, true}]; ok {
		t.Error("the clone's step is found in the org")
	}

	// parts of more than four retained sources are not looked up by what
	// they hold: two that differ only in the fifth stay two
	p, q := &user{}, &user{}
	for i := range 4 {
		o.retain(p, TemplateID(20+i), license.BasicMessaging)
		o.retain(q, TemplateID(20+i), license.BasicMessaging)
	}
	o.retain(p, 30, license.BasicMessaging)
	o.retain(q, 31, license.BasicMessaging)
	if xOf(p) == xOf(q) || xOf(p).retained[4].t != 30 || xOf(q).retained[4].t != 31 {
		t.Errorf("five sources: %v and %v", xOf(p).retained, xOf(q).retained)
	}

	// up to scanShared steps a scan finds them, past it the map
	o = &Org{}
	firsts := map[TemplateID]*extra{}
	check := func(n int) {
		t.Helper()
		steps := len(o.shared.steps)
		for i := range TemplateID(n) {
			x := &user{}
			o.retain(x, 100+i, license.BasicMessaging)
			if xOf(x) != firsts[100+i] || len(o.shared.steps) != steps {
				t.Fatalf("template %d again, of %d steps: %p, want %p; %d steps", 100+i, steps, xOf(x), firsts[100+i], len(o.shared.steps))
			}
		}
	}
	for i := range TemplateID(scanShared) {
		x := &user{}
		o.retain(x, 100+i, license.BasicMessaging)
		firsts[100+i] = xOf(x)
	}
	if check(scanShared); o.shared.byStep != nil {
		t.Errorf("a map of %d steps", len(o.shared.byStep))
	}
	for i := TemplateID(scanShared); i < scanShared+4; i++ {
		x := &user{}
		o.retain(x, 100+i, license.BasicMessaging)
		firsts[100+i] = xOf(x)
	}
	check(scanShared + 4)

	// CheckInvariants finds the steps with a scan and then by the map
	real, err = NewOrg("acme", license.MustDefault())
	if err != nil {
		t.Fatal(err)
	}
	for i := range TemplateID(scanShared + 2) {
		u := &user{}
		real.retain(u, i, license.BasicMessaging)
		real.users.setExtra(u, nil) // u is no user of real's: its slot is free
		if err := real.CheckInvariants(); err != nil {
			t.Fatalf("%d steps: %v", i+1, err)
		}
	}

	// past maxShared, the parts start over
	o = &Org{}
	first := &user{}
	o.retain(first, 0, license.BasicMessaging)
	for i := 1; i <= maxShared; i++ {
		x := &user{}
		o.retain(x, TemplateID(i), license.BasicMessaging)
		if x.flags&flagSharedExtra == 0 || xOf(x).retained[0].t != TemplateID(i) {
			t.Errorf("user %d: flags %b, retained %v", i, x.flags, xOf(x).retained)
		}
	}
	again := &user{}
	o.retain(again, 0, license.BasicMessaging)
	if len(o.shared.steps) != 2 || xOf(again) == xOf(first) || xOf(again).retained[0] != xOf(first).retained[0] {
		t.Errorf("%d parts kept; the first made again %p, was %p", len(o.shared.steps), xOf(again), xOf(first))
	}
}

// TestChangesSum checks the checksum by which Apply refuses edited plans
// (changesSum, plan.go): an edit of any field of any change, a change
// more or less, and two changes swapped all change it.
func TestChangesSum(t *testing.T) {
	base := []Change{
		{User: 1, Kind: license.BasicMessaging, Op: Grant, Sub: license.NoSub, From: license.NoSub, Reason: BecauseTemplate, Template: 0, Source: FromTemplate},
		{User: 2, Kind: license.UnifiedCM, Op: Remove, Sub: 0, From: license.NoSub, Reason: BecausePreserveOff, Template: 3},
		{User: 2, Kind: license.AdvancedMessaging, Op: Move, Sub: 1, From: 0, Reason: BecausePin, Template: 4},
	}
	for i := range 6 { // nine changes: two rounds of the four lanes and a tail
		c := base[i%3]
		c.User += UserID(10 * (i + 1))
		base = append(base, c)
	}
	want := changesSum(base)
	edits := map[string]func(c *Change){
		"user":     func(c *Change) { c.User ^= 1 << 20 },
		"kind":     func(c *Change) { c.Kind++ },
		"op":       func(c *Change) { c.Op = Retain },
		"sub":      func(c *Change) { c.Sub = 7 },
		"from":     func(c *Change) { c.From = 7 },
		"reason":   func(c *Change) { c.Reason = BecauseCSV },
		"template": func(c *Change) { c.Template += 1 << 12 },
		"source":   func(c *Change) { c.Source = FromManual },
	}
	for name, edit := range edits {
		for i := range base {
			cs := slices.Clone(base)
			edit(&cs[i])
			if changesSum(cs) == want {
				t.Errorf("an edit of %s in change %d keeps the checksum", name, i)
			}
		}
	}
	for name, cs := range map[string][]Change{
		"one less": base[:len(base)-1],
		"one more": append(slices.Clone(base), base[0]),
		"swapped":  append([]Change{base[1], base[0]}, base[2:]...),
		"lanes":    append(slices.Clone(base[4:8]), append(slices.Clone(base[:4]), base[8])...),
		"none":     nil,
	} {
		if changesSum(cs) == want {
			t.Errorf("%s: the checksum is the same", name)
		}
	}
}

// TestKnownDecisions checks the decisions an org keeps from AddUsers
// plans (memo.go): the next batch adopts them, a clone gets a copy of its
// own, the org keeps at most maxKnown, and it forgets them when the
// placer changes (a new user's decision then no longer depends on their
// placement), so that a batch after it is planned as with every user
// decided alone (setConfig's forgetting is checked by
// TestRapidMemoMatchesAlone, whose saves come between batches).
func TestKnownDecisions(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, AddSubscription{Subscription: license.Subscription{ID: "s", Units: map[license.Kind]int{license.CallingProfessional: 10}}})
	mustDoInternal(t, o, SaveTemplate{Licenses: []Entry{{Kind: license.BasicMessaging}, {Kind: license.CallingProfessional}}})
	mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "a@x.com"}}})
	if o.known == nil || len(o.known.decisions) != 1 {
		t.Fatalf("after a batch the org keeps %+v, want one decision", o.known)
	}
	p, err := o.Plan(AddUsers{Users: []NewUser{{Email: "b@x.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.st.created.learned) != 0 {
		t.Errorf("a batch of a kept decision learned %d", len(p.st.created.learned))
	}
	c := o.Clone()
	mustDoInternal(t, c, AddUsers{Users: []NewUser{{Email: "c@x.com", Placement: Placement{Location: "HQ", Number: "+15550100"}}}})
	if len(c.known.decisions) != 2 || len(o.known.decisions) != 1 || o.known.memo.n != 1 {
		t.Errorf("a clone's batch: the clone keeps %d decisions, the org %d (%d keys), want 2 and 1", len(c.known.decisions), len(o.known.decisions), o.known.memo.n)
	}

	if err := o.SetPlacer(quietPlacer{}); err != nil {
		t.Fatal(err)
	}
	add := AddUsers{Users: []NewUser{{Email: "d@x.com"}}}
	p, err = o.Plan(add)
	if err != nil {
		t.Fatal(err)
	}
	o.memoOff = true
	alone, err := o.Plan(add)
	o.memoOff = false
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(planParts(alone), planParts(p)); d != "" {
		t.Errorf("a batch after SetPlacer (-alone +kept):\n%s", d)
	}

	full := &knownDecisions{decisions: make([]decision, maxKnown)}
	o.known = full
	o.learn([]learned{{key: memoKey{ts: 7}}})
	if len(full.decisions) != maxKnown || full.memo.n != 0 {
		t.Errorf("an org keeping maxKnown decisions learned another: %d, %d keys", len(full.decisions), full.memo.n)
	}
}

// disagreeingPlacer is a placer whose calling data disagrees with the
// org's users.
type disagreeingPlacer struct{ quietPlacer }

var errDisagrees = errors.New("placer disagrees")

func (disagreeingPlacer) Check(func(UserID) bool, int) error { return errDisagrees }

// INV-4: SetPlacer refuses a placer whose calling data disagrees with who
// holds Webex Calling, with the placer's error, and leaves the org as it
// was: no placer, plans made before still fresh.
func TestSetPlacerRefusesDisagreement(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "a@x.com"}}})
	p, err := o.Plan(AddUsers{Users: []NewUser{{Email: "b@x.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := o.SetPlacer(disagreeingPlacer{}); !errors.Is(err, errDisagrees) {
		t.Fatalf("SetPlacer = %v, want the placer's disagreement", err)
	}
	if o.placer != nil {
		t.Errorf("the refused placer is attached")
	}
	if err := o.Apply(p); err != nil {
		t.Errorf("a plan from before the refused SetPlacer: %v", err)
	}
}

// TestSetPlacerStalesPlans checks that SetPlacer moves the org's version
// on: a plan made before it, even one made before an earlier change, is
// stale.
func TestSetPlacerStalesPlans(t *testing.T) {
	o := New("o", license.MustDefault())
	early, err := o.Plan(AddUsers{Users: []NewUser{{Email: "a@x.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "b@x.com"}}})
	if err := o.SetPlacer(quietPlacer{}); err != nil {
		t.Fatal(err)
	}
	if err := o.Apply(early); !errors.Is(err, ErrStalePlan) {
		t.Errorf("a plan from before SetPlacer: Apply = %v, want ErrStalePlan", err)
	}
}
