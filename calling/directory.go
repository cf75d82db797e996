package calling

import (
	"fmt"
	"maps"
)

// Source is who changes a user's work number (CAL-8).
type Source uint8

// The sources of a work-number change.
const (
	SourceDirectory  Source = iota // directory synchronisation (Active Directory, Azure, Okta, CCUC)
	SourceControlHub               // an admin in Control Hub
	SourceCSV                      // a users CSV import
)

// String returns "directory", "Control Hub" or "CSV".
func (s Source) String() string {
	switch s {
	case SourceDirectory:
		return "directory"
	case SourceControlHub:
		return "Control Hub"
	case SourceCSV:
		return "CSV"
	}
	return fmt.Sprintf("Source(%d)", s)
}

// WorkNumberError is a work-number change refused because the user is
// synced from a directory and the change does not come from it (CAL-8).
// It unwraps to ErrSyncedWorkNumber.
type WorkNumberError struct {
	User UserKey
	By   Source
}

// Error returns the message, naming the user and the source.
func (e *WorkNumberError) Error() string {
	return fmt.Sprintf("%v: user %d, change by %s", ErrSyncedWorkNumber, e.User, e.By)
}

// Unwrap returns ErrSyncedWorkNumber.
func (e *WorkNumberError) Unwrap() error { return ErrSyncedWorkNumber }

// CheckWorkNumberEdit is the CAL-8 rule for a change of user u's work
// number: directory sync may always change it; Control Hub and the CSV
// only for a user who is not synced.
func CheckWorkNumberEdit(u UserKey, synced bool, by Source) error {
	if synced && by != SourceDirectory {
		return &WorkNumberError{User: u, By: by}
	}
	return nil
}

// Directory holds each user's work number and directory-synced flag: a
// profile attribute of the user, separate from the calling number an
// Inventory assigns (CAL-7). Placing a user never writes the work number,
// and changing it never re-places a placed user. The work number is kept
// raw, as given; the CAL-3 checks judge it when the user is tried. The
// zero Directory is empty and ready to use.
type Directory struct {
	users map[UserKey]workEntry
}

type workEntry struct {
	number string
	synced bool
}

// Clone returns an independent copy of d.
func (d *Directory) Clone() *Directory { return &Directory{users: maps.Clone(d.users)} }

// Add adds user u with a raw work number ("" for none) and whether the
// user is synced from a directory.
func (d *Directory) Add(u UserKey, work string, synced bool) error {
	if u > MaxUserKey {
		return userErr(u, ErrUserKeyRange)
	}
	if _, ok := d.users[u]; ok {
		return userErr(u, ErrDuplicateUser)
	}
	if d.users == nil {
		d.users = map[UserKey]workEntry{}
	}
	d.users[u] = workEntry{work, synced}
	return nil
}

// WorkNumber returns user u's raw work number and whether u is synced.
func (d *Directory) WorkNumber(u UserKey) (work string, synced bool, ok bool) {
	e, ok := d.users[u]
	return e.number, e.synced, ok
}

// SetWorkNumber changes user u's work number on behalf of by (CAL-7,
// CAL-8): refused with a *WorkNumberError for a synced user unless by is
// SourceDirectory. It never touches a calling number.
func (d *Directory) SetWorkNumber(u UserKey, work string, by Source) error {
	e, ok := d.users[u]
	if !ok {
		return userErr(u, ErrUnknownUser)
	}
	if err := CheckWorkNumberEdit(u, e.synced, by); err != nil {
		return err
	}
	d.users[u] = workEntry{work, e.synced}
	return nil
}

// Candidates returns the users in the order given as candidates of the
// work-number path (Inventory.Plan).
func (d *Directory) Candidates(users ...UserKey) ([]Candidate, error) {
	out := make([]Candidate, len(users))
	for i, u := range users {
		e, ok := d.users[u]
		if !ok {
			return nil, userErr(u, ErrUnknownUser)
		}
		out[i] = Candidate{User: u, WorkNumber: e.number, Synced: e.synced}
	}
	return out, nil
}
