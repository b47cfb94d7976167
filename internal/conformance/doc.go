// Package conformance owns the FHIR definitions a validator works with:
// it loads conformance resources (StructureDefinition, ValueSet,
// CodeSystem and every other resource with a canonical url) from FHIR NPM
// packages (a package.tgz, an unpacked package folder, a folder in the
// standard cache ~/.fhir/packages/<id>#<version>/package), from plain
// folders of XML or JSON files and from Bundles, indexes them by canonical
// URL and version, and generates snapshots from differentials
// ([Set.Snapshot]).
//
// Loading never panics on bad input: a path that is neither a file, a
// folder nor a package, a .tgz that holds no package/package.json, a file
// larger than [MaxFileSize] or a file that is not FHIR gives an error (or,
// inside a folder, a [Problem]) naming the file and, for syntax errors, the
// line and column.
package conformance
