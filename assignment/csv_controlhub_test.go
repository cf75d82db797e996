package assignment_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// golden compares got with the file under testdata/csv, or writes it
// with -rewrite.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "csv", name)
	if rewriting() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s (-want +got):\n%s", path, d)
	}
}

// records reads a CSV as encoding/csv does, after a byte order mark.
func records(t *testing.T, data []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// callingOrg is newOrg with a third subscription "cp" of 5 Webex Calling
// Professional units, a synced user s with work number +15550001, and c
// holding Webex Calling at location HQ, extension 100.
func callingOrg(t *testing.T, emails ...string) *assignment.Org {
	t.Helper()
	o := newOrg(t, emails...)
	mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "cp", Created: day0.AddDate(2, 0, 0),
		Units: map[license.Kind]int{license.CallingProfessional: 5}}})
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "s@x.com", Synced: true, WorkNumber: "+15550001"},
		{Email: "c@x.com", Explicit: true, Licenses: []license.Kind{license.BasicMessaging, license.CallingProfessional},
			Placement: assignment.Placement{Location: "HQ", Extension: "100"}, WorkNumber: "555-555-1212"},
	}})
	return o
}

// ASG-20, CAL-6: the export has Control Hub's profile columns, then one
// license column per kind, a kind that takes units one per subscription
// ("Webex Calling VAR Professional [cp]"); Phone Number is the work
// number, Extension and Location the placement of a Webex Calling user.
func TestExportCSVGolden(t *testing.T) {
	o := callingOrg(t, "a@x.com", "=cmd@x.com")
	mustDo(t, o, assignment.ModifyLicenses{User: "a@x.com", Ops: []assignment.LicenseOp{{Kind: license.AdvancedMessaging}}})
	mustDo(t, o, assignment.SetWorkNumber{User: "a@x.com", Number: "+48221000001", By: assignment.ByControlHub})
	data := o.ExportCSV()
	golden(t, "export.csv", data)
	recs := records(t, data)
	header := recs[0]
	if d := cmp.Diff(assignment.CSVProfileColumns(), header[:len(assignment.CSVProfileColumns())]); d != "" {
		t.Errorf("profile columns (-want +got):\n%s", d)
	}
	for _, h := range []string{"Advanced Messaging [old]", "Advanced Messaging [new]", "Webex Calling VAR Professional [cp]", "Basic Messaging"} {
		if !slices.Contains(header, h) {
			t.Errorf("no column %q in %q", h, header)
		}
	}
	// formula-looking cells are quoted, E.164 numbers are written as they are
	if !bytes.Contains(data, []byte(",'=cmd@x.com,")) || !bytes.Contains(data, []byte(",+48221000001,")) {
		t.Errorf("escaping:\n%s", data)
	}
	p := mustDo(t, o, assignment.ImportCSV{Data: data})
	if !p.Empty() || len(p.RowErrors) > 0 {
		t.Fatalf("ASG-20: re-import changed %v %v", p.Lines(), p.RowErrors)
	}
}

