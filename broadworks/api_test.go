package broadworks

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Every error type's message names the bad input and the reason, and the
// error matches its sentinel (errors.Is) and its type (errors.As).
func TestErrorTypesNameTheInput(t *testing.T) {
	_, analyticsErr := NewAnalytics([]AnalyticsEvent{
		{Customer: "Alpha", SubscriberID: "s1", Package: Basic},
		{Customer: "\u200bAlpha", SubscriberID: "s2", Package: Basic},
	})
	_, analyticsPkgErr := NewAnalytics([]AnalyticsEvent{{Customer: "Alpha", SubscriberID: "s1", Package: Package(9)}})
	june := Period{2024, time.June}
	now := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	_, historyErr := BillMonth(BillingPartner{}, june, []BillingSubscriber{
		{SubscriberID: "s1"}, {SubscriberID: "s\u00ad2"},
	}, now)
	_, dupErr := BillMonth(BillingPartner{}, june, []BillingSubscriber{{SubscriberID: "s1"}, {SubscriberID: "s1"}}, now)
	certErr := SelfSignedCertificate("xsp1.sp.example", t0).Validate(t0.AddDate(2, 0, 0))
	xspErr := ConnectionTest([]XSP{{Host: "ok", TrustChainInstalled: true, Certificate: Certificate{Subject: "ok", Issuer: "CA",
		NotBefore: t0, NotAfter: t0.AddDate(1, 0, 0)}}, NewXSP("xsp2", t0)}, t0)
	_, releaseErr := BLFPrerequisites(Version{25, 1}, XsiOnXSP)
	_, missingErr := ClientSetup{Release: Version{Major: 21}}.MissingBLF()
	var rc ReleaseControl
	defineErr := rc.Define("slow", MaxDeferralDays+1)
	assignErr := rc.Assign("org-a", "fast")
	must(t, rc.Define("slow", 7))
	cascadeErr := rc.Cascade("slow", []string{"org-a", "org\u200b"})
	_, versionErr := ParseVersion("R24 SP1")
	c := fixture(t)
	c.partners["p1"].enterprises["e1"].members["m1"] = true // a member without a record
	var violation error
	if vs := c.CheckInvariants(); len(vs) == 1 {
		violation = vs[0]
	}

	for _, tt := range []struct {
		name     string
		err      error
		want     string
		sentinel error
		as       func(error) bool
	}{
		{"analytics event", analyticsErr, "broadworks: analytics event 1: empty or invisible customer",
			ErrInvalidEvent, asType[*AnalyticsEventError]},
		{"analytics package", analyticsPkgErr, "broadworks: analytics event 0: unknown package Package(9)",
			ErrInvalidEvent, asType[*AnalyticsEventError]},
		{"billing history", historyErr, `broadworks: billing history of subscriber 1 ("s\u00ad2"): empty or invalid subscriber ID`,
			ErrInvalidHistory, asType[*HistoryError]},
		{"billing repeat", dupErr, `broadworks: billing history of subscriber 1 ("s1"): subscriber ID repeated`,
			ErrInvalidHistory, asType[*HistoryError]},
		{"certificate", certErr, "broadworks: certificate \"xsp1.sp.example\": broadworks: self-signed certificate; broadworks: certificate expired",
			ErrCertificateExpired, asType[*CertificateError]},
		{"certificate self-signed", certErr, "", ErrSelfSigned, asType[*CertificateError]},
		{"XSP", xspErr, "broadworks: XSP \"xsp2\": broadworks: Webex trust chain not installed\n" +
			"broadworks: certificate \"xsp2\": broadworks: self-signed certificate",
			ErrTrustChainMissing, asType[*XSPError]},
		{"XSP certificate", xspErr, "", ErrSelfSigned, asType[*CertificateError]},
		{"release", releaseErr, "broadworks: no BLF prerequisites for release R25.1",
			ErrUnknownRelease, asType[*UnknownReleaseError]},
		{"missing BLF", missingErr, "broadworks: no BLF prerequisites for release R21",
			ErrUnknownRelease, asType[*UnknownReleaseError]},
		{"define", defineErr, `broadworks: release schedule "slow": deferral 366 days outside [0, 365]`,
			ErrInvalidSchedule, asType[*ScheduleError]},
		{"assign", assignErr, `broadworks: release schedule "fast" for org "org-a": not defined`,
			ErrUnknownSchedule, asType[*ScheduleError]},
		{"cascade", cascadeErr, `broadworks: release schedule "slow" for org "org\u200b": empty or invalid org ID`,
			ErrInvalidSchedule, asType[*ScheduleError]},
		{"version", versionErr, `broadworks: invalid BroadWorks release "R24 SP1": major must be 1 to 999`,
			ErrInvalidVersion, asType[*VersionError]},
		{"violation", violation, `broadworks: state violated (partner "p1", enterprise "e1", subscriber "m1", org ""): member without record`,
			nil, asType[Violation]},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil {
				t.Fatal("no error")
			}
			if tt.want != "" {
				if diff := cmp.Diff(tt.want, tt.err.Error()); diff != "" {
					t.Errorf("message (-want +got):\n%s", diff)
				}
			}
			if tt.sentinel != nil && !errors.Is(tt.err, tt.sentinel) {
				t.Errorf("%v is not %v", tt.err, tt.sentinel)
			}
			if !tt.as(tt.err) {
				t.Errorf("%v (%T): errors.As fails", tt.err, tt.err)
			}
		})
	}
}

