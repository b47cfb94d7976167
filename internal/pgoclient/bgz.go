package pgoclient

// BgZSearches is the query set of data service 48 (BgZ 3.0, STU3): the
// searches a MedMij PGO sends after authorization, one per zib group, as
// specified for BgZ retrieval (and as the Nictiz PHR-Client TestScript
// medmij-bgz-phr-1-1 asks; TestBgZSearchesMatchScript keeps them equal).
var BgZSearches = []Search{
	{Name: "Patient", Resource: "Patient", Params: "?_include=Patient:general-practitioner"},
	{Name: "Payer", Resource: "Coverage", Params: "?_include=Coverage:payor:Patient&_include=Coverage:payor:Organization"},
	{Name: "TreatmentDirective", Resource: "Consent", Params: "?category=http://snomed.info/sct|11291000146105"},
	{Name: "AdvanceDirective", Resource: "Consent", Params: "?category=http://snomed.info/sct|11341000146107"},
	{Name: "FunctionalOrMentalStatus", Resource: "Observation", Params: "/$lastn?category=http://snomed.info/sct|118228005,http://snomed.info/sct|384821006"},
	{Name: "Problem", Resource: "Condition", Params: ""},
	{Name: "LivingSituation", Resource: "Observation", Params: "/$lastn?code=http://snomed.info/sct|365508006"},
	{Name: "DrugUse", Resource: "Observation", Params: "?code=http://snomed.info/sct|228366006"},
	{Name: "AlcoholUse", Resource: "Observation", Params: "?code=http://snomed.info/sct|228273003"},
	{Name: "TobaccoUse", Resource: "Observation", Params: "?code=http://snomed.info/sct|365980008"},
	{Name: "NutritionAdvice", Resource: "NutritionOrder", Params: ""},
	{Name: "Alert", Resource: "Flag", Params: ""},
	{Name: "AllergyIntolerance", Resource: "AllergyIntolerance", Params: ""},
	{Name: "MedicationUse", Resource: "MedicationStatement", Params: "?category=urn:oid:2.16.840.1.113883.2.4.3.11.60.20.77.5.3|6&_include=MedicationStatement:medication"},
	{Name: "MedicationAgreement", Resource: "MedicationRequest", Params: "?category=http://snomed.info/sct|16076005&_include=MedicationRequest:medication"},
	{Name: "AdministrationAgreement", Resource: "MedicationDispense", Params: "?category=http://snomed.info/sct|422037009&_include=MedicationDispense:medication"},
	{Name: "MedicalDevice", Resource: "DeviceUseStatement", Params: "?_include=DeviceUseStatement:device"},
	{Name: "Vaccination", Resource: "Immunization", Params: "?status=completed"},
	{Name: "BloodPressure", Resource: "Observation", Params: "/$lastn?code=http://loinc.org|85354-9"},
	{Name: "BodyWeight", Resource: "Observation", Params: "/$lastn?code=http://loinc.org|29463-7"},
	{Name: "BodyHeight", Resource: "Observation", Params: "/$lastn?code=http://loinc.org|8302-2,http://loinc.org|8306-3,http://loinc.org|8308-9"},
	{Name: "LaboratoryTestResult", Resource: "Observation", Params: "/$lastn?category=http://snomed.info/sct|275711006&_include=Observation:related-target&_include=Observation:specimen"},
	{Name: "Procedure", Resource: "Procedure", Params: "?category=http://snomed.info/sct|387713003"},
	{Name: "Contact", Resource: "Encounter", Params: "?class=http://hl7.org/fhir/v3/ActCode|IMP,http://hl7.org/fhir/v3/ActCode|ACUTE,http://hl7.org/fhir/v3/ActCode|NONAC"},
	{Name: "PlannedCareActivity-ProcedureRequest", Resource: "ProcedureRequest", Params: "?status=active"},
	{Name: "PlannedCareActivity-ImmunizationRecommendation", Resource: "ImmunizationRecommendation", Params: ""},
	{Name: "PlannedCareActivity-Appointment", Resource: "Appointment", Params: "?status=booked,pending,proposed"},
	{Name: "PlannedCareActivity-DeviceRequest", Resource: "DeviceRequest", Params: "?status=active&_include=DeviceRequest:device"},
}
