package i18n

// Messages of the test itself (internal/testday): the snelcheck, decisions,
// result messages, rounds and pairing.
func init() {
	register("nl", map[string]string{
		"auditlog.entity.snelcheck_list": "Snelchecklijst", "auditlog.entity.snelcheck_item": "Snelcheckpunt",
		"auditlog.entity.snelcheck_participant": "Snelcheck-deelnemer", "auditlog.entity.snelcheck_check": "Snelcheckpunt van een deelnemer",
		"auditlog.entity.snelcheck_decision": "Snelcheckbesluit",
		"auditlog.action.faq":                "FAQ", "auditlog.action.applied": "snelcheck toegepast",
		"auditlog.action.automated": "automatische controle", "auditlog.action.told": "uitslag verstuurd",
		"auditlog.entity.test_round": "Testronde", "auditlog.entity.test_schedule": "Testschema", "auditlog.entity.test_pair": "Testpaar",
		"auditlog.action.generated": "gegenereerd",
		"auditlog.entity.scenario":  "Testscenario", "auditlog.entity.test_result": "Testresultaat",
		"auditlog.action.outcome": "uitkomst", "auditlog.action.review": "beoordeling",
	})
	register("en", map[string]string{
		"auditlog.entity.snelcheck_list": "Snelcheck list", "auditlog.entity.snelcheck_item": "Snelcheck item",
		"auditlog.entity.snelcheck_participant": "Snelcheck participant", "auditlog.entity.snelcheck_check": "Participant's snelcheck item",
		"auditlog.entity.snelcheck_decision": "Snelcheck decision",
		"auditlog.action.faq":                "FAQ", "auditlog.action.applied": "snelcheck applied",
		"auditlog.action.automated": "automated check", "auditlog.action.told": "result sent",
		"auditlog.entity.test_round": "Test round", "auditlog.entity.test_schedule": "Test schedule", "auditlog.entity.test_pair": "Test pair",
		"auditlog.action.generated": "generated",
		"auditlog.entity.scenario":  "Test scenario", "auditlog.entity.test_result": "Test result",
		"auditlog.action.outcome": "outcome", "auditlog.action.review": "review",
	})
}

