package web

import (
	"encoding/base64"
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

// importField is one target of the column mapping.
type importField struct {
	Key      string // form field map_<Key>
	Label    string
	Required bool
}

// participantImportPost previews an upload (nothing stored) or, with
// action=confirm, stores its valid rows. The file travels back with the
// preview form (CSV as text, XLSX as base64), so nothing is kept on the
// server in between. The user maps the file's columns to fields; the
// mapping is guessed from the header names first.
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
		if b64 := r.PostForm.Get("xlsx"); b64 != "" {
			var err error
			if data, err = base64.StdEncoding.DecodeString(b64); err != nil {
				data = []byte{}
			}
		} else {
			data = []byte(r.PostForm.Get("csv"))
		}
	}
	fail := func(err error) {
		v.setErrors(err)
		if len(v.Errors) == 0 {
			v.Errors["form"] = err.Error()
		} else {
			v.Errors["form"] = i18n.T(v.Lang, "import.check_mapping")
		}
		p.render(w, http.StatusUnprocessableEntity, "participant_import", v)
	}
	tab, err := participant.ParseTable(data)
	if err != nil {
		fail(err)
		return
	}
	questions, err := p.svc.Questions(r.Context(), v.Hackathon.ID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	fields := []importField{}
	for _, f := range participant.ImportFields {
		fields = append(fields, importField{Key: f, Label: i18n.T(v.Lang, "import.f."+f),
			Required: f == "name" || f == "email" || f == "organisation" || f == "chain_role"})
	}
	for _, q := range questions {
		fields = append(fields, importField{Key: q.Field(), Label: i18n.T(v.Lang, "import.question", q.Label)})
	}
	mapping := participant.GuessMapping(tab.Header, questions...)
	for _, f := range fields {
		if s := r.PostForm.Get("map_" + f.Key); s != "" {
			if n, err := strconv.Atoi(s); err == nil && n >= -1 && n < len(tab.Header) {
				mapping[f.Key] = n
			}
		}
	}
	v.D["Header"] = tab.Header
	v.D["Mapping"] = mapping
	v.D["Fields"] = fields
	if participant.IsXLSX(data) {
		v.D["XLSX"] = base64.StdEncoding.EncodeToString(data)
	} else {
		v.D["CSV"] = string(data)
	}
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
