package assignment

import (
	"bytes"
	"encoding/csv"
	"slices"

	"github.com/wxlicense/wxlicense/internal/spreadsheet"
	"github.com/wxlicense/wxlicense/license"
)

// CallingDirectory is a [Placer] that also answers what the users CSV
// shows and checks of calling data; the calling package's placer is one.
// Without it the Extension and Location columns show the placement given
// at a user's creation, and a new phone number is checked for its format
// only.
type CallingDirectory interface {
	// Placement returns a user's current Webex Calling placement, false
	// when the user is not placed.
	Placement(id UserID) (Placement, bool)
	// NumberOwner names who owns a number, "" when nobody or id does, or
	// when the number is not in the inventory.
	NumberOwner(id UserID, number string) string
}

var statusNames = [...]string{Active: "Active", Inactive: "Not Verified", UnverifiedDomain: "Unverified Domain"}

// ExportCSV writes the users CSV of the org as Control Hub does: the
// profile columns of [CSVProfileColumns], then the license columns (see
// [Org.ExportCSVLike]); one row per user in user order, deleted users
// left out. Profile columns the org does not model are empty.
//
// A cell a spreadsheet would run as a formula (it starts with =, +, -, @,
// a tab or a carriage return) is prefixed with a single quote, as OWASP
// recommends against CSV injection, and [ParseCSV] removes it; a plus
// followed by digits only is a phone number, written as it is.
func (o *Org) ExportCSV() []byte { return o.ExportCSVLike(nil) }

// ExportCSVLike writes the users CSV of the org in the columns of base,
// a file read earlier (a Control Hub export): the org's state in the
// columns the engine models, and every other cell as base has it for the
// same user, so that profile columns the engine does not model survive a
// load, a change and a write-back. License columns the org needs and base
// lacks follow base's columns; rows of base for users no longer in the
// org are left out. A nil base is [Org.ExportCSV]. A nil or zero org
// writes nothing.
//
// License columns are, in catalog order, one per kind the user controls
// (implied kinds have none), and for a kind that takes units one per
// subscription providing it, "Name [subscription]" in subscription order
// (CAL-6): a kind no subscription provides has none, as nobody holds it.
func (o *Org) ExportCSVLike(base *CSVFile) []byte {
	if o.usable() != nil {
		return nil
	}
	cols, rows, pad := o.csvLayout(base)
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = c.Header(o.cat)
	}
	w.Write(escapeRecord(rec))
	for i := range UserID(o.users.len()) {
		u := o.users.at(i)
		if u.flags&flagDeleted != 0 {
			continue
		}
		var carried []string
		if r, ok := rows[o.users.email(u)]; ok {
			carried = base.Rows[r].Raw
			if pad > 0 {
				carried = append(make([]string, pad), carried...)
			}
		}
		o.csvRecord(UserID(i), u, cols, carried, rec)
		w.Write(escapeRecord(rec))
	}
	w.Flush()
	return b.Bytes()
}

// escapeRecord quotes, in place, the cells a spreadsheet would run as
// formulas, except a plus and digits: a phone number as Control Hub writes
// it, which is no formula.
func escapeRecord(rec []string) []string {
	for i, c := range rec {
		if !plusDigits(c) {
			rec[i] = spreadsheet.EscapeCell(c)
		}
	}
	return rec
}

func plusDigits(s string) bool {
	if len(s) < 2 || s[0] != '+' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// csvLayout returns the export's columns, base's row of each user by
// canonical e-mail (the first row of an e-mail given twice), and how many
// columns come before base's: the profile columns, when base has no user
// column.
func (o *Org) csvLayout(base *CSVFile) ([]CSVColumn, map[string]int, int) {
	var cols []CSVColumn
	if base == nil || !slices.ContainsFunc(base.Columns, func(c CSVColumn) bool { return c.role() == roleUser }) {
		for _, p := range profileColumns {
			cols = append(cols, CSVColumn{Name: p})
		}
	}
	pad := len(cols)
	if base != nil {
		cols = append(cols, base.Columns...)
	}
	for _, c := range o.licenseColumns() {
		if !slices.ContainsFunc(cols, func(d CSVColumn) bool { return d.Kind == c.Kind && d.Subscription == c.Subscription }) {
			cols = append(cols, c)
		}
	}
	if base == nil {
		return cols, nil, 0
	}
	rows := make(map[string]int, len(base.Rows))
	for i := len(base.Rows) - 1; i >= 0; i-- {
		if e, err := ParseEmail(base.Rows[i].Email); err == nil {
			rows[e] = i
		}
	}
	return cols, rows, pad
}

// licenseColumns returns the org's license columns, as ExportCSVLike says.
func (o *Org) licenseColumns() []CSVColumn {
	subsOf := map[license.Kind][]string{} // in subscription order
	for _, u := range o.Usage() {
		subsOf[u.Kind] = append(subsOf[u.Kind], u.Subscription)
	}
	var cols []CSVColumn
	for k := range o.cat.All().All() {
		info := o.cat.Info(k)
		if info.Implied {
			continue
		}
		subs := subsOf[k]
		if !info.ConsumesUnit {
			cols = append(cols, CSVColumn{Kind: k})
			continue
		}
		for _, s := range subs {
			cols = append(cols, CSVColumn{Kind: k, Subscription: s})
		}
	}
	return cols
}

// csvRecord fills rec with a user's row: the org's state in the columns
// the engine models, the carried cells (a row of the base file, or nil)
// in the others.
func (o *Org) csvRecord(id UserID, u *user, cols []CSVColumn, carried, rec []string) {
	pl, calling := o.placementOf(id, u)
	for j, c := range cols {
		v := ""
		if j < len(carried) {
			v = carried[j]
		}
		switch c.role() {
		case roleLicense:
			has := u.held.Has(c.Kind)
			if c.Subscription != "" {
				has = has && o.ledger.Name(o.subOf(id, u, c.Kind)) == c.Subscription
			}
			v = "FALSE"
			if has {
				v = "TRUE"
			}
		case roleUser:
			v = o.users.email(u)
		case roleStatus:
			v = statusNames[u.status]
		case rolePhone:
			v = o.WorkNumber(id)
		case roleExtension:
			if calling {
				v = pl.Extension
			}
		case roleLocation:
			if calling {
				v = pl.Location
			}
		}
		rec[j] = v
	}
}

// Placement returns where a user holding Webex Calling is placed now: by
// the attached placer, when it is a [CallingDirectory], else the placement
// given at creation ([NewUser.Placement]). It is
// false for a user who holds no Webex Calling, and for an unknown one.
func (o *Org) Placement(id UserID) (Placement, bool) {
	o = o.orZero()
	if int(id) >= o.users.len() {
		return Placement{}, false
	}
	return o.placementOf(id, o.users.at(id))
}

// placementOf is [Org.Placement] of user u, whose ID is id.
func (o *Org) placementOf(id UserID, u *user) (Placement, bool) {
	if u.held.Intersect(o.rules.placement).IsEmpty() {
		return Placement{}, false
	}
	if d, ok := o.placer.(CallingDirectory); ok {
		pl, _ := d.Placement(id)
		return pl, true
	}
	return o.users.attrsOf(u, nil).place(), true
}
