package fhirpath

import (
	"math/big"
	"strings"
	"unicode"

	"github.com/ketentest/ketentest/internal/fhir"
)

// tri is a three-valued boolean.
type tri uint8

const (
	boolEmpty tri = iota
	boolFalse
	boolTrue
)

func triOf(b bool) tri {
	if b {
		return boolTrue
	}
	return boolFalse
}

func (t tri) collection() Collection {
	switch t {
	case boolTrue:
		return Collection{boolItem(true)}
	case boolFalse:
		return Collection{boolItem(false)}
	}
	return nil
}

// singletonBool applies singleton evaluation with Boolean expected.
func singletonBool(c Collection) (tri, error) {
	switch len(c) {
	case 0:
		return boolEmpty, nil
	case 1:
		if b, ok := c[0].Bool(); ok {
			return triOf(b), nil
		}
		return boolTrue, nil
	}
	return boolEmpty, evalErrorf("expected a single boolean but got %d items", len(c))
}

// singleton returns the only item's System value (or the node), ok false
// when c is empty.
func singleton(c Collection) (Item, bool, error) {
	switch len(c) {
	case 0:
		return Item{}, false, nil
	case 1:
		v, ok := systemValue(c[0])
		if !ok && c[0].kind == KindNode && c[0].node.Kind == fhir.KindAbsent {
			return Item{}, false, nil // a primitive with only an id or extensions has no value
		}
		return v, true, nil
	}
	return Item{}, false, evalErrorf("expected a single item but got %d", len(c))
}

func singletonInt(c Collection) (int64, bool, error) {
	v, ok, err := singleton(c)
	if err != nil || !ok {
		return 0, false, err
	}
	if v.kind != KindInteger {
		return 0, false, evalErrorf("expected an integer but got %s", describeItem(v))
	}
	return v.num, true, nil
}

func singletonString(c Collection) (string, bool, error) {
	v, ok, err := singleton(c)
	if err != nil || !ok {
		return "", false, err
	}
	if v.kind != KindString {
		return "", false, evalErrorf("expected a string but got %s", describeItem(v))
	}
	return v.s, true, nil
}

func describeItem(it Item) string {
	if it.kind == KindNode {
		if it.s != "" {
			return it.s
		}
		return "element " + it.node.Name
	}
	return systemTypeName(it)
}

func (ec *evalCtx) binary(n *ast, focus Collection) (Collection, error) {
	env := ec.env
	defer func() { ec.env = env }()
	l, err := ec.eval(n.left, focus)
	ec.env = env // each operand has its own variable scope
	if err != nil {
		return nil, err
	}
	switch n.name {
	case "and", "or", "xor", "implies":
		a, err := singletonBool(l)
		if err != nil {
			return nil, err
		}
		// short cuts
		if n.name == "and" && a == boolFalse || n.name == "or" && a == boolTrue {
			return a.collection(), nil
		}
		if n.name == "implies" && a == boolFalse {
			return boolTrue.collection(), nil
		}
		r, err := ec.eval(n.right, focus)
		if err != nil {
			return nil, err
		}
		b, err := singletonBool(r)
		if err != nil {
			return nil, err
		}
		return logic(n.name, a, b).collection(), nil
	}
	r, err := ec.eval(n.right, focus)
	if err != nil {
		return nil, err
	}
	ec.env = env
	switch n.name {
	case "|":
		return union(l, r), nil
	case "=", "!=":
		t, err := equalColl(valued(l), valued(r))
		if err != nil {
			return nil, err
		}
		if n.name == "!=" && t != boolEmpty {
			t = triOf(t == boolFalse)
		}
		return t.collection(), nil
	case "~", "!~":
		t := triOf(equivColl(valued(l), valued(r)))
		if n.name == "!~" {
			t = triOf(t == boolFalse)
		}
		return t.collection(), nil
	case "<", ">", "<=", ">=":
		return compareOp(n.name, l, r)
	case "in", "contains":
		if n.name == "contains" {
			l, r = r, l
		}
		switch len(l) {
		case 0:
			return nil, nil
		case 1:
		default:
			return nil, evalErrorf("'%s' needs a single item, got %d", n.name, len(l))
		}
		for _, it := range r {
			if t, _ := equalItems(l[0], it); t == boolTrue {
				return boolTrue.collection(), nil
			}
		}
		return boolFalse.collection(), nil
	case "&":
		a, err := concatOperand(l)
		if err != nil {
			return nil, err
		}
		b, err := concatOperand(r)
		if err != nil {
			return nil, err
		}
		if len(a)+len(b) > MaxStringLength {
			return nil, evalErrorf("string longer than %d bytes", MaxStringLength)
		}
		return Collection{stringItem(a + b)}, nil
	}
	return arithmetic(ec, n.name, l, r)
}

