package fhirpath

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// calendarUnitDays lists the calendar duration keywords (as stored in a
// quantity's unit after parsing `4 days`).
var calendarUnitDays = map[string]bool{
	"year": true, "month": true, "week": true, "day": true,
	"hour": true, "minute": true, "second": true, "millisecond": true,
}

// calendarToUCUM maps calendar keywords to the definite UCUM unit they
// equal; year and month are not equal to 'a' and 'mo'.
var calendarToUCUM = map[string]string{
	"week": "wk", "day": "d", "hour": "h", "minute": "min", "second": "s", "millisecond": "ms",
}

// ucumToCalendar maps UCUM time units usable in date arithmetic.
var ucumToCalendar = map[string]string{
	"wk": "week", "d": "day", "h": "hour", "min": "minute", "s": "second", "ms": "millisecond",
}

// durationUnit returns the calendar unit for date/time arithmetic.
func durationUnit(u string) (string, bool) {
	if calendarUnitDays[u] {
		return u, true
	}
	c, ok := ucumToCalendar[u]
	return c, ok
}

// unitTerm is a canonical unit: a factor times base units with exponents.
type unitTerm struct {
	factor *big.Rat
	dims   map[string]int
}

type ucumAtom struct {
	factor string // in base units
	base   string // "g", "m", "s", ... or a composite like "m3"
	metric bool   // takes prefixes
}

var ucumAtoms = map[string]ucumAtom{
	"g": {"1", "g", true}, "m": {"1", "m", true}, "s": {"1", "s", true},
	"L": {"1/1000", "m3", true}, "l": {"1/1000", "m3", true},
	"mol": {"1", "mol", true}, "K": {"1", "K", true}, "Cel": {"1", "Cel", false},
	"Pa": {"1000", "g.m-1.s-2", true}, "N": {"1000", "g.m.s-2", true}, "J": {"1000", "g.m2.s-2", true},
	"U": {"1", "U", true}, "[iU]": {"1", "[iU]", false}, "[IU]": {"1", "[iU]", false}, "eq": {"1", "eq", true},
	"min": {"60", "s", false}, "h": {"3600", "s", false}, "d": {"86400", "s", false},
	"wk": {"604800", "s", false}, "mo": {"2629800", "s", false}, "a": {"31557600", "s", false},
	"%": {"1/100", "", false}, "[lb_av]": {"45359237/100000", "g", false}, "[oz_av]": {"28349523125/1000000000", "g", false},
	"[in_i]": {"254/10000", "m", false}, "[ft_i]": {"3048/10000", "m", false},
	"mm[Hg]": {"133322/1", "g.m-1.s-2", false}, "[degF]": {"1", "[degF]", false},
	"kat": {"1", "mol.s-1", true}, "bar": {"100000000", "g.m-1.s-2", true},
}

var ucumPrefixes = map[string]string{
	"k": "1000", "h": "100", "da": "10", "d": "1/10", "c": "1/100", "m": "1/1000",
	"u": "1/1000000", "n": "1/1000000000", "p": "1/1000000000000", "M": "1000000", "G": "1000000000",
}

// maxUnitExponent bounds exponents in units (m3, 10*6) so that hostile
// units cannot make huge numbers.
const maxUnitExponent = 24

func rat(s string) *big.Rat {
	r, _ := new(big.Rat).SetString(s)
	return r
}

// parseUnit parses a UCUM unit expression such as "mg", "g/m", "m2",
// "kg.m-2", "10*3/uL", "1", "{tbl}".
func parseUnit(u string) (unitTerm, error) {
	t := unitTerm{factor: big.NewRat(1, 1), dims: map[string]int{}}
	if u == "" || u == "1" {
		return t, nil
	}
	sign := 1
	i := 0
	first := true
	for i < len(u) {
		if !first {
			switch u[i] {
			case '.':
				sign = 1
			case '/':
				sign = -1
			default:
				return t, fmt.Errorf("invalid unit '%s'", u)
			}
			i++
		} else if u[i] == '/' {
			sign = -1
			i++
		}
		first = false
		j := i
		for j < len(u) && u[j] != '.' && u[j] != '/' {
			// brackets and annotations may contain '.' and '/'
			var close byte
			switch u[j] {
			case '[':
				close = ']'
			case '{':
				close = '}'
			}
			if close != 0 {
				k := strings.IndexByte(u[j:], close)
				if k < 0 {
					return t, fmt.Errorf("invalid unit '%s': '%c' not closed", u, u[j])
				}
				j += k
			}
			j++
		}
		comp := u[i:j]
		i = j
		if err := t.mulComponent(comp, sign); err != nil {
			return t, fmt.Errorf("invalid unit '%s': %v", u, err)
		}
	}
	return t, nil
}

