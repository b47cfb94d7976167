package api_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/api"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
)

func routes() []httpx.Route { return api.Routes(api.Deps{}) }

var httpMethods = []string{"get", "put", "post", "delete", "patch", "head", "options", "trace"}

// openAPIDoc is the parsed document with a mux that maps a request path to
// the document's path template.
type openAPIDoc struct {
	root  map[string]any
	paths *http.ServeMux
}

func loadDoc(t *testing.T) *openAPIDoc {
	t.Helper()
	var root map[string]any
	if err := json.Unmarshal(api.OpenAPI, &root); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}
	d := &openAPIDoc{root: root, paths: http.NewServeMux()}
	for p := range obj(root["paths"]) {
		d.paths.HandleFunc(p, func(http.ResponseWriter, *http.Request) {})
	}
	return d
}

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }

// resolve follows a local $ref ("#/components/...").
func (d *openAPIDoc) resolve(v any) (map[string]any, error) {
	m := obj(v)
	for i := 0; m != nil && m["$ref"] != nil; i++ {
		ref, _ := m["$ref"].(string)
		if !strings.HasPrefix(ref, "#/") || i > 10 {
			return nil, fmt.Errorf("unsupported $ref %q", ref)
		}
		var cur any = d.root
		for _, part := range strings.Split(ref[2:], "/") {
			cur = obj(cur)[part]
		}
		if cur == nil {
			return nil, fmt.Errorf("$ref %q points nowhere", ref)
		}
		m = obj(cur)
	}
	return m, nil
}

// operation returns the operation for a request, or nil when the path is
// not in the document.
func (d *openAPIDoc) operation(method, path string) (template string, op map[string]any) {
	req := httptest.NewRequest(method, path, nil)
	_, pattern := d.paths.Handler(req)
	if pattern == "" {
		return "", nil
	}
	return pattern, obj(obj(obj(d.root["paths"])[pattern])[strings.ToLower(method)])
}

// checkResponse validates a response against what the document says of its
// operation and status: the status must be documented, and a body must
// match the schema of its content type.
func (d *openAPIDoc) checkResponse(t *testing.T, method, url string, r response) {
	t.Helper()
	path, _, _ := strings.Cut(url, "?")
	template, op := d.operation(method, path)
	if template == "" {
		return // not an API path the document describes (e.g. a 404 probe)
	}
	if op == nil {
		t.Errorf("openapi.json: %s %s is not documented", method, template)
		return
	}
	resp, err := d.resolve(obj(op["responses"])[strconv.Itoa(r.status)])
	if err != nil || resp == nil {
		t.Errorf("openapi.json: %s %s does not document status %d (%v)", method, template, r.status, err)
		return
	}
	content := obj(resp["content"])
	if len(content) == 0 {
		if strings.TrimSpace(r.body) != "" {
			t.Errorf("openapi.json: %s %s %d documents no body, got %q", method, template, r.status, r.body)
		}
		return
	}
	ct, _, _ := strings.Cut(r.header.Get("Content-Type"), ";")
	media := obj(content[ct])
	if media == nil {
		t.Errorf("openapi.json: %s %s %d does not document Content-Type %q", method, template, r.status, ct)
		return
	}
	var body any
	if err := json.Unmarshal([]byte(r.body), &body); err != nil {
		t.Errorf("%s %s: body is not JSON: %v", method, template, err)
		return
	}
	for _, problem := range d.validate(media["schema"], body, "$", true) {
		t.Errorf("openapi.json: %s %s %d: %s", method, template, r.status, problem)
	}
}

