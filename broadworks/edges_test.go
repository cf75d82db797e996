package broadworks

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// More edges, each pinned by a mutant that survived the other tests.

// A message shortens bytes that are no UTF-8 at 77 of them: backing off to
// a character's start never goes further than 3 bytes.
func TestClipInvalidUTF8(t *testing.T) {
	err := &HistoryError{ID: strings.Repeat("\x80", 100), Reason: "r"}
	want := "broadworks: billing history of subscriber 0 (" + strconv.Quote(strings.Repeat("\x80", 77)+"...") + "): r"
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("message (-want +got):\n%s", diff)
	}
}

// An *Error with nothing to name prints no parentheses; '!' and '~', the
// ends of visible ASCII, are printed bare.
func TestErrorMessageParts(t *testing.T) {
	for _, tt := range []struct {
		err  *Error
		want string
	}{
		{&Error{Op: "new cloud", Detail: "negative room delay", Err: ErrInvalidInput},
			"broadworks: new cloud: negative room delay: broadworks: invalid input"},
		{&Error{Op: "x", Partner: "p!~", Org: "o "}, `broadworks: x (partner p!~, org "o ")`},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

// BW-25: a billing month of year 1 or 9999 is valid; years 0 and 10000
// are not (ErrInvalidPeriod).
func TestBillMonthYearEdges(t *testing.T) {
	end := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	for _, p := range []Period{{1, time.January}, {9999, time.December}} {
		if _, err := BillMonth(acme, p, nil, end); err != nil {
			t.Errorf("BillMonth(%v): %v", p, err)
		}
	}
	for _, p := range []Period{{0, time.December}, {10000, time.January}} {
		if _, err := BillMonth(acme, p, nil, end); !errors.Is(err, ErrInvalidPeriod) {
			t.Errorf("BillMonth(%v) = %v, want ErrInvalidPeriod", p, err)
		}
	}
}

// BW-31: Directed Call Pickup and the user's BLF service are two items;
// an archive version part of nine digits is a number, ten are not.
func TestMissingBLFServicesAndLongVersions(t *testing.T) {
	if m := must1[[]Requirement](t)(completeSetup(t, "R24", XsiOnXSP).MissingBLF()); len(m) != 0 {
		t.Fatalf("full set-up misses %v", m)
	}
	pickup := completeSetup(t, "R24", XsiOnXSP)
	pickup.DirectedCallPickupAllUsers = false
	blf := completeSetup(t, "R24", XsiOnXSP)
	blf.UserHasBLF = false
	for _, tt := range []struct {
		s    ClientSetup
		want []Requirement
	}{
		{pickup, []Requirement{{Kind: ServiceRequirement, Name: ServiceDirectedPickup}}},
		{blf, []Requirement{{Kind: ServiceRequirement, Name: ServiceBLF}}},
	} {
		if diff := cmp.Diff(tt.want, must1[[]Requirement](t)(tt.s.MissingBLF())); diff != "" {
			t.Errorf("missing (-want +got):\n%s", diff)
		}
	}
	events := Requirement{ArchiveRequirement, "Xsi-Events-24_2022.01_1.201.bwar", true}
	for _, tt := range []struct {
		archive string
		ok      bool
	}{
		{"Xsi-Events-24_2022.01_1.999999999.bwar", true},
		{"Xsi-Events-24_2022.01_1.1000000000.bwar", false},
	} {
		s := completeSetup(t, "R24", XsiOnXSP)
		s.Archives = slices.DeleteFunc(s.Archives, func(a string) bool { return a == events.Name })
		s.Archives = append(s.Archives, tt.archive)
		m := must1[[]Requirement](t)(s.MissingBLF())
		if got := !slices.Contains(m, events); got != tt.ok {
			t.Errorf("%s meets %s: %v, want %v", tt.archive, events, got, tt.ok)
		}
	}
}

// BW-31: a kind or activity past the last shows no presence, never a panic.
func TestWatchListPresenceOutOfRange(t *testing.T) {
	for _, tt := range []struct {
		w Watched
		a Activity
	}{{WatchedBroadWorksOnly + 1, ActivityIdle}, {WatchedWebexMember, ActivityWebexCall + 1}, {255, 255}} {
		if got := WatchListPresence(tt.w, tt.a, WatchContext{}); got != NoPresence {
			t.Errorf("WatchListPresence(%v, %v) = %v", tt.w, tt.a, got)
		}
	}
}

// BW-17: the drawn personal-room delays are whole seconds in [2 h, 3 h]
// and differ between seeds.
func TestRoomDelaySpread(t *testing.T) {
	seen := map[time.Duration]bool{}
	for seed := range uint64(20) {
		c := must1[*Cloud](t)(NewCloud(Config{Seed: seed}))
		d := c.roomDelay()
		if d < 2*time.Hour || d > 3*time.Hour || d%time.Second != 0 {
			t.Fatalf("seed %d: delay %v", seed, d)
		}
		seen[d] = true
	}
	if len(seen) < 10 {
		t.Errorf("20 seeds drew %d delays", len(seen))
	}
}

// IDs of 256 bytes are accepted, 257 refused; a domain starting with a dot
// and IANA names of 100 characters or using Z, 0 and 9 are edges too.
func TestIDAndNameEdges(t *testing.T) {
	c := fixture(t)
	must(t, c.AddPartner(strings.Repeat("p", 256), "Long", false))
	refused(t, c, ErrInvalidInput, func() error { return c.AddPartner(strings.Repeat("p", 257), "Longer", false) })
	refused(t, c, ErrInvalidInput, func() error { _, err := c.AddAccount("ann@.acme.example"); return err })
	refused(t, c, ErrInvalidInput, func() error { _, err := c.AddAccount("a.@localhost"); return err })
	cl := Cluster{Name: "c2", XsiActionsURL: xsi, XsiEventsURL: xse,
		Ciphers: []string{"TLS_" + strings.Repeat("A", 96), "TLS_AZ_09", "TLS_Z", "TLS_0", "TLS_9"}}
	must(t, c.SaveCluster(padmin, "p1", cl))
	cl.Ciphers = []string{"TLS_" + strings.Repeat("A", 97)}
	refused(t, c, ErrInterfaceValidation, func() error { return c.SaveCluster(padmin, "p1", cl) })
}

// BW-25: billing lists removed and live subscribers by Webex subscriber
// ID with their enterprise's trial flag; one only ever pending, deleted,
// is not listed.
func TestBillingSubscribersOrderAndTrial(t *testing.T) {
	c := fixture(t)
	must(t, c.AddEnterprise("p1", Enterprise{ID: "tr", Name: "Trial", Trial: true}))
	for i, u := range []string{"u1", "u2", "u3", "u4", "u5", "u6"} {
		provisioned(t, c, u, u+"@acme.example", Basic)
		if i%2 == 0 {
			must(t, c.RemoveSubscriber(padmin, "p1", u, t0.Add(48*time.Hour)))
		}
	}
	r := req("t1", "t1@trial.example")
	r.Enterprise = "tr"
	must1[Subscriber](t)(c.Provision(padmin, r, t0))
	must1[Subscriber](t)(c.Complete("p1", "t1", t0))
	r = req("p9", "")
	r.Template = "untrusted"
	must1[Subscriber](t)(c.Provision(padmin, r, t0))
	must(t, c.DeletePending(padmin, "p1", "p9", t0))
	got := c.Partner("p1").BillingSubscribers()
	if len(got) != 7 {
		t.Fatalf("%d billing subscribers, want 7", len(got))
	}
	if !slices.IsSortedFunc(got, func(a, b BillingSubscriber) int { return strings.Compare(a.SubscriberID, b.SubscriberID) }) {
		t.Errorf("not by subscriber ID: %+v", got)
	}
	for _, b := range got {
		if b.Trial != (b.EnterpriseID == "tr") {
			t.Errorf("%s of %s: trial %v", b.SubscriberID, b.EnterpriseID, b.Trial)
		}
	}
}

// BW-32: entering an invalid e-mail is refused (ErrInvalidInput), changing
// nothing.
func TestEnterEmailInvalid(t *testing.T) {
	c := fixture(t)
	r := req("u1", "")
	r.Template = "untrusted"
	must1[Subscriber](t)(c.Provision(padmin, r, t0))
	for _, email := range []string{"", "ann", "ann\u200b@acme.example", "=ann@acme.example"} {
		refused(t, c, ErrInvalidInput, func() error { _, err := c.EnterEmail("p1", "u1", email, t0); return err })
	}
}

// BW-7, BW-33: deleting the subscriber creating its enterprise's org frees
// the enterprise (the next subscriber creates it, not waiting); deleting
// another pending one leaves the creator.
func TestDeletePendingCreator(t *testing.T) {
	c := fixture(t)
	must1[Subscriber](t)(c.Provision(padmin, req("u1", "ann@acme.example"), t0)) // creating org(e1)
	r := req("u2", "")
	r.Template = "untrusted"
	must1[Subscriber](t)(c.Provision(padmin, r, t0))
	must(t, c.DeletePending(padmin, "p1", "u2", t0))
	checkInv(t, c)
	must1[Subscriber](t)(c.Provision(padmin, req("u3", "bob@acme.example"), t0))
	refused(t, c, ErrWaitingForOrg, func() error { _, err := c.Complete("p1", "u3", t0); return err }) // u1 still creates
	must(t, c.DeletePending(padmin, "p1", "u1", t0))
	checkInv(t, c)
	if s := provisioned(t, c, "u4", "cat@acme.example", Basic); s.Org == "" {
		t.Error("the next subscriber found no org")
	}
}

// LIC-14, BW-24: with the mode off a customer user admin sets user
// settings (the work number, deleting users) but not org settings.
func TestUserAdminSettings(t *testing.T) {
	c := fixture(t)
	must1[string](t)(c.AddOrg(OrgSetup{ID: "x", Persons: []PersonSetup{{Email: "a@x.example", Role: CustomerUserAdmin}}}))
	ua := customer("x", CustomerUserAdmin)
	for s, want := range map[Setting]Access{WorkNumber: {true, true}, DeleteUsers: {true, true}, ManageUsers: {true, true},
		OrgSettings: {Read: true}, CallPriority: {Read: true}, ExternalAdmins: {Read: true}} {
		if got := c.AccessOf(ua, "x", s); got != want {
			t.Errorf("user admin, %v: %+v, want %+v", s, got, want)
		}
	}
}

// An org added with its own ID draws no ID from the seeded source: the
// next drawn org ID is the same as without it.
func TestAddOrgWithIDDrawsNothing(t *testing.T) {
	a, b := fixture(t), fixture(t)
	must1[string](t)(b.AddOrg(OrgSetup{ID: "mine"}))
	if x, y := provisioned(t, a, "u1", "ann@acme.example", Basic).Org, provisioned(t, b, "u1", "ann@acme.example", Basic).Org; x != y {
		t.Errorf("org IDs %s and %s differ", x, y)
	}
}

// BW-15, BW-25: a new user ID of a provisioned subscriber splits its
// billing history; a pending subscriber's change records none.
func TestUserIDChangeHistory(t *testing.T) {
	c := fixture(t)
	provisioned(t, c, "u1", "ann@acme.example", Basic)
	r := req("u2", "")
	r.Template = "untrusted"
	must1[Subscriber](t)(c.Provision(padmin, r, t0))
	day2 := t0.Add(24 * time.Hour)
	must1[Subscriber](t)(c.UpdateSubscriber(padmin, "p1", "u1", Update{UserID: "u1-new"}, day2))
	must1[Subscriber](t)(c.UpdateSubscriber(padmin, "p1", "u2", Update{UserID: "u2-new"}, day2))
	got := c.Partner("p1").BillingSubscribers()
	if len(got) != 1 {
		t.Fatalf("billing subscribers %+v, want u1's only", got)
	}
	want := []PackageChange{{Day: day(t0), UserID: "u1", Package: Basic}, {Day: day(day2), UserID: "u1-new", Package: Basic}}
	if diff := cmp.Diff(want, got[0].History); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
}

// BW-7, BW-33: retrying activation of a pending subscriber leaves the
// subscriber creating the enterprise's org its creator: the next one
// still waits for it.
func TestRetryActivationKeepsCreator(t *testing.T) {
	c := fixture(t)
	must1[Subscriber](t)(c.Provision(padmin, req("u1", "ann@acme.example"), t0)) // creating org(e1)
	r := req("u2", "")
	r.Template = "untrusted"
	must1[Subscriber](t)(c.Provision(padmin, r, t0))
	must1[Subscriber](t)(c.RetryActivation(padmin, "p1", "u2", "bob@acme.example", t0))
	checkInv(t, c)
	must1[Subscriber](t)(c.Provision(padmin, req("u3", "cat@acme.example"), t0))
	refused(t, c, ErrWaitingForOrg, func() error { _, err := c.Complete("p1", "u3", t0); return err })
}

// LIC-14: a customer admin's refused package change names the person the
// engine knows, not the subscriber's e-mail ID when the two differ (BW-15).
func TestUpdateRefusalNamesEngineUser(t *testing.T) {
	c := fixture(t)
	s := provisioned(t, c, "u1", "ann@acme.example", Standard)
	must(t, c.SetEmailID("p1", "u1", "anna@acme.example"))
	var err error
	refused(t, c, ErrRestrictedByPartner, func() error {
		_, err = c.UpdateSubscriber(customer(s.Org, CustomerFullAdmin), "p1", "u1", Update{Package: Premium}, t0)
		return err
	})
	msg := err.Error()
	if !strings.HasPrefix(msg, "broadworks: update subscriber (partner p1, enterprise e1, subscriber u1, e-mail anna@acme.example): ") ||
		!strings.Contains(msg, `"modify licenses of ann@acme.example"`) {
		t.Errorf("message %q does not name the subscriber and the engine user", msg)
	}
}
