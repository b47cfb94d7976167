package fhirpath

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// precision of a date/time value, from year to millisecond.
type precision uint8

const (
	precYear precision = iota
	precMonth
	precDay
	precHour
	precMinute
	precSecond
	precMilli
)

// temporal is a FHIRPath Date, DateTime or Time with its precision.
type temporal struct {
	k                           Kind // KindDate, KindDateTime, KindTime
	year, month, day            int
	hour, minute, second, milli int
	prec                        precision
	tz                          bool // a time zone offset is given
	tzMin                       int  // offset in minutes east of UTC
	fracDigits                  int  // digits written after the seconds point
}

func (t *temporal) kind() Kind { return t.k }

// temporalLiteral turns a lexed @... token into an Item.
func temporalLiteral(tk token) (Item, error) {
	var k Kind
	switch tk.kind {
	case tDate:
		k = KindDate
	case tDateTime:
		k = KindDateTime
	default:
		k = KindTime
	}
	t, err := parseTemporal(tk.text, k)
	if err != nil {
		return Item{}, err
	}
	return Item{kind: k, tm: t}, nil
}

// parseTemporal parses the text of a date, dateTime or time value (FHIR
// or FHIRPath literal syntax without '@').
func parseTemporal(s string, k Kind) (*temporal, error) {
	t := &temporal{k: k}
	bad := func() (*temporal, error) { return nil, fmt.Errorf("invalid %s %q", kindName(k), s) }
	rest := s
	if k != KindTime {
		var ok bool
		if t.year, rest, ok = digitsN(rest, 4); !ok {
			return bad()
		}
		t.prec = precYear
		if strings.HasPrefix(rest, "-") {
			if t.month, rest, ok = digitsN(rest[1:], 2); !ok || t.month < 1 || t.month > 12 {
				return bad()
			}
			t.prec = precMonth
			if strings.HasPrefix(rest, "-") {
				if t.day, rest, ok = digitsN(rest[1:], 2); !ok || t.day < 1 || t.day > daysIn(t.year, t.month) {
					return bad()
				}
				t.prec = precDay
			}
		}
		if rest == "" {
			return t, nil
		}
		if k == KindDate || rest[0] != 'T' {
			return bad()
		}
		rest = rest[1:]
		if rest == "" {
			return t, nil
		}
		if t.prec != precDay {
			return bad()
		}
	}
	var ok bool
	if t.hour, rest, ok = digitsN(rest, 2); !ok || t.hour > 23 {
		return bad()
	}
	t.prec = precHour
	if strings.HasPrefix(rest, ":") {
		if t.minute, rest, ok = digitsN(rest[1:], 2); !ok || t.minute > 59 {
			return bad()
		}
		t.prec = precMinute
		if strings.HasPrefix(rest, ":") {
			if t.second, rest, ok = digitsN(rest[1:], 2); !ok || t.second > 60 {
				return bad()
			}
			t.prec = precSecond
			if strings.HasPrefix(rest, ".") {
				j := 1
				for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
					j++
				}
				if j == 1 {
					return bad()
				}
				frac := rest[1:j]
				t.fracDigits = len(frac)
				f := (frac + "000")[:3]
				t.milli, _ = strconv.Atoi(f)
				t.prec = precMilli
				rest = rest[j:]
			}
		}
	}
	if rest == "" {
		return t, nil
	}
	if k == KindTime {
		return bad()
	}
	if rest == "Z" {
		t.tz = true
		return t, nil
	}
	if len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' {
		h, _, ok1 := digitsN(rest[1:3], 2)
		m, _, ok2 := digitsN(rest[4:], 2)
		if !ok1 || !ok2 || h > 14 || m > 59 {
			return bad()
		}
		t.tz, t.tzMin = true, h*60+m
		if rest[0] == '-' {
			t.tzMin = -t.tzMin
		}
		return t, nil
	}
	return bad()
}

func kindName(k Kind) string {
	switch k {
	case KindDate:
		return "date"
	case KindDateTime:
		return "dateTime"
	case KindTime:
		return "time"
	}
	return "value"
}

func digitsN(s string, n int) (int, string, bool) {
	if len(s) < n {
		return 0, s, false
	}
	v := 0
	for i := 0; i < n; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, s, false
		}
		v = v*10 + int(c-'0')
	}
	return v, s[n:], true
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// String writes the value in FHIRPath literal syntax without '@'.
func (t *temporal) String() string {
	var b strings.Builder
	if t.k != KindTime {
		fmt.Fprintf(&b, "%04d", t.year)
		if t.prec >= precMonth {
			fmt.Fprintf(&b, "-%02d", t.month)
		}
		if t.prec >= precDay {
			fmt.Fprintf(&b, "-%02d", t.day)
		}
		if t.k == KindDate || t.prec <= precDay {
			return b.String()
		}
		b.WriteString("T")
	}
	b.WriteString(t.timeString())
	if t.k == KindDateTime && t.tz {
		if t.tzMin == 0 {
			b.WriteString("Z")
		} else {
			sign, m := '+', t.tzMin
			if m < 0 {
				sign, m = '-', -m
			}
			fmt.Fprintf(&b, "%c%02d:%02d", sign, m/60, m%60)
		}
	}
	return b.String()
}

