package assignment_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// ASG-20: each row is its own raw set request; a bad row is reported and not
// applied, the others apply in file order, each seeing the units earlier
// rows left.
func TestImportCSVRows(t *testing.T) {
	o := newOrg(t, "a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com", "f@x.com")
	csv := "User ID/Email (Required),Basic Messaging,Advanced Messaging,Advanced Space Meetings [old],Basic Space Meetings\n" +
		"a@x.com,TRUE,TRUE,,\n" +
		"b@x.com,FALSE,,TRUE,\n" + // LIC-4: Advanced Space Meetings without Basic Messaging
		"c@x.com,,TRUE,TRUE,\n" +
		"d@x.com,,TRUE,,\n" + // a and c took "old"'s two units: d and e take "new"'s
		"e@x.com,,TRUE,,\n" +
		"f@x.com,,TRUE,,\n" + // no fifth unit: LIC-7, the row is rejected
		"zed@x.com,,TRUE,,\n" + // unknown user
		"a@x.com,,FALSE,,\n" // duplicate row
	p := mustDo(t, o, assignment.ImportCSV{Data: []byte(csv)})
	var rows []int
	for _, re := range p.RowErrors {
		rows = append(rows, re.Row)
	}
	if d := cmp.Diff([]int{2, 6, 7, 8}, rows); d != "" {
		t.Fatalf("row errors (-want +got):\n%s\n%v", d, p.Lines())
	}
	if !errors.Is(p.RowErrors[0], license.CodeSpaceMeetingsNeedsMessaging) {
		t.Errorf("row 2: %v, want 700005", p.RowErrors[0])
	}
	if !errors.Is(p.RowErrors[1], license.ErrNoUnit) || !errors.Is(p.RowErrors[2], assignment.ErrUnknownUser) || !errors.Is(p.RowErrors[3], assignment.ErrDuplicateEmail) {
		t.Errorf("rows 6, 7, 8: %v", p.RowErrors[1:])
	}
	for email, want := range map[string]string{
		"a@x.com": "{Basic Messaging, Advanced Messaging, Basic Space Meetings, Call on Webex}",
		"b@x.com": "{Basic Messaging, Basic Space Meetings, Call on Webex}",
		"c@x.com": "{Basic Messaging, Advanced Messaging, Basic Space Meetings, Advanced Space Meetings, Call on Webex}",
		"d@x.com": "{Basic Messaging, Advanced Messaging, Basic Space Meetings, Call on Webex}",
		"e@x.com": "{Basic Messaging, Advanced Messaging, Basic Space Meetings, Call on Webex}",
		"f@x.com": "{Basic Messaging, Basic Space Meetings, Call on Webex}",
	} {
		if got := held(t, o, email); got != want {
			t.Errorf("%s holds %s, want %s", email, got, want)
		}
	}
}

// ASG-20, LIC-5 (ii): a row that keeps Basic Messaging but drops Basic Space
// Meetings removes an implied license (700006).
func TestImportCSVImpliedRemoval(t *testing.T) {
	o := newOrg(t, "a@x.com")
	p := mustDo(t, o, assignment.ImportCSV{Data: []byte("User ID/Email (Required),Basic Space Meetings\na@x.com,FALSE\n")})
	if len(p.RowErrors) != 1 || !errors.Is(p.RowErrors[0], license.CodeImpliedRemoval) {
		t.Fatalf("got %v, want one 700006 row error", p.RowErrors)
	}
}

