package sim

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// cmdUsers adds a generated population as one event: by an admin, or as a
// directory-sync batch (SIM-3).
type cmdUsers struct {
	n        int
	groups   []string
	work     float64 // share with a valid work number; <0: no work numbers
	inactive bool
	prefix   string
	synced   bool
}

func parseUsers(p *parser, l *line, st *Statement) (Command, error) {
	return parsePopulation(p, l, st, false)
}

func parsePopulation(p *parser, l *line, st *Statement, synced bool) (Command, error) {
	n, err := p.count(l, st, "a number of users")
	if err != nil {
		return nil, err
	}
	c := cmdUsers{n: n, work: -1, synced: synced}
	for l.more() {
		switch {
		case l.is("in"):
			for first := true; first || l.is(","); first = false {
				g, err := l.name("a group name")
				if err != nil {
					return nil, err
				}
				c.groups = append(c.groups, g)
			}
		case l.is("work"):
			if c.work, err = l.percent("the share with valid work numbers"); err != nil {
				return nil, err
			}
		case l.is("inactive"):
			c.inactive = true
		case l.is("prefix"):
			if c.prefix, err = l.name("an e-mail prefix"); err != nil {
				return nil, err
			}
		default:
			return nil, l.fail(`"in", "work", "inactive", "prefix" or end of line`)
		}
	}
	return c, nil
}

// fire generates the batch once: a duplicated sync batch delivers the same
// users again, which the org refuses.
func (c cmdUsers) fire(s *Sim) error {
	users := c.generate(s)
	return s.syncBatch(c.synced, func() error {
		_, err := s.Do(assignment.AddUsers{Users: users})
		return err
	})
}

// syncBatch runs a directory-sync batch under the lost and duplicated
// faults (SIM-4); an admin action runs once.
func (s *Sim) syncBatch(synced bool, f func() error) error {
	if !synced {
		return f()
	}
	if s.chance(s.sc.Faults.SyncLost) {
		s.tr.fault(s, "sync-lost", "the batch never arrives")
		return nil
	}
	dup := s.chance(s.sc.Faults.SyncDup)
	if err := f(); err != nil || !dup {
		return err
	}
	s.tr.fault(s, "sync-dup", "the batch arrives twice")
	return f()
}

// generate makes the batch: the e-mails, and with "work P%" each user's
// work number, which the engine places them by when a calling template
// governs them (CAL-2 for synced users; CAL-4: an admin's add places
// nobody without a placement).
func (c cmdUsers) generate(s *Sim) []assignment.NewUser {
	prefix := c.prefix
	if prefix == "" {
		prefix = "user"
		if len(c.groups) > 0 {
			prefix = emailWord(c.groups[0])
		}
	}
	users := make([]assignment.NewUser, c.n)
	bad := c.badNumbers(s)
	for i := range users {
		users[i] = assignment.NewUser{Email: s.newEmail(prefix), Synced: c.synced, Groups: c.groups}
		if c.inactive {
			users[i].Status = assignment.Inactive
		}
		if c.work >= 0 {
			users[i].WorkNumber = s.workNumber(bad[i])
		}
	}
	return users
}

// newEmail returns the next e-mail PREFIXk@DOMAIN that no user of the org
// has: two prefixes can give one e-mail ("sales1" and 1, "sales" and 11).
func (s *Sim) newEmail(prefix string) string {
	for {
		s.emailSeq++
		e := fmt.Sprintf("%s%d@%s", prefix, s.emailSeq, s.sc.Domain)
		if _, taken := s.org.LookupUser(e); !taken {
			return e
		}
	}
}

// badNumbers picks exactly round(n × (1-work)) users, uniformly from the
// seeded source, to get an unusable work number.
func (c cmdUsers) badNumbers(s *Sim) []bool {
	bad := make([]bool, c.n)
	if c.work < 0 {
		return bad
	}
	k := c.n - int(float64(c.n)*c.work+0.5)
	for i, left := 0, c.n; i < c.n && k > 0; i, left = i+1, left-1 {
		if s.rng.IntN(left) < k {
			bad[i] = true
			k--
		}
	}
	return bad
}

// workNumber returns a free pre-provisioned number, or an unusable one
// drawn from the seeded source: empty, not E.164, or not pre-provisioned
// (CAL-3).
func (s *Sim) workNumber(bad bool) string {
	if !bad {
		if n, ok := s.calling.freeNumber(); ok {
			return n
		}
		return ""
	}
	switch s.rng.IntN(3) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("555-555-%04d", s.rng.IntN(10000))
	}
	return fmt.Sprintf("+1999%07d", s.rng.IntN(10_000_000))
}

