package license

import (
	"errors"
	"testing"
)

// TestOpaqueIDWithColon: an opaque ID's UUID cannot hold ':' (the
// parser would read it as an org), so NewID must refuse it rather than
// return an ID whose String ParseID rejects. LIC-6: encoding and decoding
// are exact inverses.
func TestOpaqueIDWithColon(t *testing.T) { // LIC-6
	id, err := NewID("", "", "org:uuid", "")
	if err == nil {
		_, perr := ParseID(id.String())
		t.Fatalf("NewID accepted opaque UUID with ':' (%v); ParseID of its String: %v", id, perr)
	}
	if !errors.Is(err, ErrMalformedID) {
		t.Errorf("err = %v, want ErrMalformedID", err)
	}
	if (ID{UUID: "org:uuid"}).IsValid() {
		t.Error("IsValid() = true for an opaque UUID with ':'")
	}
}

// TestKindNameWhiteSpace: a kind named with surrounding white space
// or an invisible character could never be found by Lookup (which trims
// its input) or would look like another kind's name: the builder must
// refuse it, as it refuses a duplicate name.
func TestKindNameWhiteSpace(t *testing.T) {
	for _, name := range []string{" Extra", "Extra\t", " Basic Messaging", "Basic\u200bMessaging", "Ex\x00tra"} {
		b := DefaultBuilder()
		k := b.AddKind(Info{Name: name})
		c, err := b.Build()
		if err == nil {
			_, found := c.Lookup(c.Name(k))
			t.Errorf("AddKind(%q) accepted (Lookup of its own name found it: %v)", name, found)
			continue
		}
		if !errors.Is(err, ErrInvalidCatalog) || k != NoKind {
			t.Errorf("AddKind(%q) = %v, Build err = %v; want NoKind and ErrInvalidCatalog", name, k, err)
		}
	}
}

// TestSubscriptionIDSurroundingSpace: a subscription ID with leading
// or trailing white space looks like the ID without it (" S1" and "S1"
// print the same in a usage report), which Ledger.Add refuses for IDs
// that would look like another.
func TestSubscriptionIDSurroundingSpace(t *testing.T) {
	l := NewLedger(MustDefault())
	if _, err := l.Add(Subscription{ID: "S1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Add(Subscription{ID: "Q1 EMEA"}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{" S1", "S1 ", "S1\u00a0", "\tS1", "Q1\u00a0EMEA", "Q1\u3000EMEA", "Q1\u3164", "Q1\ufe0f", "S\u200b1"} {
		if _, err := l.Add(Subscription{ID: id}); !errors.Is(err, ErrBadSubscription) {
			t.Errorf("Add(%q) = %v, want ErrBadSubscription", id, err)
		}
	}
	if l.Len() != 2 {
		t.Errorf("Len = %d after refused adds, want 2", l.Len())
	}
}

// A nil catalog has no kinds: its ledger refuses a subscription with
// units and takes one without; a zero error reads without panicking.
func TestNilCatalogAndZeroErrors(t *testing.T) {
	var c *Catalog
	if c.Len() != 0 {
		t.Errorf("nil catalog: Len() = %d", c.Len())
	}
	l := NewLedger(nil)
	if _, err := l.Add(Subscription{ID: "s", Units: map[Kind]int{BasicMessaging: 1}}); !errors.Is(err, ErrBadSubscription) {
		t.Errorf("Add with units to a ledger of no kinds = %v, want ErrBadSubscription", err)
	}
	if _, err := l.Add(Subscription{ID: "t"}); err != nil || l.Len() != 1 || l.Free(0, BasicMessaging) != 0 {
		t.Errorf("Add without units = %v, Len %d", err, l.Len())
	}
	if got := (&CatalogError{}).Error(); got != "<nil>: " {
		t.Errorf("zero CatalogError = %q", got)
	}
}
