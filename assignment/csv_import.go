package assignment

import (
	"errors"
	"slices"
	"strings"

	"github.com/wxlicense/wxlicense/license"
)

// ImportCSV imports a users CSV with "add and remove services" (ASG-20):
// each row is validated on its own and applied in file order, seeing the
// units earlier rows left; a row with errors is reported in
// Plan.RowErrors, with its line, column and API code, and not applied, and
// so is any later row for the same e-mail. The good rows make one plan:
// [Org.Plan] of the action is the dry run, [Org.Do] applies it. A file
// that is not a users CSV ([ParseCSV]) rejects the import, nothing applied.
//
// Licenses: a row is a raw set request (LIC-5 (ii)). For each license
// kind, a TRUE cell asks for it (from the subscription its column names,
// if any; two named subscriptions are a 400413 row error, LIC-9), and
// without a TRUE cell a FALSE cell in its plain column, or in the column
// of the subscription the user holds it on, removes it: old subscription
// FALSE and new TRUE is a move, calling data kept (CAL-11). Empty cells
// change nothing. A row removing Webex Calling needs Ack (CAL-9), else it
// is a row error.
//
// Phone Number is the work number (CAL-7): a cell that differs from it
// sets it, if it is E.164 and no other user or service owns it, and not
// for a directory-synced user (CAL-8); an empty cell changes nothing, and
// "REMOVE|" before the user's number removes it, as in Control Hub. It
// provisions nobody by itself. A row that adds Webex Calling to a user
// without it is placed at its Location, Phone Number and Extension
// (CAL-1); Extension and Location are read only then. User Status and the
// profile columns the engine does not model are not read.
//
// With CreateUsers, a row for an e-mail the org does not know creates that
// user with exactly the row's TRUE licenses plus what they imply (ASG-9)
// and the row's work number: no template applies at creation, and the
// welcome e-mail is sent (LIC-12). Without it such a row is an
// ErrUnknownUser row error.
type ImportCSV struct {
	Data        []byte
	Ack         bool
	CreateUsers bool
}

// String describes the action, as Plan.Action shows it.
func (a ImportCSV) String() string { return "import users CSV" }

// csvImport is one import's state: the file, the plan, and the work
// numbers its rows set.
type csvImport struct {
	o     *Org
	f     *CSVFile
	app   *application
	a     ImportCSV
	works []workEdit
	batch newBatch // the users the import creates
}

func (a ImportCSV) plan(o *Org) (*Plan, error) {
	f, err := ParseCSV(o.cat, a.Data)
	if err != nil {
		return nil, err
	}
	p := &Plan{}
	im := &csvImport{o: o, f: f, app: o.newApplication(p, exact, BecauseCSV, NoTemplate), a: a}
	defer im.app.recycle() // the plan holds none of its memory
	im.app.batch = &im.batch
	seen := make(map[string]bool, len(f.Rows))
	for i := range f.Rows {
		row := &f.Rows[i]
		col := f.byRole[roleUser] + 1
		email, err := ParseEmail(row.Email)
		if row.Err != nil {
			err = row.Err
		}
		if err == nil && seen[email] {
			err = bad("e-mail", row.Email, ErrDuplicateEmail)
		}
		seen[email] = true
		if err == nil {
			col, err = im.row(row, email)
		}
		if err != nil {
			p.RowErrors = append(p.RowErrors, rowError(i+1, row, col, err))
		}
	}
	app := im.app
	app.restore()
	p.destroy = app.destroyed() // each row acknowledged on its own (CAL-9)
	p.st.work = im.works
	if len(app.newUsers) > 0 {
		p.st.created = &creation{users: app.newUsers, emails: app.newEmails, groups: im.batch.arena, attrs: im.batch.attrs, work: app.newWork}
	}
	p.Edits = o.appendUserEdits(p.Edits, UserID(o.users.len()), app.newUsers, im.batch.arena)
	return p, nil
}

// rowError makes a row's error a RowError, with the line and column of a
// *CSVError.
func rowError(n int, row *CSVRow, col int, err error) RowError {
	re := RowError{Row: n, Line: row.Line, Column: col, Email: row.Email, Err: err}
	var ce *CSVError
	if errors.As(err, &ce) {
		re.Line, re.Column = ce.Line, ce.Column
	}
	return re
}

// row plans one row, whose e-mail ParseEmail gave as email: for a known
// user a raw set request and the work number, for an unknown one (with
// CreateUsers) the user's creation with the row's licenses (ASG-9). On
// error it returns the 1-based column the error is about (0 for the
// row) and changes nothing.
func (im *csvImport) row(row *CSVRow, email string) (int, error) {
	o, app := im.o, im.app
	id, known := o.byEmail.get(&o.users, email)
	var u *user
	if known {
		u = o.users.at(id)
	} else {
		if !im.a.CreateUsers {
			return im.f.byRole[roleUser] + 1, bad("user", row.Email, ErrUnknownUser)
		}
		id, u = app.pushNew(email)
		if _, err := o.newUser(u, &NewUser{Email: row.Email, Explicit: true, Placement: im.newPlacement(row)}, func(string, uint64) bool { return false }, &im.batch); err != nil {
			app.popNew()
			return im.f.byRole[roleUser] + 1, err
		}
	}
	col, err := im.request(row, id, u, known)
	switch {
	case err != nil && !known:
		app.popNew()
	case !known && !o.settings.SuppressEmails:
		app.change(id, license.NoKind, Welcome, license.NoSub, BecauseAdded)
	}
	return col, err
}

