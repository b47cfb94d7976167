package blueprint

// Milestone (mijlpaal) is a result that must be reached by the end of its
// phase. IDs run from 1A to 9F as in the blueprint's milestone table.
type Milestone struct {
	ID          string // "1A" … "9F"
	Phase       int
	Title       Text
	Description Text
	// Blocks involved; all six for the blueprint's "Alle", none for the
	// pointer milestones 7A and 8A.
	Blocks []BuildingBlock
	// Responsible role; empty for 7A and 8A ("n.v.t." in the blueprint).
	Responsible Role
	// Optional milestones: 9B (root cause analysis) and the pointer
	// milestones 7A and 8A, which only apply when there is an extra day.
	Optional bool
	// SeePhases lists the phases whose milestones a pointer milestone
	// refers to: 7A → 4, 8A → 6 and 7.
	SeePhases []int
	// Default due date: DueOffsetDays after the DueRelativeTo date.
	DueRelativeTo DueAnchor
	DueOffsetDays int
}

// MilestonesForPhase returns the milestones of phase n in order.
func MilestonesForPhase(n int) []Milestone {
	var out []Milestone
	for _, m := range Milestones() {
		if m.Phase == n {
			out = append(out, m)
		}
	}
	return out
}

// MilestoneByID returns the milestone with the given ID ("2G").
func MilestoneByID(id string) (Milestone, bool) {
	for _, m := range Milestones() {
		if m.ID == id {
			return m, true
		}
	}
	return Milestone{}, false
}

// MilestoneIDs returns the 51 milestone IDs in order.
func MilestoneIDs() []string {
	ms := Milestones()
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	return ids
}

func blocks(b ...BuildingBlock) []BuildingBlock { return b }

