package assignment

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/wxlicense/wxlicense/license"
)

// TestGroupLimit fills an org with MaxGroups groups: the last one gets the
// last real ID (not NoGroup), every group is found by name, and one more
// is refused with a LimitError, changing nothing.
func TestGroupLimit(t *testing.T) {
	o := New("org", license.MustDefault())
	for i := range MaxGroups {
		if _, err := o.Do(AddGroup{Name: fmt.Sprintf("g%05d", i)}); err != nil {
			t.Fatalf("group %d: %v", i, err)
		}
	}
	last, ok := o.LookupGroup(fmt.Sprintf("g%05d", MaxGroups-1))
	if !ok || last != NoGroup-1 {
		t.Fatalf("last group: got %d, %v; want %d", last, ok, NoGroup-1)
	}
	if g, ok := o.LookupGroup("g00000"); !ok || g != 0 {
		t.Fatalf("first group: got %d, %v", g, ok)
	}
	version := o.Version()
	_, err := o.Do(AddGroup{Name: "one too many"})
	var le *LimitError
	if !errors.Is(err, ErrTooManyGroups) || !errors.As(err, &le) || le.Limit != MaxGroups || le.Name != "one too many" {
		t.Fatalf("got %v, want a LimitError for %q with limit %d", err, "one too many", MaxGroups)
	}
	if o.Version() != version || len(o.groups) != MaxGroups {
		t.Fatalf("a refused group changed the org: version %d→%d, %d groups", version, o.Version(), len(o.groups))
	}
	if _, ok := o.LookupGroup("one too many"); ok {
		t.Fatal("the refused group is found by name")
	}
	if err := o.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
}

// TestTemplateLimit: deleted templates keep their IDs, so the org holds
// MaxTemplates templates, deleted or not; the last gets the last real ID.
func TestTemplateLimit(t *testing.T) {
	o := New("org", license.MustDefault())
	// MaxTemplates-1 deleted templates, as if created and deleted one by
	// one (which would take minutes through actions).
	dead := make([]template, MaxTemplates-1)
	for i := range dead {
		dead[i] = template{name: fmt.Sprintf("t%05d", i), group: NoGroup, deleted: true}
	}
	o.setConfig(config{mode: OrgMode, orgT: NoTemplate, tmpls: dead})
	save := SaveTemplate{Name: "last", Licenses: []Entry{{Kind: license.BasicMessaging}}}
	if _, err := o.Do(save); err != nil {
		t.Fatal(err)
	}
	if id, ok := o.LookupTemplate("last"); !ok || id != NoTemplate-1 {
		t.Fatalf("last template: got %d, %v; want %d", id, ok, NoTemplate-1)
	}
	if err := o.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
	mustDoInternal(t, o, SaveTemplate{Name: "renamed"}) // an edit of an existing template is no new ID
	if _, ok := o.LookupTemplate("last"); ok {
		t.Fatal("the old name of a renamed template is still found")
	}
	mustDoInternal(t, o, DeleteTemplate{Template: "renamed"})
	version := o.Version()
	_, err := o.Do(SaveTemplate{Name: "one too many"})
	var le *LimitError
	if !errors.Is(err, ErrTooManyTemplates) || !errors.As(err, &le) || le.Limit != MaxTemplates || le.Name != "one too many" {
		t.Fatalf("got %v, want a LimitError for %q with limit %d", err, "one too many", MaxTemplates)
	}
	if o.Version() != version || len(o.templates) != MaxTemplates {
		t.Fatalf("a refused template changed the org: version %d→%d, %d templates", version, o.Version(), len(o.templates))
	}
	if err := o.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
}

// TestNameIndex checks that every mutation keeps the name index in step,
// that a clone's index is its own, and that CheckInvariants notices a
// broken index.
func TestNameIndex(t *testing.T) {
	o := New("org", license.MustDefault())
	for _, a := range []Action{
		AddGroup{Name: "a"}, AddGroup{Name: "b"}, SwitchMode{Mode: GroupMode},
		SaveTemplate{Group: "a"}, SaveTemplate{Group: "b", Name: "tb"},
		SaveTemplate{Group: "b", Name: "tb2"}, DeleteTemplate{Template: "a"},
		SaveTemplate{Group: "a", Name: "a"}, SwitchMode{Mode: OrgMode}, SaveTemplate{},
	} {
		mustDoInternal(t, o, a)
	}
	for _, tc := range []struct {
		name string
		want TemplateID
		ok   bool
	}{
		{"a", NoTemplate, false}, // deleted by the switch
		{"tb", NoTemplate, false},
		{"tb2", NoTemplate, false},
		{"org", 3, true},
	} {
		if id, ok := o.LookupTemplate(tc.name); id != tc.want || ok != tc.ok {
			t.Errorf("LookupTemplate(%q) = %d, %v; want %d, %v", tc.name, id, ok, tc.want, tc.ok)
		}
	}
	c := o.Clone()
	mustDoInternal(t, c, AddGroup{Name: "only in the clone"})
	if _, ok := o.LookupGroup("only in the clone"); ok {
		t.Fatal("a clone's group is found in the original")
	}
	if _, ok := c.LookupGroup("only in the clone"); !ok {
		t.Fatal("a clone's group is not found in the clone")
	}
	delete(c.names.groups, "a")
	c.names.templates["ghost"] = 0
	err := c.CheckInvariants()
	if !errors.Is(err, ErrInvariant) {
		t.Fatalf("a broken index passes CheckInvariants: %v", err)
	}
	for _, want := range []string{`group "a" is not indexed`, "template names indexed"} {
		if !containsText(err, want) {
			t.Errorf("CheckInvariants: %v; want it to say %q", err, want)
		}
	}
}

func mustDoInternal(t testing.TB, o *Org, a Action) {
	t.Helper()
	if _, err := o.Do(a); err != nil {
		t.Fatalf("%v: %v", a, err)
	}
	if err := o.CheckInvariants(); err != nil {
		t.Fatalf("after %v: %v", a, err)
	}
}

func containsText(err error, s string) bool {
	return err != nil && strings.Contains(err.Error(), s)
}

// BenchmarkLookupGroup looks a group up among MaxGroups.
func BenchmarkLookupGroup(b *testing.B) {
	o := New("org", license.MustDefault())
	for i := range MaxGroups {
		o.addGroup(group{name: fmt.Sprintf("g%05d", i), template: NoTemplate, parent: NoGroup})
	}
	for b.Loop() {
		if _, ok := o.LookupGroup("g65534"); !ok {
			b.Fatal("not found")
		}
	}
}
