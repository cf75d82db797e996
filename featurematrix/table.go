package featurematrix

import (
	"strconv"
	"strings"
)

// Value is how a source table cell reads.
type Value uint8

// The values a cell can have. A blank cell is No (SPEC section 4).
const (
	No              Value = iota // blank, or "Nie"
	Yes                          // "Tak"
	YesWithHost                  // "Tak, z licencją hosta.": yes with a host license (H)
	YesWithP                     // "Tak, z zaawansowaną licencją na połączenia ...": yes with a paid calling license (P)
	YesWhileSharing              // "Tak, podczas udostępniania pulpitu w aktywnym połączeniu.": yes while sharing in an active call
)

var valueNames = [...]string{"no", "yes", "host", "paid", "sharing"}

// String returns "no", "yes", "host", "paid" or "sharing", the words the
// golden transcriptions use.
func (v Value) String() string {
	if int(v) < len(valueNames) {
		return valueNames[v]
	}
	return "Value(" + strconv.Itoa(int(v)) + ")"
}

// ParseValue parses the form of [Value.String].
func ParseValue(s string) (Value, bool) {
	for i, n := range valueNames {
		if s == n {
			return Value(i), true
		}
	}
	return 0, false
}

// Eval reports whether a cell of value v reads yes for l in ctx.
func (v Value) Eval(l Licenses, ctx Context) bool {
	switch v {
	case Yes:
		return true
	case YesWithHost:
		return l.H
	case YesWithP:
		return l.P
	case YesWhileSharing:
		return ctx.SharingInCall()
	}
	return false
}

// Table is one of the source's feature tables (FM-1..FM-4). The zero value
// is no table.
type Table uint8

// The source tables, in the order the source gives them.
const (
	Table1    Table = iota + 1 // FM-1: Basic Messaging off
	Table2                     // FM-2: Call on Webex off
	TablePaid                  // FM-3: both off, with a paid calling option (unnumbered in the source)
	Table3                     // FM-4: both off, meetings only
)

// Tables returns the four tables in source order.
func Tables() []Table { return []Table{Table1, Table2, TablePaid, Table3} }

type tableData struct {
	name, rule, title, question string
	cells                       [NumFeatures + 1]Cell
}

const cellWithP = "Tak, z zaawansowaną licencją na połączenia (opcja wywołania jest czymś innym niż Call on Webex)."
const cellWithHost = "Tak, z licencją hosta."

// tables holds the source's four tables, cell by cell; a cell's Text is the
// source's text, its lines joined by "\n", "" for a blank cell.
var tables = [...]tableData{
	{},
	Table1: {
		name:     "Table 1",
		rule:     "FM-1",
		title:    "Tabela 1. Dostępność funkcji, gdy funkcja Wiadomości podstawowe jest wyłączona",
		question: "Dostępne, jeśli opcja Podstawowe wiadomości jest wyłączona?",
		cells: cells(Table1, map[Feature]Cell{
			F4:  {Text: "Tak", Value: Yes},
			F6:  {Text: "Tak", Value: Yes},
			F7:  {Text: "Tak", Value: Yes},
			F8:  {Text: "Tak", Value: Yes},
			F9:  {Text: cellWithHost, Value: YesWithHost},
			F11: {Text: "Tak, podczas udostępniania pulpitu w aktywnym połączeniu.\nNie. Gdy nie ma aktywnego połączenia, użytkownik nie może udostępniać pulpitu ani dodawać adnotacji.", Value: YesWhileSharing},
			F12: {Text: "Tak", Value: Yes},
		}),
	},
	Table2: {
		name:     "Table 2",
		rule:     "FM-2",
		title:    "Tabela 2. Dostępność funkcji, gdy wszystkie połączenia są wyłączone",
		question: "Dostępne, jeśli Call on Webex jest wyłączone?",
		cells: cells(Table2, map[Feature]Cell{
			F1:  {Text: "Tak", Value: Yes},
			F2:  {Text: "Tak", Value: Yes},
			F3:  {Text: "Tak", Value: Yes},
			F5:  {Text: "Tak", Value: Yes},
			F7:  {Text: "Nie\n" + cellWithP, Value: YesWithP},
			F8:  {Text: "Tak", Value: Yes},
			F9:  {Text: cellWithHost, Value: YesWithHost},
			F12: {Text: "Tak", Value: Yes},
		}),
	},
	TablePaid: {
		name:     "unnumbered table",
		rule:     "FM-3",
		title:    "Zarówno Wiadomości, jak i Połączenie na Webex Off (z opcją płatnego połączenia)",
		question: "Dostępne, jeśli basic Messaging i Call on Webex są wyłączone?",
		cells: cells(TablePaid, map[Feature]Cell{
			F7:  {Text: "Tak", Value: Yes},
			F8:  {Text: "Tak", Value: Yes},
			F9:  {Text: cellWithHost, Value: YesWithHost},
			F12: {Text: "Tak", Value: Yes},
		}),
	},
	Table3: {
		name:     "Table 3",
		rule:     "FM-4",
		title:    "Tabela 3. Dostępność funkcji, gdy podstawowe wiadomości i połączenia przez Webex są wyłączone",
		question: "Dostępne, jeśli basic Messaging i Call on Webex są wyłączone?",
		cells: cells(Table3, map[Feature]Cell{
			F7:  {Text: cellWithP, Value: YesWithP},
			F8:  {Text: "Tak", Value: Yes},
			F9:  {Text: cellWithHost, Value: YesWithHost},
			F12: {Text: "Tak", Value: Yes},
		}),
	},
}