func emailWord(g string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(g) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "user"
	}
	return b.String()
}

// pick draws n users (all for n < 0) of a group, or of the org for "", in
// user order; users a sync removed are left out.
func (s *Sim) pick(group string, n int) ([]assignment.UserID, error) {
	var pool []assignment.UserID
	if group == "" {
		for i := range s.org.NumUsers() {
			pool = append(pool, assignment.UserID(i))
		}
	} else if list, ok := s.names.members[group]; ok {
		pool = slices.Clone(list)
	} else if _, ok := s.org.LookupGroup(group); !ok {
		return nil, fmt.Errorf("sim: unknown group %q", group)
	} else if g, _ := s.org.Group(group); len(g.Members) > 0 {
		for _, e := range g.Members { // a group named in another case
			if id, ok := s.org.LookupUser(e); ok {
				pool = append(pool, id)
			}
		}
	}
	kept := pool[:0]
	for _, id := range pool {
		if int(id) >= len(s.removed) || !s.removed[id] {
			kept = append(kept, id)
		}
	}
	pool = kept
	if n < 0 || n >= len(pool) {
		return pool, nil
	}
	out := make([]assignment.UserID, 0, n)
	for i, left := 0, len(pool); i < len(pool) && len(out) < n; i, left = i+1, left-1 {
		if s.rng.IntN(left) < n-len(out) {
			out = append(out, pool[i])
		}
	}
	return out, nil
}

// ---- directory sync

type cmdSync struct {
	op       string // move, join, remove, renumber, fix-numbers
	n        int
	from, to string
}

func parseSync(p *parser, l *line, st *Statement) (Command, error) {
	var err error
	c := cmdSync{n: -1}
	switch {
	case l.is("users"):
		return parsePopulation(p, l, st, true)
	case l.is("move"), l.is("join"), l.is("remove"):
		c.op = l.prev()
		if c.n, err = p.count(l, st, "a number of users"); err != nil {
			return nil, err
		}
		l.is("users")
		if err = l.want("from"); err == nil {
			if c.from, err = l.name("a group name"); err == nil && c.op != "remove" {
				if err = l.want("to"); err == nil {
					c.to, err = l.name("a group name")
				}
			}
		}
	case l.is("renumber"):
		c.op = "renumber"
		if c.n, err = p.count(l, st, "a number of users"); err != nil {
			return nil, err
		}
		l.is("users")
		if l.is("in") {
			c.from, err = l.name("a group name")
		}
	case l.is("fix-numbers"):
		c.op = "fix-numbers"
		if l.is("in") {
			c.from, err = l.name("a group name")
		}
	default:
		return nil, l.fail(`a sync batch ("users", "move", "join", "remove", "renumber", "fix-numbers")`)
	}
	return c, err
}

func (c cmdSync) fire(s *Sim) error { return s.syncBatch(true, func() error { return c.once(s) }) }

func (c cmdSync) once(s *Sim) error {
	ids, err := s.pick(c.from, c.n)
	if err != nil {
		return err
	}
	switch c.op {
	case "move":
		for _, id := range ids {
			_, _ = s.Do(assignment.MoveUser{User: s.names.user(id), From: c.from, To: c.to}) // a refusal is traced
		}
	case "join":
		for _, id := range ids {
			_, _ = s.Do(assignment.JoinGroup{User: s.names.user(id), Group: c.to}) // a refusal is traced
		}
	case "remove":
		// a removed user is deleted from the org and skipped by later
		// batches: its ID stays
		for _, id := range ids {
			_, _ = s.Do(assignment.DeleteUser{User: s.names.user(id)}) // a refusal is traced
			for len(s.removed) <= int(id) {
				s.removed = append(s.removed, false)
			}
			s.removed[id] = true
		}
	case "renumber", "fix-numbers":
		var failed []bool
		if c.op == "fix-numbers" {
			failed = s.calling.failed()
		}
		for _, id := range ids {
			if c.op == "fix-numbers" && (int(id) >= len(failed) || !failed[id]) {
				continue
			}
			num, ok := s.calling.freeNumber()
			if !ok {
				return fmt.Errorf("sim: no free number left to hand out")
			}
			_, _ = s.Do(assignment.SetWorkNumber{User: s.names.user(id), Number: num, By: assignment.ByDirectory}) // a refusal is traced
		}
	}
	return nil
}

// ---- sign-in, CSV, calling retry

type cmdSignIn struct {
	n     int
	group string
}

func parseSignIn(p *parser, l *line, st *Statement) (Command, error) {
	var c cmdSignIn
	var err error
	c.n, c.group, err = p.selection(l, st, true)
	return c, err
}

