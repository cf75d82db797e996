package calling

import (
	"errors"
	"testing"
)

// CAL-1, CAL-4: a manual placement needs a location enabled for calling and
// a number and/or an extension; a number passes CAL-3 (a)–(c) and lies in
// the location, and alone implies it; an extension is a digit string
// unique in the location.
func TestCheckPlacement(t *testing.T) {
	iv := testInventory(t)
	place(t, iv, Candidate{User: 7, WorkNumber: hq2.String()})
	must(t, iv.Apply(mustPlanManual(t, iv, Request{User: 8, Placement: Placement{Location: "BR", Extension: "200"}})))
	for _, tc := range []struct {
		name  string
		p     Placement
		want  Placed
		err   error
		code  int
		owner Owner
	}{
		{"CAL-1 number alone implies its location", Placement{Number: "+48221000001"}, Placed{User: 3, Location: "HQ", Number: hq1}, nil, 0, Owner{}},
		{"CAL-4 location and number", Placement{Location: "HQ", Number: "+48221000001"}, Placed{User: 3, Location: "HQ", Number: hq1}, nil, 0, Owner{}},
		{"CAL-4 location and extension", Placement{Location: "HQ", Extension: "101"}, Placed{User: 3, Location: "HQ", Extension: "101"}, nil, 0, Owner{}},
		{"CAL-4 all three", Placement{Location: "BR", Number: "+46812300001", Extension: "0100"}, Placed{User: 3, Location: "BR", Number: br1, Extension: "0100"}, nil, 0, Owner{}},
		{"CAL-4 number and extension without location", Placement{Number: "+46812300001", Extension: "100"}, Placed{User: 3, Location: "BR", Number: br1, Extension: "100"}, nil, 0, Owner{}},
		{"CAL-1 extension 100 taken in HQ is free in BR", Placement{Location: "BR", Extension: "100"}, Placed{User: 3, Location: "BR", Extension: "100"}, nil, 0, Owner{}},
		{"CAL-1 nothing", Placement{}, Placed{}, ErrMissingPlacement, CodeMissingPlacement, Owner{}},
		{"CAL-1 location only", Placement{Location: "HQ"}, Placed{}, ErrMissingPlacement, CodeMissingPlacement, Owner{}},
		{"CAL-1 extension without location", Placement{Extension: "101"}, Placed{}, ErrMissingPlacement, CodeMissingPlacement, Owner{}},
		{"CAL-1 unknown location", Placement{Location: "NOPE", Extension: "101"}, Placed{}, ErrUnknownLocation, CodeBadRequest, Owner{}},
		{"CAL-1 location not enabled", Placement{Location: "OFF", Extension: "101"}, Placed{}, ErrLocationNotValid, CodeMissingPlacement, Owner{}},
		{"CAL-1 location deleted", Placement{Location: "OLD", Extension: "101"}, Placed{}, ErrLocationNotValid, CodeMissingPlacement, Owner{}},
		{"CAL-1 number's location not enabled", Placement{Number: "+420200000001"}, Placed{}, ErrLocationNotValid, CodeMissingPlacement, Owner{}},
		{"CAL-4 number not E.164", Placement{Location: "HQ", Number: "48221000001"}, Placed{}, ErrNotE164, CodeBadRequest, Owner{}},
		{"CAL-4 number not pre-provisioned", Placement{Location: "HQ", Number: "+48221000404"}, Placed{}, ErrNotPreProvisioned, CodeBadRequest, Owner{}},
		{"CAL-4 number in another location", Placement{Location: "HQ", Number: "+46812300001"}, Placed{}, ErrOtherLocation, CodeBadRequest, Owner{}},
		{"CAL-4 number of a service", Placement{Number: "+48221000009"}, Placed{}, ErrNumberInUse, CodeBadRequest, hg},
		{"CAL-4 number of a user", Placement{Location: "HQ", Number: "+48221000002"}, Placed{}, ErrNumberInUse, CodeBadRequest, UserOwner(7)},
		{"CAL-12 extension of a service", Placement{Location: "HQ", Extension: "100"}, Placed{}, ErrExtensionInUse, CodeBadRequest, Owner{Type: AutoAttendant, ID: "aa-1"}},
		{"CAL-12 extension of a user", Placement{Number: "+46812300001", Extension: "200"}, Placed{}, ErrExtensionInUse, CodeBadRequest, UserOwner(8)},
		{"CAL-4 extension not digits", Placement{Location: "HQ", Extension: "1O1"}, Placed{}, ErrBadExtension, CodeBadRequest, Owner{}},
		{"CAL-4 extension with a blank", Placement{Location: "HQ", Extension: "101 "}, Placed{}, ErrBadExtension, CodeBadRequest, Owner{}},
		{"CAL-4 extension too long", Placement{Location: "HQ", Extension: "12345678901"}, Placed{}, ErrBadExtension, CodeBadRequest, Owner{}},
	} {
		before := iv.Clone()
		got, err := iv.CheckPlacement(3, tc.p)
		if d := diffInventory(before, iv); d != "" {
			t.Errorf("%s: CheckPlacement changed the inventory:\n%s", tc.name, d)
		}
		if tc.err == nil {
			if err != nil || got != tc.want {
				t.Errorf("%s: got %v, %v; want %v", tc.name, got, err, tc.want)
			}
			continue
		}
		var pe *PlacementError
		if !errors.As(err, &pe) || !errors.Is(err, tc.err) {
			t.Fatalf("%s: error %v, want a *PlacementError matching %v", tc.name, err, tc.err)
		}
		if pe.Code != tc.code || pe.Owner != tc.owner || pe.User != 3 || pe.Placement != tc.p {
			t.Errorf("%s: error %+v, want code %d, owner %v", tc.name, pe, tc.code, tc.owner)
		}
	}
}

