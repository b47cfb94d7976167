package synth

import (
	"fmt"

	"github.com/ketentest/ketentest/internal/fhir"
)

// person is one invented BgZ test patient and what differs in their dossier.
type person struct {
	n                       int
	given, family, initials string
	gender, birth           string
	city, street, house     string
	postcode                string
	contactName, relation   string // partner or child
	relationCode            string
	conditions              [][3]string // SNOMED code, display, onset
	living                  [2]string   // woonvorm code, display
	drugs                   [2]string   // SNOMED value
	alcohol                 [2]string
	tobacco                 [2]string
	allergen                [2]string // SNOMED substance
	medication              [3]string // ATC code, display, dosage text
	device                  [2]string // SNOMED device type
	vaccine                 [3]string // ATC code, display, date
	systolic, diastolic     string
	weight, height          string // kg, cm (decimal kept as written)
	hba1c                   string // mmol/mol
	procedure               [3]string
	alert                   [2]string
}

var bgzPatients = []person{
	{n: 1, given: "Anna", family: "XXX_Vermeer", initials: "A.", gender: "female", birth: "1962-04-17",
		city: "Utrecht", street: "Proefstraat", house: "12", postcode: "3511 AA",
		contactName: "Kees XXX_Vermeer", relation: "Echtgenoot", relationCode: "HUSB",
		conditions: [][3]string{{"44054006", "Diabetes mellitus type 2", "2009-03"}, {"38341003", "Hypertensie", "2014-06-02"}},
		living:     [2]string{"EENGEZW", "Eengezinswoning"}, drugs: [2]string{"228367002", "Gebruikt geen drugs"},
		alcohol: [2]string{"219006", "Drinkt alcohol"}, tobacco: [2]string{"8517006", "Ex-roker"},
		allergen:   [2]string{"373270004", "Penicilline"},
		medication: [3]string{"A10BA02", "Metformine 500 mg tablet", "2 maal per dag 1 tablet"},
		device:     [2]string{"337414009", "Bloedglucosemeter"},
		vaccine:    [3]string{"J07BB02", "Influenzavaccin", "2025-10-14"},
		systolic:   "138", diastolic: "86", weight: "78.4", height: "168", hba1c: "53",
		procedure: [3]string{"38102005", "Cholecystectomie", "2018-09-20"},
		alert:     [2]string{"416098002", "Allergie voor geneesmiddel"}},
	{n: 2, given: "Bram", family: "XXX_de Boer", initials: "B.", gender: "male", birth: "1948-11-02",
		city: "Zwolle", street: "Testlaan", house: "7b", postcode: "8011 ZZ",
		contactName: "Sanne XXX_de Boer", relation: "Dochter", relationCode: "DAU",
		conditions: [][3]string{{"49436004", "Atriumfibrilleren", "2019-01-15"}, {"13645005", "COPD", "2012"}},
		living:     [2]string{"APP", "Appartement"}, drugs: [2]string{"228367002", "Gebruikt geen drugs"},
		alcohol: [2]string{"105542008", "Drinkt geen alcohol"}, tobacco: [2]string{"77176002", "Roker"},
		allergen:   [2]string{"288328004", "Bijengif"},
		medication: [3]string{"B01AF01", "Rivaroxaban 20 mg tablet", "1 maal per dag 1 tablet bij de avondmaaltijd"},
		device:     [2]string{"6012004", "Hoortoestel"},
		vaccine:    [3]string{"J07BX03", "COVID-19-vaccin", "2025-09-30"},
		systolic:   "151", diastolic: "92", weight: "91.25", height: "181.5", hba1c: "41",
		procedure: [3]string{"80146002", "Appendectomie", "1971-05"},
		alert:     [2]string{"432415000", "Drager van MRSA"}},
	{n: 3, given: "Chaima", family: "XXX_El Idrissi", initials: "C.", gender: "female", birth: "1990-02-28",
		city: "Rotterdam", street: "Voorbeeldkade", house: "301", postcode: "3011 XX",
		contactName: "Yassin XXX_El Idrissi", relation: "Broer", relationCode: "BRO",
		conditions: [][3]string{{"195967001", "Astma", "2001"}},
		living:     [2]string{"APP", "Appartement"}, drugs: [2]string{"44870007", "Heeft in verleden drugs gebruikt"},
		alcohol: [2]string{"219006", "Drinkt alcohol"}, tobacco: [2]string{"266919005", "Nooit gerookt"},
		allergen:   [2]string{"256259004", "Pollen"},
		medication: [3]string{"R03AC02", "Salbutamol 100 microg/dosis aerosol", "zo nodig 1-2 inhalaties"},
		device:     [2]string{"50121007", "Bril"},
		vaccine:    [3]string{"J07BM03", "HPV-vaccin", "2003-09-15"},
		systolic:   "112", diastolic: "71", weight: "61.0", height: "172.0", hba1c: "35",
		procedure: [3]string{"44558001", "Herstel van liesbreuk", "2016-02-29"},
		alert:     [2]string{"416098002", "Allergie voor geneesmiddel"}},
}

