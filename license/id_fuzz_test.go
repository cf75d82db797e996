package license

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

// FuzzParseID checks that ParseID never panics, that what it accepts is a
// valid ID that round-trips exactly, and that canonical input re-encodes to
// itself (LIC-6).
func FuzzParseID(f *testing.F) { // LIC-6
	seeds := []string{
		"",
		"=",
		"====",
		"Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvOTZhYmMyYWEtM2RjYy0xMWU1LWExNTItZmUzNDgxOWNkYzlhOkZNU18zYTZkZjc4NC1iNGUyLTRiYmYtYTIwOS0xNDVjNGZiMjhhODc",
		"Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvOTZhYmMyYWEtM2RjYy0xMWU1LWExNTItZmUzNDgxOWNkYzlhOkVFXzNhNmRmNzg0LWI0ZTItNGJiZi1hMjA5LTE0NWM0ZmIyOGE4N19leGFtcGxlLndlYmV4LmNvbQ==",
		"Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvbzpGVE1fdX5+fg==",
		"Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvbzpGVE1fdT8_Pw",
		"Y2lzY29zcGFyazovL3VzL0xJQ0VOU0Uvb3JnLTE6RlRDX3UxPz4=",
		"ciscospark://us/LICENSE/o:FMS_u",
		"Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvOTZhYmMyYWEtM2RjYy0xMWU1LWExNTItZmUzNDgxOWNkYzlh",
	}
	for _, uri := range []string{
		"ciscospark://us/LICENSE/u",
		"ciscospark://us/LICENSE/a/b",
		"ciscospark://us/PEOPLE/u",
		"ciscospark://us/LICENSE/o:EE_u_a_b",
		"ciscospark://us/LICENSE/o:EE__s",
		"ciscospark://us/LICENSE/o:EE_u_",
		"ciscospark://us/LICENSE/:FMS_u",
		"ciscospark://us/LICENSE/o:fms_u",
		"ciscospark://us/LICENSE/o:FMS",
		"ciscospark://us/LICENSE/a/b:FMS_u",
		"ciscospark://us/LICENSE/o:FMS_u\xff",
	} {
		seeds = append(seeds, base64.RawURLEncoding.EncodeToString([]byte(uri)))
		seeds = append(seeds, base64.StdEncoding.EncodeToString([]byte(uri)))
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseID(s)
		if err != nil {
			var ie *IDError
			if !errors.As(err, &ie) || !errors.Is(err, ErrMalformedID) {
				t.Fatalf("ParseID(%q) error %v (%T) is not an *IDError matching ErrMalformedID", s, err, err)
			}
			if ie.Input != s || ie.Reason == "" {
				t.Fatalf("ParseID(%q): IDError %#v", s, ie)
			}
			if id != (ID{}) {
				t.Fatalf("ParseID(%q) returned %#v with an error", s, id)
			}
			_ = err.Error()
			return
		}
		if !id.IsValid() {
			t.Fatalf("ParseID(%q) = %#v, which is not valid", s, id)
		}
		if _, err := NewID(id.Org, id.Code, id.UUID, id.Site); err != nil {
			t.Fatalf("NewID rejects the parts of ParseID(%q) = %#v: %v", s, id, err)
		}
		enc := id.String()
		id2, err := ParseID(enc)
		if err != nil {
			t.Fatalf("ParseID(%q) of %#v: %v", enc, id, err)
		}
		if id2 != id {
			t.Fatalf("round trip of %q: %#v became %#v", s, id, id2)
		}
		if enc2 := id2.String(); enc2 != enc {
			t.Fatalf("re-encoding unstable: %q then %q", enc, enc2)
		}
		if !strings.ContainsAny(s, "+/=") && enc != s {
			t.Fatalf("canonical input %q re-encodes to %q", s, enc)
		}
		if canon := strings.NewReplacer("+", "-", "/", "_", "=", "").Replace(s); enc != canon {
			t.Fatalf("input %q re-encodes to %q, want %q", s, enc, canon)
		}
	})
}

