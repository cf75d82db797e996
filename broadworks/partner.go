package broadworks

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Partner is a service provider: its BroadWorks clusters (BW-20), customer
// templates (BW-21), enterprises keyed by SP enterprise ID, and subscribers
// keyed by BroadWorks user ID (BW-15). Read it through its methods; change
// it through the Cloud.
type Partner struct {
	id, name         string
	advancedBranding bool
	keepBranding     map[string]bool // orgs whose own branding the partner keeps (BW-13 override)
	clusters         map[string]*Cluster
	templates        map[string]*template
	enterprises      map[string]*Enterprise
	subs             map[string]*Subscriber // live records, by BroadWorks user ID
	ended            []*Subscriber          // removed records, kept for billing (BW-32)
}

// Enterprise is a BroadWorks enterprise of a partner, keyed by (partner,
// SP enterprise ID).
type Enterprise struct {
	ID        string // SP enterprise ID
	Name      string
	Wholesale bool   // BW-3
	Trial     bool   // the customer is on trial (BW-25)
	Org       string // org(E), the mapped org (BW-34); "" while none

	creator string          // the subscriber creating or attaching org(E), "" none (BW-33)
	members map[string]bool // BroadWorks user IDs of its live subscribers
}

func newPartner(id, name string, branding bool) *Partner {
	return &Partner{id: id, name: name, advancedBranding: branding,
		keepBranding: map[string]bool{}, clusters: map[string]*Cluster{},
		templates: map[string]*template{}, enterprises: map[string]*Enterprise{},
		subs: map[string]*Subscriber{}}
}

func (p *Partner) clone() *Partner {
	n := *p
	n.keepBranding = maps.Clone(p.keepBranding)
	n.clusters = cloneMap(p.clusters, (*Cluster).clone)
	n.templates = cloneMap(p.templates, func(t *template) *template { x := *t; return &x })
	n.enterprises = cloneMap(p.enterprises, func(e *Enterprise) *Enterprise {
		x := *e
		x.members = maps.Clone(e.members)
		return &x
	})
	n.subs = cloneMap(p.subs, (*Subscriber).clone)
	n.ended = nil
	for _, s := range p.ended {
		n.ended = append(n.ended, s.clone())
	}
	return &n
}

// ID returns the partner's ID ("" for nil).
func (p *Partner) ID() string {
	if p == nil {
		return ""
	}
	return p.id
}

// Name returns the partner's name ("" for nil).
func (p *Partner) Name() string {
	if p == nil {
		return ""
	}
	return p.name
}

// Enterprise returns a copy of an enterprise.
func (p *Partner) Enterprise(id string) (Enterprise, bool) {
	if p == nil {
		return Enterprise{}, false
	}
	e := p.enterprises[id]
	if e == nil {
		return Enterprise{}, false
	}
	x := *e
	x.members = nil
	return x, true
}

// Enterprises returns the enterprises' IDs in order.
func (p *Partner) Enterprises() []string {
	if p == nil {
		return nil
	}
	return sortedKeys(p.enterprises)
}

// Subscriber returns a copy of a live subscriber record.
func (p *Partner) Subscriber(userID string) (Subscriber, bool) {
	if p == nil {
		return Subscriber{}, false
	}
	s := p.subs[userID]
	if s == nil {
		return Subscriber{}, false
	}
	return *s.clone(), true
}

// Subscribers returns copies of the live subscriber records, by user ID.
func (p *Partner) Subscribers() []Subscriber {
	if p == nil {
		return nil
	}
	out := make([]Subscriber, 0, len(p.subs))
	for _, k := range sortedKeys(p.subs) {
		out = append(out, *p.subs[k].clone())
	}
	return out
}

// BillingSubscribers returns what billing needs of every subscriber that
// ever held a package (BW-25): live and removed records, by subscriber ID.
// One only ever pending or in error has no history and is left out.
func (p *Partner) BillingSubscribers() []BillingSubscriber {
	if p == nil {
		return nil
	}
	var out []BillingSubscriber
	add := func(s *Subscriber) {
		if len(s.History) == 0 {
			return
		}
		e := p.enterprises[s.Enterprise]
		out = append(out, BillingSubscriber{EnterpriseID: s.Enterprise, Trial: e != nil && e.Trial,
			SubscriberID: s.ID, ProvisionedOn: s.ProvisionedOn, ActivatedOn: s.ActivatedOn,
			History: slices.Clone(s.History)})
	}
	for _, k := range sortedKeys(p.subs) {
		add(p.subs[k])
	}
	for _, s := range p.ended {
		add(s)
	}
	slices.SortFunc(out, func(a, b BillingSubscriber) int { return strings.Compare(a.SubscriberID, b.SubscriberID) })
	return out
}

// Method is how a subscriber is provisioned (BW-2). Flow-through covers
// the source's (b) and (c): the template's e-mail mode decides.
type Method uint8

// The provisioning methods.
const (
	API            Method = iota + 1 // (a) the public provisioning API
	FlowThrough                      // (b), (c) Integrated IM&P assigned on BroadWorks
	SelfActivation                   // (d) the template's activation link
)

var methodNames = [...]string{"", "api", "flow-through", "self-activation"}

// String returns the method's name.
func (m Method) String() string {
	if m > 0 && int(m) < len(methodNames) {
		return methodNames[m]
	}
	return fmt.Sprintf("Method(%d)", m)
}

// Subscriber is one BroadWorks subscriber's Webex record (BW-15, BW-32).
type Subscriber struct {
	ID         string // Webex subscriber ID
	UserID     string // BroadWorks user ID, the primary key
	Enterprise string // SP enterprise ID
	Template   string
	Method     Method
	Trusted    bool   // provisioned in trusted e-mail mode
	EmailID    string // the BroadWorks e-mail ID; "" while unknown
	AltID      string // the alternate ID (BW-15)
	Package    Package
	Status     Status
	ErrCode    int    // with Status Failed: 2017 (BW-12) or the fault's code
	ErrText    string // with Status Failed
	Org        string // the org of its person, once linked
	PersonID   string // its person, once linked
	WebexCalls bool   // free Webex calling, a snapshot of the template (BW-23)
	// ProvisionedOn and ActivatedOn are the UTC day it first reached
	// provisioned (zero before).
	ProvisionedOn, ActivatedOn time.Time
	History                    []PackageChange // billing history (BW-25)

	plan plan   // what BW-33 decided for it while provisioning
	pkey string // the key of its person in the org's persons
}

func (s *Subscriber) clone() *Subscriber {
	x := *s
	x.History = slices.Clone(s.History)
	return &x
}

// record appends a billing step, replacing one of the same day.
func (s *Subscriber) record(now time.Time, userID string, pkg Package) {
	d := day(now)
	if n := len(s.History); n > 0 && s.History[n-1].Day.Equal(d) {
		s.History = s.History[:n-1]
	}
	s.History = append(s.History, PackageChange{Day: d, UserID: userID, Package: pkg})
}
