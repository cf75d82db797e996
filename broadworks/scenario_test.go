// Scenario tests: the files under testdata/scenarios are
// cockroachdb/datadriven stories of Webex for Cisco BroadWorks, in the
// format of assignment's and calling's scenarios:
//
//	# BW-33 comment lines (rule IDs and the story) and blank lines between cases
//	command key=value key=(a value, another) word
//	input lines
//	----
//	expected output
//
// `go test ./broadworks -rewrite` replaces every expected output by what
// the model prints now; review the diff.

package broadworks

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/datadriven"
	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/internal/cmdargs"
	"github.com/wxlicense/wxlicense/license"
)

// TestScenarios runs every file of testdata/scenarios on a fresh cloud
// (the fixture: partner p1 with cluster c1, templates "trusted" and
// "untrusted", enterprises e1 "Acme", e2 "Beta" and the wholesale "wh").
// After every command the invariants (INV-8) must hold, and a command
// answering an error must leave the whole model, notifications included,
// exactly as it was.
func TestScenarios(t *testing.T) {
	datadriven.Walk(t, filepath.Join("testdata", "scenarios"), func(t *testing.T, path string) {
		r := &scenarioRunner{c: fixture(t), now: t0}
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			before := r.c.Clone()
			out, err := r.run(d)
			if err != nil {
				d.Fatalf(t, "%s: %v", d.Cmd, err)
			}
			if vs := r.c.CheckInvariants(); len(vs) > 0 {
				d.Fatalf(t, "%s: invariants: %v", d.Cmd, vs)
			}
			if strings.HasPrefix(out, "error: ") {
				if diff := cmp.Diff(before, r.c, stateOpts); diff != "" {
					d.Fatalf(t, "%s: a refusal changed the model (-before +after):\n%s", d.Cmd, diff)
				}
			}
			return out
		})
	})
}

type scenarioRunner struct {
	c       *Cloud
	now     time.Time
	seen    int               // notifications already printed
	aliases map[string]string // person IDs → P1, P2, ... in order of first print
	bad     error             // a malformed command (not a model error): fails the file
}

// run runs one command. The commands (USER is a BroadWorks user ID of p1,
// ORG an org ID or name, AS an actor: pfull, psales, pprov, pro, pext (the
// template's partner admin as external admin of ORG), cfull, cuser, cro,
// user (customers of ORG, or of the subscriber's org), none):
//
//	enterprise ID name=N [wholesale]        AddEnterprise
//	template NAME mode=trusted|untrusted [existing=off] [auth=webex|broadworks|sso]  SaveTemplate
//	account EMAIL                           AddAccount (consumer account)
//	add-org ID name=N [filler=N] [paid=active|suspended|cancelled] [auth=A] [domain=D] [verified] [claimed] [suppress] [dirsync] [hybrid] [workspaces=N]
//	                                        AddOrg; input: EMAIL [role=full|user|ro] [synced]
//	provision USER [email=E] [ent=e1] [tmpl=trusted] [pkg=standard] [flow] [as=pfull]
//	enter-email USER email=E | join-now USER | consent USER | complete USER
//	fail USER [code=500] | retry USER [as=pfull] | update USER pkg=P [as=pfull]
//	remove-subscriber USER [as=none]        (none: Integrated IM&P removed on BroadWorks)
//	delete-pending USER [as=pfull]
//	external-admin ORG email=E [full] [as=cfull]
//	add-persons ORG as=AS                   input as add-org's
//	delete-person ORG email=E as=AS | disable-dirsync ORG as=AS
//	delete-org ORG as=AS | detach ORG as=AS | remove-workspaces ORG as=AS | delete-calling-config ORG as=AS
//	restricted ORG on=BOOL as=AS | licenses ORG email=E [add=(K, ...)] [remove=(K, ...)] as=AS
//	access ORG setting=S as=AS              AccessOf and Banner
//	advance DURATION                        the clock
//	org ORG [brief] | person EMAIL | subscriber USER | changes ORG  print state
//
// A command prints "ok" or "error: ...", then any subscriber's status and
// the notifications sent since the previous command.
func (r *scenarioRunner) run(d *datadriven.TestData) (string, error) {
	a := cmdargs.New(d.CmdArgs)
	r.bad = nil
	out, err := r.dispatch(d, &a)
	if derr := a.Done(); derr != nil {
		return "", derr
	}
	if r.bad != nil {
		return "", r.bad
	}
	var b strings.Builder
	switch {
	case err != nil:
		b.WriteString("error: " + err.Error() + "\n")
	case out == "":
		b.WriteString("ok\n")
	default:
		b.WriteString(strings.TrimSuffix(out, "\n") + "\n")
	}
	for _, n := range r.c.Notifications()[r.seen:] {
		b.WriteString("sent " + n.String() + "\n")
	}
	r.seen = len(r.c.Notifications())
	return r.alias(b.String()), nil
}

