package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/httpx"
)

// attach stores an uploaded file; upload routes get MaxUploadBody instead
// of the 1 MiB form limit, and the service enforces its own size limit.
func (p *findingPages) attach(w http.ResponseWriter, r *http.Request) {
	p.act(w, r, false, func(f *finding.Finding, _ finding.Viewer) error {
		file, hdr, err := r.FormFile("file")
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			return apperr.Field("file", fmt.Sprintf("file too large: the limit is %d MB", p.svc.MaxAttachmentSize()>>20))
		case err != nil:
			return apperr.Field("file", "choose a file")
		}
		defer file.Close()
		_, err = p.svc.AddAttachment(r.Context(), f, hdr.Filename, file, httpx.From(r).UserID())
		return err
	})
}

func (p *findingPages) attachment(w http.ResponseWriter, r *http.Request) {
	f, _, ok := p.load(w, r)
	if !ok {
		return
	}
	id, err := httpx.PathID(r, "aid")
	if err != nil {
		p.errorPage(w, r, http.StatusNotFound, err)
		return
	}
	a, file, err := p.svc.OpenAttachment(r.Context(), f.ID, id)
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	defer file.Close()
	disp := "attachment"
	if strings.HasPrefix(a.ContentType, "image/") {
		disp = "inline"
	}
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType(disp, map[string]string{"filename": a.Name}))
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = io.Copy(w, file)
}
