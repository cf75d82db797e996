// Package examples holds the example scenarios; its tests check their
// golden summaries.
package examples

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/cockroachdb/datadriven" // registers -rewrite
	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/sim"
)

// rewriting reports whether the -rewrite flag is set: datadriven's flag,
// the one flag that rewrites every golden file of the module. Here it
// rewrites the golden summaries under testdata/.
func rewriting() bool { return flag.Lookup("rewrite").Value.String() == "true" }

// Each example scenario passes its own expectations (SIM-7) and ends with
// its golden summary.
func TestGoldenSummaries(t *testing.T) {
	files, _ := filepath.Glob("*.scn")
	files = append(files, "testdata/year-10k.scn")
	if len(files) < 7 {
		t.Fatalf("found %d scenarios", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".scn")
		t.Run(name, func(t *testing.T) {
			if name == "million-user-year" && testing.Short() {
				t.Skip("about a minute and 1.5 GB; testdata/year-10k.scn is its short variant")
			}
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := sim.Parse(file, src)
			if err != nil {
				t.Fatal(err)
			}
			res, err := sim.Run(sc, sc.Seed, sim.Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := res.Summary.String()
			golden := filepath.Join("testdata", name+".golden")
			if rewriting() {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -rewrite to create it)", err)
			}
			if d := cmp.Diff(string(want), got); d != "" {
				t.Errorf("summary (-want +got); run go test -rewrite:\n%s", d)
			}
		})
	}
}