func (r *scenarioRunner) dispatch(d *datadriven.TestData, a *cmdargs.Args) (string, error) {
	switch d.Cmd {
	case "enterprise":
		en := Enterprise{Name: a.String("name", ""), Wholesale: a.Flag("wholesale")}
		en.ID = a.Pos("id")
		return "", r.c.AddEnterprise("p1", en)
	case "template":
		s := TemplateSettings{Cluster: "c1", Mode: Trusted, PartnerAdminEmail: partnerAdminEmail,
			AccountName: "prov", Password: "pw", ConfirmPassword: "pw", NoExistingOrgs: !a.Bool("existing", true)}
		s.Authentication = parseAuth(a.String("auth", "webex"))
		if a.String("mode", "trusted") == "untrusted" {
			s.Mode, s.ShareLink = Untrusted, "https://activate.sp.example/x"
		}
		s.Name = a.Pos("name")
		return "", r.c.SaveTemplate(padmin, "p1", s, r.now)
	case "account":
		acc, err := r.c.AddAccount(a.Pos("email"))
		return "account " + r.person(acc.PersonID), err
	case "add-org":
		return r.addOrg(d, a)
	case "advance":
		dur, err := time.ParseDuration(a.Pos("duration"))
		r.now = r.now.Add(dur)
		return "now " + r.now.Format(time.RFC3339), err
	case "org":
		brief := a.Flag("brief")
		return r.printOrg(r.org(a.Pos("org")), brief)
	case "subscriber":
		s, ok := r.c.Partner("p1").Subscriber(a.Pos("user"))
		if !ok {
			return "no subscriber", nil
		}
		return r.printSub(s), nil
	case "person":
		p, _, ok := r.c.LookupPerson(a.Pos("email"))
		if !ok {
			return "no person", nil
		}
		return fmt.Sprintf("%s %s %v: %s", p.Email, r.person(p.ID), p.Role, r.c.Catalog().Format(r.c.Held(p.Email))), nil
	case "changes":
		return r.printChanges(r.org(a.Pos("org"))), nil
	}
	if out, err, ok := r.subscriberCmd(d.Cmd, a); ok {
		return out, err
	}
	return r.orgCmd(d, a)
}

// subscriberCmd runs the commands about one subscriber of p1.
func (r *scenarioRunner) subscriberCmd(cmd string, a *cmdargs.Args) (string, error, bool) {
	var s Subscriber
	var err error
	switch cmd {
	case "provision":
		req := Request{Method: API, Partner: "p1", Template: a.String("tmpl", "trusted"),
			Enterprise: a.String("ent", "e1"), Email: a.String("email", "")}
		if a.Flag("flow") {
			req.Method = FlowThrough
		}
		req.Package, err = ParsePackage(a.String("pkg", "standard"))
		as := a.String("as", "pfull")
		req.UserID = a.Pos("user")
		if err == nil {
			s, err = r.c.Provision(r.actor(as, ""), req, r.now)
		}
	case "enter-email":
		email := a.String("email", "")
		s, err = r.c.EnterEmail("p1", a.Pos("user"), email, r.now)
	case "join-now":
		s, err = r.c.JoinNow("p1", a.Pos("user"), r.now)
	case "consent":
		s, err = r.c.Consent("p1", a.Pos("user"), r.now)
	case "complete":
		s, err = r.c.Complete("p1", a.Pos("user"), r.now)
	case "fail":
		code := a.String("code", "500")
		var n int
		fmt.Sscan(code, &n)
		s, err = r.c.Fail("p1", a.Pos("user"), n, "fault", r.now)
	case "retry":
		as := a.String("as", "pfull")
		s, err = r.c.Retry(r.actor(as, ""), "p1", a.Pos("user"), r.now)
	case "update":
		var u Update
		u.Package, err = ParsePackage(a.String("pkg", ""))
		as, user := a.String("as", "pfull"), a.Pos("user")
		if err == nil {
			s, err = r.c.UpdateSubscriber(r.actor(as, r.subOrg(user)), "p1", user, u, r.now)
		}
	case "remove-subscriber":
		as, user := a.String("as", "none"), a.Pos("user")
		return "", r.c.RemoveSubscriber(r.actor(as, r.subOrg(user)), "p1", user, r.now), true
	case "delete-pending":
		as := a.String("as", "pfull")
		return "", r.c.DeletePending(r.actor(as, ""), "p1", a.Pos("user"), r.now), true
	default:
		return "", nil, false
	}
	if err != nil {
		return "", err, true
	}
	return r.printSub(s), nil, true
}

