package license

import (
	"iter"
	"math/bits"
	"strconv"
	"strings"
)

// MaxKinds is the number of kinds a catalog may hold; it bounds [Set],
// which holds the kinds 1 to MaxKinds.
const MaxKinds = 128

// Set is a set of license kinds, stored as a 128-bit bitset (kind k is bit
// k-1). The zero value is the empty set. Sets are values: every method
// returns a new set.
//
// The two words are two fields, not an array: the compiler keeps a struct
// of two words in registers, while an array indexed by a variable goes
// through memory, and reading it back whole right after writing one word
// stalls the processor on every Add and Remove.
type Set struct{ lo, hi uint64 }

// bit returns k's bit position and whether k can be in a set: [NoKind] and
// kinds above [MaxKinds] cannot.
func bit(k Kind) (uint8, bool) {
	i := uint8(k) - 1 // NoKind wraps to 255
	return i, i < MaxKinds
}

// SetOf returns the set of the given kinds. [NoKind] and kinds above
// [MaxKinds] are ignored, as by [Set.Add].
func SetOf(kinds ...Kind) Set {
	var s Set
	for _, k := range kinds {
		s = s.Add(k)
	}
	return s
}

// Has reports whether k is in s. It is false for [NoKind] and for a kind
// above [MaxKinds].
func (s Set) Has(k Kind) bool {
	i, ok := bit(k)
	lo, hi := masks(i)
	return ok && (s.lo&lo|s.hi&hi) != 0
}

// masks returns bit i as a mask of the low word and of the high word, one
// of them zero, without branching.
func masks(i uint8) (lo, hi uint64) {
	m := uint64(1) << (i & 63)
	high := -uint64(i >> 6 & 1) // all ones for bits 64 to 127
	return m &^ high, m & high
}

// Add returns s with k added. [NoKind] and kinds above [MaxKinds] cannot be
// in a set: Add returns s unchanged.
func (s Set) Add(k Kind) Set {
	if i, ok := bit(k); ok {
		lo, hi := masks(i)
		s.lo, s.hi = s.lo|lo, s.hi|hi
	}
	return s
}

// Remove returns s without k. [NoKind] and kinds above [MaxKinds] are never
// in a set: Remove returns s unchanged.
func (s Set) Remove(k Kind) Set {
	if i, ok := bit(k); ok {
		lo, hi := masks(i)
		s.lo, s.hi = s.lo&^lo, s.hi&^hi
	}
	return s
}

// Union returns the kinds in s or t.
func (s Set) Union(t Set) Set { return Set{s.lo | t.lo, s.hi | t.hi} }

// Intersect returns the kinds in both s and t.
func (s Set) Intersect(t Set) Set { return Set{s.lo & t.lo, s.hi & t.hi} }

// Diff returns the kinds in s and not in t.
func (s Set) Diff(t Set) Set { return Set{s.lo &^ t.lo, s.hi &^ t.hi} }

// Bits returns the set as 128 bits, kind k at bit k-1 counting from the
// low bit of the first word: for compact keys and hashing.
func (s Set) Bits() [2]uint64 { return [2]uint64{s.lo, s.hi} }

// IsEmpty reports whether s has no kinds.
func (s Set) IsEmpty() bool { return s.lo|s.hi == 0 }

// Len returns the number of kinds in s.
func (s Set) Len() int { return bits.OnesCount64(s.lo) + bits.OnesCount64(s.hi) }

// All yields the kinds of s in ascending order.
func (s Set) All() iter.Seq[Kind] {
	return func(yield func(Kind) bool) {
		for i, w := range s.Bits() {
			for w != 0 {
				b := bits.TrailingZeros64(w)
				if !yield(kindAt(i*64 + b)) {
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
		b.WriteByte('#')
		b.WriteString(strconv.Itoa(int(k)))
	}
	b.WriteByte('}')
	return b.String()
}