// FuzzIDURI fuzzes the decoded form: whatever ciscospark:// text is encoded,
// ParseID either rejects it with an IDError or returns the ID whose URI is
// exactly that text, whichever base64 spelling is used (LIC-6).
func FuzzIDURI(f *testing.F) { // LIC-6
	for _, uri := range []string{
		"ciscospark://us/LICENSE/o:FMS_u",
		"ciscospark://us/LICENSE/96abc2aa-3dcc-11e5-a152-fe34819cdc9a:EE_3a6df784-b4e2-4bbf-a209-145c4fb28a87_example.webex.com",
		"ciscospark://us/LICENSE/o:EE_u_a_b",
		"ciscospark://us/LICENSE/o:EE__s",
		"ciscospark://us/LICENSE/o:EE_u_",
		"ciscospark://us/LICENSE/:FMS_u",
		"ciscospark://us/LICENSE/o:fms_u",
		"ciscospark://us/LICENSE/o:FMS",
		"ciscospark://us/LICENSE/a/b:FMS_u",
		"ciscospark://us/LICENSE/o:FMS_u\xff",
		"ciscospark://us/LICENSE/o:x:FMS_u",
		"ciscospark://us/LICENSE/ørg:FMS_ü_ß",
		"ciscospark://us/LICENSE/96abc2aa-3dcc-11e5-a152-fe34819cdc9a",
		"ciscospark://us/LICENSE/",
		"ciscospark://us/PEOPLE/u",
	} {
		f.Add(uri)
	}
	f.Fuzz(func(t *testing.T, uri string) {
		canon := base64.RawURLEncoding.EncodeToString([]byte(uri))
		id, err := ParseID(canon)
		for _, alt := range []string{
			base64.URLEncoding.EncodeToString([]byte(uri)),
			base64.StdEncoding.EncodeToString([]byte(uri)),
			base64.RawStdEncoding.EncodeToString([]byte(uri)),
		} {
			id2, err2 := ParseID(alt)
			if id2 != id || (err == nil) != (err2 == nil) {
				t.Fatalf("%q: ParseID(%q) = %#v, %v but ParseID(%q) = %#v, %v", uri, canon, id, err, alt, id2, err2)
			}
			var ie, ie2 *IDError
			if err != nil && (!errors.As(err, &ie) || !errors.As(err2, &ie2) || ie.Reason != ie2.Reason) {
				t.Fatalf("%q: errors differ by spelling: %v vs %v", uri, err, err2)
			}
		}
		if err != nil {
			if uri == "" {
				return
			}
			var ie *IDError
			if !errors.As(err, &ie) || !errors.Is(err, ErrMalformedID) || ie.Input != canon {
				t.Fatalf("ParseID(%q) (URI %q): bad error %#v", canon, uri, err)
			}
			return
		}
		if !id.IsValid() || id.URI() != uri || id.String() != canon {
			t.Fatalf("URI %q parsed to %#v (URI %q, String %q)", uri, id, id.URI(), id.String())
		}
	})
}

// FuzzNewID checks that every ID NewID accepts round-trips through String and
// ParseID, and that NewID and IsValid agree (LIC-6).
func FuzzNewID(f *testing.F) { // LIC-6
	f.Add("o", "FMS", "u", "")
	f.Add("96abc2aa-3dcc-11e5-a152-fe34819cdc9a", "EE", "3a6df784-b4e2-4bbf-a209-145c4fb28a87", "example.webex.com")
	f.Add("o", "EE", "u", "a_b")
	f.Add("o", "EE", "u_v", "s")
	f.Add("o:p", "FMS", "u", "")
	f.Add("o", "FMS", "", "s")
	f.Add("", "", "u", "")
	f.Add("", "", "u", "s")
	f.Fuzz(func(t *testing.T, org, code, uuid, site string) {
		want := ID{Org: org, Code: code, UUID: uuid, Site: site}
		id, err := NewID(org, code, uuid, site)
		if (err == nil) != want.IsValid() {
			t.Fatalf("NewID%#v error %v but IsValid = %v", want, err, want.IsValid())
		}
		if err != nil {
			if !errors.Is(err, ErrMalformedID) || id != (ID{}) {
				t.Fatalf("NewID%#v = %#v, %v", want, id, err)
			}
			return
		}
		if id != want {
			t.Fatalf("NewID%#v = %#v", want, id)
		}
		got, err := ParseID(id.String())
		if err != nil || got != id {
			t.Fatalf("ParseID(%q) = %#v, %v; want %#v", id.String(), got, err, id)
		}
	})
}

// FuzzDecodeResourceID checks that DecodeResourceID never panics, that its
// errors are *IDError matching ErrMalformedID, and that what it decodes it
// decodes from every spelling: URL-safe or standard, padded or not.
func FuzzDecodeResourceID(f *testing.F) {
	for _, s := range []string{"", "=", "YQ", "YQ==", "YQ=", "Y2lzY29zcGFyazovL3VzL1BFT1BMRS91", "-_8", "+/8=", "a b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		uri, err := DecodeResourceID(s)
		if err != nil {
			var ie *IDError
			if !errors.As(err, &ie) || !errors.Is(err, ErrMalformedID) || ie.Input != s || uri != "" {
				t.Fatalf("DecodeResourceID(%q) = %q, %v: want \"\" and an *IDError matching ErrMalformedID", s, uri, err)
			}
			return
		}
		for _, enc := range []*base64.Encoding{base64.RawURLEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.StdEncoding} {
			spelt := enc.EncodeToString([]byte(uri))
			if got, err := DecodeResourceID(spelt); err != nil || got != uri {
				t.Fatalf("DecodeResourceID(%q) = %q, %v; %q decoded to %q", spelt, got, err, s, uri)
			}
		}
	})
}
