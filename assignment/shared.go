package assignment

import (
	"maps"
	"slices"

	"github.com/wxlicense/wxlicense/license"
)

// sharedParts are the sparse parts users share (flagSharedExtra): parts
// that hold only retained sources, never changed in place, found by the
// step that makes each from another (or from none), so that a plan
// retaining the same for a million users writes a pointer for each, and a
// plan that retains for one user what another did before allocates
// nothing. A step to what a part kept holds comes to that part, so that
// users whose sources go round a loop come back to the part they left.
// Past maxShared steps they start over.
type sharedParts struct {
	steps     []sharedStep       // in the order made
	last      int                // the step found last
	byStep    map[stepKey]int32  // steps by what makes them, past scanShared
	byContent map[partKey]*extra // the parts kept, by what they hold
}

// stepKey is what makes a step: from (a shared part or none) with k
// retained from t or, when retain is false, no longer.
type stepKey struct {
	from   *extra
	t      TemplateID
	k      license.Kind
	retain bool
}

// sharedStep is one change of a shared sparse part: to is what key makes
// (nil when that leaves nothing).
type sharedStep struct {
	stepKey
	to *extra
}

// partKey is the retained sources of a part of at most four; longer
// lists, rare, are not looked up by what they hold.
type partKey struct {
	n  int
	rs [4]retention
}

// maxShared bounds the steps sharedParts keeps; up to scanShared, a scan
// finds a step sooner than the map.
const maxShared, scanShared = 1024, 16

func (s sharedParts) clone() sharedParts {
	s.steps = slices.Clip(s.steps) // an append by either moves out
	s.byStep, s.byContent = maps.Clone(s.byStep), maps.Clone(s.byContent)
	return s
}

// sharedPart returns the shared sparse part that x, shared or nil,
// becomes when k is retained from t or, when retain is false, no longer.
func (o *Org) sharedPart(x *extra, t TemplateID, k license.Kind, retain bool) *extra {
	s, key := &o.shared, stepKey{x, t, k, retain}
	if s.last < len(s.steps) && s.steps[s.last].stepKey == key { // the common case: many users alike in a row
		return s.steps[s.last].to
	}
	if next := s.last + 1; next < len(s.steps) && s.steps[next].stepKey == key { // one user's steps, again in the order made
		s.last = next
		return s.steps[next].to
	}
	if len(s.steps) <= scanShared {
		for i := range s.steps {
			if s.steps[i].stepKey == key {
				s.last = i
				return s.steps[i].to
			}
		}
	} else if i, ok := s.byStep[key]; ok {
		s.last = int(i)
		return s.steps[i].to
	}
	return s.add(key)
}

// add makes the step key, and its part unless a part kept holds the same.
func (s *sharedParts) add(key stepKey) *extra {
	if len(s.steps) == maxShared || s.byContent == nil {
		s.steps, s.byStep = nil, nil // not emptied in place: a clone may read them
		s.byContent = map[partKey]*extra{}
	}
	if key.from != nil {
		s.keep(key.from) // kept before the parts started over
	}
	to := s.keep(&extra{retained: key.made()}) // on its own, not from the slab: kept, it keeps nothing else
	s.last = len(s.steps)
	s.steps = append(s.steps, sharedStep{key, to})
	switch {
	case len(s.steps) == scanShared+1: // past the scan: the map finds them from now on
		s.byStep = make(map[stepKey]int32)
		for i, st := range s.steps {
			s.byStep[st.stepKey] = int32(i)
		}
	case s.byStep != nil:
		s.byStep[key] = int32(s.last)
	}
	return to
}

// keep returns the part kept that holds what x holds, keeping x when there
// is none; nil when x holds nothing.
func (s *sharedParts) keep(x *extra) *extra {
	if len(x.retained) == 0 {
		return nil
	}
	k := partKey{n: len(x.retained)}
	if copy(k.rs[:], x.retained) < len(x.retained) {
		return x // too long to look up
	}
	if kept, ok := s.byContent[k]; ok {
		return kept
	}
	s.byContent[k] = x
	return x
}

// made returns the retained sources the step makes.
func (key *stepKey) made() []retention {
	var y extra
	if key.from != nil {
		y.retained = slices.Clone(key.from.retained)
	}
	if key.retain {
		y.retain(key.t, key.k)
	} else {
		y.unsource(key.k, FromRetained, key.t)
	}
	return y.retained
}
