package fhir

import "strconv"

// Entry is one Bundle entry.
type Entry struct {
	FullURL    string
	Resource   *Resource // nil when the entry has no resource
	SearchMode string    // search.mode: "match", "include" or "outcome"
	Node       *Node     // the entry element itself
}

// Entries returns the entries of a Bundle (nil for other resources).
func (r *Resource) Entries() []Entry {
	if r.Type() != "Bundle" {
		return nil
	}
	var out []Entry
	for _, e := range r.Root.ChildrenNamed("entry") {
		en := Entry{FullURL: e.String("fullUrl"), SearchMode: e.String("search.mode"), Node: e}
		if res := e.Child("resource"); res != nil && res.IsResource() {
			en.Resource = &Resource{Root: res, Version: r.Version}
		}
		out = append(out, en)
	}
	return out
}

// BundleLink is a Bundle.link.
type BundleLink struct {
	Relation, URL string
}

// NewSearchSet builds a searchset Bundle with the given total, links (e.g.
// {"self", url}) and entries; each entry needs Resource and normally
// FullURL, and SearchMode defaults to "match". The resources' trees are
// shared, not copied.
func NewSearchSet(v Version, total int, links []BundleLink, entries []Entry) *Resource {
	b := NewResource(v, "Bundle")
	b.Root.Append(
		NewString("type", "searchset"),
		NewNumber("total", strconv.Itoa(total)),
	)
	for _, l := range links {
		b.Root.Append(NewElement("link",
			NewString("relation", l.Relation),
			NewString("url", l.URL),
		).InArray())
	}
	for _, e := range entries {
		en := NewElement("entry").InArray()
		if e.FullURL != "" {
			en.Append(NewString("fullUrl", e.FullURL))
		}
		if e.Resource != nil {
			res := *e.Resource.Root // shallow copy, renamed
			res.Name, res.Array = "resource", false
			en.Append(&res)
		}
		mode := e.SearchMode
		if mode == "" {
			mode = "match"
		}
		en.Append(NewElement("search", NewString("mode", mode)))
		b.Root.Append(en)
	}
	return b
}
