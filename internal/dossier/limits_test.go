package dossier

import (
	"archive/zip"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
)

// patients is a zip member of n Patients in a collection Bundle, ids from first.
func patients(first, n int) string {
	var b strings.Builder
	b.WriteString(`{"resourceType":"Bundle","type":"collection","entry":[`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"resource":{"resourceType":"Patient","id":"p%d","name":[{"family":"XXX_Test","text":"%s"}]}}`, first+i, strings.Repeat("a", 400))
	}
	b.WriteString("]}")
	return b.String()
}

func reasonCode(err error) string {
	var r *Reason
	if errors.As(err, &r) {
		return r.Code
	}
	return ""
}

// TestUnpackedLimitCountsPerUpload: several zips (and plain files) in one
// upload share the unpacked limit; each alone is within it (issue #9 item 4).
func TestUnpackedLimitCountsPerUpload(t *testing.T) {
	lim := Limits{MaxUpload: 1 << 20, MaxFiles: 100, MaxFileSize: 64 << 10, MaxTotalSize: 256 << 10, MaxResources: 10_000}
	zipA := zipOf(t, member{"a1.json", patients(0, 100), zip.Deflate}, member{"a2.json", patients(100, 100), zip.Deflate}, member{"a3.json", patients(200, 100), zip.Deflate})
	zipB := zipOf(t, member{"b1.json", patients(300, 100), zip.Deflate}, member{"b2.json", patients(400, 100), zip.Deflate}, member{"b3.json", patients(500, 100), zip.Deflate})
	for _, one := range [][]byte{zipA, zipB} {
		if _, err := ImportFiles([]File{{"one.zip", one}}, fhir.STU3, lim); err != nil {
			t.Fatalf("one zip alone is within the limit: %v", err)
		}
	}
	_, err := ImportFiles([]File{{"a.zip", zipA}, {"b.zip", zipB}}, fhir.STU3, lim)
	if reasonCode(err) != "upload_total" || !strings.Contains(err.Error(), "b.zip") {
		t.Errorf("two zips over the limit together: %v, want upload_total naming b.zip", err)
	}
	plain := []File{{"a.zip", zipA}, {"x1.json", []byte(patients(700, 100))}, {"x2.json", []byte(patients(800, 100))}, {"x3.json", []byte(patients(900, 100))}}
	_, err = ImportFiles(plain, fhir.STU3, lim)
	if reasonCode(err) != "upload_total" {
		t.Errorf("zip plus files over the limit together: %v, want upload_total", err)
	}
}

// TestImportMemoryIsBoundedByTheUploadLimit: an upload of many zips that
// each unpack to just under the limit (the 2 × 20 × 15 MiB, scaled
// down) allocates a bounded multiple of the per-upload limit, not of the
// number of zips. Allocation, not time, is asserted.
func TestImportMemoryIsBoundedByTheUploadLimit(t *testing.T) {
	lim := Limits{MaxUpload: 8 << 20, MaxFiles: 1000, MaxFileSize: 64 << 10, MaxTotalSize: 512 << 10, MaxResources: 100_000}
	var files []File
	for z := range 16 {
		var ms []member
		for m := range 8 {
			ms = append(ms, member{fmt.Sprintf("z%d/m%d.json", z, m), patients(z*10_000+m*100, 100), zip.Deflate})
		}
		files = append(files, File{fmt.Sprintf("z%02d.zip", z), zipOf(t, ms...)})
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := ImportFiles(files, fhir.STU3, lim)
	runtime.ReadMemStats(&after)
	if reasonCode(err) != "upload_total" {
		t.Errorf("16 zips of 8 × 45 KiB: %v, want upload_total", err)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	// Unpacking and parsing what the limit lets through costs a fixed factor
	// of it; 16 zips read in full would cost 16 times more.
	if bound := uint64(16 * lim.MaxTotalSize); alloc > bound {
		t.Errorf("import allocated %d KiB, want at most %d KiB (16 × the %d KiB upload limit)", alloc>>10, bound>>10, lim.MaxTotalSize>>10)
	}
	t.Logf("allocated %d KiB for an upload limit of %d KiB", alloc>>10, lim.MaxTotalSize>>10)
}

// TestStringLimits: a value longer than FHIR's 1 MB string limit, or a name
// or identifier part longer than MaxNameChars, is refused naming the file,
// the Bundle entry and the path (issue #9 item 5); base64 and narrative are
// bounded by the file size only.
func TestStringLimits(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	pat := func(body string) string { return `{"resourceType":"Patient","id":"p1",` + body + `}` }
	for _, tc := range []struct {
		name, data string
		wantPath   string // "" = accepted
		entry      int
	}{
		{"15 MiB family name", pat(`"name":[{"family":"` + long(15<<20) + `"}]`), "Patient.name[0].family", 0},
		{"long given name", pat(`"name":[{"family":"a"},{"given":["b","` + long(MaxNameChars+1) + `"]}]`), "Patient.name[1].given[1]", 0},
		{"name at the limit", pat(`"name":[{"family":"` + long(MaxNameChars) + `"}]`), "", 0},
		{"multi-byte name at the limit", pat(`"name":[{"family":"` + strings.Repeat("é", MaxNameChars) + `"}]`), "", 0},
		{"long identifier value", pat(`"identifier":[{"system":"http://fhir.nl/fhir/NamingSystem/bsn","value":"` + long(MaxNameChars+1) + `"}]`), "Patient.identifier[0].value", 0},
		{"long organisation name", `{"resourceType":"Organization","id":"o1","name":"` + long(MaxNameChars+1) + `"}`, "Organization.name", 0},
		{"string over 1 MiB", `{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"t"},"valueString":"` + long(MaxStringChars+1) + `"}`, "Observation.valueString", 0},
		{"string of 1 MiB", `{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"t"},"valueString":"` + long(MaxStringChars) + `"}`, "", 0},
		{"in a bundle entry", `{"resourceType":"Bundle","type":"collection","entry":[{"resource":` + pat(`"name":[{"text":"ok"}]`) + `},{"resource":{"resourceType":"Patient","id":"p2","name":[{"text":"` + long(MaxNameChars+1) + `"}]}}]}`, "Patient.name[0].text", 2},
		{"contained resource", pat(`"contained":[{"resourceType":"Organization","id":"o","name":"` + long(MaxNameChars+1) + `"}]`), "Patient.contained[0](Organization).name", 0},
		{"large narrative", pat(`"text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">` + long(2<<20) + `</div>"}`), "", 0},
		{"large attachment", pat(`"photo":[{"contentType":"image/png","data":"` + long(2<<20) + `"}]`), "", 0},
	} {
		_, err := Import([]byte(tc.data), "upload.json", fhir.STU3, DefaultLimits)
		if tc.wantPath == "" {
			if err != nil {
				t.Errorf("%s: refused: %.200v", tc.name, err)
			}
			continue
		}
		var ie *ImportError
		if !errors.As(err, &ie) || reasonCode(err) != "string_too_long" || ie.File != "upload.json" || ie.Entry != tc.entry ||
			!strings.Contains(err.Error(), tc.wantPath+" is ") {
			t.Errorf("%s: %.300v, want string_too_long at %s (entry %d)", tc.name, err, tc.wantPath, tc.entry)
		}
	}
}
