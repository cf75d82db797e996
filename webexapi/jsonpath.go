package webexapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// A type error's field, as encoding/json gives it, has no array indices
// ("items.totalUnits") in the default build and has them as path segments
// ("items.0.totalUnits") under GOEXPERIMENT=jsonv2, whose offset is also
// where the bad value starts rather than where it ends; and v2 names
// neither the field nor the offset of an UnmarshalJSON method's error (a
// Flag's). locate finds the bad value in the payload instead, so that both
// builds name it alike and as a refused value is named:
// "items[3].totalUnits".

// offsetAtStart reports whether this build's encoding/json gives a type
// error's offset at the start of the bad value (v2) rather than at its end
// (v1), by decoding one such error.
var offsetAtStart = sync.OnceValue(func() bool {
	var v struct{ A int }
	var te *json.UnmarshalTypeError
	err := json.Unmarshal([]byte(`{"A":"x"}`), &v)
	return errors.As(err, &te) && te.Offset == int64(len(`{"A":`))
})

// jsonValue is one value of a payload: its path with indices, e.g.
// "items[3].emails[0]", its path without them as encoding/json's field
// gives it ("items.emails"), and the bytes it spans.
type jsonValue struct {
	path, field string
	start, end  int64
}

// locate returns the indexed path of the value a type error is about: the
// innermost value at one of fields (paths without indices) whose span
// holds offset (its start under v2; its end, or inside it, under v1), or,
// with no offset (an error from an UnmarshalJSON method), the first value
// at one of fields that bad refuses. It returns "" when no value fits.
func locate(data []byte, fields []string, offset int64, bad func([]byte) bool) string {
	atStart := offsetAtStart()
	var best jsonValue
	fits := func(v jsonValue) bool {
		switch {
		case offset == 0:
			return bad(data[v.start:v.end]) && (best.path == "" || v.start < best.start)
		case atStart:
			return v.start == offset
		}
		return v.start < offset && offset <= v.end && v.start >= best.start
	}
	walkJSON(data, func(v jsonValue) {
		if slices.Contains(fields, v.field) && fits(v) {
			best = v
		}
	})
	return best.path
}

// flagFields returns the paths, without indices, of the Flag fields of a
// value of type t, as encoding/json names them: where a Flag's error may
// come from when encoding/json does not say (GOEXPERIMENT=jsonv2).
func flagFields(t reflect.Type) []string {
	var out []string
	var walk func(t reflect.Type, path string, depth int)
	walk = func(t reflect.Type, path string, depth int) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			t = t.Elem()
		}
		if t == reflect.TypeFor[Flag]() {
			out = append(out, path)
			return
		}
		if t.Kind() != reflect.Struct || depth > 8 { // the payloads nest a few levels
			return
		}
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case !f.IsExported() || name == "-":
				continue
			case name == "":
				name = f.Name
			}
			walk(f.Type, joinKey(path, name), depth+1)
		}
	}
	walk(t, "", 0)
	return out
}

// stripIndices drops the segments of a dotted path that are all digits.
func stripIndices(field string) string {
	parts := strings.Split(field, ".")
	kept := parts[:0]
	for _, p := range parts {
		if !allDigits(p) {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, ".")
}

func allDigits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// walkJSON calls f for every value of data that is a member of an object
// or an element of an array, a value inside another before it, until
// data stops scanning (it is decoded before, so it scans).
func walkJSON(data []byte, f func(jsonValue)) {
	type frame struct {
		v     jsonValue
		array bool
		index int
		key   string
		keyed bool // an object's next token is its member's value, not a key
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var stack []frame
	for {
		start := skipSeparators(data, dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			v := stack[len(stack)-1].v
			v.end = dec.InputOffset()
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				f(v)
			}
			continue
		}
		v := jsonValue{start: start}
		if n := len(stack); n > 0 {
			top := &stack[n-1]
			v.path, v.field = top.v.path, top.v.field
			switch {
			case top.array:
				v.path += "[" + strconv.Itoa(top.index) + "]"
				top.index++
			case !top.keyed:
				top.key, top.keyed = tok.(string), true
				continue
			default:
				v.path = joinKey(v.path, top.key)
				if !allDigits(top.key) {
					v.field = joinKey(v.field, top.key)
				}
				top.keyed = false
			}
		}
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, frame{v: v, array: d == '['})
			continue
		}
		v.end = dec.InputOffset()
		if len(stack) > 0 {
			f(v)
		}
	}
}

// skipSeparators returns the offset of the first byte of data from i on
// that is not white space, a comma or a colon.
func skipSeparators(data []byte, i int64) int64 {
	for i < int64(len(data)) && bytes.IndexByte([]byte(" \t\r\n,:"), data[i]) >= 0 {
		i++
	}
	return i
}

func joinKey(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
