// Package gfmock owns the per-hackathon mocks of the Dutch generic
// functions a care-provider exchange leans on, small enough to reason
// about and strict enough to test a participant against:
//
//   - addressing: a minimal mCSD query directory (Organization by URA with
//     its Endpoints, connectionType hl7-fhir-rest and payloadType codes)
//     and a ZORG-AB-like lookup URA → notification, FHIR and token
//     endpoints;
//   - localization: an NVI-like index of DocumentReferences on pseudo-BSN
//     (create and search);
//   - consent: a Mitz-like closed question answered Permit or Deny per
//     configured tuple (Deny when nothing is configured).
//
// Handlers are mounted under a prefix (http.StripPrefix):
//
//	GET  /mcsd/Organization?identifier=…ura|{ura}[&_include=Organization:endpoint]
//	GET  /mcsd/Organization/{id}, /mcsd/Endpoint/{id}
//	GET  /zorgab/{ura}
//	POST /nvi/DocumentReference, GET /nvi/DocumentReference?subject:identifier=…pseudo-bsn|{p}
//	POST /mitz/consent
//
// Everything here is test data of one hackathon.
package gfmock

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/ketentest/ketentest/internal/testca"
	"github.com/ketentest/ketentest/internal/twiin"
)

// Systems and codes.
const (
	SystemURA           = "http://fhir.nl/fhir/NamingSystem/ura"
	SystemPseudoBSN     = "http://fhir.nl/fhir/NamingSystem/pseudo-bsn"
	SystemCapability    = "http://nuts-foundation.github.io/nl-generic-functions-ig/CodeSystem/nl-gf-data-exchange-capabilities"
	SystemConnection    = "http://terminology.hl7.org/CodeSystem/endpoint-connection-type"
	LOINCPatientSummary = "55188-7"

	PayloadNotification = "Twiin-TA-notification"
	PayloadOAuth        = "Nuts-OAuth"
	PayloadBgZ          = "http://nictiz.nl/fhir/CapabilityStatement/bgz2017-servercapabilities"
)

// Endpoint is one technical endpoint of an organisation.
type Endpoint struct {
	ID           string
	Address      string
	PayloadTypes []string // codes of nl-gf-data-exchange-capabilities or CapabilityStatement URLs
}

// Organization is a directory entry.
type Organization struct {
	ID        string
	URA       string
	Name      string
	Endpoints []Endpoint
}

// Mocks holds the directory, localization index and consent table of one
// hackathon.
type Mocks struct {
	Hackathon string
	BaseURL   string // external base of the mocks, for fullUrl
	// RequirePeer makes the NVI accept a DocumentReference only when the
	// mutual-TLS client certificate's URA is the custodian's.
	RequirePeer bool

	mu      sync.RWMutex
	orgs    map[string]*Organization // by URA
	docs    []docRef
	consent map[Tuple]bool
	seq     int
	mux     *http.ServeMux
	once    sync.Once
}

var (
	uraRE = regexp.MustCompile(`^[0-9]{8}$`)
)

// PutOrganization adds or replaces an organisation.
func (m *Mocks) PutOrganization(o Organization) error {
	if !uraRE.MatchString(o.URA) {
		return fmt.Errorf("URA %q: 8 cijfers verwacht", o.URA)
	}
	if o.ID == "" {
		o.ID = "org-" + o.URA
	}
	for i, e := range o.Endpoints {
		if e.ID == "" {
			o.Endpoints[i].ID = fmt.Sprintf("%s-ep-%d", o.ID, i+1)
		}
		if !strings.HasPrefix(e.Address, "https://") {
			return fmt.Errorf("endpoint %d: adres moet https:// zijn", i+1)
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.orgs == nil {
		m.orgs = map[string]*Organization{}
	}
	m.orgs[o.URA] = &o
	return nil
}

// ErrUnknownURA is returned for an organisation not in the directory.
var ErrUnknownURA = errors.New("gfmock: URA niet in de adresboek-mock")

// Endpoints resolves the Twiin endpoints of an organisation (the lookup
// the reference receiver uses, as a real GtK would use ZORG-AB).
func (m *Mocks) Endpoints(_ context.Context, ura string) (twiin.Endpoints, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	o, ok := m.orgs[ura]
	if !ok {
		return twiin.Endpoints{}, ErrUnknownURA
	}
	var e twiin.Endpoints
	for _, ep := range o.Endpoints {
		switch {
		case slices.Contains(ep.PayloadTypes, PayloadNotification):
			e.Notification = ep.Address
		case slices.Contains(ep.PayloadTypes, PayloadOAuth):
			e.Token = ep.Address
		default:
			if e.FHIRBase == "" {
				e.FHIRBase = ep.Address
			}
		}
	}
	return e, nil
}

func (m *Mocks) init() {
	m.once.Do(func() {
		m.mux = http.NewServeMux()
		m.mux.HandleFunc("GET /mcsd/Organization", m.searchOrganization)
		m.mux.HandleFunc("GET /mcsd/Organization/{id}", m.readOrganization)
		m.mux.HandleFunc("GET /mcsd/Endpoint/{id}", m.readEndpoint)
		m.mux.HandleFunc("GET /zorgab/{ura}", m.zorgab)
		m.mux.HandleFunc("POST /nvi/DocumentReference", m.createDocRef)
		m.mux.HandleFunc("GET /nvi/DocumentReference", m.searchDocRef)
		m.mux.HandleFunc("POST /mitz/consent", m.consentQuestion)
		m.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			outcome(w, http.StatusNotFound, "not-supported", "onbekend pad")
		})
	})
}

