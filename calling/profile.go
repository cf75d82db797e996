package calling

import (
	"fmt"
	"strings"
)

// Voicemail is a placed user's voicemail settings.
type Voicemail struct {
	Enabled   bool
	Rings     uint8 // unanswered calls go to voicemail after this many rings, 2 to 20
	Busy      bool  // busy calls go to voicemail
	EmailCopy bool  // a copy of each message is e-mailed
}

// CallSettings are a placed user's own call settings.
type CallSettings struct {
	CallWaiting   bool
	DoNotDisturb  bool
	BlockCallerID bool
}

// Profile is a placed user's calling profile (CAL-9): the placement, the
// voicemail settings and PIN, and the call settings. The PIN itself is not
// kept, only whether one is set.
type Profile struct {
	Location  string // the location's ID
	Number    E164   // zero if the user has an extension only
	Extension string // "" if the user has a number only
	Voicemail Voicemail
	PINSet    bool
	Settings  CallSettings
}

// DefaultVoicemail returns the voicemail settings of a fresh profile
// (CAL-9): on after 3 rings and when busy, no e-mail copy. A fresh profile
// has no PIN.
func DefaultVoicemail() Voicemail { return Voicemail{Enabled: true, Rings: 3, Busy: true} }

// DefaultCallSettings returns the call settings of a fresh profile
// (CAL-9): call waiting on, do-not-disturb and caller-ID blocking off.
func DefaultCallSettings() CallSettings { return CallSettings{CallWaiting: true} }

// profile is the compact form of a Profile: 16 bytes.
type profile struct {
	num   uint32 // record index + 1; 0 for no number
	loc   uint16
	rings uint8
	flags uint8
	ext   uint64 // encodeExt; 0 for no extension
}

// A user's profile is kept in Inventory.profiles, a uint32 per user
// indexed by UserKey: 0 for no profile (no Webex Calling); n below
// pCustom for a fresh profile with the number at record n-1 alone, in the
// number's location — what the work-number path gives, 4 bytes a user;
// pCustom|i for any other profile, kept in Inventory.custom[i].
const pCustom = 1 << 31

const (
	pVoicemail uint8 = 1 << iota
	pBusy
	pEmailCopy
	pPIN
	pCallWaiting
	pDND
	pBlockCallerID
)

// Voicemail limits, as Webex Calling has them.
const (
	minRings, maxRings = 2, 20
	minPIN, maxPIN     = 6, 30
)

func freshProfile(num uint32, loc uint16, ext uint64) profile {
	p := profile{num: num, loc: loc, ext: ext}
	p.setVoicemail(DefaultVoicemail())
	p.setSettings(DefaultCallSettings())
	return p
}

func (p *profile) set(bit uint8, on bool) {
	p.flags &^= bit
	if on {
		p.flags |= bit
	}
}

func (p *profile) has(bit uint8) bool { return p.flags&bit != 0 }

func (p *profile) setVoicemail(v Voicemail) {
	p.rings = v.Rings
	p.set(pVoicemail, v.Enabled)
	p.set(pBusy, v.Busy)
	p.set(pEmailCopy, v.EmailCopy)
}

func (p *profile) setSettings(s CallSettings) {
	p.set(pCallWaiting, s.CallWaiting)
	p.set(pDND, s.DoNotDisturb)
	p.set(pBlockCallerID, s.BlockCallerID)
}

// public expands p.
func (iv *Inventory) public(p *profile) Profile {
	out := Profile{
		Location:  iv.locs[p.loc].id,
		Extension: decodeExt(p.ext),
		Voicemail: Voicemail{Enabled: p.has(pVoicemail), Rings: p.rings, Busy: p.has(pBusy), EmailCopy: p.has(pEmailCopy)},
		PINSet:    p.has(pPIN),
		Settings:  CallSettings{CallWaiting: p.has(pCallWaiting), DoNotDisturb: p.has(pDND), BlockCallerID: p.has(pBlockCallerID)},
	}
	if p.num != 0 {
		out.Number = E164{iv.nums[p.num-1].num}
	}
	return out
}

// profileOf returns u's profile; ok is false if u has no Webex Calling.
func (iv *Inventory) profileOf(u UserKey) (p profile, ok bool) {
	if int(u) >= len(iv.profiles) {
		return profile{}, false
	}
	switch x := iv.profiles[u]; {
	case x == 0:
		return profile{}, false
	case x&pCustom != 0:
		return iv.custom[x&^pCustom], true
	default:
		return freshProfile(x, iv.nums[x-1].loc, 0), true
	}
}

// setProfile makes p, placed, u's profile; the caller grew the profiles.
func (iv *Inventory) setProfile(u UserKey, p profile) {
	old, had := iv.profileOf(u)
	if had {
		iv.inLoc[old.loc]--
	}
	iv.inLoc[p.loc]++
	x := iv.profiles[u]
	if p.ext == 0 && p.num != 0 && p == freshProfile(p.num, iv.nums[p.num-1].loc, 0) {
		if x&pCustom != 0 {
			iv.freeCustom(x &^ pCustom)
		}
		iv.profiles[u] = p.num
		return
	}
	if x&pCustom != 0 {
		iv.custom[x&^pCustom] = p
		return
	}
	if n := len(iv.free); n > 0 {
		x, iv.free = iv.free[n-1], iv.free[:n-1]
		iv.custom[x] = p
	} else {
		x = uint32(len(iv.custom))
		iv.custom = append(iv.custom, p)
	}
	iv.profiles[u] = pCustom | x
}

