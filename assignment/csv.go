package assignment

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/wxlicense/wxlicense/internal/spreadsheet"
	"github.com/wxlicense/wxlicense/license"
)

// The users CSV is the file Control Hub exports and imports ("Manage users
// by CSV"): the profile columns of [CSVProfileColumns], then one TRUE/FALSE
// column per license. The package doc says how each column maps to the
// model.

// Sentinels of the users CSV.
var (
	// ErrCSV is wrapped by every [CSVError].
	ErrCSV = errors.New("assignment: bad users CSV")
	// ErrNotUsersCSV rejects a file that is not a users CSV: no header, or
	// no "User ID/Email (Required)" column, or a column given twice.
	ErrNotUsersCSV = errors.New("assignment: not a Control Hub users CSV")
	// ErrUnknownColumn rejects a row with TRUE or FALSE in a column that
	// is neither a Control Hub profile column nor a license of the
	// catalog: a service the catalog does not know (API code 400000).
	// Other values there are profile data, carried as they are.
	ErrUnknownColumn = errors.New("assignment: unknown column")
	// ErrBadNumber rejects a phone number that is not E.164: a plus, then 2
	// to 15 digits, the first not 0 (CAL-3 (a)).
	ErrBadNumber = errors.New("assignment: phone number not in E.164 format")
	// ErrNumberOwned rejects a phone number another user or a service owns
	// (CAL-12).
	ErrNumberOwned = errors.New("assignment: phone number owned by another user or service")
	// ErrSuspendedService rejects a row with TRUE in the column of a
	// suspended service, which Control Hub marks "(Suspended)" and will
	// not assign.
	ErrSuspendedService = errors.New("assignment: service suspended")
)

// CSVError is a malformed users CSV, or a malformed cell of one row: the
// line and column (1-based; column 0 is the whole line), and why. It
// wraps ErrCSV and, when set, Err.
type CSVError struct {
	Line, Column int
	Reason       string
	Err          error // ErrNotUsersCSV, ErrUnknownColumn, ErrSuspendedService, or nil
}

// Error returns the message, naming the input.
func (e *CSVError) Error() string {
	return fmt.Sprintf("%v: line %d, column %d: %s", ErrCSV, e.Line, e.Column, e.Reason)
}

// Code returns the API code: 400000, an unknown license, for
// ErrUnknownColumn; else 0.
func (e *CSVError) Code() license.Code {
	if e.Err == ErrUnknownColumn {
		return license.CodeUnknownLicense
	}
	return 0
}

// Unwrap returns ErrCSV and Err.
func (e *CSVError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrCSV}
	}
	return []error{ErrCSV, e.Err}
}

// NumberError is a phone number a CSV row may not set as a work number
// (CAL-3 (a), CAL-12). Its API code is 400, as the API's for a bad number.
type NumberError struct {
	Number string
	Owner  string // who owns it, for ErrNumberOwned
	Err    error  // ErrBadNumber or ErrNumberOwned
}

// Error returns the message, naming the number and its owner.
func (e *NumberError) Error() string {
	if e.Owner != "" {
		return fmt.Sprintf("%v: %q (owned by %s)", e.Err, e.Number, e.Owner)
	}
	return fmt.Sprintf("%v: %q", e.Err, e.Number)
}

// Unwrap returns the sentinel.
func (e *NumberError) Unwrap() error { return e.Err }

// Code returns the API code, 400.
func (e *NumberError) Code() license.Code { return license.CodeUnknownLocation }

// CSVUserColumn is the header of the one required column of the users CSV.
const CSVUserColumn = "User ID/Email (Required)"

// The profile columns the engine reads; every other profile column is
// carried as it is.
const (
	csvStatus    = "User Status"
	csvExtension = "Extension"
	csvPhone     = "Phone Number"
	csvLocation  = "Location"
)

// profileColumns are the profile columns of Control Hub's users CSV in the
// order it writes them, from Cisco's "Control Hub user management CSV file
// reference" (help.webex.com, article afv3q8, table "Control Hub CSV File
// Fields").
var profileColumns = [...]string{
	"First Name", "Last Name", "Display Name", CSVUserColumn, csvStatus,
	"Last Service Accessed Time", "Days since Last Service Accessed", csvExtension,
	"Title", "Department", "Manager", csvPhone, "Caller ID Number",
	"Caller ID First Name", "Caller ID Last Name", csvLocation,
	"Preferred Language", "Time zone", "Address type", "Address country",
}

