package calling

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// CAL-9: removing Webex Calling destroys the placement, number, extension,
// voicemail settings and PIN and the call settings, and lists them; the
// number and extension are free at once; re-placing needs CAL-3 again and
// gives a fresh default profile.
func TestRemove(t *testing.T) {
	iv := testInventory(t)
	must(t, iv.Apply(mustPlanManual(t, iv, Request{1, Placement{Number: hq1.String(), Extension: "101"}}, Request{2, Placement{Location: "BR", Extension: "7"}})))
	vm := Voicemail{Enabled: false, Rings: 5, EmailCopy: true}
	cs := CallSettings{DoNotDisturb: true, BlockCallerID: true}
	must(t, iv.SetVoicemail(1, vm))
	must(t, iv.SetVoicemailPIN(1, "123456"))
	must(t, iv.SetCallSettings(1, cs))
	before := iv.Clone()
	preview, err := iv.Destroys(1, 2)
	must(t, err)
	if d := diffInventory(before, iv); d != "" {
		t.Fatalf("Destroys changed the inventory:\n%s", d)
	}
	want := []Destroyed{
		{User: 1, Profile: Profile{Location: "HQ", Number: hq1, Extension: "101", Voicemail: vm, PINSet: true, Settings: cs}},
		{User: 2, Profile: Profile{Location: "BR", Extension: "7", Voicemail: DefaultVoicemail(), Settings: DefaultCallSettings()}},
	}
	if d := cmp.Diff(want, preview, e164s); d != "" {
		t.Errorf("Destroys (-want +got):\n%s", d)
	}
	if got, w := want[0].String(), "user 1: placement in HQ, number +48221000001, extension 101, voicemail settings, voicemail PIN, call settings"; got != w {
		t.Errorf("String = %q, want %q", got, w)
	}
	if got, w := want[1].String(), "user 2: placement in BR, extension 7, voicemail settings, call settings"; got != w {
		t.Errorf("String = %q, want %q", got, w)
	}
	got, err := iv.Remove(1, 2)
	must(t, err)
	if d := cmp.Diff(want, got, e164s); d != "" {
		t.Errorf("Remove (-want +got):\n%s", d)
	}
	if iv.Placed(1) || iv.Placed(2) {
		t.Error("users still placed")
	}
	if n, _ := iv.Lookup(hq1); !n.Owner.IsZero() {
		t.Errorf("number not freed: %v", n.Owner)
	}
	if _, ok := iv.ExtensionOwner("HQ", "101"); ok {
		t.Error("extension not freed")
	}
	// The freed number can go to someone else at once; user 1 then fails
	// CAL-3 with the old number, and placed anew gets a fresh profile.
	place(t, iv, Candidate{User: 3, WorkNumber: hq1.String()})
	if _, err := iv.CheckWorkNumber(1, hq1.String()); !errors.Is(err, ErrNumberInUse) {
		t.Errorf("old number: %v", err)
	}
	place(t, iv, Candidate{User: 1, WorkNumber: hq2.String()})
	p, _ := iv.Profile(1)
	if fresh := (Profile{Location: "HQ", Number: hq2, Voicemail: DefaultVoicemail(), Settings: DefaultCallSettings()}); p != fresh {
		t.Errorf("re-placed profile %+v, want %+v", p, fresh)
	}
	if v := iv.Violations(); len(v) != 0 {
		t.Errorf("violations: %v", v)
	}
}

// CAL-9: a removal is all-or-nothing.
func TestRemoveRefusals(t *testing.T) {
	iv := testInventory(t)
	place(t, iv, Candidate{User: 1, WorkNumber: hq1.String()})
	before := iv.Clone()
	_, err := iv.Remove(1, 2)
	refused(t, "unplaced user", err, ErrNotPlaced, before, iv)
	_, err = iv.Remove(1, 1)
	refused(t, "user twice", err, ErrDuplicateUser, before, iv)
	_, err = iv.Remove(MaxUserKey + 5)
	refused(t, "key out of range", err, ErrNotPlaced, before, iv)
}

// A placed user's settings changes are refused, changing nothing, when
// out of range (rings 2 to 20, a PIN of 6 to 30 ASCII digits) or for a
// user not placed; a PIN of 6 or of 30 digits is set.
func TestProfileSettings(t *testing.T) {
	iv := testInventory(t)
	place(t, iv, Candidate{User: 1, WorkNumber: hq1.String()})
	before := iv.Clone()
	for _, tc := range []struct {
		name string
		err  error
		want error
	}{
		{"rings 1", iv.SetVoicemail(1, Voicemail{Rings: 1}), ErrBadSetting},
		{"rings 21", iv.SetVoicemail(1, Voicemail{Rings: 21}), ErrBadSetting},
		{"PIN short", iv.SetVoicemailPIN(1, "12345"), ErrBadSetting},
		{"PIN letters", iv.SetVoicemailPIN(1, "12345a"), ErrBadSetting},
		{"PIN long", iv.SetVoicemailPIN(1, "1234567890123456789012345678901"), ErrBadSetting},
		{"PIN invisible", iv.SetVoicemailPIN(1, "123456\u200b"), ErrBadSetting},
		{"voicemail unplaced", iv.SetVoicemail(2, DefaultVoicemail()), ErrNotPlaced},
		{"PIN unplaced", iv.SetVoicemailPIN(2, "123456"), ErrNotPlaced},
		{"settings unplaced", iv.SetCallSettings(2, DefaultCallSettings()), ErrNotPlaced},
	} {
		refused(t, tc.name, tc.err, tc.want, before, iv)
	}
	var ie *InputError
	if err := iv.SetVoicemailPIN(1, "1234"); !errors.As(err, &ie) || ie.Value != "****" {
		t.Errorf("PIN error %v, want the PIN masked", err)
	}
	if _, ok := iv.Profile(2); ok {
		t.Error("profile of an unplaced user")
	}
	for _, pin := range []string{"123456", strings.Repeat("1234567890", 3)} {
		if err := iv.SetVoicemailPIN(1, pin); err != nil {
			t.Errorf("SetVoicemailPIN of %d digits: %v", len(pin), err)
		}
	}
	if p, _ := iv.Profile(1); !p.PINSet {
		t.Error("no PIN set")
	}
}