// request validates and plans a row's work number and licenses.
func (im *csvImport) request(row *CSVRow, id UserID, u *user, known bool) (int, error) {
	o, app := im.o, im.app
	work, err := im.workNumber(row, id, u)
	if err != nil {
		return im.f.byRole[rolePhone] + 1, err
	}
	result, pins, vs, err := o.rowRequest(app, id, u, *row)
	if err != nil {
		return im.subscriptionColumn(err), err
	}
	var pl Placement
	if !result.Diff(u.held).Intersect(o.rules.placement).IsEmpty() {
		pl = im.placement(row)
		if err := pl.Validate(); err != nil {
			return im.f.byRole[roleLocation] + 1, err
		}
	}
	reason := BecauseCSV
	if !known {
		reason = BecauseExplicit
	}
	mark, noMark := len(app.p.Changes), len(app.noAck)
	if err := app.request(id, u, result, pins, pl, true, reason, vs...); err != nil {
		return im.licenseColumn(row, err), err
	}
	// CAL-9: a row that leaves no Webex Calling license needs the
	// acknowledgement; one that trades a calling license for another
	// (Standard FALSE, Professional TRUE) keeps the calling data.
	if len(app.noAck) > noMark && result.Intersect(o.rules.placement).IsEmpty() && !im.a.Ack {
		app.undo(mark, noMark)
		return im.licenseColumn(row, nil), &AckError{Users: []string{app.emailOf(id)}}
	}
	switch {
	case work == nil:
	case !known:
		app.newWork[len(app.newWork)-1] = work.number
	default:
		im.works = append(im.works, *work)
		app.p.Edits = append(app.p.Edits, Edit{Op: EditWorkNumber, User: id, Value: work.number, Old: o.WorkNumber(id)})
	}
	return 0, nil
}

// placement returns the placement a row gives (CAL-1): its Location,
// Phone Number and Extension.
func (im *csvImport) placement(row *CSVRow) Placement {
	return Placement{Location: im.f.cell(row, roleLocation), Number: im.f.cell(row, rolePhone), Extension: im.f.cell(row, roleExtension)}
}

// newPlacement returns the placement of a user a row creates with Webex
// Calling, recorded as given at creation (CAL-4); none without.
func (im *csvImport) newPlacement(row *CSVRow) Placement {
	for _, c := range row.Cells {
		if c.Value && im.o.rules.placement.Has(c.Column.Kind) {
			if pl := im.placement(row); pl.Validate() == nil {
				return pl
			}
		}
	}
	return Placement{}
}

// removePrefix before the user's number in Phone Number removes it, as in
// Control Hub.
const removePrefix = "REMOVE|"

// workNumber returns the work number a row sets, nil for none: the Phone
// Number cell when it differs from the user's (CAL-7, CAL-8), or "" for
// "REMOVE|" and the user's number.
func (im *csvImport) workNumber(row *CSVRow, id UserID, u *user) (*workEdit, error) {
	n, cur := im.f.cell(row, rolePhone), im.o.workOf(id, im.app)
	remove, clear := strings.CutPrefix(n, removePrefix)
	switch {
	case n == "" || n == cur || clear && cur == "":
		return nil, nil
	case u.flags&flagSynced != 0:
		return nil, bad("user", im.app.emailOf(id), ErrSyncedWorkNumber)
	case clear && strings.TrimSpace(remove) != cur:
		return nil, bad("work number", n, ErrInvalidValue)
	case clear:
		return &workEdit{id, ""}, nil
	}
	if !isE164(n) {
		return nil, &NumberError{Number: n, Err: ErrBadNumber}
	}
	if d, ok := im.o.placer.(CallingDirectory); ok {
		if owner := d.NumberOwner(id, n); owner != "" {
			return nil, &NumberError{Number: n, Owner: owner, Err: ErrNumberOwned}
		}
	}
	return &workEdit{id, n}, nil
}

// isE164 reports whether s is strictly E.164 (CAL-3 (a)):
// ^\+[1-9][0-9]{1,14}$.
func isE164(s string) bool {
	return len(s) >= 3 && len(s) <= 16 && plusDigits(s) && s[1] != '0'
}

// subscriptionColumn returns the 1-based column naming the unknown
// subscription err is about.
func (im *csvImport) subscriptionColumn(err error) int {
	var ie *InputError
	if !errors.As(err, &ie) {
		return 0
	}
	return slices.IndexFunc(im.f.Columns, func(c CSVColumn) bool { return c.IsLicense() && c.Subscription == ie.Value }) + 1
}

// licenseColumn returns the 1-based column of the row's first set cell
// of a kind the error is about (the first violation's kinds; any license
// cell for an error without kinds), 0 when there is none.
func (im *csvImport) licenseColumn(row *CSVRow, err error) int {
	var kinds []license.Kind
	var se *license.SetError
	if errors.As(err, &se) && len(se.Violations) > 0 {
		kinds = se.Violations[0].Kinds
	}
	for _, c := range row.Cells {
		if len(kinds) == 0 || slices.Contains(kinds, c.Column.Kind) {
			return slices.IndexFunc(im.f.Columns, func(d CSVColumn) bool { return d == c.Column }) + 1
		}
	}
	return 0
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
			vs = append(vs, o.cat.TwoSubscriptions(k))
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