// CSVProfileColumns returns the profile columns of the users CSV, in the
// order [Org.ExportCSV] writes them, before the license columns.
func CSVProfileColumns() []string { return slices.Clone(profileColumns[:]) }

// csvKindNames are the license columns whose Control Hub name is not the
// catalog's, by license-ID code (SPEC LIC-1, CAL-6).
var csvKindNames = map[string]string{"BCSTD": "Webex Calling VAR Professional"}

// role is what a column means to the engine.
type role uint8

const (
	roleOther   role = iota // a profile column carried as it is
	roleUnknown             // not a users-CSV column
	roleLicense
	roleUser
	roleStatus
	roleExtension
	rolePhone
	roleLocation
)

var profileRoles = map[string]role{
	strings.ToLower(CSVUserColumn): roleUser, strings.ToLower(csvStatus): roleStatus,
	strings.ToLower(csvExtension): roleExtension, strings.ToLower(csvPhone): rolePhone,
	strings.ToLower(csvLocation): roleLocation,
}

// CSVColumn is a column of the users CSV. A license column has a Kind, and
// for one subscription's units its Subscription: its header is "Advanced
// Messaging", or "Webex Calling VAR Professional [sub-1]" (CAL-6). Any
// other column has no Kind and a Name, its header as the file spells it
// (trimmed): a profile column of [CSVProfileColumns], or an unknown column.
type CSVColumn struct {
	Name         string
	Kind         license.Kind
	Subscription string
	// Suspended marks the column of a suspended service: Control Hub
	// writes "(Suspended)" after its name and refuses TRUE in it.
	Suspended bool
}

// role returns what the column means to an export: a license, a profile
// column the engine reads, or one it carries.
func (c CSVColumn) role() role {
	if c.IsLicense() {
		return roleLicense
	}
	return profileRoles[strings.ToLower(c.Name)]
}

// IsLicense reports whether c is a license column.
func (c CSVColumn) IsLicense() bool { return c.Kind != license.NoKind }

// Header renders the column's header: a license column as Control Hub
// names its kind (the catalog's name, or e.g. "Webex Calling VAR
// Professional"), with the subscription in brackets when it names one;
// any other column as its Name. With a nil catalog the kind is written as
// Kind.String does.
func (c CSVColumn) Header(cat *license.Catalog) string {
	if !c.IsLicense() {
		return c.Name
	}
	name := c.Kind.String()
	if cat != nil {
		name = csvKindName(cat, c.Kind)
	}
	if c.Subscription != "" {
		name += " [" + c.Subscription + "]"
	}
	if c.Suspended {
		name += suspendedMark
	}
	return name
}

// suspendedMark follows the name of a suspended service's column.
const suspendedMark = " (Suspended)"

func csvKindName(cat *license.Catalog, k license.Kind) string {
	if cat.Valid(k) {
		if info := cat.Info(k); info.Site == "" && csvKindNames[info.Code] != "" {
			return csvKindNames[info.Code]
		}
	}
	return cat.Name(k)
}

// CSVCell is one set license cell of a row: TRUE or FALSE.
type CSVCell struct {
	Column CSVColumn
	Value  bool
}

// CSVRow is one data row: its line, the user, each license cell that is
// set, in column order (empty cells are absent), and every cell as the
// file has it, one per column, for writing the row back.
type CSVRow struct {
	Line  int
	Email string
	Cells []CSVCell
	Raw   []string
	Err   error // a malformed cell (*CSVError): the row is rejected (ASG-20)
}

// CSVFile is a parsed users CSV.
type CSVFile struct {
	Columns []CSVColumn
	Rows    []CSVRow
	roles   []role                // each column's
	header  []string              // each column's header, as given
	byRole  [roleLocation + 1]int // the column of each engine role, -1 if none
}

// Column returns the index of the column with the given header (a
// profile column's, or a license column's as [CSVColumn.Header] renders
// it), case-insensitively.
func (f *CSVFile) Column(cat *license.Catalog, header string) (int, bool) {
	if f == nil {
		return 0, false
	}
	for i, c := range f.Columns {
		if strings.EqualFold(c.Header(cat), strings.TrimSpace(header)) {
			return i, true
		}
	}
	return 0, false
}

