package testscript

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
)

const sampleXML = `<TestScript xmlns="http://hl7.org/fhir">
  <id value="sample"/>
  <name value="Sample"/>
  <status value="active"/>
  <fixture id="pat"><autocreate value="false"/><autodelete value="false"/><resource><reference value="pat.json"/></resource></fixture>
  <profile id="bundle" value="http://hl7.org/fhir/StructureDefinition/Bundle"/>
  <variable><name value="tok"/><defaultValue value="Bearer abc"/></variable>
  <variable><name value="pid"/><expression value="Patient.id"/><sourceId value="pat"/></variable>
  <setup><action><operation><type><system value="http://hl7.org/fhir/restful-interaction"/><code value="update"/></type>
    <resource value="Patient"/><params value="/${pid}"/><sourceId value="pat"/><contentType value="json"/></operation></action></setup>
  <test id="t1"><name value="Read"/>
    <action><operation><type><system value="http://hl7.org/fhir/restful-interaction"/><code value="search"/></type>
      <resource value="Patient"/><accept value="xml"/><params value="?_id=${pid}"/>
      <requestHeader><field value="Authorization"/><value value="${tok}"/></requestHeader><responseId value="r1"/></operation></action>
    <action><assert><extension url="http://touchstone.aegis.net/touchstone/fhir/testing/StructureDefinition/testscript-assert-rule"><extension url="ruleId"><valueId value="assert-response-queryParamsInSelfLink"/></extension></extension>
      <description value="rule"/><warningOnly value="true"/></assert></action>
    <action><assert><description value="ok"/><operator value="in"/><responseCode value="200,201"/><warningOnly value="false"/><stopTestOnFail value="true"/></assert></action>
    <action><assert><direction value="response"/><navigationLinks value="false"/><warningOnly value="false"/></assert></action>
  </test>
  <teardown><action><operation><type><code value="delete"/></type><resource value="Patient"/><params value="/${pid}"/></operation></action></teardown>
</TestScript>`

func TestParseXMLAndJSONAgree(t *testing.T) {
	sx, err := Parse([]byte(sampleXML), fhir.R4)
	if err != nil {
		t.Fatal(err)
	}
	r, err := fhir.ParseOptions{Version: fhir.R4}.Parse([]byte(sampleXML))
	if err != nil {
		t.Fatal(err)
	}
	js, err := fhir.MarshalJSON(r)
	if err != nil {
		t.Fatal(err)
	}
	sj, err := Parse(js, fhir.R4)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sx, sj) {
		t.Errorf("XML and JSON differ:\n%+v\n%+v", sx, sj)
	}
	if sx.Profiles["bundle"] != "http://hl7.org/fhir/StructureDefinition/Bundle" || len(sx.Fixtures) != 1 || sx.Fixtures[0].Reference != "pat.json" {
		t.Errorf("profiles %v fixtures %+v", sx.Profiles, sx.Fixtures)
	}
	if len(sx.Setup) != 1 || sx.Setup[0].Operation.method() != "PUT" || len(sx.Teardown) != 1 || sx.Teardown[0].Operation.method() != "DELETE" {
		t.Errorf("setup %+v teardown %+v", sx.Setup, sx.Teardown)
	}
	as := sx.Tests[0].Actions
	if len(as) != 4 || as[1].Assert.Rule != "assert-response-queryParamsInSelfLink" || !as[1].Assert.WarningOnly ||
		!as[2].Assert.StopTestOnFail || as[3].Assert.NavigationLinks == nil || *as[3].Assert.NavigationLinks {
		t.Errorf("actions %+v", as)
	}
	for text, want := range map[string]fhir.Version{"stu3-3.0-patchlevel 2026.22": fhir.STU3, "R4-4.0.1-x": fhir.R4} {
		s, err := Parse([]byte(`{"resourceType":"TestScript","version":"`+text+`","status":"active","name":"x"}`), fhir.Unknown)
		if err != nil || s.Version != want {
			t.Errorf("version %q: %v %v", text, s.Version, err)
		}
	}
	if _, err := Parse([]byte(`{"resourceType":"Patient","id":"x"}`), fhir.R4); err == nil || !strings.Contains(err.Error(), "not a TestScript") {
		t.Errorf("a Patient parsed as a script: %v", err)
	}
}