func asType[T error](err error) bool {
	var target T
	return errors.As(err, &target)
}

// The error types carry their fields: errors.As gives the input back.
func TestErrorTypesFields(t *testing.T) {
	_, err := NewAnalytics([]AnalyticsEvent{{Customer: "A", SubscriberID: "", Package: Basic}})
	var ae *AnalyticsEventError
	if !errors.As(err, &ae) || *ae != (AnalyticsEventError{Index: 0, Reason: "empty or invalid subscriber ID"}) {
		t.Errorf("analytics: %#v", ae)
	}
	_, err = BLFPrerequisites(Version{Major: 25}, XsiOnXSP)
	var re *UnknownReleaseError
	if !errors.As(err, &re) || re.Release != (Version{Major: 25}) {
		t.Errorf("release: %#v", re)
	}
	err = ConnectionTest([]XSP{NewXSP("a", t0), {Host: "b", Certificate: Certificate{Subject: "b", Issuer: "CA", NotBefore: t0, NotAfter: t0.AddDate(1, 0, 0)}}}, t0)
	var hosts []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var xe *XSPError
		if errors.As(e, &xe) {
			hosts = append(hosts, xe.Host)
		}
	}
	if !slices.Equal(hosts, []string{"a", "b"}) {
		t.Errorf("failing XSPs %q, want a and b in input order", hosts)
	}
	var ce *CertificateError
	if !errors.As(err, &ce) || ce.Subject != "a" {
		t.Errorf("certificate: %#v", ce)
	}
}

// A long input is shortened in messages, never cut inside a character:
// the message shows the input's own characters and "...".
func TestErrorMessagesClipLongInput(t *testing.T) {
	long := strings.Repeat("€", 30) // 90 bytes, not a valid ID (> 80 shown)
	for _, tt := range []struct {
		err  error
		want string
	}{
		{&HistoryError{Subscriber: 2, ID: strings.Repeat("a", 300), Reason: "r"},
			`broadworks: billing history of subscriber 2 ("` + strings.Repeat("a", 80) + `..."): r`},
		{&HistoryError{ID: long, Reason: "r"},
			`broadworks: billing history of subscriber 0 ("` + strings.Repeat("€", 26) + `..."): r`},
		{&VersionError{Input: long, Reason: "r"},
			`broadworks: invalid BroadWorks release "` + strings.Repeat("€", 26) + `...": r`},
		{&CertificateError{Subject: strings.Repeat("c", 81), Err: ErrSelfSigned},
			`broadworks: certificate "` + strings.Repeat("c", 80) + `...": broadworks: self-signed certificate`},
		{&XSPError{Host: strings.Repeat("x", 80), Err: ErrTrustChainMissing},
			`broadworks: XSP "` + strings.Repeat("x", 80) + `": broadworks: Webex trust chain not installed`},
		{&ScheduleError{Schedule: long, Org: long, Reason: "r"},
			`broadworks: release schedule "` + strings.Repeat("€", 26) + `..." for org "` + strings.Repeat("€", 26) + `...": r`},
	} {
		if diff := cmp.Diff(tt.want, tt.err.Error()); diff != "" {
			t.Errorf("message (-want +got):\n%s", diff)
		}
	}
	// through BillMonth: a 300-byte subscriber ID is refused, named shortened
	_, err := BillMonth(BillingPartner{}, Period{2024, time.June}, []BillingSubscriber{{SubscriberID: strings.Repeat("s", 300)}},
		time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC))
	if want := `broadworks: billing history of subscriber 0 ("` + strings.Repeat("s", 80) + `..."): empty or invalid subscriber ID`; err == nil || err.Error() != want {
		t.Errorf("BillMonth: %v", err)
	}
}

