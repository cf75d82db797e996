package assignment

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/wxlicense/wxlicense/license"
)

// TestRapidOrgMatchesModel is a state-machine test: random catalogs, random
// small orgs (few users, groups and subscriptions, so that they collide)
// and random action sequences, run against the engine and against the
// reference model of model_test.go. After every step it checks:
//
//   - INV-1, INV-2, INV-3, INV-10 with Org.CheckInvariants;
//   - that the engine agrees with the model: every user's licenses,
//     subscriptions, pending state and sources, the usage per
//     subscription, and whether the action was rejected;
//   - that the plan's explanations are the model's (checkExplained): the
//     multisets of changes (user, license, op, reason, template,
//     subscriptions, source) and shortfalls, the CSV row errors and the
//     users at risk, and for a rejected action the error's class
//     (errClass: sentinel, API codes in LIC-7 order, users needing the
//     CAL-9 acknowledgement); and that every plan has one final effect per
//     user and license;
//   - INV-5 after every application with preserve on;
//   - INV-6 after every save with scope existing: planning it again
//     changes nothing and reports the same shortfalls;
//   - that Plan without Apply, and a rejected action, leave the org
//     deep-equal to a clone taken before, and that a stale plan is refused.
//
// rapid runs 100 sequences per Check (-rapid.checks); the loop makes it
// 1,000 (with -short, 2 runs of 100/5: 40 sequences of half the length, for
// the race detector). Failing cases are saved under
// testdata/rapid/TestRapidOrgMatchesModel and replayed first on every run.
func TestRapidOrgMatchesModel(t *testing.T) {
	runs := 10
	if testing.Short() {
		runs = 2
	}
	for range runs {
		rapid.Check(t, checkOrgMatchesModel)
	}
}

// deepOrg compares orgs field by field, unexported fields included; a nil
// and an empty slice or map are equal (Clone does not keep the difference).
// Caches are left out: the shared sparse parts kept for reuse and the
// class cache's recent keys and moves, whose contents depend on the order
// Apply takes the users in. User tables compare by their records and
// what the records refer to (tableRows), not by where in the table's
// arrays that went.
var deepOrg = cmp.Options{
	cmp.Exporter(func(reflect.Type) bool { return true }), cmpopts.EquateEmpty(),
	cmpopts.IgnoreFields(Org{}, "shared"), cmpopts.IgnoreFields(classes{}, "last", "lastC", "moves"),
	cmp.Transformer("rows", tableRows),
}

// rows is a user table's records, without where in the table what they
// refer to is, and what they refer to.
type rows struct {
	Records []user
	Emails  []string
	Groups  [][]GroupID
	Attrs   []*userAttrs
	Extras  []*extra
}

// tableRows returns t's rows: two tables holding the same users compare
// equal whether their e-mails went to one slab or several (a clone starts
// a slab of its own), and whatever slots their lists, attributes and
// sparse parts took.
func tableRows(t userTable) rows {
	var r rows
	for id := range UserID(t.len()) {
		u := *t.at(id)
		r.Emails = append(r.Emails, t.email(&u))
		r.Groups = append(r.Groups, t.groupsOf(&u))
		r.Attrs = append(r.Attrs, t.attrsOf(&u, nil))
		r.Extras = append(r.Extras, t.extraOf(&u))
		u.mailSlab, u.mailOff, u.mailLen, u.groupOff, u.attrs, u.x = 0, 0, 0, 0, 0, 0
		r.Records = append(r.Records, u)
	}
	return r
}

// sameOrg reports whether two orgs are deep-equal but for their caches
// (deepOrg); reflect.DeepEqual is a fast path, go-cmp decides.
func sameOrg(a, b *Org) bool {
	x, y := *a, *b
	for _, o := range []*Org{&x, &y} {
		o.shared = sharedParts{}
		o.classes.last, o.classes.lastC, o.classes.moves = classKey{}, 0, [64]transition{}
	}
	return reflect.DeepEqual(&x, &y) || cmp.Equal(&x, &y, deepOrg)
}

var (
	emailPool = []string{"u0@x.com", "u1@x.com", "u2@x.com", "U3@X.com", "u4@x.com", "u5@x.com", "u6@x.com"}
	groupPool = []string{"g0", "g1", "g2", "d0"} // d*: distribution groups
	subPool   = []string{"s0", "s1", "s2"}
	tmplPool  = []string{"org", "g0", "g1", "g2", "d0"}
	day0      = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
)

// harness runs one sequence.
type harness struct {
	cat   *license.Catalog
	mc    *mCat
	org   *Org
	mod   *model
	kinds []license.Kind // every kind, catalog order
}

