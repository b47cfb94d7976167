package dossier

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// MaxFileSize bounds one imported file (and one zip member).
const MaxFileSize = 16 << 20

// MaxZipFiles bounds the number of members read from a zip file.
const MaxZipFiles = 5000

// LoadDir reads every .json and .xml file below dir (sorted by path), for
// tests and command-line tools; the web pages import uploads only.
// Bundles are unpacked into their entries. v, when not Unknown, is the FHIR
// version to parse with.
func LoadDir(dir string, v fhir.Version) ([]*fhir.Resource, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && isFHIRFile(p) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	imp := &Imported{origin: map[string]string{}}
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		info, err := os.Stat(f)
		if err != nil {
			return nil, err
		}
		if info.Size() > MaxFileSize {
			return nil, &ImportError{File: rel, Err: errors.New("file too large")}
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if err := imp.readFile(data, filepath.ToSlash(rel), v); err != nil {
			return nil, err
		}
	}
	return imp.Resources, nil
}

// LoadZip reads every .json and .xml member of a zip file within DefaultLimits.
func LoadZip(r io.ReaderAt, size int64, v fhir.Version) ([]*fhir.Resource, error) {
	if size > DefaultLimits.MaxUpload {
		return nil, fmt.Errorf("dossier: zip file of %d bytes exceeds the limit", size)
	}
	data := make([]byte, size)
	if _, err := r.ReadAt(data, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	imp := &Imported{origin: map[string]string{}}
	if err := imp.readZip(data, "upload.zip", v, DefaultLimits); err != nil {
		return nil, err
	}
	return imp.Resources, nil
}

// FromBundle returns the resources of a Bundle's entries.
func FromBundle(b *fhir.Resource) ([]*fhir.Resource, error) {
	if b.Type() != "Bundle" {
		return nil, fmt.Errorf("dossier: expected a Bundle, got %s", b.Type())
	}
	imp := &Imported{origin: map[string]string{}}
	t := b.String("type")
	if err := imp.bundle(b, "Bundle", t == "transaction" || t == "batch"); err != nil {
		return nil, err
	}
	return imp.Resources, nil
}

// ExportBundle renders resources as a collection Bundle with fullUrls under
// base (e.g. "https://sandbox.example/fhir"); an empty base uses
// "urn:ketentest:" + Type/id.
func ExportBundle(v fhir.Version, base string, resources []*fhir.Resource) *fhir.Resource {
	b := fhir.NewResource(v, "Bundle")
	b.Root.Append(fhir.NewString("type", "collection"))
	for _, r := range resources {
		full := strings.TrimSuffix(base, "/") + "/" + r.Type() + "/" + r.ID()
		if base == "" {
			full = "urn:ketentest:" + r.Type() + "/" + r.ID()
		}
		res := r.Root.Clone()
		res.Name, res.Array = "resource", false
		b.Root.Append(fhir.NewElement("entry", fhir.NewString("fullUrl", full), res).InArray())
	}
	return b
}

// EncodeBundle serialises a Bundle as FHIR JSON, or as XML with a
// declaration when asXML, and gives the media type of the result.
func EncodeBundle(b *fhir.Resource, asXML bool) (data []byte, contentType string, err error) {
	if asXML {
		data, err = fhir.MarshalOptions{XMLDeclaration: true}.XML(b)
		return data, "application/fhir+xml; charset=utf-8", err
	}
	data, err = fhir.MarshalJSON(b)
	return data, "application/fhir+json; charset=utf-8", err
}

func isFHIRFile(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".json" || ext == ".xml"
}
