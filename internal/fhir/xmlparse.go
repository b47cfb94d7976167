package fhir

// xmlParser builds a Node tree from FHIR XML in one pass.
type xmlParser struct {
	xmlLexer
	maxDepth int
	depth    int
	arena    nodeArena
	kids     []*Node // children of the open elements, innermost last
}

func parseXML(data []byte, maxDepth int) (*Node, error) {
	if off, ok := checkXMLChars(data); !ok {
		return nil, newSyntaxError("xml", data, off, "invalid character for XML")
	}
	p := &xmlParser{xmlLexer: xmlLexer{data: data, names: internNames()}, maxDepth: maxDepth}
	if err := p.prolog(); err != nil {
		return nil, err
	}
	item, err := p.next(false)
	if err != nil {
		return nil, err
	}
	if item != itemStart {
		return nil, p.unexpected("the root element")
	}
	var tag startTag
	if err := p.startTag(&tag); err != nil {
		return nil, err
	}
	if err := p.checkResourceTag(&tag); err != nil {
		return nil, err
	}
	root := p.arena.node()
	root.Name, root.Resource = tag.local, tag.local
	if err := p.element(root, &tag, true); err != nil {
		return nil, err
	}
	if item, err = p.next(false); err != nil {
		return nil, err
	}
	if item != itemEOF {
		return nil, p.errorf(p.pos, "unexpected content after the root element")
	}
	return root, nil
}

// checkResourceTag checks that tag names a known resource in the FHIR namespace.
func (p *xmlParser) checkResourceTag(tag *startTag) error {
	if err := p.checkFHIRNamespace(tag); err != nil {
		return err
	}
	if !validName(tag.local) || !IsResourceType(Unknown, tag.local) {
		return newResourceTypeError(p.data, tag.off+1, tag.local)
	}
	return nil
}

func (p *xmlParser) checkFHIRNamespace(tag *startTag) error {
	uri, err := p.resolve(tag.prefix, tag.off)
	if err != nil {
		return err
	}
	if uri != nsFHIR {
		return p.errorf(tag.off, "element <%s> is not in the FHIR namespace", tag.qname)
	}
	return nil
}

// element reads the attributes and content of the element of tag into n.
// For a resource element (isResource) only namespace attributes are allowed.
func (p *xmlParser) element(n *Node, tag *startTag, isResource bool) error {
	p.depth++
	if p.depth > p.maxDepth {
		return p.errorf(tag.off, "nesting deeper than %d levels", p.maxDepth)
	}
	base := len(p.kids)
	if err := p.attributes(n, isResource); err != nil {
		return err
	}
	wrapped := false
	for !tag.empty {
		item, err := p.next(false)
		if err != nil {
			return err
		}
		switch item {
		case itemEOF:
			return p.errorf(p.pos, "unexpected end of input, expected </%s>", tag.qname)
		case itemText:
			return p.errorf(p.pos, "unexpected text in FHIR element <%s>", tag.qname)
		case itemEnd:
			if err := p.endTag(tag); err != nil {
				return err
			}
			tag.empty = true // done
			continue
		}
		if wrapped {
			return p.errorf(p.pos, "element <%s> must hold exactly one resource", tag.qname)
		}
		var ct startTag
		if err := p.startTag(&ct); err != nil {
			return err
		}
		if uri, _ := p.resolve(ct.prefix, ct.off); uri == nsXHTML && ct.local == "div" {
			div, err := p.captureDiv(&ct)
			if err != nil {
				return err
			}
			k := p.arena.node()
			k.Name, k.Kind, k.Value = "div", KindXHTML, div
			p.kids = append(p.kids, k)
			continue
		}
		if err := p.checkFHIRNamespace(&ct); err != nil {
			return err
		}
		if c := ct.local[0]; c >= 'A' && c <= 'Z' {
			if isResource || len(p.kids) > base || n.Kind != KindComplex || n.ID != "" {
				return p.errorf(ct.off, "unexpected resource <%s>", ct.qname)
			}
			if err := p.checkResourceTag(&ct); err != nil {
				return err
			}
			n.Resource = ct.local
			if err := p.element(n, &ct, true); err != nil {
				return err
			}
			wrapped = true
			continue
		}
		if ct.local == "div" {
			return p.errorf(ct.off, "the narrative div must be in the XHTML namespace")
		}
		if !validName(ct.local) {
			return p.errorf(ct.off, "invalid FHIR element name %q", ct.local)
		}
		k := p.arena.node()
		k.Name = ct.local
		if err := p.element(k, &ct, false); err != nil {
			return err
		}
		p.kids = append(p.kids, k)
	}
	if tag.empty && len(p.ns) > tag.nsBase {
		p.ns = p.ns[:tag.nsBase] // an empty tag has no end tag to pop them
	}
	if !wrapped {
		n.Children = p.arena.children(p.kids[base:])
	}
	p.kids = p.kids[:base]
	p.depth--
	return nil
}

// attributes applies the attributes of a FHIR element: value, id and (on
// extensions) url; xsi attributes such as schemaLocation are ignored.
func (p *xmlParser) attributes(n *Node, isResource bool) error {
	for _, a := range p.attrs {
		if a.prefix != "" {
			if uri, _ := p.resolve(a.prefix, a.off); uri == nsXSI {
				continue
			}
			return p.errorf(a.off, "unexpected attribute %s:%s", a.prefix, a.local)
		}
		if isResource {
			return p.errorf(a.off, "unexpected attribute %q on a resource", a.local)
		}
		switch a.local {
		case "value":
			n.Kind, n.Value = KindString, a.value
		case "id":
			n.ID = a.value
		case "url":
			k := p.arena.node()
			k.Name, k.Kind, k.Value = "url", KindString, a.value
			p.kids = append(p.kids, k)
		default:
			return p.errorf(a.off, "unexpected attribute %q", a.local)
		}
	}
	return nil
}