// ServeHTTP serves the mocks.
func (m *Mocks) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.init()
	w.Header().Set("Cache-Control", "no-store")
	m.mux.ServeHTTP(w, r)
}

func outcome(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, "application/fhir+json", map[string]any{"resourceType": "OperationOutcome",
		"issue": []map[string]any{{"severity": "error", "code": code, "diagnostics": msg}}})
}

func writeJSON(w http.ResponseWriter, status int, ct string, v any) {
	w.Header().Set("Content-Type", ct+"; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (m *Mocks) base() string { return strings.TrimSuffix(m.BaseURL, "/") }

func orgResource(o *Organization) map[string]any {
	var refs []map[string]string
	for _, e := range o.Endpoints {
		refs = append(refs, map[string]string{"reference": "Endpoint/" + e.ID})
	}
	return map[string]any{"resourceType": "Organization", "id": o.ID, "active": true, "name": o.Name,
		"identifier": []map[string]string{{"system": SystemURA, "value": o.URA}}, "endpoint": refs}
}

func endpointResource(o *Organization, e Endpoint) map[string]any {
	var pts []map[string]any
	for _, p := range e.PayloadTypes {
		if strings.HasPrefix(p, "http") {
			pts = append(pts, map[string]any{"coding": []map[string]string{{"system": "urn:ietf:rfc:3986", "code": p}}})
		} else {
			pts = append(pts, map[string]any{"coding": []map[string]string{{"system": SystemCapability, "code": p}}})
		}
	}
	return map[string]any{"resourceType": "Endpoint", "id": e.ID, "status": "active",
		"connectionType":       map[string]string{"system": SystemConnection, "code": "hl7-fhir-rest"},
		"managingOrganization": map[string]string{"reference": "Organization/" + o.ID},
		"payloadType":          pts, "address": e.Address}
}

func (m *Mocks) bundle(entries []map[string]any, modes []string) map[string]any {
	var es []map[string]any
	matches := 0
	for i, r := range entries {
		if modes[i] == "match" {
			matches++
		}
		es = append(es, map[string]any{"fullUrl": m.base() + "/mcsd/" + r["resourceType"].(string) + "/" + r["id"].(string),
			"resource": r, "search": map[string]string{"mode": modes[i]}})
	}
	return map[string]any{"resourceType": "Bundle", "type": "searchset", "total": matches, "entry": es}
}

func (m *Mocks) searchOrganization(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for k := range q {
		if k != "identifier" && k != "_include" && k != "name" {
			outcome(w, http.StatusBadRequest, "not-supported", "zoekparameter "+k+" wordt niet ondersteund (identifier, name, _include)")
			return
		}
	}
	include := false
	for _, inc := range q["_include"] {
		if inc != "Organization:endpoint" {
			outcome(w, http.StatusBadRequest, "not-supported", "_include "+inc+": alleen Organization:endpoint")
			return
		}
		include = true
	}
	var want string
	if id := q.Get("identifier"); id != "" {
		sys, val, ok := strings.Cut(id, "|")
		if !ok || sys != SystemURA {
			outcome(w, http.StatusBadRequest, "invalid", "identifier moet "+SystemURA+"|{URA} zijn")
			return
		}
		want = val
	}
	name := strings.ToLower(q.Get("name"))
	m.mu.RLock()
	var entries []map[string]any
	var modes []string
	var found []*Organization
	for _, o := range m.orgs {
		if (want == "" || o.URA == want) && (name == "" || strings.HasPrefix(strings.ToLower(o.Name), name)) {
			found = append(found, o)
		}
	}
	slices.SortFunc(found, func(a, b *Organization) int { return strings.Compare(a.URA, b.URA) })
	for _, o := range found {
		entries, modes = append(entries, orgResource(o)), append(modes, "match")
	}
	if include {
		for _, o := range found {
			for _, e := range o.Endpoints {
				entries, modes = append(entries, endpointResource(o, e)), append(modes, "include")
			}
		}
	}
	m.mu.RUnlock()
	writeJSON(w, http.StatusOK, "application/fhir+json", m.bundle(entries, modes))
}

func (m *Mocks) readOrganization(w http.ResponseWriter, r *http.Request) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, o := range m.orgs {
		if o.ID == r.PathValue("id") {
			writeJSON(w, http.StatusOK, "application/fhir+json", orgResource(o))
			return
		}
	}
	outcome(w, http.StatusNotFound, "not-found", "Organization/"+r.PathValue("id")+" bestaat niet")
}

func (m *Mocks) readEndpoint(w http.ResponseWriter, r *http.Request) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, o := range m.orgs {
		for _, e := range o.Endpoints {
			if e.ID == r.PathValue("id") {
				writeJSON(w, http.StatusOK, "application/fhir+json", endpointResource(o, e))
				return
			}
		}
	}
	outcome(w, http.StatusNotFound, "not-found", "Endpoint/"+r.PathValue("id")+" bestaat niet")
}

