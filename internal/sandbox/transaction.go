package sandbox

// The write path: POST [base] with a transaction Bundle, as the Nictiz
// PDF/A XIS-Server "receive" scenarios (3.1, 3.2) send it. The reference
// dossiers are read-only and versioned in the store, so what a PGO sends
// is kept in an in-memory overlay of this DVA, per patient key: reads and
// searches of that patient's token see the dossier plus what was written
// (a new *dossier.Dossier, so the caches keyed by it stay right). The
// overlay is bounded (patients, resources and bytes per patient) and is
// lost on restart; a write over a bound is refused, nothing is evicted
// silently. A transaction is all or nothing: it is checked and built
// completely before the overlay changes.

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
)

const (
	maxTxEntries          = 100      // entries in one transaction
	maxWritePatients      = 256      // patient keys with written resources, per DVA
	maxWrittenPerPatient  = 500      // written resources per patient key
	maxWrittenBytesPerKey = 8 << 20  // request bytes accepted per patient key
	maxWrittenBytes       = 64 << 20 // request bytes accepted per DVA
)

// writableServices are the data services whose [base] accepts a
// transaction: PDF/A (51), whose XIS receives documents.
var writableServices = map[string]bool{"51": true}

// writeOverlay holds the resources written through this DVA.
type writeOverlay struct {
	mu    sync.Mutex
	m     map[string]*patientWrites // by patient key
	bytes int                       // the sum of the patients' bytes
}

type patientWrites struct {
	res    []*fhir.Resource
	bytes  int
	base   *dossier.Dossier // the dossier merged was built on
	merged *dossier.Dossier
}

func (d *DVA) writes() *writeOverlay {
	d.overlayUsed.Store(true)
	return &d.overlay
}

// withWrites returns dos with the resources written for patient key.
func (d *DVA) withWrites(key string, dos *dossier.Dossier) *dossier.Dossier {
	if !d.overlayUsed.Load() {
		return dos
	}
	w := &d.overlay
	w.mu.Lock()
	defer w.mu.Unlock()
	pw := w.m[key]
	if pw == nil || len(pw.res) == 0 {
		return dos
	}
	if pw.base != dos { // first use, or a new version of the dossier
		pw.base, pw.merged = dos, dos.With(pw.res...)
	}
	return pw.merged
}

// fhirBaseOrTransaction answers POST [base] with a transaction and every
// other request to [base] as before.
func (d *DVA) fhirBaseOrTransaction(w http.ResponseWriter, r *http.Request, q *fhirReq) {
	if r.Method != http.MethodPost {
		d.fhirBase(w, r, q)
		return
	}
	if !writableServices[q.svc] {
		writeOutcome(w, http.StatusMethodNotAllowed, q.f, "not-supported", fmt.Sprintf("data service %s does not accept transactions", q.svc))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			writeOutcome(w, http.StatusRequestEntityTooLarge, q.f, "too-costly", fmt.Sprintf("body larger than %d bytes", MaxBodyBytes))
			return
		}
		writeOutcome(w, http.StatusBadRequest, q.f, "invalid", "could not read the body")
		return
	}
	tx, err := planTransaction(body, q.dos, d.writeTypes(q.svc))
	if err != nil {
		writeOutcome(w, http.StatusBadRequest, q.f, "invalid", err.Error())
		return
	}
	if err := d.writes().add(q.g.patientKey, tx.stored, len(body)); err != nil {
		writeOutcome(w, http.StatusInsufficientStorage, q.f, "too-costly", err.Error())
		return
	}
	minimal := strings.Contains(r.Header.Get("Prefer"), "return=minimal")
	writeResource(w, http.StatusOK, q.f, tx.response(q.base, q.dos.FHIRVersion, !minimal))
}

// writeTypes are the resource types a transaction may hold: those the
// data service offers.
func (d *DVA) writeTypes(svc string) []string {
	s, _ := d.service(svc)
	return s.Searches
}

// add stores a transaction's resources, or nothing when a bound would be
// passed.
func (o *writeOverlay) add(key string, res []*fhir.Resource, size int) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	pw := o.m[key]
	if pw == nil {
		if len(o.m) >= maxWritePatients {
			return fmt.Errorf("the sandbox keeps written resources for at most %d patients; restart it to start afresh", maxWritePatients)
		}
		pw = &patientWrites{}
	}
	if o.bytes+size > maxWrittenBytes {
		return fmt.Errorf("the sandbox keeps at most %d bytes of written resources; restart it to start afresh", maxWrittenBytes)
	}
	if len(pw.res)+len(res) > maxWrittenPerPatient || pw.bytes+size > maxWrittenBytesPerKey {
		return fmt.Errorf("the sandbox keeps at most %d written resources (%d bytes) per patient", maxWrittenPerPatient, maxWrittenBytesPerKey)
	}
	if o.m == nil {
		o.m = map[string]*patientWrites{}
	}
	pw.res = append(pw.res[:len(pw.res):len(pw.res)], res...)
	pw.bytes += size
	o.bytes += size
	pw.base, pw.merged = nil, nil
	o.m[key] = pw
	return nil
}

// txResult is a checked transaction: the resources to store and the
// response entries, in the order of the request.
type txResult struct {
	entries []txEntry
	stored  []*fhir.Resource
}

type txEntry struct {
	res     *fhir.Resource
	status  string // "201 Created", or "200 OK" for the token's Patient
	created bool
}

