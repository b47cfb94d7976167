package i18n

// Messages of the draaiboek of a test day (internal/report).
func init() {
	register("nl", map[string]string{
		"draaiboek.nav": "Draaiboek", "draaiboek.title": "Draaiboek", "draaiboek.title_day": "Draaiboek %s, dag %d",
		"draaiboek.intro":          "Per testdag een draaiboek (bijlage 1), gevuld uit de gegevens van de hackathon. Alleen de dagplanning schrijf je zelf. Publiceren maakt het definitief en zichtbaar voor alle deelnemers (2E en 4A gereed); het bericht met praktische informatie (5C) linkt hiernaartoe.",
		"draaiboek.status.concept": "concept", "draaiboek.status.final": "definitief", "draaiboek.version": "Versie %d",
		"draaiboek.open": "openen", "draaiboek.not_published": "Het draaiboek van deze dag is nog niet gepubliceerd.",
		"draaiboek.no_snelcheck": "De snelcheck is nog niet opgesteld.", "draaiboek.item": "Punt", "draaiboek.deadline": "Uiterlijk",
		"draaiboek.prep_intro": "Dit moet je vóór de dag geregeld hebben (de snelcheck van je rol):", "draaiboek.date": "Datum: %s",
		"draaiboek.no_programme": "Het programma wordt nog ingevuld.", "draaiboek.time": "Tijd", "draaiboek.activity": "Onderdeel",
		"draaiboek.not_arranged": "Nog niet ingedeeld.", "draaiboek.round": "Ronde",
		"draaiboek.log_intro":  "Log elke bevinding meteen in ketentest: %s (of scan de QR-code). Eén bevinding per probleem, met wat je deed, wat je verwachtte en wat er gebeurde.",
		"draaiboek.severities": "Ernst: %s.", "draaiboek.chain_links": "Ketenschakels: %s.",
		"draaiboek.opt.category": "Categorieën: %s.", "draaiboek.opt.theme": "Thema's: %s.", "draaiboek.opt.element": "Elementen: %s.", "draaiboek.opt.label": "Labels: %s.",
		"draaiboek.no_rounds": "Er zijn nog geen testrondes voor deze dag.", "draaiboek.scenarios": "Testscenario's: %s.",
		"draaiboek.eval_intro": "Aan het eind van de dag evalueren we samen; iedere deelnemer krijgt een persoonlijke link naar de vragenlijst.",
		"draaiboek.eval_ready": "De vragenlijst van deze dag staat klaar: %s",
		"draaiboek.slot_add":   "Tijdslot toevoegen", "draaiboek.start": "Van", "draaiboek.end": "Tot", "draaiboek.publish": "Publiceren",
		"draaiboek.flash.saved": "Dagplanning bijgewerkt.", "draaiboek.flash.published": "Draaiboek gepubliceerd; 2E en 4A zijn gereed.",
		"fielderr.code.draaiboek_time": "geef een tijd als UU:MM", "fielderr.code.draaiboek_end": "het einde moet na het begin liggen",
		"fielderr.code.draaiboek_title": "geef een titel van hoogstens 200 tekens",
		"auditlog.entity.draaiboek":     "Draaiboek", "auditlog.action.slot_added": "tijdslot toegevoegd", "auditlog.action.slot_deleted": "tijdslot verwijderd", "auditlog.action.published": "gepubliceerd",
	})
	register("en", map[string]string{
		"draaiboek.nav": "Runbook", "draaiboek.title": "Runbook", "draaiboek.title_day": "Runbook %s, day %d",
		"draaiboek.intro":          "A runbook per test day (annex 1), filled from the hackathon's data. Only the day programme is yours to write. Publishing makes it final and visible to all participants (2E and 4A done); the practical information message (5C) links here.",
		"draaiboek.status.concept": "concept", "draaiboek.status.final": "final", "draaiboek.version": "Version %d",
		"draaiboek.open": "open", "draaiboek.not_published": "The runbook of this day has not been published yet.",
		"draaiboek.no_snelcheck": "The snelcheck has not been drawn up yet.", "draaiboek.item": "Item", "draaiboek.deadline": "By",
		"draaiboek.prep_intro": "Arrange this before the day (the snelcheck of your role):", "draaiboek.date": "Date: %s",
		"draaiboek.no_programme": "The programme is still being filled in.", "draaiboek.time": "Time", "draaiboek.activity": "Item",
		"draaiboek.not_arranged": "Not arranged yet.", "draaiboek.round": "Round",
		"draaiboek.log_intro":  "Log every finding in ketentest at once: %s (or scan the QR code). One finding per problem, with what you did, what you expected and what happened.",
		"draaiboek.severities": "Severity: %s.", "draaiboek.chain_links": "Chain links: %s.",
		"draaiboek.opt.category": "Categories: %s.", "draaiboek.opt.theme": "Themes: %s.", "draaiboek.opt.element": "Elements: %s.", "draaiboek.opt.label": "Labels: %s.",
		"draaiboek.no_rounds": "There are no test rounds for this day yet.", "draaiboek.scenarios": "Test scenarios: %s.",
		"draaiboek.eval_intro": "At the end of the day we evaluate together; every participant gets a personal link to the questionnaire.",
		"draaiboek.eval_ready": "The questionnaire of this day is ready: %s",
		"draaiboek.slot_add":   "Add time slot", "draaiboek.start": "From", "draaiboek.end": "To", "draaiboek.publish": "Publish",
		"draaiboek.flash.saved": "Day programme updated.", "draaiboek.flash.published": "Runbook published; 2E and 4A are done.",
		"fielderr.code.draaiboek_time": "give a time as HH:MM", "fielderr.code.draaiboek_end": "the end must be after the start",
		"fielderr.code.draaiboek_title": "give a title of at most 200 characters",
		"auditlog.entity.draaiboek":     "Runbook", "auditlog.action.slot_added": "time slot added", "auditlog.action.slot_deleted": "time slot deleted", "auditlog.action.published": "published",
	})
}