func (t *unitTerm) mulComponent(comp string, sign int) error {
	// strip annotations
	if k := strings.IndexByte(comp, '{'); k >= 0 {
		comp = comp[:k]
		if comp == "" {
			return nil
		}
	}
	// 10*3 style factors
	if strings.HasPrefix(comp, "10*") || strings.HasPrefix(comp, "10^") {
		e, err := strconv.Atoi(comp[3:])
		if err != nil || abs(e) > maxUnitExponent {
			return fmt.Errorf("invalid power of ten '%s'", comp)
		}
		f := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(e))), nil))
		if e < 0 != (sign < 0) {
			f.Inv(f)
		}
		t.factor.Mul(t.factor, f)
		return nil
	}
	if n, err := strconv.Atoi(comp); err == nil {
		if n <= 0 {
			return fmt.Errorf("invalid factor '%s'", comp)
		}
		f := big.NewRat(int64(n), 1)
		if sign < 0 {
			f.Inv(f)
		}
		t.factor.Mul(t.factor, f)
		return nil
	}
	// exponent suffix
	k := len(comp)
	for k > 0 && (comp[k-1] >= '0' && comp[k-1] <= '9') {
		k--
	}
	if k > 0 && comp[k-1] == '-' {
		k--
	}
	exp := 1
	if k < len(comp) {
		e, err := strconv.Atoi(comp[k:])
		if err != nil || abs(e) > maxUnitExponent {
			return fmt.Errorf("invalid exponent in '%s'", comp)
		}
		exp = e
		comp = comp[:k]
	}
	exp *= sign
	atom, factor, ok := lookupAtom(comp)
	if !ok {
		return fmt.Errorf("unknown unit '%s'", comp)
	}
	f := new(big.Rat).Mul(factor, rat(atom.factor))
	for e := 0; e < abs(exp); e++ {
		if exp > 0 {
			t.factor.Mul(t.factor, f)
		} else {
			t.factor.Quo(t.factor, f)
		}
	}
	if atom.base != "" {
		for _, b := range strings.Split(atom.base, ".") {
			name, e := splitExp(b)
			t.dims[name] += e * exp
		}
	}
	return nil
}

