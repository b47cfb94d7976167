package web

import (
	"net/http"
	"time"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/httpx"
)

// listExtras adds what the list needs beyond the findings: the bulk bar's
// pick lists, the query string for export links and the bulk form's way back.
func (p *findingPages) listExtras(r *http.Request, v *view) error {
	cats, err := p.svc.Options(r.Context(), httpx.From(r).HackathonID, finding.OptCategory)
	if err != nil {
		return err
	}
	v.D["Categories"] = cats
	q := ""
	if vals := r.URL.Query(); len(vals) > 0 {
		vals.Del("before") // the page's position: exports take the whole filter
		if len(vals) > 0 {
			q = "?" + vals.Encode()
		}
	}
	v.D["Query"] = q
	return nil
}

// exported lists the findings of the filter the viewer may see, for an export.
func (p *findingPages) exported(w http.ResponseWriter, r *http.Request) ([]*finding.Finding, bool) {
	vw, err := p.viewer(r)
	var fs []*finding.Finding
	if err == nil {
		fs, err = p.svc.List(r.Context(), httpx.From(r).HackathonID, finding.ParseFilter(r.URL.Query()), vw)
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return nil, false
	}
	return fs, true
}

// export serves a download of the findings of the filter the viewer may see.
func (p *findingPages) export(e finding.Export) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if fs, ok := p.exported(w, r); ok {
			httpx.Attachment(w, e.ContentType, e.Name)
			_ = e.Write(w, fs, date.Of(time.Now()))
		}
	}
}
