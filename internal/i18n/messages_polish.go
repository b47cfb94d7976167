package i18n

// Messages of the polish round: readable change history and audit paging.
func init() {
	register("nl", map[string]string{
		"auditlog.gone":           "verwijderd (#%d)",
		"auditlog.entity.finding": "Bevinding", "auditlog.entity.milestone": "Mijlpaal", "auditlog.entity.hackathon": "Hackathon",
		"auditlog.entity.member": "Lid", "auditlog.entity.canvas": "Canvas", "auditlog.entity.project_role": "Projectrol",
		"auditlog.action.logged": "gelogd", "auditlog.action.status": "status", "auditlog.action.severity": "ernst",
		"auditlog.action.actor": "actor", "auditlog.action.category": "categorie", "auditlog.action.theme": "thema",
		"auditlog.action.element": "element", "auditlog.action.visibility": "zichtbaarheid", "auditlog.action.labels": "labels",
		"auditlog.action.resolution term": "oplossingstermijn", "auditlog.action.tracker key": "tracker-sleutel",
		"auditlog.action.tracker url": "tracker-URL", "auditlog.action.root cause": "oorzaak",
		"auditlog.action.root chain link": "schakel van de oorzaak", "auditlog.action.root evidence": "onderbouwing oorzaak",
		"auditlog.action.merged into": "samengevoegd met", "auditlog.action.duplicate merged": "duplicaat samengevoegd",
		"auditlog.action.comment": "opmerking", "auditlog.action.attachment": "bijlage", "auditlog.action.owner": "eigenaar",
		"auditlog.action.note": "notitie", "auditlog.action.due_date": "deadline", "auditlog.action.created": "aangemaakt", "auditlog.action.updated": "bijgewerkt",
		"auditlog.newer": "← Nieuwere", "auditlog.older": "Oudere →", "auditlog.kind": "Soort", "auditlog.object": "Object-id",
		"auditlog.all": "Alle", "auditlog.filter": "Filteren", "auditlog.page_of": "%d wijzigingen op deze pagina",
	})
	register("en", map[string]string{
		"auditlog.gone":           "deleted (#%d)",
		"auditlog.entity.finding": "Finding", "auditlog.entity.milestone": "Milestone", "auditlog.entity.hackathon": "Hackathon",
		"auditlog.entity.member": "Member", "auditlog.entity.canvas": "Canvas", "auditlog.entity.project_role": "Project role",
		"auditlog.action.logged": "logged", "auditlog.action.status": "status", "auditlog.action.severity": "severity",
		"auditlog.action.actor": "actor", "auditlog.action.category": "category", "auditlog.action.theme": "theme",
		"auditlog.action.element": "element", "auditlog.action.visibility": "visibility", "auditlog.action.labels": "labels",
		"auditlog.action.resolution term": "resolution term", "auditlog.action.tracker key": "tracker key",
		"auditlog.action.tracker url": "tracker URL", "auditlog.action.root cause": "root cause",
		"auditlog.action.root chain link": "root cause chain link", "auditlog.action.root evidence": "root cause evidence",
		"auditlog.action.merged into": "merged into", "auditlog.action.duplicate merged": "duplicate merged",
		"auditlog.action.comment": "comment", "auditlog.action.attachment": "attachment", "auditlog.action.owner": "owner",
		"auditlog.action.note": "note", "auditlog.action.due_date": "due date", "auditlog.action.created": "created", "auditlog.action.updated": "updated",
		"auditlog.newer": "← Newer", "auditlog.older": "Older →", "auditlog.kind": "Kind", "auditlog.object": "Object id",
		"auditlog.all": "All", "auditlog.filter": "Filter", "auditlog.page_of": "%d changes on this page",
	})
}
