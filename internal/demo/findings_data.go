package demo

import "github.com/ketentest/ketentest/internal/finding"

// Pick lists configured for the demo's findings (milestones 2M and 2N).
var (
	demoLabels     = []string{"OAuth", "FHIR-profielen", "Zoekvragen", "Weergave", "Privacy", "Performance", "Testomgeving"}
	demoCategories = []string{"Authenticatie en autorisatie", "Conformiteit aan het profiel", "Presentatie in de PGO", "Zoeken en filteren", "Beveiliging en privacy", "Documentatie", "Beschikbaarheid"}
	demoThemes     = []string{"Patiëntgegevens", "Medicatie", "Allergieën", "Problemen", "Verrichtingen", "Contactpersonen", "Vaccinaties", "Uitwisseling"}
)

// Data service values as the logging form offers them.
const (
	svcBgZ  = "48 Basisgegevensset Zorg"
	svcVacc = "63 Vaccinaties"
)

// Actor organisations of the demo findings besides those in demo.go.
const (
	orgGezondapp    = "Gezondapp BV"
	orgMijnDossier  = "MijnDossier PGO"
	orgZorgdata     = "Zorgdata Connect"
	orgEPD          = "EPD Systemen Nederland"
	orgRivierenland = "Ziekenhuis Rivierenland (demo)"
	orgMedMij       = "Stichting MedMij (demo)"
	orgNictiz       = "Nictiz (demo)"
)

// comment is a comment on a demo finding by the demo person with the local part who.
type comment struct{ who, body string }

// demoFinding is one finding of the demo with the state it ends in.
type demoFinding struct {
	title, desc          string
	reporter, loggedBy   string // reporter's name as told; local part of the logger's account
	chain, service, kind string
	severity             string
	orgs                 []string // organisations involved
	actor                string   // actor organisation ("" = not yet assigned)
	status               finding.Status
	dupOf                int // for duplicaat: 1-based index of the original in demoFindings
	labels               []string
	category, theme      string
	due                  int // resolution term in days from today (0 = none)
	tracker              string
	public               bool
	rootCause, rootLink  string
	comments             []comment
	late                 []comment // made after the resolution term passed
}