// Messages of the maturity comparison across hackathons.
func init() {
	register("nl", map[string]string{
		"maturity.nav": "Volwassenheid", "maturity.indicator": "Indicator", "report.s.maturity": "Volwassenheid",
		"maturity.report_note": "De vergelijking met eerdere hackathons op dezelfde gegevensdienst staat op de pagina Volwassenheid.", "maturity.title": "Volwassenheid over hackathons",
		"maturity.intro":            "De indicatoren van deze hackathon naast die van eerdere hackathons op dezelfde gegevensdienst (die jij mag zien), oudste eerst. – betekent: geen gegevens.",
		"maturity.ind.participants": "Deelnemers (snelcheck)", "maturity.ind.go": "Go na de snelcheck", "maturity.ind.steps": "Scenariostappen geslaagd",
		"maturity.ind.blocking_n": "Blokkerende bevindingen", "maturity.ind.blocking": "Blokkerende bevindingen per getest paar",
		"maturity.ind.interm": "Opgelost binnen de termijn", "maturity.ind.days": "Gemiddeld dagen tot oplossing", "maturity.ind.eval": "Evaluatie (gemiddelde 1–5)",
	})
	register("en", map[string]string{
		"maturity.nav": "Maturity", "maturity.indicator": "Indicator", "report.s.maturity": "Maturity",
		"maturity.report_note": "The comparison with earlier hackathons on the same data service is on the Maturity page.", "maturity.title": "Maturity across hackathons",
		"maturity.intro":            "This hackathon's indicators beside those of earlier hackathons on the same data service (that you may see), oldest first. – means: no data.",
		"maturity.ind.participants": "Participants (snelcheck)", "maturity.ind.go": "Go after the snelcheck", "maturity.ind.steps": "Scenario steps passed",
		"maturity.ind.blocking_n": "Blocking findings", "maturity.ind.blocking": "Blocking findings per tested pair",
		"maturity.ind.interm": "Solved within term", "maturity.ind.days": "Mean days to resolution", "maturity.ind.eval": "Evaluation (mean 1–5)",
	})
}

// Messages of the kick-off deck.
func init() {
	register("nl", map[string]string{
		"kickoff.nav": "Kick-off", "kickoff.title": "Kick-off", "kickoff.title_of": "Kick-off %s",
		"kickoff.intro":     "De presentatie voor de kick-off, gemaakt uit het canvas, de planning, de snelcheck per rol en de testomgeving. Delen maakt hem zichtbaar voor alle deelnemers (2D gereed); na de kick-off leg je vast dat die gehouden is (3A gereed).",
		"kickoff.s.context": "Context en doel", "kickoff.s.course": "Verloop", "kickoff.s.snelcheck": "Snelcheck %s", "kickoff.s.environment": "Testomgeving",
		"kickoff.s.next": "Volgende stappen", "kickoff.when": "Wanneer", "kickoff.what": "Wat", "kickoff.kickoff": "Kick-off", "kickoff.day": "Hackathondag %d, %s",
		"kickoff.sandbox":        "Referentie-DVA (testomgeving): %s",
		"kickoff.next":           "Regel vóór de hackathondag de punten van de snelcheck van je rol en meld ze af in ketentest. Vragen stel je aan het projectteam; de antwoorden komen in de FAQ.",
		"kickoff.status.concept": "concept", "kickoff.status.shared": "gedeeld", "kickoff.status.held": "gehouden",
		"kickoff.share": "Delen met deelnemers", "kickoff.held": "Kick-off gehouden", "kickoff.not_shared": "De kick-off-presentatie is nog niet gedeeld.",
		"kickoff.flash.status": "Kick-off bijgewerkt.", "auditlog.entity.kickoff": "Kick-off",
	})
	register("en", map[string]string{
		"kickoff.nav": "Kick-off", "kickoff.title": "Kick-off", "kickoff.title_of": "Kick-off %s",
		"kickoff.intro":     "The kick-off deck, made from the canvas, the planning, the snelcheck per role and the test environment. Sharing shows it to all participants (2D done); after the kick-off you record that it was held (3A done).",
		"kickoff.s.context": "Context and goal", "kickoff.s.course": "Course", "kickoff.s.snelcheck": "Snelcheck %s", "kickoff.s.environment": "Test environment",
		"kickoff.s.next": "Next steps", "kickoff.when": "When", "kickoff.what": "What", "kickoff.kickoff": "Kick-off", "kickoff.day": "Hackathon day %d, %s",
		"kickoff.sandbox":        "Reference DVA (test environment): %s",
		"kickoff.next":           "Before the hackathon day, arrange the snelcheck items of your role and tick them off in ketentest. Ask the project team your questions; the answers go into the FAQ.",
		"kickoff.status.concept": "concept", "kickoff.status.shared": "shared", "kickoff.status.held": "held",
		"kickoff.share": "Share with participants", "kickoff.held": "Kick-off held", "kickoff.not_shared": "The kick-off deck has not been shared yet.",
		"kickoff.flash.status": "Kick-off updated.", "auditlog.entity.kickoff": "Kick-off",
	})
}
