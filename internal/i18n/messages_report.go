package i18n

// Messages of the final report and the draaiboek (internal/report).
func init() {
	register("nl", map[string]string{
		"report.title": "Eindrapportage",
	})
	register("en", map[string]string{
		"report.title": "Final report",
	})
}
