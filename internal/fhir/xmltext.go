package fhir

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// attrValue reads a quoted attribute value, decoding references and
// normalising whitespace as XML requires (a literal tab or newline becomes
// a space; &#10; stays a newline).
func (l *xmlLexer) attrValue() (string, error) {
	if l.pos >= len(l.data) || l.data[l.pos] != '"' && l.data[l.pos] != '\'' {
		return "", l.unexpected("a quoted value")
	}
	q := l.data[l.pos]
	start := l.pos + 1
	end := bytes.IndexByte(l.data[start:], q)
	if end < 0 {
		return "", l.errorf(l.pos, "unterminated attribute value")
	}
	raw := l.data[start : start+end]
	l.pos = start + end + 1
	if i := bytes.IndexByte(raw, '<'); i >= 0 {
		return "", l.errorf(start+i, "'<' in attribute value")
	}
	if bytes.IndexAny(raw, "&\t\n\r") < 0 {
		return string(raw), nil
	}
	b := l.buf[:0]
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; c {
		case '&':
			r, n, err := l.reference(raw[i:], start+i)
			if err != nil {
				return "", err
			}
			b = utf8.AppendRune(b, r)
			i += n - 1
		case '\r':
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
			b = append(b, ' ')
		case '\t', '\n':
			b = append(b, ' ')
		default:
			b = append(b, c)
		}
	}
	l.buf = b
	return string(b), nil
}

// reference decodes the entity or character reference at the start of b
// and returns the rune and the reference's length.
func (l *xmlLexer) reference(b []byte, off int) (rune, int, error) {
	end := bytes.IndexByte(b, ';')
	if end < 0 || end > 12 {
		return 0, 0, l.errorf(off, "invalid reference")
	}
	name := string(b[1:end])
	switch name {
	case "lt":
		return '<', end + 1, nil
	case "gt":
		return '>', end + 1, nil
	case "amp":
		return '&', end + 1, nil
	case "quot":
		return '"', end + 1, nil
	case "apos":
		return '\'', end + 1, nil
	}
	if len(name) < 2 || name[0] != '#' {
		return 0, 0, l.errorf(off, "undefined entity &%s;", name)
	}
	digits, base := name[1:], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if digits == "" || digits[0] == '+' {
		return 0, 0, l.errorf(off, "invalid character reference &%s;", name)
	}
	v, err := strconv.ParseUint(digits, base, 32)
	if err != nil || !isXMLChar(rune(v)) {
		return 0, 0, l.errorf(off, "invalid character reference &%s;", name)
	}
	return rune(v), end + 1, nil
}

// isXMLChar reports whether r may appear in an XML 1.0 document.
func isXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