// Settings set back to the defaults give the fresh profile again, and
// leave the other users' profiles as they were: a user placed by number
// alone, whose profile is implicit, and one with an extension.
func TestProfileBackToDefaults(t *testing.T) {
	iv := testInventory(t)
	place(t, iv, Candidate{User: 1, WorkNumber: hq1.String()})
	must(t, iv.Apply(mustPlanManual(t, iv, Request{User: 2, Placement: Placement{Location: "BR", Extension: "7"}})))
	must(t, iv.SetVoicemail(2, Voicemail{Rings: 4}))
	fresh := Profile{Location: "HQ", Number: hq1, Voicemail: DefaultVoicemail(), Settings: DefaultCallSettings()}
	other := Profile{Location: "BR", Extension: "7", Voicemail: Voicemail{Rings: 4}, Settings: DefaultCallSettings()}
	for _, tc := range []struct {
		name string
		set  func() error
		want Profile
	}{
		{"call settings as they are", func() error { return iv.SetCallSettings(1, DefaultCallSettings()) }, fresh},
		{"voicemail as it is", func() error { return iv.SetVoicemail(1, DefaultVoicemail()) }, fresh},
		{"voicemail changed", func() error { return iv.SetVoicemail(1, Voicemail{Rings: 9}) },
			Profile{Location: "HQ", Number: hq1, Voicemail: Voicemail{Rings: 9}, Settings: DefaultCallSettings()}},
		{"voicemail back to the defaults", func() error { return iv.SetVoicemail(1, DefaultVoicemail()) }, fresh},
	} {
		must(t, tc.set())
		got := []Profile{{}, {}}
		got[0], _ = iv.Profile(1)
		got[1], _ = iv.Profile(2)
		if d := cmp.Diff([]Profile{tc.want, other}, got, e164s); d != "" {
			t.Errorf("%s: profiles of users 1 and 2 (-want +got):\n%s", tc.name, d)
		}
	}
	if v := iv.Violations(); len(v) != 0 {
		t.Errorf("violations: %v", v)
	}
}

// A user placed by a number in the last slot of the number table changes
// settings and back like any other.
func TestProfileNumberInLastSlot(t *testing.T) {
	var last E164
	for k := range uint64(1000) {
		if v := 48222000000 + k; slotOf(v, minTable) == minTable-1 {
			last = E164{v}
			break
		}
	}
	if !last.IsValid() {
		t.Fatal("none of the numbers tried has the last slot as its home")
	}
	iv := &Inventory{}
	must(t, iv.AddLocation("L", "L", true))
	must(t, iv.AddNumbers("L", true, last))
	if i, ok := iv.find(last.v); !ok || int(i) != len(iv.nums)-1 {
		t.Fatalf("%v is in slot %d of %d, not the last", last, i, len(iv.nums))
	}
	place(t, iv, Candidate{User: 1, WorkNumber: last.String()})
	vm := Voicemail{Enabled: true, Rings: 6, EmailCopy: true}
	must(t, iv.SetVoicemail(1, vm))
	must(t, iv.SetCallSettings(1, CallSettings{DoNotDisturb: true}))
	want := Profile{Location: "L", Number: last, Voicemail: vm, Settings: CallSettings{DoNotDisturb: true}}
	if p, _ := iv.Profile(1); p != want {
		t.Errorf("profile %+v, want %+v", p, want)
	}
	must(t, iv.SetVoicemail(1, DefaultVoicemail()))
	must(t, iv.SetCallSettings(1, DefaultCallSettings()))
	want = Profile{Location: "L", Number: last, Voicemail: DefaultVoicemail(), Settings: DefaultCallSettings()}
	if p, _ := iv.Profile(1); p != want {
		t.Errorf("profile back to the defaults %+v, want %+v", p, want)
	}
	if v := iv.Violations(); len(v) != 0 {
		t.Errorf("violations: %v", v)
	}
}

// A user whose settings change and go back to the defaults is kept in 4
// bytes again, as placed by the work number: changing the settings of
// many users in turn, each and back, keeps next to no memory, where a
// 16-byte record a user would stay (doc.go: any other profile is a
// 16-byte record of its own).
func TestProfileBackToDefaultsLiveBytes(t *testing.T) {
	const n = 1 << 15
	iv := &Inventory{}
	must(t, iv.AddLocation("L", "L", true))
	nums := make([]E164, n)
	cands := make([]Candidate, n)
	for i := range nums {
		nums[i] = E164{uint64(12025500000 + i)}
		cands[i] = Candidate{User: UserKey(i), WorkNumber: nums[i].String()}
	}
	must(t, iv.AddNumbers("L", true, nums...))
	place(t, iv, cands...)
	kept := liveBytes(func() any {
		for u := range UserKey(n) {
			must(t, iv.SetVoicemail(u, Voicemail{Rings: 5}))
			must(t, iv.SetVoicemail(u, DefaultVoicemail()))
		}
		return iv
	}) / n
	t.Logf("%.2f bytes a user kept", kept)
	if kept > 4 {
		t.Errorf("%.2f bytes a user kept by settings set back to the defaults, want at most 4", kept)
	}
	if v := iv.Violations(); len(v) != 0 {
		t.Errorf("violations: %v", v[0])
	}
}