// ASG-20: a Control Hub export (BOM, CRLF, quoted commas, quotes and
// newlines, profile columns the engine does not model) loads into an org,
// and written back over the file it is the same file; a change is
// previewed by Plan, applied by Do, and written back changes only its
// cells. CAL-11: old subscription FALSE and new TRUE is a move.
func TestCSVControlHubFile(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "csv", "controlhub.csv"))
	if err != nil {
		t.Fatal(err)
	}
	o := assignment.New("org-1", license.MustDefault())
	for i, units := range []map[license.Kind]int{
		{license.AdvancedMessaging: 2, license.AdvancedSpaceMeetings: 2}, {license.AdvancedMessaging: 2}, {license.CallingProfessional: 2},
	} {
		mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: []string{"old", "new", "cp"}[i], Created: day0.AddDate(i, 0, 0), Units: units}})
	}
	p := mustDo(t, o, assignment.ImportCSV{Data: data, CreateUsers: true})
	if len(p.RowErrors) > 0 {
		t.Fatalf("load: %v", p.RowErrors)
	}
	f, err := assignment.ParseCSV(o.Catalog(), data)
	if err != nil {
		t.Fatal(err)
	}
	back := o.ExportCSVLike(f)
	want := records(t, data)
	if d := cmp.Diff(want, records(t, back)); d != "" {
		t.Fatalf("written back (-file +written):\n%s", d)
	}
	if p := mustPlan(t, o, assignment.ImportCSV{Data: back}); !p.Empty() || len(p.RowErrors) > 0 {
		t.Fatalf("re-import changed %v %v", p.Lines(), p.RowErrors)
	}

	// bob: Advanced Messaging from "new" to "old" (CAL-11)
	old, nw := column(t, want[0], "Advanced Messaging [old]"), column(t, want[0], "Advanced Messaging [new]")
	changed := slices.Clone(want)
	changed[2] = slices.Clone(want[2])
	changed[2][old], changed[2][nw] = "TRUE", "FALSE"
	edit := encode(t, changed)
	version := o.Version()
	preview := mustPlan(t, o, assignment.ImportCSV{Data: edit})
	if o.Version() != version || held(t, o, "bob@x.com") != "{Basic Messaging, Advanced Messaging, Basic Space Meetings, Advanced Space Meetings, Basic Meetings}" {
		t.Fatal("Plan changed the org")
	}
	if len(preview.Changes) != 1 || preview.Changes[0].Op != assignment.Move || len(preview.RowErrors) > 0 {
		t.Fatalf("preview: %v %v", preview.Lines(), preview.RowErrors)
	}
	done := mustDo(t, o, assignment.ImportCSV{Data: edit})
	if d := cmp.Diff(preview.Lines(), done.Lines()); d != "" {
		t.Errorf("Do differs from the preview (-plan +do):\n%s", d)
	}
	if d := cmp.Diff(changed, records(t, o.ExportCSVLike(f))); d != "" {
		t.Errorf("written back after the change (-want +got):\n%s", d)
	}
	if s, _ := o.SubscriptionOf(1, license.AdvancedMessaging); s != "old" {
		t.Errorf("bob's Advanced Messaging on %q, want old", s)
	}
}

func column(t *testing.T, header []string, name string) int {
	t.Helper()
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("no column %q", name)
	}
	return i
}

