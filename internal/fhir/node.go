package fhir

// Kind says what a Node holds.
type Kind uint8

// Node kinds. Every kind except KindComplex is a primitive.
const (
	KindComplex Kind = iota // a complex element or a resource: children only
	KindString              // primitive written as a JSON string
	KindNumber              // primitive written as a JSON number (decimal, integer, ...)
	KindBool                // primitive written as a JSON boolean
	KindXHTML               // the narrative div, raw XHTML
	KindAbsent              // primitive without a value (only an id and/or extensions)
)

// IsPrimitive reports whether k is a primitive kind.
func (k Kind) IsPrimitive() bool { return k != KindComplex }

// HasValue reports whether a node of kind k carries a value.
func (k Kind) HasValue() bool { return k >= KindString && k <= KindXHTML }

// Node is one FHIR element, or a resource.
//
// Repeating elements are consecutive siblings with the same Name and Array
// set. A primitive keeps its Value exactly as in the source (numbers as
// written, booleans as "true"/"false"); its extensions are children named
// "extension". An extension's url is a child primitive named "url".
// For a resource node Resource is the resource type and the resource's
// elements (including its "id" element) are the children; Name is the
// element that holds it ("contained", "resource", ...), or the resource
// type for the root.
type Node struct {
	Name     string
	Resource string // resource type when this node is a resource
	Kind     Kind
	Value    string // the primitive value when Kind.HasValue()
	ID       string // element id (never set on resource nodes)
	Array    bool   // the element is (part of) a JSON array
	Children []*Node
}

// IsResource reports whether n holds a resource.
func (n *Node) IsResource() bool { return n.Resource != "" }

// Child returns the first child called name, or nil.
func (n *Node) Child(name string) *Node {
	if n == nil {
		return nil
	}
	for _, c := range n.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// ChildrenNamed returns the children called name, in order.
func (n *Node) ChildrenNamed(name string) []*Node {
	if n == nil {
		return nil
	}
	var out []*Node
	for _, c := range n.Children {
		if c.Name == name {
			out = append(out, c)
		}
	}
	return out
}

// Append adds children to n and returns n.
func (n *Node) Append(children ...*Node) *Node {
	n.Children = append(n.Children, children...)
	return n
}

// Clone returns a deep copy of n.
func (n *Node) Clone() *Node {
	c := *n
	if n.Children != nil {
		c.Children = make([]*Node, len(n.Children))
		for i, k := range n.Children {
			c.Children[i] = k.Clone()
		}
	}
	return &c
}

// Equal reports whether n and m are the same tree: same names, resource
// types, kinds, values, ids and children (Array flags are not compared).
func (n *Node) Equal(m *Node) bool {
	if n == nil || m == nil {
		return n == m
	}
	if n.Name != m.Name || n.Resource != m.Resource || n.Kind != m.Kind ||
		n.Value != m.Value || n.ID != m.ID || len(n.Children) != len(m.Children) {
		return false
	}
	for i, c := range n.Children {
		if !c.Equal(m.Children[i]) {
			return false
		}
	}
	return true
}

// NewElement returns a complex element with the given children.
func NewElement(name string, children ...*Node) *Node {
	return &Node{Name: name, Children: children}
}

// NewString returns a string primitive (code, uri, dateTime, ...).
func NewString(name, value string) *Node {
	return &Node{Name: name, Kind: KindString, Value: value}
}

// NewNumber returns a number primitive; text must be a JSON number.
func NewNumber(name, text string) *Node {
	return &Node{Name: name, Kind: KindNumber, Value: text}
}

// NewBool returns a boolean primitive.
func NewBool(name string, b bool) *Node {
	v := "false"
	if b {
		v = "true"
	}
	return &Node{Name: name, Kind: KindBool, Value: v}
}

// InArray marks n as an element of a repeating element and returns it.
func (n *Node) InArray() *Node {
	n.Array = true
	return n
}

// nodeArena hands out Nodes and child slices from larger blocks, which
// makes parsing much cheaper than one allocation per node.
type nodeArena struct {
	nodes []Node
	ptrs  []*Node
}

func (a *nodeArena) node() *Node {
	if len(a.nodes) == cap(a.nodes) {
		a.nodes = make([]Node, 0, min(max(2*cap(a.nodes), 32), 1024))
	}
	a.nodes = a.nodes[:len(a.nodes)+1]
	return &a.nodes[len(a.nodes)-1]
}

// children copies kids into a slice whose capacity equals its length, so
// that later appends by users never overwrite a neighbour.
func (a *nodeArena) children(kids []*Node) []*Node {
	if len(kids) == 0 {
		return nil
	}
	if len(kids) > 256 {
		return append([]*Node(nil), kids...)
	}
	if cap(a.ptrs)-len(a.ptrs) < len(kids) {
		a.ptrs = make([]*Node, 0, max(1024, len(kids)))
	}
	start := len(a.ptrs)
	a.ptrs = append(a.ptrs, kids...)
	return a.ptrs[start:len(a.ptrs):len(a.ptrs)]
}
