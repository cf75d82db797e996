package assignment

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/wxlicense/wxlicense/internal/spreadsheet"
	"github.com/wxlicense/wxlicense/license"
)

// ErrCSV is wrapped by every [CSVError].
var ErrCSV = errors.New("assignment: bad users CSV")

// CSVError is a malformed users CSV: the line and column, and why.
type CSVError struct {
	Line, Column int
	Reason       string
}

// Error returns the message, naming the input.
func (e *CSVError) Error() string {
	return fmt.Sprintf("%v: line %d, column %d: %s", ErrCSV, e.Line, e.Column, e.Reason)
}

// Unwrap returns ErrCSV.
func (e *CSVError) Unwrap() error { return ErrCSV }

// CSVColumn is a license column of the users CSV: "Advanced Messaging", or
// "Advanced Messaging [sub-1]" for one subscription of a kind (CAL-6).
type CSVColumn struct {
	Kind         license.Kind
	Subscription string
}

// CSVCell is one set license cell of a row: TRUE or FALSE.
type CSVCell struct {
	Column CSVColumn
	Value  bool
}

// CSVRow is one data row: the user and each license cell that is set, in
// column order (empty cells are absent).
type CSVRow struct {
	Line  int
	Email string
	Cells []CSVCell
	Err   error // a malformed cell: the row is rejected (ASG-20)
}

// CSVFile is a parsed users CSV.
type CSVFile struct {
	Columns []CSVColumn
	Rows    []CSVRow
}

const emailColumn = "email"

// ParseCSV parses a users CSV: a header "email,<license column>...", then
// one row per user with TRUE, FALSE or nothing in each license column
// (ASG-20). A bad header fails the whole file; a bad cell fails its row.
// A UTF-8 byte order mark at the start is skipped, and cells that
// [Org.ExportCSV] quoted against formula injection are read back as they
// were.
func ParseCSV(cat *license.Catalog, data []byte) (*CSVFile, error) {
	if cat == nil {
		return nil, bad("catalog", "nil", ErrNil)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, spreadsheet.BOM)))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true // rows keep the cells' strings, not the record
	header, err := r.Read()
	if err != nil {
		return nil, &CSVError{1, 1, "no header: " + errText(err)}
	}
	spreadsheet.UnescapeRecord(header)
	if len(header) == 0 || !strings.EqualFold(strings.TrimSpace(header[0]), emailColumn) {
		return nil, &CSVError{1, 1, `first column must be "email"`}
	}
	f := &CSVFile{}
	seen := map[CSVColumn]bool{}
	for i, h := range header[1:] {
		col, ok := parseColumn(cat, h)
		if !ok {
			return nil, &CSVError{1, i + 2, fmt.Sprintf("unknown license column %q", h)}
		}
		if seen[col] {
			return nil, &CSVError{1, i + 2, fmt.Sprintf("duplicate column %q", h)}
		}
		seen[col] = true
		f.Columns = append(f.Columns, col)
	}
	var cells []CSVCell // backs the rows' cells: a few allocations per file, not per row
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return f, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &CSVError{pe.Line, pe.Column, pe.Err.Error()}
			}
			return nil, &CSVError{0, 0, err.Error()}
		}
		line, _ := r.FieldPos(0)
		spreadsheet.UnescapeRecord(rec)
		var row CSVRow
		row, cells = parseRow(f.Columns, rec, line, cells)
		f.Rows = append(f.Rows, row)
	}
}

