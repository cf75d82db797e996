// Package cmdargs reads the arguments of a datadriven scenario command
// (github.com/cockroachdb/datadriven) as typed values, for the scenario
// runners of the tests.
package cmdargs

import (
	"fmt"
	"strings"

	"github.com/cockroachdb/datadriven"
)

// Args is a typed view of a command's arguments that collects the first
// error. Getters take arguments (the last one with the key); Done rejects an
// argument no getter took, so that a typo in a scenario file fails. Take
// keys and flags before positional words with Pos.
type Args struct {
	list []datadriven.CmdArg
	used []bool
	err  error
}

// New returns the view of a command's arguments.
func New(list []datadriven.CmdArg) Args {
	return Args{list: list, used: make([]bool, len(list))}
}

func (a *Args) fail(format string, args ...any) {
	if a.err == nil {
		a.err = fmt.Errorf(format, args...)
	}
}

// find takes the last argument with the key that no getter took yet.
func (a *Args) find(key string) (datadriven.CmdArg, bool) {
	for i := len(a.list) - 1; i >= 0; i-- {
		if a.list[i].Key == key && !a.used[i] {
			a.used[i] = true
			return a.list[i], true
		}
	}
	return datadriven.CmdArg{}, false
}

// Pos takes the next positional word (an argument without a value), or
// fails naming what is missing.
func (a *Args) Pos(what string) string {
	for i, x := range a.list {
		if x.Vals == nil && !a.used[i] {
			a.used[i] = true
			return x.Key
		}
	}
	a.fail("missing %s", what)
	return ""
}

// Has reports whether an argument key is present and not yet taken.
func (a *Args) Has(key string) bool {
	for i, x := range a.list {
		if x.Key == key && !a.used[i] {
			return true
		}
	}
	return false
}

// Flag reports whether the word key is present (as "key" or "key=on").
func (a *Args) Flag(key string) bool { return a.Bool(key, false) }

// Bool returns key=on/off (true/false, yes/no), true for the bare word key,
// or def when key is absent.
func (a *Args) Bool(key string, def bool) bool {
	x, ok := a.find(key)
	switch {
	case !ok:
		return def
	case x.Vals == nil:
		return true
	case len(x.Vals) != 1:
		a.fail("%s: want one value, got %d", key, len(x.Vals))
		return def
	}
	switch strings.ToLower(x.Vals[0]) {
	case "true", "on", "yes":
		return true
	case "false", "off", "no":
		return false
	}
	a.fail("%s=%s: want on/off or true/false", key, x.Vals[0])
	return def
}

// String returns key's single value, or def when it is absent.
func (a *Args) String(key, def string) string {
	x, ok := a.find(key)
	if !ok {
		return def
	}
	if len(x.Vals) != 1 {
		a.fail("%s: want one value", key)
		return def
	}
	return x.Vals[0]
}

// StringList returns key's values (a single value is a one-element list)
// and whether key is present. key=() is the empty list: datadriven reads it
// as one empty value.
func (a *Args) StringList(key string) ([]string, bool) {
	x, ok := a.find(key)
	switch {
	case !ok:
		return nil, false
	case x.Vals == nil:
		a.fail("%s: want a value or a list", key)
	case len(x.Vals) == 1 && x.Vals[0] == "":
		return []string{}, true
	}
	return x.Vals, true
}

// Done returns the first error, or an error naming an argument no getter
// took.
func (a *Args) Done() error {
	if a.err != nil {
		return a.err
	}
	for i, x := range a.list {
		if !a.used[i] {
			return fmt.Errorf("unexpected argument %s", x)
		}
	}
	return nil
}

// Rest takes every positional word left, in order.
func (a *Args) Rest() []string {
	var out []string
	for i, x := range a.list {
		if x.Vals == nil && !a.used[i] {
			a.used[i] = true
			out = append(out, x.Key)
		}
	}
	return out
}
