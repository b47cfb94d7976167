package fhirpath

import (
	"math/big"
	"time"
)

func init() {
	register("now", eager(0, 0, func(ec *evalCtx, _ Collection, _ []Collection) (Collection, error) {
		t := &temporal{k: KindDateTime, prec: precMilli, tz: true}
		now := ec.clock()
		_, off := now.Zone()
		t.tzMin = off / 60
		t.fromGoTime(now)
		t.fracDigits = 3
		return Collection{{kind: KindDateTime, tm: t}}, nil
	}))
	register("today", eager(0, 0, func(ec *evalCtx, _ Collection, _ []Collection) (Collection, error) {
		t := &temporal{k: KindDate, prec: precDay}
		t.fromGoTime(ec.clock())
		return Collection{{kind: KindDate, tm: t}}, nil
	}))
	register("timeOfDay", eager(0, 0, func(ec *evalCtx, _ Collection, _ []Collection) (Collection, error) {
		t := &temporal{k: KindTime, prec: precMilli}
		t.fromGoTime(ec.clock())
		return Collection{{kind: KindTime, tm: t}}, nil
	}))
	register("precision", eager(0, 0, func(_ *evalCtx, in Collection, _ []Collection) (Collection, error) {
		v, ok, err := singleton(in)
		if err != nil || !ok {
			return nil, err
		}
		switch v.kind {
		case KindDecimal:
			return Collection{intItem(int64(v.scale))}, nil
		case KindInteger:
			return Collection{intItem(0)}, nil
		case KindDate, KindDateTime, KindTime:
			return Collection{intItem(int64(temporalDigits(v.tm.k, v.tm.prec)))}, nil
		}
		return nil, evalErrorf("precision() needs a decimal or date/time")
	}))
	register("lowBoundary", eager(0, 1, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		return boundary(in, a, false)
	}))
	register("highBoundary", eager(0, 1, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		return boundary(in, a, true)
	}))
	register("comparable", eager(1, 1, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		x, ok1, err := singleton(in)
		if err != nil {
			return nil, err
		}
		y, ok2, err := singleton(a[0])
		if err != nil || !ok1 || !ok2 {
			return nil, err
		}
		if x.kind != KindQuantity || y.kind != KindQuantity {
			return nil, evalErrorf("comparable() needs quantities")
		}
		_, _, ok := commensurate(x, y)
		return Collection{boolItem(ok)}, nil
	}))
	for name, field := range map[string]int{"yearOf": 0, "monthOf": 1, "dayOf": 2, "hourOf": 3, "minuteOf": 4, "secondOf": 5, "millisecondOf": 6} {
		register(name, eager(0, 0, func(_ *evalCtx, in Collection, _ []Collection) (Collection, error) {
			v, ok, err := singleton(in)
			if err != nil || !ok || !isTemporal(v) {
				return nil, err
			}
			t := v.tm
			p := field
			if t.k == KindTime {
				p -= 3
				if p < 0 {
					return nil, nil
				}
			}
			if int(t.prec) < field {
				return nil, nil
			}
			vals := [...]int{t.year, t.month, t.day, t.hour, t.minute, t.second, t.milli}
			return Collection{intItem(int64(vals[field]))}, nil
		}))
	}
}

// clock returns the evaluation's fixed time: Env.Now or the moment of the
// first call.
func (ec *evalCtx) clock() time.Time {
	if ec.now.IsZero() {
		ec.now = time.Now()
	}
	return ec.now
}

func temporalDigits(k Kind, p precision) int {
	if k == KindTime {
		return [...]int{0, 0, 0, 2, 4, 6, 9}[p]
	}
	return [...]int{4, 6, 8, 10, 12, 14, 17}[p]
}

func precisionFromDigits(k Kind, d int) (precision, bool) {
	for p := precYear; p <= precMilli; p++ {
		if k == KindTime && p < precHour || k == KindDate && p > precDay {
			continue
		}
		if temporalDigits(k, p) == d {
			return p, true
		}
	}
	return 0, false
}

func boundary(in Collection, a []Collection, high bool) (Collection, error) {
	v, ok, err := singleton(in)
	if err != nil || !ok {
		return nil, err
	}
	p := int64(-1)
	if len(a) == 1 {
		var ok bool
		p, ok, err = singletonInt(a[0])
		if err != nil || !ok {
			return nil, err
		}
	}
	switch v.kind {
	case KindInteger, KindDecimal, KindQuantity:
		if p < 0 && len(a) == 1 {
			return nil, nil
		}
		if p < 0 {
			p = 8
		}
		if p > 28 {
			return nil, nil
		}
		d := v.decOf()
		if v.kind == KindQuantity {
			d = decimalValue{v.dec, int(v.scale)}
		}
		half := new(big.Rat).SetFrac(big.NewInt(5), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.scale+1)), nil))
		r := new(big.Rat)
		if high {
			r.Add(d.r, half)
		} else {
			r.Sub(d.r, half)
		}
		scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(p), nil)
		if new(big.Rat).Abs(r).Cmp(new(big.Rat).SetFrac(big.NewInt(1), scale)) < 0 {
			// below the requested precision: zero
			r.SetInt64(0)
		}
		x := new(big.Rat).Mul(r, new(big.Rat).SetInt(scale))
		q, m := new(big.Int).DivMod(x.Num(), x.Denom(), new(big.Int))
		if high && m.Sign() != 0 {
			q.Add(q, big.NewInt(1))
		}
		res := new(big.Rat).SetFrac(q, scale)
		if v.kind == KindQuantity {
			return Collection{quantityItem(decimalValue{res, int(p)}, v.s)}, nil
		}
		return Collection{decItem(res, int(p))}, nil
	case KindDate, KindDateTime, KindTime:
		t := *v.tm
		target := precMilli
		if t.k == KindDate {
			target = precDay
		}
		if p >= 0 {
			var ok bool
			target, ok = precisionFromDigits(t.k, int(p))
			if !ok {
				return nil, nil
			}
		}
		if t.prec == precHour && t.k != KindDate {
			t.prec = precMinute
		}
		for f := t.prec + 1; f <= target; f++ {
			switch f {
			case precMonth:
				t.month = pick(high, 12, 1)
			case precDay:
				t.day = 1
				if high {
					t.day = daysIn(t.year, t.month)
				}
			case precHour:
				t.hour = pick(high, 23, 0)
			case precMinute:
				t.minute = pick(high, 59, 0)
			case precSecond:
				t.second = pick(high, 59, 0)
			case precMilli:
				t.milli = pick(high, 999, 0)
			}
		}
		if target < t.prec {
			t.prec = target
		} else {
			t.prec = target
		}
		if t.k == KindDateTime && t.prec > precDay && !t.tz {
			t.tz = true
			t.tzMin = pick(high, -12*60, 14*60)
		}
		if t.k == KindDateTime && t.prec <= precDay {
			t.tz = false
		}
		return Collection{{kind: t.k, tm: &t}}, nil
	}
	return nil, evalErrorf("boundary functions need a number, quantity or date/time")
}

func pick(high bool, hi, lo int) int {
	if high {
		return hi
	}
	return lo
}
