package broadworks

import "testing"

// Cloud.Org returns a copy: changing its slices leaves the cloud's org as
// it was.
func TestOrgReadIsACopy(t *testing.T) {
	c := fixture(t)
	id := existing(t, c, 2, OrgSetup{Domains: []Domain{{Name: "x.example"}},
		Subscriptions:  []PaidSubscription{{ID: "s1", State: SubActive}},
		ExternalAdmins: []ExternalAdmin{{Email: partnerAdminEmail}}})
	provisioned(t, c, "u1", "x1@x.example", Standard) // attaches: the org gets a meeting site
	o, _ := c.Org(id)
	if len(o.MeetingSites) != 1 {
		t.Fatalf("meeting sites %v", o.MeetingSites)
	}
	if n, want := o.NumUsers(), c.orgs[id].NumUsers(); n != want || n == 0 {
		t.Errorf("the copy counts %d persons, the org %d", n, want)
	}
	site := o.MeetingSites[0]
	o.Domains[0].Verified, o.Subscriptions[0].State, o.ExternalAdmins[0].Full = true, SubCancelled, true
	o.MeetingSites[0] = "other"
	in := c.orgs[id]
	if in.Domains[0].Verified || in.Subscriptions[0].State != SubActive || in.ExternalAdmins[0].Full || in.MeetingSites[0] != site {
		t.Errorf("the copy changed the org: %v %v %v %v", in.Domains, in.Subscriptions, in.ExternalAdmins, in.MeetingSites)
	}
}
