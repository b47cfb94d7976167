package fhir

// annotate sets, from the definitions in s, the Array flag and the
// primitive kind of the nodes below n (of type typ), as XML does not carry
// them: a decimal becomes KindNumber when its text is a JSON number, a
// boolean KindBool when it is "true" or "false", and a primitive element
// without value attribute KindAbsent. Unknown elements are left as they
// are (a JSON string, an array only if repeated).
func annotate(s *schema, n *Node, typ string) {
	t := s.types[typ]
	for _, c := range n.Children {
		var e *ElementInfo
		if t != nil {
			e = t.byName[c.Name]
		}
		if e == nil {
			if c.Resource != "" {
				annotate(s, c, c.Resource)
			} else if len(c.Children) > 0 {
				annotate(s, c, "")
			}
			continue
		}
		c.Array = e.Many
		if c.Resource != "" {
			annotate(s, c, c.Resource)
			continue
		}
		ct := s.types[e.Type]
		if ct != nil && ct.primitive() && c.Kind != KindXHTML {
			setPrimitiveKind(c, ct.kind)
		}
		if len(c.Children) > 0 {
			annotate(s, c, e.Type)
		}
	}
}

func setPrimitiveKind(c *Node, kind byte) {
	switch {
	case c.Kind == KindComplex:
		c.Kind = KindAbsent
	case c.Kind != KindString:
	case kind == 'n' && isJSONNumber(c.Value):
		c.Kind = KindNumber
	case kind == 'b' && (c.Value == "true" || c.Value == "false"):
		c.Kind = KindBool
	}
}

// demoteResourceTypes turns nodes that the JSON parser took for resources,
// because they have a string member "resourceType", back into elements
// where the definitions say the element is not a resource but has an
// element called resourceType (R4 ExampleScenario.instance).
func demoteResourceTypes(s *schema, n *Node, typ string) {
	t := s.types[typ]
	for _, c := range n.Children {
		ctyp := ""
		if t != nil {
			if e := t.byName[c.Name]; e != nil {
				ctyp = e.Type
			}
		}
		if c.Resource != "" {
			if s.lookup(ctyp, "resourceType") != nil {
				kids := append([]*Node{NewString("resourceType", c.Resource)}, c.Children...)
				c.Resource = ""
				c.Children = takeElementID(c, kids)
			} else {
				ctyp = c.Resource
			}
		}
		if len(c.Children) > 0 {
			demoteResourceTypes(s, c, ctyp)
		}
	}
}
