package featurematrix

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestFeatureStrings(t *testing.T) {
	fs := Features()
	if len(fs) != NumFeatures || fs[0] != F1 || fs[NumFeatures-1] != F12 {
		t.Fatalf("Features() = %v", fs)
	}
	descs := map[string]bool{}
	for i, f := range fs {
		if want := "F" + strconv.Itoa(i+1); f.String() != want {
			t.Errorf("%d: String() = %q, want %q", i, f.String(), want)
		}
		if f.Description() == "" || f.SourceRow() == "" || descs[f.Description()] {
			t.Errorf("%s: description %q, source row %q", f, f.Description(), f.SourceRow())
		}
		descs[f.Description()] = true
		for _, s := range []string{f.String(), strings.ToLower(f.String())} {
			if g, err := ParseFeature(s); err != nil || g != f {
				t.Errorf("ParseFeature(%q) = %v, %v", s, g, err)
			}
		}
	}
	if got := Feature(0).String(); got != "Feature(0)" {
		t.Errorf("Feature(0).String() = %q", got)
	}
	if Feature(13).Valid() || Feature(13).Description() != "" || Feature(13).SourceRow() != "" {
		t.Error("Feature(13) is a feature")
	}
	if F1.Description() != "send a direct (1:1) message" || F11.Description() != "annotate" {
		t.Error("descriptions differ from SPEC section 4")
	}
}

func TestParseFeatureErrors(t *testing.T) {
	for _, s := range []string{"", "F", "F0", "F01", "F13", "F99", "F100", "G1", " F1", "F1 ", "F+1", "F-1", "1", "F１"} {
		_, err := ParseFeature(s)
		var pe *ParseError
		if !errors.Is(err, ErrUnknownFeature) || !errors.As(err, &pe) || pe.Input != s || pe.What != "feature" {
			t.Errorf("ParseFeature(%q) error = %v", s, err)
		}
	}
	long := strings.Repeat("ż", 100)
	_, err := ParseFeature(long)
	if err == nil || len(err.Error()) > 150 {
		t.Errorf("long input: error %q", err)
	}
}

func FuzzParseFeature(f *testing.F) {
	for _, s := range []string{"F1", "f12", "F13", "F0", "F01", "", "F", "Fx", "F1\x00", "ż"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		feat, err := ParseFeature(s)
		if err != nil {
			if !errors.Is(err, ErrUnknownFeature) {
				t.Fatalf("ParseFeature(%q): error %v does not match ErrUnknownFeature", s, err)
			}
			_ = err.Error()
			return
		}
		if !feat.Valid() || !strings.EqualFold(feat.String(), s) {
			t.Fatalf("ParseFeature(%q) = %v", s, feat)
		}
	})
}
