// Package apperr holds the few error kinds that every capability returns and
// that the web layer turns into responses: invalid fields (400 / form
// message), not found (404), conflict (409) and forbidden (403).
package apperr

import (
	"errors"
	"strings"
)

// FieldError says which input field is wrong and why. Message is the
// English text; Code, when set, names the message for translation with its
// Args (the web layer shows "fielderr.code.<Code>" in the page's
// language), so rewording Message never puts English on a Dutch page. The
// API returns all four: {"field", "message", "code", "args"}, so a client
// can tell the reasons apart without reading English.
type FieldError struct {
	Field   string   `json:"field"`
	Message string   `json:"message"`
	Code    string   `json:"code,omitempty"`
	Args    []string `json:"args,omitempty"`
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

// Field returns a *FieldError.
func Field(field, message string) error { return &FieldError{Field: field, Message: message} }

// FieldCode returns a *FieldError with a translation code: message is the
// English text with the args already in it, code and args are what a page
// translates (see FieldError).
func FieldCode(field, code, message string, args ...string) error {
	return &FieldError{Field: field, Message: message, Code: code, Args: args}
}

// The codes of the commonest refusals, shared by every capability (the
// functions below spell them out, so the web test that every code has a
// text finds them).
const (
	CodeRequired    = "required"     // the field is empty
	CodeTooLong     = "too_long"     // Args: the most characters
	CodeRequiredMax = "required_max" // empty or too long; Args: the most characters
	CodeNoSuchOrg   = "no_such_organisation"
)

// Required is the error of a required field left empty.
func Required(field string) error { return FieldCode(field, "required", "required") }

// TooLong is the error of a field longer than max characters (max as the
// message shows it, e.g. "50,000").
func TooLong(field, max string) error {
	return FieldCode(field, "too_long", "at most "+max+" characters", max)
}

// NoSuchOrganisation is the error of a field naming an unknown organisation.
func NoSuchOrganisation(field string) error {
	return FieldCode(field, "no_such_organisation", "no such organisation")
}

// Invalid collects several field errors.
type Invalid struct{ Fields []FieldError }

func (e *Invalid) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Error()
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Add records a field error.
func (e *Invalid) Add(field, message string) {
	e.Fields = append(e.Fields, FieldError{Field: field, Message: message})
}

// AddCode records a field error with a translation code (see FieldCode).
func (e *Invalid) AddCode(field, code, message string, args ...string) {
	e.Fields = append(e.Fields, FieldError{Field: field, Message: message, Code: code, Args: args})
}

// Required records a required field left empty.
func (e *Invalid) Required(field string) { e.AddCode(field, "required", "required") }

// TooLong records a field longer than max characters (see TooLong).
func (e *Invalid) TooLong(field, max string) {
	e.AddCode(field, "too_long", "at most "+max+" characters", max)
}

// RequiredMax records a field that must hold 1 to max characters.
func (e *Invalid) RequiredMax(field, max string) {
	e.AddCode(field, "required_max", "required, at most "+max+" characters", max)
}

// NoSuchOrganisation records a field naming an unknown organisation.
func (e *Invalid) NoSuchOrganisation(field string) {
	e.AddCode(field, "no_such_organisation", "no such organisation")
}

// Err returns nil when nothing was added, so callers can `return v.Err()`.
func (e *Invalid) Err() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}

// Fields flattens any validation error into its field errors.
func Fields(err error) []FieldError {
	var inv *Invalid
	if errors.As(err, &inv) {
		return inv.Fields
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		return []FieldError{*fe}
	}
	return nil
}

// ErrNotFound is wrapped by every "no such thing" error.
var ErrNotFound = errors.New("not found")

// ErrForbidden is wrapped by errors for actions the user may not take.
var ErrForbidden = errors.New("forbidden")

// Conflict is an action the current state does not allow, such as a status
// change outside the workflow; Allowed lists what is allowed instead.
type Conflict struct {
	Message string
	Allowed []string
}

func (e *Conflict) Error() string {
	if len(e.Allowed) == 0 {
		return e.Message
	}
	return e.Message + " (allowed: " + strings.Join(e.Allowed, ", ") + ")"
}
