package fhirpath

import "github.com/ketentest/ketentest/internal/fhir"

// StringValue returns a System.String item, e.g. for Env.Vars.
func StringValue(s string) Item { return stringItem(s) }

// BooleanValue returns a System.Boolean item.
func BooleanValue(b bool) Item { return boolItem(b) }

// IntegerValue returns a System.Integer item.
func IntegerValue(i int64) Item { return intItem(i) }

// NodeValue returns an item for a FHIR element or resource; fhirType is
// its type ("HumanName", "Patient.contact", "code"), or "" to take the
// resource type of a resource node.
func NodeValue(n *fhir.Node, fhirType string) Item {
	if fhirType == "" {
		fhirType = n.Resource
	}
	return Item{node: n, s: fhirType}
}
