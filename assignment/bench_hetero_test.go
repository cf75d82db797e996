package assignment

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wxlicense/wxlicense/license"
)

// Benchmarks for issue 17: engine speed on heterogeneous orgs, next to the
// uniform org of bench_test.go, each against the reference model
// (model_test.go) at 10k users. Each benchmark has sub-benchmarks
// engine-10k, engine-1M and (where the model has the action) model-10k:
//
//	go test -run XXX -bench 'Uniform|Hetero' -benchtime 3x ./assignment/
//	go test -run XXX -bench 'HeteroSaveAll/off/engine-1M' -benchtime 5x ./assignment/
//
// An org is built once per size and kind (the previous one is dropped),
// outside the timer; each benchmark works on a clone of it. Metrics:
// B/user is the org's live heap after building, per user; changes/op the
// plan's changes per timed action.
//
// The heterogeneous org (heteroSetup) is in group mode: a group "all" of
// every user whose template grants Basic Messaging, Call on Webex, Basic
// Meetings and Advanced Messaging, and 49 groups of 3 to 6 licenses in
// ten roles (calling, contact center, meeting host and attendee, Unified
// CM, ...); each user is in "all" and 0 to 2 other groups, drawn with
// skewed weights, so that group sizes range from about 1% to 6% of the
// users. Users of calling roles have a placement; 10% were created with
// one or two manual licenses and then got their templates' licenses; 2%
// are pending; 1% administer the meeting site; five templates dropped a
// license after their users got it, so that about 10% of the users hold
// a retained source. Units: an older subscription of a few Advanced
// Messaging and Webex Calling Professional units, a newer one with
// plenty of every kind, which one role's template names. The org is then
// quiet for 25 h, so that every app has caught up (LIC-11) and B/user is
// the steady state.

// fixture is a built org and what the benchmarks need to know of it.
type fixture struct {
	key     string
	n       int
	org     *Org
	model   *model
	perUser float64
	mid     string // a group whose template governs about 4% of the users
	midRole []license.Kind
	plain   string // a user in "all" and mid only, with no sparse extras
	other   string // a group of about the same size as mid
}

var heteroCache = map[string]*fixture{}

const (
	heteroGroups = 50
	heteroSite   = "bench.webex.com"
)

// heteroBase is what the template of "all" grants.
var heteroBase = []license.Kind{license.BasicMessaging, license.CallOnWebex, license.BasicMeetings, license.AdvancedMessaging}

// heteroRoles are the templates of g01..g49, in turn.
func heteroRoles(cat *license.Catalog) [][]license.Kind {
	host, _ := cat.SiteKind(heteroSite, license.RoleHost)
	att, _ := cat.SiteKind(heteroSite, license.RoleAttendee)
	const bm, cow, mtg, am = license.BasicMessaging, license.CallOnWebex, license.BasicMeetings, license.AdvancedMessaging
	return [][]license.Kind{
		{bm, cow, mtg, am},
		{bm, cow, license.CallingProfessional},
		{bm, mtg, license.CallingStandard},
		{bm, cow, license.ContactCenterStandard},
		{bm, am, license.ContactCenterPremium, mtg},
		{bm, mtg, host},
		{bm, cow, att},
		{bm, cow, license.UnifiedCM, license.AdvancedSpaceMeetings},
		{bm, license.CallingProfessional, license.AttendantConsole, mtg, cow},
		{bm, license.CXEssential, am, mtg, cow, license.AdvancedSpaceMeetings},
	}
}

// heteroCalling reports whether a role grants Webex Calling: its users
// have a placement.
func heteroCalling(role []license.Kind) bool {
	return slices.Contains(role, license.CallingProfessional) || slices.Contains(role, license.CallingStandard)
}

func heteroGroup(j int) string {
	if j == 0 {
		return "all"
	}
	return fmt.Sprintf("g%02d", j)
}

// heteroRetained are the groups whose template drops its last license
// after the users got it: their users hold a retained source.
var heteroRetained = []int{3, 13, 23, 33, 43}

// heteroPicker draws users' groups, manual licenses and attributes,
// deterministically.
type heteroPicker struct {
	rng   *rand.Rand
	cum   []float64 // cumulative weights of g01..g49
	roles [][]license.Kind
	size  []int // members drawn per group
}

func newHeteroPicker(cat *license.Catalog, seed uint64) *heteroPicker {
	p := &heteroPicker{rng: rand.New(rand.NewPCG(seed, 17)), roles: heteroRoles(cat), size: make([]int, heteroGroups)}
	total := 0.0
	for j := 1; j < heteroGroups; j++ {
		total += 1 / math.Pow(float64(j+8), 0.9)
		p.cum = append(p.cum, total)
	}
	for j := range p.cum {
		p.cum[j] /= total
	}
	return p
}

