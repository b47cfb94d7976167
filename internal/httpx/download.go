package httpx

import "net/http"

// Attachment sets the headers of a download: its media type, the file name
// offered, and no caching (exports hold data only the caller may see).
func Attachment(w http.ResponseWriter, contentType, name string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
}
