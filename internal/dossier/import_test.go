package dossier

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

type member struct {
	name, body string
	method     uint16
}

func zipOf(t testing.TB, ms ...member) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range ms {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: m.method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(m.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	patJSON = `{"resourceType":"Patient","id":"p1","name":[{"family":"XXX_Test"}]}`
	patXML  = `<Patient xmlns="http://hl7.org/fhir"><id value="p2"/><name><family value="XXX_Twee"/></name></Patient>`
	condXML = `<Condition xmlns="http://hl7.org/fhir"><id value="c1"/><subject><reference value="Patient/p1"/><display value="XXX_Test"/></subject></Condition>`
)

func TestImportCases(t *testing.T) {
	small := Limits{MaxUpload: 1 << 20, MaxFiles: 3, MaxFileSize: 4096, MaxTotalSize: 8192, MaxResources: 10}
	big := strings.Repeat(" ", 5000)
	tests := []struct {
		name    string
		data    []byte
		lim     Limits
		want    int      // resources
		errHas  []string // all must occur in the error
		line    int      // expected SyntaxError line, 0 = none
		deletes int
	}{
		{name: "zip of json and xml", data: zipOf(t, member{"a/p1.json", patJSON, zip.Deflate}, member{"a/p2.xml", patXML, zip.Store},
			member{"README.txt", "x", zip.Deflate}), lim: DefaultLimits, want: 2},
		{name: "traversal", data: zipOf(t, member{"../evil.json", patJSON, zip.Deflate}), lim: DefaultLimits, errHas: []string{"../evil.json", "unsafe path"}},
		{name: "absolute path", data: zipOf(t, member{"/etc/p.json", patJSON, zip.Deflate}), lim: DefaultLimits, errHas: []string{"unsafe path"}},
		{name: "backslash", data: zipOf(t, member{`..\p.json`, patJSON, zip.Deflate}), lim: DefaultLimits, errHas: []string{"unsafe path"}},
		{name: "too many files", data: zipOf(t, member{"1.json", patJSON, 8}, member{"2.json", patJSON, 8}, member{"3.json", patJSON, 8}, member{"4.json", patJSON, 8}),
			lim: small, errHas: []string{"4 entries", "at most 3"}},
		{name: "member too large", data: zipOf(t, member{"big.json", patJSON[:len(patJSON)-1] + big + "}", zip.Deflate}), lim: small, errHas: []string{"big.json", "per file"}},
		{name: "zip bomb total", data: zipOf(t, member{"a.json", patJSON[:len(patJSON)-1] + big[:4000] + "}", zip.Deflate},
			member{"b.json", strings.Replace(patJSON, "p1", "p3", 1)[:len(patJSON)-1] + big[:4000] + "}", zip.Deflate},
			member{"c.json", strings.Replace(patJSON, "p1", "p4", 1)[:len(patJSON)-1] + big[:4000] + "}", zip.Deflate}), lim: small, errHas: []string{"unpacks to", "at most 8.0 KiB"}},
		{name: "upload too large", data: bytes.Repeat([]byte("x"), 2<<20), lim: small, errHas: []string{"at most 1.0 MiB"}},
		{name: "broken xml names line and column", data: zipOf(t, member{"ok.json", patJSON, 8},
			member{"dir/bad.xml", "<Patient xmlns=\"http://hl7.org/fhir\">\n  <id value=\"x\"/>\n  <name><family value=\"a\"></name>\n</Patient>", 8}),
			lim: DefaultLimits, errHas: []string{"dir/bad.xml", "line 3, column"}, line: 3},
		{name: "broken json", data: []byte("{\n\"resourceType\": \"Patient\",\n\"id\": \"p1\",,\n}"), lim: DefaultLimits, errHas: []string{"upload.json", "line 3"}, line: 3},
		{name: "unknown type", data: []byte(`{"resourceType":"Patientje","id":"x"}`), lim: DefaultLimits, errHas: []string{"Patientje"}},
		{name: "no id", data: []byte(`{"resourceType":"Patient"}`), lim: DefaultLimits, errHas: []string{"no id"}},
		{name: "duplicate across files", data: zipOf(t, member{"a.json", patJSON, 8}, member{"b.json", patJSON, 8}), lim: DefaultLimits,
			errHas: []string{"b.json", "Patient/p1 occurs twice", "a.json"}},
		{name: "empty zip", data: zipOf(t), lim: DefaultLimits, errHas: []string{"no FHIR resources"}},
		{name: "not a zip after all", data: []byte("PK\x03\x04garbage"), lim: DefaultLimits, errHas: []string{"not a readable zip"}},
		{name: "too many resources", data: zipOf(t, member{"b.json", bundleOf(11), 8}), lim: Limits{MaxResources: 10}, errHas: []string{"11 resources", "at most 10"}},
		{name: "collection bundle", data: []byte(bundleOf(5)), lim: DefaultLimits, want: 5},
		{name: "transaction", data: []byte(transaction), lim: DefaultLimits, want: 3, deletes: 1},
		{name: "transaction bad put", data: []byte(strings.Replace(transaction, `"url":"Patient/p9"`, `"url":"Patient?identifier=x"`, 1)), lim: DefaultLimits,
			errHas: []string{"entry 2", "conditional"}},
		{name: "transaction get", data: []byte(strings.Replace(transaction, `"method":"DELETE"`, `"method":"GET"`, 1)), lim: DefaultLimits,
			errHas: []string{"entry 4", "GET cannot be imported"}},
		{name: "history bundle", data: []byte(`{"resourceType":"Bundle","id":"h","type":"history"}`), lim: DefaultLimits, errHas: []string{"history"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := "upload.zip"
			if !IsZip(tc.data) {
				name = "upload.json"
			}
			imp, err := Import(tc.data, name, fhir.STU3, tc.lim)
			if len(tc.errHas) > 0 {
				if err == nil {
					t.Fatalf("accepted, %d resources", len(imp.Resources))
				}
				for _, s := range tc.errHas {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q lacks %q", err, s)
					}
				}
				var se *fhir.SyntaxError
				if tc.line > 0 && (!errors.As(err, &se) || se.Line != tc.line) {
					t.Errorf("error %v: want a syntax error on line %d", err, tc.line)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(imp.Resources) != tc.want || len(imp.Deletes) != tc.deletes {
				t.Fatalf("%d resources, %d deletes", len(imp.Resources), len(imp.Deletes))
			}
		})
	}
}

func bundleOf(n int) string {
	var b strings.Builder
	b.WriteString(`{"resourceType":"Bundle","id":"b","type":"collection","entry":[`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(strings.Replace(`{"fullUrl":"urn:uuid:00000000-0000-4000-8000-00000000000N","resource":{"resourceType":"Patient","id":"pN"}}`, "N", string(rune('a'+i)), 2))
	}
	b.WriteString("]}")
	return b.String()
}

const transaction = `{"resourceType":"Bundle","type":"transaction","entry":[
 {"fullUrl":"urn:uuid:9b1d0c52-1111-4000-8000-000000000001","resource":{"resourceType":"Patient","name":[{"family":"XXX_Nieuw"}]},"request":{"method":"POST","url":"Patient"}},
 {"resource":{"resourceType":"Patient","id":"p9"},"request":{"method":"PUT","url":"Patient/p9"}},
 {"fullUrl":"urn:uuid:9b1d0c52-1111-4000-8000-000000000002","resource":{"resourceType":"Condition","subject":{"reference":"urn:uuid:9b1d0c52-1111-4000-8000-000000000001","display":"XXX_Nieuw"}},"request":{"method":"POST","url":"Condition"}},
 {"request":{"method":"DELETE","url":"Condition/old"}}]}`

func TestTransactionRewritesReferences(t *testing.T) {
	imp, err := Import([]byte(transaction), "tx.json", fhir.STU3, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	c := imp.Resources[2]
	if c.ID() != "9b1d0c52-1111-4000-8000-000000000002" || c.String("subject.reference") != "Patient/9b1d0c52-1111-4000-8000-000000000001" {
		t.Fatalf("condition %s refers to %s", c.ID(), c.String("subject.reference"))
	}
	old, err := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(`{"resourceType":"Condition","id":"old","subject":{"reference":"Patient/p9"}}`))
	if err != nil {
		t.Fatal(err)
	}
	keep, _ := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(`{"resourceType":"Patient","id":"keep"}`))
	p9old, _ := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(`{"resourceType":"Patient","id":"p9","active":false}`))
	merged, err := Apply([]*fhir.Resource{keep, p9old, old}, imp, Merge)
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, r := range merged {
		refs = append(refs, r.Type()+"/"+r.ID())
	}
	if got := strings.Join(refs, " "); got != "Patient/keep Patient/p9 Patient/9b1d0c52-1111-4000-8000-000000000001 Condition/9b1d0c52-1111-4000-8000-000000000002" {
		t.Fatalf("merged %s", got)
	}
	if merged[1].String("active") != "" {
		t.Error("PUT did not replace Patient/p9")
	}
	if _, err := Apply(nil, imp, Replace); err == nil || !strings.Contains(err.Error(), "Condition/old") {
		t.Errorf("deleting what is not there: %v", err)
	}
}

