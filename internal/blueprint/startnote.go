package blueprint

// StartNoteSection is one required part of the start note (startnotitie,
// milestone 1B), with the canvas fields it is generated from.
type StartNoteSection struct {
	Key        string
	Title      Text
	SourceKeys []string // CanvasField keys, in the order they are quoted
}

// StartNoteSections returns the eight parts the blueprint requires of the
// start note at minimum: reason, goal, scope, effort, capacity,
// stakeholders, material and planning.
func StartNoteSections() []StartNoteSection {
	return []StartNoteSection{
		{Key: "reason", Title: txt("Aanleiding", "Reason"),
			SourceKeys: []string{"aanleiding_achtergrond", "aanleiding_middel"}},
		{Key: "goal", Title: txt("Doel", "Goal"),
			SourceKeys: []string{"aanleiding_doel", "aanleiding_opbrengst", "test_succescriteria"}},
		{Key: "scope", Title: txt("Scope", "Scope"),
			SourceKeys: []string{"scope_gegevensdienst", "scope_variant", "scope_keten", "test_onderwerp", "scope_buiten"}},
		{Key: "effort", Title: txt("Inzet", "Effort"),
			SourceKeys: []string{"org_rollen", "org_kosten", "relatie_vergoeding"}},
		{Key: "capacity", Title: txt("Capaciteit", "Capacity"),
			SourceKeys: []string{"org_capaciteit", "scope_aantal", "event_locatie"}},
		{Key: "stakeholders", Title: txt("Stakeholders", "Stakeholders"),
			SourceKeys: []string{"org_opdrachtgever", "org_financier", "org_opdrachtnemer", "org_stakeholders", "scope_deelnemers"}},
		{Key: "material", Title: txt("Materiaal", "Material"),
			SourceKeys: []string{"test_dossiers", "test_scenarios", "testen_omgeving", "testen_tooling", "techniek_ondersteuning", "issue_systeem"}},
		{Key: "planning", Title: txt("Planning", "Planning"),
			SourceKeys: []string{"scope_planning", "event_data", "conclusie_vervolg"}},
	}
}
