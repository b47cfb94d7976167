// Package fhir owns the generic, lossless representation of FHIR resources
// for STU3 (3.0.1) and R4 (4.0.1): parsing and serialising them as JSON and
// XML in both directions, detecting the FHIR version, and the accessors a
// FHIR server needs (paths, references, codings, Bundle entries,
// OperationOutcome).
//
// # Model
//
// A resource is a tree of [Node] values rather than generated per-resource
// structs, so that a validator, a FHIRPath engine or a server can walk any
// resource the same way. A Node is a FHIR element: it has a name, an
// optional primitive value kept exactly as written in the source (with its
// JSON kind: string, number or boolean), an optional element id, and its
// children in order (repeating elements are consecutive siblings of the same
// name). Extensions on primitives are children of the primitive node. A node
// that holds a resource (the root, contained, Bundle.entry.resource,
// Parameters.parameter.resource, ...) records the resource type in
// Node.Resource. The narrative div is kept as a raw XHTML string.
//
// # JSON and XML
//
// The FHIR mapping rules are applied in both directions: in XML primitive
// values are value attributes, element ids and extension urls are
// attributes, and resources inside elements are wrapped in an element named
// after the resource type; in JSON the id and extensions of a primitive are
// carried by the "_name" property, with parallel arrays padded by null.
//
// To turn XML into JSON the package needs type information: which elements
// repeat (JSON arrays) and which primitives are numbers or booleans. That
// comes from compact tables generated from the official definitions by
// internal/gen (zz_generated_types.go; STU3 resources from the XSDs, STU3
// datatypes and all of R4 from the StructureDefinitions). Elements the
// tables do not know are kept losslessly: they become JSON strings, and
// arrays only when they repeat.
//
// Known limits, by design:
//   - XML comments and processing instructions are not content in FHIR and
//     are dropped; so are the XML declaration, namespace declarations and
//     xsi:schemaLocation.
//   - When writing XML the children are written in the order of the tree.
//     For a tree read from XML that is the source order; for a tree read from
//     JSON it is the JSON property order, which is the definition order for
//     JSON written by conformant tools (as the spec examples are). Elements
//     are not re-sorted.
//   - Nesting deeper than [DefaultMaxDepth] (100) objects, arrays or elements
//     is rejected with a *SyntaxError, to bound stack use on hostile input.
//   - Input must be UTF-8; XML may not contain a DTD.
//
// The FHIR version is detected from the resource type (types that exist in
// only one release), otherwise from which release's definitions fit the
// element names better, then from Nictiz profile URLs and fhirVersion
// elements; a caller that knows better passes ParseOptions.Version.
package fhir

//go:generate go run ./internal/gen -shared ../../../shared/fhir -o zz_generated_types.go
