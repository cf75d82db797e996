package broadworks

import "testing"

// Two different e-mails with invalid UTF-8 bytes would both lower-case to
// U+FFFD and share one account key: an invalid byte sequence is refused
// as input, never stored.
func TestAuditInvalidUTF8Refused(t *testing.T) {
	c := fixture(t)
	refused(t, c, ErrInvalidInput, func() error { _, err := c.AddAccount("a\xff@x.example"); return err })
	refused(t, c, ErrInvalidInput, func() error { return c.AddPartner("p\xff", "bad", false) })
	refused(t, c, ErrInvalidInput, func() error { _, err := c.Provision(padmin, req("u\xfe1", "b@acme.example"), t0); return err })
}
