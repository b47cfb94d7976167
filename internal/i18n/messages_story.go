package i18n

// Messages of the story walk (#11): the participant page's connection
// steps, syntax errors of uploaded FHIR files, the reference PGO's step
// labels, planning a hackathon that starts soon, and scroll hints.
func init() {
	register("nl", map[string]string{
		"sandbox.steps.intro":            "Vier stappen om je PGO-kant met de hand te proberen. Plak de shellstappen in één terminal (sh, bash of zsh; Linux of macOS), in volgorde: elke stap zet de variabelen die de volgende nodig heeft. Nodig: curl, od, tr en sed.",
		"sandbox.steps.browser":          "1. Toestemming in de browser",
		"sandbox.steps.browser_help":     "Open deze URL in je browser, kies een testpatiënt en geef toestemming. De ids (state, MedMij-Request-ID, X-Correlation-ID) zijn voor jou gemaakt toen deze pagina werd geladen.",
		"sandbox.steps.browser_open":     "Open de URL in een nieuw tabblad",
		"sandbox.steps.code_help":        "De DVA stuurt je browser daarna naar je redirect-URI met ?code=…&state=… in de adresbalk. Draait daar niets, dan geeft de browser een foutpagina; de adresbalk toont de code toch. Kopieer de waarde van code (tot de &).",
		"sandbox.steps.token":            "2. Code inwisselen voor een token",
		"sandbox.steps.token_help":       "Vervang in de tweede regel de tekst tussen de aanhalingstekens door je code en plak de stap in je terminal. De code is %d minuten geldig en maar één keer te gebruiken.",
		"sandbox.steps.code_placeholder": "PLAK-HIER-DE-CODE",
		"sandbox.steps.search":           "3. Gegevens ophalen",
		"sandbox.steps.search_help":      "Haalt de Patient met huisarts op; de laatste regel toont de HTTP-status (200 is goed).",
		"sandbox.steps.refresh":          "4. Token vernieuwen",
		"sandbox.steps.refresh_help":     "Wisselt het refresh token in voor nieuwe tokens; stap 3 werkt daarna met het nieuwe token.",
		"sandbox.steps.need_token":       "voer eerst stap 2 uit in deze terminal",
	})
	register("en", map[string]string{
		"sandbox.steps.intro":            "Four steps to try your PGO side by hand. Paste the shell steps into one terminal (sh, bash or zsh; Linux or macOS), in order: each step sets the variables the next one needs. Needed: curl, od, tr and sed.",
		"sandbox.steps.browser":          "1. Consent in the browser",
		"sandbox.steps.browser_help":     "Open this URL in your browser, choose a test patient and give consent. The ids (state, MedMij-Request-ID, X-Correlation-ID) were made for you when this page was loaded.",
		"sandbox.steps.browser_open":     "Open the URL in a new tab",
		"sandbox.steps.code_help":        "The DVA then sends your browser to your redirect URI with ?code=…&state=… in the address bar. If nothing runs there, the browser shows an error page; the address bar still shows the code. Copy the value of code (up to the &).",
		"sandbox.steps.token":            "2. Redeem the code for a token",
		"sandbox.steps.token_help":       "Replace the text between the quotes on the second line by your code and paste the step into your terminal. The code is valid for %d minutes and can be used once.",
		"sandbox.steps.code_placeholder": "PASTE-THE-CODE-HERE",
		"sandbox.steps.search":           "3. Retrieve data",
		"sandbox.steps.search_help":      "Retrieves the Patient with the general practitioner; the last line shows the HTTP status (200 is good).",
		"sandbox.steps.refresh":          "4. Refresh the token",
		"sandbox.steps.refresh_help":     "Redeems the refresh token for new tokens; step 3 then works with the new token.",
		"sandbox.steps.need_token":       "run step 2 in this terminal first",
	})
}

// Labels of the reference PGO's steps (internal/web's pgoStepLabel).
func init() {
	register("nl", map[string]string{
		"pgo.steplabel.authorize":   "autorisatie (front channel, via de browser)",
		"pgo.steplabel.callback":    "terugkeer van de DVA (redirect)",
		"pgo.steplabel.token":       "token (authorization_code, %s)",
		"pgo.steplabel.token_plain": "token (authorization_code)",
		"pgo.steplabel.search":      "zoekvraag %s",
		"pgo.stepname.authorize":    "autorisatie",
		"pgo.stepname.callback":     "terugkeer",
		"pgo.stepname.token":        "token",
		"pgo.stepname.search":       "zoekvraag",
	})
	register("en", map[string]string{
		"pgo.steplabel.authorize":   "authorize (front channel, via the browser)",
		"pgo.steplabel.callback":    "redirect back from the DVA",
		"pgo.steplabel.token":       "token (authorization_code, %s)",
		"pgo.steplabel.token_plain": "token (authorization_code)",
		"pgo.steplabel.search":      "search %s",
		"pgo.stepname.authorize":    "authorize",
		"pgo.stepname.callback":     "callback",
		"pgo.stepname.token":        "token",
		"pgo.stepname.search":       "search",
	})
}

