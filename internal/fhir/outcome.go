package fhir

import "strings"

// OperationOutcome builds an OperationOutcome with one issue, e.g.
// OperationOutcome("error", "structure", "unexpected end of input").
// severity is fatal, error, warning or information; code is an
// issue-type code. The result has the same shape in STU3 and R4.
func OperationOutcome(severity, code, diagnostics string) *Resource {
	issue := NewElement("issue",
		NewString("severity", severity),
		NewString("code", code),
	).InArray()
	if diagnostics != "" {
		issue.Append(NewString("diagnostics", diagnostics))
	}
	div := `<div xmlns="http://www.w3.org/1999/xhtml"><p>` + xmlEscaper.Replace(severity+": "+diagnostics) + `</p></div>`
	root := &Node{Name: "OperationOutcome", Resource: "OperationOutcome", Children: []*Node{
		NewElement("text", NewString("status", "generated"), &Node{Name: "div", Kind: KindXHTML, Value: div}),
		issue,
	}}
	return &Resource{Root: root}
}

// xmlEscaper escapes text for XHTML content.
var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
