package fhir

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkParseSerializeSTU3Examples parses and re-serialises all 1,056
// STU3 spec examples (JSON to JSON, XML to XML) per iteration.
func BenchmarkParseSerializeSTU3Examples(b *testing.B) {
	dir := sharedDir(b, "examples", "stu3-spec")
	var docs [][]byte
	var total int64
	for _, ext := range []string{".json", ".xml"} {
		for _, f := range files(b, filepath.Join(dir, ext[1:]), ext) {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			docs = append(docs, data)
			total += int64(len(data))
		}
	}
	if len(docs) != 1056 {
		b.Fatalf("found %d example files, want 1056", len(docs))
	}
	opts := ParseOptions{Version: STU3}
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		for _, data := range docs {
			r, err := opts.Parse(data)
			if err != nil {
				b.Fatal(err)
			}
			if data[0] == '<' {
				_, err = MarshalXML(r)
			} else {
				_, err = MarshalJSON(r)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParseSerializeDetect is the same with version detection.
func BenchmarkParseSerializeDetect(b *testing.B) {
	dir := sharedDir(b, "examples", "stu3-spec")
	var docs [][]byte
	var total int64
	for _, ext := range []string{".json", ".xml"} {
		for _, f := range files(b, filepath.Join(dir, ext[1:]), ext) {
			data, _ := os.ReadFile(f)
			docs = append(docs, data)
			total += int64(len(data))
		}
	}
	b.SetBytes(total)
	for b.Loop() {
		for _, data := range docs {
			r, err := Parse(data)
			if err != nil {
				b.Fatal(err)
			}
			if data[0] == '<' {
				_, err = MarshalXML(r)
			} else {
				_, err = MarshalJSON(r)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}
