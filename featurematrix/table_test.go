package featurematrix

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// seedPath is the source document the tables are transcribed from, in the
// shared folder beside the module.
var seedPath = filepath.Join("..", "..", "shared", "seeds", "000_645e0c20bb430521.txt")

// goldenTables are the hand transcriptions under testdata, in source order.
var goldenTables = []struct {
	table Table
	file  string
}{
	{Table1, "table1.golden"},
	{Table2, "table2.golden"},
	{TablePaid, "table_paid.golden"},
	{Table3, "table3.golden"},
}

// srcRow is one row of a source table: its row text and its cell's lines.
type srcRow struct {
	Row  string
	Cell []string // nil for a blank cell
}

// srcTable is a source table as transcribed or as parsed from the seed.
type srcTable struct {
	Caption  string
	Question string
	Rows     []srcRow
}

// goldenRow is a row of a transcription: the source row plus the feature it
// is and how its cell reads.
type goldenRow struct {
	Feature Feature
	Reads   Value
}

// readGolden parses a transcription under testdata.
func readGolden(t *testing.T, name string) (srcTable, []goldenRow) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var st srcTable
	var rows []goldenRow
	for n, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "caption: "):
			st.Caption = strings.TrimPrefix(line, "caption: ")
		case strings.HasPrefix(line, "question: "):
			st.Question = strings.TrimPrefix(line, "question: ")
		default:
			parts := strings.Split(line, " | ")
			if len(parts) != 4 {
				t.Fatalf("%s:%d: want 4 fields separated by \" | \", got %q", name, n+1, line)
			}
			f, err := ParseFeature(parts[0])
			if err != nil {
				t.Fatalf("%s:%d: %v", name, n+1, err)
			}
			v, ok := ParseValue(parts[1])
			if !ok {
				t.Fatalf("%s:%d: bad value %q", name, n+1, parts[1])
			}
			var cell []string
			if parts[3] != "(blank)" {
				cell = strings.Split(parts[3], " / ")
			}
			rows = append(rows, goldenRow{f, v})
			st.Rows = append(st.Rows, srcRow{Row: parts[2], Cell: cell})
		}
	}
	return st, rows
}

var cellLine = regexp.MustCompile(`^(Tak|Nie)\b`)

// parseSeed finds the four feature tables of the seed. A table starts at a
// line "Funkcja"; the next line is the question; then come 12 rows, each a
// row line followed by its cell lines (lines starting with "Tak" or "Nie";
// none for a blank cell). Caption is the nearest line before "Funkcja"
// starting with "Tabela", or else the nearest heading-like line (the
// unnumbered table has only a section heading).
func parseSeed(t *testing.T) []srcTable {
	t.Helper()
	f, err := os.Open(seedPath)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("source document not found at %s", seedPath)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			lines = append(lines, l)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	var out []srcTable
	for i := 0; i < len(lines); i++ {
		if lines[i] != "Funkcja" {
			continue
		}
		var st srcTable
		if strings.HasPrefix(lines[i-1], "Tabela") {
			st.Caption = lines[i-1]
		} else {
			st.Caption = lines[i-2] // heading, then one paragraph, then the table
		}
		st.Question = lines[i+1]
		j := i + 2
		for len(st.Rows) < NumFeatures && j < len(lines) {
			r := srcRow{Row: lines[j]}
			for j++; j < len(lines) && cellLine.MatchString(lines[j]); j++ {
				r.Cell = append(r.Cell, lines[j])
			}
			st.Rows = append(st.Rows, r)
		}
		out = append(out, st)
		i = j - 1
	}
	return out
}

// TestGoldenTablesMatchSeed checks the hand transcriptions against the
// source document itself, row by row and line by line: FM-1 (Table 1), FM-2
// (Table 2), FM-3 (the unnumbered table), FM-4 (Table 3). The row lines
// after the whiteboard row of Table 1 are the annotation row's (FM-1
// Decision): the seed has no cell line between "Korzystanie z tablicy" and
// "Adnotacje".
func TestGoldenTablesMatchSeed(t *testing.T) {
	seed := parseSeed(t)
	if len(seed) != len(goldenTables) {
		t.Fatalf("seed has %d feature tables, want %d", len(seed), len(goldenTables))
	}
	for i, g := range goldenTables {
		got, _ := readGolden(t, g.file)
		if diff := cmp.Diff(seed[i], got); diff != "" {
			t.Errorf("%s does not match the seed's %s (-seed +golden):\n%s", g.file, g.table, diff)
		}
	}
}

