// Package scenario parses and rewrites scenario test files: a small,
// domain-independent text format in the style of cockroachdb/datadriven.
// A file is a sequence of cases; each case is a command, its optional
// input and the output it is expected to print:
//
//	# ASG-4 preserve off removes manual licenses
//	template scope=existing preserve=off
//	  Basic Messaging
//	  Advanced Messaging @s1
//	----
//	ann@example.com: remove Unified CM (...)
//
// # Lines
//
// Outside a case, a line whose first non-blank character is '#' is a
// comment (free text: rule IDs and the story), and a blank line (empty or
// only spaces and tabs) is ignored. Any other line must start in the first
// column and is a command line.
//
// A command line is a name followed by arguments, separated by spaces or
// tabs:
//
//	name                   a flag or positional word (Arg.Vals is nil)
//	key=value              one value (Arg.Vals has one element)
//	key=(a, b c, "d,e")    a list; elements are separated by commas and
//	                       trimmed of spaces and tabs, so an unquoted
//	                       element may contain spaces ("Advanced Messaging:2")
//	key=()                 an empty list (Arg.Vals is empty, not nil)
//	"quoted word"          a quoted positional word
//	key="quoted value"     a quoted value
//
// Quoted strings are Go string literals (strconv.Unquote): they hold
// spaces, commas, parentheses, '=' and escapes. An unquoted key may not
// contain '=', '(', ')' or '"'; an unquoted value may not contain '(',
// ')' or '"' (it may contain '='); an unquoted list element may not
// contain ',', '(', ')' or '"' and may not be empty. The command name is
// an unquoted word.
//
// Lines after the command line that start with a space or a tab are its
// input (Case.Input): the lines are joined with newlines, after removing
// the leading whitespace they all share; a line holding only whitespace is
// an empty input line.
//
// # Expected output
//
// The input is followed by a line "----". The expected output is every
// line after it up to the next blank line or the end of the file. If the
// output itself contains blank lines (or starts with "----"), use two
// separator lines: after "----" and a second "----", the output runs up to
// the first two consecutive "----" lines, which close it:
//
//	users
//	----
//	----
//	ann@example.com: ...
//
//	bob@example.com: ...
//	----
//	----
//
// Case.Expected is the output lines, each ended by a newline ("" for an
// empty output).
//
// # Rewriting
//
// [Parse] returns the cases and remembers where each expected block is;
// [Render] copies the original file, replacing each expected block by the
// case's (possibly new) Expected, so that a test can regenerate its
// expectations under a -rewrite flag without touching comments, commands or
// layout. [Format] renders cases canonically (without comments).
package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Separator is the line between a command and its expected output.
const Separator = "----"

// Arg is one argument of a command line: a flag or positional word (Vals
// nil), key=value (one value) or key=(list).
type Arg struct {
	Key  string
	Vals []string
}

// String renders the argument as a command line holds it, quoting where
// needed, so that [ParseArgs] reads it back.
func (a Arg) String() string {
	var b strings.Builder
	writeArg(&b, a)
	return b.String()
}

// Case is one command with its input and expected output.
type Case struct {
	Pos      string // "file:line" of the command line
	Line     int    // 1-based line of the command line
	Cmd      string
	Args     []Arg
	Input    string // input lines joined with "\n", common indentation removed
	Expected string // expected output lines, each ended by "\n"

	// where the expected block is in the parsed data, for Render
	blockStart, blockEnd int
	double               bool
	parsed               bool
}

// Error is a parse error at a line of a file.
type Error struct {
	File string
	Line int
	Msg  string
}

// Error returns "file:line: message".
func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// line is one line of the input and its byte span.
type line struct {
	text       string
	start, end int // end includes the newline, if any
}

func splitLines(data []byte) []line {
	var out []line
	for i := 0; i < len(data); {
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			out = append(out, line{strings.TrimRight(string(data[i:]), "\r"), i, len(data)})
			break
		}
		out = append(out, line{strings.TrimRight(string(data[i:i+j]), "\r"), i, i + j + 1})
		i += j + 1
	}
	return out
}

func isBlank(s string) bool { return strings.Trim(s, " \t") == "" }

