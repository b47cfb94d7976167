package dossier

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// MaxFileSize bounds one imported file (and one zip member).
const MaxFileSize = 16 << 20

// MaxZipFiles bounds the number of members read from a zip file.
const MaxZipFiles = 5000

// ImportError names the file that could not be imported.
type ImportError struct {
	File string
	Err  error
}

func (e *ImportError) Error() string { return fmt.Sprintf("dossier: %s: %v", e.File, e.Err) }
func (e *ImportError) Unwrap() error { return e.Err }

// LoadDir reads every .json and .xml file below dir (sorted by path).
// Bundles are unpacked into their entries. v, when not Unknown, is the FHIR
// version to parse with.
func LoadDir(dir string, v fhir.Version) ([]*fhir.Resource, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && isFHIRFile(p) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []*fhir.Resource
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil {
			return nil, err
		}
		if info.Size() > MaxFileSize {
			return nil, &ImportError{File: f, Err: errors.New("file too large")}
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		rs, err := parseFile(data, v)
		if err != nil {
			rel, _ := filepath.Rel(dir, f)
			return nil, &ImportError{File: rel, Err: err}
		}
		out = append(out, rs...)
	}
	return out, nil
}

// LoadZip reads every .json and .xml member of a zip file.
func LoadZip(r io.ReaderAt, size int64, v fhir.Version) ([]*fhir.Resource, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, err
	}
	if len(zr.File) > MaxZipFiles {
		return nil, fmt.Errorf("dossier: zip has %d files, at most %d allowed", len(zr.File), MaxZipFiles)
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	var out []*fhir.Resource
	for _, f := range files {
		if f.FileInfo().IsDir() || !isFHIRFile(f.Name) || strings.HasPrefix(path.Base(f.Name), ".") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, &ImportError{File: f.Name, Err: err}
		}
		data, err := io.ReadAll(io.LimitReader(rc, MaxFileSize+1))
		rc.Close()
		if err != nil {
			return nil, &ImportError{File: f.Name, Err: err}
		}
		if len(data) > MaxFileSize {
			return nil, &ImportError{File: f.Name, Err: errors.New("file too large")}
		}
		rs, err := parseFile(data, v)
		if err != nil {
			return nil, &ImportError{File: f.Name, Err: err}
		}
		out = append(out, rs...)
	}
	return out, nil
}

// FromBundle returns the resources of a Bundle's entries.
func FromBundle(b *fhir.Resource) ([]*fhir.Resource, error) {
	if b.Type() != "Bundle" {
		return nil, fmt.Errorf("dossier: expected a Bundle, got %s", b.Type())
	}
	var out []*fhir.Resource
	for i, e := range b.Entries() {
		if e.Resource == nil {
			return nil, fmt.Errorf("dossier: Bundle entry %d has no resource", i)
		}
		r := e.Resource
		if r.Version == fhir.Unknown {
			r.Version = b.Version
		}
		out = append(out, r)
	}
	return out, nil
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
		res.Name = "resource"
		b.Root.Append(fhir.NewElement("entry", fhir.NewString("fullUrl", full), res).InArray())
	}
	return b
}

func isFHIRFile(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".json" || ext == ".xml"
}

// parseFile parses one file; a Bundle other than a searchset/collection
// kept as a document is unpacked into its entries.
func parseFile(data []byte, v fhir.Version) ([]*fhir.Resource, error) {
	r, err := fhir.ParseOptions{Version: v}.Parse(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if err != nil {
		return nil, err
	}
	if r.Type() == "Bundle" && r.String("type") != "document" {
		return FromBundle(r)
	}
	return []*fhir.Resource{r}, nil
}
