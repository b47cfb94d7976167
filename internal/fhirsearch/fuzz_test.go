package fhirsearch

import (
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/fhir"
)

// FuzzParseQuery: any query string parses or is refused with an *Error;
// what was handled parses again to the same clauses; searching never
// panics.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"", "code=http://loinc.org|1,2", "onset-date=ge2020-01-01&onset-date=le2021", "_count=1&_offset=3", "_summary=count",
		"_include=Condition:asserter&_revinclude:iterate=Provenance:target", "_sort=-onset-date,code", "code:not=a\\,b|c",
		"family:exact=%C3%85", "asserter:Practitioner=1", "onset-date=ap2020-02-30T10:00:00.123+01:00", "_elements=id,code",
		"onset-date:missing=true", "code:text=x%", "a=%zz", "_lastUpdated=gt2020", "evidence-detail=x",
	} {
		f.Add("Condition", s)
	}
	f.Add("Observation", "code-value-quantity=http://loinc.org|1$gt5.4|http://unitsofmeasure.org|mg&value-quantity=le5.4e1")
	f.Add("Patient", "birthdate=1970&name=jan&identifier=http://fhir.nl/fhir/NamingSystem/bsn|999911120")
	ix := stu3Conditions(f)
	f.Fuzz(func(t *testing.T, typ, raw string) {
		if !fhir.IsResourceType(fhir.STU3, typ) {
			typ = "Condition"
		}
		q, err := ParseQuery(fhir.STU3, typ, raw)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("%q: error of type %T", raw, err)
			}
			return
		}
		q2, err := ParseQuery(fhir.STU3, typ, strings.Join(q.Handled, "&"))
		if err != nil || len(q2.Clauses) != len(q.Clauses) || len(q2.Includes) != len(q.Includes) || len(q2.Ignored) != 0 {
			t.Fatalf("handled %q does not parse the same: %v", q.Handled, err)
		}
		ix.Search(q, Options{Now: time.Unix(0, 0)})
	})
}
