package i18n

// Messages of the approval of a registration's link to its organisation.
func init() {
	register("nl", map[string]string{
		"approval.title": "Wacht op goedkeuring van de organisatie",
		"approval.help": "Deze mensen meldden zich zelf aan bij een bestaande organisatie. Pas na goedkeuring krijgen ze bij \"accounts aanmaken\" " +
			"de rol deelnemer voor die organisatie (bevindingen van de organisatie zien en namens haar handelen). Controleer bij twijfel bij de organisatie. " +
			"Afwijzen annuleert de aanmelding en mailt de reden naar de persoon.",
		"approval.select": "Kies", "approval.approve": "Goedkeuren", "approval.reject": "Afwijzen",
		"approval.approve_selected": "Gekozen goedkeuren", "approval.reject_selected": "Gekozen afwijzen",
		"approval.reason":        "Reden van afwijzen (gaat per e-mail naar de persoon)",
		"approval.state_pending": "wacht op goedkeuring van de organisatie", "approval.state_rejected": "afgewezen voor de organisatie",
		"approval.flash_approved":    "Goedgekeurd. Maak opnieuw accounts aan om de goedgekeurde mensen hun account te geven.",
		"approval.flash_rejected":    "Afgewezen; de aanmelding is geannuleerd en de persoon krijgt de reden per e-mail.",
		"approval.flash_nothing":     "Niets gewijzigd: de gekozen aanmeldingen wachtten niet (meer) op goedkeuring.",
		"approval.accounts_awaiting": "%d bevestigde aanmeldingen wachten op goedkeuring van de organisatie en kregen nog geen account.",
		"approval.to_approvals":      "Naar de goedkeuringen",
	})
	register("en", map[string]string{
		"approval.title": "Waiting for approval of the organisation",
		"approval.help": "These people registered themselves with an existing organisation. Only after approval does \"create accounts\" give them " +
			"the participant role for that organisation (seeing its findings and acting on its behalf). When in doubt, check with the organisation. " +
			"Rejecting cancels the registration and mails the reason to the person.",
		"approval.select": "Select", "approval.approve": "Approve", "approval.reject": "Reject",
		"approval.approve_selected": "Approve selected", "approval.reject_selected": "Reject selected",
		"approval.reason":        "Reason for rejecting (mailed to the person)",
		"approval.state_pending": "waiting for approval of the organisation", "approval.state_rejected": "rejected for the organisation",
		"approval.flash_approved":    "Approved. Create accounts again to give the approved people their account.",
		"approval.flash_rejected":    "Rejected; the registration is cancelled and the person gets the reason by e-mail.",
		"approval.flash_nothing":     "Nothing changed: the chosen registrations were not (or no longer) waiting for approval.",
		"approval.accounts_awaiting": "%d confirmed registrations wait for approval of the organisation and got no account yet.",
		"approval.to_approvals":      "To the approvals",
	})
}
