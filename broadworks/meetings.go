package broadworks

import (
	"slices"
)

// site returns a package's meeting site, "" for Basic and Softphone.
func (c *Cloud) site(p Package) string {
	switch p {
	case Standard:
		return c.cfg.StandardSite
	case Premium:
		return c.cfg.PremiumSite
	}
	return ""
}

func (c *Cloud) sites(p Package) []string {
	if s := c.site(p); s != "" {
		return []string{s}
	}
	return nil
}

// moveSites returns the sites a person shows after a package change
// (BW-17): an admin moved between Standard and Premium shows both; anyone
// else, and any move from or to Basic or Softphone, only the new package's.
func (c *Cloud) moveSites(prs *Person, from, to Package) []string {
	out := c.sites(to)
	if prs.Role.Customer() && c.site(from) != "" && c.site(to) != "" && from != to {
		for _, s := range prs.Sites {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		slices.Sort(out)
	}
	return out
}

// useSites records meeting sites the org's persons were given (BW-17).
func (o *Org) useSites(sites []string) {
	for _, s := range sites {
		if i, found := slices.BinarySearch(o.MeetingSites, s); !found {
			o.MeetingSites = slices.Insert(o.MeetingSites, i, s)
		}
	}
}

// CheckSiteContent checks whether viewer may reach a meeting site of their
// org and its content (BW-17): a site the viewer shows, or, for a site
// admin, every site the org's persons were given, old ones included.
// Decision: the org's customer full admins are its site admins. Anything
// else is refused (ErrForbidden). A site is a host name, named in any case
// of its ASCII letters (license.Catalog.Site).
func (c *Cloud) CheckSiteContent(viewer, site string) error {
	e := &Error{Op: "site content", Email: viewer, Detail: quote(site)}
	prs, orgID, ok := c.LookupPerson(viewer)
	if !ok {
		e.Err = ErrUnknown
		return e
	}
	if s, known := c.cat.Site(site); known {
		site = s
	}
	switch {
	case slices.Contains(prs.Sites, site):
		return nil
	case prs.Role == CustomerFullAdmin && slices.Contains(c.orgs[orgID].MeetingSites, site):
		return nil
	default:
		e.Err = ErrForbidden
	}
	return e
}

// Assistant reports whether Webex Assistant is on for a person (BW-22): a
// Standard or Premium package in an org that did not switch it off.
func (c *Cloud) Assistant(email string) bool {
	prs, orgID, ok := c.LookupPerson(email)
	return ok && (prs.Package == Standard || prs.Package == Premium) && !c.orgs[orgID].AssistantOff
}

// CaptionLanguages are the closed-caption languages of Webex Assistant
// (BW-22).
var captionLanguages = []string{"English", "French", "German", "Spanish"}

// CheckCaptions checks closed captions in a language for a package (BW-22):
// an unsupported language or a package without the assistant is refused
// (ErrNotSupported).
func CheckCaptions(p Package, language string) error {
	if (p != Standard && p != Premium) || !slices.Contains(captionLanguages, language) {
		return &Error{Op: "captions", Detail: p.String() + " " + quote(language), Err: ErrNotSupported}
	}
	return nil
}

// Recording is how a meeting is recorded (BW-22).
type Recording uint8

// The recordings.
const (
	CloudRecording Recording = iota + 1
	LocalRecording
)

// CheckTranscripts checks post-meeting transcripts (BW-22): only Premium
// with cloud recording has them, whether the assistant is on or off; local
// recording captures neither transcripts nor highlights; Standard has no
// cloud recording. Anything else is refused (ErrNotSupported).
func CheckTranscripts(p Package, r Recording) error {
	if p == Premium && r == CloudRecording {
		return nil
	}
	return &Error{Op: "transcripts", Detail: p.String(), Err: ErrNotSupported}
}

// CheckMeetingContent checks whether viewer may reach owner's meeting
// content (BW-22): only within one org and one package; sharing by e-mail
// outside the org too is refused (ErrForbidden).
func (c *Cloud) CheckMeetingContent(owner, viewer string) error {
	e := &Error{Op: "meeting content", Email: viewer, Detail: "of " + quote(owner)}
	po, oo, ok1 := c.LookupPerson(owner)
	pv, ov, ok2 := c.LookupPerson(viewer)
	switch {
	case !ok1:
		e.Err = ErrUnknown
	case !ok2 || oo != ov || po.Package != pv.Package:
		e.Err = ErrForbidden
	}
	if e.Err != nil {
		return e
	}
	return nil
}
