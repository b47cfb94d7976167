package validate

import (
	"context"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
)

// TestNativeChecks: each broken variant gives its error at the right
// place; the valid one gives none.
func TestNativeChecks(t *testing.T) {
	v := validator(t)
	cases := []struct {
		name, src, loc string
		msg            MsgID
	}{
		{"valid", `{"resourceType":"Patient","id":"p","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Jan</p></div>"},"name":[{"family":"Jansen"}]}`, "", ""},
		{"not an array", `{"resourceType":"Patient","name":{"family":"Jansen"}}`, "Patient.name", MsgJSONArray},
		{"an array", `{"resourceType":"Patient","gender":["male"]}`, "Patient.gender", MsgJSONNotArray},
		{"script", `{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\"><script>x()</script>Jan</div>"}}`, "Patient.text.div", MsgXHTMLElement},
		{"empty narrative", `{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\"> </div>"}}`, "Patient.text.div", MsgInvariant},
		{"bad entity", `{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">&reg;</div>"}}`, "Patient.text.div", MsgXHTMLSyntax},
		{"extension without url", `{"resourceType":"Patient","extension":[{"valueString":"x"}]}`, "Patient.extension[0]", MsgExtensionNoURL},
		{"relative extension url", `{"resourceType":"Patient","extension":[{"url":"birthPlace","valueString":"x"}]}`, "Patient.extension[0]", MsgExtensionURL},
		{"versioned extension url", `{"resourceType":"Patient","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthPlace|4.0.1","valueAddress":{"city":"Utrecht"}}]}`, "Patient.extension[0]", MsgExtensionVersion},
		{"extension context", `{"resourceType":"Patient","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/condition-dueTo","valueString":"x"}]}`, "Patient.extension[0]", MsgExtensionContext},
		{"missing contained", `{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"#p1"}}`, "Observation.subject", MsgContainedMissing},
		{"attachment size", `{"resourceType":"DocumentReference","status":"current","content":[{"attachment":{"data":"aGVsbG8=","size":100}}]}`, "DocumentReference.content[0].attachment", MsgAttachmentSize},
		{"number for a code", `{"resourceType":"Patient","language":12}`, "Patient.language", MsgJSONKind},
		{"string for a boolean", `{"resourceType":"Patient","active":"true"}`, "Patient.active", MsgJSONKind},
		{"relative fullUrl", `{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"Patient/1","resource":{"resourceType":"Patient","id":"1"}}]}`, "Bundle.entry[0]", MsgFullURL},
		{"fullUrl without id", `{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"http://x.nl/fhir/Patient/1","resource":{"resourceType":"Patient"}}]}`, "Bundle.entry[0]", MsgFullURLNoID},
		{"two self links", `{"resourceType":"Bundle","type":"searchset","link":[{"relation":"self","url":"http://x.nl/a"},{"relation":"self","url":"http://x.nl/b"}]}`, "Bundle.link[1]", MsgLinkTwice},
		{"document reference not in bundle", `{"resourceType":"Bundle","type":"document","identifier":{"system":"urn:ietf:rfc:3986","value":"urn:uuid:1"},"timestamp":"2024-01-01T00:00:00Z","entry":[{"fullUrl":"urn:uuid:0d1b5c38-3e4c-4a3e-9b7f-0c2d8c6a1a11","resource":{"resourceType":"Composition","status":"final","type":{"text":"x"},"date":"2024-01-01","author":[{"reference":"Practitioner/1"}],"title":"t"}}]}`, "Bundle.entry[0].resource.author[0]", MsgRefNotInDocument},
		{"unreachable entry", `{"resourceType":"Bundle","type":"document","identifier":{"system":"urn:ietf:rfc:3986","value":"urn:uuid:1"},"timestamp":"2024-01-01T00:00:00Z","entry":[{"fullUrl":"urn:uuid:0d1b5c38-3e4c-4a3e-9b7f-0c2d8c6a1a11","resource":{"resourceType":"Composition","status":"final","type":{"text":"x"},"date":"2024-01-01","author":[{"display":"x"}],"title":"t"}},{"fullUrl":"urn:uuid:0d1b5c38-3e4c-4a3e-9b7f-0c2d8c6a1a12","resource":{"resourceType":"Patient"}}]}`, "Bundle.entry[1]", MsgNotReachable},
		{"que-12 as its text says", `{"resourceType":"Questionnaire","status":"draft","item":[{"linkId":"1","type":"boolean"},{"linkId":"2","type":"string","enableWhen":[{"question":"1","operator":"exists","answerBoolean":true},{"question":"1","operator":"=","answerBoolean":true}]}]}`, "Questionnaire.item[1]", MsgInvariant},
	}
	for _, c := range cases {
		issues, err := v.ValidateResource(context.Background(), []byte(c.src), fhir.R4, "")
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		found := false
		for _, is := range issues {
			if is.Severity < Error {
				continue
			}
			if c.msg == "" {
				t.Errorf("%s: unexpected %s: %s", c.name, is.Location, is.Message("en"))
			}
			if is.Msg == c.msg && is.Location == c.loc {
				found = true
				if is.Line == 0 {
					t.Errorf("%s: no line for %s", c.name, is.Location)
				}
			}
		}
		if c.msg != "" && !found {
			var got []string
			for _, is := range issues {
				got = append(got, is.Location+": "+is.Message("en"))
			}
			t.Errorf("%s: no %s at %s; got\n\t%s", c.name, c.msg, c.loc, strings.Join(got, "\n\t"))
		}
	}
}

// FuzzScanXHTML: the narrative scanner never panics and a well-formed
// narrative it accepts has no error.
func FuzzScanXHTML(f *testing.F) {
	for _, s := range []string{
		`<div xmlns="http://www.w3.org/1999/xhtml"><p>Jan &amp; Piet</p><img src="x.png"/></div>`,
		`<div><script>x()</script></div>`, `<div>&reg;</div>`, `<div><!-- c --><![CDATA[x]]></div>`,
		`<div a='1' onclick="x">`, `</div>`, `<`, `&`, `<div>&#x41;&#65;</div>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := scanXHTML(s)
		if r.err == "" && strings.Count(s, "<") == 0 && strings.TrimSpace(s) != "" && !strings.Contains(s, "&") {
			t.Errorf("text without a div accepted: %q", s)
		}
	})
}
