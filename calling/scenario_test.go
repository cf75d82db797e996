package calling

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	"github.com/wxlicense/wxlicense/internal/cmdargs"
)

// TestScenarios runs every scenario file of testdata/scenarios on a fresh
// inventory per file, in the cockroachdb/datadriven format (-rewrite
// regenerates the expected outputs); the commands are at
// [scenarioRunner.run]. After every command the inventory must have no
// INV-4 violation, and a command answering an error must leave it exactly
// as it was.
func TestScenarios(t *testing.T) {
	datadriven.Walk(t, filepath.Join("testdata", "scenarios"), func(t *testing.T, path string) {
		r := &scenarioRunner{iv: &Inventory{}}
		datadriven.RunTest(t, path, func(t *testing.T, c *datadriven.TestData) string {
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
			return got
		})
	})
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
//	check                           CheckWorkNumber for user 0; input: the raw work number
//	place                           Plan and Apply; input: USER [synced]: RAW a line
//	place-manual                    PlanManual and Apply; input: USER [loc=L] [number=N] [ext=E]
//	pin USER PIN                    SetVoicemailPIN
//	remove USER...                  Remove
//	profile USER                    Profile
//
// A mutation answers "ok" or "error: " and the error.
func (r *scenarioRunner) run(c *datadriven.TestData) (string, error) {
	a := cmdargs.New(c.CmdArgs)
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
		n, cerr := r.iv.CheckWorkNumber(0, c.Input)
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

func (r *scenarioRunner) owner(a *cmdargs.Args) Owner {
	t, _ := ParseOwnerType(a.String("type", ""))
	return Owner{Type: t, ID: a.String("id", "")}
}

func user(a *cmdargs.Args) UserKey {
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

// lines parses each input line as command arguments (the first word is
// the user).
func lines(input string) ([]cmdargs.Args, error) {
	var out []cmdargs.Args
	for _, l := range strings.Split(input, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		user, args, err := datadriven.ParseLine(l)
		if err != nil {
			return nil, err
		}
		out = append(out, cmdargs.New(append([]datadriven.CmdArg{{Key: user}}, args...)))
	}
	return out, nil
}

func (r *scenarioRunner) place(input string) (string, error) {
	var cands []Candidate
	for _, l := range strings.Split(input, "\n") {
		head, raw, ok := strings.Cut(l, ":")
		if !ok {
			return "", fmt.Errorf("place: want USER [synced]: RAW, got %q", l)
		}
		ls, err := lines(head)
		if err != nil || len(ls) != 1 {
			return "", fmt.Errorf("place: %q: %v", l, err)
		}
		a := &ls[0]
		cands = append(cands, Candidate{User: user(a), WorkNumber: strings.TrimPrefix(raw, " "), Synced: a.Flag("synced")})
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

func (r *scenarioRunner) remove(a *cmdargs.Args) (string, error) {
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
