// Package testscript owns ketentest's FHIR TestScript engine: it parses
// STU3 and R4 TestScripts (XML and JSON, through package fhir), resolves
// their fixtures and variables, runs their setup, tests and teardown
// against a FHIR server (the server under test, through the SSRF guard of
// package pgoclient) and judges every assert; or, in the client direction,
// judges a PHR-Client script's operations as expectations on the requests
// the sandbox recorded from one OAuth client. Results are kept per script →
// operation → assert with the HTTP exchange behind each, and export to
// JUnit XML.
//
// # Placeholders
//
// Text of a script (operation params, url, request header values, assert
// values, variable defaults) and of fixtures may hold ${...} placeholders.
// Supported:
//   - ${name}: the variable name of the script (defaultValue, expression,
//     headerField or path on a fixture or response), or an override given in
//     [Options.Variables];
//   - ${UUID}: a new random UUID at every occurrence;
//   - ${CURRENTDATE}: today (yyyy-MM-dd, in [Options.Now]'s location);
//     ${CURRENTDATE,U,n}: today plus n units U (Y years, M months, D days,
//     W weeks);
//   - ${DATE, V, U, n}: the date held by variable V (the Nictiz scripts use
//     T, whose default is ${CURRENTDATE}; a dateTime counts by its date)
//     plus n units U (Y, M, D or W); spaces around the parts are allowed
//     and n may carry a sign. The result is a date (yyyy-MM-dd); fixtures
//     append their own time ("...T00:00:00+01:00").
//
// An unknown ${...} is left as written, so that a request shows it.
//
// # Asserts
//
// Evaluated: response, responseCode, contentType, resource, headerField,
// expression (FHIRPath, package fhirpath), compareToSourceId with
// compareToSourceExpression or compareToSourcePath, minimumId,
// navigationLinks, validateProfileId (through package validate when a
// validator is configured), requestURL, requestMethod, path (a subset of
// XPath for XML and of JSON path: /f:Bundle/f:entry/..., Bundle.entry...),
// with the operators equals, notEquals, in, notIn, greaterThan, lessThan,
// empty, notEmpty, contains, notContains and eval, and warningOnly. The
// Touchstone assert rule assert-response-queryParamsInSelfLink is built in
// (the Groovy of the Nictiz material, in Go). An assert the engine cannot
// evaluate (an unknown rule, validateProfileId without a validator, an
// unknown operator, an XPath it does not understand) is reported as
// [Unsupported], never as passed.
package testscript
