package assignment

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/wxlicense/wxlicense/license"
)

// TestPlusDigitsIsNoFormula pins which export cells escapeRecord leaves
// as they are: a plus and at least one digit, only digits after it, as
// Control Hub writes a phone number; every other formula-like cell is
// escaped.
func TestPlusDigitsIsNoFormula(t *testing.T) {
	for _, tc := range []struct {
		cell string
		kept bool
	}{
		{"+5", true}, {"+19", true}, {"+48221000001", true}, {"+0", true},
		{"+", false}, {"+1:", false}, {"+9/", false}, {"+1a", false}, {"+1 2", false}, {"=1+2", false}, {"+SUM(A1)", false},
	} {
		got := escapeRecord([]string{tc.cell})[0]
		if (got == tc.cell) != tc.kept {
			t.Errorf("escapeRecord(%q) = %q; kept as is: %v, want %v", tc.cell, got, got == tc.cell, tc.kept)
		}
	}
}

// TestCSVDuplicateColumnNamesItsPosition checks that a users CSV naming a
// column twice is refused at the second one, column numbers counting from
// one.
func TestCSVDuplicateColumnNamesItsPosition(t *testing.T) {
	_, err := ParseCSV(license.MustDefault(), []byte(CSVUserColumn+",Basic Messaging,Title,title\na@x.com,TRUE,,\n"))
	var ce *CSVError
	if !errors.As(err, &ce) || !errors.Is(err, ErrNotUsersCSV) || ce.Line != 1 || ce.Column != 4 {
		t.Fatalf("got %v, want a CSVError at line 1, column 4", err)
	}
}

// TestImportCSVShortRowsAndNewUserEdits imports rows shorter than the
// header — the cells they lack are empty — creating users, each of whose
// edits names the ID the user gets.
func TestImportCSVShortRowsAndNewUserEdits(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "old@x.com"}}})
	header := []string{CSVUserColumn, "Basic Messaging", csvExtension, csvPhone, csvLocation, csvStatus}
	data := strings.Join(header, ",") + "\nn1@x.com\nn2@x.com,TRUE\nn3@x.com,TRUE,\nn4@x.com,TRUE,,\nn5@x.com,TRUE,,,\n"
	p, err := o.Plan(ImportCSV{Data: []byte(data), CreateUsers: true, Ack: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.RowErrors) > 0 {
		t.Fatalf("row errors: %v", p.RowErrors)
	}
	var added []UserID
	for _, e := range p.Edits {
		if e.Op == EditAddUser {
			added = append(added, e.User)
		}
	}
	if want := []UserID{1, 2, 3, 4, 5}; !slices.Equal(added, want) {
		t.Errorf("new users' edits name users %v, want %v", added, want)
	}
	if err := o.Apply(p); err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"n1@x.com", "n2@x.com", "n3@x.com", "n4@x.com", "n5@x.com"} {
		if _, ok := o.LookupUser(email); !ok {
			t.Errorf("%s not added", email)
		}
	}
}

// TestExportLikeAFileOfOnlyUsers exports like a users CSV whose only
// column is the user column: that column serves, no profile columns come
// before it.
func TestExportLikeAFileOfOnlyUsers(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "a@x.com"}}})
	base, err := ParseCSV(o.cat, []byte(CSVUserColumn+"\na@x.com\n"))
	if err != nil {
		t.Fatal(err)
	}
	out := string(o.ExportCSVLike(base))
	header, _, _ := strings.Cut(strings.TrimPrefix(out, "\ufeff"), "\n")
	if !strings.HasPrefix(header, CSVUserColumn) || strings.Contains(header, "First Name") {
		t.Errorf("header %q: want the user column first and no profile columns", header)
	}
}

// TestExportLikeAFileWithoutUsers exports like a users CSV built by hand
// without the user column: the profile columns come first, and each
// user's carried cells stay under their own columns.
func TestExportLikeAFileWithoutUsers(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "a@x.com"}}})
	base := &CSVFile{Columns: []CSVColumn{{Name: "Nickname"}}, Rows: []CSVRow{{Email: "a@x.com", Raw: []string{"Ace"}}}}
	lines := strings.Split(strings.TrimPrefix(string(o.ExportCSVLike(base)), "\ufeff"), "\n")
	header, row := strings.Split(lines[0], ","), strings.Split(lines[1], ",")
	i := slices.Index(header, "Nickname")
	if i != len(profileColumns) || len(row) <= i || row[i] != "Ace" || row[0] != "" {
		t.Errorf("header %q, row %q: want Nickname after the profile columns, with Ace under it", lines[0], lines[1])
	}
}

