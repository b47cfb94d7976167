package testscript

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/sandbox/harness"
)

// clientRun plays a PHR-Client script as a client would (the engine sends
// the script's own requests to the reference DVA, through tamper when
// set) and returns what the sandbox recorded of that client.
func clientRun(t *testing.T, ref *refDVA, s *Script, tamper func(n int, req *http.Request)) []Recorded {
	t.Helper()
	before, err := sandbox.ClientExchanges(t.Context(), ref.db, harness.ClientID, time.Time{}, 5000)
	if err != nil {
		t.Fatal(err)
	}
	o := ref.options()
	o.Headers = map[string]string{"MedMij-Request-ID": "${UUID}", "X-Correlation-ID": "${UUID}"}
	n := 0
	base := ref.policy.HTTPClient()
	o.HTTP = &http.Client{Transport: roundTripFunc(func(req *http.Request) (*http.Response, error) {
		n++
		if tamper != nil {
			tamper(n, req)
		}
		return base.Transport.RoundTrip(req)
	})}
	res := Run(t.Context(), s, o)
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	ref.dva.FlushTraffic()
	ds, err := sandbox.ClientExchanges(t.Context(), ref.db, harness.ClientID, time.Time{}, 5000)
	if err != nil {
		t.Fatal(err)
	}
	return FromTraffic(ds[len(before):]) // only this run's requests
}

func phrScript(t *testing.T) *Script {
	t.Helper()
	s, err := Load(filepath.Join(shared, "STU3/BgZ-3-0/Cert/PHR-Client/medmij-bgz-phr-1-2-retrieve-bgz.xml"), fhir.Unknown, "")
	if err != nil {
		t.Fatal(err)
	}
	if !s.ClientUnderTest {
		t.Fatal("a PHR-Client script is not marked as client under test")
	}
	return s
}

// failures lists "test: kind" of every failed assert.
func failures(res *ScriptResult) []string {
	var out []string
	for _, op := range res.Operations {
		for _, a := range op.Asserts {
			if a.Status == Fail {
				out = append(out, op.Target+": "+a.Kind+": "+a.Message)
			}
		}
	}
	return out
}

func TestClientDirection(t *testing.T) {
	needShared(t)
	set := qualificationSet{"STU3/BgZ-3-0/Cert", "48"}
	s := phrScript(t)
	ref := startRefDVA(t, set, time.Now(), nil)

	good := clientRun(t, ref, s, nil)
	if len(good) < 20 {
		t.Fatalf("%d requests recorded", len(good))
	}
	res := EvaluateClient(t.Context(), s, good, ClientOptions{})
	c := res.Counts()
	t.Logf("good client: %d requests; pass %d, fail %d, warning %d, unsupported %d", len(good), c.Pass, c.Fail, c.Warning, c.Unsupported)
	if f := failures(res); len(f) > 0 {
		t.Errorf("the good client fails:\n%s", strings.Join(f, "\n"))
	}

	t.Run("missing header", func(t *testing.T) {
		rec := clientRun(t, ref, s, func(n int, req *http.Request) {
			if n == 3 {
				req.Header.Del("MedMij-Request-ID")
			}
		})
		res := EvaluateClient(t.Context(), s, rec, ClientOptions{})
		f := failures(res)
		third := res.Operations[2].Target
		if len(f) == 0 || !allAt(f, third) || !anyHas(f, "without header MedMij-Request-ID") {
			t.Errorf("want failures at %s only, got:\n%s", third, strings.Join(f, "\n"))
		}
	})
	t.Run("wrong order", func(t *testing.T) {
		rec := append([]Recorded(nil), good...)
		// The client asks for the fifth search before the fourth.
		i4, i5 := fhirIndex(rec, 3), fhirIndex(rec, 4)
		rec[i4], rec[i5] = rec[i5], rec[i4]
		res := EvaluateClient(t.Context(), s, rec, ClientOptions{})
		f := failures(res)
		fifth := res.Operations[4].Target
		if len(f) != 1 || !allAt(f, fifth) || !anyHas(f, "arrived before") {
			t.Errorf("want one order failure at %s, got:\n%s", fifth, strings.Join(f, "\n"))
		}
	})
	t.Run("extra BSN search", func(t *testing.T) {
		rec := clientRun(t, ref, s, func(n int, req *http.Request) {
			if n == 1 { // before its first search the client looks the patient up by BSN
				extra := req.Clone(req.Context())
				extra.URL.RawQuery = "identifier=http%3A%2F%2Ffhir.nl%2Ffhir%2FNamingSystem%2Fbsn%7C999911120"
				resp, err := ref.policy.HTTPClient().Do(extra)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
			}
		})
		if len(rec) != 29 {
			t.Fatalf("%d requests recorded, want the 28 of the script and the extra one", len(rec))
		}
		res := EvaluateClient(t.Context(), s, rec, ClientOptions{})
		f := failures(res)
		first := res.Operations[0].Target
		if len(f) == 0 || !allAt(f, first) || !anyHas(f, "identifier=") {
			t.Errorf("want failures at %s, got:\n%s", first, strings.Join(f, "\n"))
		}
	})
	t.Run("missing request", func(t *testing.T) {
		rec := append([]Recorded(nil), good[:fhirIndex(good, 6)]...)
		rec = append(rec, good[fhirIndex(good, 7):]...)
		res := EvaluateClient(t.Context(), s, rec, ClientOptions{})
		f := failures(res)
		seventh := res.Operations[6].Target
		if len(f) == 0 || !allAt(f, seventh) || !anyHas(f, "arrived") {
			t.Errorf("want failures at %s, got:\n%s", seventh, strings.Join(f, "\n"))
		}
	})
}

// fhirIndex is the index in rec of the n-th (0-based) FHIR request.
func fhirIndex(rec []Recorded, n int) int {
	for i, r := range rec {
		if strings.Contains(r.Path, "/fhir/") {
			if n == 0 {
				return i
			}
			n--
		}
	}
	return len(rec)
}

func allAt(fs []string, target string) bool {
	for _, f := range fs {
		if !strings.HasPrefix(f, target+": ") {
			return false
		}
	}
	return true
}

func anyHas(fs []string, part string) bool {
	for _, f := range fs {
		if strings.Contains(f, part) {
			return true
		}
	}
	return false
}
