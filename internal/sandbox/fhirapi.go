package sandbox

import (
	"cmp"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/fhirsearch"
)

// negotiate picks JSON or XML from _format, then from Accept by its
// q-values (the first FHIR format of the highest weight; JSON when Accept
// names neither).
func negotiate(r *http.Request) (fhir.Format, error) {
	if !strings.Contains(r.URL.RawQuery, "_format") {
		// no _format: the header decides
	} else if f := r.URL.Query().Get("_format"); f != "" {
		switch strings.ToLower(strings.TrimSpace(strings.SplitN(f, ";", 2)[0])) {
		case "json", "application/fhir+json", "application/json+fhir", "application/json":
			return fhir.FormatJSON, nil
		case "xml", "application/fhir+xml", "application/xml+fhir", "application/xml", "text/xml":
			return fhir.FormatXML, nil
		}
		return fhir.FormatJSON, errFormat
	}
	for _, mt := range acceptList(r) {
		switch {
		case strings.Contains(mt, "json"):
			return fhir.FormatJSON, nil
		case strings.Contains(mt, "xml"):
			return fhir.FormatXML, nil
		}
	}
	return fhir.FormatJSON, nil
}

// acceptList returns the media types of the Accept header(s) with a
// weight above 0, highest weight first (ties in the order sent).
func acceptList(r *http.Request) []string {
	type entry struct {
		mt string
		q  float64
	}
	var es []entry
	for _, h := range r.Header.Values("Accept") {
		for _, part := range strings.Split(h, ",") {
			fields := strings.Split(part, ";")
			mt := strings.ToLower(strings.TrimSpace(fields[0]))
			if mt == "" {
				continue
			}
			q := 1.0
			for _, f := range fields[1:] {
				k, v, _ := strings.Cut(strings.TrimSpace(f), "=")
				if strings.EqualFold(strings.TrimSpace(k), "q") {
					if x, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && x >= 0 && x <= 1 {
						q = x
					}
				}
			}
			if q > 0 {
				es = append(es, entry{mt, q})
			}
		}
	}
	slices.SortStableFunc(es, func(a, b entry) int { return cmp.Compare(b.q, a.q) })
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.mt
	}
	return out
}

// wantsRaw reports whether a Binary read should answer the document
// itself: no _format, and Accept prefers the Binary's own content type (or
// its type/*) over any FHIR format.
func wantsRaw(r *http.Request, contentType string) bool {
	if contentType == "" || r.URL.Query().Get("_format") != "" {
		return false
	}
	ct := strings.ToLower(strings.TrimSpace(strings.SplitN(contentType, ";", 2)[0]))
	major, _, _ := strings.Cut(ct, "/")
	for _, mt := range acceptList(r) {
		switch {
		case mt == ct || mt == major+"/*":
			return true
		case strings.Contains(mt, "json"), strings.Contains(mt, "xml"), mt == "*/*":
			return false
		}
	}
	return false
}

