package orgsandbox

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/store"
)

// Layers are the interoperability layers of the projectathon matrix (the
// layers of seed 004: organisation, care process, information,
// application, infrastructure); the UI text is twiin.layer.{name}.
var Layers = []string{"organisatie", "zorgproces", "informatie", "applicatie", "infrastructuur"}

// Cell is one layer of one pair: passed, and when it last did.
type Cell struct {
	Pass bool
	At   time.Time
}

// Pair is two organisations (test URAs, A < B with ketentest's sandbox
// first) and, per layer, whether a recorded exchange between them passed.
type Pair struct {
	A, B         string
	AName, BName string
	Cells        []Cell // per Layers
	Last         time.Time
}

// layersOf tells which layers a recorded exchange passes: infrastructure
// on mutual TLS with a certificate and a non-error answer; application on
// an accepted Notification Task; organisation on an issued token (a
// holder request with a token of the organisation, or ketentest's token
// at the participant's server); information on an answered query; care
// process on a whole notified pull.
func layersOf(x *Exchange) []string {
	var out []string
	ok := x.Status >= 200 && x.Status < 300
	if ok && x.PeerSubject != "" {
		out = append(out, "infrastructuur")
	}
	switch {
	case (x.Role == "receiver" || x.Role == "sender") && x.Status == http.StatusCreated:
		out = append(out, "applicatie")
	case x.Role == "holder" && x.Status == http.StatusOK && x.TokenURA != "":
		out = append(out, "organisatie", "informatie")
	case x.Role == "puller" && x.Status == http.StatusOK && isToken(x):
		out = append(out, "organisatie")
	case x.Role == "puller" && x.Status == http.StatusOK:
		out = append(out, "informatie")
	case x.Role == "pull" && x.Status == http.StatusOK:
		out = append(out, "zorgproces")
	}
	return out
}

// Matrix computes the projectathon matrix of hackathon hid from its
// recorded exchanges: every pair with at least one exchange, each layer
// passed or not and when. Organisations are named from twiin_clients.
// ketentest's sandbox (SandboxURA) is one side of every exchange it
// records.
func Matrix(ctx context.Context, db *store.DB, hid int64) ([]Pair, error) {
	names := map[string]string{SandboxURA: "ketentest (TEST)"}
	rows, err := db.Query(ctx, "SELECT ura, name FROM twiin_clients WHERE hackathon_id = ?", hid)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var u, n string
		if err := rows.Scan(&u, &n); err != nil {
			rows.Close()
			return nil, err
		}
		names[u] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	xs, err := ListExchanges(ctx, db, hid, "", MaxExchanges)
	if err != nil {
		return nil, err
	}
	pairs := map[string]*Pair{}
	// a whole notified pull with ketentest as sender: an accepted Task
	// and the receiver's answered pull afterwards.
	notified := map[string]time.Time{}
	for i := len(xs) - 1; i >= 0; i-- { // oldest first
		x := &xs[i]
		other := x.PeerURA
		if x.Role == "holder" && x.TokenURA != "" {
			other = x.TokenURA
		}
		if other == "" || other == SandboxURA {
			continue
		}
		p := pairs[other]
		if p == nil {
			p = &Pair{A: SandboxURA, B: other, AName: names[SandboxURA], BName: names[other], Cells: make([]Cell, len(Layers))}
			if p.BName == "" {
				p.BName = other
			}
			pairs[other] = p
		}
		if x.At.After(p.Last) {
			p.Last = x.At
		}
		ls := layersOf(x)
		if x.Role == "sender" && x.Status == http.StatusCreated {
			notified[other] = x.At
		}
		if x.Role == "holder" && x.Status == http.StatusOK && !notified[other].IsZero() {
			ls = append(ls, "zorgproces")
		}
		for _, l := range ls {
			for k, name := range Layers {
				if name == l {
					p.Cells[k] = Cell{Pass: true, At: x.At}
				}
			}
		}
	}
	out := make([]Pair, 0, len(pairs))
	for _, p := range pairs {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].BName) < strings.ToLower(out[j].BName) })
	return out, nil
}

// Matrix is Matrix for hackathon code.
func (e *Engine) Matrix(ctx context.Context, code string) ([]Pair, error) {
	h, err := e.get(ctx, code)
	if err != nil {
		return nil, err
	}
	return Matrix(ctx, e.opts.DB, h.id)
}
