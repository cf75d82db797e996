package assignment_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
	"pgregory.net/rapid"
)

// randomOrg draws an org: up to three subscriptions of random units, up
// to eight users (some synced, some with Webex Calling at a placement,
// work numbers good, bad and formula-like), and random license edits.
func randomOrg(t *rapid.T) *assignment.Org {
	o := assignment.New("r", license.MustDefault("a.webex.com"))
	cat := o.Catalog()
	paid := []license.Kind{license.AdvancedMessaging, license.AdvancedSpaceMeetings, license.CallingProfessional, license.UnifiedCM}
	if k, ok := cat.SiteKind("a.webex.com", license.RoleHost); ok {
		paid = append(paid, k)
	}
	for i := range rapid.IntRange(0, 3).Draw(t, "subscriptions") {
		units := map[license.Kind]int{}
		for _, k := range paid {
			if n := rapid.IntRange(0, 3).Draw(t, "units"); n > 0 {
				units[k] = n
			}
		}
		o.Do(assignment.AddSubscription{Subscription: license.Subscription{ID: fmt.Sprint("s", i), Created: day0.AddDate(0, i, 0), Units: units}})
	}
	works := []string{"", "+48221000001", "+15550002", "555-555-1212", "=1+2", "+1 555"}
	kinds := kindsOf(cat.All())
	for i := range rapid.IntRange(1, 8).Draw(t, "users") {
		nu := assignment.NewUser{Email: fmt.Sprintf("u%d@x.com", i), Synced: rapid.Bool().Draw(t, "synced"),
			WorkNumber: rapid.SampledFrom(works).Draw(t, "work")}
		if rapid.Bool().Draw(t, "explicit") {
			nu.Explicit = true
			nu.Licenses = rapid.SliceOfNDistinct(rapid.SampledFrom(kinds), 0, 4, func(k license.Kind) license.Kind { return k }).Draw(t, "licenses")
			nu.Placement = assignment.Placement{Location: "HQ", Extension: fmt.Sprint(100 + i)}
		}
		o.Do(assignment.AddUsers{Users: []assignment.NewUser{nu}})
	}
	for range rapid.IntRange(0, 6).Draw(t, "edits") {
		user := fmt.Sprintf("u%d@x.com", rapid.IntRange(0, 7).Draw(t, "user"))
		op := assignment.LicenseOp{Kind: rapid.SampledFrom(kinds).Draw(t, "kind"), Remove: rapid.Bool().Draw(t, "remove"),
			Placement: assignment.Placement{Location: "HQ", Extension: "200"}}
		o.Do(assignment.ModifyLicenses{User: user, Ops: []assignment.LicenseOp{op}, Ack: true})
	}
	return o
}

func kindsOf(s license.Set) []license.Kind {
	var out []license.Kind
	for k := range s.All() {
		out = append(out, k)
	}
	return out
}

// ASG-20: on any org, importing its own export changes nothing, and the
// export written back over itself is the same file.
func TestCSVRoundTripRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := randomOrg(t)
		data := o.ExportCSV()
		p, err := o.Plan(assignment.ImportCSV{Data: data})
		if err != nil || !p.Empty() || len(p.RowErrors) > 0 {
			t.Fatalf("re-import of\n%s\n%v %v %v", data, err, p.Lines(), p.RowErrors)
		}
		f, err := assignment.ParseCSV(o.Catalog(), data)
		if err != nil {
			t.Fatal(err)
		}
		if back := o.ExportCSVLike(f); !bytes.Equal(back, data) {
			t.Fatalf("written back:\n%s\nexported:\n%s", back, data)
		}
	})
}

// FuzzImportCSV: importing any bytes never panics; a file that is not a
// users CSV changes nothing; a rejected row changes nothing of its user
// (ASG-20); the org keeps its invariants.
func FuzzImportCSV(f *testing.F) {
	f.Add([]byte("User ID/Email (Required),Phone Number,Location,Extension,Basic Messaging,Advanced Messaging [old],Webex Calling VAR Professional [cp]\n" +
		"a@x.com,+15550003,,,TRUE,TRUE,\nc@x.com,,,,,,FALSE\nnew@x.com,,HQ,300,TRUE,,TRUE\ns@x.com,+1555,,,,,\n"))
	f.Add([]byte("\ufeffUser ID/Email (Required),\"Display Name\"\r\n\"a@x.com\",\"a,\nb\"\r\na@x.com,x\r\n"))
	f.Add([]byte("User ID/Email (Required),Advanced Messaging [old],Advanced Messaging [new],Nonsense\na@x.com,TRUE,TRUE,\nb@x.com,FALSE,TRUE,1\n"))
	for _, name := range []string{"controlhub.csv", "export.csv"} {
		if data, err := os.ReadFile(filepath.Join("testdata", "csv", name)); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		o := callingOrg(t, "a@x.com", "b@x.com")
		before := o.Clone()
		p, err := o.Do(assignment.ImportCSV{Data: data, Ack: len(data)%2 == 0, CreateUsers: len(data)%3 == 0})
		if err != nil {
			if !errors.Is(err, assignment.ErrCSV) || o.Version() != before.Version() || !bytes.Equal(o.ExportCSV(), before.ExportCSV()) {
				t.Fatalf("rejected file: %v, or it changed the org", err)
			}
			return
		}
		file, _ := assignment.ParseCSV(o.Catalog(), data)
		applied := map[string]bool{}
		bad := map[int]bool{}
		for _, re := range p.RowErrors {
			bad[re.Row] = true
		}
		for i, r := range file.Rows {
			if e, err := assignment.ParseEmail(r.Email); err == nil && !bad[i+1] {
				applied[e] = true
			}
		}
		for _, re := range p.RowErrors {
			e, err := assignment.ParseEmail(re.Email)
			if err != nil || applied[e] {
				continue
			}
			id, was := before.LookupUser(e)
			now, is := o.LookupUser(e)
			switch {
			case was != is || was && id != now:
				t.Fatalf("row %d: a rejected row created or lost %s", re.Row, e)
			case was && (before.Held(id) != o.Held(id) || before.WorkNumber(id) != o.WorkNumber(id)):
				t.Fatalf("row %d: a rejected row changed %s", re.Row, e)
			}
		}
		if err := o.CheckInvariants(); err != nil {
			t.Fatal(err)
		}
	})
}
