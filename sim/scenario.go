package sim

import (
	"bufio"
	"bytes"
	"strings"
	"time"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// Scenario is a parsed, validated scenario file (SIM-7): the org's set-up,
// the timed statements, the fault rates and the expectations. Parse makes
// one; Sim runs it.
type Scenario struct {
	File   string
	Name   string
	Seed   uint64 // the default seed (seed statement), 1 if none
	Until  time.Duration
	Start  time.Time
	Domain string
	Faults Faults
	// CheckEvery spaces the full org invariant checks (check every); zero
	// checks after every event.
	CheckEvery time.Duration
	Catalog    *license.Catalog
	Statements []Statement

	src []byte
}

// Faults are the rates of SIM-4 a scenario sets (fault statements). Every
// draw comes from the run's seeded source.
type Faults struct {
	AppDelay     time.Duration // the longest delay before the app shows a change (LIC-11); default 24 h
	BWMin, BWMax time.Duration // a BroadWorks task completes after a delay in [BWMin, BWMax] (BW-4)
	BWFail       float64       // the share of BroadWorks tasks that fail
	SyncLost     float64       // the share of directory-sync batches lost
	SyncDup      float64       // the share of directory-sync batches delivered twice
	ExpiryPerDay float64       // the daily chance that each active subscription expires
}

// Statement is one timed line of a scenario: a command at a virtual time,
// once or every Every until Until.
type Statement struct {
	Line  int
	Text  string // the source line as written, without its comment
	At    time.Duration
	Every time.Duration // 0: once
	Until time.Duration // with Every: the last time; 0: the run's end
	Cmd   Command
	// CountCol and CountLen locate the population count in Text, for the
	// shrinker; CountLen is 0 for a command without one.
	CountCol, CountLen int
}

// Command is what a statement does. The set is closed: the commands of
// this package's grammar (see the package documentation).
type Command interface {
	fire(s *Sim) error
}

// Source returns the scenario text as parsed.
func (sc *Scenario) Source() []byte { return bytes.Clone(sc.src) }

// defaultFaults are the delays of a scenario with no fault statements.
var defaultFaults = Faults{AppDelay: assignment.MaxAppDelay, BWMin: 2 * time.Minute, BWMax: 5 * time.Minute}

// DefaultStart is the virtual time 0 of a scenario without a start
// statement.
var DefaultStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// MaxPopulation bounds one statement's population, and a run's users.
const MaxPopulation = 10_000_000

// Parse parses and validates a scenario. file names it in errors. A syntax
// error, an unknown license name or a statement the grammar does not know is
// a *ParseError with the line and column and what was expected there.
func Parse(file string, src []byte) (*Scenario, error) {
	sc := &Scenario{File: file, Seed: 1, Until: 365 * Day, Start: DefaultStart, Domain: "example.com",
		Faults: defaultFaults, src: bytes.Clone(src)}
	var overrides []override
	var lines []*line
	var texts []string
	sn := bufio.NewScanner(bytes.NewReader(bytes.TrimPrefix(src, []byte("\ufeff")))) // a byte order mark some editors write
	sn.Buffer(nil, 1<<20)
	n := 1 // the line being read, which a line too long stops at
	for ; sn.Scan(); n++ {
		l, err := lex(file, n, sn.Text())
		if err != nil {
			return nil, err
		}
		if !l.more() {
			continue
		}
		if l.is("catalog") {
			if err := catalogLine(l, &overrides); err != nil {
				return nil, err
			}
			continue
		}
		lines, texts = append(lines, l), append(texts, sn.Text())
	}
	if err := sn.Err(); err != nil {
		return nil, &ParseError{File: file, Line: n, Col: 1, Expected: "lines under 1 MiB", Got: err.Error()}
	}
	cat, err := buildCatalog(file, overrides)
	if err != nil {
		return nil, err
	}
	sc.Catalog = cat
	p := &parser{sc: sc}
	for i, l := range lines {
		if err := p.statement(l, texts[i]); err != nil {
			return nil, err
		}
	}
	return sc, nil
}

// MustParse parses a scenario and panics on an error; for tests and
// embedded scenarios.
func MustParse(file string, src string) *Scenario {
	sc, err := Parse(file, []byte(src))
	if err != nil {
		panic(err)
	}
	return sc
}

type parser struct{ sc *Scenario }

func (p *parser) statement(l *line, text string) error {
	if done, err := p.header(l); done || err != nil {
		return err
	}
	st := Statement{Line: l.num, Text: text[:l.end-1]} // without its comment
	if err := p.timing(l, &st); err != nil {
		return err
	}
	t, ok := l.peek()
	if !ok || t.quoted {
		return l.fail("a command")
	}
	parse, ok := commands[t.text]
	if !ok {
		return l.fail("a command (" + strings.Join(commandNames(), ", ") + ")")
	}
	l.i++
	cmd, err := parse(p, l, &st)
	if err != nil {
		return err
	}
	if err := l.done(); err != nil {
		return err
	}
	st.Cmd = cmd
	p.sc.Statements = append(p.sc.Statements, st)
	return nil
}

// timing reads "at DUR" or "every DUR [from DUR] [until DUR]".
func (p *parser) timing(l *line, st *Statement) error {
	var err error
	switch {
	case l.is("at"):
		st.At, err = l.duration("a virtual time")
	case l.is("every"):
		if st.Every, err = l.duration("an interval"); err != nil {
			return err
		}
		if st.Every == 0 {
			l.i--
			return l.fail("an interval above 0")
		}
		st.At = st.Every
		if l.is("from") {
			if st.At, err = l.duration("a start time"); err != nil {
				return err
			}
		}
		if l.is("until") {
			// a zero Until stands for the run's end, so "until 0s" cannot
			// be taken as written
			if st.Until, err = l.duration("an end time"); err == nil && (st.Until == 0 || st.Until < st.At) {
				l.i--
				err = l.fail("an end time above 0s and not before the first time")
			}
		}
	}
	return err
}

// header reads the statements that set the run up rather than happen in it.
func (p *parser) header(l *line) (bool, error) {
	sc := p.sc
	var err error
	switch {
	case l.is("scenario"):
		sc.Name, err = l.name("the scenario's name")
	case l.is("seed"):
		var n int
		n, err = l.int("a seed", 1<<62)
		sc.Seed = uint64(n)
	case l.is("until"):
		sc.Until, err = l.duration("the run's end")
	case l.is("start"):
		var s string
		if s, err = l.name("a start time (RFC 3339)"); err == nil {
			if sc.Start, err = time.Parse(time.RFC3339, s); err != nil {
				l.i--
				err = l.fail("a start time (RFC 3339)")
			}
		}
	case l.is("domain"):
		sc.Domain, err = l.name("an e-mail domain")
	case l.is("check"):
		if err = l.want("every"); err == nil {
			sc.CheckEvery, err = l.duration("an interval")
		}
	case l.is("fault"):
		err = p.fault(l)
	default:
		return false, nil
	}
	if err == nil {
		err = l.done()
	}
	return true, err
}

func (p *parser) fault(l *line) error {
	f := &p.sc.Faults
	var err error
	switch {
	case l.is("app-delay"):
		f.AppDelay, err = l.duration("the longest app delay")
		if err == nil && f.AppDelay > assignment.MaxAppDelay {
			l.i--
			err = l.fail("an app delay of at most 24h (LIC-11)")
		}
	case l.is("bw-delay"):
		if f.BWMin, err = l.duration("the shortest BroadWorks delay"); err == nil {
			if err = l.want("to"); err == nil {
				f.BWMax, err = l.duration("the longest BroadWorks delay")
			}
		}
		if err == nil && f.BWMax < f.BWMin {
			l.i--
			err = l.fail("a longest delay not below the shortest")
		}
	case l.is("bw-fail"):
		f.BWFail, err = l.percent("the share of failing BroadWorks tasks")
	case l.is("sync-lost"):
		f.SyncLost, err = l.percent("the share of lost sync batches")
	case l.is("sync-dup"):
		f.SyncDup, err = l.percent("the share of duplicated sync batches")
	case l.is("expiry"):
		if f.ExpiryPerDay, err = l.percent("the daily expiry chance"); err == nil {
			if err = l.want("per"); err == nil {
				err = l.want("day")
			}
		}
	default:
		return l.fail("a fault (app-delay, bw-delay, bw-fail, sync-lost, sync-dup, expiry)")
	}
	return err
}

// kind reads a license name, quoted or a bare word, and resolves it in the
// scenario's catalog.
func (p *parser) kind(l *line) (license.Kind, error) {
	t, ok := l.peek()
	if !ok {
		return 0, l.fail("a license name such as \"Advanced Messaging\"")
	}
	k, ok := p.sc.Catalog.Lookup(t.text)
	if !ok {
		return 0, l.fail("a license name of the catalog, such as \"Advanced Messaging\"")
	}
	l.i++
	return k, nil
}

// count reads a population count and records where it is for the shrinker.
func (p *parser) count(l *line, st *Statement, what string) (int, error) {
	t, ok := l.peek()
	n, err := l.int(what, MaxPopulation)
	if err == nil && ok {
		st.CountCol, st.CountLen = t.col, len(t.text)
	}
	return n, err
}

// flags reads trailing option words in any order.
func flags(l *line, names ...string) map[string]bool {
	got := map[string]bool{}
	for more := true; more; {
		more = false
		for _, n := range names {
			if !got[n] && l.is(n) {
				got[n], more = true, true
			}
		}
	}
	return got
}

// endOr returns the last time a repeating statement may fire: its own
// until, if earlier than the run's end.
func (st Statement) endOr(end time.Duration) time.Duration {
	if st.Until > 0 && st.Until < end {
		return st.Until
	}
	return end
}

// catalogLine reads a catalog override: "catalog site NAME" adds a meeting
// site's host and attendee kinds; "catalog kind NAME code CODE category
// (messaging|meetings|calling|contact-center) [paid] [consumes-unit]" adds
// a kind (LIC-1: the catalog is data).
func catalogLine(l *line, out *[]override) error {
	switch {
	case l.is("site"):
		site, err := l.name("a meeting site name")
		if err != nil {
			return err
		}
		*out = append(*out, override{l.num, func(b *license.Builder) { b.AddSite(site) }})
	case l.is("kind"):
		var info license.Info
		var err error
		if info.Name, err = l.name("the kind's name"); err != nil {
			return err
		}
		if err = l.want("code"); err != nil {
			return err
		}
		if info.Code, err = l.name("a license code such as XYZ"); err != nil {
			return err
		}
		if err = l.want("category"); err != nil {
			return err
		}
		cats := map[string]license.Category{"messaging": license.Messaging, "meetings": license.Meetings,
			"calling": license.Calling, "contact-center": license.ContactCenter}
		t, _ := l.peek()
		if info.Category = cats[t.text]; info.Category == 0 {
			return l.fail("a category (messaging, meetings, calling, contact-center)")
		}
		l.i++
		f := flags(l, "paid", "consumes-unit")
		info.Paid, info.ConsumesUnit = f["paid"], f["consumes-unit"]
		*out = append(*out, override{l.num, func(b *license.Builder) { b.AddKind(info) }})
	default:
		return l.fail(`"site" or "kind"`)
	}
	return l.done()
}

// override is one catalog line: what it does to the builder, and where.
type override struct {
	line  int
	apply func(*license.Builder)
}

// buildCatalog applies the overrides to the default catalog, building
// after each so that an error names the line that caused it.
func buildCatalog(file string, overrides []override) (*license.Catalog, error) {
	b := license.DefaultBuilder()
	cat, err := b.Build()
	for _, o := range overrides {
		o.apply(b)
		if cat, err = b.Build(); err != nil {
			return nil, &ParseError{File: file, Line: o.line, Col: 1, Expected: "a catalog override the catalog accepts", Got: err.Error()}
		}
	}
	return cat, err
}
