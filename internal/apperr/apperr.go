// Package apperr holds the few error kinds that every capability returns and
// that the web layer turns into responses: invalid fields (400 / form
// message), not found (404), conflict (409) and forbidden (403).
package apperr

import (
	"errors"
	"strings"
)

// FieldError says which input field is wrong and why. Message is the
// English text (the API shows it); Code, when set, names the message for
// translation with its Args (the web layer shows "fielderr.code.<Code>" in
// the page's language), so rewording Message never puts English on a
// Dutch page.
type FieldError struct {
	Field   string   `json:"field"`
	Message string   `json:"message"`
	Code    string   `json:"-"`
	Args    []string `json:"-"`
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
