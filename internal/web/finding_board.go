package web

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
)

// boardNewest is how many of the newest findings the live board shows.
const boardNewest = 15

// board is the live board of the day: counts by status, severity, actor and
// chain link and the newest findings, kept current by static/board.js from
// the snapshot (board.json) and the event stream (events).
func (p *findingPages) board(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	vw, err := p.viewer(r)
	var fs []*finding.Finding
	if err == nil {
		fs, err = p.svc.List(r.Context(), v.Hackathon.ID, finding.Filter{}, vw)
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	today := date.Of(time.Now())
	v.Title = i18n.T(v.Lang, "board.title")
	v.D["Counts"] = finding.Count(fs, today)
	v.D["Newest"] = fs[:min(len(fs), boardNewest)]
	v.D["Statuses"] = finding.Statuses
	v.D["Severities"] = finding.Severities
	v.D["ChainLinks"] = finding.ChainLinks
	labels := map[string]map[string]string{"status": {}, "severity": {}, "chain_link": {}, "text": {}}
	for _, s := range finding.Statuses {
		labels["status"][string(s)] = i18n.T(v.Lang, "fstatus."+string(s))
	}
	for _, s := range finding.Severities {
		labels["severity"][s] = i18n.T(v.Lang, "severity."+s)
	}
	for _, c := range finding.ChainLinks {
		labels["chain_link"][c] = i18n.T(v.Lang, "chain."+c)
	}
	for _, k := range []string{"board.live", "board.offline", "board.connecting", "finding.none"} {
		labels["text"][k] = i18n.T(v.Lang, k)
	}
	b, _ := json.Marshal(labels)
	v.D["Labels"] = string(b)
	p.render(w, http.StatusOK, "finding_board", v)
}

// BoardSnapshot is what the board starts from: the findings the viewer may
// see and the event id after which the stream continues.
type BoardSnapshot struct {
	LastEventID int64                 `json:"last_event_id"`
	Findings    []finding.LiveFinding `json:"findings"`
}

func (p *findingPages) boardSnapshot(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	// The id is read before the list, so no change falls between the two.
	snap := BoardSnapshot{LastEventID: finding.LiveFor(p.DB).LastID(), Findings: []finding.LiveFinding{}}
	vw, err := p.viewer(r)
	var fs []*finding.Finding
	if err == nil {
		fs, err = p.svc.List(r.Context(), rq.HackathonID, finding.Filter{}, vw)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	for _, f := range fs {
		snap.Findings = append(snap.Findings, f.Live(""))
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, snap)
}

// events is the board's stream of server-sent events (see finding.ServeLive).
func (p *findingPages) events(w http.ResponseWriter, r *http.Request) {
	if !finding.WantsEventStream(r) {
		http.Error(w, "this is a stream of server-sent events: send Accept: text/event-stream", http.StatusNotAcceptable)
		return
	}
	vw, err := p.viewer(r)
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	finding.ServeLive(w, r, finding.LiveFor(p.DB), httpx.From(r).HackathonID, vw)
}
