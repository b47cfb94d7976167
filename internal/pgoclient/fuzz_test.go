package pgoclient

import "testing"

// FuzzCheckResponses: the checks never panic on what a DVA may answer.
func FuzzCheckResponses(f *testing.F) {
	f.Add("https://d.example/fhir/Observation/$lastn?code=a|b", []byte(`{"resourceType":"Bundle","type":"searchset","total":1,"link":[{"relation":"self","url":"https://d.example/fhir/Observation?patient=x"}],"entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient","id":"1"},"search":{"mode":"match"}}]}`))
	f.Add("%zz", []byte(`{"access_token":"a","token_type":"bearer","expires_in":-1}`))
	f.Add("https://d.example/fhir/Patient", []byte(`<Bundle xmlns="http://hl7.org/fhir"><type value="searchset"/></Bundle>`))
	f.Fuzz(func(t *testing.T, u string, body []byte) {
		rs := CheckSearchResponse(u, 200, "application/fhir+json", body)
		if len(rs) < len(SearchChecks) {
			t.Fatalf("%d results", len(rs))
		}
		CheckTokenResponse(200, "application/json", "no-store", body)
	})
}
