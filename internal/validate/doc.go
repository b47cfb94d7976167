// Package validate owns FHIR instance validation: it checks a parsed
// resource (package fhir) against the StructureDefinitions of a
// conformance.Set — the core definition of its type, its meta.profile and
// profiles a caller names — and reports [Issue]s with FHIRPath locations
// and messages in Dutch and English, as an OperationOutcome when asked.
//
// Checked: unknown elements, cardinality (also per slice), primitive
// formats, fixed and pattern values, bindings (required → error,
// extensible → warning, preferred → information) against ValueSets
// expanded from the loaded CodeSystems (codes of systems that are not
// loaded, such as SNOMED CT or LOINC, are accepted unless the ValueSet
// enumerates them), slicing with value (also by a required binding),
// pattern, type, profile and exists discriminators, extensions (known url, value type through the
// extension's definition), invariants (constraint.expression through
// package fhirpath; see [brokenInvariants]), references (the target type
// from targetProfile, contained targets, resolution inside a Bundle as
// information; in document and message Bundles by the fullUrl rules, as
// errors, with every entry reachable from the Composition), contained
// resources and every Bundle entry. Natively (see checks.go): the
// narrative (txt-1, txt-2), extension urls (present, absolute, without
// version) and contexts that name resource elements, Bundle fullUrls,
// Attachment.size, and for JSON input the array shape of each element.
//
// Entry points: [Validator.ValidateResource] (source text in, issues with
// line:column out; the signature is stable and is what the CLI, $validate,
// the web page, the PGO client and the TestScript engine use) and
// [Validator.Validate] for an already parsed resource.
//
// HL7's validator suite: TestHL7ValidatorSuite compares the error count
// with the Java reference validator on the R4 cases that need no package,
// profile, terminology server or non-default option.
//
// Not (yet) checked: references to servers outside the Bundle, extension
// contexts on datatypes, ValueSet filters (codes of a filtered system are accepted), profiles on
// STU3 resources (their core StructureDefinitions are not available, so
// their snapshots cannot be generated; STU3 resources are checked against
// the built-in type tables of package fhir instead: unknown elements,
// repeats, primitive formats, empty elements, extensions).
//
// STU3: the structure of every STU3 resource is derived from the official
// XSDs (../shared/fhir/packages/hl7.fhir.r3.core-partial/schema) by
// internal/fhir/internal/gen into package fhir's type tables (element
// names, types, repeats, choice types); STU3 datatypes come from their
// StructureDefinitions. Profiles on STU3 resources (zib2017) are not yet
// applied: that needs base resource StructureDefinitions, which could be
// synthesised from those tables (paths, types, max; min from the XSDs'
// minOccurs, which the tables do not keep yet) so that the zib2017
// differentials can be snapshotted against them.
//
// Performance: about 500–600 resources/s on the zib2020 examples with
// their nl-core profiles on this 2-core machine (BenchmarkValidateZib2020,
// bench/validate-medplum); most time goes to walking the snapshots
// (element matching by name) and FHIRPath invariants.
//
// [Locate] adds line and column to issues when the source text is at hand
// (JSON or XML); the OperationOutcome then carries them in
// issue.location next to the FHIRPath in issue.expression.
package validate
