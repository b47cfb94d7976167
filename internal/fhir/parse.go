package fhir

// Format is a FHIR serialisation format.
type Format uint8

// The formats.
const (
	FormatUnknown Format = iota
	FormatJSON
	FormatXML
)

// DetectFormat looks at the first significant byte: '{' is JSON, '<' XML.
func DetectFormat(data []byte) Format {
	for _, c := range data[bomLen(data):] {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{':
			return FormatJSON
		case '<':
			return FormatXML
		}
		break
	}
	return FormatUnknown
}

// ParseOptions configures parsing. The zero value detects the version and
// uses DefaultMaxDepth.
type ParseOptions struct {
	// Version, when not Unknown, is used instead of detecting the version.
	Version Version
	// MaxDepth limits nesting; 0 means DefaultMaxDepth.
	MaxDepth int
}

// Parse reads a resource in JSON or XML, detecting which.
func Parse(data []byte) (*Resource, error) { return ParseOptions{}.Parse(data) }

// ParseJSON reads a resource in FHIR JSON.
func ParseJSON(data []byte) (*Resource, error) { return ParseOptions{}.ParseJSON(data) }

// ParseXML reads a resource in FHIR XML.
func ParseXML(data []byte) (*Resource, error) { return ParseOptions{}.ParseXML(data) }

// Parse reads a resource in JSON or XML, detecting which.
func (o ParseOptions) Parse(data []byte) (*Resource, error) {
	switch DetectFormat(data) {
	case FormatJSON:
		return o.ParseJSON(data)
	case FormatXML:
		return o.ParseXML(data)
	}
	i := bomLen(data)
	for i < len(data) && isXMLSpace(data[i]) {
		i++
	}
	return nil, newSyntaxError("", data, i, "input is neither FHIR JSON nor FHIR XML")
}

// ParseJSON reads a resource in FHIR JSON.
func (o ParseOptions) ParseJSON(data []byte) (*Resource, error) {
	root, nested, err := parseJSON(data, o.maxDepth())
	if err != nil {
		return nil, err
	}
	v := o.Version
	if v == Unknown {
		v = detectVersion(root, true)
	}
	if nested {
		demoteResourceTypes(schemaFor(v), root, root.Resource)
	}
	return &Resource{Root: root, Version: v}, nil
}

// ParseXML reads a resource in FHIR XML. Array and primitive kinds (number,
// boolean) are taken from the definitions of the detected version.
func (o ParseOptions) ParseXML(data []byte) (*Resource, error) {
	root, err := parseXML(data, o.maxDepth())
	if err != nil {
		return nil, err
	}
	v := o.Version
	if v == Unknown {
		v = detectVersion(root, false)
	}
	annotate(schemaFor(v), root, root.Resource)
	return &Resource{Root: root, Version: v}, nil
}

func (o ParseOptions) maxDepth() int {
	if o.MaxDepth > 0 {
		return o.MaxDepth
	}
	return DefaultMaxDepth
}