// genCatalog draws the default catalog with 0–2 meeting sites and
// optionally one custom kind or rule (LIC-1: the catalog is data).
func genCatalog(t *rapid.T) *license.Catalog {
	b := license.DefaultBuilder()
	for i := range rapid.IntRange(0, 2).Draw(t, "sites") {
		b.AddSite(fmt.Sprintf("site%d.webex.com", i))
	}
	switch rapid.IntRange(0, 4).Draw(t, "custom") {
	case 1: // a paid kind that requires Advanced Messaging
		k := b.AddKind(license.Info{Name: "Recording", Code: "REC", Category: license.Meetings, Paid: true, ConsumesUnit: true})
		b.Require(k, license.AdvancedMessaging, license.CodeAdvancedMessagingNeedsBasic)
	case 2: // an exclusive family without preference, one member a default
		b.Exclude(license.CodeExclusiveFamily, license.NoKind, license.UnifiedCM, license.CallOnWebex)
	case 3: // a family with a preferred member, like Contact Center
		basic := b.AddKind(license.Info{Name: "Webinar Basic", Code: "WBB", Category: license.Meetings, Paid: true, ConsumesUnit: true})
		pro := b.AddKind(license.Info{Name: "Webinar Pro", Code: "WBP", Category: license.Meetings, Paid: true, ConsumesUnit: true})
		b.Exclude(license.CodeExclusiveFamily, pro, basic, pro)
	case 4: // a refused downgrade whose old kind has a requirement (INV-1)
		b.RefuseDowngrade(license.AdvancedMessaging, license.UnifiedCM, license.CodeCXEssentialToStandard)
	}
	cat, err := b.Build()
	if err != nil {
		t.Fatalf("catalog: %v", err)
	}
	return cat
}

func checkOrgMatchesModel(t *rapid.T) {
	cat := genCatalog(t)
	h := newHarness(cat)
	// a little setup so that sequences start from an interesting org
	for range rapid.IntRange(1, 2).Draw(t, "initial subs") {
		h.step(t, h.genSubscription(t))
	}
	for _, g := range groupPool[:rapid.IntRange(2, len(groupPool)).Draw(t, "initial groups")] {
		h.step(t, AddGroup{Name: g, Distribution: g[0] == 'd'})
	}
	if rapid.Bool().Draw(t, "group mode") {
		h.step(t, SwitchMode{Mode: GroupMode})
	}
	h.step(t, h.genSave(t))
	h.step(t, h.genAddUsers(t))
	save := func(t *rapid.T) { h.step(t, h.genSave(t)) }
	addUsers := func(t *rapid.T) { h.step(t, h.genAddUsers(t)) }
	t.Repeat(map[string]func(*rapid.T){
		"AddSubscription": func(t *rapid.T) { h.step(t, h.genSubscription(t)) },
		"AddGroup": func(t *rapid.T) {
			name := rapid.SampledFrom(groupPool).Draw(t, "group")
			h.step(t, AddGroup{Name: name, Distribution: name[0] == 'd'})
		},
		"SwitchMode": func(t *rapid.T) {
			h.step(t, SwitchMode{Mode: Mode(rapid.IntRange(0, 1).Draw(t, "mode"))})
		},
		"SaveTemplate":   save,
		"SaveTemplate2":  save,
		"SaveTemplate3":  save,
		"RemoveService":  func(t *rapid.T) { h.step(t, h.genRemoveService(t)) },
		"DeleteTemplate": func(t *rapid.T) { h.step(t, h.genDelete(t)) },
		"AddUsers":       addUsers,
		"AddUsers2":      addUsers,
		"JoinGroup": func(t *rapid.T) {
			h.step(t, JoinGroup{User: h.genUser(t), Group: h.genGroup(t)})
		},
		"LeaveGroup": func(t *rapid.T) {
			u := h.genUser(t)
			h.step(t, LeaveGroup{User: u, Group: h.genMemberOf(t, u)})
		},
		"MoveUser": func(t *rapid.T) {
			u := h.genUser(t)
			h.step(t, MoveUser{User: u, From: h.genMemberOf(t, u), To: h.genGroup(t)})
		},
		"MoveUser2": func(t *rapid.T) {
			u := h.genUser(t)
			h.step(t, MoveUser{User: u, From: h.genMemberOf(t, u), To: h.genGroup(t)})
		},
		"SetSetting": func(t *rapid.T) {
			h.step(t, SetSetting{Setting: SettingPreserveOnGroupChange, On: rapid.Bool().Draw(t, "preserve on group change"), Ack: h.genAck(t)})
		},
		"UpdateLicenses": func(t *rapid.T) {
			u := h.genUser(t)
			h.step(t, UpdateLicenses{User: u, Licenses: h.genRequest(t, u), Ack: h.genAck(t)})
		},
		"ModifyLicenses": func(t *rapid.T) {
			u := h.genUser(t)
			var ops []LicenseOp
			for range rapid.IntRange(0, 3).Draw(t, "ops") { // none changes nothing (LIC-7)
				op := LicenseOp{Kind: rapid.SampledFrom(h.kinds).Draw(t, "kind"), Remove: rapid.Bool().Draw(t, "remove")}
				if h.chance(t, 30, "by license ID") {
					op.ID = h.genLicenseID(t)
				}
				ops = append(ops, op)
			}
			h.step(t, ModifyLicenses{User: u, Ops: ops, Ack: h.genAck(t)})
		},
		"EditServices": func(t *rapid.T) {
			u := h.genUser(t)
			h.step(t, EditServices{User: u, Licenses: h.genRequest(t, u), Ack: h.genAck(t)})
		},
		"SignIn": func(t *rapid.T) {
			u := h.genUser(t)
			for i := range h.org.NumUsers() {
				if info, _ := h.org.User(UserID(i)); info.Status != Active && h.chance(t, 80, "pending user") {
					u = info.Email
					break
				}
			}
			h.step(t, SignIn{User: u})
		},
		"StalePlan": func(t *rapid.T) { h.stalePlan(t) },
		"ImportCSV": func(t *rapid.T) { h.step(t, h.genCSV(t)) },
		"SetSetting2": func(t *rapid.T) { // LIC-12, ASG-18
			h.step(t, SetSetting{Setting: rapid.SampledFrom([]Setting{SettingSuppressEmails, SettingSSO}).Draw(t, "setting"), On: rapid.Bool().Draw(t, "on")})
		},
		"SetSiteAttendee": func(t *rapid.T) { // ASG-13
			h.step(t, SetSiteAttendee{Site: h.genSite(t), On: rapid.Bool().Draw(t, "attendee accounts")})
		},
		"SetSiteAdmin": func(t *rapid.T) { // ASG-13
			h.step(t, SetSiteAdmin{User: h.genUser(t), Site: h.genSite(t)})
		},
		"SetRetention": func(t *rapid.T) { // LIC-10
			h.step(t, SetRetention{Period: time.Duration(rapid.IntRange(-1, 3).Draw(t, "retention days")) * 24 * time.Hour})
		},
		"SetTime": func(t *rapid.T) { // LIC-10
			at := h.org.Now()
			if at.IsZero() {
				at = day0
			}
			h.step(t, SetTime{At: at.Add(time.Duration(rapid.IntRange(-1, 72).Draw(t, "hours")) * time.Hour)})
		},
	})
}

