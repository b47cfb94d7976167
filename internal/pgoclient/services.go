package pgoclient

import (
	"slices"

	"github.com/ketentest/ketentest/internal/fhir"
)

// Service is a data service the reference PGO can retrieve: its FHIR
// release and query set.
type Service struct {
	ID       string
	Name     string
	FHIR     fhir.Version
	Searches []Search
	// Script is the Nictiz PHR-Client TestScript (below ../shared/fhir)
	// the query set is taken from; empty when there is none.
	Script string
}

// VaccinationSearches is the query set of data service 63 (vaccinations,
// R4): the one search of the Nictiz PHR-Client TestScripts
// imm-retrieve-{cert,test}-1-x (TestServiceSearchesMatchScripts keeps them
// equal).
var VaccinationSearches = []Search{
	{Name: "Retrieve Immunization resources", Resource: "Immunization"},
}

// PZPSearches is the query set of proactive care planning (R4, the
// sandbox's data service "pzp"): treatment and advance directives
// (Consent by scope and category, with the people they name), the advance
// care planning conversations (Procedure) and the goals set in them. There
// is no Nictiz TestScript for it yet; the set follows the zib2020 profiles
// nl-core-TreatmentDirective2 / AdvanceDirective and the reference DVA.
var PZPSearches = []Search{
	{Name: "TreatmentDirective", Resource: "Consent", Params: "?scope=http://terminology.hl7.org/CodeSystem/consentscope|treatment&category=http://snomed.info/sct|129125009&_include=Consent:actor"},
	{Name: "TreatmentDirective-source", Resource: "Consent", Params: "?scope=http://terminology.hl7.org/CodeSystem/consentscope|treatment&category=http://snomed.info/sct|129125009&_include=Consent:source-reference"},
	{Name: "AdvanceDirective", Resource: "Consent", Params: "?scope=http://terminology.hl7.org/CodeSystem/consentscope|adr&category=http://terminology.hl7.org/CodeSystem/consentcategorycodes|acd&_include=Consent:actor"},
	{Name: "AdvanceCarePlanning-Procedure", Resource: "Procedure", Params: "?code=http://snomed.info/sct|713603004"},
	{Name: "AdvanceCarePlanning-Goal", Resource: "Goal", Params: "?category=http://snomed.info/sct|713603004"},
}

// Services are the data services the reference PGO can retrieve, by id.
var Services = map[string]Service{
	"48": {ID: "48", Name: "Basisgegevens Zorg (BgZ) 3.0", FHIR: fhir.STU3, Searches: BgZSearches,
		Script: "testscripts/STU3/BgZ-3-0/Cert/PHR-Client/medmij-bgz-phr-1-1-retrieve-bgz.xml"},
	"63": {ID: "63", Name: "Vaccinaties 1.0", FHIR: fhir.R4, Searches: VaccinationSearches,
		Script: "testscripts/R4/Immunization-2-0/Cert/PHR-Client/imm-retrieve-cert-1-1.xml"},
	"pzp": {ID: "pzp", Name: "Proactieve zorgplanning", FHIR: fhir.R4, Searches: PZPSearches},
}

// ServiceIDs lists the data services in the order the start form offers them.
func ServiceIDs() []string {
	ids := make([]string, 0, len(Services))
	for id := range Services {
		ids = append(ids, id)
	}
	slices.Sort(ids) // "48" < "63" < "pzp"
	return ids
}
