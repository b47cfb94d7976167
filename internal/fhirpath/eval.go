package fhirpath

import (
	"context"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/fhir"
)

// evalCtx is the state of one evaluation.
type evalCtx struct {
	ctx      context.Context
	env      *Env
	version  fhir.Version
	context  Collection // %context
	this     Collection // $this of the current scope
	index    int        // $index
	total    Collection // $total in aggregate()
	now      time.Time
	steps    int
	maxSteps int
	root     [1]Item // backing store of the initial $this
}

// lambdaCost is the number of steps one evaluation of a criterion or
// projection counts for.
const lambdaCost = 4

func (ec *evalCtx) tick(n int) error {
	ec.steps += n
	if ec.steps > ec.maxSteps {
		return evalErrorf("evaluation too large (more than %d steps)", ec.maxSteps)
	}
	if ec.ctx != nil && (ec.steps-n)>>12 != ec.steps>>12 {
		if err := ec.ctx.Err(); err != nil {
			return errCanceled
		}
	}
	return nil
}

// resolve binds function names to their definitions and checks arity.
func resolve(src string, n *ast) error {
	if n == nil {
		return nil
	}
	if n.op == opFunc {
		fd := functions[n.name]
		if fd == nil {
			return newSyntaxError(src, n.pos, "unknown function '%s'", n.name)
		}
		if len(n.args) < fd.min || len(n.args) > fd.max {
			if fd.min == fd.max {
				return newSyntaxError(src, n.pos, "function '%s' takes %d argument(s), got %d", n.name, fd.min, len(n.args))
			}
			return newSyntaxError(src, n.pos, "function '%s' takes %d to %d arguments, got %d", n.name, fd.min, fd.max, len(n.args))
		}
		n.fn = fd
		if fd.typeArg {
			ts, ok := typeSpecOf(n.args[0])
			if !ok {
				return newSyntaxError(src, n.args[0].pos, "function '%s' needs a type name", n.name)
			}
			n.tspec = ts
			return nil
		}
	}
	for _, k := range [...]*ast{n.left, n.right} {
		if err := resolve(src, k); err != nil {
			return err
		}
	}
	for _, a := range n.args {
		if err := resolve(src, a); err != nil {
			return err
		}
	}
	return nil
}

// typeSpecOf reads a type name written as an expression: Quantity,
// FHIR.Patient, System.`String`.
func typeSpecOf(a *ast) (typeSpec, bool) {
	switch {
	case a.op == opMember:
		return typeSpec{name: a.name}, true
	case a.op == opInvoke && a.left.op == opMember && a.right.op == opMember &&
		(a.left.name == "FHIR" || a.left.name == "System"):
		return typeSpec{ns: a.left.name, name: a.right.name}, true
	}
	return typeSpec{}, false
}

func (ec *evalCtx) eval(n *ast, focus Collection) (Collection, error) {
	switch n.op {
	case opLiteral:
		return Collection{n.lit}, nil
	case opEmptyLit:
		return nil, nil
	case opMember:
		return ec.member(focus, n)
	case opFunc:
		return n.fn.impl(ec, focus, n)
	case opThis:
		return ec.this, nil
	case opIndex:
		return Collection{intItem(int64(ec.index))}, nil
	case opTotal:
		return ec.total, nil
	case opConst:
		return ec.constant(n.name)
	case opInvoke:
		l, err := ec.eval(n.left, focus)
		if err != nil {
			return nil, err
		}
		return ec.eval(n.right, l)
	case opIndexer:
		l, err := ec.eval(n.left, focus)
		if err != nil {
			return nil, err
		}
		idx, err := ec.evalArg(n.right)
		if err != nil {
			return nil, err
		}
		i, ok, err := singletonInt(idx)
		if err != nil || !ok {
			return nil, err
		}
		if i < 0 || i >= int64(len(l)) {
			return nil, nil
		}
		return Collection{l[i]}, nil
	case opBinary:
		return ec.binary(n, focus)
	case opNegate:
		l, err := ec.eval(n.left, focus)
		if err != nil {
			return nil, err
		}
		return negate(l)
	case opIs, opAs:
		l, err := ec.eval(n.left, focus)
		if err != nil {
			return nil, err
		}
		if n.op == opIs {
			return ec.isOp(l, n.tspec)
		}
		return ec.asOp(l, n.tspec)
	}
	return nil, evalErrorf("unsupported expression")
}

// evalArg evaluates a function argument (not a lambda) in the scope of
// the current $this.
func (ec *evalCtx) evalArg(a *ast) (Collection, error) {
	env := ec.env
	out, err := ec.eval(a, ec.this)
	ec.env = env // variables defined inside stay inside
	return out, err
}

// evalLambda evaluates a for each item, with $this and $index set.
func (ec *evalCtx) evalLambda(a *ast, it Item, i int) (Collection, error) {
	if err := ec.tick(lambdaCost); err != nil {
		return nil, err
	}
	saveThis, saveIdx, env := ec.this, ec.index, ec.env
	ec.this, ec.index = Collection{it}, i
	out, err := ec.eval(a, ec.this)
	ec.this, ec.index, ec.env = saveThis, saveIdx, env
	return out, err
}