// The snelcheck pages.
func init() {
	register("nl", map[string]string{
		"nav.snelcheck": "Snelcheck", "snelcheck.title": "Snelcheck",
		"snelcheck.intro": "Welke deelnemers zijn klaar voor de hackathondag? Per deelnemer de punten van de snelchecklijst van zijn rol, het besluit (go / no-go / op eigen risico) en of de deelnemer de uitslag persoonlijk heeft gekregen.",
		"snelcheck.lists": "Snelchecklijsten", "snelcheck.mine": "Mijn snelcheck", "snelcheck.faq": "Veelgestelde vragen (FAQ)",
		"snelcheck.progress": "%d van %d deelnemers hebben een besluit; %d hebben hun uitslag gekregen.",
		"snelcheck.warnings": "Let op", "snelcheck.warn.few_go": "Te weinig go's in een rol",
		"snelcheck.warn.pgo_without_dva": "PGO zonder DVA", "snelcheck.warn.dva_without_pgo": "DVA zonder PGO",
		"snelcheck.warn.care_provider_dva_failed": "DVA van een zorgaanbieder niet geslaagd",
		"snelcheck.apply_all":                     "Snelcheck toepassen op alle bevestigde deelnemers", "snelcheck.run_all": "Automatische controles uitvoeren",
		"snelcheck.notify_all": "Iedereen zijn eigen uitslag sturen", "snelcheck.no_lists": "Er zijn nog geen snelchecklijsten.",
		"snelcheck.participant": "Deelnemer", "snelcheck.verified": "Geverifieerd", "snelcheck.decision": "Besluit", "snelcheck.told": "Uitslag verstuurd",
		"snelcheck.yes": "ja", "snelcheck.no": "nee", "snelcheck.legend": "Welke punten zijn dit?", "snelcheck.no_participants": "Nog geen deelnemers in deze rol.",
		"snelcheck.undecided":   "nog geen besluit",
		"snelcheck.status.open": "open", "snelcheck.status.claimed": "afgevinkt", "snelcheck.status.verified": "geverifieerd", "snelcheck.status.failed": "niet gehaald",
		"snelcheck.outcome.go": "go", "snelcheck.outcome.no_go": "no-go", "snelcheck.outcome.eigen_risico": "op eigen risico",
		"snelcheck.kind": "Soort", "snelcheck.kind.self": "zelfverklaring", "snelcheck.kind.auto": "automatisch", "snelcheck.kind.manual": "handmatig",
		"snelcheck.auto_check":     "Automatische controle",
		"snelcheck.auto.reachable": "endpoint bereikbaar", "snelcheck.auto.tls": "TLS geldig", "snelcheck.auto.metadata": "CapabilityStatement",
		"snelcheck.auto.oauth": "OAuth-endpoints", "snelcheck.auto.reference_run": "ophaalactie referentie-PGO", "snelcheck.auto.sandbox": "verkeer in de zandbak",
		"snelcheck.auto.issue_account": "account gebruikt",
		"snelcheck.guidance":           "Aandachtspunten uit de blauwdruk (bijlage 3)", "snelcheck.draw_up": "Lijsten opstellen uit de blauwdruk",
		"snelcheck.establish": "Lijsten vaststellen (mijlpaal 2G)", "snelcheck.item": "Punt", "snelcheck.deadline": "Deadline",
		"snelcheck.delete": "verwijder", "snelcheck.delete_confirm": "Dit punt en de resultaten ervan bij alle deelnemers verwijderen?",
		"snelcheck.add_item": "Nieuw punt", "snelcheck.add": "Toevoegen", "snelcheck.faq_edit": "FAQ-pagina (Markdown)",
		"snelcheck.what": "Wat je vóór de hackathondag geregeld moet hebben", "snelcheck.faq_empty": "Er staat nog geen FAQ op deze pagina.",
		"snelcheck.told_at": "Uitslag verstuurd op", "snelcheck.not_told": "Uitslag nog niet verstuurd",
		"snelcheck.outcome": "Uitkomst", "snelcheck.reason": "Reden", "snelcheck.decide": "Besluit vastleggen",
		"snelcheck.notify": "Uitslag sturen", "snelcheck.items": "Punten", "snelcheck.run": "Automatische controles uitvoeren",
		"snelcheck.state": "Status", "snelcheck.evidence": "Bewijs", "snelcheck.verdict": "Beoordeling", "snelcheck.overdue": "te laat",
		"snelcheck.claimed_by": "afgevinkt door", "snelcheck.verified_by": "beoordeeld door", "snelcheck.note": "Toelichting",
		"snelcheck.verify": "Goedkeuren", "snelcheck.fail": "Afkeuren", "snelcheck.settings": "Gegevens voor de controles",
		"snelcheck.endpoint": "Endpoint (FHIR-basis-URL)", "snelcheck.services": "Gegevensdiensten en FHIR-versie", "snelcheck.dva": "DVA van deze zorgaanbieder",
		"snelcheck.mine_intro": "De snelcheck van %s: vink je zelfverklaringen af en voer de automatische controles zo vaak uit als je wilt.",
		"snelcheck.my_result":  "Je uitslag:", "snelcheck.rerun": "Automatische controles opnieuw uitvoeren",
		"snelcheck.evidence_url": "Link naar bewijs", "snelcheck.file": "Bestand (pdf, png, jpg of txt, max. 5 MiB)", "snelcheck.declare": "Afvinken",
		"snelcheck.mine_none":      "Je account is nog niet gekoppeld aan een organisatie in de snelcheck. Neem contact op met de technisch coördinator.",
		"snelcheck.flash.drawn_up": "De snelchecklijsten zijn opgesteld.", "snelcheck.flash.established": "De snelchecklijsten zijn vastgesteld.",
		"snelcheck.flash.saved": "Opgeslagen.", "snelcheck.flash.deleted": "Verwijderd.", "snelcheck.flash.applied": "De snelcheck is toegepast.",
		"snelcheck.flash.ran": "De automatische controles zijn uitgevoerd.", "snelcheck.flash.decided": "Het besluit is vastgelegd.",
		"snelcheck.flash.told": "De uitslag is verstuurd.", "snelcheck.flash.declared": "Afgevinkt.",
	})
	register("en", map[string]string{
		"nav.snelcheck": "Snelcheck", "snelcheck.title": "Snelcheck",
		"snelcheck.intro": "Which participants are ready for the hackathon day? Per participant the items of its role's snelcheck list, the decision (go / no-go / at own risk) and whether the participant has been told personally.",
		"snelcheck.lists": "Snelcheck lists", "snelcheck.mine": "My snelcheck", "snelcheck.faq": "Frequently asked questions (FAQ)",
		"snelcheck.progress": "%d of %d participants have a decision; %d have been told their result.",
		"snelcheck.warnings": "Attention", "snelcheck.warn.few_go": "Too few go's in a role",
		"snelcheck.warn.pgo_without_dva": "PGO without a DVA", "snelcheck.warn.dva_without_pgo": "DVA without a PGO",
		"snelcheck.warn.care_provider_dva_failed": "A care provider's DVA did not pass",
		"snelcheck.apply_all":                     "Apply the snelcheck to every confirmed participant", "snelcheck.run_all": "Run the automated checks",
		"snelcheck.notify_all": "Send everyone their own result", "snelcheck.no_lists": "There are no snelcheck lists yet.",
		"snelcheck.participant": "Participant", "snelcheck.verified": "Verified", "snelcheck.decision": "Decision", "snelcheck.told": "Result sent",
		"snelcheck.yes": "yes", "snelcheck.no": "no", "snelcheck.legend": "Which items are these?", "snelcheck.no_participants": "No participants in this role yet.",
		"snelcheck.undecided":   "no decision yet",
		"snelcheck.status.open": "open", "snelcheck.status.claimed": "ticked", "snelcheck.status.verified": "verified", "snelcheck.status.failed": "failed",
		"snelcheck.outcome.go": "go", "snelcheck.outcome.no_go": "no-go", "snelcheck.outcome.eigen_risico": "at own risk",
		"snelcheck.kind": "Kind", "snelcheck.kind.self": "self-declaration", "snelcheck.kind.auto": "automated", "snelcheck.kind.manual": "manual",
		"snelcheck.auto_check":     "Automated check",
		"snelcheck.auto.reachable": "endpoint reachable", "snelcheck.auto.tls": "TLS valid", "snelcheck.auto.metadata": "CapabilityStatement",
		"snelcheck.auto.oauth": "OAuth endpoints", "snelcheck.auto.reference_run": "reference PGO retrieval", "snelcheck.auto.sandbox": "sandbox traffic",
		"snelcheck.auto.issue_account": "account used",
		"snelcheck.guidance":           "Points from the blueprint (annex 3)", "snelcheck.draw_up": "Draw up the lists from the blueprint",
		"snelcheck.establish": "Establish the lists (milestone 2G)", "snelcheck.item": "Item", "snelcheck.deadline": "Deadline",
		"snelcheck.delete": "delete", "snelcheck.delete_confirm": "Delete this item and its results for every participant?",
		"snelcheck.add_item": "New item", "snelcheck.add": "Add", "snelcheck.faq_edit": "FAQ page (Markdown)",
		"snelcheck.what": "What you must have arranged before the hackathon day", "snelcheck.faq_empty": "This page has no FAQ yet.",
		"snelcheck.told_at": "Result sent on", "snelcheck.not_told": "Result not sent yet",
		"snelcheck.outcome": "Outcome", "snelcheck.reason": "Reason", "snelcheck.decide": "Record the decision",
		"snelcheck.notify": "Send the result", "snelcheck.items": "Items", "snelcheck.run": "Run the automated checks",
		"snelcheck.state": "Status", "snelcheck.evidence": "Evidence", "snelcheck.verdict": "Verdict", "snelcheck.overdue": "overdue",
		"snelcheck.claimed_by": "ticked by", "snelcheck.verified_by": "assessed by", "snelcheck.note": "Note",
		"snelcheck.verify": "Approve", "snelcheck.fail": "Reject", "snelcheck.settings": "Details for the checks",
		"snelcheck.endpoint": "Endpoint (FHIR base URL)", "snelcheck.services": "Data services and FHIR version", "snelcheck.dva": "This care provider's DVA",
		"snelcheck.mine_intro": "The snelcheck of %s: tick your self-declarations and run the automated checks as often as you like.",
		"snelcheck.my_result":  "Your result:", "snelcheck.rerun": "Run the automated checks again",
		"snelcheck.evidence_url": "Link to evidence", "snelcheck.file": "File (pdf, png, jpg or txt, at most 5 MiB)", "snelcheck.declare": "Tick",
		"snelcheck.mine_none":      "Your account is not linked to an organisation in the snelcheck yet. Contact the technical coordinator.",
		"snelcheck.flash.drawn_up": "The snelcheck lists have been drawn up.", "snelcheck.flash.established": "The snelcheck lists have been established.",
		"snelcheck.flash.saved": "Saved.", "snelcheck.flash.deleted": "Deleted.", "snelcheck.flash.applied": "The snelcheck has been applied.",
		"snelcheck.flash.ran": "The automated checks have run.", "snelcheck.flash.decided": "The decision has been recorded.",
		"snelcheck.flash.told": "The result has been sent.", "snelcheck.flash.declared": "Ticked.",
	})
}

