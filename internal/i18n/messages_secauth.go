package i18n

// Messages of login throttling and the password-hash gate.
func init() {
	register("nl", map[string]string{
		"login.throttled_wait": "Te veel mislukte pogingen. Probeer het over %s opnieuw, of log in vanaf een apparaat waarop je eerder inlogde.",
		"login.busy":           "Het is nu erg druk met inloggen. Probeer het over een paar seconden opnieuw.",
		"unit.minute":          "1 minuut", "unit.minutes": "%d minuten",
		"fielderr.form: the form data is not valid URL encoding": "De formuliergegevens zijn geen geldige URL-codering; verstuur het formulier opnieuw vanuit de pagina.",
	})
	register("en", map[string]string{
		"login.throttled_wait": "Too many failed attempts. Try again in %s, or log in from a device you logged in with before.",
		"login.busy":           "Many people are logging in right now. Try again in a few seconds.",
		"unit.minute":          "1 minute", "unit.minutes": "%d minutes",
		"fielderr.form: the form data is not valid URL encoding": "The form data is not valid URL encoding; send the form again from the page.",
	})
}
