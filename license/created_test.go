package license

import (
	"testing"
	"time"
)

func TestLedgerCreated(t *testing.T) { // LIC-8
	l := NewLedger(MustDefault())
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	s, err := l.Add(Subscription{ID: "a", Created: at})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		s    SubID
		want time.Time
	}{{s, at}, {s + 1, time.Time{}}, {NoSub, time.Time{}}} {
		if got := l.Created(tt.s); !got.Equal(tt.want) {
			t.Errorf("Created(%d) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