func errText(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func parseColumn(cat *license.Catalog, h string) (CSVColumn, bool) {
	h = strings.TrimSpace(h)
	var sub string
	if strings.HasSuffix(h, "]") {
		if i := strings.LastIndex(h, " ["); i > 0 {
			h, sub = h[:i], h[i+2:len(h)-1]
			if sub == "" {
				return CSVColumn{}, false
			}
		}
	}
	k, ok := cat.Lookup(h)
	return CSVColumn{k, sub}, ok
}

// parseRow parses one data row. Its cells are appended to buf, which it
// returns, and the row's Cells are that part of buf, capacity-clipped.
func parseRow(cols []CSVColumn, rec []string, line int, buf []CSVCell) (CSVRow, []CSVCell) {
	row := CSVRow{Line: line, Email: strings.TrimSpace(rec[0])}
	if len(rec)-1 > len(cols) {
		row.Err = &CSVError{line, len(cols) + 2, "more cells than columns"}
		return row, buf
	}
	start := len(buf)
	for i, v := range rec[1:] {
		switch t := strings.TrimSpace(v); {
		case t == "":
		case strings.EqualFold(t, "TRUE"):
			buf = append(buf, CSVCell{cols[i], true})
		case strings.EqualFold(t, "FALSE"):
			buf = append(buf, CSVCell{cols[i], false})
		default:
			row.Err = &CSVError{line, i + 2, fmt.Sprintf("%q is not TRUE or FALSE", v)}
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

// ExportCSV writes the users CSV of the org: one column per kind, and per
// kind and subscription for kinds that several subscriptions provide
// (CAL-6); one row per user in user order. A cell a spreadsheet would run
// as a formula (it starts with =, +, -, @, a tab or a carriage return) is
// prefixed with a single quote, as OWASP recommends against CSV
// injection; [ParseCSV] removes it.
func (o *Org) ExportCSV() []byte {
	subsOf := map[license.Kind][]string{} // in subscription order
	for _, u := range o.Usage() {
		subsOf[u.Kind] = append(subsOf[u.Kind], u.Subscription)
	}
	var cols []CSVColumn
	for k := range o.cat.All().All() {
		if o.cat.Info(k).Implied {
			continue
		}
		subs := subsOf[k]
		if len(subs) < 2 {
			cols = append(cols, CSVColumn{Kind: k})
			continue
		}
		for _, s := range subs {
			cols = append(cols, CSVColumn{k, s})
		}
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	rec := []string{emailColumn}
	for _, c := range cols {
		rec = append(rec, c.Header(o.cat))
	}
	w.Write(spreadsheet.EscapeRecord(rec))
	for i := range o.users {
		u := &o.users[i]
		if u.flags&flagDeleted != 0 {
			continue
		}
		rec = append(rec[:0], u.email)
		for _, c := range cols {
			has := u.held.Has(c.Kind)
			if c.Subscription != "" {
				s := o.subOf(UserID(i), u, c.Kind)
				has = has && o.ledger.Name(s) == c.Subscription
			}
			rec = append(rec, strings.ToUpper(fmt.Sprint(has)))
		}
		w.Write(spreadsheet.EscapeRecord(rec))
	}
	w.Flush()
	return b.Bytes()
}

// Header renders the column's header: the kind's name, and the
// subscription in brackets when the column names one.
// With a nil catalog the kind is written as Kind.String does.
func (c CSVColumn) Header(cat *license.Catalog) string {
	name := c.Kind.String()
	if cat != nil {
		name = cat.Name(c.Kind)
	}
	if c.Subscription != "" {
		return name + " [" + c.Subscription + "]"
	}
	return name
}

// ImportCSV imports a users CSV with "add and remove services" (ASG-20):
// each row is validated on its own as a raw set request and applied in file
// order, seeing the units earlier rows left; a row with errors is reported
// in Plan.RowErrors and not applied, and so is any later row for the same
// e-mail. A row removing Webex Calling needs Ack (CAL-9), else it is a row
// error. A malformed header rejects the import.
//
// For each license kind, a TRUE cell asks for it (from the subscription its
// column names, if any; two named subscriptions are a 400413 row error), and
// without a TRUE cell a FALSE cell in its plain column, or in the column of
// the subscription the user holds it on, removes it. Empty cells change
// nothing.
//
// With CreateUsers, a row for an e-mail the org does not know creates that
// user with exactly the row's TRUE licenses plus what they imply (ASG-9):
// no template applies at creation, and the welcome e-mail is sent (LIC-12).
// Without it such a row is an ErrUnknownUser row error.
type ImportCSV struct {
	Data        []byte
	Ack         bool
	CreateUsers bool
}

// String describes the action, as Plan.Action shows it.
func (a ImportCSV) String() string { return "import users CSV" }

func (a ImportCSV) plan(o *Org) (*Plan, error) {
	f, err := ParseCSV(o.cat, a.Data)
	if err != nil {
		return nil, err
	}
	p := &Plan{}
	app := o.newApplication(p, exact, BecauseCSV, NoTemplate)
	seen := make(map[string]bool, len(f.Rows))
	for i, row := range f.Rows {
		email, err := ParseEmail(row.Email)
		if row.Err != nil {
			err = row.Err
		}
		if err == nil && seen[email] {
			err = bad("e-mail", row.Email, ErrDuplicateEmail)
		}
		seen[email] = true
		if err == nil {
			err = o.csvRow(app, row, email, a.Ack, a.CreateUsers)
		}
		if err != nil {
			p.RowErrors = append(p.RowErrors, RowError{Row: i + 1, Email: row.Email, Err: err})
		}
	}
	app.restore()
	p.destroy = app.destroyed() // each row acknowledged on its own (CAL-9)
	p.st.newUsers = app.newUsers
	for i := range app.newUsers {
		p.Edits = append(p.Edits, o.addUserEdit(UserID(len(o.users)+i), &app.newUsers[i]))
	}
	return p, nil
}

// csvRow plans one row, whose e-mail ParseEmail gave as email: for a known
// user a raw set request, for an unknown one (with create) the user's
// creation with the row's licenses (ASG-9).
func (o *Org) csvRow(app *application, row CSVRow, email string, ack, create bool) error {
	id, known := o.byEmail.get(o.users, email)
	var u *user
	if known {
		u = &o.users[id]
	} else {
		if !create {
			return bad("user", row.Email, ErrUnknownUser)
		}
		nu, err := o.newUser(NewUser{Email: row.Email, Explicit: true}, map[string]bool{})
		if err != nil {
			return err
		}
		id = UserID(len(o.users) + len(app.newUsers))
		app.newUsers = append(app.newUsers, nu)
		u = &app.newUsers[len(app.newUsers)-1]
	}
	result, pins, vs, err := o.rowRequest(app, id, u, row)
	reason := BecauseCSV
	if !known {
		reason = BecauseExplicit
	}
	mark, noMark := len(app.p.Changes), len(app.noAck)
	if err == nil {
		err = app.request(id, u, result, pins, Placement{}, true, reason, vs...)
	}
	if err == nil && len(app.noAck) > noMark && !ack {
		app.undo(mark, noMark)
		err = &AckError{Users: []string{u.email}}
	}
	switch {
	case err != nil && !known:
		app.newUsers = app.newUsers[:len(app.newUsers)-1]
	case !known && !o.settings.SuppressEmails:
		app.change(id, license.NoKind, Welcome, license.NoSub, BecauseAdded)
	}
	return err
}

// rowRequest turns a row's cells into the requested set, the subscriptions
// it names, and its own violations (400413: one kind from two
// subscriptions).
func (o *Org) rowRequest(app *application, id UserID, u *user, row CSVRow) (license.Set, []pin, []license.Violation, error) {
	result := u.held
	var pins []pin
	var vs []license.Violation
	for k := range o.cat.All().All() {
		var named []license.SubID
		asked, drop := false, false
		held := app.sub(id, u, k)
		for _, c := range row.Cells {
			if c.Column.Kind != k {
				continue
			}
			s := license.NoSub
			if c.Column.Subscription != "" {
				var ok bool
				if s, ok = o.ledger.Lookup(c.Column.Subscription); !ok {
					return result, nil, nil, bad("subscription", c.Column.Subscription, ErrUnknownSubscription)
				}
			}
			switch {
			case c.Value && s != license.NoSub:
				asked, named = true, append(named, s)
			case c.Value:
				asked = true
			case s == license.NoSub || s == held:
				drop = true
			}
		}
		switch {
		case len(named) > 1:
			vs = append(vs, license.Violation{Code: license.CodeExclusiveFamily, Kinds: []license.Kind{k}, Text: o.cat.Name(k) + " from two subscriptions"})
		case asked:
			result = result.Add(k)
			if len(named) == 1 {
				pins = append(pins, pin{k, named[0]})
			}
		case drop:
			result = result.Remove(k)
		}
	}
	return result, pins, vs, nil
}