// Dutch texts of the snelcheck's validation messages (see web.fieldMessage).
func init() {
	register("nl", map[string]string{
		"fielderr.only .pdf, .png, .jpg, .jpeg or .txt files":                  "alleen .pdf-, .png-, .jpg-, .jpeg- of .txt-bestanden",
		"fielderr.the file is empty":                                           "het bestand is leeg",
		"fielderr.at most 5 MiB":                                               "hoogstens 5 MiB",
		"fielderr.one of go, eigen_risico, no_go":                              "kies go, op eigen risico of no-go",
		"fielderr.only self-declaration items are declared by the participant": "alleen zelfverklaringen vink je zelf af",
	})
	register("en", map[string]string{
		"fielderr.only .pdf, .png, .jpg, .jpeg or .txt files":                  "only .pdf, .png, .jpg, .jpeg or .txt files",
		"fielderr.the file is empty":                                           "the file is empty",
		"fielderr.at most 5 MiB":                                               "at most 5 MiB",
		"fielderr.one of go, eigen_risico, no_go":                              "one of go, eigen_risico, no_go",
		"fielderr.only self-declaration items are declared by the participant": "only self-declaration items are declared by the participant",
	})
}

// The rounds, pairs and table layout pages.
func init() {
	register("nl", map[string]string{
		"rounds.nav": "Testrondes", "rounds.title": "Testrondes en groepsindeling",
		"rounds.intro":  "Per hackathondag tijdsblokken; in elke ronde test een PGO met een DVA (en de zorgaanbieders achter die DVA) aan een tafel. Alleen deelnemers met een go of op eigen risico en met een gedeelde gegevensdienst en FHIR-versie worden gekoppeld.",
		"rounds.layout": "Tafelindeling", "rounds.warnings": "Vroege waarschuwingen", "rounds.generated": "%d paren ingedeeld.",
		"rounds.unplaced": "Niet ingedeeld (%d)", "rounds.add": "Ronde toevoegen", "rounds.day": "Dag", "rounds.day_n": "dag %d",
		"rounds.start": "Begin", "rounds.end": "Einde", "rounds.label": "Naam", "rounds.tables": "Tafels per ronde (0 = onbeperkt)",
		"rounds.generate": "Paren genereren", "rounds.generate_confirm": "De huidige indeling vervangen door een nieuwe?",
		"rounds.publish": "Indeling publiceren (mijlpalen 2S en 4A)", "rounds.delete_confirm": "Deze ronde en haar paren verwijderen?",
		"rounds.table": "Tafel", "rounds.care_providers": "Zorgaanbieders", "rounds.service": "Gegevensdienst",
		"rounds.no_pairs": "Nog geen paren.", "rounds.add_pair": "Paar toevoegen", "rounds.none": "Er zijn nog geen testrondes.",
		"rounds.tables_title": "Tafels", "rounds.seats": "Stoelen", "rounds.power": "Stroom", "rounds.logger": "Loggingteam",
		"rounds.schedule": "Mijn schema", "rounds.ics": "Schema in je agenda (.ics)", "rounds.round": "Ronde", "rounds.time": "Tijd",
		"rounds.flash.saved": "Opgeslagen.", "rounds.flash.published": "De indeling is gepubliceerd.",
	})
	register("en", map[string]string{
		"rounds.nav": "Test rounds", "rounds.title": "Test rounds and group layout",
		"rounds.intro":  "Time boxes per hackathon day; in each round a PGO tests with a DVA (and the care providers behind that DVA) at a table. Only participants with a go or at own risk that share a data service and FHIR version are paired.",
		"rounds.layout": "Table layout", "rounds.warnings": "Early warnings", "rounds.generated": "%d pairs scheduled.",
		"rounds.unplaced": "Not placed (%d)", "rounds.add": "Add a round", "rounds.day": "Day", "rounds.day_n": "day %d",
		"rounds.start": "Start", "rounds.end": "End", "rounds.label": "Name", "rounds.tables": "Tables per round (0 = no limit)",
		"rounds.generate": "Generate pairs", "rounds.generate_confirm": "Replace the current schedule with a new one?",
		"rounds.publish": "Publish the layout (milestones 2S and 4A)", "rounds.delete_confirm": "Delete this round and its pairs?",
		"rounds.table": "Table", "rounds.care_providers": "Care providers", "rounds.service": "Data service",
		"rounds.no_pairs": "No pairs yet.", "rounds.add_pair": "Add a pair", "rounds.none": "There are no test rounds yet.",
		"rounds.tables_title": "Tables", "rounds.seats": "Seats", "rounds.power": "Power", "rounds.logger": "Logging team",
		"rounds.schedule": "My schedule", "rounds.ics": "Schedule in your calendar (.ics)", "rounds.round": "Round", "rounds.time": "Time",
		"rounds.flash.saved": "Saved.", "rounds.flash.published": "The layout has been published.",
	})
}
