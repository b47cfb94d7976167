package fhir

// value reads the value of property name and appends its nodes to p.kids.
func (p *jsonParser) value(name string, inArray bool) error {
	c := p.ws()
	if name == "div" && c != '"' {
		return p.errorf(p.pos, "the narrative div must be a string")
	}
	var k *Node
	switch {
	case c == '{':
		p.pos++
		k = p.arena.node()
		k.Name = name
		if err := p.object(k, false); err != nil {
			return err
		}
	case c == '[':
		if inArray {
			return p.errorf(p.pos, "nested arrays are not allowed in FHIR JSON")
		}
		return p.array(name)
	case c == '"':
		s, err := p.str()
		if err != nil {
			return err
		}
		k = p.arena.node()
		k.Name, k.Kind, k.Value = name, KindString, s
		if name == "div" {
			k.Kind = KindXHTML
		}
	case c == 't' || c == 'f':
		k = p.arena.node()
		k.Name, k.Kind, k.Value = name, KindBool, "true"
		if c == 'f' {
			k.Value = "false"
		}
		if err := p.literal(k.Value); err != nil {
			return err
		}
	case c == 'n':
		if err := p.literal("null"); err != nil {
			return err
		}
		if !inArray {
			return nil // a null property carries nothing
		}
		k = p.arena.node() // placeholder, see merge
		k.Name, k.Kind = name, KindAbsent
		p.nulls = true
	case c == '-' || c >= '0' && c <= '9':
		s, err := p.number()
		if err != nil {
			return err
		}
		k = p.arena.node()
		k.Name, k.Kind, k.Value = name, KindNumber, s
	default:
		return p.unexpected("a value")
	}
	k.Array = inArray
	p.kids = append(p.kids, k)
	return nil
}

// array reads the entries of an array property into p.kids.
func (p *jsonParser) array(name string) error {
	p.pos++
	if err := p.enter(); err != nil {
		return err
	}
	if p.ws() == ']' {
		p.pos++
		p.depth--
		return nil
	}
	for {
		if err := p.value(name, true); err != nil {
			return err
		}
		c := p.ws()
		p.pos++
		if c == ']' {
			break
		}
		if c != ',' {
			p.pos--
			return p.unexpected("',' or ']'")
		}
	}
	p.depth--
	return nil
}