// Planning a hackathon whose kick-off is near (hackathon.PlannedForward).
func init() {
	register("nl", map[string]string{
		"timeline.planned_forward": "De blauwdruk rekent de fasen terug vanaf de kick-off en de hackathondagen, tot vier maanden ervoor. Die tijd was er niet meer: de milestones die al vóór de aanmaakdatum (%s) zouden vallen, zijn vooruit gepland tussen die dag en hun ankerdatum, in dezelfde volgorde. Pas de data per milestone aan als dat beter past.",
	})
	register("en", map[string]string{
		"timeline.planned_forward": "The blueprint counts the phases back from the kick-off and the hackathon days, up to four months before. That time was no longer there: the milestones that would have fallen before the creation day (%s) are planned forward between that day and their anchor date, in the same order. Adjust the dates per milestone where that fits better.",
	})
}

// The hint on a phone that a wide table has more columns.
func init() {
	register("nl", map[string]string{"ui.scroll_hint": "Deze tabel heeft meer kolommen: schuif hem opzij →"})
	register("en", map[string]string{"ui.scroll_hint": "This table has more columns: swipe it sideways →"})
}

// Berichten: a link whose secret stays out of the stored message.
func init() {
	register("nl", map[string]string{"outbox.secret_link": "Het geheime deel van deze link staat alleen in de e-mail aan de ontvanger; hier is hij bewust niet te gebruiken."})
	register("en", map[string]string{"outbox.secret_link": "The secret part of this link is only in the mail to the recipient; on purpose it cannot be used from here."})
}

// Field errors of the finding pages (triage, follow-up, merge, visibility,
// attachments, actors), by their English message as the domain words it.
func init() {
	pairs := [][2]string{
		{"assign an actor first", "wijs eerst een actor toe"},
		{"at most 10,000 characters", "hoogstens 10.000 tekens"},
		{"at most 300 characters", "hoogstens 300 tekens"},
		{"at most 50,000 characters", "hoogstens 50.000 tekens"},
		{"at most 80 characters", "hoogstens 80 tekens"},
		{"choose a category, severity, actor or status", "kies een categorie, ernst, actor of status"},
		{"choose a file", "kies een bestand"},
		{"choose a finding", "kies een bevinding"},
		{"choose another finding of this hackathon", "kies een andere bevinding van deze hackathon"},
		{"must be a workflow status other than duplicaat (merge duplicates one by one)", "kies een status van de workflow behalve duplicaat (voeg duplicaten één voor één samen)"},
		{"must be all or involved", "kies iedereen of alleen betrokkenen"},
		{"must be an http(s) link", "geef een http(s)-link"},
		{"must be technisch or functioneel", "kies technisch of functioneel"},
		{"no such finding", "deze bevinding bestaat niet"},
		{"no such organisation", "deze organisatie bestaat niet"},
		{"not a date (yyyy-mm-dd)", "geen datum (jjjj-mm-dd)"},
		{"only an open finding can be merged into a finding that is not a duplicate", "alleen een open bevinding kan worden samengevoegd, en alleen met een bevinding die zelf geen duplicaat is"},
		{"the file is empty", "het bestand is leeg"},
		{"the responsible person must be a member of the hackathon", "de verantwoordelijke moet lid zijn van de hackathon"},
	}
	nl, en := map[string]string{}, map[string]string{}
	for _, p := range pairs {
		nl["fielderr."+p[0]] = p[1]
		en["fielderr."+p[0]] = p[0]
	}
	register("nl", nl)
	register("en", en)
}

// Berichten: a sent message whose one-time link is spent is not copied.
func init() {
	register("nl", map[string]string{"fielderr.outbox.resend_spent": "Dit bericht had een eenmalige link waarvan het geheime deel na verzending is gewist; een kopie zou een onbruikbare link versturen, dus opnieuw versturen kan hier niet."})
	register("en", map[string]string{"fielderr.outbox.resend_spent": "This message had a one-time link whose secret part was erased once it was sent; a copy would mail a useless link, so it cannot be sent again from here."})
}
