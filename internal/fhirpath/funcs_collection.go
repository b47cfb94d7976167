package fhirpath

import (
	"sort"
)

func init() {
	register("empty", eager(0, 0, func(_ *evalCtx, in Collection, _ []Collection) (Collection, error) {
		return Collection{boolItem(len(in) == 0)}, nil
	}))
	register("exists", lazy(0, 1, func(ec *evalCtx, in Collection, n *ast) (Collection, error) {
		if len(n.args) == 0 {
			return Collection{boolItem(len(in) > 0)}, nil
		}
		out, err := where(ec, in, n.args[0])
		return Collection{boolItem(len(out) > 0)}, err
	}))
	register("all", lazy(1, 1, func(ec *evalCtx, in Collection, n *ast) (Collection, error) {
		for i, it := range in {
			r, err := ec.evalLambda(n.args[0], it, i)
			if err != nil {
				return nil, err
			}
			b, err := singletonBool(r)
			if err != nil {
				return nil, err
			}
			if b != boolTrue {
				return Collection{boolItem(false)}, nil
			}
		}
		return Collection{boolItem(true)}, nil
	}))
	boolAgg := func(want bool, any bool) eagerFn {
		return func(_ *evalCtx, in Collection, _ []Collection) (Collection, error) {
			for _, it := range in {
				b, ok := it.Bool()
				if !ok {
					return nil, evalErrorf("expected booleans but got %s", describeItem(it))
				}
				if any && b == want {
					return Collection{boolItem(true)}, nil
				}
				if !any && b != want {
					return Collection{boolItem(false)}, nil
				}
			}
			return Collection{boolItem(!any)}, nil
		}
	}
	register("allTrue", eager(0, 0, boolAgg(true, false)))
	register("anyTrue", eager(0, 0, boolAgg(true, true)))
	register("allFalse", eager(0, 0, boolAgg(false, false)))
	register("anyFalse", eager(0, 0, boolAgg(false, true)))
	register("subsetOf", eager(1, 1, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		return Collection{boolItem(subset(in, a[0]))}, nil
	}))
	register("supersetOf", eager(1, 1, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		return Collection{boolItem(subset(a[0], in))}, nil
	}))
	register("count", eager(0, 0, func(_ *evalCtx, in Collection, _ []Collection) (Collection, error) {
		return Collection{intItem(int64(len(in)))}, nil
	}))
	register("distinct", eager(0, 0, func(_ *evalCtx, in Collection, _ []Collection) (Collection, error) {
		return distinct(in), nil
	}))
	register("isDistinct", eager(0, 0, func(_ *evalCtx, in Collection, _ []Collection) (Collection, error) {
		return Collection{boolItem(len(distinct(in)) == len(in))}, nil
	}))
	register("where", lazy(1, 1, func(ec *evalCtx, in Collection, n *ast) (Collection, error) {
		return where(ec, in, n.args[0])
	}))
	register("select", lazy(1, 1, func(ec *evalCtx, in Collection, n *ast) (Collection, error) {
		var out Collection
		for i, it := range in {
			r, err := ec.evalLambda(n.args[0], it, i)
			if err != nil {
				return nil, err
			}
			out = append(out, r...)
			if err := ec.tick(1); err != nil {
				return nil, err
			}
		}
		return out, nil
	}))
	register("repeat", lazy(1, 1, func(ec *evalCtx, in Collection, n *ast) (Collection, error) {
		return repeat(ec, in, n.args[0], false)
	}))
	register("repeatAll", lazy(1, 1, func(ec *evalCtx, in Collection, n *ast) (Collection, error) {
		return repeat(ec, in, n.args[0], true)
	}))
	register("ofType", &funcDef{min: 1, max: 1, typeArg: true, impl: func(ec *evalCtx, in Collection, n *ast) (Collection, error) {
		var out Collection
		for _, it := range in {
			ok, err := ec.isOfType(it, n.tspec, true)
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, it)
			}
		}
		return out, nil
	}})
	register("is", &funcDef{min: 1, max: 1, typeArg: true, impl: func(ec *evalCtx, in Collection, n *ast) (Collection, error) {
		return ec.isOp(in, n.tspec)
	}})
	register("as", &funcDef{min: 1, max: 1, typeArg: true, impl: func(ec *evalCtx, in Collection, n *ast) (Collection, error) {
		return ec.asOp(in, n.tspec)
	}})
	register("single", eager(0, 0, func(_ *evalCtx, in Collection, _ []Collection) (Collection, error) {
		if len(in) > 1 {
			return nil, evalErrorf("single() on %d items", len(in))
		}
		return in, nil
	}))
	register("first", eager(0, 0, func(_ *evalCtx, in Collection, _ []Collection) (Collection, error) {
		if len(in) == 0 {
			return nil, nil
		}
		return in[:1:1], nil
	}))
	register("last", eager(0, 0, func(_ *evalCtx, in Collection, _ []Collection) (Collection, error) {
		if len(in) == 0 {
			return nil, nil
		}
		return in[len(in)-1:], nil
	}))
	register("tail", eager(0, 0, func(_ *evalCtx, in Collection, _ []Collection) (Collection, error) {
		if len(in) < 2 {
			return nil, nil
		}
		return in[1:], nil
	}))
	register("skip", eager(1, 1, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		k, ok, err := singletonInt(a[0])
		if err != nil || !ok {
			return nil, err
		}
		if k <= 0 {
			return in, nil
		}
		if k >= int64(len(in)) {
			return nil, nil
		}
		return in[k:], nil
	}))
	register("take", eager(1, 1, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		k, ok, err := singletonInt(a[0])
		if err != nil || !ok {
			return nil, err
		}
		if k <= 0 {
			return nil, nil
		}
		if k >= int64(len(in)) {
			return in, nil
		}
		return in[:k:k], nil
	}))
	register("intersect", eager(1, 1, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		var out Collection
		other, seen := setOf(a[0]), newItemSet(len(in))
		for _, it := range in {
			if other.has(it) && seen.add(it) {
				out = append(out, it)
			}
		}
		return out, nil
	}))
	register("exclude", eager(1, 1, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		var out Collection
		other := setOf(a[0])
		for _, it := range in {
			if !other.has(it) {
				out = append(out, it)
			}
		}
		return out, nil
	}))
	register("union", eager(1, 1, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		return union(in, a[0]), nil
	}))
	register("combine", eager(1, 1, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		out := make(Collection, 0, len(in)+len(a[0]))
		return append(append(out, in...), a[0]...), nil
	}))
	register("iif", lazy(2, 3, func(ec *evalCtx, in Collection, n *ast) (Collection, error) {
		if len(in) > 1 && !n.first {
			return nil, evalErrorf("iif() on %d items", len(in))
		}
		save := ec.this
		defer func() { ec.this = save }()
		if !n.first && len(in) == 1 {
			// x.iif(...): criterion and branches see x as $this
			ec.this = in
		}
		c, err := ec.eval(n.args[0], ec.this)
		if err != nil {
			return nil, err
		}
		if len(c) > 1 {
			return nil, evalErrorf("iif() criterion has %d items", len(c))
		}
		if len(c) == 1 {
			if _, ok := c[0].Bool(); !ok {
				return nil, evalErrorf("iif() criterion is not a boolean")
			}
		}
		b, err := singletonBool(c)
		if err != nil {
			return nil, err
		}
		if b == boolTrue {
			return ec.eval(n.args[1], ec.this)
		}
		if len(n.args) == 3 {
			return ec.eval(n.args[2], ec.this)
		}
		return nil, nil
	}))
	register("not", eager(0, 0, func(_ *evalCtx, in Collection, _ []Collection) (Collection, error) {
		b, err := singletonBool(in)
		if err != nil {
			return nil, err
		}
		switch b {
		case boolTrue:
			return Collection{boolItem(false)}, nil
		case boolFalse:
			return Collection{boolItem(true)}, nil
		}
		return nil, nil
	}))
	register("children", eager(0, 0, func(ec *evalCtx, in Collection, _ []Collection) (Collection, error) {
		var out Collection
		for _, it := range in {
			out = ec.allChildren(out, it)
		}
		return out, ec.tick(len(out))
	}))
	register("descendants", eager(0, 0, func(ec *evalCtx, in Collection, _ []Collection) (Collection, error) {
		var out Collection
		queue := in
		for len(queue) > 0 {
			var next Collection
			for _, it := range queue {
				next = ec.allChildren(next, it)
			}
			if err := ec.tick(len(next)); err != nil {
				return nil, err
			}
			out = append(out, next...)
			queue = next
		}
		return out, nil
	}))
	register("trace", lazy(1, 2, func(ec *evalCtx, in Collection, n *ast) (Collection, error) {
		name, err := ec.evalArg(n.args[0])
		if err != nil {
			return nil, err
		}
		if ec.env.Trace == nil {
			return in, nil
		}
		vals := in
		if len(n.args) == 2 {
			vals = nil
			for i, it := range in {
				r, err := ec.evalLambda(n.args[1], it, i)
				if err != nil {
					return nil, err
				}
				vals = append(vals, r...)
			}
		}
		s, _, _ := singletonString(name)
		ec.env.Trace(s, vals)
		return in, nil
	}))
	register("aggregate", lazy(1, 2, func(ec *evalCtx, in Collection, n *ast) (Collection, error) {
		var total Collection
		if len(n.args) == 2 {
			t, err := ec.evalArg(n.args[1])
			if err != nil {
				return nil, err
			}
			total = t
		}
		save := ec.total
		defer func() { ec.total = save }()
		for i, it := range in {
			ec.total = total
			r, err := ec.evalLambda(n.args[0], it, i)
			if err != nil {
				return nil, err
			}
			total = r
		}
		return total, nil
	}))
	register("sort", lazy(0, 8, sortFn))
	register("defineVariable", lazy(1, 2, func(ec *evalCtx, in Collection, n *ast) (Collection, error) {
		name, err := ec.evalArg(n.args[0])
		if err != nil {
			return nil, err
		}
		s, ok, err := singletonString(name)
		if err != nil || !ok {
			return nil, evalErrorf("defineVariable() needs a name")
		}
		val := in
		if len(n.args) == 2 {
			save := ec.this
			ec.this = in
			val, err = ec.eval(n.args[1], in)
			ec.this = save
			if err != nil {
				return nil, err
			}
		}
		vars := make(map[string]Collection, len(ec.env.Vars)+1)
		for k, v := range ec.env.Vars {
			vars[k] = v
		}
		if _, dup := vars[s]; dup || s == "context" || s == "resource" || s == "rootResource" || s == "ucum" {
			return nil, evalErrorf("variable %%%s is already defined", s)
		}
		vars[s] = val
		env := *ec.env
		env.Vars = vars
		ec.env = &env
		return in, nil
	}))
}

