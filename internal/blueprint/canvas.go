package blueprint

// CanvasSection is one part of the MedMij Hackathon Canvas (annex 2).
type CanvasSection struct {
	Key    string
	Title  Text
	Block  BuildingBlock // set for the six building-block sections
	Fields []CanvasField
}

// CanvasField is one question of the canvas. Keys are unique across the
// whole canvas.
type CanvasField struct {
	Key       string
	Label     Text
	Help      Text
	Multiline bool
}

func field(key string, label, help Text) CanvasField {
	return CanvasField{Key: key, Label: label, Help: help, Multiline: true}
}

func line(key string, label, help Text) CanvasField {
	return CanvasField{Key: key, Label: label, Help: help}
}

// CanvasSections returns the canvas in the blueprint's order: aanleiding;
// scope, planning and participants; test content; the six building blocks;
// project organisation; conclusion.
//
// The blueprint's annex lists only the section headings. The questions
// below are taken from what the blueprint asks of the canvas elsewhere
// (the start note of 1B, the compensation proposal of 2P, the variant
// choice, "is a hackathon the right instrument?") and from the MedMij
// article on the process (capacity, planning, roles, costs, scope, risks).
func CanvasSections() []CanvasSection {
	return []CanvasSection{
		{Key: "aanleiding", Title: txt("Aanleiding", "Reason"), Fields: []CanvasField{
			field("aanleiding_achtergrond", txt("Aanleiding", "Reason"),
				txt("Waarom is deze Hackathon nodig? Welke signalen uit het veld, regeling (bijv. VIPP) of vraag liggen eraan ten grondslag?",
					"Why is this hackathon needed? Which signals from the field, funding scheme (e.g. VIPP) or request lie behind it?")),
			field("aanleiding_doel", txt("Doel", "Goal"),
				txt("Wat wil je met de Hackathon bereiken? Welke gegevensdienst of functionaliteit moet technisch en/of functioneel beproefd worden?",
					"What do you want the hackathon to achieve? Which data service or functionality must be trialled technically and/or functionally?")),
			field("aanleiding_opbrengst", txt("Beoogde opbrengst", "Intended results"),
				txt("Bijvoorbeeld: een integraal overzicht van issues, inzicht in de presentatie van gegevens in PGO's, een meting hoe ver de sector is, aantoonbare vooruitgang.",
					"For example: an integral overview of issues, insight into how PGOs present the data, a measurement of how far the sector is, demonstrable progress.")),
			field("aanleiding_middel", txt("Is een Hackathon het juiste middel?", "Is a hackathon the right instrument?"),
				txt("Waarom een Hackathon en niet bijvoorbeeld kwalificatie, een Proof of Concept of andere technische tests?",
					"Why a hackathon rather than, say, qualification, a proof of concept or other technical tests?")),
		}},
		{Key: "scope", Title: txt("Scope, planning en deelnemers", "Scope, planning and participants"), Fields: []CanvasField{
			field("scope_gegevensdienst", txt("Gegevensdienst(en) en functionaliteit", "Data service(s) and functionality"),
				txt("Welke gegevensdienst(en) of functionaliteit vallen binnen scope, in welke versie en op welke standaard (bijv. FHIR STU3 of R4)?",
					"Which data service(s) or functionality are in scope, in which version and on which standard (e.g. FHIR STU3 or R4)?")),
			field("scope_variant", txt("Variant", "Variant"),
				txt("Reguliere, technische of functionele Hackathon? Licht de keuze toe.",
					"Regular, technical or functional hackathon? Explain the choice.")),
			field("scope_keten", txt("Ketenpartijen", "Chain parties"),
				txt("Doet de hele keten mee (DVP/PGO, DVA, bronsysteem/xIS, zorgaanbieder) of volstaat een deel van de keten?",
					"Does the whole chain take part (DVP/PGO, DVA, source system/xIS, care provider) or is part of the chain enough?")),
			field("scope_buiten", txt("Buiten scope", "Out of scope"),
				txt("Wat valt uitdrukkelijk buiten de Hackathon?",
					"What is explicitly left out of the hackathon?")),
			field("scope_planning", txt("Planning en doorlooptijd", "Planning and lead time"),
				txt("Gewenste periode, aantal Hackathon-dagen, doorlooptijd van ontwerp tot afronding en afhankelijkheden (bijv. releases in de ontwikkelagenda van leveranciers).",
					"Desired period, number of hackathon days, lead time from design to closing, and dependencies (e.g. releases in vendors' development agendas).")),
			field("scope_deelnemers", txt("Beoogde deelnemers", "Intended participants"),
				txt("Welke partijen nodigen we uit: PGO-leveranciers (DVP), DVA's, bronsystemen, zorgaanbieders, patiënten(panels), testdeskundigen?",
					"Which parties do we invite: PGO vendors (DVP), DVAs, source systems, care providers, patient panels, testing experts?")),
			line("scope_aantal", txt("Verwacht aantal deelnemers", "Expected number of participants"),
				txt("Schatting en maximum per soort deelnemer (er zijn veel meer zorgaanbieders dan PGO's).",
					"Estimate and maximum per kind of participant (there are many more care providers than PGOs).")),
		}},
		{Key: "testinhoud", Title: txt("Test inhoud", "Test content"), Fields: []CanvasField{
			field("test_onderwerp", txt("Wat wordt er getest?", "What is tested?"),
				txt("Welke uitwisselingen en onderdelen worden beproefd, technisch en/of functioneel (bijv. ophalen, tonen, volledigheid van gegevens)?",
					"Which exchanges and parts are trialled, technically and/or functionally (e.g. retrieval, display, completeness of data)?")),
			field("test_dossiers", txt("Testdossiers", "Test dossiers"),
				txt("Welke testdossiers, codelijsten en zibs? Denk aan happy flow, kwalificatiescript en bommendossier. Wie stelt ze op (bijv. Nictiz) en wie zet ze klaar in het bronsysteem?",
					"Which test dossiers, code lists and zibs? Think of happy flow, qualification script and ‘bomb’ dossier. Who drafts them (e.g. Nictiz) and who enters them in the source system?")),
			field("test_scenarios", txt("Testscenario's", "Test scenarios"),
				txt("Welke scenario's worden doorlopen? Bijvoorbeeld: één PGO haalt bij twee ziekenhuizen gegevens op; wat gebeurt er met overlappende velden?",
					"Which scenarios are run? For example: one PGO retrieves data from two hospitals; what happens to overlapping fields?")),
			field("test_succescriteria", txt("Succescriteria", "Success criteria"),
				txt("Wanneer is een uitwisseling geslaagd, en wanneer is de Hackathon geslaagd?",
					"When is an exchange successful, and when is the hackathon a success?")),
		}},
		{Key: "communicatie", Block: BlockCommunicatie, Title: txt("Bouwblok Communicatie", "Building block Communication"), Fields: []CanvasField{
			field("communicatie_kanalen", txt("Kanalen en doelgroepen", "Channels and audiences"),
				txt("Via welke kanalen werven en informeren we? Splits brede communicatie van directe communicatie door leveranciersmanagers.",
					"Through which channels do we recruit and inform? Separate broad communication from direct communication by supplier managers.")),
			field("communicatie_aanmelding", txt("Aanmelding", "Registration"),
				txt("Hoe melden deelnemers zich aan voor kick-off en Hackathon (bijv. online formulier)? Wie coördineert?",
					"How do participants register for the kick-off and the hackathon (e.g. an online form)? Who coordinates?")),
			field("communicatie_berichtgeving", txt("Berichtgeving", "Messaging"),
				txt("Welke berichten en nieuwsberichten gaan wanneer uit (uitnodiging, bevestiging, tussentijds, terugkoppeling, afsluiting)?",
					"Which messages and news items go out when (invitation, confirmation, interim, feedback, closing)?")),
		}},
		{Key: "techniek", Block: BlockTechniek, Title: txt("Bouwblok Techniek", "Building block Technology"), Fields: []CanvasField{
			field("techniek_aansluiten", txt("Aansluiten", "Connecting"),
				txt("Wat moeten deelnemers technisch regelen om aan te sluiten op de testomgeving (bijv. certificaten, whitelisting, endpoints)?",
					"What must participants arrange technically to connect to the test environment (e.g. certificates, whitelisting, endpoints)?")),
			field("techniek_snelcheck", txt("Snelcheck", "Snelcheck"),
				txt("Aan welke eisen moeten deelnemers vóór de Hackathon-dag voldoen? Kan de snelcheck met zelfverklaringen of een testtool geautomatiseerd worden?",
					"Which requirements must participants meet before the hackathon day? Can the snelcheck be automated with self-declarations or a test tool?")),
			field("techniek_ondersteuning", txt("Ondersteuning", "Support"),
				txt("Welke ondersteuning bieden we: referentie-implementatie, developers guide, dry-run? Welke specialisten zijn aanwezig of stand-by?",
					"What support do we offer: reference implementation, developer's guide, dry run? Which specialists are present or on standby?")),
		}},
		{Key: "testen", Block: BlockTesten, Title: txt("Bouwblok Testen", "Building block Testing"), Fields: []CanvasField{
			field("testen_omgeving", txt("Testomgeving", "Test environment"),
				txt("Welke testomgeving (bijv. MedMij-zandbak)? Is die voor iedereen toegankelijk?",
					"Which test environment (e.g. the MedMij sandbox)? Is it accessible to everyone?")),
			field("testen_tooling", txt("Testtooling", "Test tooling"),
				txt("Wordt testtooling ingezet (bijv. InteropLAB of een testtool)? Is die beproefd en geaccepteerd in het veld?",
					"Is test tooling used (e.g. InteropLAB or a test tool)? Is it proven and accepted in the field?")),
			field("testen_evaluatie", txt("Evaluatie", "Evaluation"),
				txt("Hoe evalueren we met deelnemers (fysiek of digitaal formulier) en met welke vragen per rol?",
					"How do we evaluate with participants (on site or a digital form) and with which questions per role?")),
		}},
		{Key: "issuemanagement", Block: BlockIssuemanagement, Title: txt("Bouwblok Issuemanagement", "Building block Issue management"), Fields: []CanvasField{
			field("issue_systeem", txt("Issuemanagementsysteem", "Issue management system"),
				txt("Welk centraal systeem (bijv. JIRA/PIM)? Welke labels of epics om later op te filteren?",
					"Which central system (e.g. JIRA/PIM)? Which labels or epics to filter on later?")),
			field("issue_teams", txt("Logging- en triageteam", "Logging and triage team"),
				txt("Wie bemensen het loggingsteam en het triageteam? Hoe wordt getriageerd, op welke elementen, thema's en categorieën?",
					"Who staffs the logging team and the triage team? How does triage work, on which elements, themes and categories?")),
			field("issue_opvolging", txt("Opvolging en overdracht", "Follow-up and handover"),
				txt("Hoe worden issues na de Hackathon opgevolgd en overgedragen aan actoren? Valt root cause analysis binnen of buiten het project?",
					"How are issues followed up and handed over to actors after the hackathon? Is root cause analysis inside or outside the project?")),
		}},
		{Key: "relatiemanagement", Block: BlockRelatiemanagement, Title: txt("Bouwblok Relatiemanagement", "Building block Relationship management"), Fields: []CanvasField{
			field("relatie_werving", txt("Werving", "Recruitment"),
				txt("Welke (potentiële) deelnemers benaderen we, door wie, en hoe halen we (informeel) commitment op?",
					"Which (potential) participants do we approach, who does it, and how do we gather (informal) commitment?")),
			field("relatie_vergoeding", txt("Vergoeding deelnemers", "Participant compensation"),
				txt("Voorstel voor de vergoeding van deelnemers, vast te stellen met de opdrachtgever (mijlpaal 2P).",
					"Proposal for compensating participants, to be agreed with the client (milestone 2P).")),
			field("relatie_contact", txt("Contactpersonen", "Contact persons"),
				txt("Wie is per deelnemer het aanspreekpunt, en wie is bij de deelnemer verantwoordelijk voor het opvolgen van issues?",
					"Who is the contact for each participant, and who at the participant is responsible for following up issues?")),
		}},
		{Key: "eventplanning", Block: BlockEventplanning, Title: txt("Bouwblok Event planning", "Building block Event planning"), Fields: []CanvasField{
			line("event_data", txt("Data", "Dates"),
				txt("Beoogde data van de kick-off en de Hackathon-dag(en).",
					"Intended dates of the kick-off and the hackathon day(s).")),
			field("event_vorm", txt("Vorm", "Format"),
				txt("Fysiek, digitaal of hybride? De kick-off kan digitaal om kosten en reistijd te besparen.",
					"On site, online or hybrid? The kick-off can be online to save costs and travel time.")),
			field("event_locatie", txt("Locatie en faciliteiten", "Location and facilities"),
				txt("Welke locatie(s)? Capaciteit, tafelindeling, stroompunten, internet/wifi-capaciteit, beeldschermen, parkeren, catering.",
					"Which location(s)? Capacity, table layout, power points, internet/Wi-Fi capacity, screens, parking, catering.")),
		}},
		{Key: "projectorganisatie", Title: txt("Projectorganisatie", "Project organisation"), Fields: []CanvasField{
			line("org_opdrachtgever", txt("Opdrachtgever", "Client"),
				txt("Wie is opdrachtgever en geeft go/no-go op de startnotitie?",
					"Who is the client that gives the go/no-go on the start note?")),
			line("org_financier", txt("Financier", "Funder"),
				txt("Wie zorgt voor voldoende beschikbare middelen?",
					"Who provides sufficient funds?")),
			line("org_opdrachtnemer", txt("Opdrachtnemer", "Contractor"),
				txt("Wie voert de opdracht uit en stelt de projectleider aan?",
					"Who carries out the assignment and appoints the project lead?")),
			field("org_rollen", txt("Rolverdeling projectteam", "Project team roles"),
				txt("Wie vult welke rol in (projectleider, communicatie-expert, technisch coördinator, testcoördinator, issuecoördinator, relatiemanager, eventplanner) en vanuit welke organisatie?",
					"Who fills which role (project lead, communication expert, technical coordinator, test coordinator, issue coordinator, relationship manager, event planner), from which organisation?")),
			field("org_capaciteit", txt("Capaciteit", "Capacity"),
				txt("Verwachte inzet in uren per week per rol over de doorlooptijd.",
					"Expected effort in hours per week per role over the lead time.")),
			field("org_stakeholders", txt("Stakeholders", "Stakeholders"),
				txt("Welke partijen zijn betrokken of moeten afstemmen (bijv. MedMij, Nictiz, VZVZ, brancheverenigingen, leveranciers)?",
					"Which parties are involved or must be consulted (e.g. MedMij, Nictiz, VZVZ, trade associations, vendors)?")),
			field("org_kosten", txt("Kosten", "Costs"),
				txt("Begroting: projectteam, locatie, catering, vergoeding deelnemers, tooling.",
					"Budget: project team, location, catering, participant compensation, tooling.")),
		}},
		{Key: "conclusie", Title: txt("Conclusie", "Conclusion"), Fields: []CanvasField{
			field("conclusie_risicos", txt("Risico's", "Risks"),
				txt("Welke risico's zien we (bijv. te weinig deelnemers door de snelcheck, techniek niet gereed) en hoe beperken we ze?",
					"Which risks do we see (e.g. too few participants passing the snelcheck, technology not ready) and how do we mitigate them?")),
			field("conclusie_advies", txt("Conclusie en advies", "Conclusion and advice"),
				txt("Is een Hackathon het juiste middel, in welke variant? Advies aan de opdrachtgever voor de go/no-go.",
					"Is a hackathon the right instrument, and in which variant? Advice to the client for the go/no-go.")),
			field("conclusie_vervolg", txt("Vervolgstappen", "Next steps"),
				txt("Wat gebeurt er na akkoord van de opdrachtgever?",
					"What happens once the client approves?")),
		}},
	}
}

// CanvasFields returns every canvas field in canvas order.
func CanvasFields() []CanvasField {
	var out []CanvasField
	for _, s := range CanvasSections() {
		out = append(out, s.Fields...)
	}
	return out
}

// CanvasFieldByKey returns the canvas field with the given key.
func CanvasFieldByKey(key string) (CanvasField, bool) {
	for _, f := range CanvasFields() {
		if f.Key == key {
			return f, true
		}
	}
	return CanvasField{}, false
}