func TestDiff(t *testing.T) {
	parse := func(s string) *fhir.Resource {
		r, err := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	v1 := []*fhir.Resource{
		parse(`{"resourceType":"Patient","id":"p1","name":[{"family":"XXX_A","given":["An"]}],"birthDate":"1970-01-01"}`),
		parse(`{"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p1","display":"A"}}`),
		parse(`{"resourceType":"Flag","id":"f1","status":"active"}`),
	}
	v2 := []*fhir.Resource{
		parse(`{"resourceType":"Patient","id":"p1","name":[{"family":"XXX_B","given":["An","Bea"]}],"_birthDate":{"id":"b"}}`),
		parse(`{"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p1","display":"A"}}`),
		parse(`{"resourceType":"Observation","id":"o1","status":"final"}`),
	}
	d := Compare(v1, v2)
	if len(d.Added) != 1 || d.Added[0].ID() != "o1" || len(d.Removed) != 1 || d.Removed[0].ID() != "f1" || d.Same != 1 || len(d.Changed) != 1 {
		t.Fatalf("diff %+v", d)
	}
	got := map[string]FieldDiff{}
	for _, f := range d.Changed[0].Fields {
		got[f.Path] = f
	}
	want := map[string]FieldDiff{
		"name[0].family":   {Path: "name[0].family", Old: "XXX_A", New: "XXX_B", Op: "changed"},
		"name[0].given[1]": {Path: "name[0].given[1]", New: "Bea", Op: "added"},
		"birthDate":        {Path: "birthDate", Old: "1970-01-01", Op: "removed"},
		"birthDate.@id":    {Path: "birthDate.@id", New: "b", Op: "added"},
	}
	if len(got) != len(want) {
		t.Errorf("fields %+v", d.Changed[0].Fields)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %+v, want %+v", k, got[k], w)
		}
	}
}

