package license_test

import (
	"strings"
	"testing"

	"github.com/wxlicense/wxlicense/license"
)

// TestKindNameFolding: the builder's duplicate check and Lookup fold kind
// names one way, Unicode simple case folding (strings.EqualFold): two names
// are duplicates exactly when Lookup of one finds the kind of the other,
// and each accepted kind is found under its own name. Names that only full
// case mapping (ToLower, Turkish casing, "ß" → "ss") would equate are
// different kinds, each found under its own name.
func TestKindNameFolding(t *testing.T) {
	tests := []struct {
		first, second string
		duplicate     bool
	}{
		{"Basic Messaging", "BASIC MESSAGING", true},
		{"ſ", "s", true}, // long s, s
		{"ſ", "S", true}, // long s, S
		{"Webex Calling Professional", "Webex Calling Profeſſional", true},
		{"\u212a", "k", true},   // Kelvin sign, k
		{"\u212a", "K", true},   // Kelvin sign, K
		{"Ω", "\u2126", true},   // omega, Ohm sign
		{"å", "\u212b", true},   // a with ring, Angstrom sign
		{"ß", "ẞ", true},        // sharp s, capital sharp s
		{"σ", "ς", true},        // sigma, final sigma
		{"Σ", "ς", true},        // capital sigma, final sigma
		{"μ", "µ", true},        // mu, micro sign
		{"θ", "ϑ", true},        // theta, theta symbol
		{"ǅ", "ǆ", true},        // title-case and lower-case dz
		{"İ", "i", false},       // capital I with dot: lower-cases to i, folds to nothing else
		{"İ", "I", false},       // ... nor to I
		{"İ", "i\u0307", false}, // ... nor to i and a combining dot
		{"i\u0307", "i", false}, // a combining mark is a character of its own
		{"ı", "I", false},       // dotless i
		{"ı", "i", false},       // dotless i
		{"ß", "ss", false},      // full case folding only
		{"Basİc Messaging", "Basic Messaging", false},
		{"é", "e\u0301", false}, // no normalisation
	}
	for _, tt := range tests {
		t.Run(tt.first+"/"+tt.second, func(t *testing.T) {
			b := license.NewBuilder()
			k1 := b.AddKind(license.Info{Name: tt.first})
			one, err := b.Build()
			if err != nil {
				t.Fatal(err)
			}
			k2 := b.AddKind(license.Info{Name: tt.second})
			both, err := b.Build()
			if tt.duplicate {
				if err == nil || !strings.Contains(err.Error(), "duplicate kind name") {
					t.Errorf("AddKind(%q) after %q: %v, want a duplicate kind name", tt.second, tt.first, err)
				}
				if k, ok := one.Lookup(tt.second); !ok || k != k1 {
					t.Errorf("Lookup(%q) = %v, %v; want %q's kind %v", tt.second, k, ok, tt.first, k1)
				}
				return
			}
			if err != nil {
				t.Fatalf("AddKind(%q) after %q: %v, want a kind of its own", tt.second, tt.first, err)
			}
			if k, ok := one.Lookup(tt.second); ok {
				t.Errorf("Lookup(%q) = %v in a catalog of %q only, want none", tt.second, k, tt.first)
			}
			for name, want := range map[string]license.Kind{tt.first: k1, tt.second: k2} {
				if k, ok := both.Lookup(name); !ok || k != want {
					t.Errorf("Lookup(%q) = %v, %v; want %v", name, k, ok, want)
				}
			}
		})
	}
}

// TestLookupInvalidUTF8: Lookup of a name that is not UTF-8 finds nothing,
// not the kind whose name holds U+FFFD, which the builder accepts.
func TestLookupInvalidUTF8(t *testing.T) {
	b := license.NewBuilder()
	b.AddKind(license.Info{Name: "a\ufffd"})
	c, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a\xff", "A\xfe", "a\xef\xbf"} {
		if k, ok := c.Lookup(name); ok {
			t.Errorf("Lookup(%q) = %v, want none", name, k)
		}
	}
	if _, ok := c.Lookup("A\ufffd"); !ok {
		t.Error("Lookup of the name, other case: none")
	}
}

// FuzzKindName: for every kind name the builder accepts, Lookup of the
// name finds that kind, and the default kinds are still found under their
// names; a second name is refused as a duplicate exactly when Lookup of it
// finds the first kind, and when accepted each is found under its own.
func FuzzKindName(f *testing.F) { // LIC-1
	for _, s := range [][2]string{
		{"Extra", "EXTRA"}, {"ſ", "s"}, {"\u212a", "k"}, {"İ", "i"}, {"İ", "i\u0307"}, {"ı", "I"},
		{"ß", "ẞ"}, {"σ", "ς"}, {"µ", "μ"}, {"a\ufffd", "A\ufffd"}, {"Basİc Messaging", "Webex Calling Profeſſional"},
		{" x", "x"}, {"a\u200bb", "ab"}, {"a\xffb", "a\ufffdb"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, first, second string) {
		b := license.DefaultBuilder()
		k1 := b.AddKind(license.Info{Name: first})
		one, err := b.Build()
		if err != nil {
			return // refused: a bad name or a default kind's
		}
		if k, ok := one.Lookup(first); !ok || k != k1 {
			t.Fatalf("Lookup(%q) = %v, %v; want the kind added, %v", first, k, ok, k1)
		}
		for k := range one.All().All() {
			if got, ok := one.Lookup(one.Name(k)); !ok || got != k {
				t.Fatalf("with %q added, Lookup(%q) = %v, %v; want %v", first, one.Name(k), got, ok, k)
			}
		}
		found, foundOK := one.Lookup(second)
		k2 := b.AddKind(license.Info{Name: second})
		both, err := b.Build()
		switch {
		case err != nil && strings.Contains(err.Error(), "duplicate kind name"):
			if !foundOK {
				t.Fatalf("%q refused as a duplicate but Lookup(%q) finds nothing", second, second)
			}
		case err != nil:
			// refused for another reason: a bad name
		case foundOK:
			t.Fatalf("%q accepted but Lookup(%q) found %v before", second, second, found)
		default:
			if k, ok := both.Lookup(second); !ok || k != k2 {
				t.Fatalf("Lookup(%q) = %v, %v; want %v", second, k, ok, k2)
			}
			if k, ok := both.Lookup(first); !ok || k != k1 {
				t.Fatalf("Lookup(%q) = %v, %v after %q; want %v", first, k, ok, second, k1)
			}
		}
	})
}