// valued drops primitive elements that have no value (only an id or
// extensions): for comparisons they are not there.
func valued(c Collection) Collection {
	for i, it := range c {
		if it.kind == KindNode && it.node.Kind == fhir.KindAbsent {
			out := append(Collection(nil), c[:i]...)
			for _, x := range c[i+1:] {
				if !(x.kind == KindNode && x.node.Kind == fhir.KindAbsent) {
					out = append(out, x)
				}
			}
			return out
		}
	}
	return c
}

func concatOperand(c Collection) (string, error) {
	v, ok, err := singleton(c)
	if err != nil || !ok {
		return "", err
	}
	if v.kind != KindString {
		return "", evalErrorf("'&' needs strings, got %s", describeItem(v))
	}
	return v.s, nil
}

func logic(op string, a, b tri) tri {
	switch op {
	case "and":
		if a == boolFalse || b == boolFalse {
			return boolFalse
		}
		if a == boolTrue && b == boolTrue {
			return boolTrue
		}
	case "or":
		if a == boolTrue || b == boolTrue {
			return boolTrue
		}
		if a == boolFalse && b == boolFalse {
			return boolFalse
		}
	case "xor":
		if a != boolEmpty && b != boolEmpty {
			return triOf(a != b)
		}
	case "implies":
		if a == boolTrue {
			return b
		}
		if a == boolFalse || b == boolTrue {
			return boolTrue
		}
	}
	return boolEmpty
}

// union merges collections, removing duplicates.
func union(a, b Collection) Collection {
	out := make(Collection, 0, len(a)+len(b))
	set := newItemSet(len(a) + len(b))
	for _, c := range [2]Collection{a, b} {
		for _, it := range c {
			if set.add(it) {
				out = append(out, it)
			}
		}
	}
	return out
}

func containsItem(c Collection, it Item) bool {
	for _, x := range c {
		if t, _ := equalItems(x, it); t == boolTrue {
			return true
		}
	}
	return false
}

// equalColl is '=' on collections.
func equalColl(a, b Collection) (tri, error) {
	if len(a) == 0 || len(b) == 0 {
		return boolEmpty, nil
	}
	if len(a) != len(b) {
		return boolFalse, nil
	}
	res := boolTrue
	for i := range a {
		t, err := equalItems(a[i], b[i])
		if err != nil {
			return boolEmpty, err
		}
		if t == boolFalse {
			return boolFalse, nil
		}
		if t == boolEmpty {
			res = boolEmpty
		}
	}
	return res, nil
}

// equalItems is '=' on two items.
func equalItems(x, y Item) (tri, error) {
	if x.kind == KindNode && y.kind == KindNode && x.node == y.node {
		return boolTrue, nil
	}
	a, aok := systemValue(x)
	b, bok := systemValue(y)
	if !aok || !bok || a.kind == KindNode || b.kind == KindNode {
		if x.kind == KindNode && y.kind == KindNode {
			return triOf(nodesEqual(x.node, y.node)), nil
		}
		return boolFalse, nil
	}
	switch {
	case isNumber(a) && isNumber(b):
		return triOf(a.decOf().r.Cmp(b.decOf().r) == 0), nil
	case a.kind == KindString && b.kind == KindString:
		return triOf(a.s == b.s), nil
	case a.kind == KindBoolean && b.kind == KindBoolean:
		return triOf(a.num == b.num), nil
	case isTemporal(a) && isTemporal(b):
		if (a.kind == KindTime) != (b.kind == KindTime) {
			return boolFalse, nil
		}
		c, ok := compareTemporal(a.tm, b.tm)
		if !ok {
			return boolEmpty, nil
		}
		return triOf(c == 0), nil
	case a.kind == KindQuantity && b.kind == KindQuantity:
		c, ok := compareQuantities(a, b)
		if !ok {
			return boolEmpty, nil
		}
		return triOf(c == 0), nil
	}
	return boolFalse, nil
}

func isNumber(it Item) bool   { return it.kind == KindInteger || it.kind == KindDecimal }
func isTemporal(it Item) bool { return it.kind >= KindDate && it.kind <= KindTime }

// nodesEqual compares two complex elements by content.
func nodesEqual(a, b *fhir.Node) bool {
	if a.Kind != b.Kind || a.Value != b.Value || a.Resource != b.Resource {
		return false
	}
	if len(a.Children) != len(b.Children) {
		return false
	}
	for i := range a.Children {
		if a.Children[i].Name != b.Children[i].Name || !nodesEqual(a.Children[i], b.Children[i]) {
			return false
		}
	}
	return true
}

// equivColl is '~' on collections: order does not matter.
func equivColl(a, b Collection) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	if len(a) != len(b) {
		return false
	}
	used := make([]bool, len(b))
