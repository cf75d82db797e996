package sim

import (
	"sort"
	"strings"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/calling"
	"github.com/wxlicense/wxlicense/license"
)

type parseFunc func(p *parser, l *line, st *Statement) (Command, error)

// commands maps each statement's first word to its parser.
var commands = map[string]parseFunc{
	"subscription": parseSubscription,
	"cancel":       parseCancel,
	"expire":       parseCancel,
	"group":        parseGroup,
	"mode":         parseMode,
	"setting":      parseSetting,
	"template":     parseTemplate,
	"delete":       parseDelete,
	"remove":       parseRemoveService,
	"location":     parseLocation,
	"numbers":      parseNumbers,
	"users":        parseUsers,
	"sync":         parseSync,
	"sign-in":      parseSignIn,
	"site":         parseSite,
	"update":       parseUpdate,
	"work-numbers": parseWorkNumbers,
	"csv":          parseCSV,
	"calling":      parseCallingRetry,
	"broadworks":   parseBroadWorks,
	"expect":       parseExpect,
}

func commandNames() []string {
	out := make([]string, 0, len(commands))
	for k := range commands {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// statementEvent fires one occurrence of a scenario statement.
type statementEvent struct{ st Statement }

func (e statementEvent) String() string { return strings.TrimSpace(e.st.Text) }

func (e statementEvent) Fire(s *Sim) error { return e.st.Cmd.fire(s) }

// ---- subscriptions

type cmdSubscription struct {
	id    string
	units map[license.Kind]int
}

func parseSubscription(p *parser, l *line, _ *Statement) (Command, error) {
	id, err := l.name("a subscription ID")
	if err != nil {
		return nil, err
	}
	c := cmdSubscription{id: id, units: map[license.Kind]int{}}
	for first := true; first || l.is(","); first = false {
		k, err := p.kind(l)
		if err != nil {
			return nil, err
		}
		if _, dup := c.units[k]; dup {
			l.i--
			return nil, l.fail("a license not given yet on this subscription")
		}
		if err := l.want("="); err != nil {
			return nil, err
		}
		if c.units[k], err = l.int("a number of units", 1<<30); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c cmdSubscription) fire(s *Sim) error {
	_, err := s.Do(assignment.AddSubscription{Subscription: license.Subscription{ID: c.id,
		Created: s.sc.Start.Add(s.now), Units: c.units}})
	return err
}

// cmdCancel cancels a subscription, or lets it expire (CAL-10): every
// license whose unit is on it is removed, traced per user; Webex Calling
// takes the calling data with it (assignment.CancelSubscription).
type cmdCancel struct {
	id     string
	expire bool
}

func parseCancel(_ *parser, l *line, _ *Statement) (Command, error) {
	expire := l.toks[l.i-1].text == "expire"
	if err := l.want("subscription"); err != nil {
		return nil, err
	}
	id, err := l.name("a subscription ID")
	return cmdCancel{id, expire}, err
}

func (c cmdCancel) fire(s *Sim) error {
	_, err := s.Do(assignment.CancelSubscription{Subscription: c.id, Expired: c.expire})
	return err
}

// expiryDraw is the daily draw of the expiry fault (SIM-4).
type expiryDraw struct{}

func (expiryDraw) String() string { return "subscription expiry draw" }

func (e expiryDraw) Fire(s *Sim) error {
	s.Schedule(s.now+Day, e)
	var expired []string
	for sub := range s.org.Subscriptions() {
		if sub.Active && s.chance(s.sc.Faults.ExpiryPerDay) {
			expired = append(expired, sub.ID)
		}
	}
	for _, id := range expired {
		s.tr.fault(s, "subscription-expired", id)
		if _, err := s.Do(assignment.CancelSubscription{Subscription: id, Expired: true}); err != nil {
			return err
		}
	}
	return nil
}

// ---- groups, mode, settings, templates

type cmdAction struct{ a assignment.Action }

func (c cmdAction) fire(s *Sim) error {
	_, err := s.Do(c.a)
	return err
}

func parseGroup(_ *parser, l *line, _ *Statement) (Command, error) {
	name, err := l.name("a group name")
	if err != nil {
		return nil, err
	}
	g := assignment.AddGroup{Name: name}
	g.Distribution = l.is("distribution")
	if l.is("parent") {
		if g.Parent, err = l.name("the parent group's name"); err != nil {
			return nil, err
		}
	}
	return cmdAction{g}, nil
}

func parseMode(_ *parser, l *line, _ *Statement) (Command, error) {
	switch {
	case l.is("org"):
		return cmdAction{assignment.SwitchMode{Mode: assignment.OrgMode}}, nil
	case l.is("group"):
		return cmdAction{assignment.SwitchMode{Mode: assignment.GroupMode}}, nil
	}
	return nil, l.fail(`"org" or "group"`)
}

func parseSetting(_ *parser, l *line, _ *Statement) (Command, error) {
	var set assignment.Setting
	switch {
	case l.is("retention"):
		d, err := l.duration("a retention period")
		return cmdAction{assignment.SetRetention{Period: d}}, err
	case l.is("preserve-on-group-change"):
		set = assignment.SettingPreserveOnGroupChange
	case l.is("suppress-emails"):
		set = assignment.SettingSuppressEmails
	case l.is("sso"):
		set = assignment.SettingSSO
	default:
		return nil, l.fail("a setting (preserve-on-group-change, suppress-emails, sso)")
	}
	on, err := onOff(l)
	if err != nil {
		return nil, err
	}
	return cmdAction{assignment.SetSetting{Setting: set, On: on, Ack: l.is("ack")}}, nil
}

func onOff(l *line) (bool, error) {
	switch {
	case l.is("on"):
		return true, nil
	case l.is("off"):
		return false, nil
	}
	return false, l.fail(`"on" or "off"`)
}

// options reads "[existing] [preserve-off] [ack]".
func options(l *line) (assignment.Scope, bool, bool) {
	f := flags(l, "existing", "preserve-off", "ack")
	scope := assignment.Future
	if f["existing"] {
		scope = assignment.Existing
	}
	return scope, f["preserve-off"], f["ack"]
}

func parseTemplate(p *parser, l *line, _ *Statement) (Command, error) {
	name, err := l.name("a template name")
	if err != nil {
		return nil, err
	}
	save := assignment.SaveTemplate{Name: name}
	if l.is("group") {
		if save.Group, err = l.name("a group name"); err != nil {
			return nil, err
		}
	}
	if err := l.want("with"); err != nil {
		return nil, err
	}
	for first := true; first || l.is(","); first = false {
		k, err := p.kind(l)
		if err != nil {
			return nil, err
		}
		e := assignment.Entry{Kind: k}
		if l.is("@") {
			if e.Subscription, err = l.name("a subscription ID"); err != nil {
				return nil, err
			}
		}
		save.Licenses = append(save.Licenses, e)
	}
	save.Scope, save.PreserveOff, save.Ack = options(l)
	return cmdAction{save}, nil
}

func parseDelete(_ *parser, l *line, _ *Statement) (Command, error) {
	if err := l.want("template"); err != nil {
		return nil, err
	}
	name, err := l.name("a template name")
	if err != nil {
		return nil, err
	}
	f := flags(l, "preserve-off", "ack")
	return cmdAction{assignment.DeleteTemplate{Template: name, PreserveOff: f["preserve-off"], Ack: f["ack"]}}, nil
}

func parseRemoveService(p *parser, l *line, _ *Statement) (Command, error) {
	k, err := p.kind(l)
	if err != nil {
		return nil, err
	}
	if err := l.want("from"); err != nil {
		return nil, err
	}
	if err := l.want("template"); err != nil {
		return nil, err
	}
	name, err := l.name("a template name")
	if err != nil {
		return nil, err
	}
	rs := assignment.RemoveService{Template: name, Kind: k}
	rs.Scope, rs.PreserveOff, rs.Ack = options(l)
	return cmdAction{rs}, nil
}

// ---- calling inventory

type cmdLocation struct {
	id, name string
	disabled bool
}

func parseLocation(_ *parser, l *line, _ *Statement) (Command, error) {
	id, err := l.name("a location ID")
	if err != nil {
		return nil, err
	}
	c := cmdLocation{id: id, name: id}
	if t, ok := l.peek(); ok && t.quoted {
		c.name, _ = l.name("")
	}
	c.disabled = l.is("disabled")
	return c, nil
}

func (c cmdLocation) fire(s *Sim) error { return s.calling.addLocation(c.id, c.name, !c.disabled) }

type cmdNumbers struct {
	loc, first string
	n          int
	inactive   bool
}

func parseNumbers(p *parser, l *line, st *Statement) (Command, error) {
	loc, err := l.name("a location ID")
	if err != nil {
		return nil, err
	}
	first, err := l.name("the first number, such as +14085550000")
	if err != nil {
		return nil, err
	}
	if _, err := calling.ParseE164(first); err != nil {
		l.i--
		return nil, l.fail("the first number in E.164, such as +14085550000")
	}
	if err := l.want("count"); err != nil {
		return nil, err
	}
	n, err := p.count(l, st, "a count of numbers")
	if err != nil {
		return nil, err
	}
	return cmdNumbers{loc, first, n, l.is("inactive")}, nil
}

func (c cmdNumbers) fire(s *Sim) error { return s.calling.addNumbers(c.loc, c.first, c.n, !c.inactive) }

// parseSite reads "site NAME attendee on|off" (ASG-13).
func parseSite(_ *parser, l *line, _ *Statement) (Command, error) {
	site, err := l.name("a meeting site")
	if err != nil {
		return nil, err
	}
	if err := l.want("attendee"); err != nil {
		return nil, err
	}
	on, err := onOff(l)
	return cmdAction{assignment.SetSiteAttendee{Site: site, On: on}}, err
}
