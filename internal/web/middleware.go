package web

import (
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
)

// MaxFormBody is the largest HTML form body accepted (1 MiB).
const MaxFormBody = 1 << 20

// MaxUploadBody is the largest body of a file upload (an attachment of at
// most 20 MB plus the form around it). Only upload routes get it.
const MaxUploadBody = 21 << 20

func bodyLimit(r *http.Request) int64 {
	if strings.HasSuffix(r.URL.Path, "/attachments") && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return MaxUploadBody
	}
	if isDossierUpload(r) {
		return MaxDossierUpload // dossier uploads: zip files and Bundles
	}
	if isTestscriptUpload(r) {
		return MaxTestscriptUpload + 1<<20 // TestScripts and the form around them
	}
	return MaxFormBody
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests logs one line per request; never headers, bodies or query
// strings, which may hold secrets.
func logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		slog.Info("http", "method", r.Method, "path", logPath(r.URL.Path), "status", sw.status,
			"bytes", sw.bytes, "ms", time.Since(start).Milliseconds())
	})
}

// secretPaths are the paths whose last segment is a one-time link secret.
var secretPaths = []string{"/account/set-password/", "/register/confirm/", "/register/cancel/"}

// logPath is the path as logged: the secret of a one-time link is left out.
func logPath(p string) string {
	for _, prefix := range secretPaths {
		if strings.HasPrefix(p, prefix) {
			return prefix + "[redacted]"
		}
	}
	return p
}

func recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				slog.Error("panic", "path", logPath(r.URL.Path), "value", v, "stack", string(debug.Stack()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// hstsValue is sent when ketentest is served over HTTPS (--secure-cookies):
// browsers then use https for a year. Subdomains are left alone: they may
// be other services.
const hstsValue = "max-age=31536000"

// securityHeaders sets the security headers of every answer. Behind HTTPS
// (secure) it also sends Strict-Transport-Security and marks every cookie
// Secure — session, flash and language cookies alike.
func securityHeaders(next http.Handler, secure bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if secure {
			w.Header().Set("Strict-Transport-Security", hstsValue)
			w = &secureCookies{ResponseWriter: w}
		}
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; worker-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch {
			r.Body = http.MaxBytesReader(w, r.Body, bodyLimit(r))
		}
		next.ServeHTTP(w, r)
	})
}

// secureCookies adds the Secure attribute to every cookie a handler sets,
// before the header goes out.
type secureCookies struct {
	http.ResponseWriter
	done bool
}

func (w *secureCookies) mark() {
	if w.done {
		return
	}
	w.done = true
	cs := w.Header()["Set-Cookie"]
	for i, c := range cs {
		if !hasSecure(c) {
			cs[i] = c + "; Secure"
		}
	}
}

// hasSecure reports whether a Set-Cookie value has the Secure attribute.
func hasSecure(c string) bool {
	for _, attr := range strings.Split(c, ";")[1:] {
		if strings.EqualFold(strings.TrimSpace(attr), "Secure") {
			return true
		}
	}
	return false
}

func (w *secureCookies) WriteHeader(code int) { w.mark(); w.ResponseWriter.WriteHeader(code) }
func (w *secureCookies) Write(b []byte) (int, error) {
	w.mark()
	return w.ResponseWriter.Write(b)
}
func (w *secureCookies) Flush() {
	w.mark()
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
func (w *secureCookies) Unwrap() http.ResponseWriter { return w.ResponseWriter }