// flatten merges allOf into one object schema (the document uses allOf
// only to extend objects).
func (d *openAPIDoc) flatten(schema any) (map[string]any, error) {
	s, err := d.resolve(schema)
	if err != nil || s == nil {
		return s, err
	}
	all, ok := s["allOf"].([]any)
	if !ok {
		return s, nil
	}
	out := map[string]any{"type": "object", "properties": map[string]any{}, "required": []any{}}
	for k, v := range s {
		if k != "allOf" {
			out[k] = v
		}
	}
	for _, part := range all {
		p, err := d.flatten(part)
		if err != nil {
			return nil, err
		}
		for k, v := range obj(p["properties"]) {
			obj(out["properties"])[k] = v
		}
		out["required"] = append(out["required"].([]any), p["required"].([]any)...)
	}
	return out, nil
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case float64:
		if x == math.Trunc(x) {
			return "integer"
		}
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

// validate checks v against a subset of JSON Schema: $ref, allOf, type,
// enum, const, pattern, required, properties, additionalProperties, items,
// minItems and maxItems. With strict, an object may only have the
// properties its schema lists (unless additionalProperties allows more),
// so that a field the API sends but the document forgets is caught.
func (d *openAPIDoc) validate(schema, v any, at string, strict bool) []string {
	s, err := d.flatten(schema)
	if err != nil {
		return []string{at + ": " + err.Error()}
	}
	if s == nil {
		return nil
	}
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, at+": "+fmt.Sprintf(format, args...)) }
	got := jsonType(v)
	if typ, ok := s["type"]; ok {
		var allowed []string
		switch tt := typ.(type) {
		case string:
			allowed = []string{tt}
		case []any:
			for _, x := range tt {
				allowed = append(allowed, x.(string))
			}
		}
		match := false
		for _, a := range allowed {
			if a == got || (a == "number" && got == "integer") {
				match = true
			}
		}
		if !match {
			fail("type %s, want %v", got, allowed)
			return errs
		}
	}
	if enum, ok := s["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			if e == v {
				found = true
			}
		}
		if !found {
			fail("%v is not one of %v", v, enum)
		}
	}
	if c, ok := s["const"]; ok && c != v {
		fail("%v is not %v", v, c)
	}
	if p, ok := s["pattern"].(string); ok && got == "string" && !regexp.MustCompile(p).MatchString(v.(string)) {
		fail("%q does not match %s", v, p)
	}
	switch x := v.(type) {
	case map[string]any:
		for _, r := range asSlice(s["required"]) {
			if _, ok := x[r.(string)]; !ok {
				fail("required property %q missing", r)
			}
		}
		props := obj(s["properties"])
		for k, val := range x {
			if ps, ok := props[k]; ok {
				errs = append(errs, d.validate(ps, val, at+"."+k, strict)...)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case map[string]any:
				errs = append(errs, d.validate(ap, val, at+"."+k, strict)...)
			case bool:
				if !ap {
					fail("property %q not allowed", k)
				}
			default:
				if strict && len(props) > 0 {
					fail("property %q is not documented", k)
				}
			}
		}
	case []any:
		if n, ok := s["minItems"].(float64); ok && float64(len(x)) < n {
			fail("%d items, want at least %v", len(x), n)
		}
		if n, ok := s["maxItems"].(float64); ok && float64(len(x)) > n {
			fail("%d items, want at most %v", len(x), n)
		}
		for i, it := range x {
			errs = append(errs, d.validate(s["items"], it, fmt.Sprintf("%s[%d]", at, i), strict)...)
		}
	}
	return errs
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

