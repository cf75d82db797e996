package assignment

import (
	"errors"
	"fmt"
	"maps"
)

// The limits of an org's dense IDs: the largest ID of each kind is taken
// by its absent value (NoGroup, NoTemplate), so an org holds at most
// 65,535 groups and 65,535 templates. A deleted template keeps its ID, so
// deleted templates count towards MaxTemplates.
const (
	MaxGroups    = int(NoGroup)
	MaxTemplates = int(NoTemplate)
)

// Sentinels of [LimitError].
var (
	ErrTooManyGroups    = errors.New("assignment: too many groups")
	ErrTooManyTemplates = errors.New("assignment: too many templates")
)

// LimitError refuses an action that would exceed one of the org's limits:
// Err is ErrTooManyGroups or ErrTooManyTemplates, Limit the limit and Name
// the group or template the action would have created.
type LimitError struct {
	Name  string
	Limit int
	Err   error
}

// Error returns the message, naming the input and the limit.
func (e *LimitError) Error() string {
	return fmt.Sprintf("%v: %q would exceed the limit of %d", e.Err, e.Name, e.Limit)
}

// Unwrap returns the sentinel.
func (e *LimitError) Unwrap() error { return e.Err }

// nameIndex finds groups and live templates by name, so that lookups do
// not scan. Every mutation of o.groups and o.templates keeps it in step
// (addGroup, setConfig); CheckInvariants checks it.
type nameIndex struct {
	groups    map[string]GroupID
	templates map[string]TemplateID // live templates only
}

func (n nameIndex) clone() nameIndex {
	return nameIndex{groups: maps.Clone(n.groups), templates: maps.Clone(n.templates)}
}

// checkGroupRoom refuses a new group named name when the org is full.
func (o *Org) checkGroupRoom(name string) error {
	if len(o.groups) >= MaxGroups {
		return &LimitError{Name: name, Limit: MaxGroups, Err: ErrTooManyGroups}
	}
	return nil
}

// checkTemplateRoom refuses the template named name that a save would
// give ID id: a new template's ID is the number of templates, which is
// NoTemplate once the org is full.
func (o *Org) checkTemplateRoom(id TemplateID, name string) error {
	if id == NoTemplate {
		return &LimitError{Name: name, Limit: MaxTemplates, Err: ErrTooManyTemplates}
	}
	return nil
}

// addGroup appends a group and indexes its name.
func (o *Org) addGroup(g group) {
	if o.names.groups == nil {
		o.names.groups = map[string]GroupID{}
	}
	o.names.groups[g.name] = GroupID(len(o.groups))
	o.groups = append(o.groups, g)
	o.groupT = append(o.groupT, g.template)
}

// reindexTemplates brings the template index from old to tmpls, the
// templates that replace old: only entries whose name or liveness changed
// are touched.
func (n *nameIndex) reindexTemplates(old, tmpls []template) {
	if n.templates == nil {
		n.templates = map[string]TemplateID{}
	}
	for i := range tmpls {
		t, id := &tmpls[i], TemplateID(i)
		if i < len(old) {
			o := &old[i]
			if o.name == t.name && o.deleted == t.deleted {
				continue
			}
			if !o.deleted && n.templates[o.name] == id {
				delete(n.templates, o.name)
			}
		}
		if !t.deleted {
			n.templates[t.name] = id
		}
	}
}

// checkNames checks that the name index agrees with the groups and live
// templates (CheckInvariants, "state").
func (o *Org) checkNames(fail func(inv, format string, args ...any)) {
	if len(o.names.groups) != len(o.groups) {
		fail("state", "%d group names indexed for %d groups", len(o.names.groups), len(o.groups))
	}
	for i, g := range o.groups {
		if id, ok := o.names.groups[g.name]; !ok || id != GroupID(i) {
			fail("state", "group %q is not indexed by name", g.name)
		}
	}
	live := 0
	for i, t := range o.templates {
		if t.deleted {
			continue
		}
		live++
		if id, ok := o.names.templates[t.name]; !ok || id != TemplateID(i) {
			fail("state", "template %q is not indexed by name", t.name)
		}
	}
	if len(o.names.templates) != live {
		fail("state", "%d template names indexed for %d live templates", len(o.names.templates), live)
	}
}
