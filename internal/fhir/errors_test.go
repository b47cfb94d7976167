package fhir

import (
	"errors"
	"strings"
	"testing"
)

func TestSyntaxErrors(t *testing.T) {
	const root = `<Patient xmlns="http://hl7.org/fhir">` // 37 characters
	tests := []struct {
		name      string
		in        string
		line, col int
		msg       string // part of the message
	}{
		{"json truncated", `{`, 1, 2, "unexpected end of input, expected a property name"},
		{"json trailing comma", `{"resourceType":"Patient","id":"x",}`, 1, 36, "expected a property name"},
		{"json bad literal", "{\n  \"resourceType\": \"Patient\",\n  \"active\": tru\n}", 3, 13, "expected a value"},
		{"json unterminated string", `{"resourceType":"Pat`, 1, 21, "unterminated string"},
		{"json no resourceType", `{"id":"x"}`, 1, 1, "missing resourceType"},
		{"json column counts characters", `{"resourceType":"Patient","x":"ë" "y"}`, 1, 35, "expected ',' or '}'"},
		{"json duplicate key", `{"resourceType":"Patient","id":"a","id":"b"}`, 1, 36, `duplicate property "id"`},
		{"json bad escape", `{"resourceType":"Patient","id":"\q"}`, 1, 33, `invalid escape`},
		{"json invalid utf-8", "{\"resourceType\":\"Patient\",\"id\":\"\xff\"}", 1, 33, "invalid UTF-8"},
		{"json nested array", `{"resourceType":"Patient","name":[[]]}`, 1, 35, "nested arrays"},
		{"json data after", "{\"resourceType\":\"Patient\"}\n{}", 2, 1, "after the resource"},
		{"json _x length", `{"resourceType":"Patient","given":["a"],"_given":[null,null]}`, 1, 41, "has 2 entries"},
		{"json too deep", `{"resourceType":"Patient","a":` + strings.Repeat(`{"a":`, 100), 1, 526, "nesting deeper than 100"},
		{"xml end tag mismatch", root + `<id value="x"></Patient>`, 1, 52, "does not match <id>"},
		{"xml text in element", root + "\n  <active value=\"true\"/>\n  text\n</Patient>", 3, 3, "unexpected text"},
		{"xml unclosed", root, 1, 38, "unexpected end of input"},
		{"xml unquoted attribute", root + `<id value=x/></Patient>`, 1, 48, "expected a quoted value"},
		{"xml undefined entity", root + `<id value="&foo;"/></Patient>`, 1, 49, "undefined entity"},
		{"xml wrong namespace", `<Patient><id value="x"/></Patient>`, 1, 1, "not in the FHIR namespace"},
		{"xml dtd", "<!DOCTYPE x>\n" + root + `</Patient>`, 1, 1, "DTD"},
		{"xml unknown attribute", root + `<id value="x" foo="y"/></Patient>`, 1, 52, `unexpected attribute "foo"`},
		{"xml control character", root + "<id value=\"\x01\"/></Patient>", 1, 49, "invalid character"},
		{"xml two resources", root + `<contained><Patient/><Patient/></contained></Patient>`, 1, 59, "exactly one resource"},
		{"xml too deep", root + strings.Repeat("<a>", 100), 1, 335, "nesting deeper than 100"},
		{"xml div not xhtml", root + `<text><div/></text></Patient>`, 1, 44, "XHTML namespace"},
		{"neither", "  hello", 1, 3, "neither"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse error = %v (%T), want *SyntaxError", err, err)
			}
			if se.Line != tt.line || se.Column != tt.col || !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("got line %d column %d %q, want line %d column %d containing %q",
					se.Line, se.Column, se.Msg, tt.line, tt.col, tt.msg)
			}
		})
	}
}

func TestUnknownResourceType(t *testing.T) {
	tests := []string{
		`{"resourceType":"Foo","id":"1"}`,
		`{"resourceType":"Patient","contained":[{"resourceType":"Foo"}]}`,
		`<Foo xmlns="http://hl7.org/fhir"><id value="1"/></Foo>`,
		`<Patient xmlns="http://hl7.org/fhir"><contained><Foo/></contained></Patient>`,
	}
	for _, in := range tests {
		_, err := Parse([]byte(in))
		if !errors.Is(err, ErrUnknownResourceType) {
			t.Errorf("%s: error %v, want ErrUnknownResourceType", in, err)
			continue
		}
		var rte *ResourceTypeError
		if !errors.As(err, &rte) || rte.Name != "Foo" {
			t.Errorf("%s: error %#v, want a ResourceTypeError for Foo", in, err)
		}
		var se *SyntaxError
		if errors.As(err, &se) {
			t.Errorf("%s: unknown type reported as a syntax error", in)
		}
	}
}

func TestErrorOperationOutcome(t *testing.T) {
	_, err := Parse([]byte(`{"resourceType":"Patient",`))
	oo := ErrorOutcome(err)
	if oo.Type() != "OperationOutcome" {
		t.Fatalf("type %q", oo.Type())
	}
	if got := oo.String("issue.code"); got != "structure" {
		t.Errorf("issue.code = %q, want structure", got)
	}
	if d := oo.String("issue.diagnostics"); !strings.Contains(d, "line 1, column 27") {
		t.Errorf("diagnostics %q lack the position", d)
	}
	for _, marshal := range []func(*Resource) ([]byte, error){MarshalJSON, MarshalXML} {
		out, err := marshal(oo)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(out)
		if err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		if !back.Root.Equal(oo.Root) {
			t.Errorf("OperationOutcome does not survive %s", out)
		}
	}
	_, err = Parse([]byte(`{"resourceType":"Foo"}`))
	if got := ErrorOutcome(err).String("issue.code"); got != "not-supported" {
		t.Errorf("unknown type: issue.code = %q", got)
	}
}
