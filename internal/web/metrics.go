package web

import (
	"crypto/subtle"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// MetricsAccess says who may read /metrics: clients connecting from one of
// the networks (directly: a request that came through a proxy, with a
// Forwarded or X-Forwarded-For header, counts as remote), and anyone who
// sends Token as a bearer token. The zero value lets nobody in.
type MetricsAccess struct {
	Allow []netip.Prefix
	Token string // empty: no token accepted
}

// permits reports whether r may read the metrics.
func (a MetricsAccess) permits(r *http.Request) bool {
	if a.Token != "" {
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok &&
			subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(a.Token)) == 1 {
			return true
		}
	}
	if r.Header.Get("Forwarded") != "" || r.Header.Get("X-Forwarded-For") != "" {
		return false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	ip = ip.Unmap()
	for _, p := range a.Allow {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ketentest_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "ketentest_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	m.reg.MustRegister(m.requests, m.duration, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Label values for what a client makes up.
const (
	routeUnmatched = "unmatched"
	methodOther    = "other"
)

// methodLabel is the method as a label value: the standard methods as
// they are, anything else one value, so clients cannot create series.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return methodOther
}

// instrument counts requests by the matched route pattern (never the raw
// path) and a bounded method; requests no route matched share one label.
func (m *metrics) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" || route == "/" { // "/" is the catch-all that answers 404
			route = routeUnmatched
		}
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		m.requests.WithLabelValues(route, methodLabel(r.Method), strconv.Itoa(status)).Inc()
		m.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

// handler serves the metrics to those access permits; others get 403.
func (m *metrics) handler(access MetricsAccess) http.HandlerFunc {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return func(w http.ResponseWriter, r *http.Request) {
		if !access.permits(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="ketentest metrics"`)
			http.Error(w, "metrics: only for the configured networks (KETENTEST_METRICS_ALLOW) or with the metrics token (KETENTEST_METRICS_TOKEN)", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	}
}
