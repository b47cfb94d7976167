package testscript

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

func TestWriteJUnit(t *testing.T) {
	res := []*ScriptResult{{File: "dir/a-json.xml", Duration: 1500 * time.Millisecond, Operations: []OperationResult{{
		Phase: "test", Test: "T1", Target: "Patient?_id=1", Exchange: &Exchange{Method: "GET", URL: "http://x/Patient?_id=1", Status: 500},
		Asserts: []AssertResult{
			{Description: "ok", Status: Pass}, {Description: "code", Kind: "responseCode", Status: Fail, Message: "500 <not> 200"},
			{Description: "v", Status: Unsupported, Message: "no validator"}, {Description: "w", Status: Warning, Message: "self link"},
		}}}}, {File: "b.xml", Error: "base URL: bad"}}
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, res); err != nil {
		t.Fatal(err)
	}
	var back junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if back.Tests != 4 || back.Failures != 1 || back.Skipped != 1 || back.Errors != 1 || len(back.Suites) != 2 {
		t.Errorf("totals %+v", back)
	}
	c := back.Suites[0].Cases[1]
	if back.Suites[0].Name != "a-json" || c.Failure == nil || c.Failure.Message != "500 <not> 200" || !strings.Contains(c.Failure.Text, "GET http://x/Patient?_id=1 → 500") {
		t.Errorf("case %+v", c)
	}
	if back.Suites[0].Cases[3].SystemOut != "warning: self link" {
		t.Errorf("warning %+v", back.Suites[0].Cases[3])
	}
}
