package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/redact"
	"github.com/ketentest/ketentest/internal/sandbox"
)

// trafficList lists the reference DVA's recorded exchanges of the
// hackathon's clients, filterable by client and status.
func (p *sandboxPages) trafficList(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	rq := httpx.From(r)
	q := r.URL.Query()
	v.Form = q
	f := sandbox.TrafficFilter{HackathonID: rq.HackathonID, ClientID: strings.TrimSpace(q.Get("client")), Status: strings.TrimSpace(q.Get("status")), Limit: 100}
	if b := q.Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			p.errorPage(w, r, http.StatusBadRequest, apperr.Field("before", "before must be an exchange number"))
			return
		}
		f.BeforeID = n
	}
	entries, err := sandbox.HackathonTraffic(ctx, p.DB, f)
	if err != nil && strings.Contains(err.Error(), "status filter") {
		p.errorPage(w, r, http.StatusBadRequest, err)
		return
	}
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	clients, err := sandbox.HackathonClients(ctx, p.DB, rq.HackathonID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.D["Entries"] = entries
	v.D["Clients"] = clients
	v.D["Statuses"] = []string{"2xx", "3xx", "4xx", "5xx"}
	if len(entries) == f.Limit {
		next := q
		next.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		v.D["Next"] = next.Encode()
	}
	p.render(w, http.StatusOK, "traffic_list", v)
}

// trafficShow shows one exchange: request and response with headers and
// the body as indented text, and a button to log a finding with it.
func (p *sandboxPages) trafficShow(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	xid, err := httpx.PathID(r, "xid")
	if err != nil {
		p.errorPage(w, r, http.StatusNotFound, apperr.ErrNotFound)
		return
	}
	d, err := sandbox.HackathonExchange(r.Context(), p.DB, httpx.From(r).HackathonID, xid)
	if errors.Is(err, sandbox.ErrTrafficNotFound) {
		p.errorPage(w, r, http.StatusNotFound, apperr.ErrNotFound)
		return
	}
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.D["X"] = d
	v.D["RequestHeaders"] = sortedHeaders(d.RequestHeaders)
	v.D["ResponseHeaders"] = sortedHeaders(d.ResponseHeaders)
	v.D["RequestBody"] = redact.Pretty(d.RequestBody)
	v.D["ResponseBody"] = redact.Pretty(d.ResponseBody)
	p.render(w, http.StatusOK, "traffic_show", v)
}
