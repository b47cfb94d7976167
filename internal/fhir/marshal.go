package fhir

// MarshalJSON renders r as compact FHIR JSON.
func MarshalJSON(r *Resource) ([]byte, error) { return MarshalOptions{}.JSON(r) }

// MarshalXML renders r as compact FHIR XML.
func MarshalXML(r *Resource) ([]byte, error) { return MarshalOptions{}.XML(r) }

// MarshalJSON implements json.Marshaler with FHIR JSON.
func (r *Resource) MarshalJSON() ([]byte, error) { return MarshalJSON(r) }

// MarshalOptions configures serialisation.
type MarshalOptions struct {
	// Indent, when not empty, puts each element on its own line, indented by
	// Indent per level.
	Indent string
	// XMLDeclaration starts XML output with <?xml version="1.0" encoding="UTF-8"?>.
	XMLDeclaration bool
}

// JSON renders r as FHIR JSON.
func (o MarshalOptions) JSON(r *Resource) ([]byte, error) {
	w := jsonWriter{indent: o.Indent, buf: make([]byte, 0, 4096)}
	if r == nil || r.Root == nil || r.Root.Resource == "" {
		w.fail("not a resource")
		return nil, w.err
	}
	w.object(r.Root)
	if o.Indent != "" {
		w.buf = append(w.buf, '\n')
	}
	return w.buf, w.err
}

// XML renders r as FHIR XML. It fails for content XML cannot carry, such as
// control characters, or a narrative div that is not well-formed XHTML.
func (o MarshalOptions) XML(r *Resource) ([]byte, error) {
	w := xmlWriter{indent: o.Indent, buf: make([]byte, 0, 4096)}
	if r == nil || r.Root == nil || r.Root.Resource == "" {
		w.fail("not a resource")
		return nil, w.err
	}
	if o.XMLDeclaration {
		w.buf = append(w.buf, `<?xml version="1.0" encoding="UTF-8"?>`...)
		if o.Indent != "" {
			w.buf = append(w.buf, '\n')
		}
	}
	w.resource(r.Root, true)
	if o.Indent != "" {
		w.buf = append(w.buf, '\n')
	}
	return w.buf, w.err
}
