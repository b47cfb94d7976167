package i18n

// Messages of the sandbox pages: the reference DVA, its clients and test patients.
func init() {
	register("nl", map[string]string{
		"sandbox.title":               "Testomgeving (referentie-DVA)",
		"sandbox.intro":               "Koppel uw PGO aan de referentie-DVA: registreer uw client, log in met een testpatiënt en haal de BgZ (gegevensdienst 48) op. Alle gegevens zijn synthetisch.",
		"sandbox.endpoints":           "Adressen",
		"sandbox.authorize":           "Autorisatie-endpoint",
		"sandbox.token":               "Token-endpoint",
		"sandbox.fhir":                "FHIR-basis-URL (STU3)",
		"sandbox.scope":               "Scope",
		"sandbox.not_configured":      "De referentie-DVA is nog niet ingericht (KETENTEST_SANDBOX_URL).",
		"sandbox.example_own":         "De voorbeelden gebruiken de client van uw organisatie en de eerste redirect-URI:",
		"sandbox.example_placeholder": "Uw organisatie heeft nog geen client: registreer eerst een client. De voorbeelden gebruiken tot dan een voorbeeld-client_id.",
		"sandbox.clients":             "Geregistreerde clients",
		"sandbox.client_id":           "client_id (hostnaam)",
		"sandbox.client_name":         "Naam",
		"sandbox.redirect_uris":       "Redirect-URI's",
		"sandbox.no_clients":          "Nog geen clients geregistreerd.",
		"sandbox.patients":            "Testpatiënten",
		"sandbox.patient_name":        "Naam",
		"sandbox.birth_date":          "Geboortedatum",
		"sandbox.dossier":             "Dossier",
		"sandbox.no_patients":         "Nog geen testdossiers geladen.",
	})
	register("en", map[string]string{
		"sandbox.title":               "Sandbox (reference DVA)",
		"sandbox.intro":               "Connect your PGO to the reference DVA: register your client, log in as a test patient and retrieve the BgZ (data service 48). All data is synthetic.",
		"sandbox.endpoints":           "Endpoints",
		"sandbox.authorize":           "Authorization endpoint",
		"sandbox.token":               "Token endpoint",
		"sandbox.fhir":                "FHIR base URL (STU3)",
		"sandbox.scope":               "Scope",
		"sandbox.not_configured":      "The reference DVA is not configured yet (KETENTEST_SANDBOX_URL).",
		"sandbox.example_own":         "The examples use your organisation's client and its first redirect URI:",
		"sandbox.example_placeholder": "Your organisation has no client yet: register a client first. Until then the examples use a placeholder client_id.",
		"sandbox.clients":             "Registered clients",
		"sandbox.client_id":           "client_id (hostname)",
		"sandbox.client_name":         "Name",
		"sandbox.redirect_uris":       "Redirect URIs",
		"sandbox.no_clients":          "No clients registered yet.",
		"sandbox.patients":            "Test patients",
		"sandbox.patient_name":        "Name",
		"sandbox.birth_date":          "Date of birth",
		"sandbox.dossier":             "Dossier",
		"sandbox.no_patients":         "No test dossiers loaded yet.",
	})
}