func TestStoreVersionsAndKinds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		s := NewStore(db)
		if _, err := s.CreateWith(ctx, New{Name: " ", FHIRVersion: fhir.STU3, Kind: "weird"}, Meta{}, nil); err == nil ||
			!strings.Contains(err.Error(), "name") || !strings.Contains(err.Error(), "kind") {
			t.Fatalf("invalid input: %v", err)
		}
		// A bad set creates no dossier at all.
		dup := append(synthetic(t), synthetic(t)[0])
		if _, err := s.CreateWith(ctx, New{Name: "Kapot", FHIRVersion: fhir.STU3}, Meta{}, dup); err == nil {
			t.Fatal("duplicate accepted")
		}
		if list, _ := s.List(ctx); len(list) != 0 {
			t.Fatalf("half-saved: %+v", list)
		}
		id, err := s.CreateWith(ctx, New{Name: "Bom", Kind: KindBommen, ServiceID: "48", FHIRVersion: fhir.STU3, Description: "extreem"},
			Meta{Note: "eerste", Source: "a.zip"}, synthetic(t))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Save(ctx, id, Meta{Note: "tweede", Source: "b.json"}, synthetic(t)[:2]); err != nil {
			t.Fatal(err)
		}
		info, err := s.Get(ctx, id)
		if err != nil || info.Kind != KindBommen || info.Version != 2 || info.Resources != 2 || info.Description != "extreem" {
			t.Fatalf("info %+v %v", info, err)
		}
		vs, err := s.Versions(ctx, id)
		if err != nil || len(vs) != 2 || vs[0].Version != 2 || vs[0].Source != "b.json" || vs[1].Resources != 5 {
			t.Fatalf("versions %+v %v", vs, err)
		}
		if err := s.Update(ctx, id, "Bom 2", KindKwalificatie, "", 0); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetIn(ctx, 12345, id); !errors.Is(err, ErrNotFound) {
			t.Errorf("other hackathon: %v", err)
		}
		v1, _ := s.Version(ctx, id, 1)
		v2, _ := s.Version(ctx, id, 2)
		d := Compare(v1.Resources, v2.Resources)
		if len(d.Removed) != 3 || d.Same != 2 {
			t.Errorf("diff %+v", d)
		}
		sum := Summarize(v1)
		if sum.Total != 5 || len(sum.Patients) != 2 || sum.Patients[0].Resources != 2 || sum.Types[0].Key != "Patient" || sum.Types[0].N != 2 {
			t.Errorf("summary %+v", sum)
		}
		if rs := Filter(v1, "Condition", "", "p2"); len(rs) != 1 || rs[0].ID() != "c2" {
			t.Errorf("filter %v", rs)
		}
		if err := s.Delete(ctx, id, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, id); !errors.Is(err, ErrNotFound) {
			t.Errorf("after delete: %v", err)
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM dossier_resources").Scan(&n)
		if n != 0 {
			t.Errorf("%d resources left", n)
		}
	})
}

func TestImportFiles(t *testing.T) {
	files := []File{{"b/cond.xml", []byte(condXML)}, {"a/p1.json", []byte(patJSON)}, {"LEESMIJ.md", []byte("x")},
		{"more.zip", zipOf(t, member{"p2.xml", patXML, zip.Deflate})}}
	imp, err := ImportFiles(files, fhir.STU3, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Resources) != 3 || imp.Resources[0].ID() != "p1" || len(imp.Skipped) != 1 {
		t.Fatalf("%d resources, first %s, skipped %v", len(imp.Resources), imp.Resources[0].ID(), imp.Skipped)
	}
	_, err = ImportFiles(append(files, File{"c/bad.json", []byte("{\n\"resourceType\":\n}")}), fhir.STU3, DefaultLimits)
	if err == nil || !strings.Contains(err.Error(), "c/bad.json") || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("bad file: %v", err)
	}
	if _, err := ImportFiles(files, fhir.STU3, Limits{MaxFiles: 2}); err == nil || !strings.Contains(err.Error(), "at most 2") {
		t.Errorf("too many files: %v", err)
	}
}
