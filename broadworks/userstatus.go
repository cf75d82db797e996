package broadworks

import (
	"bytes"
	"encoding/csv"

	"github.com/wxlicense/wxlicense/internal/spreadsheet"
)

// StatusRow is one user of the partner's user-status view (BW-7).
type StatusRow struct {
	UserID  string
	Package Package
	Status  string // "provisioned", "pending" or "error" (Status.Shown)
	ErrText string // copied from an error user
}

func rowOf(s *Subscriber) StatusRow {
	return StatusRow{UserID: s.UserID, Package: s.Package, Status: s.Status.Shown(), ErrText: s.ErrText}
}

// UserStatuses returns the user-status view of a partner (BW-7): every live
// subscriber provisioned in untrusted mode or by self-activation, by user
// ID; hideProvisioned filters out provisioned ones.
func (p *Partner) UserStatuses(hideProvisioned bool) []StatusRow {
	if p == nil {
		return nil
	}
	var out []StatusRow
	for _, k := range sortedKeys(p.subs) {
		s := p.subs[k]
		if s.Trusted || (hideProvisioned && s.Status.Shown() == "provisioned") {
			continue
		}
		out = append(out, rowOf(s))
	}
	return out
}

// StatusCSV writes rows as the CSV export of BW-7: a header, then one row
// per user (user ID, package, status). Cells that a spreadsheet would run as
// a formula are prefixed with a quote.
func StatusCSV(rows []StatusRow) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"user ID", "package", "status"})
	for _, r := range rows {
		w.Write([]string{spreadsheet.EscapeCell(r.UserID), r.Package.String(), r.Status})
	}
	w.Flush()
	return b.Bytes()
}
