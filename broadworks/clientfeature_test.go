package broadworks

import (
	"errors"
	"slices"
	"strconv"
	"strings"
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
		// the version's parts are numbers: leading zeros do not matter
		{"Xsi-Events-24_2022.1_1.201.bwar", true},
		{"Xsi-Events-24_2022.001_01.0201.bwar", true},
		{"Xsi-Events-24_2022.01_1.0000000201.bwar", true},
		{"Xsi-Events-24_2022.1_1.0202.bwar", true},
		{"Xsi-Events-24_2022.1_1.200.bwar", false},
		{"Xsi-Events-24_2022.01_1.201a.bwar", false},
		{"Xsi-Events-24_2022.01_1.+201.bwar", false},
		// a part is a number below 10^9: nine digits are one, ten are not
		{"Xsi-Events-24_2022.01_1.999999999.bwar", true},
		{"Xsi-Events-24_2022.01_1.1000000000.bwar", false},
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

// BW-31: an archive meets a requirement when it is the same archive with
// the same version or, for "or newer", a higher one; versions compare part
// by part and by value, so "2022.1" and "2022.01" are one version. A
// version with a part that is no number meets nothing (meets still
// accepts the requirement's exact name).
func TestArchiveMeets(t *testing.T) {
	const req = "Xsi-Events-24_2022.01_1.201.bwar"
	tests := []struct {
		archive, req   string
		exact, orNewer bool // met without and with OrNewer
	}{
		{req, req, true, true},
		{"Xsi-Events-24_2022.1_1.201.bwar", req, true, true},
		{"Xsi-Events-24_02022.0001_001.000201.bwar", req, true, true},
		{"Xsi-Events-24_2022.1_1.201.bwar", "Xsi-Events-24_2022.001_1.201.bwar", true, true},
		{"Xsi-Events-24_2022_1_1_201.bwar", req, true, true}, // "_" and "." both separate parts
		{"Xsi-Events-24_2022.01_1.0000000201.bwar", req, true, true},
		{"Xsi-Events-24_2022.01_1.202.bwar", req, false, true},
		{"Xsi-Events-24_2022.1_1.0202.bwar", req, false, true},
		{"Xsi-Events-24_2022.2_0.0.bwar", req, false, true},
		{"Xsi-Events-24_2022.01_1.201.0.bwar", req, false, true}, // a longer version is higher
		{"Xsi-Events-24_2022.01_1.200.bwar", req, false, false},
		{"Xsi-Events-24_2022.1_1.0200.bwar", req, false, false},
		{"Xsi-Events-24_2021.12_9.999.bwar", req, false, false},
		{"Xsi-Events-24_2022.01_1.bwar", req, false, false},
		{"Xsi-Events-23_2022.1_1.201.bwar", req, false, false}, // another archive
		{"Xsi-Events-24_2022.01_1.201a.bwar", req, false, false},
		{"Xsi-Events-24_2022.01_1.-201.bwar", req, false, false},
		{"Xsi-Events-24_2022.01_1. 201.bwar", req, false, false},
		{"Xsi-Events-24_2022.01_1.\u0662\u0660\u0661.bwar", req, false, false}, // Arabic-Indic digits
		{"Xsi-Events-24_2022.01_1.1000000000.bwar", req, false, false},
		{"Xsi-Events-24_2022.01_1.201", req, false, false},
		{"Xsi-Events-24_2022.01_1.201a.bwar", "Xsi-Events-24_2022.01_1.201a.bwar", false, false},
		{req, "Xsi-Events-24_2022.01_1.201a.bwar", false, false},
		{"", req, false, false},
		{req, "", false, false},
	}
	for _, tt := range tests {
		for _, orNewer := range []bool{false, true} {
			want := tt.exact || orNewer && tt.orNewer
			if got := archiveMeets(tt.archive, Requirement{ArchiveRequirement, tt.req, orNewer}); got != want {
				t.Errorf("archiveMeets(%q, %q, OrNewer %v) = %v, want %v", tt.archive, tt.req, orNewer, got, want)
			}
		}
	}
}

// BW-31: archiveVersion reads each part of the version by value.
func TestArchiveVersion(t *testing.T) {
	type split struct {
		Name    string
		Version []int
		OK      bool
	}
	tests := []struct {
		archive string
		want    split
	}{
		{"Xsi-Events-23_2022.01_1.201.bwar", split{"Xsi-Events-23", []int{2022, 1, 1, 201}, true}},
		{"Xsi-Events-23_2022.1_1.201.bwar", split{"Xsi-Events-23", []int{2022, 1, 1, 201}, true}},
		{"Xsi-Events-23_0000000000002022.000_0.bwar", split{"Xsi-Events-23", []int{2022, 0, 0}, true}},
		{"Xsi-Events-23_999999999.bwar", split{"Xsi-Events-23", []int{999999999}, true}},
		{"Xsi-Events-23_1000000000.bwar", split{}},
		{"Xsi-Events-23_2022.x_1.bwar", split{}},
		{"Xsi-Events-23_2022..1.bwar", split{}},
		{"Xsi-Events-23_.bwar", split{}},
		{"Xsi-Events-23.bwar", split{}},
		{"Xsi-Events-23_2022.01_1.201", split{}},
	}
	for _, tt := range tests {
		var got split
		got.Name, got.Version, got.OK = archiveVersion(tt.archive)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("archiveVersion(%q) (-want +got):\n%s", tt.archive, diff)
		}
	}
}

// BW-31: archiveVersion never panics; a version it reads, written again
// without leading zeros, reads the same and is the same version; of two
// versions of one archive exactly one is higher, or they are equal.
func FuzzArchiveVersion(f *testing.F) {
	f.Add("Xsi-Events-23_2022.01_1.201.bwar", "Xsi-Events-23_2022.1_1.201.bwar")
	f.Add("Xsi-Events-23_2022.01_1.202.bwar", "Xsi-Events-23_2022.01_1.0201.bwar")
	f.Add("Xsi-Events-23_2022.x_1.201.bwar", "Xsi-Events-23_0000000001.bwar")
	f.Fuzz(func(t *testing.T, a, b string) {
		name, ver, ok := archiveVersion(a)
		if !ok {
			if archiveMeets(a, Requirement{ArchiveRequirement, a, true}) {
				t.Fatalf("%q is no archive version but meets itself", a)
			}
			return
		}
		parts := make([]string, len(ver))
		for i, n := range ver {
			parts[i] = strconv.Itoa(n)
		}
		plain := name + "_" + strings.Join(parts, ".") + ".bwar"
		name2, ver2, ok2 := archiveVersion(plain)
		if diff := cmp.Diff([]any{name, ver, true}, []any{name2, ver2, ok2}); diff != "" {
			t.Fatalf("%q written as %q (-want +got):\n%s", a, plain, diff)
		}
		if !archiveMeets(a, Requirement{ArchiveRequirement, plain, false}) || !archiveMeets(plain, Requirement{ArchiveRequirement, a, false}) {
			t.Fatalf("%q and %q are not one version", a, plain)
		}
		if nameB, _, okB := archiveVersion(b); okB && nameB == name {
			ab := archiveMeets(a, Requirement{ArchiveRequirement, b, true})
			ba := archiveMeets(b, Requirement{ArchiveRequirement, a, true})
			same := archiveMeets(a, Requirement{ArchiveRequirement, b, false})
			if !ab && !ba || same != (ab && ba) {
				t.Fatalf("%q vs %q: a >= b %v, b >= a %v, equal %v", a, b, ab, ba, same)
			}
		}
	})
}
