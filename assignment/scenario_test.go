// Scenario tests: the files under testdata/scenarios are
// cockroachdb/datadriven files, one story per rule:
//
//	# ASG-4 comment lines (rule IDs and the story) and blank lines between cases
//	command key=value key=(a value, another) word
//	input lines
//	----
//	expected output
//
// An expected output holding blank lines sits between "----\n----" and
// "----\n----". An argument value holding spaces is written as a list of one
// element (kind=(Unified CM)); licenses=() is an empty list.
//
// `go test ./assignment -rewrite` replaces every expected output by what
// the engine prints now; review the diff. -rewrite is datadriven's flag and
// the one flag for every golden file of the module (featurematrix's too).

package assignment_test

import (
	"flag"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/datadriven"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/internal/cmdargs"
	"github.com/wxlicense/wxlicense/license"
)

var failing = flag.Bool("failing", false, "also run testdata/scenarios/failing/*.txt (known engine discrepancies)")

// TestScenarios runs every scenario file under testdata/scenarios on a
// fresh org per file; the first mismatch or error stops its file. The
// commands are documented at [scenarioRunner.run]. After every command the
// org must satisfy CheckInvariants; a rejected action and a plan must leave
// the org exactly as it was.
//
// The scenarios under testdata/scenarios/failing expect what SPEC.md says
// where the engine disagrees. They are skipped unless -failing is given, and
// never rewritten; once the engine is fixed, move the file back to
// testdata/scenarios.
func TestScenarios(t *testing.T) {
	datadriven.Walk(t, filepath.Join("testdata", "scenarios"), func(t *testing.T, path string) {
		t.Parallel() // each file has its own org
		if filepath.Base(filepath.Dir(path)) == "failing" {
			switch {
			case !*failing:
				t.Skipf("%s: the engine does not pass it yet (run with -failing)", path)
			case rewriting():
				t.Skipf("%s: a failing scenario is not rewritten", path)
			}
		}
		r := &scenarioRunner{}
		r.reset(nil)
		datadriven.RunTest(t, path, r.runCase)
	})
}

// rewriting reports whether datadriven's -rewrite flag is set.
func rewriting() bool { return flag.Lookup("rewrite").Value.String() == "true" }

// runCase runs one command and checks the invariants after it. An engine
// panic fails the file at the command.
func (r *scenarioRunner) runCase(t *testing.T, d *datadriven.TestData) string {
	defer func() {
		if p := recover(); p != nil {
			d.Fatalf(t, "%s: engine panic: %v", d.Cmd, p)
		}
	}()
	out, err := r.run(d)
	if err != nil {
		d.Fatalf(t, "%s: %v", d.Cmd, err)
	}
	if err := r.org.CheckInvariants(); err != nil {
		d.Fatalf(t, "%s: invariants broken after the command:\n%v", d.Cmd, err)
	}
	return out
}

type scenarioRunner struct {
	org    *assignment.Org
	cat    *license.Catalog
	toggle assignment.Toggle // the admin UI's preserve toggle (ASG-21)
}

func (r *scenarioRunner) reset(sites []string) {
	r.cat = license.MustDefault(sites...)
	r.org = assignment.New("org", r.cat)
	r.toggle = assignment.NewToggle(true)
}

// exportAll lets cmp compare the org's unexported state; Clone does not
// keep the difference between a nil and an empty slice.
var exportAll = cmp.Options{cmp.Exporter(func(reflect.Type) bool { return true }), cmpopts.EquateEmpty()}

