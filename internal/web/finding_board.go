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
	var counts finding.Counts
	var newest finding.Page
	if err == nil {
		counts, newest, err = p.boardData(r, v.Hackathon.ID, vw)
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	v.Title = i18n.T(v.Lang, "board.title")
	v.D["Counts"] = counts
	v.D["Newest"] = newest.Findings
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

// boardData is what the board shows: the counts (one aggregate query) and
// the newest findings (one page), both independent of how many there are.
func (p *findingPages) boardData(r *http.Request, hid int64, vw finding.Viewer) (finding.Counts, finding.Page, error) {
	counts, err := p.svc.Tally(r.Context(), hid, finding.Filter{}, vw, date.Of(time.Now()))
	if err != nil {
		return counts, finding.Page{}, err
	}
	newest, err := p.svc.Page(r.Context(), hid, finding.Filter{Limit: boardNewest}, vw)
	return counts, newest, err
}

// BoardSnapshot is what the board starts from and refreshes its counts
// with: the counts and newest findings the viewer may see, and the event id
// after which the stream continues.
type BoardSnapshot struct {
	LastEventID int64                 `json:"last_event_id"`
	Counts      BoardCounts           `json:"counts"`
	Findings    []finding.LiveFinding `json:"findings"`
}

// BoardCounts are the board's tallies.
type BoardCounts struct {
	Total     int            `json:"total"`
	Open      int            `json:"open"`
	Status    map[string]int `json:"status"`
	Severity  map[string]int `json:"severity"`
	Actor     map[string]int `json:"actor"`
	ChainLink map[string]int `json:"chain_link"`
}

func (p *findingPages) boardSnapshot(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	// The id is read before the list, so no change falls between the two.
	snap := BoardSnapshot{LastEventID: p.svc.Live.Broker.LastID(), Findings: []finding.LiveFinding{}}
	vw, err := p.viewer(r)
	var c finding.Counts
	var newest finding.Page
	if err == nil {
		c, newest, err = p.boardData(r, rq.HackathonID, vw)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	snap.Counts = BoardCounts{Total: c.Total, Open: c.Open, Status: map[string]int{}, Severity: c.Severity, Actor: c.Actor, ChainLink: c.ChainLink}
	for st, n := range c.Status {
		snap.Counts.Status[string(st)] = n
	}
	for _, f := range newest.Findings {
		snap.Findings = append(snap.Findings, f.Live(""))
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, snap)
}

// events is the board's stream of server-sent events (see finding.Live.Serve).
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
	p.svc.Live.Serve(w, r, httpx.From(r).HackathonID, vw)
}
