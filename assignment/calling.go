package assignment

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/wxlicense/wxlicense/license"
)

// Placer decides where users get Webex Calling (CAL-1 .. CAL-5, CAL-9,
// CAL-12): the calling package implements it over its inventory and
// attaches it with [Org.SetPlacer]. Without one, the engine only knows
// whether a user was given a [Placement] at creation.
//
// A plan consults the placer through one [PlacerSession], whose answers
// the plan records as [CallingChange]s; [Org.Apply] commits the session
// after checking that the placer did not change since the plan was made.
type Placer interface {
	// Begin starts the placements of one plan on the placer's current
	// state. A session never changes the placer until Commit.
	Begin() PlacerSession
	// Clone returns an independent copy, for [Org.Clone].
	Clone() Placer
	// Check reports every disagreement between the users who hold Webex
	// Calling and the placer's calling data (INV-4).
	Check(holds func(UserID) bool, users int) error
}

// PlacerSession is one plan's view of a [Placer]: placements are tried in
// the order the engine grants, and are tentative until Commit.
type PlacerSession interface {
	// Place places a user: at the admin placement p when it is not zero
	// (CAL-1, CAL-4), else by the work number (CAL-2, CAL-5, CAL-8). On
	// failure it returns the first failing check's name (CAL-3) and a typed
	// error, and changes nothing.
	Place(id UserID, p Placement, work string, synced bool) (Placement, string, error)
	// Check validates an admin placement without placing (CAL-4).
	Check(id UserID, p Placement) error
	// Prefetch announces the work-number placements the engine is about to
	// ask for, in the order it will ask, so that the placer can look them
	// up together. It changes nothing; Place answers as it would without.
	// The requests are yielded one by one, so that a million of them need
	// no slice; n bounds how many, for sizing. reqs is valid only during
	// the call: the engine reuses its memory once planning ends.
	Prefetch(reqs iter.Seq[PlaceRequest], n int)
	// Release undoes a Place of this session: the user got no unit.
	Release(id UserID)
	// NoPlacement records that a user added by hand without a placement
	// was not placed (CAL-4), for the failure report (CAL-6).
	NoPlacement(id UserID)
	// Mark and Rollback undo every Place since the mark.
	Mark() int
	Rollback(mark int)
	// Destroys says what removing a user's calling data destroys (CAL-9).
	Destroys(id UserID) (Placement, string)
	// Valid reports an error when the placer changed since Begin.
	Valid() error
	// Commit makes the session's placements real and destroys the calling
	// data of the users given (CAL-9). It is called once, after Valid.
	Commit(destroyed []UserID)
}

// PlaceRequest is a work-number placement the engine will ask for.
type PlaceRequest struct {
	User   UserID
	Work   string
	Synced bool
}

// CallingOp is what a plan does to one user's Webex Calling data.
type CallingOp uint8

// The calling operations.
const (
	Placed    CallingOp = iota + 1 // the user is placed: number and extension taken, a fresh profile (CAL-2, CAL-4)
	NotPlaced                      // the user could not be placed; Reason and Err say why (CAL-3, CAL-6)
	Destroyed                      // the user's calling data is destroyed (CAL-9)
)

var callingOpNames = [...]string{"", "place", "not placed", "destroy calling data"}

// String returns the operation's name.
func (op CallingOp) String() string {
	if int(op) < len(callingOpNames) && op != 0 {
		return callingOpNames[op]
	}
	return fmt.Sprintf("CallingOp(%d)", op)
}

// CallingChange is what a plan does to one user's Webex Calling data.
type CallingChange struct {
	User      UserID
	Kind      license.Kind // the Webex Calling license concerned
	Op        CallingOp
	Placement Placement // Placed: where; Destroyed: the placement lost
	// Reason is, for NotPlaced, the first failing check (CAL-3:
	// NoWorkNumber, NotE164, NotPreProvisioned, LocationNotValid,
	// NumberInUse, NoUnitAvailable; CAL-4: NoPlacement) and, for
	// Destroyed, what is destroyed.
	Reason string
	Err    error // NotPlaced: the placer's typed error, if any
}

