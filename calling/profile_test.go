package calling

import (
	"errors"
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
}