outer:
	for _, x := range a {
		for j, y := range b {
			if !used[j] && equivItems(x, y) {
				used[j] = true
				continue outer
			}
		}
		return false
	}
	return true
}

func equivItems(x, y Item) bool {
	a, aok := systemValue(x)
	b, bok := systemValue(y)
	if !aok || !bok || a.kind == KindNode || b.kind == KindNode {
		if x.kind == KindNode && y.kind == KindNode {
			return nodesEquiv(x.node, y.node)
		}
		return false
	}
	switch {
	case isNumber(a) && isNumber(b):
		da, db := a.decOf(), b.decOf()
		p := min(da.scale, db.scale)
		return roundRat(da.r, p).Cmp(roundRat(db.r, p)) == 0
	case a.kind == KindString && b.kind == KindString:
		return normalizeSpace(a.s) == normalizeSpace(b.s)
	case a.kind == KindBoolean && b.kind == KindBoolean:
		return a.num == b.num
	case isTemporal(a) && isTemporal(b):
		if (a.kind == KindTime) != (b.kind == KindTime) {
			return false
		}
		c, ok := compareTemporal(a.tm, b.tm)
		return ok && c == 0
	case a.kind == KindQuantity && b.kind == KindQuantity:
		ca, cb, ok := commensurate(a, b)
		if !ok {
			return false
		}
		p := min(int(a.scale), int(b.scale))
		return roundRat(ca, p).Cmp(roundRat(cb, p)) == 0
	}
	return false
}

func nodesEquiv(a, b *fhir.Node) bool {
	if a.Kind.HasValue() || b.Kind.HasValue() {
		return normalizeSpace(a.Value) == normalizeSpace(b.Value)
	}
	return nodesEqual(a, b)
}

func normalizeSpace(s string) string {
	return strings.ToLower(strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " "))
}

// roundRat rounds r to p decimal places, half away from zero.
func roundRat(r *big.Rat, p int) *big.Rat {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(p)), nil)
	x := new(big.Rat).Mul(r, new(big.Rat).SetInt(scale))
	num, den := x.Num(), x.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	m2 := new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2))
	if m2.Cmp(den) >= 0 {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return new(big.Rat).SetFrac(q, scale)
}

func compareOp(op string, l, r Collection) (Collection, error) {
	a, ok1, err := singleton(l)
	if err != nil {
		return nil, err
	}
	b, ok2, err := singleton(r)
	if err != nil {
		return nil, err
	}
	if !ok1 || !ok2 {
		return nil, nil
	}
	var c int
	switch {
	case isNumber(a) && isNumber(b):
		c = a.decOf().r.Cmp(b.decOf().r)
	case a.kind == KindString && b.kind == KindString:
		c = strings.Compare(a.s, b.s)
	case isTemporal(a) && isTemporal(b):
		if (a.kind == KindTime) != (b.kind == KindTime) {
			return nil, evalErrorf("cannot compare %s with %s", describeItem(a), describeItem(b))
		}
		var ok bool
		c, ok = compareTemporal(a.tm, b.tm)
		if !ok {
			return nil, nil
		}
	case a.kind == KindQuantity && b.kind == KindQuantity:
		var ok bool
		c, ok = compareQuantities(a, b)
		if !ok {
			return nil, nil
		}
	default:
		return nil, evalErrorf("cannot compare %s with %s", describeItem(a), describeItem(b))
	}
	var res bool
	switch op {
	case "<":
		res = c < 0
	case ">":
		res = c > 0
	case "<=":
		res = c <= 0
	default:
		res = c >= 0
	}
	return Collection{boolItem(res)}, nil
}

func negate(c Collection) (Collection, error) {
	v, ok, err := singleton(c)
	if err != nil || !ok {
		return nil, err
	}
	if n, ok := negateLiteral(v); ok {
		return Collection{n}, nil
	}
	return nil, evalErrorf("cannot negate %s", describeItem(v))
}

func (ec *evalCtx) isOp(c Collection, ts typeSpec) (Collection, error) {
	switch len(c) {
	case 0:
		return nil, nil
	case 1:
	default:
		return nil, evalErrorf("'is' needs a single item, got %d", len(c))
	}
	ok, err := ec.isOfType(c[0], ts, false)
	if err != nil {
		return nil, err
	}
	return Collection{boolItem(ok)}, nil
}

func (ec *evalCtx) asOp(c Collection, ts typeSpec) (Collection, error) {
	switch len(c) {
	case 0:
		return nil, nil
	case 1:
	default:
		return nil, evalErrorf("'as' needs a single item, got %d", len(c))
	}
	ok, err := ec.isOfType(c[0], ts, true)
	if err != nil || !ok {
		return nil, err
	}
	return c, nil
}