// Milestones returns all 51 milestones (1A–9F) in order. Each call returns
// fresh data. Titles and descriptions follow the Dutch blueprint.
func Milestones() []Milestone {
	comm := blocks(BlockCommunicatie)
	five := blocks(BlockCommunicatie, BlockTechniek, BlockTesten, BlockIssuemanagement, BlockEventplanning)
	test := blocks(BlockTesten)
	issue := blocks(BlockIssuemanagement)
	rel := blocks(BlockRelatiemanagement)
	event := blocks(BlockEventplanning)

	return []Milestone{
		// Phase 1: design.
		{ID: "1A", Phase: 1, Blocks: BuildingBlocks(), Responsible: RoleOpdrachtnemer, DueRelativeTo: DueKickoff, DueOffsetDays: -120,
			Title: txt("MedMij Hackathon Canvas ingevuld", "MedMij Hackathon Canvas filled in"),
			Description: txt("Met alle betrokkenen wordt het MedMij Hackathon Canvas ingevuld. Dit is het ontwerp van het project.",
				"The MedMij Hackathon Canvas is filled in with everyone involved. It is the design of the project.")},
		{ID: "1B", Phase: 1, Blocks: BuildingBlocks(), Responsible: RoleOpdrachtnemer, DueRelativeTo: DueKickoff, DueOffsetDays: -110,
			Title: txt("Startnotitie ingediend", "Start note submitted"),
			Description: txt("Op basis van het MedMij Hackathon Canvas wordt een startnotitie opgesteld en aangeboden aan de opdrachtgever. De startnotitie bevat ten minste aanleiding, doel, scope, inzet, capaciteit, stakeholders, materiaal en planning. De opdrachtgever geeft een go/no-go aan het projectteam.",
				"Based on the MedMij Hackathon Canvas a start note is written and offered to the client. It contains at least reason, goal, scope, effort, capacity, stakeholders, material and planning. The client gives the project team a go/no-go.")},

		// Phase 2: preparation.
		{ID: "2A", Phase: 2, Blocks: comm, Responsible: RoleCommunicatieExpert, DueRelativeTo: DueKickoff, DueOffsetDays: -90,
			Title: txt("Communicatieplan", "Communication plan"),
			Description: txt("Het communicatieplan wordt opgesteld met de betrokken partijen en behandelt context, doelstellingen, werving, aanmeldingen, berichtgeving, hoe/waarover/wanneer informeren en de communicatiekalender (zie bijlage 4).",
				"The communication plan is drawn up with the parties involved and covers context, goals, recruitment, registrations, messaging, how/what/when to inform, and the communication calendar (see annex 4).")},
		{ID: "2B", Phase: 2, Blocks: comm, Responsible: RoleCommunicatieExpert, DueRelativeTo: DueKickoff, DueOffsetDays: -75,
			Title: txt("Aanmeldprocedure voor deelnemers", "Registration procedure for participants"),
			Description: txt("Deelnemers kunnen zich aanmelden voor de kick-off en de Hackathon, bijvoorbeeld via een online formulier, een formulier op een website of per e-mail.",
				"Participants can register for the kick-off and the hackathon, e.g. through an online form, a form on a website or by e-mail.")},
		{ID: "2C", Phase: 2, Blocks: comm, Responsible: RoleCommunicatieExpert, DueRelativeTo: DueKickoff, DueOffsetDays: -60,
			Title: txt("Uitnodigen deelnemers", "Participants invited"),
			Description: txt("(Potentiële) deelnemers zijn uitgenodigd zich in te schrijven voor de Hackathon en de kick-off. Maak gebruik van de communicatiekanalen van de betrokken partijen.",
				"(Potential) participants are invited to register for the hackathon and the kick-off. Use the communication channels of the parties involved.")},
		{ID: "2D", Phase: 2, Blocks: comm, Responsible: RoleCommunicatieExpert, DueRelativeTo: DueKickoff, DueOffsetDays: -30,
			Title: txt("Slidedeck voor kick-off", "Slide deck for the kick-off"),
			Description: txt("De kick-off is voorbereid en er is een slidedeck. Tijdens de kick-off worden ten minste de context, de doelstellingen van de Hackathon, het verloop en de snelcheck besproken. Het slidedeck wordt na de kick-off gedeeld met geïnteresseerden.",
				"The kick-off is prepared with a slide deck. It covers at least the context, the hackathon's goals, its course and the snelcheck. The deck is shared with those interested after the kick-off.")},
		{ID: "2E", Phase: 2, Blocks: five, Responsible: RoleCommunicatieExpert, DueRelativeTo: DueKickoff, DueOffsetDays: -30,
			Title: txt("Concept draaiboek", "Concept runbook"),
			Description: txt("De conceptversie van het draaiboek van de fysieke Hackathon-dag is opgesteld. Het beschrijft het verloop van de dag, inclusief het loggen van issues (zie bijlage 1).",
				"The concept version of the runbook (draaiboek) for the on-site hackathon day is drawn up. It describes the course of the day, including how issues are logged (see annex 1).")},
		{ID: "2F", Phase: 2, Blocks: comm, Responsible: RoleCommunicatieExpert, DueRelativeTo: DueKickoff, DueOffsetDays: -45,
			Title: txt("Berichtgeving naar deelnemers", "Messaging to participants"),
			Description: txt("Potentiële deelnemers ontvangen een uitnodiging voor de kick-off met nadere informatie.",
				"Potential participants receive an invitation to the kick-off with further information.")},
		{ID: "2G", Phase: 2, Blocks: blocks(BlockTechniek, BlockCommunicatie, BlockTesten), Responsible: RoleTechnischCoordinator, DueRelativeTo: DueKickoff, DueOffsetDays: -45,
			Title: txt("Snelcheck opgesteld", "Snelcheck drawn up"),
			Description: txt("Alle deelnemers moeten aan diverse eisen voldoen voordat ze mee kunnen doen aan de fysieke Hackathon-dag. Deze eisen zijn opgenomen in de snelcheck (zie bijlage 3).",
				"Every participant must meet a number of requirements before joining the on-site hackathon day. These requirements make up the snelcheck (quick check; see annex 3).")},
		{ID: "2H", Phase: 2, Blocks: blocks(BlockTesten, BlockTechniek), Responsible: RoleTestcoordinator, DueRelativeTo: DueKickoff, DueOffsetDays: -60,
			Title: txt("Keuze en inrichting testomgeving", "Test environment chosen and set up"),
			Description: txt("Alle deelnemers moeten aangesloten zijn op een testomgeving. Voor de fysieke Hackathon-dag is besloten wat er getest wordt, is een testomgeving gekozen (bijv. de MedMij-zandbak) en is die volledig ingericht.",
				"Every participant must be connected to a test environment. Before the on-site day it is decided what is tested, a test environment is chosen (e.g. the MedMij sandbox) and it is fully set up.")},
		{ID: "2I", Phase: 2, Blocks: test, Responsible: RoleTestcoordinator, DueRelativeTo: DueKickoff, DueOffsetDays: -45,
			Title: txt("Concept testdossier(s)", "Concept test dossier(s)"),
			Description: txt("De inhoud van de testdossiers, codelijsten, zibs en gegevensdiensten is opgesteld en afgestemd met betrokkenen, zoals Nictiz en eventueel zorgaanbieders. De zorgaanbieders voeren één of meer testdossiers op in hun bronsysteem.",
				"The content of the test dossiers, code lists, zibs and data services is drawn up and agreed with those involved, such as Nictiz and possibly care providers. Care providers enter one or more test dossiers in their source system.")},
		{ID: "2J", Phase: 2, Blocks: test, Responsible: RoleTestcoordinator, DueRelativeTo: DueKickoff, DueOffsetDays: -40,
			Title: txt("Concept testscenario('s)", "Concept test scenario(s)"),
			Description: txt("Naast de testdossiers zijn testscenario's opgesteld die tijdens de fysieke Hackathon-dag doorlopen worden. Ze worden opgesteld met de betrokken partijen (ten minste Nictiz).",
				"Besides the test dossiers, test scenarios are drawn up to run through during the on-site hackathon day, together with the parties involved (at least Nictiz).")},
		{ID: "2K", Phase: 2, Blocks: test, Responsible: RoleTestcoordinator, DueRelativeTo: DueKickoff, DueOffsetDays: -75,
			Title: txt("Keuze testtooling", "Choice of test tooling"),
			Description: txt("Besloten is of en welke testtooling ingezet wordt (bijv. InteropLAB of een testtool).",
				"It is decided whether and which test tooling is used (e.g. InteropLAB or a test tool).")},
		{ID: "2L", Phase: 2, Blocks: blocks(BlockTesten, BlockTechniek, BlockIssuemanagement), Responsible: RoleTestcoordinator, DueRelativeTo: DueKickoff, DueOffsetDays: -30,
			Title: txt("Evaluatievragen opstellen", "Evaluation questions drawn up"),
			Description: txt("Na de fysieke Hackathon-dag wordt met de deelnemers geëvalueerd. Daarvoor zijn evaluatievragen opgesteld voor de verschillende rollen (DVP, DVA, zorgaanbieder, overig; zie bijlage 5). De evaluatie kan fysiek of digitaal plaatsvinden, bijvoorbeeld met een digitaal formulier.",
				"After the on-site hackathon day there is an evaluation with the participants, using evaluation questions drawn up per role (DVP, DVA, care provider, other; see annex 5). It can be held on site or digitally, e.g. with a digital form.")},
		{ID: "2M", Phase: 2, Blocks: issue, Responsible: RoleIssuecoordinator, DueRelativeTo: DueKickoff, DueOffsetDays: -45,
			Title: txt("Issuemanagementsysteem ingericht", "Issue management system set up"),
			Description: txt("Het issuemanagementsysteem (bijv. JIRA) is ingericht, zodat issues gestructureerd geregistreerd kunnen worden. Er zijn labels (of epics) gedefinieerd om later op te kunnen filteren. Deelnemers krijgen toegang in fase 4.",
				"The issue management system (e.g. JIRA) is set up so issues can be registered in a structured way, with labels (or epics) defined to filter on later. Participants get access in phase 4.")},
		{ID: "2N", Phase: 2, Blocks: issue, Responsible: RoleIssuecoordinator, DueRelativeTo: DueKickoff, DueOffsetDays: -30,
			Title: txt("Bemensing en werkzaamheden loggingsteam en triageteam", "Logging team and triage team staffed"),
			Description: txt("Het loggingsteam en het triageteam zijn bemand. Besloten is hoe er getriageerd wordt en op welke elementen, thema's en categorieën. Beide teams zijn fysiek aanwezig op de Hackathon-dag: het loggingsteam om issues te registreren, het triageteam om een indruk te krijgen van de aard van de issues.",
				"The logging team and the triage team are staffed. It is decided how triage works and on which elements, themes and categories. Both teams are on site on the hackathon day: the logging team to register issues, the triage team to get an impression of their nature.")},
		{ID: "2O", Phase: 2, Blocks: rel, Responsible: RoleRelatiemanager, DueRelativeTo: DueKickoff, DueOffsetDays: -80,
			Title: txt("(Potentiële) deelnemers benaderen en (informeel) commitment ophalen", "(Potential) participants approached, (informal) commitment gathered"),
			Description: txt("Er is contact gezocht met (potentiële) deelnemers voor de Hackathon-dag en (informeel) commitment opgehaald. Zo is het aantal deelnemers in te schatten en is bekend wie de kick-off bijwoont.",
				"(Potential) participants for the hackathon day have been contacted and (informal) commitment gathered, so the number of participants can be estimated and it is known who attends the kick-off.")},
		{ID: "2P", Phase: 2, Blocks: rel, Responsible: RoleRelatiemanager, DueRelativeTo: DueKickoff, DueOffsetDays: -75,
			Title: txt("Vergoeding deelnemers vaststellen", "Participant compensation agreed"),
			Description: txt("Met de opdrachtgever wordt de vergoeding voor deelnemers aan de Hackathon-dag vastgesteld. Het Canvas bevat hiervoor een voorstel.",
				"The compensation for participants in the hackathon day is agreed with the client, starting from the proposal in the canvas.")},
		{ID: "2Q", Phase: 2, Blocks: event, Responsible: RoleEventplanner, DueRelativeTo: DueKickoff, DueOffsetDays: -90,
			Title: txt("Inplannen kick-off en Hackathon-dag(en)", "Kick-off and hackathon day(s) scheduled"),
			Description: txt("Er zijn data ingepland voor de kick-off en de Hackathon-dag(en), rekening houdend met de doorlooptijd van het traject zodat deelnemers voldoende voorbereidingstijd hebben.",
				"Dates are set for the kick-off and the hackathon day(s), allowing for the track's lead time so participants have enough time to prepare.")},
		{ID: "2R", Phase: 2, Blocks: event, Responsible: RoleEventplanner, DueRelativeTo: DueKickoff, DueOffsetDays: -75,
			Title: txt("Locatie(s) regelen", "Location(s) arranged"),
			Description: txt("Locaties voor de kick-off (indien fysiek) en de Hackathon-dag(en) zijn geregeld.",
				"Locations for the kick-off (if on site) and the hackathon day(s) are arranged.")},
		{ID: "2S", Phase: 2, Blocks: event, Responsible: RoleEventplanner, DueRelativeTo: DueKickoff, DueOffsetDays: -30,
			Title: txt("Plaatselijke infrastructuur en materialen regelen", "Local infrastructure and materials arranged"),
			Description: txt("De benodigdheden op locatie voor de Hackathon-dag(en) zijn voorbereid en gereed: tafelindeling, voldoende stroompunten, voldoende internetaansluitingen/bandbreedte, beeldschermen, etc.",
				"What is needed on site for the hackathon day(s) is prepared and ready: table layout, enough power points, enough internet connections/bandwidth, screens, etc.")},
		{ID: "2T", Phase: 2, Blocks: event, Responsible: RoleEventplanner, DueRelativeTo: DueKickoff, DueOffsetDays: -30,
			Title: txt("Catering", "Catering"),
			Description: txt("Voor de fysieke dag(en) is catering geregeld gedurende de dag (incl. lunch en borrel).",
				"Catering is arranged for the on-site day(s), throughout the day (including lunch and drinks).")},

		// Phase 3: participant kick-off.
		{ID: "3A", Phase: 3, Blocks: comm, Responsible: RoleCommunicatieExpert, DueRelativeTo: DueKickoff, DueOffsetDays: 0,
			Title: txt("Kick-off", "Kick-off held"),
			Description: txt("Tijdens de kick-off is de Hackathon uitgelegd aan de deelnemers en zijn zij op de hoogte van de benodigde voorbereidingen (snelcheck).",
				"At the kick-off the hackathon is explained to the participants and they know the preparations required (snelcheck).")},
		{ID: "3B", Phase: 3, Blocks: comm, Responsible: RoleCommunicatieExpert, DueRelativeTo: DueKickoff, DueOffsetDays: 0,
			Title: txt("Finaliseren deelnemers", "Participant list final"),
			Description: txt("Een definitieve lijst met deelnemers van de Hackathon-dag(en) is gereed.",
				"A final list of the participants of the hackathon day(s) is ready.")},

		// Phase 4: finalising preparation.
		{ID: "4A", Phase: 4, Blocks: five, Responsible: RoleCommunicatieExpert, DueRelativeTo: DueDay1, DueOffsetDays: -10,
			Title: txt("Draaiboek", "Runbook ready"),
			Description: txt("Het draaiboek is gereed om uit te sturen: onder andere het programma en de tafelindeling (op basis van de aanmeldingen) zijn gefinaliseerd.",
				"The runbook is ready to send: among other things, the programme and the table layout (based on the registrations) are final.")},
		{ID: "4B", Phase: 4, Blocks: blocks(BlockTechniek), Responsible: RoleTechnischCoordinator, DueRelativeTo: DueDay1, DueOffsetDays: -14,
			Title: txt("Deelnemers aansluiten op testomgeving", "Participants connected to the test environment"),
			Description: txt("Deelnemers zijn aangesloten op de testomgeving.",
				"Participants are connected to the test environment.")},
		{ID: "4C", Phase: 4, Blocks: test, Responsible: RoleTestcoordinator, DueRelativeTo: DueDay1, DueOffsetDays: -14,
			Title: txt("Testdossier(s)", "Test dossier(s) final"),
			Description: txt("De testdossiers zijn gefinaliseerd en gedeeld met de deelnemers.",
				"The test dossiers are final and shared with the participants.")},
		{ID: "4D", Phase: 4, Blocks: test, Responsible: RoleTestcoordinator, DueRelativeTo: DueDay1, DueOffsetDays: -14,
			Title: txt("Testscenario('s)", "Test scenario(s) final"),
			Description: txt("De testscenario's zijn gefinaliseerd en gedeeld met de deelnemers.",
				"The test scenarios are final and shared with the participants.")},
		{ID: "4E", Phase: 4, Blocks: issue, Responsible: RoleIssuecoordinator, DueRelativeTo: DueDay1, DueOffsetDays: -10,
			Title: txt("Accounts issuemanagementsysteem aangemaakt", "Issue system accounts created"),
			Description: txt("De deelnemers, het loggingsteam en het triageteam hebben accounts voor het issuemanagementsysteem. Het loggingsteam en het triageteam hebben voldoende rechten.",
				"The participants, the logging team and the triage team have accounts in the issue management system; the logging and triage teams have sufficient rights.")},
		{ID: "4F", Phase: 4, Blocks: issue, Responsible: RoleIssuecoordinator, DueRelativeTo: DueDay1, DueOffsetDays: -7,
			Title: txt("Loggingsteam en triageteam getraind", "Logging team and triage team trained"),
			Description: txt("Het loggingsteam en het triageteam hebben een training gevolgd (zie bijlage 6), weten waaruit hun taken bestaan en zijn voorbereid op hun werk tijdens de Hackathon-dag(en) en het vervolg.",
				"The logging team and the triage team have been trained (see annex 6), know what their tasks are and are prepared for their work on the hackathon day(s) and afterwards.")},
		{ID: "4G", Phase: 4, Blocks: rel, Responsible: RoleRelatiemanager, DueRelativeTo: DueDay1, DueOffsetDays: -3,
			Title: txt("Doorlopend contact met deelnemers", "Continuous contact with participants"),
			Description: txt("Tijdens de voorbereiding is er doorlopend contact met deelnemers. Mogelijke problemen worden tijdig geïdentificeerd en opgelost (al dan niet door iemand uit een ander bouwblok).",
				"During preparation there is continuous contact with participants. Possible problems are identified and solved in time (possibly by someone from another building block).")},
		{ID: "4H", Phase: 4, Blocks: event, Responsible: RoleEventplanner, DueRelativeTo: DueDay1, DueOffsetDays: -5,
			Title: txt("Finaliseren logistiek", "Logistics final"),
			Description: txt("De laatste logistieke zaken voor de Hackathon-dag zijn gereed, zoals het doorgeven van het definitieve aantal deelnemers, de parkeerlocatie en de catering. Onderdelen van mijlpaal 2R zijn gefinaliseerd.",
				"The last logistics for the hackathon day are settled, such as passing on the final number of participants, parking and catering. Parts of milestone 2R are finalised.")},

		// Phase 5: snelcheck.
		{ID: "5A", Phase: 5, Blocks: test, Responsible: RoleTestcoordinator, DueRelativeTo: DueDay1, DueOffsetDays: -7,
			Title: txt("Controle op het behalen van de snelcheck", "Snelcheck results checked"),
			Description: txt("Alle deelnemers zijn gecontroleerd op het al dan niet behalen van de snelcheck.",
				"Every participant has been checked on whether they passed the snelcheck.")},
		{ID: "5B", Phase: 5, Blocks: rel, Responsible: RoleRelatiemanager, DueRelativeTo: DueDay1, DueOffsetDays: -5,
			Title: txt("Contact met deelnemers over het behalen van de snelcheck", "Participants told their snelcheck result"),
			Description: txt("Deelnemers ontvangen (persoonlijk) bericht over het behalen van de snelcheck en daarmee de definitieve bevestiging van hun deelname aan de Hackathon-dag. Komt een deelnemer niet door de snelcheck, dan is deelname op eigen risico: mogelijk kunnen er dan geen gegevens uitgewisseld worden.",
				"Participants are told (personally) whether they passed the snelcheck, which confirms their place on the hackathon day. A participant who did not pass takes part at their own risk: they may not be able to exchange any data.")},
		{ID: "5C", Phase: 5, Blocks: comm, Responsible: RoleCommunicatieExpert, DueRelativeTo: DueDay1, DueOffsetDays: -2,
			Title: txt("Berichtgeving naar deelnemers", "Messaging to participants"),
			Description: txt("Deelnemers hebben inhoudelijke en logistieke informatie ontvangen voor de Hackathon-dag. Deel het draaiboek tijdig.",
				"Participants have received content and logistics information for the hackathon day. Share the runbook in time.")},

		// Phase 6: hackathon day 1 and evaluation.
		{ID: "6A", Phase: 6, Blocks: five, Responsible: RoleProjectleider, DueRelativeTo: DueDay1, DueOffsetDays: 0,
			Title: txt("Evaluatie Hackathon-dag afgerond", "Hackathon day evaluated"),
			Description: txt("Aan het einde van de Hackathon-dag wordt met de deelnemers (en het projectteam) geëvalueerd, met de evaluatievragen van mijlpaal 2L.",
				"At the end of the hackathon day the participants (and the project team) evaluate it, using the evaluation questions of milestone 2L.")},
		{ID: "6B", Phase: 6, Blocks: comm, Responsible: RoleCommunicatieExpert, DueRelativeTo: DueDay1, DueOffsetDays: 3,
			Title: txt("Berichtgeving naar deelnemers", "Feedback to participants"),
			Description: txt("De deelnemers van de Hackathon-dag(en) ontvangen een terugkoppeling van de dag: bevindingen, vervolg(proces) en eventuele acties voor betrokkenen.",
				"The participants of the hackathon day(s) receive feedback on the day: findings, the follow-up (process) and any actions for those involved.")},
		{ID: "6C", Phase: 6, Blocks: comm, Responsible: RoleCommunicatieExpert, DueRelativeTo: DueDay1, DueOffsetDays: 7,
			Title: txt("Publicatie nieuwsbericht(en)", "News item(s) published"),
			Description: txt("Via de reguliere kanalen is een nieuwsbericht over de Hackathon-dag(en) gepubliceerd, met een terugblik en een overzicht van de vervolgstappen.",
				"A news item about the hackathon day(s) is published through the regular channels, looking back and listing the next steps.")},
		{ID: "6D", Phase: 6, Blocks: issue, Responsible: RoleIssuecoordinator, DueRelativeTo: DueDay1, DueOffsetDays: 1,
			Title: txt("Issues gelogd in issuemanagementsysteem", "Issues logged in the issue management system"),
			Description: txt("Alle issues zijn op de juiste manier door het loggingsteam geregistreerd in het issuemanagementsysteem.",
				"All issues are correctly registered in the issue management system by the logging team.")},
		{ID: "6E", Phase: 6, Blocks: rel, Responsible: RoleRelatiemanager, DueRelativeTo: DueDay1, DueOffsetDays: 14,
			Title: txt("Doorlopend contact met deelnemers", "Continuous contact with participants"),
			Description: txt("Na afloop is er doorlopend contact met de deelnemers.",
				"After the day there is continuous contact with the participants.")},

		// Phase 7: issue overview, follow-up, investigation and resolution.
		{ID: "7A", Phase: 7, Optional: true, SeePhases: []int{4}, DueRelativeTo: DueDay1, DueOffsetDays: 14,
			Title: txt("Indien extra Hackathon-dag: zie mijlpalen bij fase 4", "If there is an extra hackathon day: see the milestones of phase 4"),
			Description: txt("Komt er een extra Hackathon-dag, dan gelden de mijlpalen van fase 4 opnieuw.",
				"If there is an extra hackathon day, the milestones of phase 4 apply again.")},
		{ID: "7B", Phase: 7, Blocks: issue, Responsible: RoleIssuecoordinator, DueRelativeTo: DueDay1, DueOffsetDays: 7,
			Title: txt("Toewijzen issues aan actoren", "Issues assigned to actors"),
			Description: txt("Het triageteam heeft alle issues in het issuemanagementsysteem toegewezen aan de juiste actor (bijv. Nictiz, MedMij, leverancier, etc.). Er staan geen issues meer open zonder toewijzing.",
				"The triage team has assigned every issue in the issue management system to the right actor (e.g. Nictiz, MedMij, a vendor, etc.). No issue is left unassigned.")},
		{ID: "7C", Phase: 7, Blocks: issue, Responsible: RoleIssuecoordinator, DueRelativeTo: DueDay1, DueOffsetDays: 28,
			Title: txt("Opvolgen issues bij actoren", "Issues followed up with actors"),
			Description: txt("Iedere actor zorgt voor het oplossen van de eigen issues. Vanuit de Hackathon worden actoren benaderd om updates te geven (issueopvolging). De actoren analyseren en plannen het oplossen en voeren dat uit (eventueel vóór een tweede Hackathon-dag). Actoren mogen issues in hun eigen issuemanagementsysteem registreren, maar de updates worden ook toegevoegd aan het issuemanagementsysteem van de Hackathon.",
				"Each actor solves its own issues. The hackathon approaches actors for updates (issue follow-up). Actors analyse and plan the fixes and carry them out (possibly before a second hackathon day). Actors may register issues in their own tracker, but updates are also added to the hackathon's issue management system.")},
		{ID: "7D", Phase: 7, Blocks: rel, Responsible: RoleRelatiemanager, DueRelativeTo: DueDay1, DueOffsetDays: 42,
			Title: txt("Doorlopend contact met deelnemers", "Continuous contact with participants"),
			Description: txt("Na afloop is er doorlopend contact met de deelnemers en wordt toezicht gehouden op het opvolgen en oplossen van de toegewezen issues.",
				"After the day there is continuous contact with the participants, supervising the follow-up and resolution of the assigned issues.")},

		// Phase 8: hackathon day N (optional).
		{ID: "8A", Phase: 8, Optional: true, SeePhases: []int{6, 7}, DueRelativeTo: DueLastDay, DueOffsetDays: 0,
			Title: txt("Zie mijlpalen bij fase 6 en 7", "See the milestones of phases 6 and 7"),
			Description: txt("Voor een extra Hackathon-dag gelden de mijlpalen van fase 6 en 7.",
				"The milestones of phases 6 and 7 apply to an extra hackathon day.")},

		// Phase 9: closing.
		{ID: "9A", Phase: 9, Blocks: issue, Responsible: RoleIssuecoordinator, DueRelativeTo: DueLastDay, DueOffsetDays: 30,
			Title: txt("Actueel overzicht van openstaande issues", "Current overview of open issues"),
			Description: txt("Na terugkoppeling van deelnemers is er een actueel overzicht van de issues (open, onopgelost, opgelost), inclusief oplossingstermijn. Issues die deelnemers nog niet hebben opgelost, worden na afronding van de Hackathon opgelost.",
				"After feedback from participants there is a current overview of the issues (open, unsolved, solved), including the resolution term. Issues participants have not yet solved are to be solved after the hackathon closes.")},
		{ID: "9B", Phase: 9, Blocks: issue, Responsible: RoleIssuecoordinator, Optional: true, DueRelativeTo: DueLastDay, DueOffsetDays: 45,
			Title: txt("Optioneel: root cause analysis", "Optional: root cause analysis"),
			Description: txt("Om issues goed te doorgronden wordt een root cause analysis uitgevoerd: wat is precies de oorzaak van het probleem en waar in de keten bevindt die zich? Deze analyse kan ook buiten de Hackathon geplaatst worden; dan is ze niet belegd bij het projectteam.",
				"To understand issues well, a root cause analysis establishes exactly what caused the problem and where in the chain it lies. It may be placed outside the hackathon, in which case the project team does not own it.")},
		{ID: "9C", Phase: 9, Blocks: issue, Responsible: RoleIssuecoordinator, DueRelativeTo: DueLastDay, DueOffsetDays: 45,
			Title: txt("Overdracht issues naar verantwoordelijke actor", "Issues handed over to the responsible actor"),
			Description: txt("Het overzicht van openstaande issues is overgedragen aan de verantwoordelijke actor(en) en er zijn afspraken gemaakt over de tijdslijn voor het oplossen.",
				"The overview of open issues is handed over to the responsible actor(s), with agreements on the timeline for solving them.")},
		{ID: "9D", Phase: 9, Blocks: five, Responsible: RoleProjectleider, DueRelativeTo: DueLastDay, DueOffsetDays: 60,
			Title: txt("Eindrapportage opstellen", "Final report"),
			Description: txt("De conceptversie van de eindrapportage is afgestemd met betrokkenen (MedMij, Nictiz, VZVZ, etc.), gereviseerd en daarna formeel opgeleverd aan de opdrachtgever.",
				"The concept final report is agreed with those involved (MedMij, Nictiz, VZVZ, etc.), revised and then formally delivered to the client.")},
		{ID: "9E", Phase: 9, Blocks: comm, Responsible: RoleCommunicatieExpert, DueRelativeTo: DueLastDay, DueOffsetDays: 60,
			Title: txt("Berichtgeving naar deelnemers", "Closing message to participants"),
			Description: txt("Afsluitende berichtgeving naar de deelnemers met resultaten, vervolgacties en de afsluiting van het traject.",
				"A closing message to the participants with results, follow-up actions and the end of the track.")},
		{ID: "9F", Phase: 9, Blocks: comm, Responsible: RoleCommunicatieExpert, DueRelativeTo: DueLastDay, DueOffsetDays: 60,
			Title: txt("Publicatie nieuwsbericht(en)", "Closing news item published"),
			Description: txt("Via de reguliere kanalen is een afsluitend nieuwsbericht gepubliceerd over de Hackathon en de behaalde resultaten.",
				"A closing news item about the hackathon and its results is published through the regular channels.")},
	}
}

// featureMilestones are completed by a feature of ketentest when its work
// is done (internal/testday: the snelcheck 2G, 5A, 5B; the published
// rounds and table layout 2S, 4A; the scenarios 2J, 4D), never by
// sending or marking a generic message.
var featureMilestones = map[string]bool{"2G": true, "2J": true, "2S": true, "4A": true, "4D": true, "5A": true, "5B": true}

// CompletedByFeature reports whether a ketentest feature completes the
// milestone (so a message serving it does not).
func CompletedByFeature(code string) bool { return featureMilestones[code] }
