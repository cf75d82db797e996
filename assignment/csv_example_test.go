package assignment_test

import (
	"fmt"
	"strings"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// A Control Hub export is loaded, one cell is changed, the import is
// previewed with Plan and applied with Do, and the file is written back
// with its other columns as they were.
func Example_usersCSV() {
	o := assignment.New("acme", license.MustDefault())
	o.Do(assignment.AddSubscription{Subscription: license.Subscription{ID: "sub-1", Created: day0,
		Units: map[license.Kind]int{license.AdvancedMessaging: 10}}})
	export := "Display Name,User ID/Email (Required),Department,Basic Messaging,Advanced Messaging [sub-1]\n" +
		"\"Doe, Ann\",ann@example.com,Sales,TRUE,FALSE\n"
	o.Do(assignment.ImportCSV{Data: []byte(export), CreateUsers: true})

	edited := strings.Replace(export, "TRUE,FALSE", "TRUE,TRUE", 1)
	preview, _ := o.Plan(assignment.ImportCSV{Data: []byte(edited)})
	fmt.Println(strings.Join(preview.Lines(), "\n"))
	o.Do(assignment.ImportCSV{Data: []byte(edited)})

	f, _ := assignment.ParseCSV(o.Catalog(), []byte(export))
	fmt.Print(string(o.ExportCSVLike(f)))
	// Output:
	// ann@example.com: grant Advanced Messaging from "sub-1" (ASG-20 CSV row)
	// Display Name,User ID/Email (Required),Department,Basic Messaging,Advanced Messaging [sub-1],Basic Meetings,Call on Webex
	// "Doe, Ann",ann@example.com,Sales,TRUE,TRUE,FALSE,FALSE
}