// run executes one command and returns its output. An error is a mistake
// in the scenario file, not an outcome. The commands:
//
//	catalog sites=(a.webex.com, ...)       a fresh org with the default catalog and these sites
//	subscription id=s1 created=2024-01-01 units=(Advanced Messaging:2, ...)
//	mode org|group
//	group name=sales [distribution] [parent=all]
//	template [name=n] [group=g] [scope=existing] [preserve=off] [ack] [new]
//	Kind name [@subscription]              input: one entry per line; new starts from the template defaults (LIC-2)
//	remove-service template=n kind=(Kind) [scope=existing] [preserve=off] [ack]
//	delete-template template=n [preserve=off] [ack]
//	add-users                              input: one user per line:
//	e-mail [groups=(a, b)] [licenses=(Kind, ...)] [status=inactive|unverified] [synced]
//	       [place=location/number/extension] [site-admin=(site, ...)]
//	join e-mail group | leave e-mail group | move e-mail from to
//	settings [group-change-preserve=on|off] [suppress-emails=on|off] [retention=720h] [ack]
//	update-licenses e-mail [ack]           input: the full set, one kind per line
//	modify-licenses e-mail [ack]           input: "add Kind" or "remove Kind" per line
//	edit-services e-mail [ack]             input: the services, one kind per line
//	sign-in e-mail
//	import-csv [ack]                       input: the users CSV (ASG-20)
//	toggle click|confirm|cancel|reset [on=off]  the UI preserve toggle (ASG-21); prints its state
//	toggle apply | toggle delete template=n     the action the UI sends with the toggle
//	attendee site=s on|off
//	site-admin e-mail site
//	time 2024-03-01[T10:00:00Z]
//	plan <command ...>                     prints the plan of an action; the org must not change
//	quiet <command ...>                    applies an action, printing only "ok" or its error
//	user e-mail | users                    org.Summary lines
//	info e-mail                            status, welcome e-mail, sync and groups
//	active e-mail                          the licenses active for the user (ASG-18)
//	held e-mail                            the licenses the user holds, without sources
//	usage                                  units per subscription and kind
//	sources e-mail kind=(Kind)             why the user holds the license (LIC-9)
//	check                                  CheckInvariants
//
// An action prints its plan's lines ("ok" for none) or "error: <err>".
func (r *scenarioRunner) run(c *datadriven.TestData) (string, error) {
	a := cmdargs.New(c.CmdArgs)
	var out []string
	switch c.Cmd {
	case "catalog":
		sites, _ := a.StringList("sites")
		if err := a.Done(); err != nil {
			return "", err
		}
		if r.org.NumUsers() > 0 {
			return "", fmt.Errorf("catalog must come before any user")
		}
		r.reset(sites)
		return "ok\n", nil
	case "quiet":
		// quiet runs an action without printing its plan: for a story step
		// whose plan lines are checked elsewhere (failing/*.txt)
		sub, err := wrapped(c)
		if err != nil {
			return "", err
		}
		got, err := r.run(sub)
		if err != nil || strings.HasPrefix(got, "error: ") {
			return got, err
		}
		return "ok\n", nil
	case "plan":
		sub, err := wrapped(c)
		if err != nil {
			return "", err
		}
		act, err := r.action(sub)
		if err != nil {
			return "", err
		}
		before := r.org.Clone()
		p, err := r.org.Plan(act)
		if diff := cmp.Diff(before, r.org, exportAll); diff != "" {
			return "", fmt.Errorf("Plan changed the org (-before +after):\n%s", diff)
		}
		if err != nil {
			return "error: " + err.Error() + "\n", nil
		}
		out = p.Lines()
	case "toggle":
		// the UI toggle's own state changes; "toggle apply" and
		// "toggle delete" are actions
		switch op := a.Pos("click, confirm, cancel or reset"); op {
		case "click":
			r.toggle = r.toggle.Click()
		case "confirm":
			r.toggle = r.toggle.Confirm()
		case "cancel":
			r.toggle = r.toggle.Cancel()
		case "reset":
			r.toggle = assignment.NewToggle(a.Bool("on", true))
		default:
			return r.runAction(c)
		}
		if err := a.Done(); err != nil {
			return "", err
		}
		out = append(out, fmt.Sprintf("toggle %s, warning %v, acknowledged %v", map[bool]string{true: "on", false: "off"}[r.toggle.On()], r.toggle.Warning(), r.toggle.Acknowledged()))
	case "user", "info", "active", "held":
		u, err := r.lookup(a.Pos("e-mail"))
		if err != nil || a.Done() != nil {
			return "", firstErr(err, a.Done())
		}
		info, _ := r.org.User(u)
		switch c.Cmd {
		case "user":
			out = append(out, r.org.Summary(u))
		case "info":
			out = append(out, fmt.Sprintf("%s: status %s, welcomed %v, synced %v, groups %v", info.Email, info.Status, info.Welcomed, info.Synced, info.Groups))
		case "active":
			out = append(out, fmt.Sprintf("%s: active %s", info.Email, r.cat.Format(r.org.ActiveLicenses(u))))
		case "held":
			out = append(out, fmt.Sprintf("%s: holds %s", info.Email, r.cat.Format(r.org.Held(u))))
		}
	case "users":
		if err := a.Done(); err != nil {
			return "", err
		}
		for id := range r.org.NumUsers() {
			out = append(out, r.org.Summary(assignment.UserID(id)))
		}
	case "usage":
		if err := a.Done(); err != nil {
			return "", err
		}
		for _, u := range r.org.Usage() {
			out = append(out, fmt.Sprintf("%s %s: %d of %d", u.Subscription, u.Name, u.ConsumedUnits, u.TotalUnits))
		}
	case "sources":
		u, err := r.lookup(a.Pos("e-mail"))
		k, kerr := r.cat.Parse(a.String("kind", ""))
		if err := firstErr(err, kerr, a.Done()); err != nil {
			return "", err
		}
		var srcs []string
		for _, s := range r.org.Sources(u, k) {
			srcs = append(srcs, s.String())
		}
		if len(srcs) == 0 {
			srcs = []string{"(not held)"}
		}
		out = append(out, strings.Join(srcs, ", "))
	case "check":
		if err := a.Done(); err != nil {
			return "", err
		}
		if err := r.org.CheckInvariants(); err != nil {
			return "error: " + err.Error() + "\n", nil
		}
	default:
		return r.runAction(c)
	}
	return lines(out), nil
}

