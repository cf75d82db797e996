package webexapi

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// A flag that is neither a boolean nor "true"/"false" is refused with a
// message that is valid UTF-8, however its value is cut short.
func TestFlagErrorIsValidUTF8(t *testing.T) {
	body := `{"emails":["ann@acme.com"],"invitePending":"` + strings.Repeat("ą", 20) + `"}`
	_, err := testView(t).DecodePerson([]byte(body), false)
	if !errors.Is(err, ErrPayload) {
		t.Fatalf("error %v, want ErrPayload", err)
	}
	if !utf8.ValidString(err.Error()) {
		t.Errorf("error message is not UTF-8: %q", err.Error())
	}
}
