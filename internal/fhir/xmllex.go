package fhir

import (
	"bytes"
	"unicode/utf8"
)

// XML namespaces that FHIR uses.
const (
	nsFHIR  = "http://hl7.org/fhir"
	nsXHTML = "http://www.w3.org/1999/xhtml"
	nsXSI   = "http://www.w3.org/2001/XMLSchema-instance"
	nsXML   = "http://www.w3.org/XML/1998/namespace"
)

// xmlLexer reads the parts of an XML document from a byte slice. It checks
// well-formedness for everything it reads; DTDs are rejected.
type xmlLexer struct {
	data  []byte
	pos   int
	buf   []byte
	names map[string]string
	ns    []nsBinding // namespace declarations in scope, innermost last
	attrs []xmlAttr   // attributes of the last start tag
}

type nsBinding struct{ prefix, uri string }

type xmlAttr struct {
	prefix, local string
	value         string
	off           int
}

func (l *xmlLexer) errorf(off int, msg string, args ...any) *SyntaxError {
	return newSyntaxError("xml", l.data, off, msg, args...)
}

// checkXMLChars rejects invalid UTF-8 and control characters that XML 1.0
// does not allow anywhere, so later loops need not check.
func checkXMLChars(data []byte) (int, bool) {
	if !utf8.Valid(data) {
		return invalidUTF8(data), false
	}
	for i, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return i, false
		}
	}
	return 0, true
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// ws skips whitespace and reports whether there was any.
func (l *xmlLexer) ws() bool {
	start := l.pos
	for l.pos < len(l.data) && isXMLSpace(l.data[l.pos]) {
		l.pos++
	}
	return l.pos > start
}

func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= utf8.RuneSelf
}

func isNameChar(c byte) bool {
	return isNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.'
}

// name scans an XML name at l.pos.
func (l *xmlLexer) name() ([]byte, error) {
	start := l.pos
	if l.pos >= len(l.data) || !isNameStart(l.data[l.pos]) {
		return nil, l.unexpected("a name")
	}
	for l.pos < len(l.data) && isNameChar(l.data[l.pos]) {
		l.pos++
	}
	return l.data[start:l.pos], nil
}

func (l *xmlLexer) unexpected(what string) *SyntaxError {
	if l.pos >= len(l.data) {
		return l.errorf(l.pos, "unexpected end of input, expected %s", what)
	}
	r, _ := utf8.DecodeRune(l.data[l.pos:])
	return l.errorf(l.pos, "unexpected %q, expected %s", r, what)
}

// splitQName splits prefix:local; both parts must be non-empty names.
func (l *xmlLexer) splitQName(q []byte, off int) (prefix, local string, err error) {
	i := bytes.IndexByte(q, ':')
	if i < 0 {
		return "", intern(l.names, q), nil
	}
	if i == 0 || i == len(q)-1 || bytes.IndexByte(q[i+1:], ':') >= 0 || !isNameStart(q[i+1]) {
		return "", "", l.errorf(off, "invalid qualified name %q", q)
	}
	return intern(l.names, q[:i]), intern(l.names, q[i+1:]), nil
}

// lookup returns the index in l.ns of the binding for prefix, or -1.
func (l *xmlLexer) lookup(prefix string) int {
	for i := len(l.ns) - 1; i >= 0; i-- {
		if l.ns[i].prefix == prefix {
			return i
		}
	}
	return -1
}

// resolve returns the namespace of prefix ("" for no namespace).
func (l *xmlLexer) resolve(prefix string, off int) (string, error) {
	if prefix == "xml" {
		return nsXML, nil
	}
	i := l.lookup(prefix)
	if i < 0 {
		if prefix != "" {
			return "", l.errorf(off, "undeclared namespace prefix %q", prefix)
		}
		return "", nil
	}
	return l.ns[i].uri, nil
}
