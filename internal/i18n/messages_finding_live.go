package i18n

// Messages of the live board, saved filters and notifications of findings.
func init() {
	register("nl", map[string]string{
		"board.title": "Live bord", "board.nav": "Live bord", "board.newest": "Nieuwste bevindingen",
		"board.live": "live", "board.offline": "geen verbinding – opnieuw verbinden…", "board.connecting": "verbinden…",
		"filter.saved_title": "Opgeslagen filters", "filter.name": "Filter opslaan als", "filter.save": "Opslaan",
		"filter.delete": "Verwijder filter", "filter.saved": "Filter opgeslagen.", "filter.deleted": "Filter verwijderd.",
		"notify.title": "Meldingen", "notify.nav": "Meldingen", "notify.unread": "Ongelezen", "notify.read": "Gelezen",
		"notify.none": "Geen meldingen.", "notify.mark_read": "Gelezen", "notify.read_all": "Alles als gelezen markeren",
		"notify.by": "door", "notify.email_title": "E-mail", "notify.email": "Meldingen voor deze hackathon ook per e-mail ontvangen",
		"notify.watch": "Volgen", "notify.unwatch": "Niet meer volgen",
		"notify.kind.status": "Status gewijzigd", "notify.kind.assigned": "Toegewezen aan", "notify.kind.comment": "Nieuwe reactie",
		"notify.kind.due":    "Oplossingstermijn gezet",
		"notify.mail_footer": "Je ontvangt dit bericht omdat je deze bevinding volgt of eraan bent toegewezen. Zet e-mail uit op de pagina Meldingen van de hackathon.",
	})
	register("en", map[string]string{
		"board.title": "Live board", "board.nav": "Live board", "board.newest": "Newest findings",
		"board.live": "live", "board.offline": "disconnected – reconnecting…", "board.connecting": "connecting…",
		"filter.saved_title": "Saved filters", "filter.name": "Save filter as", "filter.save": "Save",
		"filter.delete": "Delete filter", "filter.saved": "Filter saved.", "filter.deleted": "Filter deleted.",
		"notify.title": "Notifications", "notify.nav": "Notifications", "notify.unread": "Unread", "notify.read": "Read",
		"notify.none": "No notifications.", "notify.mark_read": "Mark read", "notify.read_all": "Mark all as read",
		"notify.by": "by", "notify.email_title": "E-mail", "notify.email": "Also receive notifications for this hackathon by e-mail",
		"notify.watch": "Watch", "notify.unwatch": "Stop watching",
		"notify.kind.status": "Status changed", "notify.kind.assigned": "Assigned to", "notify.kind.comment": "New comment",
		"notify.kind.due":    "Resolution term set",
		"notify.mail_footer": "You receive this message because you watch this finding or it is assigned to you. Switch e-mail off on the hackathon's Notifications page.",
	})
}