func encode(t *testing.T, recs [][]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func mustPlan(t testing.TB, o *assignment.Org, a assignment.Action) *assignment.Plan {
	t.Helper()
	p, err := o.Plan(a)
	if err != nil {
		t.Fatalf("plan %v: %v", a, err)
	}
	return p
}

// ASG-20, LIC-3, LIC-4, LIC-9, LIC-13, CAL-1, CAL-8, CAL-9: every bad row
// is reported with its line, column and API code, and not applied; the
// good rows apply as one plan, which Plan returns as the dry run.
func TestImportCSVRowErrors(t *testing.T) {
	o := callingOrg(t, "u1@x.com", "u2@x.com", "u3@x.com", "u4@x.com", "u5@x.com", "u6@x.com", "u7@x.com", "u8@x.com", "u9@x.com", "u10@x.com")
	data := "User ID/Email (Required),Phone Number,Location,Extension,Basic Messaging,Advanced Messaging,Advanced Messaging [old],Advanced Messaging [new]," +
		"Advanced Space Meetings,Advanced Messaging [gone],Webex Calling VAR Professional [cp],Webex Meetings Hybrid\r\n" +
		"u1@x.com,,,,,,,,,,,TRUE\r\n" + // an unknown column
		"zed@x.com,,,,TRUE,,,,,,,\r\n" + // an unknown user
		"u2@x.com,,,,yes,,,,,,,\r\n" + // not TRUE, FALSE or empty
		"u3@x.com,,,,FALSE,TRUE,,,,,,\r\n" + // LIC-3
		"u4@x.com,,,,FALSE,,,,TRUE,,,\r\n" + // LIC-4
		"u5@x.com,,,,,,,,,TRUE,,\r\n" + // an unknown subscription
		"u6@x.com,,,,,,TRUE,TRUE,,,,\r\n" + // LIC-9: one kind from two subscriptions
		"u7@x.com,555-1212,,,,,,,,,,\r\n" + // not E.164
		"s@x.com,+15550002,,,,,,,,,,\r\n" + // CAL-8: a synced user's work number
		"c@x.com,,,,,,,,,,FALSE,\r\n" + // CAL-9: no acknowledgement
		"u8@x.com,,HQ,,,,,,,,TRUE,\r\n" + // CAL-1: a location alone
		"u9@x.com,+15550009,,,,,,TRUE,,,,\r\n" + // good: a unit from "new" and a work number
		"u10@x.com,,HQ,101,,,,,,,TRUE,\r\n" + // CAL-1: without a placer nothing would record HQ, 101
		"\"u9@x.com\",,,,,,,,,,,\r\n" // a second row for u9
	type got struct {
		Row, Line, Column int
		Code              license.Code
		Is                bool
	}
	want := []got{
		{1, 2, 12, 400000, true}, {2, 3, 1, 0, true}, {3, 4, 5, 0, true}, {4, 5, 5, 700003, true},
		{5, 6, 5, 700005, true}, {6, 7, 10, 0, true}, {7, 8, 7, 400413, true}, {8, 9, 2, 400, true},
		{9, 10, 2, 0, true}, {10, 11, 11, 0, true}, {11, 12, 3, 400411, true}, {13, 14, 11, 400411, true}, {14, 15, 1, 0, true},
	}
	sentinels := []error{assignment.ErrUnknownColumn, assignment.ErrUnknownUser, assignment.ErrCSV, license.ErrMissingRequirement,
		license.ErrMissingRequirement, assignment.ErrUnknownSubscription, license.CodeExclusiveFamily, assignment.ErrBadNumber,
		assignment.ErrSyncedWorkNumber, assignment.ErrNeedsAck, assignment.ErrInvalidPlacement, license.CodeNeedsPlacement, assignment.ErrDuplicateEmail}
	before := o.ExportCSV()
	version := o.Version()
	dry := mustPlan(t, o, assignment.ImportCSV{Data: []byte(data)})
	if o.Version() != version || !bytes.Equal(before, o.ExportCSV()) {
		t.Fatal("the dry run changed the org")
	}
	p := mustDo(t, o, assignment.ImportCSV{Data: []byte(data)})
	if d := cmp.Diff(dry.Lines(), p.Lines()); d != "" {
		t.Errorf("Do differs from the dry run (-plan +do):\n%s", d)
	}
	var gots []got
	for i, re := range p.RowErrors {
		is := i < len(sentinels) && errors.Is(re, sentinels[i])
		gots = append(gots, got{re.Row, re.Line, re.Column, re.Code(), is})
	}
	if d := cmp.Diff(want, gots); d != "" {
		t.Errorf("row errors (-want +got):\n%s\n%s", d, strings.Join(p.Lines(), "\n"))
	}
	var ne *assignment.NumberError
	var ce *assignment.CSVError
	var se *license.SetError
	if !errors.As(p.RowErrors[7], &ne) || ne.Number != "555-1212" || !errors.As(p.RowErrors[0], &ce) || ce.Column != 12 ||
		!errors.As(p.RowErrors[3], &se) || se.Code() != license.CodeAdvancedMessagingNeedsBasic {
		t.Errorf("errors.As: %v, %v, %v", ne, ce, se)
	}
	for _, e := range []string{"u1@x.com", "u2@x.com", "u3@x.com", "u4@x.com", "u5@x.com", "u6@x.com", "u7@x.com", "u8@x.com"} {
		if got := held(t, o, e); got != "{Basic Messaging, Basic Space Meetings, Call on Webex}" {
			t.Errorf("%s: a bad row applied: %s", e, got)
		}
	}
	if id, _ := o.LookupUser("s@x.com"); o.WorkNumber(id) != "+15550001" {
		t.Errorf("CAL-8: the synced user's work number changed to %q", o.WorkNumber(id))
	}
	if got := held(t, o, "c@x.com"); !strings.Contains(got, "Webex Calling Professional") {
		t.Errorf("CAL-9: c lost Webex Calling without acknowledgement: %s", got)
	}
	id9, _ := o.LookupUser("u9@x.com")
	if s, _ := o.SubscriptionOf(id9, license.AdvancedMessaging); s != "new" || o.WorkNumber(id9) != "+15550009" {
		t.Errorf("u9: Advanced Messaging on %q, work number %q", s, o.WorkNumber(id9))
	}
	if got := held(t, o, "u10@x.com"); strings.Contains(got, "Webex Calling Professional") {
		t.Errorf("CAL-1, INV-4: u10 holds Webex Calling with no placement recorded: %s", got)
	}
}

// ASG-20: a file that is not a users CSV is rejected as a whole with a
// typed error, nothing applied; duplicate rows are row errors; quoted
// cells with commas and newlines keep the lines of later rows right.
func TestImportCSVWholeFile(t *testing.T) {
	o := newOrg(t, "a@x.com", "b@x.com")
	before, version := o.ExportCSV(), o.Version()
	for _, data := range []string{
		"BillingPeriod,Enterprise,Quantity\r\n2026-11,acme,3.0000\r\n", // BroadWorks billing
		"\x00\x01binary",
		"User ID/Email (Required),\"unterminated\r\na@x.com,TRUE\r\n",
	} {
		_, err := o.Do(assignment.ImportCSV{Data: []byte(data), Ack: true, CreateUsers: true})
		var ce *assignment.CSVError
		if !errors.Is(err, assignment.ErrNotUsersCSV) || !errors.As(err, &ce) {
			t.Errorf("%q: %v, want an ErrNotUsersCSV CSVError", data, err)
		}
	}
	if o.Version() != version || !bytes.Equal(before, o.ExportCSV()) {
		t.Fatal("a rejected file changed the org")
	}
	data := "\ufeffDisplay Name,User ID/Email (Required),Advanced Messaging\r\n" +
		"\"Doe, Ann\nSecond line\",a@x.com,TRUE\r\n" +
		"\"Doe, Ann\nSecond line\",a@x.com,TRUE\r\n" + // the same row again
		"Bob,b@x.com,maybe\r\n"
	p := mustDo(t, o, assignment.ImportCSV{Data: []byte(data)})
	type got struct{ Row, Line, Column int }
	var gots []got
	for _, re := range p.RowErrors {
		gots = append(gots, got{re.Row, re.Line, re.Column})
	}
	if d := cmp.Diff([]got{{2, 4, 2}, {3, 6, 3}}, gots); d != "" || !errors.Is(p.RowErrors[0], assignment.ErrDuplicateEmail) {
		t.Errorf("row errors (-want +got):\n%s%v", d, p.RowErrors)
	}
	if held(t, o, "a@x.com") != "{Basic Messaging, Advanced Messaging, Basic Space Meetings, Call on Webex}" {
		t.Errorf("a's row did not apply: %v", p.Lines())
	}

	// a profile column the list lacks is carried: written back as it was
	data = "User ID/Email (Required),Address street\r\na@x.com,\"1 Main St, Apt 2\"\r\n"
	if p := mustDo(t, o, assignment.ImportCSV{Data: []byte(data)}); len(p.RowErrors) > 0 || !p.Empty() {
		t.Fatalf("an unlisted profile column: %v %v", p.RowErrors, p.Lines())
	}
	f, err := assignment.ParseCSV(o.Catalog(), []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	recs := records(t, o.ExportCSVLike(f))
	if recs[0][1] != "Address street" || recs[1][1] != "1 Main St, Apt 2" || recs[2][1] != "" {
		t.Errorf("written back: %q", recs)
	}
}

// Hostile callers: a nil or zero org exports nothing; a nil file finds no
// column; a hand-made file without columns exports as ExportCSV does.
func TestCSVNil(t *testing.T) {
	var nilOrg *assignment.Org
	if nilOrg.ExportCSV() != nil || (&assignment.Org{}).ExportCSVLike(nil) != nil {
		t.Error("a nil or zero org exported something")
	}
	var f *assignment.CSVFile
	if _, ok := f.Column(license.MustDefault(), "Location"); ok {
		t.Error("a nil file has a column")
	}
	o := newOrg(t, "a@x.com")
	if got, want := o.ExportCSVLike(&assignment.CSVFile{Rows: []assignment.CSVRow{{Email: "a@x.com"}}}), o.ExportCSV(); !bytes.Equal(got, want) {
		t.Errorf("a hand-made file: %q", got)
	}
}

// CAL-7, CAL-8: "REMOVE|" and the user's work number removes it; with
// another number it is a row error; a synced user's stays.
func TestImportCSVRemoveWorkNumber(t *testing.T) {
	o := callingOrg(t, "a@x.com", "b@x.com")
	for _, e := range []string{"a@x.com", "b@x.com"} {
		mustDo(t, o, assignment.SetWorkNumber{User: e, Number: "+15550007", By: assignment.ByCSV})
	}
	data := "User ID/Email (Required),Phone Number\n" +
		"a@x.com,REMOVE|+15550007\n" +
		"b@x.com,REMOVE|+15550008\n" +
		"s@x.com,REMOVE|+15550001\n"
	p := mustDo(t, o, assignment.ImportCSV{Data: []byte(data)})
	if len(p.RowErrors) != 2 || !errors.Is(p.RowErrors[0], assignment.ErrInvalidValue) || !errors.Is(p.RowErrors[1], assignment.ErrSyncedWorkNumber) {
		t.Fatalf("row errors %v", p.RowErrors)
	}
	for e, want := range map[string]string{"a@x.com": "", "b@x.com": "+15550007", "s@x.com": "+15550001"} {
		if id, _ := o.LookupUser(e); o.WorkNumber(id) != want {
			t.Errorf("%s: work number %q, want %q", e, o.WorkNumber(id), want)
		}
	}
}

// ASG-20: Control Hub marks a suspended service's column "(Suspended)":
// TRUE in it is a row error (ErrSuspendedService), nothing applied for
// that row; FALSE removes the license as in its plain column; the column
// keeps its mark when written back.
func TestImportCSVSuspendedColumn(t *testing.T) {
	o := newOrg(t, "a@x.com", "b@x.com", "c@x.com")
	mustDo(t, o, assignment.ModifyLicenses{User: "c@x.com", Ops: []assignment.LicenseOp{{Kind: license.AdvancedMessaging}}})
	data := "User ID/Email (Required),Advanced Messaging (suspended)\n" +
		"a@x.com,TRUE\n" +
		"b@x.com,\n" +
		"c@x.com,FALSE\n"
	f, err := assignment.ParseCSV(o.Catalog(), []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if col := f.Columns[1]; !col.Suspended || col.Kind != license.AdvancedMessaging || col.Header(o.Catalog()) != "Advanced Messaging (Suspended)" {
		t.Fatalf("column %+v, header %q", col, col.Header(o.Catalog()))
	}
	p := mustDo(t, o, assignment.ImportCSV{Data: []byte(data)})
	if len(p.RowErrors) != 1 || p.RowErrors[0].Email != "a@x.com" || p.RowErrors[0].Column != 2 || !errors.Is(p.RowErrors[0], assignment.ErrSuspendedService) {
		t.Fatalf("row errors %v", p.RowErrors)
	}
	for e, want := range map[string]bool{"a@x.com": false, "b@x.com": false, "c@x.com": false} {
		if got := strings.Contains(held(t, o, e), "Advanced Messaging"); got != want {
			t.Errorf("%s holds Advanced Messaging: %v, want %v", e, got, want)
		}
	}
}
