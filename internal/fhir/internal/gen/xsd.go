package main

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// xnode is a generic XML element, enough to walk an XSD in document order.
type xnode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Kids    []xnode    `xml:",any"`
}

func (n *xnode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// xsdType is a complexType of the STU3 schema.
type xsdType struct {
	name      string
	base      string
	elems     []elemDef
	valueType string // type of the "value" attribute: the type is a primitive
}

// xsdSchema holds the complex and simple types of all schema files.
type xsdSchema struct {
	types     map[string]*xsdType
	simple    map[string]string // simpleType name -> restriction base
	resources []string          // top-level elements, in file order
}

func loadXSDs(dir string) (*xsdSchema, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.xsd"))
	if err != nil {
		return nil, err
	}
	s := &xsdSchema{types: map[string]*xsdType{}, simple: map[string]string{}}
	for _, f := range files {
		switch filepath.Base(f) {
		case "fhir-all.xsd", "fhir-single.xsd", "fhir-xhtml.xsd", "xml.xsd", "xmldsig-core-schema.xsd":
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var root xnode
		if err := xml.Unmarshal(data, &root); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for i := range root.Kids {
			if err := s.addTop(&root.Kids[i]); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
		}
	}
	return s, nil
}

func (s *xsdSchema) addTop(n *xnode) error {
	switch n.XMLName.Local {
	case "element":
		if n.attr("name") == n.attr("type") {
			s.resources = append(s.resources, n.attr("name"))
		}
	case "simpleType":
		for _, k := range n.Kids {
			if k.XMLName.Local == "restriction" {
				s.simple[n.attr("name")] = k.attr("base")
			}
		}
	case "complexType":
		t := &xsdType{name: n.attr("name")}
		s.walk(t, n, 1)
		s.types[t.name] = t
	}
	return nil
}

// walk collects elements, the base type and the value attribute in document order.
// many tells whether an enclosing choice repeats.
func (s *xsdSchema) walk(t *xsdType, n *xnode, choiceMax int) {
	for i := range n.Kids {
		k := &n.Kids[i]
		switch k.XMLName.Local {
		case "extension":
			t.base = k.attr("base")
			s.walk(t, k, 1)
		case "complexContent", "sequence":
			s.walk(t, k, 1)
		case "choice":
			start := len(t.elems)
			s.walk(t, k, maxOccurs(k.attr("maxOccurs")))
			groupChoice(t, start)
		case "attribute":
			if k.attr("name") == "value" {
				t.valueType = k.attr("type")
			}
		case "element":
			name, typ := k.attr("name"), k.attr("type")
			if ref := k.attr("ref"); ref != "" {
				name, typ = strings.TrimPrefix(ref, "xhtml:"), "xhtml"
				if !strings.HasPrefix(ref, "xhtml:") {
					name, typ = ref, ref // a resource inside ResourceContainer
				}
			}
			m := choiceMax
			if mo := k.attr("maxOccurs"); mo != "" {
				m = maxOccurs(mo)
			}
			t.elems = append(t.elems, elemDef{Name: name, Types: []string{typ}, Many: m != 1})
		}
	}
}

func maxOccurs(s string) int {
	if s == "unbounded" {
		return 2
	}
	if s == "" || s == "1" {
		return 1
	}
	return 2
}

// groupChoice folds the expanded elements of a choice (valueQuantity,
// valueString, ...) back into one "value[x]" element when their names are
// a common prefix plus the capitalised type name.
func groupChoice(t *xsdType, start int) {
	elems := t.elems[start:]
	if len(elems) == 0 {
		return
	}
	prefix := ""
	types := make([]string, 0, len(elems))
	for _, e := range elems {
		ty := e.Types[0]
		suffix := string(unicode.ToUpper(rune(ty[0]))) + ty[1:]
		p, ok := strings.CutSuffix(e.Name, suffix)
		if !ok || p == "" || (prefix != "" && p != prefix) {
			return
		}
		prefix = p
		types = append(types, ty)
	}
	t.elems = append(t.elems[:start], elemDef{Name: prefix + "[x]", Types: types, Many: elems[0].Many})
}
