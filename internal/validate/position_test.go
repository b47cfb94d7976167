package validate

import (
	"context"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
)

func TestLocateLineAndColumn(t *testing.T) {
	v := validator(t)
	cases := []struct {
		name, doc, loc string
		line, col      int
	}{
		{"json", "{\n  \"resourceType\": \"Patient\",\n  \"name\": [{\"family\": \"A\"}, {\"given\": [\"x\"]}],\n    \"gender\": \"bogus\"\n}", "Patient.gender", 4, 5},
		{"json array item", "{\"resourceType\": \"Patient\",\n\"contact\": [{\"name\": {\"text\": \"a\"}},\n  {\"gender\": \"male\"}]}", "Patient.contact[1]", 3, 3},
		{"xml", "<Patient xmlns=\"http://hl7.org/fhir\">\n  <name><family value=\"A\"/></name>\n  <birthDate value=\"2020-13-01\"/>\n</Patient>", "Patient.birthDate", 3, 3},
		{"xml bundle", "<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"collection\"/>\n<entry><resource><Patient><id value=\"a\"/></Patient></resource></entry>\n<entry><resource>\n <Patient>\n  <gender value=\"x\"/></Patient></resource></entry></Bundle>", "Bundle.entry[1].resource.gender", 5, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := fhir.ParseOptions{Version: fhir.R4}.Parse([]byte(c.doc))
			if err != nil {
				t.Fatal(err)
			}
			issues := v.Validate(context.Background(), r)
			Locate(issues, []byte(c.doc))
			found := false
			for _, is := range issues {
				if is.Location == c.loc && is.Severity >= Error {
					found = true
					if is.Line != c.line || is.Column != c.col {
						t.Errorf("%s at %d:%d, want %d:%d", c.loc, is.Line, is.Column, c.line, c.col)
					}
				}
			}
			if !found {
				t.Errorf("no error at %s: %v", c.loc, issues)
			}
		})
	}
	// text that is not FHIR leaves issues without a position, no panic
	is := []Issue{{Location: "Patient.gender"}}
	Locate(is, []byte("{\"resourceType\": [[[["))
	Locate(is, []byte("<<<"))
	if is[0].Line != 0 {
		t.Errorf("position from broken text: %+v", is[0])
	}
}
