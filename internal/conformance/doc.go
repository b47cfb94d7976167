// Package conformance owns the FHIR definitions a validator works with:
// it loads conformance resources (StructureDefinition, ValueSet,
// CodeSystem and every other resource with a canonical url) from FHIR NPM
// packages (a package.tgz, an unpacked package folder, a folder in the
// standard cache ~/.fhir/packages/<id>#<version>/package), from plain
// folders of XML or JSON files and from Bundles, indexes them by canonical
// URL and version, and generates snapshots from differentials
// ([Set.Snapshot]).
//
// [LoadCached] keeps parsed packages and generated snapshots in one cache
// file per combination of paths (under [DefaultCacheDir] or a given
// folder) and parses a resource only on first use, so a warm start with
// R4 core plus nl-core takes about 0.1 s instead of about 1 s and 1.5 s
// of snapshot generation (BenchmarkLoadCachedWarm, BenchmarkLoadUncached).
//
// Loading never panics on bad input: a path that is neither a file, a
// folder nor a package, a .tgz that holds no package/package.json, a file
// larger than [MaxFileSize] or a file that is not FHIR gives an error (or,
// inside a folder, a [Problem]) naming the file and, for syntax errors, the
// line and column.
package conformance
