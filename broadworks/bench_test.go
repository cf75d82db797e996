package broadworks

import (
	"fmt"
	"testing"
)

// BenchmarkProvision100k provisions 100k subscribers across 1k enterprises
// to completion (BW-4): each enterprise's first subscriber creates its org
// (BW-1), the other 99 join it (BW-34).
func BenchmarkProvision100k(b *testing.B) {
	const enterprises, per = 1000, 100
	for b.Loop() {
		b.StopTimer()
		c := fixture(b)
		for e := range enterprises {
			must(b, c.AddEnterprise("p1", Enterprise{ID: fmt.Sprintf("ent%04d", e)}))
		}
		b.StartTimer()
		for e := range enterprises {
			for u := range per {
				id := fmt.Sprintf("u%04d-%03d", e, u)
				r := Request{Method: API, Partner: "p1", Template: "trusted",
					Enterprise: fmt.Sprintf("ent%04d", e), UserID: id,
					Email: id + "@ent.example", Package: Package(1 + u%4)}
				if _, err := c.Provision(padmin, r, t0); err != nil {
					b.Fatal(err)
				}
				if _, err := c.Complete("p1", id, t0); err != nil {
					b.Fatal(err)
				}
			}
		}
		if n := len(c.Partner("p1").subs); n != enterprises*per {
			b.Fatalf("%d subscribers", n)
		}
	}
}

// BenchmarkOrg100k reads an org of 100k persons (Cloud.Org): a copy of
// its fields, without its persons or engine.
func BenchmarkOrg100k(b *testing.B) {
	c := fixture(b)
	s := OrgSetup{ID: "big", Name: "Big"}
	for i := range 100_000 {
		s.Persons = append(s.Persons, PersonSetup{Email: fmt.Sprintf("p%06d@big.example", i)})
	}
	s.Persons[0].Role = CustomerFullAdmin
	must1[string](b)(c.AddOrg(s))
	b.ReportAllocs()
	for b.Loop() {
		if o, ok := c.Org("big"); !ok || o.ID != "big" {
			b.Fatal("no org")
		}
	}
}