// genUser draws an existing user mostly, else any e-mail of the pool.
func (h *harness) genUser(t *rapid.T) string {
	if n := h.org.NumUsers(); n > 0 && h.chance(t, 90, "existing user") {
		info, _ := h.org.User(UserID(rapid.IntRange(0, n-1).Draw(t, "user id")))
		return info.Email
	}
	return rapid.SampledFrom(emailPool).Draw(t, "user")
}

// genNewEmail draws an e-mail of no user mostly.
func (h *harness) genNewEmail(t *rapid.T) string {
	var free []string
	for _, e := range emailPool {
		if _, ok := h.org.LookupUser(e); !ok {
			free = append(free, e)
		}
	}
	if len(free) > 0 && h.chance(t, 90, "new e-mail") {
		return rapid.SampledFrom(free).Draw(t, "e-mail")
	}
	return rapid.SampledFrom(emailPool).Draw(t, "e-mail")
}

func (h *harness) genGroup(t *rapid.T) string { return rapid.SampledFrom(groupPool).Draw(t, "group") }

// genMemberOf draws a group the user is in, mostly.
func (h *harness) genMemberOf(t *rapid.T, email string) string {
	if id, ok := h.org.LookupUser(email); ok {
		if info, _ := h.org.User(id); len(info.Groups) > 0 && h.chance(t, 90, "member") {
			return rapid.SampledFrom(info.Groups).Draw(t, "from group")
		}
	}
	return h.genGroup(t)
}

// genCSV draws a well-formed users CSV of 1-4 license columns (some naming
// a subscription) and 1-3 rows of mostly existing users (ASG-20).
func (h *harness) genCSV(t *rapid.T) ImportCSV {
	var cols []string
	for range rapid.IntRange(1, 4).Draw(t, "columns") {
		k := rapid.SampledFrom(h.kinds).Draw(t, "column kind")
		col := h.cat.Name(k)
		if n := h.org.ledger.Len(); n > 0 && h.cat.Info(k).ConsumesUnit && h.chance(t, 30, "column names a subscription") {
			sub := "nosuch"
			if !h.chance(t, 5, "unknown subscription") {
				sub = h.org.ledger.Name(license.SubID(rapid.IntRange(0, n-1).Draw(t, "column sub")))
			}
			col += " [" + sub + "]"
		}
		if !slices.Contains(cols, col) {
			cols = append(cols, col)
		}
	}
	lines := []string{"User ID/Email (Required)," + strings.Join(cols, ",")}
	for range rapid.IntRange(1, 3).Draw(t, "rows") {
		cells := []string{h.genUser(t)}
		if h.chance(t, 3, "bad e-mail") {
			cells[0] = "not-an-email"
		}
		for range cols {
			cells = append(cells, rapid.SampledFrom([]string{"", "TRUE", "FALSE", "TRUE", "FALSE", "maybe"}).Draw(t, "cell"))
		}
		lines = append(lines, strings.Join(cells, ","))
	}
	return ImportCSV{Data: []byte(strings.Join(lines, "\n") + "\n"), Ack: h.genAck(t), CreateUsers: rapid.Bool().Draw(t, "create users")}
}

// genLicenseID draws the license ID of a kind, mostly on one of the org's
// subscriptions for a paid kind (LIC-6, LIC-8), or a malformed one.
func (h *harness) genLicenseID(t *rapid.T) string {
	coded := h.cat.Matching(func(i license.Info) bool { return i.Code != "" }).Kinds()
	if h.chance(t, 5, "malformed ID") {
		return "not a license ID"
	}
	k := rapid.SampledFrom(coded).Draw(t, "ID kind")
	sub := ""
	if n := h.org.ledger.Len(); n > 0 && h.cat.Info(k).ConsumesUnit && h.chance(t, 80, "ID names a subscription") {
		sub = h.org.ledger.Name(license.SubID(rapid.IntRange(0, n-1).Draw(t, "ID sub")))
	}
	id, err := h.org.LicenseID(k, sub)
	if err != nil {
		t.Fatalf("license ID: %v", err)
	}
	return id.String()
}

// genSite draws a meeting site of the catalog mostly, sometimes in upper
// case (a host name: the same site), else an unknown one.
func (h *harness) genSite(t *rapid.T) string {
	if sites := h.cat.Sites(); len(sites) > 0 && h.chance(t, 90, "known site") {
		site := rapid.SampledFrom(sites).Draw(t, "site")
		if h.chance(t, 20, "site in upper case") {
			site = strings.ToUpper(site)
		}
		return site
	}
	return "nosuch.webex.com"
}