// WorkNumberChannel is where a work number is edited (CAL-8).
type WorkNumberChannel uint8

// The channels.
const (
	ByDirectory WorkNumberChannel = iota + 1 // directory sync
	ByControlHub
	ByCSV
)

var channelNames = [...]string{"", "directory sync", "Control Hub", "CSV"}

// String returns the channel's name.
func (c WorkNumberChannel) String() string {
	if int(c) < len(channelNames) && c != 0 {
		return channelNames[c]
	}
	return fmt.Sprintf("WorkNumberChannel(%d)", c)
}

// ErrSyncedWorkNumber refuses editing a directory-synced user's work
// number outside the directory (CAL-8).
var ErrSyncedWorkNumber = errors.New("assignment: a synced user's work number changes only by directory sync")

// SetWorkNumber sets a user's work number, a profile attribute separate
// from the calling number (CAL-7): it provisions nobody by itself (CAL-8).
// A directory-synced user's work number changes only by directory sync.
type SetWorkNumber struct {
	User   string
	Number string
	By     WorkNumberChannel
}

// String describes the action, as Plan.Action shows it.
func (a SetWorkNumber) String() string {
	return fmt.Sprintf("set work number of %s to %q by %s", a.User, a.Number, a.By)
}

func (a SetWorkNumber) plan(o *Org) (*Plan, error) {
	id, err := o.user(a.User)
	if err != nil {
		return nil, err
	}
	if a.By < ByDirectory || a.By > ByCSV {
		return nil, bad("channel", a.By.String(), ErrInvalidValue)
	}
	if err := CheckWorkNumber(a.Number); err != nil {
		return nil, err
	}
	if o.users.at(id).flags&flagSynced != 0 && a.By != ByDirectory {
		return nil, bad("user", a.User, fmt.Errorf("%w (by %s)", ErrSyncedWorkNumber, a.By))
	}
	p := &Plan{}
	if old := o.WorkNumber(id); old != a.Number {
		p.Edits = []Edit{{Op: EditWorkNumber, User: id, Value: a.Number, Old: old}}
		p.st.work = []workEdit{{id, a.Number}}
	}
	return p, nil
}

type workEdit struct {
	id     UserID
	number string
}

// WorkNumber returns a user's work number, as given ("" for none).
func (o *Org) WorkNumber(id UserID) string {
	o = o.orZero()
	if int(id) < len(o.work) {
		return o.work[id]
	}
	return ""
}

func (o *Org) setWork(id UserID, number string) {
	if number == "" && int(id) >= len(o.work) {
		return
	}
	if n := int(id) + 1; n > len(o.work) {
		o.work = append(o.work, make([]string, n-len(o.work))...)
	}
	o.work[id] = number
}

// CheckWorkNumber reports why s cannot be a user's work number (CAL-7):
// invalid UTF-8, or a control or invisible (format) character, which a
// reader would not see. Any other text is taken, and the calling inventory
// reads it as a number or records why it is none (CAL-3). The error wraps
// ErrInvalidValue.
func CheckWorkNumber(s string) error {
	if !validWorkNumber(s) {
		return bad("work number", s, ErrInvalidValue)
	}
	return nil
}

// validWorkNumber reports whether s is UTF-8 text without control or
// format (invisible) characters. ASCII, the common case of a million work
// numbers, is checked a byte at a time: no ASCII character is a format
// character.
func validWorkNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			return validUnicode(s[i:])
		case c < ' ' || c == 0x7f:
			return false
		}
	}
	return true
}

// validUnicode is validWorkNumber for text that is not all ASCII.
func validUnicode(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.In(r, unicode.Cc, unicode.Cf) {
			return false
		}
	}
	return true
}

