package sandbox

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/redact"
	"github.com/ketentest/ketentest/internal/store"
)

// Bodies kept in the traffic record: at most this much of each.
const (
	MaxRecordedRequestBody  = 64 << 10
	MaxRecordedResponseBody = 256 << 10
)

// capture keeps the first bytes of a body passing through it.
type capture struct {
	r   io.ReadCloser
	buf []byte
	max int
	cut bool
}

func (c *capture) keep(b []byte) {
	limit := c.max
	if limit == 0 {
		limit = MaxRecordedResponseBody
	}
	room := limit - len(c.buf)
	if len(b) > room {
		b, c.cut = b[:max(room, 0)], true
	}
	c.buf = append(c.buf, b...)
}

func (c *capture) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.max == 0 {
		c.max = MaxRecordedRequestBody
	}
	c.keep(p[:n])
	return n, err
}

func (c *capture) Close() error { return c.r.Close() }

// trafficBodies are the bodies of one exchange, secrets masked, with
// their hashes; the traffic writer stores each content once.
type trafficBodies struct {
	req, resp         string
	reqHash, respHash string
	cut               bool
}

// recordedBodies masks secrets in the request and response bodies (form
// codes and tokens, token responses), replaces invalid UTF-8 and hashes
// them. Most answers of the DVA repeat exactly (same dossier, same query),
// so a recorded request usually costs a hash and a map lookup, not a write
// of its body.
func recordedBodies(r *http.Request, rec *recorder, req *capture) trafficBodies {
	if req == nil || (rec.body == nil && rec.known == nil) {
		return trafficBodies{}
	}
	var b trafficBodies
	b.req, b.reqHash = cleanBody(redact.Body(r.Header.Get("Content-Type"), req.buf))
	if rec.known != nil {
		var cut bool
		b.resp, b.respHash, cut = rec.known.recorded(rec.Header().Get("Content-Type"))
		b.cut = req.cut || cut
		return b
	}
	b.resp, b.respHash = cleanBody(redact.Body(rec.Header().Get("Content-Type"), rec.body.buf))
	b.cut = req.cut || rec.body.cut
	return b
}

// cleanBody replaces invalid UTF-8 and hashes a (masked) body.
func cleanBody(b []byte) (string, string) {
	if len(b) == 0 {
		return "", ""
	}
	if !utf8.Valid(b) {
		b = []byte(strings.ToValidUTF8(string(b), string(utf8.RuneError)))
	}
	sum := sha256.Sum256(b)
	return string(b), hex.EncodeToString(sum[:])
}

// knownBodies remembers which bodies a database already holds.
var knownBodies = struct {
	sync.Mutex
	m map[bodyKey]bool
}{m: map[bodyKey]bool{}}

type bodyKey struct {
	db   *store.DB
	hash string
}

const maxKnownBodies = 20000

// storeBodies writes the bodies of recs that the database does not hold yet.
func storeBodies(ctx context.Context, db *store.DB, recs []trafficRecord) {
	for _, rec := range recs {
		for _, b := range [][2]string{{rec.bodies.reqHash, rec.bodies.req}, {rec.bodies.respHash, rec.bodies.resp}} {
			if b[0] == "" {
				continue
			}
			k := bodyKey{db, b[0]}
			knownBodies.Lock()
			known := knownBodies.m[k]
			knownBodies.Unlock()
			if known {
				continue
			}
			if _, err := db.Exec(ctx, "INSERT INTO sandbox_bodies (hash, body) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING", b[0], b[1]); err != nil {
				slog.Error("sandbox: record body", "err", err)
				continue
			}
			knownBodies.Lock()
			if len(knownBodies.m) >= maxKnownBodies {
				clear(knownBodies.m)
			}
			knownBodies.m[k] = true
			knownBodies.Unlock()
		}
	}
}

// recordedPath masks secrets in a request path: code and state on the
// OAuth endpoints, token-like parameters anywhere (a FHIR "code" search
// parameter stays).
func recordedPath(path string) string {
	if strings.HasPrefix(path, "/oauth/") {
		return redact.OAuthURL(path)
	}
	return redact.URL(path)
}

