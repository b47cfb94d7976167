package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/httpx"
)

// isDossierUpload reports whether r uploads a dossier file: a form with a
// file on a dossier page, or a body posted to the API's versions.
func isDossierUpload(r *http.Request) bool {
	if !strings.Contains(r.URL.Path, "/dossiers") || r.Method != http.MethodPost {
		return false
	}
	return strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") || strings.HasSuffix(r.URL.Path, "/versions")
}

// importVersion reads an uploaded zip or Bundle into the next version:
// replacing the latest resources or merged into them, through the one
// import of the dossier capability (one transaction that checks the base
// version); a refused upload stores nothing and names the file, line and column.
func (p *dossierPages) importVersion(w http.ResponseWriter, r *http.Request) {
	v, info, ok := p.load(w, r)
	if !ok {
		return
	}
	fail := func(status int, err error) {
		if len(apperr.Fields(err)) == 0 {
			err = apperr.Field("file", dossierErrorText(r, err))
		}
		v.setErrors(err)
		p.renderShow(w, r, v, info, status)
	}
	files, name, err := uploadedFiles(r)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		fail(http.StatusRequestEntityTooLarge, fmt.Errorf("the upload is too large: at most %d MB", dossier.DefaultLimits.MaxUpload>>20))
		return
	case err != nil:
		fail(http.StatusUnprocessableEntity, err)
		return
	case files == nil:
		fail(http.StatusUnprocessableEntity, errors.New("choose a zip file or a Bundle (.json or .xml)"))
		return
	}
	mode := dossier.Mode(r.PostForm.Get("mode"))
	if mode != dossier.Merge {
		mode = dossier.Replace
	}
	// The form carries the version it showed: an import onto a dossier that
	// changed meanwhile is refused rather than silently built on the newer one.
	baseVersion, _ := strconv.Atoi(r.PostForm.Get("base_version"))
	n, err := p.store.ImportVersion(r.Context(), info, files, dossier.ImportOptions{Mode: mode, BaseVersion: baseVersion,
		Meta: dossier.Meta{Note: r.PostForm.Get("note"), Source: name, By: httpx.From(r).UserID()}})
	var conflict *dossier.VersionConflict
	switch {
	case errors.As(err, &conflict):
		if latest, gerr := p.store.Get(r.Context(), info.ID); gerr == nil {
			info = latest // the form offers the latest version to build on
		}
		fail(http.StatusConflict, err)
		return
	case errors.Is(err, dossier.ErrNotFound):
		p.errorPage(w, r, http.StatusNotFound, err)
		return
	case err != nil:
		fail(http.StatusUnprocessableEntity, err)
		return
	}
	if nonConformant(r.Context(), files, info.FHIRVersion) > 0 {
		flash(w, "dossier.flash_imported_nonconformant") // a warning, not a refusal
	} else {
		flash(w, "dossier.flash_imported")
	}
	redirect(w, r, dossierPath(v.Hackathon.ID, info.ID, fmt.Sprintf("?v=%d", n)))
}
