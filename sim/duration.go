package sim

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Day is 24 hours of virtual time.
const Day = 24 * time.Hour

// maxDuration is the longest duration ParseDuration accepts.
const maxDuration = 100 * 365 * Day

// ParseDuration parses a virtual duration: one or more groups of digits and
// a unit, w (7 days), d (24 h), h, m or s, e.g. "365d", "1d12h", "90m".
// Unlike time.ParseDuration it accepts days and weeks and refuses signs and
// fractions.
func ParseDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, fmt.Errorf("sim: empty duration")
	}
	var total time.Duration
	for rest := s; rest != ""; {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i == len(rest) {
			return 0, fmt.Errorf("sim: bad duration %q: want digits and a unit (w, d, h, m, s)", s)
		}
		n, err := strconv.ParseInt(rest[:i], 10, 64)
		if err != nil || n > 1<<20 {
			return 0, fmt.Errorf("sim: duration %q out of range", s)
		}
		unit, ok := map[byte]time.Duration{'w': 7 * Day, 'd': Day, 'h': time.Hour, 'm': time.Minute, 's': time.Second}[rest[i]]
		if !ok {
			return 0, fmt.Errorf("sim: bad duration %q: unknown unit %q", s, rest[i])
		}
		// Checked before multiplying, which could overflow and wrap.
		if time.Duration(n) > (maxDuration-total)/unit {
			return 0, fmt.Errorf("sim: duration %q out of range", s)
		}
		total += time.Duration(n) * unit
		rest = rest[i+1:]
	}
	return total, nil
}

// FormatDuration renders a virtual duration as ParseDuration reads it, with
// days as the largest unit: "2d3h", "45m", "0s".
func FormatDuration(d time.Duration) string {
	if d <= 0 {
		return "0s"
	}
	var b strings.Builder
	for _, u := range []struct {
		c byte
		d time.Duration
	}{{'d', Day}, {'h', time.Hour}, {'m', time.Minute}, {'s', time.Second}} {
		if n := d / u.d; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10))
			b.WriteByte(u.c)
			d -= n * u.d
		}
	}
	if b.Len() == 0 {
		return "0s"
	}
	return b.String()
}