// ErrTrafficNotFound is returned for an unknown or foreign exchange.
var ErrTrafficNotFound = fmt.Errorf("sandbox: exchange %w", apperr.ErrNotFound)

// TrafficFilter selects recorded exchanges of one hackathon: those of the
// OAuth clients registered for it.
type TrafficFilter struct {
	HackathonID int64
	ClientID    string // "" for every client of the hackathon
	Status      string // "", "2xx", "3xx", "4xx", "5xx" or an exact code
	BeforeID    int64  // page: only exchanges older than this id
	Limit       int
}

// statusRange turns a status filter into a range.
func statusRange(s string) (lo, hi int, err error) {
	switch s {
	case "":
		return 0, 0, nil
	case "2xx", "3xx", "4xx", "5xx":
		lo = int(s[0]-'0') * 100
		return lo, lo + 99, nil
	}
	var n int
	if _, err := fmt.Sscanf(s, "%d", &n); err != nil || n < 100 || n > 599 || fmt.Sprint(n) != s {
		return 0, 0, fmt.Errorf("status filter %q must be 2xx, 3xx, 4xx, 5xx or a status code", s)
	}
	return n, n, nil
}

// TrafficDetail is one recorded exchange with its bodies.
type TrafficDetail struct {
	TrafficEntry
	RequestBody   string
	ResponseBody  string
	BodyTruncated bool
	ClientName    string
}

const trafficCols = `t.id, t.at, t.client_id, COALESCE(t.token_id, 0), t.patient_key, t.method, t.path, t.status, t.duration_us,
	t.request_id, t.correlation_id, t.request_headers, t.response_headers, t.claimed_client_id`

// ofClient joins an exchange to the client it proved to be or, when it
// proved nothing, the client it named (listed, but marked as unproven).
const ofClient = `JOIN sandbox_clients c ON c.client_id IN (t.client_id, t.claimed_client_id)`

func scanTraffic(row interface{ Scan(...any) error }, extra ...any) (TrafficEntry, error) {
	var e TrafficEntry
	var us int64
	var reqH, respH string
	dest := append([]any{&e.ID, &e.At, &e.ClientID, &e.TokenID, &e.PatientKey, &e.Method, &e.Path, &e.Status, &us,
		&e.RequestID, &e.CorrelationID, &reqH, &respH, &e.ClaimedClientID}, extra...)
	if err := row.Scan(dest...); err != nil {
		return e, err
	}
	e.Duration = time.Duration(us) * time.Microsecond
	json.Unmarshal([]byte(reqH), &e.RequestHeaders)
	json.Unmarshal([]byte(respH), &e.ResponseHeaders)
	return e, nil
}

// HackathonTraffic lists the exchanges of a hackathon's clients, newest
// first: those that proved to be the client and those that only named it
// (ClaimedClientID set).
func HackathonTraffic(ctx context.Context, db *store.DB, f TrafficFilter) ([]TrafficEntry, error) {
	lo, hi, err := statusRange(f.Status)
	if err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	// The hackathon's clients first (few); then, per client, its newest
	// exchanges through the indexes on (client_id, id) and
	// (claimed_client_id, id), each branch stopping at the limit. So a quiet
	// hackathon does not scan a busy one's traffic, nor a busy one sort all
	// of its own.
	ids, err := hackathonClientIDs(ctx, db, f.HackathonID, f.ClientID)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	filter, fargs := "", []any{}
	if lo > 0 {
		filter += " AND t.status BETWEEN ? AND ?"
		fargs = append(fargs, lo, hi)
	}
	if f.BeforeID > 0 {
		filter += " AND t.id < ?"
		fargs = append(fargs, f.BeforeID)
	}
	var branches []string
	var args []any
	for i, id := range ids {
		for j, col := range []string{"client_id", "claimed_client_id"} {
			branches = append(branches, fmt.Sprintf("SELECT id FROM (SELECT t.id FROM sandbox_traffic t WHERE t.%s = ?%s ORDER BY t.id DESC LIMIT ?) b%d_%d", col, filter, i, j))
			args = append(append(append(args, id), fargs...), f.Limit)
		}
	}
	q := `SELECT ` + trafficCols + ` FROM sandbox_traffic t WHERE t.id IN (` + strings.Join(branches, " UNION ALL ") + `) ORDER BY t.id DESC LIMIT ?`
	args = append(args, f.Limit)
	return queryTraffic(ctx, db, q, args...)
}

