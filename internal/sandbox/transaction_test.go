package sandbox

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

const pdfaPatient = "example-pdfa-kwalificatie1"

// txBundle is a receive-scenario transaction: a Patient, a Binary and a
// DocumentReference that refers to both by urn:uuid.
const txBundle = `{"resourceType":"Bundle","type":"transaction","entry":[
{"fullUrl":"urn:uuid:11111111-1111-4111-8111-111111111111","resource":{"resourceType":"Patient","meta":{"profile":["http://fhir.nl/fhir/StructureDefinition/nl-core-patient"]}},"request":{"method":"POST","url":"Patient"}},
{"fullUrl":"urn:uuid:22222222-2222-4222-8222-222222222222","resource":{"resourceType":"Binary","contentType":"application/pdf","content":"JVBERi0xLjQK"},"request":{"method":"POST","url":"Binary"}},
{"fullUrl":"urn:uuid:33333333-3333-4333-8333-333333333333","resource":{"resourceType":"DocumentReference","meta":{"profile":["http://nictiz.nl/fhir/StructureDefinition/IHE.MHD.Minimal.DocumentReference"]},
 "status":"current","subject":{"reference":"urn:uuid:11111111-1111-4111-8111-111111111111","display":"p"},"indexed":"2026-01-01T00:00:00Z",
 "content":[{"attachment":{"contentType":"application/pdf","url":"urn:uuid:22222222-2222-4222-8222-222222222222"}}]},"request":{"method":"POST","url":"DocumentReference"}}]}`

// txPost posts a transaction to path with return=representation.
func (e *env) txPost(t testing.TB, path, token, body string) (*http.Response, []byte) {
	t.Helper()
	return e.fhirPost(t, path, token, "application/fhir+json", []byte(body), map[string]string{"Prefer": "return=representation"})
}

func countOf(t *testing.T, body []byte) int {
	t.Helper()
	b, err := fhir.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	return len(b.Entries())
}

func TestTransactionWritesAndIsRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := pdfaEnv(t, db)
		tok := e.as("pdfa:"+pdfaPatient, "ketentest~51").token(t).AccessToken
		_, before := e.fhirGet(t, "/fhir/DocumentReference", tok, nil)
		n0 := countOf(t, before)

		// bad input: the second entry's method; nothing is stored
		bad := strings.Replace(txBundle, `"method":"POST","url":"Binary"`, `"method":"DELETE","url":"Binary"`, 1)
		resp, body := e.txPost(t, "/fhir", tok, bad)
		if resp.StatusCode != 400 || !strings.Contains(string(body), "Bundle.entry[1].request.method") {
			t.Fatalf("bad method: %d %s", resp.StatusCode, body)
		}
		other := strings.Replace(txBundle, `"reference":"urn:uuid:11111111-1111-4111-8111-111111111111"`, `"reference":"Patient/someone-else"`, 1)
		if resp, body := e.txPost(t, "/fhir", tok, other); resp.StatusCode != 400 || !strings.Contains(string(body), "Bundle.entry[2]") {
			t.Fatalf("other patient: %d %s", resp.StatusCode, body)
		}
		if _, b := e.fhirGet(t, "/fhir/DocumentReference", tok, nil); countOf(t, b) != n0 {
			t.Fatalf("a refused transaction changed the dossier: %d -> %d", n0, countOf(t, b))
		}

		resp, body = e.txPost(t, "/fhir", tok, txBundle)
		if resp.StatusCode != 200 {
			t.Fatalf("transaction: %d %s", resp.StatusCode, body)
		}
		b, err := fhir.Parse(body)
		if err != nil || b.Type() != "Bundle" || b.String("type") != "transaction-response" {
			t.Fatalf("response: %v %s", err, body)
		}
		ents := b.Entries()
		if len(ents) != 3 || ents[0].Node.String("response.status") != "200 OK" || ents[2].Node.String("response.status") != "201 Created" {
			t.Fatalf("entries: %s", body)
		}
		docLoc := ents[2].Node.String("response.location")
		binLoc := ents[1].Node.String("response.location")
		doc := ents[2].Resource
		if doc.String("subject.reference") != "Patient/"+pdfaPatient || doc.String("content.attachment.url") != binLoc ||
			len(doc.Profiles()) != 1 || !strings.HasSuffix(ents[2].FullURL, doc.ID()) {
			t.Fatalf("references not resolved: %s", body)
		}
		if r, rb := e.fhirGet(t, "/fhir/"+docLoc, tok, nil); r.StatusCode != 200 || !strings.Contains(string(rb), binLoc) {
			t.Fatalf("read back %s: %d %s", docLoc, r.StatusCode, rb)
		}
		if r, _ := e.fhirGet(t, "/fhir/"+binLoc+"?_format=json", tok, nil); r.StatusCode != 200 {
			t.Fatalf("read back %s: %d", binLoc, r.StatusCode)
		}
		if _, b := e.fhirGet(t, "/fhir/DocumentReference", tok, nil); countOf(t, b) != n0+1 {
			t.Fatalf("search after the write: %d, want %d", countOf(t, b), n0+1)
		}
		// another patient does not see it
		tok2 := e.as("pdfa:example-pdfa-kwalificatie2", "ketentest~51").token(t).AccessToken
		if r, _ := e.fhirGet(t, "/fhir/"+docLoc, tok2, nil); r.StatusCode != 404 {
			t.Fatalf("other patient read %s: %d", docLoc, r.StatusCode)
		}
		// a data service without a write path refuses
		if r, _ := e.txPost(t, "/fhir", e.token(t).AccessToken, txBundle); r.StatusCode != 405 {
			t.Fatalf("BgZ transaction: %d", r.StatusCode)
		}
	})
}

