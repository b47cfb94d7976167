package i18n

// Messages of the w4 participant round. Labels of the audit kinds (entities)
// and literal actions that had none, so
// the audit page never shows a raw code. internal/web's
// TestAuditKindsHaveLabels fails when code records a kind or action without
// a label in both languages.
func init() {
	register("nl", map[string]string{
		"auditlog.entity.comm_item": "Communicatie-item", "auditlog.entity.comm_template": "Communicatiesjabloon",
		"auditlog.entity.commplan":         "Communicatieplan",
		"auditlog.action.accounts created": "accounts aangemaakt", "auditlog.action.create": "aangemaakt",
		"auditlog.action.delete": "verwijderd", "auditlog.action.edit": "bewerkt",
		"auditlog.action.organisation link": "koppeling aan organisatie", "auditlog.action.organisation link approved": "koppeling aan organisatie goedgekeurd",
		"auditlog.action.organisation link rejected": "koppeling aan organisatie afgewezen",
		"auditlog.action.personal data deleted":      "persoonsgegevens verwijderd", "auditlog.action.planned_on": "gepland op",
		"auditlog.action.promoted": "van wachtlijst geplaatst", "auditlog.action.queued": "in de wachtrij gezet",
		"auditlog.action.responsible": "verantwoordelijke", "auditlog.action.set": "ingesteld", "auditlog.action.staffed": "bemensing",
		"auditlog.action.variant": "variant", "auditlog.action.version": "versie",
		"auditlog.action.product": "product en versie",
	})
	register("en", map[string]string{
		"auditlog.entity.comm_item": "Communication item", "auditlog.entity.comm_template": "Communication template",
		"auditlog.entity.commplan":         "Communication plan",
		"auditlog.action.accounts created": "accounts created", "auditlog.action.create": "created",
		"auditlog.action.delete": "deleted", "auditlog.action.edit": "edited",
		"auditlog.action.organisation link": "organisation link", "auditlog.action.organisation link approved": "organisation link approved",
		"auditlog.action.organisation link rejected": "organisation link rejected",
		"auditlog.action.personal data deleted":      "personal data deleted", "auditlog.action.planned_on": "planned on",
		"auditlog.action.promoted": "moved off the waiting list", "auditlog.action.queued": "queued",
		"auditlog.action.responsible": "responsible", "auditlog.action.set": "set", "auditlog.action.staffed": "staffing",
		"auditlog.action.variant": "variant", "auditlog.action.version": "version",
		"auditlog.action.product": "product and version",
	})
}

// The confirmation page of a registration whose organisation link waits for approval.
func init() {
	register("nl", map[string]string{
		"comms.moment.wachtlijst": "Plaats op de wachtlijst", "comms.moment.afmelding": "Bevestiging van een afmelding",
		"reg.approval_pending": "Let op: je koppeling aan %s wordt eerst gecontroleerd door de organisatie van de hackathon. Pas na hun goedkeuring krijg je toegang namens %s.",
	})
	register("en", map[string]string{
		"comms.moment.wachtlijst": "Place on the waiting list", "comms.moment.afmelding": "Confirmation of a cancellation",
		"reg.approval_pending": "Please note: the hackathon's organisers will check your link to %s first. You get access on behalf of %s only after their approval.",
	})
}
