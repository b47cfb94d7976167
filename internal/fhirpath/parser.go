package fhirpath

import (
	"strings"
	"sync/atomic"
)

// opKind is the kind of an AST node.
type opKind uint8

const (
	opLiteral  opKind = iota // lit
	opMember                 // name: child navigation on the focus
	opFunc                   // name(args...)
	opThis                   // $this
	opIndex                  // $index
	opTotal                  // $total
	opConst                  // %name
	opInvoke                 // left.right: right evaluated on the result of left
	opIndexer                // left[right]
	opBinary                 // left name right
	opNegate                 // -left
	opIs                     // left is typ
	opAs                     // left as typ
	opEmptyLit               // {}
)

// ast is one node of a parsed expression.
type ast struct {
	op    opKind
	name  string
	pos   int
	left  *ast
	right *ast
	args  []*ast
	lit   Item     // literal value
	tspec typeSpec // for is / as and type-argument functions
	fn    *funcDef // resolved function
	first bool     // member at the start of a path (may name the resource type)
	memo  atomic.Pointer[memberMemo]
}

type parser struct {
	src   string
	toks  []token
	i     int
	depth int
}

// maxParseDepth bounds recursion on hostile input.
const maxParseDepth = 200

func parse(src string) (*ast, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{src: src, toks: toks}
	e, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.errAt(t, "unexpected %s", describe(t))
	}
	return e, nil
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *parser) errAt(t token, format string, args ...any) error {
	return newSyntaxError(p.src, t.pos, format, args...)
}

func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "end of expression"
	case tString:
		return "string '" + t.text + "'"
	case tOp:
		return "'" + t.text + "'"
	}
	return "'" + strings.TrimSpace(t.text) + "'"
}

// binaryPrec returns the precedence of a binary operator token, or 0.
func binaryPrec(t token) int {
	switch t.kind {
	case tOp:
		switch t.text {
		case "*", "/":
			return 10
		case "+", "-", "&":
			return 9
		case "|":
			return 7
		case "<", ">", "<=", ">=":
			return 6
		case "=", "~", "!=", "!~":
			return 5
		}
	case tIdent:
		switch t.text {
		case "div", "mod":
			return 10
		case "is", "as":
			return 8
		case "in", "contains":
			return 4
		case "and":
			return 3
		case "or", "xor":
			return 2
		case "implies":
			return 1
		}
	}
	return 0
}

// expr parses an expression whose binary operators bind tighter than min.
func (p *parser) expr(minPrec int) (*ast, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxParseDepth {
		return nil, p.errAt(p.peek(), "expression nested too deeply")
	}
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		prec := binaryPrec(t)
		if prec == 0 || prec <= minPrec {
			return left, nil
		}
		p.next()
		if t.text == "is" || t.text == "as" {
			ts, err := p.typeSpecifier()
			if err != nil {
				return nil, err
			}
			op := opIs
			if t.text == "as" {
				op = opAs
			}
			left = &ast{op: op, left: left, tspec: ts, pos: t.pos}
			continue
		}
		right, err := p.expr(prec)
		if err != nil {
			return nil, err
		}
		left = &ast{op: opBinary, name: t.text, left: left, right: right, pos: t.pos}
	}
}

func (p *parser) unary() (*ast, error) {
	t := p.peek()
	if t.kind == tOp && (t.text == "-" || t.text == "+") {
		p.next()
		p.depth++
		defer func() { p.depth-- }()
		if p.depth > maxParseDepth {
			return nil, p.errAt(t, "expression nested too deeply")
		}
		operand, err := p.unary()
		if err != nil {
			return nil, err
		}
		if t.text == "+" {
			return operand, nil
		}
		if operand.op == opLiteral {
			if neg, ok := negateLiteral(operand.lit); ok {
				operand.lit = neg
				return operand, nil
			}
		}
		return &ast{op: opNegate, left: operand, pos: t.pos}, nil
	}
	return p.postfix()
}

func (p *parser) postfix() (*ast, error) {
	e, err := p.term()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if t.kind != tOp {
			return e, nil
		}
		switch t.text {
		case ".":
			p.next()
			inv, err := p.invocation(false)
			if err != nil {
				return nil, err
			}
			e = &ast{op: opInvoke, left: e, right: inv, pos: t.pos}
		case "[":
			p.next()
			idx, err := p.expr(0)
			if err != nil {
				return nil, err
			}
			if c := p.next(); c.kind != tOp || c.text != "]" {
				return nil, p.errAt(c, "expected ']' but found %s", describe(c))
			}
			e = &ast{op: opIndexer, left: e, right: idx, pos: t.pos}
		default:
			return e, nil
		}
	}
}

var calendarUnits = map[string]string{
	"year": "year", "years": "year", "month": "month", "months": "month",
	"week": "week", "weeks": "week", "day": "day", "days": "day",
	"hour": "hour", "hours": "hour", "minute": "minute", "minutes": "minute",
	"second": "second", "seconds": "second", "millisecond": "millisecond", "milliseconds": "millisecond",
}

