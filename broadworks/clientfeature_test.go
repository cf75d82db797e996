package broadworks

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// completeSetup meets every prerequisite of its release and host.
func completeSetup(t *testing.T, r string, host XsiHost) ClientSetup {
	s := ClientSetup{Release: MustParseVersion(r), XsiHost: host, SupportRemotePartyInfo: true,
		DirectedCallPickupAllUsers: true, UserHasBLF: true}
	reqs, err := BLFPrerequisites(s.Release, host)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range reqs {
		switch q.Kind {
		case PatchRequirement:
			s.Patches = append(s.Patches, q.Name)
		case ArchiveRequirement:
			s.Archives = append(s.Archives, q.Name)
		case ConfigTagRequirement:
			s.ConfigTags = append(s.ConfigTags, q.Name)
		case ASFeatureRequirement:
			s.ASFeatures = append(s.ASFeatures, q.Name)
		}
	}
	return s
}

func names(reqs []Requirement) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Name)
	}
	return out
}

// BW-31: the prerequisite table's rows and columns, as data.
func TestBLFPrerequisites(t *testing.T) {
	common := []string{TagEnableBLF, TagBLFDisplayCaller, "101642", DeviceSupportRemoteInfo,
		ServiceDirectedPickup, ServiceBLF}
	tests := []struct {
		release string
		host    XsiHost
		want    []string
	}{
		{"R22", XsiOnXSP, []string{"AP.platform.22.0.1123.ap382053", "AP.as.22.0.1123.ap382053",
			"AP.as.22.0.1123.ap382362", "AP.as.22.0.1123.ap383459", "AP.as.22.0.1123.ap383520",
			"AP.xsp.22.0.1123.ap382053", "AP.xsp.22.0.1123.ap382362"}},
		{"R23", XsiOnXSP, []string{"AP.platform.23.0.1075.ap382053", "AP.as.23.0.1075.ap382053",
			"AP.as.23.0.1075.ap382362", "AP.as.23.0.1075.ap383459", "AP.as.23.0.1075.ap383520",
			"AP.xsp.23.0.1075.ap382053", "AP.xsp.23.0.1075.ap382362"}},
		{"R23", XsiOnADP, []string{"AP.platform.23.0.1075.ap382053", "AP.as.23.0.1075.ap382053",
			"AP.as.23.0.1075.ap382362", "AP.as.23.0.1075.ap383459", "AP.as.23.0.1075.ap383520",
			"Xsi-Actions-23_2022.01_1.200.bwar", "Xsi-Events-23_2022.01_1.201.bwar"}},
		{"24.0", XsiOnADP, []string{"AP.as.24.0.944.ap382053", "AP.as.24.0.944.ap382362",
			"AP.as.24.0.944.ap383459", "AP.as.24.0.944.ap383520",
			"Xsi-Actions-24_2022.01_1.200.bwar", "Xsi-Events-24_2022.01_1.201.bwar"}},
	}
	for _, tt := range tests {
		reqs, err := BLFPrerequisites(MustParseVersion(tt.release), tt.host)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(slices.Concat(tt.want, common), names(reqs)); diff != "" {
			t.Errorf("%s on %v (-want +got):\n%s", tt.release, tt.host, diff)
		}
	}
}

// BW-31: the check lists every missing item; a release without a row is
// ErrUnknownRelease.
func TestMissingBLF(t *testing.T) {
	full := completeSetup(t, "R23", XsiOnADP)
	if missing, err := full.MissingBLF(); err != nil || missing != nil {
		t.Fatalf("complete R23/ADP setup: missing %v, %v", missing, err)
	}
	s := full
	s.Patches = s.Patches[1:]
	s.Archives = nil
	s.ConfigTags = []string{TagEnableBLF, TagBLFNotificationDelay}
	s.ASFeatures = nil
	s.SupportRemotePartyInfo, s.DirectedCallPickupAllUsers, s.UserHasBLF = false, false, false
	missing, err := s.MissingBLF()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"patch AP.platform.23.0.1075.ap382053",
		"archive Xsi-Actions-23_2022.01_1.200.bwar or newer", "archive Xsi-Events-23_2022.01_1.201.bwar or newer",
		"config tag " + TagBLFDisplayCaller, "AS feature 101642", "device type supportRemotePartyInfo true",
		"service " + ServiceDirectedPickup, "service " + ServiceBLF}
	var got []string
	for _, m := range missing {
		got = append(got, m.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("missing (-want +got):\n%s", diff)
	}

	xsp := full
	xsp.XsiHost = XsiOnXSP // the ADP archives do not stand in for the XSP patches
	if missing, _ := xsp.MissingBLF(); len(missing) != 2 {
		t.Errorf("R23 on XSP with ADP items: missing %v, want the two AP.xsp patches", missing)
	}

	if _, err := BLFPrerequisites(Version{24, 0}, XsiHost(7)); !errors.Is(err, ErrInvalidXsiHost) {
		t.Errorf("host 7: err = %v", err)
	}
	for _, r := range []Version{{21, 0}, {25, 0}, {}} {
		s := full
		s.Release = r
		_, err := s.MissingBLF()
		var ue *UnknownReleaseError
		if !errors.Is(err, ErrUnknownRelease) || !errors.As(err, &ue) || ue.Release != r {
			t.Errorf("release %v: err = %v", r, err)
		}
	}
}

