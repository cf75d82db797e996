package calling

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/wxlicense/wxlicense/internal/scenario"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected outputs of testdata/scenarios/*.txt")

// TestScenarios runs every scenario file of testdata/scenarios on a fresh
// inventory per file. The file format is documented in internal/scenario;
// the commands at [scenarioRunner.run]. After every command the inventory
// must have no INV-4 violation, and a command answering an error must
// leave it exactly as it was.
func TestScenarios(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "scenarios", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenario files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			runScenarioFile(t, file)
		})
	}
}

func runScenarioFile(t *testing.T, file string) {
	data, err := os.ReadFile(file)
	must(t, err)
	cases, err := scenario.Parse(file, data)
	must(t, err)
	r := &scenarioRunner{iv: &Inventory{}}
	for i := range cases {
		c := &cases[i]
		before := r.iv.Clone()
		got, err := r.run(c)
		if err != nil {
			t.Fatalf("%s: %v", c.Pos, err)
		}
		if v := r.iv.Violations(); len(v) != 0 {
			t.Fatalf("%s: INV-4 violations after %s: %v", c.Pos, c.Cmd, v)
		}
		if strings.HasPrefix(got, "error: ") {
			if d := diffInventory(before, r.iv); d != "" {
				t.Fatalf("%s: refused %s changed the inventory:\n%s", c.Pos, c.Cmd, d)
			}
		}
		if *rewrite {
			c.Expected = got
		} else if got != c.Expected {
			t.Errorf("%s: %s\n--- expected\n%s--- got\n%s", c.Pos, scenario.CommandLine(c.Cmd, c.Args), c.Expected, got)
		}
	}
	if *rewrite {
		out, err := scenario.Render(data, cases)
		must(t, err)
		must(t, os.WriteFile(file, out, 0o644))
	}
}

type scenarioRunner struct {
	iv *Inventory
}

// run runs one command and returns its output. The commands:
//
//	location ID name=N [disabled]   AddLocation
//	enable ID on=BOOL               SetLocationEnabled
//	delete-location ID              DeleteLocation
//	numbers LOC [inactive]          AddNumbers; input: one number a line
//	service type=T id=ID            AssignToService; input: numbers
//	service-ext type=T id=ID loc=L ext=E   AssignExtension
//	check RAW                       CheckWorkNumber for user 0
//	place                           Plan and Apply; input: USER RAW [synced] a line
//	place-manual                    PlanManual and Apply; input: USER [loc=L] [number=N] [ext=E]
//	pin USER PIN                    SetVoicemailPIN
//	remove USER...                  Remove
//	profile USER                    Profile
//
// A mutation answers "ok" or "error: " and the error. A RAW of "" is
// written as a quoted empty string.
func (r *scenarioRunner) run(c *scenario.Case) (string, error) {
	a := scenario.Args{List: c.Args}
	var out string
	var err error
	switch c.Cmd {
	case "location":
		id, name, on := a.Pos("id"), a.String("name", ""), !a.Flag("disabled")
		err = r.iv.AddLocation(id, name, on)
	case "enable":
		id, on := a.Pos("id"), a.Bool("on", true)
		err = r.iv.SetLocationEnabled(id, on)
	case "delete-location":
		err = r.iv.DeleteLocation(a.Pos("id"))
	case "numbers":
		loc, active := a.Pos("location"), !a.Flag("inactive")
		var ns []E164
		if ns, err = numbers(c.Input); err == nil {
			err = r.iv.AddNumbers(loc, active, ns...)
		}
	case "service":
		o := r.owner(&a)
		var ns []E164
		if ns, err = numbers(c.Input); err == nil {
			err = r.iv.AssignToService(o, ns...)
		}
	case "service-ext":
		o := r.owner(&a)
		err = r.iv.AssignExtension(o, a.String("loc", ""), a.String("ext", ""))
	case "check":
		n, cerr := r.iv.CheckWorkNumber(0, a.Pos("raw"))
		out = "ok " + n.String()
		if f := (*Failure)(nil); errors.As(cerr, &f) {
			out = fmt.Sprintf("%v: %v", f.Reason, f)
		}
	case "place":
		out, err = r.place(c.Input)
	case "place-manual":
		out, err = r.placeManual(c.Input)
	case "pin":
		u := user(&a)
		err = r.iv.SetVoicemailPIN(u, a.Pos("pin"))
	case "remove":
		out, err = r.remove(&a)
	case "profile":
		p, ok := r.iv.Profile(user(&a))
		out = fmt.Sprintf("%+v", p)
		if !ok {
			out = "no profile"
		}
	default:
		return "", fmt.Errorf("unknown command %q", c.Cmd)
	}
	if derr := a.Done(); derr != nil {
		return "", derr
	}
	switch {
	case err != nil:
		return "error: " + err.Error() + "\n", nil
	case out == "":
		return "ok\n", nil
	}
	return strings.TrimSuffix(out, "\n") + "\n", nil
}