// genAck is mostly true: the CAL-9 acknowledgement.
func (h *harness) genAck(t *rapid.T) bool { return rapid.IntRange(0, 9).Draw(t, "ack") > 0 }

// chance is true with the given percentage. rapid's integers favour small
// values, so it draws seven fair bits; all bits false (where shrinking goes)
// is false.
func (h *harness) chance(t *rapid.T, percent int, label string) bool {
	v := 0
	for range 7 {
		v <<= 1
		if rapid.Bool().Draw(t, label) {
			v |= 1
		}
	}
	return v*100 >= (100-percent)*128
}

// genServices draws a license list that is mostly valid: one choice per
// service, plus now and then a random kind.
func (h *harness) genServices(t *rapid.T, noise int) []license.Kind {
	var s license.Set
	add := func(ks ...license.Kind) {
		for _, k := range ks {
			s = s.Add(k)
		}
	}
	switch rapid.IntRange(0, 9).Draw(t, "messaging") {
	case 0:
	case 1, 2, 3, 4, 5, 6:
		add(license.BasicMessaging)
	default:
		add(license.BasicMessaging, license.AdvancedMessaging)
	}
	if s.Has(license.BasicMessaging) && h.chance(t, 25, "advanced space meetings") {
		add(license.AdvancedSpaceMeetings)
	}
	if h.chance(t, 50, "basic meetings") {
		add(license.BasicMeetings)
	}
	if h.chance(t, 60, "call on webex") {
		add(license.CallOnWebex)
	}
	switch rapid.IntRange(0, 9).Draw(t, "calling") {
	case 4:
		add(license.CallingProfessional)
	case 5:
		add(license.CallingProfessional, license.AttendantConsole)
	case 6:
		add(license.CallingStandard)
	case 7:
		add(license.CXEssential)
	case 8:
		add(license.CXEssential, license.CallingProfessional)
	}
	if h.chance(t, 20, "ucm") {
		add(license.UnifiedCM)
	}
	switch rapid.IntRange(0, 5).Draw(t, "contact center") {
	case 3:
		add(license.ContactCenterStandard)
	case 4:
		add(license.ContactCenterPremium)
	case 5:
		add(license.ContactCenterStandard, license.ContactCenterPremium)
	}
	for _, site := range h.cat.Sites() {
		host, _ := h.cat.SiteKind(site, license.RoleHost)
		att, _ := h.cat.SiteKind(site, license.RoleAttendee)
		switch rapid.IntRange(0, 4).Draw(t, "site "+site) {
		case 2:
			add(host)
		case 3:
			add(att)
		case 4:
			add(host, att)
		}
	}
	for k := range h.cat.Matching(func(i license.Info) bool { return i.Code != "" && i.Site == "" }).All() {
		if k >= 13 && h.chance(t, 35, "custom "+h.cat.Name(k)) { // kinds after the default catalog
			add(k)
		}
	}
	if h.chance(t, noise, "noise") {
		add(rapid.SampledFrom(h.kinds).Draw(t, "noise kind"))
	}
	return s.Kinds()
}

// genRequest draws a user-level request: services, or the user's licenses
// with one change.
func (h *harness) genRequest(t *rapid.T, email string) []license.Kind {
	if id, ok := h.org.LookupUser(email); ok && h.chance(t, 50, "edit held") {
		held := h.org.Held(id)
		k := rapid.SampledFrom(h.kinds).Draw(t, "toggle")
		if held.Has(k) {
			held = held.Remove(k)
		} else {
			held = held.Add(k)
		}
		return held.Kinds()
	}
	return h.genServices(t, 10)
}

func (h *harness) genSubscription(t *rapid.T) AddSubscription {
	s := license.Subscription{
		ID:      rapid.SampledFrom(subPool).Draw(t, "sub"),
		Created: day0.AddDate(0, 0, rapid.IntRange(0, 2).Draw(t, "created")),
		Units:   map[license.Kind]int{},
	}
	for _, k := range h.kinds {
		if h.cat.Info(k).ConsumesUnit {
			if n := rapid.IntRange(0, 2).Draw(t, "units "+h.cat.Name(k)); n > 0 {
				s.Units[k] = n
			}
		}
	}
	return AddSubscription{Subscription: s}
}

func (h *harness) genSave(t *rapid.T) SaveTemplate {
	a := SaveTemplate{Scope: Scope(rapid.IntRange(0, 1).Draw(t, "scope"))}
	groupTemplate := h.chance(t, 90, "group template")
	if h.org.Mode() == OrgMode {
		groupTemplate = h.chance(t, 10, "group template in org mode")
	}
	if groupTemplate {
		a.Group = h.genGroup(t)
	}
	if a.Scope == Existing {
		a.PreserveOff = rapid.Bool().Draw(t, "preserve off")
		a.Ack = h.genAck(t)
	}
	for _, k := range h.genServices(t, 5) {
		e := Entry{Kind: k}
		if h.cat.Info(k).ConsumesUnit && h.chance(t, 25, "pin") {
			e.Subscription = "nosuch"
			if n := h.org.ledger.Len(); n > 0 && !h.chance(t, 3, "unknown sub") {
				e.Subscription = h.org.ledger.Name(license.SubID(rapid.IntRange(0, n-1).Draw(t, "pin sub")))
			}
		}
		a.Licenses = append(a.Licenses, e)
	}
	if len(a.Licenses) > 0 && h.chance(t, 3, "duplicate entry") {
		a.Licenses = append(a.Licenses, a.Licenses[0])
	}
	return a
}

