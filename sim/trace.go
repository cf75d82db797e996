package sim

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/wxlicense/wxlicense/assignment"
)

// TraceSchema names the version of the JSON Lines trace format. A change
// that removes or renames a field, or changes a field's meaning, bumps it;
// adding an optional field does not.
const TraceSchema = "wxsim-trace/1"

// Record is one line of the JSON Lines trace (SIM-6). Type says which
// fields are set:
//
//   - "header" (first line): Schema, File, Seed, Until, Start, Scenario (the
//     scenario text, so that the trace alone replays the run).
//   - "event": Seq, T, Event — one fired event; the records up to the next
//     "event" are its results.
//   - "edit": a structural change of a plan — Op (e.g. "save template"),
//     User, Name, Value, Old.
//   - "change": one license change of one user — User, Op (grant, remove,
//     move, retain, activate, welcome, restore, add source, drop source),
//     License, Sub (and From for a move), Reason, Rule, Template, Source.
//   - "shortfall": a license a user's templates grant that the user did not
//     get — User, License, Reason, Other.
//   - "row_error": a rejected CSV row — Row, User, Error.
//   - "refused": an action the org refused — Action, Error.
//   - "error": an event that could not be carried out — Error, and Line:
//     the scenario line of the statement that fired it (absent for an
//     event no statement scheduled directly). An action the org refused
//     has its "refused" record first.
//   - "calling": one calling change of a plan (Plan.Calling) — Op
//     (place, fail, destroy), User, License, Location and Number (place:
//     the placement; fail: Number is the raw work number tried; destroy:
//     the placement lost), Reason (fail: the first failing check, CAL-3,
//     or NoPlacement, CAL-4), Detail (destroy: what is destroyed, CAL-9).
//   - "bw": BroadWorks — Op (provision, complete, fail, retry, approve),
//     Subscriber, Status, Code, Detail.
//   - "fault": an injected fault (SIM-4) — Fault, Detail.
//   - "expect": an expectation — Expect, Want, Got, OK.
//   - "failure": why the run stopped — Kind, Name, Detail, Event, Seed, Line.
//   - "summary" (last line): Summary.
//
// T is the virtual time since the start, as FormatDuration writes it.
type Record struct {
	Type     string   `json:"type"`
	Schema   string   `json:"schema,omitempty"`
	File     string   `json:"file,omitempty"`
	Seed     *uint64  `json:"seed,omitempty"`
	Until    string   `json:"until,omitempty"`
	Start    string   `json:"start,omitempty"`
	Scenario string   `json:"scenario,omitempty"`
	Seq      uint64   `json:"seq,omitempty"`
	T        string   `json:"t,omitempty"`
	Event    string   `json:"event,omitempty"`
	Op       string   `json:"op,omitempty"`
	User     string   `json:"user,omitempty"`
	Name     string   `json:"name,omitempty"`
	Value    string   `json:"value,omitempty"`
	Old      string   `json:"old,omitempty"`
	License  string   `json:"license,omitempty"`
	Sub      string   `json:"sub,omitempty"`
	From     string   `json:"from,omitempty"`
	Reason   string   `json:"reason,omitempty"`
	Rule     string   `json:"rule,omitempty"`
	Template string   `json:"template,omitempty"`
	Source   string   `json:"source,omitempty"`
	Other    string   `json:"other,omitempty"`
	Row      int      `json:"row,omitempty"`
	Action   string   `json:"action,omitempty"`
	Error    string   `json:"error,omitempty"`
	Location string   `json:"location,omitempty"`
	Number   string   `json:"number,omitempty"`
	Detail   string   `json:"detail,omitempty"`
	Subscr   string   `json:"subscriber,omitempty"`
	Status   string   `json:"status,omitempty"`
	Code     int      `json:"code,omitempty"`
	Fault    string   `json:"fault,omitempty"`
	Expect   string   `json:"expect,omitempty"`
	Want     *int     `json:"want,omitempty"`
	Got      *int     `json:"got,omitempty"`
	OK       *bool    `json:"ok,omitempty"`
	Kind     string   `json:"kind,omitempty"`
	Line     int      `json:"line,omitempty"`
	Summary  *Summary `json:"summary,omitempty"`
}

// tracer writes the JSON Lines trace and the human log; with neither it
// does nothing.
type tracer struct {
	j, h *bufio.Writer
	enc  *json.Encoder
	err  error
}

func newTracer(j, h io.Writer) *tracer {
	t := &tracer{}
	if j != nil {
		t.j = bufio.NewWriterSize(j, 1<<16)
		t.enc = json.NewEncoder(t.j)
		t.enc.SetEscapeHTML(false)
	}
	if h != nil {
		t.h = bufio.NewWriterSize(h, 1<<16)
	}
	return t
}

func (t *tracer) on() bool { return t.j != nil || t.h != nil }

func (t *tracer) rec(s *Sim, r Record) {
	if t.enc == nil || t.err != nil {
		return
	}
	if r.Type != "header" && r.Type != "summary" {
		r.Seq, r.T = s.cur.seq, FormatDuration(s.now)
	}
	t.err = t.enc.Encode(r)
}

