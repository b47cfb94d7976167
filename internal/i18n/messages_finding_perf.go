package i18n

// Messages of paged finding lists and the presentable handover export.
func init() {
	register("nl", map[string]string{
		"finding.pages": "Pagina's", "finding.page_shown": "%d van %d getoond", "finding.next_page": "Oudere bevindingen",
		"finding.first_page": "Nieuwste bevindingen",
	})
	register("en", map[string]string{
		"finding.pages": "Pages", "finding.page_shown": "%d of %d shown", "finding.next_page": "Older findings",
		"finding.first_page": "Newest findings",
	})
}