func indented(s string) bool { return s != "" && (s[0] == ' ' || s[0] == '\t') }

// Parse parses a scenario file. name is used in positions and errors. It
// never panics; errors are *Error values naming the file and line.
func Parse(name string, data []byte) ([]Case, error) {
	lines := splitLines(data)
	var cases []Case
	fail := func(i int, format string, args ...any) ([]Case, error) {
		return nil, &Error{name, i + 1, fmt.Sprintf(format, args...)}
	}
	for i := 0; i < len(lines); {
		text := lines[i].text
		trimmed := strings.TrimLeft(text, " \t")
		switch {
		case isBlank(text), strings.HasPrefix(trimmed, "#"):
			i++
			continue
		case indented(text):
			return fail(i, "indented line outside a command: %q", text)
		}
		c := Case{Pos: fmt.Sprintf("%s:%d", name, i+1), Line: i + 1, parsed: true}
		args, err := ParseArgs(text)
		if err != nil {
			return fail(i, "%v", err)
		}
		if len(args) == 0 || args[0].Vals != nil || !bareKey(args[0].Key) || strings.HasPrefix(text, `"`) {
			return fail(i, "command line must start with a command name: %q", text)
		}
		if args[0].Key == Separator {
			return fail(i, "%q without a command", Separator)
		}
		c.Cmd, c.Args = args[0].Key, args[1:]
		if len(c.Args) == 0 {
			c.Args = nil
		}
		i++
		var input []string
		for i < len(lines) && indented(lines[i].text) {
			input = append(input, lines[i].text)
			i++
		}
		c.Input = dedent(input)
		if i >= len(lines) || lines[i].text != Separator {
			return fail(min(i, len(lines)-1), "%s: missing %q line after the command and its input", c.Pos, Separator)
		}
		c.blockStart = lines[i].start
		i++
		var out []string
		if i < len(lines) && lines[i].text == Separator {
			// double separator: up to the first two consecutive "----" lines
			c.double = true
			i++
			for {
				if i+1 >= len(lines) {
					return fail(len(lines)-1, "%s: unterminated expected output: missing %q %q", c.Pos, Separator, Separator)
				}
				if lines[i].text == Separator && lines[i+1].text == Separator {
					c.blockEnd = lines[i+1].end
					i += 2
					break
				}
				out = append(out, lines[i].text)
				i++
			}
		} else {
			c.blockEnd = lines[i-1].end
			for i < len(lines) && !isBlank(lines[i].text) {
				out = append(out, lines[i].text)
				c.blockEnd = lines[i].end
				i++
			}
		}
		c.Expected = joinOutput(out)
		cases = append(cases, c)
	}
	return cases, nil
}

