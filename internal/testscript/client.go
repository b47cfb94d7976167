package testscript

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/validate"
)

// Recorded is one request the sandbox recorded from the client under test,
// with the answer it got.
type Recorded struct {
	ID              int64
	At              time.Time
	Method          string
	Path            string      // path and query as received, e.g. /48/fhir/Patient?_include=...
	Headers         http.Header // secrets masked
	Authenticated   bool        // the request carried a token the DVA accepted
	Status          int
	ResponseHeaders http.Header
	ResponseBody    string
	Truncated       bool
}

// FromTraffic converts the sandbox's records (sandbox.ClientExchanges).
func FromTraffic(ds []sandbox.TrafficDetail) []Recorded {
	out := make([]Recorded, len(ds))
	for i, d := range ds {
		out[i] = Recorded{ID: d.ID, At: d.At, Method: d.Method, Path: d.Path, Headers: d.RequestHeaders,
			Authenticated: d.TokenID != 0, Status: d.Status, ResponseHeaders: d.ResponseHeaders,
			ResponseBody: d.ResponseBody, Truncated: d.BodyTruncated}
	}
	return out
}

// ClientOptions configure judging a client's traffic.
type ClientOptions struct {
	// RequiredHeaders must be on every request besides the operation's own
	// request headers; nil means DefaultClientHeaders.
	RequiredHeaders []string
	Variables       map[string]string
	Validator       *validate.Validator
	Now             time.Time
}

// DefaultClientHeaders are the headers MedMij requires on every request of
// a PGO to a DVA.
var DefaultClientHeaders = []string{"MedMij-Request-ID"}

// EvaluateClient judges a PHR-Client script on the requests one OAuth
// client sent to the sandbox (oldest first): each operation of the script
// must have arrived as a FHIR request (same method, resource path and
// query parameters in any order), after the request of the operation
// before it; its asserts are judged on that request and the answer it
// got. A missing request, a request out of order, different parameters or
// an extra request that searches by BSN fails at the operation concerned
// (an extra request of the same resource type, else the one before it).
func EvaluateClient(ctx context.Context, s *Script, traffic []Recorded, o ClientOptions) *ScriptResult {
	r := newRun(ctx, s, o.Now, o.Variables, o.Validator)
	r.client = true
	var fhirReqs []Recorded
	var rels []string
	for _, t := range traffic {
		if i := strings.Index(t.Path, "/fhir/"); i >= 0 && !strings.HasSuffix(strings.SplitN(t.Path, "?", 2)[0], "/metadata") {
			fhirReqs = append(fhirReqs, t)
			rels = append(rels, t.Path[i+len("/fhir"):])
		}
	}
	used := make([]bool, len(fhirReqs))
	// expected marks the recorded requests that some operation asks for
	// exactly: a missing request's operation must not take one of those
	// as its near match.
	expected := make([]bool, len(fhirReqs))
	for _, as := range allActions(s) {
		for _, a := range as {
			if a.Operation == nil {
				continue
			}
			b := r.build(a.Operation)
			for i := range fhirReqs {
				if fhirReqs[i].Method == b.method && pathOf(rels[i]) == pathOf(b.rel) && sameRequestURL(rels[i], b.rel) {
					expected[i] = true
				}
			}
		}
	}
	lastIdx := -1
	matchedOp := map[int]int{} // recorded index → operation number
	opNo := 0
	// extra holds the synthetic asserts per operation number, added after the run.
	r.send = func(b *builtRequest) *source {
		opNo++
		want := b.rel
		exact, loose := -1, -1
		for i := range fhirReqs {
			if used[i] || fhirReqs[i].Method != b.method {
				continue
			}
			if sameRequestURL(rels[i], want) && pathOf(rels[i]) == pathOf(want) {
				if exact < 0 || (exact < lastIdx && i > lastIdx) {
					exact = i
				}
			}
			if loose < 0 && i > lastIdx && !expected[i] && resourceOf(rels[i]) == resourceOf(want) {
				loose = i
			}
		}
		var msgs []AssertResult
		idx := exact
		switch {
		case exact >= 0 && exact < lastIdx:
			msgs = append(msgs, AssertResult{Kind: "order", Status: Fail, Description: "The request arrives in the script's order",
				Message: fmt.Sprintf("%s %s arrived before the request of the previous operation", b.method, want)})
		case exact >= 0:
			msgs = append(msgs, AssertResult{Kind: "request", Status: Pass, Description: "The client sent this request",
				Message: fmt.Sprintf("%s %s", b.method, rels[exact])})
		case loose >= 0:
			idx = loose
			msgs = append(msgs, AssertResult{Kind: "request", Status: Fail, Description: "The client sent this request",
				Message: fmt.Sprintf("expected %s %s; the next %s request was %s", b.method, want, resourceOf(want), rels[loose])})
		default:
			msgs = append(msgs, AssertResult{Kind: "request", Status: Fail, Description: "The client sent this request",
				Message: fmt.Sprintf("no %s %s arrived", b.method, want)})
		}
		r.pending = msgs
		if idx < 0 {
			return &source{ex: &Exchange{Method: b.method, URL: want, Error: "no such request was recorded"}, reqURL: want}
		}
		used[idx] = true
		lastIdx = max(lastIdx, idx)
		matchedOp[idx] = opNo
		t := fhirReqs[idx]
		required := o.RequiredHeaders
		if required == nil {
			required = DefaultClientHeaders
		}
		for _, h := range b.op.RequestHeaders {
			required = append(required, h.Field)
		}
		for _, h := range required {
			if len(headerGetter{t.Headers}.Values(h)) == 0 {
				msgs = append(msgs, AssertResult{Kind: "request header", Status: Fail, Description: "The request carries header " + h,
					Message: fmt.Sprintf("%s %s arrived without header %s", t.Method, rels[idx], h)})
			}
		}
		r.pending = msgs
		ex := &Exchange{Method: t.Method, URL: t.Path, RequestHeaders: t.Headers, Status: t.Status,
			ResponseHeaders: t.ResponseHeaders, ResponseBody: t.ResponseBody, Truncated: t.Truncated, RecordedID: t.ID}
		return &source{ex: ex, reqURL: rels[idx], fullBody: []byte(t.ResponseBody), reqHeaders: t.Headers, authenticated: t.Authenticated}
	}
	r.total = CountOperations(s)
	r.execute()
	// Extra requests: attach each to the operation of its resource type, or
	// to the operation matched before it.
	ops := operationResultIndexes(r.res)
	for i, t := range fhirReqs {
		if used[i] {
			continue
		}
		st, why := Warning, "an extra request the script does not ask for"
		if bsnSearch(rels[i]) {
			st, why = Fail, "an extra request that searches by BSN or patient/subject (MedMij forbids it)"
		}
		ar := AssertResult{Kind: "extra request", Status: st, Description: "The client sends no other requests",
			Message: fmt.Sprintf("%s %s: %s", t.Method, rels[i], why)}
		target := -1
		for n, k := range ops {
			if resourceOf(r.res.Operations[k].Target) == resourceOf(rels[i]) {
				target = n
				break
			}
		}
		if target < 0 {
			for j := i - 1; j >= 0; j-- {
				if n, ok := matchedOp[j]; ok {
					target = n - 1
					break
				}
			}
		}
		if target < 0 && len(ops) > 0 {
			target = 0
		}
		if target < 0 {
			r.res.Operations = append(r.res.Operations, OperationResult{Phase: "test", Description: "requests the script does not ask for"})
			ops = append(ops, len(r.res.Operations)-1)
			target = len(ops) - 1
		}
		op := &r.res.Operations[ops[target]]
		op.Asserts = append(op.Asserts, ar)
	}
	return r.res
}