func TestCheckPlacementUser(t *testing.T) {
	iv := testInventory(t)
	place(t, iv, Candidate{User: 7, WorkNumber: hq2.String()})
	if _, err := iv.CheckPlacement(7, Placement{Number: hq1.String()}); !errors.Is(err, ErrAlreadyPlaced) {
		t.Errorf("placed user: %v", err)
	}
	if _, err := iv.CheckPlacement(MaxUserKey+1, Placement{Number: hq1.String()}); !errors.Is(err, ErrUserKeyRange) {
		t.Errorf("key out of range: %v", err)
	}
}

func TestPlacementErrorMessage(t *testing.T) {
	_, err := testInventory(t).CheckPlacement(3, Placement{Location: "HQ", Number: "+48221000009", Extension: "5"})
	want := `user 3: placement {location "HQ", number "+48221000009", extension "5"}: calling: number in use (owned by HUNT_GROUP hg-1) (400)`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func mustPlanManual(t testing.TB, iv *Inventory, reqs ...Request) *Batch {
	t.Helper()
	b, err := iv.PlanManual(reqs)
	must(t, err)
	return b
}

// CAL-4, CAL-12: manual placements of one request are checked against each
// other too; an invalid one refuses them all.
func TestPlanManual(t *testing.T) {
	iv := testInventory(t)
	before := iv.Clone()
	for _, tc := range []struct {
		name  string
		reqs  []Request
		err   error
		owner Owner
	}{
		{"CAL-12 one number twice", []Request{{1, Placement{Number: "+48221000001"}}, {2, Placement{Location: "HQ", Number: "+48221000001"}}}, ErrNumberInUse, UserOwner(1)},
		{"CAL-12 one extension twice", []Request{{1, Placement{Location: "HQ", Extension: "7"}}, {2, Placement{Number: "+48221000003", Extension: "7"}}}, ErrExtensionInUse, UserOwner(1)},
		{"CAL-4 one bad placement", []Request{{1, Placement{Number: "+48221000001"}}, {2, Placement{Location: "HQ"}}}, ErrMissingPlacement, Owner{}},
		{"one user twice", []Request{{1, Placement{Number: "+48221000001"}}, {1, Placement{Number: "+48221000003"}}}, ErrDuplicateUser, Owner{}},
		{"key out of range", []Request{{MaxUserKey + 1, Placement{Number: "+48221000001"}}}, ErrUserKeyRange, Owner{}},
	} {
		b, err := iv.PlanManual(tc.reqs)
		if b != nil || !errors.Is(err, tc.err) {
			t.Errorf("%s: %v, %v; want %v", tc.name, b, err, tc.err)
		}
		var pe *PlacementError
		if errors.As(err, &pe) && pe.Owner != tc.owner {
			t.Errorf("%s: owner %v, want %v", tc.name, pe.Owner, tc.owner)
		}
	}
	if d := diffInventory(before, iv); d != "" {
		t.Errorf("planning changed the inventory:\n%s", d)
	}
	b := mustPlanManual(t, iv, Request{1, Placement{Location: "HQ", Extension: "7"}}, Request{2, Placement{Location: "BR", Extension: "7"}}, Request{3, Placement{Number: "+48221000001", Extension: "8"}})
	var got []Placed
	for p := range b.Placements() {
		got = append(got, p)
	}
	want := []Placed{{1, "HQ", E164{}, "7"}, {2, "BR", E164{}, "7"}, {3, "HQ", hq1, "8"}}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] || b.Len() != 3 {
		t.Fatalf("placements %v, want %v", got, want)
	}
	must(t, iv.Apply(b))
	if o, _ := iv.ExtensionOwner("HQ", "8"); o != UserOwner(3) {
		t.Errorf("extension 8 owned by %v", o)
	}
	if n, _ := iv.Lookup(hq1); n.Owner != UserOwner(3) {
		t.Errorf("hq1 owned by %v", n.Owner)
	}
	if v := iv.Violations(); len(v) != 0 {
		t.Errorf("violations: %v", v)
	}
}

