// Command loadharness prepares a ketentest database for a load test of the
// sandbox DVA and fetches an access token from a running sandbox through
// the MedMij OAuth flow, as a PGO and a browser would:
//
//	go run ./internal/sandbox/loadharness prepare --data-dir DIR --fixtures ../shared/fhir/testscripts/STU3/BgZ-3-0/Cert/_reference/resources
//	KETENTEST_SANDBOX_ADDR=127.0.0.1:8443 go run ./cmd/ketentest serve --data-dir DIR
//	go run ./internal/sandbox/loadharness token --base http://127.0.0.1:8443 --patient 1:medmij-bgz-patient-ts-01
//	go run ./cmd/ketentest loadtest --base http://127.0.0.1:8443/48/fhir --token T --script .../medmij-bgz-phr-1-1-retrieve-bgz.xml
//
// It only talks to the sandbox URL it is given (meant for loopback).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
)

const (
	clientID = "loadtest.ketentest.local"
	redirect = "http://127.0.0.1:9/callback"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: loadharness prepare|token [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "prepare":
		err = prepare(os.Args[2:])
	case "token":
		err = token(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadharness:", err)
		os.Exit(1)
	}
}

func prepare(args []string) error {
	fs := flag.NewFlagSet("prepare", flag.ContinueOnError)
	dataDir := fs.String("data-dir", "", "ketentest data directory (SQLite)")
	dbURL := fs.String("database-url", os.Getenv("KETENTEST_DATABASE_URL"), "PostgreSQL URL instead of SQLite")
	fixtures := fs.String("fixtures", "", "folder of FHIR resources to import as one dossier")
	service := fs.String("service", "48", "data service of the dossier")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *fixtures == "" || (*dataDir == "" && *dbURL == "") {
		return errors.New("--fixtures and --data-dir (or --database-url) are required")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, *dbURL, *dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	rs, err := dossier.LoadDir(*fixtures, fhir.Unknown)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		return fmt.Errorf("no resources in %s", *fixtures)
	}
	st := dossier.NewStore(db)
	id, err := st.Create(ctx, 0, "loadtest "+*service, *service, rs[0].Version)
	if err != nil {
		return err
	}
	if _, err := st.AddVersion(ctx, id, "loadtest fixtures", rs); err != nil {
		return err
	}
	if err := sandbox.RegisterClient(ctx, db, sandbox.Client{ClientID: clientID, Name: "loadtest", RedirectURIs: []string{redirect}}); err != nil {
		return err
	}
	set, err := st.Version(ctx, id, 0)
	if err != nil {
		return err
	}
	ps, _ := set.Patients(ctx)
	fmt.Printf("dossier %d: %d resources; patient keys:\n", id, len(rs))
	for _, p := range ps {
		fmt.Printf("  %s  %s\n", p.Key, p.Name)
	}
	return nil
}

func token(args []string) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	base := fs.String("base", "", "sandbox base URL, e.g. http://127.0.0.1:8443")
	patient := fs.String("patient", "", "patient key to log in as")
	scope := fs.String("scope", "ketentest~48", "scope to ask for")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *base == "" || *patient == "" {
		return errors.New("--base and --patient are required")
	}
	b := strings.TrimSuffix(*base, "/")
	hc := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	q := url.Values{"response_type": {"code"}, "client_id": {clientID}, "redirect_uri": {redirect}, "scope": {*scope},
		"state": {"loadtest"}, "MedMij-Request-ID": {"00000000-0000-4000-8000-000000000001"}, "X-Correlation-ID": {"00000000-0000-4000-8000-0000000000c1"}}
	resp, err := hc.Get(b + "/oauth/authorize?" + q.Encode())
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("authorize: %s", resp.Status)
	}
	q.Set("patient", *patient)
	q.Set("decision", "allow")
	req, _ := http.NewRequest(http.MethodPost, b+"/oauth/authorize", strings.NewReader(q.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b)
	if resp, err = hc.Do(req); err != nil {
		return err
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || loc.Query().Get("code") == "" {
		return fmt.Errorf("consent: %s, Location %q", resp.Status, resp.Header.Get("Location"))
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")}, "redirect_uri": {redirect}, "client_id": {clientID}}
	req, _ = http.NewRequest(http.MethodPost, b+"/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("MedMij-Request-ID", "00000000-0000-4000-8000-000000000002")
	req.Header.Set("X-Correlation-ID", "00000000-0000-4000-8000-0000000000c1")
	if resp, err = hc.Do(req); err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var tr sandbox.TokenResponse
	if resp.StatusCode != 200 || json.Unmarshal(body, &tr) != nil || tr.AccessToken == "" {
		return fmt.Errorf("token: %s %s", resp.Status, body)
	}
	fmt.Println(tr.AccessToken)
	return nil
}
