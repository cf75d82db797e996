package assignment

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/wxlicense/wxlicense/license"
)

// ErrCSV is wrapped by every [CSVError].
var ErrCSV = errors.New("assignment: bad users CSV")

// CSVError is a malformed users CSV: the line and column, and why.
type CSVError struct {
	Line, Column int
	Reason       string
}

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

// CSVRow is one data row: the user and each license cell that is set.
type CSVRow struct {
	Line  int
	Email string
	Cells map[CSVColumn]bool // TRUE or FALSE; empty cells are absent
	Err   error              // a malformed cell: the row is rejected (ASG-20)
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
func ParseCSV(cat *license.Catalog, data []byte) (*CSVFile, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, &CSVError{1, 1, "no header: " + errText(err)}
	}
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
		f.Rows = append(f.Rows, parseRow(f.Columns, rec, line))
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

func parseRow(cols []CSVColumn, rec []string, line int) CSVRow {
	row := CSVRow{Line: line, Email: strings.TrimSpace(rec[0]), Cells: map[CSVColumn]bool{}}
	if len(rec)-1 > len(cols) {
		row.Err = &CSVError{line, len(cols) + 2, "more cells than columns"}
		return row
	}
	for i, v := range rec[1:] {
		switch strings.ToUpper(strings.TrimSpace(v)) {
		case "":
		case "TRUE":
			row.Cells[cols[i]] = true
		case "FALSE":
			row.Cells[cols[i]] = false
		default:
			row.Err = &CSVError{line, i + 2, fmt.Sprintf("%q is not TRUE or FALSE", v)}
			return row
		}
	}
	return row
}

// ExportCSV writes the users CSV of the org: one column per kind, and per
// kind and subscription for kinds that several subscriptions provide
// (CAL-6); one row per user in user order.
func (o *Org) ExportCSV() []byte {
	var cols []CSVColumn
	for k := range o.cat.All().All() {
		if o.cat.Info(k).Implied {
			continue
		}
		var subs []string
		for _, u := range o.Usage() {
			if u.Kind == k {
				subs = append(subs, u.Subscription)
			}
		}
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
		rec = append(rec, c.String(o.cat))
	}
	w.Write(rec)
	for i := range o.users {
		u := &o.users[i]
		rec = append(rec[:0], u.email)
		for _, c := range cols {
			has := u.held.Has(c.Kind)
			if c.Subscription != "" {
				s := o.subOf(UserID(i), u, c.Kind)
				has = has && o.ledger.Name(s) == c.Subscription
			}
			rec = append(rec, strings.ToUpper(fmt.Sprint(has)))
		}
		w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}

// String renders the column's header.
func (c CSVColumn) String(cat *license.Catalog) string {
	if c.Subscription != "" {
		return cat.Name(c.Kind) + " [" + c.Subscription + "]"
	}
	return cat.Name(c.Kind)
}

// ImportCSV imports a users CSV with "add and remove services" (ASG-20):
// each row is validated on its own as a raw set request and applied in file
// order, seeing the units earlier rows left; a row with errors is reported
// in Plan.RowErrors and not applied. A row removing Webex Calling needs Ack
// (CAL-9), else it is a row error. A malformed header rejects the import.
//
// With AddUsers, a row for an e-mail the org does not know creates that user
// with exactly the row's TRUE licenses plus what they imply (ASG-9): no
// template applies at creation, and the welcome e-mail is sent (LIC-12).
type ImportCSV struct {
	Data     []byte
	Ack      bool
	AddUsers bool
}

func (a ImportCSV) String() string { return "import users CSV" }

func (a ImportCSV) plan(o *Org) (*Plan, error) {
	f, err := ParseCSV(o.cat, a.Data)
	if err != nil {
		return nil, err
	}
	p := &Plan{}
	app := o.newApplication(p, exact, BecauseCSV, NoTemplate)
	seen := map[string]bool{}
	for i, row := range f.Rows {
		var err error
		_, known := o.LookupUser(row.Email)
		switch e := normEmail(row.Email); {
		case seen[e]:
			err = bad("e-mail", row.Email, ErrDuplicateEmail)
		case !known && a.AddUsers && row.Err == nil:
			err = o.csvNewUser(app, row, seen)
		default:
			err = o.csvRow(app, row, a.Ack)
		}
		if err != nil {
			p.RowErrors = append(p.RowErrors, RowError{Row: i + 1, Email: row.Email, Err: err})
			continue
		}
		seen[normEmail(row.Email)] = true
	}
	app.restore()
	if len(app.newUsers) > 0 {
		base, newUsers := UserID(len(o.users)), app.newUsers
		p.commit = func(o *Org) {
			o.users = append(o.users, newUsers...)
			for i := range newUsers {
				o.byEmail[newUsers[i].email] = base + UserID(i)
			}
		}
	}
	return p, nil
}

// csvNewUser plans the creation of a user from a CSV row (ASG-9).
func (o *Org) csvNewUser(app *application, row CSVRow, seen map[string]bool) error {
	u, err := o.newUser(NewUser{Email: row.Email, Explicit: true}, seen)
	if err != nil {
		return err
	}
	var kinds license.Set
	var pins []pin
	for k := range o.cat.All().All() {
		for col, v := range row.Cells {
			if col.Kind != k || !v {
				continue
			}
			kinds = kinds.Add(k)
			if s, ok := o.ledger.Lookup(col.Subscription); ok {
				pins = append(pins, pin{k, s})
			}
		}
	}
	id := UserID(len(o.users) + len(app.newUsers))
	app.newUsers = append(app.newUsers, u)
	app.p.names = append(app.p.names, u.email)
	if err := app.request(id, &app.newUsers[len(app.newUsers)-1], kinds, pins, true, BecauseExplicit); err != nil {
		app.newUsers = app.newUsers[:len(app.newUsers)-1]
		app.p.names = app.p.names[:len(app.p.names)-1]
		return err
	}
	if !o.settings.SuppressEmails {
		app.change(id, license.NoKind, Welcome, license.NoSub, BecauseAdded)
	}
	return nil
}

func (o *Org) csvRow(app *application, row CSVRow, ack bool) error {
	if row.Err != nil {
		return row.Err
	}
	id, err := o.user(row.Email)
	if err != nil {
		return err
	}
	u := &o.users[id]
	result := u.held
	var pins []pin
	var vs []license.Violation
	for k := range o.cat.All().All() {
		var named []license.SubID
		set, want := false, false
		for col, v := range row.Cells {
			if col.Kind != k {
				continue
			}
			set, want = true, want || v
			if v && col.Subscription != "" {
				s, ok := o.ledger.Lookup(col.Subscription)
				if !ok {
					return bad("subscription", col.Subscription, ErrUnknownSubscription)
				}
				named = append(named, s)
			}
		}
		switch {
		case !set:
		case !want:
			result = result.Remove(k)
		case len(named) > 1: // one kind from two subscriptions (LIC-9, CAL-11)
			vs = append(vs, license.Violation{Code: license.CodeExclusiveFamily, Kinds: []license.Kind{k}, Text: o.cat.Name(k) + " from two subscriptions"})
		default:
			result = result.Add(k)
			if len(named) == 1 {
				pins = append(pins, pin{k, named[0]})
			}
		}
	}
	if len(vs) > 0 {
		return &UserError{User: u.email, Err: &license.SetError{Violations: vs}}
	}
	mark, noMark := len(app.p.Changes), len(app.noAck)
	if err := app.request(id, u, result, pins, true, BecauseCSV); err != nil {
		return err
	}
	if len(app.noAck) > noMark && !ack {
		app.undo(mark, noMark)
		return &AckError{Users: []string{u.email}}
	}
	return nil
}
