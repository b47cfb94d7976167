package twiin

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ketentest/ketentest/internal/orgauth"
	"github.com/ketentest/ketentest/internal/testca"
)

// Authorizer checks the access token of a request (orgauth.Server is one).
type Authorizer interface {
	Authorize(r *http.Request, htu string) (*orgauth.Token, error)
}

// Received is a Notification Task the receiver accepted.
type Received struct {
	ID        string // server-assigned Task id
	Task      *Task
	At        time.Time
	Peer      testca.Peer
	TokenURA  string
	Cancelled bool
	sum       [32]byte // of the body, to tell a repeat from a conflicting reuse
}

// Receiver is the notification endpoint of a receiving organisation:
//
//	POST /Task                      create (idempotent per identifier)
//	PUT  /Task?identifier=sys|val   conditional update (cancel: status cancelled)
//	GET  /Task/{id}                 read back
type Receiver struct {
	OwnerURAs []string   // organisations this endpoint receives for
	Auth      Authorizer // nil accepts requests without a token (tests only)
	BaseURL   string     // external URL of the endpoint (htu, Location)
	OnNotify  func(*Received)
	OnCancel  func(*Received)
	Record    Recorder
	Now       func() time.Time

	mu      sync.Mutex
	byIdent map[string]*Received
	byID    map[string]*Received
	seq     int
	once    sync.Once
	mux     *http.ServeMux
}

func (rc *Receiver) init() {
	rc.once.Do(func() {
		rc.byIdent, rc.byID = map[string]*Received{}, map[string]*Received{}
		if rc.Now == nil {
			rc.Now = time.Now
		}
		rc.mux = http.NewServeMux()
		rc.mux.HandleFunc("POST /Task", rc.create)
		rc.mux.HandleFunc("PUT /Task", rc.conditionalUpdate)
		rc.mux.HandleFunc("GET /Task/{id}", rc.read)
		rc.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			writeOutcome(w, http.StatusNotFound, "not-supported", "alleen POST /Task, PUT /Task?identifier=… en GET /Task/{id}")
		})
	})
}

// Get returns the received task with server id id.
func (rc *Receiver) Get(id string) (*Received, bool) {
	rc.init()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	r, ok := rc.byID[id]
	if !ok {
		return nil, false
	}
	c := *r
	return &c, true
}

// Count returns the number of distinct notifications received.
func (rc *Receiver) Count() int {
	rc.init()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.byID)
}

type exchKey struct{}

// ServeHTTP authenticates, routes and records.
func (rc *Receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.init()
	ex := &Exchange{Role: "receiver", At: rc.Now(), Method: r.Method, Path: RecordedPath(r.URL)}
	if p, ok := testca.PeerOf(r); ok {
		ex.PeerSubject, ex.PeerURA = p.Subject, p.URA
	}
	rec := &statusWriter{ResponseWriter: w}
	defer func() {
		if rc.Record != nil {
			ex.Status = rec.status
			rc.Record(*ex)
		}
	}()
	if rc.Auth != nil {
		tok, err := rc.Auth.Authorize(r, rc.BaseURL+strings.TrimPrefix(r.URL.Path, ""))
		if err != nil {
			ex.Note = err.Error()
			rec.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			writeOutcome(rec, http.StatusUnauthorized, "login", "geen geldig access token: "+err.Error())
			return
		}
		ex.TokenURA = tok.URA
	}
	r = r.WithContext(context.WithValue(r.Context(), exchKey{}, ex))
	rc.mux.ServeHTTP(rec, r)
}

func exchangeOf(r *http.Request) *Exchange {
	if e, ok := r.Context().Value(exchKey{}).(*Exchange); ok {
		return e
	}
	return &Exchange{}
}