// user draws one user: "all" plus 0 to 2 other groups.
func (p *heteroPicker) user(email string) NewUser {
	nu := NewUser{Email: email, Groups: []string{"all"}}
	extra := 0
	switch r := p.rng.Float64(); {
	case r < 0.25:
	case r < 0.70:
		extra = 1
	default:
		extra = 2
	}
	calling := false
	for len(nu.Groups) < 1+extra {
		j := 1 + min(len(p.cum)-1, slices.IndexFunc(p.cum, func(c float64) bool { return c >= p.rng.Float64() }))
		if g := heteroGroup(j); !slices.Contains(nu.Groups, g) {
			nu.Groups = append(nu.Groups, g)
			p.size[j]++
			calling = calling || heteroCalling(p.roles[(j-1)%len(p.roles)])
		}
	}
	if calling {
		nu.Placement = Placement{Location: "HQ", Number: "+15550100"}
	}
	switch r := p.rng.Float64(); {
	case r < 0.05:
		nu.Explicit, nu.Licenses = true, []license.Kind{license.UnifiedCM}
	case r < 0.10:
		nu.Explicit, nu.Licenses = true, []license.Kind{license.BasicMessaging, license.AdvancedMessaging}
	}
	if p.rng.Float64() < 0.02 {
		nu.Status = Inactive
	}
	if p.rng.Float64() < 0.01 {
		nu.SiteAdmin = []string{heteroSite}
	}
	return nu
}

// users draws n users with e-mails prefix + index.
func (p *heteroPicker) users(prefix string, from, n int) []NewUser {
	out := make([]NewUser, n)
	for i := range out {
		out[i] = p.user(fmt.Sprintf("%s%07d@example.com", prefix, from+i))
	}
	return out
}

// heteroSetup returns the actions building the heterogeneous org of n
// users, and the fixture's facts.
func heteroSetup(n int) ([]Action, *fixture) {
	cat := benchCatalog()
	units := map[license.Kind]int{}
	for k := range cat.All().All() {
		if cat.Info(k).ConsumesUnit {
			units[k] = 3 * n
		}
	}
	acts := []Action{
		AddSubscription{Subscription: license.Subscription{ID: "legacy", Created: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC),
			Units: map[license.Kind]int{license.AdvancedMessaging: n / 20, license.CallingProfessional: n / 50}}},
		AddSubscription{Subscription: license.Subscription{ID: "big", Created: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Units: units}},
		SwitchMode{Mode: GroupMode},
	}
	p := newHeteroPicker(cat, 1)
	var saves []SaveTemplate
	for j := range heteroGroups {
		acts = append(acts, AddGroup{Name: heteroGroup(j)})
		ks := heteroBase
		if j > 0 {
			ks = p.roles[(j-1)%len(p.roles)]
		}
		s := SaveTemplate{Group: heteroGroup(j), Licenses: benchEntries(ks...)}
		if j > 0 && (j-1)%len(p.roles) == 4 { // this role names the newer subscription (LIC-8)
			s.Licenses[1].Subscription = "big"
		}
		saves = append(saves, s)
	}
	for _, s := range saves {
		acts = append(acts, s)
	}
	const batch = 100_000
	for from := 0; from < n; from += batch {
		acts = append(acts, AddUsers{Users: p.users("h", from, min(batch, n-from))})
	}
	size := p.size
	for _, s := range saves { // the templates reach the users created with licenses
		s.Scope = Existing
		acts = append(acts, s)
	}
	for _, j := range heteroRetained {
		s := saves[j]
		s.Licenses = s.Licenses[:len(s.Licenses)-1]
		s.Scope = Existing
		acts = append(acts, s)
	}
	acts = append(acts, AdvanceTime{By: MaxAppDelay + time.Hour}) // a quiet org: every app caught up (LIC-11)
	f := &fixture{n: n}
	best, second := 0, 0
	for j := 1; j < heteroGroups; j++ {
		if slices.Contains(heteroRetained, j) {
			continue
		}
		d := math.Abs(float64(size[j]) - 0.04*float64(n))
		switch {
		case best == 0 || d < math.Abs(float64(size[best])-0.04*float64(n)):
			best, second = j, best
		case second == 0 || d < math.Abs(float64(size[second])-0.04*float64(n)):
			second = j
		}
	}
	f.mid, f.other = heteroGroup(best), heteroGroup(second)
	f.midRole = p.roles[(best-1)%len(p.roles)]
	return acts, f
}

