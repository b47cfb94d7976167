package apperr

import (
	"encoding/json"
	"testing"
)

// TestFieldErrorJSON: the API's field errors carry their code and
// arguments beside the English message; an error without a code has
// neither key.
func TestFieldErrorJSON(t *testing.T) {
	var v Invalid
	v.Required("title")
	v.TooLong("description", "50,000")
	v.RequiredMax("name", "200")
	v.NoSuchOrganisation("actor_organisation_id")
	v.Add("kind", "must be technisch or functioneel")
	b, err := json.Marshal(v.Fields)
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"field":"title","message":"required","code":"required"},` +
		`{"field":"description","message":"at most 50,000 characters","code":"too_long","args":["50,000"]},` +
		`{"field":"name","message":"required, at most 200 characters","code":"required_max","args":["200"]},` +
		`{"field":"actor_organisation_id","message":"no such organisation","code":"no_such_organisation"},` +
		`{"field":"kind","message":"must be technisch or functioneel"}]`
	if string(b) != want {
		t.Errorf("JSON\n%s\nwant\n%s", b, want)
	}
	for _, err := range []error{Required("x"), TooLong("x", "3"), NoSuchOrganisation("x")} {
		if f := Fields(err); len(f) != 1 || f[0].Code == "" {
			t.Errorf("%v: no code", err)
		}
	}
}
