package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/pgoclient"
)

// maxDiscovered is how many list entries the start page shows at once.
const maxDiscovered = 200

// discoveredEntry is a ZAL entry with its index in the list (to pick it).
type discoveredEntry struct {
	Index int
	pgoclient.ListEntry
}

// pgoDiscover fetches a ZAL (and GNL) from the URL the user entered,
// through the reference PGO's SSRF-guarded client, and lists its DVAs;
// with pick it fills the start form from the chosen entry.
func (p *sandboxPages) pgoDiscover(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, http.StatusBadRequest, apperr.Field("form", "invalid form"))
		return
	}
	get := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	zal, gnl, q := get("zal_url"), get("gnl_url"), strings.ToLower(get("q"))
	v.Form.Set("zal_url", zal)
	v.Form.Set("gnl_url", gnl)
	v.Form.Set("q", get("q"))
	v.Form.Set("target", pgoclient.TargetSandbox)
	v.Form.Set("service_id", "48")
	v.Form.Set("auth_method", pgoclient.AuthNone)
	if zal == "" {
		v.Errors["zal_url"] = i18nT(r, "pgo.err.zal_url")
		p.renderPGOIndex(w, r, v, http.StatusUnprocessableEntity)
		return
	}
	entries, err := p.pgoClient.Discover(r.Context(), zal, gnl)
	if err != nil {
		v.Errors["zal_url"] = err.Error()
		p.renderPGOIndex(w, r, v, http.StatusUnprocessableEntity)
		return
	}
	if s := get("pick"); s != "" {
		i, err := strconv.Atoi(s)
		if err != nil || i < 0 || i >= len(entries) || !entries[i].Usable() {
			v.Errors["pick"] = i18nT(r, "pgo.err.pick")
			p.renderPGOIndex(w, r, v, http.StatusUnprocessableEntity)
			return
		}
		e := entries[i]
		v.Form.Set("target", pgoclient.TargetExternal)
		v.Form.Set("service_id", e.ServiceID)
		v.Form.Set("authorize_url", e.AuthorizeURL)
		v.Form.Set("token_url", e.TokenURL)
		v.Form.Set("fhir_base", e.FHIRBase)
		v.Form.Set("scope", e.Scope())
		v.Form.Set("label", fmt.Sprintf("%s · %s", e.Provider, e.ServiceName))
		v.D["Picked"] = e
	}
	var shown []discoveredEntry
	matched := 0
	for i, e := range entries {
		if q != "" && !strings.Contains(strings.ToLower(e.Provider), q) && !strings.Contains(strings.ToLower(e.ServiceName), q) && e.ServiceID != q {
			continue
		}
		matched++
		if len(shown) < maxDiscovered {
			shown = append(shown, discoveredEntry{i, e})
		}
	}
	v.D["Discovered"] = shown
	v.D["DiscoveredMatched"], v.D["DiscoveredTotal"] = matched, len(entries)
	p.renderPGOIndex(w, r, v, http.StatusOK)
}

// pgoExchangeByID sends the browser to an exchange's page within its run
// (the link a finding keeps names the exchange only).
func (p *sandboxPages) pgoExchangeByID(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	xid, err := httpx.PathID(r, "xid")
	if err != nil {
		p.errorPage(w, r, http.StatusNotFound, apperr.ErrNotFound)
		return
	}
	rid, err := p.pgo.ExchangeRun(r.Context(), rq.HackathonID, xid)
	var run *pgoclient.Run
	if err == nil {
		run, err = p.pgo.Get(r.Context(), rq.HackathonID, rid)
	}
	if err != nil || !canSeeRun(rq, run) {
		p.errorPage(w, r, http.StatusNotFound, apperr.ErrNotFound)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/hackathons/%d/pgo/runs/%d/exchanges/%d", rq.HackathonID, rid, xid), http.StatusSeeOther)
}
