package broadworks

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Certificate errors (BW-28).
var (
	ErrSelfSigned             = errors.New("broadworks: self-signed certificate")
	ErrCertificateExpired     = errors.New("broadworks: certificate expired")
	ErrCertificateNotYetValid = errors.New("broadworks: certificate not yet valid")
	ErrTrustChainMissing      = errors.New("broadworks: Webex trust chain not installed")
)

// Certificate is an XSP interface certificate modelled as a value (BW-28):
// who it names, who signed it, and its validity [NotBefore, NotAfter). It
// is self-signed when Issuer equals Subject.
type Certificate struct {
	Subject, Issuer     string
	NotBefore, NotAfter time.Time
}

// SelfSignedCertificate returns the certificate an XSP interface first
// gets: self-signed, valid one calendar year from created (2024-02-29 →
// 2025-03-01, Go's AddDate normalization).
func SelfSignedCertificate(subject string, created time.Time) Certificate {
	return Certificate{Subject: subject, Issuer: subject, NotBefore: created, NotAfter: created.AddDate(1, 0, 0)}
}

// SelfSigned reports whether the certificate's issuer is its subject.
func (c Certificate) SelfSigned() bool { return c.Issuer == c.Subject }

// ValidAt reports whether now is within [NotBefore, NotAfter).
func (c Certificate) ValidAt(now time.Time) bool {
	return !now.Before(c.NotBefore) && now.Before(c.NotAfter)
}

// CertificateError describes a certificate failing validation. Err joins
// every reason, so errors.Is finds each of ErrSelfSigned,
// ErrCertificateExpired and ErrCertificateNotYetValid that applies.
type CertificateError struct {
	Subject string
	Err     error
}

// Error returns a one-line message naming the certificate and its
// problems, separated by "; ".
func (e *CertificateError) Error() string {
	reasons := []error{e.Err}
	if j, ok := e.Err.(interface{ Unwrap() []error }); ok {
		reasons = j.Unwrap()
	}
	texts := make([]string, len(reasons))
	for i, r := range reasons {
		texts[i] = fmt.Sprint(r)
	}
	return fmt.Sprintf("broadworks: certificate %q: %s", clip(e.Subject), strings.Join(texts, "; "))
}

// Unwrap returns the joined reasons.
func (e *CertificateError) Unwrap() error { return e.Err }

// Validate checks the certificate as interface validation does at now: a
// self-signed, expired or not yet valid certificate fails with a
// *CertificateError.
func (c Certificate) Validate(now time.Time) error {
	var errs []error
	if c.SelfSigned() {
		errs = append(errs, ErrSelfSigned)
	}
	if !now.Before(c.NotAfter) {
		errs = append(errs, ErrCertificateExpired)
	}
	if now.Before(c.NotBefore) {
		errs = append(errs, ErrCertificateNotYetValid)
	}
	if errs == nil {
		return nil
	}
	return &CertificateError{Subject: c.Subject, Err: errors.Join(errs...)}
}

// ExpiryWarning is how urgently a certificate must be renewed.
type ExpiryWarning uint8

// The warnings. ExpirySoon starts 30 days before NotAfter, ExpiryVerySoon
// 7 days before; both count calendar days from now (AddDate).
const (
	ExpiryNone ExpiryWarning = iota
	ExpirySoon
	ExpiryVerySoon
	ExpiryPassed
)

// Warning thresholds in calendar days before NotAfter.
const (
	ExpirySoonDays     = 30
	ExpiryVerySoonDays = 7
)

// String returns "none", "expires soon", "expires very soon" or "expired".
func (w ExpiryWarning) String() string {
	switch w {
	case ExpiryNone:
		return "none"
	case ExpirySoon:
		return "expires soon"
	case ExpiryVerySoon:
		return "expires very soon"
	case ExpiryPassed:
		return "expired"
	}
	return fmt.Sprintf("ExpiryWarning(%d)", w)
}

// Warning returns the expiry warning at now.
func (c Certificate) Warning(now time.Time) ExpiryWarning {
	switch {
	case !now.Before(c.NotAfter):
		return ExpiryPassed
	case !now.AddDate(0, 0, ExpiryVerySoonDays).Before(c.NotAfter):
		return ExpiryVerySoon
	case !now.AddDate(0, 0, ExpirySoonDays).Before(c.NotAfter):
		return ExpirySoon
	}
	return ExpiryNone
}

// XSP is one XSP server of a cluster (BW-28): whether the Webex trust chain
// from Control Hub is installed on it, and the certificate its interface
// presents.
type XSP struct {
	Host                string
	TrustChainInstalled bool
	Certificate         Certificate
}

// NewXSP returns an XSP as first set up at created: a self-signed interface
// certificate and no trust chain.
func NewXSP(host string, created time.Time) XSP {
	return XSP{Host: host, Certificate: SelfSignedCertificate(host, created)}
}

// XSPError names the XSP a connection test failed on.
type XSPError struct {
	Host string
	Err  error
}

// Error returns a message naming the XSP and the reason.
func (e *XSPError) Error() string {
	return fmt.Sprintf("broadworks: XSP %q: %v", clip(e.Host), e.Err)
}

// Unwrap returns the reason.
func (e *XSPError) Unwrap() error { return e.Err }

// ConnectionTest runs a cluster's mTLS connection test at now: it fails on
// every XSP without the trust chain (ErrTrustChainMissing) or whose
// interface certificate fails Validate; a cluster with no XSP fails with
// ErrTrustChainMissing. Errors are joined, one *XSPError per failing XSP,
// in input order.
func ConnectionTest(xsps []XSP, now time.Time) error {
	if len(xsps) == 0 {
		return fmt.Errorf("%w: the cluster has no XSP", ErrTrustChainMissing)
	}
	var errs []error
	for _, x := range xsps {
		var reasons []error
		if !x.TrustChainInstalled {
			reasons = append(reasons, ErrTrustChainMissing)
		}
		if err := x.Certificate.Validate(now); err != nil {
			reasons = append(reasons, err)
		}
		if reasons != nil {
			errs = append(errs, &XSPError{x.Host, errors.Join(reasons...)})
		}
	}
	return errors.Join(errs...)
}
