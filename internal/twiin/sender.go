package twiin

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/orgauth"
)

// Endpoints are what addressing gives for an organisation (Twiin: the
// GtK's notification, resource and token endpoints).
type Endpoints struct {
	Notification string // base of the notification endpoint ({…}/Task is POSTed)
	FHIRBase     string // resource server base
	Token        string // authorization server token endpoint
}

// Credentials sign a participant's token requests: RFC 7523 client
// assertions (Twiin), or, when Credential is set, a Verifiable
// Presentation of that credential by DID (Nuts RFC021 vp_token-bearer).
type Credentials struct {
	ClientID   string // at the other side's authorization server
	Kid        string // key id; with a DID the fragment of DID#Kid
	Key        crypto.Signer
	DID        string // holder DID (Nuts variant)
	Credential string // JWT X509Credential issued by ketentest (Nuts variant)
}

// presentationSubmission maps the one credential of a test VP.
const presentationSubmission = `{"id":"ketentest-submission","definition_id":"ketentest-organization-credential","descriptor_map":[{"id":"organization_credential","format":"jwt_vc","path":"$.verifiableCredential[0]"}]}`

// FetchToken gets an access token at tokenURL, optionally for an
// authorization base and scope.
func (c Credentials) FetchToken(ctx context.Context, hc *http.Client, tokenURL, base, scope string) (*orgauth.TokenResponse, error) {
	var form url.Values
	if c.Credential != "" {
		vp, err := orgauth.PresentVP(c.DID, c.DID+"#"+c.Kid, c.Key, tokenURL, []string{c.Credential}, time.Now(), 5*time.Second)
		if err != nil {
			return nil, err
		}
		form = url.Values{"grant_type": {orgauth.GrantVPToken}, "assertion": {vp}, "presentation_submission": {presentationSubmission}}
	} else {
		a, err := orgauth.ClientAssertion(c.Key, c.Kid, c.ClientID, tokenURL, time.Now(), time.Minute)
		if err != nil {
			return nil, err
		}
		form = url.Values{"grant_type": {orgauth.GrantClientCredentials}, "client_assertion_type": {orgauth.AssertionTypeJWT}, "client_assertion": {a}}
	}
	if base != "" {
		form.Set("authorization_base", base)
	}
	if scope != "" {
		form.Set("scope", scope)
	}
	return orgauth.RequestToken(ctx, hc, tokenURL, form, "")
}

// Sender sends Notification Tasks to a receiver's notification endpoint.
type Sender struct {
	HTTP  *http.Client
	Creds Credentials // registered at the receiver's authorization server
}

// Answer is the receiver's response.
type Answer struct {
	Status   int
	Location string
	Body     []byte // the Task or an OperationOutcome
}

// Outcome decodes an OperationOutcome answer (nil if it is none).
func (a *Answer) Outcome() *Outcome {
	var o Outcome
	if json.Unmarshal(a.Body, &o) != nil || o.ResourceType != "OperationOutcome" {
		return nil
	}
	return &o
}

// Notify gets a token at the receiver's authorization server and POSTs t.
func (s *Sender) Notify(ctx context.Context, to Endpoints, t *Task) (*Answer, error) {
	return s.send(ctx, to, http.MethodPost, strings.TrimSuffix(to.Notification, "/")+"/Task", t)
}

// Cancel withdraws t by conditional update (status cancelled).
func (s *Sender) Cancel(ctx context.Context, to Endpoints, t *Task) (*Answer, error) {
	u := strings.TrimSuffix(to.Notification, "/") + "/Task?identifier=" + url.QueryEscape(t.IdentifierToken())
	return s.send(ctx, to, http.MethodPut, u, t.Cancelled())
}

func (s *Sender) send(ctx context.Context, to Endpoints, method, u string, t *Task) (*Answer, error) {
	tok, err := s.Creds.FetchToken(ctx, s.HTTP, to.Token, "", "notification")
	if err != nil {
		return nil, fmt.Errorf("token bij de ontvanger: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(t.JSON()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/fhir+json; fhirVersion=3.0")
	req.Header.Set("Accept", "application/fhir+json")
	req.Header.Set("Authorization", tok.TokenType+" "+tok.AccessToken)
	resp, err := s.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	return &Answer{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Body: body}, nil
}
