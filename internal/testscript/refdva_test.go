package testscript

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/sandbox/harness"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// shared is the FHIR material, next to the repository.
const shared = "../../../shared/fhir/testscripts"

// qualificationSet is one folder of the Nictiz material with the data
// service the sandbox serves it as.
type qualificationSet struct{ dir, service string }

var qualificationSets = []qualificationSet{
	{"STU3/BgZ-3-0/Cert", "48"}, {"STU3/BgZ-3-0/Test", "48"},
	{"STU3/GenPractData-2-0/Cert", "49"},
	{"STU3/PDFA-3-0/Cert", "51"}, {"STU3/PDFA-3-0/Test", "51"},
	{"R4/Immunization-2-0/Cert", "63"}, {"R4/Immunization-2-0/Test", "63"},
}

func needShared(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(shared); err != nil {
		if os.Getenv("KETENTEST_REQUIRE_FHIR") == "1" {
			t.Fatalf("FHIR material not found at %s: %v", shared, err)
		}
		t.Skipf("FHIR material not found at %s: %v", shared, err)
	}
}

// refDVA is an in-process reference DVA seeded by a set's _LoadResources.
type refDVA struct {
	base    string // the FHIR base of the data service
	root    string // the server's root URL
	authMap map[string]string
	now     time.Time
	dva     *sandbox.DVA
	db      *store.DB
	policy  *pgoclient.Policy
}

// startRefDVA loads the fixtures of set's _LoadResources scripts (dates
// relative to now), serves them as data service svc and fetches a token
// for every test patient the load script names.
func startRefDVA(t testing.TB, set qualificationSet, now time.Time, mutate func([]*fhir.Resource)) *refDVA {
	t.Helper()
	return startRefDVAWith(t, set, now, mutate, sandbox.Options{})
}

// startRefDVAWith is startRefDVA with DVA options (e.g. a catalog in which
// the data service offers fewer resource types); Now is always now.
func startRefDVAWith(t testing.TB, set qualificationSet, now time.Time, mutate func([]*fhir.Resource), opts sandbox.Options) *refDVA {
	t.Helper()
	dir := filepath.Join(shared, filepath.FromSlash(set.dir))
	loads, err := LoadDir(filepath.Join(dir, "_LoadResources"), fhir.Unknown, "")
	if err != nil {
		t.Fatal(err)
	}
	var resources []*fhir.Resource
	tokens := map[string]string{}
	for _, s := range loads {
		l, err := LoadedResources(s, now, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range l.Missing {
			t.Logf("%s: fixture missing from the shared material: %s", set.dir, m)
		}
		resources = append(resources, l.Resources...)
		for k, v := range l.PatientTokens {
			tokens[k] = v
		}
	}
	if mutate != nil {
		mutate(resources)
	}
	ds, err := dossier.NewSet(set.dir, "p:", resources)
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.SQLite(t)
	opts.Now = func() time.Time { return now }
	d := sandbox.NewDVA(db, sandbox.ForService(set.service, ds), opts)
	if err := sandbox.RegisterClient(context.Background(), db, sandbox.Client{ClientID: harness.ClientID, Name: "testscript", RedirectURIs: []string{harness.Redirect}}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	srv := httptest.NewServer(d)
	t.Cleanup(srv.Close)
	ref := &refDVA{base: srv.URL + "/" + set.service + "/fhir", root: srv.URL, authMap: map[string]string{}, now: now, dva: d, db: db, policy: &pgoclient.Policy{}}
	ref.policy.AllowURL(srv.URL)
	for auth, patient := range tokens {
		tok, err := harness.Token(context.Background(), srv.URL, "p:"+patient, "ketentest~"+set.service)
		if err != nil {
			t.Fatalf("token for %s: %v", patient, err)
		}
		ref.authMap[auth] = "Bearer " + tok
	}
	return ref
}

func (r *refDVA) options() Options {
	return Options{Base: r.base, AuthMap: r.authMap, Policy: r.policy, Now: r.now}
}

// xisScripts lists the server scripts of a set (XIS-Server and its
// variants).
func xisScripts(t testing.TB, set qualificationSet) []*Script {
	t.Helper()
	dir := filepath.Join(shared, filepath.FromSlash(set.dir))
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []*Script
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "XIS-Server") {
			continue
		}
		ss, err := LoadDir(filepath.Join(dir, e.Name()), fhir.Unknown, "")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ss...)
	}
	return out
}

