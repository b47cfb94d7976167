package orgsandbox

import (
	"context"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
)

func TestDossierSourceKeysByBSN(t *testing.T) {
	var rs []*fhir.Resource
	for _, s := range []string{
		`{"resourceType":"Patient","id":"p1","identifier":[{"system":"http://fhir.nl/fhir/NamingSystem/bsn","value":"999990019"}]}`,
		`{"resourceType":"Patient","id":"p2","identifier":[{"system":"urn:x","value":"1"}]}`,
		`{"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p1"}}`,
	} {
		r, err := fhir.ParseJSON([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		r.Version = fhir.STU3
		rs = append(rs, r)
	}
	set, err := dossier.NewSet("s", "s-", rs)
	if err != nil {
		t.Fatal(err)
	}
	_, byBSN, err := DossierSource(set)(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(byBSN) != 1 || byBSN["999990019"] == "" {
		t.Fatalf("byBSN = %v", byBSN)
	}
	if _, other, _ := DossierSource(set)(context.Background(), 7); len(other) != 0 {
		t.Fatalf("patients of another hackathon: %v", other)
	}
}