// wrapped returns the command a wrapper command (quiet, plan) runs: its
// first argument, with the rest as arguments.
func wrapped(c *datadriven.TestData) (*datadriven.TestData, error) {
	if len(c.CmdArgs) == 0 || c.CmdArgs[0].Vals != nil {
		return nil, fmt.Errorf("%s needs a command", c.Cmd)
	}
	sub := *c
	sub.Cmd, sub.CmdArgs = c.CmdArgs[0].Key, c.CmdArgs[1:]
	return &sub, nil
}

func lines(out []string) string {
	if len(out) == 0 {
		return "ok\n"
	}
	return strings.Join(out, "\n") + "\n"
}

// runAction plans an action, checks that planning changed nothing, applies
// the plan and prints it.
func (r *scenarioRunner) runAction(c *datadriven.TestData) (string, error) {
	act, err := r.action(c)
	if err != nil {
		return "", err
	}
	before := r.org.Clone()
	p, err := r.org.Plan(act)
	if diff := cmp.Diff(before, r.org, exportAll); diff != "" {
		return "", fmt.Errorf("Plan changed the org (-before +after):\n%s", diff)
	}
	if err != nil {
		return "error: " + err.Error() + "\n", nil
	}
	if err := r.org.Apply(p); err != nil {
		return "", fmt.Errorf("Apply of a fresh plan: %v", err)
	}
	return lines(p.Lines()), nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *scenarioRunner) lookup(email string) (assignment.UserID, error) {
	id, ok := r.org.LookupUser(email)
	if !ok {
		return 0, fmt.Errorf("no user %q in the scenario", email)
	}
	return id, nil
}

func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

