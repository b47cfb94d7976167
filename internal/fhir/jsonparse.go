package fhir

import (
	"slices"
	"unicode/utf8"
)

// jsonParser builds a Node tree from FHIR JSON in one pass.
type jsonParser struct {
	jsonLexer
	maxDepth  int
	depth     int
	names     map[string]string
	arena     nodeArena
	kids      []*Node      // children of the open objects, innermost last
	keys      []string     // property names of the open objects
	unders    []underscore // "_name" properties of the open objects
	resources int          // objects with a string resourceType
	nulls     bool         // a null array entry was read
}

// underscore is a "_name" property waiting to be merged into "name".
type underscore struct {
	name  string
	at    int     // len(p.kids) when it was read
	nodes []*Node // one per entry, nil for null
	array bool
	off   int
}

// parseJSON parses a resource; nested reports whether it contains objects
// with a string resourceType below the root.
func parseJSON(data []byte, maxDepth int) (root *Node, nested bool, err error) {
	if !utf8.Valid(data) {
		return nil, false, newSyntaxError("json", data, invalidUTF8(data), "invalid UTF-8")
	}
	p := &jsonParser{jsonLexer: jsonLexer{data: data}, maxDepth: maxDepth, names: internNames()}
	p.pos = bomLen(data)
	start := p.pos
	if err := p.expect('{', "'{'"); err != nil {
		return nil, false, err
	}
	root = p.arena.node()
	if err := p.object(root, false); err != nil {
		return nil, false, err
	}
	if p.ws() != 0 {
		return nil, false, p.errorf(p.pos, "unexpected data after the resource")
	}
	if root.Resource == "" {
		return nil, false, p.errorf(start, "missing resourceType")
	}
	root.Name = root.Resource
	return root, p.resources > 1, nil
}

func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func bomLen(b []byte) int {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return 3
	}
	return 0
}

// enter counts one more level of nesting; the '{' or '[' was just read.
func (p *jsonParser) enter() error {
	p.depth++
	if p.depth > p.maxDepth {
		return p.errorf(p.pos-1, "nesting deeper than %d levels", p.maxDepth)
	}
	return nil
}

// object reads the members of an object whose '{' was consumed into n.
// under is set for the object of a "_name" property.
func (p *jsonParser) object(n *Node, under bool) error {
	if err := p.enter(); err != nil {
		return err
	}
	base, kbase, ubase := len(p.kids), len(p.keys), len(p.unders)
	if p.ws() == '}' {
		p.pos++
	} else {
		for {
			if err := p.member(n, under, kbase); err != nil {
				return err
			}
			c := p.ws()
			if c == ',' {
				p.pos++
				continue
			}
			if c == '}' {
				p.pos++
				break
			}
			return p.unexpected("',' or '}'")
		}
	}
	kids := p.kids[base:]
	if len(p.unders) > ubase {
		var err error
		if kids, err = p.merge(kids, p.unders[ubase:], base); err != nil {
			return err
		}
	}
	if p.nulls {
		kids = dropPlaceholders(kids)
	}
	if n.Resource == "" {
		kids = takeElementID(n, kids)
	}
	n.Children = p.arena.children(kids)
	p.kids, p.keys, p.unders = p.kids[:base], p.keys[:kbase], p.unders[:ubase]
	p.depth--
	return nil
}

// member reads one "key": value pair.
func (p *jsonParser) member(n *Node, under bool, kbase int) error {
	if p.ws() != '"' {
		return p.unexpected("a property name")
	}
	off := p.pos
	raw, escaped, err := p.rawString()
	if err != nil {
		return err
	}
	key := intern(p.names, raw)
	if escaped {
		if key, err = p.unescape(raw, off+1); err != nil {
			return err
		}
	}
	if slices.Contains(p.keys[kbase:], key) {
		return p.errorf(off, "duplicate property %q", key)
	}
	p.keys = append(p.keys, key)
	if err := p.expect(':', "':'"); err != nil {
		return err
	}
	switch {
	case key == "resourceType" && !under && p.ws() == '"':
		return p.resourceType(n)
	case key != "" && key[0] == '_':
		if !validName(key[1:]) || key == "_div" {
			return p.errorf(off, "invalid property name %q", key)
		}
		return p.underscore(key[1:], off)
	case !validName(key):
		return p.errorf(off, "invalid property name %q", key)
	}
	return p.value(key, false)
}

// resourceType reads the string value of "resourceType", which makes n a
// resource (but see demoteResourceTypes).
func (p *jsonParser) resourceType(n *Node) error {
	off := p.pos
	raw, _, err := p.rawString()
	if err != nil {
		return err
	}
	name := intern(p.names, raw)
	if !IsResourceType(Unknown, name) {
		return newResourceTypeError(p.data, off, name)
	}
	n.Resource = name
	p.resources++
	return nil
}
