package testday

import (
	"context"

	"github.com/ketentest/ketentest/internal/apperr"
)

// ScenarioTemplate is a ready-made scenario: the blueprint's example and
// one per variant.
type ScenarioTemplate struct {
	Key   string        `json:"key"`
	Input ScenarioInput `json:"input"`
}

// ScenarioTemplates returns the templates for a data service ("48@STU3").
func ScenarioTemplates(service string) []ScenarioTemplate {
	return []ScenarioTemplate{
		{Key: "two_hospitals", Input: ScenarioInput{Title: "Eén PGO haalt op bij twee ziekenhuizen: overlappende velden", Service: service,
			Description: "Het voorbeeld uit de blauwdruk: een PGO haalt dezelfde gegevens op bij twee zorgaanbieders. Wat gebeurt er met velden die in beide voorkomen — overschrijft de laatste ophaalactie de eerste?",
			Dossiers:    "Testdossier met overlappende gegevens (bijv. allergieën en medicatie) bij beide ziekenhuizen", Patients: "Eén testpatiënt, bekend bij beide ziekenhuizen",
			Steps: []Step{
				{ActingRole: "pgo", Action: "Haal de gegevens op bij ziekenhuis A", Expected: "Alle gegevens van A staan in de PGO", Check: CheckAuto},
				{ActingRole: "pgo", Action: "Haal dezelfde gegevens op bij ziekenhuis B", Expected: "Alle gegevens van B staan in de PGO", Check: CheckAuto},
				{ActingRole: "pgo", Action: "Bekijk de velden die bij A en B voorkomen", Expected: "Beide bronnen blijven zichtbaar, met herkomst; niets wordt stil overschreven", Check: CheckManual},
				{ActingRole: "zorgaanbieder", Action: "Vergelijk de presentatie met het eigen dossier", Expected: "De patiënt ziet wat het ziekenhuis vastlegde", Check: CheckManual},
			}}},
		{Key: "technical", Input: ScenarioInput{Title: "Technisch: volledige en correcte uitwisseling", Service: service, Variant: "technisch",
			Description: "Worden de gegevens volledig en correct uitgewisseld? De presentatie in de PGO telt alleen in zoverre dat ze getoond worden.",
			Dossiers:    "Happy-flow-dossier, kwalificatiescript en bommendossier", Patients: "De testpatiënten van de dossiers",
			Steps: []Step{
				{ActingRole: "pgo", Action: "Doorloop de OAuth-flow bij de DVA", Expected: "Toegangstoken ontvangen", Check: CheckAuto},
				{ActingRole: "pgo", Action: "Voer alle zoekvragen van de gegevensdienst uit", Expected: "Elke zoekvraag antwoordt 200 met een geldige Bundle", Check: CheckAuto},
				{ActingRole: "dva", Action: "Controleer de logging van de uitwisseling", Expected: "Elke aanvraag staat in de logging met de MedMij-headers", Check: CheckManual},
				{ActingRole: "pgo", Action: "Haal het bommendossier op", Expected: "Randgevallen worden zonder fouten verwerkt", Check: CheckManual},
			}}},
		{Key: "functional", Input: ScenarioInput{Title: "Functioneel: presentatie en volledigheid in de PGO", Service: service, Variant: "functioneel",
			Description: "Hoe worden de gegevens in de PGO gepresenteerd, en is alles er? Leg elke stap vast met een schermafdruk.",
			Dossiers:    "Happy-flow-dossier", Patients: "Eén testpatiënt per zorgaanbieder",
			Steps: []Step{
				{ActingRole: "pgo", Action: "Haal de gegevens op en maak een schermafdruk van het overzicht", Expected: "Het overzicht toont alle rubrieken van de gegevensdienst", Check: CheckManual},
				{ActingRole: "zorgaanbieder", Action: "Vergelijk de schermafdruk met het bronsysteem", Expected: "Niets ontbreekt; eenheden en datums kloppen", Check: CheckManual},
				{ActingRole: "pgo", Action: "Bekijk een detail (bijv. een medicatieafspraak) met schermafdruk", Expected: "Het detail is begrijpelijk voor de patiënt", Check: CheckManual},
			}}},
	}
}

// CreateFromTemplate adds a concept scenario from a template.
func (s *Service) CreateFromTemplate(ctx context.Context, hackathonID int64, key, service string, by int64) (*Scenario, error) {
	for _, t := range ScenarioTemplates(service) {
		if t.Key == key {
			return s.CreateScenario(ctx, hackathonID, t.Input, by)
		}
	}
	return nil, apperr.Field("template", "one of two_hospitals, technical, functional")
}
