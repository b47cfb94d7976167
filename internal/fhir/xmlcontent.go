package fhir

import "bytes"

// Item kinds returned by xmlLexer.next.
const (
	itemEOF = iota
	itemStart
	itemEnd
	itemText // non-whitespace character data
)

// next skips whitespace, comments and processing instructions and reports
// what comes next; l.pos is left at the '<' of a tag. With text set,
// character data and CDATA are accepted (references are checked) and
// reported as itemText only when they are not all whitespace; otherwise
// non-whitespace text is reported at its offset without being consumed.
func (l *xmlLexer) next(text bool) (int, error) {
	for {
		l.ws()
		if l.pos >= len(l.data) {
			return itemEOF, nil
		}
		c := l.data[l.pos]
		if c != '<' {
			if !text {
				return itemText, nil
			}
			if err := l.charData(); err != nil {
				return 0, err
			}
			continue
		}
		rest := l.data[l.pos:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			if err := l.skipComment(); err != nil {
				return 0, err
			}
		case bytes.HasPrefix(rest, []byte("<?")):
			if err := l.skipPI(); err != nil {
				return 0, err
			}
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			end := bytes.Index(rest, []byte("]]>"))
			if end < 0 {
				return 0, l.errorf(l.pos, "unterminated CDATA section")
			}
			if !text && len(bytes.TrimLeft(rest[9:end], " \t\r\n")) > 0 {
				return itemText, nil
			}
			l.pos += end + 3
		case bytes.HasPrefix(rest, []byte("<!")):
			return 0, l.errorf(l.pos, "DTDs and declarations are not allowed")
		case len(rest) > 1 && rest[1] == '/':
			return itemEnd, nil
		default:
			return itemStart, nil
		}
	}
}

// charData consumes character data up to the next '<', checking references.
func (l *xmlLexer) charData() error {
	for l.pos < len(l.data) && l.data[l.pos] != '<' {
		switch l.data[l.pos] {
		case '&':
			_, n, err := l.reference(l.data[l.pos:], l.pos)
			if err != nil {
				return err
			}
			l.pos += n
		case '>':
			if l.pos >= 2 && l.data[l.pos-1] == ']' && l.data[l.pos-2] == ']' {
				return l.errorf(l.pos-2, "']]>' in text")
			}
			l.pos++
		default:
			l.pos++
		}
	}
	return nil
}

func (l *xmlLexer) skipComment() error {
	start := l.pos
	end := bytes.Index(l.data[start+4:], []byte("--"))
	if end < 0 {
		return l.errorf(start, "unterminated comment")
	}
	end += start + 4
	if end+2 >= len(l.data) || l.data[end+2] != '>' {
		return l.errorf(end, "'--' in comment")
	}
	l.pos = end + 3
	return nil
}

func (l *xmlLexer) skipPI() error {
	start := l.pos
	l.pos += 2
	target, err := l.name()
	if err != nil {
		return err
	}
	if len(target) == 3 && bytes.EqualFold(target, []byte("xml")) {
		return l.errorf(start, "XML declaration not at the start of the document")
	}
	end := bytes.Index(l.data[l.pos:], []byte("?>"))
	if end < 0 {
		return l.errorf(start, "unterminated processing instruction")
	}
	if end > 0 && !isXMLSpace(l.data[l.pos]) {
		return l.unexpected("whitespace or '?>'")
	}
	l.pos += end + 2
	return nil
}

// prolog skips a byte order mark, the XML declaration (which must say
// UTF-8 if it names an encoding), comments and processing instructions.
func (l *xmlLexer) prolog() error {
	l.pos = bomLen(l.data)
	if bytes.HasPrefix(l.data[l.pos:], []byte("<?xml")) && len(l.data) > l.pos+5 && isXMLSpace(l.data[l.pos+5]) {
		start := l.pos
		end := bytes.Index(l.data[start:], []byte("?>"))
		if end < 0 {
			return l.errorf(start, "unterminated XML declaration")
		}
		decl := l.data[start : start+end]
		if i := bytes.Index(decl, []byte("encoding")); i >= 0 {
			enc := bytes.ToLower(decl[i:])
			if !bytes.Contains(enc, []byte("utf-8")) && !bytes.Contains(enc, []byte("utf8")) {
				return l.errorf(start+i, "unsupported encoding; FHIR XML must be UTF-8")
			}
		}
		l.pos = start + end + 2
	}
	return nil
}