// planTransaction parses body as a transaction Bundle of dos's release
// and builds its result without storing anything. Every error names the
// entry (entry[i], counted from 0) and the element.
func planTransaction(body []byte, dos *dossier.Dossier, allowed []string) (*txResult, error) {
	v := dos.FHIRVersion
	b, err := fhir.ParseOptions{Version: v}.Parse(body)
	if err != nil {
		return nil, fmt.Errorf("the body is no FHIR %s resource: %v", v, err)
	}
	if b.Type() != "Bundle" {
		return nil, fmt.Errorf("expected a Bundle, got %s", b.Type())
	}
	if t := b.String("type"); t != "transaction" {
		return nil, fmt.Errorf("Bundle.type must be transaction, not %q", t)
	}
	entries := b.Entries()
	switch {
	case len(entries) == 0:
		return nil, errors.New("the transaction has no entries")
	case len(entries) > maxTxEntries:
		return nil, fmt.Errorf("the transaction has %d entries; at most %d are accepted", len(entries), maxTxEntries)
	}
	patientRef := "Patient/" + dos.Patient.ID
	if dos.PatientResource() == nil {
		return nil, errors.New("the dossier has no Patient resource")
	}
	out := &txResult{entries: make([]txEntry, len(entries))}
	newRef := map[string]string{} // fullUrl -> "Type/id"
	fullURLs := map[string]bool{}
	for i, e := range entries {
		at := fmt.Sprintf("Bundle.entry[%d]", i)
		if e.Resource == nil {
			return nil, fmt.Errorf("%s.resource is missing", at)
		}
		typ := e.Resource.Type()
		method, url := e.Node.String("request.method"), e.Node.String("request.url")
		if method != http.MethodPost && method != http.MethodPut {
			return nil, fmt.Errorf("%s.request.method must be POST or PUT, not %q", at, method)
		}
		if !slices.Contains(allowed, typ) {
			return nil, fmt.Errorf("%s: resource type %s is not accepted here (allowed: %s)", at, typ, strings.Join(allowed, ", "))
		}
		urlType, urlID, _ := strings.Cut(url, "/")
		switch {
		case urlType != typ:
			return nil, fmt.Errorf("%s.request.url %q does not name the entry's resource type %s", at, url, typ)
		case method == http.MethodPost && urlID != "":
			return nil, fmt.Errorf("%s.request.url must be %q for a POST, not %q", at, typ, url)
		case method == http.MethodPut && (urlID == "" || strings.ContainsAny(urlID, "/?")):
			return nil, fmt.Errorf("%s.request.url must be %s/[id] for a PUT, not %q", at, typ, url)
		case method == http.MethodPut && e.Resource.ID() != "" && e.Resource.ID() != urlID:
			return nil, fmt.Errorf("%s.resource.id %q differs from request.url %q", at, e.Resource.ID(), url)
		}
		if e.FullURL != "" {
			if fullURLs[e.FullURL] {
				return nil, fmt.Errorf("%s.fullUrl %q occurs twice", at, e.FullURL)
			}
			fullURLs[e.FullURL] = true
		}
		var id string
		switch {
		case typ == "Patient":
			// A token grants one patient: what is received is filed in
			// that patient's dossier, so the entry is that patient.
			id = dos.Patient.ID
			out.entries[i] = txEntry{res: dos.PatientResource(), status: "200 OK"}
		case method == http.MethodPut:
			id = urlID
			if dos.Lookup(typ+"/"+id) != nil {
				return nil, fmt.Errorf("%s: %s/%s is in the reference dossier, which the sandbox does not change", at, typ, id)
			}
		default:
			id = newID()
		}
		if e.FullURL != "" {
			newRef[e.FullURL] = typ + "/" + id
		}
		if typ != "Patient" {
			root := e.Resource.Root.Clone()
			root.Name, root.Array = typ, false
			res := &fhir.Resource{Root: root, Version: v}
			res.SetID(id)
			out.entries[i] = txEntry{res: res, status: "201 Created", created: true}
		}
	}
	seen := map[string]bool{}
	for i, te := range out.entries {
		if !te.created {
			continue
		}
		rewriteRefs(te.res.Root, newRef)
		for _, p := range dossier.PatientRefs(te.res) {
			if "Patient/"+p != patientRef {
				return nil, fmt.Errorf("Bundle.entry[%d] refers to Patient/%s; a token may only write for its own patient (%s)", i, p, patientRef)
			}
		}
		ref := te.res.Type() + "/" + te.res.ID()
		if seen[ref] {
			return nil, fmt.Errorf("Bundle.entry[%d]: %s occurs twice in the transaction", i, ref)
		}
		seen[ref] = true
		out.stored = append(out.stored, te.res)
	}
	return out, nil
}

// rewriteRefs replaces every primitive that is the fullUrl of an entry
// (references, and uri elements such as attachment.url) by the new
// "Type/id", as FHIR's transaction processing rules require.
func rewriteRefs(n *fhir.Node, newRef map[string]string) {
	if n.Kind.HasValue() {
		if r, ok := newRef[n.Value]; ok {
			n.Value = r
		}
	}
	for _, c := range n.Children {
		rewriteRefs(c, newRef)
	}
}

// newID returns a fresh logical id (32 hex digits).
func newID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// response builds the transaction-response Bundle; with representation
// each entry carries its resource.
func (tx *txResult) response(base string, v fhir.Version, representation bool) *fhir.Resource {
	b := fhir.NewResource(v, "Bundle")
	b.Root.Append(fhir.NewString("id", newID()), fhir.NewString("type", "transaction-response"))
	for _, te := range tx.entries {
		ref := te.res.Type() + "/" + te.res.ID()
		en := fhir.NewElement("entry").InArray()
		en.Append(fhir.NewString("fullUrl", base+ref))
		if representation {
			res := *te.res.Root // shallow copy, renamed
			res.Name, res.Array = "resource", false
			en.Append(&res)
		}
		en.Append(fhir.NewElement("response", fhir.NewString("status", te.status), fhir.NewString("location", ref)))
		b.Root.Append(en)
	}
	return b
}