// ASG-20, CAL-11: a kind from two subscriptions in one row is a LIC-9 row
// error; old FALSE and new TRUE moves the unit, data kept.
func TestImportCSVSubscriptionColumns(t *testing.T) {
	o := newOrg(t, "a@x.com")
	mustDo(t, o, assignment.ModifyLicenses{User: "a@x.com", Ops: []assignment.LicenseOp{{Kind: license.AdvancedMessaging}}})
	if s, _ := o.SubscriptionOf(0, license.AdvancedMessaging); s != "old" {
		t.Fatalf("LIC-8: granted from %s, want the oldest", s)
	}
	both := "User ID/Email (Required),Advanced Messaging [old],Advanced Messaging [new]\na@x.com,TRUE,TRUE\n"
	p := mustDo(t, o, assignment.ImportCSV{Data: []byte(both)})
	if len(p.RowErrors) != 1 || !errors.Is(p.RowErrors[0], license.CodeExclusiveFamily) {
		t.Fatalf("both TRUE: %v, want a 400413 row error", p.RowErrors)
	}
	p = mustDo(t, o, assignment.ImportCSV{Data: []byte("User ID/Email (Required),Advanced Messaging [old],Advanced Messaging [new]\na@x.com,FALSE,TRUE\n")})
	if len(p.Changes) != 1 || p.Changes[0].Op != assignment.Move {
		t.Fatalf("got %v, want one move", p.Lines())
	}
	if s, _ := o.SubscriptionOf(0, license.AdvancedMessaging); s != "new" {
		t.Fatalf("after the move: on %s", s)
	}
}

// ASG-20, CAL-9: a row dropping Webex Calling without acknowledgement is a
// row error; the others apply.
func TestImportCSVNeedsAck(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "calling", Created: day0,
		Units: map[license.Kind]int{license.CallingProfessional: 5}}})
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "a@x.com", Explicit: true, Licenses: []license.Kind{license.CallingProfessional}, Placement: assignment.Placement{Location: "HQ", Extension: "100"}},
		{Email: "b@x.com"},
	}})
	data := []byte("User ID/Email (Required),Webex Calling Professional,Call on Webex\na@x.com,FALSE,\nb@x.com,,FALSE\n")
	p := mustDo(t, o, assignment.ImportCSV{Data: data})
	if len(p.RowErrors) != 1 || !errors.Is(p.RowErrors[0], assignment.ErrNeedsAck) || p.RowErrors[0].Row != 1 {
		t.Fatalf("got %v, want row 1 to need the acknowledgement", p.RowErrors)
	}
	if got := held(t, o, "b@x.com"); got != "{Basic Messaging, Basic Space Meetings}" {
		t.Fatalf("b holds %s", got)
	}
	p = mustDo(t, o, assignment.ImportCSV{Data: data, Ack: true})
	if len(p.RowErrors) != 0 || held(t, o, "a@x.com") != "{}" {
		t.Fatalf("with ack: %v, a holds %s", p.RowErrors, held(t, o, "a@x.com"))
	}
}

// ASG-20, CAL-9: a row trading one Webex Calling license for another
// (Standard FALSE, Professional TRUE) keeps Webex Calling and its data:
// it needs no acknowledgement and destroys nothing.
func TestImportCSVCallingTradeNeedsNoAck(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "calling", Created: day0,
		Units: map[license.Kind]int{license.CallingStandard: 5, license.CallingProfessional: 5}}})
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "a@x.com", Explicit: true, Licenses: []license.Kind{license.CallingStandard}, Placement: assignment.Placement{Location: "HQ", Extension: "100"}},
	}})
	p := mustDo(t, o, assignment.ImportCSV{Data: []byte("User ID/Email (Required),Webex Calling Standard,Webex Calling Professional\na@x.com,FALSE,TRUE\n")})
	if len(p.RowErrors) != 0 {
		t.Fatalf("row errors %v, want none", p.RowErrors)
	}
	for _, c := range p.Calling {
		if c.Op == assignment.Destroyed {
			t.Errorf("calling data destroyed: %v", p.Lines())
		}
	}
	if got := held(t, o, "a@x.com"); !strings.Contains(got, "Webex Calling Professional") || strings.Contains(got, "Webex Calling Standard") {
		t.Errorf("a holds %s, want Professional for Standard", got)
	}
}

// ASG-20: exporting and importing a fresh file changes nothing.
func TestExportImportRoundTrip(t *testing.T) {
	o := newOrg(t, "a@x.com", "b@x.com")
	mustDo(t, o, assignment.ModifyLicenses{User: "a@x.com", Ops: []assignment.LicenseOp{{Kind: license.AdvancedMessaging}}})
	data := o.ExportCSV()
	p := mustDo(t, o, assignment.ImportCSV{Data: data})
	if !p.Empty() || len(p.RowErrors) > 0 {
		t.Fatalf("re-import of\n%s\nchanged: %v", data, p.Lines())
	}
}

