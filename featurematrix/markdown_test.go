package featurematrix

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/cockroachdb/datadriven" // registers -rewrite
	"github.com/google/go-cmp/cmp"
)

// rewriting reports whether the -rewrite flag is set: datadriven's flag,
// the one flag that rewrites every golden file of the module. Here it
// rewrites the generated testdata/matrix.md; the transcribed source tables
// (testdata/table*.golden) are never rewritten: they are checked against
// the seed instead.
func rewriting() bool { return flag.Lookup("rewrite").Value.String() == "true" }

// TestMarkdownGolden keeps the Markdown matrix for the docs in sync with
// the package: run `go test ./featurematrix -rewrite` after a change and
// review the diff.
func TestMarkdownGolden(t *testing.T) {
	path := filepath.Join("testdata", "matrix.md")
	got := Markdown()
	if rewriting() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -rewrite to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("Markdown() differs from %s (-golden +got); run go test -rewrite:\n%s", path, diff)
	}
	if Markdown() != got {
		t.Error("Markdown is not deterministic")
	}
}

// TestMarkdownContent checks a few cells of the rendering against the
// rules, so that the golden file cannot silently drift from them: FM-1's
// F11 while sharing, FM-5's full column, FM-6's "+" menu.
func TestMarkdownContent(t *testing.T) {
	md := Markdown()
	for _, want := range []string{
		"| F11 annotate | no | no | sharing in call | sharing in call | no | no | yes | yes |",
		"| rule | FM-4 (Table 3) | FM-3 (unnumbered table) | FM-1 (Table 1) | FM-1 (Table 1) | FM-2 (Table 2) | FM-2 (Table 2) | FM-5 | FM-5 |",
		"| F9 schedule a meeting on a Webex meetings site | with H | with H | with H | with H | with H | with H | with H | with H |",
		"| + menu: send message | no | no | no | no | yes | yes | yes | yes |",
		"| + menu: add contact | yes | yes | yes | yes | yes | yes | yes | yes |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	if strings.Contains(md, "| only ") {
		t.Error("a matrix cell has no simple summary")
	}
}
