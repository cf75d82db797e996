package assignment_test

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
)

// LIC-8: an explicit new user may name the subscription of a license
// (NewUser.Subscriptions), as a license ID does; the others come from the
// oldest subscription with a free unit. A bad name refuses the batch and
// changes nothing.
func TestNewUserSubscriptions(t *testing.T) {
	adv := []license.Kind{license.BasicMessaging, license.AdvancedMessaging}
	pin := func(k license.Kind, sub string) []assignment.Entry {
		return []assignment.Entry{{Kind: k, Subscription: sub}}
	}
	for _, tt := range []struct {
		name string
		nu   assignment.NewUser
		sub  string // the subscription of the user's Advanced Messaging
		err  error
	}{
		{"no subscription named: the oldest", assignment.NewUser{Explicit: true, Licenses: adv}, "old", nil},
		{"the newer named", assignment.NewUser{Explicit: true, Licenses: adv, Subscriptions: pin(license.AdvancedMessaging, "new")}, "new", nil},
		{"a free kind named: no unit to take", assignment.NewUser{Explicit: true, Licenses: adv, Subscriptions: pin(license.BasicMessaging, "new")}, "old", nil},
		{"unknown subscription", assignment.NewUser{Explicit: true, Licenses: adv, Subscriptions: pin(license.AdvancedMessaging, "nosuch")}, "", assignment.ErrUnknownSubscription},
		{"a kind not given", assignment.NewUser{Explicit: true, Licenses: adv, Subscriptions: pin(license.AdvancedSpaceMeetings, "old")}, "", assignment.ErrInvalidValue},
		{"one pin twice", assignment.NewUser{Explicit: true, Licenses: adv,
			Subscriptions: append(pin(license.AdvancedMessaging, "new"), pin(license.AdvancedMessaging, "new")...)}, "new", nil},
		{"one kind from two subscriptions: 400413", assignment.NewUser{Explicit: true, Licenses: adv, // LIC-13
			Subscriptions: append(pin(license.AdvancedMessaging, "new"), pin(license.AdvancedMessaging, "old")...)}, "", license.CodeExclusiveFamily},
		{"not explicit", assignment.NewUser{Subscriptions: pin(license.AdvancedMessaging, "new")}, "", assignment.ErrInvalidValue},
		{"no unit left there", assignment.NewUser{Explicit: true, Licenses: []license.Kind{license.BasicMessaging, license.AdvancedSpaceMeetings},
			Subscriptions: pin(license.AdvancedSpaceMeetings, "new")}, "", license.ErrNoUnit},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := newOrg(t)
			tt.nu.Email = "ann@x.com"
			a := assignment.AddUsers{Users: []assignment.NewUser{{Email: "first@x.com"}, tt.nu}}
			if tt.err != nil {
				if err := mustReject(t, o, a); !errors.Is(err, tt.err) {
					t.Errorf("error %v, want %v", err, tt.err)
				}
				return
			}
			mustDo(t, o, a)
			id, _ := o.LookupUser("ann@x.com")
			if sub, _ := o.SubscriptionOf(id, license.AdvancedMessaging); sub != tt.sub {
				t.Errorf("Advanced Messaging from %q, want %q", sub, tt.sub)
			}
		})
	}
}

// LIC-13: however many times a kind is named from two subscriptions, the
// refusal has one violation for it.
func TestNewUserTwoSubscriptionsOnce(t *testing.T) {
	o := newOrg(t)
	nu := assignment.NewUser{Email: "ann@x.com", Explicit: true, Licenses: []license.Kind{license.BasicMessaging, license.AdvancedMessaging}}
	for i := range 8 {
		nu.Subscriptions = append(nu.Subscriptions, assignment.Entry{Kind: license.AdvancedMessaging, Subscription: []string{"old", "new"}[i%2]})
	}
	err := mustReject(t, o, assignment.AddUsers{Users: []assignment.NewUser{nu}})
	var se *license.SetError
	if !errors.As(err, &se) || len(se.Violations) != 1 || se.Violations[0].Code != license.CodeExclusiveFamily {
		t.Errorf("error %v, want one 400413 violation", err)
	}
}

