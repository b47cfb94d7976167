package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/testscript"
	"github.com/ketentest/ketentest/internal/validate"
)

// MaxClientExchanges is how many recorded requests of one client the
// client-direction page judges (the oldest first from the chosen period).
const MaxClientExchanges = 5000

// tsSince are the periods of recorded traffic the client page offers, in
// minutes (0: everything still kept).
var tsSince = []int{60, 24 * 60, 0}

// client is the client direction: a participant (PGO vendor) picks a
// PHR-Client script set (or one script of it) and one of its own OAuth
// clients, and sees the scripts judged on the traffic the sandbox
// recorded from that client, per operation and assert, with the exchange
// behind each. The logging and project team may pick any client of the
// hackathon. Nothing is stored; the page is a GET.
func (p *testscriptPages) client(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	rq := httpx.From(r)
	ctx := r.Context()
	v.Title = i18n.T(v.Lang, "testscript.client.title")
	all, err := sandbox.HackathonClientList(ctx, p.DB, rq.HackathonID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	owner, err := (&sandboxPages{Server: p.Server}).ownerOf(r)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	var clients []sandbox.RegisteredClient
	for _, c := range all {
		if rq.Can(authz.TrafficView) || (owner.OrganisationID != 0 && c.OrganisationID == owner.OrganisationID) || c.RegisteredByID == owner.UserID {
			clients = append(clients, c)
		}
	}
	sets, err := testscript.ListSets(testscript.SetsDir())
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	var clientSets []testscript.SetInfo
	for _, s := range sets {
		if s.Direction == testscript.ClientSet {
			clientSets = append(clientSets, s)
		}
	}
	q := r.URL.Query()
	v.Form = q
	v.D["Clients"] = clients
	v.D["Sets"] = clientSets
	v.D["Since"] = tsSince
	v.D["TrafficLinks"] = rq.Can(authz.TrafficView)
	status := http.StatusOK
	render := func() { p.render(w, status, "testscript_client", v) }
	cid, setID := strings.TrimSpace(q.Get("client")), strings.TrimSpace(q.Get("set"))
	if cid == "" && setID == "" {
		render()
		return
	}
	status = http.StatusUnprocessableEntity
	var client *sandbox.RegisteredClient
	for i := range clients {
		if clients[i].ClientID == cid {
			client = &clients[i]
		}
	}
	if client == nil {
		v.Errors["client"] = i18n.T(v.Lang, "testscript.client.err_client")
		render()
		return
	}
	scripts, err := testscript.LoadSet(testscript.SetsDir(), setID, testscript.ClientSet)
	if err != nil {
		v.Errors["set"] = i18n.T(v.Lang, "testscript.err.set")
		render()
		return
	}
	v.D["ScriptFiles"] = scriptFiles(scripts)
	if file := strings.TrimSpace(q.Get("script")); file != "" {
		var one []*testscript.Script
		for _, s := range scripts {
			if s.File == file {
				one = append(one, s)
			}
		}
		if len(one) == 0 {
			v.Errors["script"] = i18n.T(v.Lang, "testscript.client.err_script")
			render()
			return
		}
		scripts = one
	}
	var since time.Time
	switch m := q.Get("since"); m {
	case "", "0":
	case "60", "1440":
		n := 60
		if m == "1440" {
			n = 1440
		}
		since = time.Now().Add(-time.Duration(n) * time.Minute)
	default:
		v.Errors["since"] = i18n.T(v.Lang, "testscript.client.err_since")
		render()
		return
	}
	ds, err := sandbox.ClientExchanges(ctx, p.DB, client.ClientID, since, MaxClientExchanges)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	traffic := testscript.FromTraffic(ds)
	var results []*testscript.ScriptResult
	for _, s := range scripts {
		o := testscript.ClientOptions{}
		if vv, err := validate.DefaultPool().For(s.Version); err == nil {
			o.Validator = vv
		}
		results = append(results, testscript.EvaluateClient(ctx, s, traffic, o))
	}
	var total testscript.Counts
	for _, res := range results {
		total = total.Plus(res.Counts())
	}
	status = http.StatusOK
	v.D["Client"] = client
	v.D["Requests"] = len(traffic)
	v.D["Counts"] = total
	v.D["Bar"] = summaryBar(total)
	v.D["OpenScripts"] = len(results) <= 3
	v.D["Scripts"] = scriptViews(rq.HackathonID, results)
	v.D["Evaluated"] = true
	render()
}

func scriptFiles(ss []*testscript.Script) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.File
	}
	return out
}
