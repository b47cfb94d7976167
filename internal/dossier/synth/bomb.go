package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// BombOptions configure the bommendossier generator.
type BombOptions struct {
	Seed      uint64 // the same seed gives the same dossier, byte for byte
	Resources int    // total number of resources (at least the patients and shared ones); default 10,000
	Patients  int    // default 2
	// MaxString is the length in characters of the longest strings; FHIR
	// allows strings up to 1 MB. Default 1<<20; a few resources carry one.
	MaxString int
}

func (o *BombOptions) defaults() {
	if o.Resources <= 0 {
		o.Resources = 10_000
	}
	if o.Patients <= 0 {
		o.Patients = 2
	}
	if o.MaxString <= 0 {
		o.MaxString = 1 << 20
	}
}

// Edge values the generator draws from. All are valid FHIR (STU3) values.
var (
	bombDates = []string{"0001-01-01", "9999-12-31", "2024-02-29", "2000-02-29", "1900-02-28", "2024", "1970-01",
		"2023-12-31", "1582-10-15"}
	bombDateTimes = []string{"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999+14:00", "2024-02-29T12:00:00-12:00",
		"2016-12-31T23:59:59+00:00", "2021-03-28T02:30:00+01:00", "1969-12-31T23:59:59.5-00:00", "2000", "2000-01",
		"2024-02-29", "2010-06-15T08:00:00+05:45", "2038-01-19T03:14:08Z"}
	bombInstants = []string{"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999+14:00", "2024-02-29T23:59:60Z",
		"1970-01-01T00:00:00.000000001+00:00"}
	bombDecimals = []string{"0", "-0", "0.0", "1.500000", "0.000000000000000000000000000001",
		"12345678901234567890.123456789012345678", "-99999999999999999999999999.99999999", "1E+400", "2.5e-300",
		"3.14159265358979323846264338327950288419716939937510", "100.00"}
	bombIntegers = []string{"2147483647", "-2147483648", "0", "1"}
	bombTexts    = []string{
		"Lange naam met diakrieten: Ĳsselmeer, Curaçao, Zoë, Ångström, Łódź, Þórr",
		"RTL: \u0645\u0631\u064a\u0636 \u0641\u064a \u0627\u0644\u0645\u0633\u062a\u0634\u0641\u0649 \u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd — mixed \u202eRTL override\u202c end",
		"Emoji: 🩺💊🏥 👩🏽‍⚕️ 👨‍👩‍👧‍👦 🇳🇱 🏳️‍🌈 𝄞 𠀋",
		"Combining: e\u0301 a\u0308 n\u0303 Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358\u0359\u035a\u035b\u035c\u035d\u035e\u035f",
		"Zero-width:\u200b\u200c\u200d\u2060\ufeffend, no-break\u00a0space, soft\u00adhyphen",
		"Whitespace:\ttab\nnewline\r\ncrlf   spaces  ",
		"Markup that must stay text: <script>alert('x')</script> & \"quotes\" 'apos' ]]> <!-- -->",
		"CJK 漢字 かな 한국어, Devanagari हिन्दी, Thai ภาษาไทย, Greek Ελληνικά, Cyrillic кириллица",
		"Surrogates \U0001F600\U0001F9EC\U0001FAC0 and private use \ue000",
	}
)

type bomb struct {
	rng  *rand.Rand
	opt  BombOptions
	long string // MaxString characters
}

func (b *bomb) pick(xs []string) string { return xs[b.rng.IntN(len(xs))] }

func (b *bomb) text() string {
	return b.pick(bombTexts) + " #" + fmt.Sprint(b.rng.Uint32())
}

// id returns a FHIR id; every 97th is the maximum 64 characters.
func (b *bomb) id(typ string, n int) string {
	id := fmt.Sprintf("bomb-%s-%d", strings.ToLower(typ), n)
	if n%97 == 0 {
		id += "-" + strings.Repeat("x", 64-len(id)-1)
	}
	return id
}

// ext nests complex extensions depth levels deep, with a primitive at the bottom.
func (b *bomb) ext(depth int) obj {
	url := fmt.Sprintf("https://ketentest.nl/fhir/StructureDefinition/bomb-extension-level-%d", depth)
	if depth == 0 {
		switch b.rng.IntN(4) {
		case 0:
			return o("url", url, "valueString", b.text())
		case 1:
			return o("url", url, "valueDecimal", dec(b.pick(bombDecimals)))
		case 2:
			return o("url", url, "valueDateTime", b.pick(bombDateTimes))
		default:
			return o("url", url, "valueCodeableConcept", cc(sct, "261665006", "Onbekend"))
		}
	}
	return o("id", fmt.Sprintf("ext%d", depth), "url", url, "extension", arr(b.ext(depth-1), b.ext(depth-1)))
}

