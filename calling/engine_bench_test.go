package calling

import (
	"runtime"
	"testing"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// BenchmarkDirectorySync1M is issue 13's benchmark: a directory sync adds
// 1M synced users governed by an org template granting Webex Calling
// Professional, placed through the engine by their work numbers against
// 1M numbers in 100 locations (the inventory and work numbers of
// BenchmarkPlace1M: 10% fail in mixed ways). One AddUsers plan and its
// Apply per iteration, on a fresh copy of the org and inventory.
//
//	go test -run XXX -bench DirectorySync1M -benchtime 3x ./calling/
func BenchmarkDirectorySync1M(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(size(n), func(b *testing.B) { benchDirectorySync(b, n) })
	}
}

// BenchmarkProvisionExisting1M is the provisioning part alone: 1M synced
// users already in the org with their work numbers (as a directory sync
// left them), and a save of the org template granting Webex Calling
// Professional with existing-users scope (CAL-5): every user is looked up
// and placed, 10% fail. One save, planned and applied, per iteration.
//
//	go test -run XXX -bench ProvisionExisting1M -benchtime 3x ./calling/
func BenchmarkProvisionExisting1M(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(size(n), func(b *testing.B) { benchProvisionExisting(b, n) })
	}
}

func benchProvisionExisting(b *testing.B, n int) {
	base, cands := benchInventory(b, n)
	org := assignment.New("bench", license.MustDefault())
	add := assignment.AddUsers{Users: make([]assignment.NewUser, n)}
	for i, c := range cands {
		add.Users[i] = assignment.NewUser{Email: "u" + itoa(i) + "@x.com", Synced: true, WorkNumber: c.WorkNumber}
	}
	for _, a := range []assignment.Action{
		assignment.AddSubscription{Subscription: license.Subscription{ID: "calling", Units: map[license.Kind]int{license.CallingProfessional: n}}},
		assignment.SaveTemplate{Licenses: []assignment.Entry{{Kind: license.BasicMessaging}}},
		add,
	} {
		if _, err := org.Do(a); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := Attach(org, base); err != nil {
		b.Fatal(err)
	}
	save := assignment.SaveTemplate{Licenses: []assignment.Entry{{Kind: license.BasicMessaging}, {Kind: license.CallingProfessional}}, Scope: assignment.Existing}
	b.ResetTimer()
	b.ReportAllocs()
	for range b.N {
		b.StopTimer()
		o := org.Clone()
		b.StartTimer()
		p, err := o.Plan(save)
		if err != nil {
			b.Fatal(err)
		}
		if err := o.Apply(p); err != nil {
			b.Fatal(err)
		}
		if len(p.Calling) != n {
			b.Fatalf("%d calling changes, want %d", len(p.Calling), n)
		}
	}
}

func size(n int) string {
	if n >= 1_000_000 {
		return itoa(n/1_000_000) + "M"
	}
	return itoa(n/1000) + "k"
}

func benchDirectorySync(b *testing.B, n int) {
	base, cands := benchInventory(b, n)
	org := assignment.New("bench", license.MustDefault())
	for _, a := range []assignment.Action{
		assignment.AddSubscription{Subscription: license.Subscription{ID: "calling", Units: map[license.Kind]int{license.CallingProfessional: n}}},
		assignment.SaveTemplate{Licenses: []assignment.Entry{{Kind: license.BasicMessaging}, {Kind: license.CallingProfessional}}},
	} {
		if _, err := org.Do(a); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := Attach(org, base); err != nil {
		b.Fatal(err)
	}
	add := assignment.AddUsers{Users: make([]assignment.NewUser, n)}
	for i, c := range cands {
		add.Users[i] = assignment.NewUser{Email: "u" + itoa(i) + "@x.com", Synced: true, WorkNumber: c.WorkNumber}
	}
	b.ResetTimer()
	b.ReportAllocs()
	var ms runtime.MemStats
	for range b.N {
		b.StopTimer()
		o := org.Clone()
		b.StartTimer()
		p, err := o.Plan(add)
		if err != nil {
			b.Fatal(err)
		}
		if err := o.Apply(p); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.ReadMemStats(&ms)
		b.StartTimer()
	}
	b.ReportMetric(float64(ms.HeapInuse)/float64(n), "heap-B/user")
}

func itoa(i int) string {
	var buf [20]byte
	p := len(buf)
	for {
		p--
		buf[p] = byte('0' + i%10)
		i /= 10
		if i == 0 {
			return string(buf[p:])
		}
	}
}
