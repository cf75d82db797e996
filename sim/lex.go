package sim

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ParseError is a scenario that does not parse: where, what the parser
// expected there, and what it found.
type ParseError struct {
	File      string
	Line, Col int // 1-based; Col counts bytes
	Expected  string
	Got       string
}

// Error renders the error as file:line:col: expected X, got Y.
func (e *ParseError) Error() string {
	got := e.Got
	if got == "" {
		got = "end of line"
	}
	return fmt.Sprintf("%s:%d:%d: expected %s, got %s", e.File, e.Line, e.Col, e.Expected, got)
}

// token is one word, quoted string or punctuation mark of a line.
type token struct {
	text   string
	quoted bool
	col    int // 1-based byte column
}

func (t token) show() string { return strconv.Quote(t.text) }

// line is the token cursor over one scenario line.
type line struct {
	file string
	num  int
	toks []token
	i    int
	end  int // column just past the line's last byte
}

func (l *line) fail(expected string) error {
	e := &ParseError{File: l.file, Line: l.num, Col: l.end, Expected: expected}
	if l.i < len(l.toks) {
		e.Col, e.Got = l.toks[l.i].col, l.toks[l.i].show()
	}
	return e
}

func (l *line) more() bool { return l.i < len(l.toks) }

func (l *line) peek() (token, bool) {
	if l.i < len(l.toks) {
		return l.toks[l.i], true
	}
	return token{}, false
}

// is reports whether the next token is the bare word or mark w, and takes it.
func (l *line) is(w string) bool {
	if t, ok := l.peek(); ok && !t.quoted && t.text == w {
		l.i++
		return true
	}
	return false
}

// prev returns the text of the token l.is took last.
func (l *line) prev() string { return l.toks[l.i-1].text }

func (l *line) want(w string) error {
	if !l.is(w) {
		return l.fail(strconv.Quote(w))
	}
	return nil
}

// name takes a bare word or a quoted string.
func (l *line) name(what string) (string, error) {
	t, ok := l.peek()
	if !ok || !t.quoted && isMark(t.text) || t.text == "" {
		return "", l.fail(what)
	}
	l.i++
	return t.text, nil
}

// isMark reports whether a bare token is one of the marks , = @ >= <= (or
// a lone < or >), which no name may be.
func isMark(s string) bool {
	return len(s) == 1 && strings.ContainsAny(s, ",=@<>") || s == ">=" || s == "<="
}

// int takes a count: plain decimal digits, no sign (strconv.Atoi would
// take "+3" and "-0").
func (l *line) int(what string, max int) (int, error) {
	t, ok := l.peek()
	if !ok || t.quoted {
		return 0, l.fail(what)
	}
	n, err := strconv.Atoi(t.text)
	if err != nil || !digits(t.text) || n > max {
		return 0, l.fail(fmt.Sprintf("%s (0 to %d)", what, max))
	}
	l.i++
	return n, nil
}

// digits reports whether s is one or more ASCII decimal digits.
func digits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// percent takes "95%" as 0.95: digits, optionally a point and more digits,
// then %. strconv.ParseFloat alone would also take a sign, an exponent, hex
// and "Inf".
func (l *line) percent(what string) (float64, error) {
	t, ok := l.peek()
	num, pct := strings.CutSuffix(t.text, "%")
	if !ok || t.quoted || !pct {
		return 0, l.fail(what + " as a percentage such as 95%")
	}
	whole, frac, point := strings.Cut(num, ".")
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || !digits(whole) || point && !digits(frac) || f > 100 {
		return 0, l.fail(what + " as a percentage from 0% to 100%")
	}
	l.i++
	return f / 100, nil
}

func (l *line) duration(what string) (time.Duration, error) {
	t, ok := l.peek()
	if !ok || t.quoted {
		return 0, l.fail(what + " such as 48h or 7d")
	}
	d, err := ParseDuration(t.text)
	if err != nil {
		return 0, l.fail(what + " such as 48h or 7d")
	}
	l.i++
	return d, nil
}

func (l *line) done() error {
	if l.more() {
		return l.fail("end of line")
	}
	return nil
}

// lex splits one line into tokens: bare words, double-quoted strings with
// Go escapes, and the marks , = @ >= <=. A # outside quotes starts a
// comment.
func lex(file string, num int, s string) (*line, error) {
	l := &line{file: file, num: num, end: len(s) + 1}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '#':
			l.end = i + 1
			return l, nil
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return nil, &ParseError{File: file, Line: num, Col: i + 1, Expected: "a closing quote", Got: "end of line"}
			}
			if !utf8.ValidString(s[i : j+1]) { // Unquote would make each bad byte U+FFFD
				return nil, &ParseError{File: file, Line: num, Col: i + 1, Expected: "UTF-8 text", Got: strconv.Quote(s[i+1 : j])}
			}
			text, err := strconv.Unquote(s[i : j+1])
			if err != nil || !utf8.ValidString(text) {
				return nil, &ParseError{File: file, Line: num, Col: i + 1, Expected: "a quoted string with Go escapes", Got: s[i : j+1]}
			}
			l.toks = append(l.toks, token{text: text, quoted: true, col: i + 1})
			i = j + 1
		case strings.HasPrefix(s[i:], ">=") || strings.HasPrefix(s[i:], "<="):
			l.toks = append(l.toks, token{text: s[i : i+2], col: i + 1})
			i += 2
		case strings.IndexByte(",=@<>", c) >= 0:
			l.toks = append(l.toks, token{text: s[i : i+1], col: i + 1})
			i++
		default:
			j := i
			for j < len(s) && strings.IndexByte(" \t\r#\",=@<>", s[j]) < 0 {
				j++
			}
			w := s[i:j]
			if !utf8.ValidString(w) {
				return nil, &ParseError{File: file, Line: num, Col: i + 1, Expected: "UTF-8 text", Got: strconv.Quote(w)}
			}
			l.toks = append(l.toks, token{text: w, col: i + 1})
			i = j
		}
	}
	return l, nil
}
