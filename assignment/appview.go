package assignment

import (
	"cmp"
	"iter"
	"math"
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
func (o *Org) SetAppDelay(d AppDelay) {
	if o != nil {
		o.view.delay = d
	}
}

// appState is the app view (LIC-11): for each user whose app still shows
// an older set, that set and when the app catches up. Every other user's
// app shows their active licenses (ASG-18). It is sparse: a user is in it
// only from a license change until the catch-up.
type appState struct {
	delay AppDelay
	// lag holds the lagging apps by user ID, 32 bytes each. Entries past
	// due are dropped once the earliest live one is due (prune); until
	// then they count as caught up.
	lag  []appLag
	next stamp     // no live entry is due before it
	last time.Time // the latest license change
}

// appLag is one user's lagging app: it shows shows until its due time.
type appLag struct {
	user    UserID
	dueNsec int32
	shows   license.Set
	dueSec  int64
}

func (e *appLag) due() stamp { return stamp{e.dueSec, e.dueNsec} }

func (e *appLag) setDue(s stamp) { e.dueSec, e.dueNsec = s.sec, s.nsec }

// caughtUp marks an entry whose app no longer lags: due long ago.
var caughtUp = stamp{math.MinInt64, 0}

func newLag(id UserID, shows license.Set, due stamp) appLag {
	return appLag{user: id, dueNsec: due.nsec, shows: shows, dueSec: due.sec}
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
	a.lag = slices.Clone(a.lag)
	return a
}

// appStep is what an application may change in the app views: the users
// its changes concern, ascending, with their active licenses before it.
type appStep struct {
	users []UserID
	views []license.Set
}

// appBefore records, before p applies, the active licenses of the users p
// changes (none for users p creates). [Org.Apply] calls it, then
// [Org.appAfter] once p is applied, for a plan it does not take in one
// pass over the users (applyByUser).
func (o *Org) appBefore(p *Plan) appStep {
	s := appStep{users: changedUsers(p.Changes, o.users.len())}
	s.views = make([]license.Set, len(s.users))
	for i, id := range s.users {
		s.views[i] = o.ActiveLicenses(id)
	}
	return s
}

// changedUsers returns the users of changes, ascending, each once: by
// sorting when they are few compared with the org's n users, else with a
// bitset.
func changedUsers(changes []Change, n int) []UserID {
	if len(changes) <= n/64 {
		ids := make([]UserID, len(changes))
		for i, c := range changes {
			ids[i] = c.User
		}
		slices.Sort(ids)
		return slices.Compact(ids)
	}
	seen := make([]uint64, n/64+1)
	for _, c := range changes {
		w := int(c.User / 64)
		for w >= len(seen) {
			seen = append(seen, 0)
		}
		seen[w] |= 1 << (c.User % 64)
	}
	count := 0
	for _, w := range seen {
		count += bits.OnesCount64(w)
	}
	ids := make([]UserID, 0, count)
	for i, w := range seen {
		for ; w != 0; w &= w - 1 {
			ids = append(ids, UserID(i*64+bits.TrailingZeros64(w)))
		}
	}
	return ids
}

// appAfter notes the license changes of an applied plan: a user whose
// active licenses changed keeps, in the app, what the app showed before,
// until the change's delay has passed. A change made while the app still
// lags keeps the older set, and the app catches up with the latest active
// licenses at the later of the two due times. Entries of users already
// lagging change in place; new ones go at the end when past every entry
// (as added users are), else are merged in, in one pass.
func (o *Org) appAfter(s appStep) {
	pass := o.appPass(len(s.users))
	for i, id := range s.users {
		o.reclassChanged(id) // the same pass over the same records
		pass.note(id, s.views[i])
	}
	pass.done()
}

// appPass notes, for users in ascending order, the license changes Apply
// made (appAfter).
type appPass struct {
	o         *Org
	now, dflt stamp
	added     []appLag
	pos       int  // lag's entries before pos are of users before the next one
	touched   bool // some user's active licenses changed
	few       bool // a handful of users: new entries go in place
}

func (o *Org) appPass(users int) appPass {
	o.view.prune(stampOf(o.now))
	return appPass{o: o, now: stampOf(o.now), dflt: stampOf(o.now.Add(MaxAppDelay)), few: users <= 16}
}

// note notes the changes of user id, whose active licenses were before.
func (s *appPass) note(id UserID, before license.Set) {
	if after := s.o.ActiveLicenses(id); before != after { // else a lagging app still lags
		s.changed(id, before, after)
	}
}

// changed notes that user id's active licenses went from before to after.
func (s *appPass) changed(id UserID, before, after license.Set) {
	o, v := s.o, &s.o.view
	s.touched = true
	s.pos = seek(v.lag, s.pos, id)
	var cur *appLag
	if s.pos < len(v.lag) && v.lag[s.pos].user == id {
		cur = &v.lag[s.pos]
		s.pos++ // past id: the next user's entry is at or after it
	}
	shows, due := before, s.dflt
	if v.delay != nil {
		due = stampOf(o.now.Add(o.appDelay(id)))
	}
	if cur != nil && s.now.before(cur.due()) {
		shows, due = cur.shows, later(cur.due(), due)
	}
	switch {
	case shows == after || !s.now.before(due): // the app shows the active licenses
		if cur != nil {
			cur.setDue(caughtUp)
		}
		return
	case cur != nil: // field by field: a whole new entry would go through the stack
		cur.shows = shows
		cur.setDue(due)
	case s.few: // in place: no room to allocate for a handful
		v.lag = slices.Insert(v.lag, s.pos, newLag(id, shows, due))
		s.pos++
	case s.pos == len(v.lag) && len(s.added) == 0: // past every entry: in place
		v.lag = append(v.lag, newLag(id, shows, due))
		s.pos++
	default:
		s.added = append(s.added, newLag(id, shows, due))
	}
	if len(v.lag)+len(s.added) == 1 || due.before(v.next) {
		v.next = due
	}
}

// done merges the new entries in.
func (s *appPass) done() {
	v := &s.o.view
	v.lag = mergeLag(v.lag, s.added)
	if s.touched {
		v.last = s.o.now
	}
}

func later(a, b stamp) stamp {
	if a.before(b) {
		return b
	}
	return a
}

// seek returns the index of the first entry of lag at or after from whose
// user is at least id: a galloping search, so that a pass over ascending
// users costs little whether they are dense or sparse.
func seek(lag []appLag, from int, id UserID) int {
	if from == len(lag) || lag[from].user >= id { // a dense pass
		return from
	}
	return gallop(lag, from+1, id)
}

// gallop is seek past its first entry, from lo. (Out of line, so that
// seek inlines.)
func gallop(lag []appLag, lo int, id UserID) int {
	step := 1
	for lo+step-1 < len(lag) && lag[lo+step-1].user < id {
		lo += step
		step *= 2
	}
	hi := min(lo+step-1, len(lag))
	i, _ := slices.BinarySearchFunc(lag[lo:hi], id, func(e appLag, id UserID) int { return cmp.Compare(e.user, id) })
	return lo + i
}

// mergeLag merges added, ascending users none of which is in lag, into
// lag, in place from the back.
func mergeLag(lag, added []appLag) []appLag {
	switch {
	case len(added) == 0:
		return lag
	case len(lag) == 0:
		return added
	}
	i, j := len(lag)-1, len(added)-1
	lag = slices.Grow(lag, len(added))[:len(lag)+len(added)]
	for k := len(lag) - 1; j >= 0; k-- {
		if i >= 0 && lag[i].user > added[j].user {
			lag[k], i = lag[i], i-1
		} else {
			lag[k], j = added[j], j-1
		}
	}
	return lag
}

// prune drops the entries due by now, once the earliest live one is, and
// gives the memory back when few remain.
func (v *appState) prune(now stamp) {
	if len(v.lag) == 0 || now.before(v.next) {
		return
	}
	v.lag = slices.DeleteFunc(v.lag, func(e appLag) bool { return !now.before(e.due()) })
	for i := range v.lag {
		if d := v.lag[i].due(); i == 0 || d.before(v.next) {
			v.next = d
		}
	}
	switch {
	case len(v.lag) == 0:
		v.lag = nil
	case len(v.lag) < cap(v.lag)/4:
		v.lag = slices.Clone(v.lag)
	}
}

// appDelay returns the clamped delay of a change of id's licenses now.
func (o *Org) appDelay(id UserID) time.Duration {
	return min(max(o.view.delay(id, o.users.emailOf(id), o.now), 0), MaxAppDelay)
}

// lagging returns id's entry when the user's app has not caught up yet.
func (o *Org) lagging(id UserID) (appLag, bool) {
	o = o.orZero()
	lag := o.view.lag
	i := seek(lag, 0, id)
	if i == len(lag) || lag[i].user != id || !stampOf(o.now).before(lag[i].due()) {
		return appLag{}, false
	}
	return lag[i], true
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
	return e.due().time(), true
}

// AppLagging yields, in user order, the users whose app view differs from
// their active licenses now (LIC-11).
func (o *Org) AppLagging() iter.Seq[UserID] {
	o = o.orZero()
	return func(yield func(UserID) bool) {
		now := stampOf(o.now)
		for i := 0; i < len(o.view.lag); i++ {
			if e := o.view.lag[i]; now.before(e.due()) && !yield(e.user) {
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
	bound, now := stampOf(o.view.last.Add(MaxAppDelay)), stampOf(o.now)
	for i, e := range o.view.lag {
		id := e.user
		switch {
		case int(id) >= o.users.len() || i > 0 && o.view.lag[i-1].user >= id:
			fail("state", "app view of user %d out of order or unknown", id)
		case !now.before(e.due()):
		case bound.before(e.due()):
			fail("INV-9", "%s: app catches up at %s, more than %s after the latest license change at %s",
				o.users.emailOf(id), e.due().time().Format(time.RFC3339), MaxAppDelay, o.view.last.Format(time.RFC3339))
		case e.shows == o.ActiveLicenses(id):
			fail("state", "%s: app marked lagging but shows the active licenses", o.users.emailOf(id))
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
	return SetTime{At: o.now.Add(a.By)}.plan(o)
}
