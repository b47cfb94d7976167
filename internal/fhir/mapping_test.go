package fhir

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestJSONXMLMapping(t *testing.T) {
	in := `{"resourceType":"Patient","id":"x",
	  "text":{"status":"generated","div":"<div>Hi &amp; bye</div>"},
	  "name":[{"id":"n1","given":["A",null,"C"],"_given":[null,{"extension":[{"url":"http://e","valueInteger":7}]},{"id":"g3"}]}],
	  "_birthDate":{"extension":[{"url":"http://x","valueBoolean":false}]},
	  "multipleBirthInteger":2,
	  "contained":[{"resourceType":"Organization","id":"o","name":"Org"}]}`
	r, err := ParseOptions{Version: R4}.ParseJSON([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	x, err := MarshalXML(r)
	if err != nil {
		t.Fatal(err)
	}
	wantXML := `<Patient xmlns="http://hl7.org/fhir"><id value="x"/>` +
		`<text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml">Hi &amp; bye</div></text>` +
		`<name id="n1"><given value="A"/><given><extension url="http://e"><valueInteger value="7"/></extension></given>` +
		`<given id="g3" value="C"/></name>` +
		`<birthDate><extension url="http://x"><valueBoolean value="false"/></extension></birthDate>` +
		`<multipleBirthInteger value="2"/>` +
		`<contained><Organization><id value="o"/><name value="Org"/></Organization></contained></Patient>`
	if string(x) != wantXML {
		t.Errorf("XML:\n got %s\nwant %s", x, wantXML)
	}
	r2, err := ParseOptions{Version: R4}.ParseXML(x)
	if err != nil {
		t.Fatal(err)
	}
	js, err := MarshalJSON(r2)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(in, `"<div>Hi &amp; bye</div>"`, `"<div xmlns=\"http://www.w3.org/1999/xhtml\">Hi &amp; bye</div>"`, 1)
	if err := sameJSON([]byte(want), js); err != nil {
		t.Errorf("XML→JSON: %v\n%s", err, js)
	}
	var generic map[string]any
	if err := json.Unmarshal(js, &generic); err != nil {
		t.Fatal(err)
	}
	if _, ok := generic["multipleBirthInteger"].(float64); !ok {
		t.Errorf("integer from XML must become a JSON number: %s", js)
	}
}

func TestDivNamespaceFromAncestor(t *testing.T) {
	in := `<Patient xmlns="http://hl7.org/fhir" xmlns:h="http://www.w3.org/1999/xhtml">` +
		`<text><status value="generated"/><h:div><h:p>x</h:p></h:div></text></Patient>`
	r, err := ParseXML([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	div := r.String("text.div")
	if div != `<h:div xmlns:h="http://www.w3.org/1999/xhtml"><h:p>x</h:p></h:div>` {
		t.Errorf("div = %q", div)
	}
	out, err := MarshalXML(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := sameXML([]byte(in), out); err != nil {
		t.Error(err)
	}
}

func TestResourceTypeElement(t *testing.T) {
	// R4 ExampleScenario.instance has a code element called resourceType.
	in := `{"resourceType":"ExampleScenario","status":"draft","instance":[{"resourceId":"a","resourceType":"Patient"}]}`
	r, err := ParseJSON([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	inst := r.Root.Child("instance")
	if inst.IsResource() || inst.String("resourceType") != "Patient" {
		t.Fatalf("instance taken for a resource: %+v", inst)
	}
	x, err := MarshalXML(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(x), `<instance><resourceId value="a"/><resourceType value="Patient"/></instance>`) &&
		!strings.Contains(string(x), `<instance><resourceType value="Patient"/><resourceId value="a"/></instance>`) {
		t.Errorf("XML %s", x)
	}
}

func TestMarshalXMLRejectsWhatXMLCannotCarry(t *testing.T) {
	for _, in := range []string{
		`{"resourceType":"Patient","id":"a\u0001"}`,
		`{"resourceType":"Patient","text":{"status":"generated","div":"<div>unclosed"}}`,
		`{"resourceType":"Patient","text":{"status":"generated","div":"<p>not a div</p>"}}`,
	} {
		r, err := ParseJSON([]byte(in))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if out, err := MarshalXML(r); err == nil {
			t.Errorf("%s: MarshalXML gave %s, want an error", in, out)
		}
		if _, err := MarshalJSON(r); err != nil {
			t.Errorf("%s: JSON must still work: %v", in, err)
		}
	}
}