// cells fills a table's row array; features not in m are blank cells (No).
func cells(t Table, m map[Feature]Cell) [NumFeatures + 1]Cell {
	var out [NumFeatures + 1]Cell
	for _, f := range Features() {
		c := m[f]
		c.Table, c.Feature = t, f
		out[f] = c
	}
	return out
}

// Valid reports whether t is one of the four tables.
func (t Table) Valid() bool { return t >= Table1 && t <= Table3 }

// String returns "Table 1", "Table 2", "unnumbered table" or "Table 3".
func (t Table) String() string {
	if !t.Valid() {
		return "Table(" + strconv.Itoa(int(t)) + ")"
	}
	return tables[t].name
}

// Rule returns the rule that reproduces the table: "FM-1".."FM-4".
func (t Table) Rule() string {
	if !t.Valid() {
		return ""
	}
	return tables[t].rule
}

// Title returns the table's caption in the source (Polish); the unnumbered
// table has none and gets the heading above it.
func (t Table) Title() string {
	if !t.Valid() {
		return ""
	}
	return tables[t].title
}

// Question returns the header of the table's answer column in the source.
func (t Table) Question() string {
	if !t.Valid() {
		return ""
	}
	return tables[t].question
}

// Cell returns the table's cell for f; the zero Cell when t or f is not
// valid.
func (t Table) Cell(f Feature) Cell {
	if !t.Valid() || !f.Valid() {
		return Cell{}
	}
	return tables[t].cells[f]
}

// Covers reports whether the table answers for l: Table 1 for M off and C
// on; Table 2 for M on and C off (its F7 cell covers P); the unnumbered
// table for M and C off with P; Table 3 for M, C and P off. H only changes
// the F9 cells, which all read "yes with a host license".
func (t Table) Covers(l Licenses) bool {
	switch t {
	case Table1:
		return !l.M && l.C
	case Table2:
		return l.M && !l.C
	case TablePaid:
		return !l.M && !l.C && l.P
	case Table3:
		return !l.M && !l.C && !l.P
	}
	return false
}

// TableFor returns the table that answers for l, and false when no table
// does (M and C both on: FM-5).
func TableFor(l Licenses) (Table, bool) {
	for _, t := range Tables() {
		if t.Covers(l) {
			return t, true
		}
	}
	return 0, false
}

// Cell is one cell of a source table: the row's feature, the source's text
// (lines joined by "\n"; "" for a blank cell) and how it reads.
type Cell struct {
	Table   Table
	Feature Feature
	Text    string
	Value   Value
}

// String returns the cell's reference and text, e.g. `Table 1 F4 "Tak"` or
// `Table 1 F10 blank`; "" for the zero Cell.
func (c Cell) String() string {
	if !c.Table.Valid() {
		return ""
	}
	ref := c.Table.String() + " " + c.Feature.String()
	if c.Text == "" {
		return ref + " blank"
	}
	return ref + " " + strconv.Quote(strings.ReplaceAll(c.Text, "\n", " / "))
}