func FuzzPlanTransaction(f *testing.F) {
	pat := fhir.NewResource(fhir.STU3, "Patient")
	pat.SetID("p1")
	set, err := dossier.NewSet("fuzz", "f:", []*fhir.Resource{pat})
	if err != nil {
		f.Fatal(err)
	}
	dos, _ := set.Dossier(f.Context(), "f:p1")
	f.Add([]byte(txBundle))
	f.Add([]byte(`{"resourceType":"Bundle","type":"batch"}`))
	f.Add([]byte(`{"resourceType":"Bundle","type":"transaction","entry":[{"fullUrl":"a","resource":{"resourceType":"Binary"},"request":{"method":"PUT","url":"Binary/x"}},{"fullUrl":"a","resource":{"resourceType":"Binary"},"request":{"method":"PUT","url":"Binary/x"}}]}`))
	f.Add([]byte(`<Bundle xmlns="http://hl7.org/fhir"><type value="transaction"/></Bundle>`))
	allowed := KnownServices[1].Searches
	f.Fuzz(func(t *testing.T, body []byte) {
		tx, err := planTransaction(body, dos, allowed)
		if err != nil {
			if tx != nil {
				t.Fatal("a result with an error")
			}
			return
		}
		refs := map[string]bool{}
		for _, r := range tx.stored {
			ref := r.Type() + "/" + r.ID()
			if refs[ref] || r.Type() == "Patient" || r.ID() == "" {
				t.Fatalf("stored %s", ref)
			}
			refs[ref] = true
			for _, p := range dossier.PatientRefs(r) {
				if p != "p1" {
					t.Fatalf("%s refers to Patient/%s", ref, p)
				}
			}
		}
		if len(tx.entries) == 0 || len(tx.entries) > maxTxEntries {
			t.Fatalf("%d entries", len(tx.entries))
		}
		if _, err := fhir.MarshalJSON(tx.response("http://x/fhir/", fhir.STU3, true)); err != nil {
			t.Fatal(err)
		}
	})
}

// TestWriteOverlayBounded: a write over a bound is refused whole.
func TestWriteOverlayBounded(t *testing.T) {
	var o writeOverlay
	res := make([]*fhir.Resource, maxWrittenPerPatient)
	for i := range res {
		res[i] = fhir.NewResource(fhir.STU3, "Binary")
		res[i].SetID(newID())
	}
	if err := o.add("k", res[:maxWrittenPerPatient-1], 10); err != nil {
		t.Fatal(err)
	}
	if err := o.add("k", res[:2], 10); err == nil || len(o.m["k"].res) != maxWrittenPerPatient-1 || o.bytes != 10 {
		t.Fatalf("over the count bound: %v, %d stored", err, len(o.m["k"].res))
	}
	if err := o.add("k2", res[:1], maxWrittenBytesPerKey+1); err == nil || o.m["k2"] != nil {
		t.Fatalf("over the byte bound: %v", err)
	}
	for i := range maxWritePatients - 1 {
		if err := o.add(string(rune('a'+i%26))+newID(), res[:1], 1); err != nil {
			t.Fatal(err)
		}
	}
	if err := o.add("one-more", res[:1], 1); err == nil || len(o.m) != maxWritePatients {
		t.Fatalf("over the patient bound: %v, %d patients", err, len(o.m))
	}
}
