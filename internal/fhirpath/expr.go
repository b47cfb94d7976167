package fhirpath

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ketentest/ketentest/internal/fhir"
)

// Options configure compilation.
type Options struct {
	// Version is the FHIR release whose type information is used for
	// choice elements, is / as / ofType and primitive types; R4 when
	// Unknown. Evaluate uses Env.Version instead when that is set.
	Version fhir.Version
	// MaxSteps bounds the work of one evaluation, counted in elements
	// visited and function iterations; 0 means DefaultMaxSteps. An
	// evaluation that needs more ends with an *EvalError.
	MaxSteps int
	// Strict checks every path step against the FHIR definitions at
	// compile time: an element that the type of that step does not define
	// (a misspelt name, a choice element written as valueQuantity, an
	// element of the wrong resource) is a *SyntaxError. Checking starts
	// from Type, or from a leading resource type name (Patient.name...);
	// it stops where the type cannot be known (after resolve(),
	// children(), most functions).
	Strict bool
	// Type is the FHIR type of the context the expression will be
	// evaluated on (a resource type, datatype or backbone path such as
	// "Patient.contact"); used by Strict.
	Type string
}

// DefaultMaxSteps is the default bound on the work of one evaluation:
// enough for invariants over Bundles with thousands of resources.
const DefaultMaxSteps = 2_000_000

// Expr is a compiled FHIRPath expression. It is immutable and safe for
// concurrent use.
type Expr struct {
	src      string
	root     *ast
	version  fhir.Version
	maxSteps int
}

// String returns the source text.
func (e *Expr) String() string { return e.src }

// MaxExpressionLength bounds the source text Compile accepts.
const MaxExpressionLength = 64 << 10

// Compile parses expr and resolves its functions. A syntax error, an
// unknown function or a wrong number of arguments is a *SyntaxError
// naming the position.
func Compile(expr string, opts Options) (*Expr, error) {
	if len(expr) > MaxExpressionLength {
		return nil, &SyntaxError{Msg: fmt.Sprintf("expression longer than %d bytes", MaxExpressionLength), Line: 1, Column: 1}
	}
	root, err := parse(expr)
	if err != nil {
		return nil, err
	}
	if err := resolve(expr, root); err != nil {
		return nil, err
	}
	v := opts.Version
	if v == fhir.Unknown {
		v = fhir.R4
	}
	if opts.Strict {
		typ := opts.Type
		if typ == "" {
			typ = leadingResourceType(v, root)
		}
		if typ != "" {
			c := &checker{src: expr, v: v}
			if _, err := c.check(root, typeSet{typ}, typeSet{typ}); err != nil {
				return nil, err
			}
		}
	}
	steps := opts.MaxSteps
	if steps <= 0 {
		steps = DefaultMaxSteps
	}
	return &Expr{src: expr, root: root, version: v, maxSteps: steps}, nil
}

// MustCompile is Compile for expressions known to be valid; it panics on error.
func MustCompile(expr string, opts Options) *Expr {
	e, err := Compile(expr, opts)
	if err != nil {
		panic(err)
	}
	return e
}

// Terminology answers memberOf() questions.
type Terminology interface {
	// MemberOf reports whether any of the codings is in the value set with
	// the given canonical URL. A code without a system has System "".
	MemberOf(ctx context.Context, valueSet string, codings []fhir.Coding) (bool, error)
}

