package license

import (
	"errors"
	"testing"
)

// TestAuditOpaqueIDWithColon: an opaque ID's UUID cannot hold ':' (the
// parser would read it as an org), so NewID must refuse it rather than
// return an ID whose String ParseID rejects. LIC-6: encoding and decoding
// are exact inverses.
func TestAuditOpaqueIDWithColon(t *testing.T) { // LIC-6
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