// genTemplateName draws a live template's name mostly.
func (h *harness) genTemplateName(t *rapid.T) string {
	var live []string
	for _, n := range tmplPool {
		if _, ok := h.org.LookupTemplate(n); ok {
			live = append(live, n)
		}
	}
	if len(live) > 0 && h.chance(t, 90, "live template") {
		return rapid.SampledFrom(live).Draw(t, "template")
	}
	return rapid.SampledFrom(tmplPool).Draw(t, "template")
}

func (h *harness) genRemoveService(t *rapid.T) RemoveService {
	a := RemoveService{
		Template: h.genTemplateName(t),
		Kind:     rapid.SampledFrom(h.kinds).Draw(t, "kind"),
		Scope:    Scope(rapid.IntRange(0, 1).Draw(t, "scope")),
	}
	if id, ok := h.org.LookupTemplate(a.Template); ok && !h.org.templates[id].grant.IsEmpty() && h.chance(t, 90, "granted kind") {
		a.Kind = rapid.SampledFrom(h.org.templates[id].grant.Kinds()).Draw(t, "granted kind")
	}
	if a.Scope == Existing {
		a.PreserveOff = rapid.Bool().Draw(t, "preserve off")
		a.Ack = h.genAck(t)
	}
	return a
}

func (h *harness) genDelete(t *rapid.T) DeleteTemplate {
	a := DeleteTemplate{Template: h.genTemplateName(t), PreserveOff: rapid.Bool().Draw(t, "preserve off")}
	if a.PreserveOff {
		a.Ack = h.genAck(t)
	}
	return a
}

func (h *harness) genAddUsers(t *rapid.T) AddUsers {
	var a AddUsers
	for range rapid.IntRange(1, 2).Draw(t, "new users") {
		nu := NewUser{Email: h.genNewEmail(t)}
		if h.chance(t, 3, "bad e-mail") {
			nu.Email = "not-an-email"
		}
		if h.chance(t, 25, "inactive") {
			nu.Status = Status(rapid.IntRange(1, 2).Draw(t, "status"))
		}
		for _, g := range groupPool {
			if h.chance(t, 30, "in "+g) {
				nu.Groups = append(nu.Groups, g)
			}
		}
		if h.chance(t, 50, "placement") {
			nu.Placement = Placement{Location: "HQ", Number: "+15550100"}
		}
		nu.Synced = h.chance(t, 30, "synced")
		if sites := h.cat.Sites(); len(sites) > 0 && h.chance(t, 15, "site admin") {
			nu.SiteAdmin = []string{h.genSite(t)}
		}
		if h.chance(t, 15, "explicit") {
			nu.Explicit = true
			nu.Licenses = h.genServices(t, 5)
		}
		if h.chance(t, 20, "subscriptions") {
			nu.Subscriptions = h.genUserPins(t, nu.Licenses)
		}
		a.Users = append(a.Users, nu)
	}
	return a
}

// genUserPins draws a new user's subscriptions (NewUser.Subscriptions):
// mostly of their licenses on the org's subscriptions, sometimes of another
// kind, an unknown subscription or one kind twice.
func (h *harness) genUserPins(t *rapid.T, licenses []license.Kind) []Entry {
	var out []Entry
	for range rapid.IntRange(1, 2).Draw(t, "pins") {
		e := Entry{Kind: rapid.SampledFrom(h.kinds).Draw(t, "stray pin kind"), Subscription: "nosuch"}
		if len(licenses) > 0 && !h.chance(t, 10, "stray pin") {
			e.Kind = rapid.SampledFrom(licenses).Draw(t, "pin kind")
		}
		if n := h.org.ledger.Len(); n > 0 && !h.chance(t, 10, "unknown pin sub") {
			e.Subscription = h.org.ledger.Name(license.SubID(rapid.IntRange(0, n-1).Draw(t, "pin sub")))
		}
		out = append(out, e)
	}
	return out
}

// preserving reports whether an action applies templates with preserve on
// (INV-5): a save with scope future or scope existing and preserve on, a
// delete with preserve on, a mode switch, a join, a leave or move with the
// group-change setting on, and actions that apply nothing to existing users.
func preserving(a Action, settingOn bool) bool {
	switch a := a.(type) {
	case SaveTemplate:
		return a.Scope == Future || !a.PreserveOff
	case RemoveService:
		return a.Scope == Future || !a.PreserveOff
	case DeleteTemplate:
		return !a.PreserveOff
	case LeaveGroup, MoveUser:
		return settingOn
	case SwitchMode, JoinGroup, AddUsers, AddSubscription, AddGroup, SignIn:
		return true
	}
	return false
}

func describe(a Action) string {
	return fmt.Sprintf("%s %+v", a, a)
}

