package i18n

// Messages of the test itself (internal/testday): the snelcheck, decisions,
// result messages, rounds and pairing.
func init() {
	register("nl", map[string]string{
		"auditlog.entity.snelcheck_list": "Snelchecklijst", "auditlog.entity.snelcheck_item": "Snelcheckpunt",
		"auditlog.entity.snelcheck_participant": "Snelcheck-deelnemer", "auditlog.entity.snelcheck_check": "Snelcheckpunt van een deelnemer",
		"auditlog.entity.snelcheck_decision": "Snelcheckbesluit",
		"auditlog.action.faq":                "FAQ", "auditlog.action.applied": "snelcheck toegepast",
		"auditlog.action.automated": "automatische controle", "auditlog.action.told": "uitslag verstuurd",
	})
	register("en", map[string]string{
		"auditlog.entity.snelcheck_list": "Snelcheck list", "auditlog.entity.snelcheck_item": "Snelcheck item",
		"auditlog.entity.snelcheck_participant": "Snelcheck participant", "auditlog.entity.snelcheck_check": "Participant's snelcheck item",
		"auditlog.entity.snelcheck_decision": "Snelcheck decision",
		"auditlog.action.faq":                "FAQ", "auditlog.action.applied": "snelcheck applied",
		"auditlog.action.automated": "automated check", "auditlog.action.told": "result sent",
	})
}
