// Package harness prepares a ketentest database for a load test of the
// sandbox DVA and fetches an access token from a running sandbox through
// the MedMij OAuth flow, as a PGO and a browser would. It backs
// `ketentest sandbox prepare` and `ketentest sandbox token`.
package harness

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
)

// ClientID and Redirect are the sandbox client Prepare registers and Token
// uses.
const (
	ClientID = "loadtest.ketentest.local"
	Redirect = "http://127.0.0.1:9/callback"
)

// Prepare imports the FHIR resources under fixtures as one dossier of data
// service service, registers the load-test client and prints the dossier's
// patient keys to w. db must be migrated.
func Prepare(ctx context.Context, db *store.DB, fixtures, service string, w io.Writer) error {
	// Parse with the data service's FHIR release: without it an STU3
	// fixture would be read by guesswork (and an STU3 0..1 element such as
	// Flag.category stored as an R4 array).
	v := fhir.Unknown
	if s, ok := sandbox.LookupService(service); ok {
		v = s.FHIR
	}
	rs, err := dossier.LoadDir(fixtures, v)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		return fmt.Errorf("no resources in %s", fixtures)
	}
	st := dossier.NewStore(db)
	if v == fhir.Unknown {
		v = rs[0].Version
	}
	id, err := st.Create(ctx, 0, "loadtest "+service, service, v)
	if err != nil {
		return err
	}
	if _, err := st.AddVersion(ctx, id, "loadtest fixtures", rs); err != nil {
		return err
	}
	if err := sandbox.RegisterClient(ctx, db, sandbox.Client{ClientID: ClientID, Name: "loadtest", RedirectURIs: []string{Redirect}}); err != nil {
		return err
	}
	set, err := st.Version(ctx, id, 0)
	if err != nil {
		return err
	}
	ps, _ := set.Patients(ctx)
	fmt.Fprintf(w, "dossier %d: %d resources; patient keys:\n", id, len(rs))
	for _, p := range ps {
		fmt.Fprintf(w, "  %s  %s\n", p.Key, p.Name)
	}
	return nil
}

// Token runs the authorization-code flow against the sandbox at base as
// the load-test client, consents as patient and returns the access token.
// It only talks to base.
func Token(ctx context.Context, base, patient, scope string) (string, error) {
	if base == "" || patient == "" {
		return "", errors.New("base and patient are required")
	}
	b := strings.TrimSuffix(base, "/")
	hc := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	q := url.Values{"response_type": {"code"}, "client_id": {ClientID}, "redirect_uri": {Redirect}, "scope": {scope},
		"state": {"loadtest"}, "MedMij-Request-ID": {"00000000-0000-4000-8000-000000000001"}, "X-Correlation-ID": {"00000000-0000-4000-8000-0000000000c1"}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, b+"/oauth/authorize?"+q.Encode(), nil)
	resp, err := hc.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return "", fmt.Errorf("authorize: %s", resp.Status)
	}
	q.Set("patient", patient)
	q.Set("decision", "allow")
	req, _ = http.NewRequestWithContext(ctx, http.MethodPost, b+"/oauth/authorize", strings.NewReader(q.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b)
	if resp, err = hc.Do(req); err != nil {
		return "", err
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || loc.Query().Get("code") == "" {
		return "", fmt.Errorf("consent: %s, Location %q", resp.Status, resp.Header.Get("Location"))
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")}, "redirect_uri": {Redirect}, "client_id": {ClientID}}
	req, _ = http.NewRequestWithContext(ctx, http.MethodPost, b+"/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("MedMij-Request-ID", "00000000-0000-4000-8000-000000000002")
	req.Header.Set("X-Correlation-ID", "00000000-0000-4000-8000-0000000000c1")
	if resp, err = hc.Do(req); err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var tr sandbox.TokenResponse
	if resp.StatusCode != 200 || json.Unmarshal(body, &tr) != nil || tr.AccessToken == "" {
		return "", fmt.Errorf("token: %s %s", resp.Status, body)
	}
	return tr.AccessToken, nil
}
