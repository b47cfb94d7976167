package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/httpx"
)

func (h *findingHandlers) attachmentList(w http.ResponseWriter, r *http.Request) {
	f, svc, _, good := h.load(w, r)
	if !good {
		return
	}
	as, err := svc.Attachments(r.Context(), f.ID)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, list(as))
}

// attachmentAdd takes a multipart/form-data upload with the file in the
// part "file"; the limits are the pages' (size and type), and the body
// limit of upload routes applies.
func (h *findingHandlers) attachmentAdd(w http.ResponseWriter, r *http.Request) {
	f, svc, _, good := h.load(w, r)
	if !good {
		return
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		httpx.WriteError(w, r, apperr.Field("body", "Content-Type must be multipart/form-data with the file in the part \"file\""))
		return
	}
	file, hdr, err := r.FormFile("file")
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		httpx.WriteProblem(w, httpx.Problem{Status: http.StatusRequestEntityTooLarge,
			Detail: fmt.Sprintf("file too large: the limit is %d MB", svc.MaxAttachmentSize()>>20)})
		return
	case err != nil:
		httpx.WriteError(w, r, apperr.Field("file", "choose a file (multipart part \"file\")"))
		return
	}
	defer file.Close()
	a, err := svc.AddAttachment(r.Context(), f, hdr.Filename, file, httpx.From(r).UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	created(w, hackathonURL(f.HackathonID)+"/findings/"+strconv.FormatInt(f.ID, 10)+"/attachments/"+strconv.FormatInt(a.ID, 10), a)
}

func (h *findingHandlers) attachmentGet(w http.ResponseWriter, r *http.Request) {
	f, svc, _, good := h.load(w, r)
	if !good {
		return
	}
	id, err := httpx.PathID(r, "aid")
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	a, file, err := svc.OpenAttachment(r.Context(), f.ID, id)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	defer file.Close()
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
	w.Header().Set("Content-Length", strconv.FormatInt(a.Size, 10))
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = io.Copy(w, file)
}