// BgZ returns the synthetic BgZ dossier (STU3, zib2017): three patients
// with every section the 28 MedMij BgZ searches ask for, and the
// practitioners, organizations, medications and devices they reference.
func BgZ() ([]*fhir.Resource, error) {
	objs := bgzShared()
	for _, p := range bgzPatients {
		objs = append(objs, p.bgz()...)
	}
	return parse(fhir.STU3, objs)
}

const (
	gpOrg     = "bgz-org-huisarts"
	hospOrg   = "bgz-org-ziekenhuis"
	insurer   = "bgz-org-verzekeraar"
	pharmacy  = "bgz-org-apotheek"
	gp        = "bgz-prac-huisarts"
	internist = "bgz-prac-internist"
)

var names = map[string]string{
	gpOrg: "Huisartsenpraktijk XXX_De Linde", hospOrg: "Ziekenhuis XXX_Rivierenland", insurer: "Zorgverzekeraar XXX_Gezond",
	pharmacy: "Apotheek XXX_Centrum", gp: "dr. H. XXX_Jansen", internist: "dr. M. XXX_Öztürk",
}

func org(id, agbCode, typeCode, typeDisplay, city string) obj {
	return o("resourceType", "Organization", "id", id, "meta", meta(nlcore+"nl-core-organization"),
		"identifier", arr(ident(agb, agbCode)), "active", true,
		"type", arr(cc("urn:oid:2.16.840.1.113883.2.4.15.1060", typeCode, typeDisplay)),
		"name", names[id], "telecom", arr(o("system", "phone", "value", "+31 30 000 00"+agbCode[len(agbCode)-2:], "use", "work")),
		"address", arr(o("use", "work", "line", arr("Zorgplein 1"), "city", city, "postalCode", "3500 ZZ", "country", "NL")))
}

func prac(id, agbCode, family, given, gender string) obj {
	return o("resourceType", "Practitioner", "id", id, "meta", meta(nlcore+"nl-core-practitioner"),
		"identifier", arr(ident(agb, agbCode), ident(uzi, "9"+agbCode)), "active", true,
		"name", arr(o("use", "official", "text", names[id], "family", family, "given", arr(given), "prefix", arr("dr."))),
		"telecom", arr(o("system", "phone", "value", "+31 30 000 01"+agbCode[len(agbCode)-2:], "use", "work")), "gender", gender)
}

func role(id, pracID, orgID, specCode, specDisplay string) obj {
	return o("resourceType", "PractitionerRole", "id", id, "meta", meta(nlcore+"nl-core-practitionerrole"),
		"active", true, "practitioner", ref("Practitioner", pracID, names[pracID]), "organization", ref("Organization", orgID, names[orgID]),
		"specialty", arr(cc("urn:oid:2.16.840.1.113883.2.4.6.7", specCode, specDisplay)))
}