func allActions(s *Script) [][]Action {
	out := [][]Action{s.Setup}
	for _, t := range s.Tests {
		out = append(out, t.Actions)
	}
	return append(out, s.Teardown)
}

// operationResultIndexes lists the indexes of results that hold an
// operation (not asserts before any operation).
func operationResultIndexes(res *ScriptResult) []int {
	var out []int
	for i, op := range res.Operations {
		if op.Method != "" {
			out = append(out, i)
		}
	}
	return out
}

func pathOf(rel string) string {
	p, _, _ := strings.Cut(rel, "?")
	return "/" + strings.Trim(p, "/")
}

// resourceOf is the resource type of a request path ("/Patient?x" or
// "Patient?x" → Patient).
func resourceOf(rel string) string {
	p := strings.TrimPrefix(pathOf(rel), "/")
	t, _, _ := strings.Cut(p, "/")
	return t
}

// bsnSearch reports whether a request path searches by BSN or by the
// patient/subject parameters.
func bsnSearch(rel string) bool {
	_, q, _ := strings.Cut(rel, "?")
	dq, err := url.QueryUnescape(q)
	if err != nil {
		dq = q
	}
	if strings.Contains(dq, "NamingSystem/bsn") || strings.Contains(dq, "2.16.840.1.113883.2.4.6.3") {
		return true
	}
	for _, p := range strings.Split(dq, "&") {
		name, _, _ := strings.Cut(p, "=")
		name, _, _ = strings.Cut(name, ":")
		if name == "patient" || name == "subject" || name == "patient.identifier" || name == "subject.identifier" {
			return true
		}
	}
	return false
}
