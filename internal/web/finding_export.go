package web

import (
	"log/slog"
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

// export serves a download of the findings of the filter the viewer may
// see, streamed from the database in batches, in the user's language.
func (p *findingPages) export(e finding.Export) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rq := httpx.From(r)
		vw, err := p.viewer(r)
		if err != nil {
			p.errorPage(w, r, httpx.StatusOf(err), err)
			return
		}
		src := p.svc.Stream(r.Context(), rq.HackathonID, finding.ParseFilter(r.URL.Query()), vw)
		out := &finding.LazyAttachment{W: w, Start: func() { httpx.Attachment(w, e.ContentType, e.Name) }}
		if err := e.Write(out, src, finding.ExportOptions{Lang: rq.Lang, BaseURL: p.App.BaseURL, Today: date.Of(time.Now().In(p.App.Zone)), Location: p.App.Zone}); err != nil {
			if !out.Started() {
				p.errorPage(w, r, httpx.StatusOf(err), err)
				return
			}
			slog.Warn("finding: export ended early", "export", e.Name, "err", err)
		}
	}
}