func (r *scenarioRunner) owner(a *scenario.Args) Owner {
	t, _ := ParseOwnerType(a.String("type", ""))
	return Owner{Type: t, ID: a.String("id", "")}
}

func user(a *scenario.Args) UserKey {
	n, _ := strconv.Atoi(a.Pos("user"))
	return UserKey(n)
}

func numbers(input string) ([]E164, error) {
	var out []E164
	for _, f := range strings.Fields(input) {
		n, err := ParseE164(f)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// lines parses each input line as scenario arguments.
func lines(input string) ([]scenario.Args, error) {
	var out []scenario.Args
	for _, l := range strings.Split(input, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		args, err := scenario.ParseArgs(l)
		if err != nil {
			return nil, err
		}
		out = append(out, scenario.Args{List: args})
	}
	return out, nil
}

func (r *scenarioRunner) place(input string) (string, error) {
	ls, err := lines(input)
	if err != nil {
		return "", err
	}
	var cands []Candidate
	for i := range ls {
		a := &ls[i]
		cands = append(cands, Candidate{User: user(a), WorkNumber: a.Pos("raw"), Synced: a.Flag("synced")})
		if err := a.Done(); err != nil {
			return "", err
		}
	}
	b, err := r.iv.Plan(cands)
	if err != nil {
		return "", err
	}
	var out strings.Builder
	for p := range b.Placements() {
		fmt.Fprintf(&out, "placed %v\n", p)
	}
	for _, f := range b.Failures() {
		fmt.Fprintf(&out, "failed %v: %v (fix in %v)\n", f.Reason, &f, f.FixIn())
	}
	for _, u := range b.Skipped() {
		fmt.Fprintf(&out, "skipped user %d\n", u)
	}
	return out.String(), r.iv.Apply(b)
}

func (r *scenarioRunner) placeManual(input string) (string, error) {
	ls, err := lines(input)
	if err != nil {
		return "", err
	}
	var reqs []Request
	for i := range ls {
		a := &ls[i]
		u := user(a)
		reqs = append(reqs, Request{u, Placement{Location: a.String("loc", ""), Number: a.String("number", ""), Extension: a.String("ext", "")}})
		if err := a.Done(); err != nil {
			return "", err
		}
	}
	b, err := r.iv.PlanManual(reqs)
	if err != nil {
		return "", err
	}
	var out strings.Builder
	for p := range b.Placements() {
		fmt.Fprintf(&out, "placed %v\n", p)
	}
	return out.String(), r.iv.Apply(b)
}

func (r *scenarioRunner) remove(a *scenario.Args) (string, error) {
	var users []UserKey
	for _, s := range a.Rest() {
		n, _ := strconv.Atoi(s)
		users = append(users, UserKey(n))
	}
	lost, err := r.iv.Remove(users...)
	var out strings.Builder
	for _, d := range lost {
		fmt.Fprintf(&out, "destroyed %v\n", d)
	}
	return out.String(), err
}
