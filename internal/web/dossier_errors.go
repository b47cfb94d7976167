package web

import (
	"errors"
	"net/http"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
)

// dossierErrorText is a refused import in the request's language, keeping
// the file, Bundle entry, line and column; other errors as they are.
func dossierErrorText(r *http.Request, err error) string {
	lang := i18n.Normalize(httpx.From(r).Lang)
	var conflict *dossier.VersionConflict
	if errors.As(err, &conflict) {
		return reasonText(lang, conflict.Reason())
	}
	var ie *dossier.ImportError
	if !errors.As(err, &ie) {
		return err.Error()
	}
	detail := ie.Err.Error()
	var rs *dossier.Reason
	var se *fhir.SyntaxError
	switch {
	case errors.As(ie.Err, &rs) && i18n.Has(lang, "dossier.err."+rs.Code):
		detail = reasonText(lang, rs)
	case errors.As(ie.Err, &se):
		format := se.Format
		if format != "" {
			format += " "
		}
		detail = i18n.T(lang, "dossier.err.syntax", format, se.Line, se.Column, syntaxText(lang, se))
	}
	if ie.Entry > 0 {
		return i18n.T(lang, "dossier.err.file_entry", ie.File, ie.Entry, detail)
	}
	return i18n.T(lang, "dossier.err.file", ie.File, detail)
}

// reasonText translates a reason, and the reasons among its arguments.
func reasonText(lang string, rs *dossier.Reason) string {
	if !i18n.Has(lang, "dossier.err."+rs.Code) {
		return rs.Error()
	}
	args := make([]any, len(rs.Args))
	for i, a := range rs.Args {
		args[i] = a
		if inner, ok := a.(*dossier.Reason); ok {
			args[i] = reasonText(lang, inner)
		}
	}
	return i18n.T(lang, "dossier.err."+rs.Code, args...)
}