func where(ec *evalCtx, in Collection, crit *ast) (Collection, error) {
	var out Collection
	for i, it := range in {
		r, err := ec.evalLambda(crit, it, i)
		if err != nil {
			return nil, err
		}
		b, err := singletonBool(r)
		if err != nil {
			return nil, err
		}
		if b == boolTrue {
			out = append(out, it)
		}
		if err := ec.tick(1); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func repeat(ec *evalCtx, in Collection, proj *ast, all bool) (Collection, error) {
	var out Collection
	seen := newItemSet(0)
	queue := in
	for len(queue) > 0 {
		var next Collection
		for i, it := range queue {
			r, err := ec.evalLambda(proj, it, i)
			if err != nil {
				return nil, err
			}
			for _, x := range r {
				if !all && !seen.add(x) {
					continue
				}
				out = append(out, x)
				next = append(next, x)
			}
			if err := ec.tick(len(r) + 1); err != nil {
				return nil, err
			}
		}
		queue = next
	}
	return out, nil
}

func subset(a, b Collection) bool {
	set := setOf(b)
	for _, it := range a {
		if !set.has(it) {
			return false
		}
	}
	return true
}

func distinct(in Collection) Collection {
	var out Collection
	set := newItemSet(len(in))
	for _, it := range in {
		if set.add(it) {
			out = append(out, it)
		}
	}
	return out
}

// allChildren appends every child element of it.
func (ec *evalCtx) allChildren(out Collection, it Item) Collection {
	if it.kind != KindNode {
		return out
	}
	for _, c := range it.node.Children {
		out = append(out, Item{node: c, s: ec.childType(it.s, c)})
	}
	return out
}

// sortFn implements sort(key, ...) where a key may be prefixed with '-'
// for descending order; without keys the items themselves are sorted.
func sortFn(ec *evalCtx, in Collection, n *ast) (Collection, error) {
	type keyed struct {
		it   Item
		keys []Collection
	}
	items := make([]keyed, len(in))
	desc := make([]bool, len(n.args))
	keys := make([]*ast, len(n.args))
	for j, a := range n.args {
		if a.op == opNegate {
			desc[j], keys[j] = true, a.left
		} else {
			keys[j] = a
		}
	}
	for i, it := range in {
		items[i].it = it
		for _, k := range keys {
			r, err := ec.evalLambda(k, it, i)
			if err != nil {
				return nil, err
			}
			items[i].keys = append(items[i].keys, r)
		}
	}
	var sortErr error
	cmp := func(a, b Collection) int {
		if len(a) == 0 || len(b) == 0 {
			return len(b) - len(a) // empty sorts after every value
		}
		res, err := compareOp("<", a[:1], b[:1])
		if err != nil {
			sortErr = err
			return 0
		}
		if len(res) == 1 && res[0].num != 0 {
			return -1
		}
		res, _ = compareOp(">", a[:1], b[:1])
		if len(res) == 1 && res[0].num != 0 {
			return 1
		}
		return 0
	}
	sort.SliceStable(items, func(i, j int) bool {
		if len(keys) == 0 {
			return cmp(Collection{items[i].it}, Collection{items[j].it}) < 0
		}
		for k := range keys {
			c := cmp(items[i].keys[k], items[j].keys[k])
			if desc[k] {
				c = -c
			}
			if c != 0 {
				return c < 0
			}
		}
		return false
	})
	if sortErr != nil {
		return nil, sortErr
	}
	out := make(Collection, len(items))
	for i, k := range items {
		out[i] = k.it
	}
	return out, nil
}