// SetPlacer attaches the placer that places users in Webex Calling. It is
// refused when the placer's calling data disagrees with who holds Webex
// Calling now (INV-4). A nil placer detaches it. A nil or zero org
// refuses it with ErrNil.
func (o *Org) SetPlacer(p Placer) error {
	if err := o.usable(); err != nil {
		return err
	}
	if p != nil {
		if err := p.Check(o.holdsCalling, o.users.len()); err != nil {
			return err
		}
	}
	o.placer, o.known = p, nil // with a placer, decisions no longer see admin placements (memo.go)
	o.version++                // plans made with the other placer are stale
	return nil
}

// holdsCalling reports whether a user holds a Webex Calling license.
func (o *Org) holdsCalling(id UserID) bool {
	return int(id) < o.users.len() && !o.users.at(id).held.Intersect(o.rules.placement).IsEmpty()
}

// session returns the plan's placer session, begun on first use; nil
// without a placer.
func (a *application) session() PlacerSession {
	if a.o.placer == nil {
		return nil
	}
	if a.p.sess == nil {
		a.p.sess = a.o.placer.Begin()
	}
	return a.p.sess
}

// place tries to place a user for a Webex Calling grant of k: with a
// placer, by the placer; without one, by the user's admin placement.
// It reports whether the user may get k.
func (a *application) place(id UserID, u *user, k license.Kind) bool {
	s := a.session()
	if s == nil {
		return true // checked when deciding (NoPlacement)
	}
	if a.callingAt(id) {
		return true // already placed in this plan or before (CAL-5, CAL-7)
	}
	work, synced := a.o.workOf(id, a), u.flags&flagSynced != 0
	var admin Placement // the admin's placement serves the user's creation only (CAL-4)
	if a.reason == BecauseCreation {
		admin = a.attrs(u).place()
	}
	if a.reason == BecauseCreation && !synced && admin.IsZero() {
		// CAL-4: a user added by hand is placed only where the admin says
		a.p.Calling = append(a.p.Calling, CallingChange{User: id, Kind: k, Op: NotPlaced, Reason: NoPlacement.String()})
		a.short(id, k, NoPlacement, license.NoKind)
		s.NoPlacement(id)
		return false
	}
	pl, reason, err := s.Place(id, admin, work, synced)
	if err != nil {
		a.p.Calling = append(a.p.Calling, CallingChange{User: id, Kind: k, Op: NotPlaced, Reason: reason, Err: err})
		a.short(id, k, NoPlacement, license.NoKind)
		return false
	}
	a.callingChange(CallingChange{User: id, Kind: k, Op: Placed, Placement: pl})
	return true
}

// callingChange records a calling change, marking a placed user.
func (a *application) callingChange(c CallingChange) {
	a.p.Calling = append(a.p.Calling, c)
	if c.Op != Placed {
		return
	}
	if n := int(c.User) + 1; n > len(a.placed) {
		a.placed = append(a.placed, make([]bool, n-len(a.placed))...)
	}
	a.placed[c.User] = true
}

// truncateCalling drops the calling changes from n on: a rolled-back pass.
func (a *application) truncateCalling(n int) {
	for _, c := range a.p.Calling[n:] {
		if c.Op == Placed {
			a.placed[c.User] = false
		}
	}
	a.p.Calling = a.p.Calling[:n]
}

// unplace undoes the placement of a user who got no unit for k.
func (a *application) unplace(id UserID, k license.Kind) {
	s := a.session()
	if s == nil {
		return
	}
	i := len(a.p.Calling) - 1
	if i < 0 || a.p.Calling[i].User != id || a.p.Calling[i].Op != Placed {
		return // placed before this plan
	}
	s.Release(id)
	a.p.Calling[i] = CallingChange{User: id, Kind: k, Op: NotPlaced, Reason: NoUnitAvailable.String()}
	a.placed[id] = false
}

