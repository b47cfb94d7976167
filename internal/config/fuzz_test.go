package config

import (
	"strings"
	"testing"
)

// FuzzResolve: no value of any setting makes Resolve panic, and a resolved
// configuration never prints a secret.
func FuzzResolve(f *testing.F) {
	f.Add("KETENTEST_METRICS_ALLOW", "10.0.0.0/8,::1")
	f.Add("KETENTEST_BASE_URL", "https://x.example/")
	f.Add("KETENTEST_SHUTDOWN_GRACE", "1h")
	f.Add("KETENTEST_SANDBOX_URL", "http://[::1]:80")
	f.Fuzz(func(t *testing.T, key, value string) {
		env := map[string]string{key: value, "KETENTEST_SMTP_PASSWORD": "fuzz-secret-value", "KETENTEST_SMTP_USER": "u"}
		c := &Config{}
		if err := c.Resolve(func(k string) (string, bool) { v, ok := env[k]; return v, ok }); err != nil {
			return
		}
		var b strings.Builder
		c.Print(&b)
		if strings.Contains(b.String(), "fuzz-secret-value") {
			t.Fatal("secret printed")
		}
	})
}
