package broadworks

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrUnknownRelease refuses a release with no row in the BLF prerequisite
// table (BW-31).
var ErrUnknownRelease = errors.New("broadworks: release has no BLF prerequisites")

// ErrInvalidXsiHost refuses an XsiHost other than XsiOnXSP and XsiOnADP.
var ErrInvalidXsiHost = errors.New("broadworks: invalid Xsi host")

// UnknownReleaseError names the release. It unwraps to ErrUnknownRelease.
type UnknownReleaseError struct {
	Release Version
}

// Error returns a message naming the release.
func (e *UnknownReleaseError) Error() string {
	return fmt.Sprintf("broadworks: no BLF prerequisites for release %v", e.Release)
}

// Unwrap returns ErrUnknownRelease.
func (e *UnknownReleaseError) Unwrap() error { return ErrUnknownRelease }

// RequirementKind is what a BLF and call pickup prerequisite is (BW-31).
type RequirementKind uint8

// The kinds.
const (
	PatchRequirement      RequirementKind = iota + 1 // a BroadWorks patch, e.g. AP.as.24.0.944.ap382053
	ArchiveRequirement                               // an Xsi web archive (.bwar)
	ConfigTagRequirement                             // a Webex app config tag, enabled
	ASFeatureRequirement                             // an activated Application Server feature
	DeviceTypeRequirement                            // a device type setting
	ServiceRequirement                               // a user service assigned
)

// String returns the kind's name, e.g. "patch".
func (k RequirementKind) String() string {
	switch k {
	case PatchRequirement:
		return "patch"
	case ArchiveRequirement:
		return "archive"
	case ConfigTagRequirement:
		return "config tag"
	case ASFeatureRequirement:
		return "AS feature"
	case DeviceTypeRequirement:
		return "device type"
	case ServiceRequirement:
		return "service"
	}
	return fmt.Sprintf("RequirementKind(%d)", k)
}

// XsiHost says where the Xsi interfaces run; it selects the "with XSP" or
// "with ADP" column of the prerequisite table.
type XsiHost uint8

// The hosts; the zero value is XSP.
const (
	XsiOnXSP XsiHost = iota
	XsiOnADP
)

// String returns "XSP" or "ADP".
func (h XsiHost) String() string {
	switch h {
	case XsiOnXSP:
		return "XSP"
	case XsiOnADP:
		return "ADP"
	}
	return fmt.Sprintf("XsiHost(%d)", h)
}

// Requirement is one BLF and call pickup prerequisite (BW-31). OrNewer
// (archives only) also accepts the same archive with a higher version.
type Requirement struct {
	Kind    RequirementKind
	Name    string
	OrNewer bool
}

// String returns e.g. "archive Xsi-Events-23_2022.01_1.201.bwar or newer".
func (r Requirement) String() string {
	s := r.Kind.String() + " " + r.Name
	if r.OrNewer {
		s += " or newer"
	}
	return s
}

// The release-independent prerequisites' names.
const (
	TagEnableBLF            = "%ENABLE_BUSY_LAMP_FIELD_WXT%"
	TagBLFDisplayCaller     = "%ENABLE_BLF_DISPLAY_CALLER_WXT%"
	TagBLFNotificationDelay = "%BLF_NOTIFICATON_DELAY_TIME_WXT%" // optional, spelled as the source spells it
	ASFeatureBLF            = "101642"
	DeviceSupportRemoteInfo = "supportRemotePartyInfo true"
	ServiceDirectedPickup   = "Directed Call Pickup (all users)"
	ServiceBLF              = "Busy Lamp Field (the user)"
)

// blfRow is one release's row of the prerequisite table.
type blfRow struct {
	always, withXSP, withADP []Requirement
}

func patches(prefix string, ids ...string) []Requirement {
	out := make([]Requirement, len(ids))
	for i, id := range ids {
		out[i] = Requirement{Kind: PatchRequirement, Name: prefix + id}
	}
	return out
}

func xsiArchives(major string) []Requirement {
	return []Requirement{
		{ArchiveRequirement, "Xsi-Actions-" + major + "_2022.01_1.200.bwar", true},
		{ArchiveRequirement, "Xsi-Events-" + major + "_2022.01_1.201.bwar", true},
	}
}

var apPatches = []string{"ap382053", "ap382362", "ap383459", "ap383520"}

// blfTable is the SPEC's BW-31 table, keyed by major release.
var blfTable = map[int]blfRow{
	22: {always: slices.Concat(patches("AP.platform.22.0.1123.", "ap382053"),
		patches("AP.as.22.0.1123.", apPatches...), patches("AP.xsp.22.0.1123.", "ap382053", "ap382362"))},
	23: {always: slices.Concat(patches("AP.platform.23.0.1075.", "ap382053"), patches("AP.as.23.0.1075.", apPatches...)),
		withXSP: patches("AP.xsp.23.0.1075.", "ap382053", "ap382362"),
		withADP: xsiArchives("23")},
	24: {always: slices.Concat(patches("AP.as.24.0.944.", apPatches...), xsiArchives("24"))},
}

