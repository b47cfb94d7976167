package fhirsearch

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/date"
	_ "time/tzdata" // zoneless values are Dutch time even without /usr/share/zoneinfo
)

// localZone is the zone of values without one.
var localZone = date.DefaultLocation()

// Range is a half-open interval of instants [Lo, Hi) in Unix microseconds;
// math.MinInt64 / math.MaxInt64 stand for an open end (a Period without
// start or end).
type Range struct{ Lo, Hi int64 }

const (
	negInf = math.MinInt64
	posInf = math.MaxInt64
)

// ParseDateRange parses a FHIR date, dateTime or instant ("2020",
// "2020-05", "2020-05-01", "2020-05-01T10:00", "2020-05-01T10:00:00.5+02:00")
// into the range it stands for at its precision. A value without a time
// zone is taken in the Netherlands' zone (Europe/Amsterdam), the server's
// local time the FHIR spec assumes.
func ParseDateRange(s string) (Range, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 4 {
		return Range{}, false
	}
	num := func(t string) (int, bool) {
		if t == "" {
			return 0, false
		}
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return 0, false
			}
		}
		n, err := strconv.Atoi(t)
		return n, err == nil
	}
	datePart, timePart, hasTime := strings.Cut(s, "T")
	dp := strings.Split(datePart, "-")
	if len(dp) > 3 || len(dp[0]) != 4 {
		return Range{}, false
	}
	y, ok := num(dp[0])
	if !ok {
		return Range{}, false
	}
	mo, d := 1, 1
	if len(dp) > 1 {
		if len(dp[1]) != 2 {
			return Range{}, false
		}
		if mo, ok = num(dp[1]); !ok || mo < 1 || mo > 12 {
			return Range{}, false
		}
	}
	if len(dp) > 2 {
		if len(dp[2]) != 2 {
			return Range{}, false
		}
		if d, ok = num(dp[2]); !ok || d < 1 || d > 31 {
			return Range{}, false
		}
	}
	if !hasTime {
		lo := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, localZone)
		var hi time.Time
		switch len(dp) {
		case 1:
			hi = lo.AddDate(1, 0, 0)
		case 2:
			hi = lo.AddDate(0, 1, 0)
		default:
			if lo.Day() != d {
				return Range{}, false // 2021-02-30
			}
			hi = lo.AddDate(0, 0, 1)
		}
		return Range{lo.UnixMicro(), hi.UnixMicro()}, true
	}
	if len(dp) != 3 {
		return Range{}, false
	}
	loc := localZone
	tp := timePart
	switch {
	case strings.HasSuffix(tp, "Z"):
		tp = tp[:len(tp)-1]
		loc = time.UTC
	case len(tp) > 6 && (tp[len(tp)-6] == '+' || tp[len(tp)-6] == '-') && tp[len(tp)-3] == ':':
		oh, ok1 := num(tp[len(tp)-5 : len(tp)-3])
		om, ok2 := num(tp[len(tp)-2:])
		if !ok1 || !ok2 || oh > 14 || om > 59 {
			return Range{}, false
		}
		off := oh*3600 + om*60
		if tp[len(tp)-6] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
		tp = tp[:len(tp)-6]
	}
	frac := ""
	tp, frac, _ = strings.Cut(tp, ".")
	tt := strings.Split(tp, ":")
	if len(tt) < 2 || len(tt) > 3 {
		return Range{}, false
	}
	h, ok1 := num(tt[0])
	mi, ok2 := num(tt[1])
	if !ok1 || !ok2 || len(tt[0]) != 2 || len(tt[1]) != 2 || h > 24 || mi > 59 {
		return Range{}, false
	}
	sec := 0
	step := time.Minute
	if len(tt) == 3 {
		if sec, ok = num(tt[2]); !ok || len(tt[2]) != 2 || sec > 60 {
			return Range{}, false
		}
		step = time.Second
	}
	ns := 0
	if frac != "" {
		if len(tt) != 3 || len(frac) > 9 {
			return Range{}, false
		}
		n, ok := num(frac)
		if !ok {
			return Range{}, false
		}
		for i := len(frac); i < 9; i++ {
			n *= 10
		}
		ns = n
		step = time.Duration(math.Pow10(9 - len(frac)))
	}
	lo := time.Date(y, time.Month(mo), d, h, mi, sec, ns, loc)
	if lo.Day() != d && h != 24 {
		return Range{}, false
	}
	return Range{lo.UnixMicro(), lo.Add(max(step, time.Microsecond)).UnixMicro()}, true
}

// dateMatches applies a date search prefix: search is the range of the
// search value, r the range of the resource's value; now is for ap.
func dateMatches(prefix string, search, r Range, now time.Time) bool {
	contained := r.Lo >= search.Lo && r.Hi <= search.Hi
	switch prefix {
	case "", "eq":
		return contained
	case "ne":
		return !contained
	case "gt":
		return r.Hi > search.Hi
	case "lt":
		return r.Lo < search.Lo
	case "ge": // the target reaches into or beyond the search range
		return r.Hi > search.Lo
	case "le": // the target starts before the search range ends
		return r.Lo < search.Hi
	case "sa":
		return r.Lo >= search.Hi
	case "eb":
		return r.Hi <= search.Lo
	case "ap":
		// approximately: within 10% of the distance between the value and
		// now, at least a day, on either side.
		n := now.UnixMicro()
		dist := search.Lo - n
		if dist < 0 {
			dist = -dist
		}
		slack := max(dist/10, int64(24*time.Hour/time.Microsecond))
		lo, hi := satAdd(search.Lo, -slack), satAdd(search.Hi, slack)
		return r.Lo < hi && r.Hi > lo
	}
	return false
}

func satAdd(a, b int64) int64 {
	c := a + b
	if (b > 0 && c < a) || (b < 0 && c > a) {
		if b > 0 {
			return posInf
		}
		return negInf
	}
	return c
}
