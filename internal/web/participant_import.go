package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/participant"
)

// participantImport shows the upload form of a CSV export of Google Forms
// or Microsoft Forms.
func (p *participantPages) participantImport(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	v.Title = i18n.T(v.Lang, "imp.title")
	p.render(w, http.StatusOK, "participant_import", v)
}

// participantImportPost previews an upload (nothing stored) or, with
// action=confirm, stores its valid rows. The file travels back with the
// preview form, so nothing is kept on the server in between.
func (p *participantPages) participantImportPost(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	v.Title = i18n.T(v.Lang, "imp.title")
	var data []byte
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(MaxFormBody); err != nil {
			p.errorPage(w, r, http.StatusBadRequest, apperr.Field("file", err.Error()))
			return
		}
		if f, _, err := r.FormFile("file"); err == nil {
			data, _ = io.ReadAll(io.LimitReader(f, MaxFormBody))
			f.Close()
		}
	} else if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	if data == nil {
		data = []byte(r.PostForm.Get("csv"))
	}
	fail := func(err error) {
		v.Errors["form"] = err.Error()
		p.render(w, http.StatusUnprocessableEntity, "participant_import", v)
	}
	tab, err := participant.ParseCSV(data)
	if err != nil {
		fail(err)
		return
	}
	mapping := participant.GuessMapping(tab.Header)
	for _, f := range participant.ImportFields {
		if s := r.PostForm.Get("map_" + f); s != "" {
			if n, err := strconv.Atoi(s); err == nil && n >= -1 && n < len(tab.Header) {
				mapping[f] = n
			}
		}
	}
	v.D["Header"] = tab.Header
	v.D["Mapping"] = mapping
	v.D["Fields"] = participant.ImportFields
	v.D["CSV"] = string(data)
	rows, err := p.svc.Preview(r.Context(), v.Hackathon, tab, mapping)
	if err != nil {
		fail(err)
		return
	}
	if r.PostForm.Get("action") == "confirm" {
		if _, err := p.svc.Import(r.Context(), v.Hackathon, rows, httpx.From(r).UserID()); err != nil {
			p.errorPage(w, r, httpx.StatusOf(err), err)
			return
		}
		flash(w, "flash.part_imported")
		redirect(w, r, hackathonPath(v.Hackathon.ID, "/participants"))
		return
	}
	var bad, sample []participant.ImportRow
	for _, row := range rows {
		if len(row.Errors) > 0 {
			bad = append(bad, row)
		} else if len(sample) < 20 {
			sample = append(sample, row)
		}
	}
	v.D["Bad"] = bad
	v.D["Sample"] = sample
	v.D["Valid"] = len(rows) - len(bad)
	v.D["Total"] = len(rows)
	p.render(w, http.StatusOK, "participant_import", v)
}