// heteroOrg builds (or reuses) the heterogeneous engine org of n users.
func heteroOrg(b *testing.B, n int) *fixture {
	return cachedFixture(b, fmt.Sprintf("hetero-engine-%d", n), func() *fixture {
		acts, f := heteroSetup(n)
		f.org = buildOrg(b, acts)
		f.plain = plainMember(f.org, f.mid)
		return f
	})
}

// heteroModel builds (or reuses) the heterogeneous reference model of n
// users. The model ignores site admins.
func heteroModel(b *testing.B, n int) *fixture {
	return cachedFixture(b, fmt.Sprintf("hetero-model-%d", n), func() *fixture {
		acts, f := heteroSetup(n)
		f.model = buildModel(b, acts)
		return f
	})
}

// uniformOrg and uniformModel build the org of bench_test.go: org mode,
// users in 4 classes.
func uniformOrg(b *testing.B, n int) *fixture {
	return cachedFixture(b, fmt.Sprintf("uniform-engine-%d", n), func() *fixture {
		return &fixture{n: n, org: buildOrg(b, benchSetup(n, OrgMode))}
	})
}

func uniformModel(b *testing.B, n int) *fixture {
	return cachedFixture(b, fmt.Sprintf("uniform-model-%d", n), func() *fixture {
		return &fixture{n: n, model: buildModel(b, benchSetup(n, OrgMode))}
	})
}

// cachedFixture returns the cached fixture of key, or builds it, with its
// live heap per user.
func cachedFixture(b *testing.B, key string, build func() *fixture) *fixture {
	if c, ok := heteroCache[key]; ok {
		return c
	}
	for k, c := range heteroCache { // one org of a million users at a time
		if c.n >= 1_000_000 {
			delete(heteroCache, k)
		}
	}
	before := liveHeap()
	f := build()
	f.key = key
	f.perUser = float64(liveHeap()-before) / float64(f.n)
	heteroCache[key] = f
	return f
}

func buildOrg(b *testing.B, acts []Action) *Org {
	o := New("bench", benchCatalog())
	for _, a := range acts {
		if _, err := o.Do(a); err != nil {
			b.Fatalf("%s: %v", a, err)
		}
	}
	return o
}

// buildModel applies the actions the model has (not the clock).
func buildModel(b *testing.B, acts []Action) *model {
	m := newModel(benchCatalog())
	for _, a := range acts {
		if _, ok := a.(AdvanceTime); ok {
			continue
		}
		if err := m.apply(a); err != nil {
			b.Fatalf("%s: %v", a, err)
		}
	}
	return m
}

// plainMember returns a user in "all" and g only, with no sparse extras.
func plainMember(o *Org, g string) string {
	gid, _ := o.LookupGroup(g)
	for i := range UserID(o.users.len()) {
		u := o.users.at(i)
		if gs := o.users.groupsOf(u); u.x == 0 && len(gs) == 2 && gs[1] == gid {
			return o.users.email(u)
		}
	}
	return ""
}

// subject is what a benchmark times actions on: a clone of an engine org,
// or of a model.
type subject struct {
	org     *Org
	model   *model
	changes int
}

func (f *fixture) subject() *subject {
	if f.org != nil {
		return &subject{org: f.org.Clone()}
	}
	return &subject{model: f.model.clone()}
}

func (s *subject) do(b *testing.B, a Action) {
	if s.model != nil {
		if err := s.model.apply(a); err != nil {
			b.Fatalf("%s: %v", a, err)
		}
		return
	}
	p, err := s.org.Do(a)
	if err != nil {
		b.Fatalf("%s: %v", a, err)
	}
	s.changes += len(p.Changes)
}

// sizes runs a benchmark on the engine at 10k and 1M users and on the
// model at 10k.
func sizes(b *testing.B, engine, model func(b *testing.B, n int) *fixture, run func(b *testing.B, f *fixture)) {
	b.Run("engine-10k", func(b *testing.B) { run(b, engine(b, 10_000)) })
	b.Run("engine-1M", func(b *testing.B) { run(b, engine(b, 1_000_000)) })
	if model != nil {
		b.Run("model-10k", func(b *testing.B) { run(b, model(b, 10_000)) })
	}
}

// alternate times actions alternating between y and x, after one x
// before the timer.
func alternate(x, y Action) func(b *testing.B, f *fixture) {
	return func(b *testing.B, f *fixture) {
		s := f.subject()
		s.do(b, x)
		s.changes = 0
		settle()
		b.ReportAllocs()
		i := 0
		timed(func() {
			for b.Loop() {
				next := y
				if i%2 == 1 {
					next = x
				}
				s.do(b, next)
				i++
			}
		})
		report(b, f, s, i)
	}
}

