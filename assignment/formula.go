package assignment

import "strings"

// utf8BOM is the byte order mark spreadsheets write at the start of a
// UTF-8 CSV file.
var utf8BOM = []byte("\xef\xbb\xbf")

// formulaStart holds the first characters that make a spreadsheet read a
// cell as a formula or a command (OWASP, CSV injection).
const formulaStart = "=+-@\t\r"

// escapeCell neutralises a cell a spreadsheet would run as a formula by
// prefixing a single quote. A cell that starts with quotes and then such a
// character gets one more quote, so that unescapeCell undoes escapeCell
// exactly and leaves every other cell alone.
func escapeCell(s string) string {
	if startsFormula(strings.TrimLeft(s, "'")) {
		return "'" + s
	}
	return s
}

// unescapeCell undoes escapeCell: it drops the first of the quotes before
// a formula character.
func unescapeCell(s string) string {
	if strings.HasPrefix(s, "'") && startsFormula(strings.TrimLeft(s, "'")) {
		return s[1:]
	}
	return s
}

func startsFormula(s string) bool { return s != "" && strings.IndexByte(formulaStart, s[0]) >= 0 }

// escapeCells escapes every cell of a record in place and returns it.
func escapeCells(rec []string) []string {
	for i, c := range rec {
		rec[i] = escapeCell(c)
	}
	return rec
}

// unescapeCells unescapes every cell of a record in place.
func unescapeCells(rec []string) {
	for i, c := range rec {
		rec[i] = unescapeCell(c)
	}
}
