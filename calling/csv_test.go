package calling_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/calling"
	"github.com/wxlicense/wxlicense/license"
)

var _ assignment.CallingDirectory = (*calling.Placer)(nil)

// usersCSV reads an export: its header and, per user, the cells by header.
func usersCSV(t *testing.T, data []byte) ([]string, []map[string]string) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
	return recs[0], rows
}

// CAL-6: in a real export, the users whose every "Webex Calling VAR
// Professional" column is FALSE are exactly the placer's failure report,
// and the Phone Number column holds the number that failed, empty for a
// user with none; a placed user's Location (and Extension) is where the
// placer put them.
func TestCSVFailureReport(t *testing.T) {
	f := newFixture(t, 10)
	f.callingTemplate(t, assignment.Future)
	mustDo(t, f.org, syncOfEveryCase())
	header, rows := usersCSV(t, f.org.ExportCSV())
	var callingCols []string
	for _, h := range header {
		if h == "Webex Calling VAR Professional [old]" || h == "Webex Calling VAR Professional [new]" {
			callingCols = append(callingCols, h)
		}
	}
	if len(callingCols) != 2 {
		t.Fatalf("CAL-6: one column per Webex Calling subscription: %q", header)
	}
	failed := map[string]string{} // e-mail: Phone Number
	for _, row := range rows {
		if !slices.ContainsFunc(callingCols, func(h string) bool { return row[h] == "TRUE" }) {
			failed[row["User ID/Email (Required)"]] = row["Phone Number"]
		}
		if row["User ID/Email (Required)"] == "a@x.com" && (row["Location"] != "WAW" || row["Extension"] != "") {
			t.Errorf("a is placed at WAW with a number only: %v", row)
		}
	}
	report := map[string]string{}
	for _, fl := range f.pl.Failures() {
		info, err := f.org.User(assignment.UserID(fl.User))
		must(t, err)
		report[info.Email] = fl.Raw
	}
	if d := cmp.Diff(report, failed); d != "" {
		t.Errorf("CAL-6: CSV filter vs failure report (-report +csv):\n%s", d)
	}
	if failed["c@x.com"] != "" || failed["d@x.com"] != "555-555-1212" {
		t.Errorf("CAL-6: phone numbers %v", failed)
	}
}

// CAL-8, CAL-7, CAL-12, CAL-1 by CSV: a hand-added user's work number is
// corrected in the Phone Number column, which provisions nobody until the
// template is re-applied; a synced user's is refused, and so is a number
// another user or a service owns (400); a row turning Webex Calling on
// places the user at its Location and Extension.
func TestCSVFixesWorkNumber(t *testing.T) {
	f := newFixture(t, 10)
	f.callingTemplate(t, assignment.Future)
	mustDo(t, f.org, assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "a@x.com", Synced: true, WorkNumber: "+48221000001"},
		{Email: "s@x.com", Synced: true, WorkNumber: "555-555-1212"},
		{Email: "m@x.com", WorkNumber: "555"},
		{Email: "n@x.com"},
		{Email: "x@x.com"},
	}})
	data := "User ID/Email (Required),Phone Number,Location,Extension,Webex Calling VAR Professional [old]\n" +
		"s@x.com,+48221000002,,,\n" + // CAL-8: synced, refused
		"n@x.com,+48221000009,,,\n" + // the hunt group's
		"x@x.com,,WAW,200,TRUE\n" + // CAL-1: placed at WAW, extension 200
		"m@x.com,+48221000002,,,\n" // corrected
	p := mustDo(t, f.org, assignment.ImportCSV{Data: []byte(data)})
	var got []string
	for _, re := range p.RowErrors {
		got = append(got, re.Email)
	}
	if d := cmp.Diff([]string{"s@x.com", "n@x.com"}, got); d != "" {
		t.Fatalf("row errors (-want +got):\n%s\n%v", d, p.RowErrors)
	}
	var ne *assignment.NumberError
	if !errors.Is(p.RowErrors[0], assignment.ErrSyncedWorkNumber) || !errors.As(p.RowErrors[1], &ne) ||
		!errors.Is(ne, assignment.ErrNumberOwned) || ne.Owner != "HUNT_GROUP sales" || p.RowErrors[1].Code() != license.CodeUnknownLocation {
		t.Errorf("CAL-8, CAL-12: %v", p.RowErrors)
	}
	if d := cmp.Diff([]string{`x@x.com: place Webex Calling Professional at {location "WAW", extension "200"}`}, callingLines(p)); d != "" {
		t.Errorf("CAL-8: correcting a number alone provisions nobody (-want +got):\n%s", d)
	}
	m, _ := f.org.LookupUser("m@x.com")
	if f.org.WorkNumber(m) != "+48221000002" || f.inv.Placed(calling.UserKey(m)) {
		t.Fatalf("m: work number %q, placed %v", f.org.WorkNumber(m), f.inv.Placed(calling.UserKey(m)))
	}
	f.callingTemplate(t, assignment.Existing)
	if pr, ok := f.inv.Profile(calling.UserKey(m)); !ok || pr.Number.String() != "+48221000002" {
		t.Errorf("CAL-8: re-applying the template places m at the corrected number: %+v %v", pr, ok)
	}
	_, rows := usersCSV(t, f.org.ExportCSV())
	if x := rows[4]; x["Location"] != "WAW" || x["Extension"] != "200" {
		t.Errorf("x's placement in the export: %v", x)
	}
	p, err := f.org.Plan(assignment.ImportCSV{Data: []byte("User ID/Email (Required),Phone Number\nn@x.com,+48221000001\n")})
	if err != nil || len(p.RowErrors) != 1 || !errors.Is(p.RowErrors[0], assignment.ErrNumberOwned) {
		t.Errorf("CAL-12: a's number for n: %v %v", err, p.RowErrors)
	}
}