// cell returns a row's trimmed cell of the column with role r, "" when
// the file has no such column or the row no such cell.
func (f *CSVFile) cell(row *CSVRow, r role) string {
	if i := f.byRole[r]; i >= 0 && i < len(row.Raw) {
		return strings.TrimSpace(row.Raw[i])
	}
	return ""
}

// ParseCSV parses a Control Hub users CSV (ASG-20): a header naming its
// columns in any order — a "User ID/Email (Required)" column, any profile
// columns of [CSVProfileColumns], license columns — then one row per user.
// A license cell is TRUE, FALSE or empty (case and spaces ignored).
//
// A header without the user column, or naming a column twice, fails the
// whole file with an ErrNotUsersCSV [*CSVError]; so does CSV that does not
// parse. A bad cell fails its row: a license cell that is not TRUE, FALSE
// or empty, TRUE or FALSE in a column that is neither a profile column nor
// a license of the catalog (ErrUnknownColumn), more cells than columns.
// Other values in such a column are carried as profile data. A row of blank cells is
// skipped. A UTF-8 byte order mark is skipped, lines may end in CRLF,
// quoted cells may hold commas and newlines, and cells that
// [Org.ExportCSV] quoted against formula injection are read back as they
// were.
func ParseCSV(cat *license.Catalog, data []byte) (*CSVFile, error) {
	if cat == nil {
		return nil, bad("catalog", "nil", ErrNil)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, spreadsheet.BOM)))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, &CSVError{1, 0, "no header: " + errText(err), ErrNotUsersCSV}
	}
	spreadsheet.UnescapeRecord(header)
	f, err := parseHeader(cat, header)
	if err != nil {
		return nil, err
	}
	// The rows' cells and Raw are carved from one buffer each, sized by
	// the count of lines that can hold a row (at most one cell per byte,
	// one per license column): a few allocations per file, not per row,
	// and none for blank lines.
	r.ReuseRecord = true
	lines := contentLines(data)
	cells := make([]CSVCell, 0, min(lines*licenseColumns(f), len(data)))
	raws := make([]string, 0, min(lines*len(f.Columns), len(data)))
	f.Rows = make([]CSVRow, 0, lines)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return f, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &CSVError{pe.Line, pe.Column, pe.Err.Error(), ErrNotUsersCSV}
			}
			return nil, &CSVError{0, 0, err.Error(), ErrNotUsersCSV}
		}
		if blankRecord(rec) {
			continue
		}
		line, _ := r.FieldPos(0)
		spreadsheet.UnescapeRecord(rec)
		start := len(raws)
		raws = append(raws, rec...)
		var row CSVRow
		row, cells = f.parseRow(raws[start:len(raws):len(raws)], line, cells)
		f.Rows = append(f.Rows, row)
	}
}

// licenseColumns counts the columns of f whose cells may be license
// cells (parseRow).
func licenseColumns(f *CSVFile) int {
	n := 0
	for _, r := range f.roles {
		if r == roleLicense {
			n++
		}
	}
	return n
}

// contentLines counts the lines of data holding something other than
// separators, quotes and white space: at least one for each row that is
// not blank (a row spans one line or more, with quoted newlines), and
// rarely more.
func contentLines(data []byte) int {
	n := 0
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if bytes.IndexFunc(line, isContent) >= 0 { // a row's line mostly stops at its first byte
			n++
		}
	}
	return n
}

func isContent(r rune) bool { return r != ',' && r != '"' && !unicode.IsSpace(r) }

