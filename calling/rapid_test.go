package calling

import (
	"errors"
	"fmt"
	"testing"

	"pgregory.net/rapid"
)

// model is a plain reference of the inventory for the state-machine test.
type model struct {
	locs   map[string]*mLoc
	nums   map[E164]*mNum
	exts   map[[2]string]Owner // location, extension
	placed map[UserKey]Placed
}

type mLoc struct{ enabled, deleted bool }

type mNum struct {
	loc   string
	owner Owner
}

func (m *model) valid(loc string) bool { l := m.locs[loc]; return l != nil && l.enabled && !l.deleted }

// reason is the CAL-3 outcome the model expects for raw, given the
// numbers claimed earlier in the batch.
func (m *model) reason(raw string, claimed map[E164]UserKey) (FailureReason, Owner) {
	if raw == "" {
		return NoWorkNumber, Owner{}
	}
	if !e164RE.MatchString(raw) {
		return NotE164, Owner{}
	}
	n := m.nums[MustParseE164(raw)]
	switch {
	case n == nil:
		return NotPreProvisioned, Owner{}
	case !m.valid(n.loc):
		return LocationNotValid, Owner{}
	case !n.owner.IsZero():
		return NumberInUse, n.owner
	}
	if u, ok := claimed[MustParseE164(raw)]; ok {
		return NumberInUse, UserOwner(u)
	}
	return 0, Owner{}
}

var (
	rapidLocs = []string{"A", "B", "C"}
	rapidRaws = []string{"+4822100001", "+4822100002", "+4822100003", "+4822100004", "+4822100005", "+4822100006", "+4822100007", "+4822100008", "", "4822100001", "+48 22100001", "+04822100001"}
	rapidExts = []string{"1", "2", "10", "010"}
	rapidSvcs = []Owner{{Type: HuntGroup, ID: "hg"}, {Type: CallQueue, ID: "cq"}, {Type: Place, ID: "room"}}
)