// BW-31: "or newer" accepts the same Xsi archive with a higher version only.
func TestXsiArchiveOrNewer(t *testing.T) {
	tests := []struct {
		archive string
		ok      bool
	}{
		{"Xsi-Events-24_2022.01_1.201.bwar", true},
		{"Xsi-Events-24_2022.01_1.202.bwar", true},
		{"Xsi-Events-24_2023.02_1.100.bwar", true},
		{"Xsi-Events-24_2022.01_1.201.1.bwar", true},
		{"Xsi-Events-24_2022.01_1.200.bwar", false},
		{"Xsi-Events-24_2021.12_9.999.bwar", false},
		{"Xsi-Events-23_2025.01_1.300.bwar", false}, // another archive
		{"Xsi-Actions-24_2025.01_1.300.bwar", false},
		{"Xsi-Events-24_2023..01_1.300.bwar", false},
		{"Xsi-Events-24_2023.01_1.300", false},
		{"Xsi-Events-24_2023.x_1.300.bwar", false},
	}
	for _, tt := range tests {
		s := completeSetup(t, "R24", XsiOnXSP)
		s.Archives = []string{"Xsi-Actions-24_2022.01_1.200.bwar", tt.archive}
		missing, _ := s.MissingBLF()
		if got := len(missing) == 0; got != tt.ok {
			t.Errorf("%s: accepted %v, want %v (missing %v)", tt.archive, got, tt.ok, missing)
		}
	}
}

// BW-31: auto-answer with tone needs the Webex app as primary line, the
// config tag, and each SCA with one of the three settings off; no SCA holds.
func TestAutoAnswer(t *testing.T) {
	blocking := SharedCallAppearance{Name: "desk", AlertAllForClickToDial: true, AllowTermination: true, LocationEnabled: true}
	ok := []SharedCallAppearance{
		{Name: "a", AllowTermination: true, LocationEnabled: true},
		{Name: "b", AlertAllForClickToDial: true, LocationEnabled: true},
		{Name: "c", AlertAllForClickToDial: true, AllowTermination: true},
	}
	base := AutoAnswerSetup{WebexPrimaryLine: true, ConfigTags: []string{TagAutoAnswer}}
	tests := []struct {
		name  string
		setup func(AutoAnswerSetup) AutoAnswerSetup
		want  int
	}{
		{"no SCA", func(s AutoAnswerSetup) AutoAnswerSetup { return s }, 0},
		{"each SCA clears on its own", func(s AutoAnswerSetup) AutoAnswerSetup { s.SCAs = ok; return s }, 0},
		{"one blocking SCA", func(s AutoAnswerSetup) AutoAnswerSetup {
			s.SCAs = append(slices.Clone(ok), blocking)
			return s
		}, 1},
		{"not primary line", func(s AutoAnswerSetup) AutoAnswerSetup { s.WebexPrimaryLine = false; return s }, 1},
		{"tag off", func(s AutoAnswerSetup) AutoAnswerSetup { s.ConfigTags = nil; return s }, 1},
		{"nothing", func(AutoAnswerSetup) AutoAnswerSetup {
			return AutoAnswerSetup{SCAs: []SharedCallAppearance{blocking, blocking}}
		}, 4},
	}
	for _, tt := range tests {
		if got := tt.setup(base).MissingAutoAnswer(); len(got) != tt.want {
			t.Errorf("%s: missing %q, want %d items", tt.name, got, tt.want)
		}
	}
}
