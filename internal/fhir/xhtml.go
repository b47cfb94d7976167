package fhir

import (
	"bytes"
	"strings"
)

// captureDiv reads the narrative div whose start tag was just read and
// returns it verbatim as a standalone XHTML string: line ends are
// normalised as XML requires, and namespace declarations that the div
// inherits from outside (normally the XHTML default namespace, when it is
// declared on an ancestor) are added to its start tag.
func (p *xmlParser) captureDiv(div *startTag) (string, error) {
	var need []nsBinding
	use := func(prefix string, elem bool) {
		if prefix == "xml" || prefix == "" && !elem {
			return
		}
		i := p.lookup(prefix)
		if i < 0 || i >= div.nsBase {
			return // declared inside the div, or no namespace at all
		}
		for _, b := range need {
			if b.prefix == prefix {
				return
			}
		}
		need = append(need, p.ns[i])
	}
	check := func(t *startTag) {
		use(t.prefix, true)
		for _, a := range p.attrs {
			use(a.prefix, false)
		}
	}
	check(div)
	open := []startTag{*div}
	for !open[len(open)-1].empty || len(open) > 1 {
		top := &open[len(open)-1]
		if top.empty { // an empty child element is complete
			p.ns = p.ns[:top.nsBase]
			open = open[:len(open)-1]
			continue
		}
		item, err := p.next(true)
		if err != nil {
			return "", err
		}
		switch item {
		case itemEOF:
			return "", p.errorf(p.pos, "unexpected end of input, expected </%s>", top.qname)
		case itemEnd:
			if err := p.endTag(top); err != nil {
				return "", err
			}
			if len(open) == 1 {
				return p.divString(div.off, div.qname, need), nil
			}
			open = open[:len(open)-1]
			continue
		}
		if p.depth+len(open) >= p.maxDepth {
			return "", p.errorf(p.pos, "nesting deeper than %d levels", p.maxDepth)
		}
		var t startTag
		if err := p.startTag(&t); err != nil {
			return "", err
		}
		check(&t)
		open = append(open, t)
	}
	p.ns = p.ns[:div.nsBase] // <div/>
	return p.divString(div.off, div.qname, need), nil
}

// divString returns the raw div from offset start to p.pos with the
// needed namespace declarations added after its name.
func (p *xmlParser) divString(start int, qname []byte, need []nsBinding) string {
	raw := p.data[start:p.pos]
	if len(need) == 0 && bytes.IndexByte(raw, '\r') < 0 {
		return string(raw)
	}
	var b strings.Builder
	head := 1 + len(qname)
	b.Write(raw[:head])
	for _, n := range need {
		b.WriteString(" xmlns")
		if n.prefix != "" {
			b.WriteString(":" + n.prefix)
		}
		b.WriteString(`="`)
		b.WriteString(xmlAttrEscaper.Replace(n.uri))
		b.WriteByte('"')
	}
	rest := raw[head:]
	for len(rest) > 0 {
		i := bytes.IndexByte(rest, '\r')
		if i < 0 {
			b.Write(rest)
			break
		}
		b.Write(rest[:i])
		b.WriteByte('\n')
		rest = rest[i+1:]
		if len(rest) > 0 && rest[0] == '\n' {
			rest = rest[1:]
		}
	}
	return b.String()
}

var xmlAttrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;",
	"\t", "&#9;", "\n", "&#10;", "\r", "&#13;")

// normalizeXHTML checks that s is one well-formed XHTML div element (as in
// the JSON form of a narrative) and returns it ready to embed in XML: a div
// without a namespace declaration gets the XHTML default namespace.
func normalizeXHTML(s string) (string, error) {
	data := []byte(s)
	p := &xmlParser{xmlLexer: xmlLexer{data: data, names: internNames()}, maxDepth: DefaultMaxDepth}
	p.ns = append(p.ns, nsBinding{"", nsXHTML})
	if off, ok := checkXMLChars(data); !ok {
		return "", p.errorf(off, "invalid character for XML")
	}
	p.ws()
	start := p.pos
	if p.pos >= len(data) || data[p.pos] != '<' {
		return "", p.unexpected("<div>")
	}
	var tag startTag
	if err := p.startTag(&tag); err != nil {
		return "", err
	}
	if uri, err := p.resolve(tag.prefix, tag.off); err != nil || uri != nsXHTML || tag.local != "div" {
		return "", p.errorf(start, "the narrative must be an XHTML div element")
	}
	div, err := p.captureDiv(&tag)
	if err != nil {
		return "", err
	}
	p.ws()
	if p.pos != len(data) {
		return "", p.errorf(p.pos, "unexpected content after the div")
	}
	return div, nil
}
