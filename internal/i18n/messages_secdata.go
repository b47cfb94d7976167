package i18n

// Messages of the import limits and version check of test dossiers, and of
// invitations to a hackathon by e-mail.
func init() {
	register("nl", map[string]string{
		"dossier.err.upload_total":    "de upload pakt uit tot meer dan %s, alle bestanden en zipbestanden samen",
		"dossier.err.string_too_long": "%s is %d tekens lang, hoogstens %d toegestaan",
		"dossier.err.base_version":    "het dossier staat nu op versie %d, niet op %d: het is gewijzigd sinds je het opende; bekijk de nieuwste versie en importeer opnieuw",
		"invite.name":                 "Naam (voor een nieuw account)",
		"invite.help":                 "Heeft dit e-mailadres nog geen account, dan maakt ketentest er een aan en mailt een uitnodiging met een link om een wachtwoord in te stellen. Bestaat het account al, dan krijgt de persoon de rol en een bericht.",
		"invite.linked":               "account",
		"invite.linked_help":          "Gekoppeld aan het account dat deze rol kreeg",
		"org.shared":                  "Deze organisatie doet ook mee aan andere hackathons: alleen een platformbeheerder kan haar naam of ketenrollen wijzigen. Product en versie gelden per hackathon en kun je hier wel wijzigen.",
		"flash.member_invited":        "Rol toegekend; er is een account aangemaakt en de uitnodiging om een wachtwoord in te stellen staat klaar bij de berichten.",
	})
	register("en", map[string]string{
		"dossier.err.upload_total":    "the upload unpacks to more than %s, all files and zip files together",
		"dossier.err.string_too_long": "%s is %d characters long, at most %d allowed",
		"dossier.err.base_version":    "the dossier is at version %d now, not %d: it changed since you opened it; look at the latest version and import again",
		"invite.name":                 "Name (for a new account)",
		"invite.help":                 "If this e-mail address has no account yet, ketentest creates one and mails an invitation with a link to set a password. If the account exists, the person gets the role and a message.",
		"invite.linked":               "account",
		"invite.linked_help":          "Linked to the account that was given this role",
		"org.shared":                  "This organisation also takes part in other hackathons: only a platform administrator can change its name or chain roles. Product and version are per hackathon and can be changed here.",
		"flash.member_invited":        "Role granted; an account was created and the invitation to set a password is queued with the messages.",
	})
}
