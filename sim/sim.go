package sim

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// Event is one thing that happens at a virtual time (SIM-3). The built-in
// events come from scenario statements; an embedding test may schedule
// its own with Sim.Schedule and EventFunc. Fire changes the simulated world
// through the Sim (Sim.Do for org actions) so that every change is traced.
type Event interface {
	fmt.Stringer
	Fire(s *Sim) error
}

// EventFunc is an Event made of a name and a function.
func EventFunc(name string, fire func(s *Sim) error) Event { return eventFunc{name, fire} }

type eventFunc struct {
	name string
	fire func(*Sim) error
}

func (e eventFunc) String() string    { return e.name }
func (e eventFunc) Fire(s *Sim) error { return e.fire(s) }

// Invariant is a check run after every event (SIM-5): a non-nil error stops
// the run.
type Invariant struct {
	Name  string
	Check func(s *Sim) error
}

// Options configure a run.
type Options struct {
	// Trace receives the JSON Lines trace (SIM-6); nil writes none.
	Trace io.Writer
	// Log receives the compact human log; nil writes none.
	Log io.Writer
	// Progress, if set, is called after every event with the virtual time
	// and the number of events so far. It must not change the run.
	Progress func(now time.Duration, events int)
}

// Sim is one deterministic run of a scenario with a seed (SIM-1, SIM-2):
// a virtual clock, an event queue ordered by (time, sequence), a PCG source
// seeded from the run's seed, the org (with its calling inventory attached
// when the scenario uses calling) and its BroadWorks cloud. A Sim runs on
// the calling goroutine only and starts no goroutine.
type Sim struct {
	sc    *Scenario
	seed  uint64
	rng   *rand.Rand
	org   *assignment.Org
	cat   *license.Catalog
	until time.Duration

	ran    bool // Run was called: a Sim runs once
	now    time.Duration
	orgNow time.Duration // the org's clock, which follows now lazily
	q      queue
	seq    uint64
	cur    item // the event being fired
	events int

	tr   *tracer
	opts Options

	invs        []Invariant
	invRuns     []int          // how often each of invs ran
	checks      map[string]int // the transition and quiet-period checks run
	lastCheck   time.Duration
	lastChange  time.Duration
	changedOnce bool

	names    names
	calling  callingWorld
	bw       *bwWorld
	removed  []bool // users a directory sync deleted
	fail     *Failure
	refused  int
	emailSeq int

	refusal  error            // the last refusal Do traced for the event being fired
	errs     int              // events that could not be carried out, refusals aside
	errLines map[int]struct{} // the scenario lines of their statements
	unfired  []int            // the lines of statements timed after the run's end
}

// Failure is why a run failed: an invariant violated (SIM-5) or an
// expectation unmet (SIM-7), with the event, the time and the seed.
type Failure struct {
	Kind   string // "invariant" or "expectation"
	Name   string // the invariant ("INV-4", a caller's name) or the expectation as written
	Detail string
	Event  string
	Seq    uint64
	At     time.Duration
	Seed   uint64
	Line   int // the scenario line of the failing statement, 0 if none
}

func (f *Failure) Error() string {
	return fmt.Sprintf("%s %s failed at %s (event #%d %s, seed %d): %s",
		f.Kind, f.Name, FormatDuration(f.At), f.Seq, f.Event, f.Seed, f.Detail)
}

// ErrFailed is wrapped by the error of a run that ended with a Failure.
var ErrFailed = errors.New("sim: run failed")

// errZeroSim refuses the zero Sim's Run and Do: a Sim comes from New.
var errZeroSim = errors.New("sim: the zero Sim: make one with New")

