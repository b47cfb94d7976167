package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/store/storetest"
)

const bgzFixtures = "../../../shared/fhir/testscripts/STU3/BgZ-3-0/Cert/_reference/resources"

// TestSandboxPrepareServeTokenSearch runs the load-test setup end to end on
// loopback: `sandbox prepare` imports the BgZ fixtures, `serve` starts the
// sandbox, `sandbox token` fetches a token through the OAuth flow and a
// BgZ search with it finds the patient.
// It runs on SQLite, and on PostgreSQL when KETENTEST_TEST_POSTGRES is set.
func TestSandboxPrepareServeTokenSearch(t *testing.T) {
	if _, err := os.Stat(bgzFixtures); err != nil {
		t.Fatalf("BgZ fixtures missing: %v", err)
	}
	t.Run("sqlite", func(t *testing.T) { sandboxEndToEnd(t, "") })
	if base := os.Getenv(storetest.EnvPostgres); base != "" {
		t.Run("postgres", func(t *testing.T) {
			_, u := storetest.PostgresURL(t, base)
			sandboxEndToEnd(t, u)
		})
	}
}

func sandboxEndToEnd(t *testing.T, dbURL string) {
	ctx := context.Background()
	dir := t.TempDir()
	var out bytes.Buffer
	if err := runSandbox(ctx, []string{"prepare", "--data-dir", dir, "--database-url", dbURL, "--fixtures", bgzFixtures}, &out); err != nil {
		t.Fatalf("prepare: %v\n%s", err, out.String())
	}
	m := regexp.MustCompile(`(?m)^\s+(\d+:medmij-bgz-patient-ts-01)\s`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("prepare printed no key for patient ts-01:\n%s", out.String())
	}
	patient := m[1]

	t.Setenv("KETENTEST_SANDBOX_ADDR", "127.0.0.1:0")
	t.Setenv("KETENTEST_SANDBOX_URL", "")
	base, _, stop := startServe(t, []string{"--addr", "127.0.0.1:0", "--data-dir", dir, "--database-url", dbURL, "--log-level", "warn"}, `sandbox DVA listening on (http://\S+)`)
	defer stop(10 * time.Second)

	out.Reset()
	if err := runSandbox(ctx, []string{"token", "--base", base, "--patient", patient}, &out); err != nil {
		t.Fatalf("token: %v", err)
	}
	token := strings.TrimSpace(out.String())
	if token == "" || strings.Contains(token, "\n") {
		t.Fatalf("token printed %q", out.String())
	}

	req, _ := http.NewRequest(http.MethodGet, base+"/48/fhir/Patient", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/fhir+json")
	req.Header.Set("MedMij-Request-ID", "00000000-0000-4000-8000-000000000003")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b struct {
		ResourceType string `json:"resourceType"`
		Entry        []struct {
			Resource struct {
				ResourceType string `json:"resourceType"`
				ID           string `json:"id"`
			} `json:"resource"`
		} `json:"entry"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&b); err != nil || resp.StatusCode != 200 {
		t.Fatalf("search: %s %v", resp.Status, err)
	}
	if b.ResourceType != "Bundle" || len(b.Entry) != 1 || b.Entry[0].Resource.ResourceType != "Patient" || b.Entry[0].Resource.ID != "medmij-bgz-patient-ts-01" {
		t.Fatalf("search answered %+v", b)
	}
	// without the token the same search is refused
	resp2, err := http.Get(base + "/48/fhir/Patient")
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != http.StatusUnauthorized {
		t.Fatalf("search without token: %s", resp2.Status)
	}
}

func TestSandboxTokenRefusesRemoteBase(t *testing.T) {
	for _, base := range []string{"http://192.0.2.10:8443", "https://sandbox.example.org", "ftp://127.0.0.1", "127.0.0.1:8443"} {
		err := runSandbox(context.Background(), []string{"token", "--base", base, "--patient", "1:p"}, &bytes.Buffer{})
		if err == nil {
			t.Errorf("token --base %s: no error", base)
		}
	}
	err := runSandbox(context.Background(), []string{"token", "--base", "http://192.0.2.10:8443", "--patient", "1:p"}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "--allow-remote") {
		t.Errorf("non-loopback refusal does not name --allow-remote: %v", err)
	}
	for _, args := range [][]string{{}, {"bogus"}, {"prepare"}, {"token", "--base", "http://127.0.0.1:1"}} {
		if err := runSandbox(context.Background(), args, &bytes.Buffer{}); err == nil {
			t.Errorf("sandbox %v: no error", args)
		}
	}
}
