package sim

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/broadworks"
	"github.com/wxlicense/wxlicense/calling"
	"github.com/wxlicense/wxlicense/license"
)

// ---- CSV imports

type cmdCSV struct {
	cells []assignment.CSVCell
	n     int
	group string
	ack   bool
}

func parseCSV(p *parser, l *line, st *Statement) (Command, error) {
	if err := l.want("set"); err != nil {
		return nil, err
	}
	var c cmdCSV
	for first := true; first || l.is(","); first = false {
		k, err := p.kind(l)
		if err != nil {
			return nil, err
		}
		if err := l.want("="); err != nil {
			return nil, err
		}
		v := l.is("TRUE")
		if !v && !l.is("FALSE") {
			return nil, l.fail("TRUE or FALSE")
		}
		c.cells = append(c.cells, assignment.CSVCell{Column: assignment.CSVColumn{Kind: k}, Value: v})
	}
	var err error
	if c.n, c.group, err = p.selection(l, st, l.is("for")); err != nil {
		return nil, err
	}
	c.ack = l.is("ack")
	return c, nil
}

func (c cmdCSV) fire(s *Sim) error {
	ids, err := s.pick(c.group, c.n)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(assignment.CSVUserColumn)
	row := ""
	for _, cell := range c.cells {
		b.WriteString("," + csvQuote(cell.Column.Header(s.cat)))
		row += "," + strings.ToUpper(fmt.Sprint(cell.Value))
	}
	b.WriteByte('\n')
	for _, id := range ids {
		b.WriteString(s.names.user(id) + row + "\n")
	}
	_, err = s.Do(assignment.ImportCSV{Data: []byte(b.String()), Ack: c.ack})
	return err
}