// New prepares a run of sc with the given seed: the org, its calling
// inventory, the BroadWorks cloud and every statement scheduled. Nothing runs
// until Run.
func New(sc *Scenario, seed uint64, opts Options) (*Sim, error) {
	if sc == nil || sc.Catalog == nil {
		return nil, errors.New("sim: nil scenario")
	}
	s := &Sim{sc: sc, seed: seed, cat: sc.Catalog, until: sc.Until, opts: opts,
		rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)), checks: map[string]int{}}
	org, err := assignment.NewOrg("sim", sc.Catalog)
	if err != nil {
		return nil, err
	}
	s.org = org
	if _, err := org.Do(assignment.SetTime{At: sc.Start}); err != nil {
		return nil, err
	}
	s.org.SetAppDelay(s.appDelay)
	if usesCalling(sc) {
		if err := s.calling.attach(org); err != nil {
			return nil, err
		}
	}
	s.names.cat = sc.Catalog
	s.tr = newTracer(opts.Trace, opts.Log)
	s.invs = builtinInvariants(s.calling.pl != nil)
	if err := s.scheduleStatements(); err != nil {
		return nil, err
	}
	if sc.Faults.ExpiryPerDay > 0 {
		s.Schedule(Day, expiryDraw{})
	}
	return s, nil
}

// MaxOccurrences bounds the statement occurrences one run schedules.
const MaxOccurrences = 10_000_000

// scheduleStatements schedules every occurrence of every statement up
// front, so that statements due at one time fire in file order, repeating
// ones included. A scenario whose repeating statements would fire more
// than MaxOccurrences times before its end is refused.
func (s *Sim) scheduleStatements() error {
	if err := s.countOccurrences(); err != nil {
		return err
	}
	for _, st := range s.sc.Statements {
		if st.At > st.endOr(s.until) {
			s.unfired = append(s.unfired, st.Line) // still scheduled, so that the sequence numbers stay
		}
		if st.Every <= 0 {
			s.Schedule(st.At, statementEvent{st})
			continue
		}
		for t := st.At; t <= st.endOr(s.until); t += st.Every {
			s.Schedule(t, statementEvent{st})
		}
	}
	return nil
}

// countOccurrences refuses a scenario whose statements would fire more
// than MaxOccurrences times before the end, naming the statement that
// passes the bound, without scheduling them.
func (s *Sim) countOccurrences() error {
	total := 0
	for _, st := range s.sc.Statements {
		total++
		if end := st.endOr(s.until); st.Every > 0 && st.At <= end {
			total += int((end - st.At) / st.Every)
		}
		if total > MaxOccurrences {
			return fmt.Errorf("sim: %s:%d: more than %d occurrences before the end", s.sc.File, st.Line, MaxOccurrences)
		}
	}
	return nil
}

// Org returns the simulated org. Change it only through Sim.Do, so that the
// change is traced and checked.
func (s *Sim) Org() *assignment.Org {
	s.syncClock()
	return s.org
}

// Rand returns the run's seeded source; every random draw of an event must
// come from it (SIM-1).
func (s *Sim) Rand() *rand.Rand { return s.rng }

// Now returns the virtual time since the start.
func (s *Sim) Now() time.Duration { return s.now }

// Seed returns the run's seed.
func (s *Sim) Seed() uint64 { return s.seed }

// Scenario returns the scenario being run.
func (s *Sim) Scenario() *Scenario { return s.sc }

// Schedule adds an event at virtual time at (not before now); events at one
// time fire in the order they were scheduled. A nil event, which has
// nothing to fire, is not added.
func (s *Sim) Schedule(at time.Duration, e Event) {
	if e == nil {
		return
	}
	if at < s.now {
		at = s.now
	}
	s.seq++
	s.q.push(item{at: at, seq: s.seq, ev: e})
}

// AddInvariant adds a check run after every event. An invariant without a
// Check fails the run at its first check, saying so.
func (s *Sim) AddInvariant(inv Invariant) { s.invs = append(s.invs, inv) }

// Do plans an org action, applies it and traces the plan: every change
// with its reason, template, subscription and rule. A refused action is
// traced and returned; it is not a failure of the run.
func (s *Sim) Do(a assignment.Action) (*assignment.Plan, error) {
	if s.org == nil {
		return nil, errZeroSim
	}
	s.syncClock()
	p, err := s.org.Do(a)
	if err != nil {
		s.refused++
		s.refusal = err
		s.tr.refused(s, fmt.Sprint(a), err) // "<nil>" for no action
		return nil, err
	}
	s.afterPlan(a, p)
	return p, nil
}

