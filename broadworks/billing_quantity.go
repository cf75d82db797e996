package broadworks

import (
	"fmt"
	"math/big"
)

// Quantity is a prorated billed quantity (BW-25): Days billed out of the
// MonthDays of the month, an exact rational; 1 is a whole month. The zero
// value is no quantity.
type Quantity struct {
	Days, MonthDays int
}

// Rat returns the quantity as an exact rational, 0 for the zero value.
func (q Quantity) Rat() *big.Rat {
	if q.MonthDays == 0 {
		return new(big.Rat)
	}
	return big.NewRat(int64(q.Days), int64(q.MonthDays))
}

// String returns the quantity with exactly four decimals, rounded half to
// even on the exact rational, e.g. "0.3333" for 10/30 and "0.5000" for 15/30.
func (q Quantity) String() string {
	if q.MonthDays <= 0 || q.Days < 0 {
		return "0.0000"
	}
	n, d := int64(q.Days)*10000, int64(q.MonthDays)
	units, rem := n/d, n%d
	if 2*rem > d || 2*rem == d && units%2 == 1 {
		units++
	}
	return fmt.Sprintf("%d.%04d", units/10000, units%10000)
}
