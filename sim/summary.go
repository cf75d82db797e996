package sim

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// Result is how a run ended.
type Result struct {
	Seed    uint64
	Events  int
	Failure *Failure // nil for a run that passed
	Summary Summary
}

// Summary is the end-of-run report (SIM-6). It is a pure function of the
// run: no wall-clock figures (a caller measuring events per second adds
// them).
type Summary struct {
	Scenario string `json:"scenario"`
	Seed     uint64 `json:"seed"`
	End      string `json:"end"`
	Events   int    `json:"events"`
	Refused  int    `json:"refused"`
	// Errors counts the events that could not be carried out ("error"
	// records) other than by a refused action, which Refused counts;
	// ErrorLines are the scenario lines of their statements, ascending.
	// Such an error does not fail the run.
	Errors     int   `json:"errors,omitempty"`
	ErrorLines []int `json:"error_lines,omitempty"`
	// Unfired are the lines of the statements timed after the run's end
	// (its until), which never fired, ascending.
	Unfired         []int      `json:"unfired,omitempty"`
	Users           int        `json:"users"`
	Licenses        []Count    `json:"licenses"`
	Units           []SubUnits `json:"units"`
	CallingPlaced   int        `json:"calling_placed"`
	CallingFailures []Count    `json:"calling_failures"`
	BroadWorks      []Count    `json:"broadworks"`
	Checks          []Count    `json:"checks"`
	Result          string     `json:"result"`
}

// Count is a named count.
type Count struct {
	Name string `json:"name"`
	N    int    `json:"n"`
}

// SubUnits is one subscription's units in use.
type SubUnits struct {
	Sub    string      `json:"sub"`
	Active bool        `json:"active"`
	Units  []UnitsUsed `json:"units"`
}

// UnitsUsed is one kind's units on a subscription.
type UnitsUsed struct {
	License string `json:"license"`
	Used    int    `json:"used"`
	Total   int    `json:"total"`
}

func (s *Sim) result() *Result {
	res := &Result{Seed: s.seed, Events: s.events, Failure: s.fail}
	sum := Summary{Scenario: s.sc.Name, Seed: s.seed, End: FormatDuration(s.now), Events: s.events,
		Refused: s.refused, Errors: s.errs, ErrorLines: slices.Sorted(maps.Keys(s.errLines)),
		Unfired: slices.Clone(s.unfired), Users: s.org.NumLiveUsers(), Result: "ok"}
	if s.fail != nil {
		sum.Result = fmt.Sprintf("FAILED %s %s at %s (event #%d): %s", s.fail.Kind, s.fail.Name,
			FormatDuration(s.fail.At), s.fail.Seq, s.fail.Detail)
	}
	counts := make([]int, s.cat.Len()+1)
	for id := range s.org.NumUsers() {
		for k := range s.org.Held(assignment.UserID(id)).All() {
			counts[k]++
		}
	}
	for k := license.Kind(1); int(k) < len(counts); k++ {
		if counts[k] > 0 {
			sum.Licenses = append(sum.Licenses, Count{s.cat.Name(k), counts[k]})
		}
	}
	for sub := range s.org.Subscriptions() {
		su := SubUnits{Sub: sub.ID, Active: sub.Active}
		for _, u := range sub.Units {
			su.Units = append(su.Units, UnitsUsed{s.cat.Name(u.Kind), u.Consumed, u.Total})
		}
		sum.Units = append(sum.Units, su)
	}
	sum.CallingPlaced, sum.CallingFailures = s.calling.report()
	if s.bw != nil {
		sum.BroadWorks = s.bw.statuses()
	}
	runs := maps.Clone(s.checks)
	for i, n := range s.invRuns {
		if n > 0 {
			runs[s.invs[i].Name] += n
		}
	}
	sum.Checks = sortedCounts(runs)
	res.Summary = sum
	return res
}

func sortedCounts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, v := range m {
		out = append(out, Count{k, v})
	}
	slices.SortFunc(out, func(a, b Count) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// lineList renders scenario lines as " (line 4)" or " (lines 4, 9)".
func lineList(lines []int) string {
	if len(lines) == 0 {
		return ""
	}
	s := make([]string, len(lines))
	for i, l := range lines {
		s[i] = strconv.Itoa(l)
	}
	if len(lines) == 1 {
		return " (line " + s[0] + ")"
	}
	return " (lines " + strings.Join(s, ", ") + ")"
}

// String renders the summary as the CLI prints it.
func (sum Summary) String() string {
	var b strings.Builder
	name := sum.Scenario
	if name == "" {
		name = "scenario"
	}
	fmt.Fprintf(&b, "%s, seed %d: %s\n", name, sum.Seed, sum.Result)
	fmt.Fprintf(&b, "virtual time %s, %d events, %d refused actions\n", sum.End, sum.Events, sum.Refused)
	if sum.Errors > 0 {
		fmt.Fprintf(&b, "events that could not be carried out: %d%s\n", sum.Errors, lineList(sum.ErrorLines))
	}
	if len(sum.Unfired) > 0 {
		fmt.Fprintf(&b, "statements after the end, never fired: %d%s\n", len(sum.Unfired), lineList(sum.Unfired))
	}
	fmt.Fprintf(&b, "users: %d\n", sum.Users)
	if len(sum.Licenses) > 0 {
		b.WriteString("licenses held:\n")
		for _, c := range sum.Licenses {
			fmt.Fprintf(&b, "  %-40s %d\n", c.Name, c.N)
		}
	}
	for _, su := range sum.Units {
		state := ""
		if !su.Active {
			state = " (cancelled)"
		}
		fmt.Fprintf(&b, "subscription %s%s:\n", su.Sub, state)
		for _, u := range su.Units {
			fmt.Fprintf(&b, "  %-40s %d of %d\n", u.License, u.Used, u.Total)
		}
	}
	fmt.Fprintf(&b, "calling: %d placed\n", sum.CallingPlaced)
	for _, c := range sum.CallingFailures {
		fmt.Fprintf(&b, "  not provisioned, %-26s %d\n", c.Name+":", c.N)
	}
	if len(sum.BroadWorks) > 0 {
		b.WriteString("broadworks subscribers:\n")
		for _, c := range sum.BroadWorks {
			fmt.Fprintf(&b, "  %-40s %d\n", c.Name, c.N)
		}
	}
	b.WriteString("invariant checks:\n")
	for _, c := range sum.Checks {
		fmt.Fprintf(&b, "  %-40s %d\n", c.Name, c.N)
	}
	return b.String()
}
