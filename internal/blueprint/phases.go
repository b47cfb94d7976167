package blueprint

// Phase is one of the nine phases (fasen) of a hackathon.
type Phase struct {
	Number      int
	Name        Text
	Goal        Text // one line, from the blueprint's list of phases
	Description Text // the introduction on the phase's own page
	// Repeatable phases are run again for every extra hackathon day
	// (phases 7 and 8 iterate as needed).
	Repeatable bool
	// GoNoGo is who decides go/no-go at the end of the phase: the client
	// after the design, each participant at the snelcheck. Empty otherwise.
	GoNoGo Role
	// Tips apply to every variant.
	Tips []Text
	// AttentionPoints (aandachtspunten) per variant. The regular variant has
	// none: the blueprint says it has no specific technical or functional
	// attention points.
	AttentionPoints map[Variant][]Text
}

// AttentionPointsFor returns the attention points for a variant (nil if none).
func (p Phase) AttentionPointsFor(v Variant) []Text { return p.AttentionPoints[v] }

// Phases returns the nine phases in order. Each call returns fresh data.
func Phases() []Phase {
	return []Phase{
		{
			Number: 1,
			Name:   txt("Ontwerp", "Design"),
			Goal: txt("Gezamenlijk het MedMij Hackathon Canvas invullen en een startnotitie opstellen ter besluitvorming.",
				"Fill in the MedMij Hackathon Canvas together and write a start note for a decision."),
			Description: txt("De ontwerpfase is de start van de Hackathon. Met het MedMij Hackathon Canvas worden onder andere het doel, de scope en de deelnemers vastgesteld. Een startnotitie wordt ter besluitvorming aangeboden aan de opdrachtgever.",
				"The design phase starts the hackathon. The MedMij Hackathon Canvas fixes, among other things, its goal, scope and participants. A start note is offered to the client for a decision."),
			GoNoGo: RoleOpdrachtgever,
			Tips: []Text{
				txt("Stel met elkaar de vraag: is een Hackathon het juiste middel voor mijn doel?",
					"Ask each other: is a hackathon the right instrument for my goal?"),
			},
			AttentionPoints: map[Variant][]Text{
				VariantTechnisch: {
					txt("Betrek vroegtijdig de juiste experts. Deel zo nodig vooraf het Hackathon Canvas en de benodigde informatie, zodat iedereen in de sessie hetzelfde informatieniveau heeft.",
						"Involve the right experts early. If needed, share the Hackathon Canvas and the necessary information beforehand so everyone in the session has the same level of information."),
					txt("Overweeg of de gehele keten nodig is (DVP, DVA, xIS en zorgaanbieder) of dat een deel van de keten volstaat.",
						"Consider whether the whole chain is needed (DVP, DVA, xIS and care provider) or whether part of the chain is enough."),
					txt("Overweeg of een technische Hackathon meer of minder oplevert dan een Proof of Concept of andere technische tests.",
						"Consider whether a technical hackathon yields more or less than a proof of concept or other technical tests."),
				},
				VariantFunctioneel: {
					txt("Betrek vroegtijdig de juiste stakeholders, afhankelijk van de gekozen definitie van ‘functioneel’.",
						"Involve the right stakeholders early, depending on the chosen definition of ‘functional’."),
					txt("Wil je de gezichtsvaliditeit controleren, nodig dan patiënten(panels) en zorgaanbieders uit.",
						"To check face validity, invite patients (panels) and care providers."),
					txt("Moet de functionele werking van een gegevensdienst/functionaliteit beproefd worden, nodig dan testdeskundigen uit.",
						"To trial how a data service/functionality works functionally, invite testing experts."),
					txt("Een functionele Hackathon kan meer deelnemers trekken dan een technische. Houd daar rekening mee in de ontwerpfase en alle volgende fasen.",
						"A functional hackathon can draw more participants than a technical one. Take this into account in the design phase and all phases after it."),
				},
			},
		},
		{
			Number: 2,
			Name:   txt("Voorbereiding", "Preparation"),
			Goal: txt("Alle voorbereidingen voor de kick-off, de snelcheck en de Hackathon-dag(en) uitvoeren.",
				"Carry out all preparations for the kick-off, the snelcheck and the hackathon day(s)."),
			Description: txt("In de voorbereidingsfase worden alle voorbereidingen voor de kick-off, de snelcheck en de Hackathon-dag(en) uitgevoerd. Communicatie staat klaar om verstuurd te worden, deelnemende partijen treffen de benodigde voorbereidingen en inhoudelijke en praktische zaken rond de bijeenkomsten zijn geregeld.",
				"The preparation phase carries out all preparations for the kick-off, the snelcheck and the hackathon day(s). Communication is ready to be sent, participating parties make the necessary preparations, and content and practical matters around the meetings are arranged."),
			Tips: []Text{
				txt("Wijs één persoon aan die verantwoordelijk is voor afstemming. De communicatie-expert stemt af met één inhoudsdeskundige.",
					"Appoint one person responsible for coordination. The communication expert coordinates with one subject-matter expert."),
				txt("Automatiseer de aanmeldprocedure.",
					"Automate the registration procedure."),
				txt("Splits de communicatie op: algemene, brede communicatie via diverse kanalen en specifieke, directe communicatie door de leveranciersmanagers van de betrokken organisaties.",
					"Split communication: general, broad communication through various channels, and specific, direct communication by the supplier managers of the organisations involved."),
				txt("Stem het draaiboek ook af met de Hackathon-deelnemers.",
					"Also agree the runbook with the hackathon participants."),
				txt("Denk aan het maximum aantal deelnemers (er zijn veel meer zorgaanbieders dan PGO's).",
					"Mind the maximum number of participants (there are many more care providers than PGOs)."),
				txt("Maak een FAQ/handleiding bij de snelcheck.",
					"Write an FAQ/manual for the snelcheck."),
				txt("Kies een testomgeving die voor iedereen toegankelijk is.",
					"Choose a test environment that is accessible to everyone."),
				txt("Zorg voor meerdere soorten testdossiers, zoals happy flow, kwalificatiescript en bommendossier.",
					"Provide several kinds of test dossier, such as happy flow, qualification script and ‘bomb’ dossier (extreme and edge-case data)."),
				txt("Werk testscenario's uit met deelnemers. Bijvoorbeeld: één PGO haalt bij twee ziekenhuizen gegevens op. Wat gebeurt er met overlappende velden? Worden die overschreven door de laatste verzamelactie?",
					"Work out test scenarios with participants. For example: one PGO retrieves data from two hospitals. What happens to overlapping fields? Are they overwritten by the last retrieval?"),
				txt("Zorg dat de tooling beproefd is, past bij het veld en geaccepteerd wordt.",
					"Make sure the tooling is proven, fits the field and is accepted."),
				txt("Richt één centraal systeem in, zodat alle bevindingen centraal gelogd en gevolgd worden.",
					"Set up one central system so all findings are logged and followed centrally."),
				txt("Triage vraagt andere bemensing dan logging: in het triageteam zitten mensen met inhoudelijke kennis; het loggingsteam hoeft minder inhoudelijk te weten, maar moet goed geïnstrueerd zijn. Rollen combineren geeft een kleiner projectteam en beter overzicht.",
					"Triage needs different people than logging: the triage team has subject-matter knowledge; the logging team needs less, but must be well instructed. Combining roles gives a smaller project team and a better overview."),
				txt("Organiseer de kick-off digitaal en niet fysiek, vanwege kosten en reistijd van betrokkenen.",
					"Hold the kick-off online rather than on site, because of the costs and travel time of those involved."),
			},
			AttentionPoints: map[Variant][]Text{
				VariantTechnisch: {
					txt("Ontwikkel specifieke ondersteuning voor het testen van de techniek: hoe, welk onderdeel, welk protocol, referentie-implementatie, developers guide, etc.",
						"Develop specific support for testing the technology: how, which part, which protocol, reference implementation, developer's guide, etc."),
					txt("Voer voorafgaand aan de snelcheck eventueel een dry-run van de techniek uit. Controleer of dit al gebeurd is tijdens een Proof of Concept.",
						"Consider a dry run of the technology before the snelcheck. Check whether this was already done in a proof of concept."),
					txt("Houd indien mogelijk rekening met de ontwikkelagenda van stakeholders, zodat uitkomsten van de Hackathon in de eerstvolgende release meegenomen kunnen worden.",
						"Where possible, align with the stakeholders' development agendas so hackathon outcomes can be included in their next release."),
				},
				VariantFunctioneel: {
					txt("Controleer bij de locatie vooraf de maximale capaciteit van het wifinetwerk.",
						"Check the maximum capacity of the venue's Wi-Fi network beforehand."),
					txt("Besteed aandacht aan het goed uitleggen van de scope, de beproeving en de snelcheck: bij een functionele Hackathon zijn er mogelijk deelnemers met minder kennis van testen en techniek.",
						"Take care to explain the scope, the trial and the snelcheck well: a functional hackathon may have participants with less knowledge of testing and technology."),
				},
			},
		},
		{
			Number: 3,
			Name:   txt("Kick-off deelnemers", "Participant kick-off"),
			Goal: txt("Met deelnemers bespreken welke voorbereidingen zij moeten treffen om deel te nemen.",
				"Discuss with participants which preparations they must make to take part."),
			Description: txt("Tijdens de kick-off wordt met (potentiële) deelnemers besproken welke voorbereidingen zij moeten treffen om deel te nemen aan de Hackathon-dag(en).",
				"At the kick-off, (potential) participants hear which preparations they must make to take part in the hackathon day(s)."),
			AttentionPoints: map[Variant][]Text{
				VariantTechnisch: {
					txt("Zorg dat de te beproeven techniek gereed is en volledig is opgenomen in de te delen materialen (referentie-implementatie, developers guide, testdossiers, testscripts, etc.).",
						"Make sure the technology under trial is ready and fully covered by the materials to share (reference implementation, developer's guide, test dossiers, test scripts, etc.)."),
				},
				VariantFunctioneel: {
					txt("Deelnemers hebben niet altijd kennis van een PGO. Begin de presentatie met een basale uitleg en geef als huiswerk mee dat men een PGO test.",
						"Participants do not always know what a PGO is. Start the presentation with a basic explanation and give them testing a PGO as homework."),
					txt("Vraag vooraf uit welke vragen er bij deelnemers spelen, zodat je die direct tijdens de kick-off kunt bespreken.",
						"Ask participants beforehand what questions they have, so you can discuss them right away at the kick-off."),
				},
			},
		},
		{
			Number: 4,
			Name:   txt("Finaliseren voorbereiding", "Finalising preparation"),
			Goal: txt("De laatste inhoudelijke en praktische zaken rond de Hackathon-dag(en) afronden.",
				"Complete the last content and practical matters around the hackathon day(s)."),
			Description: txt("Tijdens de finaliserende voorbereidingsfase worden de laatste zaken rond de Hackathon-dag(en) afgerond. Deelnemers krijgen aanvullende informatie en iedereen is voorbereid op de werkzaamheden tijdens de dag(en).",
				"The finalising phase completes the last matters around the hackathon day(s). Participants receive additional information and everyone is prepared for the work during the day(s)."),
			AttentionPoints: map[Variant][]Text{
				VariantTechnisch: {
					txt("Laat het triageteam en het loggingsteam uit dezelfde mensen bestaan, zodat er efficiënter gelogd en getriageerd kan worden.",
						"Let the triage team and the logging team consist of the same people, so logging and triage are more efficient."),
				},
				VariantFunctioneel: {
					txt("Controleer of er bij de deelnemers een aanvullende informatiebehoefte speelt: voor veel deelnemers kan een Hackathon of MedMij nieuw zijn.",
						"Check whether participants need additional information: for many of them a hackathon or MedMij may be new."),
				},
			},
		},
		{
			Number: 5,
			Name:   txt("Snelcheck (go/no-go deelnemer)", "Snelcheck (go/no-go per participant)"),
			Goal: txt("Duidelijk krijgen welke deelnemers gereed zijn om mee te doen aan de Hackathon-dag(en).",
				"Establish which participants are ready to take part in the hackathon day(s)."),
			Description: txt("Tijdens de snelcheck wordt duidelijk welke deelnemers gereed zijn om mee te doen aan de Hackathon-dag(en).",
				"The snelcheck (quick check) makes clear which participants are ready to take part in the hackathon day(s)."),
			GoNoGo: RoleDeelnemer,
			Tips: []Text{
				txt("Werk zoveel mogelijk met zelfverklaringen of automatisch testen (bijvoorbeeld via de testtool). Bij een grote groep wordt persoonlijke berichtgeving/terugkoppeling niet geadviseerd.",
					"Rely as much as possible on self-declarations or automated testing (e.g. through the test tool). With a large group, personal messages/feedback are not advised."),
			},
			AttentionPoints: map[Variant][]Text{
				VariantTechnisch: {
					txt("Wordt de snelcheck niet gehaald, overweeg dan de Hackathon te verplaatsen. Een technische Hackathon vindt waarschijnlijk met een kleine groep plaats en je wilt zoveel mogelijk deelnemers laten meedoen.",
						"If the snelcheck is not passed, consider moving the hackathon. A technical hackathon probably has a small group and you want as many participants as possible to take part."),
					txt("Automatiseer de snelcheck indien mogelijk met een testtool.",
						"Automate the snelcheck with a test tool where possible."),
				},
				VariantFunctioneel: {
					txt("Wees streng bij de snelcheck: deelnemers die er niet aan voldoen maar toch worden doorgelaten, zorgen voor vertraging tijdens de Hackathon-dag.",
						"Be strict at the snelcheck: participants let through without passing it will cause delays on the hackathon day."),
				},
			},
		},
		{
			Number: 6,
			Name:   txt("Hackathon dag 1 & evaluatie", "Hackathon day 1 & evaluation"),
			Goal: txt("De gegevensuitwisseling daadwerkelijk testen en de uitkomsten met deelnemers bespreken.",
				"Actually test the data exchange and discuss the outcomes with participants."),
			Description: txt("Op de Hackathon-dag(en) worden uitwisselingen met betrokken partijen getest. Aan het einde van de dag is de uitvoering geëvalueerd, gaat berichtgeving naar buiten en weten deelnemers welke acties zij naar aanleiding van de dag moeten uitvoeren.",
				"On the hackathon day(s) exchanges with the parties involved are tested. At the end of the day the execution has been evaluated, messages go out, and participants know which actions they must take following the day."),
			AttentionPoints: map[Variant][]Text{
				VariantTechnisch: {
					txt("Zorg dat de juiste specialisten aanwezig zijn en/of stand-by staan.",
						"Make sure the right specialists are present and/or on standby."),
				},
				VariantFunctioneel: {
					txt("Monitor de voortgang van de groep en pas de planning zo nodig aan.",
						"Monitor the group's progress and adjust the schedule if needed."),
					txt("Controleer ter plekke de kwaliteit van de logging en geef deelnemers feedback.",
						"Check the quality of logging on the spot and give participants feedback."),
					txt("Doe regelmatig een check-in, zodat deelnemers ervaren dat ze ondersteund worden in het testproces.",
						"Check in regularly so participants feel supported in the testing process."),
				},
			},
		},
		{
			Number: 7,
			Name:   txt("Issueoverzicht, opvolging, onderzoek & oplossen", "Issue overview, follow-up, investigation & resolution"),
			Goal: txt("Openstaande issues beleggen bij actoren.",
				"Assign open issues to actors."),
			Description: txt("In de fase na de Hackathon-dag(en) worden openstaande issues belegd bij actoren. Er is doorlopend contact om de voortgang van het oplossen van de issues te monitoren.",
				"After the hackathon day(s) open issues are assigned to actors. Continuous contact monitors the progress of solving them."),
			Repeatable: true,
			AttentionPoints: map[Variant][]Text{
				VariantTechnisch: {
					txt("Beleg de issues in overleg bij de juiste specialist en spreek een vervolgplan af.",
						"Assign the issues to the right specialist in consultation and agree a follow-up plan."),
				},
				VariantFunctioneel: {
					txt("Zorg dat bij alle deelnemers, en specifiek bij zorgaanbieders, één persoon verantwoordelijk is voor het opvolgen van issues.",
						"Make sure that at every participant, and at care providers in particular, one person is responsible for following up issues."),
				},
			},
		},
		{
			Number: 8,
			Name:   txt("Hackathon dag N (optioneel)", "Hackathon day N (optional)"),
			Goal: txt("De gegevensuitwisseling (indien van toepassing) nogmaals testen.",
				"Test the data exchange again (if applicable)."),
			Description: txt("Indien van toepassing kan er een extra Hackathon-dag ingepland worden. De mijlpalen van fase 6 en 7 zijn hierop van toepassing; fase 7 en 8 itereren naar behoefte.",
				"If applicable, an extra hackathon day can be scheduled. The milestones of phases 6 and 7 apply to it; phases 7 and 8 iterate as needed."),
			Repeatable:      true,
			AttentionPoints: map[Variant][]Text{},
		},
		{
			Number: 9,
			Name:   txt("Afronding", "Closing"),
			Goal: txt("Een eindrapportage opstellen; deelnemers zijn op de hoogte van én verantwoordelijk voor openstaande acties.",
				"Write a final report; participants know about, and are responsible for, open actions."),
			Description: txt("In de afrondende fase wordt een eindrapportage opgesteld en zijn deelnemers op de hoogte van openstaande acties. De issues worden overgedragen aan de verantwoordelijke actoren. Na afronding blijven enkele zaken over, zoals root cause analysis en het opvolgen van openstaande issues.",
				"The closing phase produces a final report and makes sure participants know about open actions. Issues are handed over to the responsible actors. Some matters remain after closing, such as root cause analysis and following up open issues."),
			AttentionPoints: map[Variant][]Text{
				VariantTechnisch: {
					txt("Zorg dat stakeholders weten welke wijzigingen meegenomen kunnen worden in hun ontwikkelagenda.",
						"Make sure stakeholders know which changes can be taken into their development agendas."),
				},
				VariantFunctioneel: {
					txt("Zorg dat deelnemers begrijpen wat er van ze verwacht wordt (root cause analysis, etc.).",
						"Make sure participants understand what is expected of them (root cause analysis, etc.)."),
				},
			},
		},
	}
}

// PhaseByNumber returns phase n (1–9).
func PhaseByNumber(n int) (Phase, bool) {
	if n < 1 || n > 9 {
		return Phase{}, false
	}
	return Phases()[n-1], true
}
