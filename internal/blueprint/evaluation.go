package blueprint

// EvaluationTheme groups evaluation questions. The blueprint (annex 5) asks
// at least for organisation and communication, and tools and technology.
type EvaluationTheme struct {
	Key   string
	Title Text
}

// EvaluationQuestion is a default question for the evaluation of a
// hackathon day (milestones 2L and 6A).
type EvaluationQuestion struct {
	Key   string
	Theme string // EvaluationTheme key
	Text  Text
	Scale bool // answered on a 1–5 scale; otherwise open
}

// EvaluationThemes returns the themes in order.
func EvaluationThemes() []EvaluationTheme {
	return []EvaluationTheme{
		{Key: "organisatie", Title: txt("Organisatie en communicatie", "Organisation and communication")},
		{Key: "techniek", Title: txt("Tools en techniek", "Tools and technology")},
		{Key: "uitwisseling", Title: txt("Uitwisseling en resultaat", "Exchange and results")},
		{Key: "algemeen", Title: txt("Algemeen", "General")},
	}
}

// EvaluationRoles returns the participant roles that get their own
// questions (DVP, DVA, care provider, other, as in milestone 2L).
func EvaluationRoles() []ChainRole {
	return []ChainRole{ChainPGO, ChainDVA, ChainZorgaanbieder, ChainOverig}
}

// EvaluationDefaults returns the default questions per participant role:
// common questions on organisation, communication, tools and technology,
// plus role-specific questions on the exchange. Order is theme order.
func EvaluationDefaults() map[ChainRole][]EvaluationQuestion {
	org := []EvaluationQuestion{
		{Key: "org_oordeel", Theme: "organisatie", Scale: true,
			Text: txt("Hoe beoordeelt u de organisatie van de Hackathon-dag?", "How do you rate the organisation of the hackathon day?")},
		{Key: "org_informatie", Theme: "organisatie", Scale: true,
			Text: txt("Was de informatie vooraf (kick-off, snelcheck, draaiboek) duidelijk en tijdig?", "Was the information beforehand (kick-off, snelcheck, runbook) clear and timely?")},
		{Key: "org_programma", Theme: "organisatie", Scale: true,
			Text: txt("Sloten het programma en de tafelindeling aan bij uw werk op de dag?", "Did the programme and table layout suit your work on the day?")},
		{Key: "org_ondersteuning", Theme: "organisatie", Scale: true,
			Text: txt("Voelde u zich tijdens de dag voldoende ondersteund door het projectteam?", "Did you feel sufficiently supported by the project team during the day?")},
	}
	tech := []EvaluationQuestion{
		{Key: "tech_aansluiten", Theme: "techniek", Scale: true,
			Text: txt("Hoe verliep het aansluiten op de testomgeving?", "How did connecting to the test environment go?")},
		{Key: "tech_testmateriaal", Theme: "techniek", Scale: true,
			Text: txt("Waren de testdossiers en testscenario's bruikbaar?", "Were the test dossiers and test scenarios usable?")},
		{Key: "tech_logging", Theme: "techniek", Scale: true,
			Text: txt("Hoe verliep het vastleggen van bevindingen in het issuemanagementsysteem?", "How did recording findings in the issue management system go?")},
		{Key: "tech_tooling", Theme: "techniek",
			Text: txt("Welke problemen ondervond u met tools of techniek?", "Which problems did you run into with tools or technology?")},
	}
	general := []EvaluationQuestion{
		{Key: "alg_verbeteren", Theme: "algemeen",
			Text: txt("Wat kan er bij een volgende Hackathon beter?", "What could be better at a next hackathon?")},
		{Key: "alg_opnieuw", Theme: "algemeen", Scale: true,
			Text: txt("Hoe waarschijnlijk is het dat u opnieuw deelneemt?", "How likely are you to take part again?")},
	}
	specific := map[ChainRole][]EvaluationQuestion{
		ChainPGO: {
			{Key: "pgo_getoond", Theme: "uitwisseling", Scale: true,
				Text: txt("Werden de opgehaalde gegevens volledig en correct getoond in uw PGO?", "Was the retrieved data shown completely and correctly in your PGO?")},
			{Key: "pgo_knelpunten", Theme: "uitwisseling",
				Text: txt("Welke gegevens konden niet (goed) opgehaald of weergegeven worden?", "Which data could not be retrieved or displayed (well)?")},
		},
		ChainDVA: {
			{Key: "dva_aanbieden", Theme: "uitwisseling", Scale: true,
				Text: txt("Konden de gegevens volledig en conform de gegevensdienst aangeboden worden?", "Could the data be offered completely and according to the data service?")},
			{Key: "dva_knelpunten", Theme: "uitwisseling",
				Text: txt("Welke knelpunten ervoer u bij autorisatie, toestemming of het leveren van gegevens?", "Which bottlenecks did you meet in authorisation, consent or delivering data?")},
		},
		ChainZorgaanbieder: {
			{Key: "za_presentatie", Theme: "uitwisseling", Scale: true,
				Text: txt("Hoe beoordeelt u de presentatie van uw gegevens in de verschillende PGO's?", "How do you rate the presentation of your data in the different PGOs?")},
			{Key: "za_testdossier", Theme: "uitwisseling",
				Text: txt("Was het klaarzetten van testdossiers in het bronsysteem haalbaar? Wat liep er mis?", "Was preparing the test dossiers in the source system feasible? What went wrong?")},
		},
		ChainOverig: {
			{Key: "overig_observaties", Theme: "uitwisseling",
				Text: txt("Wat viel u op aan de uitwisseling en de gevonden issues?", "What struck you about the exchange and the issues found?")},
		},
	}
	out := make(map[ChainRole][]EvaluationQuestion, len(specific))
	for _, r := range EvaluationRoles() {
		var qs []EvaluationQuestion
		qs = append(qs, org...)
		qs = append(qs, tech...)
		qs = append(qs, specific[r]...)
		qs = append(qs, general...)
		out[r] = qs
	}
	return out
}