// selection reads "(INT|all) [users]" (when counted) then "[in G]": how
// many users (-1 for all) and the group they are drawn from.
func (p *parser) selection(l *line, st *Statement, counted bool) (n int, group string, err error) {
	n = -1
	if counted && !l.is("all") {
		if n, err = p.count(l, st, `a number of users or "all"`); err != nil {
			return 0, "", err
		}
	}
	if counted {
		l.is("users")
	}
	if l.is("in") {
		group, err = l.name("a group name")
	}
	return n, group, err
}

func (c cmdSignIn) fire(s *Sim) error {
	ids, err := s.pick(c.group, -1)
	if err != nil {
		return err
	}
	done := 0
	for _, id := range ids {
		if c.n >= 0 && done == c.n {
			break
		}
		u, err := s.org.User(id)
		if err != nil || u.Status == assignment.Active {
			continue
		}
		if _, err := s.Do(assignment.SignIn{User: u.Email}); err == nil {
			done++
		}
	}
	return nil
}

type cmdCallingRetry struct{ group string }

func parseCallingRetry(_ *parser, l *line, _ *Statement) (Command, error) {
	if err := l.want("retry"); err != nil {
		return nil, err
	}
	var c cmdCallingRetry
	var err error
	if l.is("in") {
		c.group, err = l.name("a group name")
	}
	return c, err
}

// fire re-applies the calling templates governing the group with existing
// scope: every governed user without Webex Calling is tried again by the
// work-number lookup (CAL-5, CAL-8).
func (c cmdCallingRetry) fire(s *Sim) error {
	saves, err := s.callingTemplates(c.group)
	if err != nil {
		return err
	}
	for _, save := range saves {
		_, _ = s.Do(save) // a refusal is traced
	}
	return nil
}

// cmdUpdate replaces users' whole license sets (LIC-7, a full-set update).
type cmdUpdate struct {
	n     int
	group string
	kinds []license.Kind
	ack   bool
}

// parseUpdate reads "update (INT|all) [users] [in G] to K {, K} [ack]".
func parseUpdate(p *parser, l *line, st *Statement) (Command, error) {
	var c cmdUpdate
	var err error
	if c.n, c.group, err = p.selection(l, st, true); err != nil {
		return nil, err
	}
	if err := l.want("to"); err != nil {
		return nil, err
	}
	for first := true; first || l.is(","); first = false {
		k, err := p.kind(l)
		if err != nil {
			return nil, err
		}
		c.kinds = append(c.kinds, k)
	}
	c.ack = l.is("ack")
	return c, nil
}

func (c cmdUpdate) fire(s *Sim) error {
	ids, err := s.pick(c.group, c.n)
	if err != nil {
		return err
	}
	for _, id := range ids {
		_, _ = s.Do(assignment.UpdateLicenses{User: s.names.user(id), Licenses: c.kinds, Ack: c.ack}) // a refusal is traced
	}
	return nil
}

// cmdWorkNumbers edits users' work numbers in Control Hub, by CSV or by
// directory sync: a synced user's edit outside the directory is refused
// (CAL-8), and no edit places anyone (CAL-7, CAL-8).
type cmdWorkNumbers struct {
	n     int
	group string
	by    assignment.WorkNumberChannel
	valid bool
}

// parseWorkNumbers reads "work-numbers INT [users] [in G] by
// (control-hub|csv|directory) (valid|invalid)".
func parseWorkNumbers(p *parser, l *line, st *Statement) (Command, error) {
	c := cmdWorkNumbers{}
	var err error
	if c.n, err = p.count(l, st, "a number of users"); err != nil {
		return nil, err
	}
	l.is("users")
	if l.is("in") {
		if c.group, err = l.name("a group name"); err != nil {
			return nil, err
		}
	}
	if err := l.want("by"); err != nil {
		return nil, err
	}
	switch {
	case l.is("control-hub"):
		c.by = assignment.ByControlHub
	case l.is("csv"):
		c.by = assignment.ByCSV
	case l.is("directory"):
		c.by = assignment.ByDirectory
	default:
		return nil, l.fail("control-hub, csv or directory")
	}
	switch {
	case l.is("valid"):
		c.valid = true
	case l.is("invalid"):
	default:
		return nil, l.fail("valid or invalid")
	}
	return c, nil
}

func (c cmdWorkNumbers) fire(s *Sim) error {
	ids, err := s.pick(c.group, c.n)
	if err != nil {
		return err
	}
	for _, id := range ids {
		num := s.workNumber(!c.valid)
		_, _ = s.Do(assignment.SetWorkNumber{User: s.names.user(id), Number: num, By: c.by}) // a refusal is traced
	}
	return nil
}
