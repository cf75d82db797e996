package license

import (
	"errors"
	"strings"
	"testing"
)

// The license IDs of the public API reference's examples: opaque, with no
// org and no code (the second's "UUID" is not even hexadecimal).
var idReferenceExamples = []struct{ in, uuid string }{
	{"Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvOTZhYmMyYWEtM2RjYy0xMWU1LWExNTItZmUzNDgxOWNkYzlh", "96abc2aa-3dcc-11e5-a152-fe34819cdc9a"},
	{"Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvOTZhYmMyYWEtM2RjYy0xMWU1LTU2eTctMGY0NTU2YWRleWhu", "96abc2aa-3dcc-11e5-56y7-0f4556adeyhn"},
	{"Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvOTZhYmMyYWEtM2RjYy0xMWU1LTIzNDItMGY0NTU2YWRlZXJm", "96abc2aa-3dcc-11e5-2342-0f4556adeerf"},
}

// TestParseIDOpaque checks that IDs written as the API reference writes them
// parse as opaque IDs, never an error, and round-trip exactly (LIC-6).
func TestParseIDOpaque(t *testing.T) { // LIC-6
	for _, tt := range idReferenceExamples {
		id, err := ParseID(tt.in)
		if err != nil {
			t.Fatalf("ParseID(%q): %v", tt.in, err)
		}
		if want := (ID{UUID: tt.uuid}); id != want {
			t.Errorf("ParseID(%q) = %#v, want %#v", tt.in, id, want)
		}
		if !id.Opaque() || !id.IsValid() {
			t.Errorf("%#v: Opaque = %v, IsValid = %v", id, id.Opaque(), id.IsValid())
		}
		if got := id.String(); got != tt.in {
			t.Errorf("String() = %q, want %q", got, tt.in)
		}
		if got := id.URI(); got != idURIPrefix+tt.uuid {
			t.Errorf("URI() = %q", got)
		}
		if got, err := NewID("", "", tt.uuid, ""); err != nil || got != id {
			t.Errorf("NewID of the opaque parts = %#v, %v", got, err)
		}
		text, err := id.MarshalText()
		var back ID
		if err != nil || back.UnmarshalText(text) != nil || back != id {
			t.Errorf("text round trip of %#v: %q, %v, %#v", id, text, err, back)
		}
	}
	if (ID{Org: "o", Code: "FMS", UUID: "u"}).Opaque() || (ID{}).Opaque() {
		t.Error("a coded or zero ID reports Opaque")
	}
}

// TestParseIDOtherResource checks that the ID of another resource type is
// rejected with a reason naming the type (LIC-6).
func TestParseIDOtherResource(t *testing.T) { // LIC-6
	for _, typ := range []string{"PEOPLE", "ORGANIZATION", "LOCATION", "ROLE"} {
		in := idRawURL("ciscospark://us/" + typ + "/f5b36187-c8dd-4727-8b2f-f9c447f29046")
		_, err := ParseID(in)
		var ie *IDError
		if !errors.As(err, &ie) || !errors.Is(err, ErrMalformedID) {
			t.Fatalf("ParseID(%s ID) = %v, want an *IDError", typ, err)
		}
		if !strings.Contains(ie.Reason, `"`+typ+`"`) || !strings.Contains(err.Error(), typ) {
			t.Errorf("error %q does not name the type %s", err, typ)
		}
	}
}

// TestKindOfID checks how a license ID maps to a kind (LIC-6): a coded ID by
// its code, an opaque one by the license name it comes with, an unknown code
// or name as an unknown kind, never an error.
func TestKindOfID(t *testing.T) { // LIC-6
	cat := MustDefault("example.webex.com")
	host, _ := cat.SiteKind("example.webex.com", RoleHost)
	opaque := MustParseID(idReferenceExamples[0].in)
	tests := []struct {
		name      string
		id        ID
		lic, site string
		want      Kind
	}{
		{"opaque, catalog name", opaque, "Advanced Messaging", "", AdvancedMessaging},
		{"opaque, name in another case", opaque, " webex calling professional", "", CallingProfessional},
		{"opaque, unknown name", opaque, "Meeting - Webex Meeting Center", "", NoKind},
		{"opaque, unknown name on a catalog site", opaque, "Meeting - Webex Meeting Center", "example.webex.com", host},
		{"opaque, unknown name on another site", opaque, "Meeting - Webex Meeting Center", "other.webex.com", NoKind},
		{"opaque, no name", opaque, "", "", NoKind},
		{"coded: the code wins over the name", ID{Org: "o", Code: "FMS", UUID: "u"}, "Advanced Messaging", "", BasicMessaging},
		{"coded site license", ID{Org: "o", Code: "EE", UUID: "u", Site: "example.webex.com"}, "", "", host},
		{"coded, unknown code", ID{Org: "o", Code: "ZZZ", UUID: "u"}, "Advanced Messaging", "", NoKind},
		{"invalid ID", ID{Org: "o", UUID: "u"}, "Advanced Messaging", "", NoKind},
	}
	for _, tt := range tests {
		if got := cat.KindOfID(tt.id, tt.lic, tt.site); got != tt.want {
			t.Errorf("%s: KindOfID = %v, want %v", tt.name, got, tt.want)
		}
	}
}
