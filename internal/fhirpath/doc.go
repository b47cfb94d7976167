// Package fhirpath owns the FHIRPath engine: it compiles an expression once
// ([Compile]) and evaluates the compiled [Expr] many times on the lossless
// resource model of package fhir (a [fhir.Node] tree, STU3 or R4), as the
// validator does for invariants and as search and mapping code may do.
//
// The engine is ketentest's own: the Go FHIRPath libraries (Verily's
// fhirpath-go on Google's FHIR protos, DAMEDIC's fhir-toolbox-go on its
// generated R4/R4B/R5 structs, robertoAraneda's gofhir on raw JSON bytes)
// work on their own resource models, none covers STU3, and the module
// proxy does not serve any of them to this project.
//
// # Supported
//
// The normative FHIRPath 2.0 language: paths with choice elements
// (Observation.value finds valueQuantity), indexers, all operators with
// three-valued logic and their precedence, literals (including quantities
// with UCUM units or calendar keywords and partial dates/times), %context,
// %resource, %rootResource, %ucum and further variables from [Env], $this,
// $index, $total, and the functions of the existence, filtering,
// subsetting, combining, conversion, string, math, tree-navigation and
// utility sections (iif, trace, aggregate, now/today/timeOfDay). From
// FHIRPath 2.1 it supports the functions the HL7 suite uses: sort, trim,
// split, join, encode/decode, escape/unescape, lowBoundary/highBoundary,
// precision, comparable, defineVariable, repeatAll, toLong, and
// yearOf-millisecondOf.
//
// The FHIR additions: extension(url), resolve() (contained resources by
// "#id", Bundle entries by fullUrl or type/id in %rootResource, then
// [Env.Resolve]), is / as / ofType on FHIR types with inheritance for is
// (code is a string, Age is a Quantity, Patient is a DomainResource),
// hasValue/getValue, memberOf (through [Env.Terminology]) and conformsTo
// (through [Env.ConformsTo]; without it only the core type definitions).
// Element types come from the compact type tables of package fhir (R4 and
// STU3); the model version is Options.Version or Env.Version.
//
// Date/time values keep their precision: comparing values of different
// precision gives an empty result when they are equal as far as both go,
// and a value with a time-zone offset compared with one without gives
// empty unless the dates already differ. Quantities compare after
// conversion between UCUM units of the same dimension for common units
// (metric prefixes of g, m, L, s, mol, time units, [lb_av], [in_i],
// mm[Hg], %, 10*n) and calendar durations: week/day/hour/minute/second
// equal wk/d/h/min/s, while year and month are not comparable with 'a'
// and 'mo'.
//
// With Options.Strict the compiler checks every path step against the
// definitions, starting from Options.Type or a leading resource type: an
// element the step's type does not define (a misspelling, an element of
// the other FHIR release, a choice element written as valueQuantity) and
// order-dependent functions on children()/descendants() are compile
// errors. Without Strict such a step simply finds nothing.
//
// # Not supported
//
// Not implemented: the FHIR functions slice(), checkModifiers(),
// elementDefinition(), subsumes()/subsumedBy(); htmlChecks() returns true
// (the narrative is checked elsewhere); the suite's other model modes
// (lenient polymorphics, CDA, element, tx). Strict mode infers types
// through paths, ofType/as, where/first/... and select, not through other
// functions, resolve() or %variables. UCUM units outside the list above
// compare only with the same unit. Decimals are exact rationals; division
// rounds to 8 places; adding a quantity in seconds to a date/time ignores
// fractions of a second (as the R4 suite expects; the R5 suite expects
// milliseconds).
//
// # Errors and limits
//
// An expression that does not parse, calls an unknown function or passes a
// wrong number of arguments is a *[SyntaxError] with line and column; an
// evaluation that goes wrong (a collection with several items where one is
// needed, an operand of the wrong type, an unknown type name) is an
// *[EvalError]. Expressions are limited to [MaxExpressionLength] bytes and
// a nesting depth of 200. An evaluation is bounded: at most
// Options.MaxSteps steps (default [DefaultMaxSteps]; elements visited and
// criterion evaluations), strings up to [MaxStringLength], integers
// without overflow, decimals of bounded size; it stops when its context is
// canceled. Evaluation never panics: an internal fault is returned as an
// error.
//
// The HL7 suite runs as TestConformanceR4 / TestConformanceR5
// (go test ./internal/fhirpath -run Conformance -v prints passed, failed
// and skipped with the reason of each skip).
package fhirpath