func joinOutput(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// outputLines splits an expected output into lines; a missing final
// newline is supplied.
func outputLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// dedent removes the leading whitespace all non-blank lines share; blank
// lines become empty.
func dedent(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	prefix, have := "", false
	for _, l := range lines {
		if isBlank(l) {
			continue
		}
		ws := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if !have {
			prefix, have = ws, true
			continue
		}
		n := 0
		for n < len(prefix) && n < len(ws) && prefix[n] == ws[n] {
			n++
		}
		prefix = prefix[:n]
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		if !isBlank(l) {
			out[i] = l[len(prefix):]
		}
	}
	return strings.Join(out, "\n")
}

// ParseArgs splits one line into words and key=value arguments, with the
// syntax of a command line (see the package doc). The first element of a
// command line is its name.
func ParseArgs(s string) ([]Arg, error) {
	p := argParser{s: s}
	var out []Arg
	for {
		p.space()
		if p.eof() {
			return out, nil
		}
		a, err := p.arg()
		if err != nil {
			return nil, fmt.Errorf("column %d: %w", p.i+1, err)
		}
		out = append(out, a)
		if !p.eof() && !p.isSpace() {
			return nil, fmt.Errorf("column %d: unexpected %q after argument", p.i+1, p.s[p.i])
		}
	}
}

type argParser struct {
	s string
	i int
}

func (p *argParser) eof() bool     { return p.i >= len(p.s) }
func (p *argParser) isSpace() bool { return p.s[p.i] == ' ' || p.s[p.i] == '\t' }
func (p *argParser) space() {
	for !p.eof() && p.isSpace() {
		p.i++
	}
}

// word reads an unquoted word up to a space, a tab or one of stop.
func (p *argParser) word(stop string) string {
	j := p.i
	for j < len(p.s) && p.s[j] != ' ' && p.s[j] != '\t' && !strings.ContainsRune(stop, rune(p.s[j])) {
		j++
	}
	w := p.s[p.i:j]
	p.i = j
	return w
}

// quoted reads a Go string literal in double quotes.
func (p *argParser) quoted() (string, error) {
	j := p.i + 1
	for ; j < len(p.s); j++ {
		switch p.s[j] {
		case '\\':
			j++
		case '"':
			v, err := strconv.Unquote(p.s[p.i : j+1])
			if err != nil {
				return "", fmt.Errorf("bad quoted string %s", p.s[p.i:j+1])
			}
			p.i = j + 1
			return v, nil
		}
	}
	return "", errors.New("unterminated quoted string")
}

func (p *argParser) arg() (Arg, error) {
	var a Arg
	if p.s[p.i] == '"' {
		k, err := p.quoted()
		if err != nil {
			return a, err
		}
		a.Key = k
	} else {
		a.Key = p.word(`=()"`)
		if a.Key == "" {
			return a, fmt.Errorf("unexpected %q", p.s[p.i])
		}
	}
	if p.eof() || p.s[p.i] != '=' {
		return a, nil
	}
	p.i++
	switch {
	case p.eof() || p.isSpace():
		return a, fmt.Errorf("missing value after %s=", a.Key)
	case p.s[p.i] == '"':
		v, err := p.quoted()
		if err != nil {
			return a, err
		}
		a.Vals = []string{v}
	case p.s[p.i] == '(':
		p.i++
		vals, err := p.list()
		if err != nil {
			return a, err
		}
		a.Vals = vals
	default:
		v := p.word(`()"`)
		if v == "" {
			return a, fmt.Errorf("unexpected %q in value of %s", p.s[p.i], a.Key)
		}
		a.Vals = []string{v}
	}
	return a, nil
}

// list reads the elements of a list after its '(' up to and including ')'.
func (p *argParser) list() ([]string, error) {
	vals := []string{}
	p.space()
	if !p.eof() && p.s[p.i] == ')' {
		p.i++
		return vals, nil
	}
	for {
		p.space()
		if p.eof() {
			return nil, errors.New("unterminated list")
		}
		var v string
		if p.s[p.i] == '"' {
			q, err := p.quoted()
			if err != nil {
				return nil, err
			}
			v = q
		} else {
			j := p.i
			for j < len(p.s) && !strings.ContainsRune(`,()"`, rune(p.s[j])) {
				j++
			}
			v = strings.Trim(p.s[p.i:j], " \t")
			p.i = j
			if v == "" {
				return nil, errors.New(`empty list element (quote it: "")`)
			}
		}
		vals = append(vals, v)
		p.space()
		if p.eof() {
			return nil, errors.New("unterminated list")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case ')':
			p.i++
			return vals, nil
		default:
			return nil, fmt.Errorf("unexpected %q in list", p.s[p.i])
		}
	}
}

// safe reports whether s can be written unquoted where the characters of
// special are not allowed: printable ASCII only, so that rendering is
// conservative.
func safe(s, special string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '"' || c == '\\' || strings.IndexByte(special, c) >= 0 {
			return false
		}
	}
	return true
}

func bareKey(s string) bool { return safe(s, "=()") }

// elemSafe reports whether a list element can be written unquoted: inner
// spaces are allowed.
func elemSafe(s string) bool {
	return s == strings.Trim(s, " ") && safe(strings.ReplaceAll(s, " ", "_"), ",()")
}

func quoteIf(ok bool, s string) string {
	if ok {
		return s
	}
	return strconv.Quote(s)
}