// callingAt reports whether a user holds Webex Calling before this plan
// and keeps it so far, or was placed in it.
func (a *application) callingAt(id UserID) bool {
	if !a.user(id).held.Intersect(a.o.rules.placement).IsEmpty() {
		return true
	}
	return int(id) < len(a.placed) && a.placed[id]
}

// workOf returns a user's work number, also for a user the action creates.
func (o *Org) workOf(id UserID, a *application) string {
	if int(id) < o.users.len() {
		return o.WorkNumber(id)
	}
	if i := int(id) - o.users.len(); i < len(a.newWork) {
		return a.newWork[i]
	}
	return ""
}

// destroyed returns, in user order and each once, the users who lose
// every Webex Calling license in this plan: their calling data is
// destroyed (CAL-9). It records the Destroyed changes.
func (a *application) destroyed() []UserID {
	if len(a.noAck) == 0 {
		return nil
	}
	users := slices.Clone(a.noAck)
	slices.Sort(users)
	users = slices.Compact(users)
	final := a.finalCalling(users)
	out := users[:0]
	for i, id := range users {
		if final[i] {
			continue
		}
		out = append(out, id)
		if s := a.session(); s != nil {
			pl, what := s.Destroys(id)
			a.p.Calling = append(a.p.Calling, CallingChange{User: id, Kind: license.NoKind, Op: Destroyed, Placement: pl, Reason: what})
		}
	}
	return out
}

// finalCalling reports, for users in ascending order, whether each still
// holds a Webex Calling license after the plan's changes.
func (a *application) finalCalling(users []UserID) []bool {
	held := make([]license.Set, len(users))
	for i, id := range users {
		held[i] = a.user(id).held
	}
	for _, c := range a.p.Changes {
		i, ok := slices.BinarySearch(users, c.User)
		if !ok {
			continue
		}
		switch c.Op {
		case Grant:
			held[i] = held[i].Add(c.Kind)
		case Remove:
			held[i] = held[i].Remove(c.Kind)
		}
	}
	out := make([]bool, len(users))
	for i := range users {
		out[i] = !held[i].Intersect(a.o.rules.placement).IsEmpty()
	}
	return out
}

// prefetch announces to the placer the users of the grant pass that it
// will place by their work numbers, in order: every user the pass gives
// Webex Calling, as the pass serves no creation (AddUsers announces its
// own: prefetchNew).
func (a *application) prefetch(s PlacerSession) {
	s.Prefetch(func(yield func(PlaceRequest) bool) {
		for _, pd := range a.pend {
			d := &a.decisions[pd.d]
			if d.add.Intersect(a.o.rules.placement).IsEmpty() || a.callingAt(pd.id) {
				continue
			}
			synced := a.user(pd.id).flags&flagSynced != 0
			if !yield(PlaceRequest{User: pd.id, Work: a.o.workOf(pd.id, a), Synced: synced}) {
				return
			}
		}
	}, len(a.pend))
}

// grantsCalling returns the Webex Calling kinds the event's templates grant.
func (a *application) grantsCalling() license.Set {
	var s license.Set
	for _, t := range a.cfg.tmpls {
		if !t.deleted {
			s = s.Union(t.grant)
		}
	}
	return s.Intersect(a.o.rules.placement)
}

// prefetchNew announces the new synced users a calling template governs,
// who will be placed by their work numbers (CAL-2), in order.
func (a *application) prefetchNew(users []NewUser, base UserID) {
	s := a.session()
	if s == nil || a.grantsCalling().IsEmpty() {
		return
	}
	s.Prefetch(func(yield func(PlaceRequest) bool) {
		for i := range users {
			nu, id := &users[i], base+UserID(i)
			if nu.Explicit || !nu.Synced || !nu.Placement.IsZero() || a.rawOf(a.current(id)).Intersect(a.o.rules.placement).IsEmpty() {
				continue
			}
			if !yield(PlaceRequest{User: id, Work: nu.WorkNumber, Synced: true}) {
				return
			}
		}
	}, len(users))
}