// testT is what step and checkState need: a *rapid.T, or a *testing.T for
// the hand-built regressions.
type testT interface {
	Helper()
	Logf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// step runs one action on the engine and the model and checks everything.
func (h *harness) step(t testT, a Action) {
	t.Helper()
	t.Logf("action: %s", describe(a))
	org := h.org
	clone := org.Clone()
	before := engineSnapshot(org)
	settingOn := org.Settings().PreserveOnGroupChange

	p, err := org.Plan(a)
	// Plan without Apply, and a rejected action, change nothing
	if !sameOrg(clone, org) {
		t.Fatalf("Plan changed the org (err %v):\n%s", err, cmp.Diff(clone, org, deepOrg))
	}
	merr := h.mod.do(a)
	if (err == nil) != (merr == nil) {
		t.Fatalf("engine and model disagree on rejection: engine %v, model %v", err, merr)
	}
	if err != nil {
		t.Logf("rejected: %v", err)
		var me *mError
		if !errors.As(merr, &me) {
			t.Fatalf("model error without a class: %v", merr)
		}
		if got := errClass(err); got != me.class {
			t.Fatalf("error class: engine %q (%v), model %q (%v)", got, err, me.class, merr)
		}
		if _, err2 := org.Do(a); err2 == nil {
			t.Fatalf("Do accepted what Plan rejected")
		}
		if !sameOrg(clone, org) {
			t.Fatalf("rejected action changed the org:\n%s", cmp.Diff(clone, org, deepOrg))
		}
		h.checkState(t)
		return
	}
	for _, l := range p.Lines() {
		t.Logf("  %s", l)
	}
	h.checkExplained(t, p)
	if err := org.Apply(p); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	h.checkState(t)
	after := engineSnapshot(org)

	// INV-5: with preserve on nothing is removed except the two upgrades
	// (host over attendee for one site, ASG-10; Premium over Standard
	// Agent, ASG-16, whose unit returns: INV-2 checks the ledger) and no
	// license moves to another subscription.
	if preserving(a, settingOn) {
		for i, ub := range before.Users {
			ua := after.Users[i]
			for k, hb := range ub.Held {
				ha, ok := ua.Held[k]
				if ok {
					if ha.Sub != hb.Sub {
						t.Fatalf("INV-5: %s: %s moved from %q to %q with preserve on", ub.Email, k, hb.Sub, ha.Sub)
					}
					continue
				}
				upgraded := false
				for pk := range ua.Held {
					if h.mc.upgrades(pk, k) {
						upgraded = true
					}
				}
				if !upgraded {
					t.Fatalf("INV-5: %s lost %s with preserve on", ub.Email, k)
				}
			}
		}
	}

	// INV-6: the same existing-scope save again changes nothing and
	// reports the same shortfalls
	if s, ok := a.(SaveTemplate); ok && s.Scope == Existing {
		clone := org.Clone()
		p2, err := org.Plan(s)
		if err != nil {
			t.Fatalf("INV-6: second plan rejected: %v", err)
		}
		if !sameOrg(clone, org) {
			t.Fatalf("Plan changed the org:\n%s", cmp.Diff(clone, org, deepOrg))
		}
		if len(p2.Changes) > 0 {
			t.Fatalf("INV-6: second application changes:\n%s", lines(org, p2))
		}
		if d := cmp.Diff(sortedShortfalls(p), sortedShortfalls(p2)); d != "" {
			t.Fatalf("INV-6: shortfalls differ (-first +second):\n%s", d)
		}
	}
}

func lines(o *Org, p *Plan) string {
	var s string
	for _, l := range p.Lines() {
		s += "  " + l + "\n"
	}
	return s
}

func sortedShortfalls(p *Plan) []Shortfall {
	if len(p.Shortfalls) == 0 {
		return nil // none: a nil and an empty list are the same
	}
	out := slices.Clone(p.Shortfalls)
	slices.SortFunc(out, func(a, b Shortfall) int {
		if a.User != b.User {
			return int(a.User) - int(b.User)
		}
		if a.Kind != b.Kind {
			return int(a.Kind) - int(b.Kind)
		}
		if a.Reason != b.Reason {
			return int(a.Reason) - int(b.Reason)
		}
		return int(a.Other) - int(b.Other)
	})
	return out
}

// checkExplained compares a plan's explanations with the model's
// prediction — the multisets of changes (user, license, op, reason,
// template, subscriptions, source) and of shortfalls — and checks that the
// plan has one final effect per user and license: at most one of Grant,
// Remove and Move, no source change of a license it removes or grants, and
// a Restore only with a Grant.
func (h *harness) checkExplained(t testT, p *Plan) {
	t.Helper()
	want, got := sortedChanges(h.mod.log.changes), sortedChanges(planChanges(p))
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("changes differ from the model's (-model +engine):\n%s", d)
	}
	if d := cmp.Diff(sortedShorts(h.mod.log.shorts), sortedShorts(planShortfalls(p))); d != "" {
		t.Fatalf("shortfalls differ from the model's (-model +engine):\n%s", d)
	}
	var rows []mRowError
	for _, r := range p.RowErrors {
		rows = append(rows, mRowError{r.Row, r.Email, errClass(r.Err)})
	}
	if d := cmp.Diff(h.mod.log.rowErrors, rows); d != "" {
		t.Fatalf("row errors differ from the model's (-model +engine):\n%s", d)
	}
	var atRisk []string
	for _, u := range p.AtRisk {
		atRisk = append(atRisk, p.names.user(u))
	}
	if d := cmp.Diff(slices.Sorted(slices.Values(h.mod.log.atRisk)), slices.Sorted(slices.Values(atRisk))); d != "" {
		t.Fatalf("users at risk differ from the model's (-model +engine):\n%s", d)
	}
	type key struct {
		u UserID
		k license.Kind
	}
	ops := map[key][]Op{}
	for _, c := range p.Changes {
		ops[key{c.User, c.Kind}] = append(ops[key{c.User, c.Kind}], c.Op)
	}
	for k, list := range ops {
		n := 0
		for _, op := range []Op{Grant, Remove, Move} {
			n += count(list, op)
		}
		// a removed license has no sources left; a granted one gets its
		// source from the grant
		gone := slices.Contains(list, Remove) || slices.Contains(list, Grant)
		if n > 1 || gone && (slices.Contains(list, Retain) || slices.Contains(list, AddSource) || slices.Contains(list, DropSource)) ||
			count(list, Restore) > count(list, Grant) {
			t.Fatalf("%s %s: not one final effect: %v", p.names.user(k.u), p.names.kind(k.k), list)
		}
	}
}

