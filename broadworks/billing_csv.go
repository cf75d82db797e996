package broadworks

import (
	"encoding/csv"
	"io"
	"time"

	"github.com/wxlicense/wxlicense/internal/spreadsheet"
)

// BillingCSVHeader is the header row of a billing report's CSV (BW-25).
var BillingCSVHeader = []string{"partner", "billing ID", "SP enterprise ID", "trial",
	"user ID", "subscriber ID", "activated", "provisioning date", "billing start",
	"billing end", "package", "quantity"}

// WriteCSV writes the report as CSV: BillingCSVHeader, then one row per line
// item; yes/no for booleans, dates as 2006-01-02 (an unknown provisioning
// date empty), quantity with four decimals
// rounded half to even. A text cell starting with =, +, -, @, tab or carriage
// return gets a leading apostrophe so a spreadsheet does not run it as a
// formula.
func (r Report) WriteCSV(w io.Writer) error {
	if w == nil {
		return &Error{Op: "write billing CSV", Detail: "nil writer", Err: ErrInvalidInput}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(BillingCSVHeader); err != nil {
		return err
	}
	for _, it := range r.Items {
		if err := cw.Write(it.record()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func (it LineItem) record() []string {
	return []string{spreadsheet.EscapeCell(it.Partner), spreadsheet.EscapeCell(it.BillingID), spreadsheet.EscapeCell(it.EnterpriseID),
		yesNo(it.Trial), spreadsheet.EscapeCell(it.UserID), spreadsheet.EscapeCell(it.SubscriberID), yesNo(it.Activated),
		formatDate(it.ProvisionedOn), it.Start.Format(time.DateOnly), it.End.Format(time.DateOnly),
		it.Package.String(), it.Quantity.String()}
}

// formatDate writes a date, or nothing for the zero time.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