func (m *Mocks) zorgab(w http.ResponseWriter, r *http.Request) {
	ura := r.PathValue("ura")
	if !uraRE.MatchString(ura) {
		outcome(w, http.StatusBadRequest, "invalid", "URA moet 8 cijfers zijn")
		return
	}
	e, err := m.Endpoints(r.Context(), ura)
	if err != nil {
		outcome(w, http.StatusNotFound, "not-found", "URA "+ura+" staat niet in het adresboek van deze hackathon")
		return
	}
	m.mu.RLock()
	name := m.orgs[ura].Name
	m.mu.RUnlock()
	writeJSON(w, http.StatusOK, "application/json", map[string]string{"ura": ura, "name": name,
		"notification": e.Notification, "fhirBase": e.FHIRBase, "token": e.Token})
}

// PseudoBSN is the mock pseudonymisation of a BSN for one hackathon
// (deterministic, so tests and participants can compute it).
func PseudoBSN(hackathon, bsn string) string {
	mac := hmac.New(sha256.New, []byte("ketentest-TEST-pseudonym|"+hackathon))
	mac.Write([]byte(bsn))
	return "TEST-" + hex.EncodeToString(mac.Sum(nil))[:32]
}

type docRef struct {
	ID        string
	Custodian string
	Pseudo    string
	URL       string
	raw       map[string]any
}

// DocRefInput is the part of a localization DocumentReference checked.
type DocRefInput struct {
	ResourceType string `json:"resourceType"`
	Status       string `json:"status"`
	Type         struct {
		Coding []struct{ System, Code string } `json:"coding"`
	} `json:"type"`
	Subject *struct {
		Identifier *struct{ System, Value string } `json:"identifier"`
	} `json:"subject"`
	Custodian *struct {
		Identifier *struct{ System, Value string } `json:"identifier"`
	} `json:"custodian"`
	Content []struct {
		Attachment struct {
			URL string `json:"url"`
		} `json:"attachment"`
	} `json:"content"`
}

// ParseDocRef reads and checks a localization DocumentReference; the
// error names the element.
func ParseDocRef(body []byte) (*DocRefInput, error) {
	var d DocRefInput
	if err := json.Unmarshal(body, &d); err != nil {
		return nil, errors.New("body is geen geldige JSON DocumentReference")
	}
	switch {
	case d.ResourceType != "DocumentReference":
		return nil, errors.New("resourceType moet DocumentReference zijn")
	case d.Custodian == nil || d.Custodian.Identifier == nil || d.Custodian.Identifier.System != SystemURA || !uraRE.MatchString(d.Custodian.Identifier.Value):
		return nil, errors.New("custodian.identifier moet een URA zijn (" + SystemURA + ")")
	case d.Subject == nil || d.Subject.Identifier == nil || d.Subject.Identifier.System != SystemPseudoBSN || d.Subject.Identifier.Value == "":
		return nil, errors.New("subject.identifier moet een pseudo-BSN zijn (" + SystemPseudoBSN + "); nooit een BSN")
	case len(d.Content) == 0 || !strings.HasPrefix(d.Content[0].Attachment.URL, "https://"):
		return nil, errors.New("content[0].attachment.url moet een https-URL bij de bronhouder zijn")
	}
	ok := false
	for _, c := range d.Type.Coding {
		ok = ok || (c.System == "http://loinc.org" && c.Code == LOINCPatientSummary)
	}
	if !ok {
		return nil, errors.New("type moet LOINC " + LOINCPatientSummary + " zijn")
	}
	return &d, nil
}

