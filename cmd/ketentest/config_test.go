package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestConfigCommandMasksSecrets: ketentest config shows every setting with
// its source, and never the SMTP password or the metrics token.
func TestConfigCommandMasksSecrets(t *testing.T) {
	t.Setenv("KETENTEST_SMTP_ADDR", "smtp.example.nl:587")
	t.Setenv("KETENTEST_BASE_URL", "https://ketentest.example.nl")
	t.Setenv("KETENTEST_SMTP_USER", "mailer")
	t.Setenv("KETENTEST_SMTP_PASSWORD", "smtp-password-never-shown")
	t.Setenv("KETENTEST_METRICS_TOKEN", "metrics-token-never-shown")
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"config", "--log-level", "warn"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	text := out.String()
	if strings.Contains(text, "never-shown") {
		t.Fatalf("secret printed:\n%s", text)
	}
	for _, want := range []string{"KETENTEST_SMTP_PASSWORD", "********", "KETENTEST_LOG_LEVEL", "warn", "flag", "smtp.example.nl:587", "environment"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q missing:\n%s", want, text)
		}
	}
}

// An invalid setting fails ketentest config (exit 1) with the setting named,
// after the table was printed.
func TestConfigCommandInvalid(t *testing.T) {
	t.Setenv("KETENTEST_SMTP_ADDR", "smtp.example.nl:587")
	t.Setenv("KETENTEST_BASE_URL", "")
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"config"}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "KETENTEST_BASE_URL") ||
		!strings.Contains(out.String(), "KETENTEST_SMTP_ADDR") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
}

// TestServeRefusesSMTPWithoutBaseURL: mail that leaves the machine needs a
// configured base URL, or its links would come from somewhere else.
func TestServeRefusesSMTPWithoutBaseURL(t *testing.T) {
	t.Setenv("KETENTEST_SMTP_ADDR", "127.0.0.1:2525")
	t.Setenv("KETENTEST_BASE_URL", "")
	dir := t.TempDir()
	err := runServe(t.Context(), []string{"--data-dir", dir, "--addr", "127.0.0.1:0"}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "KETENTEST_BASE_URL") {
		t.Fatalf("err = %v, want a refusal naming KETENTEST_BASE_URL", err)
	}
}
