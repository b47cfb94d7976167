package blueprint

// DocSection is one heading of a document the blueprint asks for
// (runbook, communication plan, training).
type DocSection struct {
	Key   string
	Title Text
	Help  Text
}

// DraaiboekSections returns the parts of the runbook of the hackathon
// day(s) (annex 1), in order.
func DraaiboekSections() []DocSection {
	return []DocSection{
		{Key: "inleiding", Title: txt("Inleiding", "Introduction"),
			Help: txt("Context en doel van de Hackathon.", "Context and goal of the hackathon.")},
		{Key: "voorbereiding", Title: txt("Voorbereiding", "Preparation"),
			Help: txt("Wat deelnemers vooraf geregeld moeten hebben (snelcheck).", "What participants must have arranged beforehand (snelcheck).")},
		{Key: "locatie", Title: txt("Locatie en adres", "Location and address"),
			Help: txt("Adres, bereikbaarheid en parkeren.", "Address, how to get there and parking.")},
		{Key: "dagplanning", Title: txt("Dagplanning", "Day schedule"),
			Help: txt("Het programma van de dag.", "The programme of the day.")},
		{Key: "groepsindeling", Title: txt("Groepsindeling", "Group layout"),
			Help: txt("Tafelindeling op basis van de aanmeldingen.", "Table layout based on the registrations.")},
		{Key: "bevindingen", Title: txt("Handleiding bevindingen aanmaken", "Manual for creating findings"),
			Help: txt("Hoe issues gelogd worden in het issuemanagementsysteem.", "How issues are logged in the issue management system.")},
		{Key: "testrondes", Title: txt("Beschrijving testrondes", "Description of test rounds"),
			Help: txt("Welke testscenario's in welke ronde doorlopen worden.", "Which test scenarios are run in which round.")},
		{Key: "evaluatie", Title: txt("Evaluatie en afsluiting", "Evaluation and closing"),
			Help: txt("Hoe de dag geëvalueerd en afgesloten wordt.", "How the day is evaluated and closed.")},
	}
}

// CommunicationPlanSections returns the parts of the communication plan
// (annex 4), in order.
func CommunicationPlanSections() []DocSection {
	return []DocSection{
		{Key: "inleiding", Title: txt("Inleiding: waarom een communicatieplan?", "Introduction: why a communication plan?")},
		{Key: "doel", Title: txt("Doel van het bouwblok Communicatie", "Goal of the Communication building block")},
		{Key: "soepel_verloop", Title: txt("Wat is er nodig om de Hackathon soepel te laten verlopen?", "What is needed for the hackathon to run smoothly?")},
		{Key: "werven", Title: txt("Deelnemers werven en uitnodigen", "Recruiting and inviting participants")},
		{Key: "bevestiging", Title: txt("Bevestiging van aanmeldingen", "Confirming registrations")},
		{Key: "tussentijds", Title: txt("Tussentijdse berichtgeving aan deelnemers op relevante momenten", "Interim messages to participants at relevant moments")},
		{Key: "afronding", Title: txt("Afronding en evaluatie", "Closing and evaluation")},
		{Key: "nodig_informeren", Title: txt("Wat is er nodig om stakeholders/deelnemers te kunnen informeren?", "What is needed to inform stakeholders/participants?")},
		{Key: "waarover", Title: txt("Waarover willen we de stakeholders/deelnemers informeren?", "What do we want to inform stakeholders/participants about?")},
		{Key: "wanneer", Title: txt("Wanneer willen we de stakeholders/deelnemers informeren?", "When do we want to inform stakeholders/participants?")},
		{Key: "kalender", Title: txt("Communicatiekalender", "Communication calendar")},
	}
}

// TrainingIntro returns the aim of the logging and triage team training (annex 6).
func TrainingIntro() Text {
	return txt("Borg dat het loggingsteam en triageteam weten hoe er gelogd en getriageerd moet worden.",
		"Make sure the logging team and triage team know how to log and triage.")
}

// TrainingTopics returns what the training must cover at least (annex 6).
func TrainingTopics() []DocSection {
	return []DocSection{
		{Key: "uitzonderingen", Title: txt("Uitzonderingen van gegevensdienst en functionaliteit", "Exceptions of the data service and functionality")},
		{Key: "kennis_veld", Title: txt("Kennis van het veld", "Knowledge of the field")},
		{Key: "naslagmateriaal", Title: txt("Naslagmateriaal (handleiding, opnames en presentaties)", "Reference material (manual, recordings and presentations)")},
	}
}
