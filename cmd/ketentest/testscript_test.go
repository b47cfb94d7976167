package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const cliScript = `<TestScript xmlns="http://hl7.org/fhir">
  <id value="cli"/><name value="CLI"/><status value="active"/>
  <test id="t"><name value="read"/>
    <action><operation><type><system value="http://hl7.org/fhir/restful-interaction"/><code value="read"/></type>
      <resource value="Patient"/><accept value="json"/><params value="/${pid}"/></operation></action>
    <action><assert><description value="ok"/><response value="okay"/><warningOnly value="false"/></assert></action>
    <action><assert><description value="name"/><expression value="Patient.name.family"/><operator value="equals"/><value value="Jansen"/><warningOnly value="false"/></assert></action>
    <action><assert><description value="bearer"/><direction value="request"/><headerField value="Authorization"/><value value="Bearer secret-token"/><warningOnly value="false"/></assert></action>
  </test>
</TestScript>`

func TestTestscriptRunCommand(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/fhir+json")
		if r.URL.Path != "/fhir/Patient/p1" {
			w.WriteHeader(404)
			w.Write([]byte(`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}`))
			return
		}
		w.Write([]byte(`{"resourceType":"Patient","id":"p1","name":[{"family":"Jansen"}]}`))
	}))
	defer srv.Close()
	dir := t.TempDir()
	script := filepath.Join(dir, "cli.xml")
	if err := os.WriteFile(script, []byte(cliScript), 0o600); err != nil {
		t.Fatal(err)
	}
	junit := filepath.Join(dir, "out.xml")
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := runTestscript(context.Background(), append([]string{"run"}, args...), &out)
		return out.String(), err
	}

	// Loopback is refused by the SSRF guard unless asked for.
	out, err := run("--base", srv.URL+"/fhir", "--token", "secret-token", "--var", "pid=p1", script)
	var ec *exitCodeError
	if !errors.As(err, &ec) || ec.code != 1 || !strings.Contains(out, "not allowed") {
		t.Errorf("guarded run: %v\n%s", err, out)
	}

	out, err = run("--base", srv.URL+"/fhir", "--token", "secret-token", "--var", "pid=p1", "--allow-private", "--junit", junit, script)
	if err != nil || !strings.Contains(out, "PASS ") || !strings.Contains(out, "3 asserts: 3 pass, 0 fail") {
		t.Errorf("good run: %v\n%s", err, out)
	}
	if data, err := os.ReadFile(junit); err != nil || !strings.Contains(string(data), `<testsuites name="ketentest testscript" tests="3" failures="0"`) {
		t.Errorf("junit: %v\n%s", err, data)
	}
	if strings.Contains(out, "secret-token") {
		t.Errorf("the token is printed:\n%s", out)
	}

	out, err = run("--base", srv.URL+"/fhir", "--var", "pid=p2", "--allow-private", script)
	if !errors.As(err, &ec) || ec.code != 1 || !strings.Contains(out, "FAIL ") || !strings.Contains(out, "response code is 404") {
		t.Errorf("failing run: %v\n%s", err, out)
	}

	for _, bad := range [][]string{{script}, {"--base", "ftp://x", script}, {"--base", srv.URL, "--var", "novalue", script}, {"--base", srv.URL, filepath.Join(dir, "missing.xml")}} {
		if _, err := run(bad...); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}