// primExt is the JSON "_name" object of a primitive with an id and extensions.
func (b *bomb) primExt() obj {
	return o("id", "p"+fmt.Sprint(b.rng.IntN(1000)), "extension", arr(b.ext(2),
		o("url", "http://hl7.org/fhir/StructureDefinition/data-absent-reason", "valueCode", "masked")))
}

func (b *bomb) narrative(r any) obj {
	s := fmt.Sprint(r)
	if rs, ok := r.([]rune); ok {
		s = string(rs)
	}
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
	return o("status", "generated", "div", `<div xmlns="http://www.w3.org/1999/xhtml"><p><b>Bommendossier</b></p><p>`+esc+`</p><table><tr><td>&#160;</td><td>✓</td></tr></table></div>`)
}

// Bomb generates an extreme STU3 dossier: BombOptions.Resources resources
// for BombOptions.Patients patients, with maximum-length strings and ids,
// every optional element where sensible, unicode of every kind, extensions
// nested five levels deep (also on primitives), edge dates and decimals
// with their precision. The same options give the same resources.
func Bomb(opt BombOptions) ([]*fhir.Resource, error) {
	opt.defaults()
	b := &bomb{rng: rand.New(rand.NewPCG(opt.Seed, 0x6b6574656e)), opt: opt}
	unit := "Zorg✓ "
	b.long = strings.Repeat(unit, opt.MaxString/len([]rune(unit))+1)
	b.long = string([]rune(b.long)[:opt.MaxString])
	objs := []obj{
		o("resourceType", "Organization", "id", "bomb-org", "meta", meta(nlcore+"nl-core-organization"),
			"text", b.narrative(bombTexts[1]),
			"identifier", arr(ident(agb, "00000000")), "active", true,
			"type", arr(cc("urn:oid:2.16.840.1.113883.2.4.15.1060", "V4", "Ziekenhuis")),
			"name", "Bommenziekenhuis "+bombTexts[2], "alias", arr(bombTexts[1], bombTexts[3]),
			"telecom", arr(o("system", "phone", "value", "+31 (0)00 000 0000 ext. 99999", "use", "work", "rank", 1, "period", o("start", "0001-01-01", "end", "9999-12-31"))),
			"address", arr(o("use", "work", "type", "both", "text", bombTexts[0], "line", arr(bombTexts[3], bombTexts[4]), "city", "Ĳsselstein",
				"district", "Ω", "state", "UT", "postalCode", "0000 AA", "country", "NL", "period", o("start", "2024-02-29")))),
		o("resourceType", "Practitioner", "id", "bomb-prac", "meta", meta(nlcore+"nl-core-practitioner"),
			"identifier", arr(ident(big, "00000000000")), "active", true,
			"name", arr(o("use", "official", "text", bombTexts[3], "family", "XXX_"+bombTexts[1], "given", arr(bombTexts[2], bombTexts[4]),
				"prefix", arr("prof. dr. ir."), "suffix", arr("PhD", "MSc"), "period", o("start", "1582-10-15"))),
			"gender", "unknown", "birthDate", "0001-01-01"),
	}
	for p := 1; p <= opt.Patients; p++ {
		objs = append(objs, b.patient(p))
	}
	makers := []func(n, p int) obj{b.observation, b.condition, b.allergy, b.medicationStatement, b.immunization, b.procedure, b.flag, b.encounter}
	for n := 1; len(objs) < opt.Resources; n++ {
		p := 1 + (n-1)%opt.Patients
		objs = append(objs, makers[(n-1)%len(makers)](n, p))
	}
	return parse(fhir.STU3, objs)
}

func (b *bomb) patRef(p int) obj {
	return o("reference", fmt.Sprintf("Patient/bomb-patient-%d", p), "display", fmt.Sprintf("XXX_Bom %d %s", p, bombTexts[2]))
}

var pracRef = ref("Practitioner", "bomb-prac", "Bommenarts")

