package broadworks_test

import (
	"fmt"
	"os"
	"time"

	"github.com/wxlicense/wxlicense/broadworks"
)

// A partner full admin creates June's billing report: a subscriber upgraded
// on the 11th gets two line items, prorated to the day.
func ExampleBillingReports_Create() {
	date := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	subs := []broadworks.BillingSubscriber{{
		EnterpriseID: "ent-1", SubscriberID: "sub-1",
		ProvisionedOn: date("2024-05-02"), ActivatedOn: date("2024-05-02"),
		History: []broadworks.PackageChange{
			{Day: date("2024-05-02"), UserID: "alice@bw.example", Package: broadworks.Standard},
			{Day: date("2024-06-11"), UserID: "alice@bw.example", Package: broadworks.Premium},
		},
	}}
	admin := broadworks.Actor{Role: broadworks.PartnerFullAdmin, Partner: "Acme SP"}
	partner := broadworks.BillingPartner{Name: "Acme SP", BillingID: "C1234"}
	june := broadworks.Period{Year: 2024, Month: time.June}

	var reports broadworks.BillingReports
	r, err := reports.Create(admin, partner, june, subs, date("2024-07-01"))
	if err != nil {
		fmt.Println(err)
		return
	}
	r.WriteCSV(os.Stdout)
	for _, it := range r.Items {
		fmt.Println(it.Package, it.Quantity.Rat())
	}

	_, err = reports.Create(admin, partner, june, subs, date("2024-07-01"))
	fmt.Println(err)
	// Output:
	// partner,billing ID,SP enterprise ID,trial,user ID,subscriber ID,activated,provisioning date,billing start,billing end,package,quantity
	// Acme SP,C1234,ent-1,no,alice@bw.example,sub-1,yes,2024-05-02,2024-06-01,2024-06-10,standard,0.3333
	// Acme SP,C1234,ent-1,no,alice@bw.example,sub-1,yes,2024-05-02,2024-06-11,2024-06-30,premium,0.6667
	// standard 1/3
	// premium 2/3
	// broadworks: create billing report 2024-06 of partner "Acme SP" as partner full admin: broadworks: billing report exists for the month
}