// variantOptions returns the DVA options a script folder's variant needs:
// the "NoManifest" variant is for servers that do not offer DocumentManifest
// (its scripts expect 404 there), so its DVA's data service leaves that
// type out of its searches, as such a participant would configure it.
func variantOptions(folder, service string) (sandbox.Options, bool) {
	if !strings.HasSuffix(folder, "-NoManifest") {
		return sandbox.Options{}, false
	}
	catalog := slices.Clone(sandbox.KnownServices)
	for i, s := range catalog {
		if s.ID == service {
			catalog[i].Searches = slices.DeleteFunc(slices.Clone(s.Searches), func(t string) bool { return t == "DocumentManifest" })
		}
	}
	return sandbox.Options{Catalog: catalog}, true
}

// scriptFolder is the folder of a script inside its set (XIS-Server,
// XIS-Server-NoManifest, ...).
func scriptFolder(s *Script) string { return filepath.Base(filepath.Dir(s.File)) }

// TestXISServerScriptsAgainstReferenceDVA runs every XIS-Server script of
// the shared material against the reference DVA seeded by the set's own
// _LoadResources, and reports the counts. The totals are reported, not
// fixed, so that the DVA's growth shows; what must hold is asserted below.
func TestXISServerScriptsAgainstReferenceDVA(t *testing.T) {
	needShared(t)
	now := time.Now()
	var total Counts
	scripts := 0
	failing := map[string]int{}
	for _, set := range qualificationSets {
		defaultRef := startRefDVA(t, set, now, nil)
		variants := map[string]*refDVA{}
		var c Counts
		for _, s := range xisScripts(t, set) {
			ref := defaultRef
			if opts, ok := variantOptions(scriptFolder(s), set.service); ok {
				if variants[scriptFolder(s)] == nil {
					variants[scriptFolder(s)] = startRefDVAWith(t, set, now, nil, opts)
				}
				ref = variants[scriptFolder(s)]
			}
			o := ref.options()
			o.Validator = validatorFor(t, s.Version)
			res := Run(t.Context(), s, o)
			if res.Error != "" {
				t.Errorf("%s: %s", s.File, res.Error)
			}
			scripts++
			c = c.Plus(res.Counts())
			for _, op := range res.Operations {
				for _, a := range op.Asserts {
					if a.Status == Fail || a.Status == Unsupported {
						failing[string(a.Status)+" "+a.Kind+": "+shorten(a.Description, 90)]++
					}
					// a DVA that does not offer DocumentManifest handles
					// its search as the NoManifest variant requires
					if a.Status != Pass && strings.HasSuffix(scriptFolder(s), "-NoManifest") && strings.HasPrefix(op.Target, "DocumentManifest") {
						t.Errorf("%s: %s %s: %s %s: %s", s.File, op.Method, op.Target, a.Status, a.Kind, a.Message)
					}
				}
			}
		}
		t.Logf("%-28s pass %5d  fail %4d  warning %4d  unsupported %4d  skipped %4d", set.dir, c.Pass, c.Fail, c.Warning, c.Unsupported, c.Skipped)
		// Known good: the reference DVA serves the BgZ sets completely, so
		// none of their asserts may fail or be skipped (unsupported ones are
		// the script's is(coding), see exprError).
		if strings.HasPrefix(set.dir, "STU3/BgZ-3-0/") && (c.Fail > 0 || c.Skipped > 0 || c.Pass < 1500) {
			t.Errorf("%s: %d failed, %d skipped, %d passed", set.dir, c.Fail, c.Skipped, c.Pass)
		}
		total = total.Plus(c)
	}
	t.Logf("%d scripts, %d asserts: pass %d, fail %d, warning %d, unsupported %d, skipped %d",
		scripts, total.Total(), total.Pass, total.Fail, total.Warning, total.Unsupported, total.Skipped)
	var keys []string
	for k := range failing {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return failing[keys[i]] > failing[keys[j]] })
	for i, k := range keys {
		if i == 40 {
			break
		}
		t.Logf("%5d× %s", failing[k], k)
	}
	if scripts < 250 || total.Pass == 0 {
		t.Errorf("ran %d scripts with %d passing asserts", scripts, total.Pass)
	}
}

func shorten(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
