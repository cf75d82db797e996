package assignment

import (
	"errors"
	"strings"
	"testing"

	"github.com/wxlicense/wxlicense/license"
)

// INV-1: a requirement of a caller's catalog, with a code of its own, is a
// requirement like LIC-3's: CheckInvariants finds a user who holds the kind
// without what it needs, and a template that grants it so.
func TestCheckInvariantsCustomRequirement(t *testing.T) {
	b := license.NewBuilder()
	base := b.AddKind(license.Info{Name: "Base", Code: "BASE", Category: license.Messaging})
	addon := b.AddKind(license.Info{Name: "Addon", Code: "ADD", Category: license.Calling})
	b.Require(addon, base, 910001)
	cat, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	o := New("o", cat)
	if _, err := o.Do(AddUsers{Users: []NewUser{{Email: "u@x.com", Explicit: true, Licenses: []license.Kind{base, addon}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := o.Do(SaveTemplate{Name: "T", Licenses: []Entry{{Kind: base}, {Kind: addon}}}); err != nil {
		t.Fatal(err)
	}
	if err := o.CheckInvariants(); err != nil {
		t.Fatalf("a valid org: %v", err)
	}
	// break the requirement behind the engine's back
	o.users.at(0).held = o.users.at(0).held.Remove(base)
	o.templates[o.orgTmpl].grant = o.templates[o.orgTmpl].grant.Remove(base)
	err = o.CheckInvariants()
	var ie *InvariantError
	if !errors.As(err, &ie) || ie.Invariant != "INV-1" {
		t.Fatalf("CheckInvariants = %v, want INV-1", err)
	}
	for _, want := range []string{"INV-1: u@x.com: Addon needs Base", `INV-1: template "T": Addon needs Base`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("CheckInvariants = %v, want %q", err, want)
		}
	}
}
