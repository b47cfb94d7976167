package fhir

import "strings"

// Get returns the nodes reached by a dotted path of element names below n,
// flattening repeating elements, e.g. "code.coding.system". A leading
// segment equal to n's resource type is skipped ("Observation.status").
// A segment "value[x]" matches any choice name valueQuantity, valueString...
// Resources inside elements are entered transparently:
// "entry.resource.subject" works on a Bundle.
func (n *Node) Get(path string) []*Node {
	if n == nil || path == "" {
		return nil
	}
	segs := strings.Split(path, ".")
	if n.Resource != "" && segs[0] == n.Resource {
		segs = segs[1:]
	}
	cur := []*Node{n}
	for _, seg := range segs {
		var next []*Node
		base, choice := strings.CutSuffix(seg, "[x]")
		for _, c := range cur {
			for _, k := range c.Children {
				if k.Name == seg || choice && isChoiceName(k.Name, base) {
					next = append(next, k)
				}
			}
		}
		if len(next) == 0 {
			return nil
		}
		cur = next
	}
	return cur
}

// isChoiceName reports whether name is base followed by a type name.
func isChoiceName(name, base string) bool {
	return len(name) > len(base) && strings.HasPrefix(name, base) &&
		name[len(base)] >= 'A' && name[len(base)] <= 'Z'
}

// First returns the first node at path, or nil.
func (n *Node) First(path string) *Node {
	if nodes := n.Get(path); len(nodes) > 0 {
		return nodes[0]
	}
	return nil
}

// String returns the value of the first primitive at path, or "".
func (n *Node) String(path string) string {
	for _, k := range n.Get(path) {
		if k.Kind.HasValue() {
			return k.Value
		}
	}
	return ""
}

// Strings returns the values of all primitives at path.
func (n *Node) Strings(path string) []string { return values(n.Get(path)) }

// Coding is the searchable part of a FHIR Coding.
type Coding struct {
	System, Version, Code, Display string
}

// Codings returns the codings at path, which may lead to CodeableConcepts
// (their coding elements are returned) or to Codings.
// Example: obs.Codings("category"), obs.Codings("code").
func (n *Node) Codings(path string) []Coding {
	var out []Coding
	for _, k := range n.Get(path) {
		if cs := k.ChildrenNamed("coding"); len(cs) > 0 {
			for _, c := range cs {
				out = append(out, codingOf(c))
			}
		} else if k.Child("code") != nil || k.Child("system") != nil {
			out = append(out, codingOf(k))
		}
	}
	return out
}

func codingOf(c *Node) Coding {
	return Coding{
		System:  c.String("system"),
		Version: c.String("version"),
		Code:    c.String("code"),
		Display: c.String("display"),
	}
}

// References returns the reference strings (Reference.reference) at path,
// e.g. obs.References("subject") -> ["Patient/123"].
func (n *Node) References(path string) []string {
	var out []string
	for _, k := range n.Get(path) {
		if ref := k.String("reference"); ref != "" {
			out = append(out, ref)
		}
	}
	return out
}

// Codings returns the codings at path; see Node.Codings.
func (r *Resource) Codings(path string) []Coding { return r.Root.Codings(path) }

// References returns the reference strings at path; see Node.References.
func (r *Resource) References(path string) []string { return r.Root.References(path) }
