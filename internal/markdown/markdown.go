// Package markdown owns the one way ketentest turns user-written Markdown
// (finding descriptions, communication templates, news items) into HTML:
// GitHub-flavoured Markdown with raw HTML dropped and the result sanitised,
// so it is safe to embed in a page or an e-mail. RenderMail is the variant
// for HTML e-mail, where images become links (an image loaded from another
// server tells that server who opened the mail, and when).
package markdown

import (
	"bytes"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

var (
	md     = goldmark.New(goldmark.WithExtensions(extension.GFM)) // raw HTML is omitted (no WithUnsafe)
	mailMD = goldmark.New(goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(imagesToLinks{}, 0))))
	policy = bluemonday.UGCPolicy()
	// mailPolicy is policy without images, should one ever get through.
	mailPolicy = func() *bluemonday.Policy {
		p := bluemonday.UGCPolicy()
		p.SkipElementsContent("img")
		return p
	}()
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

// RenderMail is Render for the HTML part of an e-mail: every image becomes
// a link to it with its alternative text (so no mail client fetches an
// external image when the mail is opened), and no <img> survives.
func RenderMail(src string) template.HTML {
	var buf bytes.Buffer
	if err := mailMD.Convert([]byte(src), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(mailPolicy.SanitizeBytes(buf.Bytes())) //nolint:gosec // sanitised above
}

// imagesToLinks replaces each image of the document by a link with the
// image's destination, title and alternative text.
type imagesToLinks struct{}

func (imagesToLinks) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var images []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering {
			images = append(images, img)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		parent := img.Parent()
		if insideLink(img) {
			// [![alt](image)](target): the outer link stays, the image becomes its text.
			for c := img.FirstChild(); c != nil; {
				next := c.NextSibling()
				parent.InsertBefore(parent, img, c)
				c = next
			}
			parent.RemoveChild(parent, img)
			continue
		}
		link := ast.NewLink()
		link.Destination, link.Title = img.Destination, img.Title
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c)
			c = next
		}
		if link.ChildCount() == 0 {
			link.AppendChild(link, ast.NewString(img.Destination))
		}
		parent.ReplaceChild(parent, img, link)
	}
}

func insideLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if _, ok := p.(*ast.Link); ok {
			return true
		}
	}
	return false
}