// readTask reads and validates the body; it answers the error itself.
func (rc *Receiver) readTask(w http.ResponseWriter, r *http.Request) (*Task, []byte, bool) {
	ex := exchangeOf(r)
	ct, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/fhir+json" && ct != "application/json+fhir" && ct != "application/json" {
		ex.Note = "content type"
		writeOutcome(w, http.StatusUnsupportedMediaType, "not-supported", "Content-Type moet application/fhir+json zijn")
		return nil, nil, false
	}
	if v := params["fhirversion"]; v != "" && !strings.HasPrefix(v, "3.0") {
		ex.Note = "fhirVersion " + v
		writeOutcome(w, http.StatusUnsupportedMediaType, "not-supported", "fhirVersion "+v+": de Notification Task is FHIR STU3 (3.0)")
		return nil, nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxTaskBytes))
	if err != nil {
		ex.Note = "body"
		writeOutcome(w, http.StatusRequestEntityTooLarge, "too-costly", "body onleesbaar of groter dan 256 KiB")
		return nil, nil, false
	}
	t, err := ParseTask(body)
	if err != nil {
		ex.Note = err.Error()
		status := http.StatusBadRequest
		if errors.Is(err, ErrNotTask) {
			status = http.StatusUnprocessableEntity
		}
		writeOutcome(w, status, "structure", err.Error())
		return nil, nil, false
	}
	is := Validate(t, rc.Now())
	if t.Owner != nil && t.Owner.Identifier != nil && t.Owner.Identifier.Value != "" && !slices.Contains(rc.OwnerURAs, t.Owner.Identifier.Value) {
		is = append(is, Issue{Severity: "error", Code: "not-found", Expression: "Task.owner.identifier", Message: "onbekende ontvanger: URA " + t.Owner.Identifier.Value + " ontvangt niet op dit endpoint"})
	}
	if ex.TokenURA != "" && t.Requester != nil && t.Requester.OnBehalfOf != nil && t.Requester.OnBehalfOf.Identifier != nil &&
		t.Requester.OnBehalfOf.Identifier.System == SystemURA && t.Requester.OnBehalfOf.Identifier.Value != ex.TokenURA {
		ex.Note = "requester is not the token's organisation"
		writeOutcome(w, http.StatusForbidden, "forbidden", "Task.requester.onBehalfOf (URA "+t.Requester.OnBehalfOf.Identifier.Value+") is niet de organisatie van het token (URA "+ex.TokenURA+")")
		return nil, nil, false
	}
	if is.Errors() {
		ex.Note = "invalid Task"
		writeIssues(w, http.StatusUnprocessableEntity, is)
		return nil, nil, false
	}
	return t, body, true
}

func (rc *Receiver) create(w http.ResponseWriter, r *http.Request) {
	t, body, ok := rc.readTask(w, r)
	if !ok {
		return
	}
	if t.Status != "requested" {
		writeOutcome(w, http.StatusUnprocessableEntity, "business-rule", "een nieuwe notificatie heeft status requested; intrekken gaat met PUT /Task?identifier=…")
		return
	}
	sum := sha256.Sum256(bytes.TrimSpace(body))
	key := t.IdentifierToken()
	rc.mu.Lock()
	if prev, ok := rc.byIdent[key]; ok {
		rc.mu.Unlock()
		if prev.sum != sum {
			exchangeOf(r).Note = "identifier reused"
			writeOutcome(w, http.StatusConflict, "duplicate", "Task.identifier "+t.IdentifierValue()+" is al ontvangen met andere inhoud: een gewijzigde set krijgt een nieuw identifier (zelfde groupIdentifier)")
			return
		}
		rc.answer(w, http.StatusCreated, prev) // idempotent: the same answer, no second pull
		return
	}
	rc.seq++
	rec := &Received{ID: "notification-" + strconv.Itoa(rc.seq), Task: t, At: rc.Now(), TokenURA: exchangeOf(r).TokenURA, sum: sum}
	rec.Task.ID = rec.ID
	if p, ok := testca.PeerOf(r); ok {
		rec.Peer = p
	}
	rc.byIdent[key], rc.byID[rec.ID] = rec, rec
	rc.mu.Unlock()
	rc.answer(w, http.StatusCreated, rec)
	if rc.OnNotify != nil {
		c := *rec
		rc.OnNotify(&c)
	}
}

func (rc *Receiver) answer(w http.ResponseWriter, status int, rec *Received) {
	w.Header().Set("Location", strings.TrimSuffix(rc.BaseURL, "/")+"/Task/"+rec.ID+"/_history/1")
	writeFHIR(w, status, rec.Task)
}

func (rc *Receiver) conditionalUpdate(w http.ResponseWriter, r *http.Request) {
	ident := r.URL.Query().Get("identifier")
	if ident == "" || !strings.Contains(ident, "|") {
		writeOutcome(w, http.StatusBadRequest, "required", "conditional update: ?identifier=systeem|waarde ontbreekt")
		return
	}
	t, _, ok := rc.readTask(w, r)
	if !ok {
		return
	}
	if t.IdentifierToken() != ident {
		writeOutcome(w, http.StatusBadRequest, "invalid", "Task.identifier komt niet overeen met ?identifier=")
		return
	}
	rc.mu.Lock()
	prev, ok := rc.byIdent[ident]
	if !ok {
		rc.mu.Unlock()
		exchangeOf(r).Note = "unknown identifier"
		writeOutcome(w, http.StatusNotFound, "not-found", "geen notificatie met identifier "+ident)
		return
	}
	cancel := t.Status == "cancelled" && !prev.Cancelled
	t.ID = prev.ID
	prev.Task = t
	prev.Cancelled = t.Status == "cancelled"
	c := *prev
	rc.mu.Unlock()
	rc.answer(w, http.StatusOK, &c)
	if cancel && rc.OnCancel != nil {
		rc.OnCancel(&c)
	}
}

func (rc *Receiver) read(w http.ResponseWriter, r *http.Request) {
	rec, ok := rc.Get(r.PathValue("id"))
	if !ok {
		writeOutcome(w, http.StatusNotFound, "not-found", "Task/"+r.PathValue("id")+" bestaat niet")
		return
	}
	writeFHIR(w, http.StatusOK, rec.Task)
}

// statusWriter remembers the status of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
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
	return w.ResponseWriter.Write(b)
}