func count(ops []Op, op Op) int {
	n := 0
	for _, o := range ops {
		if o == op {
			n++
		}
	}
	return n
}

// planChanges renders a plan's changes with names, as the model predicts
// them.
func planChanges(p *Plan) []mChange {
	var out []mChange
	for _, c := range p.Changes {
		mc := mChange{User: p.names.user(c.User), Op: c.Op.String(), Reason: c.Reason.String()}
		if c.Kind != license.NoKind {
			mc.Kind = p.names.kind(c.Kind)
		}
		if c.Template != NoTemplate {
			mc.Template = p.names.template(c.Template)
		}
		if c.Sub != license.NoSub {
			mc.Sub = p.names.sub(c.Sub)
		}
		if c.From != license.NoSub {
			mc.From = p.names.sub(c.From)
		}
		if c.Source != 0 {
			mc.Source = c.Source.String()
		}
		out = append(out, mc)
	}
	return out
}

func planShortfalls(p *Plan) []mShort {
	var out []mShort
	for _, s := range p.Shortfalls {
		ms := mShort{User: p.names.user(s.User), Kind: p.names.kind(s.Kind), Reason: s.Reason.String()}
		if s.Other != license.NoKind {
			ms.Other = p.names.kind(s.Other)
		}
		out = append(out, ms)
	}
	return out
}

// sortedChanges sorts changes by user, license, op and the rest, as
// strings; none is nil.
func sortedChanges(cs []mChange) []mChange {
	if len(cs) == 0 {
		return nil
	}
	out := slices.Clone(cs)
	slices.SortFunc(out, func(a, b mChange) int { return strings.Compare(fmt.Sprintf("%q", a), fmt.Sprintf("%q", b)) })
	return out
}

func sortedShorts(ss []mShort) []mShort {
	if len(ss) == 0 {
		return nil
	}
	out := slices.Clone(ss)
	slices.SortFunc(out, func(a, b mShort) int { return strings.Compare(fmt.Sprintf("%q", a), fmt.Sprintf("%q", b)) })
	return out
}

