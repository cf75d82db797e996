package assignment

import (
	"slices"

	"github.com/wxlicense/wxlicense/license"
)

// keptData is what LIC-10 keeps of a user's messaging: the messaging kinds
// whose messages and files are kept after removal, and when the latest of
// them was removed (unix seconds).
type keptData struct {
	kinds license.Set
	at    int64
}

const keptPage = 1024

// keptTable holds keptData by user in pages of keptPage users, each made
// when one of its users first loses a messaging license: an org that
// removes none pays nothing per user.
type keptTable struct{ pages []*[keptPage]keptData }

func (t *keptTable) get(id UserID) keptData {
	if p := int(id) / keptPage; p < len(t.pages) && t.pages[p] != nil {
		return t.pages[p][int(id)%keptPage]
	}
	return keptData{}
}

// keep notes that the user lost messaging kind k at unix second at.
func (t *keptTable) keep(id UserID, k license.Kind, at int64) {
	p := int(id) / keptPage
	for p >= len(t.pages) {
		t.pages = append(t.pages, nil)
	}
	if t.pages[p] == nil {
		t.pages[p] = new([keptPage]keptData)
	}
	d := &t.pages[p][int(id)%keptPage]
	d.kinds, d.at = d.kinds.Add(k), at
}

// drop forgets the kept data of k: it returned with the license, or is gone.
func (t *keptTable) drop(id UserID, k license.Kind) {
	if p := int(id) / keptPage; p < len(t.pages) && t.pages[p] != nil {
		d := &t.pages[p][int(id)%keptPage]
		d.kinds = d.kinds.Remove(k)
	}
}

func (t keptTable) clone() keptTable {
	n := keptTable{pages: slices.Clone(t.pages)}
	for i, p := range n.pages {
		if p != nil {
			c := *p
			n.pages[i] = &c
		}
	}
	return n
}