// TestIsE164 pins the strict E.164 check of imported work numbers: a plus,
// a first digit other than 0, two to fifteen digits in all.
func TestIsE164(t *testing.T) {
	for _, tc := range []struct {
		s  string
		ok bool
	}{
		{"+12", true}, {"+123456789012345", true}, {"+48221000001", true},
		{"+1", false}, {"+1234567890123456", false}, {"12345", false}, {"+0123", false}, {"+12a", false}, {"", false},
	} {
		if got := isE164(tc.s); got != tc.ok {
			t.Errorf("isE164(%q) = %v, want %v", tc.s, got, tc.ok)
		}
	}
}

// TestImportCSVPlacesOnlyCallingUsers checks that a row creating a user
// records the row's placement only with a Webex Calling license granted:
// not for another license, nor for Webex Calling given FALSE.
func TestImportCSVPlacesOnlyCallingUsers(t *testing.T) {
	o := New("o", license.MustDefault())
	header := []string{CSVUserColumn, "Basic Messaging", csvKindName(o.cat, license.CallingProfessional), csvPhone, csvLocation}
	data := strings.Join(header, ",") + "\nmsg@x.com,TRUE,FALSE,+15550100,HQ\n"
	mustDoInternal(t, o, ImportCSV{Data: []byte(data), CreateUsers: true, Ack: true})
	id, ok := o.LookupUser("msg@x.com")
	if !ok {
		t.Fatal("msg@x.com not added")
	}
	if info, _ := o.User(id); !info.Placement.IsZero() {
		t.Errorf("placed at %v without Webex Calling", info.Placement)
	}
}

// TestImportCSVRowErrorNamesTheViolatingCell checks that a row refused for
// one of its licenses names that license's cell, not the row's first.
func TestImportCSVRowErrorNamesTheViolatingCell(t *testing.T) {
	o := New("o", license.MustDefault())
	mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "u@x.com"}}})
	data := CSVUserColumn + ",Basic Messaging,Advanced Messaging\nu@x.com,TRUE,TRUE\n" // no unit of Advanced Messaging
	p, err := o.Plan(ImportCSV{Data: []byte(data), Ack: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.RowErrors) != 1 || p.RowErrors[0].Line != 2 || p.RowErrors[0].Column != 3 {
		t.Errorf("row errors %v: want one at line 2, column 3 (Advanced Messaging)", p.RowErrors)
	}
}

// contentLines counts the lines that can hold a row: at least one per row
// that is not blank, none for lines of separators and white space.
func TestContentLines(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{
		{"", 0}, {"a", 1}, {"a\n", 1}, {"\n\n", 0}, {" , \t\r\n,,\n", 0}, {"a\n\nb", 2}, {"\"x\ny\"\n", 2}, {" ,a\r\n", 1},
		{"\v\f\n\"\",\"\"\n\u00a0\u0085\u3000\n", 0}, {"\u00a0é\n", 1}, {"a\n\nb\n\nc", 3},
	} {
		if got := contentLines([]byte(tt.in)); got != tt.want {
			t.Errorf("contentLines(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// A site named twice in a new user's SiteAdmin, in two cases, is kept
// once, as the catalog spells it (ASG-13).
func TestSiteAdminOnceEach(t *testing.T) {
	o := New("o", license.MustDefault("a.webex.com"))
	mustDoInternal(t, o, AddUsers{Users: []NewUser{{Email: "x@x.com", SiteAdmin: []string{"A.WEBEX.COM", "a.webex.com", "A.webex.com"}}}})
	if got := o.users.attrsOf(o.users.at(0), nil).sites(); !slices.Equal(got, []string{"a.webex.com"}) {
		t.Errorf("site admin of %q, want a.webex.com once", got)
	}
}
