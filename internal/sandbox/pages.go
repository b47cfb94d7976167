package sandbox

import (
	"html/template"
	"log/slog"
	"net/http"

	"github.com/ketentest/ketentest/internal/dossier"
)

// pageData feeds the front-channel pages of the DVA.
type pageData struct {
	Req      *authRequest
	Patients []dossier.PatientInfo
	More     bool // the chooser leaves patients out (MaxListedPatients)
	Patient  dossier.PatientInfo
	Provider string
	Error    string
	Message  string
}

const layout = `{{define "head"}}<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ketentest sandbox-DVA</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
.note{background:#fff4cc;padding:.5rem 1rem;border-left:4px solid #c90}.err{color:#a00}
label{display:block;margin:.4rem 0}button{margin:.5rem .5rem 0 0;padding:.4rem 1rem}.en{color:#555;font-size:.9em}</style>
</head><body>
<p class="note">Testomgeving: dit is geen DigiD en er zijn geen echte gegevens. <span class="en">Test environment: not DigiD, no real data.</span></p>{{end}}
{{define "hidden"}}<input type="hidden" name="response_type" value="code">
<input type="hidden" name="client_id" value="{{.ClientID}}"><input type="hidden" name="redirect_uri" value="{{.RedirectURI}}">
<input type="hidden" name="scope" value="{{.Scope}}"><input type="hidden" name="state" value="{{.State}}">
<input type="hidden" name="MedMij-Request-ID" value="{{.RequestID}}"><input type="hidden" name="X-Correlation-ID" value="{{.CorrelationID}}">
{{with .CodeChallenge}}<input type="hidden" name="code_challenge" value="{{.}}"><input type="hidden" name="code_challenge_method" value="S256">{{end}}{{end}}`

var pageTemplates = template.Must(template.New("pages").Parse(layout + `
{{define "choose"}}{{template "head"}}
<h1>Inloggen bij {{.Provider}} <span class="en">/ Log in</span></h1>
<p><strong>{{.Req.ClientID}}</strong>{{with .Req.ClientName}} ({{.}}){{end}} vraagt toegang tot je gegevens (scope <code>{{.Req.Scope}}</code>).
<span class="en">asks for access to your data.</span></p>
{{with .Error}}<p class="err">{{.}}</p>{{end}}
<form method="post" action="authorize">{{template "hidden" .Req}}
<fieldset><legend>Kies een testpatiënt <span class="en">/ Choose a test patient</span></legend>
{{range .Patients}}<label><input type="radio" name="patient" value="{{.Key}}" required> {{.Name}} ({{.BirthDate}}{{with .Gender}}, {{.}}{{end}}) <span class="en">{{.Dossier}}</span></label>
{{else}}<p>Er zijn geen testpatiënten. <span class="en">There are no test patients.</span></p>{{end}}
{{if .More}}<p class="err">Er zijn meer testpatiënten; niet alle worden getoond. <span class="en">There are more test patients; not all are shown.</span></p>{{end}}
</fieldset>
<button type="submit">Verder <span class="en">/ Continue</span></button></form>
</body></html>{{end}}
{{define "consent"}}{{template "head"}}
<h1>Toestemming <span class="en">/ Consent</span></h1>
<p>Geef je <strong>{{.Req.ClientID}}</strong> toestemming om de gegevens van <strong>{{.Patient.Name}}</strong> op te halen (scope <code>{{.Req.Scope}}</code>)?
<span class="en">Do you allow this app to retrieve the data of this patient?</span></p>
<form method="post" action="authorize">{{template "hidden" .Req}}
<input type="hidden" name="patient" value="{{.Patient.Key}}">
<button type="submit" name="decision" value="allow">Toestaan <span class="en">/ Allow</span></button>
<button type="submit" name="decision" value="deny">Weigeren <span class="en">/ Deny</span></button></form>
</body></html>{{end}}
{{define "error"}}{{template "head"}}
<h1>Er ging iets mis <span class="en">/ Something went wrong</span></h1>
<p class="err">{{.Message}}</p>
</body></html>{{end}}`))

func (d *DVA) render(w http.ResponseWriter, name string, data pageData) {
	d.renderStatus(w, http.StatusOK, name, data)
}

func (d *DVA) renderStatus(w http.ResponseWriter, status int, name string, data pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	w.Header().Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	if err := pageTemplates.ExecuteTemplate(w, name, data); err != nil {
		slog.Error("sandbox: render", "page", name, "err", err)
	}
}

func (d *DVA) renderError(w http.ResponseWriter, status int, msg string) {
	d.renderStatus(w, status, "error", pageData{Message: msg})
}
