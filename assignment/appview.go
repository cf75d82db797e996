package assignment

import (
	"iter"
	"maps"
	"math/bits"
	"slices"
	"time"

	"github.com/wxlicense/wxlicense/license"
)

// MaxAppDelay bounds how long a license change takes to reach a user's app
// (LIC-11).
const MaxAppDelay = 24 * time.Hour

// AppDelay is how long a license change of a user takes to reach the
// user's app (LIC-11, SIM-4), given the user and the virtual time of the
// change. It must be deterministic: the same arguments give the same
// delay. The org clamps it to [0, MaxAppDelay].
type AppDelay func(id UserID, email string, changedAt time.Time) time.Duration

// SetAppDelay sets how long license changes take to reach the app, for the
// changes applied from now on; nil, the default, is MaxAppDelay for every
// change. It is a parameter of the simulated world, not a change to the
// org: it makes no plan and does not change [Org.Version].
func (o *Org) SetAppDelay(d AppDelay) { o.view.delay = d }

// appState is the app view (LIC-11): for each user whose app still shows
// an older set, that set and when the app catches up. Every other user's
// app shows their active licenses (ASG-18). It is sparse: a user is in it
// only from a license change until the catch-up, and entries past due are
// dropped when a later application finds them.
type appState struct {
	delay AppDelay
	lag   map[UserID]appLag
	next  stamp     // no entry is due before it
	last  time.Time // the latest license change
}

// appLag is one user's lagging app: it shows shows until due.
type appLag struct {
	shows license.Set
	due   stamp
}

// stamp is a compact instant: Unix seconds and nanoseconds.
type stamp struct {
	sec  int64
	nsec int32
}

func stampOf(t time.Time) stamp { return stamp{t.Unix(), int32(t.Nanosecond())} }

func (s stamp) time() time.Time { return time.Unix(s.sec, int64(s.nsec)).UTC() }

func (s stamp) before(t stamp) bool { return s.sec < t.sec || s.sec == t.sec && s.nsec < t.nsec }

func (a appState) clone() appState {
	a.lag = maps.Clone(a.lag)
	return a
}

// appStep is what an application may change in the app views: the users
// its changes concern, ascending, with their active licenses before it.
type appStep struct {
	now   time.Time
	users []UserID
	views []license.Set
}

// appBefore records, before p applies, the active licenses of the users p
// changes (none for users p creates). [Org.Apply] calls it, then
// [Org.appAfter] once p is applied.
func (o *Org) appBefore(p *Plan) appStep {
	s := appStep{now: o.now}
	if len(p.Changes) == 0 {
		return s
	}
	seen := make([]uint64, len(o.users)/64+1)
	for _, c := range p.Changes {
		w := int(c.User / 64)
		for w >= len(seen) {
			seen = append(seen, 0)
		}
		seen[w] |= 1 << (c.User % 64)
	}
	n := 0
	for _, w := range seen {
		n += bits.OnesCount64(w)
	}
	s.users, s.views = make([]UserID, 0, n), make([]license.Set, 0, n)
	for i, w := range seen {
		for ; w != 0; w &= w - 1 {
			id := UserID(i*64 + bits.TrailingZeros64(w))
			s.users = append(s.users, id)
			s.views = append(s.views, o.ActiveLicenses(id))
		}
	}
	return s
}

// appAfter notes the license changes of an applied plan: a user whose
// active licenses changed keeps, in the app, what the app showed before,
// until the change's delay has passed. A change made while the app still
// lags keeps the older set, and the app catches up with the latest active
// licenses at the later of the two due times.
func (o *Org) appAfter(s appStep) {
	v := &o.view
	now := stampOf(o.now)
	v.prune(now)
	for i, id := range s.users {
		before, after := s.views[i], o.ActiveLicenses(id)
		if before == after {
			continue // no license change: a lagging app still lags
		}
		v.last = o.now
		shows, due := before, stampOf(o.now.Add(o.appDelay(id)))
		if e, ok := v.lag[id]; ok && now.before(e.due) {
			shows = e.shows
			if due.before(e.due) {
				due = e.due
			}
		}
		if shows == after || !now.before(due) {
			delete(v.lag, id) // the app shows the active licenses
			continue
		}
		if len(v.lag) == 0 || due.before(v.next) {
			v.next = due
		}
		if v.lag == nil {
			v.lag = map[UserID]appLag{}
		}
		v.lag[id] = appLag{shows, due}
	}
}