func bgzShared() []obj {
	out := []obj{
		org(gpOrg, "01999901", "Z3", "Huisartspraktijk (zelfstandig of groepspraktijk)", "Utrecht"),
		org(hospOrg, "06999902", "V4", "Ziekenhuis", "Zwolle"),
		org(pharmacy, "02999903", "J8", "Openbare apotheek", "Utrecht"),
		o("resourceType", "Organization", "id", insurer, "meta", meta(nlcore+"nl-core-organization"),
			"identifier", arr(ident("http://fhir.nl/fhir/NamingSystem/uzovi", "9999")), "active", true,
			"type", arr(cc("urn:oid:2.16.840.1.113883.2.4.15.1060", "ZV", "Zorgverzekeraar")), "name", names[insurer]),
		prac(gp, "01999911", "XXX_Jansen", "Hendrik", "male"),
		prac(internist, "03999912", "XXX_Öztürk", "Merve", "female"),
		role("bgz-role-huisarts", gp, gpOrg, "01.015", "Huisarts"),
		role("bgz-role-internist", internist, hospOrg, "01.018", "Internist"),
	}
	seen := map[string]bool{}
	for _, p := range bgzPatients {
		if m := p.medication; !seen[m[0]] {
			seen[m[0]] = true
			out = append(out, o("resourceType", "Medication", "id", medID(m[0]), "meta", meta(nictiz+"zib-Product"),
				"code", o("coding", arr(coding(atc, m[0], m[1])), "text", m[1])))
		}
		if d := p.device; !seen[d[0]] {
			seen[d[0]] = true
			out = append(out, o("resourceType", "Device", "id", "bgz-device-"+d[0], "meta", meta(nictiz+"zib-MedicalDeviceProduct"),
				"identifier", arr(ident("https://ketentest.nl/fhir/NamingSystem/hulpmiddel", "HM-"+d[0])),
				"type", cc(sct, d[0], d[1])))
		}
	}
	return out
}

func medID(atcCode string) string { return "bgz-med-" + atcCode }

func (p person) id(kind string) string { return fmt.Sprintf("bgz-%d-%s", p.n, kind) }

func (p person) name() string { return p.given + " " + p.family }

