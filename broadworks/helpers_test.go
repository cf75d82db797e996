package broadworks

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

var t0 = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)

const partnerAdminEmail = "admin@sp.example"

var (
	padmin = Actor{Role: PartnerFullAdmin, Partner: "p1", Email: partnerAdminEmail}
	pprov  = Actor{Role: PartnerProvisioningAdmin, Partner: "p1", Email: "prov@sp.example"}
	pro    = Actor{Role: PartnerReadOnlyAdmin, Partner: "p1", Email: "ro@sp.example"}
)

func customer(org string, r Role) Actor { return Actor{Role: r, Org: org, Email: "cust@" + org} }

// tb is what the helpers need of a test: testing.TB or *rapid.T.
type tb interface {
	Helper()
	Fatal(args ...any)
}

func must(t tb, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func must1[T any](t tb) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

const xsi = "https://xsp.sp.example/com.broadsoft.xsi-actions/v2.0/"
const xse = "https://xsp.sp.example/com.broadsoft.xsi-events/v2.0/"

// fixture returns a cloud with partner p1, cluster c1, templates "trusted"
// and "untrusted" on it, and enterprises e1, e2 and the wholesale ent "wh".
func fixture(t tb) *Cloud {
	t.Helper()
	c, err := NewCloud(Config{Seed: 1, RoomDelay: 3 * time.Hour})
	must(t, err)
	must(t, c.AddPartner("p1", "SP One", true))
	must(t, c.SaveCluster(padmin, "p1", Cluster{Name: "c1", XsiActionsURL: xsi, XsiEventsURL: xse}))
	base := TemplateSettings{Cluster: "c1", PartnerAdminEmail: partnerAdminEmail,
		AccountName: "prov", Password: "pw", ConfirmPassword: "pw"}
	tr, un := base, base
	tr.Name, tr.Mode = "trusted", Trusted
	un.Name, un.Mode, un.ShareLink = "untrusted", Untrusted, "https://activate.sp.example/x"
	must(t, c.SaveTemplate(padmin, "p1", tr, t0))
	must(t, c.SaveTemplate(padmin, "p1", un, t0))
	must(t, c.AddEnterprise("p1", Enterprise{ID: "e1", Name: "Acme"}))
	must(t, c.AddEnterprise("p1", Enterprise{ID: "e2", Name: "Beta"}))
	must(t, c.AddEnterprise("p1", Enterprise{ID: "wh", Name: "Wholesale", Wholesale: true}))
	return c
}

func req(user, email string) Request {
	return Request{Method: API, Partner: "p1", Template: "trusted", Enterprise: "e1",
		UserID: user, Email: email, Package: Standard}
}

// provisioned provisions and completes a subscriber of e1 in trusted mode.
func provisioned(t testing.TB, c *Cloud, user, email string, pkg Package) Subscriber {
	t.Helper()
	r := req(user, email)
	r.Package = pkg
	must1[Subscriber](t)(c.Provision(padmin, r, t0))
	return must1[Subscriber](t)(c.Complete("p1", user, t0))
}

var stateOpts = cmp.Options{
	cmp.AllowUnexported(Cloud{}, Partner{}, Enterprise{}, Subscriber{}, Org{}, Person{},
		template{}, plan{}, rand.PCG{}, LicenseChange{}),
	cmp.Comparer(func(a, b *assignment.Org) bool {
		if a == nil || b == nil {
			return a == b
		}
		return a.ID() == b.ID() && a.Version() == b.Version() && string(a.ExportCSV()) == string(b.ExportCSV())
	}),
	cmp.Comparer(func(a, b *license.Catalog) bool { return a == b }),
	cmp.Comparer(func(a, b license.Set) bool { return a == b }),
	cmp.Comparer(func(a, b *assignment.Plan) bool { return a == b }),
}

// refused checks that f returns want wrapped in an *Error and changes
// nothing, notifications included.
func refused(t *testing.T, c *Cloud, want error, f func() error) {
	t.Helper()
	before := c.Clone()
	err := f()
	if !errors.Is(err, want) {
		t.Fatalf("err = %v, want %v", err, want)
	}
	var be *Error
	if !errors.As(err, &be) {
		t.Fatalf("err %v is not an *Error", err)
	}
	if d := cmp.Diff(before, c, stateOpts); d != "" {
		t.Fatalf("refusal changed the state (-before +after):\n%s", d)
	}
}

func noticesOf(c *Cloud) []string {
	var out []string
	for _, n := range c.Notifications() {
		out = append(out, n.String())
	}
	return out
}

func checkInv(t testing.TB, c *Cloud) {
	t.Helper()
	if vs := c.CheckInvariants(); len(vs) > 0 {
		t.Fatalf("invariants: %v", vs)
	}
}