func (p *parser) term() (*ast, error) {
	t := p.peek()
	switch t.kind {
	case tNumber:
		p.next()
		num, err := numberLiteral(t.text)
		if err != nil {
			return nil, p.errAt(t, "%v", err)
		}
		u := p.peek()
		if u.kind == tString {
			p.next()
			if err := checkUCUM(u.text); err != nil {
				return nil, p.errAt(u, "%v", err)
			}
			return &ast{op: opLiteral, lit: quantityItem(num.decOf(), u.text), pos: t.pos}, nil
		}
		if u.kind == tIdent {
			if cu, ok := calendarUnits[u.text]; ok {
				p.next()
				return &ast{op: opLiteral, lit: quantityItem(num.decOf(), cu), pos: t.pos}, nil
			}
		}
		return &ast{op: opLiteral, lit: num, pos: t.pos}, nil
	case tLong:
		p.next()
		num, err := numberLiteral(t.text)
		if err != nil {
			return nil, p.errAt(t, "%v", err)
		}
		return &ast{op: opLiteral, lit: num, pos: t.pos}, nil
	case tString:
		p.next()
		return &ast{op: opLiteral, lit: stringItem(t.text), pos: t.pos}, nil
	case tDate, tDateTime, tTime:
		p.next()
		it, err := temporalLiteral(t)
		if err != nil {
			return nil, p.errAt(t, "%v", err)
		}
		return &ast{op: opLiteral, lit: it, pos: t.pos}, nil
	case tConst:
		p.next()
		return &ast{op: opConst, name: t.text, pos: t.pos}, nil
	case tOp:
		switch t.text {
		case "(":
			p.next()
			e, err := p.expr(0)
			if err != nil {
				return nil, err
			}
			if c := p.next(); c.kind != tOp || c.text != ")" {
				return nil, p.errAt(c, "expected ')' but found %s", describe(c))
			}
			return e, nil
		case "{":
			p.next()
			if c := p.next(); c.kind != tOp || c.text != "}" {
				return nil, p.errAt(c, "expected '}' but found %s", describe(c))
			}
			return &ast{op: opEmptyLit, pos: t.pos}, nil
		}
	case tIdent:
		switch t.text {
		case "true", "false":
			if n := p.toks[p.i+1]; !(n.kind == tOp && n.text == "(") {
				p.next()
				return &ast{op: opLiteral, lit: boolItem(t.text == "true"), pos: t.pos}, nil
			}
		}
	}
	return p.invocation(true)
}

// invocation parses a member name, a function call or $this/$index/$total.
func (p *parser) invocation(first bool) (*ast, error) {
	t := p.next()
	switch t.kind {
	case tSpecial:
		switch t.text {
		case "$this":
			return &ast{op: opThis, pos: t.pos}, nil
		case "$index":
			return &ast{op: opIndex, pos: t.pos}, nil
		}
		return &ast{op: opTotal, pos: t.pos}, nil
	case tDelimID:
		return &ast{op: opMember, name: t.text, pos: t.pos, first: first}, nil
	case tIdent:
		if n := p.peek(); n.kind == tOp && n.text == "(" {
			p.next()
			var args []*ast
			if c := p.peek(); c.kind == tOp && c.text == ")" {
				p.next()
			} else {
				for {
					a, err := p.expr(0)
					if err != nil {
						return nil, err
					}
					args = append(args, a)
					c := p.next()
					if c.kind == tOp && c.text == ")" {
						break
					}
					if c.kind != tOp || c.text != "," {
						return nil, p.errAt(c, "expected ',' or ')' but found %s", describe(c))
					}
				}
			}
			return &ast{op: opFunc, name: t.text, args: args, pos: t.pos, first: first}, nil
		}
		if first && binaryPrec(t) > 0 && t.text != "is" && t.text != "as" && t.text != "contains" && t.text != "in" {
			return nil, p.errAt(t, "unexpected operator '%s'", t.text)
		}
		return &ast{op: opMember, name: t.text, pos: t.pos, first: first}, nil
	}
	return nil, p.errAt(t, "expected an expression but found %s", describe(t))
}

// typeSpecifier parses a (qualified) type name after is / as.
func (p *parser) typeSpecifier() (typeSpec, error) {
	var parts []string
	for {
		t := p.next()
		if t.kind != tIdent && t.kind != tDelimID {
			return typeSpec{}, p.errAt(t, "expected a type name but found %s", describe(t))
		}
		parts = append(parts, t.text)
		if n := p.peek(); n.kind == tOp && n.text == "." && len(parts) == 1 && (parts[0] == "FHIR" || parts[0] == "System") {
			p.next()
			continue
		}
		break
	}
	return newTypeSpec(parts), nil
}