// Every enum's String gives its documented text, and an out-of-range value
// its type and number.
func TestStringsEveryValue(t *testing.T) {
	for _, tt := range []struct {
		v    fmt.Stringer
		want string
	}{
		{NoRole, "none"}, {PartnerFullAdmin, "partner full admin"}, {PartnerSalesFullAdmin, "partner sales full admin"},
		{PartnerReadOnlyAdmin, "partner read-only admin"}, {PartnerProvisioningAdmin, "partner provisioning admin"},
		{CustomerFullAdmin, "customer full admin"}, {CustomerUserAdmin, "customer user admin"},
		{CustomerReadOnlyAdmin, "customer read-only admin"}, {EndUser, "user"}, {Role(9), "Role(9)"},

		{NoticeKind(0), "NoticeKind(0)"}, {NoticeShareLink, "share link text"}, {NoticeJoinNow, "join now"},
		{NoticeActivateAccount, "activate account"}, {NoticeWelcome, "welcome"}, {Notice2017, "2017"},
		{NoticeKind(6), "NoticeKind(6)"},

		{NoStatus, "—"}, {Provisioning, "provisioning"}, {PendingEmailInput, "pending_email_input"},
		{PendingEmailValidation, "pending_email_validation"}, {PendingUserMigration, "pending_user_migration"},
		{Provisioned, "provisioned"}, {Updating, "updating"}, {Failed, "error"}, {Status(8), "Status(8)"},

		{Event(0), "Event(0)"}, {EvProvisionTrusted, "provision (trusted)"}, {EvProvisionUntrusted, "provision (untrusted)"},
		{EvSelfActivation, "self-activation sign-in"}, {EvEnterEmail, "enter e-mail"}, {EvJoinNow, "join now"},
		{EvNeedsConsent, "needs consent"}, {EvConsent, "consent"}, {EvComplete, "task completes"},
		{EvUpdate, "update"}, {EvFail, "task fails"}, {EvRetry, "retry"}, {EvRetryActivation, "retry activation"},
		{Event(13), "Event(13)"},

		{Setting(0), "Setting(0)"}, {ManageUsers, "manage users"}, {UserNames, "user names"},
		{UserPackage, "user package"}, {UserServices, "user services"}, {AutoLicense, "automatic license assignment"},
		{HybridStatus, "hybrid status"}, {DirectorySync, "directory sync"}, {WorkNumber, "work number"},
		{OrgSettings, "org settings"}, {CallPriority, "call priority"}, {PSTNOptions, "PSTN options"},
		{MigrationServices, "migration services"}, {DeleteUsers, "delete users"}, {WebexAssistant, "webex assistant"},
		{ExternalAdmins, "external admins"}, {Setting(16), "Setting(16)"},

		{Editable, "editable"}, {ReadOnly, "read-only"}, {Hidden, "hidden"}, {Refused, "refused"},
		{Restriction(4), "Restriction(4)"},

		{Method(0), "Method(0)"}, {API, "api"}, {FlowThrough, "flow-through"}, {SelfActivation, "self-activation"},
		{Method(4), "Method(4)"},

		{ExpiryNone, "none"}, {ExpirySoon, "expires soon"}, {ExpiryVerySoon, "expires very soon"},
		{ExpiryPassed, "expired"}, {ExpiryWarning(4), "ExpiryWarning(4)"},

		{RequirementKind(0), "RequirementKind(0)"}, {PatchRequirement, "patch"}, {ArchiveRequirement, "archive"},
		{ConfigTagRequirement, "config tag"}, {ASFeatureRequirement, "AS feature"},
		{DeviceTypeRequirement, "device type"}, {ServiceRequirement, "service"}, {RequirementKind(7), "RequirementKind(7)"},

		{XsiOnXSP, "XSP"}, {XsiOnADP, "ADP"}, {XsiHost(2), "XsiHost(2)"},

		{WatchedWebexMember, "Webex member"}, {WatchedCIUser, "CI user without Webex cloud entitlement"},
		{WatchedWorkspace, "workspace"}, {WatchedBroadWorksOnly, "BroadWorks user not in CI"}, {Watched(4), "Watched(4)"},

		{ActivityIdle, "idle"}, {ActivityAway, "away"}, {ActivityDoNotDisturb, "do not disturb"},
		{ActivityMeeting, "in a meeting"}, {ActivityBroadWorksCall, "on a BroadWorks call"},
		{ActivityHeldCall, "on a held call"}, {ActivityWebexCall, "on a Webex call"}, {Activity(7), "Activity(7)"},

		{NoPresence, "none"}, {PresenceUnknown, "unknown"}, {PresenceOnACall, "on a call"},
		{PresenceAvailable, "available"}, {PresenceAway, "away"}, {PresenceDoNotDisturb, "do not disturb"},
		{PresenceInAMeeting, "in a meeting"}, {Presence(7), "Presence(7)"},

		{Bucket(0), "Bucket(0)"}, {DayBucket, "day"}, {WeekBucket, "week"}, {MonthBucket, "month"}, {Bucket(4), "Bucket(4)"},

		{NoPackage, ""}, {Basic, "basic"}, {Standard, "standard"}, {Premium, "premium"}, {Softphone, "softphone"},
		{Package(5), "Package(5)"},

		{WebexAuth, "webex"}, {BroadWorksAuth, "broadworks"}, {SSOAuth, "sso"}, {Authentication(3), "Authentication(3)"},

		{Requirement{Kind: ArchiveRequirement, Name: "Xsi-Events-23_2022.01_1.201.bwar", OrNewer: true},
			"archive Xsi-Events-23_2022.01_1.201.bwar or newer"},
		{Requirement{Kind: PatchRequirement, Name: "AP.as.24.0.944.ap382053"}, "patch AP.as.24.0.944.ap382053"},
		{Requirement{}, "RequirementKind(0) "},
	} {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("%T(%#v).String() = %q, want %q", tt.v, tt.v, got, tt.want)
		}
	}
	// every value of a uint8 enum: no panic, and a name of its own
	for i := range 256 {
		for _, s := range []fmt.Stringer{Role(i), NoticeKind(i), Status(i), Event(i), Setting(i), Restriction(i),
			Method(i), ExpiryWarning(i), RequirementKind(i), XsiHost(i), Watched(i), Activity(i), Presence(i),
			Bucket(i), Authentication(i)} {
			if s.String() == "" {
				t.Errorf("%T(%d) has an empty name", s, i)
			}
		}
	}
}