func (t *tracer) log(format string, args ...any) {
	if t.h != nil && t.err == nil {
		_, t.err = fmt.Fprintf(t.h, format+"\n", args...)
	}
}

func (t *tracer) flush() error {
	for _, w := range []*bufio.Writer{t.j, t.h} {
		if w != nil && t.err == nil {
			t.err = w.Flush()
		}
	}
	return t.err
}

func (t *tracer) header(s *Sim) {
	seed := s.seed
	t.rec(s, Record{Type: "header", Schema: TraceSchema, File: s.sc.File, Seed: &seed,
		Until: FormatDuration(s.until), Start: s.sc.Start.Format(time.RFC3339), Scenario: string(s.sc.src)})
	t.log("# %s seed %d until %s", s.sc.File, s.seed, FormatDuration(s.until))
}

func (t *tracer) event(s *Sim, it item) {
	if !t.on() {
		return
	}
	t.rec(s, Record{Type: "event", Event: it.ev.String()})
	t.log("[%s] #%d %s", FormatDuration(s.now), it.seq, it.ev)
}

func (t *tracer) refused(s *Sim, action string, err error) {
	if !t.on() {
		return
	}
	t.rec(s, Record{Type: "refused", Action: action, Error: err.Error()})
	t.log("  refused %s: %v", action, err)
}

func (t *tracer) eventError(s *Sim, line int, err error) {
	if !t.on() {
		return
	}
	t.rec(s, Record{Type: "error", Error: err.Error(), Line: line})
	if line > 0 {
		t.log("  error at line %d: %v", line, err)
	} else {
		t.log("  error: %v", err)
	}
}

// logLines is how many lines of one plan the human log shows.
const logLines = 4

func (t *tracer) plan(s *Sim, p *assignment.Plan) {
	if !t.on() {
		return
	}
	n := &s.names
	for _, e := range p.Edits {
		if e.Op == assignment.EditTime {
			continue
		}
		r := Record{Type: "edit", Op: e.Op.String(), Name: e.Name, Value: e.Value, Old: e.Old}
		if e.User != assignment.NoUser {
			r.User = n.user(e.User)
		}
		t.rec(s, r)
	}
	for _, c := range p.Changes {
		rule, why := splitReason(c.Reason.String())
		r := Record{Type: "change", User: n.user(c.User), Op: c.Op.String(), License: n.kind(c.Kind),
			Sub: n.sub(c.Sub), Reason: why, Rule: rule, Template: n.template(c.Template)}
		if c.Op == assignment.Move {
			r.From = n.sub(c.From)
		}
		if c.Source != 0 {
			r.Source = c.Source.String()
		}
		t.rec(s, r)
	}
	for _, c := range p.Calling {
		t.rec(s, callingRecord(n, c))
	}
	for _, sh := range p.Shortfalls {
		t.rec(s, Record{Type: "shortfall", User: n.user(sh.User), License: n.kind(sh.Kind),
			Reason: sh.Reason.String(), Other: n.kind(sh.Other)})
	}
	for _, re := range p.RowErrors {
		t.rec(s, Record{Type: "row_error", Row: re.Row, User: re.Email, Error: re.Err.Error()})
	}
	if t.h == nil {
		return
	}
	var lines []string
	for _, l := range p.Lines() {
		if !strings.HasPrefix(l, "time ") && !strings.Contains(l, ": time ") {
			lines = append(lines, l)
		}
	}
	for i, l := range lines {
		if i == logLines && len(lines) > logLines+1 {
			t.log("  ... %d more", len(lines)-logLines)
			break
		}
		t.log("  %s", l)
	}
}

func (t *tracer) bw(s *Sim, r Record) {
	if !t.on() {
		return
	}
	r.Type = "bw"
	t.rec(s, r)
	t.log("  broadworks %s", strings.Join(strings.Fields(r.Op+" "+r.Subscr+" "+r.Status+" "+r.Detail), " "))
}

func (t *tracer) fault(s *Sim, fault, detail string) {
	if !t.on() {
		return
	}
	t.rec(s, Record{Type: "fault", Fault: fault, Detail: detail})
	t.log("  fault %s: %s", fault, detail)
}

func (t *tracer) expect(s *Sim, what string, want, got int, ok bool) {
	if !t.on() {
		return
	}
	t.rec(s, Record{Type: "expect", Expect: what, Want: &want, Got: &got, OK: &ok})
	t.log("  expect %s: got %d", what, got)
}

func (t *tracer) failure(s *Sim, f *Failure) {
	seed := f.Seed
	t.rec(s, Record{Type: "failure", Kind: f.Kind, Name: f.Name, Detail: f.Detail, Event: f.Event,
		Seed: &seed, Line: f.Line})
	t.log("FAILED: %v", f)
}

func (t *tracer) summary(s *Sim, res *Result) {
	sum := res.Summary
	t.rec(s, Record{Type: "summary", Summary: &sum})
	if t.h != nil {
		t.log("%s", strings.TrimRight(sum.String(), "\n"))
	}
}

// splitReason splits "ASG-3 template applied" into the rule and the text.
func splitReason(s string) (rule, why string) {
	r, w, ok := strings.Cut(s, " ")
	if !ok || !strings.Contains(r, "-") {
		return "", s
	}
	return r, w
}
