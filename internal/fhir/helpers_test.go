package fhir

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// sharedDir returns the shared FHIR material, or skips the test.
func sharedDir(t testing.TB, sub ...string) string {
	t.Helper()
	dir := filepath.Join(append([]string{"..", "..", "..", "shared", "fhir"}, sub...)...)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared FHIR material not found at %s: %v", dir, err)
	}
	return dir
}

// files lists the files below dir (recursively) with the given extension.
func files(t testing.TB, dir, ext string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ext) {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// xElem is a namespace-aware XML element with formatting removed, built
// with encoding/xml so that it checks this package's parser independently.
type xElem struct {
	Name  xml.Name
	Attrs []xml.Attr
	Kids  []any // xElem or string
}

// canonicalXML parses data into an xElem tree: comments, processing
// instructions, namespace declarations and xsi attributes are dropped, and
// whitespace-only text outside XHTML is ignored.
// With collapse set, XHTML text is also compared up to whitespace: runs are
// collapsed and whitespace-only text dropped (pretty-printed narrative).
func canonicalXML(data []byte, collapse bool) (*xElem, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []*xElem
	var root *xElem
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &xElem{Name: tok.Name}
			for _, a := range tok.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" && a.Name.Space == "" || a.Name.Space == nsXSI {
					continue
				}
				e.Attrs = append(e.Attrs, a)
			}
			sort.Slice(e.Attrs, func(i, j int) bool { return e.Attrs[i].Name.Local < e.Attrs[j].Name.Local })
			stack = append(stack, e)
		case xml.EndElement:
			e := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				root = e
			} else {
				p := stack[len(stack)-1]
				p.Kids = append(p.Kids, *e)
			}
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			p := stack[len(stack)-1]
			if collapse {
				tok = []byte(strings.Join(strings.Fields(string(tok)), " "))
			}
			if (p.Name.Space != nsXHTML || collapse) && len(bytes.TrimSpace(tok)) == 0 {
				continue
			}
			if n := len(p.Kids); n > 0 {
				if s, ok := p.Kids[n-1].(string); ok { // CDATA next to text
					p.Kids[n-1] = s + string(tok)
					continue
				}
			}
			p.Kids = append(p.Kids, string(tok))
		}
	}
	if root == nil {
		return nil, fmt.Errorf("no root element")
	}
	return root, nil
}

// sameXML compares two XML documents as canonical trees.
func sameXML(a, b []byte) error { return compareXML(a, b, false) }

func compareXML(a, b []byte, collapse bool) error {
	ca, err := canonicalXML(a, collapse)
	if err != nil {
		return fmt.Errorf("first: %v", err)
	}
	cb, err := canonicalXML(b, collapse)
	if err != nil {
		return fmt.Errorf("second: %v", err)
	}
	return diffXML(ca, cb, "/"+ca.Name.Local)
}

func diffXML(a, b *xElem, path string) error {
	if a.Name != b.Name {
		return fmt.Errorf("%s: element %v vs %v", path, a.Name, b.Name)
	}
	if !reflect.DeepEqual(a.Attrs, b.Attrs) {
		return fmt.Errorf("%s: attributes %v vs %v", path, a.Attrs, b.Attrs)
	}
	if len(a.Kids) != len(b.Kids) {
		return fmt.Errorf("%s: %d vs %d children", path, len(a.Kids), len(b.Kids))
	}
	for i := range a.Kids {
		switch ka := a.Kids[i].(type) {
		case string:
			if kb, ok := b.Kids[i].(string); !ok || ka != kb {
				return fmt.Errorf("%s: text %q vs %v", path, ka, b.Kids[i])
			}
		case xElem:
			kb, ok := b.Kids[i].(xElem)
			if !ok {
				return fmt.Errorf("%s: element vs text", path)
			}
			if err := diffXML(&ka, &kb, fmt.Sprintf("%s/%s[%d]", path, ka.Name.Local, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// decodeJSON decodes data generically, keeping numbers as their text.
func decodeJSON(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// sameJSON compares two JSON documents as decoded values; numbers compare
// as text and narrative divs (key "div") as canonical XHTML.
func sameJSON(a, b []byte) error { return compareJSON(a, b, false) }

// compareJSON is sameJSON; with collapse set, whitespace in narrative text
// is not significant (see canonicalXML).
func compareJSON(a, b []byte, collapse bool) error {
	va, err := decodeJSON(a)
	if err != nil {
		return fmt.Errorf("first: %v", err)
	}
	vb, err := decodeJSON(b)
	if err != nil {
		return fmt.Errorf("second: %v", err)
	}
	return diffJSON(va, vb, "$", collapse)
}

func diffJSON(a, b any, path string, collapse bool) error {
	switch a := a.(type) {
	case map[string]any:
		m, ok := b.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: object vs %T", path, b)
		}
		for k := range m {
			if _, ok := a[k]; !ok {
				return fmt.Errorf("%s: extra member %q", path, k)
			}
		}
		for k, va := range a {
			vb, ok := m[k]
			if !ok {
				return fmt.Errorf("%s: missing member %q", path, k)
			}
			if k == "div" {
				sa, _ := va.(string)
				sb, _ := vb.(string)
				if sa != sb {
					if err := compareXML([]byte(sa), []byte(sb), collapse); err != nil {
						return fmt.Errorf("%s.div: %v", path, err)
					}
				}
				continue
			}
			if err := diffJSON(va, vb, path+"."+k, collapse); err != nil {
				return err
			}
		}
		return nil
	case []any:
		l, ok := b.([]any)
		if !ok || len(l) != len(a) {
			return fmt.Errorf("%s: array %v vs %v", path, short(a), short(b))
		}
		for i := range a {
			if err := diffJSON(a[i], l[i], fmt.Sprintf("%s[%d]", path, i), collapse); err != nil {
				return err
			}
		}
		return nil
	}
	if !reflect.DeepEqual(a, b) {
		return fmt.Errorf("%s: %s vs %s", path, short(a), short(b))
	}
	return nil
}

func short(v any) string {
	s := fmt.Sprintf("%#v", v)
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	return s
}