// prune drops the entries due by now, once the earliest is.
func (v *appState) prune(now stamp) {
	if len(v.lag) == 0 || now.before(v.next) {
		return
	}
	first := true
	for id, e := range v.lag {
		switch {
		case !now.before(e.due):
			delete(v.lag, id)
		case first || e.due.before(v.next):
			v.next, first = e.due, false
		}
	}
}

// appDelay returns the clamped delay of a change of id's licenses now.
func (o *Org) appDelay(id UserID) time.Duration {
	if o.view.delay == nil {
		return MaxAppDelay
	}
	return min(max(o.view.delay(id, o.users[id].email, o.now), 0), MaxAppDelay)
}

// lagging returns id's entry when the user's app has not caught up yet.
func (o *Org) lagging(id UserID) (appLag, bool) {
	e, ok := o.view.lag[id]
	return e, ok && stampOf(o.now).before(e.due)
}

// AppView returns the licenses a user's app shows now (LIC-11): the user's
// active licenses (ASG-18: none while pending) as they were before the
// latest license change, until that change has reached the app, and the
// active licenses after. It is empty for an unknown user.
func (o *Org) AppView(id UserID) license.Set {
	if e, ok := o.lagging(id); ok {
		return e.shows
	}
	return o.ActiveLicenses(id)
}

// AppCatchUp returns when a user's app will show the user's active
// licenses, if nothing changes until then; false when it already does.
func (o *Org) AppCatchUp(id UserID) (time.Time, bool) {
	e, ok := o.lagging(id)
	if !ok {
		return time.Time{}, false
	}
	return e.due.time(), true
}

// AppLagging yields, in user order, the users whose app view differs from
// their active licenses now (LIC-11). It yields what was lagging when the
// loop started.
func (o *Org) AppLagging() iter.Seq[UserID] {
	return func(yield func(UserID) bool) {
		for _, id := range slices.Sorted(maps.Keys(o.view.lag)) {
			if _, ok := o.lagging(id); ok && !yield(id) {
				return
			}
		}
	}
}

// checkAppView checks INV-9 and the app view's consistency: every lagging
// app catches up at most MaxAppDelay after the latest license change, so
// that after that long without one every app shows the active licenses;
// a lagging app shows something else than the active licenses.
func (o *Org) checkAppView(fail func(inv, format string, args ...any)) {
	bound := stampOf(o.view.last.Add(MaxAppDelay))
	for _, id := range slices.Sorted(maps.Keys(o.view.lag)) {
		e, ok := o.lagging(id)
		switch {
		case int(id) >= len(o.users):
			fail("state", "app view of unknown user %d", id)
		case !ok:
		case bound.before(e.due):
			fail("INV-9", "%s: app catches up at %s, more than %s after the latest license change at %s",
				o.users[id].email, e.due.time().Format(time.RFC3339), MaxAppDelay, o.view.last.Format(time.RFC3339))
		case e.shows == o.ActiveLicenses(id):
			fail("state", "%s: app marked lagging but shows the active licenses", o.users[id].email)
		}
	}
}

// AdvanceTime moves the org's virtual time forward by a duration: license
// changes reach the app as it passes (LIC-11), and the retention period
// of LIC-10 runs. A negative duration is refused (ErrTimeBackwards).
type AdvanceTime struct{ By time.Duration }

// String describes the action, as Plan.Action shows it.
func (a AdvanceTime) String() string { return "advance time by " + a.By.String() }

func (a AdvanceTime) plan(o *Org) (*Plan, error) {
	if a.By < 0 {
		return nil, bad("duration", a.By.String(), ErrTimeBackwards)
	}
	at := o.now.Add(a.By)
	return &Plan{commit: func(o *Org) { o.now = at }}, nil
}
