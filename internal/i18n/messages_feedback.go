package i18n

// Messages of the feedback after a test day (6B, internal/testday).
func init() {
	register("nl", map[string]string{
		"rounds.feedback": "Terugkoppeling na een testdag (6B)", "rounds.feedback_hint": "Stuur elke deelnemende organisatie haar eigen bevindingen, resultaten en acties van de dag.",
		"rounds.feedback_day": "Terugkoppeling dag %d sturen", "rounds.flash.feedback_sent": "De terugkoppeling is verstuurd.",
		"fielderr.not a day of this hackathon": "geen dag van deze hackathon", "fielderr.no participants to send feedback to": "er zijn geen deelnemers om terugkoppeling naar te sturen",
		"auditlog.entity.feedback": "Terugkoppeling",
	})
	register("en", map[string]string{
		"rounds.feedback": "Feedback after a test day (6B)", "rounds.feedback_hint": "Send every participating organisation its own findings, results and actions of the day.",
		"rounds.feedback_day": "Send feedback of day %d", "rounds.flash.feedback_sent": "The feedback has been sent.",
		"fielderr.not a day of this hackathon": "not a day of this hackathon", "fielderr.no participants to send feedback to": "no participants to send feedback to",
		"auditlog.entity.feedback": "Feedback",
	})
}
