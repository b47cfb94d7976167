package i18n

// Messages of the care providers (hospitals) of a hackathon's sandbox on
// the participant page.
func init() {
	register("nl", map[string]string{
		"sandbox.providers.title": "Zorgaanbieders in deze testomgeving",
		"sandbox.providers.intro": "Elke zorgaanbieder heeft een eigen DVA met eigen endpoints en eigen testpatiënten. Je PGO haalt bij elk apart op, met een token van die zorgaanbieder; een token van de een geeft geen toegang bij de ander.",
		"sandbox.providers.zal":   "Alle zorgaanbieders staan met hun endpoints op de ZAL:",
	})
	register("en", map[string]string{
		"sandbox.providers.title": "Care providers in this sandbox",
		"sandbox.providers.intro": "Each care provider has a DVA of its own with its own endpoints and test patients. Your PGO retrieves from each separately, with a token of that provider; a token of one gives no access at another.",
		"sandbox.providers.zal":   "Every care provider is on the ZAL with its endpoints:",
	})
}
