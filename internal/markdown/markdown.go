// Package markdown owns the one way ketentest turns user-written Markdown
// (finding descriptions, communication templates, news items) into HTML:
// GitHub-flavoured Markdown with raw HTML dropped and the result sanitised,
// so it is safe to embed in a page or an e-mail.
package markdown

import (
	"bytes"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	md     = goldmark.New(goldmark.WithExtensions(extension.GFM)) // raw HTML is omitted (no WithUnsafe)
	policy = bluemonday.UGCPolicy()
)

// Render renders user Markdown to HTML that is safe to embed: raw HTML is
// dropped by goldmark and the result is sanitised by bluemonday, so
// scripts, event handlers and javascript: links come out inert.
func Render(src string) template.HTML {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(policy.SanitizeBytes(buf.Bytes())) //nolint:gosec // sanitised above
}

// Sanitize makes HTML that is meant to be safe (the HTML part of a stored
// e-mail) safe to embed again, with the same policy as Render: whatever
// the database holds, scripts, event handlers and javascript: links come
// out inert.
func Sanitize(html string) template.HTML {
	return template.HTML(policy.Sanitize(html)) //nolint:gosec // sanitised here
}
