package twiin

import (
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// Outcome is a FHIR OperationOutcome (same shape in STU3 and R4).
type Outcome struct {
	ResourceType string         `json:"resourceType"`
	Issue        []OutcomeIssue `json:"issue"`
}

// OutcomeIssue is OperationOutcome.issue.
type OutcomeIssue struct {
	Severity    string   `json:"severity"`
	Code        string   `json:"code"`
	Diagnostics string   `json:"diagnostics,omitempty"`
	Expression  []string `json:"expression,omitempty"`
}

// writeOutcome answers status with an OperationOutcome of one issue.
func writeOutcome(w http.ResponseWriter, status int, code, diagnostics string) {
	writeIssues(w, status, Issues{{Severity: "error", Code: code, Message: diagnostics}})
}

// writeIssues answers status with an OperationOutcome listing issues.
func writeIssues(w http.ResponseWriter, status int, is Issues) {
	o := Outcome{ResourceType: "OperationOutcome"}
	for _, i := range is {
		oi := OutcomeIssue{Severity: i.Severity, Code: i.Code, Diagnostics: i.Message}
		if i.Expression != "" {
			oi.Expression = []string{i.Expression}
		}
		o.Issue = append(o.Issue, oi)
	}
	writeFHIR(w, status, o)
}

func writeFHIR(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/fhir+json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// Exchange is one request a Twiin endpoint served, for the recording
// layer: who (certificate subject and URA, token organisation), what and
// the answer. Tokens and bodies are not part of it.
type Exchange struct {
	Role        string // "receiver" (notification endpoint) or "holder" (resource server)
	At          time.Time
	Method      string
	Path        string // with query
	Status      int
	PeerSubject string // mutual-TLS client certificate subject, "" without
	PeerURA     string
	TokenURA    string // organisation the access token was issued to
	Note        string // why a request was refused
}

// Recorder receives exchanges (nil: none kept).
type Recorder func(Exchange)

// secretParams are query parameters whose values never reach a record.
var secretParams = []string{"access_token", "client_assertion", "assertion", "refresh_token"}

// RecordedPath is the path and query of u for a record, with the values
// of secret parameters masked and the length bounded.
func RecordedPath(u *url.URL) string {
	p := u.EscapedPath()
	if u.RawQuery != "" {
		q := u.Query()
		masked := false
		for _, k := range secretParams {
			if q.Has(k) {
				q.Set(k, "***")
				masked = true
			}
		}
		if masked {
			p += "?" + q.Encode()
		} else {
			p += "?" + u.RawQuery
		}
	}
	if len(p) > 4000 {
		p = p[:4000]
	}
	return p
}
