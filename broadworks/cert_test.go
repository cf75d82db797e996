package broadworks

import (
	"errors"
	"testing"
	"time"
)

// BW-28: a self-signed XSP interface certificate is valid one calendar year
// (AddDate), valid while now < NotAfter.
func TestSelfSignedCertificateValidity(t *testing.T) {
	tests := []struct {
		created, notAfter string
	}{
		{"2024-02-29", "2025-03-01"},
		{"2023-03-15", "2024-03-15"},
		{"2024-12-31", "2025-12-31"},
	}
	for _, tt := range tests {
		c := SelfSignedCertificate("xsp1.example", date(tt.created))
		if !c.NotAfter.Equal(date(tt.notAfter)) {
			t.Errorf("created %s: NotAfter %v, want %s", tt.created, c.NotAfter, tt.notAfter)
		}
		if !c.ValidAt(c.NotAfter.Add(-time.Nanosecond)) || c.ValidAt(c.NotAfter) {
			t.Errorf("created %s: validity must end exactly at NotAfter", tt.created)
		}
		if !c.SelfSigned() {
			t.Error("not self-signed")
		}
	}
}

// BW-28: a self-signed or expired certificate fails validation; a publicly
// signed one within its validity passes.
func TestCertificateValidate(t *testing.T) {
	now := date("2025-01-10")
	public := Certificate{Subject: "xsp1", Issuer: "Public CA", NotBefore: date("2024-06-01"), NotAfter: date("2025-06-01")}
	expired := public
	expired.NotAfter = now
	early := public
	early.NotBefore = now.Add(time.Hour)
	tests := []struct {
		name string
		c    Certificate
		want []error
	}{
		{"public, valid", public, nil},
		{"self-signed", SelfSignedCertificate("xsp1", date("2024-06-01")), []error{ErrSelfSigned}},
		{"expired at NotAfter", expired, []error{ErrCertificateExpired}},
		{"not yet valid", early, []error{ErrCertificateNotYetValid}},
		{"self-signed and expired", SelfSignedCertificate("xsp1", date("2023-06-01")), []error{ErrSelfSigned, ErrCertificateExpired}},
		{"zero value", Certificate{}, []error{ErrSelfSigned, ErrCertificateExpired}},
	}
	for _, tt := range tests {
		err := tt.c.Validate(now)
		if (err == nil) != (tt.want == nil) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
		for _, w := range tt.want {
			if !errors.Is(err, w) {
				t.Errorf("%s: err = %v, want it to include %v", tt.name, err, w)
			}
		}
		var ce *CertificateError
		if err != nil && (!errors.As(err, &ce) || ce.Subject != tt.c.Subject) {
			t.Errorf("%s: %v does not name the certificate", tt.name, err)
		}
	}
}

// BW-28: expiry warnings 30 and 7 calendar days before NotAfter.
func TestCertificateWarning(t *testing.T) {
	c := SelfSignedCertificate("xsp1", date("2024-02-29")) // NotAfter 2025-03-01
	tests := []struct {
		now  string
		want ExpiryWarning
	}{
		{"2025-01-29", ExpiryNone},
		{"2025-01-30", ExpirySoon}, // +30 days = 2025-03-01
		{"2025-02-21", ExpirySoon},
		{"2025-02-22", ExpiryVerySoon}, // +7 days = 2025-03-01
		{"2025-02-28", ExpiryVerySoon},
		{"2025-03-01", ExpiryPassed},
	}
	for _, tt := range tests {
		if got := c.Warning(date(tt.now)); got != tt.want {
			t.Errorf("Warning(%s) = %v, want %v", tt.now, got, tt.want)
		}
	}
}

// BW-28: the first cluster's mTLS connection test fails until the trust
// chain is installed (and while an interface presents a self-signed cert).
func TestConnectionTest(t *testing.T) {
	created, now := date("2024-06-01"), date("2024-06-02")
	x := NewXSP("xsp1.example", created)
	err := ConnectionTest([]XSP{x}, now)
	var xe *XSPError
	if !errors.Is(err, ErrTrustChainMissing) || !errors.Is(err, ErrSelfSigned) || !errors.As(err, &xe) || xe.Host != "xsp1.example" {
		t.Errorf("fresh XSP: err = %v", err)
	}
	x.Certificate = Certificate{Subject: "xsp1.example", Issuer: "Public CA", NotBefore: created, NotAfter: created.AddDate(1, 0, 0)}
	if err := ConnectionTest([]XSP{x}, now); !errors.Is(err, ErrTrustChainMissing) || errors.Is(err, ErrSelfSigned) {
		t.Errorf("public cert, no trust chain: err = %v", err)
	}
	x.TrustChainInstalled = true
	if err := ConnectionTest([]XSP{x}, now); err != nil {
		t.Errorf("trust chain installed: err = %v", err)
	}
	if err := ConnectionTest([]XSP{x}, created.AddDate(1, 0, 0)); !errors.Is(err, ErrCertificateExpired) {
		t.Errorf("after a year: err = %v", err)
	}
	if err := ConnectionTest(nil, now); !errors.Is(err, ErrTrustChainMissing) {
		t.Errorf("no XSP: err = %v", err)
	}
}
