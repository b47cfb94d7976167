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
		"fielderr.at most 5 MiB":                                               "hoogstens 5 MiB",
		"fielderr.one of go, eigen_risico, no_go":                              "kies go, op eigen risico of no-go",
		"fielderr.only self-declaration items are declared by the participant": "alleen zelfverklaringen vink je zelf af",
	})
	register("en", map[string]string{
		"fielderr.only .pdf, .png, .jpg, .jpeg or .txt files":                  "only .pdf, .png, .jpg, .jpeg or .txt files",
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

// The scenario and results pages.
func init() {
	register("nl", map[string]string{
		"scenario.nav": "Testscenario's", "scenario.title": "Testscenario's",
		"scenario.intro": "Per gegevensdienst en FHIR-versie: de dossiers en testpatiënten en de stappen (wie, wat, verwacht resultaat, handmatig of automatisch). Concept → gereviewd (bijv. door Nictiz, mijlpaal 2J) → definitief en gedeeld met de deelnemers (4D).",
		"scenario.name":  "Titel", "scenario.status": "Status", "scenario.version": "Versie", "scenario.steps": "Stappen",
		"scenario.status.concept": "concept", "scenario.status.reviewed": "gereviewd", "scenario.status.final": "definitief",
		"scenario.none": "Nog geen scenario's.", "scenario.from_template": "Uit een sjabloon", "scenario.template": "Sjabloon",
		"scenario.tpl.two_hospitals": "Eén PGO, twee ziekenhuizen (blauwdruk)", "scenario.tpl.technical": "Technisch: volledige en correcte uitwisseling",
		"scenario.tpl.functional": "Functioneel: presentatie en volledigheid", "scenario.new": "Nieuw scenario", "scenario.variant": "Variant",
		"scenario.description": "Beschrijving", "scenario.dossiers": "Testdossiers", "scenario.patients": "Testpatiënten",
		"scenario.steps_field": "Stappen: één per regel, rol | actie | verwacht resultaat | manual of auto",
		"scenario.reviewers":   "Gereviewd door", "scenario.role": "Rol", "scenario.action": "Actie", "scenario.expected": "Verwacht resultaat",
		"scenario.check": "Controle", "scenario.check.manual": "handmatig", "scenario.check.auto": "automatisch",
		"scenario.mark_reviewed": "Markeer als gereviewd", "scenario.mark_final": "Definitief maken en delen", "scenario.new_version": "Nieuwe versie maken",
		"scenario.edit": "Bewerken",
		"results.nav":   "Resultaten", "results.title": "Resultatenmatrix", "results.csv": "Exporteer (CSV)",
		"results.autofill": "Vul automatische stappen uit referentie-PGO-runs", "results.progress": "%d van %d stappen vastgelegd",
		"results.none": "Nog geen paren ingedeeld.", "results.pairs": "Paren", "results.result": "Resultaat", "results.record": "Vastleggen",
		"results.outcome.geslaagd": "geslaagd", "results.outcome.gefaald": "gefaald", "results.outcome.deels": "deels",
		"results.outcome.geblokkeerd": "geblokkeerd", "results.outcome.niet_uitgevoerd": "niet uitgevoerd",
		"results.auto": "automatisch", "results.review.verified": "geverifieerd", "results.review.disputed": "betwist",
		"results.run": "referentie-PGO-run", "results.by": "door", "results.log_finding": "Bevinding loggen",
		"results.verify": "Verifiëren", "results.dispute": "Betwisten", "results.no_scenarios": "Er is nog geen definitief scenario voor deze gegevensdienst.",
		"results.flash.filled": "De automatische stappen zijn ingevuld.",
	})
	register("en", map[string]string{
		"scenario.nav": "Test scenarios", "scenario.title": "Test scenarios",
		"scenario.intro": "Per data service and FHIR version: the dossiers and test patients and the steps (who, what, expected result, manual or automated). Concept → reviewed (e.g. by Nictiz, milestone 2J) → final and shared with the participants (4D).",
		"scenario.name":  "Title", "scenario.status": "Status", "scenario.version": "Version", "scenario.steps": "Steps",
		"scenario.status.concept": "concept", "scenario.status.reviewed": "reviewed", "scenario.status.final": "final",
		"scenario.none": "No scenarios yet.", "scenario.from_template": "From a template", "scenario.template": "Template",
		"scenario.tpl.two_hospitals": "One PGO, two hospitals (blueprint)", "scenario.tpl.technical": "Technical: complete and correct exchange",
		"scenario.tpl.functional": "Functional: presentation and completeness", "scenario.new": "New scenario", "scenario.variant": "Variant",
		"scenario.description": "Description", "scenario.dossiers": "Test dossiers", "scenario.patients": "Test patients",
		"scenario.steps_field": "Steps: one a line, role | action | expected result | manual or auto",
		"scenario.reviewers":   "Reviewed by", "scenario.role": "Role", "scenario.action": "Action", "scenario.expected": "Expected result",
		"scenario.check": "Check", "scenario.check.manual": "manual", "scenario.check.auto": "automated",
		"scenario.mark_reviewed": "Mark as reviewed", "scenario.mark_final": "Make final and share", "scenario.new_version": "Make a new version",
		"scenario.edit": "Edit",
		"results.nav":   "Results", "results.title": "Results matrix", "results.csv": "Export (CSV)",
		"results.autofill": "Fill automated steps from reference PGO runs", "results.progress": "%d of %d steps recorded",
		"results.none": "No pairs scheduled yet.", "results.pairs": "Pairs", "results.result": "Result", "results.record": "Record",
		"results.outcome.geslaagd": "passed", "results.outcome.gefaald": "failed", "results.outcome.deels": "partly",
		"results.outcome.geblokkeerd": "blocked", "results.outcome.niet_uitgevoerd": "not done",
		"results.auto": "automated", "results.review.verified": "verified", "results.review.disputed": "disputed",
		"results.run": "reference PGO run", "results.by": "by", "results.log_finding": "Log a finding",
		"results.verify": "Verify", "results.dispute": "Dispute", "results.no_scenarios": "There is no final scenario for this data service yet.",
		"results.flash.filled": "The automated steps have been filled in.",
	})
}

// Evidence screenshots, sandbox traffic as evidence and the XLSX export.
func init() {
	register("nl", map[string]string{
		"results.xlsx": "Exporteer (XLSX)", "results.exchange": "Uitwisseling", "results.screenshot": "Schermafbeelding (png of jpg, max. 5 MiB)",
		"td.field.screenshot": "Schermafbeelding", "rounds.tables_edit": "Tafels bewerken", "rounds.table_add": "Tafel toevoegen", "rounds.table_delete": "Verwijderen",
		"td.field.seats": "Stoelen", "td.field.table": "Tafel", "td.field.logger_id": "Loggingteam", "auditlog.entity.test_table": "Tafel",
		"fielderr.not a logging-team member of this hackathon": "geen lid van het loggingteam van deze hackathon",
		"fielderr.a table number from 1 to 500":                "een tafelnummer van 1 tot en met 500", "fielderr.from 1 to 50 seats": "van 1 tot en met 50 stoelen",
		"fielderr.fewer seats than organisations at this table in one round": "minder stoelen dan er organisaties in één ronde aan deze tafel zitten",
		"fielderr.pairs sit at this table: move them first":                  "er zitten paren aan deze tafel: verplaats ze eerst", "results.upload": "Toevoegen", "results.flash.screenshot": "Schermafbeelding toegevoegd.",
		"auditlog.action.screenshot":                  "schermafbeelding",
		"fielderr.only PNG or JPEG images":            "alleen PNG- of JPEG-afbeeldingen",
		"fielderr.choose a PNG or JPEG image":         "kies een PNG- of JPEG-afbeelding",
		"fielderr.at most 16384 pixels wide and high": "hoogstens 16384 pixels breed en hoog",
		"fielderr.at most 10 screenshots per step":    "hoogstens 10 schermafbeeldingen per stap",
	})
	register("en", map[string]string{
		"results.xlsx": "Export (XLSX)", "results.exchange": "Exchange", "results.screenshot": "Screenshot (png or jpg, at most 5 MiB)",
		"td.field.screenshot": "Screenshot", "rounds.tables_edit": "Edit tables", "rounds.table_add": "Add table", "rounds.table_delete": "Delete",
		"td.field.seats": "Seats", "td.field.table": "Table", "td.field.logger_id": "Logging team", "auditlog.entity.test_table": "Table",
		"fielderr.not a logging-team member of this hackathon": "not a logging-team member of this hackathon",
		"fielderr.a table number from 1 to 500":                "a table number from 1 to 500", "fielderr.from 1 to 50 seats": "from 1 to 50 seats",
		"fielderr.fewer seats than organisations at this table in one round": "fewer seats than organisations at this table in one round",
		"fielderr.pairs sit at this table: move them first":                  "pairs sit at this table: move them first", "results.upload": "Add", "results.flash.screenshot": "Screenshot added.",
		"auditlog.action.screenshot":                  "screenshot",
		"fielderr.only PNG or JPEG images":            "only PNG or JPEG images",
		"fielderr.choose a PNG or JPEG image":         "choose a PNG or JPEG image",
		"fielderr.at most 16384 pixels wide and high": "at most 16384 pixels wide and high",
		"fielderr.at most 10 screenshots per step":    "at most 10 screenshots per step",
	})
}
