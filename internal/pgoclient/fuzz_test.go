package pgoclient

import (
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
)

// FuzzCheckResponses: the checks never panic on what a DVA may answer.
func FuzzCheckResponses(f *testing.F) {
	f.Add("https://d.example/fhir/Observation/$lastn?code=a|b", []byte(`{"resourceType":"Bundle","type":"searchset","total":1,"link":[{"relation":"self","url":"https://d.example/fhir/Observation?patient=x"}],"entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient","id":"1"},"search":{"mode":"match"}}]}`))
	f.Add("%zz", []byte(`{"access_token":"a","token_type":"bearer","expires_in":-1}`))
	f.Add("https://d.example/fhir/Patient", []byte(`<Bundle xmlns="http://hl7.org/fhir"><type value="searchset"/></Bundle>`))
	f.Fuzz(func(t *testing.T, u string, body []byte) {
		for _, v := range []fhir.Version{fhir.STU3, fhir.R4} {
			rs := CheckSearchResponse(u, v, 200, "application/fhir+json", body)
			if len(rs) < len(SearchChecksFor(v)) {
				t.Fatalf("%s: %d results", v, len(rs))
			}
		}
		CheckTokenResponse(200, "application/json", "no-store", body)
	})
}

// FuzzParseLists: the ZAL and GNL parsers never panic, and every entry
// they call usable has http(s) endpoints and a supported data service.
func FuzzParseLists(f *testing.F) {
	// Small seeds (the full sandbox lists are in TestParseZAL): the
	// fuzzer minimizes every new input, which is slow on large ones.
	f.Add([]byte(`<Zorgaanbiederslijst xmlns="xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release2/"><Zorgaanbieders><Zorgaanbieder><Zorgaanbiedernaam>z</Zorgaanbiedernaam><Gegevensdiensten><Gegevensdienst><GegevensdienstId>63</GegevensdienstId><AuthorizationEndpoint><AuthorizationEndpointuri>https://a/x</AuthorizationEndpointuri></AuthorizationEndpoint><TokenEndpoint><TokenEndpointuri>https://a/t</TokenEndpointuri></TokenEndpoint><Systeemrollen><Systeemrol><Systeemrolcode>R</Systeemrolcode><ResourceEndpoint><ResourceEndpointuri>https://a/f</ResourceEndpointuri></ResourceEndpoint></Systeemrol></Systeemrollen></Gegevensdienst></Gegevensdiensten></Zorgaanbieder></Zorgaanbieders></Zorgaanbiederslijst>`))
	f.Add([]byte(`<Gegevensdienstnamenlijst xmlns="xmlns://afsprakenstelsel.medmij.nl/gegevensdienstnamenlijst/release1/"><Gegevensdiensten><Gegevensdienst><GegevensdienstId>48</GegevensdienstId><Weergavenaam>BgZ</Weergavenaam></Gegevensdienst></Gegevensdiensten></Gegevensdienstnamenlijst>`))
	f.Add([]byte(`<Zorgaanbiederslijst xmlns="xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release2/"><Zorgaanbieders><Zorgaanbieder><Gegevensdiensten><Gegevensdienst/></Gegevensdiensten></Zorgaanbieder></Zorgaanbieders></Zorgaanbiederslijst>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		es, err := ParseZAL(data)
		if err == nil {
			for _, e := range es {
				if e.Usable() && (CheckURL(e.AuthorizeURL) != nil || CheckURL(e.TokenURL) != nil || CheckURL(e.FHIRBase) != nil || Services[e.ServiceID].ID == "") {
					t.Fatalf("usable entry %+v", e)
				}
			}
		}
		ParseGNL(data)
	})
}
