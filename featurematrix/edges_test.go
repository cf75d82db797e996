package featurematrix

import (
	"strings"
	"testing"
)

// TestValuesPastTheirNames: each value type names its zero value and the
// first value past its named ones as a value of no meaning, and an invalid
// table answers nothing; none of them panics.
func TestValuesPastTheirNames(t *testing.T) {
	tests := []struct{ got, want string }{
		{ButtonState(3).String(), "ButtonState(3)"},
		{Outcome(5).String(), "Outcome(5)"},
		{Value(5).String(), "Value(5)"},
		{PlusItem(0).String(), "PlusItem(0)"}, // the zero value is not an entry
		{PlusItem(6).String(), "PlusItem(6)"},
		{NavItem(0).String(), "NavItem(0)"},
		{NavItem(8).String(), "NavItem(8)"},
		{Condition(0).String(), ""},
		{Table(0).String(), "Table(0)"},
		{Table(5).String(), "Table(5)"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("String() = %q, want %q", tt.got, tt.want)
		}
	}
	if len(PlusItems()) != 5 || len(NavItems()) != 7 {
		t.Errorf("PlusItems() = %v, NavItems() = %v: the counts moved; move the values past them above", PlusItems(), NavItems())
	}
	for _, tb := range []Table{0, 5} {
		if tb.Rule() != "" || tb.Title() != "" || tb.Question() != "" || tb.Cell(F1) != (Cell{}) {
			t.Errorf("%v answers: %q %q %q %v", tb, tb.Rule(), tb.Title(), tb.Question(), tb.Cell(F1))
		}
		for _, l := range Combinations() {
			if tb.Covers(l) {
				t.Errorf("%v covers %v", tb, l)
			}
		}
	}
	if c := Table1.Cell(0); c != (Cell{}) {
		t.Errorf("Table1.Cell(0) = %v, want the zero Cell", c)
	}
}

// TestAnswersForNoFeature: a view asked for no feature, and an availability
// that is missing nothing yet not available (a zero value), say so.
func TestAnswersForNoFeature(t *testing.T) {
	v := Evaluate(Licenses{M: true}, Context{})
	if a := v.Feature(0); a.Available || a.Rule != "" || len(a.Missing) != 0 || a.Explain() != "Feature(0) is not a feature" {
		t.Errorf("Feature(0) = %+v, %q", a, a.Explain())
	}
	if got := (Availability{Feature: F1}).Explain(); got != "F1 is not available" {
		t.Errorf("Explain() = %q", got)
	}
	if got := joinStrings([]Feature(nil)); got != "none" {
		t.Errorf("joinStrings(nil) = %q", got)
	}
}

// TestMessagesWithoutNames: messages fill in what their value leaves out.
func TestMessagesWithoutNames(t *testing.T) {
	err := &UnavailableError{Availability: Check(F1, Licenses{}, Context{})}
	if got, want := err.Error(), "featurematrix: the user cannot send a direct (1:1) message: F1 needs Basic Messaging (FM-4)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got := (Verdict{Reason: "r"}).String(); got != "refused: r" {
		t.Errorf("Verdict without a rule = %q", got)
	}
	if got := (Delivery{Outcome: Dropped, Reason: "r"}).String(); got != "dropped: r" {
		t.Errorf("Delivery without a rule = %q", got)
	}
}

// TestParseErrorQuotesUpTo40Bytes: a parse error quotes 40 bytes of its
// input whole and cuts a longer one.
func TestParseErrorQuotesUpTo40Bytes(t *testing.T) {
	for n, cut := range map[int]bool{40: false, 41: true} {
		in := strings.Repeat("x", n)
		_, err := ParseFeature(in)
		msg := err.Error()
		if strings.Contains(msg, `"`+in+`"`) == cut || strings.Contains(msg, `..."`) != cut {
			t.Errorf("ParseFeature(%d bytes): %q; want cut %v", n, msg, cut)
		}
	}
}

// A zero ParseError reads without panicking.
func TestZeroParseError(t *testing.T) {
	if got := (&ParseError{}).Error(); got != `<nil>: cannot parse "" as ` {
		t.Errorf("zero ParseError = %q", got)
	}
}