func (b *bomb) patient(p int) obj {
	return o("resourceType", "Patient", "id", fmt.Sprintf("bomb-patient-%d", p),
		"meta", o("versionId", "9999", "lastUpdated", b.pick(bombInstants), "profile", arr(nlcore+"nl-core-patient"),
			"security", arr(coding("http://hl7.org/fhir/v3/Confidentiality", "R", "restricted")), "tag", arr(coding("https://ketentest.nl/tag", "bom", "Bommendossier"))),
		"implicitRules", "https://ketentest.nl/implicit-rules", "language", "nl-NL",
		"text", b.narrative(bombTexts[p%len(bombTexts)]),
		"extension", arr(b.ext(5), o("url", "http://hl7.org/fhir/StructureDefinition/patient-nationality",
			"extension", arr(o("url", "code", "valueCodeableConcept", cc("urn:iso:std:iso:3166", "NL", "Nederland"))))),
		"modifierExtension", arr(o("url", "https://ketentest.nl/fhir/StructureDefinition/bomb-modifier", "valueBoolean", false)),
		"identifier", arr(o("use", "usual", "type", cc("http://hl7.org/fhir/v2/0203", "MR", "Medical record number"),
			"system", patNrSys, "value", fmt.Sprintf("BOM-%d-%s", p, strings.Repeat("9", 200)),
			"period", o("start", "0001-01-01", "end", "9999-12-31"), "assigner", o("display", "Bommenziekenhuis"))),
		"active", true, "_active", b.primExt(),
		"name", arr(
			o("use", "official", "text", bombTexts[0], "family", "XXX_"+bombTexts[3], "_family", b.primExt(),
				"given", arr(bombTexts[1], nil, bombTexts[2]), "_given", arr(nil, b.primExt(), b.primExt()),
				"prefix", arr("mr."), "suffix", arr("sr."), "period", o("start", "2024-02-29")),
			o("use", "nickname", "text", b.long)),
		"telecom", arr(o("system", "email", "value", "xxx_"+strings.Repeat("a", 54)+"@"+strings.Repeat("b", 63)+".example", "use", "home", "rank", 2147483647),
			o("system", "other", "value", bombTexts[2])),
		"gender", "other", "_gender", b.primExt(),
		"birthDate", b.pick(bombDates), "_birthDate", o("extension", arr(o("url", "http://hl7.org/fhir/StructureDefinition/patient-birthTime", "valueDateTime", "2024-02-29T23:59:59.999+14:00"))),
		"deceasedBoolean", false,
		"address", arr(o("use", "temp", "type", "physical", "text", bombTexts[1], "line", arr(bombTexts[3], bombTexts[4], bombTexts[5]),
			"city", bombTexts[7], "district", bombTexts[8], "state", "Σ", "postalCode", "9999 ZZ", "country", "🇳🇱", "period", o("end", "9999-12-31T23:59:59.999+14:00"))),
		"maritalStatus", o("coding", arr(coding("http://hl7.org/fhir/v3/MaritalStatus", "UNK", "unknown")), "text", bombTexts[4]),
		"multipleBirthInteger", 2147483647,
		"photo", arr(o("contentType", "image/png", "language", "nl", "data", "iVBORw0KGgo=", "url", "https://example.org/photo.png", "size", 8,
			"hash", "2jmj7l5rSw0yVb/vlWAYkK/YBwk=", "title", bombTexts[2], "creation", "0001-01-01")),
		"contact", arr(o("relationship", arr(cc("http://hl7.org/fhir/v2/0131", "N", "Next-of-Kin")),
			"name", o("text", bombTexts[1]), "telecom", arr(o("system", "phone", "value", "+31 6 00000000")),
			"address", o("text", bombTexts[7]), "gender", "unknown", "organization", ref("Organization", "bomb-org", "Bommenziekenhuis"),
			"period", o("start", "2000-02-29"))),
		"communication", arr(o("language", cc("urn:ietf:bcp:47", "ar", "Arabic"), "preferred", true), o("language", cc("urn:ietf:bcp:47", "fy", "Western Frisian"))),
		"generalPractitioner", arr(pracRef, ref("Organization", "bomb-org", "Bommenziekenhuis")),
		"managingOrganization", ref("Organization", "bomb-org", "Bommenziekenhuis"))
}

