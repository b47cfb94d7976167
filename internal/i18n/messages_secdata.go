package i18n

// Messages of the import limits and version check of test dossiers, and of
// invitations to a hackathon by e-mail.
func init() {
	register("nl", map[string]string{
		"dossier.err.upload_total":    "de upload pakt uit tot meer dan %s, alle bestanden en zipbestanden samen",
		"dossier.err.string_too_long": "%s is %d tekens lang, hoogstens %d toegestaan",
		"dossier.err.base_version":    "het dossier staat nu op versie %d, niet op %d: het is gewijzigd sinds je het opende; bekijk de nieuwste versie en importeer opnieuw",
	})
	register("en", map[string]string{
		"dossier.err.upload_total":    "the upload unpacks to more than %s, all files and zip files together",
		"dossier.err.string_too_long": "%s is %d characters long, at most %d allowed",
		"dossier.err.base_version":    "the dossier is at version %d now, not %d: it changed since you opened it; look at the latest version and import again",
	})
}