// TestParseAllSharedScripts parses every TestScript of the shared
// material (all roles, with fixtures) without error.
func TestParseAllSharedScripts(t *testing.T) {
	needShared(t)
	ss, err := LoadDir(shared, fhir.Unknown, shared)
	if err != nil {
		t.Fatal(err)
	}
	ops, asserts, missing := 0, 0, 0
	for _, s := range ss {
		if s.Version == fhir.Unknown {
			t.Errorf("%s: no FHIR version", s.File)
		}
		for _, f := range s.Fixtures {
			if f.Err != nil {
				missing++
			}
		}
		for _, as := range append([][]Action{s.Setup, s.Teardown}, testActions(s)...) {
			for _, a := range as {
				if a.Operation != nil {
					ops++
				} else {
					asserts++
				}
			}
		}
	}
	t.Logf("%d scripts, %d operations, %d asserts, %d fixture references that do not resolve", len(ss), ops, asserts, missing)
	if len(ss) < 350 || asserts < 8000 {
		t.Errorf("only %d scripts with %d asserts", len(ss), asserts)
	}
}

func testActions(s *Script) [][]Action {
	var out [][]Action
	for _, t := range s.Tests {
		out = append(out, t.Actions)
	}
	return out
}

// FuzzParse: the parser never panics, and whatever it accepts survives a
// run against no server without a panic either.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sampleXML))
	f.Add([]byte(`{"resourceType":"TestScript","test":[{"action":[{"assert":{"expression":"1 = 1"}}]}]}`))
	f.Add([]byte(`{"resourceType":"TestScript","variable":[{"name":"a","defaultValue":"${a}"}],"setup":{"action":[{"operation":{"params":"${a}"}}]}}`))
	for _, p := range []string{"STU3/BgZ-3-0/Test/XIS-Server/medmij-bgz-test-xis-1-09-alert-xml.xml"} {
		if data, err := os.ReadFile(filepath.Join(shared, p)); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data, fhir.Unknown)
		if err != nil {
			return
		}
		// No server: every operation fails to connect (base is not routable);
		// the asserts must still be judged without a panic.
		res := Run(t.Context(), s, Options{Base: "http://invalid.invalid", HTTP: noNetwork()})
		for _, op := range res.Operations {
			for _, a := range op.Asserts {
				if a.Status == Pass && a.Kind == "responseCode" {
					t.Fatalf("a response code passed without a response: %+v", a)
				}
			}
		}
	})
}

// FuzzPath: the XPath / JSON path subset never panics, and what it finds
// on the sample Bundle are primitive values of that Bundle.
func FuzzPath(f *testing.F) {
	for _, p := range []string{"/f:Bundle/f:entry/f:resource/f:Patient/f:id/@value", "Bundle.entry[0].resource.id", "$.entry[1].fullUrl",
		"/f:Bundle/f:entry[2]/f:fullUrl/@value", "fhir:Bundle/fhir:total", "/f:Bundle/f:entry[f:x]", "a[", "[0]", "/", "$."} {
		f.Add(p)
	}
	b, err := fhir.Parse([]byte(`{"resourceType":"Bundle","type":"searchset","total":2,"entry":[{"fullUrl":"urn:a","resource":{"resourceType":"Patient","id":"p1"}},{"fullUrl":"urn:b","resource":{"resourceType":"Patient","id":"p2"}}]}`))
	if err != nil {
		f.Fatal(err)
	}
	known := map[string]bool{"searchset": true, "2": true, "urn:a": true, "urn:b": true, "p1": true, "p2": true}
	f.Fuzz(func(t *testing.T, p string) {
		vals, _ := pathValues(b, p)
		for _, v := range vals {
			if !known[v] {
				t.Fatalf("%q found %q", p, v)
			}
		}
	})
}