// TestInventoryStateMachine runs random sequences of mutations against
// the model: every result agrees with it (CAL-3 order, CAL-12 first wins,
// CAL-9 frees at once), every refusal leaves the inventory unchanged, and
// INV-4 holds after every step — across table growth too.
func TestInventoryStateMachine(t *testing.T) { // INV-4, CAL-3, CAL-9, CAL-12
	rapid.Check(t, func(t *rapid.T) {
		iv := &Inventory{}
		m := &model{locs: map[string]*mLoc{}, nums: map[E164]*mNum{}, exts: map[[2]string]Owner{}, placed: map[UserKey]Placed{}}
		user := rapid.Custom(func(t *rapid.T) UserKey { return UserKey(rapid.IntRange(0, 7).Draw(t, "user")) })
		loc := rapid.SampledFrom(rapidLocs)
		raw := rapid.SampledFrom(rapidRaws)
		t.Repeat(map[string]func(*rapid.T){
			"": func(t *rapid.T) {
				if v := iv.Violations(); len(v) != 0 {
					t.Fatalf("violations: %v", v)
				}
				for u, want := range m.placed {
					p, ok := iv.Profile(u)
					if !ok || p.Location != want.Location || p.Number != want.Number || p.Extension != want.Extension {
						t.Fatalf("profile of %d = %+v, %v; want %v", u, p, ok, want)
					}
				}
			},
			"AddLocation": func(t *rapid.T) {
				id, on := loc.Draw(t, "loc"), rapid.Bool().Draw(t, "enabled")
				err := step(t, iv, func() error { return iv.AddLocation(id, "n"+id, on) })
				if (err == nil) != (m.locs[id] == nil) {
					t.Fatalf("AddLocation(%s): %v", id, err)
				}
				if err == nil {
					m.locs[id] = &mLoc{enabled: on}
				}
			},
			"AddNumbers": func(t *rapid.T) {
				id := loc.Draw(t, "loc")
				var ns []E164
				for _, r := range rapid.SliceOfN(rapid.SampledFrom(rapidRaws[:8]), 1, 3).Draw(t, "nums") {
					ns = append(ns, MustParseE164(r))
				}
				err := step(t, iv, func() error { return iv.AddNumbers(id, true, ns...) })
				ok := m.locs[id] != nil && !m.locs[id].deleted
				seen := map[E164]bool{}
				for _, n := range ns {
					ok = ok && m.nums[n] == nil && !seen[n]
					seen[n] = true
				}
				if (err == nil) != ok {
					t.Fatalf("AddNumbers(%s, %v): %v", id, ns, err)
				}
				for _, n := range ns {
					if ok {
						m.nums[n] = &mNum{loc: id}
					}
				}
			},
			"AddBlock": func(t *rapid.T) { // grows the table under placed users
				id := loc.Draw(t, "loc")
				ns := make([]E164, 10)
				for i := range ns {
					ns[i] = E164{uint64(4823000000 + 10*len(m.nums) + i)}
				}
				err := step(t, iv, func() error { return iv.AddNumbers(id, false, ns...) })
				if ok := m.locs[id] != nil && !m.locs[id].deleted; (err == nil) != ok {
					t.Fatalf("AddNumbers(%s, block): %v", id, err)
				}
				for _, n := range ns {
					if err == nil {
						m.nums[n] = &mNum{loc: id}
					}
				}
				if iv.Len() != len(m.nums) {
					t.Fatalf("Len = %d, want %d", iv.Len(), len(m.nums))
				}
			},
			"SetLocationEnabled": func(t *rapid.T) {
				id, on := loc.Draw(t, "loc"), rapid.Bool().Draw(t, "enabled")
				err := step(t, iv, func() error { return iv.SetLocationEnabled(id, on) })
				ok := m.locs[id] != nil && !m.locs[id].deleted && (on || !m.inUse(id))
				if (err == nil) != ok {
					t.Fatalf("SetLocationEnabled(%s, %v): %v", id, on, err)
				}
				if ok {
					m.locs[id].enabled = on
				}
			},
			"DeleteLocation": func(t *rapid.T) {
				id := loc.Draw(t, "loc")
				err := step(t, iv, func() error { return iv.DeleteLocation(id) })
				ok := m.locs[id] != nil && !m.locs[id].deleted && !m.inUse(id)
				if (err == nil) != ok {
					t.Fatalf("DeleteLocation(%s): %v", id, err)
				}
				if ok {
					m.locs[id].deleted = true
				}
			},
			"AssignToService": func(t *rapid.T) {
				o, n := rapid.SampledFrom(rapidSvcs).Draw(t, "svc"), MustParseE164(rapid.SampledFrom(rapidRaws[:8]).Draw(t, "num"))
				err := step(t, iv, func() error { return iv.AssignToService(o, n) })
				mn := m.nums[n]
				ok := mn != nil && mn.owner.IsZero() && m.valid(mn.loc)
				if (err == nil) != ok {
					t.Fatalf("AssignToService(%v, %v): %v", o, n, err)
				}
				if ok {
					mn.owner = o
				}
			},
			"ReleaseFromService": func(t *rapid.T) {
				n := MustParseE164(rapid.SampledFrom(rapidRaws[:8]).Draw(t, "num"))
				err := step(t, iv, func() error { return iv.ReleaseFromService(n) })
				mn := m.nums[n]
				ok := mn != nil && mn.owner.Type != NoOwner && mn.owner.Type != People
				if (err == nil) != ok {
					t.Fatalf("ReleaseFromService(%v): %v", n, err)
				}
				if ok {
					mn.owner = Owner{}
				}
			},
			"AssignExtension": func(t *rapid.T) {
				o, id, e := rapid.SampledFrom(rapidSvcs).Draw(t, "svc"), loc.Draw(t, "loc"), rapid.SampledFrom(rapidExts).Draw(t, "ext")
				err := step(t, iv, func() error { return iv.AssignExtension(o, id, e) })
				_, taken := m.exts[[2]string{id, e}]
				ok := m.valid(id) && !taken
				if (err == nil) != ok {
					t.Fatalf("AssignExtension(%v, %s, %s): %v", o, id, e, err)
				}
				if ok {
					m.exts[[2]string{id, e}] = o
				}
			},
			"Plan": func(t *rapid.T) {
				users := rapid.SliceOfNDistinct(user, 1, 5, rapid.ID).Draw(t, "users")
				cands := make([]Candidate, len(users))
				for i, u := range users {
					cands[i] = Candidate{User: u, WorkNumber: raw.Draw(t, "raw")}
				}
				m.plan(t, iv, cands)
			},
			"PlanManual": func(t *rapid.T) {
				u := user.Draw(t, "user")
				p := Placement{Location: rapid.SampledFrom(append(rapidLocs, "")).Draw(t, "loc"), Number: rapid.SampledFrom(append(rapidRaws[:8], "", "")).Draw(t, "num"), Extension: rapid.SampledFrom(append(rapidExts, "", "x")).Draw(t, "ext")}
				before := iv.Clone()
				b, err := iv.PlanManual([]Request{{u, p}})
				if err != nil {
					if d := diffInventory(before, iv); d != "" {
						t.Fatalf("PlanManual changed the inventory:\n%s", d)
					}
					return
				}
				must(t, iv.Apply(b))
				for pl := range b.Placements() {
					m.place(pl)
				}
			},
			"Remove": func(t *rapid.T) {
				u := user.Draw(t, "user")
				before := iv.Clone()
				lost, err := iv.Remove(u)
				want, ok := m.placed[u]
				if (err == nil) != ok {
					t.Fatalf("Remove(%d): %v", u, err)
				}
				if !ok {
					if d := diffInventory(before, iv); d != "" {
						t.Fatalf("refused Remove changed the inventory:\n%s", d)
					}
					return
				}
				if p := lost[0].Profile; p.Number != want.Number || p.Extension != want.Extension || p.Location != want.Location {
					t.Fatalf("Remove(%d) destroyed %v, want %v", u, lost[0], want)
				}
				if want.Number.IsValid() {
					m.nums[want.Number].owner = Owner{}
				}
				delete(m.exts, [2]string{want.Location, want.Extension})
				delete(m.placed, u)
			},
		})
	})
}

