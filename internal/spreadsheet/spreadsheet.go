// Package spreadsheet keeps CSV cells safe to open in a spreadsheet: a
// cell that a spreadsheet would run as a formula (CSV injection, OWASP) is
// prefixed with a single quote, reversibly, so that an export read back
// gives the same values.
package spreadsheet

import "strings"

// BOM is the byte order mark spreadsheets write at the start of a
// UTF-8 CSV file.
var BOM = []byte("\xef\xbb\xbf")

// formulaStart holds the first characters that make a spreadsheet read a
// cell as a formula or a command (OWASP, CSV injection).
const formulaStart = "=+-@\t\r"

// EscapeCell neutralises a cell a spreadsheet would run as a formula by
// prefixing a single quote. A cell that starts with quotes and then such a
// character gets one more quote, so that UnescapeCell undoes EscapeCell
// exactly and leaves every other cell alone.
func EscapeCell(s string) string {
	if StartsFormula(strings.TrimLeft(s, "'")) {
		return "'" + s
	}
	return s
}

// UnescapeCell undoes EscapeCell: it drops the first of the quotes before
// a formula character.
func UnescapeCell(s string) string {
	if strings.HasPrefix(s, "'") && StartsFormula(strings.TrimLeft(s, "'")) {
		return s[1:]
	}
	return s
}

// StartsFormula reports whether s starts with a character that makes a
// spreadsheet read the cell as a formula or a command.
func StartsFormula(s string) bool { return s != "" && strings.IndexByte(formulaStart, s[0]) >= 0 }

// UnescapeRecord unescapes every cell of a record in place.
func UnescapeRecord(rec []string) {
	for i, c := range rec {
		rec[i] = UnescapeCell(c)
	}
}