// FuzzCheckPlacement: any placement text is judged without a panic or a
// change; what is accepted can be applied and keeps INV-4.
func FuzzCheckPlacement(f *testing.F) { // CAL-1
	f.Add("HQ", "+48221000001", "")
	f.Add("", "+48221000001", "100")
	f.Add("BR", "", "0100")
	f.Add("HQ", "", "12345678901")
	f.Add("OFF", "+420200000001", "1")
	f.Add("\x00", "+\xff", "١")
	f.Fuzz(func(t *testing.T, loc, num, ext string) {
		iv := testInventory(t)
		before := iv.Clone()
		p := Placement{Location: loc, Number: num, Extension: ext}
		got, err := iv.CheckPlacement(3, p)
		if d := diffInventory(before, iv); d != "" {
			t.Fatalf("CheckPlacement(%v) changed the inventory:\n%s", p, d)
		}
		if err != nil {
			var pe *PlacementError
			if !errors.As(err, &pe) || pe.Code == 0 {
				t.Fatalf("CheckPlacement(%v): %v", p, err)
			}
			_ = err.Error()
			return
		}
		if (loc != "" && got.Location != loc) || got.Number.String() != num || got.Extension != ext {
			t.Fatalf("CheckPlacement(%v) = %v", p, got)
		}
		must(t, iv.Apply(mustPlanManual(t, iv, Request{3, p})))
		if v := iv.Violations(); len(v) != 0 {
			t.Fatalf("violations after placing %v: %v", p, v)
		}
	})
}

// TestPlaceKeepsLocationCounts checks place's quick path for a number
// alone: a user placed again (which the engine never asks: CAL-7) or at a
// slot whose location is not the number's goes through setProfile, so
// the per-location counts that DeleteLocation and placedIn read stay
// right, and the profile is in the slot's location, also for a user not
// placed before.
func TestPlaceKeepsLocationCounts(t *testing.T) {
	iv := testInventory(t)
	place(t, iv, Candidate{User: 1, WorkNumber: hq1.String(), Synced: true})
	hq, err := iv.liveLoc("HQ")
	must(t, err)
	br, err := iv.liveLoc("BR")
	must(t, err)
	if !iv.placedIn(hq) || iv.placedIn(br) {
		t.Fatalf("after placing in HQ: HQ %v, BR %v", iv.placedIn(hq), iv.placedIn(br))
	}
	rec := iv.profiles[1]
	iv.place(1, slot{rec: rec, loc: br}) // the number's location is HQ
	if p, _ := iv.Profile(1); p.Location != "BR" || iv.placedIn(hq) || !iv.placedIn(br) {
		t.Fatalf("placed again at BR: profile %+v, HQ %v, BR %v", p, iv.placedIn(hq), iv.placedIn(br))
	}
	iv.place(1, slot{rec: rec, loc: hq})
	if iv.placedIn(br) || !iv.placedIn(hq) {
		t.Fatalf("placed back at HQ: HQ %v, BR %v", iv.placedIn(hq), iv.placedIn(br))
	}
	i, _ := iv.find(hq2.v)
	iv.growProfiles(2)
	iv.place(2, slot{rec: i + 1, loc: br}) // the number's location is HQ
	if p, _ := iv.Profile(2); p.Location != "BR" || p.Number != hq2 || !iv.placedIn(br) {
		t.Fatalf("user 2 placed at BR: profile %+v, BR %v", p, iv.placedIn(br))
	}
}