// afterPlan keeps the name tables current, traces the plan, notes when
// licenses last changed (INV-9), counts the plan's placements and
// destructions and checks the transition properties (INV-5, INV-6, INV-7).
func (s *Sim) afterPlan(a assignment.Action, p *assignment.Plan) {
	s.names.refresh(s.org, a, p)
	if len(p.Changes) > 0 {
		s.lastChange, s.changedOnce = s.now, true
	}
	s.tr.plan(s, p)
	s.calling.afterPlan(p)
	s.checkTransition(a, p)
	s.checkCallingData(a, p)
}

// Run fires events in (time, sequence) order until the queue is empty, the
// next event is after the scenario's end, or a check fails. It returns the
// result; err wraps ErrFailed when the run failed. A Sim runs once: a
// second call returns an error and writes nothing.
func (s *Sim) Run() (*Result, error) {
	if s.org == nil {
		return nil, errZeroSim
	}
	if s.ran {
		return nil, errors.New("sim: the Sim has already run")
	}
	s.ran = true
	s.tr.header(s)
	for s.q.len() > 0 && s.fail == nil {
		if s.q.peek().at > s.until {
			break
		}
		s.step(s.q.pop())
	}
	if s.fail == nil && s.now < s.until {
		s.advance(s.until)
	}
	s.syncClock()
	res := s.result()
	s.tr.summary(s, res)
	if err := s.tr.flush(); err != nil {
		return res, err
	}
	if res.Failure != nil {
		return res, fmt.Errorf("%w: %w", ErrFailed, res.Failure)
	}
	return res, nil
}

func (s *Sim) step(it item) {
	s.advance(it.at)
	s.cur = it
	s.events++
	s.tr.event(s, it)
	s.refusal = nil
	if err := it.ev.Fire(s); err != nil {
		s.eventError(err)
	}
	if s.fail == nil {
		s.check()
	}
	if s.opts.Progress != nil {
		s.opts.Progress(s.now, s.events)
	}
}

// advance moves the virtual clock. The org's clock follows lazily
// (syncClock), before anything that acts on it or reads time-dependent state
// (LIC-10, LIC-11), so that events that leave the org alone cost no plan.
func (s *Sim) advance(to time.Duration) {
	if to > s.now {
		s.now = to
	}
}

// syncClock brings the org's clock to the virtual time.
func (s *Sim) syncClock() {
	if s.orgNow == s.now {
		return
	}
	s.orgNow = s.now
	if _, err := s.org.Do(assignment.SetTime{At: s.sc.Start.Add(s.now)}); err != nil {
		panic(err) // the virtual clock only moves forward
	}
}

// eventError traces an event that could not be carried out, with the line
// of its statement, and counts it for the summary unless it is a refusal
// that Do traced and counted already. The run goes on.
func (s *Sim) eventError(err error) {
	line := s.curLine()
	s.tr.eventError(s, line, err)
	if errors.Is(err, s.refusal) {
		return
	}
	s.errs++
	if line > 0 {
		if s.errLines == nil {
			s.errLines = map[int]struct{}{}
		}
		s.errLines[line] = struct{}{}
	}
}

// curLine returns the scenario line of the statement being fired, 0 for
// an event no statement scheduled directly.
func (s *Sim) curLine() int {
	if se, ok := s.cur.ev.(statementEvent); ok {
		return se.st.Line
	}
	return 0
}

// failAt makes a Failure for the event being fired.
func (s *Sim) failAt(kind, name, detail string) *Failure {
	return &Failure{Kind: kind, Name: name, Detail: detail, Event: s.cur.ev.String(), Seq: s.cur.seq,
		At: s.now, Seed: s.seed, Line: s.curLine()}
}

// appDelay draws each change's app delay from the seed, the user and the
// time, so that it is a pure function as assignment.AppDelay requires
// (SIM-4, LIC-11).
func (s *Sim) appDelay(id assignment.UserID, _ string, at time.Time) time.Duration {
	max := s.sc.Faults.AppDelay
	if max <= 0 {
		return 0
	}
	ns := uint64(at.Unix())*1e9 + uint64(at.Nanosecond()) // UnixNano, defined for every year
	h := mix(s.seed ^ mix(uint64(id)+1) ^ mix(ns))
	return time.Duration(h % uint64(max+1))
}

// mix is SplitMix64's finalizer.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// chance draws true with probability p.
func (s *Sim) chance(p float64) bool { return p > 0 && s.rng.Float64() < p }