// dropProfile deletes u's profile, which exists.
func (iv *Inventory) dropProfile(u UserKey) {
	p, _ := iv.profileOf(u)
	iv.inLoc[p.loc]--
	if x := iv.profiles[u]; x&pCustom != 0 {
		iv.freeCustom(x &^ pCustom)
	}
	iv.profiles[u] = 0
}

func (iv *Inventory) freeCustom(i uint32) {
	iv.custom[i] = profile{}
	iv.free = append(iv.free, i)
}

// Placed reports whether u has a calling profile, that is, Webex Calling.
func (iv *Inventory) Placed(u UserKey) bool {
	return int(u) < len(iv.profiles) && iv.profiles[u] != 0
}

// Profile returns u's calling profile.
func (iv *Inventory) Profile(u UserKey) (Profile, bool) {
	p, ok := iv.profileOf(u)
	if !ok {
		return Profile{}, false
	}
	return iv.public(&p), true
}

// SetVoicemail changes a placed user's voicemail settings.
func (iv *Inventory) SetVoicemail(u UserKey, v Voicemail) error {
	p, ok := iv.profileOf(u)
	switch {
	case !ok:
		return userErr(u, ErrNotPlaced)
	case v.Rings < minRings || v.Rings > maxRings:
		return bad("rings", fmt.Sprint(v.Rings), ErrBadSetting)
	}
	p.setVoicemail(v)
	iv.setProfile(u, p)
	iv.gen++
	return nil
}

// SetVoicemailPIN sets a placed user's voicemail PIN: 6 to 30 ASCII
// digits. Only the fact that a PIN is set is kept.
func (iv *Inventory) SetVoicemailPIN(u UserKey, pin string) error {
	p, ok := iv.profileOf(u)
	if !ok {
		return userErr(u, ErrNotPlaced)
	}
	if len(pin) < minPIN || len(pin) > maxPIN || strings.Trim(pin, "0123456789") != "" {
		return bad("PIN", strings.Repeat("*", min(len(pin), maxPIN)), ErrBadSetting)
	}
	p.set(pPIN, true)
	iv.setProfile(u, p)
	iv.gen++
	return nil
}

// SetCallSettings changes a placed user's call settings.
func (iv *Inventory) SetCallSettings(u UserKey, s CallSettings) error {
	p, ok := iv.profileOf(u)
	if !ok {
		return userErr(u, ErrNotPlaced)
	}
	p.setSettings(s)
	iv.setProfile(u, p)
	iv.gen++
	return nil
}

// Destroyed is what removing one user's Webex Calling destroys (CAL-9):
// the placement (location, number, extension), the voicemail settings and
// PIN and the call settings — the user's whole Profile. The number and
// extension are free at once; the account, the work number and other
// licenses are not touched.
type Destroyed struct {
	User    UserKey
	Profile Profile
}

// String lists what is destroyed, e.g. "user 7: placement in HQ, number
// +48221234567, extension 100, voicemail settings, voicemail PIN, call
// settings".
func (d Destroyed) String() string {
	p := d.Profile
	parts := []string{"placement in " + p.Location}
	if p.Number.IsValid() {
		parts = append(parts, "number "+p.Number.String())
	}
	if p.Extension != "" {
		parts = append(parts, "extension "+p.Extension)
	}
	parts = append(parts, "voicemail settings")
	if p.PINSet {
		parts = append(parts, "voicemail PIN")
	}
	parts = append(parts, "call settings")
	return fmt.Sprintf("user %d: %s", d.User, strings.Join(parts, ", "))
}

// Destroys returns, without changing anything, what Remove(users...)
// would destroy, in the order given. Every user must be placed, once.
func (iv *Inventory) Destroys(users ...UserKey) ([]Destroyed, error) {
	seen := make(map[UserKey]struct{}, len(users))
	out := make([]Destroyed, 0, len(users))
	for _, u := range users {
		p, ok := iv.profileOf(u)
		if !ok {
			return nil, userErr(u, ErrNotPlaced)
		}
		if _, dup := seen[u]; dup {
			return nil, userErr(u, ErrDuplicateUser)
		}
		seen[u] = struct{}{}
		out = append(out, Destroyed{User: u, Profile: iv.public(&p)})
	}
	return out, nil
}

// Remove removes the Webex Calling of users (CAL-9): each user's profile
// is deleted and their number and extension are free at once. It returns
// what was destroyed, per user in the order given; re-placing a user later
// gives a fresh default profile. The caller (the engine) asks for the
// acknowledgement CAL-9 requires before calling Remove.
func (iv *Inventory) Remove(users ...UserKey) ([]Destroyed, error) {
	out, err := iv.Destroys(users...)
	if err != nil || len(users) == 0 { // nothing to change: plans stay fresh
		return out, err
	}
	for _, u := range users {
		p, _ := iv.profileOf(u)
		if p.num != 0 {
			r := &iv.nums[p.num-1]
			r.typ, r.owner = NoOwner, 0
		}
		if p.ext != 0 {
			delete(iv.exts, extKey(p.loc, p.ext))
		}
		iv.dropProfile(u)
	}
	iv.gen++
	return out, nil
}