// ParseCSV rejects a file that is not a users CSV as a whole
// (ErrNotUsersCSV); a bad cell rejects its row only.
func TestParseCSVErrors(t *testing.T) {
	cat := license.MustDefault()
	for _, tc := range []struct{ data, want string }{
		{"", "no header"},
		{"name,Basic Messaging\n", `no "User ID/Email (Required)" column`},
		{"Date,Customer,Quantity\n2024-01-01,acme,3\n", `no "User ID/Email (Required)" column`}, // another CSV
		{"User ID/Email (Required),Basic Messaging,basic messaging\n", "given twice"},
		{"User ID/Email (Required),Location,LOCATION\n", "given twice"},
		{"User ID/Email (Required),Basic Messaging\n\"a@x.com,TRUE\n", "extraneous or missing"},
	} {
		_, err := assignment.ParseCSV(cat, []byte(tc.data))
		var ce *assignment.CSVError
		if !errors.As(err, &ce) || !errors.Is(err, assignment.ErrCSV) || !errors.Is(err, assignment.ErrNotUsersCSV) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseCSV(%q) = %v, want an ErrNotUsersCSV CSVError with %q", tc.data, err, tc.want)
		}
	}
	f, err := assignment.ParseCSV(cat, []byte("User ID/Email (Required),Basic Messaging,Nonsense,Advanced Messaging []\n"+
		"a@x.com,maybe,,\nb@x.com,TRUE,TRUE,\nc@x.com,,x,\nd@x.com,,,TRUE\ne@x.com,TRUE,,\nf@x.com,,,,x\n"))
	if err != nil || len(f.Rows) != 6 {
		t.Fatalf("bad cells must fail their rows only: %v %+v", err, f)
	}
	for i, want := range []struct {
		col     int
		unknown bool
	}{{2, false}, {3, true}, {0, false}, {4, true}} {
		if want.col == 0 { // "x" in an unknown column is profile data
			if f.Rows[i].Err != nil || f.Rows[i].Raw[2] != "x" {
				t.Errorf("row %d: %v %q", i+1, f.Rows[i].Err, f.Rows[i].Raw)
			}
			continue
		}
		var ce *assignment.CSVError
		if !errors.As(f.Rows[i].Err, &ce) || ce.Line != i+2 || ce.Column != want.col || errors.Is(ce, assignment.ErrUnknownColumn) != want.unknown {
			t.Errorf("row %d: %v, want a CSVError at line %d, column %d (unknown column %v)", i+1, f.Rows[i].Err, i+2, want.col, want.unknown)
		}
	}
	if f.Rows[4].Err != nil {
		t.Errorf("row 5: %v", f.Rows[4].Err)
	}
	var ce *assignment.CSVError // a cell past the last column: the error is at that cell
	if r := f.Rows[5]; !errors.As(r.Err, &ce) || ce.Line != 7 || ce.Column != 5 || r.Email != "f@x.com" {
		t.Errorf("row 6: %v (%q), want a CSVError at line 7, column 5 for f@x.com", r.Err, r.Email)
	}
}

func FuzzParseCSV(f *testing.F) {
	cat := license.MustDefault("a.webex.com")
	f.Add([]byte("User ID/Email (Required),Basic Messaging,Advanced Messaging [s1]\na@x.com,TRUE,false\n"))
	f.Add([]byte("User ID/Email (Required)\n\n"))
	f.Add([]byte("User ID/Email (Required),\"Meetings Host a.webex.com\"\nx,TRUE\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := assignment.ParseCSV(cat, data)
		if err != nil {
			if !errors.Is(err, assignment.ErrCSV) {
				t.Fatalf("error %v does not wrap ErrCSV", err)
			}
			return
		}
		for _, r := range file.Rows {
			if r.Err == nil && len(r.Cells) > len(file.Columns) { // at most one cell per column
				t.Fatalf("row %d has more cells than columns", r.Line)
			}
		}
		// importing a parsed file never panics and never breaks an org
		o := assignment.New("fuzz", cat)
		o.Do(assignment.AddUsers{Users: []assignment.NewUser{{Email: "a@x.com"}, {Email: "x@x.com"}}})
		if _, err := o.Do(assignment.ImportCSV{Data: data, Ack: true}); err != nil && !errors.Is(err, assignment.ErrCSV) {
			t.Fatalf("import: %v", err)
		}
		if err := o.CheckInvariants(); err != nil {
			t.Fatal(err)
		}
	})
}

