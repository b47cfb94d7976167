package api

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestMergeOpenAPIRefusesDuplicates(t *testing.T) {
	base := `{"openapi":"3.1.0","paths":{"/a":{}},"components":{"schemas":{"A":{}}}}`
	cases := []struct {
		name, frag, want string
	}{
		{"path twice", `{"paths":{"/a":{}}}`, `paths "/a" is defined twice`},
		{"schema twice", `{"components":{"schemas":{"A":{}}}}`, `schemas "A" is defined twice`},
		{"unknown key", `{"info":{}}`, `unexpected top-level key "info"`},
		{"broken", `{"paths":`, `openapi_x.json is not valid JSON`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := mergeOpenAPI(fstest.MapFS{
				"openapi.json":   {Data: []byte(base)},
				"openapi_x.json": {Data: []byte(c.frag)},
			})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to contain %q", err, c.want)
			}
		})
	}
	b, err := mergeOpenAPI(fstest.MapFS{
		"openapi.json":   {Data: []byte(base)},
		"openapi_x.json": {Data: []byte(`{"paths":{"/b":{}},"components":{"schemas":{"B":{}}},"tags":[{"name":"x"}]}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"/a"`, `"/b"`, `"A"`, `"B"`, `"name": "x"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("merged document lacks %s:\n%s", want, b)
		}
	}
}