// arithmetic implements + - * / div mod.
func arithmetic(ec *evalCtx, op string, l, r Collection) (Collection, error) {
	a, ok1, err := singleton(l)
	if err != nil {
		return nil, err
	}
	b, ok2, err := singleton(r)
	if err != nil {
		return nil, err
	}
	if !ok1 || !ok2 {
		return nil, nil
	}
	switch {
	case op == "+" && a.kind == KindString && b.kind == KindString:
		if len(a.s)+len(b.s) > MaxStringLength {
			return nil, evalErrorf("string longer than %d bytes", MaxStringLength)
		}
		return Collection{stringItem(a.s + b.s)}, nil
	case a.kind == KindInteger && b.kind == KindInteger && op != "/":
		x, y := a.num, b.num
		var v int64
		switch op {
		case "+", "-", "*":
			r := new(big.Int)
			switch op {
			case "+":
				r.Add(big.NewInt(x), big.NewInt(y))
			case "-":
				r.Sub(big.NewInt(x), big.NewInt(y))
			default:
				r.Mul(big.NewInt(x), big.NewInt(y))
			}
			if !r.IsInt64() {
				return nil, evalErrorf("integer overflow in '%s'", op)
			}
			v = r.Int64()
		case "div", "mod":
			if y == 0 {
				return nil, nil
			}
			if op == "div" {
				v = x / y
			} else {
				v = x % y
			}
		}
		return Collection{intItem(v)}, nil
	case isNumber(a) && isNumber(b):
		da, db := a.decOf(), b.decOf()
		return decimalArith(op, da, db)
	case isTemporal(a) && b.kind == KindQuantity && (op == "+" || op == "-"):
		unit, ok := durationUnit(b.s)
		if !ok {
			return nil, evalErrorf("cannot add a quantity in '%s' to a date/time", b.s)
		}
		d := b.decOf()
		if op == "-" {
			d = decimalValue{new(big.Rat).Neg(d.r), d.scale}
		}
		t, err := addDuration(a.tm, d, unit)
		if err != nil {
			return nil, &EvalError{Msg: err.Error()}
		}
		return Collection{{kind: t.k, tm: t}}, nil
	case a.kind == KindQuantity && b.kind == KindQuantity:
		return quantityArith(op, a, b)
	case a.kind == KindQuantity && isNumber(b) && (op == "*" || op == "/"):
		return quantityArith(op, a, quantityItem(b.decOf(), "1"))
	case isNumber(a) && b.kind == KindQuantity && op == "*":
		return quantityArith(op, quantityItem(a.decOf(), "1"), b)
	}
	return nil, evalErrorf("cannot apply '%s' to %s and %s", op, describeItem(a), describeItem(b))
}

func ratInt(i int64) *big.Rat { return new(big.Rat).SetInt64(i) }

func decimalArith(op string, a, b decimalValue) (Collection, error) {
	r := new(big.Rat)
	scale := max(a.scale, b.scale)
	switch op {
	case "+":
		r.Add(a.r, b.r)
	case "-":
		r.Sub(a.r, b.r)
	case "*":
		r.Mul(a.r, b.r)
		scale = a.scale + b.scale
	case "/":
		if b.r.Sign() == 0 {
			return nil, nil
		}
		r.Quo(a.r, b.r)
		scale = 0
		if !r.IsInt() {
			scale = 8
			// keep the exact digits when the quotient terminates early
			for s := 1; s <= 8; s++ {
				if roundRat(r, s).Cmp(r) == 0 {
					scale = s
					break
				}
			}
			r = roundRat(r, scale)
		}
	case "div":
		if b.r.Sign() == 0 {
			return nil, nil
		}
		q := new(big.Rat).Quo(a.r, b.r)
		i := new(big.Int).Quo(q.Num(), q.Denom())
		return Collection{intItem(i.Int64())}, nil
	case "mod":
		if b.r.Sign() == 0 {
			return nil, nil
		}
		q := new(big.Rat).Quo(a.r, b.r)
		i := new(big.Int).Quo(q.Num(), q.Denom())
		r.Sub(a.r, new(big.Rat).Mul(new(big.Rat).SetInt(i), b.r))
	}
	if r.Num().BitLen() > maxDecimalBits || r.Denom().BitLen() > maxDecimalBits {
		return nil, evalErrorf("decimal out of range")
	}
	return Collection{decItem(r, scale)}, nil
}

// MaxStringLength bounds strings built by an evaluation.
const MaxStringLength = 1 << 20

// maxDecimalBits bounds the numerator and denominator of decimals (FHIR
// decimals have at most 28 significant digits; this leaves ample room).
const maxDecimalBits = 512
