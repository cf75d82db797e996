package assignment

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/wxlicense/wxlicense/license"
)

// Benchmarks of template applications on large orgs, and of the reference
// model (model_test.go) as the baseline.
//
//	go test -run XXX -bench . -benchtime 3x ./assignment/
//
// Setup (building the org) runs outside the timer and is cached per size.
// B/user is the live heap of the org after setup, divided by its users.

const benchGroups = 50

var benchSizes = []struct {
	name string
	n    int
}{{"10k", 10_000}, {"100k", 100_000}, {"1M", 1_000_000}}

func benchEntries(ks ...license.Kind) []Entry {
	out := make([]Entry, len(ks))
	for i, k := range ks {
		out[i] = Entry{Kind: k}
	}
	return out
}

// The org templates the benchmarks alternate between: each pair differs in
// one paid license, so that with preserve off every user changes. Unified
// CM is a Calling kind; Advanced Messaging is a Messaging kind, whose
// removal also records the user's kept messages (LIC-10) and whose grant
// looks them up.
var (
	benchBase = []license.Kind{license.BasicMessaging, license.CallOnWebex, license.BasicMeetings}
	benchA    = existingOff(append(benchBase[:3:3], license.AdvancedMessaging)...)
	benchB    = existingOff(append(benchBase[:3:3], license.AdvancedMessaging, license.UnifiedCM)...)
	benchMA   = existingOff(append(benchBase[:3:3], license.UnifiedCM)...)
	benchMB   = benchB
)

func existingOff(ks ...license.Kind) SaveTemplate {
	return SaveTemplate{Licenses: benchEntries(ks...), Scope: Existing, PreserveOff: true}
}

// benchSetup returns the actions that build an org of n users in org mode,
// each in one of 50 groups, holding 3 to 6 licenses: four batches of users
// are added under org templates of 3, 4, 5 and 6 licenses.
func benchSetup(n int, mode Mode) []Action {
	actions := []Action{AddSubscription{Subscription: license.Subscription{
		ID: "big", Created: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		Units: map[license.Kind]int{license.AdvancedMessaging: 2 * n, license.UnifiedCM: 2 * n, license.ContactCenterStandard: 2 * n, license.ContactCenterPremium: 2 * n},
	}}}
	if mode == GroupMode {
		actions = append(actions, SwitchMode{Mode: GroupMode})
	}
	for g := range benchGroups {
		actions = append(actions, AddGroup{Name: fmt.Sprintf("g%02d", g)})
	}
	sets := [][]license.Kind{
		{license.BasicMessaging, license.CallOnWebex},
		{license.BasicMessaging, license.CallOnWebex, license.BasicMeetings},
		{license.BasicMessaging, license.CallOnWebex, license.BasicMeetings, license.AdvancedMessaging},
		{license.BasicMessaging, license.CallOnWebex, license.BasicMeetings, license.AdvancedMessaging, license.UnifiedCM},
	}
	if mode == GroupMode {
		// one template per group, of 3 to 6 licenses
		for g := range benchGroups {
			ks := sets[g%len(sets)]
			if g%3 == 0 {
				ks = append(ks[:len(ks):len(ks)], license.ContactCenterStandard)
			}
			actions = append(actions, SaveTemplate{Group: fmt.Sprintf("g%02d", g), Licenses: benchEntries(ks...)})
		}
	}
	for q, ks := range sets {
		if mode == OrgMode {
			actions = append(actions, SaveTemplate{Licenses: benchEntries(ks...)})
		}
		lo, hi := q*n/len(sets), (q+1)*n/len(sets)
		users := make([]NewUser, 0, hi-lo)
		for i := lo; i < hi; i++ {
			users = append(users, NewUser{Email: fmt.Sprintf("user%07d@example.com", i), Groups: []string{fmt.Sprintf("g%02d", i%benchGroups)}})
		}
		actions = append(actions, AddUsers{Users: users})
	}
	return actions
}

func benchCatalog() *license.Catalog { return license.MustDefault("bench.webex.com") }

// liveHeap returns the bytes in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

type benchOrg struct {
	n       int
	mode    Mode
	org     *Org
	perUser float64
	flip    bool
}

var benchCache *benchOrg