// TestAddUsersNamingManyGroups adds a batch whose users name groups of
// an org of 200, whose names and IDs collide in the batch's small caches
// of names and quoted names (64 slots each): every user gets the groups
// they named, once each, in order, and the edit quotes them as
// strconv.Quote does; an unknown name refuses the batch.
func TestAddUsersNamingManyGroups(t *testing.T) {
	o := assignment.New("x", license.MustDefault())
	var names []string
	for i := range 200 {
		name := fmt.Sprintf("g%d", i)
		switch i % 4 {
		case 1:
			name = fmt.Sprintf(`team "%d"`, i)
		case 2:
			name = fmt.Sprintf("équipe %d", 199-i)
		}
		names = append(names, name)
		if _, err := o.Do(assignment.AddGroup{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	var users []assignment.NewUser
	var wantGroups [][]string
	for i := range 300 {
		nu := assignment.NewUser{Email: fmt.Sprintf("u%d@x.com", i)}
		var want []string
		for j := range i % 4 {
			g := names[(i*37+j*64+163)%len(names)] // group 0 first for user 1
			nu.Groups = append(nu.Groups, g, g)    // named twice: once in the user's groups
			want = append(want, g)
		}
		users, wantGroups = append(users, nu), append(wantGroups, want)
	}
	for _, unknown := range []string{"nosuch", ""} {
		bad := slices.Clone(users)
		bad[299].Groups = []string{names[5], unknown}
		if _, err := o.Plan(assignment.AddUsers{Users: bad}); !errors.Is(err, assignment.ErrUnknownGroup) {
			t.Fatalf("a batch naming group %q: got %v, want %v", unknown, err, assignment.ErrUnknownGroup)
		}
	}
	p, err := o.Plan(assignment.AddUsers{Users: users})
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range p.Edits {
		var want []string
		for _, g := range wantGroups[i] {
			want = append(want, strconv.Quote(g))
		}
		if text := strings.Join(want, ", "); text != "" && e.Value != "groups "+text || text == "" && e.Value != "" {
			t.Errorf("user %d: edit %q, want groups %s", i, e.Value, text)
		}
	}
	if err := o.Apply(p); err != nil {
		t.Fatal(err)
	}
	for i, nu := range users {
		id, _ := o.LookupUser(nu.Email)
		info, _ := o.User(id)
		if d := cmp.Diff(wantGroups[i], info.Groups, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("user %d's groups (-want +got):\n%s", i, d)
		}
	}
}

// TestAddUsersFirstErrorInOrder: a batch with several bad users is
// refused for the first of them in the batch's order, whichever check
// refuses it (e-mails are parsed ahead of the other checks), and names
// that user's bad input.
func TestAddUsersFirstErrorInOrder(t *testing.T) {
	good := func(e string) assignment.NewUser { return assignment.NewUser{Email: e} }
	badGroup := assignment.NewUser{Email: "g@x.com", Groups: []string{"nosuch"}}
	for _, tt := range []struct {
		name  string
		users []assignment.NewUser
		want  error
		input string
	}{
		{"a bad group before a bad e-mail", []assignment.NewUser{good("a@x.com"), badGroup, good("not an e-mail")}, assignment.ErrUnknownGroup, "nosuch"},
		{"a bad e-mail before a bad group", []assignment.NewUser{good("a@x.com"), good("not an e-mail"), badGroup}, assignment.ErrInvalidEmail, "not an e-mail"},
		{"a bad first e-mail", []assignment.NewUser{good("@x.com"), badGroup}, assignment.ErrInvalidEmail, "@x.com"},
		{"a duplicate before a bad e-mail", []assignment.NewUser{good("a@x.com"), good("A@X.com"), good("x")}, assignment.ErrDuplicateEmail, "A@X.com"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := newOrg(t)
			err := mustReject(t, o, assignment.AddUsers{Users: tt.users})
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.input) {
				t.Fatalf("got %v, want %v naming %q", err, tt.want, tt.input)
			}
		})
	}
}
