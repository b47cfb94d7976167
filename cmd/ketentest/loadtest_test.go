package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

func TestLoadtest(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" || r.Header.Get("MedMij-Request-ID") == "" {
			http.Error(w, "no", http.StatusUnauthorized)
			return
		}
		n.Add(1)
		w.Write([]byte(`{"resourceType":"Bundle","type":"searchset"}`))
	}))
	defer srv.Close()
	script := filepath.Join(t.TempDir(), "ts.xml")
	os.WriteFile(script, []byte(`<TestScript xmlns="http://hl7.org/fhir"><name value="x"/><status value="active"/>
<test><name value="t"/><action><operation><resource value="Condition"/><params value="?code=http://snomed.info/sct|1"/></operation></action></test></TestScript>`), 0o600)
	var out bytes.Buffer
	err := runLoadtest(t.Context(), []string{"--base", srv.URL + "/fhir", "--token", "tok", "--script", script, "--workers", "2", "--duration", "300ms"}, &out)
	if err != nil || n.Load() == 0 || !strings.Contains(out.String(), "req/s") {
		t.Fatalf("%v, %d requests: %s", err, n.Load(), out.String())
	}
	t.Log(strings.TrimSpace(out.String()))
}
