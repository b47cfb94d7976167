package fhir

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonLexer reads JSON tokens from a byte slice; input is already known to
// be valid UTF-8.
type jsonLexer struct {
	data []byte
	pos  int
	buf  []byte // scratch for strings with escapes
}

func (l *jsonLexer) errorf(off int, msg string, args ...any) *SyntaxError {
	return newSyntaxError("json", l.data, off, msg, args...)
}

// ws skips whitespace and returns the next byte (0 at the end).
func (l *jsonLexer) ws() byte {
	for l.pos < len(l.data) {
		switch c := l.data[l.pos]; c {
		case ' ', '\t', '\n', '\r':
			l.pos++
		default:
			return c
		}
	}
	return 0
}

// expect consumes byte c after optional whitespace.
func (l *jsonLexer) expect(c byte, what string) error {
	if l.ws() != c || l.pos >= len(l.data) {
		return l.unexpected(what)
	}
	l.pos++
	return nil
}

func (l *jsonLexer) unexpected(what string) *SyntaxError {
	if l.pos >= len(l.data) {
		return l.errorf(l.pos, "unexpected end of input, expected %s", what)
	}
	r, _ := utf8.DecodeRune(l.data[l.pos:])
	return l.errorf(l.pos, "unexpected %q, expected %s", r, what)
}

// rawString scans a string at l.pos (which must be '"') and returns its raw
// bytes between the quotes and whether they contain escapes.
func (l *jsonLexer) rawString() (raw []byte, escaped bool, err error) {
	start := l.pos + 1
	for i := start; i < len(l.data); i++ {
		switch c := l.data[i]; {
		case c == '"':
			l.pos = i + 1
			return l.data[start:i], escaped, nil
		case c == '\\':
			escaped = true
			i++
		case c < 0x20:
			return nil, false, l.errorf(i, "control character %#02x in string", c)
		}
	}
	return nil, false, l.errorf(len(l.data), "unterminated string")
}

// str reads a string value.
func (l *jsonLexer) str() (string, error) {
	start := l.pos
	raw, escaped, err := l.rawString()
	if err != nil || !escaped {
		return string(raw), err
	}
	return l.unescape(raw, start+1)
}

// unescape decodes the escapes of raw, which starts at offset off.
func (l *jsonLexer) unescape(raw []byte, off int) (string, error) {
	b := l.buf[:0]
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			b = append(b, c)
			continue
		}
		i++
		if i >= len(raw) {
			return "", l.errorf(off+i, "invalid escape")
		}
		switch raw[i] {
		case '"', '\\', '/':
			b = append(b, raw[i])
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, n := hex4(raw[i+1:])
			if n < 0 {
				return "", l.errorf(off+i-1, "invalid \\u escape")
			}
			i += 4
			if utf16.IsSurrogate(r) {
				r2, n2 := rune(-1), -1
				if i+2 < len(raw) && raw[i+1] == '\\' && raw[i+2] == 'u' {
					r2, n2 = hex4(raw[i+3:])
				}
				if d := utf16.DecodeRune(r, r2); n2 >= 0 && d != utf8.RuneError {
					r = d
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			b = utf8.AppendRune(b, r)
		default:
			return "", l.errorf(off+i-1, "invalid escape \\%c", raw[i])
		}
	}
	l.buf = b
	return string(b), nil
}

// hex4 decodes four hex digits; n is -1 when they are not there.
func hex4(b []byte) (r rune, n int) {
	if len(b) < 4 {
		return 0, -1
	}
	v, err := strconv.ParseUint(string(b[:4]), 16, 32)
	if err != nil {
		return 0, -1
	}
	return rune(v), 4
}
