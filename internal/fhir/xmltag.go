package fhir

import "bytes"

// startTag is a parsed start tag.
type startTag struct {
	qname         []byte
	prefix, local string
	empty         bool
	off           int // offset of '<'
	nsBase        int // len(ns) before the tag's own declarations
}

// startTag reads a start tag at l.pos ('<'), pushes its namespace
// declarations and fills l.attrs with its other attributes.
func (l *xmlLexer) startTag(t *startTag) error {
	t.off = l.pos
	l.pos++
	q, err := l.name()
	if err != nil {
		return err
	}
	t.qname = q
	t.empty = false
	t.nsBase = len(l.ns)
	l.attrs = l.attrs[:0]
	for {
		sp := l.ws()
		if l.pos >= len(l.data) {
			return l.unexpected("'>'")
		}
		if c := l.data[l.pos]; c == '>' || c == '/' {
			if c == '/' {
				if l.pos+1 >= len(l.data) || l.data[l.pos+1] != '>' {
					l.pos++
					return l.unexpected("'>'")
				}
				t.empty = true
				l.pos++
			}
			l.pos++
			break
		}
		if !sp {
			return l.unexpected("whitespace, '>' or '/>'")
		}
		if err := l.attribute(); err != nil {
			return err
		}
	}
	if t.prefix, t.local, err = l.splitQName(q, t.off+1); err != nil {
		return err
	}
	return l.declare()
}

// attribute reads name="value" into l.attrs.
func (l *xmlLexer) attribute() error {
	off := l.pos
	q, err := l.name()
	if err != nil {
		return err
	}
	prefix, local, err := l.splitQName(q, off)
	if err != nil {
		return err
	}
	l.ws()
	if l.pos >= len(l.data) || l.data[l.pos] != '=' {
		return l.unexpected("'='")
	}
	l.pos++
	l.ws()
	v, err := l.attrValue()
	if err != nil {
		return err
	}
	for _, a := range l.attrs {
		if a.prefix == prefix && a.local == local {
			return l.errorf(off, "duplicate attribute %q", q)
		}
	}
	l.attrs = append(l.attrs, xmlAttr{prefix: prefix, local: local, value: v, off: off})
	return nil
}

// declare moves namespace declarations from l.attrs to l.ns and checks that
// the remaining attribute prefixes are declared.
func (l *xmlLexer) declare() error {
	kept := l.attrs[:0]
	for _, a := range l.attrs {
		switch {
		case a.prefix == "" && a.local == "xmlns":
			l.ns = append(l.ns, nsBinding{"", a.value})
		case a.prefix == "xmlns":
			if a.value == "" {
				return l.errorf(a.off, "empty namespace for prefix %q", a.local)
			}
			l.ns = append(l.ns, nsBinding{a.local, a.value})
		default:
			kept = append(kept, a)
		}
	}
	l.attrs = kept
	for _, a := range kept {
		if a.prefix != "" {
			if _, err := l.resolve(a.prefix, a.off); err != nil {
				return err
			}
		}
	}
	return nil
}

// endTag reads "</qname>" at l.pos, which must match t.
func (l *xmlLexer) endTag(t *startTag) error {
	off := l.pos
	l.pos += 2
	q, err := l.name()
	if err != nil {
		return err
	}
	if !bytes.Equal(q, t.qname) {
		return l.errorf(off, "end tag </%s> does not match <%s>", q, t.qname)
	}
	l.ws()
	if l.pos >= len(l.data) || l.data[l.pos] != '>' {
		return l.unexpected("'>'")
	}
	l.pos++
	l.ns = l.ns[:t.nsBase]
	return nil
}
