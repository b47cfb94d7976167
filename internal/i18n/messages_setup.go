package i18n

// Messages of a fresh installation.
func init() {
	register("nl", map[string]string{
		"login.first_admin": "Er is nog geen beheerder. Maak de eerste op de server aan met " +
			"ketentest user create --admin --email JOUW@ADRES --name \"JOUW NAAM\" (het wachtwoord komt uit KETENTEST_PASSWORD of stdin) en log dan hier in.",
	})
	register("en", map[string]string{
		"login.first_admin": "There is no administrator yet. Create the first one on the server with " +
			"ketentest user create --admin --email YOUR@ADDRESS --name \"YOUR NAME\" (the password comes from KETENTEST_PASSWORD or stdin), then log in here.",
	})
}