func writeResource(w http.ResponseWriter, status int, f fhir.Format, res *fhir.Resource) {
	body, err := marshal(f, res)
	if err != nil {
		slog.Error("sandbox: marshal", "type", res.Type(), "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	writeBody(w, status, f, body)
}

func marshal(f fhir.Format, res *fhir.Resource) ([]byte, error) {
	if f == fhir.FormatXML {
		return fhir.MarshalXML(res)
	}
	return fhir.MarshalJSON(res)
}

func writeBody(w http.ResponseWriter, status int, f fhir.Format, body []byte) {
	ct := "application/fhir+json; charset=utf-8"
	if f == fhir.FormatXML {
		ct = "application/fhir+xml; charset=utf-8"
	}
	h := w.Header()
	h["Content-Type"] = []string{ct} // canonical keys: no Set, it canonicalises on every call
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(status)
	w.Write(body)
}

func writeOutcome(w http.ResponseWriter, status int, f fhir.Format, code, msg string) {
	writeResource(w, status, f, fhir.OperationOutcome("error", code, msg))
}

// read answers GET [base]/{type}/{id} within the token's patient
// compartment: 404 when unknown, 410 when an earlier version of the
// dossier had it.
func (d *DVA) read(w http.ResponseWriter, r *http.Request, f fhir.Format, g *grant, dos *dossier.Dossier, typ, id string) {
	if _, err := ParseQuery(dos.FHIRVersion, typ, r.URL.RawQuery, false); err != nil {
		writeOutcome(w, http.StatusBadRequest, f, "invalid", err.Error())
		return
	}
	res := d.views.get(dos, d.opts.Now()).Lookup(typ + "/" + id)
	if res != nil && inCompartment(dos, res) {
		if typ == "Binary" && wantsRaw(r, res.String("contentType")) {
			writeRaw(w, res)
			return
		}
		writeResource(w, http.StatusOK, f, res)
		return
	}
	if rr, ok := d.source.(RemovedResolver); ok && res == nil {
		gone, err := rr.Removed(r.Context(), g.patientKey, typ, id)
		if err != nil {
			slog.Error("sandbox: removed", "err", err)
		}
		if gone {
			writeOutcome(w, http.StatusGone, f, "deleted", fmt.Sprintf("%s/%s was removed in a later version of this test dossier", typ, id))
			return
		}
	}
	writeOutcome(w, http.StatusNotFound, f, "not-found", fmt.Sprintf("%s/%s is not known", typ, id))
}

// strictHandling reports whether the client asked for unknown search
// parameters to be refused instead of ignored (FHIR search, "Prefer:
// handling=strict"); by default they are ignored and left out of the self
// link.
func strictHandling(r *http.Request) bool {
	for _, v := range r.Header.Values("Prefer") {
		for _, part := range strings.Split(v, ",") {
			k, val, _ := strings.Cut(strings.TrimSpace(part), "=")
			if strings.EqualFold(k, "handling") && strings.EqualFold(strings.Trim(val, `" `), "strict") {
				return true
			}
		}
	}
	return false
}

func (d *DVA) forbidden(w http.ResponseWriter, f fhir.Format, svc, msg string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="ketentest-sandbox", error="insufficient_scope", scope="`+d.opts.Provider+"~"+svc+`"`)
	writeOutcome(w, http.StatusForbidden, f, "forbidden", msg)
}

func (d *DVA) methodNotAllowed(w http.ResponseWriter, f fhir.Format, allow string) {
	w.Header().Set("Allow", allow)
	writeOutcome(w, http.StatusMethodNotAllowed, f, "not-supported", "this DVA is read-only; allowed: "+allow)
}

func (d *DVA) searchType(w http.ResponseWriter, r *http.Request, f fhir.Format, dos *dossier.Dossier, base, typ string, lastn bool) {
	q, err := d.queries.parse(dos.FHIRVersion, typ, r.URL.RawQuery, lastn)
	if err != nil {
		writeOutcome(w, http.StatusBadRequest, f, "invalid", err.Error())
		return
	}
	if len(q.Ignored) > 0 && strictHandling(r) {
		writeOutcome(w, http.StatusBadRequest, f, "not-supported", fmt.Sprintf("search parameter(s) %s not supported on %s (Prefer: handling=strict)", strings.Join(q.Ignored, ", "), typ))
		return
	}
	v := d.views.get(dos, d.opts.Now())
	key := searchKey{dos: dos, day: v.today, base: base, typ: typ, handled: strings.Join(q.Handled, "&"), offset: q.Offset, lastn: lastn, format: f}
	if c, ok := d.searches.get(key); ok {
		answerKnown(r, c)
		writeBody(w, http.StatusOK, f, c.body)
		return
	}
	o := fhirsearch.Options{Keep: func(r *fhir.Resource) bool { return inCompartment(dos, r) }, Now: d.opts.Now()}
	if lastn {
		o.Post = func(rs []*fhir.Resource) []*fhir.Resource { return lastN(rs, maxOf(q)) }
	}
	res := v.ix.Search(q, o)
	path := base + typ
	if lastn {
		path += "/$lastn"
	}
	link := func(offset int) string {
		parts := q.Handled
		if offset > 0 {
			parts = append(slices.Clip(parts), "_offset="+strconv.Itoa(offset))
		}
		if len(parts) == 0 {
			return path
		}
		return path + "?" + strings.Join(parts, "&")
	}
	links := []fhir.BundleLink{{Relation: "self", URL: link(q.Offset)}}
	if q.Count > 0 && q.Offset > 0 {
		links = append(links, fhir.BundleLink{Relation: "first", URL: link(0)}, fhir.BundleLink{Relation: "previous", URL: link(max(q.Offset-q.Count, 0))})
	}
	if res.Next {
		links = append(links, fhir.BundleLink{Relation: "next", URL: link(q.Offset + len(res.Matches))})
	}
	entries := make([]fhir.Entry, 0, len(res.Matches)+len(res.Includes))
	for _, m := range res.Matches {
		entries = append(entries, fhir.Entry{FullURL: base + m.Type() + "/" + m.ID(), Resource: fhirsearch.Elements(m, q.Elements), SearchMode: "match"})
	}
	for _, m := range res.Includes {
		entries = append(entries, fhir.Entry{FullURL: base + m.Type() + "/" + m.ID(), Resource: m, SearchMode: "include"})
	}
	bundle := fhir.NewSearchSet(dos.FHIRVersion, res.Total, links, entries)
	body, err := marshal(f, bundle)
	if err != nil {
		slog.Error("sandbox: marshal searchset", "type", typ, "err", err)
		writeOutcome(w, http.StatusInternalServerError, f, "exception", "the searchset could not be written")
		return
	}
	answerKnown(r, d.searches.put(key, body))
	writeBody(w, http.StatusOK, f, body)
}

// writeRaw answers a Binary with its own content: the decoded bytes and
// its content type.
func writeRaw(w http.ResponseWriter, res *fhir.Resource) {
	data, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(res.String("content")+res.String("data")), ""))
	if err != nil {
		http.Error(w, "the Binary's content is not valid base64", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", res.String("contentType"))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	w.Write(data)
}

// validate parses a resource sent by a PGO and checks it against the
// MedMij rules a DVA cares about: 400 when unparseable (naming line and
// column), 413 when too large, 422 when it breaks the rules.
func (d *DVA) validate(w http.ResponseWriter, r *http.Request, f fhir.Format, version fhir.Version, patientID, typ string) {
	ct := strings.ToLower(r.Header.Get("Content-Type"))
	if !strings.Contains(ct, "json") && !strings.Contains(ct, "xml") {
		writeOutcome(w, http.StatusUnsupportedMediaType, f, "not-supported", "Content-Type must be application/fhir+json or application/fhir+xml")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeOutcome(w, http.StatusRequestEntityTooLarge, f, "too-costly", fmt.Sprintf("body larger than %d bytes", MaxBodyBytes))
			return
		}
		writeOutcome(w, http.StatusBadRequest, f, "structure", "could not read the body")
		return
	}
	res, err := fhir.ParseOptions{Version: version}.Parse(body)
	if err != nil {
		var se *fhir.SyntaxError
		var te *fhir.ResourceTypeError
		switch {
		case errors.As(err, &se):
			writeResource(w, http.StatusBadRequest, f, se.OperationOutcome())
		case errors.As(err, &te):
			writeResource(w, http.StatusBadRequest, f, te.OperationOutcome())
		default:
			writeResource(w, http.StatusBadRequest, f, fhir.ErrorOutcome(err))
		}
		return
	}
	var problems []string
	if res.Type() != typ {
		problems = append(problems, fmt.Sprintf("the body is a %s, the URL names %s", res.Type(), typ))
	}
	if len(res.Profiles()) == 0 {
		problems = append(problems, "meta.profile is missing")
	}
	for _, n := range res.Get("identifier") {
		if n.String("system") == "http://fhir.nl/fhir/NamingSystem/bsn" {
			problems = append(problems, "a BSN identifier is not allowed")
		}
	}
	for _, p := range dossier.PatientRefs(res) {
		if p != patientID && res.Type() != "Patient" {
			problems = append(problems, fmt.Sprintf("references Patient/%s, not the patient of the token", p))
		}
	}
	if len(problems) == 0 {
		writeResource(w, http.StatusOK, f, fhir.OperationOutcome("information", "informational", "no problems found"))
		return
	}
	oo := fhir.OperationOutcome("error", "processing", problems[0])
	for _, p := range problems[1:] {
		oo.Root.Append(fhir.NewElement("issue", fhir.NewString("severity", "error"), fhir.NewString("code", "processing"), fhir.NewString("diagnostics", p)).InArray())
	}
	writeResource(w, http.StatusUnprocessableEntity, f, oo)
}

// capabilities is a short CapabilityStatement of the resource endpoint of
// data service svc ("" for /fhir) in FHIR release v.
func (d *DVA) capabilities(r *http.Request, v fhir.Version, svc string) *fhir.Resource {
	cs := fhir.NewResource(v, "CapabilityStatement")
	rest := fhir.NewElement("rest", fhir.NewString("mode", "server"),
		fhir.NewElement("security",
			fhir.NewElement("extension", fhir.NewString("url", "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"),
				fhir.NewElement("extension", fhir.NewString("url", "authorize"), fhir.NewString("valueUri", d.baseURL(r)+"/oauth/authorize")).InArray(),
				fhir.NewElement("extension", fhir.NewString("url", "token"), fhir.NewString("valueUri", d.baseURL(r)+"/oauth/token")).InArray(),
			).InArray()),
	).InArray()
	for _, t := range d.capabilityTypes(v, svc) {
		rest.Append(fhir.NewElement("resource", fhir.NewString("type", t),
			fhir.NewElement("interaction", fhir.NewString("code", "read")).InArray(),
			fhir.NewElement("interaction", fhir.NewString("code", "search-type")).InArray()).InArray())
	}
	cs.Root.Append(fhir.NewString("status", "active"), fhir.NewString("date", "2026-01-01"), fhir.NewString("kind", "instance"))
	if v == fhir.R4 {
		cs.Root.Append(fhir.NewString("fhirVersion", "4.0.1"))
	} else {
		cs.Root.Append(fhir.NewString("fhirVersion", "3.0.1"), fhir.NewString("acceptUnknown", "no"))
	}
	cs.Root.Append(fhir.NewString("format", "json").InArray(), fhir.NewString("format", "xml").InArray(), rest)
	return cs
}

// capabilityTypes are the resource types the CapabilityStatement of data
// service svc ("" for /fhir: the default service of release v) lists.
func (d *DVA) capabilityTypes(v fhir.Version, svc string) []string {
	if svc == "" {
		svc = defaultService(v)
	}
	if s, ok := d.service(svc); ok && len(s.Searches) > 0 {
		return s.Searches
	}
	return []string{"Patient"}
}
