package fhirpath

import (
	"math/big"
	"regexp"
	"strings"
)

// converter converts a single System value; ok false when not convertible.
type converter func(v Item, args []Collection) (Item, bool)

func registerConversion(to, converts string, f converter, nargs int) {
	run := func(in Collection, args []Collection) (Item, bool, bool, error) {
		v, ok, err := singleton(in)
		if err != nil || !ok {
			return Item{}, false, false, err
		}
		if v.kind == KindNode {
			return Item{}, false, true, nil
		}
		r, ok := f(v, args)
		return r, ok, true, nil
	}
	register(to, eager(0, nargs, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		r, ok, present, err := run(in, a)
		if err != nil || !present || !ok {
			return nil, err
		}
		return Collection{r}, nil
	}))
	register(converts, eager(0, nargs, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		_, ok, present, err := run(in, a)
		if err != nil || !present {
			return nil, err
		}
		return Collection{boolItem(ok)}, nil
	}))
}

var (
	reInteger  = regexp.MustCompile(`^[+-]?[0-9]+$`)
	reDecimal  = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)
	reQuantity = regexp.MustCompile(`^([+-]?[0-9]+(?:\.[0-9]+)?)\s*(?:'([^']+)'|([a-zA-Z]+))?$`)
)

func init() {
	registerConversion("toBoolean", "convertsToBoolean", func(v Item, _ []Collection) (Item, bool) {
		switch v.kind {
		case KindBoolean:
			return v, true
		case KindInteger:
			if v.num == 0 || v.num == 1 {
				return boolItem(v.num == 1), true
			}
		case KindDecimal:
			if v.dec.Cmp(big.NewRat(1, 1)) == 0 {
				return boolItem(true), true
			}
			if v.dec.Sign() == 0 {
				return boolItem(false), true
			}
		case KindString:
			switch strings.ToLower(v.s) {
			case "true", "t", "yes", "y", "1", "1.0":
				return boolItem(true), true
			case "false", "f", "no", "n", "0", "0.0":
				return boolItem(false), true
			}
		}
		return Item{}, false
	}, 0)
	registerConversion("toInteger", "convertsToInteger", func(v Item, _ []Collection) (Item, bool) {
		switch v.kind {
		case KindInteger:
			return intItem(v.num), true
		case KindBoolean:
			return intItem(v.num), true
		case KindString:
			if reInteger.MatchString(v.s) {
				if it, err := numberLiteral(strings.TrimPrefix(v.s, "+")); err == nil {
					return it, true
				}
			}
		}
		return Item{}, false
	}, 0)
	registerConversion("toLong", "convertsToLong", func(v Item, _ []Collection) (Item, bool) {
		switch v.kind {
		case KindInteger, KindBoolean:
			r := intItem(v.num)
			r.long = true
			return r, true
		case KindString:
			if reInteger.MatchString(v.s) {
				if it, err := numberLiteral(strings.TrimPrefix(v.s, "+")); err == nil {
					it.long = true
					return it, true
				}
			}
		}
		return Item{}, false
	}, 0)
	registerConversion("toDecimal", "convertsToDecimal", func(v Item, _ []Collection) (Item, bool) {
		switch v.kind {
		case KindInteger:
			return decItem(ratInt(v.num), 0), true
		case KindDecimal:
			return v, true
		case KindBoolean:
			return decItem(ratInt(v.num), 1), true
		case KindString:
			if reDecimal.MatchString(v.s) {
				if it, err := parseDecimal(strings.TrimPrefix(v.s, "+")); err == nil {
					return it, true
				}
			}
		}
		return Item{}, false
	}, 0)
	registerConversion("toString", "convertsToString", func(v Item, _ []Collection) (Item, bool) {
		s, ok := toStringValue(v)
		if !ok {
			return Item{}, false
		}
		return stringItem(s), true
	}, 0)
	registerConversion("toDate", "convertsToDate", func(v Item, _ []Collection) (Item, bool) {
		switch v.kind {
		case KindDate:
			return v, true
		case KindDateTime:
			t := *v.tm
			t.k = KindDate
			t.prec = min(t.prec, precDay)
			t.tz = false
			return Item{kind: KindDate, tm: &t}, true
		case KindString:
			if t, err := parseTemporal(v.s, KindDate); err == nil {
				return Item{kind: KindDate, tm: t}, true
			}
		}
		return Item{}, false
	}, 0)
	registerConversion("toDateTime", "convertsToDateTime", func(v Item, _ []Collection) (Item, bool) {
		switch v.kind {
		case KindDateTime:
			return v, true
		case KindDate:
			t := *v.tm
			t.k = KindDateTime
			return Item{kind: KindDateTime, tm: &t}, true
		case KindString:
			if t, err := parseTemporal(v.s, KindDateTime); err == nil {
				return Item{kind: KindDateTime, tm: t}, true
			}
		}
		return Item{}, false
	}, 0)
	registerConversion("toTime", "convertsToTime", func(v Item, _ []Collection) (Item, bool) {
		switch v.kind {
		case KindTime:
			return v, true
		case KindString:
			s := strings.TrimPrefix(v.s, "T")
			if t, err := parseTemporal(s, KindTime); err == nil {
				return Item{kind: KindTime, tm: t}, true
			}
		}
		return Item{}, false
	}, 0)
	registerConversion("toQuantity", "convertsToQuantity", func(v Item, args []Collection) (Item, bool) {
		var q Item
		switch v.kind {
		case KindQuantity:
			q = v
		case KindInteger, KindDecimal:
			q = quantityItem(v.decOf(), "1")
		case KindBoolean:
			q = quantityItem(decimalValue{ratInt(v.num), 1}, "1")
		case KindString:
			m := reQuantity.FindStringSubmatch(strings.TrimSpace(v.s))
			if m == nil {
				return Item{}, false
			}
			d, err := parseDecimal(strings.TrimPrefix(m[1], "+"))
			if err != nil {
				return Item{}, false
			}
			unit := "1"
			switch {
			case m[2] != "":
				unit = m[2]
			case m[3] != "":
				cu, ok := calendarUnits[m[3]]
				if !ok {
					return Item{}, false
				}
				unit = cu
			}
			q = quantityItem(d.decOf(), unit)
		default:
			return Item{}, false
		}
		if len(args) == 1 {
			u, ok, _ := singletonString(args[0])
			if !ok {
				return Item{}, false
			}
			if u == q.s {
				return q, true
			}
			target := quantityItem(decimalValue{big.NewRat(1, 1), 0}, u)
			cq, ct, ok := commensurate(q, target)
			if !ok {
				return Item{}, false
			}
			r := new(big.Rat).Quo(cq, ct)
			return quantityItem(decimalValue{r, int(q.scale)}, u), true
		}
		return q, true
	}, 1)
}
