package web

import (
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/ketentest/ketentest/internal/dossier"
)

// export downloads a version as a collection Bundle in JSON or XML.
func (p *dossierPages) export(w http.ResponseWriter, r *http.Request) {
	_, info, set, n, ok := p.loadVersion(w, r)
	if !ok {
		return
	}
	b := dossier.ExportBundle(info.FHIRVersion, "", set.Resources)
	b.SetID(fmt.Sprintf("ketentest-dossier-%d-v%d", info.ID, n))
	ext := "json"
	if r.URL.Query().Get("format") == "xml" {
		ext = "xml"
	}
	data, ctype, err := dossier.EncodeBundle(b, ext == "xml")
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": fmt.Sprintf("%s-v%d.%s", fileSafe(info.Name), n, ext)}))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(data)
}

// fileSafe keeps letters, digits, '-' and '_' of a name for a file name.
func fileSafe(s string) string {
	out := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		case r == ' ':
			return '-'
		}
		return -1
	}, s)
	if out == "" {
		return "dossier"
	}
	return out
}