// engineOrg builds (or reuses) an engine org of n users.
func engineOrg(b *testing.B, n int, mode Mode) *benchOrg {
	if c := benchCache; c != nil && c.n == n && c.mode == mode {
		return c
	}
	benchCache, modelCache = nil, nil
	before := liveHeap()
	o := New("bench", benchCatalog())
	for _, a := range benchSetup(n, mode) {
		if _, err := o.Do(a); err != nil {
			b.Fatalf("%s: %v", a, err)
		}
	}
	after := liveHeap()
	c := &benchOrg{n: n, mode: mode, org: o, perUser: float64(after-before) / float64(n)}
	benchCache = c
	return c
}

// benchAlternate times saves alternating between x and y on an org of n
// users; a first save of x runs before the timer.
func benchAlternate(b *testing.B, n int, x, y SaveTemplate) {
	c := engineOrg(b, n, OrgMode)
	if _, err := c.org.Do(x); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		next := y
		if i%2 == 1 {
			next = x
		}
		p, err := c.org.Do(next)
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Changes) < n {
			b.Fatalf("%d changes for %d users", len(p.Changes), n)
		}
	}
	b.StopTimer()
	b.ReportMetric(c.perUser, "B/user")
}

// BenchmarkSaveOrgTemplateExisting saves the org template with scope
// existing and preserve off, alternating between two templates that differ
// in one paid license (Unified CM): every user gains or loses it each time.
func BenchmarkSaveOrgTemplateExisting(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) { benchAlternate(b, sz.n, benchA, benchB) })
	}
}

// BenchmarkSaveOrgTemplateExistingMessaging is the same with Advanced
// Messaging as the license that comes and goes (LIC-10 bookkeeping).
func BenchmarkSaveOrgTemplateExistingMessaging(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) { benchAlternate(b, sz.n, benchMA, benchMB) })
	}
}

// BenchmarkSaveOrgTemplateExistingNoChange saves the org template the users
// already have, scope existing, preserve on: nothing changes.
func BenchmarkSaveOrgTemplateExistingNoChange(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			c := engineOrg(b, sz.n, OrgMode)
			if _, err := c.org.Do(benchA); err != nil {
				b.Fatal(err)
			}
			a := benchA
			a.PreserveOff = false
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				p, err := c.org.Do(a)
				if err != nil {
					b.Fatal(err)
				}
				if len(p.Changes) != 0 {
					b.Fatalf("%d changes", len(p.Changes))
				}
			}
			b.StopTimer()
			b.ReportMetric(c.perUser, "B/user")
		})
	}
}

// BenchmarkGroupMove1M moves one user between two groups of a 1M-user org
// in group mode (ASG-8, setting on), back and forth.
func BenchmarkGroupMove1M(b *testing.B) {
	c := engineOrg(b, 1_000_000, GroupMode)
	user := "user0000001@example.com" // in g01 at first
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		from, to := "g01", "g02"
		if c.flip {
			from, to = to, from
		}
		if _, err := c.org.Do(MoveUser{User: user, From: from, To: to}); err != nil {
			b.Fatal(err)
		}
		c.flip = !c.flip
	}
	b.StopTimer()
	b.ReportMetric(c.perUser, "B/user")
}

type benchModel struct {
	n       int
	m       *model
	perUser float64
}

var modelCache *benchModel

func refModel(b *testing.B, n int) *benchModel {
	if c := modelCache; c != nil && c.n == n {
		return c
	}
	benchCache, modelCache = nil, nil
	before := liveHeap()
	m := newModel(benchCatalog())
	for _, a := range benchSetup(n, OrgMode) {
		m.log = &mLog{}
		if err := m.apply(a); err != nil {
			b.Fatalf("%s: %v", a, err)
		}
	}
	m.log = &mLog{}
	after := liveHeap()
	c := &benchModel{n: n, m: m, perUser: float64(after-before) / float64(n)}
	modelCache = c
	return c
}

// BenchmarkReferenceSaveOrgTemplateExisting is the baseline: the same
// alternating save on the reference model.
func BenchmarkReferenceSaveOrgTemplateExisting(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			c := refModel(b, sz.n)
			if err := c.m.apply(benchA); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				a := benchB
				if i%2 == 1 {
					a = benchA
				}
				c.m.log = &mLog{} // explain each action, as do does
				if err := c.m.apply(a); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(c.perUser, "B/user")
		})
	}
}