func blankRecord(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func errText(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func parseHeader(cat *license.Catalog, header []string) (*CSVFile, error) {
	f := &CSVFile{Columns: make([]CSVColumn, 0, len(header))}
	for i := range f.byRole {
		f.byRole[i] = -1
	}
	seen := make(map[string]bool, len(header))
	for i, h := range header {
		col, r := parseColumn(cat, h)
		key := strings.ToLower(col.Name)
		if col.IsLicense() {
			key = fmt.Sprint(col.Kind, "\x00", col.Subscription)
		}
		if r != roleUnknown && seen[key] {
			return nil, &CSVError{1, i + 1, fmt.Sprintf("column %q given twice", h), ErrNotUsersCSV}
		}
		seen[key] = true
		if r > roleLicense {
			f.byRole[r] = i
		}
		f.Columns, f.roles = append(f.Columns, col), append(f.roles, r)
		f.header = append(f.header, strings.TrimSpace(h))
	}
	if f.byRole[roleUser] < 0 {
		return nil, &CSVError{1, 0, fmt.Sprintf("no %q column", CSVUserColumn), ErrNotUsersCSV}
	}
	return f, nil
}

// parseColumn classifies a header: a profile column, a license column
// (its kind by Control Hub's or the catalog's name, and an optional
// " [subscription]"), or an unknown column.
func parseColumn(cat *license.Catalog, h string) (CSVColumn, role) {
	h = strings.TrimSpace(h)
	col := CSVColumn{Name: h}
	for _, p := range profileColumns {
		if strings.EqualFold(h, p) {
			return col, col.role()
		}
	}
	name, sub := h, ""
	suspended := len(h) > len(suspendedMark) && strings.EqualFold(h[len(h)-len(suspendedMark):], suspendedMark)
	if suspended {
		h = strings.TrimSpace(h[:len(h)-len(suspendedMark)])
		name = h
	}
	if _, whole := lookupKind(cat, h); !whole && strings.HasSuffix(h, "]") {
		if i := kindPrefix(cat, h); i > 0 {
			name, sub = h[:i], h[i+2:len(h)-1]
			if strings.TrimSpace(sub) == "" {
				return col, roleUnknown
			}
		}
	}
	if k, ok := lookupKind(cat, name); ok {
		return CSVColumn{Kind: k, Subscription: sub, Suspended: suspended}, roleLicense
	}
	return col, roleUnknown
}

// kindPrefix returns where the last " [" of h that follows a kind's name
// is, so that a kind's name and a subscription ID may hold " [" themselves
// (the longest kind's name wins: "Beta [x] [S1]" is Beta [x] on S1 when
// both Beta and Beta [x] are kinds), or -1.
func kindPrefix(cat *license.Catalog, h string) int {
	for i := strings.LastIndex(h, " ["); i > 0; i = strings.LastIndex(h[:i], " [") {
		if _, ok := lookupKind(cat, h[:i]); ok {
			return i
		}
	}
	return -1
}

func lookupKind(cat *license.Catalog, name string) (license.Kind, bool) {
	for code, n := range csvKindNames {
		if strings.EqualFold(strings.TrimSpace(name), n) {
			return cat.ByCode(code, "")
		}
	}
	return cat.Lookup(name)
}

// parseRow parses one data row. Its cells are appended to buf, which it
// returns, and the row's Cells are that part of buf, capacity-clipped.
func (f *CSVFile) parseRow(rec []string, line int, buf []CSVCell) (CSVRow, []CSVCell) {
	row := CSVRow{Line: line, Raw: rec}
	row.Email = f.cell(&row, roleUser)
	if len(rec) > len(f.Columns) {
		row.Err = &CSVError{Line: line, Column: len(f.Columns) + 1, Reason: "more cells than columns"}
		return row, buf
	}
	start := len(buf)
	for i, v := range rec {
		col, r := f.Columns[i], f.roles[i]
		t := strings.TrimSpace(v)
		switch {
		case t == "" || r != roleLicense && r != roleUnknown:
		case r == roleUnknown && (strings.EqualFold(t, "TRUE") || strings.EqualFold(t, "FALSE")):
			row.Err = &CSVError{line, i + 1, fmt.Sprintf("%q in %q, a service the catalog does not know", v, f.header[i]), ErrUnknownColumn}
		case r == roleUnknown: // profile data the format does not list
		case strings.EqualFold(t, "TRUE") && col.Suspended:
			row.Err = &CSVError{line, i + 1, fmt.Sprintf("TRUE in %q, a suspended service", f.header[i]), ErrSuspendedService}
		case strings.EqualFold(t, "TRUE"):
			buf = append(buf, CSVCell{col, true})
		case strings.EqualFold(t, "FALSE"):
			buf = append(buf, CSVCell{col, false})
		default:
			row.Err = &CSVError{Line: line, Column: i + 1, Reason: fmt.Sprintf("%q in %q is not TRUE, FALSE or empty", v, f.header[i])}
		}
		if row.Err != nil {
			break // the row keeps the cells before the bad one
		}
	}
	if len(buf) > start {
		row.Cells = buf[start:len(buf):len(buf)]
	}
	return row, buf
}
