package httpx

import (
	"errors"
	"net/http"

	"github.com/ketentest/ketentest/internal/apperr"
)

// ErrMalformedForm is the error of a form body (or query) that is not valid
// URL encoding, such as "email=%zz".
var ErrMalformedForm = apperr.Field("form", "the form data is not valid URL encoding")

// ParseForm parses the form of a request that has a body, once, for every
// handler after it: a URL-encoded body (and the query) fill r.Form and
// r.PostForm. Other bodies (JSON, multipart uploads) are left to their
// handlers. A malformed body is ErrMalformedForm (400), one over the body
// limit an *http.MaxBytesError (413).
func ParseForm(r *http.Request) error {
	switch r.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return nil
	}
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return ErrMalformedForm
	}
	return nil
}