// demoFindings tell the story of the voortest (pre-test in the sandbox)
// and the first triage rounds: a few are still new, most are being
// followed up by the actors, some are solved and verified.
var demoFindings = []demoFinding{
	{title: "Access token verloopt na 5 minuten terwijl de PGO 15 minuten verwacht",
		desc: "Bij het ophalen van de volledige BgZ (28 zoekvragen) verloopt het access token halverwege.\n\n" +
			"**Stappen**\n\n1. Log in bij Ziekenhuis Rivierenland via Gezondapp\n2. Start het ophalen van de BgZ\n3. Na ongeveer 5 minuten geeft de FHIR-server `401 Unauthorized`\n\n" +
			"`expires_in` in het tokenantwoord is `300`. Het afsprakenstelsel noemt geen minimum, maar de PGO verwacht minstens 900 seconden.",
		reporter: "Joris Kok (Gezondapp)", loggedBy: "logging", chain: "dva", service: svcBgZ, kind: "technisch", severity: "hoog",
		orgs: []string{orgGezondapp, orgZorgdata}, actor: orgZorgdata, status: finding.StatusOpgelost,
		labels: []string{"OAuth"}, category: "Authenticatie en autorisatie", theme: "Uitwisseling", due: -6, tracker: "CONNECT-1432", public: true,
		rootCause: "De token-levensduur stond in de DVA-configuratie op 300 s (testwaarde). Verhoogd naar 900 s en opgenomen in de releasecheck.", rootLink: "dva",
		comments: []comment{{"triage", "Herkenbaar; ook MijnDossier zag dit. Toegewezen aan Zorgdata Connect."}, {"actor", "Bevestigd: de configuratie van de testomgeving stond op 300 seconden. Fix staat klaar voor release 3.0.4."}, {"deelnemer", "Na de update haalt Gezondapp alle 28 zoekvragen binnen één token op. Dank!"}}},
	{title: "meta.profile ontbreekt op MedicationStatement (Medicatiegebruik)",
		desc:     "De DVA levert `MedicationStatement` zonder `meta.profile`. De PGO kan daardoor niet bepalen dat het om het zib-profiel `http://nictiz.nl/fhir/StructureDefinition/zib-MedicationUse` gaat en toont het blok niet.\n\nVoorbeeld: `GET /48/fhir/MedicationStatement?category=urn:oid:2.16.840.1.113883.2.4.3.11.60.20.77.5.3|6` → 3 resources, geen enkele met `meta.profile`.",
		reporter: "Fatima Amrani (MijnDossier)", loggedBy: "logging", chain: "dva", service: svcBgZ, kind: "technisch", severity: "blokkerend",
		orgs: []string{orgMijnDossier, orgZorgdata}, actor: orgZorgdata, status: finding.StatusGeverifieerd,
		labels: []string{"FHIR-profielen"}, category: "Conformiteit aan het profiel", theme: "Medicatie", due: -10, tracker: "CONNECT-1401", public: true,
		rootCause: "De mapping vanuit het bron-EPD zette `meta.profile` alleen op de MedicationRequest. Mapping aangepast voor alle medicatiebouwstenen.", rootLink: "dva",
		comments: []comment{{"actor", "Opgelost in build 3.0.3, staat op de sandbox."}, {"test", "Geverifieerd met testscript medmij-bgz-phr-1-1-retrieve-bgz: alle medicatieresources dragen het profiel."}}},
	{title: "Verwijzing naar Practitioner zonder display: PGO toont een lege voorschrijver",
		desc:     "In `MedicationRequest.requester.agent` staat alleen `reference: Practitioner/123`, zonder `display`. De PGO toont dan een lege voorschrijver, omdat de Practitioner niet in het zoekresultaat zit.\n\nVerwachting: óf `display` vullen, óf de Practitioner meeleveren via `_include`.",
		reporter: "Sanne Willems (Gezondapp)", loggedBy: "deelnemer", chain: "dva", service: svcBgZ, kind: "functioneel", severity: "midden",
		orgs: []string{orgGezondapp, orgZorgdata}, actor: orgZorgdata, status: finding.StatusInAnalyse,
		labels: []string{"Weergave", "FHIR-profielen"}, category: "Presentatie in de PGO", theme: "Medicatie", due: 9, tracker: "CONNECT-1450", public: true,
		comments: []comment{{"triage", "Functioneel relevant: patiënten vragen wie het medicijn heeft voorgeschreven."}, {"actor", "We onderzoeken of we `display` kunnen vullen uit het EPD; `_include` volgt in een latere release."}}},
	{title: "BSN staat in de self-link van de searchset-Bundle",
		desc:     "De `link[relation=self]` van de searchset bevat `Patient?identifier=http://fhir.nl/fhir/NamingSystem/bsn|999911120`. Daarmee belandt het BSN in logbestanden van proxies en PGO's.\n\n> Het BSN mag niet in URL's voorkomen (afsprakenstelsel, privacy).",
		reporter: "Tariq el Amrani", loggedBy: "techniek", chain: "dva", service: svcBgZ, kind: "technisch", severity: "blokkerend",
		orgs: []string{orgZorgdata}, actor: orgZorgdata, status: finding.StatusToegewezen,
		labels: []string{"Privacy"}, category: "Beveiliging en privacy", theme: "Patiëntgegevens", due: -2, tracker: "CONNECT-1466",
		late: []comment{{"issue", "Termijn verstreken; graag vandaag een update in het triage-overleg."}}},
	{title: "_include=MedicationStatement:medication wordt genegeerd",
		desc:     "Zoekvraag 6 (medicatiegebruik) vraagt `_include=MedicationStatement:medication`. De server levert alleen de MedicationStatements; de Medication-resources ontbreken en `self` vermeldt de `_include` niet.",
		reporter: "Joris Kok (Gezondapp)", loggedBy: "logging", chain: "dva", service: svcBgZ, kind: "technisch", severity: "hoog",
		orgs: []string{orgGezondapp, orgZorgdata}, actor: orgZorgdata, status: finding.StatusInAnalyse,
		labels: []string{"Zoekvragen"}, category: "Zoeken en filteren", theme: "Medicatie", due: -1, tracker: "CONNECT-1471", public: true,
		comments: []comment{{"actor", "Reproduceerbaar. De zoekparameter wordt herkend maar de include-stap ontbreekt in de query-planner."}, {"deelnemer", "Zonder de Medication kunnen we de naam van het geneesmiddel niet tonen."}}},
	{title: "effectiveDateTime zonder tijdzone; PGO toont meetwaarden een uur verschoven",
		desc:     "`Observation.effectiveDateTime` komt binnen als `2026-03-29T02:30:00` zonder offset. De PGO interpreteert dit als UTC; in de zomertijd schuift de bloeddruk een of twee uur op.\n\nFHIR eist een tijdzone zodra er een tijd is opgegeven.",
		reporter: "Ingrid Vos (Rivierenland)", loggedBy: "logging", chain: "xis", service: svcBgZ, kind: "technisch", severity: "midden",
		orgs: []string{orgEPD, orgRivierenland}, actor: orgEPD, status: finding.StatusToegewezen,
		labels: []string{"FHIR-profielen"}, category: "Conformiteit aan het profiel", theme: "Uitwisseling", due: 12, tracker: "EPD-8812", public: true},
	{title: "Gezondapp toont alleen de eerste pagina van de labuitslagen",
		desc:     "Bij een patiënt met 143 laboratoriumuitslagen toont Gezondapp er 50. De `next`-link van de Bundle wordt niet gevolgd.",
		reporter: "Tessa Bakker", loggedBy: "test", chain: "pgo", service: svcBgZ, kind: "functioneel", severity: "hoog",
		orgs: []string{orgGezondapp}, actor: orgGezondapp, status: finding.StatusOpgelost,
		labels: []string{"Zoekvragen", "Weergave"}, category: "Zoeken en filteren", theme: "Uitwisseling", due: -3, tracker: "GA-2211", public: true,
		rootCause: "De PGO las alleen `entry` van het eerste antwoord. Paginering via `link[relation=next]` is toegevoegd, met een maximum van 20 pagina's.", rootLink: "pgo",
		comments: []comment{{"deelnemer", "Fix in versie 5.1.2, klaar voor verificatie op dag 1."}}},
	{title: "Allergie zonder criticality wordt als 'hoog risico' getoond",
		desc:     "`AllergyIntolerance.criticality` is leeg. MijnDossier toont dan standaard een rood waarschuwingsicoon. Dat verontrust patiënten onnodig.",
		reporter: "Patiëntenpanel Rivierenland", loggedBy: "logging", chain: "pgo", service: svcBgZ, kind: "functioneel", severity: "midden",
		orgs: []string{orgMijnDossier}, actor: orgMijnDossier, status: finding.StatusInAnalyse,
		labels: []string{"Weergave"}, category: "Presentatie in de PGO", theme: "Allergieën", due: 14, tracker: "MD-377",
		comments: []comment{{"triage", "Nictiz adviseert: bij ontbrekende criticality niets tonen, geen aanname doen."}}},
	{title: "Token-endpoint accepteert een autorisatiecode twee keer",
		desc:     "Een tweede `POST /oauth/token` met dezelfde `code` geeft opnieuw een access token. RFC 6749 §4.1.2 vereist dat een code één keer bruikbaar is en dat bij hergebruik de eerder uitgegeven tokens worden ingetrokken.",
		reporter: "Tariq el Amrani", loggedBy: "techniek", chain: "dva", service: svcBgZ, kind: "technisch", severity: "blokkerend",
		orgs: []string{orgZorgdata}, actor: orgZorgdata, status: finding.StatusGeverifieerd,
		labels: []string{"OAuth", "Privacy"}, category: "Beveiliging en privacy", theme: "Uitwisseling", due: -12, tracker: "CONNECT-1388",
		rootCause: "De code werd pas na het uitgeven van het token als gebruikt gemarkeerd, buiten de transactie. Nu atomair in één transactie.", rootLink: "dva",
		comments: []comment{{"actor", "Opgelost en toegevoegd aan onze regressietests."}, {"test", "Geverifieerd: tweede gebruik geeft `invalid_grant`."}}},
	{title: "Contactpersoon: relatie 'partner' wordt getoond als code 'PRN'",
		desc:     "`Patient.contact.relationship` bevat alleen `code` zonder `display`. Gezondapp toont de ruwe code `PRN` in plaats van 'Partner'.",
		reporter: "Sanne Willems (Gezondapp)", loggedBy: "deelnemer", chain: "pgo", service: svcBgZ, kind: "functioneel", severity: "laag",
		orgs: []string{orgGezondapp, orgZorgdata}, actor: orgGezondapp, status: finding.StatusToegewezen,
		labels: []string{"Weergave"}, category: "Presentatie in de PGO", theme: "Contactpersonen", due: 21, tracker: "GA-2230", public: true},
	{title: "Problemen: status 'inactive' wordt niet onderscheiden van 'active'",
		desc:     "In de lijst Problemen toont MijnDossier opgeloste problemen tussen de actuele. `clinicalStatus` wordt niet gebruikt om te groeperen.",
		reporter: "Fatima Amrani (MijnDossier)", loggedBy: "logging", chain: "pgo", service: svcBgZ, kind: "functioneel", severity: "midden",
		orgs: []string{orgMijnDossier}, actor: orgMijnDossier, status: finding.StatusOpgelost,
		labels: []string{"Weergave"}, category: "Presentatie in de PGO", theme: "Problemen", due: 2, tracker: "MD-362", public: true,
		rootCause: "De weergave sorteerde alleen op datum. Nu gegroepeerd op clinicalStatus, actueel eerst.", rootLink: "pgo"},
	{title: "CapabilityStatement noemt zoekparameter 'category' niet voor Observation",
		desc:     "`GET /48/fhir/metadata` vermeldt voor Observation alleen `patient` en `code`, terwijl de zoekvragen `category` gebruiken. PGO's die eerst de CapabilityStatement lezen, slaan de vragen over.",
		reporter: "Bas Hoekstra (Zorgdata)", loggedBy: "logging", chain: "dva", service: svcBgZ, kind: "technisch", severity: "laag",
		orgs: []string{orgZorgdata}, actor: orgZorgdata, status: finding.StatusOpgelost,
		labels: []string{"FHIR-profielen"}, category: "Documentatie", theme: "Uitwisseling", due: -8, tracker: "CONNECT-1420",
		rootCause: "De CapabilityStatement werd met de hand bijgehouden. Hij wordt nu uit de configuratie van de zoekparameters gegenereerd.", rootLink: "dva"},
	{title: "Redirect URI met afsluitende slash wordt geweigerd",
		desc:     "De sandbox weigert `https://pgo.gezondapp.example/medmij/callback/` terwijl `.../callback` geregistreerd is. Volgens MedMij moet de redirect URI exact overeenkomen, dus dit is correct gedrag — maar de foutmelding zegt alleen `invalid_request`.",
		reporter: "Joris Kok (Gezondapp)", loggedBy: "logging", chain: "testomgeving", service: svcBgZ, kind: "technisch", severity: "laag",
		orgs: []string{orgGezondapp}, status: finding.StatusNietOplossen,
		labels: []string{"OAuth", "Testomgeving"}, category: "Documentatie", public: true,
		comments: []comment{{"triage", "Gedrag is volgens het afsprakenstelsel. Niet oplossen; de handleiding van de sandbox noemt het nu expliciet."}, {"techniek", "Tekst op de deelnemerspagina van de testomgeving aangevuld."}}},
	{title: "Vaccinatie zonder lotnummer: PGO toont 'onbekend' in rood",
		desc:     "Bij historische vaccinaties (RVP, vóór 2010) ontbreekt `Immunization.lotNumber`. De PGO markeert het veld als fout.",
		reporter: "Ingrid Vos (Rivierenland)", loggedBy: "logging", chain: "pgo", service: svcVacc, kind: "functioneel", severity: "laag",
		orgs: []string{orgMijnDossier}, actor: orgMijnDossier, status: finding.StatusToegewezen,
		labels: []string{"Weergave"}, category: "Presentatie in de PGO", theme: "Vaccinaties", due: 30, tracker: "MD-390"},
	{title: "Zorgaanbiederslijst (ZAL) van de sandbox mist de gegevensdienst 63",
		desc:     "In `medmij/zal.xml` staat bij de sandbox-zorgaanbieder alleen gegevensdienst 48, terwijl de sandbox ook 63 (vaccinaties) aanbiedt.",
		reporter: "Tessa Bakker", loggedBy: "test", chain: "testomgeving", service: svcVacc, kind: "technisch", severity: "midden",
		orgs: nil, status: finding.StatusInTriage,
		labels: []string{"Testomgeving"}, category: "Beschikbaarheid", public: true},
	{title: "Twee ziekenhuizen leveren dezelfde allergie; PGO toont hem dubbel",
		desc:     "Patiënt heeft bij Rivierenland én bij de huisarts een penicilline-allergie. Gezondapp toont twee identieke regels zonder bron.\n\nVraag aan de informatiestandaard: hoe moeten PGO's overlappende gegevens presenteren?",
		reporter: "Patiëntenpanel Rivierenland", loggedBy: "logging", chain: "informatiestandaard", service: svcBgZ, kind: "functioneel", severity: "midden",
		orgs: []string{orgGezondapp, orgRivierenland}, actor: orgNictiz, status: finding.StatusInAnalyse,
		labels: []string{"Weergave"}, category: "Presentatie in de PGO", theme: "Allergieën", due: 45, public: true,
		comments: []comment{{"techniek", "Ingebracht bij de werkgroep BgZ van Nictiz; bespreking volgt na dag 1."}, {"relatie", "Patiëntenfederatie wil graag meedenken over de presentatie."}}},
	{title: "Foutmelding 500 bij zoeken op Encounter met _count=0",
		desc:     "`GET /48/fhir/Encounter?_count=0` geeft `500 Internal Server Error` in plaats van een lege Bundle met alleen `total`.",
		reporter: "Bas Hoekstra (Zorgdata)", loggedBy: "logging", chain: "dva", service: svcBgZ, kind: "technisch", severity: "laag",
		orgs: []string{orgZorgdata}, status: finding.StatusNieuw},
	{title: "PGO vraagt scope zonder zorgaanbieder (alleen '48')",
		desc:     "MijnDossier stuurt `scope=48`, de sandbox verwacht `{zorgaanbieder}~48` en antwoordt `invalid_scope`.",
		reporter: "Fatima Amrani (MijnDossier)", loggedBy: "logging", chain: "pgo", service: svcBgZ, kind: "technisch", severity: "hoog",
		orgs: []string{orgMijnDossier}, actor: orgMijnDossier, status: finding.StatusGeverifieerd,
		labels: []string{"OAuth"}, category: "Authenticatie en autorisatie", theme: "Uitwisseling", due: -15, tracker: "MD-341",
		rootCause: "De PGO bouwde de scope uit de GNL zonder de zorgaanbiedernaam uit de ZAL. Aangepast volgens het afsprakenstelsel 2.x.", rootLink: "pgo",
		comments: []comment{{"test", "Geverifieerd in de sandbox: scope `ketentest~48` wordt nu meegestuurd."}}},
	{title: "Afsprakenstelsel is onduidelijk over maximale levensduur van tokens",
		desc:     "Naar aanleiding van de bevinding over token-levensduur: het afsprakenstelsel noemt geen minimum of maximum. Leveranciers kiezen nu zelf, met problemen bij het ophalen van grote dossiers.",
		reporter: "Ilse Jansen", loggedBy: "issue", chain: "afsprakenstelsel", kind: "functioneel", severity: "midden",
		orgs: []string{orgZorgdata, orgGezondapp}, actor: orgMedMij, status: finding.StatusToegewezen,
		labels: []string{"OAuth"}, category: "Documentatie", due: 60, public: true,
		comments: []comment{{"opdrachtgever", "Wordt geagendeerd voor het volgende Tactisch Overleg van MedMij."}}},
	{title: "Gezondapp crasht bij Condition zonder onsetDateTime",
		desc:     "Bij het openen van het blok Problemen sluit de iOS-app af als een `Condition` geen begindatum heeft. Crashlog bijgevoegd door de leverancier.",
		reporter: "Daan Peters (Gezondapp)", loggedBy: "deelnemer", chain: "pgo", service: svcBgZ, kind: "technisch", severity: "blokkerend",
		orgs: []string{orgGezondapp}, actor: orgGezondapp, status: finding.StatusGeverifieerd,
		labels: []string{"Weergave"}, category: "Presentatie in de PGO", theme: "Problemen", due: -9, tracker: "GA-2190",
		rootCause: "Force-unwrap van een optioneel datumveld in de iOS-app. Alle optionele zib-velden nagelopen.", rootLink: "pgo",
		comments: []comment{{"deelnemer", "Hotfix 5.1.1 staat in de App Store."}, {"test", "Geverifieerd met het bommendossier."}}},
	{title: "Token-endpoint geeft geen Cache-Control: no-store",
		desc:     "Het antwoord van `POST /oauth/token` mist `Cache-Control: no-store` en `Pragma: no-cache` (RFC 6749 §5.1). Tussenliggende caches kunnen het token bewaren.",
		reporter: "Tariq el Amrani", loggedBy: "techniek", chain: "dva", service: svcBgZ, kind: "technisch", severity: "hoog",
		orgs: []string{orgZorgdata}, actor: orgZorgdata, status: finding.StatusOpgelost,
		labels: []string{"OAuth", "Privacy"}, category: "Beveiliging en privacy", due: -4, tracker: "CONNECT-1455",
		rootCause: "Headers werden door de reverse proxy overschreven. Proxyconfiguratie aangepast.", rootLink: "dva"},
	{title: "Huisartsgegevens: Organization zonder AGB-code",
		desc:     "De `Organization` van de huisartsenpraktijk heeft alleen een naam. Zonder AGB-code (`http://fhir.nl/fhir/NamingSystem/agb-z`) kan de PGO de zorgaanbieder niet koppelen aan de ZAL.",
		reporter: "Bas Hoekstra (Zorgdata)", loggedBy: "logging", chain: "xis", service: svcBgZ, kind: "technisch", severity: "midden",
		orgs: []string{orgEPD}, actor: orgEPD, status: finding.StatusInAnalyse,
		labels: []string{"FHIR-profielen"}, category: "Conformiteit aan het profiel", theme: "Patiëntgegevens", due: -5, tracker: "EPD-8790",
		late: []comment{{"issue", "Termijn verlopen. EPD Systemen, lukt het vóór de kick-off?"}}},
	{title: "Verrichtingen: Procedure.performedPeriod wordt als één datum getoond",
		desc:     "Een opname van drie dagen wordt in MijnDossier getoond als alleen de startdatum.",
		reporter: "Patiëntenpanel Rivierenland", loggedBy: "logging", chain: "pgo", service: svcBgZ, kind: "functioneel", severity: "laag",
		orgs: []string{orgMijnDossier}, status: finding.StatusNieuw, public: true},
	{title: "Sandbox: authorize-pagina niet bruikbaar met schermlezer",
		desc:     "De keuze van de testpatiënt op de authorize-pagina heeft geen gekoppelde labels; NVDA leest alleen 'keuzerondje'.",
		reporter: "Olga Dekker", loggedBy: "logging", chain: "testomgeving", kind: "functioneel", severity: "laag",
		status: finding.StatusInTriage, labels: []string{"Testomgeving"}, category: "Beschikbaarheid"},
	{title: "Lichaamsgewicht in gram in plaats van kilogram",
		desc:     "`Observation.valueQuantity` van het lichaamsgewicht: `{\"value\": 72500, \"unit\": \"g\", \"code\": \"g\"}`. Het profiel zib-BodyWeight schrijft `kg` voor; de PGO toont 72500 kg.",
		reporter: "Sanne Willems (Gezondapp)", loggedBy: "logging", chain: "xis", service: svcBgZ, kind: "technisch", severity: "hoog",
		orgs: []string{orgEPD, orgGezondapp}, actor: orgEPD, status: finding.StatusToegewezen,
		labels: []string{"FHIR-profielen"}, category: "Conformiteit aan het profiel", theme: "Patiëntgegevens", due: -3, tracker: "EPD-8831", public: true},
	{title: "Het access token is na 5 minuten al ongeldig",
		desc:     "Tijdens het testen van MijnDossier: na een paar minuten krijgen we 401 op de FHIR-zoekvragen.",
		reporter: "Fatima Amrani (MijnDossier)", loggedBy: "logging", chain: "dva", service: svcBgZ, kind: "technisch", severity: "hoog",
		orgs: []string{orgMijnDossier, orgZorgdata}, status: finding.StatusDuplicaat, dupOf: 1,
		comments: []comment{{"triage", "Zelfde oorzaak als de eerste bevinding over token-levensduur; samengevoegd."}}},
	{title: "Zoeken op Patient met _revinclude wordt geweigerd met 400",
		desc:     "`GET /48/fhir/Patient?_revinclude=Coverage:beneficiary` → `400 Bad Request`. De BgZ-zoekvraag voor betaler gebruikt dit niet, maar één PGO probeert het.",
		reporter: "Joris Kok (Gezondapp)", loggedBy: "logging", chain: "pgo", service: svcBgZ, kind: "technisch", severity: "laag",
		orgs: []string{orgGezondapp}, status: finding.StatusNietOplossen,
		labels: []string{"Zoekvragen"}, category: "Zoeken en filteren",
		comments: []comment{{"triage", "Geen onderdeel van de BgZ-zoekvragen; de PGO past haar aanroep aan."}}},
	{title: "Wilsverklaring (AdvanceDirective) ontbreekt in de BgZ van Rivierenland",
		desc:     "Zoekvraag 'Wilsverklaring' geeft een lege Bundle, terwijl het EPD een behandelverbod bevat.",
		reporter: "Ingrid Vos (Rivierenland)", loggedBy: "logging", chain: "zorgaanbieder", service: svcBgZ, kind: "functioneel", severity: "midden",
		orgs: []string{orgRivierenland, orgEPD}, actor: orgRivierenland, status: finding.StatusInAnalyse,
		category: "Conformiteit aan het profiel", theme: "Patiëntgegevens", due: 20,
		comments: []comment{{"relatie", "Rivierenland zoekt uit of de registratie in het EPD gestructureerd is vastgelegd."}}},
	{title: "Betalergegevens: Coverage zonder UZOVI-nummer",
		desc:     "`Coverage.payor` verwijst naar een Organization zonder UZOVI-identifier.",
		reporter: "Bas Hoekstra (Zorgdata)", loggedBy: "logging", chain: "xis", service: svcBgZ, kind: "technisch", severity: "laag",
		orgs: []string{orgEPD}, status: finding.StatusNieuw},
	{title: "Tijdsverschil van 1 uur bij bloeddrukmetingen in de zomer",
		desc:     "Metingen van 14:00 staan in de PGO op 15:00.",
		reporter: "Patiëntenpanel Rivierenland", loggedBy: "logging", chain: "pgo", service: svcBgZ, kind: "functioneel", severity: "midden",
		orgs: []string{orgGezondapp}, status: finding.StatusDuplicaat, dupOf: 6},
	{title: "Contactgegevens: telecom zonder use-code",
		desc:     "`Patient.telecom` heeft geen `use`; de PGO kan thuis- en werknummer niet onderscheiden.",
		reporter: "Sanne Willems (Gezondapp)", loggedBy: "deelnemer", chain: "xis", service: svcBgZ, kind: "functioneel", severity: "laag",
		orgs: []string{orgEPD, orgGezondapp}, status: finding.StatusInTriage, labels: []string{"FHIR-profielen"}, category: "Conformiteit aan het profiel", theme: "Contactpersonen", public: true},
	{title: "Responstijd van de BgZ bij het bommendossier boven 30 seconden",
		desc:     "Het ophalen van alle 28 zoekvragen voor het bommendossier (2.400 resources) duurt 34 s bij de DVA. MedMij noemt geen norm; PGO's hanteren een time-out van 30 s per aanroep.",
		reporter: "Tessa Bakker", loggedBy: "test", chain: "dva", service: svcBgZ, kind: "technisch", severity: "midden",
		orgs: []string{orgZorgdata}, actor: orgZorgdata, status: finding.StatusToegewezen,
		labels: []string{"Performance"}, category: "Beschikbaarheid", due: 16, tracker: "CONNECT-1480"},
	{title: "Mentor/wettelijk vertegenwoordiger wordt getoond als 'Contactpersoon'",
		desc:     "De rol `Patient.contact.role` (wettelijk vertegenwoordiger) wordt genegeerd.",
		reporter: "Patiëntenpanel Rivierenland", loggedBy: "logging", chain: "pgo", service: svcBgZ, kind: "functioneel", severity: "midden",
		orgs: []string{orgMijnDossier}, actor: orgMijnDossier, status: finding.StatusToegewezen,
		labels: []string{"Weergave"}, category: "Presentatie in de PGO", theme: "Contactpersonen", due: -1, tracker: "MD-401"},
	{title: "Sandbox-dossier mist een patiënt met meerdere lopende behandelingen",
		desc:     "Voor de test van overlap willen PGO's een patiënt met gegevens bij twee zorgaanbieders. Graag toevoegen aan de testdossiers.",
		reporter: "Ruben Smit", loggedBy: "relatie", chain: "testomgeving", kind: "functioneel", severity: "laag",
		status: finding.StatusOpgelost, actor: orgMedMij, labels: []string{"Testomgeving"}, category: "Beschikbaarheid", due: 5,
		rootCause: "Het synthetische dossier is uitgebreid met een tweede zorgaanbieder (versie 2 van de testdossiers).", rootLink: "testomgeving"},
	{title: "Meldingen van de DVA bij ongeldig token zijn niet in FHIR-formaat",
		desc:     "Bij een verlopen token antwoordt de FHIR-server met HTML in plaats van een `OperationOutcome`.",
		reporter: "Joris Kok (Gezondapp)", loggedBy: "logging", chain: "dva", service: svcBgZ, kind: "technisch", severity: "laag",
		orgs: []string{orgZorgdata}, actor: orgZorgdata, status: finding.StatusInAnalyse,
		labels: []string{"FHIR-profielen"}, category: "Conformiteit aan het profiel", due: 25, tracker: "CONNECT-1488"},
	{title: "PGO stuurt geen MedMij-Request-ID mee",
		desc:     "In het verkeer van de sandbox ontbreekt de header `MedMij-Request-ID` bij de zoekvragen van MijnDossier, waardoor de logging niet te correleren is.",
		reporter: "Lotte Mulder", loggedBy: "logging", chain: "pgo", service: svcBgZ, kind: "technisch", severity: "midden",
		orgs: []string{orgMijnDossier}, status: finding.StatusNieuw, labels: []string{"Testomgeving"}},
	{title: "Labuitslag: referentiewaarden ontbreken in de weergave",
		desc:     "`Observation.referenceRange` wordt geleverd maar niet getoond; patiënten weten niet of een waarde afwijkt.",
		reporter: "Patiëntenpanel Rivierenland", loggedBy: "logging", chain: "pgo", service: svcBgZ, kind: "functioneel", severity: "midden",
		orgs: []string{orgGezondapp}, actor: orgGezondapp, status: finding.StatusInAnalyse,
		labels: []string{"Weergave"}, category: "Presentatie in de PGO", theme: "Uitwisseling", due: 18, tracker: "GA-2244", public: true},
	{title: "Vaccinatie: Immunization.vaccineCode met alleen een lokale code",
		desc:     "De vaccinatie wordt geleverd met een lokale code van het EPD, zonder de ATC- of SNOMED-codering die het profiel vraagt.",
		reporter: "Bas Hoekstra (Zorgdata)", loggedBy: "logging", chain: "xis", service: svcVacc, kind: "technisch", severity: "hoog",
		orgs: []string{orgEPD}, actor: orgEPD, status: finding.StatusToegewezen,
		labels: []string{"FHIR-profielen"}, category: "Conformiteit aan het profiel", theme: "Vaccinaties", due: -7, tracker: "EPD-8802"},
	{title: "Uitleg bij 'BgZ' in de PGO te technisch",
		desc:     "Het patiëntenpanel begrijpt de term 'Basisgegevensset Zorg' niet. Voorstel: 'Uw belangrijkste medische gegevens'.",
		reporter: "Patiëntenpanel Rivierenland", loggedBy: "logging", chain: "pgo", kind: "functioneel", severity: "laag",
		orgs: []string{orgGezondapp, orgMijnDossier}, status: finding.StatusNietOplossen, public: true,
		comments: []comment{{"triage", "Productkeuze van de PGO's, geen ketenprobleem. Meegegeven als advies."}}},
	{title: "DVA van Zorgdata Connect geeft geen refresh token",
		desc:     "Het tokenantwoord van Zorgdata Connect bevat geen `refresh_token`. MijnDossier verwachtte er een, zoals de referentie-DVA van ketentest die uitgeeft, en vraagt de patiënt na een uur opnieuw in te loggen.",
		reporter: "Fatima Amrani (MijnDossier)", loggedBy: "logging", chain: "dva", service: svcBgZ, kind: "technisch", severity: "laag",
		orgs: []string{orgMijnDossier, orgZorgdata}, status: finding.StatusNietOplossen, labels: []string{"OAuth"},
		comments: []comment{{"techniek", "Een refresh token is optioneel; een PGO moet ook zonder kunnen. Geen ketenprobleem."}}},
	{title: "Geboortedatum wordt een dag eerder getoond",
		desc:     "`Patient.birthDate` `1975-06-12` verschijnt in Gezondapp als 11 juni: de datum wordt als middernacht UTC geïnterpreteerd en naar lokale tijd omgezet.",
		reporter: "Daan Peters (Gezondapp)", loggedBy: "deelnemer", chain: "pgo", service: svcBgZ, kind: "functioneel", severity: "hoog",
		orgs: []string{orgGezondapp}, status: finding.StatusNieuw, public: true},
}
