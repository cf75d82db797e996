package license_test

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/quick"

	"github.com/wxlicense/wxlicense/license"
)

// kinds is a random list of kinds from 1 to MaxKinds, biased to the word
// boundaries of the bitset (kind k is bit k-1), for testing/quick.
type kinds []license.Kind

func (kinds) Generate(r *rand.Rand, size int) reflect.Value {
	n := r.Intn(size + 1)
	ks := make(kinds, n)
	for i := range ks {
		switch r.Intn(4) {
		case 0:
			ks[i] = []license.Kind{1, 2, 63, 64, 65, 66, 127, 128}[r.Intn(8)]
		default:
			ks[i] = license.Kind(1 + r.Intn(license.MaxKinds))
		}
	}
	return reflect.ValueOf(ks)
}

// ref is the map-based reference model of a Set.
type ref map[license.Kind]bool

func refOf(ks kinds) ref {
	m := ref{}
	for _, k := range ks {
		m[k] = true
	}
	return m
}

func (m ref) sorted() []license.Kind {
	out := make([]license.Kind, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// agrees reports whether s holds exactly the kinds of m, by every query.
func agrees(s license.Set, m ref) bool {
	for k := 0; k <= 255; k++ {
		if s.Has(license.Kind(k)) != m[license.Kind(k)] {
			return false
		}
	}
	want := m.sorted()
	var all []license.Kind
	for k := range s.All() {
		all = append(all, k)
	}
	return s.Len() == len(m) && s.IsEmpty() == (len(m) == 0) &&
		slices.Equal(s.Kinds(), want) && slices.Equal(all, want) &&
		s == license.SetOf(want...)
}

var quickCfg = &quick.Config{MaxCount: 500}

func TestSetAgainstMap(t *testing.T) {
	ops := map[string]any{
		"SetOf": func(a kinds) bool {
			return agrees(license.SetOf(a...), refOf(a))
		},
		"Add": func(a kinds, k uint8) bool {
			x := license.Kind(k%license.MaxKinds + 1)
			s := license.SetOf(a...)
			m := refOf(a)
			m[x] = true
			return agrees(s.Add(x), m) && agrees(s, refOf(a)) // s is a value
		},
		"Remove": func(a kinds, k uint8) bool {
			x := license.Kind(k%license.MaxKinds + 1)
			if len(a) > 0 && k%2 == 0 {
				x = a[int(k)%len(a)] // often remove a member
			}
			s := license.SetOf(a...)
			m := refOf(a)
			delete(m, x)
			return agrees(s.Remove(x), m) && agrees(s, refOf(a))
		},
		"Union": func(a, b kinds) bool {
			m := refOf(a)
			for k := range refOf(b) {
				m[k] = true
			}
			return agrees(license.SetOf(a...).Union(license.SetOf(b...)), m)
		},
		"Intersect": func(a, b kinds) bool {
			m, mb := ref{}, refOf(b)
			for k := range refOf(a) {
				if mb[k] {
					m[k] = true
				}
			}
			return agrees(license.SetOf(a...).Intersect(license.SetOf(b...)), m)
		},
		"Diff": func(a, b kinds) bool {
			m := refOf(a)
			for k := range refOf(b) {
				delete(m, k)
			}
			return agrees(license.SetOf(a...).Diff(license.SetOf(b...)), m)
		},
		"String": func(a kinds) bool {
			s := license.SetOf(a...)
			var parts []string
			for _, k := range refOf(a).sorted() {
				parts = append(parts, fmt.Sprintf("#%d", k))
			}
			want := "{" + strings.Join(parts, " ") + "}"
			// deterministic: the same set, built in another order, prints the same
			rev := slices.Clone(a)
			slices.Reverse(rev)
			return s.String() == want && license.SetOf(rev...).String() == want
		},
	}
	for name, f := range ops {
		t.Run(name, func(t *testing.T) {
			if err := quick.Check(f, quickCfg); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestSetAllStopsEarly(t *testing.T) {
	s := license.SetOf(3, 70, 1, 127, 64)
	var got []license.Kind
	for k := range s.All() {
		got = append(got, k)
		if len(got) == 3 {
			break
		}
	}
	if !slices.Equal(got, []license.Kind{1, 3, 64}) {
		t.Errorf("All() with break = %v", got)
	}
}

func TestSetZeroAndBoundaries(t *testing.T) {
	var z license.Set
	if !z.IsEmpty() || z.Len() != 0 || z.String() != "{}" || len(z.Kinds()) != 0 || z != license.SetOf() {
		t.Errorf("zero Set: %v", z)
	}
	s := license.SetOf(1, 64, 65, 128) // the first and last bit of each word
	if got := s.String(); got != "{#1 #64 #65 #128}" {
		t.Errorf("String() = %q", got)
	}
	if s.Remove(1).Remove(64).Remove(65).Remove(128) != z {
		t.Error("removing every member does not give the zero Set")
	}
	if s.Add(64) != s || s.Remove(5) != s {
		t.Error("adding a member or removing a non-member changed the set")
	}
}

func TestSetOutOfRangeKinds(t *testing.T) {
	full := license.SetOf(1, 64, 65, 128)
	tests := []struct {
		name string
		k    license.Kind
	}{
		{"MaxKinds+1", license.MaxKinds + 1},
		{"191", 191},
		{"192", 192},
		{"254", 254},
		{"255", 255},
		{"NoKind", license.NoKind}, // the zero Kind names no license
		{"zero Kind", license.Kind(0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, s := range []license.Set{{}, full} {
				if s.Has(tt.k) {
					t.Errorf("%v.Has(%v) = true", s, tt.k)
				}
				if got := s.Add(tt.k); got != s {
					t.Errorf("%v.Add(%v) = %v, want it unchanged", s, tt.k, got)
				}
				if got := s.Remove(tt.k); got != s {
					t.Errorf("%v.Remove(%v) = %v, want it unchanged", s, tt.k, got)
				}
			}
			if got := license.SetOf(1, tt.k, 128); got != license.SetOf(1, 128) {
				t.Errorf("SetOf(1, %v, 128) = %v", tt.k, got)
			}
			if got := license.SetOf(tt.k); !got.IsEmpty() {
				t.Errorf("SetOf(%v) = %v, want empty", tt.k, got)
			}
		})
	}
}
