package sim_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/wxlicense/wxlicense/assignment"
	"github.com/wxlicense/wxlicense/license"
	"github.com/wxlicense/wxlicense/sim"
)

// A test suite embeds the simulator: it parses a scenario, adds an event and
// an invariant of its own, runs it and reads the JSON Lines trace.
func Example() {
	sc := sim.MustParse("embed.scn", `
until 2d
subscription sub-1 "Advanced Messaging"=3
template org with "Basic Messaging", "Advanced Messaging"
at 1h users 4
at 1d expect users holding "Advanced Messaging" = 2
`)
	var trace bytes.Buffer
	s, err := sim.New(sc, 1, sim.Options{Trace: &trace})
	if err != nil {
		panic(err)
	}
	s.Schedule(20*time.Hour, sim.EventFunc("admin frees a unit", func(s *sim.Sim) error {
		_, err := s.Do(assignment.ModifyLicenses{User: "user1@example.com",
			Ops: []assignment.LicenseOp{{Kind: license.AdvancedMessaging, Remove: true}}})
		return err
	}))
	s.AddInvariant(sim.Invariant{Name: "at most 4 users", Check: func(s *sim.Sim) error {
		if n := s.Org().NumUsers(); n > 4 {
			return fmt.Errorf("%d users", n)
		}
		return nil
	}})
	res, err := s.Run()
	fmt.Println(res.Summary.Result, err)
	for _, line := range bytes.Split(trace.Bytes(), []byte("\n")) {
		var r sim.Record
		if json.Unmarshal(line, &r) == nil && (r.Type == "change" && r.License == "Advanced Messaging" || r.Type == "expect") {
			fmt.Println(strings.Join(strings.Fields(fmt.Sprintln(r.T, r.Type, r.User, r.Op, r.License, r.Rule, r.Expect)), " "))
		}
	}
	// Output:
	// ok <nil>
	// 1h change user1@example.com grant Advanced Messaging ASG-2
	// 1h change user2@example.com grant Advanced Messaging ASG-2
	// 1h change user3@example.com grant Advanced Messaging ASG-2
	// 20h change user1@example.com remove Advanced Messaging LIC-7
	// 1d expect users holding "Advanced Messaging" = 2
}
