package api

import (
	"cmp"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/httpx"
)

// ActorTally is one actor's row of the 9A overview.
type ActorTally struct {
	Actor    string `json:"actor"`
	Total    int    `json:"total"`
	Open     int    `json:"open"`
	Unsolved int    `json:"unsolved"`
	Solved   int    `json:"solved"`
	Overdue  int    `json:"overdue"`
}

// Overview are the counts of the findings the caller may see (the live
// board's numbers) and the 9A overview per actor.
type Overview struct {
	Total       int                `json:"total"`
	Open        int                `json:"open"`
	Solved      int                `json:"solved"`
	Unsolved    int                `json:"unsolved"`
	Overdue     int                `json:"overdue"`
	ByStatus    map[string]int     `json:"by_status"`
	BySeverity  map[string]int     `json:"by_severity"`
	ByChainLink map[string]int     `json:"by_chain_link"`
	ByActor     []ActorTally       `json:"by_actor"`
	Newest      []*finding.Finding `json:"newest"`
}

// newestOnOverview is how many of the newest findings the overview carries.
const newestOnOverview = 10

func (h *findingHandlers) overview(w http.ResponseWriter, r *http.Request) {
	svc := h.svc()
	vw, err := h.viewer(r, svc)
	flt := finding.ParseFilter(r.URL.Query())
	today := date.Of(time.Now())
	var c finding.Counts
	var newest finding.Page
	if err == nil {
		c, err = svc.Tally(r.Context(), httpx.From(r).HackathonID, flt, vw, today)
	}
	if err == nil {
		flt.Limit, flt.Before = newestOnOverview, 0
		newest, err = svc.Page(r.Context(), httpx.From(r).HackathonID, flt, vw)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	o := Overview{Total: c.Total, Open: c.Open, Solved: c.Solved, Unsolved: c.Unsolved, Overdue: c.Overdue,
		ByStatus: map[string]int{}, BySeverity: c.Severity, ByChainLink: c.ChainLink, ByActor: []ActorTally{}, Newest: newest.Findings}
	for st, n := range c.Status {
		o.ByStatus[string(st)] = n
	}
	for a, t := range c.ByActor {
		o.ByActor = append(o.ByActor, ActorTally{Actor: a, Total: c.Actor[a], Open: t.Open, Unsolved: t.Unsolved, Solved: t.Solved, Overdue: t.Overdue})
	}
	slices.SortFunc(o.ByActor, func(a, b ActorTally) int { return cmp.Compare(a.Actor, b.Actor) })
	if o.Newest == nil {
		o.Newest = []*finding.Finding{}
	}
	ok(w, o)
}

// export serves a download of the findings of the query's filter that the
// caller may see.
func (h *findingHandlers) export(e finding.Export) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		svc := h.svc()
		rq := httpx.From(r)
		vw, err := h.viewer(r, svc)
		if err != nil {
			httpx.WriteError(w, r, err)
			return
		}
		src := svc.Stream(r.Context(), rq.HackathonID, finding.ParseFilter(r.URL.Query()), vw)
		out := &finding.LazyAttachment{W: w, Start: func() { httpx.Attachment(w, e.ContentType, e.Name) }}
		if err := e.Write(out, src, finding.ExportOptions{Lang: rq.Lang, BaseURL: h.BaseURL, Today: date.Of(time.Now().In(h.Zone)), Location: h.Zone}); err != nil {
			if !out.Started() {
				httpx.WriteError(w, r, err)
				return
			}
			slog.Warn("finding: export ended early", "export", e.Name, "err", err)
		}
	}
}
