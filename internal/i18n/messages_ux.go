package i18n

// Messages of the usability round: reading messages in Berichten, sends
// that skip who already had a message, the waiting list moving up, the
// participant page's shell steps, and field errors by code.
func init() {
	register("nl", map[string]string{
		"pgo.participant.step1_ask":       "Laat iemand van je organisatie met de rol deelnemer, of de technisch coördinator, je client registreren: de hostnaam van je PGO en je redirect-URI('s).",
		"sandbox.example_placeholder_ask": "Je organisatie heeft nog geen client; tot iemand met de rol deelnemer of de technisch coördinator er een registreert, gebruiken de voorbeelden een voorbeeld-client_id.",
	})
	register("en", map[string]string{
		"pgo.participant.step1_ask":       "Ask someone of your organisation with the role participant, or the technical coordinator, to register your client: your PGO's hostname and your redirect URI(s).",
		"sandbox.example_placeholder_ask": "Your organisation has no client yet; until someone with the role participant or the technical coordinator registers one, the examples use a placeholder client_id.",
	})
}
