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

// A payload that is not UTF-8 is not JSON (RFC 8259): it is refused, not
// read with its bad bytes silently replaced, which would turn
// "ann\xff@acme.com" into another user's e-mail.
func TestPayloadNotUTF8IsRefused(t *testing.T) {
	o := testOrg(t)
	before := orgState(o)
	if _, err := testView(t).DecodePerson([]byte("{\"emails\":[\"ann\xff@acme.com\"]}"), false); !errors.Is(err, ErrPayload) {
		t.Errorf("DecodePerson: error %v, want ErrPayload", err)
	}
	if _, err := DecodeLicenses(testCatalog(), []byte("{\"items\":[{\"id\":\""+idBasicMsg+"\",\"name\":\"Basic Messaging\xff\"}]}")); !errors.Is(err, ErrPayload) {
		t.Errorf("DecodeLicenses: error %v, want ErrPayload", err)
	}
	a := Assign(o, testView(t), []byte(patch(email("eve\xff@acme.com"), add(idBasicMsg))), "")
	if a.Status != 400 || !errors.Is(a.Err, ErrPayload) {
		t.Errorf("Assign: %d %v, want 400 and ErrPayload", a.Status, a.Err)
	}
	if orgState(o) != before {
		t.Error("a refused request changed the org")
	}
}
