package testscript

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/pgoclient"
)

const enginePatient = `{"resourceType":"Patient","id":"p1","meta":{"profile":["http://example.org/p"]},"name":[{"family":"Jansen"}],"birthDate":"${DATE, T, Y, -30}"}`

// engineScript exercises every operation and assert kind; each assert's
// description says what it must give: "[pass]", "[fail]", "[warning]",
// "[unsupported]" or "[skipped]".
const engineScript = `<TestScript xmlns="http://hl7.org/fhir">
 <id value="engine"/><name value="Engine"/><status value="active"/>
 <fixture id="pat"><autocreate value="false"/><autodelete value="false"/><resource><reference value="fixtures/pat.json"/></resource></fixture>
 <fixture id="gone"><autocreate value="false"/><autodelete value="false"/><resource><reference value="fixtures/missing.json"/></resource></fixture>
 <profile id="pp" value="http://example.org/p"/>
 <variable><name value="T"/><defaultValue value="2026-06-15"/></variable>
 <variable><name value="tok"/><defaultValue value="Bearer script-token"/></variable>
 <variable><name value="pid"/><expression value="Patient.id"/><sourceId value="pat"/></variable>
 <variable><name value="etag"/><headerField value="ETag"/><sourceId value="read1"/></variable>
 <variable><name value="family"/><path value="/f:Patient/f:name/f:family/@value"/><sourceId value="pat"/></variable>
 <setup>
  <action><operation><type><code value="update"/></type><resource value="Patient"/><params value="/${pid}"/><sourceId value="pat"/><contentType value="xml"/>
   <requestHeader><field value="Authorization"/><value value="${tok}"/></requestHeader></operation></action>
  <action><assert><description value="[pass] created"/><responseCode value="200,201"/><operator value="in"/></assert></action>
 </setup>
 <test id="t1"><name value="reads"/>
  <action><operation><type><code value="read"/></type><resource value="Patient"/><params value="/${pid}"/><accept value="json"/><responseId value="read1"/>
   <requestHeader><field value="Authorization"/><value value="${tok}"/></requestHeader></operation></action>
  <action><assert><description value="[pass] response okay"/><response value="okay"/></assert></action>
  <action><assert><description value="[pass] contentType json"/><contentType value="json"/></assert></action>
  <action><assert><description value="[pass] resource"/><resource value="Patient"/></assert></action>
  <action><assert><description value="[pass] header ETag"/><headerField value="ETag"/><operator value="notEmpty"/></assert></action>
  <action><assert><description value="[pass] request header mapped"/><direction value="request"/><headerField value="Authorization"/><value value="Bearer participant-token"/></assert></action>
  <action><assert><description value="[pass] expression boolean"/><expression value="Patient.name.family = 'Jansen'"/></assert></action>
  <action><assert><description value="[pass] expression value"/><expression value="Patient.name.family"/><operator value="equals"/><value value="${family}"/></assert></action>
  <action><assert><description value="[pass] date placeholder in fixture"/><expression value="Patient.birthDate"/><value value="1996-06-15"/></assert></action>
  <action><assert><description value="[fail] expression false"/><expression value="Patient.name.family = 'Pietersen'"/></assert></action>
  <action><assert><description value="[warning] warningOnly"/><expression value="Patient.gender.exists()"/><warningOnly value="true"/></assert></action>
  <action><assert><description value="[pass] compareToSourceExpression"/><compareToSourceId value="pat"/><compareToSourceExpression value="Patient.name.family"/><expression value="Patient.name.family"/><operator value="equals"/></assert></action>
  <action><assert><description value="[pass] compareToSourcePath"/><compareToSourceId value="pat"/><compareToSourcePath value="/f:Patient/f:id/@value"/><path value="/f:Patient/f:id/@value"/></assert></action>
  <action><assert><description value="[pass] minimumId"/><minimumId value="pat"/></assert></action>
  <action><assert><description value="[pass] path xpath"/><path value="/f:Patient/f:name/f:family/@value"/><value value="Jansen"/></assert></action>
  <action><assert><description value="[pass] path json"/><path value="$.name[0].family"/><value value="Jansen"/></assert></action>
  <action><assert><description value="[unsupported] path predicate"/><path value="/f:Patient/f:name[f:use/@value='official']/f:family/@value"/></assert></action>
  <action><assert><description value="[unsupported] validate without validator"/><validateProfileId value="pp"/></assert></action>
  <action><assert><description value="[unsupported] unknown rule"/><extension url="http://touchstone.aegis.net/touchstone/fhir/testing/StructureDefinition/testscript-assert-rule"><extension url="ruleId"><valueId value="some-groovy-rule"/></extension></extension></assert></action>
  <action><assert><description value="[unsupported] eval operator"/><expression value="Patient.id"/><operator value="eval"/></assert></action>
  <action><assert><description value="[pass] requestURL"/><requestURL value="/Patient/p1"/></assert></action>
  <action><assert><description value="[pass] requestURL contains"/><requestURL value="Patient"/><operator value="contains"/></assert></action>
  <action><assert><description value="[pass] requestMethod"/><requestMethod value="get"/></assert></action>
  <action><assert><description value="[fail] minimumId of a missing fixture"/><minimumId value="gone"/></assert></action>
  <action><operation><type><code value="vread"/></type><resource value="Patient"/><params value="/${pid}/_history/${etag}"/></operation></action>
  <action><assert><description value="[pass] vread"/><responseCode value="200"/></assert></action>
 </test>
 <test id="t2"><name value="search"/>
  <action><operation><type><code value="search"/></type><resource value="Patient"/><params value="?name=Jansen&amp;birthdate=ge${DATE, T, D, -1}"/><accept value="xml"/></operation></action>
  <action><assert><description value="[pass] xml back"/><contentType value="xml"/></assert></action>
  <action><assert><description value="[pass] navigation links"/><navigationLinks value="true"/></assert></action>
  <action><assert><description value="[pass] total greaterThan"/><expression value="Bundle.total"/><operator value="greaterThan"/><value value="0"/></assert></action>
  <action><assert><description value="[pass] total lessThan"/><expression value="Bundle.total"/><operator value="lessThan"/><value value="10"/></assert></action>
  <action><assert><description value="[pass] self link rule"/><extension url="http://touchstone.aegis.net/touchstone/fhir/testing/StructureDefinition/testscript-assert-rule"><extension url="ruleId"><valueId value="assert-response-queryParamsInSelfLink"/></extension></extension></assert></action>
  <action><assert><description value="[fail] stop here"/><responseCode value="500"/><stopTestOnFail value="true"/></assert></action>
  <action><assert><description value="[skipped] after stop"/><responseCode value="200"/></assert></action>
 </test>
 <test id="t3"><name value="other operations"/>
  <action><operation><type><code value="create"/></type><resource value="Patient"/><sourceId value="pat"/></operation></action>
  <action><assert><description value="[pass] created 201"/><response value="created"/></assert></action>
  <action><operation><type><code value="history"/></type><resource value="Patient"/><params value="/p1"/></operation></action>
  <action><assert><description value="[pass] history"/><expression value="Bundle.type = 'history'"/></assert></action>
  <action><operation><type><code value="transaction"/></type><sourceId value="pat"/></operation></action>
  <action><assert><description value="[pass] transaction"/><responseCode value="200"/></assert></action>
  <action><operation><type><code value="$lastn"/></type><resource value="Observation"/><params value="/$lastn?code=http://loinc.org|85354-9"/></operation></action>
  <action><assert><description value="[pass] lastn"/><responseCode value="200"/></assert></action>
 </test>
 <teardown>
  <action><operation><type><code value="delete"/></type><resource value="Patient"/><params value="/${pid}"/></operation></action>
 </teardown>
</TestScript>`

