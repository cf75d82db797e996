package sim

import "testing"

// countOccurrences accepts exactly MaxOccurrences occurrences and refuses
// one more, without scheduling any: a statement repeating each second
// from the first to the 10,000,000th makes MaxOccurrences, and one that
// fires once at the start one too many.
func TestCountOccurrencesBoundary(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want string
	}{
		{"until 115d17h46m40s\nevery 1s users 1\n", ""},
		{"until 115d17h46m40s\nevery 1s until 115d17h46m39s users 1\n", ""},
		{"until 115d17h46m40s\nevery 1s users 1\nusers 1\n", "sim: o.scn:3: more than 10000000 occurrences before the end"},
		{"until 115d17h46m41s\nevery 1s users 1\n", "sim: o.scn:2: more than 10000000 occurrences before the end"},
	} {
		sc := MustParse("o.scn", tt.src)
		err := (&Sim{sc: sc, until: sc.Until}).countOccurrences()
		if got := errText(err); got != tt.want {
			t.Errorf("%q: countOccurrences = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
