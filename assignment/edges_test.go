package assignment_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// A sign-in may be asked only by the user it signs in, as the org tells
// users apart: "ſ@x.com" (long s) is another user than "s@x.com", though
// Unicode case folding takes one for the other. The Kelvin sign folds to
// "k" in the org's lower case, so "\u212a@x.com" is k@x.com (LIC-14).
func TestSignInOnlyByTheSameUser(t *testing.T) {
	o := newOrg(t)
	mustDo(t, o, assignment.AddUsers{Users: []assignment.NewUser{
		{Email: "s@x.com", Status: assignment.Inactive}, {Email: "ſ@x.com", Status: assignment.Inactive},
		{Email: "k@x.com", Status: assignment.Inactive}}})
	if err := o.Authorize(assignment.Actor{Email: "ſ@x.com"}, assignment.SignIn{User: "s@x.com"}); !errors.Is(err, assignment.ErrForbidden) {
		t.Errorf("ſ@x.com signs in s@x.com: %v, want ErrForbidden", err)
	}
	if err := o.Authorize(assignment.Actor{Email: "\u212a@x.com"}, assignment.SignIn{User: "k@x.com"}); err != nil {
		t.Errorf("\u212a@x.com signs in k@x.com: %v", err)
	}
}

// The zero Org, which refuses to plan or apply (ErrNil), reads as an empty
// org: every query answers nothing, without a panic; CheckInvariants and
// LicenseID answer ErrNil, and a clone is as unusable.
func TestZeroOrgReadsAsEmpty(t *testing.T) {
	o := &assignment.Org{}
	if n := o.NumUsers() + o.NumLiveUsers() + len(o.Usage()); n != 0 {
		t.Errorf("NumUsers+NumLiveUsers+Usage = %d", n)
	}
	if l := o.Ledger(); l != nil && l.Len() != 0 {
		t.Errorf("Ledger has %d subscriptions", l.Len())
	}
	for range o.Subscriptions() {
		t.Error("Subscriptions yields")
	}
	if _, ok := o.Subscription("s"); ok {
		t.Error("Subscription found")
	}
	for range o.Templates() {
		t.Error("Templates yields")
	}
	for range o.Groups() {
		t.Error("Groups yields")
	}
	for range o.Users() {
		t.Error("Users yields")
	}
	if _, err := o.User(0); !errors.Is(err, assignment.ErrUnknownUser) {
		t.Errorf("User(0): %v", err)
	}
	if err := o.CheckInvariants(); !errors.Is(err, assignment.ErrNil) {
		t.Errorf("CheckInvariants: %v, want ErrNil", err)
	}
	if _, err := o.LicenseID(license.AdvancedMessaging, ""); !errors.Is(err, assignment.ErrNil) {
		t.Errorf("LicenseID: %v, want ErrNil", err)
	}
	if _, err := o.Clone().Plan(assignment.AddGroup{Name: "g"}); !errors.Is(err, assignment.ErrNil) {
		t.Errorf("a clone plans: %v, want ErrNil", err)
	}
	var none *assignment.Org
	if n := none.NumUsers() + none.NumLiveUsers() + len(none.Usage()); n != 0 || none.Clone() == nil {
		t.Errorf("a nil org: %d users and usages, clone %v", n, none.Clone())
	}
}

// A subscription ID may hold " [": the org's own export, whose license
// columns are "Name [subscription]", reads back with every license column
// known, and importing it changes nothing (ASG-20).
func TestExportOfBracketedSubscriptionReadsBack(t *testing.T) {
	o := newOrg(t, "a@x.com")
	mustDo(t, o, assignment.AddSubscription{Subscription: license.Subscription{ID: "Q1 [EMEA]", Created: day0.AddDate(-1, 0, 0),
		Units: map[license.Kind]int{license.AdvancedMessaging: 1}}})
	mustDo(t, o, assignment.UpdateLicenses{User: "a@x.com", Licenses: []license.Kind{license.BasicMessaging, license.BasicSpaceMeetings, license.AdvancedMessaging}})
	if sub, _ := o.SubscriptionOf(0, license.AdvancedMessaging); sub != "Q1 [EMEA]" {
		t.Fatalf("Advanced Messaging on %q", sub)
	}
	f, err := assignment.ParseCSV(o.Catalog(), o.ExportCSV())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range f.Columns {
		if strings.Contains(c.Name, "EMEA") {
			t.Errorf("column %q is not a license column", c.Name)
		}
	}
	p, err := o.Plan(assignment.ImportCSV{Data: o.ExportCSV()})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Empty() || len(p.RowErrors) > 0 {
		t.Errorf("importing the export plans:\n%s", strings.Join(p.Lines(), "\n"))
	}
}

// ParseEmail's canonical form is an e-mail ParseEmail takes as it is:
// lower case may need more bytes ("Ⱥ" is 2, "ⱥ" 3), and an address whose
// lower case is too long is refused, else the org would store a user its
// own export cannot import back.
func TestCanonicalEmailParsesAgain(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("Ⱥ", 32) + "@x.com",      // local part of 64 bytes, 96 in lower case
		"a@" + strings.Repeat("Ⱥ", 31) + ".com", // domain label of 62 bytes, 93 in lower case
		strings.Repeat("Ⱥ", 20) + "@" + strings.Repeat("Ⱥ", 25) + "." + strings.Repeat("Ⱥ", 25) + "." + strings.Repeat("Ⱥ", 25) + ".com", // over 254 bytes in lower case
		"\u212a@x.com", "ÄNN@X.COM",
	} {
		e, err := assignment.ParseEmail(s)
		if err != nil {
			if !errors.Is(err, assignment.ErrInvalidEmail) {
				t.Errorf("ParseEmail(%q): %v", s, err)
			}
			continue
		}
		if again, err := assignment.ParseEmail(e); err != nil || again != e {
			t.Errorf("ParseEmail(%q) = %q, which parses to %q, %v", s, e, again, err)
		}
	}
}

// Every query by user ID answers nothing for the IDs one and two past the
// last user and for a huge one, without a panic, also when the last user
// ends a chunk of the user table (1024 users) or starts one.
func TestQueriesPastTheLastUser(t *testing.T) {
	for _, n := range []int{3, 1024, 1025} {
		o := newOrg(t)
		users := make([]assignment.NewUser, n)
		for i := range users {
			users[i] = assignment.NewUser{Email: fmt.Sprintf("u%d@x.com", i)}
		}
		mustDo(t, o, assignment.AddUsers{Users: users})
		for _, id := range []assignment.UserID{assignment.UserID(n), assignment.UserID(n + 1), 1<<32 - 1} {
			_, userErr := o.User(id)
			_, sub := o.SubscriptionOf(id, license.BasicMessaging)
			_, pl := o.Placement(id)
			_, lags := o.AppCatchUp(id)
			got := []any{errors.Is(userErr, assignment.ErrUnknownUser), o.Governing(id), o.Held(id), o.ActiveLicenses(id), sub,
				o.Sources(id, license.BasicMessaging), pl, o.WorkNumber(id), o.AppView(id), lags, strings.Contains(o.Summary(id), "unknown user")}
			want := []any{true, []assignment.TemplateID(nil), license.Set{}, license.Set{}, false,
				[]assignment.Source(nil), false, "", license.Set{}, false, true}
			if d := cmp.Diff(want, got, cmp.Comparer(func(a, b license.Set) bool { return a == b })); d != "" {
				t.Errorf("%d users, ID %d (-want +got):\n%s", n, id, d)
			}
		}
	}
}
