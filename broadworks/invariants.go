package broadworks

import "fmt"

// Violation is a broken invariant: INV-8 (BW-34), LIC-14 (the engine's
// restricted mode), "engine" (the org engine's own), or "state" when the
// model's indexes disagree with its records or two persons are one engine
// user.
type Violation struct {
	Rule       string
	Partner    string
	Enterprise string
	Subscriber string
	Org        string
	Detail     string
}

// Error returns the violation as a message naming what is concerned.
func (v Violation) Error() string {
	return fmt.Sprintf("broadworks: %s violated (partner %q, enterprise %q, subscriber %q, org %q): %s",
		v.Rule, v.Partner, v.Enterprise, v.Subscriber, v.Org, v.Detail)
}

// CheckInvariants checks INV-8 — an enterprise maps to at most one org and
// an org to at most one enterprise, and every provisioned subscriber of an
// enterprise is a person of its org — and that the model's indexes agree
// with its records, that no two persons of an org are one engine user, and
// each customer org's engine invariants. It returns every violation, in a
// stable order.
func (c *Cloud) CheckInvariants() []Violation {
	var out []Violation
	add := func(v Violation) { out = append(out, v) }
	for _, pid := range sortedKeys(c.partners) {
		p := c.partners[pid]
		for _, eid := range sortedKeys(p.enterprises) {
			c.checkEnterprise(p, p.enterprises[eid], add)
		}
		for _, uid := range sortedKeys(p.subs) {
			c.checkSubscriber(p, p.subs[uid], add)
		}
	}
	for _, oid := range sortedKeys(c.orgs) {
		c.checkOrg(c.orgs[oid], add)
	}
	for _, k := range sortedKeys(c.where) {
		if o := c.orgs[c.where[k]]; o == nil || o.persons[k] == nil || c.accounts[k] != nil {
			add(Violation{Rule: "state", Org: c.where[k], Detail: "e-mail index " + quote(k)})
		}
	}
	return out
}

func (c *Cloud) checkEnterprise(p *Partner, en *Enterprise, add func(Violation)) {
	v := Violation{Rule: "INV-8", Partner: p.id, Enterprise: en.ID, Org: en.Org}
	if o := c.orgs[en.Org]; en.Org != "" && (o == nil || o.Partner != p.id || o.Enterprise != en.ID) {
		v.Detail = "the enterprise's org does not map back to it"
		add(v)
	}
	for _, id := range sortedKeys(en.members) {
		if s := p.subs[id]; s == nil || s.Enterprise != en.ID {
			add(Violation{Rule: "state", Partner: p.id, Enterprise: en.ID, Subscriber: id, Detail: "member without record"})
		}
	}
	if s := p.subs[en.creator]; en.creator != "" && (s == nil || s.Status != Provisioning || !s.plan.creating()) {
		add(Violation{Rule: "state", Partner: p.id, Enterprise: en.ID, Subscriber: en.creator, Detail: "creator not creating"})
	}
}

func (c *Cloud) checkSubscriber(p *Partner, s *Subscriber, add func(Violation)) {
	v := Violation{Rule: "INV-8", Partner: p.id, Enterprise: s.Enterprise, Subscriber: s.UserID, Org: s.Org}
	en := p.enterprises[s.Enterprise]
	linked := s.Status == Provisioned || s.Status == Updating
	prs := c.personOf(s)
	switch {
	case en == nil || !en.members[s.UserID]:
		v.Rule, v.Detail = "state", "subscriber of no enterprise"
	case linked && (s.Org == "" || s.Org != en.Org):
		v.Detail = "provisioned subscriber not in its enterprise's org"
	case linked && (prs == nil || prs.Subscriber != s.UserID || prs.ID != s.PersonID):
		v.Detail = "provisioned subscriber is not a person of its org"
	case !linked && s.Org != "":
		v.Rule, v.Detail = "state", "unprovisioned subscriber linked"
	default:
		return
	}
	add(v)
}

func (c *Cloud) checkOrg(o *Org, add func(Violation)) {
	v := Violation{Rule: "INV-8", Partner: o.Partner, Enterprise: o.Enterprise, Org: o.ID}
	if o.Enterprise != "" {
		p := c.partners[o.Partner]
		if p == nil || p.enterprises[o.Enterprise] == nil || p.enterprises[o.Enterprise].Org != o.ID {
			v.Detail = "the org's enterprise does not map back to it"
			add(v)
		}
	}
	if o.eng.Settings().RestrictedByPartner != o.Restricted {
		add(Violation{Rule: "LIC-14", Org: o.ID, Detail: "the engine's restricted mode differs from the org's"})
	}
	if err := o.eng.CheckInvariants(); err != nil { // the customer org's own (INV-1, INV-2, INV-3, INV-10)
		add(Violation{Rule: "engine", Org: o.ID, Detail: err.Error()})
	}
	keys := sortedKeys(o.persons)
	checkEngineUsers(o, keys, add)
	for _, k := range keys {
		prs := o.persons[k]
		if c.where[k] != o.ID || lower(prs.Email) != k {
			add(Violation{Rule: "state", Org: o.ID, Detail: "person index " + quote(k)})
		}
		if prs.Subscriber == "" {
			continue
		}
		var s *Subscriber
		if p := c.partners[o.Partner]; p != nil {
			s = p.subs[prs.Subscriber]
		}
		if s == nil || s.Org != o.ID || s.PersonID != prs.ID {
			w := v
			w.Subscriber, w.Detail = prs.Subscriber, "person linked to no subscriber of the org's partner"
			add(w)
		}
	}
}

// checkEngineUsers reports each person of o that is no engine user, or
// the engine user of a person before it in e-mail order (keys, the
// persons' sorted): a person's licenses are its engine user's, so the
// one would hold nothing and two would share them.
func checkEngineUsers(o *Org, keys []string, add func(Violation)) {
	owner := make([]string, o.eng.NumUsers()) // by engine user: the first person's key
	for _, k := range keys {
		u, ok := o.eng.LookupUser(o.persons[k].engEmail)
		if !ok {
			add(Violation{Rule: "state", Org: o.ID, Subscriber: o.persons[k].Subscriber,
				Detail: "person " + quote(k) + " is no engine user"})
			continue
		}
		if first := owner[u]; first != "" {
			add(Violation{Rule: "state", Org: o.ID, Subscriber: o.persons[k].Subscriber,
				Detail: "persons " + quote(first) + " and " + quote(k) + " are one engine user"})
			continue
		}
		owner[u] = k
	}
}