// hackathonClientIDs lists the client ids of a hackathon, or only clientID
// when it is one of them.
func hackathonClientIDs(ctx context.Context, db *store.DB, hackathonID int64, clientID string) ([]string, error) {
	q, args := "SELECT client_id FROM sandbox_clients WHERE hackathon_id = ?", []any{hackathonID}
	if clientID != "" {
		q += " AND client_id = ?"
		args = append(args, clientID)
	}
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// queryTraffic runs a query selecting trafficCols and scans its rows.
func queryTraffic(ctx context.Context, db *store.DB, q string, args ...any) ([]TrafficEntry, error) {
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TrafficEntry
	for rows.Next() {
		e, err := scanTraffic(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// HackathonExchange returns one exchange of a hackathon's clients.
func HackathonExchange(ctx context.Context, db *store.DB, hackathonID, id int64) (*TrafficDetail, error) {
	var d TrafficDetail
	row := db.QueryRow(ctx, `SELECT `+trafficCols+`, COALESCE(qb.body, ''), COALESCE(rb.body, ''), t.body_truncated, c.name
		FROM sandbox_traffic t `+ofClient+`
		LEFT JOIN sandbox_bodies qb ON qb.hash = t.request_body_hash AND t.request_body_hash <> ''
		LEFT JOIN sandbox_bodies rb ON rb.hash = t.response_body_hash AND t.response_body_hash <> ''
		WHERE t.id = ? AND c.hackathon_id = ?`, id, hackathonID)
	e, err := scanTraffic(row, &d.RequestBody, &d.ResponseBody, &d.BodyTruncated, &d.ClientName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrTrafficNotFound
	}
	if err != nil {
		return nil, err
	}
	d.TrafficEntry = e
	return &d, nil
}

// HackathonClients lists the clients registered for a hackathon.
func HackathonClients(ctx context.Context, db *store.DB, hackathonID int64) ([]Client, error) {
	all, err := Clients(ctx, db)
	if err != nil {
		return nil, err
	}
	var out []Client
	for _, c := range all {
		if c.HackathonID == hackathonID {
			out = append(out, c)
		}
	}
	return out, nil
}

// TrafficIDByRequestID finds the recorded exchange of a hackathon's client
// with a MedMij-Request-ID (unique per request), e.g. to connect a request
// of ketentest's reference PGO with the DVA's record of it.
func TrafficIDByRequestID(ctx context.Context, db *store.DB, hackathonID int64, requestID string) (int64, error) {
	clients, err := hackathonClientIDs(ctx, db, hackathonID, "")
	if err != nil {
		return 0, err
	}
	if len(clients) == 0 {
		return 0, ErrTrafficNotFound
	}
	// One pass over sandbox_traffic, not a join per exchange.
	in := "(?" + strings.Repeat(", ?", len(clients)-1) + ")"
	args := []any{requestID}
	for range 2 {
		for _, c := range clients {
			args = append(args, c)
		}
	}
	var id int64
	err = db.QueryRow(ctx, `SELECT t.id FROM sandbox_traffic t WHERE t.request_id = ?
		AND (t.client_id IN `+in+` OR t.claimed_client_id IN `+in+`) ORDER BY t.id DESC LIMIT 1`, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrTrafficNotFound
	}
	return id, err
}

// FlushTraffic returns when every exchange served so far is in the
// database (traffic is written in batches, a moment after the answer).
func (d *DVA) FlushTraffic() {
	if d.traffic != nil {
		d.traffic.flush()
	}
	for _, s := range d.subs {
		s.FlushTraffic()
	}
}
