package fhirpath

import (
	"math"
	"math/big"
	"strconv"
)

func numberInput(in Collection, fn string) (Item, bool, error) {
	v, ok, err := singleton(in)
	if err != nil || !ok {
		return Item{}, false, err
	}
	if !isNumber(v) && v.kind != KindQuantity {
		return Item{}, false, evalErrorf("%s() needs a number but got %s", fn, describeItem(v))
	}
	return v, true, nil
}

// floatFn registers a math function computed in float64.
func floatFn(name string, nargs int, f func(x float64, args []float64) float64) {
	register(name, eager(nargs, nargs, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		v, ok, err := numberInput(in, name)
		if err != nil || !ok {
			return nil, err
		}
		x, _ := v.decOf().r.Float64()
		args := make([]float64, len(a))
		for i, c := range a {
			w, ok, err := numberInput(c, name)
			if err != nil || !ok {
				return nil, err
			}
			args[i], _ = w.decOf().r.Float64()
		}
		r := f(x, args)
		if math.IsNaN(r) || math.IsInf(r, 0) {
			return nil, nil
		}
		d, err := parseDecimal(strconv.FormatFloat(r, 'f', -1, 64))
		if err != nil {
			return nil, nil
		}
		return Collection{d}, nil
	}))
}

func init() {
	register("abs", eager(0, 0, func(_ *evalCtx, in Collection, _ []Collection) (Collection, error) {
		v, ok, err := numberInput(in, "abs")
		if err != nil || !ok {
			return nil, err
		}
		switch v.kind {
		case KindInteger:
			if v.num < 0 {
				v.num = -v.num
			}
		default:
			v.dec = new(big.Rat).Abs(v.dec)
		}
		return Collection{v}, nil
	}))
	intResult := func(name string, f func(r *big.Rat) *big.Int) {
		register(name, eager(0, 0, func(_ *evalCtx, in Collection, _ []Collection) (Collection, error) {
			v, ok, err := numberInput(in, name)
			if err != nil || !ok {
				return nil, err
			}
			if v.kind == KindInteger {
				return Collection{v}, nil
			}
			return Collection{intItem(f(v.dec).Int64())}, nil
		}))
	}
	floor := func(r *big.Rat) *big.Int {
		q, m := new(big.Int).DivMod(r.Num(), r.Denom(), new(big.Int))
		_ = m
		return q // DivMod is Euclidean: floor for positive denominators
	}
	intResult("floor", floor)
	intResult("ceiling", func(r *big.Rat) *big.Int {
		q := floor(r)
		if !r.IsInt() {
			q.Add(q, big.NewInt(1))
		}
		return q
	})
	intResult("truncate", func(r *big.Rat) *big.Int {
		return new(big.Int).Quo(r.Num(), r.Denom())
	})
	register("round", eager(0, 1, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		v, ok, err := numberInput(in, "round")
		if err != nil || !ok {
			return nil, err
		}
		p := int64(0)
		if len(a) == 1 {
			p, ok, err = singletonInt(a[0])
			if err != nil || !ok {
				return nil, err
			}
			if p < 0 {
				return nil, evalErrorf("round() precision must not be negative")
			}
		}
		return Collection{decItem(roundRat(v.decOf().r, int(p)), int(p))}, nil
	}))
	floatFn("sqrt", 0, func(x float64, _ []float64) float64 { return math.Sqrt(x) })
	floatFn("exp", 0, func(x float64, _ []float64) float64 { return math.Exp(x) })
	floatFn("ln", 0, func(x float64, _ []float64) float64 { return math.Log(x) })
	floatFn("log", 1, func(x float64, a []float64) float64 { return math.Log(x) / math.Log(a[0]) })
	register("power", eager(1, 1, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		v, ok, err := numberInput(in, "power")
		if err != nil || !ok {
			return nil, err
		}
		w, ok, err := numberInput(a[0], "power")
		if err != nil || !ok {
			return nil, err
		}
		if v.kind == KindInteger && w.kind == KindInteger && w.num >= 0 {
			if w.num > 64 && (v.num > 1 || v.num < -1) {
				return nil, nil // out of range
			}
			r := new(big.Int).Exp(big.NewInt(v.num), big.NewInt(w.num), nil)
			if !r.IsInt64() {
				return nil, nil
			}
			return Collection{intItem(r.Int64())}, nil
		}
		x, _ := v.decOf().r.Float64()
		y, _ := w.decOf().r.Float64()
		r := math.Pow(x, y)
		if math.IsNaN(r) || math.IsInf(r, 0) {
			return nil, nil
		}
		d, err := parseDecimal(strconv.FormatFloat(r, 'f', -1, 64))
		if err != nil {
			return nil, nil
		}
		return Collection{d}, nil
	}))
}
