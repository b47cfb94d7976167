package fhir

import "slices"

// underscore reads the value of "_name": an object or an array of objects
// and nulls carrying the id and extensions of primitive "name".
func (p *jsonParser) underscore(name string, off int) error {
	u := underscore{name: name, at: len(p.kids), off: off}
	switch c := p.ws(); c {
	case '{':
		k, err := p.primitiveExtras(name)
		if err != nil {
			return err
		}
		u.nodes = []*Node{k}
	case '[':
		u.array = true
		p.pos++
		if err := p.enter(); err != nil {
			return err
		}
		for p.ws() != ']' {
			switch c := p.ws(); c {
			case '{':
				k, err := p.primitiveExtras(name)
				if err != nil {
					return err
				}
				u.nodes = append(u.nodes, k)
			case 'n':
				if err := p.literal("null"); err != nil {
					return err
				}
				u.nodes = append(u.nodes, nil)
			default:
				return p.unexpected("an object or null")
			}
			if p.ws() == ',' {
				p.pos++
				if p.ws() == ']' {
					return p.unexpected("a value")
				}
			} else if p.ws() != ']' {
				return p.unexpected("',' or ']'")
			}
		}
		p.pos++
		p.depth--
	case 'n':
		return p.literal("null")
	default:
		return p.unexpected("an object or null")
	}
	p.unders = append(p.unders, u)
	return nil
}

func (p *jsonParser) primitiveExtras(name string) (*Node, error) {
	p.pos++
	k := p.arena.node()
	k.Name, k.Kind = name, KindAbsent
	return k, p.object(k, true)
}

// merge joins "_name" entries with the primitives of "name" (pairwise for
// arrays). Without "name" the entries become value-less primitives at the
// place of "_name".
func (p *jsonParser) merge(kids []*Node, us []underscore, base int) ([]*Node, error) {
	shift := 0
	for _, u := range us {
		s, e := -1, -1
		for i, k := range kids {
			if k.Name == u.name {
				if s < 0 {
					s = i
				}
				e = i + 1
			}
		}
		if s < 0 {
			var add []*Node
			for _, x := range u.nodes {
				if x != nil && (x.ID != "" || len(x.Children) > 0) {
					x.Array = u.array
					add = append(add, x)
				}
			}
			kids = slices.Insert(kids, u.at-base+shift, add...)
			shift += len(add)
			continue
		}
		run := kids[s:e]
		if len(run) != len(u.nodes) {
			return nil, p.errorf(u.off, "%q has %d entries but %q has %d", "_"+u.name, len(u.nodes), u.name, len(run))
		}
		for i, x := range u.nodes {
			if x == nil {
				continue
			}
			t := run[i]
			if !t.Kind.IsPrimitive() {
				return nil, p.errorf(u.off, "%q is given for an element that is not a primitive", "_"+u.name)
			}
			t.ID, t.Children = x.ID, x.Children
		}
	}
	return kids, nil
}

// dropPlaceholders removes the nodes of null array entries that received
// no id or extensions from a "_name" array: they carry nothing.
func dropPlaceholders(kids []*Node) []*Node {
	out := kids[:0]
	for _, k := range kids {
		if k.Kind != KindAbsent || k.ID != "" || len(k.Children) > 0 {
			out = append(out, k)
		}
	}
	return out
}

// takeElementID moves a plain string "id" member of a non-resource object
// into n.ID, where the XML form keeps it as an attribute.
func takeElementID(n *Node, kids []*Node) []*Node {
	for i, k := range kids {
		if k.Name == "id" {
			if k.Kind == KindString && !k.Array && len(k.Children) == 0 && k.ID == "" {
				n.ID = k.Value
				return append(kids[:i], kids[i+1:]...)
			}
			break
		}
	}
	return kids
}
