package assignment

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wxlicense/wxlicense/internal/visible"
)

// The lengths RFC 5321 allows: a path of 256 octets less the angle
// brackets, a local part of 64.
const (
	maxEmail      = 254
	maxEmailLocal = 64
	maxDomainPart = 63
)

// ParseEmail checks an e-mail address as users are added, imported and
// looked up, and returns its canonical form, which the org stores and
// compares: lower case, without the ASCII spaces around it. The limits
// below hold for the input and for its lower case.
//
// An address is one bare addr-spec of RFC 5322 as net/mail parses it —
// local@domain, no display name, no comment, no angle brackets, no quoted
// local part — of valid UTF-8 with no invisible or control character
// (Unicode Cc, Cf, Z, variation selectors and other default-ignorable
// code points) and no replacement character U+FFFD (the mark of text
// that was not UTF-8 before it reached the org), at most 254 bytes with a
// local part of at most 64, and a domain of at least two dot-separated
// labels of letters, digits and inner hyphens (a dot-less domain such as "localhost" is refused: Webex
// users have internet domains). Look-alikes made of other scripts'
// letters (homoglyphs) are not detected. The error wraps ErrInvalidEmail
// and quotes the input; its text says what is wrong, the first problem
// found, e.g. "nothing after the @" or "invisible or control character
// U+200B at byte 3".
func ParseEmail(s string) (string, error) {
	if plainEmail(s) {
		return s, nil
	}
	e := strings.Trim(s, " ")
	why := emailProblem(e)
	lower := strings.ToLower(e)
	if why == "" && lower != e && !ascii(e) { // lower case may take more bytes ("Ⱥ" is 2, "ⱥ" 3); never in ASCII
		if why = emailProblem(lower); why != "" {
			why += " in lower case"
		}
	}
	if why != "" {
		return "", bad("e-mail", s, fmt.Errorf("%w: %s", ErrInvalidEmail, why))
	}
	return lower, nil
}

// plainEmail reports whether s is an address ParseEmail returns as it is,
// by the common case's one pass: lower-case ASCII, a dot-atom local part
// of at most 64 bytes, and a domain of two or more labels of lower-case
// letters, digits and inner hyphens, each of at most 63 bytes, in at most
// 254 bytes. Every other address takes the full checks.
func plainEmail(s string) bool {
	if len(s) > maxEmail {
		return false
	}
	domain, part, dots := false, 0, 0 // part: where the local part or the domain label at i starts
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
		case c == '@':
			if domain || i == part || i > maxEmailLocal || s[i-1] == '.' {
				return false
			}
			domain, part = true, i+1
		case c == '.':
			if i == part || domain && (i-part > maxDomainPart || s[i-1] == '-') {
				return false
			}
			part = i + 1
			if domain {
				dots++
			}
		case c == '-':
			if domain && i == part {
				return false
			}
		case domain || strings.IndexByte("!#$%&'*+/=?^_`{|}~", c) < 0:
			return false
		}
	}
	return dots > 0 && part < len(s) && len(s)-part <= maxDomainPart && s[len(s)-1] != '-'
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// emailProblem says what is wrong with e, or "" when nothing is.
func emailProblem(e string) string {
	switch {
	case e == "":
		return "empty"
	case !utf8.ValidString(e):
		return "invalid UTF-8"
	case strings.ContainsRune(e, utf8.RuneError):
		return "replacement character U+FFFD: text that was not UTF-8 somewhere before"
	case len(e) > maxEmail:
		return fmt.Sprintf("longer than %d bytes", maxEmail)
	}
	for i, r := range e {
		switch {
		case r == ' ':
			return fmt.Sprintf("a space at byte %d", i)
		case visible.IsInvisible(r):
			return fmt.Sprintf("invisible or control character %U at byte %d", r, i)
		}
	}
	at := strings.LastIndexByte(e, '@')
	local, domain := e[:max(at, 0)], e[at+1:]
	switch {
	case at < 0:
		return "no @"
	case local == "":
		return "nothing before the @"
	case domain == "":
		return "nothing after the @"
	case len(local) > maxEmailLocal:
		return fmt.Sprintf("local part longer than %d bytes", maxEmailLocal)
	case !dotAtom(local, domain):
		if why := syntaxProblem(e, local); why != "" {
			return why
		}
	}
	return domainProblem(domain)
}

// syntaxProblem says why e, of local part local, is no bare address
// net/mail accepts, or "".
func syntaxProblem(e, local string) string {
	addr, err := mail.ParseAddress(e)
	switch {
	case err != nil && strayDots(local):
		return "a dot at either end of the local part, or two in a row"
	case err != nil:
		return err.Error()
	case addr.Name != "" || addr.Address != e:
		return "not a bare address (local@domain)"
	}
	return ""
}

// strayDots reports whether a dot starts or ends local or follows
// another, which a dot-atom (RFC 5322, 3.2.3) does not allow.
func strayDots(local string) bool {
	return strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..")
}

// dotAtom reports whether local@domain is of printable ASCII with a
// dot-atom local part (RFC 5322, 3.2.3): such an address is one net/mail
// accepts as it is, so the common case skips net/mail. The domain's
// syntax is left to domainProblem.
func dotAtom(local, domain string) bool {
	if strayDots(local) {
		return false
	}
	for i := 0; i < len(local); i++ {
		if c := local[i]; c != '.' && !isAtext(c) {
			return false
		}
	}
	for i := 0; i < len(domain); i++ {
		if c := domain[i]; c != '.' && c != '-' && !isAlnum(c) {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// isAtext reports whether c is an ASCII atext character of RFC 5322.
func isAtext(c byte) bool { return isAlnum(c) || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0 }

// domainProblem says what is wrong with an e-mail's domain, or "".
func domainProblem(d string) string {
	if !strings.Contains(d, ".") {
		return "domain without a dot"
	}
	for l := range strings.SplitSeq(d, ".") { // no slice: every lookup parses an e-mail
		if l == "" || len(l) > maxDomainPart || l[0] == '-' || l[len(l)-1] == '-' {
			return fmt.Sprintf("bad domain label %q", l)
		}
		for _, r := range l {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return fmt.Sprintf("character %q in the domain", r)
			}
		}
	}
	return ""
}

// findUser finds a user by e-mail; an invalid e-mail is an ErrInvalidEmail
// error, an unknown one ErrUnknownUser.
func (o *Org) findUser(email string) (UserID, error) {
	o = o.orZero()
	if id, ok := o.byEmail.get(&o.users, email); ok { // stored as ParseEmail gives it: valid
		return id, nil
	}
	key, err := ParseEmail(email)
	if err != nil {
		return 0, err
	}
	id, ok := o.byEmail.get(&o.users, key)
	if !ok {
		return 0, bad("user", email, ErrUnknownUser)
	}
	return id, nil
}