func (t *temporal) timeString() string {
	s := fmt.Sprintf("%02d", t.hour)
	if t.prec >= precMinute {
		s += fmt.Sprintf(":%02d", t.minute)
	}
	if t.prec >= precSecond {
		s += fmt.Sprintf(":%02d", t.second)
	}
	if t.prec >= precMilli {
		s += fmt.Sprintf(".%03d", t.milli)
	}
	return s
}

// goTime returns the value as a time.Time in its own offset (UTC when none).
func (t *temporal) goTime() time.Time {
	loc := time.UTC
	if t.tz && t.tzMin != 0 {
		loc = time.FixedZone("", t.tzMin*60)
	}
	m, d := max(t.month, 1), max(t.day, 1)
	return time.Date(t.year, time.Month(m), d, t.hour, t.minute, t.second, t.milli*1e6, loc)
}

// fromGoTime sets the fields from g, keeping precision and zone.
func (t *temporal) fromGoTime(g time.Time) {
	t.year, t.month, t.day = g.Year(), int(g.Month()), g.Day()
	t.hour, t.minute, t.second, t.milli = g.Hour(), g.Minute(), g.Second(), g.Nanosecond()/1e6
}

// utc returns a copy converted to UTC when it has a zone and a time.
func (t *temporal) utc() *temporal {
	if !t.tz || t.tzMin == 0 || t.k != KindDateTime || t.prec < precHour {
		return t
	}
	c := *t
	c.fromGoTime(t.goTime().UTC())
	c.tzMin = 0
	return &c
}

// compareTemporal compares two values of compatible kinds. ok is false when
// the result is unknown because the precisions differ (or only one has a
// time zone) and the values are equal as far as both go.
func compareTemporal(a, b *temporal) (cmp int, ok bool) {
	if (a.k == KindTime) != (b.k == KindTime) {
		return 0, false
	}
	if a.prec > precDay && b.prec > precDay && a.k == KindDateTime && b.k == KindDateTime {
		if a.tz != b.tz {
			// one side has no offset: only the date part can be compared
			pa := *a
			pb := *b
			pa.prec, pb.prec = precDay, precDay
			if c, _ := compareTemporal(&pa, &pb); c != 0 {
				return c, true
			}
			return 0, false
		}
		a, b = a.utc(), b.utc()
	}
	fa := [...]int{a.year, a.month, a.day, a.hour, a.minute, a.second*1000 + a.milli}
	fb := [...]int{b.year, b.month, b.day, b.hour, b.minute, b.second*1000 + b.milli}
	start := 0
	if a.k == KindTime {
		start = 3
	}
	// seconds and milliseconds are one precision for comparison
	pa, pb := min(a.prec, precSecond), min(b.prec, precSecond)
	common := min(pa, pb)
	for i := start; i <= int(common); i++ {
		if fa[i] != fb[i] {
			if fa[i] < fb[i] {
				return -1, true
			}
			return 1, true
		}
	}
	if pa != pb {
		return 0, false
	}
	return 0, true
}

// addDuration adds n units (a calendar unit name) to t.
func addDuration(t *temporal, n decimalValue, unit string) (*temporal, error) {
	c := *t
	f, _ := n.r.Float64()
	whole := int(f)
	switch unit {
	case "year", "month":
		if c.k == KindTime {
			return nil, fmt.Errorf("cannot add %s to a time", unit)
		}
		months := whole
		if unit == "year" {
			months *= 12
		}
		if c.prec == precYear {
			// a year-precision value moves by whole years only
			c.year += months / 12
			return &c, nil
		}
		m := c.year*12 + (c.month - 1) + months
		if m < 0 || m >= 10000*12 {
			return nil, fmt.Errorf("date out of range")
		}
		c.year, c.month = m/12, m%12+1
		if c.prec >= precDay && c.day > daysIn(c.year, c.month) {
			c.day = daysIn(c.year, c.month)
		}
		return &c, nil
	case "week", "day":
		if c.k == KindTime {
			return nil, fmt.Errorf("cannot add %s to a time", unit)
		}
		days := whole
		if unit == "week" {
			days *= 7
		}
		if c.prec < precDay {
			// add whole years/months as far as the precision allows
			if c.prec == precMonth {
				return addDuration(t, decimalValue{ratInt(int64(days / 30)), 0}, "month")
			}
			return addDuration(t, decimalValue{ratInt(int64(days / 365)), 0}, "year")
		}
		g := c.goTime().AddDate(0, 0, days)
		c.fromGoTime(g)
		return &c, nil
	case "hour", "minute", "second", "millisecond":
		var d time.Duration
		switch unit {
		case "hour":
			d = time.Duration(whole) * time.Hour
		case "minute":
			d = time.Duration(whole) * time.Minute
		case "second":
			d = time.Duration(whole) * time.Second
		default:
			d = time.Duration(whole) * time.Millisecond
		}
		if c.k == KindDate {
			return nil, fmt.Errorf("cannot add %s to a date", unit)
		}
		if c.k == KindTime {
			g := time.Date(2000, 1, 1, c.hour, c.minute, c.second, c.milli*1e6, time.UTC).Add(d)
			c.hour, c.minute, c.second, c.milli = g.Hour(), g.Minute(), g.Second(), g.Nanosecond()/1e6
			return &c, nil
		}
		g := c.goTime().Add(d)
		c.fromGoTime(g)
		return &c, nil
	}
	return nil, fmt.Errorf("cannot add a quantity in unit '%s' to a date/time", unit)
}
