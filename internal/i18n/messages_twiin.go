package i18n

// Messages of the organisation sandbox (care provider to care provider:
// Twiin notified pull, Nuts-style tokens, mutual TLS) on the participant page.
func init() {
	register("nl", map[string]string{
		"twiin.title":           "Zorgaanbieder ↔ zorgaanbieder (Twiin, Nuts)",
		"twiin.intro":           "Test notified pull tussen organisaties: ketentest speelt de andere zorgaanbieder, met een autorisatieserver (client assertions of test-VP's), een notificatie-endpoint, een FHIR-server die alleen doorlaat wat de autorisatiebasis dekt, en mocks voor adresboek, lokalisatie en toestemming. Alles gaat over mutual TLS 1.3 met een certificaat van de test-CA van deze hackathon.",
		"twiin.token":           "Token-endpoint",
		"twiin.notification":    "Notificatie-endpoint (POST …/Task)",
		"twiin.fhir":            "FHIR-basis-URL van ketentest (STU3)",
		"twiin.mocks":           "Mocks (mCSD, ZORG-AB, NVI, Mitz)",
		"twiin.ca":              "Test-CA-certificaat",
		"twiin.client":          "Jouw client_id",
		"twiin.ura":             "test-URA",
		"twiin.test_only":       "Alle sleutels, certificaten, credentials en tokens zijn TEST: alleen geldig bij deze hackathon in ketentest, nooit in productie.",
		"twiin.download":        "Testsleutels en -certificaten downloaden",
		"twiin.download_help":   "Je krijgt een zip met een clientcertificaat en sleutel, een ondertekeningssleutel (de publieke helft registreren we meteen), een test-credential met je test-URA, het CA-certificaat en de stappen. De privésleutels maken we alleen voor deze download; ketentest bewaart ze niet. Elke download maakt nieuwe sleutels.",
		"twiin.hosts":           "Hostnamen voor een servercertificaat (optioneel)",
		"twiin.hosts_help":      "Bijvoorbeeld de host van je notificatie-endpoint; hoogstens 5, gescheiden door komma's.",
		"twiin.download_button": "Download (TEST)",
		"twiin.not_configured":  "De organisatie-sandbox is niet beschikbaar: de sandbox heeft geen https-adres (KETENTEST_SANDBOX_URL).",
		"twiin.err_no_org":      "Je handelt bij deze hackathon niet namens een organisatie; vraag de organisator je aan een organisatie te koppelen.",
		"twiin.err_hosts":       "Hostnamen: geef hoogstens 5 geldige hostnamen of IP-adressen, gescheiden door komma's.",
		"twiin.err_form":        "Het formulier kon niet worden gelezen.",
	})
	register("en", map[string]string{
		"twiin.title":           "Care provider ↔ care provider (Twiin, Nuts)",
		"twiin.intro":           "Test notified pull between organisations: ketentest plays the other care provider, with an authorization server (client assertions or test VPs), a notification endpoint, a FHIR server that lets through only what the authorization base covers, and mocks for addressing, localization and consent. Everything runs over mutual TLS 1.3 with a certificate of this hackathon's test CA.",
		"twiin.token":           "Token endpoint",
		"twiin.notification":    "Notification endpoint (POST …/Task)",
		"twiin.fhir":            "ketentest's FHIR base URL (STU3)",
		"twiin.mocks":           "Mocks (mCSD, ZORG-AB, NVI, Mitz)",
		"twiin.ca":              "Test CA certificate",
		"twiin.client":          "Your client_id",
		"twiin.ura":             "test URA",
		"twiin.test_only":       "Every key, certificate, credential and token is TEST: valid at this hackathon in ketentest only, never in production.",
		"twiin.download":        "Download test keys and certificates",
		"twiin.download_help":   "You get a zip with a client certificate and key, a signing key (we register its public half right away), a test credential with your test URA, the CA certificate and the steps. The private keys are made for this download only; ketentest does not keep them. Every download makes new keys.",
		"twiin.hosts":           "Host names for a server certificate (optional)",
		"twiin.hosts_help":      "For example the host of your notification endpoint; at most 5, separated by commas.",
		"twiin.download_button": "Download (TEST)",
		"twiin.not_configured":  "The organisation sandbox is not available: the sandbox has no https address (KETENTEST_SANDBOX_URL).",
		"twiin.err_no_org":      "You do not act for an organisation in this hackathon; ask the organiser to link you to one.",
		"twiin.err_hosts":       "Host names: give at most 5 valid host names or IP addresses, separated by commas.",
		"twiin.err_form":        "The form could not be read.",
	})
}
