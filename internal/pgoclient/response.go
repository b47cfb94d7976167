package pgoclient

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/url"
	"slices"
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// CheckInfo describes one check of the catalogue.
type CheckInfo struct {
	Name    string
	Warning bool // reported, but does not fail the run
}

// SearchChecks are the checks applied to every search answer, in the order
// they are shown: the HTTP level first, then the XIS-Server TestScripts'
// generic asserts.
var SearchChecks = []CheckInfo{
	{Name: "status"}, {Name: "contentType"}, {Name: "parse"},
	{Name: "type"}, {Name: "matchType"}, {Name: "self"}, {Name: "selfParams", Warning: true}, {Name: "total"},
	{Name: "entry"}, {Name: "fullUrl"}, {Name: "profile"},
	{Name: "Coding"}, {Name: "CodeableConcept"}, {Name: "Reference"}, {Name: "Identifier"}, {Name: "BSN"},
}

// R4SearchChecks are the search checks of an R4 data service: the R4
// XIS-Server TestScripts (Immunization-2-0) add that every returned
// resource has an id.
var R4SearchChecks = insertAfter(SearchChecks, "entry", CheckInfo{Name: "id"})

// SearchChecksFor returns the search check catalogue of FHIR release v.
func SearchChecksFor(v fhir.Version) []CheckInfo {
	if v == fhir.R4 {
		return R4SearchChecks
	}
	return SearchChecks
}

func insertAfter(cs []CheckInfo, after string, c CheckInfo) []CheckInfo {
	i := slices.IndexFunc(cs, func(x CheckInfo) bool { return x.Name == after })
	return slices.Insert(slices.Clone(cs), i+1, c)
}

// TokenChecks are the checks applied to the token endpoint's answer.
var TokenChecks = []CheckInfo{{Name: "status"}, {Name: "contentType"}, {Name: "token"}, {Name: "cacheControl", Warning: true}}

// CheckResult is the outcome of one check on one response.
type CheckResult struct {
	Check    string   `json:"check"`
	Pass     bool     `json:"pass"`
	Warning  bool     `json:"warning,omitempty"`
	Messages []string `json:"messages,omitempty"`
}

// results folds problems into one result per check of the catalogue.
func results(catalogue []CheckInfo, problems []Problem) []CheckResult {
	out := make([]CheckResult, len(catalogue))
	idx := map[string]int{}
	for i, c := range catalogue {
		out[i] = CheckResult{Check: c.Name, Pass: true, Warning: c.Warning}
		idx[c.Name] = i
	}
	for _, p := range problems {
		i, ok := idx[p.Check]
		if !ok {
			out = append(out, CheckResult{Check: p.Check, Warning: p.Warning})
			i = len(out) - 1
			idx[p.Check] = i
		}
		out[i].Pass = false
		if len(out[i].Messages) < 20 {
			out[i].Messages = append(out[i].Messages, p.Message)
		} else if len(out[i].Messages) == 20 {
			out[i].Messages = append(out[i].Messages, "…")
		}
	}
	return out
}

// Failed counts the failed checks that are errors and those that are warnings.
func Failed(rs []CheckResult) (errs, warns int) {
	for _, r := range rs {
		switch {
		case r.Pass:
		case r.Warning:
			warns++
		default:
			errs++
		}
	}
	return errs, warns
}

// isFHIRJSON: application/fhir+json; STU3 servers may still send the
// DSTU2 type application/json+fhir, which R4 no longer allows.
func isFHIRJSON(contentType string, v fhir.Version) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/fhir+json" || mt == "application/json+fhir" && v != fhir.R4)
}

// CheckSearchResponse runs the search checks of FHIR release v on one
// HTTP answer to the request URL requestURL.
func CheckSearchResponse(requestURL string, v fhir.Version, status int, contentType string, body []byte) []CheckResult {
	catalogue := SearchChecksFor(v)
	var ps []Problem
	if status != 200 {
		ps = append(ps, Problem{Check: "status", Message: fmt.Sprintf("HTTP %d, want 200", status)})
	}
	if !isFHIRJSON(contentType, v) {
		ps = append(ps, Problem{Check: "contentType", Message: fmt.Sprintf("Content-Type %q, want application/fhir+json", contentType)})
	}
	b, err := fhir.ParseOptions{Version: v}.Parse(body)
	if err != nil {
		ps = append(ps, Problem{Check: "parse", Message: err.Error()})
		return skipAfterParse(results(catalogue, ps))
	}
	ps = append(ps, CheckSearchSet(b)...)
	if v == fhir.R4 {
		ps = append(ps, checkIDs(b)...)
	}
	ps = append(ps, checkMatchType(requestURL, v, b)...)
	ps = append(ps, checkSelfParams(requestURL, b)...)
	return results(catalogue, ps)
}

// skipAfterParse marks the content checks as not passed when there was no
// content to check: an unparseable answer passes nothing.
func skipAfterParse(rs []CheckResult) []CheckResult {
	past := false
	for i := range rs {
		if past && rs[i].Pass {
			rs[i].Pass = false
			rs[i].Messages = []string{"not checked: the answer is not a FHIR resource"}
		}
		if rs[i].Check == "parse" {
			past = true
		}
	}
	return rs
}

