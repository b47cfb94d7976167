package api

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"sort"
)

// The OpenAPI document is written in parts: openapi.json holds the info,
// the shared components and the foundation's paths; each capability adds an
// openapi_<capability>.json fragment with its own "paths", "tags" and
// "components". They are merged once at start; a name defined twice is a
// programming error and panics.
//
//go:embed openapi*.json
var openAPIParts embed.FS

// OpenAPI is the OpenAPI 3.1 document describing every route of Routes.
var OpenAPI = mustMergeOpenAPI(openAPIParts)

func mustMergeOpenAPI(parts fs.FS) []byte {
	b, err := mergeOpenAPI(parts)
	if err != nil {
		panic(err)
	}
	return b
}

func mergeOpenAPI(parts fs.FS) ([]byte, error) {
	var root map[string]any
	if err := readJSON(parts, "openapi.json", &root); err != nil {
		return nil, err
	}
	names, err := fs.Glob(parts, "openapi_*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, name := range names {
		var frag map[string]any
		if err := readJSON(parts, name, &frag); err != nil {
			return nil, err
		}
		for key, v := range frag {
			switch key {
			case "paths":
				if err := mergeObject(root, "paths", v, name); err != nil {
					return nil, err
				}
			case "components":
				comps, _ := root["components"].(map[string]any)
				if comps == nil {
					comps = map[string]any{}
					root["components"] = comps
				}
				fc, ok := v.(map[string]any)
				if !ok {
					return nil, fmt.Errorf("api: %s: components must be an object", name)
				}
				for kind, defs := range fc {
					if err := mergeObject(comps, kind, defs, name+": components"); err != nil {
						return nil, err
					}
				}
			case "tags":
				tags, _ := v.([]any)
				existing, _ := root["tags"].([]any)
				root["tags"] = append(existing, tags...)
			default:
				return nil, fmt.Errorf("api: %s: unexpected top-level key %q (fragments hold paths, components and tags)", name, key)
			}
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func readJSON(parts fs.FS, name string, v any) error {
	b, err := fs.ReadFile(parts, name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("api: %s is not valid JSON: %w", name, err)
	}
	return nil
}

// mergeObject adds the members of src to dst[key], refusing duplicates.
func mergeObject(dst map[string]any, key string, src any, where string) error {
	s, ok := src.(map[string]any)
	if !ok {
		return fmt.Errorf("api: %s: %s must be an object", where, key)
	}
	d, _ := dst[key].(map[string]any)
	if d == nil {
		d = map[string]any{}
		dst[key] = d
	}
	for k, v := range s {
		if _, dup := d[k]; dup {
			return fmt.Errorf("api: %s: %s %q is defined twice", where, key, k)
		}
		d[k] = v
	}
	return nil
}

func (h *handlers) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(OpenAPI)
}