// A notification renders on one line: kind, recipients, the subscriber if
// any, the text if any.
func TestNotificationString(t *testing.T) {
	for _, tt := range []struct {
		n    Notification
		want string
	}{
		{Notification{Kind: NoticeWelcome, To: []string{"ann@acme.example"}, Subscriber: "u1"}, "welcome to ann@acme.example (subscriber u1)"},
		{Notification{Kind: NoticeShareLink, To: []string{"u1"}, Subscriber: "u1", Text: "https://activate.sp.example/x"},
			"share link text to u1 (subscriber u1): https://activate.sp.example/x"},
		{Notification{Kind: Notice2017, To: []string{"a@x.example", "b@x.example"}, Text: partnerAdminEmail},
			"2017 to a@x.example, b@x.example: " + partnerAdminEmail},
		{Notification{}, "NoticeKind(0) to "},
	} {
		if got := tt.n.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

// PackageCounts.Of answers each package's field, 0 for NoPackage and an
// unknown package.
func TestPackageCountsOf(t *testing.T) {
	c := PackageCounts{Softphone: 1, Basic: 2, Standard: 3, Premium: 4}
	for p, want := range map[Package]int{NoPackage: 0, Basic: 2, Standard: 3, Premium: 4, Softphone: 1, Package(5): 0, Package(255): 0} {
		if got := c.Of(p); got != want {
			t.Errorf("Of(%v) = %d, want %d", p, got, want)
		}
	}
	if c.Total() != 10 {
		t.Errorf("Total() = %d", c.Total())
	}
}

// Pending is exactly the three pending_* statuses (BW-32).
func TestStatusPending(t *testing.T) {
	var got []Status
	for s := range Status(255) {
		if s.Pending() {
			got = append(got, s)
		}
	}
	if want := []Status{PendingEmailInput, PendingEmailValidation, PendingUserMigration}; !slices.Equal(got, want) {
		t.Errorf("pending statuses %v, want %v", got, want)
	}
}

// Partners, Enterprises and Templates list IDs sorted; the slices are the
// caller's: changing one changes nothing in the cloud.
func TestListsSortedAndCopied(t *testing.T) {
	c := fixture(t)
	must(t, c.AddPartner("p0", "Zero", false))
	must(t, c.AddPartner("p2", "", false))
	must(t, c.AddEnterprise("p1", Enterprise{ID: "a0"}))
	tr, _ := c.Partner("p1").Template("trusted")
	tr.Name, tr.Password, tr.ConfirmPassword = "b-template", "pw", "pw"
	must(t, c.SaveTemplate(padmin, "p1", tr, t0))
	p := c.Partner("p1")
	for _, tt := range []struct {
		name string
		list func() []string
		want []string
	}{
		{"partners", c.Partners, []string{"p0", "p1", "p2"}},
		{"enterprises", p.Enterprises, []string{"a0", "e1", "e2", "wh"}},
		{"templates", p.Templates, []string{"b-template", "trusted", "untrusted"}},
	} {
		before := c.Clone()
		got := tt.list()
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
		for i := range got {
			got[i] = "x"
		}
		if diff := cmp.Diff(tt.want, tt.list()); diff != "" {
			t.Errorf("%s after changing the returned slice (-want +got):\n%s", tt.name, diff)
		}
		if d := cmp.Diff(before, c, stateOpts); d != "" {
			t.Errorf("%s: reading changed the state:\n%s", tt.name, d)
		}
	}
	if got := c.Partner("p0").Name(); got != "Zero" {
		t.Errorf("Name() = %q", got)
	}
	if got := c.Partner("p0").ID(); got != "p0" {
		t.Errorf("ID() = %q", got)
	}
	empty := c.Partner("p2")
	if len(empty.Enterprises()) != 0 || len(empty.Templates()) != 0 {
		t.Errorf("a new partner lists %v, %v", empty.Enterprises(), empty.Templates())
	}
}

// Cluster returns a copy: changing its ciphers leaves the partner's.
func TestClusterCopy(t *testing.T) {
	c := fixture(t)
	cl := Cluster{Name: "c2", XsiActionsURL: xsi, XsiEventsURL: xse, Ciphers: []string{"TLS_AES_128_GCM_SHA256"}}
	must(t, c.SaveCluster(padmin, "p1", cl))
	cl.Ciphers[0] = "changed by the caller" // the saved cluster is a copy too
	got, ok := c.Partner("p1").Cluster("c2")
	want := Cluster{Name: "c2", XsiActionsURL: xsi, XsiEventsURL: xse, Ciphers: []string{"TLS_AES_128_GCM_SHA256"}}
	if diff := cmp.Diff(want, got); !ok || diff != "" {
		t.Fatalf("Cluster (-want +got):\n%s", diff)
	}
	got.Ciphers[0] = "TLS_X"
	if again, _ := c.Partner("p1").Cluster("c2"); again.Ciphers[0] != "TLS_AES_128_GCM_SHA256" {
		t.Errorf("the returned ciphers alias the partner's: %v", again.Ciphers)
	}
	for _, name := range []string{"", "nope", "C2", "c2\u200b"} {
		if got, ok := c.Partner("p1").Cluster(name); ok || !cmp.Equal(got, Cluster{}) {
			t.Errorf("Cluster(%q) = %+v, %v", name, got, ok)
		}
	}
}

// A nil partner (Cloud.Partner of an unknown ID) answers every read with
// zero values, never a panic.
func TestNilPartnerReads(t *testing.T) {
	c := fixture(t)
	p := c.Partner("nope")
	if p != nil {
		t.Fatal("unknown partner not nil")
	}
	if p.ID() != "" || p.Name() != "" || p.Enterprises() != nil || p.Templates() != nil || p.Subscribers() != nil {
		t.Error("nil partner lists something")
	}
	if _, ok := p.Enterprise("e1"); ok {
		t.Error("nil partner: enterprise")
	}
	if _, ok := p.Subscriber("u1"); ok {
		t.Error("nil partner: subscriber")
	}
	if _, ok := p.Cluster("c1"); ok {
		t.Error("nil partner: cluster")
	}
	if _, ok := p.Template("trusted"); ok {
		t.Error("nil partner: template")
	}
	if p.AccountMatches("trusted", "prov", "pw") {
		t.Error("nil partner: account matches")
	}
}

// LookupAccount finds an account by e-mail case-insensitively and returns
// a copy; an unknown or hostile e-mail finds nothing.
func TestLookupAccount(t *testing.T) {
	c := fixture(t)
	a := must1[Account](t)(c.AddAccount("Ann@Gmail.example"))
	for _, email := range []string{"Ann@Gmail.example", "ann@gmail.example", "ANN@GMAIL.EXAMPLE"} {
		if got, ok := c.LookupAccount(email); !ok || got != a {
			t.Errorf("LookupAccount(%q) = %+v, %v; want %+v", email, got, ok, a)
		}
	}
	for _, email := range []string{"", "bob@gmail.example", "ann\u200b@gmail.example", " ann@gmail.example"} {
		if got, ok := c.LookupAccount(email); ok || got != (Account{}) {
			t.Errorf("LookupAccount(%q) = %+v, %v", email, got, ok)
		}
	}
	got, _ := c.LookupAccount("ann@gmail.example")
	got.Email = "changed@x.example"
	if again, _ := c.LookupAccount("ann@gmail.example"); again != a {
		t.Errorf("the returned account aliases the cloud's: %+v", again)
	}
}

// An unknown package gives no licenses; NoPackage the free kinds a free
// user keeps, which Softphone also gives (BW-17, BW-18).
func TestPackageLicensesUnknown(t *testing.T) {
	c := fixture(t)
	for _, p := range []Package{Softphone + 1, Package(255)} {
		if got := c.PackageLicenses(p); got.Len() != 0 {
			t.Errorf("PackageLicenses(%v) = %v, want none", p, got)
		}
	}
	free := c.PackageLicenses(NoPackage)
	if free.Len() == 0 || free != c.PackageLicenses(Softphone) {
		t.Errorf("NoPackage %v, Softphone %v", free, c.PackageLicenses(Softphone))
	}
	for _, p := range []Package{Basic, Standard, Premium} {
		if got := c.PackageLicenses(p); got.Intersect(free) != free || got == free {
			t.Errorf("%v gives %v: not a superset of the free kinds %v", p, got, free)
		}
	}
}

// Rat is the exact quantity, 0 for the zero value.
func TestQuantityRat(t *testing.T) {
	for _, tt := range []struct {
		q    Quantity
		want *big.Rat
	}{
		{Quantity{}, new(big.Rat)},
		{Quantity{Days: 5}, new(big.Rat)},
		{Quantity{Days: 10, MonthDays: 30}, big.NewRat(1, 3)},
		{Quantity{Days: 31, MonthDays: 31}, big.NewRat(1, 1)},
		{Quantity{Days: 15, MonthDays: 29}, big.NewRat(15, 29)},
	} {
		if got := tt.q.Rat(); got.Cmp(tt.want) != 0 {
			t.Errorf("%+v.Rat() = %v, want %v", tt.q, got, tt.want)
		}
	}
}

// BW-24: the restricted-by-partner table, row by row; settings it omits
// and values out of range are editable.
func TestRestrictionOfTable(t *testing.T) {
	want := map[Setting]Restriction{
		ManageUsers: Refused, UserNames: Editable, UserPackage: Refused, UserServices: Refused,
		AutoLicense: Hidden, HybridStatus: Hidden, DirectorySync: ReadOnly, WorkNumber: ReadOnly,
		OrgSettings: ReadOnly, CallPriority: ReadOnly, PSTNOptions: Hidden, MigrationServices: Hidden,
		DeleteUsers: Editable, WebexAssistant: Editable, ExternalAdmins: Editable,
		Setting(0): Editable, Setting(16): Editable, Setting(255): Editable,
	}
	for s, r := range want {
		if got := RestrictionOf(s); got != r {
			t.Errorf("RestrictionOf(%v) = %v, want %v", s, got, r)
		}
	}
}

// SetEmailID refuses an unknown partner or subscriber, an invalid e-mail
// and a subscriber in flight, naming the input and changing nothing; it
// sets a pending one's e-mail ID and leaves the person's e-mail (BW-15).
func TestSetEmailIDRefusals(t *testing.T) {
	c := fixture(t)
	provisioned(t, c, "u1", "ann@acme.example", Standard)
	r := req("u2", "bob@acme.example")
	must1[Subscriber](t)(c.Provision(padmin, r, t0)) // provisioning: BW-33 has decided on bob@
	r = req("u3", "")
	r.Template = "untrusted"
	must1[Subscriber](t)(c.Provision(padmin, r, t0)) // pending_email_input
	for _, tt := range []struct {
		partner, user, email string
		want                 error
		msg                  string
	}{
		{"nope", "u1", "a@acme.example", ErrUnknown,
			"broadworks: set e-mail ID (partner nope, subscriber u1, e-mail a@acme.example): broadworks: unknown"},
		{"p1", "u9", "a@acme.example", ErrUnknown, ""},
		{"p1", "", "a@acme.example", ErrUnknown, ""},
		{"p1", "u\u200b1", "a@acme.example", ErrUnknown,
			`broadworks: set e-mail ID (partner p1, subscriber "u\u200b1", e-mail a@acme.example): broadworks: unknown`},
		{"p1", "u1", "", ErrInvalidInput, ""},
		{"p1", "u1", "=cmd()@acme.example", ErrInvalidInput, ""},
		{"p1", "u1", "ann\u200b@acme.example", ErrInvalidInput,
			`broadworks: set e-mail ID (partner p1, subscriber u1, e-mail "ann\u200b@acme.example"): broadworks: invalid input`},
		{"p1", "u1", "ann@acme", ErrInvalidInput, ""},
		{"p1", "u2", "bobby@acme.example", ErrInvalidTransition, ""},
	} {
		var err error
		refused(t, c, tt.want, func() error { err = c.SetEmailID(tt.partner, tt.user, tt.email); return err })
		if tt.msg != "" && err.Error() != tt.msg {
			t.Errorf("message %q, want %q", err, tt.msg)
		}
	}
	must(t, c.SetEmailID("p1", "u3", "cat@acme.example"))
	if s, _ := c.Partner("p1").Subscriber("u3"); s.EmailID != "cat@acme.example" || s.Status != PendingEmailInput {
		t.Errorf("pending subscriber after SetEmailID: %q %v", s.EmailID, s.Status)
	}
	must(t, c.SetEmailID("p1", "u1", "anna@acme.example"))
	if _, _, ok := c.LookupPerson("ann@acme.example"); !ok {
		t.Error("SetEmailID changed the person's e-mail")
	}
	if got := c.Mismatch("p1"); !slices.Equal(got, []string{"u1"}) {
		t.Errorf("Mismatch = %v, want u1", got)
	}
}

// AddEnterprise refuses an unknown partner, an empty, invisible or long
// ID, a preset org and a duplicate, changing nothing.
func TestAddEnterpriseRefusals(t *testing.T) {
	c := fixture(t)
	for _, tt := range []struct {
		partner string
		en      Enterprise
		want    error
	}{
		{"nope", Enterprise{ID: "e9"}, ErrUnknown},
		{"", Enterprise{ID: "e9"}, ErrUnknown},
		{"p1", Enterprise{}, ErrInvalidInput},
		{"p1", Enterprise{ID: "e\u200b9"}, ErrInvalidInput},
		{"p1", Enterprise{ID: " e9"}, ErrInvalidInput},
		{"p1", Enterprise{ID: "e\xff9"}, ErrInvalidInput},
		{"p1", Enterprise{ID: strings.Repeat("e", 257)}, ErrInvalidInput},
		{"p1", Enterprise{ID: "e9", Org: "some-org"}, ErrInvalidInput},
		{"p1", Enterprise{ID: "e1", Name: "Acme again"}, ErrExists},
	} {
		var err error
		refused(t, c, tt.want, func() error { err = c.AddEnterprise(tt.partner, tt.en); return err })
		var be *Error
		if errors.As(err, &be) && (be.Partner != tt.partner || be.Enterprise != tt.en.ID || be.Op != "add enterprise") {
			t.Errorf("error %+v does not name partner %q and enterprise %q", be, tt.partner, tt.en.ID)
		}
	}
	if en, _ := c.Partner("p1").Enterprise("e1"); en.Name != "Acme" {
		t.Errorf("duplicate replaced e1: %+v", en)
	}
	must(t, c.AddEnterprise("p1", Enterprise{ID: "e9", Name: "Nine", Trial: true}))
	en, ok := c.Partner("p1").Enterprise("e9")
	if diff := cmp.Diff(Enterprise{ID: "e9", Name: "Nine", Trial: true}, en, cmp.AllowUnexported(Enterprise{})); !ok || diff != "" {
		t.Errorf("Enterprise(e9) (-want +got):\n%s", diff)
	}
}

// CheckAccess names the org and the actor; an unknown org is ErrUnknown,
// an actor who does not administer the org ErrForbidden, a customer admin
// blocked by the mode ErrRestrictedByPartner (BW-24); none changes
// anything.
func TestCheckAccessRefusals(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Standard)
	full := customer(s.Org, CustomerFullAdmin)
	other := Actor{Role: PartnerFullAdmin, Partner: "p2", Email: "x@p2.example"}
	var err error
	refused(t, c, ErrUnknown, func() error { err = c.CheckAccess(padmin, "nope", OrgSettings, false); return err })
	if want := "broadworks: access org settings (org nope): broadworks: unknown"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	refused(t, c, ErrForbidden, func() error { err = c.CheckAccess(other, s.Org, UserNames, false); return err })
	if want := "broadworks: access user names (e-mail x@p2.example, org " + s.Org + "): broadworks: forbidden"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	refused(t, c, ErrForbidden, func() error { return c.CheckAccess(customer("elsewhere", CustomerFullAdmin), s.Org, UserNames, false) })
	refused(t, c, ErrForbidden, func() error { return c.CheckAccess(Actor{}, s.Org, UserNames, false) })
	refused(t, c, ErrForbidden, func() error { return c.CheckAccess(customer(s.Org, CustomerReadOnlyAdmin), s.Org, UserNames, true) })
	refused(t, c, ErrRestrictedByPartner, func() error { return c.CheckAccess(full, s.Org, OrgSettings, true) })
	for _, bad := range []Setting{0, ExternalAdmins + 1, 255} {
		refused(t, c, ErrInvalidInput, func() error { return c.CheckAccess(padmin, s.Org, bad, false) })
		if got := c.AccessOf(padmin, s.Org, bad); got != (Access{}) {
			t.Errorf("AccessOf(%v) = %+v, want none", bad, got)
		}
	}
	must(t, c.CheckAccess(full, s.Org, OrgSettings, false))
	must(t, c.CheckAccess(full, s.Org, UserNames, true))
	must(t, c.CheckAccess(padmin, s.Org, OrgSettings, true))
}

// DisableDirSync refuses an unknown org, an actor who does not administer
// it and a customer admin of a restricted org (directory sync is
// read-only, BW-24), changing nothing; then it deletes exactly the synced
// persons (BW-19).
func TestDisableDirSyncRefusals(t *testing.T) {
	c := fixture(t)
	must1[string](t)(c.AddOrg(OrgSetup{ID: "d", DirSync: true, Persons: []PersonSetup{
		{Email: "a@d.example", Role: CustomerFullAdmin}, {Email: "s1@d.example", Synced: true}}}))
	adm := customer("d", CustomerFullAdmin)
	var err error
	refused(t, c, ErrUnknown, func() error { err = c.DisableDirSync(adm, "nope", t0); return err })
	if want := "broadworks: disable directory sync (e-mail cust@d, org nope): broadworks: unknown"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	refused(t, c, ErrUnknown, func() error { return c.DisableDirSync(adm, "", t0) })
	refused(t, c, ErrForbidden, func() error { return c.DisableDirSync(customer("e", CustomerFullAdmin), "d", t0) })
	refused(t, c, ErrForbidden, func() error { return c.DisableDirSync(customer("d", CustomerReadOnlyAdmin), "d", t0) })
	refused(t, c, ErrForbidden, func() error { return c.DisableDirSync(padmin, "d", t0) }) // not a customer of p1
	// restricted mode on, as for a created org
	c.orgs["d"].restrict(true)
	refused(t, c, ErrRestrictedByPartner, func() error { return c.DisableDirSync(adm, "d", t0) })
	c.orgs["d"].restrict(false)
	must(t, c.DisableDirSync(adm, "d", t0))
	var left []string
	for _, p := range c.Persons("d") {
		left = append(left, p.Email)
	}
	if o, _ := c.Org("d"); o.DirSync || !slices.Equal(left, []string{"a@d.example"}) {
		t.Errorf("after disabling: DirSync %v, persons %v", o.DirSync, left)
	}
	checkInv(t, c)
}