// base starts a resource; the first of each type gets a narrative of
// 4096 characters.
func (b *bomb) base(typ, profile string, n int) obj {
	x := o("resourceType", typ, "id", b.id(typ, n),
		"meta", o("versionId", fmt.Sprint(n), "lastUpdated", b.pick(bombInstants), "profile", arr(nictiz+profile)),
		"language", "nl")
	if n <= 8 {
		x = append(x, "text", b.narrative([]rune(b.long)[:min(len([]rune(b.long)), 4096)]))
	}
	return x
}

func (b *bomb) observation(n, p int) obj {
	x := b.base("Observation", "zib-LaboratoryTestResult-Observation", n)
	var value []any
	switch b.rng.IntN(5) {
	case 0:
		value = []any{"valueQuantity", o("value", dec(b.pick(bombDecimals)), "comparator", ">=", "unit", "mmol/L", "system", ucum, "code", "mmol/L")}
	case 1:
		value = []any{"valueString", b.text()}
	case 2:
		value = []any{"valueRange", o("low", qty(b.pick(bombDecimals), "kg"), "high", qty("1E+400", "kg"))}
	case 3:
		value = []any{"valueRatio", o("numerator", qty("1", "mL"), "denominator", qty("0.000000000000000000000000000001", "L"))}
	default:
		value = []any{"valuePeriod", o("start", "0001-01-01T00:00:00Z", "end", "9999-12-31T23:59:59.999+14:00")}
	}
	x = append(x, "contained", arr(o("resourceType", "Specimen", "id", "spec1", "type", cc(sct, "119297000", "Bloedmonster"),
		"subject", b.patRef(p), "note", arr(o("text", b.text())))),
		"extension", arr(b.ext(5)),
		"identifier", arr(ident("https://ketentest.nl/fhir/NamingSystem/bomb", fmt.Sprint(n))),
		"status", "final", "category", arr(cc(sct, "275711006", "Serumtest"), cc("http://hl7.org/fhir/observation-category", "laboratory", "Laboratory")),
		"code", o("coding", arr(coding(loinc, "2345-7", "Glucose [Mass/volume] in Serum or Plasma"), coding(sct, "33747003", "Glucose")), "text", b.text()),
		"subject", b.patRef(p), "effectivePeriod", o("start", b.pick(bombDateTimes), "end", "9999-12-31T23:59:59.999+14:00"),
		"issued", b.pick(bombInstants), "performer", arr(pracRef))
	x = append(x, value...)
	return append(x,
		"interpretation", cc("http://hl7.org/fhir/v2/0078", "HH", "Critical high"),
		"comment", b.text(), "bodySite", cc(sct, "368208006", "Linker bovenarm"), "method", cc(sct, "22762002", "Non-invasief"),
		"specimen", o("reference", "#spec1", "display", "Bloedmonster (contained)"),
		"referenceRange", arr(o("low", qty("-0", "mmol/L"), "high", qty("12345678901234567890.123456789012345678", "mmol/L"),
			"type", cc("http://hl7.org/fhir/referencerange-meaning", "normal", "Normal Range"), "age", o("low", qty("0", "a"), "high", qty("150", "a")), "text", b.text())),
		"component", arr(
			o("code", cc(loinc, "8480-6", "Systolic blood pressure"), "valueQuantity", qty(b.pick(bombDecimals), "mm[Hg]")),
			o("code", cc(loinc, "8462-4", "Diastolic blood pressure"), "valueString", b.text(), "interpretation", cc("http://hl7.org/fhir/v2/0078", "N", "Normal"))))
}

func (b *bomb) condition(n, p int) obj {
	return append(b.base("Condition", "zib-Problem", n),
		"extension", arr(b.ext(4)),
		"identifier", arr(ident("https://ketentest.nl/fhir/NamingSystem/bomb", fmt.Sprint(n))),
		"clinicalStatus", "recurrence", "verificationStatus", "differential",
		"category", arr(cc(sct, "282291009", "Diagnose")), "severity", cc(sct, "24484000", "Ernstig"),
		"code", o("coding", arr(coding(sct, "44054006", "Diabetes mellitus type 2")), "text", b.text()),
		"bodySite", arr(cc(sct, "38266002", "Gehele lichaam")), "subject", b.patRef(p),
		"onsetDateTime", b.pick(bombDateTimes), "abatementString", b.text(), "assertedDate", b.pick(bombDates), "asserter", pracRef,
		"stage", o("summary", cc(sct, "258215001", "Stadium 1"), "assessment", arr(o("display", "beoordeling zonder referentie"))),
		"evidence", arr(o("code", arr(cc(sct, "271807003", "Huiduitslag")), "detail", arr(o("display", "bewijs")))),
		"note", arr(o("authorString", bombTexts[1], "time", b.pick(bombDateTimes), "text", b.text())))
}

