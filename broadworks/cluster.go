package broadworks

import (
	"slices"
	"strings"
)

// Cluster is a BroadWorks cluster of a partner (BW-20).
type Cluster struct {
	Name           string
	XsiActionsURL  string // must end in /v2.0/
	XsiEventsURL   string // must end in /v2.0/
	DASURL         string
	XSPURL         string
	AuthServiceURL string
	DNDSync        bool
	Ciphers        []string // TLS ciphers by IANA name, e.g. TLS_AES_128_GCM_SHA256
}

func (c *Cluster) clone() *Cluster {
	x := *c
	x.Ciphers = slices.Clone(c.Ciphers)
	return &x
}

// maxCustomers is the number of customer orgs above which a cluster's
// connection settings are frozen (BW-20).
const maxCustomers = 50

// frozenChanged reports whether an update touches the settings BW-20
// freezes above 50 customers.
func frozenChanged(old, n *Cluster) bool {
	return old.XsiActionsURL != n.XsiActionsURL || old.XsiEventsURL != n.XsiEventsURL ||
		old.DASURL != n.DASURL || old.XSPURL != n.XSPURL || old.DNDSync != n.DNDSync
}

// validateCluster checks the interface rules of BW-20.
func validateCluster(cl *Cluster) string {
	switch {
	case !validID(cl.Name):
		return "name"
	case !strings.HasSuffix(cl.XsiActionsURL, "/v2.0/"):
		return "Xsi-Actions URL must end in /v2.0/"
	case !strings.HasSuffix(cl.XsiEventsURL, "/v2.0/"):
		return "Xsi-Events URL must end in /v2.0/"
	}
	for _, c := range cl.Ciphers {
		if !ianaCipher(c) {
			return "cipher " + quote(c) + " is not an IANA name"
		}
	}
	return ""
}

// ianaCipher accepts an IANA TLS cipher-suite name: TLS_ and upper-case
// letters, digits and underscores (OpenSSL names use hyphens).
func ianaCipher(s string) bool {
	if !strings.HasPrefix(s, "TLS_") || len(s) > 100 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// servedOrgs counts the customer orgs the cluster's templates serve: the
// distinct orgs of live subscribers provisioned through them.
func (p *Partner) servedOrgs(cluster string) int {
	orgs := map[string]bool{}
	for _, s := range p.subs {
		if t := p.templates[s.Template]; t != nil && t.Cluster == cluster && s.Org != "" {
			orgs[s.Org] = true
		}
	}
	return len(orgs)
}

// SaveCluster adds or updates a partner's cluster (BW-20). Xsi URLs not
// ending in /v2.0/ or a cipher not named by IANA fail interface validation
// (ErrInterfaceValidation); when the cluster's templates serve more than 50
// customer orgs, changing the Xsi-Actions, Xsi-Events, DAS or XSP URL or
// DND sync is refused (ErrTooManyCustomers). A partner full admin does it.
func (c *Cloud) SaveCluster(a Actor, partner string, cl Cluster) error {
	e := &Error{Op: "save cluster", Partner: partner, Detail: quote(cl.Name)}
	p := c.partners[partner]
	if e.Err = partnerAdmin(a, p); e.Err != nil {
		return e
	}
	n := cl.clone()
	if why := validateCluster(n); why != "" {
		e.Detail, e.Err = why, ErrInterfaceValidation
		return e
	}
	if old := p.clusters[n.Name]; old != nil && frozenChanged(old, n) && p.servedOrgs(n.Name) > maxCustomers {
		e.Err = ErrTooManyCustomers
		return e
	}
	p.clusters[n.Name] = n
	return nil
}

// DeleteCluster deletes a cluster with no templates (else
// ErrClusterHasTemplates, BW-20).
func (c *Cloud) DeleteCluster(a Actor, partner, name string) error {
	e := &Error{Op: "delete cluster", Partner: partner, Detail: quote(name)}
	p := c.partners[partner]
	if e.Err = partnerAdmin(a, p); e.Err != nil {
		return e
	}
	if p.clusters[name] == nil {
		e.Err = ErrUnknown
		return e
	}
	for _, t := range p.templates {
		if t.Cluster == name {
			e.Err = ErrClusterHasTemplates
			return e
		}
	}
	delete(p.clusters, name)
	return nil
}

// Cluster returns a copy of a partner's cluster.
func (p *Partner) Cluster(name string) (Cluster, bool) {
	if p == nil {
		return Cluster{}, false
	}
	if cl := p.clusters[name]; cl != nil {
		return *cl.clone(), true
	}
	return Cluster{}, false
}

// partnerAdmin checks that a is a full (or sales full) admin of p.
func partnerAdmin(a Actor, p *Partner) error {
	switch {
	case p == nil:
		return ErrUnknown
	case (a.Role != PartnerFullAdmin && a.Role != PartnerSalesFullAdmin) || a.Partner != p.id || a.External:
		return ErrForbidden
	}
	return nil
}

// partnerProvisioner checks that a may provision for p: a partner full,
// sales full or provisioning admin of p.
func partnerProvisioner(a Actor, p *Partner) error {
	if p == nil {
		return ErrUnknown
	}
	if a.Role == PartnerProvisioningAdmin && a.Partner == p.id && !a.External {
		return nil
	}
	return partnerAdmin(a, p)
}