// orgCmd runs the admin commands on one org.
func (r *scenarioRunner) orgCmd(d *datadriven.TestData, a *cmdargs.Args) (string, error) {
	as := a.String("as", "cfull")
	var email string
	if d.Cmd == "delete-person" || d.Cmd == "licenses" || d.Cmd == "external-admin" {
		email = a.String("email", "")
	}
	o := r.org(a.Pos("org"))
	who := r.actor(as, o)
	switch d.Cmd {
	case "external-admin":
		return "", r.c.AddExternalAdmin(who, o, email, a.Flag("full"))
	case "add-persons":
		ps, err := persons(d.Input)
		r.bad = err
		return "", r.c.AddPersons(who, o, ps)
	case "delete-person":
		return "", r.c.DeletePerson(who, o, email, r.now)
	case "disable-dirsync":
		return "", r.c.DisableDirSync(who, o, r.now)
	case "delete-org":
		return "", r.c.DeleteOrg(who, o)
	case "detach":
		return "", r.c.Detach(who, o)
	case "remove-workspaces":
		return "", r.c.RemoveWorkspaces(who, o)
	case "delete-calling-config":
		return "", r.c.DeleteCallingConfig(who, o)
	case "restricted":
		return "", r.c.SetRestricted(who, o, a.Bool("on", true))
	case "licenses":
		add, _ := a.StringList("add")
		rem, _ := a.StringList("remove")
		ka, err := r.kinds(add)
		kr, err2 := r.kinds(rem)
		if err != nil || err2 != nil {
			r.bad = fmt.Errorf("kinds: %v %v", err, err2)
		}
		return "", r.c.ChangeLicenses(who, o, email, ka, kr, r.now)
	case "access":
		s, err := parseSetting(a.String("setting", ""))
		r.bad = err
		acc := r.c.AccessOf(who, o, s)
		return fmt.Sprintf("%v: read %v, write %v, banner %v", s, acc.Read, acc.Write, r.c.Banner(who, o)), nil
	}
	return "", fmt.Errorf("unknown command %q", d.Cmd)
}

