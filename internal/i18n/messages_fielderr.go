package i18n

// Texts of the field-error codes every capability shares (apperr.Required,
// TooLong, RequiredMax, NoSuchOrganisation), worded as the texts of the
// same English messages were (fieldErrors), so a page reads the same.
func init() {
	register("nl", map[string]string{
		"fielderr.code.required": "Verplicht.", "fielderr.code.too_long": "Maximaal %s tekens.",
		"fielderr.code.required_max": "Verplicht, maximaal %s tekens.", "fielderr.code.no_such_organisation": "Deze organisatie bestaat niet.",
	})
	register("en", map[string]string{
		"fielderr.code.required": "required", "fielderr.code.too_long": "at most %s characters",
		"fielderr.code.required_max": "required, at most %s characters", "fielderr.code.no_such_organisation": "no such organisation",
	})
}