func (r *scenarioRunner) kinds(lines []string) ([]license.Kind, error) {
	var out []license.Kind
	for _, l := range lines {
		k, err := r.cat.Parse(l)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}

// action builds the action a command names.
func (r *scenarioRunner) action(c *datadriven.TestData) (assignment.Action, error) {
	a := cmdargs.New(c.CmdArgs)
	var act assignment.Action
	switch c.Cmd {
	case "subscription":
		s := license.Subscription{ID: a.String("id", ""), Units: map[license.Kind]int{}}
		created, err := parseDate(a.String("created", "2024-01-01"))
		if err != nil {
			return nil, err
		}
		s.Created = created
		units, _ := a.StringList("units")
		for _, u := range units {
			i := strings.LastIndexByte(u, ':')
			if i < 0 {
				return nil, fmt.Errorf("units: want Kind:count, got %q", u)
			}
			k, err := r.cat.Parse(u[:i])
			if err != nil {
				return nil, err
			}
			var n int
			if _, err := fmt.Sscan(u[i+1:], &n); err != nil {
				return nil, fmt.Errorf("units: %q: %v", u, err)
			}
			s.Units[k] = n
		}
		act = assignment.AddSubscription{Subscription: s}
	case "mode":
		switch m := a.Pos("mode"); m {
		case "org":
			act = assignment.SwitchMode{Mode: assignment.OrgMode}
		case "group":
			act = assignment.SwitchMode{Mode: assignment.GroupMode}
		default:
			return nil, fmt.Errorf("mode %q", m)
		}
	case "group":
		act = assignment.AddGroup{Name: a.String("name", ""), Distribution: a.Flag("distribution"), Parent: a.String("parent", "")}
	case "template":
		s := assignment.SaveTemplate{Name: a.String("name", ""), Group: a.String("group", ""), Ack: a.Flag("ack"), PreserveOff: !a.Bool("preserve", true)}
		s.Scope = scope(&a)
		if a.Flag("new") {
			s.Licenses = assignment.NewTemplateLicenses(r.cat)
		}
		for _, l := range inputLines(c) {
			var e assignment.Entry
			name, sub, _ := strings.Cut(l, "@")
			k, err := r.cat.Parse(strings.TrimSpace(name))
			if err != nil {
				return nil, err
			}
			e.Kind, e.Subscription = k, strings.TrimSpace(sub)
			s.Licenses = append(s.Licenses, e)
		}
		act = s
	case "remove-service":
		k, err := r.cat.Parse(a.String("kind", ""))
		if err != nil {
			return nil, err
		}
		act = assignment.RemoveService{Template: a.String("template", ""), Kind: k, Scope: scope(&a), PreserveOff: !a.Bool("preserve", true), Ack: a.Flag("ack")}
	case "delete-template":
		act = assignment.DeleteTemplate{Template: a.String("template", ""), PreserveOff: !a.Bool("preserve", true), Ack: a.Flag("ack")}
	case "add-users":
		var add assignment.AddUsers
		for _, l := range inputLines(c) {
			nu, err := r.newUser(l)
			if err != nil {
				return nil, err
			}
			add.Users = append(add.Users, nu)
		}
		act = add
	case "join":
		act = assignment.JoinGroup{User: a.Pos("e-mail"), Group: a.Pos("group")}
	case "leave":
		act = assignment.LeaveGroup{User: a.Pos("e-mail"), Group: a.Pos("group")}
	case "move":
		act = assignment.MoveUser{User: a.Pos("e-mail"), From: a.Pos("from group"), To: a.Pos("to group")}
	case "settings":
		s, err := settings(&a)
		if err != nil {
			return nil, err
		}
		act = s
	case "update-licenses", "edit-services":
		ack := a.Flag("ack")
		ks, err := r.kinds(inputLines(c))
		if err != nil {
			return nil, err
		}
		if c.Cmd == "update-licenses" {
			act = assignment.UpdateLicenses{User: a.Pos("e-mail"), Licenses: ks, Ack: ack}
		} else {
			act = assignment.EditServices{User: a.Pos("e-mail"), Licenses: ks, Ack: ack}
		}
	case "modify-licenses":
		m := assignment.ModifyLicenses{Ack: a.Flag("ack"), User: a.Pos("e-mail")}
		for _, l := range inputLines(c) {
			op, name, _ := strings.Cut(l, " ")
			k, err := r.cat.Parse(name)
			if err != nil {
				return nil, err
			}
			switch op {
			case "add", "remove":
				m.Ops = append(m.Ops, assignment.LicenseOp{Kind: k, Remove: op == "remove"})
			default:
				return nil, fmt.Errorf("modify-licenses: want add or remove, got %q", l)
			}
		}
		act = m
	case "sign-in":
		act = assignment.SignIn{User: a.Pos("e-mail")}
	case "import-csv":
		act = assignment.ImportCSV{Data: []byte(c.Input + "\n"), Ack: a.Flag("ack")}
	case "toggle":
		switch op := a.Pos("apply or delete"); op {
		case "apply":
			act = r.toggle.Setting()
		case "delete":
			act = r.toggle.Delete(a.String("template", ""))
		default:
			return nil, fmt.Errorf("toggle %q", op)
		}
	case "attendee":
		site := a.String("site", "")
		on := a.Flag("on")
		if off := a.Flag("off"); on == off {
			return nil, fmt.Errorf("attendee: want on or off")
		}
		act = assignment.SetSiteAttendee{Site: site, On: on}
	case "site-admin":
		act = assignment.SetSiteAdmin{User: a.Pos("e-mail"), Site: a.Pos("site")}
	case "time":
		at, err := parseDate(a.Pos("time"))
		if err != nil {
			return nil, err
		}
		act = assignment.SetTime{At: at}
	default:
		return nil, fmt.Errorf("unknown command %q", c.Cmd)
	}
	if err := a.Done(); err != nil {
		return nil, err
	}
	return act, nil
}

func scope(a *cmdargs.Args) assignment.Scope {
	if a.String("scope", "future") == "existing" {
		return assignment.Existing
	}
	return assignment.Future
}

// newUser parses one input line of add-users: the e-mail, then arguments.
func (r *scenarioRunner) newUser(line string) (assignment.NewUser, error) {
	email, args, err := datadriven.ParseLine(line)
	if err != nil {
		return assignment.NewUser{}, err
	}
	a := cmdargs.New(args)
	nu := assignment.NewUser{Email: email}
	nu.Synced = a.Flag("synced")
	nu.Groups, _ = a.StringList("groups")
	if ls, ok := a.StringList("licenses"); ok {
		nu.Explicit = true
		if nu.Licenses, err = r.kinds(ls); err != nil {
			return nu, err
		}
	}
	switch st := a.String("status", "active"); st {
	case "active":
	case "inactive":
		nu.Status = assignment.Inactive
	case "unverified":
		nu.Status = assignment.UnverifiedDomain
	default:
		return nu, fmt.Errorf("status %q", st)
	}
	if p := a.String("place", ""); p != "" {
		parts := strings.SplitN(p+"//", "/", 4)
		nu.Placement = assignment.Placement{Location: parts[0], Number: parts[1], Extension: parts[2]}
	}
	nu.SiteAdmin, _ = a.StringList("site-admin")
	return nu, a.Done()
}

// inputLines returns the command's input lines, or nil for no input.
func inputLines(c *datadriven.TestData) []string {
	if c.Input == "" {
		return nil
	}
	return strings.Split(c.Input, "\n")
}

// settings builds the action of a settings command, which names one
// setting: group-change-preserve, suppress-emails or retention.
func settings(a *cmdargs.Args) (assignment.Action, error) {
	switch {
	case a.Has("group-change-preserve"):
		return assignment.SetSetting{Setting: assignment.SettingPreserveOnGroupChange, On: a.Bool("group-change-preserve", true), Ack: a.Flag("ack")}, nil
	case a.Has("suppress-emails"):
		return assignment.SetSetting{Setting: assignment.SettingSuppressEmails, On: a.Bool("suppress-emails", false)}, nil
	case a.Has("retention"):
		d, err := time.ParseDuration(a.String("retention", ""))
		return assignment.SetRetention{Period: d}, err
	}
	return nil, fmt.Errorf("settings: name one of group-change-preserve, suppress-emails, retention")
}
