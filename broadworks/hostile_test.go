package broadworks

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzProvision feeds hostile strings to provisioning: it never panics, a
// refusal is an *Error that changes nothing, and INV-8 holds after
// completion.
func FuzzProvision(f *testing.F) {
	for _, s := range []string{"ann@acme.example", "=cmd()", "a\u200b@acme.example", "", "@", "a@b", "x0@x.example", strings.Repeat("a", 300)} {
		f.Add("u1", s, s, uint8(2))
	}
	f.Fuzz(func(t *testing.T, user, email, alt string, pkg uint8) {
		c := fixture(t)
		r := req(user, email)
		r.AltID, r.Package = alt, Package(pkg)
		before := c.Clone()
		_, err := c.Provision(padmin, r, t0)
		if err != nil {
			var be *Error
			if !errors.As(err, &be) || !cmp.Equal(before, c, stateOpts) {
				t.Fatalf("refusal %v: not an *Error, or the state changed", err)
			}
			return
		}
		if _, err := c.Complete("p1", user, t0); err != nil {
			t.Fatalf("complete: %v", err)
		}
		checkInv(t, c)
	})
}

// Hostile callers: unknown names, zero values and a nil partner are
// refused or empty, never a panic.
func TestHostileCallers(t *testing.T) {
	c := fixture(t)
	if p := c.Partner("nope"); p.ID() != "" || p.Subscribers() != nil || p.BillingSubscribers() != nil {
		t.Error("nil partner reads")
	}
	refused(t, c, ErrUnknown, func() error { _, err := c.Provision(padmin, Request{}, t0); return err })
	refused(t, c, ErrInvalidInput, func() error { _, err := c.Provision(padmin, req("u\u200b1", "a@acme.example"), t0); return err })
	refused(t, c, ErrInvalidInput, func() error { _, err := c.Provision(padmin, req("u1", "=1+1@acme.example"), t0); return err })
	refused(t, c, ErrForbidden, func() error { _, err := c.Provision(pro, req("u1", "a@acme.example"), t0); return err })
	refused(t, c, ErrUnknown, func() error { _, err := c.Complete("p1", "", t0); return err })
	refused(t, c, ErrUnknown, func() error { return c.Detach(padmin, "") })
	refused(t, c, ErrUnknown, func() error { return c.SetRestricted(padmin, "", true) })
	refused(t, c, ErrExists, func() error { return c.AddPartner("p1", "again", false) })
	if _, err := NewCloud(Config{RoomDelay: -1}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("negative delay: %v", err)
	}
	err := &Error{Op: "x", Email: "a\u200b@b", Err: ErrForbidden}
	if !strings.Contains(err.Error(), `"a\u200b@b"`) {
		t.Errorf("invisible characters not shown: %s", err)
	}
}

// LicenseChange.Lines explains each engine plan with names.
func TestLicenseChangeLines(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Basic)
	ch := c.LicenseChanges(s.Org)
	var lines []string
	for _, c := range ch {
		lines = append(lines, c.Lines()...)
	}
	// the org's Webex for BroadWorks subscription, then the person
	if len(ch) != 2 || !strings.Contains(strings.Join(lines, "\n"), "ann@acme.example: add user") {
		t.Errorf("changes %q", lines)
	}
}