func (ec *evalCtx) constant(name string) (Collection, error) {
	switch name {
	case "context":
		return ec.context, nil
	case "resource":
		if ec.env.Resource != nil {
			return Collection{{node: ec.env.Resource, s: ec.env.Resource.Resource}}, nil
		}
		return ec.rootItemResource(), nil
	case "rootResource":
		if ec.env.RootResource != nil {
			return Collection{{node: ec.env.RootResource, s: ec.env.RootResource.Resource}}, nil
		}
		if ec.env.Resource != nil {
			return Collection{{node: ec.env.Resource, s: ec.env.Resource.Resource}}, nil
		}
		return ec.rootItemResource(), nil
	case "ucum":
		return Collection{stringItem("http://unitsofmeasure.org")}, nil
	case "sct":
		return Collection{stringItem("http://snomed.info/sct")}, nil
	case "loinc":
		return Collection{stringItem("http://loinc.org")}, nil
	}
	if v, ok := ec.env.Vars[name]; ok {
		return v, nil
	}
	if strings.HasPrefix(name, "vs-") {
		return Collection{stringItem("http://hl7.org/fhir/ValueSet/" + name[3:])}, nil
	}
	if strings.HasPrefix(name, "ext-") {
		return Collection{stringItem("http://hl7.org/fhir/StructureDefinition/" + name[4:])}, nil
	}
	return nil, evalErrorf("unknown variable %%%s", name)
}

func (ec *evalCtx) rootItemResource() Collection {
	if len(ec.context) == 1 && ec.context[0].node != nil && ec.context[0].node.IsResource() {
		return ec.context
	}
	return nil
}

// member navigates to the children called name of every item.
func (ec *evalCtx) member(focus Collection, m *ast) (Collection, error) {
	name, first := m.name, m.first
	if first && len(focus) == 1 && focus[0].kind == KindNode &&
		(focus[0].node.Resource == name || focus[0].node.Resource == "" && focus[0].s == name) {
		return focus, nil // the leading type name of a path: Patient.name
	}
	// count exact matches first so that the result is allocated once
	cnt := 0
	for _, it := range focus {
		if it.kind == KindNode {
			for _, c := range it.node.Children {
				if c.Name == name {
					cnt++
				}
			}
		}
	}
	var out Collection
	if cnt > 0 {
		out = make(Collection, 0, cnt)
	}
	for _, it := range focus {
		if it.kind != KindNode {
			if it.kind == KindTypeInfo {
				ns, tn, _ := strings.Cut(it.s, ".")
				switch name {
				case "namespace":
					out = append(out, stringItem(ns))
				case "name":
					out = append(out, stringItem(tn))
				}
			}
			continue
		}
		n := it.node
		if first && (n.Resource == name || n.Resource == "" && it.s == name) {
			out = append(out, it)
			continue
		}
		var err error
		out, err = ec.children(out, it, m)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// children appends the children of it called name (including choice
// elements name[x]) to out.
func (ec *evalCtx) children(out Collection, it Item, m *ast) (Collection, error) {
	n, name := it.node, m.name
	found := false
	typ, typed := "", false
	for _, c := range n.Children {
		if c.Name == name {
			if c.Resource != "" {
				out = append(out, Item{node: c, s: c.Resource})
			} else {
				if !typed {
					typ, typed = ec.memberType(m, it.s, c), true
				}
				out = append(out, Item{node: c, s: typ})
			}
			found = true
			continue
		}
		if !found && len(c.Name) > len(name) && c.Name[len(name)] >= 'A' && c.Name[len(name)] <= 'Z' &&
			strings.HasPrefix(c.Name, name) {
			if info, ok := fhir.LookupElement(ec.version, it.s, c.Name); ok {
				if info.Choice && info.Name == name+"[x]" {
					out = append(out, Item{node: c, s: info.Type})
				}
			} else if it.s == "" {
				// no type information: take the name's suffix as the type
				out = append(out, Item{node: c, s: typeFromSuffix(c.Name[len(name):])})
			}
		}
	}
	if name == "id" && !found && n.ID != "" && n.Resource == "" {
		out = append(out, Item{kind: KindString, s: n.ID})
	}
	return out, ec.tick(len(n.Children))
}

// typeFromSuffix turns the suffix of a choice name into a type name:
// Quantity -> Quantity, String -> string, DateTime -> dateTime.
func typeFromSuffix(s string) string {
	lower := strings.ToLower(s[:1]) + s[1:]
	if _, ok := fhirPrimitiveKind[lower]; ok {
		return lower
	}
	return s
}

// memberMemo remembers the type of the last lookup of a member step.
type memberMemo struct {
	version fhir.Version
	parent  string
	typ     string
}

// memberType returns the type of children called m.name of an element of
// type parent, remembered on the AST node for the next evaluation (the
// same step usually meets the same parent type).
func (ec *evalCtx) memberType(m *ast, parent string, c *fhir.Node) string {
	if parent == "" {
		return ec.childType(parent, c)
	}
	if mm := m.memo.Load(); mm != nil && mm.version == ec.version && mm.parent == parent {
		return mm.typ
	}
	info, ok := fhir.LookupElement(ec.version, parent, c.Name)
	if !ok {
		return ec.childType(parent, c)
	}
	m.memo.Store(&memberMemo{version: ec.version, parent: parent, typ: info.Type})
	return info.Type
}

// childType returns the FHIR type of child c of an element of type parent.
func (ec *evalCtx) childType(parent string, c *fhir.Node) string {
	if c.Resource != "" {
		return c.Resource
	}
	if parent != "" {
		if info, ok := fhir.LookupElement(ec.version, parent, c.Name); ok {
			return info.Type
		}
	}
	switch c.Name {
	case "extension", "modifierExtension":
		return "Extension"
	}
	switch c.Kind {
	case fhir.KindBool:
		return "boolean"
	case fhir.KindNumber:
		if strings.ContainsAny(c.Value, ".eE") {
			return "decimal"
		}
		return "integer"
	case fhir.KindString:
		return "string"
	case fhir.KindXHTML:
		return "xhtml"
	}
	return ""
}
