package redact

import (
	"strings"
	"testing"
)

// TestBodyMasksTokensUnderAnyContentType: a DVA under test may answer its
// token endpoint with a wrong content type (text/plain, text/html, none, or
// application/fhir+json); the access and refresh tokens must still be
// masked before the exchange is stored as evidence. FHIR members such as
// "code" stay.
func TestBodyMasksTokensUnderAnyContentType(t *testing.T) {
	body := `{"access_token":"AT-secret","refresh_token":"RT-secret","token_type":"Bearer","code":{"text":"bloeddruk"}}`
	for _, ct := range []string{"", "text/plain", "text/html; charset=utf-8", "application/fhir+json", "application/octet-stream"} {
		got := string(Body(ct, []byte(body)))
		if strings.Contains(got, "AT-secret") || strings.Contains(got, "RT-secret") {
			t.Errorf("content type %q: tokens kept: %s", ct, got)
		}
		if !strings.Contains(got, "bloeddruk") || !strings.Contains(got, "Bearer") {
			t.Errorf("content type %q: other members lost: %s", ct, got)
		}
	}
	fhir := `{"resourceType":"Observation","code":{"text":"x"},"status":"final"}`
	if got := string(Body("application/fhir+json", []byte(fhir))); got != fhir {
		t.Errorf("FHIR body changed: %s", got)
	}
}