func (p person) bgz() []obj {
	pat := func() obj { return ref("Patient", p.id("patient"), p.name()) }
	gpRef := ref("Practitioner", gp, names[gp])
	intRef := ref("Practitioner", internist, names[internist])
	obs := func(kind, profile string, category obj, code obj, when string, value ...any) obj {
		x := o("resourceType", "Observation", "id", p.id(kind), "meta", meta(nictiz+profile), "status", "final")
		if category != nil {
			x = append(x, "category", arr(category))
		}
		x = append(x, "code", code, "subject", pat(), "effectiveDateTime", when, "performer", arr(gpRef))
		return append(x, value...)
	}
	vital := cc("http://hl7.org/fhir/observation-category", "vital-signs", "Vital Signs")
	social := cc("http://hl7.org/fhir/observation-category", "social-history", "Social History")
	out := []obj{
		o("resourceType", "Patient", "id", p.id("patient"), "meta", meta(nlcore+"nl-core-patient"),
			"identifier", arr(ident(patNrSys, fmt.Sprintf("KT-%04d", p.n))), "active", true,
			"name", arr(o("use", "official", "text", p.name(), "family", p.family, "given", arr(p.given))),
			"telecom", arr(o("system", "phone", "value", fmt.Sprintf("+31 6 0000 00%02d", p.n), "use", "mobile"),
				o("system", "email", "value", fmt.Sprintf("testpatient%d@example.org", p.n), "use", "home")),
			"gender", p.gender, "birthDate", p.birth,
			"address", arr(o("use", "home", "line", arr(p.street+" "+p.house), "city", p.city, "postalCode", p.postcode, "country", "NL")),
			"maritalStatus", cc("http://hl7.org/fhir/v3/MaritalStatus", "M", "Married"),
			"communication", arr(o("language", cc("urn:ietf:bcp:47", "nl", "Dutch"), "preferred", true)),
			"generalPractitioner", arr(ref("Organization", gpOrg, names[gpOrg])),
			"managingOrganization", ref("Organization", gpOrg, names[gpOrg])),
		o("resourceType", "RelatedPerson", "id", p.id("contact"), "meta", meta(nlcore+"nl-core-relatedperson"),
			"active", true, "patient", pat(), "relationship", cc(v3Role, p.relationCode, p.relation),
			"name", arr(o("use", "official", "text", p.contactName)),
			"telecom", arr(o("system", "phone", "value", fmt.Sprintf("+31 6 0000 10%02d", p.n), "use", "mobile"))),
		o("resourceType", "Coverage", "id", p.id("coverage"), "meta", meta(nictiz+"zib-Payer"), "status", "active",
			"type", cc("urn:oid:2.16.840.1.113883.2.4.3.11.60.101.5.1", "B", "Basis verzekerd"),
			"subscriberId", fmt.Sprintf("99900%04d", p.n), "beneficiary", pat(),
			"period", o("start", "2025-01-01", "end", "2026-12-31"),
			"payor", arr(ref("Organization", insurer, names[insurer]))),
		o("resourceType", "Consent", "id", p.id("treatmentdirective"), "meta", meta(nictiz+"zib-TreatmentDirective"),
			"extension", arr(o("url", nictiz+"zib-TreatmentDirective-Treatment", "valueCodeableConcept", cc(sct, "89666000", "Cardiopulmonale resuscitatie"))),
			"status", "active", "category", arr(cc(sct, "11291000146105", "Behandelaanwijzing (gegevensobject)")),
			"patient", pat(), "dateTime", "2024-05-13", "consentingParty", arr(pat()),
			"policyRule", "http://wetten.overheid.nl/BWBR0005290", "except", arr(o("type", "deny", "actor", arr(o("role", cc("http://hl7.org/fhir/v3/ParticipationType", "PRF", "performer"), "reference", gpRef))))),
		o("resourceType", "Consent", "id", p.id("advancedirective"), "meta", meta(nictiz+"zib-AdvanceDirective"),
			"status", "active", "category", arr(cc(sct, "11341000146107", "Levenstestament en wilsverklaring in dossier (gegevensobject)")),
			"patient", pat(), "dateTime", "2023-11-01", "sourceAttachment", o("contentType", "application/pdf", "title", "Wilsverklaring (synthetisch)"),
			"policyRule", "http://wetten.overheid.nl/BWBR0005290"),
		obs("functionalstatus", "zib-FunctionalOrMentalStatus", cc(sct, "118228005", "Bevinding betreffende functioneren (bevinding)"),
			cc(sct, "284785009", "Vermogen om zich te wassen (waarneembare entiteit)"), "2025-06-03T10:15:00+02:00",
			"valueCodeableConcept", cc(sct, "284790007", "Moeite met zich wassen (bevinding)")),
		obs("mentalstatus", "zib-FunctionalOrMentalStatus", cc(sct, "384821006", "Mentale functie (waarneembare entiteit)"),
			cc(sct, "311465003", "Cognitieve functie (waarneembare entiteit)"), "2025-06-03T10:20:00+02:00",
			"valueCodeableConcept", cc(sct, "386807006", "Geheugenstoornis (bevinding)")),
		obs("livingsituation", "zib-LivingSituation", social, cc(sct, "365508006", "Bevinding betreffende woon- en huisvestingssituatie (bevinding)"),
			"2025-01-20", "valueCodeableConcept", cc("urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.13.1", p.living[0], p.living[1])),
		obs("druguse", "zib-DrugUse", social, cc(sct, "228366006", "Bevinding betreffende drugsgebruik (bevinding)"),
			"2025-01-20", "valueCodeableConcept", cc(sct, p.drugs[0], p.drugs[1])),
		obs("alcoholuse", "zib-AlcoholUse", social, cc(sct, "228273003", "Bevinding betreffende alcoholgebruik (bevinding)"),
			"2025-01-20", "valueCodeableConcept", cc(sct, p.alcohol[0], p.alcohol[1])),
		obs("tobaccouse", "zib-TobaccoUse", social, cc(sct, "365980008", "Bevinding betreffende tabakgebruik en blootstelling aan tabaksrook (bevinding)"),
			"2025-01-20", "valueCodeableConcept", cc(sct, p.tobacco[0], p.tobacco[1])),
		obs("bloodpressure", "zib-BloodPressure", vital, cc(loinc, "85354-9", "Blood pressure panel with all children optional"),
			"2025-11-04T09:30:00+01:00",
			"bodySite", cc(sct, "368208006", "Structuur van linker bovenarm (lichaamsstructuur)"),
			"component", arr(
				o("code", cc(loinc, "8480-6", "Systolic blood pressure"), "valueQuantity", qty(p.systolic, "mm[Hg]")),
				o("code", cc(loinc, "8462-4", "Diastolic blood pressure"), "valueQuantity", qty(p.diastolic, "mm[Hg]")))),
		obs("bodyweight", "zib-BodyWeight", vital, cc(loinc, "29463-7", "Body weight"), "2025-11-04T09:35:00+01:00",
			"valueQuantity", qty(p.weight, "kg")),
		obs("bodyheight", "zib-BodyHeight", vital, cc(loinc, "8302-2", "Body height"), "2025-11-04T09:36:00+01:00",
			"valueQuantity", qty(p.height, "cm")),
		o("resourceType", "Specimen", "id", p.id("specimen"), "meta", meta(nictiz+"zib-LaboratoryTestResult-Specimen"),
			"identifier", arr(ident("https://ketentest.nl/fhir/NamingSystem/monsternummer", fmt.Sprintf("M-2025-%04d", p.n))),
			"type", cc(sct, "119297000", "Bloedmonster (monster)"), "subject", pat(),
			"collection", o("collectedDateTime", "2025-11-03T08:05:00+01:00")),
		o("resourceType", "Observation", "id", p.id("labresult"), "meta", meta(nictiz+"zib-LaboratoryTestResult-Observation"),
			"status", "final", "category", arr(cc(sct, "49581000146104", "Bevinding betreffende laboratoriumonderzoek (bevinding)"),
				cc(sct, "275711006", "Serumtest (verrichting)")),
			"code", cc(loinc, "4548-4", "Hemoglobine A1c/Hemoglobine.totaal in Bloed"), "subject", pat(),
			"effectiveDateTime", "2025-11-03T08:05:00+01:00", "performer", arr(ref("Organization", hospOrg, names[hospOrg])),
			"valueQuantity", qty(p.hba1c, "mmol/mol"),
			"interpretation", cc("http://hl7.org/fhir/v2/0078", "N", "Normal"),
			"specimen", ref("Specimen", p.id("specimen"), "Bloedmonster"),
			"referenceRange", arr(o("low", qty("20", "mmol/mol"), "high", qty("42", "mmol/mol")))),
		o("resourceType", "NutritionOrder", "id", p.id("nutritionadvice"), "meta", meta(nictiz+"zib-NutritionAdvice"),
			"status", "active", "patient", pat(), "dateTime", "2024-02-12", "orderer", gpRef,
			"oralDiet", o("type", arr(cc(sct, "160670007", "Diabetisch dieet")), "instruction", "Koolhydraatbeperkt, verdeeld over de dag.")),
		o("resourceType", "Flag", "id", p.id("alert"), "meta", meta(nictiz+"zib-Alert"), "status", "active",
			"category", cc(loinc, "74018-3", "Alert [type] in ^patiënt"), "code", cc(sct, p.alert[0], p.alert[1]),
			"subject", pat(), "period", o("start", "2020-03-01"), "author", gpRef),
		o("resourceType", "AllergyIntolerance", "id", p.id("allergy"), "meta", meta(nictiz+"zib-AllergyIntolerance"),
			"clinicalStatus", "active", "verificationStatus", "confirmed", "type", "allergy", "category", arr("medication"),
			"criticality", "high", "code", cc(sct, p.allergen[0], p.allergen[1]), "patient", pat(),
			"onsetDateTime", "1999", "assertedDate", "2015-04-01", "recorder", gpRef,
			"reaction", arr(o("manifestation", arr(cc(sct, "271807003", "Huiduitslag (aandoening)")), "severity", "moderate"))),
		o("resourceType", "MedicationStatement", "id", p.id("medicationuse"), "meta", meta(nictiz+"zib-MedicationUse"),
			"status", "active", "category", cc("urn:oid:2.16.840.1.113883.2.4.3.11.60.20.77.5.3", "6", "Medicatiegebruik"),
			"medicationReference", ref("Medication", medID(p.medication[0]), p.medication[1]),
			"effectivePeriod", o("start", "2024-01-01"), "dateAsserted", "2025-10-01", "informationSource", pat(),
			"subject", pat(), "taken", "y",
			"dosage", arr(o("text", p.medication[2], "route", cc(route, "9", "Oraal")))),
		o("resourceType", "MedicationRequest", "id", p.id("medicationagreement"), "meta", meta(nictiz+"zib-MedicationAgreement"),
			"status", "active", "intent", "order", "category", cc(sct, "16076005", "Voorschrijven (verrichting)"),
			"medicationReference", ref("Medication", medID(p.medication[0]), p.medication[1]),
			"subject", pat(), "authoredOn", "2024-01-01", "requester", o("agent", gpRef),
			"dosageInstruction", arr(o("text", p.medication[2], "route", cc(route, "9", "Oraal")))),
		o("resourceType", "MedicationDispense", "id", p.id("administrationagreement"), "meta", meta(nictiz+"zib-AdministrationAgreement"),
			"status", "in-progress", "category", cc(sct, "422037009", "Instrueren door zorgverlener over toediening van medicatie (verrichting)"),
			"medicationReference", ref("Medication", medID(p.medication[0]), p.medication[1]),
			"subject", pat(), "performer", arr(o("actor", ref("Organization", pharmacy, names[pharmacy]))),
			"dosageInstruction", arr(o("text", p.medication[2], "route", cc(route, "9", "Oraal")))),
		o("resourceType", "MedicationDispense", "id", p.id("dispense"), "meta", meta(nictiz+"zib-Dispense"),
			"status", "completed", "category", cc(sct, "373784005", "Verstrekken van medicatie (verrichting)"),
			"medicationReference", ref("Medication", medID(p.medication[0]), p.medication[1]),
			"subject", pat(), "performer", arr(o("actor", ref("Organization", pharmacy, names[pharmacy]))),
			"quantity", o("value", dec("60"), "unit", "stuk", "system", "urn:oid:2.16.840.1.113883.2.4.4.1.900.2", "code", "245"),
			"whenHandedOver", "2025-10-02T11:00:00+02:00"),
		o("resourceType", "DeviceUseStatement", "id", p.id("medicaldevice"), "meta", meta(nictiz+"zib-MedicalDevice"),
			"status", "active", "subject", pat(), "whenUsed", o("start", "2021-08-01"), "recordedOn", "2025-01-20",
			"source", pat(), "device", ref("Device", "bgz-device-"+p.device[0], p.device[1])),
		o("resourceType", "Immunization", "id", p.id("vaccination"), "meta", meta(nictiz+"zib-Vaccination"),
			"status", "completed", "notGiven", false, "vaccineCode", cc(atc, p.vaccine[0], p.vaccine[1]),
			"patient", pat(), "date", p.vaccine[2], "primarySource", true,
			"doseQuantity", qty("0.5", "ml"),
			"practitioner", arr(o("actor", gpRef))),
		o("resourceType", "ImmunizationRecommendation", "id", p.id("vaccinationrecommendation"), "meta", meta(nictiz+"zib-VaccinationRecommendation"),
			"patient", pat(), "recommendation", arr(o("date", "2026-01-05", "vaccineCode", cc(atc, p.vaccine[0], p.vaccine[1]),
				"forecastStatus", cc("http://hl7.org/fhir/immunization-recommendation-status", "due", "Due"),
				"dateCriterion", arr(o("code", cc(loinc, "30980-7", "Date vaccine due"), "value", "2026-10-01"))))),
		o("resourceType", "Procedure", "id", p.id("procedure"), "meta", meta(nictiz+"zib-Procedure"), "status", "completed",
			"category", cc(sct, "387713003", "Chirurgische verrichting (verrichting)"), "code", cc(sct, p.procedure[0], p.procedure[1]),
			"subject", pat(), "performedPeriod", o("start", p.procedure[2], "end", p.procedure[2]),
			"performer", arr(o("role", cc("http://hl7.org/fhir/v3/ParticipationType", "PRF", "Uitvoerder"), "actor", intRef))),
		o("resourceType", "Encounter", "id", p.id("encounter"), "meta", meta(nictiz+"zib-Encounter"), "status", "finished",
			"class", coding(v3Act, "IMP", "inpatient encounter"), "subject", pat(),
			"participant", arr(o("individual", intRef)), "period", o("start", "2025-03-10T09:00:00+01:00", "end", "2025-03-14T16:00:00+01:00"),
			"reason", arr(cc(sct, p.conditions[0][0], p.conditions[0][1])),
			"diagnosis", arr(o("condition", ref("Condition", p.id("condition-1"), p.conditions[0][1]))),
			"serviceProvider", ref("Organization", hospOrg, names[hospOrg])),
		o("resourceType", "ProcedureRequest", "id", p.id("plannedprocedure"), "meta", meta(nictiz+"zib-ProcedureRequest"),
			"status", "active", "intent", "order", "code", cc(sct, "252416005", "Fundusfotografie (verrichting)"),
			"subject", pat(), "occurrenceDateTime", "2026-03-02T10:00:00+01:00", "requester", o("agent", intRef)),
		o("resourceType", "Appointment", "id", p.id("appointment"), "meta", meta(nictiz+"eAfspraak-Appointment"),
			"status", "booked", "description", "Controle bij de internist", "start", "2026-02-16T14:30:00+01:00",
			"end", "2026-02-16T14:45:00+01:00",
			"participant", arr(o("actor", pat(), "status", "accepted"), o("actor", intRef, "status", "accepted"))),
		o("resourceType", "DeviceRequest", "id", p.id("devicerequest"), "meta", meta(nictiz+"zib-MedicalDeviceRequest"),
			"status", "active", "intent", cc("http://hl7.org/fhir/request-intent", "order", "Order"),
			"codeReference", ref("Device", "bgz-device-"+p.device[0], p.device[1]), "subject", pat(),
			"authoredOn", "2025-12-01", "requester", o("agent", gpRef)),
	}
	for i, c := range p.conditions {
		out = append(out, o("resourceType", "Condition", "id", p.id(fmt.Sprintf("condition-%d", i+1)), "meta", meta(nictiz+"zib-Problem"),
			"clinicalStatus", "active", "verificationStatus", "confirmed",
			"category", arr(cc(sct, "282291009", "Diagnose")), "code", cc(sct, c[0], c[1]),
			"subject", pat(), "onsetDateTime", c[2], "asserter", gpRef))
	}
	return out
}