// ASG-9 through the CSV: with CreateUsers, a row for a new e-mail creates the
// user with exactly its TRUE licenses plus what they imply, skipping the org
// template; an invalid row creates nobody.
func TestImportCSVCreatesUsers(t *testing.T) {
	o := newOrg(t, "a@x.com")
	mustDo(t, o, assignment.SaveTemplate{Licenses: entries(license.BasicMessaging, license.CallOnWebex)})
	data := "User ID/Email (Required),Basic Messaging,Advanced Messaging,Advanced Space Meetings\n" +
		"new@x.com,TRUE,TRUE,\n" +
		"bad@x.com,,,TRUE\n" + // LIC-4
		"a@x.com,,TRUE,\n"
	p := mustDo(t, o, assignment.ImportCSV{Data: []byte(data), CreateUsers: true})
	if len(p.RowErrors) != 1 || p.RowErrors[0].Email != "bad@x.com" {
		t.Fatalf("row errors %v", p.RowErrors)
	}
	if got := held(t, o, "new@x.com"); got != "{Basic Messaging, Advanced Messaging, Basic Space Meetings}" {
		t.Fatalf("new user holds %s (no template at creation)", got)
	}
	if _, ok := o.LookupUser("bad@x.com"); ok {
		t.Fatal("an invalid row created its user")
	}
	id, _ := o.LookupUser("new@x.com")
	info, _ := o.User(id)
	if !info.Welcomed || info.Holdings[1].Sources[0].Kind != assignment.FromManual {
		t.Fatalf("welcomed %v, sources %v", info.Welcomed, info.Holdings[1].Sources)
	}
}

// ASG-20, LIC-7, CAL-11: a row reports every violation (two subscriptions
// for one kind and a missing requirement), a FALSE in another
// subscription's column leaves the held license alone, and a later row for
// the same e-mail is rejected whatever became of the first.
func TestImportCSVColumnsPerSubscription(t *testing.T) {
	o := newOrg(t, "a@x.com", "b@x.com")
	mustDo(t, o, assignment.ModifyLicenses{User: "b@x.com", Ops: []assignment.LicenseOp{{Kind: license.AdvancedMessaging}}})
	data := "User ID/Email (Required),Basic Messaging,Advanced Messaging [old],Advanced Messaging [new]\n" +
		"a@x.com,FALSE,TRUE,TRUE\n" + // 700005 (LIC-5 (ii)) and 400413
		"b@x.com,,,FALSE\n" + // b holds it on "old": unchanged
		"a@x.com,,TRUE,\n" // a second row for a: rejected
	p := mustDo(t, o, assignment.ImportCSV{Data: []byte(data)})
	if len(p.RowErrors) != 2 || !p.Empty() {
		t.Fatalf("got %v, changes %v", p.RowErrors, p.Lines())
	}
	var se *license.SetError
	if !errors.As(p.RowErrors[0], &se) || len(se.Violations) != 2 ||
		se.Violations[0].Code != license.CodeSpaceMeetingsNeedsMessaging || se.Violations[1].Code != license.CodeExclusiveFamily {
		t.Fatalf("row 1: %v", p.RowErrors[0])
	}
	if !errors.Is(p.RowErrors[1], assignment.ErrDuplicateEmail) {
		t.Fatalf("row 3: %v", p.RowErrors[1])
	}
	p = mustDo(t, o, assignment.ImportCSV{Data: []byte("User ID/Email (Required),Advanced Messaging [old]\nb@x.com,FALSE\n")})
	if held(t, o, "b@x.com") != "{Basic Messaging, Basic Space Meetings, Call on Webex}" {
		t.Fatalf("FALSE on the held subscription: %v", p.Lines())
	}
}