func csvQuote(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// ---- BroadWorks

type cmdBW struct {
	op       string // org, enterprise, provision, approve, retry
	id       string
	name     string
	n        int
	verified bool
	pkg      broadworks.Package
	emailsOf string
}

func parseBroadWorks(p *parser, l *line, st *Statement) (Command, error) {
	c := cmdBW{pkg: broadworks.Standard}
	var err error
	switch {
	case l.is("org"):
		c.op = "org"
		if c.id, err = l.name("an org ID"); err != nil {
			return nil, err
		}
		if err = l.want("users"); err != nil {
			return nil, err
		}
		if c.n, err = p.count(l, st, "a number of persons"); err != nil {
			return nil, err
		}
		c.verified = l.is("verified-domain")
	case l.is("enterprise"):
		c.op = "enterprise"
		if c.id, err = l.name("an enterprise ID"); err != nil {
			return nil, err
		}
		c.name = c.id
		if t, ok := l.peek(); ok && t.quoted {
			c.name, _ = l.name("")
		}
	case l.is("provision"):
		c.op = "provision"
		if c.n, err = p.count(l, st, "a number of subscribers"); err != nil {
			return nil, err
		}
		l.is("subscribers")
		if err = l.want("of"); err != nil {
			return nil, err
		}
		if c.id, err = l.name("an enterprise ID"); err != nil {
			return nil, err
		}
		for l.more() {
			switch {
			case l.is("package"):
				var w string
				if w, err = l.name("a package"); err == nil {
					if c.pkg, err = broadworks.ParsePackage(w); err != nil {
						l.i--
						return nil, l.fail("a package (basic, standard, premium, softphone)")
					}
				}
			case l.is("emails-of"):
				c.emailsOf, err = l.name("an org ID")
			default:
				return nil, l.fail(`"package", "emails-of" or end of line`)
			}
			if err != nil {
				return nil, err
			}
		}
	case l.is("approve"):
		c.op = "approve"
		c.id, err = l.name("an org ID")
	case l.is("retry"):
		c.op = "retry"
		c.id, err = l.name("an enterprise ID")
	default:
		return nil, l.fail(`"org", "enterprise", "provision", "approve" or "retry"`)
	}
	return c, err
}

func (c cmdBW) fire(s *Sim) error {
	w, err := s.broadworks()
	if err != nil {
		return err
	}
	now := s.sc.Start.Add(s.now)
	switch c.op {
	case "org":
		setup := broadworks.OrgSetup{ID: c.id, Name: c.id}
		for i := range c.n {
			r := broadworks.EndUser
			if i == 0 {
				r = broadworks.CustomerFullAdmin
			}
			setup.Persons = append(setup.Persons, broadworks.PersonSetup{Email: fmt.Sprintf("%s%d@%s.example", c.id, i, c.id), Role: r})
		}
		if c.verified {
			setup.Domains = []broadworks.Domain{{Name: c.id + ".example", Verified: true}}
		}
		_, err = w.cloud.AddOrg(setup)
		return err
	case "enterprise":
		return w.cloud.AddEnterprise(bwPartner, broadworks.Enterprise{ID: c.id, Name: c.name})
	case "provision":
		for i := range c.n {
			w.next++
			uid := fmt.Sprintf("%s-u%d", c.id, w.next)
			email := fmt.Sprintf("%s%d@%s.example", c.id, w.next, c.id)
			if c.emailsOf != "" {
				email = fmt.Sprintf("%s%d@%s.example", c.emailsOf, i, c.emailsOf)
			}
			sub, err := w.cloud.Provision(bwAdmin, broadworks.Request{Method: broadworks.API, Partner: bwPartner,
				Template: bwTemplate, Enterprise: c.id, UserID: uid, Email: email, Package: c.pkg}, now)
			if err != nil {
				s.tr.bw(s, Record{Op: "provision", Subscr: uid, Detail: err.Error()})
				continue
			}
			s.tr.bw(s, Record{Op: "provision", Subscr: uid, Status: sub.Status.String()})
			s.scheduleCompletion(uid)
		}
	case "approve":
		cust := broadworks.Actor{Role: broadworks.CustomerFullAdmin, Org: c.id, Email: c.id + "0@" + c.id + ".example"}
		if err := w.cloud.AddExternalAdmin(cust, c.id, bwAdminEmail, true); err != nil {
			return err
		}
		s.tr.bw(s, Record{Op: "approve", Detail: c.id + " adds " + bwAdminEmail + " as external full admin"})
	case "retry":
		for _, sub := range w.cloud.Partner(bwPartner).Subscribers() {
			if sub.Enterprise != c.id || sub.Status != broadworks.Failed {
				continue
			}
			got, err := w.cloud.Retry(bwAdmin, bwPartner, sub.UserID, now)
			if err != nil {
				s.tr.bw(s, Record{Op: "retry", Subscr: sub.UserID, Detail: err.Error()})
				continue
			}
			s.tr.bw(s, Record{Op: "retry", Subscr: sub.UserID, Status: got.Status.String()})
			s.scheduleCompletion(sub.UserID)
		}
	}
	return nil
}

// ---- expectations

type cmdExpect struct {
	text   string
	metric string
	kind   license.Kind
	arg    string // subscription, reason or status
	op     string
	want   int
}

// parseExpect reads "expect METRIC OP N", or "expect N users hold K".
func parseExpect(p *parser, l *line, st *Statement) (Command, error) {
	start := l.i
	c := cmdExpect{op: "="}
	var err error
	if t, ok := l.peek(); ok && !t.quoted && t.text != "" && t.text[0] >= '0' && t.text[0] <= '9' {
		if c.want, err = l.int("a count", MaxPopulation); err != nil {
			return nil, err
		}
		if err = l.want("users"); err != nil {
			return nil, err
		}
		if err = l.want("hold"); err != nil {
			return nil, err
		}
		c.metric = "holding"
		c.kind, err = p.kind(l)
		c.text = exprText(l, start)
		return c, err
	}
	switch {
	case l.is("users"):
		c.metric = "users"
		if l.is("holding") {
			c.metric = "holding"
			c.kind, err = p.kind(l)
		}
	case l.is("units"):
		c.metric = "units"
		if err = l.want("used"); err == nil {
			if c.kind, err = p.kind(l); err == nil {
				if err = l.want("on"); err == nil {
					c.arg, err = l.name("a subscription ID")
				}
			}
		}
	case l.is("calling"):
		switch {
		case l.is("placed"):
			c.metric = "placed"
		case l.is("failures"):
			c.metric = "failures"
			if t, ok := l.peek(); ok && !strings.ContainsAny(t.text, "=<>") {
				c.arg, err = oneOf(l, "a failure reason", failureReasons())
			}
		default:
			err = l.fail(`"placed" or "failures"`)
		}
	case l.is("broadworks"):
		c.metric = "bw"
		c.arg, err = oneOf(l, "a subscriber status", subscriberStatuses())
	case l.is("app"):
		c.metric = "lagging"
		err = l.want("lagging")
	default:
		return nil, l.fail(`a metric ("users", "users holding K", "units used K on SUB", "calling placed", "calling failures [REASON]", "broadworks STATUS", "app lagging") or "N users hold K"`)
	}
	if err != nil {
		return nil, err
	}
	switch {
	case l.is("="):
	case l.is(">="):
		c.op = ">="
	case l.is("<="):
		c.op = "<="
	default:
		return nil, l.fail("=, >= or <=")
	}
	c.want, err = l.int("a count", MaxPopulation)
	c.text = exprText(l, start)
	return c, err
}

// oneOf takes a bare word or quoted string that is one of names.
func oneOf(l *line, what string, names []string) (string, error) {
	if t, ok := l.peek(); ok && slices.Contains(names, t.text) {
		l.i++
		return t.text, nil
	}
	return "", l.fail(what + " (" + strings.Join(names, ", ") + ")")
}

// failureReasons are the names of the CAL-3 failure reasons, as the
// failure report counts them.
func failureReasons() []string {
	var out []string
	for r := calling.FailureReason(1); !strings.HasPrefix(r.String(), "FailureReason("); r++ {
		out = append(out, r.String())
	}
	return out
}

// subscriberStatuses are the names of the BroadWorks subscriber statuses.
func subscriberStatuses() []string {
	var out []string
	for st := broadworks.Status(1); !strings.HasPrefix(st.String(), "Status("); st++ {
		out = append(out, st.String())
	}
	return out
}

func exprText(l *line, start int) string {
	var parts []string
	for _, t := range l.toks[start:l.i] {
		if t.quoted {
			parts = append(parts, t.show())
		} else {
			parts = append(parts, t.text)
		}
	}
	return strings.Join(parts, " ")
}

func (c cmdExpect) fire(s *Sim) error {
	s.syncClock()
	got := c.measure(s)
	ok := got == c.want || c.op == ">=" && got >= c.want || c.op == "<=" && got <= c.want
	s.tr.expect(s, c.text, c.want, got, ok)
	if !ok {
		s.stop("expectation", "expect "+c.text, fmt.Sprintf("want %s %d, got %d", c.op, c.want, got))
	}
	return nil
}

func (c cmdExpect) measure(s *Sim) int {
	switch c.metric {
	case "users":
		return s.org.NumLiveUsers()
	case "holding":
		n := 0
		for id := range s.org.NumUsers() {
			if s.org.Held(assignment.UserID(id)).Has(c.kind) {
				n++
			}
		}
		return n
	case "units":
		if sub, ok := s.org.Subscription(c.arg); ok {
			for _, u := range sub.Units {
				if u.Kind == c.kind {
					return u.Consumed
				}
			}
		}
		return 0
	case "placed":
		n, _ := s.calling.report()
		return n
	case "failures":
		_, list := s.calling.report()
		n := 0
		for _, f := range list {
			if c.arg == "" || f.Name == c.arg {
				n += f.N
			}
		}
		return n
	case "bw":
		if s.bw == nil {
			return 0
		}
		n := 0
		for _, sub := range s.bw.cloud.Partner(bwPartner).Subscribers() {
			if sub.Status.String() == c.arg {
				n++
			}
		}
		return n
	case "lagging":
		n := 0
		for range s.org.AppLagging() {
			n++
		}
		return n
	}
	return 0
}