// commonBLF are the prerequisites of every release.
var commonBLF = []Requirement{
	{Kind: ConfigTagRequirement, Name: TagEnableBLF},
	{Kind: ConfigTagRequirement, Name: TagBLFDisplayCaller},
	{Kind: ASFeatureRequirement, Name: ASFeatureBLF},
	{Kind: DeviceTypeRequirement, Name: DeviceSupportRemoteInfo},
	{Kind: ServiceRequirement, Name: ServiceDirectedPickup},
	{Kind: ServiceRequirement, Name: ServiceBLF},
}

// BLFPrerequisites returns every BLF and call pickup prerequisite of
// release r with Xsi on host: the table's row (by major release) for the
// column, then the common items. A release without a row is refused
// (ErrUnknownRelease), an unknown host too (ErrInvalidXsiHost).
func BLFPrerequisites(r Version, host XsiHost) ([]Requirement, error) {
	row, ok := blfTable[r.Major]
	if !ok {
		return nil, &UnknownReleaseError{r}
	}
	var column []Requirement
	switch host {
	case XsiOnXSP:
		column = row.withXSP
	case XsiOnADP:
		column = row.withADP
	default:
		return nil, fmt.Errorf("%w: %v", ErrInvalidXsiHost, host)
	}
	return slices.Concat(row.always, column, commonBLF), nil
}

// ClientSetup is what a BLF check needs to know of a BroadWorks system and
// one user (BW-31).
type ClientSetup struct {
	Release                    Version
	XsiHost                    XsiHost
	Patches                    []string // installed patches
	Archives                   []string // deployed Xsi archives
	ConfigTags                 []string // enabled config tags
	ASFeatures                 []string // activated AS feature IDs
	SupportRemotePartyInfo     bool     // on the device type
	DirectedCallPickupAllUsers bool
	UserHasBLF                 bool
}

// MissingBLF returns every prerequisite s lacks, in BLFPrerequisites order;
// none means BLF and call pickup can work. A release without a row is
// refused (ErrUnknownRelease).
func (s ClientSetup) MissingBLF() ([]Requirement, error) {
	reqs, err := BLFPrerequisites(s.Release, s.XsiHost)
	if err != nil {
		return nil, err
	}
	var missing []Requirement
	for _, r := range reqs {
		if !s.meets(r) {
			missing = append(missing, r)
		}
	}
	return missing, nil
}

func (s ClientSetup) meets(r Requirement) bool {
	switch r.Kind {
	case PatchRequirement:
		return slices.Contains(s.Patches, r.Name)
	case ArchiveRequirement:
		return slices.ContainsFunc(s.Archives, func(a string) bool {
			return a == r.Name || archiveMeets(a, r)
		})
	case ConfigTagRequirement:
		return slices.Contains(s.ConfigTags, r.Name)
	case ASFeatureRequirement:
		return slices.Contains(s.ASFeatures, r.Name)
	case DeviceTypeRequirement:
		return s.SupportRemotePartyInfo
	}
	if r.Name == ServiceDirectedPickup {
		return s.DirectedCallPickupAllUsers
	}
	return s.UserHasBLF
}

// archiveMeets reports whether archive a is r's archive (the name before
// the first "_") with the same version or, if r.OrNewer, a higher one.
// Versions are the numbers separated by "." and "_" after the name,
// compared in order and by value: "2022.1" and "2022.01" are one version.
// An archive whose version has a part that is no number matches only by
// its exact name.
func archiveMeets(a string, r Requirement) bool {
	nameA, verA, okA := archiveVersion(a)
	nameR, verR, okR := archiveVersion(r.Name)
	if !okA || !okR || nameA != nameR {
		return false
	}
	c := slices.Compare(verA, verR)
	return c == 0 || r.OrNewer && c > 0
}

// archiveVersion splits "Xsi-Events-23_2022.01_1.201.bwar" into
// "Xsi-Events-23" and [2022 1 1 201]. Each part is a number below 10^9
// after its leading zeros; any other version is refused.
func archiveVersion(a string) (string, []int, bool) {
	base, ok := strings.CutSuffix(a, ".bwar")
	name, version, found := strings.Cut(base, "_")
	if !ok || !found {
		return "", nil, false
	}
	var nums []int
	for _, f := range strings.Split(strings.ReplaceAll(version, "_", "."), ".") {
		n, ok := digits(f)
		if !ok || len(strings.TrimLeft(f, "0")) > 9 {
			return "", nil, false
		}
		nums = append(nums, n)
	}
	return name, nums, len(nums) > 0
}