func (b *bomb) allergy(n, p int) obj {
	return append(b.base("AllergyIntolerance", "zib-AllergyIntolerance", n),
		"identifier", arr(ident("https://ketentest.nl/fhir/NamingSystem/bomb", fmt.Sprint(n))),
		"clinicalStatus", "active", "verificationStatus", "unconfirmed", "type", "intolerance",
		"category", arr("food", "medication", "environment", "biologic"), "criticality", "unable-to-assess",
		"code", cc(sct, "288328004", "Bijengif"), "patient", b.patRef(p),
		"onsetAge", o("value", dec("0.000000000000000000000000000001"), "unit", "a", "system", ucum, "code", "a"),
		"assertedDate", b.pick(bombDateTimes), "recorder", pracRef, "asserter", b.patRef(p), "lastOccurrence", b.pick(bombDateTimes),
		"note", arr(o("text", b.text())),
		"reaction", arr(o("substance", cc(sct, "288328004", "Bijengif"), "manifestation", arr(cc(sct, "16932000", "Misselijkheid en braken"), cc(sct, "271807003", "Huiduitslag")),
			"description", b.text(), "onset", b.pick(bombDateTimes), "severity", "severe", "exposureRoute", cc(sct, "34206005", "Subcutaan"), "note", arr(o("text", b.text())))))
}

func (b *bomb) medicationStatement(n, p int) obj {
	return append(b.base("MedicationStatement", "zib-MedicationUse", n),
		"contained", arr(o("resourceType", "Medication", "id", "med", "code", o("coding", arr(coding(atc, "A10BA02", "metformine")), "text", b.text()),
			"isBrand", false, "ingredient", arr(o("itemCodeableConcept", cc(atc, "A10BA02", "metformine"), "isActive", true,
				"amount", o("numerator", qty("500", "mg"), "denominator", qty("1", "1")))))),
		"identifier", arr(ident("https://ketentest.nl/fhir/NamingSystem/bomb", fmt.Sprint(n))),
		"status", "active", "category", cc("urn:oid:2.16.840.1.113883.2.4.3.11.60.20.77.5.3", "6", "Medicatiegebruik"),
		"medicationReference", o("reference", "#med", "display", "metformine (contained)"),
		"effectivePeriod", o("start", b.pick(bombDateTimes)), "dateAsserted", b.pick(bombDateTimes), "informationSource", b.patRef(p),
		"subject", b.patRef(p), "taken", "unk", "reasonCode", arr(cc(sct, "44054006", "Diabetes mellitus type 2")), "note", arr(o("text", b.text())),
		"dosage", arr(o("sequence", 2147483647, "text", b.text(), "patientInstruction", b.text(),
			"timing", o("repeat", o("frequency", 3, "period", dec("1.000000"), "periodUnit", "d")),
			"asNeededBoolean", false, "route", cc(route, "9", "Oraal"),
			"doseRange", o("low", qty("0.5", "1"), "high", qty("2.25", "1")))))
}

func (b *bomb) immunization(n, p int) obj {
	return append(b.base("Immunization", "zib-Vaccination", n),
		"identifier", arr(ident("https://ketentest.nl/fhir/NamingSystem/bomb", fmt.Sprint(n))),
		"status", "completed", "notGiven", false, "vaccineCode", cc(atc, "J07BB02", "Influenzavaccin"),
		"patient", b.patRef(p), "date", b.pick(bombDateTimes), "primarySource", false,
		"reportOrigin", cc("http://hl7.org/fhir/immunization-origin", "record", "Written Record"),
		"manufacturer", ref("Organization", "bomb-org", "Bommenziekenhuis"), "lotNumber", b.text(), "expirationDate", "9999-12-31",
		"site", cc("http://hl7.org/fhir/v3/ActSite", "LA", "left arm"), "route", cc("http://hl7.org/fhir/v3/RouteOfAdministration", "IM", "Injection, intramuscular"),
		"doseQuantity", qty(b.pick(bombDecimals), "mL"),
		"practitioner", arr(o("role", cc("http://hl7.org/fhir/v2/0443", "AP", "Administering Provider"), "actor", pracRef)),
		"note", arr(o("text", b.text())), "explanation", o("reason", arr(cc(sct, "429060002", "Procedure to meet occupational requirement"))),
		"reaction", arr(o("date", b.pick(bombDateTimes), "reported", true)),
		"vaccinationProtocol", arr(o("doseSequence", 2147483647, "description", b.text(), "series", "∞",
			"seriesDoses", 2147483647, "targetDisease", arr(cc(sct, "6142004", "Influenza")),
			"doseStatus", cc("http://hl7.org/fhir/vaccination-protocol-dose-status", "count", "Counts"))))
}