func splitExp(b string) (string, int) {
	k := len(b)
	for k > 0 && (b[k-1] >= '0' && b[k-1] <= '9' || b[k-1] == '-') {
		k--
	}
	if k == len(b) || k == 0 {
		return b, 1
	}
	e, _ := strconv.Atoi(b[k:])
	return b[:k], e
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

func lookupAtom(s string) (ucumAtom, *big.Rat, bool) {
	if a, ok := ucumAtoms[s]; ok {
		return a, big.NewRat(1, 1), true
	}
	for p, f := range ucumPrefixes {
		if strings.HasPrefix(s, p) {
			if a, ok := ucumAtoms[s[len(p):]]; ok && a.metric {
				return a, rat(f), true
			}
		}
	}
	return ucumAtom{}, nil, false
}

// checkUCUM validates a quantity literal's unit; units we cannot analyse
// are accepted (compared only with the same unit).
func checkUCUM(u string) error {
	if strings.ContainsAny(u, "\n\r\t") {
		return fmt.Errorf("invalid unit '%s'", u)
	}
	return nil
}

// canonical returns the value of q in base units, and the base dimension
// key; ok is false when the unit is unknown.
func canonical(q Item) (*big.Rat, string, bool) {
	u := q.s
	if c, ok := calendarToUCUM[u]; ok {
		u = c
	} else if u == "year" || u == "month" {
		return q.dec, "calendar:" + u, true
	}
	t, err := parseUnit(u)
	if err != nil {
		return nil, "", false
	}
	return new(big.Rat).Mul(q.dec, t.factor), t.key(), true
}

func (t unitTerm) key() string {
	var parts []string
	for k, e := range t.dims {
		if e != 0 {
			parts = append(parts, k+strconv.Itoa(e))
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ".")
}

// commensurate converts both quantities to base units when possible.
func commensurate(a, b Item) (*big.Rat, *big.Rat, bool) {
	if a.s == b.s {
		return a.dec, b.dec, true
	}
	ca, ka, ok1 := canonical(a)
	cb, kb, ok2 := canonical(b)
	if !ok1 || !ok2 || ka != kb {
		if ok1 && ok2 && strings.HasPrefix(ka, "calendar:") && strings.HasPrefix(kb, "calendar:") {
			// years and months
			ya, yb := ca, cb
			if ka == "calendar:year" {
				ya = new(big.Rat).Mul(ca, big.NewRat(12, 1))
			}
			if kb == "calendar:year" {
				yb = new(big.Rat).Mul(cb, big.NewRat(12, 1))
			}
			return ya, yb, true
		}
		return nil, nil, false
	}
	return ca, cb, true
}

// compareQuantities orders two quantities; ok is false when their units
// cannot be compared.
func compareQuantities(a, b Item) (int, bool) {
	ca, cb, ok := commensurate(a, b)
	if !ok {
		return 0, false
	}
	return ca.Cmp(cb), true
}

func quantityArith(op string, a, b Item) (Collection, error) {
	switch op {
	case "+", "-":
		ca, cb, ok := commensurate(a, b)
		if !ok {
			return nil, nil
		}
		if a.s == b.s {
			res, _ := decimalArith(op, a.decOf(), b.decOf())
			return Collection{quantityItem(res[0].decOf(), a.s)}, nil
		}
		// result in a's unit
		_, fa, _ := unitFactor(a.s)
		r := new(big.Rat)
		if op == "+" {
			r.Add(ca, cb)
		} else {
			r.Sub(ca, cb)
		}
		r.Quo(r, fa)
		return Collection{quantityItem(decimalValue{r, max(int(a.scale), int(b.scale))}, a.s)}, nil
	case "*", "/":
		ta, err1 := parseUnit(calendarOr(a.s))
		tb, err2 := parseUnit(calendarOr(b.s))
		if err1 != nil || err2 != nil {
			return nil, nil
		}
		res, _ := decimalArith(op, a.decOf(), b.decOf())
		if len(res) == 0 {
			return nil, nil
		}
		dims := map[string]int{}
		for k, e := range ta.dims {
			dims[k] += e
		}
		f := new(big.Rat).Set(ta.factor)
		for k, e := range tb.dims {
			if op == "*" {
				dims[k] += e
			} else {
				dims[k] -= e
			}
		}
		if op == "*" {
			f.Mul(f, tb.factor)
		} else {
			f.Quo(f, tb.factor)
		}
		v := new(big.Rat).Mul(res[0].decOf().r, f)
		return Collection{quantityItem(decimalValue{v, int(res[0].scale)}, unitString(dims))}, nil
	}
	return nil, evalErrorf("cannot apply '%s' to quantities", op)
}

func calendarOr(u string) string {
	if c, ok := calendarToUCUM[u]; ok {
		return c
	}
	return u
}

func unitFactor(u string) (string, *big.Rat, bool) {
	t, err := parseUnit(calendarOr(u))
	if err != nil {
		return "", big.NewRat(1, 1), false
	}
	return t.key(), t.factor, true
}

// unitString writes base-unit exponents as a UCUM unit ("g/m", "m2", "1").
func unitString(dims map[string]int) string {
	var num, den []string
	keys := make([]string, 0, len(dims))
	for k := range dims {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		e := dims[k]
		switch {
		case e == 1:
			num = append(num, k)
		case e > 1:
			num = append(num, k+strconv.Itoa(e))
		case e == -1:
			den = append(den, k)
		case e < -1:
			den = append(den, k+strconv.Itoa(-e))
		}
	}
	s := strings.Join(num, ".")
	if s == "" {
		s = "1"
	}
	if len(den) > 0 {
		if s == "1" && len(den) > 0 {
			s = "1"
		}
		s += "/" + strings.Join(den, "/")
	}
	return s
}