// step runs a mutation and, if it fails, checks it changed nothing.
func step(t *rapid.T, iv *Inventory, do func() error) error {
	before := iv.Clone()
	err := do()
	if err != nil {
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Fatalf("error %v is not an *InputError", err)
		}
		if d := diffInventory(before, iv); d != "" {
			t.Fatalf("refused mutation (%v) changed the inventory:\n%s", err, d)
		}
	}
	return err
}

func (m *model) inUse(loc string) bool {
	for _, p := range m.placed {
		if p.Location == loc {
			return true
		}
	}
	return false
}

func (m *model) place(p Placed) {
	m.placed[p.User] = p
	if p.Number.IsValid() {
		m.nums[p.Number].owner = UserOwner(p.User)
	}
	if p.Extension != "" {
		m.exts[[2]string{p.Location, p.Extension}] = UserOwner(p.User)
	}
}

// plan checks a work-number batch against the model, then applies it.
func (m *model) plan(t *rapid.T, iv *Inventory, cands []Candidate) {
	b, err := iv.Plan(cands)
	must(t, err)
	claimed := map[E164]UserKey{}
	var placed []Placed
	var fails []Failure
	var skipped []UserKey
	for _, c := range cands {
		if _, ok := m.placed[c.User]; ok {
			skipped = append(skipped, c.User)
			continue
		}
		r, o := m.reason(c.WorkNumber, claimed)
		if r != 0 {
			fails = append(fails, Failure{User: c.User, Reason: r, Raw: c.WorkNumber, Owner: o})
			continue
		}
		n := MustParseE164(c.WorkNumber)
		claimed[n] = c.User
		placed = append(placed, Placed{User: c.User, Location: m.nums[n].loc, Number: n})
	}
	var got []Placed
	for p := range b.Placements() {
		got = append(got, p)
	}
	if fmt.Sprint(got) != fmt.Sprint(placed) || fmt.Sprint(b.Failures()) != fmt.Sprint(fails) || fmt.Sprint(b.Skipped()) != fmt.Sprint(skipped) {
		t.Fatalf("Plan(%v):\nplaced %v, want %v\nfailures %v, want %v\nskipped %v, want %v", cands, got, placed, b.Failures(), fails, b.Skipped(), skipped)
	}
	must(t, iv.Apply(b))
	for _, p := range placed {
		m.place(p)
	}
}