// ASG-20, LIC-7, CAL-11: a row refused after its move was planned gives
// the unit it moved to back, so that a later row can take it: with one
// free unit on "new", a's row (a move and an implied removal, 700006) is
// a row error and b's move applies.
func TestImportCSVRefusedRowGivesBackItsMove(t *testing.T) {
	o := newOrg(t, "a@x.com", "b@x.com", "c@x.com")
	for _, e := range []string{"a@x.com", "b@x.com"} {
		mustDo(t, o, assignment.ModifyLicenses{User: e, Ops: []assignment.LicenseOp{{Kind: license.AdvancedMessaging}}})
	}
	mustDo(t, o, assignment.ImportCSV{Data: []byte("User ID/Email (Required),Advanced Messaging [new]\nc@x.com,TRUE\n")})
	data := "User ID/Email (Required),Advanced Messaging [old],Advanced Messaging [new],Basic Space Meetings\n" +
		"a@x.com,FALSE,TRUE,FALSE\nb@x.com,FALSE,TRUE,\n"
	p := mustDo(t, o, assignment.ImportCSV{Data: []byte(data)})
	if len(p.RowErrors) != 1 || p.RowErrors[0].Row != 1 || !errors.Is(p.RowErrors[0], license.CodeImpliedRemoval) {
		t.Fatalf("row errors %v, want row 1's 700006", p.RowErrors)
	}
	for e, want := range map[string]string{"a@x.com": "old", "b@x.com": "new", "c@x.com": "new"} {
		id, _ := o.LookupUser(e)
		if s, _ := o.SubscriptionOf(id, license.AdvancedMessaging); s != want {
			t.Errorf("%s's Advanced Messaging on %q, want %q:\n%s", e, s, want, strings.Join(p.Lines(), "\n"))
		}
	}
}

// ASG-20, LIC-7, INV-2: a row refused for a missing unit after its other
// changes were planned gives back what they did to the units: a grant's
// unit goes back for a later row to take, and a removal's unit is taken
// again, so that a later row is refused it too. Every Advanced Messaging
// unit but one (taking): all (removing) are held; no subscription has
// Unified CM.
func TestImportCSVRefusedRowGivesBackItsUnits(t *testing.T) {
	for _, tc := range []struct {
		name, row1, eHolds string
		holders            []string
		refused            []int // the rows refused for a missing unit
	}{
		{"taking", "a@x.com,TRUE,TRUE", "{Basic Messaging, Advanced Messaging, Basic Space Meetings, Call on Webex}",
			[]string{"b@x.com", "c@x.com", "d@x.com"}, []int{1}},
		{"removing", "a@x.com,FALSE,TRUE", "{Basic Messaging, Basic Space Meetings, Call on Webex}",
			[]string{"a@x.com", "b@x.com", "c@x.com", "d@x.com"}, []int{1, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := newOrg(t, "a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com")
			for _, e := range tc.holders {
				mustDo(t, o, assignment.ModifyLicenses{User: e, Ops: []assignment.LicenseOp{{Kind: license.AdvancedMessaging}}})
			}
			before := held(t, o, "a@x.com")
			data := "User ID/Email (Required),Advanced Messaging,Unified CM\n" + tc.row1 + "\ne@x.com,TRUE,\n"
			p := mustDo(t, o, assignment.ImportCSV{Data: []byte(data)})
			var refused []int
			for _, re := range p.RowErrors {
				if errors.Is(re, license.CodeNoUnit) {
					refused = append(refused, re.Row)
				}
			}
			if len(p.RowErrors) != len(refused) || !slices.Equal(refused, tc.refused) {
				t.Fatalf("row errors %v, want rows %v refused a unit", p.RowErrors, tc.refused)
			}
			if got := held(t, o, "a@x.com"); got != before {
				t.Errorf("a holds %s after the refused row, want %s", got, before)
			}
			if got := held(t, o, "e@x.com"); got != tc.eHolds {
				t.Errorf("e holds %s, want %s:\n%s", got, tc.eHolds, strings.Join(p.Lines(), "\n"))
			}
			if err := o.CheckInvariants(); err != nil {
				t.Error(err)
			}
		})
	}
}
