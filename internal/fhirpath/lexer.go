package fhirpath

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// tokKind is the kind of a lexical token.
type tokKind uint8

const (
	tEOF      tokKind = iota
	tIdent            // identifier or keyword (and, or, div, true, ...)
	tDelimID          // `delimited identifier`
	tString           // 'string' (value unescaped)
	tNumber           // 123 or 1.5
	tLong             // 123L
	tDate             // @2015-02-04 (text without @)
	tDateTime         // @2015-02-04T14:34 (text without @)
	tTime             // @T14:34 (text without @T)
	tConst            // %name or %'name' (name without %)
	tSpecial          // $this, $index, $total (name with $)
	tOp               // punctuation and operators
)

// token is one lexical token with its byte offset in the expression.
type token struct {
	kind tokKind
	text string
	pos  int
}

// SyntaxError reports an expression that does not parse, or that uses an
// unknown function or a wrong number of arguments. Line and Column are
// 1-based (Column counts characters); Offset is the byte offset.
type SyntaxError struct {
	Msg    string
	Offset int
	Line   int
	Column int
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("fhirpath: syntax error at line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

func newSyntaxError(src string, off int, format string, args ...any) *SyntaxError {
	off = min(max(off, 0), len(src))
	line, col := 1, 1
	for _, r := range src[:off] {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return &SyntaxError{Msg: fmt.Sprintf(format, args...), Offset: off, Line: line, Column: col}
}

// lex splits src into tokens.
func lex(src string) ([]token, error) {
	var toks []token
	i := 0
	for {
		// skip white space and comments
		for i < len(src) {
			c := src[i]
			if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' {
				i++
				continue
			}
			if strings.HasPrefix(src[i:], "//") {
				j := strings.IndexByte(src[i:], '\n')
				if j < 0 {
					i = len(src)
				} else {
					i += j + 1
				}
				continue
			}
			if strings.HasPrefix(src[i:], "/*") {
				j := strings.Index(src[i+2:], "*/")
				if j < 0 {
					return nil, newSyntaxError(src, i, "comment not closed")
				}
				i += j + 4
				continue
			}
			break
		}
		if i >= len(src) {
			toks = append(toks, token{kind: tEOF, pos: i})
			return toks, nil
		}
		start := i
		c := src[i]
		switch {
		case isIdentStart(c):
			for i < len(src) && isIdentPart(src[i]) {
				i++
			}
			toks = append(toks, token{kind: tIdent, text: src[start:i], pos: start})
		case c >= '0' && c <= '9':
			for i < len(src) && isDigit(src[i]) {
				i++
			}
			if i+1 < len(src) && src[i] == '.' && isDigit(src[i+1]) {
				i++
				for i < len(src) && isDigit(src[i]) {
					i++
				}
			} else if i < len(src) && src[i] == 'L' && (i+1 >= len(src) || !isIdentPart(src[i+1])) {
				toks = append(toks, token{kind: tLong, text: src[start:i], pos: start})
				i++
				continue
			}
			toks = append(toks, token{kind: tNumber, text: src[start:i], pos: start})
		case c == '\'' || c == '`':
			s, n, err := unquote(src, i, c)
			if err != nil {
				return nil, err
			}
			i = n
			k := tString
			if c == '`' {
				k = tDelimID
			}
			toks = append(toks, token{kind: k, text: s, pos: start})
		case c == '@':
			t, n, err := lexDateTime(src, i)
			if err != nil {
				return nil, err
			}
			t.pos = start
			i = n
			toks = append(toks, t)
		case c == '%':
			i++
			switch {
			case i < len(src) && (src[i] == '\'' || src[i] == '`'):
				s, n, err := unquote(src, i, src[i])
				if err != nil {
					return nil, err
				}
				i = n
				toks = append(toks, token{kind: tConst, text: s, pos: start})
			case i < len(src) && isIdentStart(src[i]):
				for i < len(src) && isIdentPart(src[i]) {
					i++
				}
				toks = append(toks, token{kind: tConst, text: src[start+1 : i], pos: start})
			default:
				return nil, newSyntaxError(src, start, "'%%' must be followed by a name")
			}
		case c == '$':
			i++
			for i < len(src) && isIdentPart(src[i]) {
				i++
			}
			name := src[start:i]
			if name != "$this" && name != "$index" && name != "$total" {
				return nil, newSyntaxError(src, start, "unknown special variable %q", name)
			}
			toks = append(toks, token{kind: tSpecial, text: name, pos: start})
		default:
			op := ""
			for _, o := range []string{"<=", ">=", "!=", "!~"} {
				if strings.HasPrefix(src[i:], o) {
					op = o
					break
				}
			}
			if op == "" && strings.IndexByte(".,()[]{}+-*/&|<>=~", c) >= 0 {
				op = src[i : i+1]
			}
			if op == "" {
				r, _ := utf8.DecodeRuneInString(src[i:])
				return nil, newSyntaxError(src, i, "unexpected character %q", r)
			}
			i += len(op)
			toks = append(toks, token{kind: tOp, text: op, pos: start})
		}
	}
}

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isIdentPart(c byte) bool  { return isIdentStart(c) || isDigit(c) }

// unquote reads a quoted string or delimited identifier starting at src[i]
// (the quote q) and returns its unescaped value and the offset after it.
func unquote(src string, i int, q byte) (string, int, error) {
	start := i
	i++
	var b strings.Builder
	for {
		if i >= len(src) {
			return "", 0, newSyntaxError(src, start, "%c-quoted text not closed", q)
		}
		c := src[i]
		if c == q {
			return b.String(), i + 1, nil
		}
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		if i+1 >= len(src) {
			return "", 0, newSyntaxError(src, i, "escape at end of input")
		}
		e := src[i+1]
		i += 2
		switch e {
		case '\'', '"', '`', '\\', '/':
			b.WriteByte(e)
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			if i+4 > len(src) {
				return "", 0, newSyntaxError(src, i-2, "invalid \\u escape")
			}
			var r rune
			for _, h := range []byte(src[i : i+4]) {
				v, ok := hexVal(h)
				if !ok {
					return "", 0, newSyntaxError(src, i-2, "invalid \\u escape")
				}
				r = r<<4 | rune(v)
			}
			b.WriteRune(r)
			i += 4
		default:
			return "", 0, newSyntaxError(src, i-2, "invalid escape \\%c", e)
		}
	}
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// lexDateTime reads a date, dateTime or time literal starting at src[i]=='@'.
func lexDateTime(src string, i int) (token, int, error) {
	start := i
	i++
	if i < len(src) && src[i] == 'T' {
		j := scanTime(src, i+1)
		if j == i+1 {
			return token{}, 0, newSyntaxError(src, start, "invalid time literal")
		}
		return token{kind: tTime, text: src[i+1 : j]}, j, nil
	}
	j := i
	n := scanDigits(src, j, 4)
	if n != 4 {
		return token{}, 0, newSyntaxError(src, start, "invalid date literal")
	}
	j += 4
	for k := 0; k < 2; k++ {
		if j < len(src) && src[j] == '-' && scanDigits(src, j+1, 2) == 2 {
			j += 3
		} else {
			break
		}
	}
	if j < len(src) && src[j] == 'T' {
		j++
		k := scanTime(src, j)
		if k > j {
			k = scanTZ(src, k)
		}
		return token{kind: tDateTime, text: src[i:k]}, k, nil
	}
	return token{kind: tDate, text: src[i:j]}, j, nil
}

func scanDigits(src string, i, n int) int {
	k := 0
	for k < n && i+k < len(src) && isDigit(src[i+k]) {
		k++
	}
	return k
}

// scanTime reads hh(:mm(:ss(.fff)?)?)? and returns the offset after it.
func scanTime(src string, i int) int {
	if scanDigits(src, i, 2) != 2 {
		return i
	}
	j := i + 2
	if j < len(src) && src[j] == ':' && scanDigits(src, j+1, 2) == 2 {
		j += 3
		if j < len(src) && src[j] == ':' && scanDigits(src, j+1, 2) == 2 {
			j += 3
			if j+1 < len(src) && src[j] == '.' && isDigit(src[j+1]) {
				j++
				for j < len(src) && isDigit(src[j]) {
					j++
				}
			}
		}
	}
	return j
}

// scanTZ reads Z or (+|-)hh:mm.
func scanTZ(src string, i int) int {
	if i < len(src) && src[i] == 'Z' {
		return i + 1
	}
	if i < len(src) && (src[i] == '+' || src[i] == '-') && scanDigits(src, i+1, 2) == 2 &&
		i+3 < len(src) && src[i+3] == ':' && scanDigits(src, i+4, 2) == 2 {
		return i + 6
	}
	return i
}
