package i18n

// Messages of the usability round: reading messages in Berichten, sends
// that skip who already had a message, the waiting list moving up, the
// participant page's shell steps, and field errors by code.
func init() {
	register("nl", map[string]string{
		"pgo.participant.step1_ask":       "Laat iemand van je organisatie met de rol deelnemer, of de technisch coördinator, je client registreren: de hostnaam van je PGO en je redirect-URI('s).",
		"sandbox.example_placeholder_ask": "Je organisatie heeft nog geen client; tot iemand met de rol deelnemer of de technisch coördinator er een registreert, gebruiken de voorbeelden een voorbeeld-client_id.",

		"outbox.message":         "Bericht",
		"outbox.ics":             "Agenda-uitnodiging",
		"outbox.resend":          "Opnieuw versturen naar de ontvanger",
		"outbox.resend_help":     "Zet een nieuwe kopie van dit bericht in de wachtrij voor dezelfde ontvanger; het oorspronkelijke bericht blijft zoals het is.",
		"outbox.links":           "Links in dit bericht",
		"outbox.no_links":        "Dit bericht bevat geen links.",
		"outbox.text_part":       "Tekst",
		"outbox.html_part":       "Opgemaakte versie (HTML)",
		"flash.outbox_resent":    "Een kopie van het bericht staat in de wachtrij.",
		"auditlog.entity.outbox": "Bericht",
		"auditlog.action.resent": "opnieuw verstuurd",

		"comms.sent_counts":     "%d bericht(en) in de wachtrij gezet; %d ontvanger(s) overgeslagen omdat ze deze versie al kregen.",
		"comms.template.resend": "Ook opnieuw sturen aan wie deze versie van het sjabloon al kreeg",

		"fielderr.code.one_of":            "kies een van: %s",
		"fielderr.code.audience_empty":    "geen aanmeldingen passen bij deze doelgroep",
		"fielderr.code.template_required": "kies eerst een sjabloon",
	})
	register("en", map[string]string{
		"pgo.participant.step1_ask":       "Ask someone of your organisation with the role participant, or the technical coordinator, to register your client: your PGO's hostname and your redirect URI(s).",
		"sandbox.example_placeholder_ask": "Your organisation has no client yet; until someone with the role participant or the technical coordinator registers one, the examples use a placeholder client_id.",

		"outbox.message":         "Message",
		"outbox.ics":             "Calendar invitation",
		"outbox.resend":          "Send again to the recipient",
		"outbox.resend_help":     "Queues a new copy of this message for the same recipient; the original message stays as it is.",
		"outbox.links":           "Links in this message",
		"outbox.no_links":        "This message holds no links.",
		"outbox.text_part":       "Text",
		"outbox.html_part":       "Formatted version (HTML)",
		"flash.outbox_resent":    "A copy of the message is queued.",
		"auditlog.entity.outbox": "Message",
		"auditlog.action.resent": "sent again",

		"comms.sent_counts":     "%d message(s) queued; %d recipient(s) skipped because they already had this version.",
		"comms.template.resend": "Also send again to whoever already had this version of the template",

		"fielderr.code.one_of":            "must be one of %s",
		"fielderr.code.audience_empty":    "no registrations match this audience",
		"fielderr.code.template_required": "choose a template before sending",
	})
}
