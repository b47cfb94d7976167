package commplan

// DefaultText is the default template of a blueprint moment in one language.
type DefaultText struct {
	Name    string
	Subject string
	Body    string // Markdown with {{merge fields}}
}

var defaults = map[string]map[string]DefaultText{
	"invitation": {
		"nl": {Name: "Uitnodiging om in te schrijven (NL)", Subject: "Doe mee aan {{hackathon}}",
			Body: "Beste {{naam}},\n\nOp **{{datum}}** organiseren we {{hackathon}} in {{locatie}}: een testdag waarop de hele keten — PGO-leveranciers, DVA's, bronsystemen en zorgaanbieders — de gegevensuitwisseling samen beproeft, vóórdat die breed in productie gaat.\n\nDe kick-off voor deelnemers is op {{kickoff}}.\n\nSchrijf {{organisatie}} in via {{link}}\n\nMet vriendelijke groet,\n\nHet projectteam van {{hackathon}}\n"},
		"en": {Name: "Invitation to register (EN)", Subject: "Take part in {{hackathon}}",
			Body: "Dear {{naam}},\n\nOn **{{datum}}** we hold {{hackathon}} in {{locatie}}: a test day on which the whole chain — PGO suppliers, DVAs, source systems and care providers — tries out the data exchange together, before it goes to production at scale.\n\nThe participants' kick-off is on {{kickoff}}.\n\nRegister {{organisatie}} at {{link}}\n\nKind regards,\n\nThe {{hackathon}} project team\n"},
	},
	"kickoff_invitation": {
		"nl": {Name: "Uitnodiging kick-off (NL)", Subject: "Uitnodiging kick-off {{hackathon}} op {{kickoff}}",
			Body: "Beste {{naam}},\n\nWe nodigen je uit voor de kick-off van {{hackathon}} op **{{kickoff}}**.\n\nTijdens de kick-off bespreken we:\n\n- de context en de doelen van de hackathon;\n- het verloop van de hackathondag(en) op {{datum}};\n- de snelcheck: wat je vóór de dag geregeld moet hebben.\n\nMeer informatie: {{link}}\n\nMet vriendelijke groet,\n\nHet projectteam van {{hackathon}}\n"},
		"en": {Name: "Kick-off invitation (EN)", Subject: "Invitation: {{hackathon}} kick-off on {{kickoff}}",
			Body: "Dear {{naam}},\n\nYou are invited to the kick-off of {{hackathon}} on **{{kickoff}}**.\n\nAt the kick-off we discuss:\n\n- the context and goals of the hackathon;\n- the course of the hackathon day(s) on {{datum}};\n- the snelcheck: what you must have arranged before the day.\n\nMore information: {{link}}\n\nKind regards,\n\nThe {{hackathon}} project team\n"},
	},
	"registration_confirmation": {
		"nl": {Name: "Bevestiging van aanmeldingen (NL)", Subject: "Je deelname aan {{hackathon}} is bevestigd",
			Body: "Beste {{naam}},\n\nFijn dat {{organisatie}} meedoet aan {{hackathon}}. Hierbij bevestigen we je deelname.\n\n- Kick-off: {{kickoff}}\n- Hackathondag(en): {{datum}}\n- Locatie: {{locatie}}\n\nVóór de hackathondag doorloop je de snelcheck; na de kick-off weet je precies wat daarvoor nodig is.\n\nMet vriendelijke groet,\n\nHet projectteam van {{hackathon}}\n"},
		"en": {Name: "Registration confirmation (EN)", Subject: "Your participation in {{hackathon}} is confirmed",
			Body: "Dear {{naam}},\n\nWe are glad {{organisatie}} takes part in {{hackathon}}. We hereby confirm your participation.\n\n- Kick-off: {{kickoff}}\n- Hackathon day(s): {{datum}}\n- Location: {{locatie}}\n\nBefore the hackathon day you go through the snelcheck; after the kick-off you know exactly what it takes.\n\nKind regards,\n\nThe {{hackathon}} project team\n"},
	},
	"aanmeldbevestiging": {
		"nl": {Name: "Bevestiging van een aanmelding (NL)", Subject: "Aanmelding bevestigd: {{hackathon}}",
			Body: "Beste {{naam}},\n\nJe aanmelding voor {{hackathon}} namens {{organisatie}} is bevestigd; je hebt een plaats.\n\n- Kick-off: {{kickoff}}\n- Hackathondag(en): {{datum}}\n- Locatie: {{locatie}}\n\nDe uitnodiging voor je agenda zit als bijlage bij dit bericht.\n\nMet vriendelijke groet,\n\nHet projectteam van {{hackathon}}\n"},
		"en": {Name: "Confirmation of a registration (EN)", Subject: "Registration confirmed: {{hackathon}}",
			Body: "Dear {{naam}},\n\nYour registration for {{hackathon}} on behalf of {{organisatie}} is confirmed; you have a place.\n\n- Kick-off: {{kickoff}}\n- Hackathon day(s): {{datum}}\n- Location: {{locatie}}\n\nThe calendar invitation is attached.\n\nKind regards,\n\nThe {{hackathon}} project team\n"},
	},
	"wachtlijst": {
		"nl": {Name: "Plaats op de wachtlijst (NL)", Subject: "Wachtlijst: {{hackathon}}",
			Body: "Beste {{naam}},\n\nJe e-mailadres is bevestigd, maar de plaatsen voor jouw rol in de keten zijn vol.\n\nJe staat op de wachtlijst voor {{hackathon}}; komt er een plaats vrij, dan krijg je bericht.\n\nMet vriendelijke groet,\n\nHet projectteam van {{hackathon}}\n"},
		"en": {Name: "Place on the waiting list (EN)", Subject: "Waiting list: {{hackathon}}",
			Body: "Dear {{naam}},\n\nYour e-mail address is confirmed, but the places for your chain role are taken.\n\nYou are on the waiting list for {{hackathon}} and will hear from us when a place frees up.\n\nKind regards,\n\nThe {{hackathon}} project team\n"},
	},
	"afmelding": {
		"nl": {Name: "Bevestiging van een afmelding (NL)", Subject: "Afgemeld: {{hackathon}}",
			Body: "Beste {{naam}},\n\nJe bent afgemeld voor {{hackathon}}.\n\nMet vriendelijke groet,\n\nHet projectteam van {{hackathon}}\n"},
		"en": {Name: "Confirmation of a cancellation (EN)", Subject: "Cancelled: {{hackathon}}",
			Body: "Dear {{naam}},\n\nYour registration for {{hackathon}} is cancelled.\n\nKind regards,\n\nThe {{hackathon}} project team\n"},
	},
	"accountuitnodiging": {
		"nl": {Name: "Accountuitnodiging (NL)", Subject: "Je account voor {{hackathon}}",
			Body: "Beste {{naam}},\n\nVoor {{hackathon}} is een account voor je aangemaakt op ketentest, namens {{organisatie}}. Daarmee meld je bevindingen en gebruik je de testomgeving.\n\nKies je wachtwoord via deze link (eenmalig te gebruiken, {{geldig_dagen}} dagen geldig):\n\n{{link}}\n\nDaarna log je in met je e-mailadres {{email}}.\n\nMet vriendelijke groet,\n\nHet projectteam van {{hackathon}}\n"},
		"en": {Name: "Account invitation (EN)", Subject: "Your account for {{hackathon}}",
			Body: "Dear {{naam}},\n\nAn account on ketentest was created for you for {{hackathon}}, on behalf of {{organisatie}}. With it you log findings and use the test environment.\n\nChoose your password with this link (single use, valid for {{geldig_dagen}} days):\n\n{{link}}\n\nThen log in with your e-mail address {{email}}.\n\nKind regards,\n\nThe {{hackathon}} project team\n"},
	},
	"snelcheck_result": {
		"nl": {Name: "Uitslag snelcheck (NL)", Subject: "Uitslag snelcheck {{hackathon}}: {{status}}",
			Body: "Beste {{naam}},\n\nDe snelcheck van {{organisatie}} voor {{hackathon}} is beoordeeld. De uitslag: **{{status}}**.\n\nOpen punten:\n\n{{open_punten}}\n\nWie de snelcheck niet gehaald heeft, kan op {{datum}} op eigen risico meedoen: de kans bestaat dat er dan geen gegevens uitgewisseld kunnen worden.\n\nJe eigen snelchecklijst: {{link}}\n\nMet vriendelijke groet,\n\nHet projectteam van {{hackathon}}\n"},

		"en": {Name: "Snelcheck result (EN)", Subject: "Snelcheck result {{hackathon}}: {{status}}",
			Body: "Dear {{naam}},\n\nThe snelcheck of {{organisatie}} for {{hackathon}} has been assessed. The result: **{{status}}**.\n\nOpen items:\n\n{{open_punten}}\n\nWho did not pass may join on {{datum}} at own risk: data may then not be exchanged.\n\nYour own snelcheck list: {{link}}\n\nKind regards,\n\nThe {{hackathon}} project team\n"},
	},
	"logistics": {
		"nl": {Name: "Inhoudelijke en logistieke informatie (NL)", Subject: "Praktische informatie voor {{hackathon}} op {{datum}}",
			Body: "Beste {{naam}},\n\nOver een paar dagen is het zover: {{hackathon}} op **{{datum}}**.\n\n- Locatie: {{locatie}}\n- Het draaiboek met programma en tafelindeling: {{link}}\n\nNeem je laptop mee en zorg dat je toegang tot de testomgeving en het issuesysteem werkt.\n\nTot dan!\n\nHet projectteam van {{hackathon}}\n"},
		"en": {Name: "Content and logistics information (EN)", Subject: "Practical information for {{hackathon}} on {{datum}}",
			Body: "Dear {{naam}},\n\nIn a few days it is time: {{hackathon}} on **{{datum}}**.\n\n- Location: {{locatie}}\n- The runbook with programme and table layout: {{link}}\n\nBring your laptop and make sure your access to the test environment and the issue system works.\n\nSee you then!\n\nThe {{hackathon}} project team\n"},
	},
	"feedback": {
		"nl": {Name: "Terugkoppeling na de hackathondag (NL)", Subject: "Terugkoppeling {{hackathon}}, dag {{dag}}",
			Body: "Beste {{naam}},\n\nDank voor je deelname aan {{hackathon}}! Hierbij de terugkoppeling van dag {{dag}} voor {{organisatie}}.\n\n**Bevindingen van de dag**\n\n{{bevindingen}}\n\n**Resultaten van de testscenario's**\n\n{{resultaten}}\n\n**Acties voor {{organisatie}}** (bevindingen die jullie nog opvolgen)\n\n{{acties}}\n\nAlle bevindingen staan in het issuesysteem: {{link}}\n\nMet vriendelijke groet,\n\nHet projectteam van {{hackathon}}\n"},
		"en": {Name: "Feedback after the day (EN)", Subject: "Feedback {{hackathon}}, day {{dag}}",
			Body: "Dear {{naam}},\n\nThank you for taking part in {{hackathon}}! Here is the feedback of day {{dag}} for {{organisatie}}.\n\n**Findings of the day**\n\n{{bevindingen}}\n\n**Results of the test scenarios**\n\n{{resultaten}}\n\n**Actions for {{organisatie}}** (findings you still follow up)\n\n{{acties}}\n\nAll findings are in the issue system: {{link}}\n\nKind regards,\n\nThe {{hackathon}} project team\n"},
	},
	"closing": {
		"nl": {Name: "Afsluitend bericht (NL)", Subject: "Afronding {{hackathon}}",
			Body: "Beste {{naam}},\n\nMet dit bericht sluiten we {{hackathon}} af.\n\n- De resultaten en de eindrapportage: {{link}}\n- Openstaande issues zijn overgedragen aan de verantwoordelijke partijen, met afgesproken termijnen.\n\nDank voor de inzet van {{organisatie}}!\n\nHet projectteam van {{hackathon}}\n"},
		"en": {Name: "Closing message (EN)", Subject: "Closing {{hackathon}}",
			Body: "Dear {{naam}},\n\nWith this message we close {{hackathon}}.\n\n- The results and the final report: {{link}}\n- Open issues have been handed over to the responsible parties, with agreed timelines.\n\nThank you for the effort of {{organisatie}}!\n\nThe {{hackathon}} project team\n"},
	},
}

// DefaultTemplate returns the default template of a message moment in
// lang ("nl" or "en"); false for news moments and unknown keys.
func DefaultTemplate(moment, lang string) (DefaultText, bool) {
	d, ok := defaults[moment][lang]
	return d, ok
}
