package webexapi

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLocateNamesTheBadValue checks that a type error's field names the
// bad value with its indices, wherever it sits, a Flag's included, the
// same in the default build and under GOEXPERIMENT=jsonv2 (CI runs both).
func TestLocateNamesTheBadValue(t *testing.T) {
	type item struct {
		A int             `json:"a"`
		E []string        `json:"e"`
		O struct{ X int } `json:"o"`
		M map[string]int  `json:"m"`
		F Flag            `json:"f"`
	}
	type doc struct {
		Items []item `json:"items"`
		N     int    `json:"n"`
	}
	for _, tt := range []struct{ in, want string }{
		{`{"items":[{"a":1},{"a":"xy"}]}`, "items[1].a"},
		{`{"items":[{"a":1},{"e":"xy"}]}`, "items[1].e"},
		{`{"items":[{"a":1},{"e":["a", 5]}]}`, "items[1].e[1]"},
		{`{"items":[{"a":1},{"o":[1,2]}]}`, "items[1].o"},
		{`{"items":[{"a":1},{"o":{"X":[1,2]}}]}`, "items[1].o.X"},
		{`{"items":[{"o":{"X":1}},{"o":{"X":2}} , { "o" : { "X" : true } }]}`, "items[2].o.X"},
		{`{"items":[{"m":{"k":1}},{"m":{"k":1,"7":"x"}}]}`, "items[1].m.7"},
		{`{"n":1,"items":[{"a":1}],"n":"x"}`, "n"},
		{`{"items":{}}`, "items"},
		{`{"items":[{"f":true},{"f":false},{"f":"maybe"}]}`, "items[2].f"},
		{`{"items":[{"f":true},{"f":"no"},{"f":"maybe"}]}`, "items[1].f"},
		{`[]`, "(top level)"},
		{`"x"`, "(top level)"},
	} {
		var d doc
		err := decode("test", []byte(tt.in), &d)
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Errorf("%s: error %v, want a *DecodeError", tt.in, err)
			continue
		}
		if de.Field != tt.want {
			t.Errorf("%s: field %q, want %q (%v)", tt.in, de.Field, tt.want, err)
		}
	}
}

// TestLocateFindsNothing checks the answers locate gives when no value
// fits: the caller then names the top level.
func TestLocateFindsNothing(t *testing.T) {
	refuse := func([]byte) bool { return true }
	accept := func([]byte) bool { return false }
	for _, tt := range []struct {
		data, field string
		offset      int64
		bad         func([]byte) bool
		want        string
	}{
		{`{"a":1}`, "b", 5, refuse, ""},
		{`{"a":1}`, "a", 0, accept, ""},
		{`{"a":1,"b":{"a":2}}`, "a", 0, refuse, "a"},
		{`{"a":[1,2],"a":3}`, "a", 0, refuse, "a"},
		{`{"a":`, "a", 0, refuse, ""},
		{``, "", 0, refuse, ""},
	} {
		if got := locate([]byte(tt.data), []string{tt.field}, tt.offset, tt.bad); got != tt.want {
			t.Errorf("locate(%s, %q, %d) = %q, want %q", tt.data, tt.field, tt.offset, got, tt.want)
		}
	}
}

// TestOffsetAtStart pins the probe of this build's offsets: at the start
// of the bad value under GOEXPERIMENT=jsonv2, after it otherwise.
func TestOffsetAtStart(t *testing.T) {
	var v struct{ A int }
	var te *json.UnmarshalTypeError
	if err := json.Unmarshal([]byte(`{"A":"x"}`), &v); !errors.As(err, &te) {
		t.Fatal(err)
	}
	if got := offsetAtStart(); got != (te.Offset == 5) || got != jsonV2 {
		t.Errorf("offsetAtStart() = %v with the offset %d, jsonv2 %v", got, te.Offset, jsonV2)
	}
}

func TestStripIndices(t *testing.T) {
	for in, want := range map[string]string{"": "", "items.0.name": "items.name", "a.12.b.3": "a.b", "a1.b": "a1.b", "0": ""} {
		if got := stripIndices(in); got != want {
			t.Errorf("stripIndices(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFlagFields checks the paths a Flag's error may come from, as
// encoding/json names fields: by tag, by Go name without one, through
// pointers, slices and arrays, not through unexported or "-" fields.
func TestFlagFields(t *testing.T) {
	type inner struct {
		On  Flag
		Off *Flag `json:"off,omitempty"`
	}
	type outer struct {
		Items  []inner     `json:"items"`
		Ptr    *inner      `json:"ptr"`
		Arr    [2][]*inner `json:"arr"`
		Skip   Flag        `json:"-"`
		hidden Flag
		N      int
		Top    Flag `json:",omitempty"`
	}
	want := []string{"items.On", "items.off", "ptr.On", "ptr.off", "arr.On", "arr.off", "Top"}
	if diff := cmp.Diff(want, flagFields(reflect.TypeFor[*outer]())); diff != "" {
		t.Errorf("flagFields (-want +got):\n%s", diff)
	}
	if got := flagFields(reflect.TypeFor[PeopleList]()); !slices.Equal(got, []string{"items.invitePending", "items.loginEnabled"}) {
		t.Errorf("flagFields(PeopleList) = %q", got)
	}
	_ = outer{}.hidden
	type node struct { // a recursive type: its paths stop at a depth
		On   Flag
		Next *node
	}
	if got := flagFields(reflect.TypeFor[node]()); len(got) == 0 || len(got) > 10 || got[1] != "Next.On" {
		t.Errorf("flagFields(node) = %q", got)
	}
}

// FuzzLocate checks that locate never panics on any data, field and
// offset, and that with no offset it names a value bad refuses.
func FuzzLocate(f *testing.F) {
	f.Add([]byte(`{"items":[{"a":1},{"a":"xy"}]}`), "items.a", int64(27))
	f.Add([]byte(`{"items":[{"f":true},{"f":"x"}]}`), "items.f", int64(0))
	f.Add([]byte(`[1,[2,{"k":[3]}]]`), "k", int64(12))
	f.Add([]byte(`{"a":`), "a", int64(-1))
	f.Fuzz(func(t *testing.T, data []byte, field string, offset int64) {
		got := locate(data, []string{field}, offset, flagRefuses)
		if offset != 0 || got == "" {
			return
		}
		n := 0
		walkJSON(data, func(v jsonValue) {
			if v.path == got && flagRefuses(data[v.start:v.end]) {
				n++
			}
		})
		if n == 0 {
			t.Errorf("locate named %q, which is no value Flag refuses", got)
		}
	})
}
