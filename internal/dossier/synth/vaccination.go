package synth

import (
	"fmt"

	"github.com/ketentest/ketentest/internal/fhir"
)

// vaccinee is an invented patient of the vaccination dossier.
type vaccinee struct {
	n                     int
	given, family, gender string
	birth                 string
	shots                 [][4]string // ATC code, display, date, dose number
}

var vaccinees = []vaccinee{
	{n: 1, given: "Daan", family: "XXX_Mulder", gender: "male", birth: "2019-05-21", shots: [][4]string{
		{"J07CA09", "DKTP-Hib-HepB-vaccin", "2019-07-23", "1"},
		{"J07CA09", "DKTP-Hib-HepB-vaccin", "2019-10-01", "2"},
		{"J07AL02", "Pneumokokkenvaccin", "2019-10-01", "1"},
		{"J07BD52", "BMR-vaccin", "2020-08-18", "1"},
		{"J07AH08", "MenACWY-vaccin", "2020-08-18", "1"},
	}},
	{n: 2, given: "Eva", family: "XXX_Smits", gender: "female", birth: "1957-12-31", shots: [][4]string{
		{"J07BB02", "Influenzavaccin", "2025-10-21", "1"},
		{"J07BX03", "COVID-19-vaccin", "2025-10-21", "1"},
		{"J07AL02", "Pneumokokkenvaccin", "2024-11-05", "1"},
	}},
}

// Vaccinations returns the synthetic vaccination dossier (R4, zib2020 /
// MedMij vaccinations 63): two patients with their Immunization history,
// the vaccines as Medication, and who gave them.
func Vaccinations() ([]*fhir.Resource, error) {
	const (
		ggd      = "imm-org-ggd"
		ggdName  = "GGD XXX_Regio Midden"
		nurse    = "imm-prac-jeugdverpleegkundige"
		nurseNm  = "M. XXX_de Wit"
		imm      = "http://nictiz.nl/fhir/StructureDefinition/"
		prodExt  = imm + "ext-Vaccination.PharmaceuticalProduct"
		r4Route  = "http://snomed.info/sct"
		siteDisp = "Structuur van linker musculus deltoideus (lichaamsstructuur)"
	)
	objs := []obj{
		o("resourceType", "Organization", "id", ggd, "meta", meta(imm+"nl-core-HealthcareProvider-Organization"),
			"identifier", arr(ident(agb, "11999921")), "active", true,
			"type", arr(cc("http://nictiz.nl/fhir/NamingSystem/organization-type", "V6", "Gemeentelijke gezondheidsdienst")),
			"name", ggdName, "address", arr(o("use", "work", "line", arr("Vaccinatieweg 3"), "city", "Utrecht", "postalCode", "3500 AB", "country", "NL"))),
		o("resourceType", "Practitioner", "id", nurse, "meta", meta(imm+"nl-core-HealthProfessional-Practitioner"),
			"identifier", arr(ident(big, "99999921")), "active", true,
			"name", arr(o("use", "official", "text", nurseNm, "family", "XXX_de Wit", "given", arr("Marieke"))), "gender", "female"),
	}
	seen := map[string]bool{}
	for _, v := range vaccinees {
		for _, s := range v.shots {
			if seen[s[0]] {
				continue
			}
			seen[s[0]] = true
			objs = append(objs, o("resourceType", "Medication", "id", "imm-med-"+s[0], "meta", meta(imm+"imm-PharmaceuticalProduct"),
				"code", o("coding", arr(coding(atc, s[0], s[1])), "text", s[1])))
		}
	}
	for _, v := range vaccinees {
		pid := fmt.Sprintf("imm-%d-patient", v.n)
		name := v.given + " " + v.family
		pat := ref("Patient", pid, name)
		objs = append(objs, o("resourceType", "Patient", "id", pid, "meta", meta(imm+"nl-core-Patient"),
			"identifier", arr(ident(patNrSys, fmt.Sprintf("KT-V%03d", v.n))), "active", true,
			"name", arr(o("use", "official", "text", name, "family", v.family, "given", arr(v.given))),
			"gender", v.gender, "birthDate", v.birth,
			"generalPractitioner", arr(ref("Organization", ggd, ggdName))))
		for i, s := range v.shots {
			objs = append(objs, o("resourceType", "Immunization", "id", fmt.Sprintf("imm-%d-vaccination-%d", v.n, i+1),
				"meta", meta(imm+"imm-Vaccination-event"),
				"extension", arr(o("url", prodExt, "valueReference", ref("Medication", "imm-med-"+s[0], s[1]))),
				"status", "completed", "vaccineCode", cc(atc, s[0], s[1]), "patient", pat,
				"occurrenceDateTime", s[2]+"T10:00:00+02:00", "primarySource", true,
				"lotNumber", fmt.Sprintf("LOT-%s-%d", s[0], v.n),
				"site", cc(sct, "16217701000119102", siteDisp),
				"route", cc(r4Route, "78421000", "Intramusculair (kwalificatiewaarde)"),
				"doseQuantity", qty("0.5", "mL"),
				"performer", arr(o("function", cc("http://terminology.hl7.org/CodeSystem/v2-0443", "AP", "Administering Provider"),
					"actor", ref("Practitioner", nurse, nurseNm))),
				"protocolApplied", arr(o("doseNumberPositiveInt", atoi(s[3])))))
		}
	}
	return parse(fhir.R4, objs)
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
