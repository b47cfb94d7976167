package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strconv"
	"time"

	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
)

// The logging screen works offline through a service worker
// (static/offline-sw.js). It is served from /static/ but controls the
// hackathon pages, so its scope is widened to /hackathons/ with the
// Service-Worker-Allowed header. The worker only ever caches the pages the
// server marks with OfflineUserHeader (the logging screen), per user.
const (
	offlineWorkerPath  = "/static/offline-sw.js"
	offlineWorkerScope = "/hackathons/"
	// OfflineUserHeader marks a page the service worker may keep for
	// offline use; its value names the user's cache (a hash of the user id),
	// so one user's copy is never shown to another.
	OfflineUserHeader = "X-Ketentest-Offline-User"
)

func (s *Server) offlineRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: offlineWorkerPath, Perm: authz.Public, Handler: s.offlineWorker},
	}
}

// offlineWorker serves the service worker script. It is revalidated on
// every update check so a new version reaches the browsers quickly.
func (s *Server) offlineWorker(w http.ResponseWriter, r *http.Request) {
	b, err := fs.ReadFile(staticFiles, "static/offline-sw.js")
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Service-Worker-Allowed", offlineWorkerScope)
	w.Write(b)
}

// offlineUserKey names the offline cache of a user.
func offlineUserKey(userID int64) string {
	sum := sha256.Sum256([]byte("ketentest offline cache " + strconv.FormatInt(userID, 10)))
	return hex.EncodeToString(sum[:8])
}

// markOffline lets the service worker keep this response (the logging
// screen) for offline use and gives the page the time its pick lists were
// read, shown when an offline copy is on screen.
func markOffline(w http.ResponseWriter, r *http.Request, v *view) {
	v.D["RenderedAt"] = time.Now().UTC().Format(time.RFC3339)
	v.D["OfflineWorker"] = offlineWorkerPath
	v.D["OfflineScope"] = offlineWorkerScope
	if r.Method == http.MethodGet && v.User != nil {
		w.Header().Set(OfflineUserHeader, offlineUserKey(v.User.ID))
	}
}