func (m *Mocks) createDocRef(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if err != nil {
		outcome(w, http.StatusRequestEntityTooLarge, "too-costly", "body groter dan 64 KiB")
		return
	}
	d, err := ParseDocRef(body)
	if err != nil {
		outcome(w, http.StatusUnprocessableEntity, "invalid", err.Error())
		return
	}
	if m.RequirePeer {
		p, ok := testca.PeerOf(r)
		if !ok || p.URA != d.Custodian.Identifier.Value {
			outcome(w, http.StatusForbidden, "forbidden", "alleen de bronhouder zelf (client-certificaat met URA "+d.Custodian.Identifier.Value+") mag lokaliseren")
			return
		}
	}
	var raw map[string]any
	json.Unmarshal(body, &raw)
	m.mu.Lock()
	// One entry per custodian, patient and URL: a repeat is idempotent.
	for _, x := range m.docs {
		if x.Custodian == d.Custodian.Identifier.Value && x.Pseudo == d.Subject.Identifier.Value && x.URL == d.Content[0].Attachment.URL {
			m.mu.Unlock()
			w.Header().Set("Location", m.base()+"/nvi/DocumentReference/"+x.ID)
			writeJSON(w, http.StatusOK, "application/fhir+json", x.raw)
			return
		}
	}
	m.seq++
	id := fmt.Sprintf("loc-%d", m.seq)
	raw["id"] = id
	m.docs = append(m.docs, docRef{ID: id, Custodian: d.Custodian.Identifier.Value, Pseudo: d.Subject.Identifier.Value, URL: d.Content[0].Attachment.URL, raw: raw})
	m.mu.Unlock()
	w.Header().Set("Location", m.base()+"/nvi/DocumentReference/"+id)
	writeJSON(w, http.StatusCreated, "application/fhir+json", raw)
}

func (m *Mocks) searchDocRef(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var v string
	for _, k := range []string{"subject:identifier", "patient:identifier", "subject.identifier", "patient.identifier"} {
		if s := q.Get(k); s != "" {
			v = s
		}
	}
	sys, pseudo, ok := strings.Cut(v, "|")
	if !ok || sys != SystemPseudoBSN || pseudo == "" {
		outcome(w, http.StatusBadRequest, "required", "zoek op subject:identifier="+SystemPseudoBSN+"|{pseudo-BSN}")
		return
	}
	m.mu.RLock()
	var es []map[string]any
	for _, d := range m.docs {
		if d.Pseudo == pseudo {
			es = append(es, map[string]any{"fullUrl": m.base() + "/nvi/DocumentReference/" + d.ID, "resource": d.raw, "search": map[string]string{"mode": "match"}})
		}
	}
	m.mu.RUnlock()
	writeJSON(w, http.StatusOK, "application/fhir+json", map[string]any{"resourceType": "Bundle", "type": "searchset", "total": len(es), "entry": es})
}

// Tuple is a consent question's key: patient, holder and requester
// organisations and purpose (TREAT when empty).
type Tuple struct {
	BSN          string `json:"bsn"`
	HolderURA    string `json:"holderUra"`
	RequesterURA string `json:"requesterUra"`
	Purpose      string `json:"purpose"`
}

// SetConsent configures the answer for a tuple.
func (m *Mocks) SetConsent(t Tuple, permit bool) {
	if t.Purpose == "" {
		t.Purpose = "TREAT"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.consent == nil {
		m.consent = map[Tuple]bool{}
	}
	m.consent[t] = permit
}

// Decide answers a closed question: Permit only for a configured
// permitting tuple.
func (m *Mocks) Decide(t Tuple) string {
	if t.Purpose == "" {
		t.Purpose = "TREAT"
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.consent[t] {
		return "Permit"
	}
	return "Deny"
}

func (m *Mocks) consentQuestion(w http.ResponseWriter, r *http.Request) {
	var t Tuple
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 8<<10)).Decode(&t); err != nil {
		outcome(w, http.StatusBadRequest, "structure", "body moet JSON zijn: {bsn, holderUra, requesterUra, purpose}")
		return
	}
	switch {
	case !regexp.MustCompile(`^[0-9]{9}$`).MatchString(t.BSN):
		outcome(w, http.StatusBadRequest, "invalid", "bsn moet 9 cijfers zijn")
		return
	case !uraRE.MatchString(t.HolderURA):
		outcome(w, http.StatusBadRequest, "invalid", "holderUra moet 8 cijfers zijn")
		return
	case !uraRE.MatchString(t.RequesterURA):
		outcome(w, http.StatusBadRequest, "invalid", "requesterUra moet 8 cijfers zijn")
		return
	}
	writeJSON(w, http.StatusOK, "application/json", map[string]string{"decision": m.Decide(t)})
}
