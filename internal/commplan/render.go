package commplan

import (
	"fmt"
	"html/template"
	"net/url"
	"strings"

	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/markdown"
)

// MergeFields are the merge fields a message template may use, written
// {{naam}}: the recipient's name and organisation, the hackathon's name,
// days, kick-off and location, and the template's link.
var MergeFields = []string{"naam", "organisatie", "hackathon", "datum", "kickoff", "locatie", "link"}

// momentFields are the extra merge fields of a moment whose message a
// ketentest action sends: the account invitation also knows the address
// to log in with and how many days its set-password link ({{link}}) works.
var momentFields = map[string][]string{
	MomentAccountInvitation: {"email", "geldig_dagen"},
	MomentSnelcheckResult:   {"status", "open_punten"},
	MomentFeedback:          {"dag", "bevindingen", "resultaten", "acties"},
}

// MomentFeedback is the feedback after a test day (6B): the test day
// (internal/testday) sends it per participating organisation with its own
// {{bevindingen}}, {{resultaten}} and {{acties}} of day {{dag}}; a generic
// send cannot.
const MomentFeedback = "feedback"

// MomentSnelcheckResult is the personal snelcheck result (5B): the
// snelcheck (internal/testday) sends it per participant with the
// recipient's {{status}} and {{open_punten}}; a generic send cannot.
const MomentSnelcheckResult = "snelcheck_result"

// MomentSamples returns the preview values of a moment's own merge fields
// in lang (none for most moments).
func MomentSamples(moment, lang string) map[string]string { return momentSamples[moment][lang] }

// momentSamples are the preview values of a moment's own merge fields.
var momentSamples = map[string]map[string]map[string]string{
	MomentSnelcheckResult: {
		"nl": {"status": "geslaagd (go)", "open_punten": "- geen"},
		"en": {"status": "passed (go)", "open_punten": "- none"},
	},
	MomentFeedback: {
		"nl": {"dag": "1", "bevindingen": "1 bevinding (status: nieuw 1; ernst: hoog 1)\n\n- #3 Patiënt niet gevonden (nieuw, hoog)", "resultaten": "4 stappen geslaagd, 1 gefaald, 0 overig", "acties": "- #3 Patiënt niet gevonden (nieuw, hoog)"},
		"en": {"dag": "1", "bevindingen": "1 finding (status: nieuw 1; severity: hoog 1)\n\n- #3 Patient not found (nieuw, hoog)", "resultaten": "4 steps passed, 1 failed, 0 other", "acties": "- #3 Patient not found (nieuw, hoog)"},
	},
}

// MomentMergeFields lists the merge fields a template of the moment may use.
func MomentMergeFields(moment string) []string {
	return append(append([]string{}, MergeFields...), momentFields[moment]...)
}

// Formats of a template body.
const (
	FormatMarkdown = "markdown"
	FormatText     = "text"
)

// Recipient is one person a message goes to.
type Recipient struct {
	Name         string `json:"name"`
	Email        string `json:"email"`
	Organisation string `json:"organisation"`
	Language     string `json:"language"`
}

// SampleRecipient is who a preview is addressed to.
var SampleRecipient = Recipient{Name: "Anne de Vries", Email: "anne.devries@example.org", Organisation: "Zorggroep Voorbeeld", Language: "nl"}

// Rendered is a message merged for one recipient: the subject, the plain
// text part and the sanitised HTML part.
type Rendered struct {
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html"`
	// Fragment is the HTML part's body without the document around it,
	// for showing a preview inside a page.
	Fragment string `json:"-"`
}

// Fields are the merge values for a recipient of a hackathon message in
// lang; link is the template's link (already checked to be http(s)).
func Fields(h *hackathon.Hackathon, rc Recipient, lang, link string) map[string]string {
	days := make([]string, len(h.Days))
	for i, d := range h.Days {
		days[i] = LongDate(lang, d)
	}
	dash := func(s string) string {
		if strings.TrimSpace(s) == "" {
			return "–"
		}
		return s
	}
	return map[string]string{
		"naam": rc.Name, "organisatie": rc.Organisation, "hackathon": h.Name,
		"datum": dash(strings.Join(days, ", ")), "kickoff": dash(LongDate(lang, h.Kickoff)),
		"locatie": dash(h.Location), "link": link,
	}
}

var (
	monthsNL = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}
	monthsEN = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// LongDate writes a date in full ("10 februari 2027", "10 February 2027").
func LongDate(lang string, d date.Date) string {
	if d.IsZero() {
		return ""
	}
	t := d.Time()
	months := monthsNL
	if lang == "en" {
		months = monthsEN
	}
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// Render merges the template for one set of merge values. The text part
// takes the values as they are; in the HTML part the values are escaped
// (Markdown punctuation, or HTML for plain text) before rendering, and the
// Markdown result is sanitised, so neither a template nor a recipient's
// name can put markup or script into a message.
func Render(t Template, fields map[string]string) (Rendered, error) {
	subject, text, err := comms.Template{Subject: t.Subject, Body: t.Body}.Merge(fields)
	if err != nil {
		return Rendered{}, err
	}
	out := Rendered{Subject: subject, Text: text}
	if t.Format == FormatText {
		out.Fragment = paragraphs(text)
		out.HTML = htmlDocument(subject, template.HTML(out.Fragment)) //nolint:gosec // escaped in paragraphs
		return out, nil
	}
	escaped := make(map[string]string, len(fields))
	for k, v := range fields {
		if k == "link" {
			escaped[k] = v
			continue
		}
		escaped[k] = escapeMarkdown(v)
	}
	_, md, err := comms.Template{Body: t.Body}.Merge(escaped)
	if err != nil {
		return Rendered{}, err
	}
	frag := markdown.RenderMail(md) // the HTML part of a mail: images become links
	out.Fragment, out.HTML = string(frag), htmlDocument(subject, frag)
	return out, nil
}

// paragraphs escapes plain text and keeps its paragraphs and line breaks.
func paragraphs(text string) string {
	var b strings.Builder
	for _, p := range strings.Split(strings.ReplaceAll(strings.TrimSpace(text), "\r\n", "\n"), "\n\n") {
		if strings.TrimSpace(p) == "" {
			continue
		}
		lines := strings.Split(strings.TrimSpace(p), "\n")
		for i, l := range lines {
			lines[i] = template.HTMLEscapeString(l)
		}
		b.WriteString("<p>" + strings.Join(lines, "<br>\n") + "</p>\n")
	}
	return b.String()
}

// escapeMarkdown backslash-escapes ASCII punctuation and flattens line
// breaks, so a merged value is literal text in Markdown.
func escapeMarkdown(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for _, c := range s {
		if c < 128 && strings.ContainsRune("\\`*_{}[]()<>#+-.!|~&\"'=:$%@^;,?/", c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

var mailPage = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #1b1f24;">
{{.Body}}</body></html>
`))

func htmlDocument(title string, body template.HTML) string {
	var b strings.Builder
	mailPage.Execute(&b, struct {
		Title string
		Body  template.HTML
	}{title, body})
	return b.String()
}

// checkLink accepts an empty link or an absolute http(s) URL.
func checkLink(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(s, " \t\r\n") {
		return "", false
	}
	return u.String(), true
}