// Env is the environment of one evaluation. The zero value (or nil) is
// fine for plain expressions.
type Env struct {
	// Version overrides the compile-time FHIR version when set.
	Version fhir.Version
	// Type is the FHIR type of the context node when it is not a resource
	// (e.g. "HumanName" or a backbone path "Patient.contact").
	Type string
	// Resource is %resource: the resource that holds the context node;
	// the context node itself when nil and it is a resource.
	Resource *fhir.Node
	// RootResource is %rootResource: the container of a contained
	// resource, or the Bundle that holds it; used by resolve().
	RootResource *fhir.Node
	// Vars are further %variables (e.g. %profile); names without '%'.
	Vars map[string]Collection
	// Terminology serves memberOf(); without it memberOf() is an error.
	Terminology Terminology
	// ConformsTo serves conformsTo(url); without it conformsTo() is an
	// error, except for the base definitions of the resource's own type.
	ConformsTo func(ctx context.Context, node *fhir.Node, url string) (bool, error)
	// Resolve, when set, is asked for references resolve() cannot find in
	// the Bundle or among contained resources.
	Resolve func(ctx context.Context, reference string) (*fhir.Node, error)
	// Trace receives trace() output; nil discards it.
	Trace func(name string, values Collection)
	// Now fixes now(), today() and timeOfDay(); the clock when zero.
	Now time.Time
}

// EvalError is an error during evaluation (e.g. a collection with more
// than one item where one was expected, or an operand of the wrong type).
type EvalError struct{ Msg string }

func (e *EvalError) Error() string { return "fhirpath: " + e.Msg }

func evalErrorf(format string, args ...any) error {
	return &EvalError{Msg: fmt.Sprintf(format, args...)}
}

// Evaluate runs the expression with node as the context (%context and the
// initial $this). node may be nil (no input).
func (e *Expr) Evaluate(ctx context.Context, node *fhir.Node, env *Env) (out Collection, err error) {
	if env == nil {
		env = &emptyEnv
	}
	ec := ctxPool.Get().(*evalCtx)
	*ec = evalCtx{ctx: ctx, env: env, version: e.version, maxSteps: e.maxSteps, now: env.Now}
	if env.Version != fhir.Unknown {
		ec.version = env.Version
	}
	if node != nil {
		typ := node.Resource
		if typ == "" {
			typ = env.Type
		}
		ec.root[0] = Item{node: node, s: typ}
		ec.this = ec.root[:]
		ec.context = ec.this
	}
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("fhirpath: internal error evaluating %q: %v", e.src, r)
		}
		if len(out) > 0 && &out[0] == &ec.root[0] {
			out = Collection{out[0]} // the result is the context itself: detach it from ec
		}
		*ec = evalCtx{}
		ctxPool.Put(ec)
	}()
	return ec.eval(e.root, ec.this)
}

// emptyEnv stands in for a nil *Env; it is never modified (defineVariable
// copies the environment it extends).
var emptyEnv Env

// ctxPool recycles evaluation states.
var ctxPool = sync.Pool{New: func() any { return new(evalCtx) }}

// EvaluateResource evaluates with a parsed resource as the context; the
// environment's version defaults to the resource's.
func (e *Expr) EvaluateResource(ctx context.Context, r *fhir.Resource, env *Env) (Collection, error) {
	var en Env
	if env != nil {
		en = *env
	}
	if en.Version == fhir.Unknown {
		en.Version = r.Version
	}
	return e.Evaluate(ctx, r.Root, &en)
}

// EvaluateBool evaluates and applies singleton evaluation with a Boolean
// expected, as invariants are judged: ok is false when the result is empty
// (neither true nor false); a collection of several items is an error; a
// single non-Boolean item counts as true.
func (e *Expr) EvaluateBool(ctx context.Context, node *fhir.Node, env *Env) (value, ok bool, err error) {
	c, err := e.Evaluate(ctx, node, env)
	if err != nil {
		return false, false, err
	}
	b, err := singletonBool(c)
	if err != nil {
		return false, false, err
	}
	if b == boolEmpty {
		return false, false, nil
	}
	return b == boolTrue, true, nil
}

// errCanceled wraps context cancellation.
var errCanceled = errors.New("fhirpath: evaluation canceled")

// leadingResourceType returns the resource type an expression starts
// with (Patient.name -> Patient), or "".
func leadingResourceType(v fhir.Version, n *ast) string {
	for n != nil {
		switch n.op {
		case opInvoke, opIndexer, opAs, opIs, opBinary, opNegate:
			n = n.left
			continue
		case opMember:
			if n.first && fhir.IsResourceType(v, n.name) {
				return n.name
			}
		}
		return ""
	}
	return ""
}