// settle collects the garbage of the setup (the previous subject, a
// whole org), so that the timed loop does not pay for it.
func settle() { runtime.GC() }

// timed runs f with the profiler label phase=timed, so that a CPU profile
// shows the timed part alone: go tool pprof -tagfocus phase=timed. (A
// fresh subject made inside f, with the timer stopped, is labelled too.)
func timed(f func()) {
	pprof.Do(context.Background(), pprof.Labels("phase", "timed"), func(context.Context) { f() })
}

func report(b *testing.B, f *fixture, s *subject, ops int) {
	b.ReportMetric(f.perUser, "B/user")
	if s.org != nil && ops > 0 {
		b.ReportMetric(float64(s.changes)/float64(ops), "changes/op")
	}
}

// saveOf is a save of group g's template (g "" for the org template) with
// scope existing.
func saveOf(g string, off bool, ks ...license.Kind) SaveTemplate {
	return SaveTemplate{Group: g, Licenses: benchEntries(ks...), Scope: Existing, PreserveOff: off, Ack: true}
}

func with(ks []license.Kind, more ...license.Kind) []license.Kind {
	return append(slices.Clone(ks), more...)
}

// BenchmarkUniformSave saves the org template of the uniform org with
// scope existing, alternating between two templates differing in Unified
// CM: preserve off, every user gains or loses it; preserve on, every user
// gains it once and then only its sources change (retained, current).
func BenchmarkUniformSave(b *testing.B) {
	a, ab := with(benchBase, license.AdvancedMessaging), with(benchBase, license.AdvancedMessaging, license.UnifiedCM)
	for _, off := range []bool{true, false} {
		b.Run(preserveName(off), func(b *testing.B) {
			sizes(b, uniformOrg, uniformModel, alternate(saveOf("", off, a...), saveOf("", off, ab...)))
		})
	}
}

func preserveName(off bool) string {
	if off {
		return "off"
	}
	return "on"
}

// BenchmarkHeteroSaveAll saves the template of "all", which governs every
// user, with scope existing. off: preserve off, alternating with and
// without Advanced Space Meetings, so that every user without it from
// another template gains or loses it (the first, untimed save sets every
// user to their resolved grant). sources: preserve on, alternating with
// and without Advanced Messaging, which every user keeps: only sources
// change (retained, then current again).
func BenchmarkHeteroSaveAll(b *testing.B) {
	b.Run("off", func(b *testing.B) {
		sizes(b, heteroOrg, heteroModel, alternate(saveOf("all", true, heteroBase...), saveOf("all", true, with(heteroBase, license.AdvancedSpaceMeetings)...)))
	})
	b.Run("sources", func(b *testing.B) {
		sizes(b, heteroOrg, heteroModel, alternate(saveOf("all", false, heteroBase...), saveOf("all", false, heteroBase[:3]...)))
	})
}

// BenchmarkHeteroSaveNoop saves the template of "all" as it is, scope
// existing, preserve on: nothing changes.
func BenchmarkHeteroSaveNoop(b *testing.B) {
	s := saveOf("all", false, heteroBase...)
	sizes(b, heteroOrg, heteroModel, alternate(s, s))
}

// BenchmarkHeteroSaveGroup saves the template of a group of about 4% of
// the users, scope existing, alternating with and without Unified CM (or
// Advanced Space Meetings where the role has Unified CM), preserve on and
// off.
func BenchmarkHeteroSaveGroup(b *testing.B) {
	for _, off := range []bool{false, true} {
		b.Run(preserveName(off), func(b *testing.B) {
			sizes(b, heteroOrg, heteroModel, func(b *testing.B, f *fixture) {
				i := slices.IndexFunc([]license.Kind{license.UnifiedCM, license.AdvancedMessaging}, func(k license.Kind) bool { return !slices.Contains(f.midRole, k) })
				x := []license.Kind{license.UnifiedCM, license.AdvancedMessaging}[i]
				alternate(saveOf(f.mid, off, f.midRole...), saveOf(f.mid, off, with(f.midRole, x)...))(b, f)
			})
		})
	}
}

// BenchmarkHeteroMove moves a user without sparse extras between two
// groups of about 4% of the users and back (ASG-8, setting on).
func BenchmarkHeteroMove(b *testing.B) {
	sizes(b, heteroOrg, heteroModel, func(b *testing.B, f *fixture) {
		e := heteroOrg(b, f.n) // the model's users are the engine's
		alternate(MoveUser{User: e.plain, From: f.mid, To: f.other}, MoveUser{User: e.plain, From: f.other, To: f.mid})(b, f)
	})
}