// searchedType is the resource type a search URL asks for: the path
// segment before a $operation, else the last one.
func searchedType(requestURL string) string {
	u, err := url.Parse(requestURL)
	if err != nil {
		return ""
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i := len(segs) - 1; i >= 0; i-- {
		if !strings.HasPrefix(segs[i], "$") {
			return segs[i]
		}
	}
	return ""
}

// checkMatchType: the entries with search.mode match are of the type
// searched (includes may be of any type). The TestScripts count resources
// by type, so an answer of another type fails them.
func checkMatchType(requestURL string, v fhir.Version, b *fhir.Resource) []Problem {
	want := searchedType(requestURL)
	if b == nil || b.Type() != "Bundle" || !fhir.IsResourceType(v, want) {
		return nil
	}
	var out []Problem
	for i, e := range b.Entries() {
		if e.Resource == nil || (e.SearchMode != "" && e.SearchMode != "match") {
			continue
		}
		if t := e.Resource.Type(); t != want && t != "OperationOutcome" {
			out = append(out, Problem{Check: "matchType", Message: fmt.Sprintf("entry %d is a %s in the answer to a %s search", i, t, want)})
		}
	}
	return out
}

// checkIDs is the R4 scripts' "all returned resources contain a
// Resource.id": a search answer has no temporary ids.
func checkIDs(b *fhir.Resource) []Problem {
	if b == nil || b.Type() != "Bundle" {
		return nil
	}
	var out []Problem
	for i, e := range b.Entries() {
		if e.Resource != nil && e.Resource.ID() == "" {
			out = append(out, Problem{Check: "id", Message: fmt.Sprintf("entry %d (%s) has no id", i, e.Resource.Type())})
		}
	}
	return out
}

// checkSelfParams is the TestScripts' warning "the parameters in the
// request URL are all handled by the server, by inspecting the self link",
// and also names parameters the self link adds that the request did not
// send (a DVA takes the patient from the token, not from the URL).
func checkSelfParams(requestURL string, b *fhir.Resource) []Problem {
	if b == nil || b.Type() != "Bundle" {
		return nil
	}
	self := ""
	for _, l := range b.Get("link") {
		if l.String("relation") == "self" {
			self = l.String("url")
		}
	}
	req, err1 := url.Parse(requestURL)
	su, err2 := url.Parse(self)
	if self == "" || err1 != nil || err2 != nil {
		return nil
	}
	warn := func(format string, args ...any) Problem {
		return Problem{Check: "selfParams", Warning: true, Message: fmt.Sprintf(format, args...)}
	}
	var out []Problem
	got, sent := su.Query(), req.Query()
	for _, k := range sortedKeys(sent) {
		for _, v := range sent[k] {
			if !slices.Contains(got[k], v) {
				out = append(out, warn("the request's %s=%s is not in the self link (not handled?)", k, v))
			}
		}
	}
	for _, k := range sortedKeys(got) {
		if _, ok := sent[k]; !ok && k != "_format" {
			out = append(out, warn("the self link has %s=%s, which the request did not send", k, strings.Join(got[k], ",")))
		}
	}
	return out
}

func sortedKeys(v url.Values) []string {
	ks := make([]string, 0, len(v))
	for k := range v {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// Token is the part of a token response the PGO needs.
type Token struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
	Scope        string `json:"scope"`
}

// CheckTokenResponse checks the token endpoint's answer (RFC 6749 5.1 as
// MedMij uses it) and returns the token when there is one.
func CheckTokenResponse(status int, contentType, cacheControl string, body []byte) (*Token, []CheckResult) {
	var ps []Problem
	if status != 200 {
		ps = append(ps, Problem{Check: "status", Message: fmt.Sprintf("HTTP %d, want 200", status)})
	}
	if mt, _, err := mime.ParseMediaType(contentType); err != nil || mt != "application/json" {
		ps = append(ps, Problem{Check: "contentType", Message: fmt.Sprintf("Content-Type %q, want application/json", contentType)})
	}
	if !strings.Contains(strings.ToLower(cacheControl), "no-store") {
		ps = append(ps, Problem{Check: "cacheControl", Warning: true, Message: "a token response should send Cache-Control: no-store"})
	}
	var tok Token
	if err := json.Unmarshal(body, &tok); err != nil {
		ps = append(ps, Problem{Check: "token", Message: "the body is not a JSON token response: " + err.Error()})
		return nil, results(TokenChecks, ps)
	}
	if tok.AccessToken == "" {
		ps = append(ps, Problem{Check: "token", Message: "access_token is missing"})
	}
	if !strings.EqualFold(tok.TokenType, "bearer") {
		ps = append(ps, Problem{Check: "token", Message: fmt.Sprintf("token_type %q, want Bearer", tok.TokenType)})
	}
	if tok.ExpiresIn <= 0 {
		ps = append(ps, Problem{Check: "token", Message: "expires_in is missing"})
	}
	if tok.AccessToken == "" {
		return nil, results(TokenChecks, ps)
	}
	return &tok, results(TokenChecks, ps)
}
