package fhir

// Resource is a parsed FHIR resource: the root of its element tree and the
// FHIR version it was read as.
type Resource struct {
	Root    *Node
	Version Version
}

// NewResource returns an empty resource of type typ.
func NewResource(v Version, typ string) *Resource {
	return &Resource{Root: &Node{Name: typ, Resource: typ}, Version: v}
}

// Type returns the resource type, e.g. "Observation".
func (r *Resource) Type() string { return r.Root.Resource }

// ID returns the logical id, or "".
func (r *Resource) ID() string {
	if id := r.Root.Child("id"); id != nil {
		return id.Value
	}
	return ""
}

// SetID sets (or replaces) the logical id.
func (r *Resource) SetID(id string) {
	if n := r.Root.Child("id"); n != nil {
		n.Kind, n.Value = KindString, id
		return
	}
	r.Root.Children = append([]*Node{NewString("id", id)}, r.Root.Children...)
}

// Get returns the nodes at path, e.g. "category.coding" or
// "Observation.subject.reference"; see Node.Get.
func (r *Resource) Get(path string) []*Node { return r.Root.Get(path) }

// String returns the value of the first node at path, or "".
func (r *Resource) String(path string) string { return r.Root.String(path) }

// Contained returns the contained resources.
func (r *Resource) Contained() []*Resource {
	var out []*Resource
	for _, c := range r.Root.ChildrenNamed("contained") {
		if c.IsResource() {
			out = append(out, &Resource{Root: c, Version: r.Version})
		}
	}
	return out
}

// Profiles returns the meta.profile canonical URLs.
func (r *Resource) Profiles() []string { return values(r.Root.Get("meta.profile")) }

func values(nodes []*Node) []string {
	var out []string
	for _, n := range nodes {
		if n.Kind.HasValue() {
			out = append(out, n.Value)
		}
	}
	return out
}
