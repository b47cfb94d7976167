package fhirpath

// funcDef is a built-in function.
type funcDef struct {
	min, max int
	typeArg  bool // the first argument is a type name (is, as, ofType)
	impl     func(ec *evalCtx, in Collection, n *ast) (Collection, error)
}

// eagerFn is a function whose arguments are evaluated once, in the scope of
// the current $this, before it runs.
type eagerFn func(ec *evalCtx, in Collection, args []Collection) (Collection, error)

func eager(min, max int, f eagerFn) *funcDef {
	return &funcDef{min: min, max: max, impl: func(ec *evalCtx, in Collection, n *ast) (Collection, error) {
		var args []Collection
		if len(n.args) > 0 {
			args = make([]Collection, len(n.args))
			for i, a := range n.args {
				v, err := ec.evalArg(a)
				if err != nil {
					return nil, err
				}
				args[i] = v
			}
		}
		return f(ec, in, args)
	}}
}

// lazy is a function that evaluates its arguments itself (criteria,
// projections, iif branches).
func lazy(min, max int, f func(ec *evalCtx, in Collection, n *ast) (Collection, error)) *funcDef {
	return &funcDef{min: min, max: max, impl: f}
}

// functions is the table of built-in functions, filled by init functions
// of the funcs_*.go files.
var functions = map[string]*funcDef{}

func register(name string, f *funcDef) { functions[name] = f }