// TestTablesMatchGolden checks the package's tables against the
// transcriptions cell by cell (FM-1, FM-2, FM-3, FM-4): row text, cell text,
// and how each cell reads.
func TestTablesMatchGolden(t *testing.T) {
	for _, g := range goldenTables {
		want, rows := readGolden(t, g.file)
		got := srcTable{Caption: g.table.Title(), Question: g.table.Question()}
		var gotRows []goldenRow
		for _, f := range Features() {
			c := g.table.Cell(f)
			if c.Table != g.table || c.Feature != f {
				t.Errorf("%s.Cell(%s) = %+v, wrong reference", g.table, f, c)
			}
			var cell []string
			if c.Text != "" {
				cell = strings.Split(c.Text, "\n")
			}
			got.Rows = append(got.Rows, srcRow{Row: f.SourceRow(), Cell: cell})
			gotRows = append(gotRows, goldenRow{f, c.Value})
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s text differs from %s (-golden +package):\n%s", g.table, g.file, diff)
		}
		if diff := cmp.Diff(rows, gotRows); diff != "" {
			t.Errorf("%s values differ from %s (-golden +package):\n%s", g.table, g.file, diff)
		}
	}
}

// readsYes is the test's own reading of a transcribed cell.
func readsYes(v Value, l Licenses, ctx Context) bool {
	switch v {
	case Yes:
		return true
	case YesWithHost:
		return l.H
	case YesWithP:
		return l.P
	case YesWhileSharing:
		return ctx.InCall && ctx.Sharing
	}
	return false
}

// allContexts are the call and sharing states, with and without BroadWorks
// calling.
func allContexts() []Context {
	var out []Context
	for i := range 8 {
		out = append(out, Context{InCall: i&1 != 0, Sharing: i&2 != 0, BroadWorksCalling: i&4 != 0})
	}
	return out
}

// TestCheckFollowsTables checks that every combination a table covers is
// answered by that table's cell, with its rule ID and cell reference, in
// every call and sharing state. Which table covers what is SPEC section 4's:
// FM-1 Table 1 is M off and C on; FM-2 Table 2 is M on and C off (its F7
// cell reads "no, yes with P"); FM-3 is M and C off with P; FM-4 Table 3 is
// M, C and P off. A blank cell is no.
func TestCheckFollowsTables(t *testing.T) {
	covers := map[Table]func(Licenses) bool{
		Table1:    func(l Licenses) bool { return !l.M && l.C },
		Table2:    func(l Licenses) bool { return l.M && !l.C },
		TablePaid: func(l Licenses) bool { return !l.M && !l.C && l.P },
		Table3:    func(l Licenses) bool { return !l.M && !l.C && !l.P },
	}
	checked := 0
	for _, g := range goldenTables {
		_, rows := readGolden(t, g.file)
		for _, l := range Combinations() {
			if !covers[g.table](l) {
				if g.table.Covers(l) {
					t.Errorf("%s.Covers(%s) = true, want false", g.table, l)
				}
				continue
			}
			if tb, ok := TableFor(l); !ok || tb != g.table {
				t.Errorf("TableFor(%s) = %v, %v; want %v", l, tb, ok, g.table)
			}
			for _, ctx := range allContexts() {
				if ctx.BroadWorksCalling {
					continue // BW-23 overrides F4; see TestBroadWorksScreenSharing
				}
				for _, r := range rows {
					a := Check(r.Feature, l, ctx)
					want := readsYes(r.Reads, l, ctx)
					if a.Available != want || a.Rule != g.table.Rule() || a.Cell != g.table.Cell(r.Feature) {
						t.Errorf("Check(%s, %s, %s) = %v; want available=%v from %s %s", r.Feature, l, ctx, a, want, g.table.Rule(), g.table)
					}
					checked++
				}
			}
		}
	}
	// 12 of the 16 combinations have a table, 4 contexts, 12 features.
	if want := 12 * 4 * NumFeatures; checked != want {
		t.Errorf("checked %d cells, want %d", checked, want)
	}
}

// FuzzParseValue checks that ParseValue accepts exactly the words
// Value.String gives the values, and gives back that value.
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"no", "yes", "host", "paid", "sharing", "", "Yes", "yes ", "Value(5)", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseValue(s)
		if !ok {
			if v != 0 {
				t.Fatalf("ParseValue(%q) = %v, false: want the zero value", s, v)
			}
			return
		}
		if v.String() != s || strings.HasPrefix(s, "Value(") {
			t.Fatalf("ParseValue(%q) = %v: not the word of a value", s, v)
		}
	})
}
