package i18n

// Messages of the offline logging screen: the service worker's cached
// copy and the browser queue of findings waiting to be sent.
func init() {
	register("nl", map[string]string{
		"offline.banner":        "offline — gegevens van {time}",
		"offline.stale":         "Deze pagina komt uit de offline kopie; keuzelijsten en je laatste bevindingen kunnen verouderd zijn.",
		"offline.back":          "Verbinding terug: herlaad de pagina voor actuele keuzelijsten.",
		"offline.ready":         "Dit logscherm werkt ook zonder verbinding in deze browser.",
		"offline.remove":        "verwijder",
		"offline.correct":       "corrigeer",
		"offline.rejected":      "afgewezen:",
		"offline.waiting":       "wacht op verzending",
		"offline.retry_at":      "volgende poging om {time}",
		"offline.login":         "Je sessie is verlopen. Log opnieuw in; de wachtrij blijft bewaard en wordt daarna verstuurd.",
		"offline.login_link":    "Opnieuw inloggen",
		"offline.corrected":     "Afgewezen bevinding in het formulier gezet: verbeter het veld en sla opnieuw op.",
		"offline.removed":       "Uit de wachtrij verwijderd:",
		"offline.rejected_note": "De server heeft een bevinding uit de wachtrij afgewezen; zie hieronder.",
	})
	register("en", map[string]string{
		"offline.banner":        "offline — data from {time}",
		"offline.stale":         "This page is the offline copy; pick lists and your latest findings may be out of date.",
		"offline.back":          "Connection is back: reload the page for current pick lists.",
		"offline.ready":         "This logging screen also works without a connection in this browser.",
		"offline.remove":        "remove",
		"offline.correct":       "correct",
		"offline.rejected":      "rejected:",
		"offline.waiting":       "waiting to be sent",
		"offline.retry_at":      "next attempt at {time}",
		"offline.login":         "Your session expired. Log in again; the queue is kept and sent afterwards.",
		"offline.login_link":    "Log in again",
		"offline.corrected":     "Rejected finding put back in the form: fix the field and save again.",
		"offline.removed":       "Removed from the queue:",
		"offline.rejected_note": "The server rejected a finding from the queue; see below.",
	})
}
