package broadworks

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// reachable reports whether from → to takes one or two rows of the BW-32
// table (provisioning then pending_user_migration is one call), or is the
// end of a record (NoStatus).
func reachable(from, to Status) bool {
	if to == NoStatus || from == to {
		return true
	}
	for _, a := range transitions {
		if a.From != from {
			continue
		}
		if a.To == to {
			return true
		}
		for _, b := range transitions {
			if b.From == a.To && b.To == to && b.Event == EvNeedsConsent {
				return true
			}
		}
	}
	return false
}

func statuses(c *Cloud) map[string]Status {
	m := map[string]Status{}
	for _, s := range c.Partner("p1").Subscribers() {
		m[s.UserID] = s.Status
	}
	return m
}

// TestRapidModel drives the cloud with random events from random actors.
// After every step: INV-8 (BW-34) holds, every status change follows the
// BW-32 table, and a refused event changed nothing (BW-3..BW-24 refusals).
func TestRapidModel(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		c := fixture(rt)
		existing := OrgSetup{ID: "x", Persons: []PersonSetup{{Email: "x0@x.example", Role: CustomerFullAdmin},
			{Email: "x1@x.example"}}}
		if rapid.Bool().Draw(rt, "x needs approval") {
			existing.Domains = []Domain{{Name: "x.example", Verified: true}}
		}
		must1[string](rt)(c.AddOrg(existing))
		must1[Account](rt)(c.AddAccount("c@gmail.example"))
		must1[Account](rt)(c.AddAccount("d@gmail.example"))
		now := t0
		users := []string{"u0", "u1", "u2", "u3", "u4"}
		emails := []string{"", "a@acme.example", "b@acme.example", "x0@x.example", "x1@x.example", "c@gmail.example", "d@gmail.example", "bad email"}
		ents := []string{"e1", "e2", "wh"}
		actor := func(rt *rapid.T) Actor {
			org := rapid.SampledFrom(append(c.Orgs(), "x")).Draw(rt, "org")
			return rapid.SampledFrom([]Actor{padmin, pprov, pro, {}, customer(org, CustomerFullAdmin),
				customer(org, CustomerUserAdmin), customer(org, CustomerReadOnlyAdmin)}).Draw(rt, "actor")
		}
		user := func(rt *rapid.T) string { return rapid.SampledFrom(users).Draw(rt, "user") }
		email := func(rt *rapid.T) string { return rapid.SampledFrom(emails).Draw(rt, "email") }
		orgOf := func(rt *rapid.T) string { return rapid.SampledFrom(append(c.Orgs(), "none")).Draw(rt, "org") }
		pkg := func(rt *rapid.T) Package { return Package(rapid.IntRange(0, 5).Draw(rt, "package")) }
		step := func(rt *rapid.T, name string, f func() error) {
			before, st := c.Clone(), statuses(c)
			err := f()
			if err != nil {
				var be *Error
				if !errors.As(err, &be) {
					rt.Fatalf("%s: error %v is not an *Error", name, err)
				}
				if !cmp.Equal(before, c, stateOpts) {
					rt.Fatalf("%s refused (%v) but changed:\n%s", name, err, cmp.Diff(before, c, stateOpts))
				}
			}
			after := statuses(c)
			for id, to := range after {
				if from := st[id]; !reachable(from, to) {
					rt.Fatalf("%s: %s went %v → %v, not in the table", name, id, from, to)
				}
			}
			if vs := c.CheckInvariants(); len(vs) > 0 {
				rt.Fatalf("%s: %v", name, vs)
			}
			now = now.Add(time.Duration(rapid.IntRange(0, 48).Draw(rt, "hours")) * time.Hour)
		}
		live := func(rt *rapid.T) string {
			subs := c.Partner("p1").Subscribers()
			if len(subs) == 0 {
				return "u0"
			}
			return rapid.SampledFrom(subs).Draw(rt, "subscriber").UserID
		}
		rt.Repeat(map[string]func(*rapid.T){
			"provision trusted": func(rt *rapid.T) {
				r := req(user(rt), rapid.SampledFrom(emails[1:7]).Draw(rt, "email"))
				r.Enterprise, r.Package = rapid.SampledFrom(ents[:2]).Draw(rt, "enterprise"), Package(rapid.IntRange(1, 4).Draw(rt, "package"))
				step(rt, "provision trusted", func() error { _, err := c.Provision(padmin, r, now); return err })
			},
			"complete live": func(rt *rapid.T) {
				u := live(rt)
				step(rt, "complete", func() error { _, err := c.Complete("p1", u, now); return err })
			},
			"retry live": func(rt *rapid.T) {
				u := live(rt)
				step(rt, "retry", func() error { _, err := c.Retry(pprov, "p1", u, now); return err })
			},
			"consent live": func(rt *rapid.T) {
				u := live(rt)
				step(rt, "consent", func() error { _, err := c.Consent("p1", u, now); return err })
			},
			"provision": func(rt *rapid.T) {
				r := Request{Method: rapid.SampledFrom([]Method{API, FlowThrough, SelfActivation}).Draw(rt, "method"),
					Partner: "p1", Template: rapid.SampledFrom([]string{"trusted", "untrusted", "none"}).Draw(rt, "template"),
					Enterprise: rapid.SampledFrom(ents).Draw(rt, "enterprise"), UserID: user(rt), Email: email(rt), Package: pkg(rt)}
				a := actor(rt)
				step(rt, "provision", func() error { _, err := c.Provision(a, r, now); return err })
			},
			"self-activate": func(rt *rapid.T) {
				r := Activation{Partner: "p1", Template: "untrusted", Enterprise: rapid.SampledFrom(ents).Draw(rt, "enterprise"),
					UserID: user(rt), Cluster: rapid.SampledFrom([]string{"c1", "c9"}).Draw(rt, "cluster"), Package: pkg(rt)}
				step(rt, "self-activate", func() error { _, err := c.SelfActivate(r, now); return err })
			},
			"enter e-mail": func(rt *rapid.T) {
				u, e := user(rt), email(rt)
				step(rt, "enter e-mail", func() error { _, err := c.EnterEmail("p1", u, e, now); return err })
			},
			"join now": func(rt *rapid.T) {
				u := user(rt)
				step(rt, "join now", func() error { _, err := c.JoinNow("p1", u, now); return err })
			},
			"consent": func(rt *rapid.T) {
				u := user(rt)
				step(rt, "consent", func() error { _, err := c.Consent("p1", u, now); return err })
			},
			"complete": func(rt *rapid.T) {
				u := user(rt)
				step(rt, "complete", func() error { _, err := c.Complete("p1", u, now); return err })
			},
			"fail": func(rt *rapid.T) {
				u := user(rt)
				step(rt, "fail", func() error { _, err := c.Fail("p1", u, 500, "fault", now); return err })
			},
			"retry": func(rt *rapid.T) {
				u, a := user(rt), actor(rt)
				step(rt, "retry", func() error { _, err := c.Retry(a, "p1", u, now); return err })
			},
			"retry activation": func(rt *rapid.T) {
				u, a, e := user(rt), actor(rt), email(rt)
				step(rt, "retry activation", func() error { _, err := c.RetryActivation(a, "p1", u, e, now); return err })
			},
			"delete pending": func(rt *rapid.T) {
				u, a := user(rt), actor(rt)
				step(rt, "delete pending", func() error { return c.DeletePending(a, "p1", u, now) })
			},
			"approve": func(rt *rapid.T) {
				o, full := orgOf(rt), rapid.Bool().Draw(rt, "full")
				step(rt, "approve", func() error {
					return c.AddExternalAdmin(customer(o, CustomerFullAdmin), o, partnerAdminEmail, full)
				})
			},
			"package change": func(rt *rapid.T) {
				u, a, p := user(rt), actor(rt), pkg(rt)
				step(rt, "package change", func() error { _, err := c.UpdateSubscriber(a, "p1", u, Update{Package: p}, now); return err })
			},
			"remove": func(rt *rapid.T) {
				u, a := user(rt), actor(rt)
				step(rt, "remove", func() error { return c.RemoveSubscriber(a, "p1", u, now) })
			},
			"delete person": func(rt *rapid.T) {
				o, a, e := orgOf(rt), actor(rt), email(rt)
				step(rt, "delete person", func() error { return c.DeletePerson(a, o, e, now) })
			},
			"detach": func(rt *rapid.T) {
				o, a := orgOf(rt), actor(rt)
				if rapid.Bool().Draw(rt, "prepare") {
					step(rt, "remove workspaces", func() error { return c.RemoveWorkspaces(a, o) })
					step(rt, "delete calling config", func() error { return c.DeleteCallingConfig(a, o) })
				}
				step(rt, "detach", func() error { return c.Detach(a, o) })
			},
			"delete org": func(rt *rapid.T) {
				o, a := orgOf(rt), actor(rt)
				step(rt, "delete org", func() error { return c.DeleteOrg(a, o) })
			},
			"restricted": func(rt *rapid.T) {
				o, a, on := orgOf(rt), actor(rt), rapid.Bool().Draw(rt, "on")
				step(rt, "restricted", func() error { return c.SetRestricted(a, o, on) })
			},
		})
	})
}

// TestReachable checks the helper the rapid test relies on.
func TestReachable(t *testing.T) {
	for _, tt := range []struct {
		from, to Status
		want     bool
	}{{NoStatus, PendingUserMigration, true}, {Provisioned, Failed, false}, {Failed, PendingUserMigration, true}, {Updating, Failed, false}} {
		if got := reachable(tt.from, tt.to); got != tt.want {
			t.Errorf("reachable(%v, %v) = %v", tt.from, tt.to, got)
		}
	}
}
