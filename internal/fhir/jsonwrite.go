package fhir

import (
	"fmt"
	"unicode/utf8"
)

// jsonWriter renders a Node tree as FHIR JSON.
type jsonWriter struct {
	buf    []byte
	indent string
	depth  int
	err    error
}

func (w *jsonWriter) fail(format string, args ...any) {
	if w.err == nil {
		w.err = fmt.Errorf("fhir: cannot write JSON: "+format, args...)
	}
}

func (w *jsonWriter) newline() {
	if w.indent == "" {
		return
	}
	w.buf = append(w.buf, '\n')
	for range w.depth {
		w.buf = append(w.buf, w.indent...)
	}
}

// object writes n as a JSON object.
func (w *jsonWriter) object(n *Node) {
	w.buf = append(w.buf, '{')
	w.depth++
	first := true
	if n.Resource != "" {
		if n.Child("resourceType") != nil {
			w.fail("resource %s has an element called resourceType", n.Resource)
		}
		w.key("resourceType", &first)
		w.str(n.Resource)
	}
	w.members(n, &first)
	w.depth--
	if !first {
		w.newline()
	}
	w.buf = append(w.buf, '}')
}

// key starts a member.
func (w *jsonWriter) key(name string, first *bool) {
	if !*first {
		w.buf = append(w.buf, ',')
	}
	*first = false
	w.newline()
	w.str(name)
	w.buf = append(w.buf, ':')
	if w.indent != "" {
		w.buf = append(w.buf, ' ')
	}
}

// members writes the element id and the children of n, grouping siblings
// with the same name into one property.
func (w *jsonWriter) members(n *Node, first *bool) {
	if n.ID != "" && n.Resource == "" {
		w.key("id", first)
		w.str(n.ID)
	}
	kids := n.Children
	var done []bool // only allocated when a name repeats non-consecutively
	for i := 0; i < len(kids); i++ {
		if done != nil && done[i] {
			continue
		}
		name := kids[i].Name
		j := i + 1
		for j < len(kids) && kids[j].Name == name {
			j++
		}
		group := kids[i:j]
		for k := j; k < len(kids); k++ {
			if kids[k].Name == name && (done == nil || !done[k]) {
				if done == nil {
					done = make([]bool, len(kids))
					group = append([]*Node(nil), group...)
				}
				done[k] = true
				group = append(group, kids[k])
			}
		}
		if !validName(name) {
			w.fail("invalid element name %q", name)
			return
		}
		w.group(name, group, first)
		i = j - 1
	}
}

// group writes the property (and "_name" property) of the nodes of one name.
func (w *jsonWriter) group(name string, g []*Node, first *bool) {
	array := len(g) > 1 || g[0].Array
	primary, extras := false, false
	for _, k := range g {
		primary = primary || !k.Kind.IsPrimitive() || k.Kind.HasValue()
		extras = extras || k.Kind.IsPrimitive() && (k.ID != "" || len(k.Children) > 0)
	}
	if primary {
		w.key(name, first)
		w.list(g, array, false)
	}
	if extras {
		w.key("_"+name, first)
		w.list(g, array, true)
	}
}

// list writes the entries of a group, as one value or as an array; extras
// selects the "_name" form.
func (w *jsonWriter) list(g []*Node, array, extras bool) {
	if !array {
		w.entry(g[0], extras)
		return
	}
	w.buf = append(w.buf, '[')
	w.depth++
	for i, k := range g {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.newline()
		w.entry(k, extras)
	}
	w.depth--
	w.newline()
	w.buf = append(w.buf, ']')
}

func (w *jsonWriter) entry(k *Node, extras bool) {
	switch {
	case extras && k.Kind.IsPrimitive() && (k.ID != "" || len(k.Children) > 0):
		w.buf = append(w.buf, '{')
		w.depth++
		first := true
		w.members(k, &first)
		w.depth--
		w.newline()
		w.buf = append(w.buf, '}')
	case extras || k.Kind == KindAbsent:
		w.buf = append(w.buf, "null"...)
	case k.Kind == KindComplex:
		w.object(k)
	case k.Kind == KindNumber:
		if !isJSONNumber(k.Value) {
			w.fail("element %s: %q is not a JSON number", k.Name, k.Value)
		}
		w.buf = append(w.buf, k.Value...)
	case k.Kind == KindBool:
		if k.Value != "true" && k.Value != "false" {
			w.fail("element %s: %q is not a boolean", k.Name, k.Value)
		}
		w.buf = append(w.buf, k.Value...)
	default:
		w.str(k.Value)
	}
}

// str writes a JSON string; invalid UTF-8 becomes U+FFFD.
func (w *jsonWriter) str(s string) {
	w.buf = append(w.buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || n != 1 {
				i += n
				continue
			}
		}
		w.buf = append(w.buf, s[start:i]...)
		switch c {
		case '"', '\\':
			w.buf = append(w.buf, '\\', c)
		case '\n':
			w.buf = append(w.buf, '\\', 'n')
		case '\r':
			w.buf = append(w.buf, '\\', 'r')
		case '\t':
			w.buf = append(w.buf, '\\', 't')
		default:
			if c < 0x20 {
				w.buf = append(w.buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			} else {
				w.buf = append(w.buf, "\ufffd"...)
			}
		}
		i++
		start = i
	}
	w.buf = append(w.buf, s[start:]...)
	w.buf = append(w.buf, '"')
}

const hexDigits = "0123456789abcdef"
