package fhir

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// DefaultMaxDepth is the deepest nesting of JSON objects and arrays, or of
// XML elements, that the parsers accept unless ParseOptions.MaxDepth says
// otherwise. Real resources stay far below it (a Bundle of Questionnaires
// is around 20); the limit bounds recursion on hostile input.
const DefaultMaxDepth = 100

// SyntaxError reports input that is not well-formed JSON or XML, or that
// breaks the FHIR JSON/XML rules (e.g. no resourceType, text inside a FHIR
// element). Line and Column are 1-based; Column counts characters.
type SyntaxError struct {
	Format string // "json", "xml", or "" when the input is neither
	Msg    string
	// Template and Args are Msg before formatting (Msg is
	// fmt.Sprintf(Template, Args...)), so an interface can say it in its
	// own language.
	Template string
	Args     []any
	Offset   int // byte offset of the error in the input
	Line     int
	Column   int
}

func (e *SyntaxError) Error() string {
	format := e.Format
	if format != "" {
		format += " "
	}
	return fmt.Sprintf("fhir: %ssyntax error at line %d, column %d: %s", format, e.Line, e.Column, e.Msg)
}

// OperationOutcome describes the error as an OperationOutcome with issue
// code "structure", as a FHIR server returns for unparseable content.
func (e *SyntaxError) OperationOutcome() *Resource {
	return OperationOutcome("error", "structure", e.Error())
}

// newSyntaxError builds a SyntaxError at byte offset off of data.
func newSyntaxError(format string, data []byte, off int, msg string, args ...any) *SyntaxError {
	off = min(max(off, 0), len(data))
	line, col := position(data, off)
	return &SyntaxError{Format: format, Msg: fmt.Sprintf(msg, args...), Template: msg, Args: args, Offset: off, Line: line, Column: col}
}

// position converts a byte offset into a 1-based line and character column.
func position(data []byte, off int) (line, col int) {
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if data[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return line, utf8.RuneCount(data[start:off]) + 1
}

// ErrUnknownResourceType is wrapped by the error returned for a resource
// type that neither STU3 nor R4 defines.
var ErrUnknownResourceType = errors.New("fhir: unknown resource type")

// ResourceTypeError reports an unknown resource type and where it was found.
type ResourceTypeError struct {
	Name         string
	Line, Column int
}

func (e *ResourceTypeError) Error() string {
	return fmt.Sprintf("%v %q at line %d, column %d", ErrUnknownResourceType, e.Name, e.Line, e.Column)
}

// Unwrap makes errors.Is(err, ErrUnknownResourceType) true.
func (e *ResourceTypeError) Unwrap() error { return ErrUnknownResourceType }

// OperationOutcome describes the error with issue code "not-supported".
func (e *ResourceTypeError) OperationOutcome() *Resource {
	return OperationOutcome("error", "not-supported", e.Error())
}

func newResourceTypeError(data []byte, off int, name string) *ResourceTypeError {
	line, col := position(data, min(max(off, 0), len(data)))
	return &ResourceTypeError{Name: name, Line: line, Column: col}
}

// ErrorOutcome turns any error of this package into an OperationOutcome;
// other errors become an issue with code "exception".
func ErrorOutcome(err error) *Resource {
	var o interface{ OperationOutcome() *Resource }
	if errors.As(err, &o) {
		return o.OperationOutcome()
	}
	return OperationOutcome("error", "exception", err.Error())
}
