package i18n

// Messages of paged finding lists and the presentable handover export.
func init() {
	register("nl", map[string]string{
		"finding.pages": "Pagina's", "finding.page_shown": "%d van %d getoond", "finding.next_page": "Oudere bevindingen",
		"finding.first_page": "Nieuwste bevindingen",
		"export.col.key":     "Nummer", "export.col.title": "Titel", "export.col.description": "Beschrijving", "export.col.status": "Status",
		"export.col.severity": "Ernst", "export.col.kind": "Soort", "export.col.chain_link": "Schakel in de keten",
		"export.col.data_service": "Gegevensdienst", "export.col.actor": "Actor", "export.col.resolution_due": "Oplossingstermijn",
		"export.col.tracker_key": "Sleutel in eigen tracker", "export.col.tracker_url": "Link naar eigen tracker",
		"export.col.root_cause": "Grondoorzaak", "export.col.root_chain_link": "Schakel van de grondoorzaak",
		"export.col.reported_by": "Gemeld door", "export.col.logged_by": "Gelogd door", "export.col.created": "Gelogd op",
		"export.col.comments": "Reacties en updates", "export.col.link": "Link naar de bevinding",
		"export.col.total": "Totaal", "export.col.open": "Open", "export.col.unsolved": "Niet oplossen", "export.col.solved": "Opgelost",
		"export.col.overdue": "Termijn verstreken",
	})
	register("en", map[string]string{
		"finding.pages": "Pages", "finding.page_shown": "%d of %d shown", "finding.next_page": "Older findings",
		"finding.first_page": "Newest findings",
		"export.col.key":     "Key", "export.col.title": "Title", "export.col.description": "Description", "export.col.status": "Status",
		"export.col.severity": "Severity", "export.col.kind": "Kind", "export.col.chain_link": "Chain link",
		"export.col.data_service": "Data service", "export.col.actor": "Actor", "export.col.resolution_due": "Resolution term",
		"export.col.tracker_key": "Key in own tracker", "export.col.tracker_url": "Link to own tracker",
		"export.col.root_cause": "Root cause", "export.col.root_chain_link": "Chain link of the root cause",
		"export.col.reported_by": "Reported by", "export.col.logged_by": "Logged by", "export.col.created": "Logged at",
		"export.col.comments": "Comments and updates", "export.col.link": "Link to the finding",
		"export.col.total": "Total", "export.col.open": "Open", "export.col.unsolved": "Won't fix", "export.col.solved": "Solved",
		"export.col.overdue": "Past term",
	})
}
