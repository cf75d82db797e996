package calling

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"
)

// BenchmarkPlace1M places 1M synced users by their work numbers (CAL-2,
// CAL-3, CAL-12) against 1M numbers pre-provisioned in 100 locations:
// Plan and Apply on a fresh copy of the inventory per iteration. The
// candidates come in the order users were added, as the engine gives
// them; each user's number is drawn at random from the inventory. 10%
// fail, in mixed ways: 2% have no work number, 2% one not in E.164
// format, 2% one not pre-provisioned, 2% one in a location not enabled
// or deleted, 1% one owned by a hunt group and 1% the number of another
// user of the batch.
//
//	go test -run XXX -bench Place1M -benchtime 1x ./calling/
//
// B/number is the live heap of the inventory after the placement, per
// number; built-B/number the same before it.
func BenchmarkPlace1M(b *testing.B) {
	const n = 1_000_000
	base, cands := benchInventory(b, n)
	built := liveBytes(func() any { return base.Clone() }) / n
	perNumber := liveBytes(func() any {
		live := base.Clone()
		placeAll(b, live, cands)
		return live
	}) / n
	b.ResetTimer()
	b.ReportAllocs()
	for range b.N {
		b.StopTimer()
		iv := base.Clone()
		b.StartTimer()
		placeAll(b, iv, cands)
	}
	b.ReportMetric(perNumber, "B/number")
	b.ReportMetric(built, "built-B/number")
}

// liveBytes returns how many bytes of the heap what build returns keeps
// alive. What build uses must stay alive after it, or its freeing counts.
func liveBytes(build func() any) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	x := build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(x)
	return float64(after.HeapAlloc) - float64(before.HeapAlloc)
}

// placeAll plans and applies cands, checking the count of failures.
func placeAll(b *testing.B, iv *Inventory, cands []Candidate) {
	batch, err := iv.Plan(cands)
	if err != nil {
		b.Fatal(err)
	}
	if f := len(batch.failures); f != len(cands)/10 {
		b.Fatalf("%d failures, want %d", f, len(cands)/10)
	}
	if err := iv.Apply(batch); err != nil {
		b.Fatal(err)
	}
}

// benchInventory returns the inventory and candidates of BenchmarkPlace1M.
// Number k is 12025500000+k, in location k%100; locations 98 (not enabled)
// and 99 (deleted) hold 2% of the numbers. User i has number perm[i].
func benchInventory(b *testing.B, n int) (*Inventory, []Candidate) {
	iv := &Inventory{}
	const locs = 100
	per := make([][]E164, locs)
	for i := range n {
		per[i%locs] = append(per[i%locs], E164{uint64(12025500000 + i)})
	}
	for l := range locs {
		id := fmt.Sprintf("L%02d", l)
		must(b, iv.AddLocation(id, "Location "+id, l != 98))
		must(b, iv.AddNumbers(id, true, per[l]...))
	}
	must(b, iv.DeleteLocation("L99"))
	cands := make([]Candidate, n)
	var hunt []E164
	perm := rand.New(rand.NewPCG(1, 2)).Perm(n)
	for i, k := range perm {
		raw := "+" + strconv.Itoa(12025500000+k)
		switch k % locs {
		case 0, 1:
			raw = ""
		case 2:
			raw = raw[1:]
		case 3:
			raw = raw[:4] + " " + raw[4:]
		case 4, 5:
			raw = "+1303" + raw[5:]
		case 8:
			hunt = append(hunt, E164{uint64(12025500000 + k)})
		case 9:
			raw = "+" + strconv.Itoa(12025500000+k+1)
		}
		cands[i] = Candidate{User: UserKey(i), WorkNumber: raw, Synced: true}
	}
	must(b, iv.AssignToService(Owner{Type: HuntGroup, ID: "hg"}, hunt...))
	return iv, cands
}

// The inventory keeps a number in a 16-byte record of a hash table at
// most three quarters full, and a user placed by the work number in 4
// bytes: 2^19 numbers added at once, all of them placed, take 4/3 as many
// records, about 26 bytes a number in all.
func TestInventoryLiveBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an inventory of 2^19 numbers")
	}
	const n = 1 << 19
	nums := make([]E164, n)
	cands := make([]Candidate, n)
	for i := range nums {
		nums[i] = E164{uint64(12025500000 + i)}
		cands[i] = Candidate{User: UserKey(i), WorkNumber: nums[i].String()}
	}
	perNumber := liveBytes(func() any {
		iv := &Inventory{}
		must(t, iv.AddLocation("L", "L", true))
		must(t, iv.AddNumbers("L", true, nums...))
		place(t, iv, cands...)
		return iv
	}) / n
	runtime.KeepAlive(nums) // else freed while measured
	runtime.KeepAlive(cands)
	t.Logf("%.1f live bytes a number", perNumber)
	if perNumber > 28 {
		t.Errorf("%.1f live bytes a number, want at most 28", perNumber)
	}
}
