package fhir

import (
	"fmt"
	"unicode/utf8"
)

// xmlWriter renders a Node tree as FHIR XML.
type xmlWriter struct {
	buf    []byte
	indent string
	depth  int
	err    error
}

func (w *xmlWriter) fail(format string, args ...any) {
	if w.err == nil {
		w.err = fmt.Errorf("fhir: cannot write XML: "+format, args...)
	}
}

func (w *xmlWriter) newline() {
	if w.indent == "" {
		return
	}
	w.buf = append(w.buf, '\n')
	for range w.depth {
		w.buf = append(w.buf, w.indent...)
	}
}

// resource writes a resource element named after its type.
func (w *xmlWriter) resource(n *Node, root bool) {
	if !IsResourceType(Unknown, n.Resource) {
		w.fail("unknown resource type %q", n.Resource)
		return
	}
	if n.ID != "" || n.Kind != KindComplex {
		w.fail("resource %s has an element id or value", n.Resource)
		return
	}
	w.buf = append(w.buf, '<')
	w.buf = append(w.buf, n.Resource...)
	if root {
		w.buf = append(w.buf, ` xmlns="`+nsFHIR+`"`...)
	}
	w.content(n, n.Resource, nil)
}

// element writes n as an element called n.Name.
func (w *xmlWriter) element(n *Node) {
	name := n.Name
	if !validName(name) || name[0] >= 'A' && name[0] <= 'Z' {
		w.fail("invalid element name %q", name)
		return
	}
	if n.Kind == KindXHTML {
		w.div(n)
		return
	}
	if n.Resource != "" { // <contained><Patient>...</Patient></contained>
		w.buf = append(w.buf, '<')
		w.buf = append(w.buf, name...)
		w.buf = append(w.buf, '>')
		w.depth++
		w.newline()
		w.resource(n, false)
		w.depth--
		w.newline()
		w.closeTag(name)
		return
	}
	w.buf = append(w.buf, '<')
	w.buf = append(w.buf, name...)
	if n.ID != "" {
		w.attr("id", n.ID)
	}
	if n.Kind.HasValue() {
		w.attr("value", n.Value)
	}
	var url *Node
	if name == "extension" || name == "modifierExtension" {
		for _, c := range n.Children {
			if c.Name == "url" && c.Kind == KindString && c.ID == "" && len(c.Children) == 0 {
				url = c
				w.attr("url", c.Value)
				break
			}
		}
	}
	w.content(n, name, url)
}

// content finishes a start tag and writes the children and end tag; skip
// is a child already written as an attribute.
func (w *xmlWriter) content(n *Node, name string, skip *Node) {
	if len(n.Children) == 0 || len(n.Children) == 1 && skip != nil {
		w.buf = append(w.buf, "/>"...)
		return
	}
	w.buf = append(w.buf, '>')
	w.depth++
	for _, c := range n.Children {
		if c == skip {
			continue
		}
		w.newline()
		w.element(c)
		if w.err != nil {
			return
		}
	}
	w.depth--
	w.newline()
	w.closeTag(name)
}

func (w *xmlWriter) closeTag(name string) {
	w.buf = append(w.buf, "</"...)
	w.buf = append(w.buf, name...)
	w.buf = append(w.buf, '>')
}

// div writes the narrative, checking that it is well-formed XHTML.
func (w *xmlWriter) div(n *Node) {
	if n.Name != "div" || n.ID != "" || len(n.Children) > 0 {
		w.fail("xhtml element %q cannot have an id or extensions", n.Name)
		return
	}
	div, err := normalizeXHTML(n.Value)
	if err != nil {
		w.fail("narrative div: %v", err)
		return
	}
	w.buf = append(w.buf, div...)
}

// attr writes name="value", escaping as needed.
func (w *xmlWriter) attr(name, v string) {
	w.buf = append(w.buf, ' ')
	w.buf = append(w.buf, name...)
	w.buf = append(w.buf, '=', '"')
	start := 0
	for i := 0; i < len(v); {
		c := v[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '&' && c != '<' && c != '>' && c != '"' {
			i++
			continue
		}
		var esc string
		n := 1
		switch c {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&quot;"
		case '\t':
			esc = "&#9;"
		case '\n':
			esc = "&#10;"
		case '\r':
			esc = "&#13;"
		default:
			var r rune
			r, n = utf8.DecodeRuneInString(v[i:])
			if r == utf8.RuneError && n == 1 || !isXMLChar(r) {
				w.fail("value %q contains a character XML cannot represent", v)
				return
			}
			i += n
			continue
		}
		w.buf = append(w.buf, v[start:i]...)
		w.buf = append(w.buf, esc...)
		i += n
		start = i
	}
	w.buf = append(w.buf, v[start:]...)
	w.buf = append(w.buf, '"')
}