func TestEngineOperationsAndAsserts(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	var putBody string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.RequestURI()+" "+r.Header.Get("Authorization")+" "+r.Header.Get("Accept"))
		if r.Method == http.MethodPut {
			putBody = string(body)
		}
		mu.Unlock()
		json := `application/fhir+json; charset=utf-8`
		patient := `{"resourceType":"Patient","id":"p1","meta":{"versionId":"1","profile":["http://example.org/p"]},"name":[{"family":"Jansen"}],"birthDate":"1996-06-15"}`
		switch {
		case r.Method == http.MethodPut || r.Method == http.MethodPost && r.URL.Path == "/fhir/Patient":
			w.Header().Set("Content-Type", json)
			w.Header().Set("Location", "/fhir/Patient/p1/_history/1")
			w.WriteHeader(201)
			w.Write([]byte(patient))
		case r.Method == http.MethodGet && (r.URL.Path == "/fhir/Patient/p1" || r.URL.Path == "/fhir/Patient/p1/_history/1"):
			w.Header().Set("Content-Type", json)
			w.Header().Set("ETag", "1")
			w.Write([]byte(patient))
		case r.Method == http.MethodGet && r.URL.Path == "/fhir/Patient":
			self := "http://x/fhir/Patient?" + r.URL.RawQuery
			w.Header().Set("Content-Type", "application/fhir+xml")
			w.Write([]byte(`<Bundle xmlns="http://hl7.org/fhir"><type value="searchset"/><total value="1"/>` +
				`<link><relation value="self"/><url value="` + strings.ReplaceAll(self, "&", "&amp;") + `"/></link>` +
				`<link><relation value="first"/><url value="http://x/a"/></link><link><relation value="last"/><url value="http://x/a"/></link>` +
				`<entry><fullUrl value="http://x/fhir/Patient/p1"/><resource><Patient><id value="p1"/></Patient></resource></entry></Bundle>`))
		case r.URL.Path == "/fhir/Patient/p1/_history":
			w.Header().Set("Content-Type", json)
			w.Write([]byte(`{"resourceType":"Bundle","type":"history"}`))
		case r.Method == http.MethodPost && r.URL.Path == "/fhir/":
			w.Header().Set("Content-Type", json)
			w.Write([]byte(`{"resourceType":"Bundle","type":"transaction-response"}`))
		case r.URL.Path == "/fhir/Observation/$lastn":
			w.Header().Set("Content-Type", json)
			w.Write([]byte(`{"resourceType":"Bundle","type":"searchset"}`))
		case r.Method == http.MethodDelete:
			w.WriteHeader(204)
		default:
			w.WriteHeader(404)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "fixtures"), 0o700)
	os.WriteFile(filepath.Join(dir, "fixtures", "pat.json"), []byte(enginePatient), 0o600)
	os.WriteFile(filepath.Join(dir, "engine.xml"), []byte(engineScript), 0o600)
	s, err := Load(filepath.Join(dir, "engine.xml"), fhir.R4, dir)
	if err != nil {
		t.Fatal(err)
	}
	p := &pgoclient.Policy{}
	p.AllowURL(srv.URL)
	ops := 0
	res := Run(t.Context(), s, Options{Base: srv.URL + "/fhir/", Policy: p, AuthMap: map[string]string{"Bearer script-token": "Bearer participant-token"},
		Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), OnOperation: func(done, total int) { ops = total }})
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	n := 0
	for _, op := range res.Operations {
		for _, a := range op.Asserts {
			n++
			want := Status(strings.Trim(strings.Fields(a.Description)[0], "[]"))
			if a.Status != want {
				t.Errorf("%s: %s (%s)", a.Description, a.Status, a.Message)
			}
		}
	}
	if n != 36 || ops != 9 {
		t.Errorf("%d asserts, %d operations", n, ops)
	}
	want := []string{
		"PUT /fhir/Patient/p1 Bearer participant-token application/fhir+json",
		"GET /fhir/Patient/p1 Bearer participant-token application/fhir+json",
		"GET /fhir/Patient/p1/_history/1  application/fhir+json",
		"GET /fhir/Patient?name=Jansen&birthdate=ge2026-06-14  application/fhir+xml",
		"POST /fhir/Patient  application/fhir+json",
		"GET /fhir/Patient/p1/_history  application/fhir+json",
		"POST /fhir/  application/fhir+json",
		"GET /fhir/Observation/$lastn?code=http%3A%2F%2Floinc.org%7C85354-9  application/fhir+json",
		"DELETE /fhir/Patient/p1  application/fhir+json",
	}
	if strings.Join(seen, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(seen, "\n"), strings.Join(want, "\n"))
	}
	if !strings.HasPrefix(putBody, "<Patient") || !strings.Contains(putBody, `<birthDate value="1996-06-15"/>`) {
		t.Errorf("PUT body (XML, placeholder resolved): %s", putBody)
	}
	for _, op := range res.Operations {
		if op.Exchange != nil && strings.Contains(op.Exchange.RequestHeaders.Get("Authorization"), "participant-token") {
			t.Errorf("the token is kept in the result: %v", op.Exchange.RequestHeaders)
		}
	}
}