// BenchmarkHeteroJoin joins users to a group of about 4% of the users
// (ASG-2), one user per operation, each user in "all" only before; when
// every such user has joined, a new clone starts over, untimed.
func BenchmarkHeteroJoin(b *testing.B) {
	sizes(b, heteroOrg, heteroModel, func(b *testing.B, f *fixture) {
		var joins []Action
		for info := range heteroOrg(b, f.n).org.Users() {
			if len(info.Groups) == 1 {
				joins = append(joins, JoinGroup{User: info.Email, Group: f.mid})
			}
		}
		passes(b, f, joins)
	})
}

// BenchmarkHeteroAddUsers adds batches of 10% of the org's users (100k
// to the 1M-user org), drawn as the org's users were. Every tenth batch
// starts again on a fresh clone of the org, outside the timer, so that the
// org grows from n to 2n users, as a growing org's would, and never runs
// out of units however many batches run.
func BenchmarkHeteroAddUsers(b *testing.B) {
	sizes(b, heteroOrg, heteroModel, func(b *testing.B, f *fixture) {
		p := newHeteroPicker(benchCatalog(), 2)
		batches := make([]Action, 10)
		for i := range batches {
			batches[i] = AddUsers{Users: p.users(fmt.Sprintf("new%d-", i), 0, f.n/10)}
		}
		passes(b, f, batches)
	})
}

// passes times the actions in turn, on a subject of f that starts again
// (with the timer stopped and the old subject collected) after each pass
// over them.
func passes(b *testing.B, f *fixture, acts []Action) {
	s := f.subject()
	settle()
	b.ReportAllocs()
	i, changes := 0, 0
	timed(func() {
		for b.Loop() {
			if i > 0 && i%len(acts) == 0 {
				b.StopTimer()
				changes += s.changes
				s = nil
				settle()
				s = f.subject()
				b.StartTimer()
			}
			s.do(b, acts[i%len(acts)])
			i++
		}
	})
	s.changes += changes
	report(b, f, s, i)
}

// BenchmarkHeteroImportCSV imports a Control Hub users CSV (ASG-20) of
// rows for 10% of the org's users (100k rows for the 1M-user org), every
// tenth user: every profile column filled as an export has it, a
// Display Name quoted for its comma, Advanced Messaging TRUE, Unified CM
// alternating TRUE and FALSE, Basic Meetings empty. The model has no CSV
// import.
func BenchmarkHeteroImportCSV(b *testing.B) {
	sizes(b, heteroOrg, nil, func(b *testing.B, f *fixture) {
		cat := f.org.Catalog()
		header := strings.Join(CSVProfileColumns(), ",") + "," + CSVColumn{Kind: license.AdvancedMessaging}.Header(cat) + "," +
			CSVColumn{Kind: license.UnifiedCM}.Header(cat) + "," + CSVColumn{Kind: license.BasicMeetings}.Header(cat) + "\r\n"
		csvOf := func(ucm string) ImportCSV {
			var buf bytes.Buffer
			buf.WriteString(header)
			for i := 0; i < f.n; i += 10 {
				// First, Last, Display, User ID, Status, Last Service Accessed Time, Days since, Extension, Title,
				// Department, Manager, Phone Number, Caller ID Number, Caller ID First, Caller ID Last, Location,
				// Preferred Language, Time zone, Address type, Address country
				fmt.Fprintf(&buf, "First%d,Last%d,\"Last%d, First%d\",h%07d@example.com,Active,2026-11-02T08:13:09.064Z,3,,Engineer,"+
					"R&D,boss@example.com,,,First%d,Last%d,,en_US,Europe/Warsaw,Office,PL,TRUE,%s,\r\n", i, i, i, i, i, i, i, ucm)
			}
			return ImportCSV{Data: buf.Bytes(), Ack: true}
		}
		alternate(csvOf("TRUE"), csvOf("FALSE"))(b, f)
	})
}

// BenchmarkHeteroClone clones the org, as a what-if planner does before
// trying a change; the clone is collected before the next.
func BenchmarkHeteroClone(b *testing.B) {
	sizes(b, heteroOrg, heteroModel, func(b *testing.B, f *fixture) {
		settle()
		b.ReportAllocs()
		timed(func() {
			for b.Loop() {
				if s := f.subject(); s.org == nil && s.model == nil {
					b.Fatal("no clone")
				}
			}
		})
		report(b, f, &subject{}, 0)
	})
}
