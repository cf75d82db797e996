package broadworks_test

import (
	"fmt"
	"time"

	"github.com/wxlicense/wxlicense/broadworks"
)

// A partner provisions two subscribers of one enterprise through the API in
// trusted mode: the first creates the customer org when its task completes
// (BW-1, BW-4), the second joins it (BW-34); each gets its package's
// licenses through the engine and a welcome e-mail (LIC-12).
func Example() {
	now := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	admin := broadworks.Actor{Role: broadworks.PartnerFullAdmin, Partner: "sp"}
	c, _ := broadworks.NewCloud(broadworks.Config{Seed: 7})
	_ = c.AddPartner("sp", "Service Provider", false)
	_ = c.SaveCluster(admin, "sp", broadworks.Cluster{Name: "c1",
		XsiActionsURL: "https://xsp.sp.example/com.broadsoft.xsi-actions/v2.0/",
		XsiEventsURL:  "https://xsp.sp.example/com.broadsoft.xsi-events/v2.0/"})
	_ = c.SaveTemplate(admin, "sp", broadworks.TemplateSettings{Name: "t", Cluster: "c1",
		Mode: broadworks.Trusted, PartnerAdminEmail: "admin@sp.example",
		AccountName: "prov", Password: "pw", ConfirmPassword: "pw"}, now)
	_ = c.AddEnterprise("sp", broadworks.Enterprise{ID: "acme", Name: "Acme"})

	for _, u := range []struct {
		id, email string
		pkg       broadworks.Package
	}{{"u1", "ann@acme.example", broadworks.Standard}, {"u2", "bob@acme.example", broadworks.Softphone}} {
		s, err := c.Provision(admin, broadworks.Request{Method: broadworks.API, Partner: "sp",
			Template: "t", Enterprise: "acme", UserID: u.id, Email: u.email, Package: u.pkg}, now)
		fmt.Println(u.id, s.Status, err)
		s, err = c.Complete("sp", u.id, now.Add(2*time.Minute))
		fmt.Println(u.id, s.Status, err)
	}
	org := c.Customers("sp")[0]
	o, _ := c.Org(org)
	fmt.Println(o.Name, o.Enterprise, o.Restricted, len(c.CheckInvariants()))
	for _, ch := range c.LicenseChanges(org) {
		fmt.Println(ch.Cause) // ch.Lines() explains each license change
	}
	for _, n := range c.Notifications() {
		fmt.Println(n)
	}
	// Output:
	// u1 provisioning <nil>
	// u1 provisioned <nil>
	// u2 provisioning <nil>
	// u2 provisioned <nil>
	// Acme acme true 0
	// provision u1 (standard)
	// provision u1 (standard)
	// provision u2 (softphone)
	// welcome to ann@acme.example (subscriber u1)
	// welcome to bob@acme.example (subscriber u2)
}