// errClass is the class of an engine error, as the model predicts it: the
// API codes of a rejected license set in their order (distinct), else the
// sentinel it wraps.
func errClass(err error) string {
	var se *license.SetError
	if errors.As(err, &se) {
		var codes []string
		for _, v := range se.Violations {
			if c := fmt.Sprint(int(v.Code)); !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
		return "codes " + strings.Join(codes, " ")
	}
	var out *OutsideOrgError
	if errors.As(err, &out) {
		return "OutsideOrg"
	}
	var ack *AckError
	if errors.As(err, &ack) {
		return "ErrNeedsAck " + strings.Join(slices.Sorted(slices.Values(ack.Users)), " ")
	}
	for _, s := range []struct {
		name string
		err  error
	}{
		{"ErrUnknownUser", ErrUnknownUser}, {"ErrUnknownGroup", ErrUnknownGroup},
		{"ErrUnknownTemplate", ErrUnknownTemplate}, {"ErrUnknownSubscription", ErrUnknownSubscription},
		{"ErrUnknownSite", ErrUnknownSite}, {"ErrDuplicateEmail", ErrDuplicateEmail},
		{"ErrDuplicateName", ErrDuplicateName}, {"ErrInvalidEmail", ErrInvalidEmail},
		{"ErrInvalidName", ErrInvalidName}, {"ErrInvalidValue", ErrInvalidValue},
		{"ErrWrongMode", ErrWrongMode}, {"ErrDistributionGroup", ErrDistributionGroup},
		{"ErrNotMember", ErrNotMember}, {"ErrAlreadyMember", ErrAlreadyMember},
		{"ErrAlreadyActive", ErrAlreadyActive}, {"ErrNotInTemplate", ErrNotInTemplate},
		{"ErrTimeBackwards", ErrTimeBackwards}, {"ErrCSV", ErrCSV}, {"ErrSameGroup", ErrSameGroup}, {"ErrUnknownKind", ErrUnknownKind},
		{"ErrDuplicateSubscription", license.ErrDuplicateSubscription},
		{"ErrBadSubscription", license.ErrBadSubscription}, {"ErrMalformedID", license.ErrMalformedID},
	} {
		if errors.Is(err, s.err) {
			return s.name
		}
	}
	return "unclassified: " + err.Error()
}

// checkState checks the invariants and compares the engine with the model.
func (h *harness) checkState(t testT) {
	t.Helper()
	// INV-1, INV-2, INV-3, INV-10
	if err := h.org.CheckInvariants(); err != nil {
		t.Fatalf("invariants: %v", err)
	}
	if err := h.mod.checkSelf(); err != nil {
		t.Fatalf("%v", err)
	}
	if d := cmp.Diff(h.mod.snapshot(), engineSnapshot(h.org)); d != "" {
		t.Fatalf("engine differs from the model (-model +engine):\n%s", d)
	}
}

// stalePlan checks that a plan made before another plan was applied is
// refused and changes nothing.
func (h *harness) stalePlan(t *rapid.T) {
	org := h.org
	a := SwitchMode{Mode: org.Mode()} // valid, changes nothing
	p1, err := org.Plan(a)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	if _, err := org.Do(a); err != nil {
		t.Fatalf("do: %v", err)
	}
	clone := org.Clone()
	if err := org.Apply(p1); !errors.Is(err, ErrStalePlan) {
		t.Fatalf("stale plan applied: %v", err)
	}
	if !sameOrg(clone, org) {
		t.Fatalf("stale plan changed the org:\n%s", cmp.Diff(clone, org, deepOrg))
	}
	h.checkState(t)
}

// newHarness returns an engine org and the model on one catalog.
func newHarness(cat *license.Catalog) *harness {
	mod := newModel(cat)
	mod.orgID = "acme"
	return &harness{cat: cat, mc: newMCat(cat), org: New(mod.orgID, cat), mod: mod, kinds: cat.All().Kinds()}
}

// TestRapidRegressions replays, by hand, sequences the state-machine test
// found, through the same step: engine and model must agree after every
// action, and an existing-scope save applied twice must change nothing the
// second time (INV-6).
func TestRapidRegressions(t *testing.T) {
	// -rapid.seed=3600507307056000999: a unit freed by an upgrade goes, in
	// the same application, to a user earlier in user order who was
	// refused it (package doc, INV-6). "a" comes first and is refused
	// Premium (its only template pins it to s0, which has none) and the
	// Standard fallback (s0's one unit is b's); b's templates let Premium
	// come from s1, so b upgrades and frees s0's Standard unit, which goes
	// to a. With preserve on and off.
	for _, off := range []bool{false, true} {
		t.Run(fmt.Sprintf("upgrade frees a unit, preserve off %v", off), func(t *testing.T) {
			h := newHarness(license.MustDefault())
			for _, a := range []Action{
				AddSubscription{Subscription: license.Subscription{ID: "s0", Created: day0,
					Units: map[license.Kind]int{license.ContactCenterStandard: 1}}},
				AddSubscription{Subscription: license.Subscription{ID: "s1", Created: day0.AddDate(0, 1, 0),
					Units: map[license.Kind]int{license.ContactCenterPremium: 1}}},
				SwitchMode{Mode: GroupMode},
				AddGroup{Name: "g1"},
				AddGroup{Name: "g2"},
				AddUsers{Users: []NewUser{
					{Email: "a@x.com", Groups: []string{"g2"}},
					{Email: "b@x.com", Groups: []string{"g1", "g2"}, Explicit: true,
						Licenses: []license.Kind{license.BasicMessaging, license.ContactCenterStandard}},
				}},
				SaveTemplate{Group: "g1", Licenses: []Entry{{Kind: license.ContactCenterPremium}}}, // future: nobody changes
				SaveTemplate{Group: "g2", Scope: Existing, PreserveOff: off, Licenses: []Entry{
					{Kind: license.BasicMessaging},
					{Kind: license.ContactCenterPremium, Subscription: "s0"},
					{Kind: license.ContactCenterStandard},
				}},
			} {
				h.step(t, a)
			}
			for email, want := range map[string]license.Kind{"a@x.com": license.ContactCenterStandard, "b@x.com": license.ContactCenterPremium} {
				u, ok := h.org.LookupUser(email)
				if !ok || !h.org.Held(u).Has(want) {
					t.Errorf("%s does not hold %s", email, h.cat.Name(want))
				}
			}
		})
	}
}

// TestRapidRegressionRequirementRefused replays an INV-6 case: x is
// refused B for want of a unit, so the A it took is given back
// (RequirementMissing) and goes to y. Saved again, A has no unit for x:
// the refusal must still read RequirementMissing, as the first time.
func TestRapidRegressionRequirementRefused(t *testing.T) {
	b := license.NewBuilder()
	ka := b.AddKind(license.Info{Name: "A", Category: license.Messaging, Paid: true, ConsumesUnit: true})
	kb := b.AddKind(license.Info{Name: "B", Category: license.Messaging, Paid: true, ConsumesUnit: true})
	b.Require(ka, kb, license.CodeAdvancedMessagingNeedsBasic)
	cat, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(cat)
	save := SaveTemplate{Scope: Existing, Licenses: []Entry{{Kind: ka}, {Kind: kb}}}
	for _, a := range []Action{
		AddSubscription{Subscription: license.Subscription{ID: "s0", Created: day0, Units: map[license.Kind]int{ka: 1, kb: 1}}},
		AddUsers{Users: []NewUser{{Email: "x@x.com", Explicit: true}, {Email: "y@x.com", Explicit: true, Licenses: []license.Kind{kb}}}},
		save, // step checks INV-6 by planning it again
	} {
		h.step(t, a)
	}
	p, err := h.org.Plan(save)
	if err != nil {
		t.Fatal(err)
	}
	x, _ := h.org.LookupUser("x@x.com")
	want := []Shortfall{{User: x, Kind: ka, Reason: RequirementMissing, Other: kb}, {User: x, Kind: kb, Reason: NoUnitAvailable, Other: license.NoKind}}
	if d := cmp.Diff(want, sortedShortfalls(p)); d != "" {
		t.Errorf("shortfalls (-want +got):\n%s", d)
	}
}
