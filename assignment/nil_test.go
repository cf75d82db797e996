package assignment_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// Nil catalogs, plans and orgs get a typed error or an empty answer, never
// a panic; only New panics on a nil catalog, as documented.
func TestNilArguments(t *testing.T) {
	if o, err := assignment.NewOrg("org", nil); o != nil || !errors.Is(err, assignment.ErrNil) {
		t.Errorf("NewOrg(nil catalog) = %v, %v; want ErrNil", o, err)
	}
	if o, err := assignment.NewOrg("org", license.MustDefault()); o == nil || err != nil {
		t.Errorf("NewOrg = %v, %v", o, err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("New(nil catalog) does not panic")
			}
		}()
		assignment.New("org", nil)
	}()
	if _, err := assignment.ParseCSV(nil, []byte("email\n")); !errors.Is(err, assignment.ErrNil) {
		t.Errorf("ParseCSV(nil catalog): %v, want ErrNil", err)
	}
	if h := (assignment.CSVColumn{Kind: 3, Subscription: "s"}).Header(nil); h != "Basic Space Meetings [s]" {
		t.Errorf("Header(nil) = %q", h)
	}
	if e := assignment.NewTemplateLicenses(nil); e != nil {
		t.Errorf("NewTemplateLicenses(nil) = %v", e)
	}
	var p *assignment.Plan
	if !p.Empty() {
		t.Error("a nil plan is not empty")
	}
	o := newOrg(t, "a@x.com")
	if l := p.Lines(); l != nil {
		t.Errorf("Lines(nil) = %v", l)
	}
	c := assignment.Change{User: 99, Kind: license.NoKind, Template: 77}
	_ = p.Describe(c)
	_ = p.DescribeShortfall(assignment.Shortfall{User: 99, Kind: license.BasicMessaging, Other: license.NoKind})
	real, err := o.Plan(assignment.AddUsers{Users: []assignment.NewUser{{Email: "b@x.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	{ // a plan describes out-of-range IDs without panicking
		_ = real.Describe(assignment.Change{User: 99, Kind: 200, Op: 77, Sub: 9, From: 9, Reason: 99, Template: 77, Source: 9})
		_ = real.DescribeShortfall(assignment.Shortfall{User: 99, Kind: 200, Reason: 99, Other: 201})
	}
	if err := o.Apply(nil); !errors.Is(err, assignment.ErrStalePlan) {
		t.Errorf("Apply(nil): %v", err)
	}
	if _, err := o.Plan(nil); !errors.Is(err, assignment.ErrInvalidValue) {
		t.Errorf("Plan(nil): %v", err)
	}
	for name, org := range map[string]*assignment.Org{"nil org": nil, "zero org": {}} {
		if _, err := org.Plan(assignment.AddGroup{Name: "g"}); !errors.Is(err, assignment.ErrNil) {
			t.Errorf("%s: Plan: %v, want ErrNil", name, err)
		}
		if _, err := org.Do(assignment.AddGroup{Name: "g"}); !errors.Is(err, assignment.ErrNil) {
			t.Errorf("%s: Do: %v, want ErrNil", name, err)
		}
		if err := org.Apply(&assignment.Plan{}); !errors.Is(err, assignment.ErrNil) {
			t.Errorf("%s: Apply: %v, want ErrNil", name, err)
		}
	}
}

// Every method of a nil org, called with zero arguments, answers as the
// zero Org does (nothing, or ErrNil), and neither panics.
func TestNilOrgAnswersAsTheZeroOrg(t *testing.T) {
	typ := reflect.TypeFor[*assignment.Org]()
	for i := range typ.NumMethod() {
		m := typ.Method(i)
		call := func(o *assignment.Org) (out []any) {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s on %v panics: %v", m.Name, o, r)
				}
			}()
			args := []reflect.Value{reflect.ValueOf(o)}
			for j := 1; j < m.Type.NumIn(); j++ {
				if j == m.Type.NumIn()-1 && m.Type.IsVariadic() {
					break
				}
				args = append(args, reflect.Zero(m.Type.In(j)))
			}
			for _, r := range m.Func.Call(args) {
				if r.Kind() == reflect.Func { // an iterator: what it yields
					out = append(out, yielded(r))
					continue
				}
				out = append(out, r.Interface())
			}
			return out
		}
		if nilOut, zeroOut := call(nil), call(&assignment.Org{}); !reflect.DeepEqual(nilOut, zeroOut) {
			t.Errorf("%s: nil org gives %v, zero org %v", m.Name, nilOut, zeroOut)
		}
	}
	if err := (*assignment.Org)(nil).SetPlacer(nil); !errors.Is(err, assignment.ErrNil) {
		t.Errorf("SetPlacer on a nil org: %v, want ErrNil", err)
	}
}

// yielded runs an iterator (an iter.Seq or iter.Seq2) and returns what
// it yields.
func yielded(seq reflect.Value) []any {
	var got []any
	yield := reflect.MakeFunc(seq.Type().In(0), func(args []reflect.Value) []reflect.Value {
		for _, a := range args {
			got = append(got, a.Interface())
		}
		return []reflect.Value{reflect.ValueOf(true)}
	})
	seq.Call([]reflect.Value{yield})
	return got
}