// TestOpenAPIDocument checks the document against the routes: the same
// operations both ways, each with the route's permission, and internal
// consistency (references, path parameters, operation ids, responses).
func TestOpenAPIDocument(t *testing.T) {
	d := loadDoc(t)
	if d.root["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", d.root["openapi"])
	}
	for _, k := range []string{"info", "paths", "components"} {
		if d.root[k] == nil {
			t.Errorf("no %q", k)
		}
	}
	schemes := obj(obj(d.root["components"])["securitySchemes"])
	if obj(schemes["bearerAuth"])["scheme"] != "bearer" || obj(schemes["cookieAuth"])["in"] != "cookie" {
		t.Errorf("security schemes: %v", schemes)
	}
	for _, name := range []string{"Hackathon", "Input", "Milestone", "MilestoneChange", "Decision", "DecisionInput",
		"Member", "ProjectRole", "Problem", "APIToken", "User", "AuditEntry", "Canvas", "StartNote", "Phases"} {
		if obj(obj(obj(d.root["components"])["schemas"])[name]) == nil {
			t.Errorf("no schema %s", name)
		}
	}

	paths := obj(d.root["paths"])
	seen := map[string]bool{}
	for _, rt := range routes() {
		if !rt.API {
			t.Errorf("%s: API is not set", rt.Path())
		}
		if !strings.HasPrefix(rt.Pattern, api.Prefix+"/") {
			t.Errorf("%s: not under %s", rt.Path(), api.Prefix)
		}
		if !authz.Known(rt.Perm) {
			t.Errorf("%s: unknown permission %q", rt.Path(), rt.Perm)
		}
		key := strings.ToLower(rt.Method) + " " + rt.Pattern
		if seen[key] {
			t.Errorf("%s: registered twice", rt.Path())
		}
		seen[key] = true
		op := obj(obj(paths[rt.Pattern])[strings.ToLower(rt.Method)])
		if op == nil {
			t.Errorf("%s is not in openapi.json", rt.Path())
			continue
		}
		if got := op["x-permission"]; got != string(rt.Perm) {
			t.Errorf("%s: x-permission %v, route requires %q", rt.Path(), got, rt.Perm)
		}
		responses := obj(op["responses"])
		if rt.Perm == authz.Public {
			if sec, ok := op["security"].([]any); !ok || len(sec) != 0 {
				t.Errorf("%s is public but its security is %v", rt.Path(), op["security"])
			}
		}
		if rt.Perm != authz.Public && responses["401"] == nil {
			t.Errorf("%s: 401 not documented", rt.Path())
		}
		if authz.HackathonScoped(rt.Perm) && (responses["403"] == nil || responses["404"] == nil) {
			t.Errorf("%s: 403 and 404 not both documented", rt.Path())
		}
		if rt.Method != "GET" && rt.Method != "DELETE" {
			if obj(op["requestBody"]) == nil {
				t.Errorf("%s: no requestBody", rt.Path())
			}
			if responses["400"] == nil || responses["413"] == nil {
				t.Errorf("%s: 400 and 413 not both documented", rt.Path())
			}
		}
	}
	opIDs := map[string]bool{}
	var docOps []string
	for p, item := range paths {
		pathParams := map[string]bool{}
		for _, m := range regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(p, -1) {
			pathParams[m[1]] = true
		}
		for _, method := range httpMethods {
			op := obj(obj(item)[method])
			if op == nil {
				continue
			}
			docOps = append(docOps, method+" "+p)
			if !seen[method+" "+p] {
				t.Errorf("openapi.json documents %s %s, which no route serves", strings.ToUpper(method), p)
			}
			id, _ := op["operationId"].(string)
			if id == "" || opIDs[id] {
				t.Errorf("%s %s: operationId %q missing or not unique", method, p, id)
			}
			opIDs[id] = true
			declared := map[string]bool{}
			for _, prm := range append(asSlice(obj(item)["parameters"]), asSlice(op["parameters"])...) {
				pm, err := d.resolve(prm)
				if err != nil {
					t.Error(err)
					continue
				}
				if pm["in"] == "path" {
					declared[pm["name"].(string)] = true
					if pm["required"] != true {
						t.Errorf("%s %s: path parameter %v not required", method, p, pm["name"])
					}
				}
			}
			for name := range pathParams {
				if !declared[name] {
					t.Errorf("%s %s: path parameter {%s} not declared", method, p, name)
				}
			}
			for name := range declared {
				if !pathParams[name] {
					t.Errorf("%s %s: parameter %q is not in the path", method, p, name)
				}
			}
			for code := range obj(op["responses"]) {
				if _, err := strconv.Atoi(code); err != nil && code != "default" {
					t.Errorf("%s %s: response code %q", method, p, code)
				}
			}
		}
	}
	sort.Strings(docOps)
	if len(docOps) != len(seen) {
		t.Errorf("openapi.json has %d operations, the routes %d", len(docOps), len(seen))
	}

	// Every reference resolves.
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				if _, err := d.resolve(map[string]any{"$ref": ref}); err != nil {
					t.Errorf("%s: %v", at, err)
				}
			}
			for k, val := range x {
				walk(val, at+"/"+k)
			}
		case []any:
			for i, val := range x {
				walk(val, fmt.Sprintf("%s/%d", at, i))
			}
		}
	}
	walk(d.root, "#")
}

// TestOpenAPIExamples validates the request examples against their schemas.
func TestOpenAPIExamples(t *testing.T) {
	d := loadDoc(t)
	for p, item := range obj(d.root["paths"]) {
		for _, method := range httpMethods {
			media := obj(obj(obj(obj(obj(item)[method])["requestBody"])["content"])["application/json"])
			if ex, ok := media["example"]; ok {
				for _, problem := range d.validate(media["schema"], ex, "example", true) {
					t.Errorf("%s %s: %s", method, p, problem)
				}
			}
		}
	}
}

// TestValidatorCatchesDrift makes sure the response check is not vacuous.
func TestValidatorCatchesDrift(t *testing.T) {
	d := loadDoc(t)
	ref := map[string]any{"$ref": "#/components/schemas/Decision"}
	bad := map[string]any{"id": 1.0, "kind": "start", "outcome": "maybe", "reason": "r", "decided_on": "2027-01-01",
		"decided_by": "x", "created_at": "2027-01-01T00:00:00Z", "extra": true}
	if errs := d.validate(ref, bad, "$", true); len(errs) != 2 {
		t.Errorf("want 2 problems (enum, undocumented property), got %v", errs)
	}
	missing := map[string]any{"$ref": "#/components/schemas/MilestoneDetail"}
	if errs := d.validate(missing, map[string]any{"id": 1.0}, "$", true); len(errs) < 5 {
		t.Errorf("allOf required properties not checked: %v", errs)
	}
}