func (r *scenarioRunner) kinds(names []string) ([]license.Kind, error) {
	var out []license.Kind
	for _, n := range names {
		k, err := r.c.Catalog().Parse(n)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}

// parseAuth reads webex, broadworks or sso; anything else is out of range
// and refused by the model.
func parseAuth(name string) Authentication {
	for i, n := range authNames {
		if n == name {
			return Authentication(i)
		}
	}
	return SSOAuth + 1
}

func parseSetting(name string) (Setting, error) {
	for i, n := range settingNames {
		if i > 0 && n == name {
			return Setting(i), nil
		}
	}
	return 0, fmt.Errorf("unknown setting %q", name)
}

func (r *scenarioRunner) addOrg(d *datadriven.TestData, a *cmdargs.Args) (string, error) {
	s := OrgSetup{Name: a.String("name", ""), SuppressEmails: a.Flag("suppress"), DirSync: a.Flag("dirsync"),
		Hybrid: a.Flag("hybrid")}
	fmt.Sscan(a.String("workspaces", "0"), &s.Workspaces)
	s.Authentication = parseAuth(a.String("auth", "webex"))
	if st := a.String("paid", ""); st != "" {
		states := map[string]SubState{"active": SubActive, "suspended": SubSuspended, "cancelled": SubCancelled}
		s.Subscriptions = []PaidSubscription{{ID: "meetings", State: states[st]}}
	}
	if dom := a.String("domain", ""); dom != "" {
		s.Domains = []Domain{{Name: dom, Verified: a.Flag("verified"), Claimed: a.Flag("claimed")}}
	}
	var filler int
	fmt.Sscan(a.String("filler", "0"), &filler)
	s.ID = a.Pos("id")
	ps, err := persons(d.Input)
	if err != nil {
		r.bad = err
		return "", nil
	}
	for i := range filler {
		ps = append(ps, PersonSetup{Email: fmt.Sprintf("user%03d@%s.example", i, s.ID)})
	}
	s.Persons = ps
	_, err = r.c.AddOrg(s)
	return "", err
}

// persons parses lines "EMAIL [role=full|user|ro] [synced]".
func persons(input string) ([]PersonSetup, error) {
	roles := map[string]Role{"": EndUser, "full": CustomerFullAdmin, "user": CustomerUserAdmin, "ro": CustomerReadOnlyAdmin}
	var out []PersonSetup
	for _, l := range strings.Split(input, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		email, args, err := datadriven.ParseLine(l)
		if err != nil {
			return nil, err
		}
		a := cmdargs.New(args)
		role, ok := roles[a.String("role", "")]
		p := PersonSetup{Email: email, Role: role, Synced: a.Flag("synced")}
		if err := a.Done(); err != nil || !ok {
			return nil, fmt.Errorf("person %q: %v", l, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// actor returns the actor AS names, for org when it is a customer.
func (r *scenarioRunner) actor(as, org string) Actor {
	switch as {
	case "pfull":
		return padmin
	case "psales":
		return Actor{Role: PartnerSalesFullAdmin, Partner: "p1", Email: "sales@sp.example"}
	case "pprov":
		return pprov
	case "pro":
		return pro
	case "pext":
		return Actor{Role: PartnerFullAdmin, Email: partnerAdminEmail, Org: org, External: true}
	case "cfull":
		return customer(org, CustomerFullAdmin)
	case "cuser":
		return customer(org, CustomerUserAdmin)
	case "cro":
		return customer(org, CustomerReadOnlyAdmin)
	case "user":
		return customer(org, EndUser)
	}
	return Actor{}
}

// org resolves an org ID or name ("" when none matches).
func (r *scenarioRunner) org(ref string) string {
	if _, ok := r.c.Org(ref); ok {
		return ref
	}
	for _, id := range r.c.Orgs() {
		if o, _ := r.c.Org(id); o.Name == ref {
			return id
		}
	}
	return ref
}

func (r *scenarioRunner) subOrg(user string) string {
	s, _ := r.c.Partner("p1").Subscriber(user)
	return s.Org
}

// person returns the alias of a person ID: P1, P2, ... in order of first
// print, so that a story can show that an ID is kept.
func (r *scenarioRunner) person(id string) string {
	if id == "" {
		return "-"
	}
	if r.aliases == nil {
		r.aliases = map[string]string{}
	}
	if _, ok := r.aliases[id]; !ok {
		r.aliases[id] = fmt.Sprintf("P%d", len(r.aliases)+1)
	}
	return r.aliases[id]
}

// alias replaces drawn org IDs by {name}.
func (r *scenarioRunner) alias(s string) string {
	for _, id := range r.c.Orgs() {
		if o, _ := r.c.Org(id); len(id) > 30 {
			s = strings.ReplaceAll(s, id, "{"+o.Name+"}")
		}
	}
	return s
}

func (r *scenarioRunner) printSub(s Subscriber) string {
	out := fmt.Sprintf("%s %s", s.UserID, s.Status)
	if s.Status == Failed {
		out += fmt.Sprintf(" %d %s", s.ErrCode, s.ErrText)
	}
	if s.Org != "" {
		o, _ := r.c.Org(s.Org)
		out += fmt.Sprintf(" in %s as %s", o.Name, r.person(s.PersonID))
	}
	return out
}

// printOrg prints an org and its persons; brief leaves out the persons
// linked to no subscriber, counting them.
func (r *scenarioRunner) printOrg(id string, brief bool) (string, error) {
	o, ok := r.c.Org(id)
	if !ok {
		return "", fmt.Errorf("no org %q", id)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "org %s: partner %q (%v), enterprise %q, restricted %v, webex for broadworks %v, customer %v, sign-in %v\n",
		o.Name, o.Partner, o.PartnerRole, o.Enterprise, o.Restricted, o.BWActive, slices.Contains(r.c.Customers("p1"), id), o.Authentication)
	others := 0
	for _, p := range r.c.Persons(id) {
		if brief && p.Subscriber == "" {
			others++
			continue
		}
		fmt.Fprintf(&b, "  %s %s %v", p.Email, r.person(p.ID), p.Role)
		if p.Subscriber != "" {
			fmt.Fprintf(&b, " subscriber %s %v", p.Subscriber, p.Package)
		}
		if len(p.Sites) > 0 {
			fmt.Fprintf(&b, " sites %v", p.Sites)
		}
		fmt.Fprintf(&b, ": %s\n", r.c.Catalog().Format(r.c.Held(p.Email)))
	}
	if others > 0 {
		fmt.Fprintf(&b, "  and %d persons linked to no subscriber\n", others)
	}
	return b.String(), nil
}

func (r *scenarioRunner) printChanges(id string) string {
	var b strings.Builder
	for _, ch := range r.c.LicenseChanges(id) {
		fmt.Fprintf(&b, "%s:\n", ch.Cause)
		for _, l := range ch.Lines() {
			fmt.Fprintf(&b, "  %s\n", l)
		}
	}
	return b.String()
}
