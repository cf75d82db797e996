package assignment_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// ExportCSV quotes every cell a spreadsheet would run as a formula (OWASP
// CSV injection), and ImportCSV reads them back as they were (ASG-20).
func TestCSVFormulaCellsRoundTrip(t *testing.T) {
	emails := []string{"=cmd@x.com", "+1@x.com", "-2@x.com", "'=3@x.com", "'quote@x.com", "plain@x.com"}
	src := newOrg(t, emails...)
	data := src.ExportCSV()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, rec := range recs {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("exported cell %q starts a formula", cell)
			}
		}
		got = append(got, rec[3])
	}
	want := []string{assignment.CSVUserColumn, "'=cmd@x.com", "'+1@x.com", "'-2@x.com", "''=3@x.com", "'quote@x.com", "plain@x.com"}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("e-mail column (-want +got):\n%s", d)
	}
	dst := newOrg(t)
	p := mustDo(t, dst, assignment.ImportCSV{Data: data, CreateUsers: true})
	if len(p.RowErrors) > 0 {
		t.Fatalf("row errors: %v", p.RowErrors)
	}
	for i, e := range emails {
		info, err := dst.User(assignment.UserID(i))
		if err != nil || info.Email != e {
			t.Errorf("user %d: %q, %v; want %q", i, info.Email, err, e)
		}
		if a, b := held(t, src, e), held(t, dst, e); a != b {
			t.Errorf("%s: exported %s, imported %s", e, a, b)
		}
	}
	if d := cmp.Diff(data, dst.ExportCSV()); d != "" {
		t.Errorf("export → import → export differs (-first +second):\n%s", d)
	}
}

// A users CSV saved by a spreadsheet starts with a UTF-8 byte order mark:
// it is skipped (ASG-20).
func TestCSVByteOrderMark(t *testing.T) {
	cat := license.MustDefault()
	for _, data := range []string{
		"\ufeffUser ID/Email (Required),Advanced Messaging\nann@x.com,TRUE\n",
		"\ufeffuser id/email (required)\r\nann@x.com\r\n",
	} {
		f, err := assignment.ParseCSV(cat, []byte(data))
		if err != nil {
			t.Errorf("%q: %v", data, err)
			continue
		}
		if len(f.Rows) != 1 || f.Rows[0].Email != "ann@x.com" {
			t.Errorf("%q: rows %+v", data, f.Rows)
		}
	}
	// only at the start: elsewhere it is an invisible character
	o := newOrg(t)
	p := mustDo(t, o, assignment.ImportCSV{Data: []byte("User ID/Email (Required)\n\ufeffann@x.com\n"), CreateUsers: true})
	if len(p.RowErrors) != 1 || !errors.Is(p.RowErrors[0], assignment.ErrInvalidEmail) {
		t.Fatalf("row errors %v, want an invalid e-mail", p.RowErrors)
	}
	if got := p.RowErrors[0].Error(); !strings.HasPrefix(got, `row 1 ("\ufeffann@x.com"), line 2, column 1: `) {
		t.Errorf("row error %q does not show the invisible character", got)
	}
}

// A file of blank lines allocates about its own size, not a row and a
// cell for every line; the rows between blank lines still parse.
func TestParseCSVBlankLinesAllocateLittle(t *testing.T) {
	blank := bytes.Repeat([]byte("\r\n , ,\n\"\",\v\u00a0\n"), 1<<16) // 1 MiB of separators, quotes and spaces
	data := slices.Concat([]byte("User ID/Email (Required)\n"), blank, []byte("ann@x.com\n"), blank)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f, err := assignment.ParseCSV(license.MustDefault(), data)
	runtime.ReadMemStats(&after)
	if err != nil || len(f.Rows) != 1 || f.Rows[0].Email != "ann@x.com" {
		t.Fatalf("ParseCSV: %v, %+v", err, f)
	}
	// Sized by its lines, the parse allocated about 27 MiB; now well under
	// 1 MiB, and a few MiB under the race detector.
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
		t.Errorf("parsing 2 MiB of blank lines allocated %d bytes", grew)
	}
}