func writeArg(b *strings.Builder, a Arg) {
	b.WriteString(quoteIf(bareKey(a.Key), a.Key))
	switch {
	case a.Vals == nil:
	case len(a.Vals) == 1:
		b.WriteByte('=')
		b.WriteString(quoteIf(safe(a.Vals[0], "()"), a.Vals[0]))
	default:
		b.WriteString("=(")
		for i, v := range a.Vals {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(quoteIf(elemSafe(v), v))
		}
		b.WriteByte(')')
	}
}

// CommandLine renders a command name and its arguments as one line that
// [ParseArgs] reads back.
func CommandLine(cmd string, args []Arg) string {
	var b strings.Builder
	b.WriteString(cmd)
	for _, a := range args {
		b.WriteByte(' ')
		writeArg(&b, a)
	}
	return b.String()
}

// needsDouble reports whether an output needs the double separator.
func needsDouble(lines []string) bool {
	if len(lines) > 0 && lines[0] == Separator {
		return true
	}
	for _, l := range lines {
		if isBlank(l) {
			return true
		}
	}
	return false
}

// writeBlock writes the expected block of an output, from the first
// separator to the end of the output.
func writeBlock(b *bytes.Buffer, expected string, double bool) error {
	lines := outputLines(expected)
	double = double || needsDouble(lines)
	b.WriteString(Separator + "\n")
	if double {
		b.WriteString(Separator + "\n")
		for i, l := range lines {
			if l == Separator && (i == len(lines)-1 || lines[i+1] == Separator) {
				return fmt.Errorf("output cannot be written: %q line at its end or twice in a row", Separator)
			}
		}
	}
	for _, l := range lines {
		if strings.HasSuffix(l, "\r") {
			return errors.New("output line ends with a carriage return")
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	if double {
		b.WriteString(Separator + "\n" + Separator + "\n")
	}
	return nil
}

// Render returns data, the file cases were parsed from, with each case's
// expected block replaced by its Expected. Everything else — comments,
// commands, input, blank lines — is copied unchanged. It fails if a case
// was not parsed from data or an output cannot be written.
func Render(data []byte, cases []Case) ([]byte, error) {
	var b bytes.Buffer
	at := 0
	for _, c := range cases {
		if !c.parsed || c.blockStart < at || c.blockEnd > len(data) || c.blockStart > c.blockEnd {
			return nil, fmt.Errorf("%s: case was not parsed from this data", c.Pos)
		}
		b.Write(data[at:c.blockStart])
		if err := writeBlock(&b, c.Expected, c.double); err != nil {
			return nil, fmt.Errorf("%s: %w", c.Pos, err)
		}
		at = c.blockEnd
		if at > 0 && data[at-1] != '\n' && at < len(data) {
			// cannot happen: a block ends at a line end or at the end of data
			return nil, fmt.Errorf("%s: block does not end a line", c.Pos)
		}
	}
	b.Write(data[at:])
	return b.Bytes(), nil
}

// Format renders cases canonically, without comments: each case is its
// command line, its input indented by two spaces, and its expected block,
// followed by a blank line.
func Format(cases []Case) ([]byte, error) {
	var b bytes.Buffer
	for _, c := range cases {
		if !bareKey(c.Cmd) || c.Cmd == Separator || c.Cmd[0] == '#' {
			return nil, fmt.Errorf("%s: bad command name %q", c.Pos, c.Cmd)
		}
		b.WriteString(CommandLine(c.Cmd, c.Args))
		b.WriteByte('\n')
		if c.Input != "" {
			for _, l := range strings.Split(c.Input, "\n") {
				if strings.HasSuffix(l, "\r") {
					return nil, fmt.Errorf("%s: input line ends with a carriage return", c.Pos)
				}
				b.WriteString("  " + l + "\n")
			}
		}
		if err := writeBlock(&b, c.Expected, false); err != nil {
			return nil, fmt.Errorf("%s: %w", c.Pos, err)
		}
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

// Errorf returns an error prefixed with the case's position.
func (c *Case) Errorf(format string, args ...any) error {
	return fmt.Errorf("%s: %s: %s", c.Pos, c.Cmd, fmt.Sprintf(format, args...))
}

// InputLines returns the input lines, or nil for no input.
func (c *Case) InputLines() []string {
	if c.Input == "" {
		return nil
	}
	return strings.Split(c.Input, "\n")
}

// Lookup returns the last argument with the key.
func (c *Case) Lookup(key string) (Arg, bool) { return Lookup(c.Args, key) }

// Lookup returns the last argument of args with the key.
func Lookup(args []Arg, key string) (Arg, bool) {
	for i := len(args) - 1; i >= 0; i-- {
		if args[i].Key == key {
			return args[i], true
		}
	}
	return Arg{}, false
}

// Args is a typed view of a list of arguments, collecting the first error.
// Use it as:
//
//	a := scenario.Args{List: c.Args}
//	id := a.String("id", "")
//	n := a.Int("units", 0)
//	if err := a.Done(); err != nil { ... }
//
// Getters take arguments; Done rejects any argument no getter took (a typo
// guard). Take flags and keys before positional words with Pos.
type Args struct {
	List []Arg
	err  error
	used map[int]bool
}

func (a *Args) fail(format string, args ...any) {
	if a.err == nil {
		a.err = fmt.Errorf(format, args...)
	}
}

func (a *Args) take(i int) Arg {
	if a.used == nil {
		a.used = map[int]bool{}
	}
	a.used[i] = true
	return a.List[i]
}

// find takes the last argument with the key that no getter took yet.
func (a *Args) find(key string) (Arg, bool) {
	for i := len(a.List) - 1; i >= 0; i-- {
		if a.List[i].Key == key && !a.used[i] {
			return a.take(i), true
		}
	}
	return Arg{}, false
}

// Pos takes the next positional word (an argument without a value), or
// fails naming what is missing.
func (a *Args) Pos(what string) string {
	for i, x := range a.List {
		if x.Vals == nil && !a.used[i] {
			return a.take(i).Key
		}
	}
	a.fail("missing %s", what)
	return ""
}

// Rest takes every positional word not yet taken.
func (a *Args) Rest() []string {
	var out []string
	for i, x := range a.List {
		if x.Vals == nil && !a.used[i] {
			out = append(out, a.take(i).Key)
		}
	}
	return out
}

// Flag reports whether the word key is present (as "key" or "key=true");
// it is Bool(key, false).
func (a *Args) Flag(key string) bool { return a.Bool(key, false) }

func (a *Args) boolValue(x Arg) bool {
	if len(x.Vals) != 1 {
		a.fail("%s: want one value, got %d", x.Key, len(x.Vals))
		return false
	}
	switch strings.ToLower(x.Vals[0]) {
	case "true", "on", "yes":
		return true
	case "false", "off", "no":
		return false
	}
	a.fail("%s=%s: want on/off or true/false", x.Key, x.Vals[0])
	return false
}

// Bool returns key=on/off (true/false, yes/no), true for the bare word key,
// or def when key is absent.
func (a *Args) Bool(key string, def bool) bool {
	x, ok := a.find(key)
	if !ok {
		return def
	}
	if x.Vals == nil {
		return true
	}
	return a.boolValue(x)
}

// String returns key's single value, or def when it is absent.
func (a *Args) String(key, def string) string {
	x, ok := a.find(key)
	if !ok {
		return def
	}
	if len(x.Vals) != 1 {
		a.fail("%s: want one value", key)
		return def
	}
	return x.Vals[0]
}

// Int returns key's value as an integer, or def when it is absent.
func (a *Args) Int(key string, def int) int {
	s := a.String(key, "")
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		a.fail("%s=%s: not an integer", key, s)
		return def
	}
	return n
}

// StringList returns key's values (a single value is a one-element list), and
// whether key is present.
func (a *Args) StringList(key string) ([]string, bool) {
	x, ok := a.find(key)
	if !ok {
		return nil, false
	}
	if x.Vals == nil {
		a.fail("%s: want a value or a list", key)
	}
	return x.Vals, true
}

// Done returns the first error, or an error naming an argument no getter
// took.
func (a *Args) Done() error {
	if a.err != nil {
		return a.err
	}
	for i, x := range a.List {
		if !a.used[i] {
			return fmt.Errorf("unexpected argument %s", x)
		}
	}
	return nil
}