func (b *bomb) procedure(n, p int) obj {
	return append(b.base("Procedure", "zib-Procedure", n),
		"identifier", arr(ident("https://ketentest.nl/fhir/NamingSystem/bomb", fmt.Sprint(n))),
		"status", "completed", "notDone", false, "category", cc(sct, "387713003", "Chirurgische verrichting"),
		"code", cc(sct, "80146002", "Appendectomie"), "subject", b.patRef(p),
		"performedPeriod", o("start", "2024-02-29T23:59:59+14:00", "end", "2024-03-01T00:00:00-12:00"),
		"performer", arr(o("role", cc("http://hl7.org/fhir/v3/ParticipationType", "PRF", "Uitvoerder"), "actor", pracRef,
			"onBehalfOf", ref("Organization", "bomb-org", "Bommenziekenhuis"))),
		"reasonCode", arr(cc(sct, "74400008", "Appendicitis")), "bodySite", arr(cc(sct, "66754008", "Appendix")),
		"outcome", cc(sct, "385669000", "Geslaagd"), "complication", arr(cc(sct, "131148009", "Bloeding")),
		"followUp", arr(cc(sct, "18949003", "Wondcontrole")), "note", arr(o("text", b.text())),
		"focalDevice", arr(o("action", cc(sct, "129264002", "Actie"), "manipulated", o("display", "apparaat zonder referentie"))),
		"usedCode", arr(cc(sct, "469459006", "Hechtmateriaal")))
}

func (b *bomb) flag(n, p int) obj {
	return append(b.base("Flag", "zib-Alert", n),
		"identifier", arr(ident("https://ketentest.nl/fhir/NamingSystem/bomb", fmt.Sprint(n))),
		"status", "active", "category", cc(loinc, "74018-3", "Alert"), "code", o("coding", arr(coding(sct, "432415000", "MRSA-drager")), "text", b.text()),
		"subject", b.patRef(p), "period", o("start", "0001-01-01", "end", "9999-12-31"), "author", pracRef)
}

func (b *bomb) encounter(n, p int) obj {
	return append(b.base("Encounter", "zib-Encounter", n),
		"identifier", arr(ident("https://ketentest.nl/fhir/NamingSystem/bomb", fmt.Sprint(n))),
		"status", "finished", "statusHistory", arr(o("status", "in-progress", "period", o("start", "2024-02-29T00:00:00Z", "end", "2024-02-29T23:59:59.999999Z"))),
		"class", coding(v3Act, "IMP", "inpatient encounter"),
		"classHistory", arr(o("class", coding(v3Act, "EMER", "emergency"), "period", o("start", "2024-02-28"))),
		"type", arr(cc(sct, "183807002", "Opname")), "priority", cc("http://hl7.org/fhir/v3/ActPriority", "EM", "emergency"),
		"subject", b.patRef(p), "participant", arr(o("type", arr(cc("http://hl7.org/fhir/v3/ParticipationType", "ATND", "attender")),
			"period", o("start", "2024-02-29"), "individual", pracRef)),
		"period", o("start", "2024-02-29T00:00:00+14:00", "end", "2024-03-01T00:00:00-12:00"),
		"length", o("value", dec("2147483647.000000001"), "unit", "min", "system", ucum, "code", "min"),
		"reason", arr(cc(sct, "74400008", "Appendicitis")),
		"hospitalization", o("admitSource", cc("http://hl7.org/fhir/admit-source", "emd", "From accident/emergency department"),
			"dischargeDisposition", cc("http://hl7.org/fhir/discharge-disposition", "home", "Home")),
		"serviceProvider", ref("Organization", "bomb-org", "Bommenziekenhuis"))
}
