package webexapi

import (
	"encoding/json"
	"errors"
	"testing"
)

// seeds adds the testdata payloads and a few hostile ones.
func seeds(f *testing.F, files ...string) {
	for _, name := range files {
		f.Add(readFile(f, name))
	}
	for _, s := range []string{"", "null", "{}", "[]", `{"items":null}`, `{"items":[null]}`, `{"items":[{"id":""}]}`,
		`{"items":[{"emails":["a@b.co"],"licenses":null}]}`, `{"phoneNumbers":[{"owner":{}}]}`, "\xef\xbb\xbf{}", `{"a":1}{`} {
		f.Add([]byte(s))
	}
}

// checkDecodeError checks the error of a rejected payload.
func checkDecodeError(t *testing.T, err error) {
	t.Helper()
	var de *DecodeError
	if !errors.As(err, &de) || !errors.Is(err, ErrPayload) {
		t.Fatalf("error %v (%T) is not a *DecodeError", err, err)
	}
	_ = err.Error()
}

// FuzzDecodeLicenses: DecodeLicenses and DecodeLicense never panic; a
// rejected payload returns nothing; an accepted list resolves every ID it
// lists (LIC-6).
func FuzzDecodeLicenses(f *testing.F) { // LIC-6
	seeds(f, "licenses.json", "export_licenses.golden.json")
	cat := testCatalog()
	f.Fuzz(func(t *testing.T, data []byte) {
		if e, err := DecodeLicense(cat, data); err != nil {
			if e != (LicenseEntry{}) {
				t.Fatal("an entry with an error")
			}
			checkDecodeError(t, err)
		}
		v, err := DecodeLicenses(cat, data)
		if err != nil {
			if v != nil {
				t.Fatal("a view with an error")
			}
			checkDecodeError(t, err)
			return
		}
		for _, e := range v.Entries() {
			k, sub, err := v.Resolve(e.ID)
			if (err == nil) != (e.Kind != 0) || k != e.Kind || (err == nil && sub != e.Subscription) {
				t.Fatalf("entry %+v resolves to %v, %q, %v", e, k, sub, err)
			}
		}
	})
}

// FuzzDecodePeople: DecodePeople and DecodePerson never panic; an accepted person's e-mail is canonical
// and the users create or are refused as a whole.
func FuzzDecodePeople(f *testing.F) {
	seeds(f, "people.json", "export_people.golden.json")
	v := testView(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := v.DecodePerson(data, false); err != nil {
			checkDecodeError(t, err)
		}
		people, err := v.DecodePeople(data, true)
		if err != nil {
			if people != nil {
				t.Fatal("people with an error")
			}
			checkDecodeError(t, err)
			return
		}
		o := emptyOrg(t)
		before := orgState(o)
		for _, p := range people {
			if p.User.Email == "" {
				t.Fatalf("person without e-mail: %+v", p)
			}
			if _, err := o.Plan(addUsers(p)); err != nil && orgState(o) != before {
				t.Fatal("a refused plan changed the org")
			}
		}
	})
}

// FuzzAssign: never panics; whatever the body, a request that is not
// answered 200 leaves the org exactly as it was (LIC-7), and every answer
// has a body.
func FuzzAssign(f *testing.F) { // LIC-7
	seeds(f, "assign_request.json")
	for _, s := range []string{
		patch(email("eve@acme.com"), add(idBasicMsg), add(idAdvMsgB)),
		patch(email("eve@acme.com"), add(idAdvSpaceMeet), add(idAdvMsgA)),
		patch(email("bob@acme.com"), remove(idCallingPro), add(idCallingStd)),
		patch(email("eve@acme.com"), `{"id":"`+idCallingPro+`","properties":{"extension":"1"}}`),
		`{"email":"ann@acme.com","siteUrls":[{"siteUrl":"acme.webex.com","accountType":"attendee","operation":"remove"}]}`,
		`{"email":"ann@acme.com","siteUrls":[{"siteUrl":"ACME.webex.com","accountType":"attendee"}]}`,
		patch(email("eve@acme.com")+`,"orgId":"`+stdOrgID(testOrgID)+`"`, add(idBasicMsg)),
		patch(email("eve@acme.com")+`,"personId":"`+PersonID(testOrgID, "ann@acme.com")+`"`, add(idBasicMsg)),
	} {
		f.Add([]byte(s))
	}
	o := testOrg(f)
	view := testView(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		org := o.Clone()
		before := orgState(org)
		a := Assign(org, view, data, "t")
		if _, err := a.Body(); err != nil || (a.Response == nil) == (a.Error == nil) {
			t.Fatalf("answer %+v: %v", a, err)
		}
		if a.Status != 200 && orgState(org) != before {
			t.Fatalf("status %d changed the org", a.Status)
		}
		if a.Status == 200 {
			if err := org.CheckInvariants(); err != nil {
				t.Fatalf("after %s: %v", data, err)
			}
		}
	})
}

// FuzzLoadInventory: never panics; an accepted Numbers list loads an
// inventory that breaks no INV-4 rule and dumps what it loaded.
func FuzzLoadInventory(f *testing.F) {
	seeds(f, "numbers.json", "export_numbers.golden.json")
	locs, cal := readFile(f, "locations.json"), readFile(f, "calling_locations.json")
	people := orgPeople{testOrg(f)}
	f.Fuzz(func(t *testing.T, data []byte) {
		iv, c, err := LoadInventory(locs, cal, data, people)
		if err != nil {
			if iv != nil || c != nil {
				t.Fatal("an inventory with an error")
			}
			checkDecodeError(t, err)
			return
		}
		if v := iv.Violations(); len(v) != 0 {
			t.Fatalf("INV-4: %v", v)
		}
		list, err := ExportNumbers(iv, c, people)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := json.Marshal(list); err != nil {
			t.Fatal(err)
		}
	})
}
