package sim

import "testing"

// firstDiff counts lines in the file, up to the first byte that
// differs (SIM-6: a replay names where a trace diverged).
func TestFirstDiff(t *testing.T) {
	tests := []struct {
		want, file string
		line       int
	}{
		{"a\nb\n", "a\nb", 2},
		{"a\nb\n", "a\nc\n", 2},
		{"a\nb\n", "a\n", 2},
		{"a\nb\n", "a", 1},
		{"a\nb\n", "", 1},
		{"a\nb\n", "a\nb\n\n", 3},
		{"a\nb\n", "a\r\nb\r\n", 1},
		{"", "x", 1},
	}
	for _, tt := range tests {
		if got := firstDiff([]byte(tt.want), []byte(tt.file)); got != tt.line {
			t.Errorf("firstDiff(%q, %q) = %d, want %d", tt.want, tt.file, got, tt.line)
		}
	}
}
