package license

import (
	"iter"
	"math/bits"
	"strings"
)

// MaxKinds is the number of kinds a catalog may hold; it bounds [Set].
const MaxKinds = 128

// Set is a set of license kinds, stored as a 128-bit bitset. The zero value
// is the empty set. Sets are values: every method returns a new set.
type Set struct{ w [2]uint64 }

// SetOf returns the set of the given kinds. Kinds not below [MaxKinds],
// such as [NoKind], are ignored, as by [Set.Add].
func SetOf(kinds ...Kind) Set {
	var s Set
	for _, k := range kinds {
		s = s.Add(k)
	}
	return s
}

// Has reports whether k is in s. It is false for a kind not below
// [MaxKinds], such as [NoKind].
func (s Set) Has(k Kind) bool { return k < MaxKinds && s.w[k>>6]&(1<<(k&63)) != 0 }

// Add returns s with k added. A kind not below [MaxKinds], such as [NoKind],
// cannot be in a set: Add returns s unchanged.
func (s Set) Add(k Kind) Set {
	if k < MaxKinds {
		s.w[k>>6] |= 1 << (k & 63)
	}
	return s
}

// Remove returns s without k. A kind not below [MaxKinds], such as
// [NoKind], is never in a set: Remove returns s unchanged.
func (s Set) Remove(k Kind) Set {
	if k < MaxKinds {
		s.w[k>>6] &^= 1 << (k & 63)
	}
	return s
}

// Union returns the kinds in s or t.
func (s Set) Union(t Set) Set { return Set{[2]uint64{s.w[0] | t.w[0], s.w[1] | t.w[1]}} }

// Intersect returns the kinds in both s and t.
func (s Set) Intersect(t Set) Set { return Set{[2]uint64{s.w[0] & t.w[0], s.w[1] & t.w[1]}} }

// Diff returns the kinds in s and not in t.
func (s Set) Diff(t Set) Set { return Set{[2]uint64{s.w[0] &^ t.w[0], s.w[1] &^ t.w[1]}} }

// IsEmpty reports whether s has no kinds.
func (s Set) IsEmpty() bool { return s.w[0]|s.w[1] == 0 }

// Len returns the number of kinds in s.
func (s Set) Len() int { return bits.OnesCount64(s.w[0]) + bits.OnesCount64(s.w[1]) }

// All yields the kinds of s in ascending order.
func (s Set) All() iter.Seq[Kind] {
	return func(yield func(Kind) bool) {
		for i, w := range s.w {
			for w != 0 {
				b := bits.TrailingZeros64(w)
				if !yield(Kind(i*64 + b)) {
					return
				}
				w &= w - 1
			}
		}
	}
}

// Kinds returns the kinds of s in ascending order.
func (s Set) Kinds() []Kind {
	out := make([]Kind, 0, s.Len())
	for k := range s.All() {
		out = append(out, k)
	}
	return out
}

// String returns the kinds as "{#1 #4 #7}"; use [Catalog.Format] for names.
func (s Set) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for k := range s.All() {
		if b.Len() > 1 {
			b.WriteByte(' ')
		}
		b.WriteString(k.String())
	}
	b.WriteByte('}')
	return b.String()
}
