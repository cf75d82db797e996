package sim

import (
	"errors"
	"fmt"
	"time"

	"github.com/wxlicense/wxlicense/broadworks"
)

// The BroadWorks set-up every scenario shares: one partner with one
// cluster and one trusted customer template.
const (
	bwPartner    = "sp"
	bwTemplate   = "t"
	bwAdminEmail = "admin@sp.example"
)

var bwAdmin = broadworks.Actor{Role: broadworks.PartnerFullAdmin, Partner: bwPartner, Email: bwAdminEmail}

// bwWorld is the BroadWorks cloud of a run, made at the first broadworks
// statement.
type bwWorld struct {
	cloud *broadworks.Cloud
	next  int
	// waiting are the tasks of each enterprise parked until its org exists
	// (BW-33), in the order they asked; the list of enterprise i is
	// waiting[i] for enterprises[i].
	enterprises []string
	waiting     [][]string
}

func (w *bwWorld) park(ent, userID string) {
	for i, e := range w.enterprises {
		if e == ent {
			w.waiting[i] = append(w.waiting[i], userID)
			return
		}
	}
	w.enterprises = append(w.enterprises, ent)
	w.waiting = append(w.waiting, []string{userID})
}

// resume schedules the parked tasks of an enterprise whose org now exists.
func (w *bwWorld) resume(s *Sim, ent string) {
	for i, e := range w.enterprises {
		if e == ent {
			for _, u := range w.waiting[i] {
				s.scheduleCompletion(u)
			}
			w.waiting[i] = nil
		}
	}
}

func (s *Sim) broadworks() (*bwWorld, error) {
	if s.bw != nil {
		return s.bw, nil
	}
	c, err := broadworks.NewCloud(broadworks.Config{Seed: s.seed})
	if err != nil {
		return nil, err
	}
	now := s.sc.Start.Add(s.now)
	if err := c.AddPartner(bwPartner, "Service Provider", false); err != nil {
		return nil, err
	}
	if err := c.SaveCluster(bwAdmin, bwPartner, broadworks.Cluster{Name: "c1",
		XsiActionsURL: "https://xsp.sp.example/com.broadsoft.xsi-actions/v2.0/",
		XsiEventsURL:  "https://xsp.sp.example/com.broadsoft.xsi-events/v2.0/"}); err != nil {
		return nil, err
	}
	if err := c.SaveTemplate(bwAdmin, bwPartner, broadworks.TemplateSettings{Name: bwTemplate, Cluster: "c1",
		Mode: broadworks.Trusted, PartnerAdminEmail: bwAdminEmail, AccountName: "prov", Password: "pw",
		ConfirmPassword: "pw"}, now); err != nil {
		return nil, err
	}
	s.bw = &bwWorld{cloud: c}
	return s.bw, nil
}

func (w *bwWorld) statuses() []Count {
	m := map[string]int{}
	for _, sub := range w.cloud.Partner(bwPartner).Subscribers() {
		name := sub.Status.String()
		if sub.ErrCode != 0 {
			name = fmt.Sprintf("%s %d", name, sub.ErrCode)
		}
		m[name]++
	}
	return sortedCounts(m)
}

// bwCompletion is the asynchronous end of a provisioning task (BW-4): it
// completes, or fails at the scenario's rate (SIM-4).
type bwCompletion struct{ userID string }

func (e bwCompletion) String() string { return "broadworks task of " + e.userID + " ends" }

func (e bwCompletion) Fire(s *Sim) error {
	now := s.sc.Start.Add(s.now)
	var sub broadworks.Subscriber
	var err error
	op := "complete"
	if s.chance(s.sc.Faults.BWFail) {
		op = "fail"
		s.tr.fault(s, "bw-fail", e.userID)
		sub, err = s.bw.cloud.Fail(bwPartner, e.userID, 500, "provisioning task failed", now)
	} else {
		sub, err = s.bw.cloud.Complete(bwPartner, e.userID, now)
	}
	if errors.Is(err, broadworks.ErrWaitingForOrg) {
		got, _ := s.bw.cloud.Partner(bwPartner).Subscriber(e.userID)
		s.bw.park(got.Enterprise, e.userID)
		s.tr.bw(s, Record{Op: "wait", Subscr: e.userID, Status: got.Status.String(), Detail: "waiting for the enterprise's org (BW-33)"})
		return nil
	}
	if err != nil {
		return err
	}
	s.tr.bw(s, Record{Op: op, Subscr: e.userID, Status: sub.Status.String(), Code: sub.ErrCode, Detail: sub.ErrText})
	if sub.Status == broadworks.Provisioned {
		s.bw.resume(s, sub.Enterprise)
	}
	return nil
}

// scheduleCompletion draws the task's delay in [BWMin, BWMax].
func (s *Sim) scheduleCompletion(userID string) {
	f := s.sc.Faults
	d := f.BWMin
	if span := f.BWMax - f.BWMin; span > 0 {
		d += time.Duration(s.rng.Int64N(int64(span) + 1))
	}
	s.Schedule(s.now+d, bwCompletion{userID})
}
