package calling

import "slices"

// report is the failure report of CAL-6: the latest failed attempt of
// each user, in a slice indexed by UserKey, so that a plan of a million
// attempts updates it without hashing.
type report struct {
	at   []uint32  // per user: 1 + the index of their failure in list; 0 for none
	list []Failure // the failures, some no longer referred to
	dead int       // how many of list no user refers to
}

// set records f as its user's latest failure.
func (r *report) set(f Failure) {
	if n := int(f.User) + 1; n > len(r.at) {
		r.at = append(r.at, make([]uint32, n-len(r.at))...)
	}
	if i := r.at[f.User]; i != 0 {
		r.list[i-1] = f
		return
	}
	r.list = append(r.list, f)
	r.at[f.User] = uint32(len(r.list))
}

// reserve makes room for the failures of the attempts log.
func (r *report) reserve(log []attempt) {
	top, n := -1, 0
	for _, a := range log {
		top = max(top, int(a.user))
		if a.res&failed != 0 {
			n++
		}
	}
	if top >= len(r.at) {
		r.at = slices.Grow(r.at, top+1-len(r.at))
	}
	r.list = slices.Grow(r.list, n)
}

// clear forgets u's failure: u's latest attempt did not fail.
func (r *report) clear(u UserKey) {
	if int(u) < len(r.at) && r.at[u] != 0 {
		r.at[u] = 0
		r.dead++
	}
}

// compact drops the failures no user refers to, once they are the most.
func (r *report) compact() {
	if r.dead <= len(r.list)/2 {
		return
	}
	list := make([]Failure, 0, len(r.list)-r.dead)
	for u, i := range r.at {
		if i != 0 {
			list = append(list, r.list[i-1])
			r.at[u] = uint32(len(list))
		}
	}
	r.list, r.dead = list, 0
}

func (r *report) clone() report {
	return report{at: slices.Clone(r.at), list: slices.Clone(r.list), dead: r.dead}
}
